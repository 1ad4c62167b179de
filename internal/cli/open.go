package cli

import (
	"context"
	"os"

	"github.com/newsgraph/newsgraph/internal/store"
)

// defaultDB is where the embedded store lives unless --db, --store or
// $NEWSGRAPH_STORE says otherwise.
const defaultDB = store.DefaultPath

// storeEnv names the environment variable that selects the store when
// neither --store nor --db is given, so that a team can point every
// command at a shared database server once.
const storeEnv = "NEWSGRAPH_STORE"

// storeLocation is the store location the global flags or the environment
// name: --store, else --db when given, else $NEWSGRAPH_STORE, else the
// default embedded store.
func (e *env) storeLocation() string {
	switch {
	case e.store != "":
		return e.store
	case e.dbSet:
		return e.db
	}
	if loc := os.Getenv(storeEnv); loc != "" {
		return loc
	}
	return e.db
}

// location names the store for messages, without a database password.
func (e *env) location() string { return store.Describe(e.storeLocation()) }

// openStore opens the store named by --store, --db or $NEWSGRAPH_STORE.
// Read-only commands (query, export, stats) do not create a database that
// is not there.
func (e *env) openStore(ctx context.Context, readOnly bool) (*store.Cayley, error) {
	return store.Open(ctx, e.storeLocation(), store.Options{Logger: e.log, ReadOnly: readOnly, LockTimeout: e.wait})
}
