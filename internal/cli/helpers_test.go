package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newsgraph returns the command line as a separate process: the test
// binary in mainEnv mode. ctx bounds it, so a hang fails the test instead
// of stalling it.
func newsgraph(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	return cmd
}

// result is how a child newsgraph process ended.
type result struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// runProcess runs newsgraph in a child process, failing the test if it has
// not ended after a minute (a hang guard, not a timing threshold).
func runProcess(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := newsgraph(ctx, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("newsgraph %s did not end within a minute: it hangs", strings.Join(args, " "))
	}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

// mustRun runs the command line in-process and fails the test unless it
// exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := run(t, args...)
	if code != 0 {
		t.Fatalf("newsgraph %s: exit %d\n%s", strings.Join(args, " "), code, errs)
	}
	return out
}

// lines splits text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// snapshot maps every file under dir to its content, to show that a
// failed command left a store as it was.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sameGraph fails the test unless the stores at clean and db export the
// same N-Quads and print the same stats: a build that went through what
// (crashes, an interrupt) and was run again equals a clean build.
func sameGraph(t *testing.T, clean, db, what string) {
	t.Helper()
	for _, args := range [][]string{{"export", "--format", "nquads"}, {"stats"}} {
		want := runProcess(t, append([]string{"--db", clean}, args...)...)
		got := runProcess(t, append([]string{"--db", db}, args...)...)
		if want.code != 0 || got.code != 0 {
			t.Fatalf("%s: exit %d and %d: %s %s", args[0], want.code, got.code, want.stderr, got.stderr)
		}
		if want.stdout != got.stdout {
			t.Errorf("%s %s differs from a clean build (-clean +rebuilt):\n%s", args[0], what,
				cmp.Diff(lines(want.stdout), lines(got.stdout)))
		}
	}
}
