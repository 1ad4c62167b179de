package export

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestMain(m *testing.M) {
	// The reader would turn "15"^^xsd:integer into quad.Int; tests compare
	// against the TypedString values the extractor writes.
	nquads.AutoConvertTypedString = false
	os.Exit(m.Run())
}

// render writes quads in format f.
func render(t testing.TB, f Format, qs []quad.Quad) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, f, Quads(qs), Options{}); err != nil {
		t.Fatalf("Write(%s): %v", f, err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			got := render(t, f, fixture())
			path := filepath.Join("testdata", "fixture"+f.Ext())
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from golden file (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestDeterministic feeds the fixture shuffled and with duplicates: the
// output must not change.
func TestDeterministic(t *testing.T) {
	base := fixture()
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			want := render(t, f, base)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range 5 {
				qs := append(append([]quad.Quad(nil), base...), base[:i*7]...)
				rng.Shuffle(len(qs), func(a, b int) { qs[a], qs[b] = qs[b], qs[a] })
				if diff := cmp.Diff(string(want), string(render(t, f, qs))); diff != "" {
					t.Fatalf("shuffle %d changed the output (-want +got):\n%s", i, diff)
				}
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	want := map[Format]string{
		NQuads:   "",
		NTriples: "",
		Turtle:   "",
		JSONLD:   "{\n  \"@context\": {},\n  \"@graph\": []\n}\n",
		DOT:      "digraph newsgraph {\n  node [shape=box];\n}\n",
	}
	for _, f := range Formats() {
		got := string(render(t, f, nil))
		if w, ok := want[f]; ok && got != w {
			t.Errorf("%s of nothing = %q, want %q", f, got, w)
		}
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Format
		err  error
	}{
		{"canonical", "nquads", NQuads, nil},
		{"upper case", "TURTLE", Turtle, nil},
		{"alias nt", "nt", NTriples, nil},
		{"extension", ".ttl", Turtle, nil},
		{"json-ld", "json-ld", JSONLD, nil},
		{"graphviz", "gv", DOT, nil},
		{"graphml", "graphml", GraphML, nil},
		{"spaces", " dot ", DOT, nil},
		{"unknown", "rdfxml", "", ErrUnknownFormat},
		{"empty", "", "", ErrUnknownFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFormat(tt.in)
			if !errors.Is(err, tt.err) || got != tt.want {
				t.Errorf("ParseFormat(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
	for _, f := range Formats() {
		if g, err := ParseFormat(string(f)); err != nil || g != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, g, err)
		}
		if f.Ext() == "" || f.MediaType() == "" {
			t.Errorf("%s has no extension or media type", f)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	s, p, g := quad.IRI("http://e/s"), quad.IRI("http://e/p"), quad.IRI("http://e/g")
	srcErr := errors.New("store gone")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		format Format
		src    Source
		want   error
	}{
		{"unknown format", context.Background(), "rdfxml", Quads(nil), ErrUnknownFormat},
		{"nil object", context.Background(), NQuads, Quads([]quad.Quad{{Subject: s, Predicate: p, Label: g}}), ErrInvalidTerm},
		{"literal subject", context.Background(), NQuads, Quads([]quad.Quad{{Subject: quad.String("x"), Predicate: p, Object: s}}), ErrInvalidTerm},
		{"bnode predicate", context.Background(), NQuads, Quads([]quad.Quad{{Subject: s, Predicate: quad.BNode("p"), Object: s}}), ErrInvalidTerm},
		{"literal graph", context.Background(), NQuads, Quads([]quad.Quad{{Subject: s, Predicate: p, Object: s, Label: quad.String("g")}}), ErrInvalidTerm},
		{"bad language tag", context.Background(), Turtle, Quads([]quad.Quad{{Subject: s, Predicate: p, Object: quad.LangString{Value: "x", Lang: "en us"}}}), ErrInvalidTerm},
		{"invalid UTF-8", context.Background(), JSONLD, Quads([]quad.Quad{{Subject: s, Predicate: p, Object: quad.String("a\xffb")}}), ErrInvalidTerm},
		{"bad blank node", context.Background(), NTriples, Quads([]quad.Quad{{Subject: quad.BNode("a b"), Predicate: p, Object: s}}), ErrInvalidTerm},
		{"langString without tag", context.Background(), NQuads, Quads([]quad.Quad{{Subject: s, Predicate: p, Object: quad.TypedString{Value: "x", Type: quad.IRI(rdfLang)}}}), ErrInvalidTerm},
		{"source error", context.Background(), NQuads, func(context.Context, func(quad.Quad) error) error { return srcErr }, srcErr},
		{"cancelled", cancelled, DOT, Quads(fixture()), context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(tt.ctx, &buf, tt.format, tt.src, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Write = %v, want %v", err, tt.want)
			}
			if bytes.ContainsRune([]byte(err.Error()), '\n') {
				t.Errorf("error message is not one line: %q", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriterError(t *testing.T) {
	boom := errors.New("disk full")
	for _, f := range Formats() {
		err := Write(context.Background(), failWriter{boom}, f, Quads(fixture()), Options{})
		if !errors.Is(err, boom) {
			t.Errorf("%s: Write = %v, want %v", f, err, boom)
		}
	}
}

// TestTerm pins the N-Triples form of single values, including Cayley's
// native types, which must get full XSD datatypes.
func TestTerm(t *testing.T) {
	tests := []struct {
		name string
		in   quad.Value
		want string
	}{
		{"iri", quad.IRI("http://schema.org/name"), "<http://schema.org/name>"},
		{"iri non-ASCII kept", quad.IRI("http://e/ü中"), "<http://e/ü中>"},
		{"iri forbidden chars encoded", quad.IRI("http://e/a b<>\"{}|^`\\\x00\x7f"), "<http://e/a%20b%3C%3E%22%7B%7D%7C%5E%60%5C%00%7F>"},
		{"iri invalid UTF-8 encoded", quad.IRI("http://e/\xff"), "<http://e/%FF>"},
		{"bnode", quad.BNode("n1"), "_:n1"},
		{"plain", quad.String("x"), `"x"`},
		{"escapes", quad.String("\"\\\n\r\t\b\f\x00\x1f\x7f"), `"\"\\\n\r\t\u0008\u000C\u0000\u001F\u007F"`},
		{"non-ASCII kept", quad.String("ü 中文 😀 \u2028"), "\"ü 中文 😀 \u2028\""},
		{"empty", quad.String(""), `""`},
		{"language", quad.LangString{Value: "x", Lang: "zh-Hans-CN"}, `"x"@zh-Hans-CN`},
		{"date", quad.TypedString{Value: "2025-11-01", Type: quad.IRI(vocab.XSD + "date")}, `"2025-11-01"^^<http://www.w3.org/2001/XMLSchema#date>`},
		{"xsd:string is plain", quad.TypedString{Value: "x", Type: quad.IRI(xsdString)}, `"x"`},
		{"short datatype expanded", quad.TypedString{Value: "1", Type: "xsd:integer"}, `"1"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{"cayley short schema type expanded", quad.Int(3).TypedString(), `"3"^^<http://schema.org/Integer>`},
		{"int", quad.Int(-42), `"-42"^^<http://www.w3.org/2001/XMLSchema#integer>`},
		{"float", quad.Float(1.5), `"1.5E0"^^<http://www.w3.org/2001/XMLSchema#double>`},
		{"float integral", quad.Float(1e6), `"1.0E6"^^<http://www.w3.org/2001/XMLSchema#double>`},
		{"bool", quad.Bool(true), `"true"^^<http://www.w3.org/2001/XMLSchema#boolean>`},
		{"time", quad.Time(time.Date(2025, 11, 1, 9, 30, 0, 0, time.UTC)), `"2025-11-01T09:30:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := newTerm(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.nt != tt.want {
				t.Errorf("newTerm(%#v) = %s, want %s", tt.in, got.nt, tt.want)
			}
		})
	}
}
