package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"log/slog"
	"net/url"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/cayley/graph/sql/postgres" // its dialect; registers lib/pq as "postgres"
	"github.com/cayleygraph/quad"
)

// The SQL flavours newsgraph registers with Cayley's SQL store. Both use
// Cayley's tables (nodes, quads) and query compiler, lib/pq as the driver,
// and writeRows for batched inserts.
//
//   - flavourPostgres is Cayley's postgres flavour with batched inserts.
//   - flavourCockroach is for CockroachDB: partial unique indexes (Cayley's
//     own cockroach flavour makes (subject, predicate, object) unique across
//     all graphs, so a fact stated by two documents would be stored once and
//     lost from the second), no foreign keys, client-side retries of
//     serialization failures, and lib/pq instead of pgx v3. All its SQL is
//     valid PostgreSQL too, which is how the tests run it.
const (
	flavourPostgres  = "newsgraph-postgres"
	flavourCockroach = "newsgraph-cockroach"
)

// lockTable is the one-row table whose row CockroachDB writers lock
// (CockroachDB has no advisory locks).
const lockTable = "newsgraph_lock"

// sqlRunTx writes the insertions of a transaction; benchmarks swap in
// Cayley's own writer to compare.
var sqlRunTx = writeRows

func init() {
	base := csql.Registration{
		Driver:             "postgres",
		HashType:           "BYTEA",
		BytesType:          "BYTEA",
		HorizonType:        "BIGSERIAL",
		TimeType:           "timestamp with time zone",
		QueryDialect:       postgres.QueryDialect,
		ConditionalIndexes: true,
		Error:              postgres.ConvError,
		RunTx: func(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts graph.IgnoreOpts) error {
			return sqlRunTx(tx, nodes, quads, opts)
		},
	}
	pg := base
	pg.FillFactor = true
	// Cayley's estimate names the table without its schema; to_regclass
	// resolves it through search_path, as the queries do.
	pg.Estimated = func(table string) string {
		return "SELECT COALESCE((SELECT GREATEST(reltuples, 0)::BIGINT FROM pg_class WHERE oid = to_regclass('" + table + "')), 0)"
	}
	csql.Register(flavourPostgres, pg)
	cr := base
	cr.NoForeignKeys = true
	cr.NoSchemaChangesInTx = true
	cr.TxRetry = retrySerializable
	csql.Register(flavourCockroach, cr)
}

// openSQL opens Cayley's SQL store on PostgreSQL or CockroachDB, creating
// its tables on first use. Cayley's SQL layer keeps its connection pool to
// itself, so a second pool serves what its API lacks: the cross-process
// lock, the label index and the list of graphs.
func openSQL(ctx context.Context, l location, opts Options, log *slog.Logger) (graph.QuadStore, backend, error) {
	what := "open " + l.String()
	db, err := sql.Open("postgres", l.driverDSN())
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s", what, oneLine(err.Error()))
	}
	fail := func(err error) (graph.QuadStore, backend, error) {
		_ = db.Close()
		if msg := err.Error(); strings.Contains(msg, "\n") {
			return nil, nil, fmt.Errorf("%s: %s", what, oneLine(msg))
		}
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	// Ping first so that a bad DSN fails here with a clean message rather
	// than in Cayley, which logs the DSN with its password.
	if err := db.PingContext(ctx); err != nil {
		return fail(err)
	}
	var (
		version, path string
		current       sql.NullString
		versionNum    int
	)
	if err := db.QueryRowContext(ctx, `SELECT version(), current_setting('server_version_num')::int, current_schema(), current_setting('search_path')`).Scan(&version, &versionNum, &current, &path); err != nil {
		return fail(err)
	}
	if !current.Valid {
		err := fmt.Errorf("no schema of search_path %q exists (create one with CREATE SCHEMA)", path)
		if opts.ReadOnly {
			err = fmt.Errorf("no database (no schema of search_path %q exists): %w", path, fs.ErrNotExist)
		}
		return fail(err)
	}
	schema := current.String
	flavour := flavourPostgres
	if l.backend == Cockroach || strings.Contains(version, "CockroachDB") {
		flavour = flavourCockroach
	}
	// Cayley prepares its DELETE of a quad once per transaction and runs
	// it for every deleted quad; after five runs PostgreSQL switches to a
	// generic plan, which cannot use the partial unique index on (subject,
	// predicate, object, label) and reads instead every graph holding the
	// same triple: 20,000 graphs for a common entity fact in the corpus,
	// 112 ms per deleted quad instead of 0.5 ms. Custom plans keep the
	// exact one.
	dsn := l.driverDSN()
	if flavour == flavourPostgres && versionNum >= 120000 { // the setting is new in 12
		dsn = withParam(dsn, "plan_cache_mode", "force_custom_plan")
	}
	b := &sqlGraphs{db: db, dsn: dsn, flavour: flavour}
	exists, err := sqlTablesExist(ctx, db)
	if err != nil {
		return fail(err)
	}
	switch {
	case !exists && opts.ReadOnly:
		return fail(fmt.Errorf("no database (no newsgraph tables in schema %q): %w", schema, fs.ErrNotExist))
	case flavour == flavourCockroach:
		b.lock = rowLock{db: db}
		if !opts.ReadOnly {
			if err := createLockTable(ctx, db); err != nil {
				return fail(err)
			}
		} else if ok, err := sqlTableExists(ctx, db, lockTable); err != nil {
			return fail(err)
		} else if !ok {
			// Tables made by an older newsgraph or another tool: no
			// writer of this version locks, so readers need not either.
			b.lock = noLock{}
		}
	default:
		b.lock = advisoryLock{db: db, key: advisoryKey(schema)}
	}
	if !opts.ReadOnly {
		if err := b.prepare(ctx); err != nil {
			return fail(err)
		}
	}
	qs, err := csql.New(flavour, b.dsn, graph.Options{})
	if err != nil {
		return fail(err)
	}
	log.Debug("opened SQL store", "flavour", flavour, "schema", schema, "server", version)
	return sqlQuadStore{QuadStore: qs, db: db}, b, nil
}

// withParam adds a run-time parameter to the connections of a URL DSN
// (lib/pq sends unknown URL parameters to the server as settings), unless
// the DSN sets it.
func withParam(dsn, key, value string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Get(key) == "" {
		q.Set(key, value)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// sqlTablesExist reports whether Cayley's tables are in the current schema.
func sqlTablesExist(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name IN ('nodes', 'quads')`).Scan(&n)
	return n == 2, err
}

func sqlTableExists(ctx context.Context, db *sql.DB, name string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_name = $1`, name).Scan(&n)
	return n > 0, err
}

func createLockTable(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+lockTable+` (id INT PRIMARY KEY)`); err != nil {
		// Processes creating it at once can collide in the catalog
		// (PostgreSQL); then the other one made it.
		if ok, _ := sqlTableExists(ctx, db, lockTable); !ok {
			return fmt.Errorf("create lock table: %w", err)
		}
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO `+lockTable+` (id) VALUES (1) ON CONFLICT DO NOTHING`); err != nil {
		return fmt.Errorf("create lock row: %w", err)
	}
	return nil
}

// prepare creates Cayley's tables unless they exist, and an index on the graph
// label, which Cayley lacks (its indexes all start with subject, predicate
// or object), so that Replace and Remove do not scan the table. It holds the
// exclusive lock so that processes opening a new database at once do not
// race to create the same tables.
func (b *sqlGraphs) prepare(ctx context.Context) error {
	release, err := b.lockProcs(ctx, true)
	if err != nil {
		return err
	}
	defer release()
	exists, err := sqlTablesExist(ctx, b.db)
	if err != nil {
		return err
	}
	if !exists {
		err := csql.Init(b.flavour, b.dsn, graph.Options{})
		if err != nil && !errors.Is(err, graph.ErrDatabaseExists) {
			return fmt.Errorf("create tables: %w", err)
		}
	}
	if _, err := b.db.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS quads_label_index ON quads (label_hash)`); err != nil {
		return fmt.Errorf("create label index: %w", err)
	}
	return nil
}

// sqlGraphs is the backend of SQL stores.
type sqlGraphs struct {
	db      *sql.DB
	dsn     string // lib/pq's, for Cayley's connections
	flavour string
	lock    procLock
}

// procLocker is a backend whose database other processes share. Cayley
// takes its lock around every operation: exclusive for writes, so that two
// processes never compute diffs of the same graph at once (each would
// apply its own, and the graph would end up a mix of both), shared for
// reads, so that a reader never sees a document half written or its
// terms deleted between two statements of one read.
type procLocker interface {
	lockProcs(ctx context.Context, exclusive bool) (release func(), err error)
}

func (b *sqlGraphs) lockProcs(ctx context.Context, exclusive bool) (func(), error) {
	release, err := b.lock.acquire(ctx, exclusive)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, fmt.Errorf("lock the database: %w", err)
	}
	return release, nil
}

func (b *sqlGraphs) graphs(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error) {
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

func (*sqlGraphs) apply(qs graph.QuadStore, deltas []graph.Delta, opts graph.IgnoreOpts) error {
	return qs.ApplyDeltas(deltas, opts)
}

// reopen: the server rolls back whole transactions and Cayley's SQL layer
// caches only values by hash, which stay true.
func (*sqlGraphs) reopen() (graph.QuadStore, error) { return nil, nil }

// queryStore: Cayley compiles SQL store queries to SQL, which the server
// plans with its own (predicate-first) indexes.
// Queries get Cayley's own QuadStore, whose type its optimizer checks.
func (*sqlGraphs) queryStore(qs graph.QuadStore) graph.QuadStore {
	if s, ok := qs.(sqlQuadStore); ok {
		return s.QuadStore
	}
	return qs
}

func (b *sqlGraphs) close() error { return b.db.Close() }

// advisoryKey is the PostgreSQL advisory lock of the store in schema: the
// lock space is per database already, so the schema tells stores apart.
func advisoryKey(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("newsgraph\x00" + schema))
	return int64(h.Sum64())
}
