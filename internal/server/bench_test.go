package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// The benchmarks answer the explorer's requests on the seeds graph in a
// read-only leveldb store (a kv store, as the CLI uses): the cost of the
// handlers, their look-ups and JSON, per request.
func benchmarkGet(b *testing.B, target string) {
	s := newServer(b, seedStore(b, "leveldb"), Options{})
	// warm the search index and check the request works
	if res, body := get(b, s, http.MethodGet, target, nil); res.StatusCode != http.StatusOK {
		b.Fatalf("GET %s: %d %s", target, res.StatusCode, body)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequestWithContext(b.Context(), http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", target, rec.Code)
		}
	}
}

func BenchmarkSearch(b *testing.B)   { benchmarkGet(b, "/api/search?q=ko") }
func BenchmarkEntity(b *testing.B)   { benchmarkGet(b, "/api/entity?iri="+url.QueryEscape(korea)) }
func BenchmarkTimeline(b *testing.B) { benchmarkGet(b, "/api/timeline?a=ROK&b=China") }
func BenchmarkDocument(b *testing.B) { benchmarkGet(b, "/api/document?id="+doc000) }
func BenchmarkFact(b *testing.B) {
	benchmarkGet(b, "/api/fact?"+url.Values{"s": {lee}, "p": {"http://schema.org/jobTitle"}, "value": {"President"}, "lang": {"en"}}.Encode())
}
func BenchmarkQuery(b *testing.B) { benchmarkGet(b, "/api/queries/meetings-between?a=Xi&b=ROK") }
