package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"time"
)

// procLock is a readers-writer lock that processes sharing one SQL
// database take through it. Waits honour ctx; a process that dies releases
// its locks with its connection.
type procLock interface {
	// acquire waits for the lock, exclusive or shared, and returns the
	// function that releases it.
	acquire(ctx context.Context, exclusive bool) (release func(), err error)
}

// releaseTimeout bounds the statement that releases a lock, which runs
// even when the operation's ctx has ended.
const releaseTimeout = 10 * time.Second

// advisoryLock is a PostgreSQL session-level advisory lock, held on one
// connection of the pool from acquire to release. PostgreSQL queues lock
// requests in order, so a waiting writer is not starved by readers.
type advisoryLock struct {
	db  *sql.DB
	key int64
}

func (l advisoryLock) acquire(ctx context.Context, exclusive bool) (func(), error) {
	lock, unlock := "pg_advisory_lock_shared", "pg_advisory_unlock_shared"
	if exclusive {
		lock, unlock = "pg_advisory_lock", "pg_advisory_unlock"
	}
	conn, err := l.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "SELECT "+lock+"($1)", l.key); err != nil {
		// The lock may have been granted as the wait was cancelled:
		// closing the session is the sure way to release it.
		discardConn(conn)
		return nil, err
	}
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
		defer cancel()
		var ok bool
		if err := conn.QueryRowContext(ctx, "SELECT "+unlock+"($1)", l.key).Scan(&ok); err != nil || !ok {
			discardConn(conn)
			return
		}
		_ = conn.Close()
	}, nil
}

// discardConn closes conn's session instead of returning it to the pool,
// which ends the advisory locks and transactions it holds.
func discardConn(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	_ = conn.Close()
}

// rowLock locks the row of lockTable in a transaction held from acquire
// to release: FOR UPDATE for writers, FOR SHARE for readers. It is for
// CockroachDB, which has no advisory locks (and before v23.2 treats FOR
// SHARE as no lock at all, so there readers do not wait for writers).
type rowLock struct{ db *sql.DB }

func (l rowLock) acquire(ctx context.Context, exclusive bool) (func(), error) {
	mode := "FOR SHARE"
	if exclusive {
		mode = "FOR UPDATE"
	}
	// The transaction outlives ctx: only the wait below is cancelled.
	tx, err := l.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return nil, err
	}
	var id int
	if err := tx.QueryRowContext(ctx, "SELECT id FROM "+lockTable+" WHERE id = 1 "+mode).Scan(&id); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return func() { _ = tx.Rollback() }, nil
}

// noLock is for databases whose writers do not lock (see openSQL).
type noLock struct{}

func (noLock) acquire(context.Context, bool) (func(), error) { return func() {}, nil }
