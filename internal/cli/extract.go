package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/cayleygraph/quad"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/extract"
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
	ex, err := extract.New()
	if err != nil {
		return err
	}
	var all []quad.Quad
	failed, read := 0, 0
	for d, err := range documents(ctx, e, o.paths) {
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
			continue
		}
		read++
		if o.trace {
			fmt.Fprintf(e.stdout, "=== %s\n", d.Origin)
			ex.Trace(e.stdout, d)
			continue
		}
		qs, err := ex.Extract(ctx, d)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			failed++
			fmt.Fprintf(e.stderr, "newsgraph: extract %s: %v\n", d.Origin, err)
			continue
		}
		all = append(all, qs...)
		all = append(all, ingestHashQuad(d, ex))
	}
	if o.trace {
		return nil
	}
	if err := export.Write(ctx, e.stdout, f, export.Quads(all), export.Options{}); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d inputs failed: %w", failed, read+failed, errPartial)
	}
	if read == 0 {
		return usagef("no documents in %s", strings.Join(o.paths, ", "))
	}
	return nil
}
