package cli

import (
	"bytes"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// TestProgressBar: the bar shows documents, documents per second, failures
// and how much of the input is read; without a terminal (as here) build
// draws nothing.
func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	read := new(atomic.Int64)
	p := newBar(&out, "build", 4_000_000, read, 0)
	read.Store(1_000_000)
	p.update(ingest.Progress{Done: 120, Failed: 2})
	got := out.String()
	for _, want := range []string{"build: 120 docs", "docs/s", "2 failed", "25%", "1.0/4.0 MB"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress bar %q lacks %q", got, want)
		}
	}
	p.finish()

	var stdout, stderr bytes.Buffer
	if code := Run(t.Context(), []string{"--db", t.TempDir() + "/g.db", "build", "--summary=false"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("build wrote to a stderr that is not a terminal: %q", stderr.String())
	}
}
