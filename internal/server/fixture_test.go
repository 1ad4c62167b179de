package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/queries"
	"github.com/newsgraph/newsgraph/seeds"
)

// The seeds graph is extracted once per test binary, as "newsgraph build"
// does, and copied into a fresh store for each test.
var (
	seedOnce  sync.Once
	seedQuads []store.Graph
	seedErr   error
)

func seedGraphs(t testing.TB) []store.Graph {
	t.Helper()
	seedOnce.Do(func() {
		ctx := context.Background()
		ex, err := extract.New()
		if err != nil {
			seedErr = err
			return
		}
		st, err := store.Open(ctx, "memstore://", store.Options{})
		if err != nil {
			seedErr = err
			return
		}
		defer st.Close()
		rep, err := ingest.Build(ctx, seedDocuments(ctx), ex, st, ingest.BuildOptions{})
		if err == nil && rep.Failed > 0 {
			err = errors.Join(rep.Errors...)
		}
		if err != nil {
			seedErr = err
			return
		}
		byGraph := map[quad.IRI][]quad.Quad{}
		var order []quad.IRI
		seedErr = st.Quads(ctx, func(q quad.Quad) error {
			g := q.Label.(quad.IRI)
			if _, ok := byGraph[g]; !ok {
				order = append(order, g)
			}
			byGraph[g] = append(byGraph[g], q)
			return nil
		})
		for _, g := range order {
			seedQuads = append(seedQuads, store.Graph{IRI: g, Quads: byGraph[g]})
		}
	})
	if seedErr != nil {
		t.Fatalf("build the seeds graph: %v", seedErr)
	}
	return seedQuads
}

// seedDocuments reads the embedded seed articles, as "newsgraph build"
// with no paths does.
func seedDocuments(ctx context.Context) iter.Seq2[*ingest.Document, error] {
	return func(yield func(*ingest.Document, error) bool) {
		stop := errors.New("stop")
		err := ingest.Reader{}.Read(ctx, seeds.FS, []string{"."}, func(d *ingest.Document, err error) error {
			if !yield(d, err) {
				return stop
			}
			return nil
		})
		if err != nil && !errors.Is(err, stop) {
			yield(nil, err)
		}
	}
}

// backends are the stores the API tests run on: memstore, and leveldb
// opened read-only as "newsgraph serve" opens it (a kv store, whose
// iterators and query wrapper differ; bolt fails the race detector's
// pointer checks, as the query package notes).
var backends = []string{"memstore", "leveldb"}

// seedStore returns a store holding the seeds graph.
func seedStore(t testing.TB, backend string) *store.Cayley {
	t.Helper()
	ctx := context.Background()
	gs := seedGraphs(t)
	loc := "memstore://"
	if backend == "leveldb" {
		loc = "leveldb://" + t.TempDir()
	}
	st, err := store.Open(ctx, loc, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ReplaceBatch(ctx, gs); err != nil {
		t.Fatal(err)
	}
	if backend == "memstore" {
		t.Cleanup(func() { st.Close() })
		return st
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err = store.Open(ctx, loc, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newServer is a server over st with the saved queries.
func newServer(t testing.TB, st Store, opts Options) *Server {
	t.Helper()
	opts.Queries = queries.FS()
	s, err := New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get runs one request through h and returns the status and body.
func get(t testing.TB, h http.Handler, method, target string, body io.Reader) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), method, target, body)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// getJSON is get for a JSON answer with the wanted status, decoded into v.
func getJSON(t testing.TB, h http.Handler, target string, status int, v any) {
	t.Helper()
	res, body := get(t, h, http.MethodGet, target, nil)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d: %s", target, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v: %s", target, err, body)
	}
}

// apiError decodes an error answer.
type apiError struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}
