package store

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
)

// Options tune Open.
type Options struct {
	// Logger receives debug messages and Cayley's own log lines; nil
	// discards them.
	Logger *slog.Logger
	// ReadOnly opens an existing store for queries and export only: writes
	// fail with ErrReadOnly, nothing is created, and on bolt several
	// read-only processes may share the database.
	ReadOnly bool
	// LockTimeout is how long Open waits for another process to release an
	// embedded database before failing with ErrLocked; zero fails at once.
	LockTimeout time.Duration
}

// backend holds what Cayley's QuadStore interface lacks for one kind of
// store.
type backend interface {
	// graphs returns the labels of the non-empty graphs of qs, in any
	// order.
	graphs(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error)
	// apply writes deltas to qs in one transaction.
	apply(qs graph.QuadStore, deltas []graph.Delta, opts graph.IgnoreOpts) error
	// queryStore returns what View hands to queries.
	queryStore(qs graph.QuadStore) graph.QuadStore
	// reopen returns a fresh QuadStore over the same database after a
	// failed write, or nil when the old one is still sound.
	reopen() (graph.QuadStore, error)
	// close releases what the backend holds besides the QuadStore.
	close() error
}

// Open opens the store at loc, creating it if absent (unless
// opts.ReadOnly). loc is "memstore://", "bolt:///abs/dir", "bolt://rel/dir",
// "leveldb:///dir", "postgres://user:pass@host:port/db?sslmode=disable",
// "cockroach://user@host:26257/db?sslmode=disable" (CockroachDB, which a
// postgres:// URL reaching a CockroachDB server selects too), or a bare
// directory path for DefaultBackend (or for the embedded backend
// whose store is already there). An embedded store is a directory; bolt
// keeps indexes.bolt in it, as Cayley's own bolt backend does.
//
// Errors: ErrLocked when another process holds an embedded database longer
// than opts.LockTimeout; ErrCorrupt when the path holds something that is
// not a readable store (garbage, a plain file, a foreign database); a
// wrapped fs.ErrNotExist when opts.ReadOnly and there is no store. Each
// message is one line naming the location.
func Open(ctx context.Context, loc string, opts Options) (*Cayley, error) {
	l, err := parseLocation(loc)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("open %s: %w", l, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	} else {
		routeCayleyLog(log)
	}
	var (
		qs graph.QuadStore
		be backend
	)
	switch l.backend {
	case Memstore:
		qs, be = memstore.New(), scanGraphs{}
	case Bolt, LevelDB:
		qs, be, err = openKV(ctx, l, opts, log)
	case Postgres, Cockroach:
		qs, be, err = openSQL(ctx, l, opts, log)
	}
	if err != nil {
		return nil, err
	}
	log.Debug("opened store", "backend", l.backend, "location", l.String(), "read_only", opts.ReadOnly)
	return &Cayley{
		loc:      l,
		log:      log,
		readOnly: opts.ReadOnly,
		// Memstore iterators write to the store and the SQL store's query
		// optimizer numbers table aliases with an unguarded counter, so
		// only kv stores may be read concurrently.
		lock: newRWLock(l.backend == Memstore || l.sqlBackend()),
		qs:   qs,
		be:   be,
	}, nil
}

// scanGraphs finds graphs by scanning every quad; good enough for memstore,
// which is for tests.
type scanGraphs struct{}

func (scanGraphs) graphs(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error) {
	it := qs.QuadsAllIterator()
	defer it.Close()
	seen := make(map[any]graph.Ref)
	for it.Next(ctx) {
		if l := qs.QuadDirection(it.Result(), quad.Label); l != nil {
			seen[graph.ToKey(l)] = l
		}
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	refs := make([]graph.Ref, 0, len(seen))
	for _, r := range seen {
		refs = append(refs, r)
	}
	return graph.ValuesOf(ctx, qs, refs)
}

func (scanGraphs) apply(qs graph.QuadStore, deltas []graph.Delta, opts graph.IgnoreOpts) error {
	return qs.ApplyDeltas(deltas, opts)
}
func (scanGraphs) reopen() (graph.QuadStore, error)              { return nil, nil }
func (scanGraphs) queryStore(qs graph.QuadStore) graph.QuadStore { return qs }
func (scanGraphs) close() error                                  { return nil }
