package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
)

// httpError is an error with the status it answers with.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &httpError{status: http.StatusNotFound, msg: fmt.Sprintf(format, args...)}
}

// errorBody is every error answer: {"error": "one line", "status": 404}.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

// statusOf maps an error to its HTTP status; the one place where the
// sentinels of the other packages meet status codes.
func statusOf(err error) int {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads this
	case errors.Is(err, query.ErrNotFound), errors.Is(err, query.ErrNoEntity),
		errors.Is(err, store.ErrNotFound), errors.Is(err, errNoNode):
		return http.StatusNotFound
	case errors.Is(err, query.ErrParam), errors.Is(err, export.ErrUnknownFormat),
		errors.Is(err, query.ErrFormat), errors.Is(err, query.ErrSyntax):
		return http.StatusBadRequest
	case errors.Is(err, store.ErrClosed):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers with err as JSON.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := oneLine(err.Error())
	switch {
	case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() != nil:
		msg = fmt.Sprintf("%s: took longer than the server's limit; ask for less (%s)", r.URL.Path, msg)
	case status == 499:
		s.log.Debug("client went away", "path", r.URL.Path, "err", err)
		return
	case status >= 500:
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.writeJSON(w, r, status, errorBody{Error: msg, Status: status})
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}

// writeJSON answers with v, unless its encoding is larger than MaxBytes.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // nosniff and a JSON type keep it from being read as HTML
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		s.log.Error("encode answer", "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"error": "encode answer: internal error", "status": 500}`+"\n")
	}
	if int64(buf.Len()) > s.opts.MaxBytes {
		status = http.StatusBadRequest
		buf.Reset()
		b, _ := json.Marshal(errorBody{
			Error:  fmt.Sprintf("%s: the answer exceeds the server's limit of %d bytes; ask for less", r.URL.Path, s.opts.MaxBytes),
			Status: status,
		})
		buf.Write(b)
		buf.WriteByte('\n')
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// single returns the one value of query parameter name, "" when absent;
// an error when it is given more than once.
func single(r *http.Request, name string) (string, error) {
	vs := r.URL.Query()[name]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return strings.TrimSpace(vs[0]), nil
	}
	return "", badRequest("parameter %q given %d times; give it once", name, len(vs))
}

// form reads the query parameters of a request for a handler: only those
// it names, each at most once. It keeps the first error, so that a handler
// reads them all and checks once.
type form struct {
	r   *http.Request
	err error
}

// newForm starts reading r's parameters; any but names is an error.
func newForm(r *http.Request, names ...string) *form {
	return &form{r: r, err: onlyParams(r, names...)}
}

// single is the value of a parameter given at most once ("" if absent).
func (f *form) single(name string) string {
	if f.err != nil {
		return ""
	}
	v, err := single(f.r, name)
	f.err = err
	return v
}

// required is single for a parameter that must be there.
func (f *form) required(name, what string) string {
	if f.err != nil {
		return ""
	}
	v, err := required(f.r, name, what)
	f.err = err
	return v
}

// int is intParam: a number from lo to hi, def if absent.
func (f *form) int(name string, def, lo, hi int) int {
	if f.err != nil {
		return def
	}
	n, err := intParam(f.r, name, def, lo, hi)
	f.err = err
	return n
}

// required is single for a parameter that must be there.
func required(r *http.Request, name, what string) (string, error) {
	v, err := single(r, name)
	if err == nil && v == "" {
		err = badRequest("missing parameter %q (%s)", name, what)
	}
	return v, err
}

// onlyParams fails when the request has query parameters other than
// names, so that a typo is an error rather than ignored.
func onlyParams(r *http.Request, names ...string) error {
	keys := make([]string, 0, len(r.URL.Query()))
	for k := range r.URL.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ok := false
		for _, n := range names {
			ok = ok || k == n
		}
		if !ok {
			if len(names) == 0 {
				return badRequest("unknown parameter %q (%s takes none)", k, r.URL.Path)
			}
			return badRequest("unknown parameter %q (%s takes %s)", k, r.URL.Path, strings.Join(names, ", "))
		}
	}
	return nil
}
