package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/ingest/ingesttest"
)

// TestInterruptedBuildResumes interrupts builds with SIGINT (Ctrl-C) at
// several points: each stops with exit code 130 between chunks, the store
// opens and holds whole documents, and the same build run again gives the
// graph a clean build gives (the same N-Quads export and stats).
func TestInterruptedBuildResumes(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "news.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingesttest.WriteJSONL(f, 600, 7); err != nil {
		t.Fatal(err)
	}
	f.Close()

	clean := filepath.Join(dir, "clean.db")
	r := runProcess(t, "--db", clean, "build", "--summary=false", corpus)
	if r.code != 0 {
		t.Fatalf("clean build: exit %d: %s", r.code, r.stderr)
	}
	span := r.took

	fracs := []float64{0.2, 0.5, 0.8}
	if testing.Short() {
		fracs = fracs[1:2]
	}
	for _, frac := range fracs {
		db := filepath.Join(dir, "interrupted.db")
		if err := os.RemoveAll(db); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		cmd := newsgraph(ctx, "--db", db, "build", "--summary=false", corpus)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(span)))
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
		cancel()
		code := cmd.ProcessState.ExitCode()
		t.Logf("interrupted at %.0f%% of a clean build: exit %d, %s", 100*frac, code, firstLine(stdout.String()))
		switch code {
		case ExitInterrupted:
		case ExitOK: // finished before the signal came
		default:
			t.Fatalf("interrupted build: exit %d: %s", code, stderr.String())
		}
		if r := runProcess(t, "--db", db, "stats"); r.code != 0 {
			t.Fatalf("store after the interrupt: exit %d: %s", r.code, r.stderr)
		}
		if r := runProcess(t, "--db", db, "build", "--summary=false", corpus); r.code != 0 {
			t.Fatalf("build after the interrupt: exit %d: %s", r.code, r.stderr)
		}
		sameGraph(t, clean, db, "after an interrupt")
	}
}
