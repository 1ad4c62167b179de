package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/shape"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// errNoNode means an IRI asked for is not in the graph.
var errNoNode = errors.New("not in the graph")

// Node kinds, from the type segment of newsgraph IRIs (vocab mints them:
// id/person/…, id/country/…). Anything else is "other".
const (
	kindPerson       = "person"
	kindCountry      = "country"
	kindOrganization = "organization"
	kindPlace        = "place"
	kindTopic        = "topic"
	kindEvent        = "event"
	kindAgreement    = "agreement"
	kindDocument     = "document"
	kindConcept      = "kind" // an event kind concept (id/kind/meeting)
	kindOther        = "other"
)

var kindSegments = map[string]string{
	"person":    kindPerson,
	"country":   kindCountry,
	"org":       kindOrganization,
	"place":     kindPlace,
	"topic":     kindTopic,
	"event":     kindEvent,
	"agreement": kindAgreement,
	"doc":       kindDocument,
	"kind":      kindConcept,
}

// kindOf tells what a node is from its IRI alone: the IRIs are stable and
// typed by their path, so no lookup is needed.
func kindOf(iri quad.IRI) string {
	rest, ok := strings.CutPrefix(string(iri), vocab.ID)
	if !ok {
		return kindOther
	}
	seg, _, _ := strings.Cut(rest, "/")
	if k, ok := kindSegments[seg]; ok {
		return k
	}
	return kindOther
}

// curie abbreviates an IRI with the prefixes of vocab.Prefixes (the
// longest namespace that matches), or returns it whole.
func curie(iri quad.IRI) string {
	s := string(iri)
	best, bestNS := "", ""
	for p, ns := range vocab.Prefixes {
		if strings.HasPrefix(s, ns) && len(ns) > len(bestNS) {
			best, bestNS = p, ns
		}
	}
	if bestNS == "" {
		return s
	}
	return best + ":" + s[len(bestNS):]
}

// lexical is the text of a literal, "" for IRIs and blank nodes.
func lexical(v quad.Value) (text string, ok bool) {
	switch v := v.(type) {
	case quad.String:
		return string(v), true
	case quad.LangString:
		return string(v.Value), true
	case quad.TypedString:
		return string(v.Value), true
	case quad.IRI, quad.BNode, nil:
		return "", false
	}
	return quad.StringOf(v), true
}

// dateOf is the YYYY-MM-DD of a date literal, else its text.
func dateOf(v quad.Value) string {
	s, _ := lexical(v)
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return s
}

// reader reads one request's worth of the graph inside Store.View: quads
// around a node through the subject, object and label indexes, and node
// summaries, each looked up once.
type reader struct {
	ctx context.Context
	qs  graph.QuadStore
	// scanLimit bounds the quads one scan reads; truncated is set when a
	// scan stopped there.
	scanLimit int
	truncated bool

	vals     map[any]quad.Value
	refs     map[quad.Value]graph.Ref
	nodes    map[quad.IRI]*nodeInfo
	docCache map[quad.IRI]*docInfo
	objs     map[[2]quad.IRI][]quad.IRI // objects(node, p) of one predicate
}

func newReader(ctx context.Context, qs graph.QuadStore, scanLimit int) *reader {
	return &reader{
		ctx: ctx, qs: qs, scanLimit: scanLimit,
		vals:     map[any]quad.Value{},
		refs:     map[quad.Value]graph.Ref{},
		nodes:    map[quad.IRI]*nodeInfo{},
		docCache: map[quad.IRI]*docInfo{},
		objs:     map[[2]quad.IRI][]quad.IRI{},
	}
}

// ref is the store's reference for v, nil when no quad uses it.
func (r *reader) ref(v quad.Value) graph.Ref {
	if ref, ok := r.refs[v]; ok {
		return ref
	}
	ref := r.qs.ValueOf(v)
	r.refs[v] = ref
	return ref
}

// predicates returns the refs of the predicates ps that the store holds:
// an empty, non-nil list when it holds none of them.
func (r *reader) predicates(ps ...quad.IRI) []graph.Ref {
	out := []graph.Ref{}
	for _, p := range ps {
		if ref := r.ref(p); ref != nil {
			out = append(out, ref)
		}
	}
	return out
}

// scan returns the quads that have node in direction d, only those whose
// predicate is one of preds unless preds is nil, and only those in graph
// label unless label is nil. It reads at most r.scanLimit of them.
//
// The constraints go to Cayley as one shape of quads, so that a store
// that can answers them from its indexes (the SQL store; a kv store's
// [S,P] and [O,P,S] prefixes through View's optimizer); elsewhere the
// node's quads are read through its index and checked. Each quad is
// checked here too, whatever the store did.
func (r *reader) scan(d quad.Direction, node graph.Ref, preds []graph.Ref, label graph.Ref) ([]quad.Quad, error) {
	if node == nil || (preds != nil && len(preds) == 0) {
		return nil, nil
	}
	sh := shape.Quads{{Dir: d, Values: shape.Fixed{node}}}
	var pkeys map[any]bool
	if preds != nil {
		sh = append(sh, shape.QuadFilter{Dir: quad.Predicate, Values: shape.Fixed(preds)})
		pkeys = make(map[any]bool, len(preds))
		for _, p := range preds {
			pkeys[graph.ToKey(p)] = true
		}
	}
	var lkey any
	if label != nil {
		sh = append(sh, shape.QuadFilter{Dir: quad.Label, Values: shape.Fixed{label}})
		lkey = graph.ToKey(label)
	}
	it := shape.BuildIterator(r.qs, sh)
	defer it.Close()
	var refs []graph.Ref
	for it.Next(r.ctx) {
		q := it.Result()
		if pkeys != nil && !pkeys[graph.ToKey(r.qs.QuadDirection(q, quad.Predicate))] {
			continue
		}
		if label != nil && graph.ToKey(r.qs.QuadDirection(q, quad.Label)) != lkey {
			continue
		}
		if len(refs) == r.scanLimit {
			r.truncated = true
			break
		}
		refs = append(refs, q)
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	return r.resolve(refs)
}

// resolve turns quad refs into quads, reading each distinct term once.
func (r *reader) resolve(refs []graph.Ref) ([]quad.Quad, error) {
	var need []graph.Ref
	for _, q := range refs {
		for _, d := range quad.Directions {
			t := r.qs.QuadDirection(q, d)
			if t == nil {
				continue
			}
			k := graph.ToKey(t)
			if _, ok := r.vals[k]; !ok {
				r.vals[k] = nil
				need = append(need, t)
			}
		}
	}
	vals, err := graph.ValuesOf(r.ctx, r.qs, need)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		r.vals[graph.ToKey(need[i])] = v
	}
	out := make([]quad.Quad, 0, len(refs))
	for _, q := range refs {
		var v [4]quad.Value
		for j, d := range quad.Directions {
			if t := r.qs.QuadDirection(q, d); t != nil {
				v[j] = r.vals[graph.ToKey(t)]
			}
		}
		if v[0] == nil || v[1] == nil || v[2] == nil {
			continue // a term the store cannot name; nothing to show
		}
		out = append(out, quad.Quad{Subject: v[0], Predicate: v[1], Object: v[2], Label: v[3]})
	}
	return out, nil
}

// nodeInfo is what the explorer shows of a node wherever it appears.
type nodeInfo struct {
	IRI  string `json:"iri"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	// Date is an event's start, an agreement's date or a document's
	// publication date.
	Date string `json:"date,omitempty"`
	// Detail is an event's kind, a person's job title, a document's
	// identifier.
	Detail string `json:"detail,omitempty"`
}

// summaryPreds are the properties a node summary reads.
var summaryPreds = []quad.IRI{
	vocab.Name, vocab.PrefLabel, vocab.Identifier, vocab.Headline,
	vocab.StartDate, vocab.DateCreated, vocab.DatePublished, vocab.EventType, vocab.JobTitle,
}

// node summarizes iri: its display name (schema:name, else skos:prefLabel,
// else a document's headline, else schema:identifier, else the readable
// end of the IRI; the least when there are several), kind, date and
// detail.
func (r *reader) node(iri quad.IRI) (*nodeInfo, error) {
	if n, ok := r.nodes[iri]; ok {
		return n, nil
	}
	n := &nodeInfo{IRI: string(iri), Kind: kindOf(iri)}
	qs, err := r.scan(quad.Subject, r.ref(iri), r.predicates(summaryPreds...), nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", iri, err)
	}
	vals := map[quad.IRI][]string{}
	for _, q := range qs {
		p, _ := q.Predicate.(quad.IRI)
		var s string
		switch p {
		case vocab.EventType:
			if o, ok := q.Object.(quad.IRI); ok {
				s = lastSegment(o)
			}
		case vocab.StartDate, vocab.DateCreated, vocab.DatePublished:
			s = dateOf(q.Object)
		default:
			s, _ = lexical(q.Object)
		}
		if s != "" {
			vals[p] = append(vals[p], s)
		}
	}
	first := func(ps ...quad.IRI) string {
		for _, p := range ps {
			if len(vals[p]) > 0 {
				return slices.Min(vals[p])
			}
		}
		return ""
	}
	switch n.Kind {
	case kindDocument:
		n.Name = first(vocab.Headline, vocab.Name, vocab.Identifier)
		n.Date = first(vocab.DatePublished)
		n.Detail = first(vocab.Identifier)
	case kindEvent:
		n.Name = first(vocab.Name)
		n.Date = first(vocab.StartDate)
		n.Detail = first(vocab.EventType)
	case kindAgreement:
		n.Name = first(vocab.Name)
		n.Date = first(vocab.DateCreated)
	case kindPerson:
		n.Name = first(vocab.Name, vocab.PrefLabel)
		n.Detail = first(vocab.JobTitle)
	default:
		n.Name = first(vocab.Name, vocab.PrefLabel, vocab.Identifier)
	}
	if n.Name == "" {
		n.Name = lastSegment(iri)
	}
	r.nodes[iri] = n
	return n, nil
}

// lastSegment is the readable end of a newsgraph IRI (id/kind/meeting →
// "meeting", id/doc/a%20b → "a b"), or the IRI itself.
func lastSegment(iri quad.IRI) string {
	rest, ok := strings.CutPrefix(string(iri), vocab.ID)
	if !ok {
		return curie(iri)
	}
	_, local, ok := strings.Cut(rest, "/")
	if !ok || local == "" {
		return rest
	}
	if u, err := url.PathUnescape(local); err == nil {
		local = u
	}
	return local
}

// docInfo is a source document as the explorer cites it.
type docInfo struct {
	IRI       string `json:"iri"`
	ID        string `json:"id"`
	Headline  string `json:"headline,omitempty"`
	Date      string `json:"date,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	Dateline  string `json:"dateline,omitempty"`
	Location  string `json:"location,omitempty"`
}

var docPreds = []quad.IRI{
	vocab.Identifier, vocab.Headline, vocab.DatePublished, vocab.Publisher,
	vocab.URL, vocab.Dateline, vocab.LocationCreated,
}

// doc reads a document's metadata from its own graph.
func (r *reader) doc(iri quad.IRI) (*docInfo, error) {
	if d, ok := r.docCache[iri]; ok {
		return d, nil
	}
	d := &docInfo{IRI: string(iri), ID: lastSegment(iri)}
	r.docCache[iri] = d
	qs, err := r.scan(quad.Subject, r.ref(iri), r.predicates(docPreds...), nil)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", iri, err)
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i].Object.String() < qs[j].Object.String() })
	set := func(dst *string, s string) {
		if *dst == "" || s < *dst {
			*dst = s
		}
	}
	var idSet bool
	for _, q := range qs {
		switch q.Predicate {
		case vocab.Identifier:
			if s, ok := lexical(q.Object); ok && !idSet {
				d.ID, idSet = s, true
			}
		case vocab.Headline:
			s, _ := lexical(q.Object)
			set(&d.Headline, s)
		case vocab.DatePublished:
			set(&d.Date, dateOf(q.Object))
		case vocab.Dateline:
			s, _ := lexical(q.Object)
			set(&d.Dateline, s)
		case vocab.URL:
			if o, ok := q.Object.(quad.IRI); ok {
				set(&d.URL, string(o))
			} else if s, ok := lexical(q.Object); ok {
				set(&d.URL, s)
			}
		case vocab.Publisher, vocab.LocationCreated:
			o, ok := q.Object.(quad.IRI)
			if !ok {
				continue
			}
			n, err := r.node(o)
			if err != nil {
				return nil, err
			}
			if q.Predicate == vocab.Publisher {
				set(&d.Publisher, n.Name)
			} else {
				set(&d.Location, n.Name)
			}
		}
	}
	return d, nil
}

// docs reads the metadata of documents, newest first (then by IRI).
func (r *reader) docs(iris []quad.IRI) ([]*docInfo, error) {
	out := make([]*docInfo, 0, len(iris))
	for _, g := range iris {
		d, err := r.doc(g)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Date != out[j].Date {
			return out[i].Date > out[j].Date
		}
		return out[i].IRI < out[j].IRI
	})
	return out, nil
}

// names are the literal names of a node (name, aliases, labels), for
// finding it in sentences.
func (r *reader) names(iri quad.IRI) ([]string, error) {
	qs, err := r.scan(quad.Subject, r.ref(iri), r.predicates(vocab.Name, vocab.AlternateName, vocab.PrefLabel, vocab.AltLabel), nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, q := range qs {
		if s, ok := lexical(q.Object); ok && strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// evidence is one sentence a fact was read from, in the document (named
// graph) that holds it.
type evidence struct {
	Text     string `json:"text"`
	Document string `json:"document"`
}

// evidenceOf returns the ng:evidence sentences of node (an event or an
// agreement), only those in graph g unless g is "".
func (r *reader) evidenceOf(node quad.IRI, g quad.IRI) ([]evidence, error) {
	var label graph.Ref
	if g != "" {
		if label = r.ref(g); label == nil {
			return nil, nil
		}
	}
	qs, err := r.scan(quad.Subject, r.ref(node), r.predicates(vocab.Evidence), label)
	if err != nil {
		return nil, err
	}
	out := make([]evidence, 0, len(qs))
	for _, q := range qs {
		text, _ := lexical(q.Object)
		l, _ := q.Label.(quad.IRI)
		out = append(out, evidence{Text: text, Document: string(l)})
	}
	sortEvidence(out)
	return out, nil
}

func sortEvidence(ev []evidence) {
	sort.Slice(ev, func(i, j int) bool {
		if ev[i].Document != ev[j].Document {
			return ev[i].Document < ev[j].Document
		}
		return ev[i].Text < ev[j].Text
	})
}

// mentionPattern matches any of names as whole words, case-insensitively;
// nil when there are no usable names.
func mentionPattern(names []string) *regexp.Regexp {
	var alts []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if len([]rune(n)) < 2 {
			continue
		}
		alts = append(alts, regexp.QuoteMeta(n))
	}
	if len(alts) == 0 {
		return nil
	}
	// longest first, so that the longest alias is the one reported
	sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	return regexp.MustCompile(`(?i)(^|[^\pL\pN])(` + strings.Join(alts, "|") + `)($|[^\pL\pN])`)
}

// iriList returns the IRIs among vals, sorted and unique.
func iriList(vals map[quad.IRI]bool) []quad.IRI {
	out := make([]quad.IRI, 0, len(vals))
	for v := range vals {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}
