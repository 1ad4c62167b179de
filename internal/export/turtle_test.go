package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// edgeQuads exercise the Turtle abbreviations: rdf:type outside the
// predicate position, local names that are or are not PN_LOCAL, and the
// integer and boolean shorthands.
func edgeQuads() []quad.Quad {
	s := quad.IRI("http://e.example/s")
	sch := func(local string) quad.IRI { return quad.IRI(vocab.Schema + local) }
	return []quad.Quad{
		{Subject: vocab.Type, Predicate: quad.IRI(vocab.RDFS + "label"), Object: quad.String("type")},
		{Subject: s, Predicate: vocab.Type, Object: vocab.Type},
		{Subject: s, Predicate: sch("p"), Object: sch("a/b")},
		{Subject: s, Predicate: sch("p"), Object: sch("x.")},
		{Subject: s, Predicate: sch("p"), Object: sch("x.y")},
		{Subject: s, Predicate: sch("p"), Object: sch("-x")},
		{Subject: s, Predicate: sch("p"), Object: sch("1x")},
		{Subject: s, Predicate: sch("p"), Object: sch("a%20b")},
		{Subject: s, Predicate: sch("p"), Object: sch("a%2")},
		{Subject: s, Predicate: sch("p"), Object: sch("ü:x")},
		{Subject: s, Predicate: sch("p"), Object: sch("")},
		{Subject: s, Predicate: sch("n"), Object: vocab.Integer(-7)},
		{Subject: s, Predicate: sch("n"), Object: quad.TypedString{Value: "+05", Type: vocab.XSDInteger}},
		{Subject: s, Predicate: sch("n"), Object: quad.TypedString{Value: " 5", Type: vocab.XSDInteger}},
		{Subject: s, Predicate: sch("n"), Object: quad.Bool(true)},
		{Subject: s, Predicate: sch("n"), Object: quad.TypedString{Value: "yes", Type: quad.IRI(xsdBoolean)}},
		{Subject: s, Predicate: sch("n"), Object: quad.TypedString{Value: "x", Type: "http://e.example/dt"}},
	}
}

func TestTurtleEdges(t *testing.T) {
	got := string(render(t, Turtle, edgeQuads()))
	if diff := cmp.Diff(turtleEdgesGolden, got); diff != "" {
		t.Errorf("Turtle differs (-want +got):\n%s", diff)
	}
}

// turtleEdgesGolden is TestTurtleEdges' expected output.
const turtleEdgesGolden = `@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<http://e.example/s> a rdf:type ;
    schema:n " 5"^^xsd:integer,
        +05,
        -7,
        true,
        "x"^^<http://e.example/dt>,
        "yes"^^xsd:boolean ;
    schema:p <http://schema.org/-x>,
        schema:1x,
        schema:,
        schema:a%20b,
        <http://schema.org/a%2>,
        <http://schema.org/a/b>,
        <http://schema.org/x.>,
        schema:x.y,
        schema:ü:x .

rdf:type rdfs:label "type" .
`

func TestPrefixes(t *testing.T) {
	qs := []quad.Quad{
		{Subject: quad.IRI("http://e.example/a/b"), Predicate: quad.IRI("http://e.example/p"), Object: quad.IRI("http://e.example/a/c")},
	}
	opts := Options{Prefixes: map[string]string{
		"ex":    "http://e.example/",
		"exa":   "http://e.example/a/", // longer namespace wins
		"bad x": "http://e.example/",   // not a prefix name: ignored
		"empty": "",
	}}
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, Turtle, Quads(qs), opts); err != nil {
		t.Fatal(err)
	}
	want := "@prefix ex: <http://e.example/> .\n@prefix exa: <http://e.example/a/> .\n\nexa:b ex:p exa:c .\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("Turtle differs (-want +got):\n%s", diff)
	}
}
