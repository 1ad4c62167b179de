package server

import (
	"net/http"
	"sort"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/export"
)

// paramJSON describes a saved query's parameter.
type paramJSON struct {
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Required    bool   `json:"required"`
	Default     string `json:"default,omitempty"`
	Description string `json:"description"`
}

type queryJSON struct {
	Name        string      `json:"name"`
	Description string      `json:"description"`
	Synopsis    string      `json:"synopsis"`
	Params      []paramJSON `json:"params"`
	Columns     []string    `json:"columns"`
	Href        string      `json:"href"`
}

// handleQueries lists the saved queries with their parameters.
func (s *Server) handleQueries(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Queries []queryJSON `json:"queries"`
	}{Queries: []queryJSON{}}
	for _, q := range s.queries {
		j := queryJSON{
			Name: q.Name, Description: q.Description, Synopsis: q.Synopsis(),
			Params: []paramJSON{}, Columns: q.Columns, Href: "/api/queries/" + q.Name,
		}
		for _, p := range q.Params {
			j.Params = append(j.Params, paramJSON{
				Name: p.Name, Kind: string(p.Kind), Required: p.Required,
				Default: p.Default, Description: p.Description,
			})
		}
		out.Queries = append(out.Queries, j)
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// resultJSON is a saved query's answer: its columns and rows of printed
// cells, as "newsgraph query" prints them.
type resultJSON struct {
	Query     string            `json:"query"`
	Params    map[string]string `json:"params"`
	Columns   []string          `json:"columns"`
	Rows      [][]string        `json:"rows"`
	Total     int               `json:"total"`
	Truncated bool              `json:"truncated"`
}

// handleQuery runs one saved query with the request's query parameters as
// its parameters. Only saved queries run: the name is never a path.
func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	q, ok := s.byName[name]
	if !ok {
		s.fail(w, r, notFound("no such saved query %q (GET /api/queries lists them)", name))
		return
	}
	params := map[string]string{}
	keys := make([]string, 0, len(r.URL.Query()))
	for k := range r.URL.Query() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v, err := single(r, k)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		params[k] = v
	}
	res, err := q.Run(r.Context(), s.st, params)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := resultJSON{Query: q.Name, Params: params, Columns: res.Columns, Rows: res.Rows, Total: len(res.Rows)}
	if out.Rows == nil {
		out.Rows = [][]string{}
	}
	if len(out.Rows) > s.opts.MaxRows {
		out.Rows, out.Truncated = out.Rows[:s.opts.MaxRows], true
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// handleStats counts what the store holds.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r); err != nil {
		s.fail(w, r, err)
		return
	}
	st, err := s.st.Stats(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	types := map[string]int64{}
	for t, n := range st.Types {
		types[curie(quad.IRI(t))] = n
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"documents": st.Graphs,
		"quads":     st.Quads,
		"types":     types,
	})
}

// endpoint describes one route for GET /api/.
type endpoint struct {
	Path        string `json:"path"`
	Params      string `json:"params,omitempty"`
	Description string `json:"description"`
}

var endpoints = []endpoint{
	{"/api/stats", "", "documents, quads and nodes per type (reads the whole store on bolt and leveldb)"},
	{"/api/queries", "", "the saved queries with their parameters"},
	{"/api/queries/{name}", "the query's parameters", "run a saved query; 404 for an unknown name, 400 for a missing or bad parameter"},
	{"/api/search", "q, [kind], [limit]", "people, countries, organizations, places, topics and agreements by any name or alias"},
	{"/api/entity", "iri | name", "a node with its facts in and out, their documents, and its neighbours"},
	{"/api/timeline", "a, [b], [kind]", "events and agreements of a, or between a and b (people or countries), in date order"},
	{"/api/document", "iri | id", "a document with its facts and their evidence sentences"},
	{"/api/documents", "[limit]", "the documents, newest first; limit=0 only counts them"},
	{"/api/fact", "s, p, o | value [lang, type], [g]", "one fact with its source documents and sentences"},
	{"/api/export", "format", "the whole graph as a download: " + formatList()},
	{"/api/cayley/api/v2/query", "lang, qu", "Cayley's own v2 API, read-only (also /api/cayley/api/v2/read, /formats)"},
}

func formatList() string {
	s := ""
	for i, f := range export.Formats() {
		if i > 0 {
			s += ", "
		}
		s += string(f)
	}
	return s
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]any{"endpoints": endpoints})
}
