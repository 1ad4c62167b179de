package server

import (
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// itemJSON is one event or agreement on a timeline, with what it needs
// to be cited: its documents and evidence sentences.
type itemJSON struct {
	nodeInfo
	// Type is the event kind (meeting, visit, …) or "agreement".
	Type         string      `json:"type"`
	Location     *nodeInfo   `json:"location,omitempty"`
	Participants []*nodeInfo `json:"participants"`
	Topics       []*nodeInfo `json:"topics"`
	Status       string      `json:"status,omitempty"`
	Count        string      `json:"count,omitempty"`
	Documents    []*docInfo  `json:"documents"`
	Evidence     []evidence  `json:"evidence"`
}

type counterpart struct {
	nodeInfo
	Count int `json:"count"` // events and agreements shared
}

type timelineJSON struct {
	A     []*nodeInfo `json:"a"`
	B     []*nodeInfo `json:"b"`
	Items []*itemJSON `json:"items"`
	Total int         `json:"total"`
	// Counterparts are the people, countries and organizations that take
	// part in a's events and agreements, most shared first (only when b is
	// not given).
	Counterparts []counterpart `json:"counterparts"`
	Truncated    bool          `json:"truncated"`
}

// timelineKinds are the values of the kind parameter.
var timelineKinds = append(slices.Clone(vocab.Kinds), kindAgreement)

// handleTimeline answers the events and agreements of a, or those of both
// a and b, in date order (undated last): GET /api/timeline?a=…[&b=…]
// [&kind=meeting,agreement]. a and b are people, countries or
// organizations, by IRI or any name. A country takes part in an event that
// involves it or that one of its nationals attends; a person in the events
// they attend and, for agreements, through their countries.
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "a", "b", "kind")
	rawA := f.required("a", "a person, country or organization, by IRI or name")
	rawB, kindParam := f.single("b"), f.single("kind")
	if f.err != nil {
		s.fail(w, r, f.err)
		return
	}
	var kinds map[string]bool
	if kindParam != "" && kindParam != "any" {
		kinds = map[string]bool{}
		for _, k := range strings.Split(kindParam, ",") {
			k = strings.TrimSpace(k)
			if !slices.Contains(timelineKinds, k) {
				s.fail(w, r, badRequest("parameter \"kind\": unknown kind %q (want %s, or any)", k, strings.Join(timelineKinds, ", ")))
				return
			}
			kinds[k] = true
		}
	}
	var out *timelineJSON
	err := s.st.View(r.Context(), func(qs graph.QuadStore) error {
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		var err error
		out, err = s.timeline(rd, rawA, rawB, kinds)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) timeline(rd *reader, rawA, rawB string, kinds map[string]bool) (*timelineJSON, error) {
	out := &timelineJSON{Items: []*itemJSON{}, Counterparts: []counterpart{}}
	a, err := s.party(rd, "a", rawA)
	if err != nil {
		return nil, err
	}
	if out.A, err = nodesOf(rd, a); err != nil {
		return nil, err
	}
	occ, err := rd.occurrences(a)
	if err != nil {
		return nil, err
	}
	if rawB != "" {
		b, err := s.party(rd, "b", rawB)
		if err != nil {
			return nil, err
		}
		if out.B, err = nodesOf(rd, b); err != nil {
			return nil, err
		}
		occB, err := rd.occurrences(b)
		if err != nil {
			return nil, err
		}
		for iri := range occ {
			if !occB[iri] {
				delete(occ, iri)
			}
		}
	}
	for _, iri := range iriList(occ) {
		it, err := rd.item(iri)
		if err != nil {
			return nil, err
		}
		if kinds == nil || kinds[it.Type] {
			out.Items = append(out.Items, it)
		}
	}
	sort.SliceStable(out.Items, func(i, j int) bool {
		x, y := out.Items[i], out.Items[j]
		if (x.Date == "") != (y.Date == "") {
			return y.Date == "" // undated last
		}
		if x.Date != y.Date {
			return x.Date < y.Date
		}
		if x.Type != y.Type {
			return x.Type < y.Type
		}
		return x.Name < y.Name
	})
	out.Total = len(out.Items)
	if rawB == "" {
		if out.Counterparts, err = rd.counterparts(a, out.Items); err != nil {
			return nil, err
		}
	}
	if len(out.Items) > s.opts.MaxRows {
		out.Items, out.Truncated = out.Items[:s.opts.MaxRows], true
	}
	out.Truncated = out.Truncated || rd.truncated
	return out, nil
}

func nodesOf(rd *reader, iris []quad.IRI) ([]*nodeInfo, error) {
	out := make([]*nodeInfo, 0, len(iris))
	for _, iri := range iris {
		n, err := rd.node(iri)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// partyKinds are what can take part in events and agreements.
var partyKinds = map[string]bool{kindPerson: true, kindCountry: true, kindOrganization: true}

// party resolves a timeline parameter: an IRI, or a name that may name
// several nodes (as a saved query's entity parameter does).
func (s *Server) party(rd *reader, param, v string) ([]quad.IRI, error) {
	if strings.HasPrefix(v, "<") || strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") {
		iri, err := parseIRI(param, v)
		if err != nil {
			return nil, err
		}
		if !partyKinds[kindOf(iri)] {
			return nil, badRequest("parameter %q: %s is not a person, country or organization", param, iri)
		}
		if rd.ref(iri) == nil {
			return nil, notFound("parameter %q: %s is %v", param, iri, errNoNode)
		}
		return []quad.IRI{iri}, nil
	}
	iris, err := query.Lookup(rd.ctx, rd.qs, v)
	if err != nil {
		return nil, err
	}
	var out []quad.IRI
	for _, iri := range iris {
		if partyKinds[kindOf(iri)] {
			out = append(out, iri)
		}
	}
	if len(out) == 0 {
		return nil, notFound("parameter %q: no person, country or organization named %q", param, v)
	}
	return out, nil
}

// subjects returns the subjects of the quads (node, one of preds, ?).
func (rd *reader) subjects(node quad.IRI, preds ...quad.IRI) ([]quad.IRI, error) {
	qs, err := rd.scan(quad.Object, rd.ref(node), rd.predicates(preds...), nil)
	if err != nil {
		return nil, err
	}
	return ends(qs, quad.Subject), nil
}

// objects returns the IRI objects of the quads (node, p, ?), looked up
// once per request.
func (rd *reader) objects(node, p quad.IRI) ([]quad.IRI, error) {
	k := [2]quad.IRI{node, p}
	if o, ok := rd.objs[k]; ok {
		return o, nil
	}
	qs, err := rd.scan(quad.Subject, rd.ref(node), rd.predicates(p), nil)
	if err != nil {
		return nil, err
	}
	rd.objs[k] = ends(qs, quad.Object)
	return rd.objs[k], nil
}

func ends(qs []quad.Quad, d quad.Direction) []quad.IRI {
	var out []quad.IRI
	for _, q := range qs {
		if iri, ok := q.Get(d).(quad.IRI); ok {
			out = append(out, iri)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// occurrences returns the events and agreements the nodes take part in.
func (rd *reader) occurrences(nodes []quad.IRI) (map[quad.IRI]bool, error) {
	out := map[quad.IRI]bool{}
	add := func(iris []quad.IRI, err error) error {
		for _, iri := range iris {
			if isOccurrence(iri) {
				out[iri] = true
			}
		}
		return err
	}
	for _, n := range nodes {
		var countries []quad.IRI
		switch kindOf(n) {
		case kindPerson:
			if err := add(rd.subjects(n, vocab.Attendee, vocab.Organizer)); err != nil {
				return nil, err
			}
			var err error
			if countries, err = rd.objects(n, vocab.Nationality); err != nil {
				return nil, err
			}
		case kindCountry:
			if err := add(rd.subjects(n, vocab.Involves)); err != nil {
				return nil, err
			}
			nationals, err := rd.subjects(n, vocab.Nationality)
			if err != nil {
				return nil, err
			}
			for _, p := range nationals {
				if err := add(rd.subjects(p, vocab.Attendee, vocab.Organizer)); err != nil {
					return nil, err
				}
			}
			countries = []quad.IRI{n}
		case kindOrganization:
			if err := add(rd.subjects(n, vocab.Organizer, vocab.Attendee, vocab.Involves, vocab.Party)); err != nil {
				return nil, err
			}
		}
		for _, c := range countries {
			if err := add(rd.subjects(c, vocab.Party)); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// item reads an event or agreement for a timeline.
func (rd *reader) item(iri quad.IRI) (*itemJSON, error) {
	n, err := rd.node(iri)
	if err != nil {
		return nil, err
	}
	it := &itemJSON{nodeInfo: *n, Participants: []*nodeInfo{}, Topics: []*nodeInfo{}, Documents: []*docInfo{}, Evidence: []evidence{}}
	it.Type = n.Detail
	if n.Kind == kindAgreement {
		it.Type = kindAgreement
	}
	qs, err := rd.scan(quad.Subject, rd.ref(iri), nil, nil)
	if err != nil {
		return nil, err
	}
	docs := map[quad.IRI]bool{}
	participants := map[quad.IRI]bool{}
	topics := map[quad.IRI]bool{}
	var locations []quad.IRI
	for _, q := range qs {
		if l, ok := q.Label.(quad.IRI); ok {
			docs[l] = true
		}
		o, isIRI := q.Object.(quad.IRI)
		switch q.Predicate {
		case vocab.Attendee, vocab.Organizer, vocab.Involves, vocab.Party:
			if isIRI {
				participants[o] = true
			}
		case vocab.About:
			if isIRI {
				topics[o] = true
			}
		case vocab.Location:
			if isIRI {
				locations = append(locations, o)
			}
		case vocab.Status:
			s, _ := lexical(q.Object)
			if it.Status == "" || s < it.Status {
				it.Status = s
			}
		case vocab.Count:
			it.Count, _ = lexical(q.Object)
		case vocab.Evidence:
			text, _ := lexical(q.Object)
			l, _ := q.Label.(quad.IRI)
			it.Evidence = append(it.Evidence, evidence{Text: text, Document: string(l)})
		}
	}
	sortEvidence(it.Evidence)
	if len(locations) > 0 {
		if it.Location, err = rd.node(slices.Min(locations)); err != nil {
			return nil, err
		}
	}
	if it.Participants, err = nodesOf(rd, iriList(participants)); err != nil {
		return nil, err
	}
	sort.SliceStable(it.Participants, func(i, j int) bool {
		return neighbourRank[it.Participants[i].Kind] < neighbourRank[it.Participants[j].Kind]
	})
	if it.Topics, err = nodesOf(rd, iriList(topics)); err != nil {
		return nil, err
	}
	if it.Documents, err = rd.docs(iriList(docs)); err != nil {
		return nil, err
	}
	return it, nil
}

// maxCounterparts bounds the counterparts listed.
const maxCounterparts = 50

// counterparts counts who else takes part in items: people, their
// countries, and countries and organizations, leaving out a and a's own
// countries.
func (rd *reader) counterparts(a []quad.IRI, items []*itemJSON) ([]counterpart, error) {
	self := map[string]bool{}
	for _, n := range a {
		self[string(n)] = true
		if kindOf(n) == kindPerson {
			cs, err := rd.objects(n, vocab.Nationality)
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				self[string(c)] = true
			}
		}
	}
	counts := map[quad.IRI]int{}
	for _, it := range items {
		seen := map[quad.IRI]bool{}
		for _, p := range it.Participants {
			iri := quad.IRI(p.IRI)
			seen[iri] = true
			if p.Kind == kindPerson {
				cs, err := rd.objects(iri, vocab.Nationality)
				if err != nil {
					return nil, err
				}
				for _, c := range cs {
					seen[c] = true
				}
			}
		}
		for iri := range seen {
			if !self[string(iri)] && partyKinds[kindOf(iri)] {
				counts[iri]++
			}
		}
	}
	out := []counterpart{}
	for iri, n := range counts {
		info, err := rd.node(iri)
		if err != nil {
			return nil, err
		}
		out = append(out, counterpart{nodeInfo: *info, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if ri, rj := neighbourRank[out[i].Kind], neighbourRank[out[j].Kind]; ri != rj {
			return ri < rj
		}
		return out[i].IRI < out[j].IRI
	})
	if len(out) > maxCounterparts {
		out = out[:maxCounterparts]
	}
	return out, nil
}
