package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// hopper is the direct hop of the kv stores' View (used by the query
// package's helpers).
type hopper interface {
	Hop(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, fn func(node, value quad.Value)) error
	Count(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, within []quad.Value) ([]int, error)
}

// news is a small graph in which three documents state the same facts
// about a person and a topic, as documents do.
func news(t *testing.T, s store.Store) {
	t.Helper()
	person, topic := vocab.PersonIRI("Lee Jae Myung"), vocab.TopicIRI("trade")
	for i := range 3 {
		g := vocab.DocumentIRI(fmt.Sprintf("d%d", i))
		qs := []quad.Quad{
			{Subject: person, Predicate: vocab.Type, Object: vocab.Person, Label: g},
			{Subject: person, Predicate: vocab.Name, Object: vocab.Label("Lee Jae Myung"), Label: g},
			{Subject: person, Predicate: vocab.Raised, Object: topic, Label: g},
			{Subject: g, Predicate: vocab.Mentions, Object: person, Label: g},
			{Subject: g, Predicate: vocab.Mentions, Object: topic, Label: g},
			{Subject: g, Predicate: vocab.Headline, Object: vocab.Label(fmt.Sprintf("Headline %d", i)), Label: g},
		}
		if _, err := s.Replace(t.Context(), g, qs); err != nil {
			t.Fatal(err)
		}
	}
}

func ntr(v quad.Value) string { return quad.StringOf(v) }

// TestDistinctHops: on kv stores a hop along DistinctPrefix+p yields each
// distinct triple once; along p, once per quad (Cayley's semantics).
func TestDistinctHops(t *testing.T) {
	person, topic := vocab.PersonIRI("Lee Jae Myung"), vocab.TopicIRI("trade")
	d := func(p quad.IRI) string { return ntr(quad.IRI(store.DistinctPrefix + string(p))) }
	docs := `"` + ntr(vocab.DocumentIRI("d0")) + `", "` + ntr(vocab.DocumentIRI("d1")) + `"`
	tests := []struct {
		name, query string
		want        int
	}{
		{"out", `g.V("` + ntr(person) + `").Out("` + ntr(vocab.Name) + `").All()`, 3},
		{"distinct out", `g.V("` + ntr(person) + `").Out("` + d(vocab.Name) + `").All()`, 1},
		{"distinct in", `g.V("` + ntr(topic) + `").In("` + d(vocab.Raised) + `").All()`, 1},
		{"distinct in from a hub", `g.V("` + ntr(topic) + `").In("` + d(vocab.Mentions) + `").All()`, 3},
		{"distinct has", `g.V().Has("` + d(vocab.Type) + `", "` + ntr(vocab.Person) + `").All()`, 1},
		{"distinct save from a list", `g.V(` + docs + `).Save("` + d(vocab.Mentions) + `", "m").All()`, 4},
		{"list out", `g.V(` + docs + `).Out("` + ntr(vocab.Headline) + `").All()`, 2},
		{"list has", `g.V(` + docs + `).Has("` + d(vocab.Mentions) + `", "` + ntr(topic) + `").All()`, 2},
	}
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			s := openStore(t, backend+"://"+filepath.Join(t.TempDir(), "db"))
			news(t, s)
			for _, tt := range tests {
				res, err := storetest.Gizmo(t.Context(), s, tt.query)
				if err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				if len(res) != tt.want {
					t.Errorf("%s: %d results %v, want %d", tt.name, len(res), res, tt.want)
				}
			}
		})
	}
}

// TestHopAfterDeletes: Hop and Count give the live triples whether or not
// quads were deleted: a new store reads index keys alone, one that deleted
// quads (whose index entries Cayley keeps) checks the log, also after
// reopening.
func TestHopAfterDeletes(t *testing.T) {
	person, topic := vocab.PersonIRI("Lee Jae Myung"), vocab.TopicIRI("trade")
	d := func(i int) quad.IRI { return vocab.DocumentIRI(fmt.Sprintf("d%d", i)) }
	type hop struct {
		from    quad.Value
		pred    quad.IRI
		inverse bool
	}
	hops := []hop{
		{topic, vocab.Mentions, true},
		{person, vocab.Raised, false},
		{d(1), vocab.Mentions, false},
		{person, vocab.Name, false},
	}
	steps := []struct {
		name   string
		change func(t *testing.T, s store.Store)
		want   [][]string // per hop, sorted values
	}{
		{"new store", func(*testing.T, store.Store) {}, [][]string{
			{ntr(d(0)), ntr(d(1)), ntr(d(2))}, {ntr(topic)}, {ntr(person), ntr(topic)}, {`"Lee Jae Myung"@en`},
		}},
		{"d1 no longer names the topic", func(t *testing.T, s store.Store) {
			_, err := s.Replace(t.Context(), d(1), []quad.Quad{{Subject: d(1), Predicate: vocab.Mentions, Object: person, Label: d(1)}})
			if err != nil {
				t.Fatal(err)
			}
		}, [][]string{
			{ntr(d(0)), ntr(d(2))}, {ntr(topic)}, {ntr(person)}, {`"Lee Jae Myung"@en`},
		}},
		{"d0 and d2 removed", func(t *testing.T, s store.Store) {
			for _, g := range []quad.IRI{d(0), d(2)} {
				if _, err := s.Remove(t.Context(), g); err != nil {
					t.Fatal(err)
				}
			}
		}, [][]string{nil, nil, {ntr(person)}, nil}},
	}
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			loc := backend + "://" + filepath.Join(t.TempDir(), "db")
			s, err := store.Open(t.Context(), loc, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			news(t, s)
			for _, step := range steps {
				step.change(t, s)
				for reopen := range 2 {
					if reopen == 1 {
						if err := s.Close(); err != nil {
							t.Fatal(err)
						}
						if s, err = store.Open(t.Context(), loc, store.Options{}); err != nil {
							t.Fatal(err)
						}
					}
					for i, h := range hops {
						var got []string
						var count []int
						err := s.View(t.Context(), func(qs graph.QuadStore) error {
							hs := qs.(hopper)
							if err := hs.Hop(t.Context(), []quad.Value{h.from}, h.pred, h.inverse, func(node, v quad.Value) {
								got = append(got, ntr(v))
							}); err != nil {
								return err
							}
							var err error
							count, err = hs.Count(t.Context(), []quad.Value{h.from}, h.pred, h.inverse, nil)
							return err
						})
						if err != nil {
							t.Fatal(err)
						}
						slices.Sort(got)
						if diff := cmp.Diff(step.want[i], got); diff != "" {
							t.Errorf("%s (reopened %v): hop %d (-want +got):\n%s", step.name, reopen == 1, i, diff)
						}
						if len(count) != 1 || count[0] != len(step.want[i]) {
							t.Errorf("%s (reopened %v): hop %d: count %v, want %d", step.name, reopen == 1, i, count, len(step.want[i]))
						}
					}
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}
