package store

import (
	"context"
	"errors"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	cpostgres "github.com/cayleygraph/cayley/graph/sql/postgres"
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

// DriverDSN exposes the DSN a SQL location hands to lib/pq.
func DriverDSN(loc string) string {
	l, err := parseLocation(loc)
	if err != nil {
		return err.Error()
	}
	return l.driverDSN()
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

// SQLRefsMismatch counts the nodes of a SQL store whose reference count
// differs from the number of quad terms naming them (orphans included),
// and the terms naming no node.
func (c *Cayley) SQLRefsMismatch(ctx context.Context) (int, error) {
	b, ok := c.be.(*sqlGraphs)
	if !ok {
		return 0, errors.New("not a SQL store")
	}
	var n int
	err := b.db.QueryRowContext(ctx, `
		WITH uses AS (
			SELECT h, count(*) AS n FROM (
				SELECT subject_hash AS h FROM quads
				UNION ALL SELECT predicate_hash FROM quads
				UNION ALL SELECT object_hash FROM quads
				UNION ALL SELECT label_hash FROM quads WHERE label_hash IS NOT NULL
			) AS t GROUP BY h
		)
		SELECT count(*) FROM nodes FULL JOIN uses ON nodes.hash = uses.h
		WHERE nodes.refs IS DISTINCT FROM uses.n`).Scan(&n)
	return n, err
}

// SetSQLWriter selects how SQL stores insert rows: Cayley's own postgres
// writer (one prepared INSERT per row) when cayley is set, else
// multi-row INSERTs of rows rows each. Not safe for parallel tests.
func SetSQLWriter(cayley bool, rows int) (restore func()) {
	oldRunTx, oldRows := sqlRunTx, sqlRowsPerInsert
	if cayley {
		sqlRunTx = cpostgres.RunTxPostgres
	} else {
		sqlRowsPerInsert = rows
	}
	return func() { sqlRunTx, sqlRowsPerInsert = oldRunTx, oldRows }
}

// HoldWriteLock takes the store's write lock (and so, on SQL stores, the
// lock of the processes sharing the database) until release is called.
func (c *Cayley) HoldWriteLock(ctx context.Context) (release func(), err error) {
	return c.wlock(ctx, "hold")
}

// SQLCayleyDSN is the DSN of Cayley's own connections to a SQL store.
func (c *Cayley) SQLCayleyDSN() string {
	if b, ok := c.be.(*sqlGraphs); ok {
		return b.dsn
	}
	return ""
}
