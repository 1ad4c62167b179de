package ingest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/ingest/ingesttest"
	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/queries"
)

// observation is what one reader saw of one document's graph.
type observation struct {
	reader string
	graph  quad.IRI
	quads  int
	digest string // of the sorted quads; "" when only counted
	hashed bool   // the graph's ng:contentHash quad was there
}

func digest(qs []quad.Quad) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = q.NQuad()
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// TestReadersDuringBuild: while a build writes hundreds of documents into a
// bolt store in small transactions, other goroutines export the graph, count
// each document's quads inside one query view and run the saved queries,
// over and over. Nothing deadlocks (cayley#712) and no reader sees half a
// document: every graph seen is either absent or exactly what the build
// finally stored, and its content-hash quad is there if and only if all of
// its quads are. The build waits at a few points for a reader to finish a
// pass, so readers see the store half built whatever the machine's speed.
func TestReadersDuringBuild(t *testing.T) {
	const docs = 160
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	corpus := filepath.Join(dir, "news.jsonl")
	f, err := os.Create(corpus)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingesttest.WriteJSONL(f, docs, 3); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var iris []quad.IRI
	for _, a := range ingesttest.Articles(docs, 3) {
		iris = append(iris, vocab.DocumentIRI(a.ID))
	}

	var (
		mu   sync.Mutex
		seen []observation
		errs []error
	)
	record := func(o ...observation) {
		mu.Lock()
		seen = append(seen, o...)
		mu.Unlock()
	}
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}

	building := make(chan struct{})
	passDone := make(chan int, 1) // graphs seen by an export pass, for the build's pauses
	var wg sync.WaitGroup

	// export: every graph read whole
	wg.Go(func() {
		for pass := 0; ; pass++ {
			byGraph := map[quad.IRI][]quad.Quad{}
			err := st.Quads(ctx, func(q quad.Quad) error {
				g := q.Label.(quad.IRI)
				byGraph[g] = append(byGraph[g], q)
				return nil
			})
			if err != nil {
				fail(fmt.Errorf("export pass %d: %w", pass, err))
				return
			}
			var obs []observation
			for g, qs := range byGraph {
				hashed := slices.ContainsFunc(qs, func(q quad.Quad) bool { return q.Predicate == vocab.ContentHash })
				obs = append(obs, observation{reader: "export", graph: g, quads: len(qs), digest: digest(qs), hashed: hashed})
			}
			record(obs...)
			select {
			case passDone <- len(byGraph):
			default:
			}
			select {
			case <-building:
				return
			default:
			}
		}
	})
	// a query view: each document's quads counted through the label index
	wg.Go(func() {
		for {
			var obs []observation
			err := st.View(ctx, func(qs graph.QuadStore) error {
				hp := qs.ValueOf(vocab.ContentHash)
				for _, g := range iris {
					o := observation{reader: "view", graph: g}
					if ref := qs.ValueOf(g); ref != nil {
						it := qs.QuadIterator(quad.Label, ref)
						for it.Next(ctx) {
							o.quads++
							if hp != nil && graph.ToKey(qs.QuadDirection(it.Result(), quad.Predicate)) == graph.ToKey(hp) {
								o.hashed = true
							}
						}
						err := it.Err()
						it.Close()
						if err != nil {
							return err
						}
					}
					obs = append(obs, o)
				}
				return nil
			})
			if err != nil {
				fail(fmt.Errorf("view: %w", err))
				return
			}
			record(obs...)
			select {
			case <-building:
				return
			default:
			}
		}
	})
	// the saved queries and the other exporters
	wg.Go(func() {
		saved, err := query.Load(queries.FS())
		if err != nil {
			fail(err)
			return
		}
		// every required parameter names an entity of the corpus
		params := map[string]map[string]string{}
		for _, q := range saved {
			params[q.Name] = map[string]string{}
			names := []string{"China", "Japan"}
			for _, p := range q.Params {
				if p.Required {
					params[q.Name][p.Name] = names[len(params[q.Name])%2]
				}
			}
		}
		for {
			for _, q := range saved {
				_, err := q.Run(ctx, st, params[q.Name])
				if err != nil && !strings.Contains(err.Error(), "no person, country") {
					fail(fmt.Errorf("query %s: %w", q.Name, err))
					return
				}
			}
			for _, f := range []export.Format{export.Turtle, export.JSONLD} {
				if err := export.Write(ctx, io.Discard, f, st.Quads, export.Options{}); err != nil {
					fail(fmt.Errorf("export %s: %w", f, err))
					return
				}
			}
			select {
			case <-building:
				return
			default:
			}
		}
	})

	var halfBuilt []int // graphs seen by export passes during the build's pauses
	buildStart := time.Now()
	r := ingest.Reader{}
	rep, err := ingest.Build(ctx, r.AllPaths(ctx, []string{corpus}), ex, st, ingest.BuildOptions{
		ChunkSize: 16,
		Progress: func(p ingest.Progress) {
			if p.Done%64 != 0 {
				return
			}
			// Pause until an export pass that started after this chunk
			// was committed has ended: the second pass to end from now.
			select {
			case <-passDone:
			default:
			}
			for range 2 {
				select {
				case n := <-passDone:
					halfBuilt = append(halfBuilt, n)
				case <-time.After(time.Minute):
					fail(errors.New("no export pass ended within a minute of the build pausing"))
					return
				}
			}
		},
	})
	close(building)
	t.Logf("build took %v with the readers", time.Since(buildStart)) // they hold it up: writes wait for running reads
	wg.Wait()
	if err != nil || rep.Added != docs {
		t.Fatalf("build: %+v, %v", rep, err)
	}
	for _, err := range errs {
		t.Error(err)
	}

	final := map[quad.IRI][]quad.Quad{}
	err = st.Quads(ctx, func(q quad.Quad) error {
		g := q.Label.(quad.IRI)
		final[g] = append(final[g], q)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	graphsSeen := map[string]int{}
	for _, o := range seen {
		want := final[o.graph]
		switch {
		case o.quads == 0 && !o.hashed:
			continue // not written yet
		case o.quads != len(want) || !o.hashed:
			t.Errorf("%s saw %s with %d quads (hash quad: %v); it has %d", o.reader, o.graph, o.quads, o.hashed, len(want))
		case o.digest != "" && o.digest != digest(want):
			t.Errorf("%s saw %s with other quads than the build stored", o.reader, o.graph)
		}
		graphsSeen[o.reader]++
	}
	t.Logf("%d documents, %d quads; complete graphs seen: %v; export passes in the pauses saw %v graphs",
		len(final), sum(final), graphsSeen, halfBuilt)
	if !slices.ContainsFunc(halfBuilt, func(n int) bool { return n > 0 && n < docs }) {
		t.Errorf("no export pass saw the store half built (%v)", halfBuilt)
	}
}

func sum(m map[quad.IRI][]quad.Quad) int {
	n := 0
	for _, qs := range m {
		n += len(qs)
	}
	return n
}
