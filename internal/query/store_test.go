package query

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/internal/store"
)

// fixtureNewsgraph is the seed graph in a newsgraph store (leveldb: bolt
// fails the race detector's pointer checks), whose View answers the query
// helpers from its indexes (store.DistinctPrefix, HopColumns, Count). A
// new store reads index keys alone; with deleted, every graph is first
// written with other quads and replaced, so that the indexes hold deleted
// quads and the store must check the log.
func fixtureNewsgraph(t testing.TB, deleted bool) *store.Cayley {
	t.Helper()
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
	every := 0
	if deleted {
		every = 1
	}
	return newsgraphFixture(t, "leveldb", raw, every)
}

// newsgraphFixture stores quads, one graph per label, in a new newsgraph
// store on backend (bolt or leveldb); every deleted-th graph (none for 0)
// is first written with other quads, as fixtureNewsgraph does.
func newsgraphFixture(t testing.TB, backend string, quads []quad.Quad, deleted int) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), backend+"://"+filepath.Join(t.TempDir(), "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	byGraph := map[quad.Value][]quad.Quad{}
	var order []quad.Value
	for _, q := range quads {
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
	if deleted > 0 {
		// the same nodes, other facts: what a replaced document leaves
		var junk []store.Graph
		for i, gr := range gs {
			if i%deleted != 0 {
				continue
			}
			var qs []quad.Quad
			for i, q := range gr.Quads {
				q.Object = gr.Quads[(i+7)%len(gr.Quads)].Subject
				qs = append(qs, q)
			}
			junk = append(junk, store.Graph{IRI: gr.IRI, Quads: qs})
		}
		for batch := range slices.Chunk(junk, 256) {
			if _, err := s.ReplaceBatch(t.Context(), batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	for batch := range slices.Chunk(gs, 256) {
		if _, err := s.ReplaceBatch(t.Context(), batch); err != nil {
			t.Fatal(err)
		}
	}
	return s
}
