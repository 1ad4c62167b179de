package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// BenchmarkExtractSeeds measures extraction of the two seed articles.
func BenchmarkExtractSeeds(b *testing.B) {
	x := newExtractor(b)
	docs := seedDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			if _, err := x.Extract(b.Context(), d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkExtractRunOn extracts a 1 MB article with no sentence ends, of
// names, titles, event words and commas: text whose cost per sentence
// would grow without bound if sentences were not cut (maxSentenceTokens).
func BenchmarkExtractRunOn(b *testing.B) {
	words := []string{"China", "Japan", "President", "Xi", "Jinping", "met", "talks", "minister", "and", ",", "the", "U.S.", "Monday", "signed", "agreements", "on", "trade"}
	r := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(words[r.IntN(len(words))])
		sb.WriteByte(' ')
	}
	d, err := ingest.Parse("run-on", "run-on", "Run-on\n\n"+sb.String(), ingest.Meta{})
	if err != nil {
		b.Fatal(err)
	}
	x := newExtractor(b)
	b.SetBytes(int64(len(d.Text)))
	for b.Loop() {
		if _, err := x.Extract(b.Context(), d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractCorpus extracts the first 2,000 articles of the bulk
// corpus (skipped when ../shared/corpus is absent).
func BenchmarkExtractCorpus(b *testing.B) {
	docs := corpusDocs(b, 2000)
	x := newExtractor(b)
	var bytes int64
	for _, d := range docs {
		bytes += int64(len(d.Text))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for b.Loop() {
		for _, d := range docs {
			if _, err := x.Extract(b.Context(), d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the process's user and system CPU time so far: steadier
// than wall time on a shared machine.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func corpusDocs(b *testing.B, n int) []*ingest.Document {
	f, err := os.Open("../../../shared/corpus/news.jsonl.gz")
	if err != nil {
		b.Skip("corpus not available:", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var docs []*ingest.Document
	for sc.Scan() && len(docs) < n {
		var r struct{ ID, Title, Text string }
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue
		}
		d, err := ingest.Parse(r.ID, r.ID, r.Title+"\n\n"+r.Text, ingest.Meta{Title: r.Title})
		if err == nil {
			docs = append(docs, d)
		}
	}
	return docs
}
