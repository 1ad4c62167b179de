package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"

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

func (r kvReader) close() error { return r.tx.Close() }

// indexKey splits a Cayley index key (ckv.QuadIndex.Key) into its bucket
// and the key within it.
func indexKey(k hkv.Key) (bucket, key []byte) { return k[0], k[len(k)-1] }

// logBucket is the bucket of Cayley's log: the primitive (node or quad)
// with ID n is under the 8-byte big-endian n.
var logBucket = []byte("log")

// readPrimitives reads entries of Cayley's log; nil for an ID with no
// entry.
func readPrimitives(ctx context.Context, r reader, ids []uint64) ([]*proto.Primitive, error) {
	out := make([]*proto.Primitive, len(ids))
	var key [8]byte
	for i, id := range ids {
		binary.BigEndian.PutUint64(key[:], id)
		v, err := r.get(ctx, logBucket, key[:])
		if err != nil {
			return nil, err
		}
		if len(v) == 0 {
			continue
		}
		p := new(proto.Primitive)
		if err := p.Unmarshal(v); err != nil {
			return nil, fmt.Errorf("%w: log entry %d: %s", ErrCorrupt, id, oneLine(err.Error()))
		}
		out[i] = p
	}
	return out, nil
}
