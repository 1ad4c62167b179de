// Package storetest is the conformance suite that every store.Store
// implementation runs, as Cayley's graphtest is for quad stores.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// Run runs the suite. open returns a new, empty store for each subtest; it
// registers its own cleanup (a second Close must be harmless).
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"ReplaceStatus", testReplaceStatus},
		{"ReplaceIdempotent", testReplaceIdempotent},
		{"ReplaceTouchesOnlyItsGraph", testReplaceTouchesOnlyItsGraph},
		{"ReplaceOverlapStaysIndexed", testReplaceOverlapStaysIndexed},
		{"ReplaceShrinks", testReplaceShrinks},
		{"SharedTripleInTwoGraphs", testSharedTriple},
		{"ReplaceInvalid", testReplaceInvalid},
		{"ReplaceBatch", testReplaceBatch},
		{"Remove", testRemove},
		{"Hash", testHash},
		{"GraphsSorted", testGraphsSorted},
		{"QuadsRoundTrip", testQuadsRoundTrip},
		{"QuadsStopsOnError", testQuadsStopsOnError},
		{"Stats", testStats},
		{"ViewGizmo", testViewGizmo},
		{"Cancelled", testCancelled},
		{"Concurrent", testConcurrent},
		{"Closed", testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// Doc returns the quads of a synthetic document shaped like the
// extractor's output: document node, people, countries, an event, an
// agreement, topics; about 60 + 6*size quads. Nodes are shared between
// documents with the same seed range, as real entities are.
func Doc(id string, size int, seed uint64) []quad.Quad {
	g := vocab.DocumentIRI(id)
	r := rand.New(rand.NewPCG(seed, 7))
	var qs []quad.Quad
	add := func(s quad.Value, p quad.IRI, o quad.Value) {
		qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g})
	}
	date := fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
	add(g, vocab.Type, vocab.NewsArticle)
	add(g, vocab.Type, vocab.ProvEntity)
	add(g, vocab.Identifier, quad.String(id))
	add(g, vocab.Headline, vocab.Label("Leaders meet on trade "+id))
	add(g, vocab.DatePublished, vocab.Date(date))
	add(g, vocab.ContentHash, quad.String(fmt.Sprintf("%064x", seed)))
	pub := vocab.OrganizationIRI("Xinhua")
	add(g, vocab.Publisher, pub)
	add(pub, vocab.Type, vocab.Organization)
	add(pub, vocab.Name, vocab.Label("Xinhua"))
	add(pub, vocab.KeyProp, quad.String("xinhua"))
	var people, countries, topics []quad.IRI
	for i := range 2 + size/4 {
		n := r.IntN(200)
		cc := fmt.Sprintf("C%d", n%50)
		c := vocab.CountryIRI(cc)
		countries = append(countries, c)
		add(c, vocab.Type, vocab.Country)
		add(c, vocab.Name, vocab.Label("Country "+cc))
		add(c, vocab.Identifier, quad.String(cc))
		name := fmt.Sprintf("Person %d", n)
		p := vocab.PersonIRI(name)
		people = append(people, p)
		add(p, vocab.Type, vocab.Person)
		add(p, vocab.Name, vocab.Label(name))
		add(p, vocab.KeyProp, quad.String(vocab.Key(name)))
		add(p, vocab.JobTitle, vocab.Label("Minister"))
		add(p, vocab.Nationality, c)
		topic := vocab.TopicIRI(fmt.Sprintf("topic %d", (int(seed)+i)%30))
		topics = append(topics, topic)
		add(topic, vocab.Type, vocab.Topic)
		add(topic, vocab.PrefLabel, vocab.Label(fmt.Sprintf("topic %d", (int(seed)+i)%30)))
		add(p, vocab.Raised, topic)
	}
	ev := vocab.EventIRI(vocab.KindMeeting, date, []string{"a" + id, "b"})
	add(ev, vocab.Type, vocab.Event)
	add(ev, vocab.EventType, vocab.Kind(vocab.KindMeeting))
	add(ev, vocab.Name, vocab.Label("Meeting in "+id))
	add(ev, vocab.StartDate, vocab.Date(date))
	add(ev, vocab.Evidence, vocab.Label("The two leaders met on "+date+" and said \"hello\".\nThey agreed."))
	add(ev, vocab.WasDerivedFrom, g)
	ag := vocab.AgreementIRI([]string{"x", id}, date, "trade deal")
	add(ag, vocab.Type, vocab.Agreement)
	add(ag, vocab.Count, vocab.Integer(1+r.IntN(20)))
	add(ag, vocab.Status, quad.String("signed"))
	add(ag, vocab.WasDerivedFrom, g)
	for _, p := range people {
		add(ev, vocab.Attendee, p)
		add(g, vocab.Mentions, p)
	}
	for _, c := range countries {
		add(ev, vocab.Involves, c)
		add(ag, vocab.Party, c)
		add(g, vocab.Mentions, c)
	}
	for _, tp := range topics {
		add(ev, vocab.About, tp)
		add(ag, vocab.About, tp)
		add(g, vocab.Mentions, tp)
	}
	return qs
}

// Sorted returns qs deduplicated and in the order Store.Quads promises.
func Sorted(qs []quad.Quad) []quad.Quad {
	out := slices.Clone(qs)
	key := func(q quad.Quad) [4]string {
		return [4]string{string(q.Label.(quad.IRI)), q.Subject.String(), q.Predicate.String(), q.Object.String()}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := key(out[i]), key(out[j])
		return slices.Compare(a[:], b[:]) < 0
	})
	return slices.CompactFunc(out, func(a, b quad.Quad) bool { return a == b })
}

// all reads every quad of s.
func all(t *testing.T, s store.Store) []quad.Quad {
	t.Helper()
	var out []quad.Quad
	if err := s.Quads(t.Context(), func(q quad.Quad) error {
		out = append(out, q)
		return nil
	}); err != nil {
		t.Fatalf("Quads: %v", err)
	}
	return out
}

func replace(t *testing.T, s store.Store, g quad.IRI, qs []quad.Quad) store.Change {
	t.Helper()
	ch, err := s.Replace(t.Context(), g, qs)
	if err != nil {
		t.Fatalf("Replace(%s): %v", g, err)
	}
	return ch
}

func iri(s string) quad.IRI { return quad.IRI("http://example.org/" + s) }

func q(s, p string, o quad.Value, g quad.IRI) quad.Quad {
	return quad.Quad{Subject: iri(s), Predicate: iri(p), Object: o, Label: g}
}

func testReplaceStatus(t *testing.T, s store.Store) {
	g := iri("g")
	a, b, c := q("s", "p", iri("a"), g), q("s", "p", iri("b"), g), q("s", "p", iri("c"), g)
	steps := []struct {
		name  string
		quads []quad.Quad
		want  store.Change
	}{
		{"empty on absent graph", nil, store.Change{Status: store.Unchanged}},
		{"first write", []quad.Quad{a, b}, store.Change{Status: store.Added, Added: 2}},
		{"same again", []quad.Quad{b, a}, store.Change{Status: store.Unchanged}},
		{"one swapped", []quad.Quad{a, c}, store.Change{Status: store.Updated, Added: 1, Deleted: 1}},
		{"one added", []quad.Quad{a, b, c}, store.Change{Status: store.Updated, Added: 1}},
		{"emptied", nil, store.Change{Status: store.Updated, Deleted: 3}},
		{"written again", []quad.Quad{c}, store.Change{Status: store.Added, Added: 1}},
	}
	for _, st := range steps {
		got := replace(t, s, g, st.quads)
		if diff := cmp.Diff(st.want, got); diff != "" {
			t.Fatalf("%s: Change (-want +got):\n%s", st.name, diff)
		}
		if diff := cmp.Diff(Sorted(st.quads), all(t, s)); diff != "" {
			t.Fatalf("%s: quads (-want +got):\n%s", st.name, diff)
		}
	}
}

func testReplaceIdempotent(t *testing.T, s store.Store) {
	g := vocab.DocumentIRI("doc-1")
	doc := Doc("doc-1", 40, 1)
	ch := replace(t, s, g, doc)
	if ch.Status != store.Added || ch.Added != len(Sorted(doc)) {
		t.Fatalf("first Replace = %+v, want Added with %d quads", ch, len(Sorted(doc)))
	}
	// Duplicated and shuffled input is the same graph.
	again := append(slices.Clone(doc), doc[:10]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(again), func(i, j int) { again[i], again[j] = again[j], again[i] })
	for i := range 3 {
		if ch := replace(t, s, g, again); ch != (store.Change{Status: store.Unchanged}) {
			t.Fatalf("Replace #%d of the same quads = %+v, want Unchanged", i+2, ch)
		}
	}
	if diff := cmp.Diff(Sorted(doc), all(t, s)); diff != "" {
		t.Fatalf("quads (-want +got):\n%s", diff)
	}
}

func testReplaceTouchesOnlyItsGraph(t *testing.T, s store.Store) {
	g1, g2 := vocab.DocumentIRI("one"), vocab.DocumentIRI("two")
	d1, d2 := Doc("one", 30, 1), Doc("two", 30, 2)
	replace(t, s, g1, d1)
	replace(t, s, g2, d2)
	// Change d1: drop some quads, add others (sharing nodes with d2).
	d1b := append(slices.Clone(d1[5:]), Doc("one", 30, 3)[:20]...)
	if ch := replace(t, s, g1, d1b); ch.Status != store.Updated {
		t.Fatalf("Replace changed doc = %+v, want Updated", ch)
	}
	want := Sorted(append(slices.Clone(d1b), d2...))
	if diff := cmp.Diff(want, all(t, s)); diff != "" {
		t.Fatalf("quads (-want +got):\n%s", diff)
	}
}

// testReplaceBatch: several graphs in one transaction, some new, some
// changed, some unchanged, sharing nodes; a batch naming a graph twice or
// holding an invalid quad changes nothing.
func testReplaceBatch(t *testing.T, s store.Store) {
	g1, g2, g3 := vocab.DocumentIRI("b1"), vocab.DocumentIRI("b2"), vocab.DocumentIRI("b3")
	d1, d2, d3 := Doc("b1", 20, 1), Doc("b2", 20, 2), Doc("b3", 20, 3)
	replace(t, s, g1, d1)
	replace(t, s, g2, d2)
	d2b := append(slices.Clone(d2[4:]), Doc("b2", 20, 4)[:10]...)
	chs, err := s.ReplaceBatch(t.Context(), []store.Graph{{IRI: g1, Quads: d1}, {IRI: g2, Quads: d2b}, {IRI: g3, Quads: d3}})
	if err != nil {
		t.Fatalf("ReplaceBatch: %v", err)
	}
	var statuses []store.Status
	for _, ch := range chs {
		statuses = append(statuses, ch.Status)
	}
	if diff := cmp.Diff([]store.Status{store.Unchanged, store.Updated, store.Added}, statuses); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	want := Sorted(append(append(slices.Clone(d1), d2b...), d3...))
	if diff := cmp.Diff(want, all(t, s)); diff != "" {
		t.Fatalf("quads (-want +got):\n%s", diff)
	}
	// every quad is found through the indexes, not just counted
	for _, g := range []quad.IRI{g1, g2, g3} {
		if h, err := s.Hash(t.Context(), g); err != nil || h == "" {
			t.Fatalf("Hash(%s) = %q, %v after the batch", g, h, err)
		}
	}
	bad := []store.Graph{
		{IRI: g3, Quads: Doc("b3", 20, 5)},
		{IRI: g1, Quads: []quad.Quad{{Subject: iri("s"), Predicate: iri("p"), Object: nil, Label: g1}}},
	}
	if _, err := s.ReplaceBatch(t.Context(), bad); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("batch with an invalid quad: error %v, want ErrInvalid", err)
	}
	twice := []store.Graph{{IRI: g3, Quads: Doc("b3", 20, 5)}, {IRI: g3, Quads: d3}}
	if _, err := s.ReplaceBatch(t.Context(), twice); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("batch naming a graph twice: error %v, want ErrInvalid", err)
	}
	if diff := cmp.Diff(want, all(t, s)); diff != "" {
		t.Fatalf("failed batches changed the store (-want +got):\n%s", diff)
	}
}

// testReplaceOverlapStaysIndexed guards against Cayley's kv stores losing
// quads from their indexes when one batch deletes and re-adds them: the
// quads must stay reachable through index lookups, not only counted.
func testReplaceOverlapStaysIndexed(t *testing.T, s store.Store) {
	g := iri("g")
	keep := q("s", "p", iri("o"), g)
	replace(t, s, g, []quad.Quad{keep, q("s", "p", iri("old"), g)})
	replace(t, s, g, []quad.Quad{keep, q("s", "p", iri("new"), g)})
	replace(t, s, g, []quad.Quad{q("s", "p", iri("new"), g), keep, q("s2", "p", iri("o"), g)})
	err := s.View(t.Context(), func(qs graph.QuadStore) error {
		for _, lookup := range []struct {
			dir quad.Direction
			val quad.Value
			n   int
		}{
			{quad.Subject, iri("s"), 2},
			{quad.Object, iri("o"), 2},
			{quad.Object, iri("new"), 1},
			{quad.Object, iri("old"), 0},
			{quad.Label, g, 3},
		} {
			var got []quad.Quad
			if ref := qs.ValueOf(lookup.val); ref != nil {
				it := qs.QuadIterator(lookup.dir, ref)
				for it.Next(t.Context()) {
					got = append(got, qs.Quad(it.Result()))
				}
				if err := it.Close(); err != nil {
					return err
				}
			}
			if len(got) != lookup.n {
				t.Errorf("QuadIterator(%v, %v) = %v, want %d quads", lookup.dir, lookup.val, got, lookup.n)
			}
		}
		st, err := qs.Stats(t.Context(), true)
		if err != nil {
			return err
		}
		if st.Quads.Size != 3 {
			t.Errorf("quad count = %d, want 3", st.Quads.Size)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testReplaceShrinks guards against Cayley's kv stores writing new quads
// without the terms whose reference count the same batch lowers (the graph
// label, a shared subject): such quads are counted but have no label or
// subject, so index lookups and Quads miss them.
func testReplaceShrinks(t *testing.T, s store.Store) {
	g := iri("g")
	var v1 []quad.Quad
	for i := range 6 {
		v1 = append(v1, q("s", "old", quad.String(fmt.Sprint(i)), g))
	}
	v2 := []quad.Quad{q("s", "new", iri("a"), g), q("s", "new", quad.String("b"), g)}
	replace(t, s, g, v1)
	if ch := replace(t, s, g, v2); ch != (store.Change{Status: store.Updated, Added: 2, Deleted: 6}) {
		t.Fatalf("Replace = %+v, want Updated +2 -6", ch)
	}
	if diff := cmp.Diff(Sorted(v2), all(t, s)); diff != "" {
		t.Fatalf("quads (-want +got):\n%s", diff)
	}
	err := s.View(t.Context(), func(qs graph.QuadStore) error {
		for _, dir := range []quad.Direction{quad.Subject, quad.Label} {
			var got []quad.Quad
			it := qs.QuadIterator(dir, qs.ValueOf(map[quad.Direction]quad.Value{quad.Subject: iri("s"), quad.Label: g}[dir]))
			for it.Next(t.Context()) {
				got = append(got, qs.Quad(it.Result()))
			}
			if err := it.Close(); err != nil {
				return err
			}
			if diff := cmp.Diff(Sorted(v2), Sorted(got)); diff != "" {
				t.Errorf("QuadIterator(%v) (-want +got):\n%s", dir, diff)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if gs, err := s.Graphs(t.Context()); err != nil || len(gs) != 1 || gs[0] != g {
		t.Fatalf("Graphs = %v, %v; want [%v]", gs, err, g)
	}
}

// testSharedTriple: the same triple in two graphs is two quads; writing
// the second must not be mistaken for a duplicate (Cayley rejects
// duplicates and rolls back the whole batch).
func testSharedTriple(t *testing.T, s store.Store) {
	ga, gb := iri("a"), iri("b")
	shared := func(g quad.IRI) quad.Quad { return q("x", "p", vocab.Label("shared"), g) }
	replace(t, s, ga, []quad.Quad{shared(ga), q("x", "only", iri("a"), ga)})
	ch := replace(t, s, gb, []quad.Quad{shared(gb), q("y", "only", iri("b"), gb), shared(gb)})
	if ch != (store.Change{Status: store.Added, Added: 2}) {
		t.Fatalf("Replace b = %+v, want Added 2", ch)
	}
	want := Sorted([]quad.Quad{shared(ga), q("x", "only", iri("a"), ga), shared(gb), q("y", "only", iri("b"), gb)})
	if diff := cmp.Diff(want, all(t, s)); diff != "" {
		t.Fatalf("quads (-want +got):\n%s", diff)
	}
	if _, err := s.Remove(t.Context(), ga); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want[2:], all(t, s)); diff != "" {
		t.Fatalf("after removing a (-want +got):\n%s", diff)
	}
}

func testReplaceInvalid(t *testing.T, s store.Store) {
	g := iri("g")
	good := []quad.Quad{q("s", "p", quad.String("v"), g)}
	replace(t, s, g, good)
	tests := []struct {
		name string
		q    quad.Quad
	}{
		{"other label", q("s", "p", iri("o"), iri("other"))},
		{"no label", quad.Quad{Subject: iri("s"), Predicate: iri("p"), Object: iri("o")}},
		{"nil object", quad.Quad{Subject: iri("s"), Predicate: iri("p"), Label: g}},
		{"literal subject", quad.Quad{Subject: quad.String("s"), Predicate: iri("p"), Object: iri("o"), Label: g}},
		{"literal predicate", quad.Quad{Subject: iri("s"), Predicate: quad.String("p"), Object: iri("o"), Label: g}},
		{"native int", q("s", "p", quad.Int(3), g)},
		{"native time", q("s", "p", quad.Time(time.Unix(0, 0)), g)},
		{"invalid UTF-8", q("s", "p", quad.String("a\xffb"), g)},
		{"NUL", q("s", "p", quad.String("a\x00b"), g)},
		{"empty IRI", q("s", "p", quad.IRI(""), g)},
		{"untyped typed string", q("s", "p", quad.TypedString{Value: "x"}, g)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad := append(slices.Clone(good), q("s", "p", quad.String("new"), g), tc.q)
			_, err := s.Replace(t.Context(), g, bad)
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Replace = %v, want ErrInvalid", err)
			}
			if diff := cmp.Diff(good, all(t, s)); diff != "" {
				t.Fatalf("failed Replace changed the store (-want +got):\n%s", diff)
			}
		})
	}
}

func testRemove(t *testing.T, s store.Store) {
	g1, g2 := vocab.DocumentIRI("one"), vocab.DocumentIRI("two")
	d1, d2 := Doc("one", 20, 1), Doc("two", 20, 1) // same seed: many shared nodes
	replace(t, s, g1, d1)
	replace(t, s, g2, d2)
	n, err := s.Remove(t.Context(), g1)
	if err != nil || n != len(Sorted(d1)) {
		t.Fatalf("Remove = %d, %v; want %d, nil", n, err, len(Sorted(d1)))
	}
	if diff := cmp.Diff(Sorted(d2), all(t, s)); diff != "" {
		t.Fatalf("quads after Remove (-want +got):\n%s", diff)
	}
	if _, err := s.Remove(t.Context(), g1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("second Remove = %v, want ErrNotFound", err)
	}
	if _, err := s.Remove(t.Context(), iri("never")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Remove of unknown graph = %v, want ErrNotFound", err)
	}
	if h, err := s.Hash(t.Context(), g1); err != nil || h != "" {
		t.Fatalf("Hash of removed graph = %q, %v; want \"\"", h, err)
	}
	// A removed graph can come back.
	if ch := replace(t, s, g1, d1); ch.Status != store.Added {
		t.Fatalf("Replace after Remove = %+v, want Added", ch)
	}
}

func testHash(t *testing.T, s store.Store) {
	g, other := vocab.DocumentIRI("h"), vocab.DocumentIRI("other")
	hq := func(subj quad.IRI, h string, label quad.IRI) quad.Quad {
		return quad.Quad{Subject: subj, Predicate: vocab.ContentHash, Object: quad.String(h), Label: label}
	}
	if h, err := s.Hash(t.Context(), g); err != nil || h != "" {
		t.Fatalf("Hash of absent graph = %q, %v", h, err)
	}
	// Another graph's statement about g does not count.
	replace(t, s, other, []quad.Quad{hq(g, "not-mine", other), hq(other, "h-other", other)})
	if h, err := s.Hash(t.Context(), g); err != nil || h != "" {
		t.Fatalf("Hash with only a foreign statement = %q, %v; want \"\"", h, err)
	}
	replace(t, s, g, []quad.Quad{hq(g, "h1", g), q("x", "p", iri("y"), g)})
	replace(t, s, g, []quad.Quad{hq(g, "h2", g), q("x", "p", iri("y"), g)})
	for _, tc := range []struct {
		g    quad.IRI
		want string
	}{{g, "h2"}, {other, "h-other"}, {iri("nothing"), ""}} {
		if h, err := s.Hash(t.Context(), tc.g); err != nil || h != tc.want {
			t.Errorf("Hash(%s) = %q, %v; want %q", tc.g, h, err, tc.want)
		}
	}
	// A graph without a hash statement.
	replace(t, s, g, []quad.Quad{q("x", "p", iri("y"), g)})
	if h, err := s.Hash(t.Context(), g); err != nil || h != "" {
		t.Fatalf("Hash without statement = %q, %v; want \"\"", h, err)
	}
}

func testGraphsSorted(t *testing.T, s store.Store) {
	names := []string{"m", "b", "z", "a/b", "a", "é", "A"}
	for _, n := range names {
		g := iri(n)
		replace(t, s, g, []quad.Quad{q("s", "p", quad.String(n), g)})
	}
	if _, err := s.Remove(t.Context(), iri("z")); err != nil {
		t.Fatal(err)
	}
	replace(t, s, iri("m"), nil)
	got, err := s.Graphs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []quad.IRI{iri("A"), iri("a"), iri("a/b"), iri("b"), iri("é")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Graphs (-want +got):\n%s", diff)
	}
}

// Tricky terms that must come back exactly as written.
var tricky = []quad.Value{
	quad.String(""),
	quad.String(`quote " backslash \ tab 	 end`),
	quad.String("line one\nline two\r\n"),
	quad.String("Ünïcödé 中文 😀 e\u0301"),
	quad.String(`C:\new\table \u0041 \n`),
	quad.String("<not an IRI>"),
	quad.LangString{Value: "Xi Jinping", Lang: "en"},
	quad.LangString{Value: "Си Цзиньпин", Lang: "ru"},
	quad.LangString{Value: "colour", Lang: "en-GB"},
	quad.TypedString{Value: "2025-11-01", Type: vocab.XSDDate},
	quad.TypedString{Value: "15", Type: vocab.XSDInteger},
	quad.TypedString{Value: "true", Type: quad.IRI(vocab.XSD + "boolean")},
	quad.TypedString{Value: "1.5", Type: quad.IRI(vocab.XSD + "decimal")},
	quad.TypedString{Value: "x y", Type: "http://example.org/custom#type"},
	quad.IRI("http://example.org/ünïcode/%20path?q=1#frag"),
	quad.IRI("urn:isbn:0451450523"),
	quad.BNode("b0"),
}

func testQuadsRoundTrip(t *testing.T, s store.Store) {
	g1, g2 := vocab.DocumentIRI("b/ü"), vocab.DocumentIRI("a b")
	var want []quad.Quad
	for i, v := range tricky {
		for _, g := range []quad.IRI{g1, g2} {
			want = append(want, quad.Quad{Subject: iri(fmt.Sprintf("s%d", i%3)), Predicate: iri(fmt.Sprintf("p%d", i)), Object: v, Label: g})
		}
	}
	want = append(want, quad.Quad{Subject: quad.BNode("node"), Predicate: iri("p"), Object: iri("o"), Label: g1})
	var g1q, g2q []quad.Quad
	for _, q := range want {
		if q.Label == g1 {
			g1q = append(g1q, q)
		} else {
			g2q = append(g2q, q)
		}
	}
	replace(t, s, g1, g1q)
	replace(t, s, g2, g2q)
	got := all(t, s)
	if diff := cmp.Diff(Sorted(want), got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	// Stable: a second read is identical, and re-writing changes nothing.
	if diff := cmp.Diff(got, all(t, s)); diff != "" {
		t.Fatalf("second read differs:\n%s", diff)
	}
	if ch := replace(t, s, g1, g1q); ch.Status != store.Unchanged {
		t.Fatalf("Replace of read-back quads = %+v, want Unchanged", ch)
	}
}

func testQuadsStopsOnError(t *testing.T, s store.Store) {
	for _, n := range []string{"a", "b"} {
		g := iri(n)
		replace(t, s, g, []quad.Quad{q("s", "p", iri("1"), g), q("s", "p", iri("2"), g)})
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Quads(t.Context(), func(quad.Quad) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Fatalf("Quads = %v after %d calls, want stop after 3", err, calls)
	}
}

func testStats(t *testing.T, s store.Store) {
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(store.Stats{Types: map[string]int64{}}, st); diff != "" {
		t.Fatalf("empty Stats (-want +got):\n%s", diff)
	}
	g1, g2 := iri("g1"), iri("g2")
	typ := func(s string, class quad.IRI, g quad.IRI) quad.Quad {
		return quad.Quad{Subject: iri(s), Predicate: vocab.Type, Object: class, Label: g}
	}
	replace(t, s, g1, []quad.Quad{typ("xi", vocab.Person, g1), typ("cn", vocab.Country, g1), q("xi", "p", iri("cn"), g1)})
	// xi typed again in g2: still one Person.
	replace(t, s, g2, []quad.Quad{typ("xi", vocab.Person, g2), typ("lee", vocab.Person, g2), typ("t", vocab.Topic, g2), typ("t", vocab.Concept, g2)})
	replace(t, s, iri("gone"), []quad.Quad{typ("ghost", vocab.Event, iri("gone"))})
	if _, err := s.Remove(t.Context(), iri("gone")); err != nil {
		t.Fatal(err)
	}
	st, err = s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Quads: 7, Graphs: 2, Types: map[string]int64{
		string(vocab.Person): 2, string(vocab.Country): 1, string(vocab.Topic): 1, string(vocab.Concept): 1,
	}}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Fatalf("Stats (-want +got):\n%s", diff)
	}
}

// Gizmo runs a Gizmo query through View and returns the JSON results.
func Gizmo(ctx context.Context, s store.Store, text string) ([]any, error) {
	var out []any
	err := s.View(ctx, func(qs graph.QuadStore) error {
		it, err := gizmo.NewSession(qs).Execute(ctx, text, query.Options{Collation: query.JSON})
		if err != nil {
			return err
		}
		defer it.Close()
		for it.Next(ctx) {
			out = append(out, it.Result())
		}
		return it.Err()
	})
	return out, err
}

func testViewGizmo(t *testing.T, s store.Store) {
	for i, id := range []string{"d1", "d2"} {
		replace(t, s, vocab.DocumentIRI(id), Doc(id, 8, uint64(i)))
	}
	tests := []struct {
		name, query string
		want        []any
	}{
		{
			name:  "out from a fixed node",
			query: `g.V("<` + string(vocab.DocumentIRI("d1")) + `>").Out("<` + string(vocab.Identifier) + `>").All()`,
			want:  []any{map[string]any{"id": "d1"}},
		},
		{
			name: "has then out",
			query: `g.V().Has("<` + string(vocab.Type) + `>", "<` + string(vocab.NewsArticle) + `>")` +
				`.Out("<` + string(vocab.Identifier) + `>").All()`,
			want: []any{map[string]any{"id": "d1"}, map[string]any{"id": "d2"}},
		},
		{
			name:  "in from a fixed node",
			query: `g.V("<` + string(vocab.OrganizationIRI("Xinhua")) + `>").In("<` + string(vocab.Publisher) + `>").Out("<` + string(vocab.Identifier) + `>").All()`,
			want:  []any{map[string]any{"id": "d1"}, map[string]any{"id": "d2"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Gizmo(t.Context(), s, tc.query)
			if err != nil {
				t.Fatal(err)
			}
			sortResults(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Fatalf("results (-want +got):\n%s", diff)
			}
		})
	}
	wantErr := errors.New("from fn")
	if err := s.View(t.Context(), func(graph.QuadStore) error { return wantErr }); !errors.Is(err, wantErr) {
		t.Fatalf("View = %v, want fn's error", err)
	}
	if err := s.View(t.Context(), func(graph.QuadStore) error { panic("boom") }); err == nil {
		t.Fatal("View with panicking fn returned nil")
	}
}

func sortResults(rs []any) {
	sort.Slice(rs, func(i, j int) bool { return fmt.Sprint(rs[i]) < fmt.Sprint(rs[j]) })
}

func testCancelled(t *testing.T, s store.Store) {
	g := iri("g")
	before := []quad.Quad{q("s", "p", iri("o"), g)}
	replace(t, s, g, before)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	calls := []struct {
		name string
		fn   func() error
	}{
		{"Replace", func() error { _, err := s.Replace(ctx, g, nil); return err }},
		{"Remove", func() error { _, err := s.Remove(ctx, g); return err }},
		{"Hash", func() error { _, err := s.Hash(ctx, g); return err }},
		{"Graphs", func() error { _, err := s.Graphs(ctx); return err }},
		{"Quads", func() error { return s.Quads(ctx, func(quad.Quad) error { return nil }) }},
		{"Stats", func() error { _, err := s.Stats(ctx); return err }},
		{"View", func() error { return s.View(ctx, func(graph.QuadStore) error { return nil }) }},
	}
	for _, c := range calls {
		if err := c.fn(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with cancelled context = %v, want context.Canceled", c.name, err)
		}
	}
	if diff := cmp.Diff(before, all(t, s)); diff != "" {
		t.Fatalf("store changed (-want +got):\n%s", diff)
	}
}

// testConcurrent runs writers and Gizmo readers at once. On bolt, queries
// overlapping a write can deadlock (cayley issue #712), so the test fails
// after a deadline instead of hanging.
func testConcurrent(t *testing.T, s store.Store) {
	const writers, readers, rounds = 4, 4, 6
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	done := make(chan struct{})
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	query := `g.V().Has("<` + string(vocab.Type) + `>", "<` + string(vocab.Person) + `>").In("<` + string(vocab.Attendee) + `>").Out("<` + string(vocab.Name) + `>").All()`
	for w := range writers {
		wg.Go(func() {
			for r := range rounds {
				id := fmt.Sprintf("w%d", w)
				if _, err := s.Replace(ctx, vocab.DocumentIRI(id), Doc(id, 12, uint64(r))); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	for range readers {
		wg.Go(func() {
			for range rounds {
				if _, err := Gizmo(ctx, s, query); err != nil {
					fail(err)
					return
				}
				if _, err := s.Graphs(ctx); err != nil {
					fail(err)
					return
				}
				if _, err := s.Hash(ctx, vocab.DocumentIRI("w0")); err != nil {
					fail(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		t.Fatal("concurrent readers and writers did not finish: deadlock?")
	}
	for _, err := range errs {
		t.Error(err)
	}
	var want []quad.Quad
	for w := range writers {
		id := fmt.Sprintf("w%d", w)
		want = append(want, Doc(id, 12, rounds-1)...)
	}
	if diff := cmp.Diff(Sorted(want), all(t, s)); diff != "" {
		t.Fatalf("final quads (-want +got):\n%s", diff)
	}
}

func testClosed(t *testing.T, s store.Store) {
	g := iri("g")
	replace(t, s, g, []quad.Quad{q("s", "p", iri("o"), g)})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close = %v", err)
	}
	if _, err := s.Replace(t.Context(), g, nil); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Replace after Close = %v, want ErrClosed", err)
	}
	if _, err := s.Graphs(t.Context()); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Graphs after Close = %v, want ErrClosed", err)
	}
	if err := s.View(t.Context(), func(graph.QuadStore) error { return nil }); !errors.Is(err, store.ErrClosed) {
		t.Errorf("View after Close = %v, want ErrClosed", err)
	}
}
