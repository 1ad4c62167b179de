package bench

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	_ "github.com/cayleygraph/cayley/graph/kv/bolt" // the plain Cayley way to open bolt

	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

var (
	benchCorpusDocs = flag.Int("bench.corpusdocs", 2000, "corpus documents extracted for BenchmarkCorpusWrite")
	corpusFile      = filepath.Join("..", "..", "shared", "corpus", "news.jsonl.gz")
)

// buildChunk is the build loop's transaction size (ingest.BuildOptions).
const buildChunk = 256

var (
	corpusOnce   sync.Once
	corpusGraphs []store.Graph
	corpusErr    error
)

// extractedCorpus reads and extracts the first -bench.corpusdocs articles
// of the shared corpus once per process, as `newsgraph build` would store
// them (hash quad included). It skips when the corpus is absent.
func extractedCorpus(b *testing.B) []store.Graph {
	b.Helper()
	if _, err := os.Stat(corpusFile); err != nil {
		b.Skipf("no corpus: %v", err)
	}
	corpusOnce.Do(func() { corpusGraphs, corpusErr = extractCorpus(context.Background(), *benchCorpusDocs) })
	if corpusErr != nil {
		b.Fatal(corpusErr)
	}
	return corpusGraphs
}

func extractCorpus(ctx context.Context, n int) ([]store.Graph, error) {
	ex, err := extract.New()
	if err != nil {
		return nil, err
	}
	var docs []*ingest.Document
	for d, err := range (ingest.Reader{}).AllPaths(ctx, []string{corpusFile}) {
		if err != nil {
			continue
		}
		if docs = append(docs, d); len(docs) == n {
			break
		}
	}
	gs := make([]store.Graph, len(docs))
	next := make(chan int)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				qs, err := ex.Extract(ctx, docs[i])
				if err != nil {
					mu.Lock()
					first = cmpErr(first, err)
					mu.Unlock()
					continue
				}
				gs[i] = store.Graph{IRI: vocab.DocumentIRI(docs[i].ID), Quads: append(qs, ingest.HashQuad(docs[i], ex.Fingerprint()))}
			}
		})
	}
	for i := range docs {
		next <- i
	}
	close(next)
	wg.Wait()
	return gs, first
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func chunks(gs []store.Graph, n int) [][]store.Graph {
	return slices.Collect(slices.Chunk(gs, n))
}

func deltasOf(gs []store.Graph) []graph.Delta {
	var ds []graph.Delta
	for _, g := range gs {
		for _, q := range g.Quads {
			ds = append(ds, graph.Delta{Quad: q, Action: graph.Add})
		}
	}
	return ds
}

// BenchmarkCorpusWrite writes the quads extracted from -bench.corpusdocs
// corpus articles (extracted once, outside the timer) into a new bolt
// store, 256 documents a transaction as the build does, by four paths:
//
//   - newsgraph: store.ReplaceBatch, what the build calls;
//   - newsgraph+hash: the same plus the per-document Hash check the build
//     makes before extracting;
//   - cayley: ApplyDeltas on a bolt store created and opened the plain
//     Cayley way (graph.InitQuadStore / NewQuadStore: default indexes,
//     bloom filters on);
//   - cayley-same-layout: ApplyDeltas on a bolt store with newsgraph's
//     layout (the label index, no bloom filters), so that the difference
//     to newsgraph is the code of Replace alone.
//
// Each reports quads/s; the ratio of newsgraph to cayley-same-layout is
// our write overhead.
func BenchmarkCorpusWrite(b *testing.B) {
	gs := extractedCorpus(b)
	nq := 0
	for _, g := range gs {
		nq += len(g.Quads)
	}
	cs := chunks(gs, buildChunk)
	var cpu0 time.Duration
	start := func() { cpu0 = cpuTime() }
	report := func(b *testing.B) {
		b.ReportMetric(float64(nq)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
		b.ReportMetric(float64(nq), "quads")
		if cpu := cpuTime() - cpu0; cpu > 0 {
			b.ReportMetric(float64(nq)*float64(b.N)/cpu.Seconds(), "quads/cpu-s")
		}
	}
	// newsgraph+hash also makes the build's per-document Hash check.
	for _, hash := range []bool{false, true} {
		name := "newsgraph"
		if hash {
			name += "+hash"
		}
		b.Run(name, func(b *testing.B) {
			start()
			for b.Loop() {
				s := openBench(b, "bolt://"+filepath.Join(b.TempDir(), "db"))
				for _, c := range cs {
					for i := 0; hash && i < len(c); i++ {
						if h, err := s.Hash(b.Context(), c[i].IRI); err != nil || h != "" {
							b.Fatal(h, err)
						}
					}
					if _, err := s.ReplaceBatch(b.Context(), c); err != nil {
						b.Fatal(err)
					}
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
	}
	b.Run("cayley", func(b *testing.B) {
		start()
		for b.Loop() {
			dir := filepath.Join(b.TempDir(), "db")
			if err := graph.InitQuadStore("bolt", dir, nil); err != nil {
				b.Fatal(err)
			}
			qs, err := graph.NewQuadStore("bolt", dir, nil)
			if err != nil {
				b.Fatal(err)
			}
			rawWrite(b, qs, cs)
		}
		report(b)
	})
	b.Run("cayley-same-layout", func(b *testing.B) {
		start()
		for b.Loop() {
			dir := filepath.Join(b.TempDir(), "db")
			// newsgraph creates the layout; Cayley then writes to it alone.
			if err := openBench(b, "bolt://"+dir).Close(); err != nil {
				b.Fatal(err)
			}
			qs, err := graph.NewQuadStore("bolt", dir, graph.Options{ckv.OptNoBloom: true})
			if err != nil {
				b.Fatal(err)
			}
			rawWrite(b, qs, cs)
		}
		report(b)
	})
}

func openBench(b *testing.B, loc string) *store.Cayley {
	b.Helper()
	s, err := store.Open(b.Context(), loc, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func rawWrite(b *testing.B, qs graph.QuadStore, cs [][]store.Graph) {
	b.Helper()
	for _, c := range cs {
		if err := qs.ApplyDeltas(deltasOf(c), graph.IgnoreOpts{IgnoreDup: true}); err != nil {
			b.Fatal(err)
		}
	}
	if err := qs.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCorpusBuild runs the whole build (read, hash checks, parallel
// extraction, chunked writes) of the first -bench.corpusdocs corpus
// articles into a new bolt store, as `newsgraph build` does.
func BenchmarkCorpusBuild(b *testing.B) {
	if _, err := os.Stat(corpusFile); err != nil {
		b.Skipf("no corpus: %v", err)
	}
	ex, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	var rep ingest.Report
	var text int64
	for b.Loop() {
		s := openBench(b, "bolt://"+filepath.Join(b.TempDir(), "db"))
		docs := func(yield func(*ingest.Document, error) bool) {
			n := 0
			for d, err := range (ingest.Reader{}).AllPaths(b.Context(), []string{corpusFile}) {
				if d != nil {
					text += int64(len(d.Text))
				}
				if !yield(d, err) {
					return
				}
				if n++; n == *benchCorpusDocs {
					return
				}
			}
		}
		rep, err = ingest.Build(b.Context(), docs, ex, s, ingest.BuildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(rep.Read)*float64(b.N)/secs, "docs/s")
	b.ReportMetric(float64(rep.QuadsAdded)*float64(b.N)/secs, "quads/s")
	b.ReportMetric(float64(text)/1e6/secs, "MB/s")
}

// BenchmarkCorpusWriteChunk writes the quads of BenchmarkCorpusWrite
// through store.ReplaceBatch with other numbers of documents per
// transaction, to choose the build's.
func BenchmarkCorpusWriteChunk(b *testing.B) {
	gs := extractedCorpus(b)
	nq := 0
	for _, g := range gs {
		nq += len(g.Quads)
	}
	for _, n := range []int{16, 64, 256, 1024} {
		cs := chunks(gs, n)
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			for b.Loop() {
				s := openBench(b, "bolt://"+filepath.Join(b.TempDir(), "db"))
				for _, c := range cs {
					if _, err := s.ReplaceBatch(b.Context(), c); err != nil {
						b.Fatal(err)
					}
				}
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(nq)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
		})
	}
}
