package ingest

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// corpusFile is the shared bulk corpus beside the repository.
var corpusFile = filepath.Join("..", "..", "..", "shared", "corpus", "news.jsonl.gz")

// BenchmarkReadCorpus reads the 22k-article corpus end to end (gunzip,
// JSON, sniffing, paragraphs, hashing). MB/s is of uncompressed JSON Lines.
func BenchmarkReadCorpus(b *testing.B) {
	if _, err := os.Stat(corpusFile); err != nil {
		b.Skipf("no corpus: %v", err)
	}
	size := uncompressedSize(b, corpusFile)
	dir, name := filepath.Split(corpusFile)
	fsys := os.DirFS(dir)
	b.SetBytes(size)
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		docs = 0
		err := Read(b.Context(), fsys, []string{name}, func(d *Document, err error) error {
			if err != nil {
				b.Fatal(err)
			}
			docs++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func uncompressedSize(b *testing.B, path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkParse sniffs and cleans one seed article.
func BenchmarkParse(b *testing.B) {
	text, err := os.ReadFile("testdata/seeds/000_d4497884fa6f0406.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Parse("x", "x", string(text), Meta{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHTML extracts the article of a small page.
func BenchmarkHTML(b *testing.B) {
	page, err := os.ReadFile("testdata/golden/page.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := parseHTML("p", "p", page); err != nil {
			b.Fatal(err)
		}
	}
}
