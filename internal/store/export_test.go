package store

import (
	"context"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"
)

// Alternative kv layouts measured by the benchmarks.
var (
	DefaultIndexes = append([]ckv.QuadIndex(nil), ckv.DefaultQuadIndexes...)
	LabelIndex     = labelIndex
	// PredicateIndex makes QuadIterator(Predicate, p) a prefix scan.
	PredicateIndex = ckv.QuadIndex{Dirs: []quad.Direction{quad.Predicate, quad.Object, quad.Subject}}
)

// SetKVLayout changes the indexes of kv stores created from now on and
// whether Cayley's bloom filters are used when opening one. It returns a
// function that restores the defaults. Not safe for parallel tests.
func SetKVLayout(indexes []ckv.QuadIndex, bloom bool) (restore func()) {
	oldIndexes, oldOptions := kvIndexes, kvOptions
	kvIndexes = indexes
	kvOptions = graph.Options{ckv.OptNoBloom: !bloom}
	return func() { kvIndexes, kvOptions = oldIndexes, oldOptions }
}

// BulkLoad adds quads straight through Cayley in batches, bypassing
// Replace, so that benchmarks can build large stores (or stores without a
// label index) quickly.
func (c *Cayley) BulkLoad(quads []quad.Quad) error {
	const batch = 50000
	for len(quads) > 0 {
		n := min(batch, len(quads))
		deltas := make([]graph.Delta, n)
		for i, q := range quads[:n] {
			deltas[i] = graph.Delta{Quad: q, Action: graph.Add}
		}
		if err := c.qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreDup: true}); err != nil {
			return err
		}
		quads = quads[n:]
	}
	return nil
}

type failingWrites struct {
	graph.QuadStore
	err error
}

func (f failingWrites) ApplyDeltas([]graph.Delta, graph.IgnoreOpts) error { return f.err }

// FailWrites makes every write fail with err until restore is called.
func (c *Cayley) FailWrites(err error) (restore func()) {
	orig := c.qs
	c.qs = failingWrites{orig, err}
	return func() { c.qs = orig }
}

// ApplyRaw adds and deletes quads in one strict ApplyDeltas call (no
// Ignore* options), through the same path as Replace.
func (c *Cayley) ApplyRaw(add, del []quad.Quad) error {
	if err := c.lock.lock(context.Background()); err != nil {
		return err
	}
	defer c.lock.unlock()
	var deltas []graph.Delta
	for _, q := range add {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	for _, q := range del {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	return c.apply(deltas, graph.IgnoreOpts{})
}

// ParseLocation exposes parseLocation to the tests.
func ParseLocation(loc string) (backend, path string, err error) {
	l, err := parseLocation(loc)
	return l.backend, l.path, err
}

// SetPlannerFix turns the kv query-planner workaround (kvQueryStore) on or
// off and returns a function restoring the previous setting.
func SetPlannerFix(on bool) (restore func()) {
	old := kvPlannerFix
	kvPlannerFix = on
	return func() { kvPlannerFix = old }
}

// PinGraph is the graph of the temporary pin quads of kv writes.
var PinGraph = pinGraph
