package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// mainEnv makes the test binary a helper process that runs the command
// line with its arguments (see helpers_test.go); storetest.HoldMain makes
// it one that holds a store open.
const mainEnv = "NEWSGRAPH_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) != "" {
		os.Exit(Main(os.Args[1:]))
	}
	storetest.HoldMain()
	testscript.Main(m, map[string]func(){
		"newsgraph": func() { os.Exit(Main(os.Args[1:])) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: the
// newsgraph binary against real files and stores.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			seeds, err := filepath.Abs(filepath.Join("..", "..", "seeds"))
			env.Setenv("SEEDS", seeds)
			if err != nil {
				return err
			}
			// bytes a txtar archive cannot hold
			files := map[string][]byte{
				"binary.dat": {'G', 'I', 'F', '8', '9', 'a', 0, 0, 1, 0, 0xff, 0, 0, 0},
				"latin1.dat": []byte("Title\n\nCaf\xe9 au lait \xe0 Paris.\n"),
			}
			for name, b := range files {
				if err := os.WriteFile(filepath.Join(env.WorkDir, name), b, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
	})
}

// run calls the command line in-process.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(t.Context(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// TestLockedDatabase: a database another process holds fails at once
// with a one-line error and exit code 4, and nothing is lost.
func TestLockedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := run(t, "--db", db, "build", "--summary=false"); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errs)
	}
	held, err := store.Open(t.Context(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	code, _, errs := run(t, "--db", db, "build", "--summary=false")
	if code != ExitLocked {
		t.Fatalf("exit %d, want %d (locked); stderr %q", code, ExitLocked, errs)
	}
	if strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, db) {
		t.Errorf("want one line naming %s, got %q", db, errs)
	}
	held.Close()
	code, out, errs := run(t, "--db", db, "stats")
	if code != 0 || !strings.Contains(out, "documents: 2") {
		t.Errorf("after the lock: exit %d, %q %q", code, out, errs)
	}
}

// TestInterrupted: a cancelled context stops with exit code 130.
func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out, errb bytes.Buffer
	code := Run(ctx, []string{"--db", filepath.Join(t.TempDir(), "g.db"), "build"}, strings.NewReader(""), &out, &errb)
	if code != ExitInterrupted {
		t.Errorf("exit %d, want %d; stderr %q", code, ExitInterrupted, errb.String())
	}
}

// TestQueryTimeout: a runaway query stops at --timeout with exit code 124.
func TestQueryTimeout(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	mustRun(t, "--db", db, "build", "--summary=false")
	q := writeFile(t, filepath.Join(dir, "loop.gizmo"), []byte("// name: loop\n// description: Never ends.\n// columns: a\nwhile (true) { g.V().All(); }\n"))
	code, out, errs := run(t, "--db", db, "query", q, "--timeout", "200ms")
	if code != ExitTimeout || out != "" || errs != "newsgraph: query loop: stopped after 200ms (--timeout)\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
