package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
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
