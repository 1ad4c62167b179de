package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// TestStoreInUse: while another process holds the embedded store, every
// command fails within seconds with one line saying so (exit 4), or with
// --wait waits for the store to be free; a wait ends at its limit, or at
// an interrupt, and never hangs.
func TestStoreInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	mustRun(t, "--db", db, "build", "--summary=false")
	release := storetest.HoldInOtherProcess(t, db)

	for _, args := range [][]string{
		{"build", "--summary=false"},
		{"stats"},
		{"export"},
		{"query", "documents"},
		{"remove", "000_d4497884fa6f0406.txt"},
		{"import", os.DevNull},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runProcess(t, append([]string{"--db", db}, args...)...)
			t.Logf("failed after %v", r.took)
			if r.code != ExitLocked {
				t.Fatalf("exit %d, want %d; stderr %q", r.code, ExitLocked, r.stderr)
			}
			msg := strings.TrimSpace(r.stderr)
			if strings.Contains(msg, "\n") || !strings.Contains(msg, db) ||
				!strings.Contains(msg, "locked by another process") || !strings.Contains(msg, "--wait") {
				t.Errorf("stderr %q: want one line naming %s, saying it is locked and how to wait", r.stderr, db)
			}
		})
	}

	t.Run("wait runs out", func(t *testing.T) {
		r := runProcess(t, "--db", db, "--wait", "300ms", "stats")
		if r.code != ExitLocked || !strings.Contains(r.stderr, "still, after waiting 300ms") {
			t.Errorf("exit %d, stderr %q: want %d and a message saying it waited", r.code, r.stderr, ExitLocked)
		}
	})

	t.Run("wait interrupted", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		cmd := newsgraph(ctx, "--db", db, "--wait", "10m", "stats")
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		_ = cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		if ctx.Err() != nil {
			t.Fatal("an interrupted --wait did not end: it hangs")
		}
		if code := cmd.ProcessState.ExitCode(); code != ExitInterrupted {
			t.Errorf("exit %d (%v), want %d; stderr %q", code, err, ExitInterrupted, errb.String())
		}
	})

	t.Run("wait succeeds", func(t *testing.T) {
		time.AfterFunc(500*time.Millisecond, release)
		r := runProcess(t, "--db", db, "--wait", "1m", "stats")
		if r.code != 0 || !strings.Contains(r.stdout, "documents: 2") {
			t.Errorf("exit %d, stdout %q, stderr %q: want the stats once the holder left", r.code, r.stdout, r.stderr)
		}
	})
}
