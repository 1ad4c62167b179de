package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/queries"
)

type queryOptions struct {
	name   string
	params []string
	format string
}

func newQueryCmd(e *env) *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query NAME|FILE [--param k=v]...",
		Short: "Run a saved query by name, or a Gizmo query file",
		Long: `Query runs a saved query (see "newsgraph queries") or any Gizmo query file with
a newsgraph header, and prints its rows sorted. Entity parameters take any
name of a person, country, organization, place or topic ("Lee Jae Myung",
"ROK").`,
		Example: `  newsgraph query meetings-between --param a="Xi Jinping" --param b="Lee Jae Myung"
  newsgraph query agreements --param country=ROK --format json
  newsgraph query ./my-query.gizmo --format csv`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.name = args[0]
			return runQuery(cmd.Context(), e, o)
		},
	}
	cmd.Flags().StringArrayVarP(&o.params, "param", "p", nil, "query parameter as name=value (repeatable)")
	cmd.Flags().StringVarP(&o.format, "format", "f", "table", "output format: "+strings.Join(query.Formats, ", "))
	return cmd
}

func runQuery(ctx context.Context, e *env, o queryOptions) error {
	params := map[string]string{}
	for _, p := range o.params {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return usagef("--param %q: want name=value", p)
		}
		params[strings.TrimSpace(k)] = v
	}
	if !validFormat(o.format) {
		return usagef("unknown output format %q (want one of %s)", o.format, strings.Join(query.Formats, ", "))
	}
	q, err := query.Find(queries.FS(), o.name)
	if err != nil {
		return err
	}
	st, err := e.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := q.Run(ctx, st, params)
	if err != nil {
		return err
	}
	if err := res.Write(e.stdout, o.format); err != nil {
		return fmt.Errorf("write result: %w", err)
	}
	return nil
}

func validFormat(f string) bool {
	for _, x := range query.Formats {
		if x == f {
			return true
		}
	}
	return false
}
