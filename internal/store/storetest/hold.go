package storetest

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
)

// holdEnv makes a test binary a helper process that opens the store at the
// location it names, prints "ready" and keeps it open until its standard
// input closes: another process using the database.
const holdEnv = "NEWSGRAPH_TEST_HOLD"

// HoldMain makes the test binary that helper process when HoldInOtherProcess
// started it; call it first in TestMain. It returns only in the other case.
func HoldMain() {
	loc := os.Getenv(holdEnv)
	if loc == "" {
		return
	}
	s, err := store.Open(context.Background(), loc, store.Options{})
	if err != nil {
		os.Stdout.WriteString("error: " + err.Error() + "\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("ready\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := s.Close(); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
}

// HoldInOtherProcess opens loc in a child process (the test binary, whose
// TestMain calls HoldMain) and returns a function that makes the child
// close it and exit; the test's cleanup calls it too.
func HoldInOtherProcess(t testing.TB, loc string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+loc)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "ready\n" {
		_ = cmd.Process.Kill()
		t.Fatalf("helper process: %q", line)
	}
	release = sync.OnceFunc(func() {
		_ = stdin.Close()
		if err := cmd.Wait(); err != nil {
			t.Errorf("helper process: %v", err)
		}
	})
	t.Cleanup(release)
	return release
}
