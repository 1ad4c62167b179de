package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/queries"
)

type queryOptions struct {
	name    string
	params  []string
	format  string
	timeout time.Duration
	bench   int // hidden: run the query this many times and print timings
}

func newQueryCmd(e *env) *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query NAME|FILE [--param k=v]...",
		Short: "Run a saved query by name, or a Gizmo query file",
		Long: `Query runs a saved query (see "newsgraph queries") or any Gizmo query file with
a newsgraph header, and prints its rows sorted. Entity parameters take any
name of a person, country, organization, place or topic ("Lee Jae Myung",
"ROK"). --timeout stops a query that runs too long (exit code 124).`,
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
	cmd.Flags().DurationVar(&o.timeout, "timeout", 0, "stop the query after this long (10s, 2m); 0 for no limit")
	cmd.Flags().IntVar(&o.bench, "bench", 0, "run the query N times and print its median latency instead of its rows")
	_ = cmd.Flags().MarkHidden("bench")
	return cmd
}

func runQuery(ctx context.Context, e *env, o queryOptions) (err error) {
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
	if o.timeout < 0 {
		return usagef("--timeout %v: want a positive duration, or 0 for no limit", o.timeout)
	}
	if o.timeout > 0 {
		parent := ctx
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.timeout)
		defer cancel()
		defer func() {
			if err != nil && parent.Err() == nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				err = fmt.Errorf("query %s: %w after %v (--timeout)", q.Name, errTimeout, o.timeout)
			}
		}()
	}
	st, err := e.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.bench > 0 {
		return benchQuery(ctx, e, q, st, params, o.bench)
	}
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
