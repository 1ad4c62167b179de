package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/export"
)

func TestExport(t *testing.T) {
	st := seedStore(t, "leveldb")
	s := newServer(t, st, Options{})
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			res, body := get(t, s, http.MethodGet, "/api/export?format="+string(f), nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", res.StatusCode, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, f.MediaType()) {
				t.Errorf("Content-Type %q, want %s", ct, f.MediaType())
			}
			if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="newsgraph`+f.Ext()+`"` {
				t.Errorf("Content-Disposition %q", cd)
			}
			// the same bytes as "newsgraph export --format f"
			var want bytes.Buffer
			if err := export.Write(t.Context(), &want, f, st.Quads, export.Options{}); err != nil {
				t.Fatal(err)
			}
			if body != want.String() {
				t.Errorf("the download differs from export.Write (%d bytes, want %d)", len(body), want.Len())
			}
		})
	}
	res, body := get(t, s, http.MethodGet, "/api/export", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "> <https://w3id.org/newsgraph/id/doc/") {
		t.Errorf("default format: status %d, N-Quads expected", res.StatusCode)
	}
	runErrorCases(t, s, []errorCase{
		{"unknown format", "/api/export?format=rdfxml", 400, `unknown export format "rdfxml"`},
	})
}

// viewCounter counts the calls of View, to show that a handler reads
// through it (and so under the store's read lock).
type viewCounter struct {
	Store
	views atomic.Int64
}

func (v *viewCounter) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	v.views.Add(1)
	return v.Store.View(ctx, fn)
}

func TestCayley(t *testing.T) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) {
			vc := &viewCounter{Store: seedStore(t, b)}
			s := newServer(t, vc, Options{})
			gizmo := `g.V("<` + lee + `>").Out("<http://schema.org/nationality>").Unique().All()`
			for _, tc := range []struct {
				name   string
				method string
				target string
				body   string
				status int
				want   string
			}{
				{"gizmo by GET", "GET", "/api/cayley/api/v2/query?lang=gizmo&qu=" + url.QueryEscape(gizmo), "", 200, `{"result":[{"id":"<` + korea + `>"}]}`},
				{"gizmo by POST", "POST", "/api/cayley/api/v2/query?lang=gizmo", gizmo, 200, `"<` + korea + `>"`},
				{"short path", "GET", "/api/cayley/v2/query?lang=gizmo&qu=" + url.QueryEscape(gizmo), "", 200, korea},
				{"read quads", "GET", "/api/cayley/api/v2/read?format=nquads&sub=" + url.QueryEscape("<"+lee+">") + "&pred=" + url.QueryEscape("<http://schema.org/nationality>"), "", 200, "KR"},
				{"formats", "GET", "/api/cayley/api/v2/formats", "", 200, `"nquads"`},
				{"no language", "GET", "/api/cayley/api/v2/query?qu=g.V()", "", 400, "query language not specified"},
				{"write", "POST", "/api/cayley/api/v2/write", `<a> <b> <c> .`, 403, "read-only"},
				{"delete", "POST", "/api/cayley/api/v2/delete", `<a> <b> <c> .`, 403, "read-only"},
				{"node delete", "POST", "/api/cayley/api/v2/node/delete", `<a>`, 403, "read-only"},
				{"write by PUT", "PUT", "/api/cayley/api/v2/write", `<a> <b> <c> .`, 405, "read-only"},
				{"unknown", "GET", "/api/cayley/api/v1/query", "", 404, "no such endpoint"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					res, body := get(t, s, tc.method, tc.target, strings.NewReader(tc.body))
					if res.StatusCode != tc.status || !strings.Contains(body, tc.want) {
						t.Errorf("%s %s: %d %s; want %d with %q", tc.method, tc.target, res.StatusCode, body, tc.status, tc.want)
					}
				})
			}
			if vc.views.Load() == 0 {
				t.Errorf("Cayley's handlers did not read through Store.View")
			}
			// the refused writes wrote nothing
			res, body := get(t, s, "GET", "/api/cayley/api/v2/read?format=nquads&sub=%3Ca%3E", nil)
			if res.StatusCode != http.StatusOK || strings.Contains(body, "<a>") {
				t.Errorf("read <a>: %d %q", res.StatusCode, body)
			}
		})
	}
}

func TestCayleyLimits(t *testing.T) {
	st := seedStore(t, "memstore")
	t.Run("bytes", func(t *testing.T) {
		s := newServer(t, st, Options{MaxBytes: 4096})
		res, body := get(t, s, "GET", "/api/cayley/api/v2/read?format=nquads", nil)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "exceeds the server's limit of 4096 bytes") {
			t.Errorf("whole store through a 4 KiB limit: %d %s", res.StatusCode, body)
		}
	})
	t.Run("rows", func(t *testing.T) {
		s := newServer(t, st, Options{MaxRows: 3})
		res, body := get(t, s, "GET", "/api/cayley/api/v2/query?lang=gizmo&qu="+url.QueryEscape("g.V().All()"), nil)
		var out struct{ Result []any }
		if err := json.Unmarshal([]byte(body), &out); err != nil || res.StatusCode != 200 || len(out.Result) != 3 {
			t.Errorf("g.V().All() with 3 rows at most: %d, %d results (%v)", res.StatusCode, len(out.Result), err)
		}
	})
}

func TestReadOnlyMethods(t *testing.T) {
	s := newServer(t, seedStore(t, "memstore"), Options{})
	for _, tc := range []struct{ method, target string }{
		{"POST", "/api/queries/person"},
		{"PUT", "/api/entity"},
		{"DELETE", "/api/document?id=" + doc000},
		{"PATCH", "/"},
		{"POST", "/app.js"},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			res, body := get(t, s, tc.method, tc.target, strings.NewReader("x"))
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") == "" || !strings.Contains(body, "read-only") {
				t.Errorf("%d, Allow %q: %s", res.StatusCode, res.Header.Get("Allow"), body)
			}
		})
	}
	res, _ := get(t, s, "HEAD", "/api/stats", nil)
	if res.StatusCode != http.StatusOK {
		t.Errorf("HEAD /api/stats: %d", res.StatusCode)
	}
}

func TestWeb(t *testing.T) {
	s := newServer(t, seedStore(t, "memstore"), Options{})
	for _, tc := range []struct{ path, ctype, want string }{
		{"/", "text/html", `<script src="/app.js"`},
		{"/app.js", "text/javascript", "/api/search"},
		{"/style.css", "text/css", ".timeline"},
	} {
		res, body := get(t, s, "GET", tc.path, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %d %s", tc.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: CSP %q", tc.path, csp)
		}
	}
	res, _ := get(t, s, "GET", "/nothing.js", nil)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /nothing.js: %d", res.StatusCode)
	}
	// Nothing in the page may load from elsewhere: no absolute URL in a
	// src, href, url() or import; only the vocabulary's IRIs, which are
	// names, appear in the script.
	loads := regexp.MustCompile(`(?i)(src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//|@import|import\s*\(`)
	allowed := regexp.MustCompile(`^https?://(schema\.org/|w3id\.org/newsgraph/|www\.w3\.org/)`)
	anyURL := regexp.MustCompile(`https?://[^\s'"<>)]+`)
	err := fs.WalkDir(webFS, "web", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(webFS, p)
		if err != nil {
			return err
		}
		if m := loads.Find(b); m != nil {
			t.Errorf("%s loads from elsewhere: %q", p, m)
		}
		for _, u := range anyURL.FindAll(b, -1) {
			if !allowed.Match(u) {
				t.Errorf("%s names an outside URL: %s", p, u)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// blockingStore's View waits for the request's time limit.
type blockingStore struct{ Store }

func (blockingStore) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	<-ctx.Done()
	return ctx.Err()
}

// slowGraphs is a store whose list of graphs (and so the search index)
// is not ready until release is closed.
type slowGraphs struct {
	Store
	release chan struct{}
}

func (s slowGraphs) Graphs(ctx context.Context) ([]quad.IRI, error) {
	select {
	case <-s.release:
		return s.Store.Graphs(ctx)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestSearchBeforeIndex: while the index of names is built, a search
// answers at once with the exact names, then in full.
func TestSearchBeforeIndex(t *testing.T) {
	defer func(d time.Duration) { indexWait = d }(indexWait)
	indexWait = 50 * time.Millisecond
	release := make(chan struct{})
	s := newServer(t, slowGraphs{seedStore(t, "memstore"), release}, Options{})
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	var out searchAnswer
	getJSON(t, s, "/api/search?q=Lee", http.StatusOK, &out)
	if !out.Partial || len(out.Results) != 1 || out.Results[0].IRI != lee {
		t.Errorf("before the index: partial %v, %+v", out.Partial, out.Results)
	}
	getJSON(t, s, "/api/search?q=jae", http.StatusOK, &out)
	if !out.Partial || len(out.Results) != 0 {
		t.Errorf("a word inside a name before the index: partial %v, %+v", out.Partial, out.Results)
	}
	close(release)
	getJSON(t, s, "/api/search?q=jae", http.StatusOK, &out)
	if out.Partial || len(out.Results) == 0 || out.Results[0].IRI != lee {
		t.Errorf("after the index: partial %v, %+v", out.Partial, out.Results)
	}
}

func TestLimits(t *testing.T) {
	st := seedStore(t, "memstore")
	t.Run("time", func(t *testing.T) {
		s := newServer(t, blockingStore{st}, Options{Timeout: 20 * time.Millisecond})
		var e apiError
		getJSON(t, s, "/api/entity?name=Lee", http.StatusServiceUnavailable, &e)
		if !strings.Contains(e.Error, "took longer than the server's limit") {
			t.Errorf("error %q", e.Error)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		s := newServer(t, st, Options{MaxBytes: 500})
		var e apiError
		getJSON(t, s, "/api/entity?name=Lee", http.StatusBadRequest, &e)
		if !strings.Contains(e.Error, "exceeds the server's limit of 500 bytes") {
			t.Errorf("error %q", e.Error)
		}
	})
}

func TestServe(t *testing.T) {
	s := newServer(t, seedStore(t, "leveldb"), Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	res, err := http.Get(base + "/api/search?q=Lee")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), lee) {
		t.Errorf("search: %d %s", res.StatusCode, body)
	}
	// A page on another site that rebinds its name to 127.0.0.1 sends
	// its own Host: refused.
	for host, want := range map[string]int{"evil.example:80": 403, "localhost": 200, "127.0.0.1": 200, "[::1]:8080": 200} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", base+"/api/stats", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(shutdownGrace + 5*time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	if _, err := http.Get(base + "/api/stats"); err == nil {
		t.Errorf("still answering after shutdown")
	}
}

func TestServeListenerError(t *testing.T) {
	s := newServer(t, seedStore(t, "memstore"), Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := s.Serve(t.Context(), ln); err == nil || !errors.Is(err, net.ErrClosed) {
		t.Errorf("Serve on a closed listener: %v", err)
	}
}

// FuzzAPI sends arbitrary query strings to every endpoint: the answer is
// JSON (a download for export), never a server error.
func FuzzAPI(f *testing.F) {
	st := seedStore(f, "memstore")
	s := newServer(f, st, Options{Timeout: 2 * time.Second})
	paths := []string{"/api/search", "/api/entity", "/api/document", "/api/fact", "/api/timeline", "/api/queries/meetings-between", "/api/queries/person", "/api/export"}
	for _, seed := range []string{"q=Lee", "iri=" + url.QueryEscape(lee), "name=ROK", "id=" + doc000, "a=ROK&b=China", "s=x&p=y&o=z", "a=%ff&b=<>", "value=&s=<a>&p=<b>", "format=ttl", "q=%00"} {
		for i := range paths {
			f.Add(uint8(i), seed)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, rawQuery string) {
		path := paths[int(which)%len(paths)]
		if path == "/api/export" {
			return // slow and covered by TestExport
		}
		req := (&http.Request{
			Method: http.MethodGet, URL: &url.URL{Path: path, RawQuery: rawQuery},
			Host: "127.0.0.1", Header: http.Header{}, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		}).WithContext(t.Context())
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s?%s: status %d: %s", path, rawQuery, rec.Code, rec.Body.String())
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%s?%s: not JSON: %q", path, rawQuery, rec.Body.String())
		}
	})
}
