package store_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"

	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

var (
	benchDocs  = flag.Int("bench.docs", 2000, "documents in the build benchmarks")
	benchQuads = flag.Int("bench.quads", 200_000, "approximate quads in the query-shape benchmarks")
)

type benchDoc struct {
	g     quad.IRI
	quads []quad.Quad
}

// corpus returns n synthetic documents of 60–130 quads each; version
// changes their content (and hash) but not their ids.
func corpus(n, size int, version uint64) []benchDoc {
	docs := make([]benchDoc, n)
	for i := range docs {
		id := fmt.Sprintf("doc-%06d", i)
		s := size
		if s == 0 {
			s = 2 + i%12
		}
		docs[i] = benchDoc{vocab.DocumentIRI(id), storetest.Doc(id, s, uint64(i)+version*1_000_000)}
	}
	return docs
}

func countQuads(docs []benchDoc) int {
	n := 0
	for _, d := range docs {
		n += len(storetest.Sorted(d.quads))
	}
	return n
}

// layouts are the embedded stores compared by the benchmarks.
var layouts = []struct {
	name    string
	scheme  string
	indexes []ckv.QuadIndex
	bloom   bool
}{
	{"bolt", "bolt", nil, false},
	{"leveldb", "leveldb", nil, false},
	{"bolt+bloom", "bolt", nil, true},
	{"leveldb+bloom", "leveldb", nil, true},
}

func withLayout(b *testing.B, name string, fn func(b *testing.B, scheme string)) {
	for _, l := range layouts {
		if l.name != name {
			continue
		}
		indexes := l.indexes
		if indexes == nil {
			indexes = append(slices.Clone(store.DefaultIndexes), store.LabelIndex)
		}
		restore := store.SetKVLayout(indexes, l.bloom)
		defer restore()
		fn(b, l.scheme)
		return
	}
	b.Fatalf("no layout %s", name)
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func openBench(b *testing.B, loc string) *store.Cayley {
	b.Helper()
	s, err := store.Open(context.Background(), loc, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func build(b *testing.B, s store.Store, docs []benchDoc) {
	b.Helper()
	for _, d := range docs {
		if _, err := s.Replace(b.Context(), d.g, d.quads); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild replaces -bench.docs documents, one transaction each, into
// a new store, as `newsgraph build` does; it reports the size on disk.
func BenchmarkBuild(b *testing.B) {
	docs := corpus(*benchDocs, 0, 0)
	nq := countQuads(docs)
	for _, l := range layouts {
		b.Run(l.name, func(b *testing.B) {
			withLayout(b, l.name, func(b *testing.B, scheme string) {
				var size int64
				for b.Loop() {
					dir := filepath.Join(b.TempDir(), "db")
					s := openBench(b, scheme+"://"+dir)
					build(b, s, docs)
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
					size = dirSize(b, dir)
				}
				b.ReportMetric(float64(nq)*float64(b.N)/b.Elapsed().Seconds(), "quads/s")
				b.ReportMetric(float64(size)/1e6, "MB-on-disk")
				b.ReportMetric(float64(nq), "quads")
			})
		})
	}
}

// built returns a store holding -bench.docs documents, built once per
// benchmark.
func built(b *testing.B, scheme string) (*store.Cayley, []benchDoc, string) {
	b.Helper()
	docs := corpus(*benchDocs, 0, 0)
	dir := filepath.Join(b.TempDir(), "db")
	s := openBench(b, scheme+"://"+dir)
	b.Cleanup(func() { _ = s.Close() })
	build(b, s, docs)
	return s, docs, dir
}

// BenchmarkRebuild measures a second `newsgraph build` over the same
// documents: checking each document's hash (the skip path), or replacing
// each with identical quads (the diff path).
func BenchmarkRebuild(b *testing.B) {
	for _, name := range []string{"bolt", "leveldb"} {
		withLayout(b, name, func(b *testing.B, scheme string) {
			s, docs, _ := built(b, scheme)
			b.Run(name+"/hash-check", func(b *testing.B) {
				for b.Loop() {
					for _, d := range docs {
						if h, err := s.Hash(b.Context(), d.g); err != nil || h == "" {
							b.Fatal(h, err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(docs)), "µs/doc")
			})
			b.Run(name+"/replace-unchanged", func(b *testing.B) {
				for b.Loop() {
					for _, d := range docs {
						if ch, err := s.Replace(b.Context(), d.g, d.quads); err != nil || ch.Status != store.Unchanged {
							b.Fatal(ch, err)
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(docs)), "µs/doc")
			})
			b.Run(name+"/replace-changed", func(b *testing.B) {
				v2 := corpus(len(docs), 0, 1)
				i := 0
				for b.Loop() {
					d := v2[i%len(v2)]
					if i/len(v2)%2 == 1 {
						d = docs[i%len(docs)]
					}
					if _, err := s.Replace(b.Context(), d.g, d.quads); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		})
	}
}

// BenchmarkLookup measures the read calls of the build loop and of
// `newsgraph stats` / `export` on a built store.
func BenchmarkLookup(b *testing.B) {
	for _, name := range []string{"bolt", "leveldb"} {
		withLayout(b, name, func(b *testing.B, scheme string) {
			s, docs, _ := built(b, scheme)
			b.Run(name+"/Graphs", func(b *testing.B) {
				for b.Loop() {
					if gs, err := s.Graphs(b.Context()); err != nil || len(gs) != len(docs) {
						b.Fatal(len(gs), err)
					}
				}
			})
			b.Run(name+"/Hash", func(b *testing.B) {
				i := 0
				for b.Loop() {
					if _, err := s.Hash(b.Context(), docs[i%len(docs)].g); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
			b.Run(name+"/Stats", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Stats(b.Context()); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/Quads", func(b *testing.B) {
				for b.Loop() {
					if err := s.Quads(b.Context(), func(quad.Quad) error { return nil }); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkReopen measures Open+Close of a built store. With Cayley's bloom
// filters, every open scans the whole log to fill them.
func BenchmarkReopen(b *testing.B) {
	for _, l := range layouts {
		b.Run(l.name, func(b *testing.B) {
			withLayout(b, l.name, func(b *testing.B, scheme string) {
				s, _, dir := built(b, scheme)
				if err := s.Close(); err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					s := openBench(b, scheme+"://"+dir)
					if err := s.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
