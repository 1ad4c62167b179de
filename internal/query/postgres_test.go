package query

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/queries"
)

// fixtureStore is the seed graph stored through the store package at loc,
// one Replace per named graph, as build stores it.
func fixtureStore(t *testing.T, loc string) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), loc, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	byGraph := make(map[quad.IRI][]quad.Quad)
	var order []quad.IRI
	f, err := os.Open("testdata/seeds.nq")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// raw: typed literals as the extractor makes them, not native values
	quads, err := quad.ReadAll(nquads.NewReader(f, true))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range quads {
		g := q.Label.(quad.IRI)
		if byGraph[g] == nil {
			order = append(order, g)
		}
		byGraph[g] = append(byGraph[g], q)
	}
	for _, g := range order {
		if _, err := s.Replace(t.Context(), g, byGraph[g]); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// TestSavedQueriesSQL runs every saved query on the fixture stored in
// PostgreSQL (and through the CockroachDB flavour, on the same server) and
// compares the table output with the golden files the embedded stores
// match. It skips without $NEWSGRAPH_TEST_POSTGRES.
func TestSavedQueriesSQL(t *testing.T) {
	saved, err := Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range storetest.SQLFlavours {
		t.Run(st.Name, func(t *testing.T) {
			s := fixtureStore(t, st.DSN(t))
			for _, q := range saved {
				t.Run(q.Name, func(t *testing.T) {
					out := goldenOutput(t, q, s)
					golden := filepath.Join("testdata", "golden", q.Name+".txt")
					want, err := os.ReadFile(golden)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(string(want), out.String()); diff != "" {
						t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
					}
				})
			}
		})
	}
}
