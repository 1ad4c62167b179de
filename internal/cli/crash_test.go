package cli

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/ingest/ingesttest"
)

// TestCrashConsistency kills builds with SIGKILL at random points, again
// and again, alternating between two versions of a corpus so that the
// killed builds add, replace and delete quads. After every crash the store
// opens; the last build completes, and the graph then equals a clean build
// of the same input: the same N-Quads export byte for byte, the same stats.
// Set NEWSGRAPH_CRASH_SEED to replay a run.
func TestCrashConsistency(t *testing.T) {
	kills := 10
	if testing.Short() {
		kills = 3
	}
	dir := t.TempDir()
	corpus := [2]string{filepath.Join(dir, "v1.jsonl"), filepath.Join(dir, "v2.jsonl")}
	for i, p := range corpus {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		// the same 250 IDs, other contents
		if err := ingesttest.WriteJSONL(f, 250, uint64(i+1)); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("NEWSGRAPH_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("NEWSGRAPH_CRASH_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))

	clean := filepath.Join(dir, "clean.db")
	r := runProcess(t, "--db", clean, "build", "--summary=false", corpus[0])
	if r.code != 0 {
		t.Fatalf("clean build: exit %d: %s", r.code, r.stderr)
	}
	span := r.took // kills land anywhere from start-up to the last commit
	t.Logf("clean build: %v", span)

	db := filepath.Join(dir, "crashed.db")
	for i := range kills {
		input := corpus[(i+1)%2] // v2 first: its build replaces what v1 left
		delay := time.Duration(rng.Int64N(int64(span)))
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		cmd := newsgraph(ctx, "--db", db, "build", "--summary=false", input)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		cancel()
		killed := !cmd.ProcessState.Exited()
		t.Logf("build %d (%s): killed=%v after %v", i, filepath.Base(input), killed, delay)
		if !killed && cmd.ProcessState.ExitCode() != 0 {
			t.Fatalf("build %d: exit %d", i, cmd.ProcessState.ExitCode())
		}
		if _, err := os.Stat(filepath.Join(db, "indexes.bolt")); err != nil {
			continue // killed before the store was created
		}
		if r := runProcess(t, "--db", db, "stats"); r.code != 0 {
			t.Fatalf("store after crash %d: exit %d: %s", i, r.code, r.stderr)
		}
	}
	r = runProcess(t, "--db", db, "build", "--summary=false", corpus[0])
	if r.code != 0 {
		t.Fatalf("build after the crashes: exit %d: %s", r.code, r.stderr)
	}
	t.Logf("last build: %s", firstLine(r.stdout))
	sameGraph(t, clean, db, "after crashes")
}

func firstLine(s string) string {
	if l := lines(s); len(l) > 0 {
		return l[0]
	}
	return ""
}
