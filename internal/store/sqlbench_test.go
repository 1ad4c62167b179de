package store_test

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

var (
	benchNQuads  = flag.String("bench.nquads", "", "N-Quads file (`newsgraph extract --format nquads`) to load in BenchmarkSQLBuild instead of synthetic documents")
	benchChunks  = flag.String("bench.chunks", "1,16,64,256", "documents per transaction compared by BenchmarkSQLBuild")
	benchFlavour = flag.String("bench.flavour", "postgres", "SQL flavour of BenchmarkSQLBuild: postgres, or cockroach (its SQL on the PostgreSQL server)")
	benchWriter  = flag.String("bench.writers", "cayley,rows100,rows1000", "SQL writers compared by BenchmarkSQLBuild: cayley (Cayley's, one INSERT per row) or rowsN (N rows per INSERT)")
)

// nquadsDocs reads an N-Quads file into documents, one per named graph,
// in the order the graphs first appear; at most max documents when max > 0.
func nquadsDocs(b *testing.B, file string, max int) []benchDoc {
	b.Helper()
	f, err := os.Open(file)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := nquads.NewReader(f, true)
	var docs []benchDoc
	index := make(map[quad.IRI]int)
	for {
		q, err := r.ReadQuad()
		if err != nil {
			break
		}
		g := q.Label.(quad.IRI)
		i, ok := index[g]
		if !ok {
			if max > 0 && len(docs) == max {
				continue
			}
			i = len(docs)
			index[g] = i
			docs = append(docs, benchDoc{g: g})
		}
		docs[i].quads = append(docs[i].quads, q)
	}
	return docs
}

// BenchmarkSQLBuild loads documents into a new PostgreSQL store as
// `newsgraph build` does (a hash check per document, then ReplaceBatch per
// chunk) for each writer and chunk size, and reports quads/s. It needs
// $NEWSGRAPH_TEST_POSTGRES; -bench.nquads loads a real extracted corpus
// (-bench.docs of its documents). Run with -benchtime=1x.
func BenchmarkSQLBuild(b *testing.B) {
	var docs []benchDoc
	if *benchNQuads != "" {
		docs = nquadsDocs(b, *benchNQuads, *benchDocs)
	} else {
		docs = corpus(*benchDocs, 0, 0)
	}
	nq := countQuads(docs)
	var chunks []int
	for s := range strings.SplitSeq(*benchChunks, ",") {
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || n < 1 {
			b.Fatalf("-bench.chunks: bad size %q", s)
		}
		chunks = append(chunks, n)
	}
	for w := range strings.SplitSeq(*benchWriter, ",") {
		cayley, rows := w == "cayley", 0
		if !cayley {
			if _, err := fmt.Sscanf(w, "rows%d", &rows); err != nil || rows < 1 {
				b.Fatalf("-bench.writers: bad writer %q", w)
			}
		}
		for _, chunk := range chunks {
			b.Run(fmt.Sprintf("%s/chunk=%d", w, chunk), func(b *testing.B) {
				defer store.SetSQLWriter(cayley, rows)()
				for b.Loop() {
					dsn := storetest.PostgresDSN
					if *benchFlavour == "cockroach" {
						dsn = storetest.CockroachDSN
					}
					b.StopTimer() // creating the schema and tables is not loading
					s := openBench(b, dsn(b))
					b.StartTimer()
					for c := range slices.Chunk(docs, chunk) {
						gs := make([]store.Graph, len(c))
						for i, d := range c {
							if _, err := s.Hash(b.Context(), d.g); err != nil {
								b.Fatal(err)
							}
							gs[i] = store.Graph{IRI: d.g, Quads: d.quads}
						}
						if _, err := s.ReplaceBatch(b.Context(), gs); err != nil {
							b.Fatal(err)
						}
					}
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(nq)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
				b.ReportMetric(float64(nq), "quads")
			})
		}
	}
}
