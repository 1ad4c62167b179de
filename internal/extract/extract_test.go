package extract

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func newExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// seedDocs reads the embedded seed articles.
func seedDocs(t testing.TB) []*ingest.Document {
	t.Helper()
	var docs []*ingest.Document
	err := ingest.Read(t.Context(), seeds.FS, []string{"."}, func(d *ingest.Document, err error) error {
		if err != nil {
			return err
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("read %d seed documents, want 2", len(docs))
	}
	return docs
}

// TestSeedsGolden compares the seeds' graph with testdata/seeds.nq; run
// with -update after a deliberate change and review the diff.
func TestSeedsGolden(t *testing.T) {
	x := newExtractor(t)
	var all []quad.Quad
	for _, d := range seedDocs(t) {
		qs, err := x.Extract(t.Context(), d)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, qs...)
	}
	var buf bytes.Buffer
	if err := export.Write(t.Context(), &buf, export.NQuads, export.Quads(all), export.Options{}); err != nil {
		t.Fatal(err)
	}
	// the extractor's fingerprint hashes every data file; the golden file
	// is about the facts, so it holds a placeholder
	got := strings.ReplaceAll(buf.String(), x.Fingerprint(), "FINGERPRINT")
	buf.Reset()
	buf.WriteString(got)
	golden := filepath.Join("testdata", "seeds.nq")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("seeds graph differs from %s (-want +got):\n%s", golden, diff)
	}
}

// facts indexes quads for assertions.
type facts struct {
	quads []quad.Quad
}

func (f facts) objects(s quad.IRI, p quad.IRI) []quad.Value {
	var out []quad.Value
	for _, q := range f.quads {
		if q.Subject == s && q.Predicate == p {
			out = append(out, q.Object)
		}
	}
	return out
}

func (f facts) subjects(p quad.IRI, o quad.Value) []quad.IRI {
	var out []quad.IRI
	for _, q := range f.quads {
		if q.Predicate == p && q.Object == o {
			out = append(out, q.Subject.(quad.IRI))
		}
	}
	return out
}

func (f facts) has(s, p quad.IRI, o quad.Value) bool {
	for _, v := range f.objects(s, p) {
		if v == o {
			return true
		}
	}
	return false
}

func extractDoc(t *testing.T, x *Extractor, d *ingest.Document) facts {
	t.Helper()
	qs, err := x.Extract(t.Context(), d)
	if err != nil {
		t.Fatal(err)
	}
	return facts{qs}
}

// TestSeedFacts checks what the seeds must yield: both Xi–Lee meetings with
// date and city, both agreement sets with their fields and the count 15,
// both presidents with title and country, one node per person and country
// whatever the spelling.
func TestSeedFacts(t *testing.T) {
	x := newExtractor(t)
	docs := seedDocs(t)
	xi := vocab.PersonIRI("Xi Jinping")
	lee := vocab.PersonIRI("Lee Jae-myung")
	if lee != vocab.PersonIRI("Lee Jae Myung") {
		t.Fatalf("Lee Jae-myung and Lee Jae Myung mint different IRIs")
	}
	cn, kr := vocab.CountryIRI("CN"), vocab.CountryIRI("KR")
	tests := []struct {
		name     string
		doc      *ingest.Document
		date     string
		city     quad.IRI
		topics   []string
		count    int
		headline string
	}{
		{
			name: "Gyeongju talks", doc: docs[0], date: "2025-11-01", city: vocab.PlaceIRI("Gyeongju"),
			topics: []string{"finance", "agriculture", "law enforcement", "science and technology"},
		},
		{
			name: "Beijing talks", doc: docs[1], date: "2026-01-05", city: vocab.PlaceIRI("Beijing"),
			topics: []string{"innovation", "environmental protection", "transportation", "economic cooperation"}, count: 15,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := extractDoc(t, x, tt.doc)
			for _, p := range []quad.IRI{xi, lee} {
				if !f.has(p, vocab.Type, vocab.Person) {
					t.Errorf("no Person %s", p)
				}
				if !f.has(p, vocab.JobTitle, vocab.Label("President")) {
					t.Errorf("%s: no jobTitle President", p)
				}
			}
			if !f.has(xi, vocab.Nationality, cn) || !f.has(lee, vocab.Nationality, kr) {
				t.Errorf("nationalities: Xi %v, Lee %v", f.objects(xi, vocab.Nationality), f.objects(lee, vocab.Nationality))
			}
			var persons, countries int
			for _, s := range f.subjects(vocab.Type, vocab.Person) {
				_ = s
				persons++
			}
			for range f.subjects(vocab.Type, vocab.Country) {
				countries++
			}
			if persons != 2 || countries != 2 {
				t.Errorf("%d persons and %d countries, want 2 and 2 (one node per real thing)", persons, countries)
			}

			meeting := vocab.EventIRI(vocab.KindMeeting, tt.date, []string{"Xi Jinping", "Lee Jae-myung"})
			if !f.has(meeting, vocab.EventType, vocab.Kind(vocab.KindMeeting)) {
				t.Fatalf("no meeting %s", meeting)
			}
			if !f.has(meeting, vocab.StartDate, vocab.Date(tt.date)) || !f.has(meeting, vocab.Location, tt.city) {
				t.Errorf("meeting date %v location %v", f.objects(meeting, vocab.StartDate), f.objects(meeting, vocab.Location))
			}
			for _, p := range []quad.IRI{xi, lee} {
				if !f.has(meeting, vocab.Attendee, p) {
					t.Errorf("meeting lacks attendee %s", p)
				}
			}

			var found bool
			for _, a := range f.subjects(vocab.Type, vocab.Agreement) {
				if !f.has(a, vocab.Party, cn) || !f.has(a, vocab.Party, kr) {
					continue
				}
				covered := 0
				for _, topic := range tt.topics {
					if f.has(a, vocab.About, vocab.TopicIRI(topic)) {
						covered++
					}
				}
				if covered != len(tt.topics) {
					continue
				}
				found = true
				if tt.count > 0 && !f.has(a, vocab.Count, vocab.Integer(tt.count)) {
					t.Errorf("agreement %s: count %v, want %d", a, f.objects(a, vocab.Count), tt.count)
				}
			}
			if !found {
				t.Errorf("no China–South Korea agreement about %v", tt.topics)
			}
		})
	}
}

// TestExtractInvariants: every quad is in the document's graph, every
// literal valid UTF-8, output sorted, and the same input gives the same
// output.
func TestExtractInvariants(t *testing.T) {
	x := newExtractor(t)
	for _, d := range seedDocs(t) {
		a := extractDoc(t, x, d).quads
		b := extractDoc(t, x, d).quads
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("%s: two runs differ:\n%s", d.ID, diff)
		}
		checkQuads(t, d, a)
		checkUnsorted(t, x, d, a)
	}
}

// compareQuads orders quads as Extract sorts them.
func compareQuads(a, b quad.Quad) int {
	x, y := keyed(a), keyed(b)
	return compareKeyed(&x, &y)
}

// checkUnsorted checks that AppendUnsorted appends the quads Extract gave,
// want, once sorted and with repeats dropped, after what the slice held.
func checkUnsorted(t *testing.T, x *Extractor, d *ingest.Document, want []quad.Quad) {
	t.Helper()
	before := quad.Make("before", "p", "o", nil)
	all, err := x.AppendUnsorted(t.Context(), []quad.Quad{before}, d)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 || all[0] != before {
		t.Fatalf("%s: AppendUnsorted lost what the slice held", d.ID)
	}
	got := slices.Clone(all[1:])
	slices.SortFunc(got, compareQuads)
	got = slices.CompactFunc(got, func(a, b quad.Quad) bool { return compareQuads(a, b) == 0 })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: AppendUnsorted, sorted, differs from Extract:\n%s", d.ID, diff)
	}
}

func checkQuads(t *testing.T, d *ingest.Document, qs []quad.Quad) {
	t.Helper()
	g := vocab.DocumentIRI(d.ID)
	for i, q := range qs {
		if q.Label != g {
			t.Fatalf("quad %v not in graph %s", q, g)
		}
		for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object} {
			if v == nil || !utf8.ValidString(v.String()) {
				t.Fatalf("bad term in %v", q)
			}
		}
		if i > 0 && compareQuads(q, qs[i-1]) < 0 {
			t.Fatalf("quads not sorted at %d", i)
		}
	}
}

// FuzzExtract: any text extracts without panicking into valid quads.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"",
		"BEIJING, Jan. 5 (Xinhua) -- Chinese President Xi Jinping met President Lee Jae-myung on Monday.",
		"Mr Blair met Italian Prime Minister Silvio Berlusconi. They signed 3 agreements covering trade, and energy.",
		"U.S.-Japan pact; the pact's 15 deals. \"He said\" ,,, -- (( 'S",
		strings.Repeat("President ", 50),
	} {
		f.Add("title", s)
	}
	x := newExtractor(f)
	f.Fuzz(func(t *testing.T, title, text string) {
		d, err := ingest.Parse("fuzz.txt", "fuzz.txt", title+"\n\n"+text, ingest.Meta{})
		if err != nil {
			return
		}
		qs, err := x.Extract(t.Context(), d)
		if err != nil {
			t.Fatal(err)
		}
		checkQuads(t, d, qs)
		checkUnsorted(t, x, d, qs)
	})
}

// TestConcurrentExtract: one Extractor serves several goroutines (the
// build extracts in parallel) with the same results as one at a time.
func TestConcurrentExtract(t *testing.T) {
	x := newExtractor(t)
	docs := seedDocs(t)
	want := make([][]quad.Quad, len(docs))
	for i, d := range docs {
		want[i] = extractDoc(t, x, d).quads
	}
	errs := make(chan error, 8)
	for w := range 8 {
		go func() {
			d := docs[w%len(docs)]
			got, err := x.Extract(t.Context(), d)
			if err == nil && !cmp.Equal(want[w%len(docs)], got) {
				err = fmt.Errorf("%s: concurrent result differs", d.ID)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
