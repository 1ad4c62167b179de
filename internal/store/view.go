package store

import (
	"context"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hkv "github.com/hidal-go/hidalgo/kv"
)

// kvQueryStore is the quad store that View hands to queries on kv
// backends. It fixes the costs of Cayley's kv query path:
//
//   - Cayley's kv stores have no index that starts with the predicate, so
//     QuadIterator(Predicate, p) scans every quad, and the query planner
//     (which estimates a node's quads as half the store) makes that scan the
//     driving iterator of a hop that does not start from a fixed node, such
//     as the Out(q) in .In(p).Out(q): a minute at 300k quads. kvQueryStore
//     prices predicate scans at what they cost, a read of the whole store per
//     result, so that the planner drives from the nodes and only checks the
//     predicate.
//   - A hop from fixed nodes along a fixed predicate (g.V(a, b).Out(p),
//     .Save(p, t), .Has(p, o)) is answered by Cayley from all of each node's
//     quads, checked one by one; a country named in a thousand documents has
//     tens of thousands. OptimizeShape (plan.go) turns such hops into prefix
//     scans of the [S,P] and [O,P,S] indexes for each node and predicate
//     (Cayley does this only for a single node, and only on the unwrapped
//     store).
//   - The same triple stated by a thousand documents is a thousand quads,
//     each read from the log. A hop along a distinct predicate (the IRI
//     DistinctPrefix+p, see DistinctPredicatePrefix) yields one quad per
//     distinct triple instead, mostly without reading the others (scan.go).
//   - Every g.V(list) resolves each value, and every result's tags are
//     turned back into values, with a read transaction per value; ValueOf
//     and NameOf remember what they resolved for the View and share one
//     transaction.
type kvQueryStore struct {
	graph.QuadStore
	db      hkv.KV
	indexes []ckv.QuadIndex
	clean   bool // no quad was ever deleted (kvCleanKey)
	cache   *viewCache
}

func newKVQueryStore(qs graph.QuadStore, db hkv.KV, indexes []ckv.QuadIndex, clean bool) kvQueryStore {
	return kvQueryStore{QuadStore: qs, db: db, indexes: indexes, clean: clean, cache: &viewCache{
		refs:  map[quad.Value]graph.Ref{},
		names: map[uint64]quad.Value{},
	}}
}

// DistinctPrefix turns a predicate IRI p into the distinct predicate
// DistinctPrefix+p for queries on kv stores: a hop along it from fixed
// nodes (Out, In, Save, SaveR, Has) yields each distinct triple once
// instead of once per document stating it. Only the hop changes; the quads
// found carry the plain predicate.
const DistinctPrefix = "urn:newsgraph:distinct:"

// DistinctPredicatePrefix tells queries that this store understands
// distinct predicates (see DistinctPrefix).
func (kvQueryStore) DistinctPredicatePrefix() string { return DistinctPrefix }

// distinctRef is the ref of a distinct predicate: the node ID of the
// plain one.
type distinctRef uint64

func (r distinctRef) Key() any { return r }

// refID reads a kv node ref: its ID and whether it is a distinct
// predicate.
func refID(r graph.Ref) (id uint64, distinct, ok bool) {
	switch r := r.(type) {
	case ckv.Int64Value:
		return uint64(r), false, r != 0
	case distinctRef:
		return uint64(r), true, r != 0
	}
	return 0, false, false
}

// plain turns a distinct predicate's ref into the plain predicate's.
func plain(r graph.Ref) graph.Ref {
	if d, ok := r.(distinctRef); ok {
		return ckv.Int64Value(d)
	}
	return r
}

// viewCache remembers, for the length of one View (no write can run
// meanwhile), the nodes resolved both ways, and keeps one read transaction
// to resolve more: Gizmo turns every tag of every result into a value with
// its own NameOf call. Queries may read from several goroutines.
type viewCache struct {
	mu    sync.Mutex
	refs  map[quad.Value]graph.Ref
	names map[uint64]quad.Value
	r     reader
	r2    reader // a second transaction, for reads in two halves at once
	// the hops the View took: the values, or for counts their number
	hops   map[hopKey][]uint64
	counts map[hopKey]int
}

// endView releases the read transaction; View calls it when fn returns.
func (s kvQueryStore) endView() {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	for _, r := range []*reader{&s.cache.r, &s.cache.r2} {
		if *r != nil {
			_ = (*r).close()
			*r = nil
		}
	}
}

// ValueOf is the store's ValueOf, cached for the View. A distinct
// predicate's IRI gives a distinctRef.
func (s kvQueryStore) ValueOf(v quad.Value) graph.Ref {
	s.cache.mu.Lock()
	r, ok := s.cache.refs[v]
	s.cache.mu.Unlock()
	if ok {
		return r
	}
	if iri, ok := v.(quad.IRI); ok && strings.HasPrefix(string(iri), DistinctPrefix) {
		if id, ok := s.ValueOf(quad.IRI(strings.TrimPrefix(string(iri), DistinctPrefix))).(ckv.Int64Value); ok {
			r = distinctRef(id)
		}
	} else {
		r = s.QuadStore.ValueOf(v)
	}
	s.cache.mu.Lock()
	s.cache.refs[v] = r
	s.cache.mu.Unlock()
	return r
}

// NameOf is the value of node r, cached for the View.
func (s kvQueryStore) NameOf(r graph.Ref) quad.Value {
	vals, err := s.ValuesOf(context.Background(), []graph.Ref{r})
	if err != nil {
		return nil
	}
	return vals[0]
}

// ValuesOf is NameOf for several nodes.
func (s kvQueryStore) ValuesOf(ctx context.Context, refs []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(refs))
	var other []int // refs not kv node IDs: the store resolves them
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	for i, r := range refs {
		id, _, ok := refID(r)
		if !ok {
			other = append(other, i)
			continue
		}
		if v, ok := s.cache.names[id]; ok {
			out[i] = v
			continue
		}
		v, err := s.readValue(ctx, id)
		if err != nil {
			return out, err
		}
		s.cache.names[id] = v
		if v != nil {
			s.cache.refs[v] = r // a value read back into a query comes back
		}
		out[i] = v
	}
	if len(other) > 0 {
		rs := make([]graph.Ref, len(other))
		for j, i := range other {
			rs[j] = refs[i]
		}
		vals, err := graph.ValuesOf(ctx, s.QuadStore, rs)
		for j, i := range other {
			if j < len(vals) {
				out[i] = vals[j]
			}
		}
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// readValue reads node id from Cayley's log; nil for no node. The caller
// holds s.cache.mu.
func (s kvQueryStore) readValue(ctx context.Context, id uint64) (quad.Value, error) {
	if s.cache.r == nil {
		r, err := newReader(s.db)
		if err != nil {
			return nil, err
		}
		s.cache.r = r
	}
	ps, err := readPrimitives(ctx, s.cache.r, []uint64{id})
	if err != nil || ps[0] == nil || !ps[0].IsNode() {
		return nil, err
	}
	return pquads.UnmarshalValue(ps[0].Value)
}

func (s kvQueryStore) QuadIterator(d quad.Direction, v graph.Ref) graph.Iterator {
	it := s.QuadStore.QuadIterator(d, plain(v))
	if d != quad.Predicate {
		return it
	}
	return graph.AsLegacy(&costlyScan{IteratorShape: graph.AsShape(it), quads: s.Size()})
}

// Size is the number of quads, for the planner.
func (s kvQueryStore) Size() int64 {
	st, err := s.Stats(context.Background(), false)
	if err != nil {
		return 0
	}
	return st.Quads.Size
}

// costlyScan is an iterator that costs a full scan to advance.
type costlyScan struct {
	graph.IteratorShape
	quads int64
}

func (c *costlyScan) Stats(ctx context.Context) (graph.IteratorCosts, error) {
	st, err := c.IteratorShape.Stats(ctx)
	st.NextCost = max(st.NextCost, c.quads)
	return st, err
}

func (c *costlyScan) Optimize(ctx context.Context) (graph.IteratorShape, bool) {
	if n, ok := c.IteratorShape.Optimize(ctx); ok {
		return &costlyScan{IteratorShape: n, quads: c.quads}, true
	}
	return c, false
}

func (c *costlyScan) AsLegacy() graph.Iterator { return graph.NewLegacy(c, nil) }

// Hop calls fn, for each node of nodes and each distinct value it has for
// predicate pred (nodes pointing to it by pred when inverse), once per
// distinct triple. It is what a distinct predicate hop gives Gizmo
// (g.V(nodes).Save(DistinctPrefix+pred, t)), read straight from the indexes
// without building Cayley iterators (hop.go): queries use it for their
// values() and describe() helpers. Nodes the store lacks have no values.
func (s kvQueryStore) Hop(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, fn func(node, value quad.Value)) error {
	return s.Hops(ctx, nodes, []quad.Value{pred}, []bool{inverse}, fn)
}

// Count returns, for each node of nodes (in order), how many distinct
// values it has for pred (or nodes pointing to it, when inverse), counting
// only the values among within when within is not nil. On a clean store
// an inverse count reads index keys only.
func (s kvQueryStore) Count(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, within []quad.Value) ([]int, error) {
	out := make([]int, len(nodes))
	p := s.predID(pred)
	if p == 0 || len(nodes) == 0 {
		return out, nil
	}
	ids, at := s.nodeIDs(nodes)
	step := []idStep{{pred: p, inverse: inverse}}
	var byID []int // per node of ids
	if within == nil {
		err := s.withReaders(func(rs []reader) error {
			counts, err := s.countColumns(ctx, rs, ids, step)
			if err == nil {
				byID = counts[0]
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		return spreadCounts(nodes, ids, at, byID), nil
	}
	in := make(map[uint64]bool, len(within))
	for _, v := range within {
		if id, ok := s.ValueOf(v).(ckv.Int64Value); ok {
			in[uint64(id)] = true
		}
	}
	var found [][][]uint64
	err := s.withReaders(func(rs []reader) error {
		var err error
		found, err = s.hopColumns(ctx, rs, ids, step)
		return err
	})
	if err != nil {
		return nil, err
	}
	byID = make([]int, len(ids))
	for i, vs := range found[0] {
		for _, v := range vs {
			if in[v] {
				byID[i]++
			}
		}
	}
	return spreadCounts(nodes, ids, at, byID), nil
}

// spreadCounts turns counts of the distinct nodes ids (the first of each
// at at[i] in nodes) into counts of nodes, duplicates included.
func spreadCounts(nodes []quad.Value, ids []uint64, at []int, byID []int) []int {
	out := make([]int, len(nodes))
	for i := range ids {
		out[at[i]] = byID[i]
	}
	if len(ids) < len(nodes) { // duplicates, or nodes the store lacks
		first := make(map[quad.Value]int, len(ids))
		for i := range ids {
			first[nodes[at[i]]] = byID[i]
		}
		for i, n := range nodes {
			out[i] = first[n]
		}
	}
	return out
}
