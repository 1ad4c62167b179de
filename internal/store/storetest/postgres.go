package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // the postgres driver
)

// PostgresEnv names the variable holding the URL of a scratch PostgreSQL
// database for the tests that need a server
// ("postgres://user@127.0.0.1:5432/db?sslmode=disable"). Each test gets a
// schema of its own in it, so test binaries may share the database.
const PostgresEnv = "NEWSGRAPH_TEST_POSTGRES"

// requireEnv, set to 1 (as CI does), turns the skip of a test whose tool or
// server is missing into a failure.
const requireEnv = "NEWSGRAPH_REQUIRE_TOOLS"

// PostgresDSN returns the URL of a new, empty schema in the database that
// $NEWSGRAPH_TEST_POSTGRES names (search_path selects it), dropped with
// everything in it when t ends. It skips t when the variable is unset,
// unless $NEWSGRAPH_REQUIRE_TOOLS is 1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv(requireEnv) == "1" {
			t.Fatalf("$%s is not set (and $%s=1): no PostgreSQL server to test against", PostgresEnv, requireEnv)
		}
		t.Skipf("$%s is not set: no PostgreSQL server to test against", PostgresEnv)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("$%s: %v", PostgresEnv, err)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "ngtest_" + hex.EncodeToString(b[:])
	db, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("$%s: %v", PostgresEnv, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema in %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("postgres", base)
		if err != nil {
			t.Error(err)
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := db.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// CockroachDSN is PostgresDSN with the cockroach scheme, which selects the
// store's CockroachDB flavour. Its SQL is valid PostgreSQL, so the tests run
// it against the PostgreSQL server (no CockroachDB server is at hand).
func CockroachDSN(t testing.TB) string {
	t.Helper()
	dsn := PostgresDSN(t)
	_, rest, _ := strings.Cut(dsn, "://")
	return "cockroach://" + rest
}

// SQLFlavours are the SQL flavours the tests run on the PostgreSQL server
// of $NEWSGRAPH_TEST_POSTGRES: each with its name and a function that
// makes a new, empty schema and returns its URL (PostgresDSN,
// CockroachDSN).
var SQLFlavours = []struct {
	Name string
	DSN  func(t testing.TB) string
}{
	{"postgres", PostgresDSN},
	{"cockroach flavour on postgres", CockroachDSN},
}
