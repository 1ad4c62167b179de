package query

import (
	"bytes"
	"maps"
	"runtime"
	"slices"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/queries"
)

// TestSavedQueriesAtScale runs the saved queries on a generated graph
// large enough that the kv stores' View reads its hops in two halves at
// once, remembers hops, and ranks the members of a class by node ID
// (internal/store/hop.go), on bolt and leveldb, new and after deletes, with
// one goroutine and two. Every store gives the same rows as a memstore,
// which answers through Cayley paths, but where a limit cuts through ties:
// those go in node order, which differs between memstore and kv stores,
// and between kv stores written in another order (after deletes). New kv
// stores, written alike, break ties alike.
func TestSavedQueriesAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds several stores of 300 documents")
	}
	quads := generate(300)
	type viewer struct {
		name string
		v    Viewer
		one  bool // GOMAXPROCS 1
	}
	var kv []viewer
	backends := []string{"leveldb", "bolt"}
	if raceDetector {
		backends = backends[:1]
	}
	for _, b := range backends {
		clean := newsgraphFixture(t, b, quads, 0)
		kv = append(kv, viewer{b, clean, false}, viewer{b + " (one goroutine)", clean, true})
	}
	alike := len(kv) // kv[:alike] break ties alike
	for _, b := range backends {
		kv = append(kv, viewer{b + " after deletes", newsgraphFixture(t, b, quads, 7), false})
	}
	mem := memstore.New(quads...)
	saved, err := Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, q *Query, v viewer, params map[string]string) string {
		t.Helper()
		if v.one {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		}
		res, err := q.Run(t.Context(), v.v, params)
		if err != nil {
			t.Fatalf("%s %v: %v", v.name, params, err)
		}
		var out bytes.Buffer
		if err := res.Write(&out, "table"); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	for _, q := range saved {
		t.Run(q.Name, func(t *testing.T) {
			same := func(params map[string]string, vs []viewer) {
				t.Helper()
				want := run(t, q, kv[0], params)
				for _, v := range vs {
					if d := cmp.Diff(want, run(t, q, v, params)); d != "" {
						t.Errorf("%v: %s and %s differ (-%s +%s):\n%s", params, kv[0].name, v.name, kv[0].name, v.name, d)
					}
				}
			}
			all := append(slices.Clone(kv[1:]), viewer{"memstore", memViewer{mem}, false})
			for _, params := range benchRuns[q.Name] {
				if q.param("limit") == nil {
					same(params, all)
					continue
				}
				same(params, kv[1:alike])
				unlimited := maps.Clone(params)
				unlimited["limit"] = "0"
				same(unlimited, all)
			}
		})
	}
}
