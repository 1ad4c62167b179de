package store

import (
	"bytes"
	"context"
	"encoding/binary"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph/proto"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
)

// reader reads Cayley's kv layout (buckets of keys: the log, one bucket per
// index) in one read transaction, for queries. On bolt it uses bolt
// directly: through hidalgo every read looks its bucket up again and every
// scanned key is copied, which costs half of a query's reads.
type reader interface {
	// get returns the value of key in bucket, nil when there is none.
	get(ctx context.Context, bucket, key []byte) ([]byte, error)
	// scan calls fn with each key of bucket that starts with prefix (the
	// key within the bucket) and its value, in key order, until fn returns
	// false. Both are valid during the call only.
	scan(ctx context.Context, bucket, prefix []byte, fn func(k, v []byte) bool) error
	// getSorted calls fn with the index and value of each of keys (in
	// ascending order, without duplicates) in bucket, nil when there is
	// none. Values are valid during the call only.
	getSorted(ctx context.Context, bucket []byte, keys [][]byte, fn func(i int, v []byte)) error
	// scanSorted is scan for several prefixes of the same length (in
	// ascending order, without duplicates): fn gets the index of the
	// prefix with each key, until it returns false.
	scanSorted(ctx context.Context, bucket []byte, prefixes [][]byte, fn func(i int, k, v []byte) bool) error
	// stable reports whether the values get, scan and their sorted forms
	// give stay valid while the transaction lasts.
	stable() bool
	close() error
}

// newReader starts a read transaction on db.
func newReader(db hkv.KV) (reader, error) {
	if b, ok := db.(*hbolt.DB); ok {
		tx, err := b.DB().Begin(false)
		if err != nil {
			return nil, err
		}
		return &boltReader{tx: tx, buckets: map[string]*bolt.Bucket{}}, nil
	}
	tx, err := db.Tx(false)
	if err != nil {
		return nil, err
	}
	return kvReader{tx}, nil
}

type boltReader struct {
	tx      *bolt.Tx
	buckets map[string]*bolt.Bucket
}

func (r *boltReader) bucket(name []byte) *bolt.Bucket {
	b, ok := r.buckets[string(name)]
	if !ok {
		b = r.tx.Bucket(name)
		r.buckets[string(name)] = b
	}
	return b
}

func (r *boltReader) get(_ context.Context, bucket, key []byte) ([]byte, error) {
	if b := r.bucket(bucket); b != nil {
		return b.Get(key), nil
	}
	return nil, nil
}

func (r *boltReader) scan(ctx context.Context, bucket, prefix []byte, fn func(k, v []byte) bool) error {
	b := r.bucket(bucket)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if v == nil {
			continue // a nested bucket
		}
		if !fn(k, v) {
			return nil
		}
	}
	return ctx.Err()
}

// maxSteps bounds the cursor steps boltReader takes to a key ahead of
// the cursor before it searches from the root instead: a step costs tens
// of nanoseconds, a search a microsecond or more (pages far apart in the
// mapped file). Keys read in order are often close: the quads and new
// nodes of a document have neighbouring IDs, and so do their index keys.
const maxSteps = 16

// seekFrom moves c, at key k (nil: not placed), to the first key at or
// after key, stepping when it is close ahead: when their first node IDs
// (keys start with one) are at most maxSteps apart.
func seekFrom(c *bolt.Cursor, k, v, key []byte) ([]byte, []byte) {
	if k == nil || len(k) < 8 || len(key) < 8 {
		return c.Seek(key)
	}
	if a, b := binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(key); b > a && b-a > maxSteps {
		return c.Seek(key)
	}
	for range maxSteps {
		if bytes.Compare(k, key) >= 0 {
			return k, v
		}
		if k, v = c.Next(); k == nil {
			return nil, nil
		}
	}
	if bytes.Compare(k, key) >= 0 {
		return k, v
	}
	return c.Seek(key)
}

func (r *boltReader) getSorted(ctx context.Context, bucket []byte, keys [][]byte, fn func(i int, v []byte)) error {
	b := r.bucket(bucket)
	if b == nil {
		for i := range keys {
			fn(i, nil)
		}
		return nil
	}
	c := b.Cursor()
	var k, v []byte
	placed := false
	for i, key := range keys {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !placed || k != nil {
			k, v = seekFrom(c, k, v, key)
			placed = true
		}
		if k != nil && v != nil && bytes.Equal(k, key) {
			fn(i, v)
		} else {
			fn(i, nil)
		}
	}
	return ctx.Err()
}

func (r *boltReader) scanSorted(ctx context.Context, bucket []byte, prefixes [][]byte, fn func(i int, k, v []byte) bool) error {
	b := r.bucket(bucket)
	if b == nil {
		return nil
	}
	c := b.Cursor()
	var k, v []byte
	placed := false
	for i, prefix := range prefixes {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if placed && k == nil {
			break // past the last key
		}
		k, v = seekFrom(c, k, v, prefix)
		placed = true
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if v == nil {
				continue // a nested bucket
			}
			if !fn(i, k, v) {
				return nil
			}
		}
	}
	return ctx.Err()
}

// stable: bolt's values are in its memory map, valid until the
// transaction ends.
func (r *boltReader) stable() bool { return true }

func (r *boltReader) close() error { return r.tx.Rollback() }

// kvReader reads through hidalgo (leveldb).
type kvReader struct{ tx hkv.Tx }

func (r kvReader) get(ctx context.Context, bucket, key []byte) ([]byte, error) {
	v, err := r.tx.Get(ctx, hkv.Key{bucket, key})
	if err == hkv.ErrNotFound {
		return nil, nil
	}
	return v, err
}

func (r kvReader) scan(ctx context.Context, bucket, prefix []byte, fn func(k, v []byte) bool) error {
	it := r.tx.Scan(hkv.Key{bucket, prefix})
	defer it.Close()
	for it.Next(ctx) {
		k := it.Key()
		if len(k) == 0 {
			continue
		}
		if !fn(k[len(k)-1], it.Val()) {
			return nil
		}
	}
	return it.Err()
}

func (r kvReader) getSorted(ctx context.Context, bucket []byte, keys [][]byte, fn func(i int, v []byte)) error {
	for i, key := range keys {
		v, err := r.get(ctx, bucket, key)
		if err != nil {
			return err
		}
		fn(i, v)
	}
	return nil
}

func (r kvReader) scanSorted(ctx context.Context, bucket []byte, prefixes [][]byte, fn func(i int, k, v []byte) bool) error {
	for i, prefix := range prefixes {
		stop := false
		err := r.scan(ctx, bucket, prefix, func(k, v []byte) bool {
			stop = !fn(i, k, v)
			return !stop
		})
		if err != nil || stop {
			return err
		}
	}
	return nil
}

func (r kvReader) stable() bool { return false }

func (r kvReader) close() error { return r.tx.Close() }

// indexKey splits a Cayley index key (ckv.QuadIndex.Key) into its bucket
// and the key within it.
func indexKey(k hkv.Key) (bucket, key []byte) { return k[0], k[len(k)-1] }

// logBucket is the bucket of Cayley's log: the primitive (node or quad)
// with ID n is under the 8-byte big-endian n.
var logBucket = []byte("log")

// readPrimitives reads entries of Cayley's log, in the order of ids (nil
// for an ID with no entry); readQuads reads them in key order.
func readPrimitives(ctx context.Context, r reader, ids []uint64) ([]*proto.Primitive, error) {
	q, err := readQuads(ctx, r, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*proto.Primitive, len(ids))
	for i, id := range ids {
		out[i] = q.get(id)
	}
	return out, nil
}
