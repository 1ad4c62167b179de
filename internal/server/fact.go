package server

import (
	"net/http"
	"slices"
	"sort"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// How a sentence relates to a fact.
const (
	// evidenceDirect: the extractor read the event or agreement of the fact
	// from this sentence (its ng:evidence).
	evidenceDirect = "direct"
	// evidenceBoth: a sentence of the same document that names both ends
	// of the fact; the graph records no sentence for facts that are not
	// about events or agreements (a job title, a nationality, a topic
	// raised).
	evidenceBoth = "both"
	// evidenceObject: a sentence of the same document that names the
	// fact's object, when none names both ends.
	evidenceObject = "object"
)

type sentence struct {
	Text  string `json:"text"`
	Match string `json:"match"`
}

// source is one document that states a fact, with the sentences behind it.
type source struct {
	Document  *docInfo   `json:"document"`
	Sentences []sentence `json:"sentences"`
}

type factJSON struct {
	Subject   *nodeInfo `json:"subject"`
	Predicate string    `json:"predicate"`
	Label     string    `json:"label"`
	Object    term      `json:"object"`
	// ObjectNode describes the object when it is a node.
	ObjectNode *nodeInfo `json:"object_node,omitempty"`
	// Terms are the names of both ends, for highlighting them in the
	// sentences.
	Terms []string `json:"terms"`
	// Sources are the documents that state the fact, at most maxSources
	// of them (by IRI); SourceCount counts them all.
	Sources     []source `json:"sources"`
	SourceCount int      `json:"source_count"`
}

// maxSources bounds the documents described for one fact.
const maxSources = 50

// handleFact answers one fact with each document that states it and the
// sentences it was read from:
// GET /api/fact?s=IRI&p=IRI&o=IRI, or &value=TEXT[&lang=en|&type=IRI]
// for a literal object; &g=DOCUMENT-IRI for one document only.
func (s *Server) handleFact(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "s", "p", "o", "value", "lang", "type", "g"); err != nil {
		s.fail(w, r, err)
		return
	}
	params := map[string]string{}
	for _, n := range []string{"s", "p", "o", "value", "lang", "type", "g"} {
		v, err := single(r, n)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		params[n] = v
	}
	rawS, rawP, rawO, rawG := params["s"], params["p"], params["o"], params["g"]
	for _, n := range []string{"s", "p"} {
		if params[n] == "" {
			s.fail(w, r, badRequest("missing parameter %q (a fact is given by its subject s, predicate p, and object o or value)", n))
			return
		}
	}
	_, hasValue := r.URL.Query()["value"]
	if (rawO == "") == !hasValue {
		s.fail(w, r, badRequest("give one of the parameters \"o\" (the object's IRI) or \"value\" (a literal object)"))
		return
	}
	subj, err := parseIRI("s", rawS)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pred, err := parseIRI("p", rawP)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var obj term
	if rawO != "" {
		o, err := parseIRI("o", rawO)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		obj = term{IRI: string(o)}
	} else {
		lang, typ := params["lang"], params["type"]
		if lang != "" && typ != "" {
			s.fail(w, r, badRequest("a literal has a language or a type, not both"))
			return
		}
		// the literal as given, spaces included
		obj = term{Value: r.URL.Query().Get("value"), Lang: lang}
		if typ != "" {
			t, err := parseIRI("type", typ)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			obj.Type = string(t)
		}
	}
	var g quad.IRI
	if rawG != "" {
		if g, err = parseIRI("g", rawG); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	var out *factJSON
	err = s.st.View(r.Context(), func(qs graph.QuadStore) error {
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		var err error
		out, err = s.fact(rd, subj, pred, obj, g)
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) fact(rd *reader, subj, pred quad.IRI, obj term, g quad.IRI) (*factJSON, error) {
	var label graph.Ref
	if g != "" {
		if label = rd.ref(g); label == nil {
			return nil, notFound("no such document %s", g)
		}
	}
	want := obj.value()
	quads, err := rd.scan(quad.Subject, rd.ref(subj), rd.predicates(pred), label)
	if err != nil {
		return nil, err
	}
	var docs []quad.IRI
	for _, q := range quads {
		if q.Object == want {
			if l, ok := q.Label.(quad.IRI); ok {
				docs = append(docs, l)
			}
		}
	}
	if len(docs) == 0 {
		return nil, notFound("no document states that %s %s %s", curie(subj), curie(pred), want)
	}
	slices.Sort(docs)
	docs = slices.Compact(docs)
	out := &factJSON{Predicate: string(pred), Label: curie(pred), Object: obj, Terms: []string{}, Sources: []source{}, SourceCount: len(docs)}
	if len(docs) > maxSources {
		docs = docs[:maxSources]
	}
	if out.Subject, err = rd.node(subj); err != nil {
		return nil, err
	}
	// The names to look for in sentences: both ends', or the literal.
	subjNames, err := rd.names(subj)
	if err != nil {
		return nil, err
	}
	var objNames []string
	var objIRI quad.IRI
	if obj.IRI != "" {
		objIRI = quad.IRI(obj.IRI)
		if out.ObjectNode, err = rd.node(objIRI); err != nil {
			return nil, err
		}
		if objNames, err = rd.names(objIRI); err != nil {
			return nil, err
		}
		if len(objNames) == 0 {
			objNames = []string{out.ObjectNode.Name}
		}
	} else {
		objNames = []string{obj.Value}
	}
	switch {
	case kindOf(subj) == kindDocument:
		subjNames = nil // a document's own statements: look for the object
	case isOccurrence(subj):
		subjNames = nil // events and agreements are named by the extractor, not the text
	case isOccurrence(objIRI):
		objNames = nil
	}
	out.Terms = append(append(out.Terms, subjNames...), objNames...)
	slices.Sort(out.Terms)
	out.Terms = slices.Compact(out.Terms)
	subjRe, objRe := mentionPattern(subjNames), mentionPattern(objNames)
	// The event or agreement the fact is about carries the sentences.
	var holder quad.IRI
	switch {
	case isOccurrence(subj):
		holder = subj
	case isOccurrence(objIRI):
		holder = objIRI
	}
	for _, d := range docs {
		src := source{Sentences: []sentence{}}
		if src.Document, err = rd.doc(d); err != nil {
			return nil, err
		}
		if holder != "" {
			ev, err := rd.evidenceOf(holder, d)
			if err != nil {
				return nil, err
			}
			for _, e := range ev {
				src.Sentences = append(src.Sentences, sentence{Text: e.Text, Match: evidenceDirect})
			}
			// The sentences that name the other end come first.
			other := objRe
			if holder == objIRI {
				other = subjRe
			}
			if other != nil {
				sort.SliceStable(src.Sentences, func(i, j int) bool {
					return other.MatchString(src.Sentences[i].Text) && !other.MatchString(src.Sentences[j].Text)
				})
			}
		} else {
			// No sentence is recorded for the fact itself: offer the
			// document's evidence sentences that name both ends, else those
			// that name the object.
			all, err := rd.scan(quad.Label, rd.ref(d), rd.predicates(vocab.Evidence), nil)
			if err != nil {
				return nil, err
			}
			var texts []string
			for _, q := range all {
				if t, ok := lexical(q.Object); ok {
					texts = append(texts, t)
				}
			}
			slices.Sort(texts)
			texts = slices.Compact(texts)
			for _, t := range texts {
				if objRe != nil && objRe.MatchString(t) && (subjRe == nil || subjRe.MatchString(t)) {
					src.Sentences = append(src.Sentences, sentence{Text: t, Match: evidenceBoth})
				}
			}
			if len(src.Sentences) == 0 && objRe != nil && subjRe != nil {
				for _, t := range texts {
					if objRe.MatchString(t) {
						src.Sentences = append(src.Sentences, sentence{Text: t, Match: evidenceObject})
					}
				}
			}
			if len(src.Sentences) > maxSentences {
				src.Sentences = src.Sentences[:maxSentences]
			}
		}
		out.Sources = append(out.Sources, src)
	}
	return out, nil
}

// maxSentences bounds the related sentences offered for one document.
const maxSentences = 20

// isOccurrence: events and agreements carry evidence sentences.
func isOccurrence(iri quad.IRI) bool {
	k := kindOf(iri)
	return k == kindEvent || k == kindAgreement
}
