package extract

import (
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// graph collects the quads of one document, in the order they are made,
// with repeats; sorted orders them and drops the repeats.
type graph struct {
	label quad.Value
	quads []quad.Quad
	// The last subject, as a quad.Value: quads come in runs about one
	// subject, which then is made a quad.Value (an allocation) once.
	subject  quad.IRI
	subjectV quad.Value
}

// keyedQuad is a quad with its sort key: the subject and predicate IRIs,
// whether the object is an IRI, and the object's IRI or String().
type keyedQuad struct {
	q      quad.Quad
	s, p   string
	objIRI bool
	o      string
}

func (g *graph) add(s quad.IRI, p quad.Value, o quad.Value) {
	if o == nil {
		return
	}
	if str, ok := o.(quad.LangString); ok && strings.TrimSpace(string(str.Value)) == "" {
		return
	}
	if s != g.subject || g.subjectV == nil {
		g.subject, g.subjectV = s, s
	}
	g.quads = append(g.quads, quad.Quad{Subject: g.subjectV, Predicate: p, Object: o, Label: g.label})
}

func keyed(q quad.Quad) keyedQuad {
	kq := keyedQuad{q: q}
	kq.s = iriOf(q.Subject)
	kq.p = iriOf(q.Predicate)
	if iri, ok := q.Object.(quad.IRI); ok {
		kq.objIRI, kq.o = true, string(iri)
	} else {
		kq.o = q.Object.String()
	}
	return kq
}

// sorted returns the quads sorted by compareKeyed, each once.
func (g *graph) sorted() []quad.Quad {
	ks := make([]keyedQuad, len(g.quads))
	for i, q := range g.quads {
		ks[i] = keyed(q)
	}
	slices.SortFunc(ks, func(a, b keyedQuad) int { return compareKeyed(&a, &b) })
	out := g.quads[:0]
	for i := range ks {
		if i == 0 || compareKeyed(&ks[i-1], &ks[i]) != 0 {
			out = append(out, ks[i].q)
		}
	}
	return out
}

// compareKeyed orders quads by subject and predicate IRI, then by object:
// IRIs first, by IRI, then other values by their String().
func compareKeyed(a, b *keyedQuad) int {
	if c := strings.Compare(a.s, b.s); c != 0 {
		return c
	}
	if c := strings.Compare(a.p, b.p); c != 0 {
		return c
	}
	if a.objIRI != b.objIRI {
		if a.objIRI {
			return -1
		}
		return 1
	}
	return strings.Compare(a.o, b.o)
}

func iriOf(v quad.Value) string {
	iri, _ := v.(quad.IRI)
	return string(iri)
}

// value returns the IRI of a document entity as a quad.Value, made once
// the analysis is over (see graph).
func (e *entity) value() quad.Value {
	if e.valueMemo != nil {
		return e.valueMemo
	}
	return e.iri()
}

// iri returns the IRI of a document entity.
func (e *entity) iri() quad.IRI {
	if e.iriMemo != "" {
		return e.iriMemo
	}
	switch e.Kind {
	case kCountry:
		return vocab.CountryIRI(e.Code)
	case kPerson:
		return vocab.PersonIRI(e.Name)
	case kOrg:
		return vocab.OrganizationIRI(e.Name)
	case kPlace:
		return vocab.PlaceIRI(e.Name)
	case kTopic:
		if e.relKey != "" {
			return vocab.TopicIRI(e.relKey)
		}
		return vocab.TopicIRI(e.Name)
	}
	return ""
}

// graph renders the analysis as quads in the document's graph, appended
// to qs.
func (d *doc) graph(qs []quad.Quad) *graph {
	docIRI := vocab.DocumentIRI(d.d.ID)
	if qs == nil {
		qs = make([]quad.Quad, 0, 64)
	}
	g := &graph{label: docIRI, quads: qs}
	for _, e := range d.ents {
		e.iriMemo = e.iri() // named many times below, and final now
		e.valueMemo = e.iriMemo
	}

	// the document
	g.add(docIRI, vocab.Type, vocab.NewsArticle)
	g.add(docIRI, vocab.Type, vocab.ProvEntity)
	g.add(docIRI, vocab.Identifier, quad.String(d.d.ID))
	if d.d.Title != "" {
		g.add(docIRI, vocab.Headline, vocab.Label(d.d.Title))
	}
	if !d.d.Published.IsZero() {
		g.add(docIRI, vocab.DatePublished, vocab.Date(isoDate(d.d.Published)))
	}
	if d.d.URL != "" {
		g.add(docIRI, vocab.URL, quad.IRI(d.d.URL))
	}
	if d.d.Dateline.Raw != "" {
		g.add(docIRI, vocab.Dateline, quad.String(d.d.Dateline.Raw))
	}
	if d.publisher != nil {
		g.add(docIRI, vocab.Publisher, d.publisher.value())
	}
	if d.dateline != nil {
		g.add(docIRI, vocab.LocationCreated, d.dateline.value())
	}
	// the extractor (code version and data) that made these facts
	ex := vocab.Extractor(d.k.fingerprint)
	g.add(docIRI, vocab.WasAttributedTo, ex)
	g.add(ex, vocab.Type, vocab.SoftwareAgent)
	g.add(ex, vocab.Name, vocab.Label("newsgraph extractor"))
	g.add(ex, vocab.SoftwareVersion, quad.String(d.k.fingerprint))

	// the things it names
	for _, e := range d.ents {
		if len(e.Mentions) == 0 && e != d.dateline && e != d.publisher && !d.referenced(e) {
			continue
		}
		d.entityQuads(g, e)
		g.add(docIRI, vocab.Mentions, e.value())
	}
	for _, ev := range d.events {
		iri := d.eventQuads(g, ev)
		g.add(docIRI, vocab.Mentions, iri)
	}
	for _, a := range d.agrees {
		iri := d.agreementQuads(g, a)
		g.add(docIRI, vocab.Mentions, iri)
	}
	d.raisedQuads(g)
	return g
}

// referenced reports whether an entity without mentions of its own is
// still part of a fact (a party to an agreement, a topic). A country only
// implied (the country of a city, a known person's nationality) is linked
// to but not described: the document does not mention it.
func (d *doc) referenced(e *entity) bool {
	for _, u := range d.topics {
		if u.E == e {
			return true
		}
	}
	for _, a := range d.agrees {
		if containsEntity(a.Parties, e) || containsEntity(a.Topics, e) {
			return true
		}
	}
	for _, ev := range d.events {
		if containsEntity(ev.Locations, e) || containsEntity(ev.Orgs, e) {
			return true
		}
	}
	return false
}

func (d *doc) entityQuads(g *graph, e *entity) {
	iri := e.iri()
	switch e.Kind {
	case kPerson:
		g.add(iri, vocab.Type, vocab.Person)
		g.add(iri, vocab.Name, vocab.Label(e.Name))
		for _, t := range e.Titles {
			g.add(iri, vocab.JobTitle, vocab.Label(t))
		}
		if e.Country != nil {
			g.add(iri, vocab.Nationality, e.Country.value())
		}
	case kCountry:
		g.add(iri, vocab.Type, vocab.Country)
		g.add(iri, vocab.Name, vocab.Label(e.Name))
		g.add(iri, vocab.Identifier, quad.String(e.Code))
	case kOrg:
		g.add(iri, vocab.Type, vocab.Organization)
		g.add(iri, vocab.Name, vocab.Label(e.Name))
	case kPlace:
		g.add(iri, vocab.Type, vocab.Place)
		g.add(iri, vocab.Name, vocab.Label(e.Name))
		if e.Country != nil {
			g.add(iri, vocab.ContainedIn, e.Country.value())
		}
	case kTopic:
		g.add(iri, vocab.Type, vocab.Topic)
		g.add(iri, vocab.Type, vocab.Concept)
		g.add(iri, vocab.PrefLabel, vocab.Label(e.Name))
		g.add(iri, vocab.InScheme, vocab.TopicScheme)
		for _, n := range e.Names {
			if n != e.Name {
				g.add(iri, vocab.AltLabel, vocab.Label(n))
			}
		}
		// its place in the topic scheme, up to a top concept (those are
		// described in the ontology)
		for en := e.Entry; en != nil && en.Broader != ""; en = d.k.topicByName[en.Broader] {
			g.add(vocab.TopicIRI(en.Name), vocab.Broader, vocab.TopicIRI(en.Broader))
		}
	}
	if e.Kind != kTopic {
		for _, n := range e.Names {
			if n != e.Name {
				g.add(iri, vocab.AlternateName, vocab.Label(n))
			}
		}
	}
	// keys for the canonical name and the names the document uses; other
	// gazetteer aliases resolve in queries through the gazetteers
	for i := -1; i < len(e.Names); i++ {
		k := e.Name
		if i >= 0 {
			k = e.Names[i]
		}
		if key := vocab.Key(k); key != "" {
			g.add(iri, vocab.KeyProp, quad.String(key))
		}
	}
	if e.Kind == kCountry {
		// every ISO code and alias resolves in queries ("ROK")
		g.add(iri, vocab.KeyProp, quad.String(strings.ToLower(e.Code)))
	}
}

// eventQuads writes an event and returns its IRI.
func (d *doc) eventQuads(g *graph, ev *event) quad.IRI {
	var who []string
	for _, p := range ev.Attendees {
		who = append(who, p.Name)
	}
	ids := who
	if len(ids) < 2 {
		// one person's meeting on a day is not yet one event: where it
		// was (and who held it) tells two apart
		ids = append([]string(nil), ids...)
		for _, o := range ev.Orgs {
			ids = append(ids, o.Name)
		}
		for _, l := range ev.Locations {
			ids = append(ids, l.Name)
		}
	}
	if len(who) == 0 {
		who = ids
	}
	date := isoDate(ev.Date)
	iri := vocab.EventIRI(ev.Kind, date, ids)
	g.add(iri, vocab.Type, vocab.Event)
	g.add(iri, vocab.EventType, vocab.Kind(ev.Kind))
	if code := d.k.cameo[ev.Kind]; code != "" {
		g.add(iri, vocab.Type, vocab.Cameo(code))
	}
	if ev.Status != "" {
		g.add(iri, vocab.Status, quad.String(ev.Status))
	}
	g.add(iri, vocab.Name, vocab.Label(eventName(ev, who)))
	if date != "" {
		g.add(iri, vocab.StartDate, vocab.Date(date))
	}
	for _, p := range ev.Attendees {
		g.add(iri, vocab.Attendee, p.value())
		if p.Country != nil {
			g.add(iri, vocab.Involves, p.Country.value())
		}
	}
	for _, o := range ev.Orgs {
		g.add(iri, vocab.Organizer, o.value())
		d.entityQuads(g, o)
	}
	for _, l := range ev.Locations {
		g.add(iri, vocab.Location, l.value())
		d.entityQuads(g, l)
		if ev.Kind == "visit" {
			if l.Kind == kCountry {
				g.add(iri, vocab.Involves, l.value())
			} else if l.Country != nil {
				g.add(iri, vocab.Involves, l.Country.value())
			}
		}
	}
	for _, u := range d.topics {
		if containsSentence(ev.Evidence, u.S) {
			g.add(iri, vocab.About, u.E.value())
		}
	}
	for _, s := range ev.Evidence {
		g.add(iri, vocab.Evidence, vocab.Label(s.Text))
	}
	g.add(iri, vocab.WasDerivedFrom, g.label)
	return iri
}

func eventName(ev *event, who []string) string {
	kind := strings.ToUpper(ev.Kind[:1]) + ev.Kind[1:]
	name := kind
	if len(who) > 0 {
		name += " of " + joinAnd(who)
	}
	if len(ev.Locations) > 0 {
		name += " in " + ev.Locations[0].Name
	}
	if !ev.Date.IsZero() {
		name += ", " + isoDate(ev.Date)
	}
	return name
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// agreementQuads writes an agreement and returns its IRI.
func (d *doc) agreementQuads(g *graph, a *agreement) quad.IRI {
	var parties []string
	for _, p := range a.Parties {
		if p.Kind == kCountry {
			parties = append(parties, p.Code)
		} else {
			parties = append(parties, p.Name)
		}
	}
	date := isoDate(a.Date)
	iri := vocab.AgreementIRI(parties, date, a.Name)
	g.add(iri, vocab.Type, vocab.Agreement)
	g.add(iri, vocab.Name, vocab.Label(a.Name))
	for _, p := range a.Parties {
		g.add(iri, vocab.Party, p.value())
		d.entityQuads(g, p)
	}
	for _, t := range a.Topics {
		g.add(iri, vocab.About, t.value())
		d.entityQuads(g, t)
	}
	if a.Count > 0 {
		g.add(iri, vocab.Count, vocab.Integer(a.Count))
	}
	if a.Status != "" {
		g.add(iri, vocab.Status, quad.String(a.Status))
	}
	if date != "" {
		g.add(iri, vocab.DateCreated, vocab.Date(date))
	}
	for _, s := range a.Evidence {
		g.add(iri, vocab.Evidence, vocab.Label(s.Text))
	}
	g.add(iri, vocab.WasDerivedFrom, g.label)
	return iri
}

// raisedQuads links the speaker of each sentence to the topics it raises,
// and the speaker's country too.
func (d *doc) raisedQuads(g *graph) {
	for _, u := range d.topics {
		p := d.speaker(u.S)
		if p == nil {
			continue
		}
		g.add(p.iri(), vocab.Raised, u.E.value())
		if p.Country != nil {
			g.add(p.Country.iri(), vocab.Raised, u.E.value())
		}
	}
}

// speaker returns who says a sentence: "X said", "said X", "he said" (the
// person last named), or the subject of a sentence with a speech verb.
func (d *doc) speaker(s *sentence) *entity {
	toks := s.Toks
	for k := range toks {
		t := &toks[k]
		if !t.in(wcSpeechVerb, d.k.speechVerbs) {
			continue
		}
		if p := d.personEndingAt(s, k); p != nil {
			return p
		}
		if k+1 < len(toks) {
			if p, _ := d.personAt(s, k+1); p != nil {
				return p
			}
		}
		if k > 0 && (toks[k-1].lower() == "he" || toks[k-1].lower() == "she") {
			return d.pronoun(s, k-1, nil, nil)
		}
		for n := 0; n < k; n++ {
			if p, _ := d.personAt(s, n); p != nil {
				return p
			}
		}
	}
	return nil
}
