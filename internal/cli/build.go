package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"sync/atomic"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/seeds"
)

type buildOptions struct {
	paths   []string
	summary bool
}

func newBuildCmd(e *env) *cobra.Command {
	var o buildOptions
	cmd := &cobra.Command{
		Use:   "build [PATH...]",
		Short: "Read articles into the graph store (default: the seed articles)",
		Long: `Build reads files and folders (recursively) of articles and stores the facts
extracted from each in its own named graph. With no PATH it reads the seed
articles built into newsgraph (the files of seeds/).

Running it again on the same input changes nothing; a changed document
replaces its own facts and nothing else. A document that cannot be read is
reported on stderr and skipped; the exit code is then 3.`,
		Example: `  newsgraph build
  newsgraph build ../shared/corpus/news.jsonl.gz
  newsgraph --db /tmp/g.db build articles/ wires.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runBuild(cmd.Context(), e, o)
		},
	}
	cmd.Flags().BoolVar(&o.summary, "summary", true, "after building, print the graph's contents and timeline")
	return cmd
}

func runBuild(ctx context.Context, e *env, o buildOptions) error {
	ex, err := extract.New()
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()

	r := ingest.Reader{Logger: e.log, BytesRead: new(atomic.Int64)}
	bar := newProgress(e, "build", inputSize(ctx, r, o.paths), r.BytesRead)
	rep, err := ingest.Build(ctx, documents(ctx, r, o.paths), ex, st, ingest.BuildOptions{
		Logger:   e.log,
		Progress: bar.update,
	})
	bar.finish()
	for _, ferr := range rep.Errors {
		fmt.Fprintf(e.stderr, "newsgraph: %v\n", ferr)
	}
	fmt.Fprintf(e.stdout, "documents: %d read, %d added, %d updated, %d unchanged, %d failed\n",
		rep.Read, rep.Added, rep.Updated, rep.Unchanged, rep.Failed)
	fmt.Fprintf(e.stdout, "quads: %d written, %d deleted (store: %s)\n", rep.QuadsAdded, rep.QuadsDeleted, e.location())
	if err != nil {
		return err
	}
	if o.summary && !e.quiet {
		if err := printSummary(ctx, e.stdout, st); err != nil {
			return err
		}
	}
	if rep.Failed > 0 {
		return fmt.Errorf("%d of %d inputs failed: %w", rep.Failed, rep.Read+rep.Failed, errPartial)
	}
	return nil
}

// documents reads paths with r, or the embedded seed articles when there
// are none.
func documents(ctx context.Context, r ingest.Reader, paths []string) iter.Seq2[*ingest.Document, error] {
	return func(yield func(*ingest.Document, error) bool) {
		stop := errors.New("stop")
		fn := func(d *ingest.Document, err error) error {
			if !yield(d, err) {
				return stop
			}
			return nil
		}
		var err error
		if len(paths) == 0 {
			err = r.Read(ctx, seeds.FS, []string{"."}, fn)
		} else {
			err = r.ReadPaths(ctx, paths, fn)
		}
		if err != nil && !errors.Is(err, stop) {
			yield(nil, err)
		}
	}
}

// inputSize is the size of what documents reads, for progress displays.
func inputSize(ctx context.Context, r ingest.Reader, paths []string) int64 {
	if len(paths) == 0 {
		return r.Size(ctx, seeds.FS, []string{"."})
	}
	return r.SizePaths(ctx, paths)
}

// printSummary shows what the graph holds: counts and the latest events.
func printSummary(ctx context.Context, w io.Writer, st interface {
	query.Viewer
	statser
}) error {
	stats, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if err := writeStats(ctx, w, knownStats(stats)); err != nil {
		return err
	}
	q, err := query.Find(queries.FS(), "timeline")
	if err != nil {
		return err
	}
	res, err := q.Run(ctx, st, map[string]string{"limit": strconv.Itoa(summaryRows)})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\ntimeline:")
	events := int(stats.Types[string(vocab.Event)])
	if events > len(res.Rows) {
		// a big graph: its latest dated events
		var dated [][]string
		for _, r := range res.Rows {
			if r[0] != "" {
				dated = append(dated, r)
			}
		}
		res.Rows = dated
	}
	if err := res.Write(w, "table"); err != nil {
		return err
	}
	if more := events - len(res.Rows); more > 0 {
		fmt.Fprintf(w, "... and %d more events (newsgraph query timeline --param limit=0)\n", more)
	}
	return nil
}

// knownStats is a statser of stats already read.
type knownStats store.Stats

func (s knownStats) Stats(context.Context) (store.Stats, error) { return store.Stats(s), nil }

// summaryRows caps the timeline build prints.
const summaryRows = 25
