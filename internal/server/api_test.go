package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

var (
	lee      = string(vocab.PersonIRI("Lee Jae-myung"))
	xi       = string(vocab.PersonIRI("Xi Jinping"))
	korea    = string(vocab.CountryIRI("KR"))
	china    = string(vocab.CountryIRI("CN"))
	doc000   = "000_d4497884fa6f0406.txt"
	doc002   = "002_139727f7a0c39946.txt"
	meeting1 = string(vocab.EventIRI(vocab.KindMeeting, "2025-11-01", []string{"Xi Jinping", "Lee Jae-myung"}))
	meeting2 = string(vocab.EventIRI(vocab.KindMeeting, "2026-01-05", []string{"Xi Jinping", "Lee Jae-myung"}))
)

// forEachBackend runs fn on a server over the seeds graph in each store
// backend.
func forEachBackend(t *testing.T, opts Options, fn func(t *testing.T, s *Server)) {
	for _, b := range backends {
		t.Run(b, func(t *testing.T) {
			fn(t, newServer(t, seedStore(t, b), opts))
		})
	}
}

// errorCase is a request that must fail with status, its message holding
// want.
type errorCase struct {
	name   string
	target string
	status int
	want   string
}

func runErrorCases(t *testing.T, s *Server, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			getJSON(t, s, tc.target, tc.status, &e)
			if e.Status != tc.status || !strings.Contains(e.Error, tc.want) {
				t.Errorf("GET %s: %+v, want status %d and an error with %q", tc.target, e, tc.status, tc.want)
			}
			if strings.ContainsAny(e.Error, "\n\r") {
				t.Errorf("error is not one line: %q", e.Error)
			}
		})
	}
}

func TestQueriesList(t *testing.T) {
	s := newServer(t, seedStore(t, "memstore"), Options{})
	var out struct {
		Queries []queryJSON `json:"queries"`
	}
	getJSON(t, s, "/api/queries", http.StatusOK, &out)
	var names []string
	for _, q := range out.Queries {
		names = append(names, q.Name)
	}
	want := []string{"agreements", "documents", "meetings", "meetings-between", "person", "relations", "timeline", "topics"}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("saved query %q not listed: %v", n, names)
		}
	}
	i := slices.Index(names, "meetings-between")
	if i < 0 {
		return
	}
	q := out.Queries[i]
	var got []paramJSON
	for _, p := range q.Params {
		p.Description = ""
		got = append(got, p)
	}
	wantParams := []paramJSON{
		{Name: "a", Kind: "entity", Required: true},
		{Name: "b", Kind: "entity", Required: true},
		{Name: "kind", Kind: "string", Default: "meeting"},
	}
	if d := cmp.Diff(wantParams, got); d != "" {
		t.Errorf("meetings-between params (-want +got):\n%s", d)
	}
	if q.Href != "/api/queries/meetings-between" || q.Synopsis == "" || len(q.Columns) == 0 {
		t.Errorf("meetings-between: %+v", q)
	}
}

func TestQueryRun(t *testing.T) {
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		var res resultJSON
		getJSON(t, s, "/api/queries/meetings-between?a=Xi&b=ROK", http.StatusOK, &res)
		date, loc := slices.Index(res.Columns, "date"), slices.Index(res.Columns, "location")
		var got [][2]string
		for _, r := range res.Rows {
			got = append(got, [2]string{r[date], r[loc]})
		}
		want := [][2]string{{"2025-11-01", "Gyeongju"}, {"2026-01-05", "Beijing"}}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("meetings between Xi and ROK (-want +got):\n%s", d)
		}
		if res.Total != 2 || res.Truncated || res.Query != "meetings-between" {
			t.Errorf("answer: %+v", res)
		}
		runErrorCases(t, s, []errorCase{
			{"unknown query", "/api/queries/nope", 404, `no such saved query "nope"`},
			{"path-like name", "/api/queries/..%2Fqueries%2Fperson.gizmo", 404, "no such saved query"},
			{"missing parameter", "/api/queries/meetings-between?a=Xi", 400, `missing parameter "b"`},
			{"unknown parameter", "/api/queries/meetings-between?a=Xi&b=ROK&c=1", 400, `unknown parameter "c"`},
			{"bad value", "/api/queries/meetings-between?a=Xi&b=ROK&kind=party", 400, `unknown event kind "party"`},
			{"parameter twice", "/api/queries/meetings-between?a=Xi&a=Lee&b=ROK", 400, `"a" given 2 times`},
			{"no such entity", "/api/queries/meetings-between?a=Nobody+Atall&b=ROK", 404, `named "Nobody Atall"`},
			{"unknown endpoint", "/api/nothing", 404, "no such endpoint"},
		})
	})
}

func TestQueryMaxRows(t *testing.T) {
	s := newServer(t, seedStore(t, "memstore"), Options{MaxRows: 1})
	var res resultJSON
	getJSON(t, s, "/api/queries/meetings-between?a=Xi&b=ROK", http.StatusOK, &res)
	if len(res.Rows) != 1 || res.Total != 2 || !res.Truncated {
		t.Errorf("rows %d, total %d, truncated %v; want 1, 2, true", len(res.Rows), res.Total, res.Truncated)
	}
}

type searchAnswer struct {
	Query     string      `json:"query"`
	Results   []searchHit `json:"results"`
	Truncated bool        `json:"truncated"`
	Partial   bool        `json:"partial"`
}

func TestSearch(t *testing.T) {
	type hit struct{ IRI, Match string }
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			name  string
			query string
			first hit
			kinds []string // every result is of these kinds
		}{
			{"alias", "q=Lee", hit{lee, matchExact}, nil},
			{"full name, other spelling", "q=Lee+Jae+Myung", hit{lee, matchExact}, nil},
			{"country code", "q=ROK", hit{korea, matchExact}, nil},
			{"beginning of a name", "q=xi+jin", hit{xi, matchPrefix}, nil},
			{"word inside a name", "q=jae", hit{lee, matchWord}, nil},
			{"accents and case", "q=L%C3%89E", hit{lee, matchExact}, nil},
			{"only countries", "q=korea&kind=country", hit{korea, matchWord}, []string{kindCountry}},
			{"agreements by name", "q=cooperation+agreements&kind=agreement", hit{"", matchExact}, []string{kindAgreement}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var out searchAnswer
				getJSON(t, s, "/api/search?"+tc.query, http.StatusOK, &out)
				if len(out.Results) == 0 {
					t.Fatalf("no results")
				}
				first := out.Results[0]
				if (tc.first.IRI != "" && first.IRI != tc.first.IRI) || first.Match != tc.first.Match {
					t.Errorf("first result %s (%s), want %s (%s)", first.IRI, first.Match, tc.first.IRI, tc.first.Match)
				}
				if first.Name == "" || first.Kind != kindOf(quad.IRI(first.IRI)) {
					t.Errorf("first result not described: %+v", first)
				}
				for _, r := range out.Results {
					if tc.kinds != nil && !slices.Contains(tc.kinds, r.Kind) {
						t.Errorf("result of kind %s: %+v", r.Kind, r)
					}
				}
			})
		}
		var none searchAnswer
		getJSON(t, s, "/api/search?q=zzzzqq", http.StatusOK, &none)
		if len(none.Results) != 0 {
			t.Errorf("q=zzzzqq: %+v", none.Results)
		}
		var one searchAnswer
		getJSON(t, s, "/api/search?q=c&limit=1", http.StatusOK, &one)
		if len(one.Results) != 1 || !one.Truncated {
			t.Errorf("limit=1: %d results, truncated %v", len(one.Results), one.Truncated)
		}
		runErrorCases(t, s, []errorCase{
			{"no query", "/api/search", 400, `missing parameter "q"`},
			{"unknown kind", "/api/search?q=lee&kind=planet", 400, `unknown kind "planet"`},
			{"bad limit", "/api/search?q=lee&limit=0", 400, `"limit"`},
			{"unknown parameter", "/api/search?q=lee&x=1", 400, `unknown parameter "x"`},
		})
	})
}

func TestEntity(t *testing.T) {
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		var e entityJSON
		getJSON(t, s, "/api/entity?iri="+url.QueryEscape(lee), http.StatusOK, &e)
		if e.Node.Name != "Lee Jae-myung" || e.Node.Kind != kindPerson || !slices.Contains(e.Types, "schema:Person") {
			t.Errorf("node %+v, types %v", e.Node, e.Types)
		}
		edge := func(s, label, o string) *fact {
			for _, f := range e.Edges {
				if f.S == s && f.Label == label && f.O.IRI == o {
					return f
				}
			}
			t.Errorf("no edge %s %s %s", s, label, o)
			return nil
		}
		if f := edge(lee, "schema:nationality", korea); f != nil {
			if len(f.Documents) != 2 || !strings.HasPrefix(f.Href, "/api/fact?") {
				t.Errorf("nationality: %+v", f)
			}
		}
		edge(meeting1, "schema:attendee", lee)
		edge(meeting2, "schema:attendee", lee)
		var ids []string
		for _, d := range e.Documents {
			ids = append(ids, d.ID)
		}
		// newest first
		if d := cmp.Diff([]string{doc002, doc000}, ids); d != "" || e.DocumentCount != 2 {
			t.Errorf("documents (-want +got):\n%s", d)
		}
		nodes := map[string]string{}
		for _, n := range e.Nodes {
			nodes[n.IRI] = n.Kind
		}
		for iri, kind := range map[string]string{lee: kindPerson, korea: kindCountry, meeting1: kindEvent} {
			if nodes[iri] != kind {
				t.Errorf("node %s: kind %q, want %q", iri, nodes[iri], kind)
			}
		}
		var job bool
		for _, p := range e.Properties {
			job = job || (p.Label == "schema:jobTitle" && p.O.Value == "President")
		}
		if !job {
			t.Errorf("no job title in %+v", e.Properties)
		}

		// an event: its evidence sentences, its kind as a property
		var m entityJSON
		getJSON(t, s, "/api/entity?iri="+url.QueryEscape(meeting1), http.StatusOK, &m)
		if m.Node.Date != "2025-11-01" || m.Node.Detail != "meeting" || len(m.Evidence) == 0 {
			t.Errorf("meeting: %+v, %d sentences", m.Node, len(m.Evidence))
		}
		for _, ev := range m.Evidence {
			if ev.Document != string(vocab.DocumentIRI(doc000)) {
				t.Errorf("evidence from %s", ev.Document)
			}
		}

		var byName entityJSON
		getJSON(t, s, "/api/entity?name=ROK", http.StatusOK, &byName)
		if byName.Node.IRI != korea {
			t.Errorf("name=ROK: %s", byName.Node.IRI)
		}
		runErrorCases(t, s, []errorCase{
			{"unknown IRI", "/api/entity?iri=" + url.QueryEscape(vocab.ID+"person/nobody"), 404, "not in the graph"},
			{"unknown name", "/api/entity?name=Nobody", 404, `named "Nobody"`},
			{"not an IRI", "/api/entity?iri=lee", 400, "not an absolute IRI"},
			{"both", "/api/entity?iri=" + url.QueryEscape(lee) + "&name=Lee", 400, "give one of"},
			{"neither", "/api/entity", 400, "give one of"},
		})
	})
}

func TestEntityLimits(t *testing.T) {
	st := seedStore(t, "memstore")
	for _, tc := range []struct {
		name       string
		opts       Options
		query      string
		neighbours int // at most
	}{
		{"scan limit", Options{MaxScan: 5}, "", 10},
		{"row limit", Options{MaxRows: 2}, "", 2},
		{"limit parameter", Options{}, "&limit=1", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e entityJSON
			getJSON(t, newServer(t, st, tc.opts), "/api/entity?iri="+url.QueryEscape(korea)+tc.query, http.StatusOK, &e)
			if !e.Truncated || len(e.Nodes)-1 > tc.neighbours {
				t.Errorf("truncated %v with %d neighbours, want true and at most %d", e.Truncated, len(e.Nodes)-1, tc.neighbours)
			}
			for _, f := range e.Edges {
				other := f.S
				if f.S == korea {
					other = f.O.IRI
				}
				if !slices.ContainsFunc(e.Nodes, func(n *nodeInfo) bool { return n.IRI == other }) {
					t.Errorf("edge to a neighbour left out: %+v", f)
				}
			}
		})
	}
	var all entityJSON
	getJSON(t, newServer(t, st, Options{}), "/api/entity?iri="+url.QueryEscape(korea), http.StatusOK, &all)
	if all.Truncated {
		t.Errorf("South Korea in the seeds graph: truncated")
	}
	// most documents first: people and countries named by both articles
	// come before events reported by one
	if len(all.Nodes) < 3 || all.Nodes[1].Kind == kindEvent {
		t.Errorf("first neighbour %+v", all.Nodes[1])
	}
}

func TestDocument(t *testing.T) {
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		var d documentJSON
		getJSON(t, s, "/api/document?id="+doc002, http.StatusOK, &d)
		want := docInfo{
			IRI: string(vocab.DocumentIRI(doc002)), ID: doc002, Date: "2026-01-05", Publisher: "Xinhua", Location: "Beijing",
			Headline: "China, South Korea Pledge Deeper Strategic Partnership During Talks", Dateline: "Beijing, January 5",
		}
		if d := cmp.Diff(want, *d.Document); d != "" {
			t.Errorf("document (-want +got):\n%s", d)
		}
		var meeting *subjectJSON
		for i := range d.Subjects {
			if d.Subjects[i].Node.IRI == meeting2 {
				meeting = &d.Subjects[i]
			}
		}
		if meeting == nil {
			t.Fatalf("the Beijing meeting is not among the subjects")
		}
		if len(meeting.Evidence) == 0 || !slices.ContainsFunc(meeting.Evidence, func(s string) bool {
			return strings.Contains(s, "Xi Jinping held talks in Beijing")
		}) {
			t.Errorf("meeting evidence: %q", meeting.Evidence)
		}
		if d.Subjects[0].Node.Kind != kindEvent || d.Facts == 0 || len(d.Mentions) == 0 || d.Truncated {
			t.Errorf("subjects start with %s; %d facts, %d mentions, truncated %v", d.Subjects[0].Node.Kind, d.Facts, len(d.Mentions), d.Truncated)
		}
		for _, sub := range d.Subjects {
			for _, f := range sub.Facts {
				if f.Label == "ng:key" || f.Label == "rdf:type" || f.Label == "ng:contentHash" {
					t.Errorf("bookkeeping shown as a fact: %+v", f)
				}
			}
		}
		var byIRI documentJSON
		getJSON(t, s, "/api/document?iri="+url.QueryEscape(string(vocab.DocumentIRI(doc002))), http.StatusOK, &byIRI)
		if d := cmp.Diff(d, byIRI); d != "" {
			t.Errorf("by id and by IRI differ:\n%s", d)
		}
		var list struct {
			Documents []docInfo `json:"documents"`
			Total     int       `json:"total"`
		}
		getJSON(t, s, "/api/documents", http.StatusOK, &list)
		if list.Total != 2 || len(list.Documents) != 2 || list.Documents[0].ID != doc002 {
			t.Errorf("documents: %+v", list)
		}
		var count struct {
			Documents []docInfo `json:"documents"`
			Total     int       `json:"total"`
		}
		getJSON(t, s, "/api/documents?limit=0", http.StatusOK, &count)
		if count.Total != 2 || len(count.Documents) != 0 {
			t.Errorf("documents?limit=0: %+v", count)
		}
		runErrorCases(t, s, []errorCase{
			{"unknown document", "/api/document?id=nope.txt", 404, "no such document"},
			{"neither", "/api/document", 400, "give one of"},
		})
	})
}

func TestFact(t *testing.T) {
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			name     string
			query    url.Values
			docs     []string
			match    string // of every sentence
			sentence string // one of them holds this
		}{
			{
				name:  "attendee of a meeting: the meeting's own sentences",
				query: url.Values{"s": {meeting1}, "p": {string(vocab.Attendee)}, "o": {lee}},
				docs:  []string{doc000}, match: evidenceDirect,
				sentence: "Xi said during his talks with South Korean President Lee Jae-myung",
			},
			{
				name:  "job title: sentences naming both",
				query: url.Values{"s": {lee}, "p": {string(vocab.JobTitle)}, "value": {"President"}, "lang": {"en"}},
				docs:  []string{doc000, doc002}, match: evidenceBoth,
				sentence: "President of the Republic of Korea (ROK) Lee Jae Myung",
			},
			{
				name:  "one document only",
				query: url.Values{"s": {lee}, "p": {string(vocab.Nationality)}, "o": {korea}, "g": {string(vocab.DocumentIRI(doc002))}},
				docs:  []string{doc002}, match: evidenceBoth,
			},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var f factJSON
				getJSON(t, s, "/api/fact?"+tc.query.Encode(), http.StatusOK, &f)
				var docs []string
				found := tc.sentence == ""
				for _, src := range f.Sources {
					docs = append(docs, src.Document.ID)
					if len(src.Sentences) == 0 {
						t.Errorf("%s: no sentences", src.Document.ID)
					}
					for _, sn := range src.Sentences {
						if sn.Match != tc.match {
							t.Errorf("sentence %q: match %q, want %q", sn.Text, sn.Match, tc.match)
						}
						found = found || strings.Contains(sn.Text, tc.sentence)
					}
				}
				if d := cmp.Diff(tc.docs, docs); d != "" {
					t.Errorf("documents (-want +got):\n%s", d)
				}
				if !found {
					t.Errorf("no sentence with %q", tc.sentence)
				}
				if f.Subject == nil || f.Subject.Name == "" || len(f.Terms) == 0 {
					t.Errorf("fact not described: %+v", f)
				}
			})
		}
		// every href the entity answer gives resolves
		var e entityJSON
		getJSON(t, s, "/api/entity?iri="+url.QueryEscape(lee), http.StatusOK, &e)
		for _, f := range append(e.Edges, e.Properties...) {
			var out factJSON
			getJSON(t, s, f.Href, http.StatusOK, &out)
			if len(out.Sources) != len(f.Documents) || out.SourceCount != f.DocumentCount {
				t.Errorf("%s: %d sources, the entity says %d documents", f.Href, len(out.Sources), len(f.Documents))
			}
		}
		q := func(v url.Values) string { return "/api/fact?" + v.Encode() }
		runErrorCases(t, s, []errorCase{
			{"no such fact", q(url.Values{"s": {lee}, "p": {string(vocab.Nationality)}, "o": {china}}), 404, "no document states"},
			{"object and value", q(url.Values{"s": {lee}, "p": {string(vocab.Nationality)}, "o": {china}, "value": {"x"}}), 400, "give one of"},
			{"no subject", q(url.Values{"p": {string(vocab.Nationality)}, "o": {china}}), 400, `missing parameter "s"`},
			{"unknown document", q(url.Values{"s": {lee}, "p": {string(vocab.Nationality)}, "o": {korea}, "g": {vocab.ID + "doc/x"}}), 404, "no such document"},
			{"language and type", q(url.Values{"s": {lee}, "p": {string(vocab.JobTitle)}, "value": {"x"}, "lang": {"en"}, "type": {vocab.XSD + "string"}}), 400, "not both"},
		})
	})
}

type timelineAnswer struct {
	A            []nodeInfo    `json:"a"`
	B            []nodeInfo    `json:"b"`
	Items        []itemJSON    `json:"items"`
	Total        int           `json:"total"`
	Counterparts []counterpart `json:"counterparts"`
	Truncated    bool          `json:"truncated"`
}

func TestTimeline(t *testing.T) {
	type row struct{ Date, Type, Location string }
	rows := func(items []itemJSON) []row {
		var out []row
		for _, it := range items {
			r := row{Date: it.Date, Type: it.Type}
			if it.Location != nil {
				r.Location = it.Location.Name
			}
			out = append(out, r)
		}
		return out
	}
	forEachBackend(t, Options{}, func(t *testing.T, s *Server) {
		for _, tc := range []struct {
			name  string
			query string
			want  []row
		}{
			{"meetings between two countries", "a=ROK&b=China&kind=meeting", []row{
				{"2025-11-01", "meeting", "Gyeongju"}, {"2026-01-05", "meeting", "Beijing"},
			}},
			{"meetings between two people", "a=Lee&b=" + url.QueryEscape(xi) + "&kind=meeting", []row{
				{"2025-11-01", "meeting", "Gyeongju"}, {"2026-01-05", "meeting", "Beijing"},
			}},
			{"a person and a country", "a=Xi&b=South+Korea&kind=meeting", []row{
				{"2025-11-01", "meeting", "Gyeongju"}, {"2026-01-05", "meeting", "Beijing"},
			}},
			{"dated agreements between two countries", "a=China&b=KR&kind=agreement", []row{
				{"2025-11-01", "agreement", ""}, {"2026-01-05", "agreement", ""}, {"", "agreement", ""},
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var out timelineAnswer
				getJSON(t, s, "/api/timeline?"+tc.query, http.StatusOK, &out)
				if d := cmp.Diff(tc.want, rows(out.Items)); d != "" {
					t.Errorf("items (-want +got):\n%s", d)
				}
				for _, it := range out.Items {
					if len(it.Documents) == 0 || len(it.Evidence) == 0 || len(it.Participants) == 0 {
						t.Errorf("%s: %d documents, %d sentences, %d participants", it.IRI, len(it.Documents), len(it.Evidence), len(it.Participants))
					}
				}
				if len(out.A) == 0 || len(out.B) == 0 || len(out.Counterparts) != 0 {
					t.Errorf("a %v, b %v, counterparts %v", out.A, out.B, out.Counterparts)
				}
			})
		}
		// without b: everything of a, and who else takes part
		var all timelineAnswer
		getJSON(t, s, "/api/timeline?a=Lee", http.StatusOK, &all)
		if all.Total < 8 || len(all.Counterparts) < 2 {
			t.Fatalf("a=Lee: %d items, counterparts %v", all.Total, all.Counterparts)
		}
		var cps []string
		for _, c := range all.Counterparts {
			cps = append(cps, c.IRI)
		}
		if d := cmp.Diff([]string{china, xi}, cps[:2]); d != "" {
			t.Errorf("counterparts of Lee (-want +got):\n%s", d)
		}
		if slices.Contains(cps, korea) || slices.Contains(cps, lee) {
			t.Errorf("Lee's own side among his counterparts: %v", cps)
		}
		runErrorCases(t, s, []errorCase{
			{"no a", "/api/timeline", 400, `missing parameter "a"`},
			{"unknown name", "/api/timeline?a=Atlantis", 404, `named "Atlantis"`},
			{"a place", "/api/timeline?a=Beijing", 404, "no person, country or organization"},
			{"an event", "/api/timeline?a=" + url.QueryEscape(meeting1), 400, "not a person, country or organization"},
			{"unknown kind", "/api/timeline?a=Lee&kind=party", 400, `unknown kind "party"`},
		})
	})
}
