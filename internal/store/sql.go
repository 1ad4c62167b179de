package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	_ "github.com/cayleygraph/cayley/graph/sql/postgres" // registers the postgres flavour and lib/pq
	"github.com/cayleygraph/quad"
)

// openSQL opens Cayley's SQL store on PostgreSQL, creating its tables on
// first use. Cayley's SQL layer
// keeps its connection to itself, so a second pool serves what its API
// lacks: the label index and the list of graphs.
func openSQL(ctx context.Context, l location, opts Options) (graph.QuadStore, backend, error) {
	what := "open " + l.String()
	db, err := sql.Open("postgres", l.path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s", what, oneLine(err.Error()))
	}
	// Ping first so that a bad DSN fails here with a clean message rather
	// than in Cayley, which logs the DSN with its password.
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, nil, fmt.Errorf("%s: %s", what, oneLine(err.Error()))
	}
	const flavour = "postgres"
	if !opts.ReadOnly {
		if err := initSQL(ctx, db, flavour, l.path); err != nil {
			_ = db.Close()
			return nil, nil, fmt.Errorf("%s: %w", what, err)
		}
	}
	qs, err := csql.New(flavour, l.path, graph.Options{})
	if err != nil {
		_ = db.Close()
		return nil, nil, fmt.Errorf("%s: %s", what, oneLine(err.Error()))
	}
	return qs, sqlGraphs{db: db}, nil
}

// initSQL creates Cayley's tables unless they exist, and an index on the
// graph label, which Cayley lacks (its indexes all start with subject,
// predicate or object), so that Replace and Remove do not scan the table.
func initSQL(ctx context.Context, db *sql.DB, flavour, dsn string) error {
	err := csql.Init(flavour, dsn, graph.Options{})
	if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
		return fmt.Errorf("create tables: %s", oneLine(err.Error()))
	}
	if _, err := db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS quads_label_index ON quads (label_hash)`); err != nil {
		return fmt.Errorf("create label index: %s", oneLine(err.Error()))
	}
	return nil
}

type sqlGraphs struct{ db *sql.DB }

func (b sqlGraphs) graphs(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error) {
	rows, err := b.db.QueryContext(ctx, `SELECT DISTINCT label_hash FROM quads WHERE label_hash IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []graph.Ref
	for rows.Next() {
		var h csql.NodeHash
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		refs = append(refs, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return graph.ValuesOf(ctx, qs, refs)
}

func (sqlGraphs) apply(qs graph.QuadStore, deltas []graph.Delta, opts graph.IgnoreOpts) error {
	return qs.ApplyDeltas(deltas, opts)
}

// reopen: PostgreSQL rolls back whole transactions and Cayley's SQL layer
// caches only values by hash, which stay true.
func (sqlGraphs) reopen() (graph.QuadStore, error) { return nil, nil }

// queryStore: Cayley compiles SQL store queries to SQL, which PostgreSQL
// plans with its own (predicate-first) indexes.
func (sqlGraphs) queryStore(qs graph.QuadStore) graph.QuadStore { return qs }

func (b sqlGraphs) close() error { return b.db.Close() }
