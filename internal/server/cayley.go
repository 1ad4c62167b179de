package server

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	cayleyhttp "github.com/cayleygraph/cayley/server/http"
	// The quad formats Cayley's own binary registers, for /read and
	// /formats.
	_ "github.com/cayleygraph/quad/dot"
	_ "github.com/cayleygraph/quad/gml"
	_ "github.com/cayleygraph/quad/graphml"
	_ "github.com/cayleygraph/quad/json"
	_ "github.com/cayleygraph/quad/jsonld"
	_ "github.com/cayleygraph/quad/nquads"
	_ "github.com/cayleygraph/quad/pquads"
)

// Cayley's v2 endpoints that only read, and those that write.
var (
	cayleyReads  = map[string]bool{"/api/v2/query": true, "/api/v2/read": true, "/api/v2/formats": true}
	cayleyWrites = map[string]bool{"/api/v2/write": true, "/api/v2/delete": true, "/api/v2/node/delete": true}
)

// maxCayleyBody bounds a query sent in a POST body (Cayley's own limit).
const maxCayleyBody = 1 << 20

// handleCayley serves Cayley's own v2 HTTP API (server/http in v0.7.7)
// under /api/cayley/: /api/cayley/api/v2/query?lang=gizmo&qu=…, so that a
// Cayley client given the base URL …/api/cayley works, or the shorter
// /api/cayley/v2/query. Only query, read and formats are served; write,
// delete and node/delete answer 403. Each request gets a fresh APIv2 over
// the quad store that Store.View hands out, so Cayley's handlers read
// under the store's read lock and through the same wrapper as the saved
// queries; the answer is held until it is complete, so that one larger
// than MaxBytes is refused with an error rather than cut.
func (s *Server) handleCayley(w http.ResponseWriter, r *http.Request) {
	rest := strings.TrimPrefix(r.URL.Path, "/api/cayley")
	if strings.HasPrefix(rest, "/v2/") {
		rest = "/api" + rest
	}
	switch {
	case cayleyWrites[rest]:
		s.fail(w, r, &httpError{status: http.StatusForbidden, msg: "the graph is read-only: " + rest + " is not served"})
		return
	case !cayleyReads[rest]:
		s.fail(w, r, notFound("no such endpoint %s (Cayley's read-only API: /api/cayley/api/v2/query, /read, /formats)", r.URL.Path))
		return
	case r.Method == http.MethodPost && rest == "/api/v2/formats":
		w.Header().Set("Allow", "GET, HEAD")
		s.fail(w, r, &httpError{status: http.StatusMethodNotAllowed, msg: "use GET for " + rest})
		return
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxCayleyBody)
	}
	buf := &bufferedResponse{header: http.Header{}, max: s.opts.MaxBytes}
	err := s.st.View(r.Context(), func(qs graph.QuadStore) error {
		api := cayleyhttp.NewAPIv2(&graph.Handle{QuadStore: qs})
		api.SetReadOnly(true)
		api.SetQueryLimit(s.opts.MaxRows)
		api.SetQueryTimeout(s.opts.Timeout)
		r2 := r.Clone(r.Context())
		r2.URL.Path, r2.URL.RawPath = rest, ""
		api.ServeHTTP(buf, r2)
		return nil
	})
	switch {
	case err != nil:
		s.fail(w, r, err)
		return
	case buf.exceeded:
		s.fail(w, r, badRequest("%s: the answer exceeds the server's limit of %d bytes; ask for less (or use /api/export for the whole graph)", r.URL.Path, s.opts.MaxBytes))
		return
	}
	for k, vs := range buf.header {
		w.Header()[k] = vs
	}
	if buf.status == 0 {
		buf.status = http.StatusOK
	}
	w.WriteHeader(buf.status)
	if r.Method != http.MethodHead {
		w.Write(buf.body.Bytes())
	}
}

var errTooLarge = errors.New("answer too large")

// bufferedResponse holds a handler's answer, up to max bytes.
type bufferedResponse struct {
	header   http.Header
	status   int
	body     bytes.Buffer
	max      int64
	exceeded bool
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.exceeded || int64(b.body.Len()+len(p)) > b.max {
		b.exceeded = true
		return 0, errTooLarge
	}
	return b.body.Write(p)
}
