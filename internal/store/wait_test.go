package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// TestLockWait: Open waiting for a store another process holds gives up at
// LockTimeout saying how long it waited, and stops at once when its
// context ends, however long the timeout.
func TestLockWait(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			loc := backend + "://" + dir
			storetest.HoldInOtherProcess(t, loc)

			_, err := store.Open(t.Context(), loc, store.Options{LockTimeout: 300 * time.Millisecond})
			if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), "after waiting 300ms") {
				t.Errorf("Open with a short LockTimeout = %v, want ErrLocked saying it waited", err)
			}
			checkOneLine(t, err, dir)

			ctx, cancel := context.WithCancel(t.Context())
			time.AfterFunc(300*time.Millisecond, cancel)
			done := make(chan error, 1)
			go func() {
				_, err := store.Open(ctx, loc, store.Options{LockTimeout: time.Hour})
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Open whose context ended = %v, want context.Canceled", err)
				}
			case <-time.After(time.Minute): // a hang guard
				t.Fatal("Open kept waiting after its context ended")
			}
		})
	}
}
