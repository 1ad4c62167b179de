package query

import (
	"context"
	"os"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	_ "github.com/cayleygraph/cayley/graph/kv/leveldb"
	"github.com/cayleygraph/cayley/graph/memstore"
	_ "github.com/cayleygraph/cayley/writer" // the "single" quad writer
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
)

// memViewer is a Viewer over an in-memory store, as the store package's
// View is over its Cayley database.
type memViewer struct{ qs graph.QuadStore }

func (m memViewer) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fn(m.qs)
}

// readQuads reads an N-Quads file.
func readQuads(t testing.TB, file string) []quad.Quad {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	quads, err := quad.ReadAll(nquads.NewReader(f, false))
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	return quads
}

// fixture is the seed graph in a memstore.
func fixture(t testing.TB) memViewer {
	return memViewer{memstore.New(readQuads(t, "testdata/seeds.nq")...)}
}

// fixtureKV is the seed graph in a kv store, the kind the CLI uses; its
// iterators and optimizer differ from memstore's. It is leveldb, not bolt:
// boltdb/bolt fails the race detector's pointer checks (checkptr).
func fixtureKV(t testing.TB) memViewer {
	t.Helper()
	dir := t.TempDir()
	if err := graph.InitQuadStore("leveldb", dir, nil); err != nil {
		t.Fatal(err)
	}
	qs, err := graph.NewQuadStore("leveldb", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { qs.Close() })
	w, err := graph.NewQuadWriter("single", qs, graph.Options{"ignore_duplicate": true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.AddQuadSet(readQuads(t, "testdata/seeds.nq")); err != nil {
		t.Fatal(err)
	}
	return memViewer{qs}
}
