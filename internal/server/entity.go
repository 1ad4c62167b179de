package server

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// parseIRI reads an IRI parameter: "<iri>" or a bare absolute IRI.
func parseIRI(name, v string) (quad.IRI, error) {
	if len(v) > 2 && v[0] == '<' && v[len(v)-1] == '>' {
		v = v[1 : len(v)-1]
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme == "" || strings.ContainsAny(v, " <>\"{}|\\^`\n\r\t") {
		return "", badRequest("parameter %q: %q is not an absolute IRI", name, v)
	}
	return quad.IRI(v), nil
}

// term is a fact's object as the API writes it: an IRI or a literal.
type term struct {
	IRI   string `json:"iri,omitempty"`
	Value string `json:"value,omitempty"`
	Lang  string `json:"lang,omitempty"`
	Type  string `json:"type,omitempty"`
}

func termOf(v quad.Value) term {
	switch v := v.(type) {
	case quad.IRI:
		return term{IRI: string(v)}
	case quad.LangString:
		return term{Value: string(v.Value), Lang: v.Lang}
	case quad.TypedString:
		return term{Value: string(v.Value), Type: string(v.Type)}
	case quad.String:
		return term{Value: string(v)}
	}
	s, _ := lexical(v)
	return term{Value: s}
}

// value is the quad value a term stands for.
func (t term) value() quad.Value {
	switch {
	case t.IRI != "":
		return quad.IRI(t.IRI)
	case t.Lang != "":
		return quad.LangString{Value: quad.String(t.Value), Lang: t.Lang}
	case t.Type != "":
		return quad.TypedString{Value: quad.String(t.Value), Type: quad.IRI(t.Type)}
	}
	return quad.String(t.Value)
}

// factHref is the /api/fact URL of the fact (s, p, o), in every document
// that states it.
func factHref(s, p quad.IRI, o quad.Value) string {
	v := url.Values{}
	v.Set("s", string(s))
	v.Set("p", string(p))
	t := termOf(o)
	if t.IRI != "" {
		v.Set("o", t.IRI)
	} else {
		v.Set("value", t.Value)
		if t.Lang != "" {
			v.Set("lang", t.Lang)
		}
		if t.Type != "" {
			v.Set("type", t.Type)
		}
	}
	return "/api/fact?" + v.Encode()
}

// fact is one statement, grouped over the documents that state it.
type fact struct {
	S     string `json:"s"`
	P     string `json:"p"`
	Label string `json:"label"` // the predicate as a CURIE
	O     term   `json:"o"`
	// Documents are the graphs that state the fact, at most maxFactDocs of
	// them; DocumentCount counts them all.
	Documents     []string `json:"documents"`
	DocumentCount int      `json:"document_count"`
	Href          string   `json:"href"`
}

// maxFactDocs bounds the documents listed with one fact.
const maxFactDocs = 50

// factSet groups quads into facts, keeping the order they were added;
// done sorts each fact's documents.
type factSet struct {
	list  []*fact
	index map[[3]string]*fact
	docs  map[*fact]map[string]bool
}

func (f *factSet) add(q quad.Quad) {
	if f.index == nil {
		f.index = map[[3]string]*fact{}
		f.docs = map[*fact]map[string]bool{}
	}
	s, _ := q.Subject.(quad.IRI)
	p, _ := q.Predicate.(quad.IRI)
	k := [3]string{string(s), string(p), q.Object.String()}
	x, ok := f.index[k]
	if !ok {
		x = &fact{S: string(s), P: string(p), Label: curie(p), O: termOf(q.Object), Documents: []string{}, Href: factHref(s, p, q.Object)}
		f.index[k] = x
		f.docs[x] = map[string]bool{}
		f.list = append(f.list, x)
	}
	if l, ok := q.Label.(quad.IRI); ok {
		f.docs[x][string(l)] = true
	}
}

// done fills in the sorted documents of every fact and returns the facts.
func (f *factSet) done() []*fact {
	for _, x := range f.list {
		for d := range f.docs[x] {
			x.Documents = append(x.Documents, d)
		}
		slices.Sort(x.Documents)
		x.DocumentCount = len(x.Documents)
		if len(x.Documents) > maxFactDocs {
			x.Documents = x.Documents[:maxFactDocs]
		}
	}
	return nonNil(f.list)
}

// skipped are predicates the explorer does not show as facts: lookup keys,
// hashes, and the bookkeeping of provenance and classes, which it shows in
// other ways (documents, kinds, evidence).
var skipped = map[quad.IRI]bool{
	vocab.KeyProp: true, vocab.ContentHash: true, vocab.InScheme: true,
}

// entityJSON is a node with its neighbourhood.
type entityJSON struct {
	Node  *nodeInfo `json:"node"`
	Types []string  `json:"types"`
	// Properties are the facts whose object is a literal.
	Properties []*fact `json:"properties"`
	// Edges are the facts between the node and other nodes, either way.
	Edges []*fact `json:"edges"`
	// Nodes are the node and its neighbours along Edges.
	Nodes []*nodeInfo `json:"nodes"`
	// Evidence holds the sentences an event or agreement was read from.
	Evidence []evidence `json:"evidence"`
	// Documents are the sources of the facts and the documents that
	// mention the node, newest first; DocumentCount counts them all.
	Documents     []*docInfo `json:"documents"`
	DocumentCount int        `json:"document_count"`
	Truncated     bool       `json:"truncated"`
}

// maxDocs bounds the documents described in an entity's answer.
const maxDocs = 200

// defaultNeighbours is how many neighbours an entity's answer holds unless
// the request says limit=N.
const defaultNeighbours = 200

// handleEntity answers a node with its facts in and out:
// GET /api/entity?iri=… or ?name=… (any alias; the first node it names)
// [&limit=200] (neighbours, those named by the most documents first).
func (s *Server) handleEntity(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "iri", "name", "limit")
	limit := f.int("limit", min(defaultNeighbours, s.opts.MaxRows), 1, s.opts.MaxRows)
	rawIRI, name := f.single("iri"), f.single("name")
	if f.err != nil {
		s.fail(w, r, f.err)
		return
	}
	if (rawIRI == "") == (name == "") {
		s.fail(w, r, badRequest("give one of the parameters \"iri\" (a node's IRI) or \"name\" (any of its names)"))
		return
	}
	var iri quad.IRI
	var err error
	if rawIRI != "" {
		if iri, err = parseIRI("iri", rawIRI); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var out *entityJSON
	err = s.st.View(r.Context(), func(qs graph.QuadStore) error {
		if name != "" {
			iris, err := query.Lookup(r.Context(), qs, name)
			if err != nil {
				return err
			}
			if len(iris) == 0 {
				return notFound("nothing in the graph is named %q", name)
			}
			iri = iris[0]
		}
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		var err error
		out, err = s.entity(rd, iri, limit)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) entity(rd *reader, iri quad.IRI, limit int) (*entityJSON, error) {
	ref := rd.ref(iri)
	if ref == nil {
		return nil, notFound("%s is %v", iri, errNoNode)
	}
	outQ, err := rd.scan(quad.Subject, ref, nil, nil)
	if err != nil {
		return nil, err
	}
	inQ, err := rd.scan(quad.Object, ref, nil, nil)
	if err != nil {
		return nil, err
	}
	if len(outQ) == 0 && len(inQ) == 0 {
		return nil, notFound("%s is %v", iri, errNoNode)
	}
	e := &entityJSON{Types: []string{}, Evidence: []evidence{}}
	var props, edges factSet
	docs := map[quad.IRI]bool{}
	types := map[string]bool{}
	for _, q := range outQ {
		if l, ok := q.Label.(quad.IRI); ok {
			docs[l] = true
		}
		p, _ := q.Predicate.(quad.IRI)
		o, isIRI := q.Object.(quad.IRI)
		switch {
		case skipped[p]:
		case p == vocab.Type && isIRI:
			types[curie(o)] = true
		case p == vocab.Evidence:
			text, _ := lexical(q.Object)
			l, _ := q.Label.(quad.IRI)
			e.Evidence = append(e.Evidence, evidence{Text: text, Document: string(l)})
		case p == vocab.WasDerivedFrom && isIRI:
			docs[o] = true
		case !isIRI || p == vocab.EventType:
			props.add(q)
		default:
			edges.add(q)
		}
	}
	for _, q := range inQ {
		if l, ok := q.Label.(quad.IRI); ok {
			docs[l] = true
		}
		p, _ := q.Predicate.(quad.IRI)
		subj, _ := q.Subject.(quad.IRI)
		switch {
		case skipped[p] || p == vocab.Type:
		case kindOf(subj) == kindDocument && kindOf(iri) != kindDocument:
			docs[subj] = true // mentions, publisher, place of writing
		case p == vocab.WasDerivedFrom:
		default:
			edges.add(q)
		}
	}
	e.Truncated = rd.truncated
	for t := range types {
		e.Types = append(e.Types, t)
	}
	sort.Strings(e.Types)
	sortEvidence(e.Evidence)
	if e.Node, err = rd.node(iri); err != nil {
		return nil, err
	}
	// Neighbours: those named by the most documents first, then the most
	// telling kinds; at most limit of them, with every edge to them.
	other := func(f *fact) quad.IRI {
		if f.S == string(iri) {
			return quad.IRI(f.O.IRI)
		}
		return quad.IRI(f.S)
	}
	edges.done()
	props.done()
	support := map[quad.IRI]map[string]bool{}
	for _, f := range edges.list {
		o := other(f)
		if support[o] == nil {
			support[o] = map[string]bool{}
		}
		for d := range edges.docs[f] {
			support[o][d] = true
		}
	}
	neighbours := make([]quad.IRI, 0, len(support))
	for o := range support {
		neighbours = append(neighbours, o)
	}
	sort.Slice(neighbours, func(i, j int) bool {
		a, b := neighbours[i], neighbours[j]
		if na, nb := len(support[a]), len(support[b]); na != nb {
			return na > nb
		}
		if ra, rb := neighbourRank[kindOf(a)], neighbourRank[kindOf(b)]; ra != rb {
			return ra < rb
		}
		return a < b
	})
	if len(neighbours) > limit {
		neighbours, e.Truncated = neighbours[:limit], true
	}
	order := make(map[quad.IRI]int, len(neighbours))
	e.Nodes = []*nodeInfo{e.Node}
	for i, o := range neighbours {
		order[o] = i
		n, err := rd.node(o)
		if err != nil {
			return nil, err
		}
		e.Nodes = append(e.Nodes, n)
	}
	kept := edges.list[:0]
	for _, f := range edges.list {
		if _, ok := order[other(f)]; ok {
			kept = append(kept, f)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool {
		if oi, oj := order[other(kept[i])], order[other(kept[j])]; oi != oj {
			return oi < oj
		}
		return kept[i].P < kept[j].P
	})
	e.Edges = nonNil(kept)
	if len(props.list) > s.opts.MaxRows {
		props.list, e.Truncated = props.list[:s.opts.MaxRows], true
	}
	e.Properties = nonNil(props.list)
	sort.SliceStable(e.Properties, func(i, j int) bool { return e.Properties[i].Label < e.Properties[j].Label })
	if kindOf(iri) == kindDocument {
		delete(docs, iri)
	}
	list := iriList(docs)
	e.DocumentCount = len(list)
	if len(list) > maxDocs {
		list, e.Truncated = list[len(list)-maxDocs:], true
	}
	if e.Documents, err = rd.docs(list); err != nil {
		return nil, err
	}
	return e, nil
}

// neighbourRank orders an entity's neighbours.
var neighbourRank = map[string]int{
	kindPerson: 0, kindCountry: 1, kindEvent: 2, kindAgreement: 3, kindOrganization: 4,
	kindTopic: 5, kindPlace: 6, kindDocument: 7, kindConcept: 8, kindOther: 9,
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// subjectJSON is one node of a document with the facts the document
// states about it.
type subjectJSON struct {
	Node     *nodeInfo `json:"node"`
	Facts    []*fact   `json:"facts"`
	Evidence []string  `json:"evidence"`
}

type documentJSON struct {
	Document *docInfo      `json:"document"`
	Subjects []subjectJSON `json:"subjects"`
	Mentions []*nodeInfo   `json:"mentions"`
	Facts    int           `json:"facts"`
	// Truncated is set when the document holds more facts than the
	// server reads for one request.
	Truncated bool `json:"truncated"`
}

// hiddenInDocument are facts a document view leaves out: they are shown
// as the node's kind, its evidence or the document's own metadata.
var hiddenInDocument = map[quad.IRI]bool{
	vocab.Type: true, vocab.WasDerivedFrom: true, vocab.Evidence: true, vocab.Mentions: true,
}

// handleDocument answers a document with every fact read from it, grouped
// by subject, and the evidence sentences of its events and agreements:
// GET /api/document?iri=… or ?id=000_x.txt.
func (s *Server) handleDocument(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "iri", "id")
	rawIRI, id := f.single("iri"), f.single("id")
	if f.err != nil {
		s.fail(w, r, f.err)
		return
	}
	var g quad.IRI
	var err error
	switch {
	case (rawIRI == "") == (id == ""):
		s.fail(w, r, badRequest("give one of the parameters \"iri\" (the document's IRI) or \"id\" (its identifier)"))
		return
	case id != "":
		g = vocab.DocumentIRI(id)
	default:
		if g, err = parseIRI("iri", rawIRI); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var out *documentJSON
	err = s.st.View(r.Context(), func(qs graph.QuadStore) error {
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		var err error
		out, err = s.document(rd, g)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) document(rd *reader, g quad.IRI) (*documentJSON, error) {
	label := rd.ref(g)
	quads, err := rd.scan(quad.Label, label, nil, nil)
	if err != nil {
		return nil, err
	}
	if len(quads) == 0 {
		return nil, notFound("no such document %s", g)
	}
	out := &documentJSON{Subjects: []subjectJSON{}, Mentions: []*nodeInfo{}, Truncated: rd.truncated}
	if out.Document, err = rd.doc(g); err != nil {
		return nil, err
	}
	sets := map[quad.IRI]*factSet{}
	ev := map[quad.IRI][]string{}
	var mentions []quad.IRI
	for _, q := range quads {
		subj, _ := q.Subject.(quad.IRI)
		p, _ := q.Predicate.(quad.IRI)
		switch {
		case p == vocab.Evidence:
			text, _ := lexical(q.Object)
			ev[subj] = append(ev[subj], text)
			if sets[subj] == nil {
				sets[subj] = &factSet{}
			}
		case p == vocab.Mentions && subj == g:
			if o, ok := q.Object.(quad.IRI); ok {
				mentions = append(mentions, o)
			}
		case subj == g || skipped[p] || hiddenInDocument[p]:
		default:
			if sets[subj] == nil {
				sets[subj] = &factSet{}
			}
			sets[subj].add(q)
			out.Facts++
		}
	}
	for subj, set := range sets {
		n, err := rd.node(subj)
		if err != nil {
			return nil, err
		}
		facts := set.done()
		sort.SliceStable(facts, func(i, j int) bool {
			if facts[i].Label != facts[j].Label {
				return facts[i].Label < facts[j].Label
			}
			return facts[i].O.IRI+facts[i].O.Value < facts[j].O.IRI+facts[j].O.Value
		})
		for _, f := range facts {
			if f.O.IRI != "" {
				if _, err := rd.node(quad.IRI(f.O.IRI)); err != nil {
					return nil, err
				}
			}
		}
		sentences := ev[subj]
		slices.Sort(sentences)
		out.Subjects = append(out.Subjects, subjectJSON{Node: n, Facts: facts, Evidence: nonNil(slices.Compact(sentences))})
	}
	sort.Slice(out.Subjects, func(i, j int) bool {
		a, b := out.Subjects[i].Node, out.Subjects[j].Node
		if ra, rb := documentRank[a.Kind], documentRank[b.Kind]; ra != rb {
			return ra < rb
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.IRI < b.IRI
	})
	slices.Sort(mentions)
	for _, m := range slices.Compact(mentions) {
		n, err := rd.node(m)
		if err != nil {
			return nil, err
		}
		out.Mentions = append(out.Mentions, n)
	}
	out.Truncated = out.Truncated || rd.truncated
	return out, nil
}

// documentRank orders the subjects of a document view: what happened
// first, then who.
var documentRank = map[string]int{
	kindEvent: 0, kindAgreement: 1, kindPerson: 2, kindCountry: 3, kindOrganization: 4,
	kindPlace: 5, kindTopic: 6, kindConcept: 7, kindDocument: 8, kindOther: 9,
}

// handleDocuments lists the documents, newest first:
// GET /api/documents[?limit=N]. total counts them all (cheaply: limit=0
// answers only that). With more than limit documents, the last ones by
// identifier are described.
func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "limit"); err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := intParam(r, "limit", s.opts.MaxRows, 0, s.opts.MaxRows)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	gs, err := s.st.Graphs(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Documents []*docInfo `json:"documents"`
		Total     int        `json:"total"`
		Truncated bool       `json:"truncated"`
	}{Total: len(gs)}
	if len(gs) > limit {
		gs, out.Truncated = gs[len(gs)-limit:], true
	}
	err = s.st.View(r.Context(), func(qs graph.QuadStore) error {
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		var err error
		out.Documents, err = rd.docs(gs)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out.Documents = nonNil(out.Documents)
	s.writeJSON(w, r, http.StatusOK, out)
}
