package cli

import (
	"context"

	"github.com/newsgraph/newsgraph/internal/store"
)

// defaultDB is where the embedded store lives unless --db or --store says
// otherwise.
const defaultDB = store.DefaultPath

// location is the store location the global flags name.
func (e *env) location() string {
	if e.store != "" {
		return e.store
	}
	return e.db
}

// openStore opens the store named by --store or --db. Read-only commands
// (query, export, stats) do not create a database that is not there.
func (e *env) openStore(ctx context.Context, readOnly bool) (*store.Cayley, error) {
	return store.Open(ctx, e.location(), store.Options{Logger: e.log, ReadOnly: readOnly})
}
