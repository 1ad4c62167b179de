// Package server serves the graph to analysts over HTTP: a JSON API (the
// saved queries, entity search, an entity and its neighbourhood, a document
// with its facts and evidence sentences, timelines between two parties,
// each fact with its sources, RDF export), Cayley's own v2 HTTP API
// mounted read-only under /api/cayley/, and a browser explorer whose
// assets are embedded in the binary (web/) and load nothing from
// elsewhere.
//
// The server only reads: it has no route that writes, and the CLI opens
// the store read-only. Every request runs under a time limit (Options.
// Timeout) and every answer under size limits (Options.MaxRows,
// Options.MaxBytes); every read goes through Store.View, so it holds the
// store's read lock like any other query.
//
// API.md beside this file lists the endpoints.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Store is the graph the server reads. *store.Cayley satisfies it. Every
// method honours ctx and is safe for concurrent use; none writes.
type Store interface {
	// View runs fn with read access to the quad store; fn must not write.
	View(ctx context.Context, fn func(graph.QuadStore) error) error
	// Quads calls fn for every quad, for export.
	Quads(ctx context.Context, fn func(quad.Quad) error) error
	// Graphs lists the named graphs (documents), sorted.
	Graphs(ctx context.Context) ([]quad.IRI, error)
	// Stats counts quads, graphs and typed nodes.
	Stats(ctx context.Context) (store.Stats, error)
}

var _ Store = (*store.Cayley)(nil)

// Default limits.
const (
	DefaultTimeout       = 30 * time.Second
	DefaultExportTimeout = 10 * time.Minute
	DefaultMaxRows       = 5000
	DefaultMaxBytes      = 32 << 20
	DefaultMaxScan       = 50000
	// shutdownGrace is how long Serve lets requests in flight finish.
	shutdownGrace = 5 * time.Second
)

// Options tune a Server. The zero value uses the defaults.
type Options struct {
	// Logger receives one debug line per request and errors; nil discards.
	Logger *slog.Logger
	// Queries holds the saved queries (*.gizmo at its root); nil serves
	// none.
	Queries fs.FS
	// Timeout bounds each request (DefaultTimeout); ExportTimeout the
	// export downloads, which read the whole graph (DefaultExportTimeout).
	Timeout       time.Duration
	ExportTimeout time.Duration
	// MaxRows bounds the rows of a saved query's answer and the items of
	// lists (search results, facts, timeline entries); longer answers are
	// cut and say "truncated": true (DefaultMaxRows).
	MaxRows int
	// MaxBytes bounds a JSON answer and anything Cayley's API sends
	// (DefaultMaxBytes); exports are not bounded in size, only in time.
	MaxBytes int64
	// MaxScan bounds the quads one look-up around a node reads, so that
	// hubs (a country named by every document) answer in bounded time
	// (DefaultMaxScan).
	MaxScan int
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ExportTimeout <= 0 {
		o.ExportTimeout = DefaultExportTimeout
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxScan <= 0 {
		o.MaxScan = DefaultMaxScan
	}
	return o
}

// Server is the HTTP handler of the API, Cayley's API and the explorer.
type Server struct {
	st      Store
	opts    Options
	log     *slog.Logger
	queries []*query.Query
	byName  map[string]*query.Query
	names   *nameIndex
	mux     *http.ServeMux
}

var _ http.Handler = (*Server)(nil)

// New makes a server over st. It fails when a saved query does not parse.
func New(st Store, opts Options) (*Server, error) {
	opts = opts.withDefaults()
	s := &Server{st: st, opts: opts, log: opts.Logger, byName: map[string]*query.Query{}}
	if opts.Queries != nil {
		qs, err := query.Load(opts.Queries)
		if err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
		s.queries = qs
		for _, q := range qs {
			s.byName[q.Name] = q
		}
	}
	s.names = newNameIndex(st, opts.Logger)
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /api/{$}", s.handleIndex)
	m.HandleFunc("GET /api/stats", s.handleStats)
	m.HandleFunc("GET /api/queries", s.handleQueries)
	m.HandleFunc("GET /api/queries/{name}", s.handleQuery)
	m.HandleFunc("GET /api/search", s.handleSearch)
	m.HandleFunc("GET /api/entity", s.handleEntity)
	m.HandleFunc("GET /api/document", s.handleDocument)
	m.HandleFunc("GET /api/documents", s.handleDocuments)
	m.HandleFunc("GET /api/fact", s.handleFact)
	m.HandleFunc("GET /api/timeline", s.handleTimeline)
	m.HandleFunc("GET /api/export", s.handleExport)
	m.HandleFunc("/api/cayley/", s.handleCayley)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, notFound("no such endpoint %s (GET /api/ lists them)", r.URL.Path))
	})
	m.Handle("/", webHandler()) // GET and HEAD only: ServeHTTP refuses the rest
	s.mux = m
}

// ServeHTTP applies the read-only rule, the time limit and the security
// headers, then routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	// The explorer loads nothing from anywhere else; the policy makes the
	// browser enforce it.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	if !s.allowedMethod(r) {
		if strings.HasPrefix(r.URL.Path, "/api/cayley/") {
			h.Set("Allow", "GET, HEAD, POST")
		} else {
			h.Set("Allow", "GET, HEAD")
		}
		s.fail(w, r, &httpError{status: http.StatusMethodNotAllowed, msg: fmt.Sprintf("%s %s: the server is read-only; use GET", r.Method, r.URL.Path)})
		return
	}
	timeout := s.opts.Timeout
	if r.URL.Path == "/api/export" {
		timeout = s.opts.ExportTimeout
	}
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	sw := &statusWriter{ResponseWriter: w}
	s.mux.ServeHTTP(sw, r.WithContext(ctx))
	s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.n, "duration", time.Since(start))
}

// allowedMethod: GET and HEAD everywhere; POST only for Cayley's query and
// read endpoints, which take the query in the body but do not write.
func (s *Server) allowedMethod(r *http.Request) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodPost:
		return strings.HasPrefix(r.URL.Path, "/api/cayley/")
	}
	return false
}

// statusWriter records the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.n += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Serve answers requests on ln until ctx ends, then stops accepting,
// lets the requests in flight finish (for a few seconds) and returns nil.
// It also builds the search index in the background, so that the first
// search does not wait for it. When ln is on a loopback address, requests
// must name the host as localhost or an IP address, which stops web pages
// elsewhere from reading the graph through DNS rebinding.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	var h http.Handler = s
	if isLoopback(ln.Addr()) {
		h = hostGuard(h)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.names.setBase(ctx)
	go s.names.warm(ctx, s.opts.Timeout*4)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	}
	return nil
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// hostGuard refuses requests whose Host is a domain name other than
// localhost.
func hostGuard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if hh, _, err := net.SplitHostPort(host); err == nil {
			host = hh
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		if host != "localhost" && !strings.HasSuffix(host, ".localhost") && net.ParseIP(host) == nil {
			http.Error(w, "newsgraph serve: unexpected Host "+r.Host+" (use localhost or an IP address)", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}
