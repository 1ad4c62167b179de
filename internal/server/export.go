package server

import (
	"fmt"
	"net/http"

	"github.com/newsgraph/newsgraph/internal/export"
)

// handleExport sends the whole graph as a file: GET /api/export?format=turtle
// (nquads, ntriples, turtle, jsonld, graphml, dot; default nquads).
// export.Write reads every quad before it writes a byte, so a failure while
// reading is still a JSON error; one while sending cuts the connection, so
// that a client never takes half a file for a whole one.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "format"); err != nil {
		s.fail(w, r, err)
		return
	}
	name, err := single(r, "format")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if name == "" {
		name = string(export.NQuads)
	}
	f, err := export.ParseFormat(name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Method == http.MethodHead {
		s.exportHeaders(w, f)
		w.WriteHeader(http.StatusOK)
		return
	}
	lw := &lazyWriter{w: w, start: func() { s.exportHeaders(w, f) }}
	err = export.Write(r.Context(), lw, f, s.st.Quads, export.Options{})
	if err != nil {
		if !lw.started {
			s.fail(w, r, err)
			return
		}
		s.log.Warn("export cut short", "format", f, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !lw.started {
		lw.start() // an empty graph: headers, no body
		lw.started = true
	}
}

func (s *Server) exportHeaders(w http.ResponseWriter, f export.Format) {
	h := w.Header()
	h.Set("Content-Type", f.MediaType()+"; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"newsgraph%s\"", f.Ext()))
	h.Set("Cache-Control", "no-store")
}

// lazyWriter sets the headers on the first write, so that an error before
// any output can still be answered with a status.
type lazyWriter struct {
	w       http.ResponseWriter
	start   func()
	started bool
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.started = true
		l.start()
	}
	return l.w.Write(p)
}
