package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// fakeExtractor writes one name quad per document and can fail on demand.
type fakeExtractor struct {
	fingerprint string
	fail        map[string]error // document ID → error
	calls       atomic.Int64
}

func (e *fakeExtractor) Fingerprint() string { return e.fingerprint }

func (e *fakeExtractor) Extract(ctx context.Context, d *Document) ([]quad.Quad, error) {
	e.calls.Add(1)
	if err := e.fail[d.ID]; err != nil {
		return nil, err
	}
	g := vocab.DocumentIRI(d.ID)
	return []quad.Quad{
		{Subject: g, Predicate: vocab.Type, Object: vocab.NewsArticle, Label: g},
		{Subject: g, Predicate: vocab.Headline, Object: vocab.Label(d.Title), Label: g},
	}, nil
}

// fakeStore keeps graphs in memory with store.Store's Replace semantics.
// Build reads hashes while it writes, so a mutex guards the maps.
type fakeStore struct {
	mu     sync.Mutex
	graphs map[quad.IRI]map[string]quad.Quad
	fail   map[quad.IRI]error
}

func newFakeStore() *fakeStore {
	return &fakeStore{graphs: map[quad.IRI]map[string]quad.Quad{}, fail: map[quad.IRI]error{}}
}

func (s *fakeStore) Hash(ctx context.Context, g quad.IRI) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, q := range s.graphs[g] {
		if q.Subject == g && q.Predicate == vocab.ContentHash {
			return quad.NativeOf(q.Object).(string), nil
		}
	}
	return "", nil
}

func (s *fakeStore) Replace(ctx context.Context, g quad.IRI, quads []quad.Quad) (store.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.replace(g, quads)
}

func (s *fakeStore) replace(g quad.IRI, quads []quad.Quad) (store.Change, error) {
	if err := s.fail[g]; err != nil {
		return store.Change{}, err
	}
	next := map[string]quad.Quad{}
	for _, q := range quads {
		if q.Label != g {
			return store.Change{}, fmt.Errorf("quad %v not in graph %v: %w", q, g, store.ErrInvalid)
		}
		next[q.String()] = q
	}
	old := s.graphs[g]
	var ch store.Change
	for k := range next {
		if _, ok := old[k]; !ok {
			ch.Added++
		}
	}
	for k := range old {
		if _, ok := next[k]; !ok {
			ch.Deleted++
		}
	}
	switch {
	case len(old) == 0:
		ch.Status = store.Added
	case ch.Added+ch.Deleted > 0:
		ch.Status = store.Updated
	default:
		ch.Status = store.Unchanged
	}
	s.graphs[g] = next
	return ch, nil
}

func doc(t *testing.T, id, text string) *Document {
	t.Helper()
	d, err := Parse(id, "in/"+id, text, Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// items is a document source for Build: documents and read errors.
func items(entries ...any) iter.Seq2[*Document, error] {
	return func(yield func(*Document, error) bool) {
		for _, e := range entries {
			var ok bool
			switch v := e.(type) {
			case *Document:
				ok = yield(v, nil)
			case error:
				ok = yield(nil, v)
			}
			if !ok {
				return
			}
		}
	}
}

// counts is a Report without its error list, for comparison.
func counts(r Report) Report {
	r.Errors = nil
	return r
}

func TestBuildIncremental(t *testing.T) {
	a := doc(t, "a.txt", "Title A\n\nText A.")
	b := doc(t, "b.txt", "Title B\n\nText B.")
	st := newFakeStore()
	ex := &fakeExtractor{fingerprint: "v1"}

	steps := []struct {
		name      string
		docs      []any
		ex        *fakeExtractor
		want      Report
		wantCalls int
	}{
		{"first build adds", []any{a, b}, ex, Report{Read: 2, Added: 2, QuadsAdded: 6}, 2},
		{"rebuild is unchanged", []any{a, b}, ex, Report{Read: 2, Unchanged: 2}, 0},
		{"changed document is updated", []any{a, doc(t, "b.txt", "Title B2\n\nText B.")}, ex, Report{Read: 2, Updated: 1, Unchanged: 1, QuadsAdded: 2, QuadsDeleted: 2}, 1},
		{"new fingerprint re-extracts all", []any{a, doc(t, "b.txt", "Title B2\n\nText B.")}, &fakeExtractor{fingerprint: "v2"}, Report{Read: 2, Updated: 2, QuadsAdded: 2, QuadsDeleted: 2}, 2},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			step.ex.calls.Store(0)
			var progress []Progress
			rep, err := Build(t.Context(), items(step.docs...), step.ex, st, BuildOptions{Progress: func(p Progress) { progress = append(progress, p) }})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(step.want, counts(rep), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if n := step.ex.calls.Load(); n != int64(step.wantCalls) {
				t.Errorf("extractor called %d times, want %d", n, step.wantCalls)
			}
			if len(progress) != len(step.docs) || progress[len(progress)-1].Done != len(step.docs) {
				t.Errorf("progress %+v", progress)
			}
		})
	}
	// The stored hash is the one HashQuad states.
	g := vocab.DocumentIRI("a.txt")
	want := HashQuad(a, "v2")
	if _, ok := st.graphs[g][want.String()]; !ok {
		t.Errorf("graph %v lacks %v", g, want)
	}
}

func TestBuildFailures(t *testing.T) {
	good := doc(t, "good.txt", "Good\n\nText.")
	badExtract := doc(t, "bad-extract.txt", "Bad\n\nText.")
	badStore := doc(t, "bad-store.txt", "Bad\n\nStore.")
	dup := doc(t, "good.txt", "Other\n\nText.")
	dup.Origin = "other/good.txt"
	readErr := badInput("in/broken.txt", 0, nil, "not UTF-8 text (invalid byte 0xff at offset 3)")
	last := doc(t, "last.txt", "Last\n\nText.")

	st := newFakeStore()
	st.fail[vocab.DocumentIRI("bad-store.txt")] = errors.New("disk full\nsecond line")
	ex := &fakeExtractor{fingerprint: "v1", fail: map[string]error{"bad-extract.txt": errors.New("rule table broken")}}

	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rep, err := Build(t.Context(), items(good, readErr, badExtract, badStore, dup, last), ex, st, BuildOptions{Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), `msg="document failed"`); n != 4 {
		t.Errorf("%d failures logged, want 4:\n%s", n, logs.String())
	}
	if diff := cmp.Diff(Report{Read: 5, Added: 2, Failed: 4, QuadsAdded: 6}, counts(rep), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, e := range rep.Errors {
		msgs = append(msgs, e.Error())
	}
	wantMsgs := []string{
		"in/broken.txt: not UTF-8 text (invalid byte 0xff at offset 3)",
		"in/bad-extract.txt: extract: rule table broken",
		"in/bad-store.txt: store: disk full second line",
		`other/good.txt: duplicate document ID "good.txt" (first read from in/good.txt)`,
	}
	if diff := cmp.Diff(wantMsgs, msgs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if !errors.Is(rep.Errors[0], ErrBadInput) || !errors.Is(rep.Errors[3], ErrBadInput) {
		t.Error("read and duplicate errors do not match ErrBadInput")
	}
}

func TestBuildAborts(t *testing.T) {
	docs := []any{doc(t, "a.txt", "A\n\nText."), doc(t, "b.txt", "B\n\nText."), doc(t, "c.txt", "C\n\nText.")}
	t.Run("cancelled between documents", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		rep, err := Build(ctx, items(docs...), &fakeExtractor{}, newFakeStore(), BuildOptions{ChunkSize: 1, Progress: func(Progress) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if rep.Read != 1 || rep.Added != 1 {
			t.Errorf("report %+v, want one document done", rep)
		}
	})
	t.Run("source reports cancellation", func(t *testing.T) {
		_, err := Build(t.Context(), items(docs[0], context.Canceled), &fakeExtractor{}, newFakeStore(), BuildOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("locked store", func(t *testing.T) {
		st := newFakeStore()
		st.fail[vocab.DocumentIRI("a.txt")] = fmt.Errorf("open db: %w", store.ErrLocked)
		rep, err := Build(t.Context(), items(docs...), &fakeExtractor{}, st, BuildOptions{})
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("err = %v, want store.ErrLocked", err)
		}
		if rep.Added != 0 {
			t.Errorf("report %+v", rep)
		}
	})
}

// TestBuildFromReader runs Build over the reader's iterator end to end.
func TestBuildFromReader(t *testing.T) {
	st := newFakeStore()
	ex := &fakeExtractor{fingerprint: "v1"}
	for i, want := range []Report{{Read: 2, Added: 2, QuadsAdded: 6}, {Read: 2, Unchanged: 2}} {
		rep, err := Build(t.Context(), Reader{}.All(t.Context(), seedsFS, []string{"testdata/seeds"}), ex, st, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, counts(rep), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("build %d (-want +got):\n%s", i+1, diff)
		}
	}
}

func TestHashQuad(t *testing.T) {
	d := doc(t, "x/y z.txt", "T\n\nBody.")
	q := HashQuad(d, "fp")
	g := vocab.DocumentIRI("x/y z.txt")
	if q.Subject != g || q.Label != g || q.Predicate != vocab.ContentHash {
		t.Errorf("HashQuad = %v", q)
	}
	s, ok := q.Object.(quad.String)
	if !ok || len(s) != 64 || strings.Trim(string(s), "0123456789abcdef") != "" {
		t.Errorf("object %#v is not a hex SHA-256 plain string", q.Object)
	}
	if ContentHash(d, "fp") == ContentHash(d, "fp2") {
		t.Error("fingerprint does not change the content hash")
	}
}

// ReplaceBatch replaces each graph in turn, or none when one would fail.
func (s *fakeStore) ReplaceBatch(ctx context.Context, gs []store.Graph) ([]store.Change, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range gs {
		if err := s.fail[g.IRI]; err != nil {
			return nil, err
		}
	}
	var out []store.Change
	for _, g := range gs {
		ch, err := s.replace(g.IRI, g.Quads)
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	return out, nil
}

// TestBuildChunks: whatever the chunk size and parallelism, the report and
// the stored graphs are the same, and a failing document in a chunk fails
// alone.
func TestBuildChunks(t *testing.T) {
	var docs []any
	for i := range 10 {
		docs = append(docs, doc(t, fmt.Sprintf("d%d.txt", i), fmt.Sprintf("T%d\n\nText %d.", i, i)))
	}
	tests := []struct {
		name           string
		chunk, workers int
	}{
		{"one by one", 1, 1},
		{"chunks of three", 3, 2},
		{"one chunk", 100, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newFakeStore()
			st.fail[vocab.DocumentIRI("d4.txt")] = errors.New("disk full")
			var origins []string
			rep, err := Build(t.Context(), items(docs...), &fakeExtractor{fingerprint: "v1"}, st, BuildOptions{
				ChunkSize: tt.chunk, Workers: tt.workers,
				Progress: func(p Progress) { origins = append(origins, p.Origin) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Report{Read: 10, Added: 9, Failed: 1, QuadsAdded: 27}, counts(rep), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("report (-want +got):\n%s", diff)
			}
			if len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Error(), "d4.txt") {
				t.Errorf("errors %v, want one naming d4.txt", rep.Errors)
			}
			var want []string
			for i := range 10 {
				want = append(want, fmt.Sprintf("in/d%d.txt", i))
			}
			if diff := cmp.Diff(want, origins); diff != "" {
				t.Errorf("progress order (-want +got):\n%s", diff)
			}
			if len(st.graphs) != 9 {
				t.Errorf("%d graphs stored, want 9", len(st.graphs))
			}
		})
	}
}
