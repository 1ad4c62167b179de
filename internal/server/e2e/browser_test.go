// Package e2e tests "newsgraph serve" end to end: the real command on a
// store built by "newsgraph build" from the seed articles, through HTTP,
// and (with NEWSGRAPH_BROWSER_TEST=1) in a real browser: explorer.mjs
// drives Debian's chromium with npm's playwright-core.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph/internal/cli"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// buildSeeds builds the seeds graph into a new bolt store, as a user
// would ("newsgraph --db DB build"), and returns its path.
func buildSeeds(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "seeds.db")
	var out, errb bytes.Buffer
	if code := cli.Run(t.Context(), []string{"--db", db, "build", "--summary=false"}, strings.NewReader(""), &out, &errb); code != cli.ExitOK {
		t.Fatalf("build: exit %d: %s", code, errb.String())
	}
	return db
}

var servingRe = regexp.MustCompile(`on (http://127\.0\.0\.1:\d+/)`)

// serve runs "newsgraph --db DB serve --addr 127.0.0.1:0" until the test
// ends and returns its URL and a function that stops it (as Ctrl-C does)
// and returns its exit code.
func serve(t *testing.T, db string) (base string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"--db", db, "serve", "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, &errb)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if m := servingRe.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve exited with %d: %s %s", code, out.String(), errb.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not say where it listens: %q %q", out.String(), errb.String())
		}
	}
	var once sync.Once
	code := -1
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Errorf("serve did not stop after its context ended")
			}
			if s := errb.String(); s != "" {
				t.Logf("serve stderr: %s", s)
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return base, stop
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, b)
	}
	return res.StatusCode
}

// TestServeCommand: "newsgraph serve" on a bolt store answers the API,
// shares the store with other read-only commands but not with a build,
// and stops cleanly, exit code 0, when interrupted.
func TestServeCommand(t *testing.T) {
	db := buildSeeds(t)
	base, stop := serve(t, db)

	var res struct {
		Rows [][]string `json:"rows"`
	}
	if code := getJSON(t, base+"api/queries/meetings-between?a=Xi&b=ROK", &res); code != 200 || len(res.Rows) != 2 {
		t.Errorf("meetings-between: status %d, %d rows", code, len(res.Rows))
	}
	var e struct{ Error string }
	if code := getJSON(t, base+"api/queries/meetings-between?a=Xi", &e); code != 400 || !strings.Contains(e.Error, `missing parameter "b"`) {
		t.Errorf("missing parameter: %d %q", code, e.Error)
	}

	var out, errb bytes.Buffer
	if code := cli.Run(t.Context(), []string{"--db", db, "stats"}, strings.NewReader(""), &out, &errb); code != cli.ExitOK {
		t.Errorf("stats while serving: exit %d: %s", code, errb.String())
	}
	if code := cli.Run(t.Context(), []string{"--db", db, "build", "--summary=false"}, strings.NewReader(""), &out, &errb); code != cli.ExitLocked {
		t.Errorf("build while serving: exit %d, want %d (locked)", code, cli.ExitLocked)
	}
	if code := stop(); code != cli.ExitOK {
		t.Errorf("serve exit code %d after the interrupt, want 0", code)
	}
}

// TestBrowser loads the explorer in headless chromium (explorer.mjs):
// search "Lee", the neighbourhood, the timeline with both Xi–Lee meetings,
// a fact's source sentence, and a screenshot. It needs chromium, node and
// "npm ci" in this directory; set NEWSGRAPH_BROWSER_TEST=1 to run it.
// The screenshot goes to $NEWSGRAPH_ARTIFACTS/explorer.png, or to
// artifacts/explorer.png here.
func TestBrowser(t *testing.T) {
	if os.Getenv("NEWSGRAPH_BROWSER_TEST") != "1" {
		t.Skip("set NEWSGRAPH_BROWSER_TEST=1 to run the browser test (needs chromium, node and npm ci in internal/server/e2e)")
	}
	chromium := os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("no chromium at %s (apt-get install chromium, or set CHROMIUM): %v", chromium, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("no node on PATH: %v", err)
	}
	if _, err := os.Stat(filepath.Join("node_modules", "playwright-core", "package.json")); err != nil {
		t.Fatalf("playwright-core is not installed: run \"npm ci\" in internal/server/e2e (%v)", err)
	}
	shot := filepath.Join("artifacts", "explorer.png")
	if dir := os.Getenv("NEWSGRAPH_ARTIFACTS"); dir != "" {
		shot = filepath.Join(dir, "explorer.png")
	}
	if shot, err = filepath.Abs(shot); err != nil {
		t.Fatal(err)
	}

	base, stop := serve(t, buildSeeds(t))
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "explorer.mjs", base, shot)
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		t.Log(sc.Text())
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("explorer.mjs: %v\n%s", err, stderr.String())
	}
	if st, err := os.Stat(shot); err != nil || st.Size() == 0 {
		t.Errorf("no screenshot at %s: %v", shot, err)
	} else {
		t.Logf("screenshot: %s", shot)
	}
	if code := stop(); code != cli.ExitOK {
		t.Errorf("serve exit code %d, want 0", code)
	}
}
