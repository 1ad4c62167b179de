package export

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
)

// TestAppendNQuads: the stateless writer extract uses gives what Write
// gives, for the fixture in any order and with duplicates, and refuses
// what Write refuses, leaving its buffer as it was.
func TestAppendNQuads(t *testing.T) {
	fx := fixture()
	shuffled := append(append([]quad.Quad(nil), fx...), fx[:len(fx)/2]...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	bad := quad.Quad{Subject: quad.String("literal"), Predicate: quad.IRI("http://e/p"), Object: quad.IRI("http://e/o")}
	for _, tc := range []struct {
		name string
		qs   []quad.Quad
		bad  bool
	}{
		{"fixture", fx, false},
		{"shuffled with duplicates", shuffled, false},
		{"empty", nil, false},
		{"literal subject", append([]quad.Quad{bad}, fx...), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := AppendNQuads([]byte("kept\n"), tc.qs)
			if tc.bad {
				if !errors.Is(err, ErrInvalidTerm) || string(got) != "kept\n" {
					t.Fatalf("got %q, %v; want the buffer untouched and ErrInvalidTerm", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := "kept\n" + string(render(t, NQuads, tc.qs))
			if diff := cmp.Diff(want, string(got)); diff != "" {
				t.Errorf("AppendNQuads differs from Write (-Write +AppendNQuads):\n%s", diff)
			}
		})
	}
}

// FuzzAppendNQuads builds quads whose terms share prefixes in every way
// (IRIs, blank nodes, literals plain, tagged and typed, default and named
// graphs, or all in one graph, which sorts by other means) and checks
// AppendNQuads against Write.
func FuzzAppendNQuads(f *testing.F) {
	f.Add("a", "ab", "a b", uint8(0))
	f.Add("x", "x", "", uint8(7))
	f.Add("\"", "\\", "\n", uint8(255))
	f.Add("b1", "b10", "b1.", uint8(42))
	f.Add("https://w3id.org/newsgraph/id/doc/", "x", "é", uint8(1))
	f.Add("https://w3id.org/newsgraph/id/doc/", "", "0123456789abcdef", uint8(2))
	f.Fuzz(func(t *testing.T, a, b, c string, mix uint8) {
		vals := []quad.Value{
			quad.IRI(a), quad.IRI(a + b), quad.IRI(b), quad.BNode(a), quad.BNode(a + c),
			quad.String(a), quad.String(a + b), quad.LangString{Value: quad.String(a), Lang: "en"},
			quad.LangString{Value: quad.String(a), Lang: "en-GB"}, quad.TypedString{Value: quad.String(a), Type: "http://e/" + quad.IRI(c)},
			quad.Int(len(b)), quad.String(c),
		}
		var qs []quad.Quad
		r := rand.New(rand.NewPCG(uint64(mix), uint64(len(a)+len(b)+len(c))))
		for range 24 {
			q := quad.Quad{
				Subject:   vals[r.IntN(5)],
				Predicate: vals[r.IntN(3)],
				Object:    vals[r.IntN(len(vals))],
			}
			switch g := r.IntN(4); {
			case mix%4 == 1: // all in one named graph, as a document's quads are
				q.Label = vals[0]
			case mix%4 == 2: // all in the default graph
			case g < 3:
				q.Label = vals[g]
			}
			qs = append(qs, q)
		}
		var want bytes.Buffer
		werr := Write(t.Context(), &want, NQuads, Quads(qs), Options{})
		got, err := AppendNQuads(nil, qs)
		if (werr == nil) != (err == nil) {
			t.Fatalf("Write: %v; AppendNQuads: %v", werr, err)
		}
		if err == nil && want.String() != string(got) {
			t.Fatalf("AppendNQuads differs from Write:\n%s\nwant:\n%s", got, want.String())
		}
	})
}
