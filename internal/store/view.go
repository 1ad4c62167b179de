package store

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// kvQueryStore is the quad store that View hands to queries on kv
// backends. Cayley's kv stores have no index that starts with the predicate,
// so QuadIterator(Predicate, p) scans every quad, and the query planner
// (which estimates a node's quads as half the store) makes that scan the
// driving iterator of a hop that does not start from a fixed node, such as
// the Out(q) in .In(p).Out(q): a minute at 300k quads, checking each quad
// against the previous hop. kvQueryStore prices predicate scans at what
// they cost, a read of the whole store per result, so that the planner
// drives from the nodes and only checks the predicate.
//
// It also hides Cayley's kv shape optimizer: the IndexScan shapes it makes
// build only on the unwrapped store. Without it, a hop from a fixed node
// prefix-scans the node's quads by subject or object instead of by
// node and predicate, which costs little at news-graph degrees.
type kvQueryStore struct{ graph.QuadStore }

func (s kvQueryStore) QuadIterator(d quad.Direction, v graph.Ref) graph.Iterator {
	it := s.QuadStore.QuadIterator(d, v)
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
