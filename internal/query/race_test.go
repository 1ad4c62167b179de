//go:build race

package query

// raceDetector: boltdb/bolt fails the race detector's pointer checks
// (checkptr), so tests use leveldb only.
const raceDetector = true
