package cli

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// progress draws a progress bar on stderr when it is a terminal and
// --quiet is off; otherwise it does nothing. The bar measures input bytes
// read (a .gz file's compressed bytes) against the total, which gives the
// ETA; its label counts documents and documents per second.
type progress struct {
	bar   *progressbar.ProgressBar
	what  string
	read  *atomic.Int64 // input bytes read so far
	start time.Time
}

// newProgress returns the progress display of a run reading total bytes
// of input, read being advanced as they are read.
func newProgress(e *env, what string, total int64, read *atomic.Int64) *progress {
	f, ok := e.stderr.(*os.File)
	if e.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return newBar(f, what, total, read, 100*time.Millisecond)
}

// newBar draws on w, at most once per throttle.
func newBar(w io.Writer, what string, total int64, read *atomic.Int64, throttle time.Duration) *progress {
	if total <= 0 {
		total = -1 // unknown: a spinner
	}
	return &progress{
		what:  what,
		read:  read,
		start: time.Now(),
		bar: progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(what),
			progressbar.OptionSetWidth(20),
			progressbar.OptionShowBytes(true),
			progressbar.OptionShowTotalBytes(true),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(throttle),
		),
	}
}

// update shows the state after one more document.
func (p *progress) update(pr ingest.Progress) {
	if p.bar == nil {
		return
	}
	desc := fmt.Sprintf("%s: %d docs", p.what, pr.Done)
	if secs := time.Since(p.start).Seconds(); secs > 0 {
		desc += fmt.Sprintf(", %.0f docs/s", float64(pr.Done)/secs)
	}
	if pr.Failed > 0 {
		desc += fmt.Sprintf(", %d failed", pr.Failed)
	}
	_ = p.bar.Set64(p.read.Load())
	p.bar.Describe(desc)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
