package export

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"
	"github.com/piprate/json-gold/ld"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// parseNQuads reads N-Quads or N-Triples with Cayley's reader.
func parseNQuads(t *testing.T, data []byte) []quad.Quad {
	t.Helper()
	r := nquads.NewReader(bytes.NewReader(data), false)
	var out []quad.Quad
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		out = append(out, q)
	}
}

// canonical makes quads comparable across parsers: blank nodes renamed to
// one label (the fixture has one), language tags lower-cased (they are
// case-insensitive and rapper lower-cases them), xsd:string literals plain,
// Cayley's Int and Bool as the typed literals they are written as, graphs
// dropped if !graphs, then sorted and deduplicated.
func canonical(qs []quad.Quad, graphs bool) []quad.Quad {
	norm := func(v quad.Value) quad.Value {
		switch v := v.(type) {
		case quad.BNode:
			return quad.BNode("b")
		case quad.LangString:
			v.Lang = strings.ToLower(v.Lang)
			return v
		case quad.TypedString:
			if v.Type == quad.IRI(xsdString) {
				return v.Value
			}
		case quad.Int:
			return quad.TypedString{Value: quad.String(strconv.FormatInt(int64(v), 10)), Type: quad.IRI(xsdInteger)}
		case quad.Bool:
			return quad.TypedString{Value: quad.String(strconv.FormatBool(bool(v))), Type: quad.IRI(xsdBoolean)}
		case quad.IRI:
			if v == nastyIRI {
				return nastyIRIFixed // written percent-encoded
			}
			return quad.IRI(unescapeUCHAR(string(v)))
		}
		return v
	}
	out := make([]quad.Quad, 0, len(qs))
	for _, q := range qs {
		c := quad.Quad{Subject: norm(q.Subject), Predicate: norm(q.Predicate), Object: norm(q.Object)}
		if graphs && q.Label != nil {
			c.Label = norm(q.Label)
		}
		out = append(out, c)
	}
	key := func(q quad.Quad) string { return q.NQuad() }
	slices.SortFunc(out, func(a, b quad.Quad) int { return strings.Compare(key(a), key(b)) })
	return slices.CompactFunc(out, func(a, b quad.Quad) bool { return key(a) == key(b) })
}

// unescapeUCHAR decodes \uXXXX and \UXXXXXXXX in an IRI. Cayley's reader
// leaves them as they are; rapper writes non-ASCII IRIs with them.
func unescapeUCHAR(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		n := 0
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
		}
		if n > 0 && i+2+n <= len(s) {
			if r, err := strconv.ParseUint(s[i+2:i+2+n], 16, 32); err == nil {
				b.WriteRune(rune(r))
				i += 1 + n
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestRoundTripNQuads(t *testing.T) {
	got := canonical(parseNQuads(t, render(t, NQuads, fixture())), true)
	if diff := cmp.Diff(canonical(fixture(), true), got); diff != "" {
		t.Errorf("N-Quads read back differ (-want +got):\n%s", diff)
	}
}

func TestRoundTripNTriples(t *testing.T) {
	out := render(t, NTriples, fixture())
	parsed := parseNQuads(t, out)
	want := canonical(fixture(), false)
	if len(parsed) != len(want) {
		t.Errorf("N-Triples has %d triples, want %d distinct", len(parsed), len(want))
	}
	if diff := cmp.Diff(want, canonical(parsed, false)); diff != "" {
		t.Errorf("N-Triples read back differ (-want +got):\n%s", diff)
	}
}

// TestJSONLDToRDF reads the JSON-LD back with json-gold, an independent
// JSON-LD 1.1 processor, and compares the dataset with the input.
func TestJSONLDToRDF(t *testing.T) {
	out := render(t, JSONLD, fixture())
	doc, err := ld.DocumentFromReader(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	res, err := ld.NewJsonLdProcessor().ToRDF(doc, ld.NewJsonLdOptions(""))
	if err != nil {
		t.Fatalf("ToRDF: %v", err)
	}
	ds := res.(*ld.RDFDataset)
	conv := func(n ld.Node) quad.Value {
		switch n := n.(type) {
		case ld.IRI:
			return quad.IRI(n.Value)
		case ld.BlankNode:
			return quad.BNode(strings.TrimPrefix(n.Attribute, "_:"))
		case ld.Literal:
			switch {
			case n.Language != "":
				return quad.LangString{Value: quad.String(n.Value), Lang: n.Language}
			case n.Datatype == xsdString:
				return quad.String(n.Value)
			default:
				return quad.TypedString{Value: quad.String(n.Value), Type: quad.IRI(n.Datatype)}
			}
		}
		t.Fatalf("unexpected node %#v", n)
		return nil
	}
	var got []quad.Quad
	for name, qs := range ds.Graphs {
		for _, q := range qs {
			c := quad.Quad{Subject: conv(q.Subject), Predicate: conv(q.Predicate), Object: conv(q.Object)}
			if name != "@default" {
				c.Label = conv(q.Graph)
			}
			got = append(got, c)
		}
	}
	if diff := cmp.Diff(canonical(fixture(), true), canonical(got, true)); diff != "" {
		t.Errorf("JSON-LD read back by json-gold differs (-want +got):\n%s", diff)
	}
}

// TestJSONLDCanonical checks that the JSON-LD is valid JSON laid out
// exactly as encoding/json would lay out the same value: sorted keys, two
// space indent.
func TestJSONLDCanonical(t *testing.T) {
	out := render(t, JSONLD, fixture())
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(buf.String(), string(out)); diff != "" {
		t.Errorf("JSON-LD layout differs from encoding/json's (-json +ours):\n%s", diff)
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", "\"\\\b\f\n\r\t\x00\x1f\x7f", "<&>", "ü中😀\u2028\u2029", "bad\xff\xfe"} {
		want, _ := json.Marshal(s)
		want = bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<"))
		want = bytes.ReplaceAll(want, []byte(`\u003e`), []byte(">"))
		want = bytes.ReplaceAll(want, []byte(`\u0026`), []byte("&"))
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestGraphMLContent decodes the GraphML with encoding/xml and checks the
// graph survived: node and edge counts, escaped values, edge weights.
func TestGraphMLContent(t *testing.T) {
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			Nodes []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key string `xml:"key,attr"`
					Val string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key string `xml:"key,attr"`
					Val string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal(render(t, GraphML, fixture()), &doc); err != nil {
		t.Fatalf("GraphML is not XML: %v", err)
	}
	keyName := map[string]string{}
	for _, k := range doc.Keys {
		keyName[k.ID] = k.Name
	}
	nodes := map[string]map[string]string{} // iri -> attr name -> value
	byID := map[string]string{}
	for _, n := range doc.Graph.Nodes {
		attrs := map[string]string{}
		for _, d := range n.Data {
			attrs[keyName[d.Key]] = d.Val
		}
		nodes[attrs["iri"]] = attrs
		byID[n.ID] = attrs["iri"]
	}
	if got, want := len(doc.Graph.Nodes), 18; got != want {
		t.Errorf("%d nodes, want %d", got, want)
	}
	if got, want := len(doc.Graph.Edges), 29; got != want {
		t.Errorf("%d edges, want %d", got, want)
	}
	a := nodes[string(docA)]
	wantDateline := strings.ReplaceAll(nastyDateline, "\x01", "\uFFFD") // XML 1.0 cannot carry U+0001
	tests := []struct{ name, got, want string }{
		{"headline label", a["label"], nastyHeadline},
		{"dateline", a["schema:dateline"], wantDateline},
		{"type", a["type"], "Entity, NewsArticle"},
		{"multi-valued type", nodes[string(ai)]["type"], "Concept, Topic"},
		{"prefLabel label", nodes[string(ai)]["label"], "artificial intelligence"},
		{"local name label", nodes[string(vocab.Kind(vocab.KindMeeting))]["label"], "meeting"},
		{"blank node", nodes["_:b1"]["label"], "an unnamed venue"},
		{"percent-encoded iri", nodes[string(nastyIRIFixed)]["iri"], string(nastyIRIFixed)},
		{"integer", nodes[string(agree)]["ng:count"], "15"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	weights := map[string]string{}
	for _, e := range doc.Graph.Edges {
		attrs := map[string]string{}
		for _, d := range e.Data {
			attrs[keyName[d.Key]] = d.Val
		}
		weights[byID[e.Source]+" "+attrs["label"]+" "+byID[e.Target]] = attrs["weight"]
	}
	if w := weights[string(docA)+" schema:mentions "+string(xi)]; w != "1" {
		t.Errorf("mentions weight = %q, want 1", w)
	}
	if w := weights[string(xi)+" ng:raised "+string(ai)]; w != "1" {
		t.Errorf("raised weight = %q, want 1", w)
	}
}

// TestEdgeWeight checks that a triple stated by two graphs is one edge of
// weight 2.
func TestEdgeWeight(t *testing.T) {
	qs := []quad.Quad{
		{Subject: xi, Predicate: vocab.Nationality, Object: cn, Label: docA},
		{Subject: xi, Predicate: vocab.Nationality, Object: cn, Label: docB},
	}
	out := string(render(t, GraphML, qs))
	if strings.Count(out, "<edge ") != 1 || !strings.Contains(out, `<data key="weight">2</data>`) {
		t.Errorf("want one edge of weight 2, got:\n%s", out)
	}
}
