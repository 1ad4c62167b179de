package export

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// benchQuads is a synthetic graph of about a million quads in the shape the
// extractor writes: ~10,000 documents, each naming people, countries,
// topics, events and an agreement drawn from shared pools.
var benchQuads = sync.OnceValue(func() []quad.Quad {
	rng := rand.New(rand.NewPCG(7, 11))
	const target = 1_000_000
	qs := make([]quad.Quad, 0, target+200)
	for d := 0; len(qs) < target; d++ {
		g := vocab.DocumentIRI(fmt.Sprintf("wire/%05d", d))
		add := func(s, p, o quad.Value) { qs = append(qs, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g}) }
		date := fmt.Sprintf("2025-%02d-%02d", 1+d%12, 1+d%28)
		add(g, vocab.Type, vocab.NewsArticle)
		add(g, vocab.Type, vocab.ProvEntity)
		add(g, vocab.Identifier, quad.String(fmt.Sprintf("wire/%05d", d)))
		add(g, vocab.Headline, vocab.Label(fmt.Sprintf("Leaders meet in capital %d to discuss \"trade\" and security", d)))
		add(g, vocab.DatePublished, vocab.Date(date))
		add(g, vocab.URL, quad.IRI(fmt.Sprintf("https://news.example.com/%d.html", d)))
		add(g, vocab.ContentHash, quad.String(fmt.Sprintf("%064x", rng.Uint64())))
		var people, countries, topics []quad.IRI
		for range 4 {
			n := rng.IntN(2000)
			p := vocab.PersonIRI(fmt.Sprintf("Person %d", n))
			c := vocab.CountryIRI(fmt.Sprintf("C%d", n%200))
			people, countries = append(people, p), append(countries, c)
			add(p, vocab.Type, vocab.Person)
			add(p, vocab.Name, vocab.Label(fmt.Sprintf("Person %d", n)))
			add(p, vocab.KeyProp, quad.String(fmt.Sprintf("person %d", n)))
			add(p, vocab.JobTitle, vocab.Label("Minister of Foreign Affairs"))
			add(p, vocab.Nationality, c)
			add(c, vocab.Type, vocab.Country)
			add(c, vocab.Name, vocab.Label(fmt.Sprintf("Country %d", n%200)))
			add(c, vocab.KeyProp, quad.String(fmt.Sprintf("country %d", n%200)))
		}
		for range 3 {
			n := rng.IntN(300)
			t := vocab.TopicIRI(fmt.Sprintf("topic %d", n))
			topics = append(topics, t)
			add(t, vocab.Type, vocab.Topic)
			add(t, vocab.Type, vocab.Concept)
			add(t, vocab.PrefLabel, vocab.Label(fmt.Sprintf("topic %d", n)))
			add(t, vocab.InScheme, vocab.TopicScheme)
		}
		for _, x := range append(append(append([]quad.IRI{}, people...), countries...), topics...) {
			add(g, vocab.Mentions, x)
		}
		for e := range 2 {
			ev := vocab.EventIRI(vocab.KindMeeting, date, []string{string(people[e]), string(people[e+1])})
			add(ev, vocab.Type, vocab.Event)
			add(ev, vocab.EventType, vocab.Kind(vocab.KindMeeting))
			add(ev, vocab.Name, vocab.Label("bilateral meeting"))
			add(ev, vocab.StartDate, vocab.Date(date))
			add(ev, vocab.Attendee, people[e])
			add(ev, vocab.Attendee, people[e+1])
			add(ev, vocab.Involves, countries[e])
			add(ev, vocab.Involves, countries[e+1])
			add(ev, vocab.About, topics[e])
			add(ev, vocab.Evidence, vocab.Label("The two sides held talks on \"practical cooperation\".\nThey agreed to deepen ties."))
			add(ev, vocab.WasDerivedFrom, g)
		}
		ag := vocab.AgreementIRI([]string{string(countries[0]), string(countries[1])}, date, "cooperation agreements")
		add(ag, vocab.Type, vocab.Agreement)
		add(ag, vocab.Name, vocab.Label("cooperation agreements"))
		add(ag, vocab.Party, countries[0])
		add(ag, vocab.Party, countries[1])
		add(ag, vocab.Count, vocab.Integer(1+rng.IntN(20)))
		add(ag, vocab.Status, quad.String("signed"))
		add(ag, vocab.WasDerivedFrom, g)
		add(people[0], vocab.Raised, topics[0])
		add(countries[1], vocab.Raised, topics[1])
	}
	return qs
})

// cpuTime is the CPU time the process has used, user and system: on a busy
// machine it measures the work better than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// BenchmarkWrite writes about a million quads in each format.
func BenchmarkWrite(b *testing.B) {
	qs := benchQuads()
	ctx := context.Background()
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			var cw countWriter
			if err := Write(ctx, &cw, f, Quads(qs), Options{}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(cw.n)
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				if err := Write(ctx, io.Discard, f, Quads(qs), Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(len(qs))*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
			b.ReportMetric(float64(cw.n)/(1<<20), "MiB-out")
		})
	}
}

// BenchmarkCollect measures reading, interning and sorting alone, the part
// every format shares.
func BenchmarkCollect(b *testing.B) {
	qs := benchQuads()
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := collect(context.Background(), Quads(qs)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(qs))*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
	b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
}
