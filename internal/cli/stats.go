package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

func newStatsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "stats",
		Short:   "Count documents, quads and nodes per type",
		Example: `  newsgraph stats`,
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runStats(cmd.Context(), e)
		},
	}
}

// statser is the part of the store stats needs.
type statser interface {
	Stats(ctx context.Context) (store.Stats, error)
}

func runStats(ctx context.Context, e *env) error {
	st, err := e.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	return writeStats(ctx, e.stdout, st)
}

func writeStats(ctx context.Context, w io.Writer, st statser) error {
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "documents: %d\nquads: %d\n", s.Graphs, s.Quads)
	types := make([]string, 0, len(s.Types))
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Strings(types)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tNODES")
	for _, t := range types {
		fmt.Fprintf(tw, "%s\t%d\n", shortIRI(t), s.Types[t])
	}
	return tw.Flush()
}

// shortIRI abbreviates an IRI with the vocabulary's prefixes.
func shortIRI(iri string) string {
	best := ""
	for p, ns := range vocab.Prefixes {
		if strings.HasPrefix(iri, ns) && len(ns) > len(vocab.Prefixes[best]) {
			best = p
		}
	}
	if best == "" {
		return iri
	}
	return best + ":" + strings.TrimPrefix(iri, vocab.Prefixes[best])
}
