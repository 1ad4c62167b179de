package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// Opener opens one more handle on a store shared by several handles, as
// another process would: its own Open, its own connections. It registers
// the handle's cleanup.
type Opener func(t *testing.T) store.Store

// RunShared runs the cases for stores that several processes use at once
// (database servers). newStore makes a new, empty shared store and returns
// its Opener. check, when not nil, verifies the backend's own invariants
// (reference counts, say) after each case.
func RunShared(t *testing.T, newStore func(t *testing.T) Opener, check func(t *testing.T, s store.Store)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"ConcurrentBuilds", testConcurrentBuilds},
		{"ReadersSeeWholeDocuments", testReadersSeeWholeDocuments},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			open := newStore(t)
			tc.fn(t, open)
			if check != nil {
				check(t, open(t))
			}
		})
	}
}

// build writes the documents ids, at version seed, in chunks of chunk
// graphs per ReplaceBatch, as the build command does.
func build(ctx context.Context, s store.Store, ids []string, seed uint64, chunk int) error {
	for c := range slices.Chunk(ids, chunk) {
		gs := make([]store.Graph, len(c))
		for i, id := range c {
			gs[i] = store.Graph{IRI: vocab.DocumentIRI(id), Quads: Doc(id, 8+len(id), seed+uint64(len(id)))}
		}
		if _, err := s.ReplaceBatch(ctx, gs); err != nil {
			return err
		}
	}
	return nil
}

func docIDs(from, to int) []string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("doc%02d", i))
	}
	return ids
}

// testConcurrentBuilds runs two builders on separate handles over
// overlapping documents, in opposite orders and different chunk sizes, then
// again with every document changed: each time the store must equal a
// clean build of the documents' latest versions.
func testConcurrentBuilds(t *testing.T, open Opener) {
	a, b := open(t), open(t)
	ids := docIDs(0, 24)
	first, second := ids[:16], slices.Clone(ids[8:])
	slices.Reverse(second)
	for _, seed := range []uint64{1, 100} {
		var (
			wg         sync.WaitGroup
			errA, errB error
		)
		wg.Go(func() { errA = build(t.Context(), a, first, seed, 4) })
		wg.Go(func() { errB = build(t.Context(), b, second, seed, 5) })
		wg.Wait()
		if errA != nil || errB != nil {
			t.Fatalf("seed %d: builds failed: %v; %v", seed, errA, errB)
		}
		var want []quad.Quad
		for _, id := range ids {
			want = append(want, Doc(id, 8+len(id), seed+uint64(len(id)))...)
		}
		if diff := cmp.Diff(Sorted(want), all(t, a)); diff != "" {
			t.Fatalf("seed %d: quads after concurrent builds (-clean build +got):\n%s", seed, diff)
		}
	}
}

// testReadersSeeWholeDocuments swaps documents between two versions of
// different sizes, several per transaction, while readers on another handle
// read them: every read must see a document exactly at one version.
func testReadersSeeWholeDocuments(t *testing.T, open Opener) {
	w, r := open(t), open(t)
	ids := docIDs(0, 6)
	version := func(id string, v int) []quad.Quad {
		if v == 0 {
			return Doc(id, 4, 1)
		}
		return Doc(id, 24, 2)
	}
	whole := make(map[quad.IRI][2][]quad.Quad) // graph → its versions, sorted
	mentions := make(map[quad.IRI][2][]string) // graph → what each version mentions
	for _, id := range ids {
		g := vocab.DocumentIRI(id)
		var vs [2][]quad.Quad
		var ms [2][]string
		for v := range 2 {
			vs[v] = Sorted(version(id, v))
			for _, q := range vs[v] {
				if q.Subject == g && q.Predicate == vocab.Mentions {
					ms[v] = append(ms[v], string(q.Object.(quad.IRI)))
				}
			}
			slices.Sort(ms[v])
			ms[v] = slices.Compact(ms[v])
		}
		whole[g], mentions[g] = vs, ms
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	const rounds = 8
	var (
		wg       sync.WaitGroup
		writeErr error
		writing  = make(chan struct{})
	)
	wg.Go(func() {
		defer close(writing)
		for round := range rounds {
			gs := make([]store.Graph, len(ids))
			for i, id := range ids {
				gs[i] = store.Graph{IRI: vocab.DocumentIRI(id), Quads: version(id, round%2)}
			}
			if _, err := w.ReplaceBatch(ctx, gs); err != nil {
				writeErr = err
				return
			}
		}
	})
	reads := 0
	for done := false; !done; reads++ {
		select {
		case <-writing:
			done = true // one more read of the final state
		default:
		}
		byGraph := make(map[quad.IRI][]quad.Quad)
		err := r.Quads(ctx, func(q quad.Quad) error {
			g := q.Label.(quad.IRI)
			byGraph[g] = append(byGraph[g], q)
			return nil
		})
		if err != nil {
			t.Fatalf("read %d: Quads: %v", reads, err)
		}
		for g, got := range byGraph {
			vs := whole[g]
			if !cmp.Equal(got, vs[0]) && !cmp.Equal(got, vs[1]) {
				t.Fatalf("read %d: graph %s holds %d quads, neither version (%d or %d):\n%s", reads, g, len(got), len(vs[0]), len(vs[1]), cmp.Diff(vs[1], got))
			}
		}
		for _, id := range ids {
			g := vocab.DocumentIRI(id)
			res, err := Gizmo(ctx, r, `g.V("<`+string(g)+`>").Out("<`+string(vocab.Mentions)+`>").All()`)
			if err != nil {
				t.Fatalf("read %d: Gizmo: %v", reads, err)
			}
			var got []string
			for _, x := range res {
				got = append(got, strings.Trim(fmt.Sprint(x.(map[string]any)["id"]), "<>"))
			}
			slices.Sort(got)
			got = slices.Compact(got)
			ms := mentions[g]
			if len(got) > 0 && !slices.Equal(got, ms[0]) && !slices.Equal(got, ms[1]) {
				t.Fatalf("read %d: %s mentions %d nodes, neither version (%d or %d)", reads, g, len(got), len(ms[0]), len(ms[1]))
			}
		}
	}
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("writer: %v", writeErr)
	}
	t.Logf("%d reads during %d writes", reads, rounds)
}
