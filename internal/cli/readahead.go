package cli

import (
	"context"
	"iter"

	"golang.org/x/sync/semaphore"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// readAheadBytes bounds the text read ahead of extraction: about what the
// reader gets through while the extractor loads. More only costs memory,
// five times over with the collector's setting (gcPercent).
const readAheadBytes = 4 << 20

// readAhead starts reading docs at once, on a goroutine of its own, and
// keeps up to readAheadBytes of documents ahead of whoever ranges over the
// result (once). Reading then overlaps the extractor's start-up, a tenth
// of a second in which one core would otherwise wait, and never waits for
// a slow document's extraction. stop ends the reading and waits for it to
// end; call it when done with the documents.
func readAhead(ctx context.Context, docs iter.Seq2[*ingest.Document, error]) (seq iter.Seq2[*ingest.Document, error], stop func()) {
	type item struct {
		d    *ingest.Document
		err  error
		size int64
	}
	ctx, cancel := context.WithCancel(ctx)
	budget := semaphore.NewWeighted(readAheadBytes)
	ch := make(chan item, 4096)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(ch)
		for d, err := range docs {
			it := item{d: d, err: err, size: 1}
			if d != nil {
				it.size = min(int64(len(d.Text)+len(d.Title))+1, readAheadBytes)
			}
			if budget.Acquire(ctx, it.size) != nil {
				return
			}
			select {
			case ch <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	seq = func(yield func(*ingest.Document, error) bool) {
		for it := range ch {
			budget.Release(it.size)
			if !yield(it.d, it.err) {
				return
			}
		}
	}
	stop = func() {
		cancel()
		<-done
	}
	return seq, stop
}
