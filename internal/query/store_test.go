package query

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/internal/store"
)

// fixtureNewsgraph is the seed graph in a newsgraph store (leveldb: bolt
// fails the race detector's pointer checks), whose View answers the query
// helpers from its indexes (store.DistinctPrefix, Hop, Count). A new store
// reads index keys alone; with deleted, every graph is first written with
// other quads and replaced, so that the indexes hold deleted quads and the
// store must check the log.
func fixtureNewsgraph(t testing.TB, deleted bool) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), "leveldb://"+filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	byGraph := map[quad.Value][]quad.Quad{}
	var order []quad.Value
	f, err := os.Open("testdata/seeds.nq")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// raw: typed literals as the extractor makes them, not native values
	raw, err := quad.ReadAll(nquads.NewReader(f, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range raw {
		if byGraph[q.Label] == nil {
			order = append(order, q.Label)
		}
		byGraph[q.Label] = append(byGraph[q.Label], q)
	}
	var gs []store.Graph
	for _, l := range order {
		g := l.(quad.IRI)
		gs = append(gs, store.Graph{IRI: g, Quads: byGraph[l]})
	}
	if deleted {
		// the same nodes, other facts: what a replaced document leaves
		var junk []store.Graph
		for _, gr := range gs {
			var qs []quad.Quad
			for i, q := range gr.Quads {
				q.Object = gr.Quads[(i+7)%len(gr.Quads)].Subject
				qs = append(qs, q)
			}
			junk = append(junk, store.Graph{IRI: gr.IRI, Quads: qs})
		}
		if _, err := s.ReplaceBatch(t.Context(), junk); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ReplaceBatch(t.Context(), gs); err != nil {
		t.Fatal(err)
	}
	return s
}
