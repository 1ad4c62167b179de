package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/queries"
)

func newQueriesCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "queries",
		Short:   "List the saved queries with their descriptions and parameters",
		Example: `  newsgraph queries`,
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runQueries(cmd.Context(), e)
		},
	}
}

func runQueries(_ context.Context, e *env) error {
	qs, err := query.Load(queries.FS())
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPARAMETERS\tDESCRIPTION")
	for _, q := range qs {
		var ps []string
		for _, p := range q.Params {
			s := p.Name + ":" + string(p.Kind)
			if !p.Required {
				s = "[" + s + "]"
			}
			ps = append(ps, s)
		}
		if len(ps) == 0 {
			ps = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", q.Name, strings.Join(ps, " "), q.Description)
	}
	return tw.Flush()
}
