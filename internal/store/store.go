// Package store keeps the graph in Cayley: each document's facts in the
// named graph of the document, replaced as a whole when the document changes.
//
// Cayley (v0.7.7) runs on bolt (the default), leveldb, memstore,
// PostgreSQL or CockroachDB; Open works around its traps (deadlocks between
// queries and writes on bolt, writes that lose terms, unbounded lock waits,
// no index on the graph label, a query planner that scans the store, a SQL
// writer that sends one statement per row, processes that race on a shared
// database). QUERYING.md says
// which Gizmo path shapes are index-backed.
package store

import (
	"context"
	"errors"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// Sentinel errors. Callers test them with errors.Is; the CLI maps them to
// exit codes.
var (
	// ErrLocked means another process holds the database.
	ErrLocked = errors.New("database is locked by another process")
	// ErrCorrupt means the database files exist but cannot be read as a
	// newsgraph store.
	ErrCorrupt = errors.New("database is corrupt or not a newsgraph store")
	// ErrNotFound means the named graph holds no quads.
	ErrNotFound = errors.New("no such document")
	// ErrInvalid means a quad handed to the store is unusable (nil term,
	// label not the graph being replaced).
	ErrInvalid = errors.New("invalid quad")
	// ErrReadOnly means a write was attempted on a store opened read-only.
	ErrReadOnly = errors.New("database is open read-only")
	// ErrClosed means the store was used after Close.
	ErrClosed = errors.New("database is closed")
)

// Status says what Replace did to a graph.
type Status int

const (
	Unchanged Status = iota // the graph already held exactly these quads
	Added                   // the graph was empty
	Updated                 // the graph held other quads
)

// Change reports one Replace.
type Change struct {
	Status  Status
	Added   int // quads written
	Deleted int // quads removed
}

// Graph is one named graph's quads, for ReplaceBatch.
type Graph struct {
	IRI   quad.IRI
	Quads []quad.Quad
}

// Stats counts what a store holds.
type Stats struct {
	Quads  int64
	Graphs int64 // named graphs (documents)
	// Types counts distinct subjects per rdf:type IRI.
	Types map[string]int64
}

// Store is a quad store that keeps each document's facts in its own named
// graph. Every method honours ctx cancellation between units of work and
// wraps errors with what it was doing; a failed write leaves the store as
// it was. Implementations are safe for concurrent use by one process.
type Store interface {
	// Replace makes graph g hold exactly quads (each quad's Label must be g,
	// duplicates are ignored): quads no longer there are deleted, new ones
	// added, unchanged ones left alone, all in one transaction.
	Replace(ctx context.Context, g quad.IRI, quads []quad.Quad) (Change, error)
	// ReplaceBatch is Replace for several distinct graphs in one
	// transaction: all are replaced, or on error none is.
	ReplaceBatch(ctx context.Context, gs []Graph) ([]Change, error)
	// Remove deletes every quad of graph g and returns how many; ErrNotFound
	// when g holds none.
	Remove(ctx context.Context, g quad.IRI) (int, error)
	// Hash returns the ng:contentHash literal that graph g states about its
	// own IRI, "" when g is absent.
	Hash(ctx context.Context, g quad.IRI) (string, error)
	// Graphs returns the names of the non-empty named graphs, sorted.
	Graphs(ctx context.Context) ([]quad.IRI, error)
	// Quads calls fn for every quad in a stable order (sorted by graph, then
	// subject, predicate, object); an error from fn stops and is returned.
	Quads(ctx context.Context, fn func(quad.Quad) error) error
	// Stats counts quads, graphs and typed nodes.
	Stats(ctx context.Context) (Stats, error)
	// View runs fn with read-only access to the underlying Cayley quad
	// store, for queries. Writes wait until fn returns; fn must not write.
	View(ctx context.Context, fn func(graph.QuadStore) error) error
	// Close releases the store; it is an error to use it afterwards.
	Close() error
}
