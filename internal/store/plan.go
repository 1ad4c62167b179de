package store

import (
	"slices"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"
)

// maxScans caps the prefix scans one hop may turn into (nodes × values of
// the other fixed directions); past it the hop scans fewer directions and
// checks the rest.
const maxScans = 1 << 16

// OptimizeShape implements shape.Optimizer, which Cayley's shape optimizer
// calls on every shape of a query, children first, after its generic pass.
// It replaces sets of quads constrained to fixed nodes by index scans (see
// scanShape): QuadsAction (one node per direction: what the generic pass
// makes of a hop from one node, or along a predicate alone), Quads (any
// number of nodes per direction: a hop from a list of nodes), and an
// Intersect of a list of nodes with a hop from them (g.V(a, b).Save(p, t)),
// where the list is pushed into the hop. A distinct predicate left in a
// shape no index serves becomes the plain one, which Cayley understands.
func (s kvQueryStore) OptimizeShape(sh shape.Shape) (shape.Shape, bool) {
	if s.db == nil {
		return sh, false
	}
	switch sh := sh.(type) {
	case shape.QuadsAction:
		if out := s.planAction(sh, nil); out != nil {
			return out, true
		}
		if out, ok := plainAction(sh); ok {
			return &planned{src: sh, out: out}, true // an Intersect may still plan sh
		}
	case shape.Quads:
		if out := s.planQuads(sh); out != nil {
			return out, true
		}
		if out, ok := plainQuads(sh); ok {
			return &planned{src: sh, out: out}, true
		}
	case shape.Intersect:
		return s.pushFixed(sh)
	}
	return sh, false
}

// planned is a shape this optimizer made from src, kept so that an
// Intersect with a list of nodes can plan src again with them.
type planned struct {
	src shape.Shape // shape.QuadsAction, shape.Quads, or nil
	out shape.Shape
}

func (p *planned) BuildIterator(qs graph.QuadStore) graph.Iterator { return p.out.BuildIterator(qs) }
func (p *planned) Optimize(shape.Optimizer) (shape.Shape, bool)    { return p, false }

// planAction plans a QuadsAction, with the node IDs ids as a filter on its
// result direction when given; nil when no index helps.
func (s kvQueryStore) planAction(a shape.QuadsAction, ids []uint64) shape.Shape {
	fixed := map[quad.Direction][]uint64{}
	distinct := false
	for d, r := range a.Filter {
		id, dist, ok := refID(r)
		if !ok {
			return nil
		}
		fixed[d] = []uint64{id}
		distinct = distinct || dist
	}
	if ids != nil {
		if _, ok := fixed[a.Result]; ok {
			return nil
		}
		fixed[a.Result] = ids
	}
	scan := s.plan(fixed, distinct)
	if scan == nil {
		return nil
	}
	out := &planned{out: a.SimplifyFrom(scan)}
	if ids == nil {
		out.src = a // with a list pushed in, a no longer says what out holds
	}
	return out
}

// planQuads plans a set of quad filters; nil when no index helps.
func (s kvQueryStore) planQuads(q shape.Quads) shape.Shape {
	fixed := map[quad.Direction][]uint64{}
	distinct := false
	var rest shape.Quads
	for _, f := range q {
		ids, dist, ok := fixedIDs(f.Values)
		if _, dup := fixed[f.Dir]; !ok || dup {
			rest = append(rest, f)
			continue
		}
		fixed[f.Dir] = ids
		distinct = distinct || dist
	}
	scan := s.plan(fixed, distinct)
	if scan == nil {
		return nil
	}
	if len(rest) == 0 {
		return &planned{src: q, out: scan}
	}
	rest, _ = plainQuads(rest)
	return &planned{src: q, out: shape.Intersect{scan, rest}}
}

// plainAction and plainQuads replace distinct predicates by plain ones.
func plainAction(a shape.QuadsAction) (shape.Shape, bool) {
	changed := false
	for d, r := range a.Filter {
		if p := plain(r); p != r {
			if !changed {
				a, changed = a.Clone(), true
			}
			a.Filter[d] = p
		}
	}
	return a, changed
}

func plainQuads(q shape.Quads) (shape.Quads, bool) {
	changed := false
	for i, f := range q {
		fx, ok := f.Values.(shape.Fixed)
		if !ok || !slices.ContainsFunc(fx, func(r graph.Ref) bool { return plain(r) != r }) {
			continue
		}
		if !changed {
			q, changed = slices.Clone(q), true
		}
		nf := make(shape.Fixed, len(fx))
		for j, r := range fx {
			nf[j] = plain(r)
		}
		q[i].Values = nf
	}
	return q, changed
}

// pushFixed plans the hop of an Intersect again with the Intersect's list
// of nodes as a filter on the hop's result, and drops the list: a hop from
// a list of nodes (Cayley pushes only single nodes into hops).
func (s kvQueryStore) pushFixed(in shape.Intersect) (shape.Shape, bool) {
	fi := -1
	for i, m := range in {
		if _, ok := m.(shape.Fixed); ok {
			if fi >= 0 {
				return in, false
			}
			fi = i
		}
	}
	if fi < 0 {
		return in, false
	}
	ids, dist, ok := fixedIDs(in[fi])
	if !ok || dist {
		return in, false
	}
	for i, m := range in {
		var out shape.Shape
		switch m := m.(type) {
		case shape.QuadsAction:
			out = s.planAction(m, ids)
		case *planned:
			if a, ok := m.src.(shape.QuadsAction); ok {
				out = s.planAction(a, ids)
			}
		case shape.NodesFrom:
			q, ok := m.Quads.(shape.Quads)
			if p, isPlanned := m.Quads.(*planned); isPlanned {
				q, ok = p.src.(shape.Quads)
			}
			if !ok || slices.ContainsFunc(q, func(f shape.QuadFilter) bool { return f.Dir == m.Dir }) {
				break
			}
			q = append(slices.Clip(q), shape.QuadFilter{Dir: m.Dir, Values: in[fi]})
			if pq := s.planQuads(q); pq != nil {
				out = shape.NodesFrom{Dir: m.Dir, Quads: pq}
			}
		}
		if out == nil {
			continue
		}
		rest := slices.Clone(in)
		rest[i] = out
		rest = slices.Delete(rest, fi, fi+1)
		if len(rest) == 1 {
			return rest[0], true
		}
		return rest, true
	}
	return in, false
}

// fixedIDs returns the distinct node IDs of a Fixed shape, and whether one
// is a distinct predicate.
func fixedIDs(v shape.Shape) (ids []uint64, distinct, ok bool) {
	f, ok := v.(shape.Fixed)
	if !ok || len(f) == 0 {
		return nil, false, false
	}
	ids = make([]uint64, 0, len(f))
	for _, r := range f {
		id, dist, ok := refID(r)
		if !ok {
			return nil, false, false
		}
		ids = append(ids, id)
		distinct = distinct || dist
	}
	slices.Sort(ids)
	return slices.Compact(ids), distinct, true
}

// plan picks the index whose leading directions cover the most fixed
// directions within maxScans prefix scans, and returns the scans, or nil
// when no index starts with a fixed direction. distinct asks for one quad
// per distinct triple (see scanShape); it is dropped when the label is
// fixed, as a triple's quads differ by label.
func (s kvQueryStore) plan(fixed map[quad.Direction][]uint64, distinct bool) *scanShape {
	var (
		best    ckv.QuadIndex
		bestLen int
		bestN   int
	)
	for _, ind := range s.indexes {
		n, m := 1, 0
		for _, d := range ind.Dirs {
			ids, ok := fixed[d]
			if !ok || n*len(ids) > maxScans {
				break
			}
			n *= len(ids)
			m++
		}
		if m > bestLen || m == bestLen && m > 0 && n < bestN {
			best, bestLen, bestN = ind, m, n
		}
	}
	if bestLen == 0 {
		return nil
	}
	sc := &scanShape{db: s.db, index: best, filter: map[quad.Direction]map[uint64]bool{}, clean: s.clean}
	prefixes := [][]uint64{nil}
	for _, d := range best.Dirs[:bestLen] {
		var next [][]uint64
		for _, p := range prefixes {
			for _, id := range fixed[d] {
				next = append(next, append(slices.Clip(p), id))
			}
		}
		prefixes = next
	}
	sc.prefixes = prefixes
	for d, ids := range fixed {
		if slices.Contains(best.Dirs[:bestLen], d) {
			continue
		}
		set := make(map[uint64]bool, len(ids))
		for _, id := range ids {
			set[id] = true
		}
		sc.filter[d] = set
	}
	if _, label := fixed[quad.Label]; distinct && !label {
		sc.distinct = true
		sc.count = tripleIndex(s.indexes)
	}
	return sc
}

// tripleIndex returns an index keyed by exactly subject, predicate and
// object (Cayley's [O,P,S]), whose entries count the quads of one triple;
// nil when there is none.
func tripleIndex(indexes []ckv.QuadIndex) *ckv.QuadIndex {
	for i, ind := range indexes {
		if len(ind.Dirs) == 3 && coversTriple(ind.Dirs) {
			return &indexes[i]
		}
	}
	return nil
}

// coversTriple reports whether dirs include subject, predicate and object.
func coversTriple(dirs []quad.Direction) bool {
	return slices.Contains(dirs, quad.Subject) && slices.Contains(dirs, quad.Predicate) && slices.Contains(dirs, quad.Object)
}
