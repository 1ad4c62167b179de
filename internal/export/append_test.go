package export

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
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
	// A large document's graph: lines that share long prefixes, tie on
	// many bytes, repeat, and end where others go on.
	var big []quad.Quad
	r := rand.New(rand.NewPCG(3, 4))
	g := quad.IRI("https://w3id.org/newsgraph/id/doc/big")
	for range 3000 {
		s := quad.IRI("https://w3id.org/newsgraph/id/" + []string{"doc/big", "person/a", "person/ab", "topic/x"}[r.IntN(4)])
		p := quad.IRI("http://schema.org/" + []string{"name", "names", "mentions"}[r.IntN(3)])
		var o quad.Value = quad.String(strings.Repeat("x", r.IntN(40)))
		if r.IntN(2) == 0 {
			o = quad.IRI("https://w3id.org/newsgraph/id/place/" + strings.Repeat("y", r.IntN(30)))
		}
		big = append(big, quad.Quad{Subject: s, Predicate: p, Object: o, Label: g})
	}
	for _, tc := range []struct {
		name string
		qs   []quad.Quad
		bad  bool
	}{
		{"fixture", fx, false},
		{"shuffled with duplicates", shuffled, false},
		{"empty", nil, false},
		{"one large graph", big, false},
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

// TestLineSorter checks the quicksort against slices.SortFunc on lines with
// long shared prefixes and many ties, at every depth limit, the fallback
// included.
func TestLineSorter(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var buf []byte
	var lines []nqLine
	for range 500 {
		s := len(buf)
		buf = append(buf, "<https://w3id.org/newsgraph/id/"...)
		buf = append(buf, strings.Repeat("ab", r.IntN(12))...)
		buf = append(buf, byte('a'+r.IntN(3)))
		lines = append(lines, nqLine{s: s, e: len(buf)})
	}
	want := slices.Clone(lines)
	slices.SortFunc(want, func(x, y nqLine) int { return bytes.Compare(buf[x.s:x.e], buf[y.s:y.e]) })
	text := func(ls []nqLine) []string {
		var out []string
		for _, l := range ls {
			out = append(out, string(buf[l.s:l.e]))
		}
		return out
	}
	for _, depth := range []int{0, 1, 3, 100} {
		got := slices.Clone(lines)
		prefix := 31
		for i := range got {
			var pad [16]byte
			copy(pad[:], buf[got[i].s+prefix:got[i].e])
			got[i].key = [2]uint64{binary.BigEndian.Uint64(pad[:8]), binary.BigEndian.Uint64(pad[8:])}
		}
		lineSorter{buf: buf, tail: prefix + 16}.sort(got, depth)
		if diff := cmp.Diff(text(want), text(got)); diff != "" {
			t.Errorf("depth %d (-want +got):\n%s", depth, diff)
		}
	}
}
