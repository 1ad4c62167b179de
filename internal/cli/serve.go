package cli

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/server"
	"github.com/newsgraph/newsgraph/queries"
)

type serveOptions struct {
	addr    string
	timeout time.Duration
	maxRows int
}

func newServeCmd(e *env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "Serve the graph: a JSON API and a browser explorer",
		Long: `Serve opens the store read-only and answers HTTP on --addr (127.0.0.1 only,
unless told otherwise) until interrupted (Ctrl-C), then finishes the requests
in flight and exits 0.

  /                    the explorer: search an entity, see its neighbourhood,
                       a timeline between two countries, each fact's sources
  /api/                the JSON API (GET /api/ lists the endpoints): saved
                       queries, search, entities, documents, facts,
                       timelines, export downloads
  /api/cayley/api/v2/  Cayley's own HTTP API, read-only (query, read)

Every request runs under --timeout; answers hold at most --max-rows rows.
Several read-only processes can share a bolt store, but no build can write
to it while it is served.`,
		Example: `  newsgraph serve
  newsgraph --db /data/graph.db serve --addr 127.0.0.1:9000
  curl 'http://127.0.0.1:8080/api/queries/meetings-between?a=Xi+Jinping&b=ROK'`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), e, o)
		},
	}
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "host:port to listen on (port 0 picks a free one)")
	cmd.Flags().DurationVar(&o.timeout, "timeout", server.DefaultTimeout, "time limit of each request (exports: 10m)")
	cmd.Flags().IntVar(&o.maxRows, "max-rows", server.DefaultMaxRows, "most rows or items in one answer")
	return cmd
}

func runServe(ctx context.Context, e *env, o serveOptions) error {
	if o.timeout <= 0 {
		return usagef("--timeout %s: want a positive duration", o.timeout)
	}
	if o.maxRows <= 0 {
		return usagef("--max-rows %d: want a positive number", o.maxRows)
	}
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usagef("--addr %q: want host:port (%v)", o.addr, err)
	}
	st, err := e.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(st, server.Options{
		Logger:  e.log,
		Queries: queries.FS(),
		Timeout: o.timeout,
		MaxRows: o.maxRows,
	})
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		e.log.Warn("listening beyond this machine: anyone who reaches the address can read the graph", "addr", ln.Addr().String())
	}
	fmt.Fprintf(e.stdout, "serving %s on http://%s/ (Ctrl-C stops)\n", e.location(), ln.Addr())
	return srv.Serve(ctx, ln)
}
