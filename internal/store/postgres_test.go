package store_test

import (
	"database/sql"
	"testing"

	_ "github.com/lib/pq" // the postgres driver
)

// resetPostgres drops Cayley's tables so that each test starts empty.
func resetPostgres(t testing.TB, dsn string) {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(t.Context(), `DROP TABLE IF EXISTS quads, nodes CASCADE`); err != nil {
		t.Fatalf("reset %s: %v", dsn, err)
	}
}
