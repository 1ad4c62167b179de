package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// TestShared runs the cases of several handles (processes) on one SQL
// database, and checks after each that every node's reference count
// matches the quads naming it.
func TestShared(t *testing.T) {
	for _, f := range storetest.SQLFlavours {
		t.Run(f.Name, func(t *testing.T) {
			storetest.RunShared(t, func(t *testing.T) storetest.Opener {
				dsn := f.DSN(t)
				return func(t *testing.T) store.Store { return openStore(t, dsn) }
			}, checkRefs)
		})
	}
}

func checkRefs(t *testing.T, s store.Store) {
	t.Helper()
	n, err := s.(*store.Cayley).SQLRefsMismatch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d nodes with a reference count that does not match the quads", n)
	}
}

func TestSQLOpenErrors(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	noDB := *u
	noDB.Path = "/newsgraph_no_such_database"
	noSchema := *u
	q := noSchema.Query()
	q.Set("search_path", "newsgraph_no_such_schema")
	noSchema.RawQuery = q.Encode()
	tests := []struct {
		name     string
		loc      string
		readOnly bool
		want     error  // errors.Is, when set
		wantMsg  string // in the message
	}{
		{"read-only on empty schema", dsn, true, fs.ErrNotExist, "no database"},
		{"no such database", noDB.String(), false, nil, "newsgraph_no_such_database"},
		{"read-only, no such schema", noSchema.String(), true, fs.ErrNotExist, `no schema of search_path "newsgraph_no_such_schema"`},
		{"no such schema", noSchema.String(), false, nil, "CREATE SCHEMA"},
		{"closed port", "postgres://alice:s3cret@127.0.0.1:1/ng?sslmode=disable&connect_timeout=2", false, nil, "127.0.0.1:1"},
		{"cockroach closed port", "cockroach://root:s3cret@127.0.0.1:1/ng?sslmode=disable&connect_timeout=2", false, nil, "cockroach://root:xxxxx@127.0.0.1:1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(t.Context(), tc.loc, store.Options{ReadOnly: tc.readOnly})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			msg := err.Error()
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("error %q is not %v", msg, tc.want)
			}
			if !strings.Contains(msg, tc.wantMsg) || strings.Contains(msg, "\n") || strings.Contains(msg, "s3cret") {
				t.Errorf("error %q: want one line with %q and no password", msg, tc.wantMsg)
			}
		})
	}
}

// TestSQLLockWait: a writer waits for another process's write; when its ctx
// ends first it fails with ctx's error and leaves no lock behind.
func TestSQLLockWait(t *testing.T) {
	for _, f := range storetest.SQLFlavours {
		t.Run(f.Name, func(t *testing.T) {
			dsn := f.DSN(t)
			a, b := openStore(t, dsn), openStore(t, dsn)
			release, err := a.HoldWriteLock(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			g := vocab.DocumentIRI("x")
			for range 3 {
				ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
				_, err = b.Replace(ctx, g, storetest.Doc("x", 4, 1))
				cancel()
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Replace while another handle writes = %v, want DeadlineExceeded", err)
				}
			}
			// a reader waits too
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			_, err = b.Graphs(ctx)
			cancel()
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Graphs while another handle writes = %v, want DeadlineExceeded", err)
			}
			release()
			ctx, cancel = context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			if _, err := b.Replace(ctx, g, storetest.Doc("x", 4, 1)); err != nil {
				t.Fatalf("Replace after the lock is released: %v", err)
			}
			if _, err := a.Replace(ctx, g, storetest.Doc("x", 4, 2)); err != nil {
				t.Fatalf("Replace on the first handle afterwards: %v", err)
			}
		})
	}
}

// TestSQLCustomPlans: Cayley's connections to PostgreSQL plan every
// statement for its parameters (see openSQL), so that deleting a quad uses
// the unique index on its four terms, not a scan of the triple's graphs.
func TestSQLCustomPlans(t *testing.T) {
	s := openStore(t, storetest.PostgresDSN(t))
	db, err := sql.Open("postgres", s.SQLCayleyDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(t.Context(), "SHOW plan_cache_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "force_custom_plan" {
		t.Fatalf("plan_cache_mode = %q on Cayley's connections, want force_custom_plan", mode)
	}
}
