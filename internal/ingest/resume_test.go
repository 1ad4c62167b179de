package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
)

// openBolt opens (creating) a bolt store in dir.
func openBolt(t *testing.T, dir string) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), "bolt://"+dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// contents is everything a store holds, for comparing stores.
type contents struct {
	Stats store.Stats
	Quads []string
}

func contentsOf(t *testing.T, s store.Store) contents {
	t.Helper()
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c := contents{Stats: st}
	err = s.Quads(t.Context(), func(q quad.Quad) error {
		c.Quads = append(c.Quads, q.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestInterruptedBuildResumes: a build interrupted (ctx cancelled, as by
// Ctrl-C) stops at the end of the chunk being written, leaves whole
// documents only, and the same build run again gives the store a clean
// build gives.
func TestInterruptedBuildResumes(t *testing.T) {
	var docs []any
	for i := range 40 {
		docs = append(docs, doc(t, fmt.Sprintf("d%02d.txt", i), fmt.Sprintf("Title %d\n\nText %d.", i, i)))
	}
	ex := &fakeExtractor{fingerprint: "v1"}
	opts := BuildOptions{ChunkSize: 4, Workers: 2}

	clean := openBolt(t, filepath.Join(t.TempDir(), "clean"))
	defer clean.Close()
	if _, err := Build(t.Context(), items(docs...), ex, clean, opts); err != nil {
		t.Fatal(err)
	}
	want := contentsOf(t, clean)

	for _, after := range []int{1, 5, 17, 39} {
		t.Run(fmt.Sprintf("interrupted after %d documents", after), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			s := openBolt(t, dir)
			ctx, cancel := context.WithCancel(t.Context())
			o := opts
			o.Progress = func(p Progress) {
				if p.Done == after {
					cancel()
				}
			}
			rep, err := Build(ctx, items(docs...), ex, s, o)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			// The chunk being reported was the last written: the chunk
			// of document `after`.
			if end := (after + o.ChunkSize - 1) / o.ChunkSize * o.ChunkSize; rep.Added != end {
				t.Errorf("%d documents added, want %d (the chunks up to document %d)", rep.Added, end, after)
			}
			gs, err := s.Graphs(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(gs) != rep.Added {
				t.Errorf("store holds %d graphs, report says %d added", len(gs), rep.Added)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			s = openBolt(t, dir) // as the next run would
			defer s.Close()
			rep, err = Build(t.Context(), items(docs...), ex, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Added+rep.Unchanged != len(docs) || rep.Failed != 0 {
				t.Errorf("resumed build: %+v", counts(rep))
			}
			if diff := cmp.Diff(want, contentsOf(t, s)); diff != "" {
				t.Errorf("resumed store differs from a clean build (-clean +resumed):\n%s", diff)
			}
		})
	}
}
