package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// scanShape is the set of quads found by prefix scans of one kv index, one
// scan per prefix (the IDs of the index's leading directions), checked
// against the fixed nodes of the other directions. It is a shape of quads,
// used where Cayley would use QuadIterator(d, node) and check each quad.
//
// In Cayley's kv layout (graph/kv, v0.7.7) an index entry maps a key (the
// IDs of the index's directions) to the IDs of the quads that have them,
// deleted ones included; each quad is then read from the log. A distinct
// scan yields one live quad per distinct triple: on an index keyed by the
// whole triple ([O,P,S]) the first live quad of each entry; on [S,P] it
// reads an entry's quads until the triples found account for all of them,
// counting each triple's quads in count (usually after one quad: the same
// fact stated by every document).
type scanShape struct {
	db       hkv.KV
	index    ckv.QuadIndex
	prefixes [][]uint64
	filter   map[quad.Direction]map[uint64]bool
	distinct bool
	count    *ckv.QuadIndex // for distinct scans; nil: read every quad
	clean    bool           // no quad was ever deleted: index entries are live

	once sync.Once
	size graph.Size

	setOnce   sync.Once
	prefixSet map[[4]uint64]bool
}

func (s *scanShape) BuildIterator(graph.QuadStore) graph.Iterator {
	return graph.AsLegacy(&scanIterator{s: s})
}

func (s *scanShape) Optimize(shape.Optimizer) (shape.Shape, bool) { return s, false }

// filtered reports whether quad p passes the filters of the directions the
// prefixes do not fix.
func (s *scanShape) filtered(p *proto.Primitive) bool {
	for d, set := range s.filter {
		if !set[p.GetDirection(d)] {
			return false
		}
	}
	return true
}

// matches reports whether quad p is one of the scans': it has one of the
// prefixes and passes the filters.
func (s *scanShape) matches(p *proto.Primitive) bool {
	s.setOnce.Do(func() {
		s.prefixSet = make(map[[4]uint64]bool, len(s.prefixes))
		for _, pre := range s.prefixes {
			var k [4]uint64
			copy(k[:], pre)
			s.prefixSet[k] = true
		}
	})
	var k [4]uint64
	for i := range s.prefixes[0] {
		k[i] = p.GetDirection(s.index.Dirs[i])
	}
	return s.prefixSet[k] && s.filtered(p)
}

// countSample bounds the index reads Stats makes to size the scans.
const countSample = 64

// stats sizes the scans from their index entries, reading at most
// countSample prefixes and extrapolating.
func (s *scanShape) stats(ctx context.Context) graph.Size {
	s.once.Do(func() {
		sample := s.prefixes[:min(len(s.prefixes), countSample)]
		var n int64
		err := func() error {
			r, err := newReader(s.db)
			if err != nil {
				return err
			}
			defer r.close()
			for _, pre := range sample {
				bucket, prefix := indexKey(s.index.Key(pre))
				err := r.scan(ctx, bucket, prefix, func(_, v []byte) bool {
					n += int64(countIDs(v))
					return true
				})
				if err != nil {
					return err
				}
			}
			return nil
		}()
		if err != nil {
			n = int64(len(sample)) * 16 // a guess at news-graph degrees
		}
		s.size = graph.Size{Size: n * int64(len(s.prefixes)) / int64(len(sample))}
	})
	return s.size
}

// countIDs counts the uvarints of an index entry.
func countIDs(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x80 {
			n++
		}
	}
	return n
}

// decodeIDs reads the quad IDs of an index entry.
func decodeIDs(b []byte) ([]uint64, error) {
	ids, err := appendIDs(make([]uint64, 0, countIDs(b)), b)
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// entry returns the quads of one index entry (the quad IDs ids) that the
// scan yields, appended to out.
func (s *scanShape) entry(ctx context.Context, tx reader, key []byte, ids []uint64, out []*proto.Primitive) ([]*proto.Primitive, error) {
	if !s.distinct {
		ps, err := readPrimitives(ctx, tx, ids)
		if err != nil {
			return out, err
		}
		for _, p := range ps {
			if p != nil && !p.Deleted && s.filtered(p) {
				out = append(out, p)
			}
		}
		return out, nil
	}
	if coversTriple(s.index.Dirs) && s.clean && len(key) == 8*len(s.index.Dirs) && len(ids) > 0 {
		// every quad of the entry is the same live triple, which the key
		// names: yield it without reading the log (nor the graph label,
		// which differs among the quads and which a distinct hop drops)
		p := &proto.Primitive{ID: ids[0]}
		for i, d := range s.index.Dirs {
			p.SetDirection(d, binary.BigEndian.Uint64(key[8*i:]))
		}
		if s.filtered(p) {
			out = append(out, p)
		}
		return out, nil
	}
	if coversTriple(s.index.Dirs) {
		// every quad of the entry is the same triple: yield the first live
		for len(ids) > 0 {
			n := min(len(ids), 4)
			ps, err := readPrimitives(ctx, tx, ids[:n])
			if err != nil {
				return out, err
			}
			for _, p := range ps {
				if p != nil && !p.Deleted {
					if s.filtered(p) {
						out = append(out, p)
					}
					return out, nil
				}
			}
			ids = ids[n:]
		}
		return out, nil
	}
	// read until the distinct triples found account for every quad
	seen := map[[3]uint64]bool{}
	covered, total := 0, len(ids)
	for chunk := 1; len(ids) > 0 && (s.count == nil || covered < total); chunk = min(chunk*4, 256) {
		n := min(len(ids), chunk)
		ps, err := readPrimitives(ctx, tx, ids[:n])
		if err != nil {
			return out, err
		}
		ids = ids[n:]
		for _, p := range ps {
			if p == nil || p.Deleted {
				continue
			}
			t := [3]uint64{p.Subject, p.Predicate, p.Object}
			if seen[t] {
				continue
			}
			seen[t] = true
			if s.filtered(p) {
				out = append(out, p)
			}
			if s.count != nil && len(ids) > 0 { // quads are left to account for
				vals := make([]uint64, len(s.count.Dirs))
				for i, d := range s.count.Dirs {
					vals[i] = p.GetDirection(d)
				}
				bucket, key := indexKey(s.count.Key(vals))
				b, err := tx.get(ctx, bucket, key)
				if err != nil {
					return out, err
				}
				covered += countIDs(b)
			}
		}
	}
	return out, nil
}

// scanIterator iterates a scanShape: graph.IteratorShape.
type scanIterator struct{ s *scanShape }

func (it *scanIterator) String() string {
	return fmt.Sprintf("IndexScans(%v, %d, distinct=%v)", it.s.index.Dirs, len(it.s.prefixes), it.s.distinct)
}
func (it *scanIterator) Iterate() graph.Scanner { return &scanNext{s: it.s} }
func (it *scanIterator) Lookup() graph.Index    { return &scanContains{s: it.s} }
func (it *scanIterator) Stats(ctx context.Context) (graph.IteratorCosts, error) {
	return graph.IteratorCosts{ContainsCost: 1, NextCost: 2, Size: it.s.stats(ctx)}, nil
}
func (it *scanIterator) Optimize(context.Context) (graph.IteratorShape, bool) { return it, false }
func (it *scanIterator) SubIterators() []graph.IteratorShape                  { return nil }

// scanNext runs the scans one after the other in one read transaction.
type scanNext struct {
	s    *scanShape
	r    reader
	i    int        // the next prefix
	keys [][]byte   // index entries of the current prefix, to go
	ids  [][]uint64 // and their quads
	out  []*proto.Primitive
	prim *proto.Primitive
	err  error
	done bool
}

func (it *scanNext) Next(ctx context.Context) bool {
	it.prim = nil
	for len(it.out) == 0 {
		if it.err != nil || it.done || !it.advance(ctx) {
			return false
		}
	}
	it.prim, it.out = it.out[0], it.out[1:]
	return true
}

// advance reads the next index entry of the scans into it.out; false at
// the end or on error.
func (it *scanNext) advance(ctx context.Context) bool {
	if it.r == nil {
		if it.r, it.err = newReader(it.s.db); it.err != nil {
			return false
		}
	}
	for len(it.ids) == 0 {
		if it.i >= len(it.s.prefixes) {
			it.done = true
			it.release()
			return false
		}
		bucket, prefix := indexKey(it.s.index.Key(it.s.prefixes[it.i]))
		it.i++
		err := it.r.scan(ctx, bucket, prefix, func(k, v []byte) bool {
			ids, err := decodeIDs(v)
			if err != nil {
				it.err = err
				return false
			}
			it.keys = append(it.keys, slices.Clone(k))
			it.ids = append(it.ids, ids)
			return true
		})
		if it.err == nil {
			it.err = err
		}
		if it.err != nil {
			return false
		}
	}
	key, ids := it.keys[0], it.ids[0]
	it.keys, it.ids = it.keys[1:], it.ids[1:]
	it.out, it.err = it.s.entry(ctx, it.r, key, ids, it.out[:0])
	return it.err == nil
}

// release ends the read transaction.
func (it *scanNext) release() {
	if it.r != nil {
		if err := it.r.close(); it.err == nil {
			it.err = err
		}
		it.r = nil
	}
}

func (it *scanNext) Result() graph.Ref {
	if it.prim == nil {
		return nil
	}
	return it.prim
}
func (it *scanNext) String() string                  { return "IndexScansNext" }
func (it *scanNext) TagResults(map[string]graph.Ref) {}
func (it *scanNext) NextPath(context.Context) bool   { return false }
func (it *scanNext) Err() error                      { return it.err }
func (it *scanNext) Close() error {
	it.release()
	return it.err
}

// scanContains checks quads found by other iterators against the scans'
// constraints, without reading the store. (A distinct scan accepts every
// quad of its triples.)
type scanContains struct {
	s    *scanShape
	prim *proto.Primitive
}

func (it *scanContains) Contains(_ context.Context, v graph.Ref) bool {
	it.prim = nil
	p, ok := v.(*proto.Primitive)
	if !ok || !it.s.matches(p) {
		return false
	}
	it.prim = p
	return true
}

func (it *scanContains) Result() graph.Ref {
	if it.prim == nil {
		return nil
	}
	return it.prim
}
func (it *scanContains) String() string                  { return "IndexScansContains" }
func (it *scanContains) TagResults(map[string]graph.Ref) {}
func (it *scanContains) NextPath(context.Context) bool   { return false }
func (it *scanContains) Err() error                      { return nil }
func (it *scanContains) Close() error                    { return nil }
