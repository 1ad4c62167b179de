package cli

import (
	"bufio"
	"context"
	"fmt"
	"iter"
	"runtime"
	"strings"
	"sync"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
)

type extractOptions struct {
	paths  []string
	format string
	trace  bool
}

func newExtractCmd(e *env) *cobra.Command {
	var o extractOptions
	cmd := &cobra.Command{
		Use:   "extract [PATH...]",
		Short: "Extract the graph of articles and print it, without a store",
		Long: `Extract reads articles like build does (default: the seed articles) and writes
the extracted graph to stdout, each document's facts in its own named graph.
Nothing is stored. A document that cannot be read is reported on stderr and
skipped; the exit code is then 3.`,
		Example: `  newsgraph extract --format nquads seeds/000_d4497884fa6f0406.txt
  newsgraph extract --format turtle article.html > article.ttl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runExtract(cmd.Context(), e, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "nquads", "output format: nquads, ntriples, turtle, jsonld")
	cmd.Flags().BoolVar(&o.trace, "trace", false, "print how each document was read (mentions, entities, events) instead of the graph")
	_ = cmd.Flags().MarkHidden("trace")
	return cmd
}

func runExtract(ctx context.Context, e *env, o extractOptions) error {
	f, err := export.ParseFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	type loaded struct {
		ex  *extract.Extractor
		err error
	}
	load := make(chan loaded, 1)
	go func() {
		ex, err := extract.New()
		load <- loaded{ex, err}
	}()
	docs, stop := readAhead(ctx, documents(ctx, ingest.Reader{Logger: e.log}, o.paths))
	defer stop()
	l := <-load
	if l.err != nil {
		return l.err
	}
	ex := l.ex
	if o.trace {
		return traceDocs(ctx, e, ex, docs)
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	// N-Quads keep each document in its own graph, so each document is
	// rendered on the core that extracted it and written as it comes, in
	// input order: memory stays flat however many there are, and one
	// document's output is exactly what writing it alone gives. The other
	// formats merge graphs (N-Triples, Turtle) or are one JSON document:
	// they get every quad at once.
	stream := f == export.NQuads
	var all []quad.Quad
	failed, read := 0, 0
	render := func(d *ingest.Document, qs []quad.Quad) (rendered, error) {
		qs = append(qs, ingestHashQuad(d, ex))
		if !stream {
			return rendered{quads: qs}, nil
		}
		b, err := export.AppendNQuads(nquadsBufs.get(), qs)
		quadBufs.put(qs)
		if err != nil {
			return rendered{}, fmt.Errorf("write %s: %w", d.Origin, err)
		}
		return rendered{nquads: b}, nil
	}
	extractFn := ex.Extract
	if stream {
		extractFn = func(ctx context.Context, d *ingest.Document) ([]quad.Quad, error) {
			return ex.AppendUnsorted(ctx, quadBufs.get(), d) // AppendNQuads sorts and drops repeats
		}
	}
	err = extractAll(ctx, extractFn, docs, render, func(d *ingest.Document, r rendered, err error) error {
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
			return nil
		}
		read++
		all = append(all, r.quads...)
		_, err = out.Write(r.nquads)
		nquadsBufs.put(r.nquads)
		if err != nil {
			return fmt.Errorf("write output: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !stream {
		if err := export.Write(ctx, out, f, export.Quads(all), export.Options{}); err != nil {
			return err
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs failed: %w", failed, read+failed, errPartial)
	}
	if read == 0 {
		return usagef("no documents in %s", strings.Join(o.paths, ", "))
	}
	return nil
}

// recycler pools slices whose contents are spent, for the next document:
// a corpus's N-Quads are several times its text, and allocating them and
// the quads afresh for each document kept the collector busy. It keeps no
// slice of more than max elements; zero empties a slice that is put back,
// so that it holds on to nothing of its document.
type recycler[T any] struct {
	pool sync.Pool
	max  int
	zero bool
}

func (r *recycler[T]) get() []T {
	if p, ok := r.pool.Get().(*[]T); ok {
		return (*p)[:0]
	}
	return nil
}

func (r *recycler[T]) put(s []T) {
	if cap(s) == 0 || cap(s) > r.max {
		return
	}
	if r.zero {
		clear(s)
	}
	r.pool.Put(&s)
}

var (
	nquadsBufs = recycler[byte]{max: 4 << 20}                  // rendered documents, once written
	quadBufs   = recycler[quad.Quad]{max: 1 << 16, zero: true} // extracted quads, once rendered
)

// rendered is one document's output: its quads, or its N-Quads text.
type rendered struct {
	quads  []quad.Quad
	nquads []byte
}

// extractAll extracts docs with extractDoc and renders each document's
// quads on every core, and calls fn for each in input order, from the
// calling goroutine, with what render made of it or with its read, extract
// or render error (d may then be nil). Up to 32 documents per core are in
// flight: enough that a long document, which fn must wait for, does not
// leave the other cores idle (with 4 per core, extracting the corpus took
// 5% longer). It returns ctx's error when ctx ends, or fn's.
func extractAll[T any](ctx context.Context, extractDoc func(context.Context, *ingest.Document) ([]quad.Quad, error), docs iter.Seq2[*ingest.Document, error],
	render func(*ingest.Document, []quad.Quad) (T, error), fn func(*ingest.Document, T, error) error) error {
	type result struct {
		out T
		err error
	}
	type job struct {
		doc *ingest.Document
		res chan result
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *job, 4*workers)
	order := make(chan *job, 32*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				var r result
				qs, err := extractDoc(ctx, j.doc)
				if err != nil {
					r.err = fmt.Errorf("extract %s: %w", j.doc.Origin, err)
				} else {
					r.out, r.err = render(j.doc, qs)
				}
				j.res <- r
			}
		})
	}
	wg.Go(func() {
		defer close(order)
		defer close(jobs)
		for d, err := range docs {
			j := &job{doc: d, res: make(chan result, 1)}
			if err != nil || d == nil {
				j.res <- result{err: err}
			}
			select {
			case order <- j:
			case <-ctx.Done():
				return
			}
			if err == nil && d != nil {
				select {
				case jobs <- j:
				case <-ctx.Done():
					return
				}
			}
		}
	})
	defer func() {
		cancel() // the reader and the workers stop when fn fails
		wg.Wait()
	}()
	for j := range order {
		r := <-j.res
		if r.err == nil && j.doc == nil {
			continue // a source yielding neither document nor error
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(j.doc, r.out, r.err); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// traceDocs prints how each document was read, one after the other.
func traceDocs(ctx context.Context, e *env, ex *extract.Extractor, docs iter.Seq2[*ingest.Document, error]) error {
	for d, err := range docs {
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
			continue
		}
		fmt.Fprintf(e.stdout, "=== %s\n", d.Origin)
		if err := ex.Trace(ctx, e.stdout, d); err != nil {
			return err
		}
	}
	return ctx.Err()
}
