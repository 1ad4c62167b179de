package cli

import (
	"fmt"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// progress draws a progress bar on stderr when it is a terminal and
// --quiet is off; otherwise it does nothing.
type progress struct {
	bar *progressbar.ProgressBar
}

func newProgress(e *env, what string) *progress {
	f, ok := e.stderr.(*os.File)
	if e.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("docs"),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100_000_000),
	)}
}

func (p *progress) update(pr ingest.Progress) {
	if p.bar == nil {
		return
	}
	p.bar.Describe(fmt.Sprintf("build (%d failed)", pr.Failed))
	_ = p.bar.Set(pr.Done)
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
