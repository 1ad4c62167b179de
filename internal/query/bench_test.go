package query

import (
	"context"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt"
	_ "github.com/cayleygraph/cayley/graph/kv/leveldb"
	_ "github.com/cayleygraph/cayley/writer" // the "single" quad writer
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/queries"
)

var (
	benchBackend = flag.String("bench.backend", "bolt", "Cayley backend of the query benchmarks (bolt or leveldb)")
	benchDocs    = flag.Int("bench.docs", 10000, "documents in the generated benchmark graph (100 quads each)")
	benchRaw     = flag.Bool("bench.raw", false, "query the generated graph through raw Cayley instead of a newsgraph store's View")
)

// Generated graph: benchDocs documents over shared pools of entities, each
// document naming a few people, countries and topics, two events and an
// agreement, with every fact in the document's named graph.
const (
	benchPeople    = 300
	benchCountries = 60
	benchTopics    = 120
	benchPlaces    = 100
)

var bench struct {
	once  sync.Once
	v     Viewer
	quads int
	err   error
}

// benchStore builds the generated graph in a kv store once per process.
func benchStore(b *testing.B) Viewer {
	if testing.Short() {
		b.Skip("generated kv store is slow to build; skipped in -short")
	}
	bench.once.Do(func() {
		dir, err := os.MkdirTemp("", "newsgraph-query-bench-")
		if err != nil {
			bench.err = err
			return
		}
		quads := generate(*benchDocs)
		bench.quads = len(quads)
		benchDir = dir
		if !*benchRaw {
			bench.v, bench.err = newsgraphStore(dir, quads)
			return
		}
		if err := graph.InitQuadStore(*benchBackend, dir, nil); err != nil {
			bench.err = err
			return
		}
		qs, err := graph.NewQuadStore(*benchBackend, dir, nil)
		if err != nil {
			bench.err = err
			return
		}
		w, err := graph.NewQuadWriter("single", qs, graph.Options{"ignore_duplicate": true})
		if err != nil {
			bench.err = err
			return
		}
		for i := 0; i < len(quads); i += 10000 {
			if err := w.AddQuadSet(quads[i:min(i+10000, len(quads))]); err != nil {
				bench.err = err
				return
			}
		}
		bench.v = memViewer{qs}
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.v
}

// newsgraphStore stores quads in a newsgraph store in dir, one graph per
// document and 256 documents a transaction, as the build does.
func newsgraphStore(dir string, quads []quad.Quad) (Viewer, error) {
	s, err := store.Open(context.Background(), *benchBackend+"://"+filepath.Join(dir, "db"), store.Options{})
	if err != nil {
		return nil, err
	}
	var batch []store.Graph
	flush := func() error {
		_, err := s.ReplaceBatch(context.Background(), batch)
		batch = batch[:0]
		return err
	}
	for i := 0; i < len(quads); {
		g := quads[i].Label.(quad.IRI)
		j := i
		for j < len(quads) && quads[j].Label == g {
			j++
		}
		batch = append(batch, store.Graph{IRI: g, Quads: quads[i:j]})
		i = j
		if len(batch) == 256 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return s, nil
}

// benchDir is removed by TestMain after the benchmarks ran.
var benchDir string

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

func generate(docs int) []quad.Quad {
	rng := rand.New(rand.NewSource(42))
	var quads []quad.Quad
	var g quad.IRI
	add := func(s quad.IRI, p quad.IRI, o quad.Value) { quads = append(quads, quad.Make(s, p, o, g)) }
	named := func(n quad.IRI, class quad.IRI, name string) {
		add(n, vocab.Type, class)
		add(n, vocab.Name, vocab.Label(name))
		add(n, vocab.KeyProp, quad.String(vocab.Key(name)))
		add(g, vocab.Mentions, n)
	}
	country := func(i int) quad.IRI { return vocab.CountryIRI(fmt.Sprintf("C%d", i)) }
	person := func(i int) quad.IRI { return vocab.PersonIRI(fmt.Sprintf("Person %d", i)) }
	for d := 0; d < docs; d++ {
		g = vocab.DocumentIRI(fmt.Sprintf("doc-%05d", d))
		date := fmt.Sprintf("20%02d-%02d-%02d", 20+d%6, 1+d%12, 1+d%28)
		add(g, vocab.Type, vocab.NewsArticle)
		add(g, vocab.Type, vocab.ProvEntity)
		add(g, vocab.Identifier, quad.String(fmt.Sprintf("doc-%05d", d)))
		add(g, vocab.Headline, vocab.Label(fmt.Sprintf("Headline of document %d", d)))
		add(g, vocab.DatePublished, vocab.Date(date))
		add(g, vocab.Publisher, vocab.OrganizationIRI("Xinhua"))
		add(g, vocab.ContentHash, quad.String(fmt.Sprintf("%064x", d)))
		named(vocab.OrganizationIRI("Xinhua"), vocab.Organization, "Xinhua")

		var cs [2]quad.IRI
		for i := range cs {
			c := rng.Intn(benchCountries)
			cs[i] = country(c)
			named(cs[i], vocab.Country, fmt.Sprintf("Country %d", c))
			add(cs[i], vocab.AlternateName, vocab.Label(fmt.Sprintf("C%d", c)))
			add(cs[i], vocab.KeyProp, quad.String(vocab.Key(fmt.Sprintf("C%d", c))))
		}
		var ps [3]quad.IRI
		for i := range ps {
			p := rng.Intn(benchPeople)
			ps[i] = person(p)
			named(ps[i], vocab.Person, fmt.Sprintf("Person %d", p))
			add(ps[i], vocab.JobTitle, vocab.Label("Minister"))
			add(ps[i], vocab.Nationality, country(p%benchCountries))
		}
		var ts [3]quad.IRI
		for i := range ts {
			n := fmt.Sprintf("topic %d", rng.Intn(benchTopics))
			ts[i] = vocab.TopicIRI(n)
			add(ts[i], vocab.Type, vocab.Topic)
			add(ts[i], vocab.Type, vocab.Concept)
			add(ts[i], vocab.PrefLabel, vocab.Label(n))
			add(ts[i], vocab.KeyProp, quad.String(vocab.Key(n)))
			add(g, vocab.Mentions, ts[i])
			add(ps[i], vocab.Raised, ts[i])
		}
		place := vocab.PlaceIRI(fmt.Sprintf("Place %d", rng.Intn(benchPlaces)))
		named(place, vocab.Place, string(place))
		add(place, vocab.ContainedIn, cs[0])
		for i, kind := range []string{vocab.Kinds[d%len(vocab.Kinds)], vocab.KindMeeting} {
			ev := vocab.EventIRI(kind, date, []string{string(ps[0]), string(ps[1]), fmt.Sprint(i)})
			add(ev, vocab.Type, vocab.Event)
			add(ev, vocab.EventType, vocab.Kind(kind))
			add(ev, vocab.Name, vocab.Label(fmt.Sprintf("%s %d/%d", kind, d, i)))
			add(ev, vocab.StartDate, vocab.Date(date))
			add(ev, vocab.Location, place)
			add(ev, vocab.Attendee, ps[0])
			add(ev, vocab.Attendee, ps[1])
			add(ev, vocab.Involves, cs[0])
			add(ev, vocab.Involves, cs[1])
			add(ev, vocab.About, ts[i])
			add(ev, vocab.Evidence, vocab.Label("An evidence sentence."))
			add(ev, vocab.WasDerivedFrom, g)
			add(g, vocab.Mentions, ev)
		}
		ag := vocab.AgreementIRI([]string{string(cs[0]), string(cs[1])}, date, "cooperation")
		add(ag, vocab.Type, vocab.Agreement)
		add(ag, vocab.Name, vocab.Label("cooperation agreements"))
		add(ag, vocab.Party, cs[0])
		add(ag, vocab.Party, cs[1])
		add(ag, vocab.About, ts[2])
		add(ag, vocab.Count, vocab.Integer(1+d%20))
		add(ag, vocab.DateCreated, vocab.Date(date))
		add(ag, vocab.Status, quad.String("signed"))
		add(ag, vocab.WasDerivedFrom, g)
		add(g, vocab.Mentions, ag)
	}
	return quads
}

// benchRuns are the parameters each saved query runs with in
// BenchmarkSavedQueries: one run without parameters where a query allows
// it (the whole graph), one narrowed to an entity.
var benchRuns = map[string][]map[string]string{
	"agreements":       {{}, {"country": "Country 7"}},
	"documents":        {{"name": "Country 7"}},
	"meetings":         {{}, {"who": "Person 7"}, {"who": "C7", "kind": "any"}},
	"meetings-between": {{"a": "Country 7", "b": "Country 8"}, {"a": "Person 7", "b": "Country 8"}},
	"person":           {{"name": "Person 7"}},
	"relations":        {{"country": "Country 7"}},
	"timeline":         {{}, {"who": "Country 7"}},
	"topics":           {{}, {"who": "Person 7"}, {"who": "Country 7"}},
}

// BenchmarkSavedQueries runs every saved query on a generated graph of
// 100 quads per document (-bench.docs, default 10,000: a million quads)
// in a newsgraph kv store (-bench.backend, default bolt; -bench.raw for
// raw Cayley, without the store's query path).
func BenchmarkSavedQueries(b *testing.B) {
	v := benchStore(b)
	saved, err := Load(queries.FS())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s store, %d quads", *benchBackend, bench.quads)
	for _, q := range saved {
		runs := benchRuns[q.Name]
		if len(runs) == 0 {
			b.Fatalf("no benchmark runs for saved query %q: add some to benchRuns", q.Name)
		}
		for _, params := range runs {
			b.Run(q.Name+flags(params), func(b *testing.B) {
				var rows int
				for b.Loop() {
					res, err := q.Run(context.Background(), v, params)
					if err != nil {
						b.Fatal(err)
					}
					rows = len(res.Rows)
				}
				b.ReportMetric(float64(rows), "rows")
			})
		}
	}
}

// BenchmarkShapes times Gizmo path shapes on the generated graph, to show
// which ones Cayley answers from its indexes and which scan every quad.
func BenchmarkShapes(b *testing.B) {
	v := benchStore(b)
	// count() is not used: on kv stores it reports the size estimate of a
	// V(list) start, not the number of results.
	shapes := []struct{ name, src string }{
		{"V.has(type,Event)", `g.V().has(term("rdf:type"), term("schema:Event")).toArray().length`},
		{"V(country).in(involves)", `V(params.c).in(term("ng:involves")).toArray().length`},
		{"V(2 countries).in(involves)", `V(params.c.concat(params.d)).in(term("ng:involves")).toArray().length`},
		{"V(country).in([attendee,involves])", `V(params.c).in([term("schema:attendee"), term("ng:involves")]).toArray().length`},
		{"V(country).in(involves).out(startDate)", `V(params.c).in(term("ng:involves")).out(term("schema:startDate")).toArray().length`},
		{"V(country).in(involves).save(startDate)", `V(params.c).in(term("ng:involves")).save(term("schema:startDate"), "d").toArray().length`},
		{"V(country).in(nationality).in(attendee)", `V(params.c).in(term("schema:nationality")).in(term("schema:attendee")).toArray().length`},
		{"values(values(country,^nationality),^attendee)", `values(values(params.c, inverse(term("schema:nationality"))), inverse(term("schema:attendee"))).length`},
		{"V(events).out(startDate)", `V(V(params.c).in(term("ng:involves")).toArray()).out(term("schema:startDate")).toArray().length`},
		{"V(events).save(startDate)", `V(V(params.c).in(term("ng:involves")).toArray()).save(term("schema:startDate"), "d").toArray().length`},
		{"V(events).has(eventType,meeting)", `V(V(params.c).in(term("ng:involves")).toArray()).has(term("ng:eventType"), term("ngid:kind/meeting")).toArray().length`},
		{"V(country).in(involves).has(eventType,meeting)", `V(params.c).in(term("ng:involves")).has(term("ng:eventType"), term("ngid:kind/meeting")).toArray().length`},
		{"V(person).out(raised).in(mentions)", `V(params.p).out(term("ng:raised")).in(term("schema:mentions")).toArray().length`},
	}
	for _, s := range shapes {
		q, err := Parse(s.name, []byte("// name: shape\n// description: d\n// param: c entity required C\n// param: d entity required D\n// param: p entity required P\n// columns: n\ng.emit({n: "+s.src+"});\n"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name, func(b *testing.B) {
			var n string
			for b.Loop() {
				res, err := q.Run(context.Background(), v, map[string]string{"c": "Country 7", "d": "Country 8", "p": "Person 7"})
				if err != nil {
					b.Fatal(err)
				}
				n = res.Rows[0][0]
			}
			b.Logf("%s: %s results", s.name, n)
		})
	}
}
