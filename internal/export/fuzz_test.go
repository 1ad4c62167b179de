package export

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// writeLine writes one quad as N-Quads.
func writeLine(q quad.Quad) (string, error) {
	var buf bytes.Buffer
	err := Write(context.Background(), &buf, NQuads, Quads([]quad.Quad{q}), Options{})
	return buf.String(), err
}

// cleanIRI reports whether s can be written as an IRIREF unchanged.
func cleanIRI(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if iriForbidden(s[i]) {
			return false
		}
	}
	return true
}

// FuzzNQuadsTerm checks the term serializer against Cayley's N-Quads
// parser: every string, as a plain, language-tagged or typed literal, as an
// IRI and as a blank node label, either is refused with ErrInvalidTerm or
// makes one line that parses back to the same value (IRIs: to the
// percent-encoded IRI, which equals the input when the input is a valid
// IRIREF).
func FuzzNQuadsTerm(f *testing.F) {
	for _, s := range []string{
		"", "plain", `quote " backslash \ `, "\n\r\t\b\f\x00\x1f\x7f", "ü 中文 😀", "\u2028\uFFFD\uFFFF",
		"http://e/a b<>{}|^`", "\xff", "_:x", "a.b", "\\u0041", "%20", "\"^^<x>", "@en", " .", "#",
	} {
		f.Add(s)
	}
	s0, p0, g0 := quad.IRI("http://e/s"), quad.IRI("http://e/p"), quad.IRI("http://e/g")
	f.Fuzz(func(t *testing.T, s string) {
		objects := []quad.Value{
			quad.String(s),
			quad.LangString{Value: quad.String(s), Lang: "en-GB"},
			quad.TypedString{Value: quad.String(s), Type: vocab.XSDDate},
		}
		for _, o := range objects {
			line, err := writeLine(quad.Quad{Subject: s0, Predicate: p0, Object: o, Label: g0})
			if !utf8.ValidString(s) {
				if !errors.Is(err, ErrInvalidTerm) {
					t.Fatalf("invalid UTF-8 %q: err = %v, want ErrInvalidTerm", s, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("literal %#v: %v", o, err)
			}
			q := parseLine(t, line)
			if q.Object != o || q.Label != g0 {
				t.Fatalf("literal %#v wrote %q, read back %#v", o, line, q)
			}
		}

		line, err := writeLine(quad.Quad{Subject: quad.IRI(s), Predicate: p0, Object: quad.IRI(s), Label: quad.IRI(s)})
		if err != nil {
			t.Fatalf("IRI %q: %v", s, err)
		}
		fixed := fixIRI(s)
		if !cleanIRI(fixed) || fixIRI(fixed) != fixed {
			t.Fatalf("fixIRI(%q) = %q: not a clean fixed point", s, fixed)
		}
		if cleanIRI(s) && fixed != s {
			t.Fatalf("fixIRI changed the valid IRI %q to %q", s, fixed)
		}
		q := parseLine(t, line)
		if want := quad.IRI(fixed); q.Subject != want || q.Object != want || q.Label != want {
			t.Fatalf("IRI %q wrote %q, read back %#v", s, line, q)
		}

		line, err = writeLine(quad.Quad{Subject: quad.BNode(s), Predicate: p0, Object: quad.BNode(s)})
		if !validBNode(s) {
			if !errors.Is(err, ErrInvalidTerm) {
				t.Fatalf("blank node %q: err = %v, want ErrInvalidTerm", s, err)
			}
		} else if q := parseLine(t, line); q.Subject != quad.BNode(s) || q.Object != quad.BNode(s) {
			t.Fatalf("blank node %q wrote %q, read back %#v", s, line, q)
		}

		line, err = writeLine(quad.Quad{Subject: s0, Predicate: p0, Object: quad.LangString{Value: "x", Lang: s}})
		if !validLang(s) {
			if !errors.Is(err, ErrInvalidTerm) {
				t.Fatalf("language tag %q: err = %v, want ErrInvalidTerm", s, err)
			}
		} else if q := parseLine(t, line); q.Object != (quad.LangString{Value: "x", Lang: s}) {
			t.Fatalf("language tag %q wrote %q, read back %#v", s, line, q)
		}
	})
}

func parseLine(t *testing.T, line string) quad.Quad {
	t.Helper()
	if strings.Count(line, "\n") != 1 || !strings.HasSuffix(line, " .\n") {
		t.Fatalf("not one N-Quads line: %q", line)
	}
	q, err := nquads.Parse(strings.TrimSuffix(line, "\n"))
	if err != nil {
		t.Fatalf("Cayley cannot parse %q: %v", line, err)
	}
	return q
}
