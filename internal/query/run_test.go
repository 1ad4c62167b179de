package query

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cayleygraph/cayley/graph/memstore"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/queries"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenRuns lists the runs of each saved query whose output is kept in
// testdata/golden/QUERY.txt. Every saved query must have at least one.
var goldenRuns = map[string][]map[string]string{
	"agreements": {
		{},
		{"country": "ROK"},
		{"country": "Xinhua"},
	},
	"documents": {
		{"name": "ROK"},
		{"name": "artificial intelligence"},
		{"name": "Gyeongju"},
	},
	"meetings": {
		{},
		{"who": "Lee Jae Myung"},
		{"who": "China", "kind": "any"},
		{"who": "Xi", "kind": "signing"},
	},
	"meetings-between": {
		{"a": "Lee Jae Myung", "b": "China"},
		{"a": "ROK", "b": "Xi Jinping", "kind": "any"},
		{"a": "Xi Jinping", "b": "Xinhua"},
	},
	"person": {
		{"name": "Xi Jinping"},
		{"name": "lee jae-MYUNG"},
	},
	"relations": {
		{"country": "China"},
		{"country": "Republic of Korea"},
	},
	"timeline": {
		{},
		{"who": "S. Korea"},
	},
	"topics": {
		{},
		{"who": "Xi"},
		{"who": "South Korea"},
	},
}

// TestSavedQueries runs every saved query on the fixture, in a memstore
// and in a kv store, and compares the table output with the golden file
// (go test -update rewrites them).
func TestSavedQueries(t *testing.T) {
	saved, err := Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range embeddedStores(t) {
		for _, q := range saved {
			t.Run(st.name+"/"+q.Name, func(t *testing.T) {
				runs := goldenRuns[q.Name]
				if len(runs) == 0 {
					t.Fatalf("no golden runs for saved query %q: add some to goldenRuns", q.Name)
				}
				out := goldenOutput(t, q, st.v)
				golden := filepath.Join("testdata", "golden", q.Name+".txt")
				if *update && st.name == "memstore" {
					if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), out.String()); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
				}
			})
		}
	}
}

// namedViewer is a store the query tests run on.
type namedViewer struct {
	name string
	v    Viewer
}

// embeddedStores holds the seed fixture in memstore, in a raw leveldb
// store and in newsgraph's store, new and after deletes.
func embeddedStores(t *testing.T) []namedViewer {
	return []namedViewer{
		{"memstore", fixture(t)},
		{"leveldb", fixtureKV(t)},
		{"newsgraph", fixtureNewsgraph(t, false)},
		{"newsgraph after deletes", fixtureNewsgraph(t, true)},
	}
}

// goldenOutput runs q with each of its goldenRuns on v and returns what
// the golden file holds: each command line and its table.
func goldenOutput(t *testing.T, q *Query, v Viewer) *bytes.Buffer {
	t.Helper()
	var out bytes.Buffer
	for _, params := range goldenRuns[q.Name] {
		fmt.Fprintf(&out, "$ newsgraph query %s%s\n", q.Name, flags(params))
		res, err := q.Run(t.Context(), v, params)
		if err != nil {
			t.Fatalf("run %v: %v", params, err)
		}
		if err := res.Write(&out, "table"); err != nil {
			t.Fatal(err)
		}
		out.WriteString("\n")
	}
	return &out
}

func flags(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " --param %s=%q", k, params[k])
	}
	return b.String()
}

func mustFind(t *testing.T, name string) *Query {
	t.Helper()
	q, err := Find(queries.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestRunParamErrors(t *testing.T) {
	typed, err := Parse("typed.gizmo", []byte(`// name: typed
// description: Parameters of every kind.
// param: n int optional  A number
// param: d date optional  A date
// columns: n, d
g.emit({n: params.n, d: params.d});
`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		query  *Query
		params map[string]string
		want   string
		entity bool // also ErrNoEntity
	}{
		{"missing", mustFind(t, "meetings-between"), map[string]string{"a": "ROK"},
			`query meetings-between: missing parameter "b" (the other person or country)`, false},
		{"blank counts as missing", mustFind(t, "person"), map[string]string{"name": "  "},
			`query person: missing parameter "name" (the person, by any name ("Lee Jae Myung"))`, false},
		{"unknown parameter", mustFind(t, "meetings"), map[string]string{"person": "Xi"},
			`query meetings: unknown parameter "person" (it takes "who", "kind", "limit")`, false},
		{"unknown parameter of a query without any", &Query{Name: "none", Columns: []string{"x"}}, map[string]string{"x": "1"},
			`query none: unknown parameter "x" (it takes none)`, false},
		{"unknown entity", mustFind(t, "meetings-between"), map[string]string{"a": "ROK", "b": "Foo"},
			`query meetings-between: parameter "b": no person, country, organization, place or topic named "Foo"`, true},
		{"entity of punctuation only", mustFind(t, "documents"), map[string]string{"name": "--"},
			`query documents: parameter "name": no person, country, organization, place or topic named "--"`, true},
		{"unknown IRI", mustFind(t, "documents"), map[string]string{"name": "<https://example.org/x>"},
			`query documents: parameter "name": no person, country, organization, place or topic named "<https://example.org/x>"`, true},
		{"bad kind from the program", mustFind(t, "meetings"), map[string]string{"kind": "summit"},
			`query meetings: parameter "kind": unknown event kind "summit" (want meeting, visit, ceremony, banquet, signing, conference, call, other or any)`, false},
		{"malformed int", typed, map[string]string{"n": "12x"},
			`query typed: parameter "n": "12x" is not an integer`, false},
		{"malformed date", typed, map[string]string{"d": "2025-13-01"},
			`query typed: parameter "d": "2025-13-01" is not a date (want YYYY-MM-DD)`, false},
	}
	v := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.query.Run(t.Context(), v, tt.params)
			if err == nil {
				t.Fatalf("Run succeeded, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error = %q\nwant    %q", err, tt.want)
			}
			if !errors.Is(err, ErrParam) {
				t.Errorf("error does not match ErrParam")
			}
			if errors.Is(err, ErrNoEntity) != tt.entity {
				t.Errorf("errors.Is(err, ErrNoEntity) = %v, want %v", !tt.entity, tt.entity)
			}
		})
	}
	res, err := typed.Run(t.Context(), v, map[string]string{"n": "-42", "d": "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]string{{"-42", "2026-01-05"}}, res.Rows); diff != "" {
		t.Errorf("typed values (-want +got):\n%s", diff)
	}
}

// Any alias of an entity, in any case, accents or punctuation, names the
// same nodes and so gives the same rows.
func TestAliases(t *testing.T) {
	tests := []struct {
		query, param string
		names        []string
	}{
		{"meetings", "who", []string{"South Korea", "ROK", "Republic of Korea", "S. Korea", "south korea", "<" + string(vocab.CountryIRI("KR")) + ">", string(vocab.CountryIRI("KR"))}},
		{"meetings", "who", []string{"Lee Jae-myung", "Lee Jae Myung", "LEE JAE-MYUNG", "Lée Jae‐myung", "Lee"}},
		{"documents", "name", []string{"China", "PRC", "People's Republic of China", "the People’s Republic of China"}},
		{"topics", "who", []string{"Xi Jinping", "Xi", "xi-jinping"}},
	}
	v := fixture(t)
	for _, tt := range tests {
		t.Run(tt.names[0], func(t *testing.T) {
			q := mustFind(t, tt.query)
			first, err := q.Run(t.Context(), v, map[string]string{tt.param: tt.names[0]})
			if err != nil {
				t.Fatal(err)
			}
			if len(first.Rows) == 0 {
				t.Fatalf("%s %s=%q: no rows", tt.query, tt.param, tt.names[0])
			}
			for _, name := range tt.names[1:] {
				res, err := q.Run(t.Context(), v, map[string]string{tt.param: name})
				if err != nil {
					t.Fatalf("%q: %v", name, err)
				}
				if diff := cmp.Diff(first, res); diff != "" {
					t.Errorf("%q differs from %q (-%[2]s +%[1]s):\n%s", name, tt.names[0], diff)
				}
			}
		})
	}
}

// Two nodes sharing a key (two people called "Lee") are both used.
func TestLookupSeveral(t *testing.T) {
	quads := readQuads(t, "testdata/seeds.nq")
	other := vocab.PersonIRI("Lee Hae-chan")
	g := vocab.DocumentIRI("extra")
	quads = append(quads,
		quad.Make(other, vocab.Type, vocab.Person, g),
		quad.Make(other, vocab.Name, vocab.Label("Lee Hae-chan"), g),
		quad.Make(other, vocab.KeyProp, quad.String("lee"), g),
		quad.Make(other, vocab.JobTitle, vocab.Label("Prime Minister"), g),
	)
	qs := memstore.New(quads...)
	got, err := Lookup(t.Context(), qs, "LEE")
	if err != nil {
		t.Fatal(err)
	}
	want := []quad.IRI{vocab.PersonIRI("Lee Hae-chan"), vocab.PersonIRI("Lee Jae-myung")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lookup(LEE) (-want +got):\n%s", diff)
	}
	res, err := mustFind(t, "person").Run(t.Context(), memViewer{qs}, map[string]string{"name": "Lee"})
	if err != nil {
		t.Fatal(err)
	}
	people := map[string]bool{}
	for _, row := range res.Rows {
		people[row[0]] = true
	}
	if !people["Lee Hae-chan"] || !people["Lee Jae-myung"] {
		t.Errorf("person name=Lee covers %v, want both Lees", people)
	}
}

// Output does not depend on the order quads were loaded in.
func TestStableOrder(t *testing.T) {
	quads := readQuads(t, "testdata/seeds.nq")
	saved, err := Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	output := func(quads []quad.Quad) string {
		v := memViewer{memstore.New(quads...)}
		var b bytes.Buffer
		for _, q := range saved {
			for _, params := range goldenRuns[q.Name] {
				res, err := q.Run(t.Context(), v, params)
				if err != nil {
					t.Fatalf("%s: %v", q.Name, err)
				}
				res.Write(&b, "csv")
			}
		}
		return b.String()
	}
	want := output(quads)
	rng := rand.New(rand.NewSource(1))
	for i := range 3 {
		shuffled := append([]quad.Quad(nil), quads...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if diff := cmp.Diff(want, output(shuffled)); diff != "" {
			t.Fatalf("shuffle %d changed the output (-want +got):\n%s", i, diff)
		}
	}
}

func TestRuntimeErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"reference error", "var x = 1;\nnope();\n",
			"query broken: broken.gizmo:5: ReferenceError: nope is not defined"},
		{"syntax error", "g.emit({a: );\n",
			"query broken: broken.gizmo:4: SyntaxError: Unexpected token )"},
		{"thrown error", "throw new Error(\"boom\");\n",
			"query broken: broken.gizmo:4: Error: boom"},
		{"cayley error", "g.V().toArray(1, 2);\n",
			"query broken: expected 1 argument, got 2"},
		{"emit non-object", "g.emit(\"row\");\n",
			"query broken: emitted string, want an object with keys a"},
		{"emit nested object", "g.emit({a: {b: 1}});\n",
			`query broken: column "a": cannot print a map[string]interface {} (emit strings, numbers, nodes or arrays of them)`},
		{"emit nested array", "g.emit({a: [[1]]});\n",
			`query broken: column "a": nested array`},
		{"unknown prefix", "term(\"foo:bar\");\n",
			`query broken: broken.gizmo:4: Error: term("foo:bar"): unknown prefix`},
	}
	v := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse("broken.gizmo", []byte("// name: broken\n// description: d\n// columns: a\n"+tt.body))
			if err != nil {
				t.Fatal(err)
			}
			_, err = q.Run(t.Context(), v, nil)
			if err == nil {
				t.Fatal("Run succeeded")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error = %q\nwant prefix %q", err, tt.want)
			}
			if !errors.Is(err, ErrRuntime) || errors.Is(err, ErrParam) {
				t.Errorf("error %q: want ErrRuntime only", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q is not one line", err)
			}
		})
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := mustFind(t, "timeline").Run(ctx, fixture(t), nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Run with a cancelled context: %v, want context.Canceled", err)
	}
	q, err := Parse("loop.gizmo", []byte("// name: loop\n// description: d\n// columns: a\nwhile (true) { g.V().toArray(); }\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel = context.WithCancel(t.Context())
	go cancel()
	if _, err := q.Run(ctx, fixture(t), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("endless query cancelled: %v, want context.Canceled", err)
	}
}

// Rendering: IRIs become display names, dates YYYY-MM-DD, arrays sorted
// and joined, numbers without exponent; values the program builds itself
// pass through.
func TestRender(t *testing.T) {
	q, err := Parse("render.gizmo", []byte(`// name: render
// description: d
// columns: iri, kind, doc, date, count, list, num, text, nothing, raw, tags
var xi = V(params.xi);
var t = xi.save(term("schema:nationality"), "n").tagArray()[0];
g.emit({
  iri: t.id, kind: term("ngid:kind/meeting"), doc: "<https://w3id.org/newsgraph/id/doc/a%2Fb.txt>",
  date: g.V(term("ngid:event/meeting/2025-11-01/lee-jae-myung+xi-jinping")).out(term("schema:startDate")).toArray()[0],
  count: g.V(term("ngid:agreement/cn+kr/2026-01-05/cooperation-agreements")).out(term("ng:count")).toArray()[0],
  list: ["b", t.n, "a", "b", null, ""], num: 2.5, text: "plain text", nothing: undefined,
  raw: "https://w3id.org/newsgraph/id/person/xi-jinping", tags: g.IRI("schema:Person")
});
`))
	if err != nil {
		t.Fatal(err)
	}
	q.Params = []Param{{Name: "xi", Kind: Entity, Required: true, Description: "d"}}
	res, err := q.Run(t.Context(), fixture(t), map[string]string{"xi": "Xi"})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Xi Jinping", "meeting", "a/b.txt", "2025-11-01", "15", "a; b; China", "2.5", "plain text", "",
		"https://w3id.org/newsgraph/id/person/xi-jinping", "http://schema.org/Person"}}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("rendered row (-want +got):\n%s", diff)
	}
}

// Rows of .all() (tag maps) are rendered like emitted objects.
func TestRunTags(t *testing.T) {
	q, err := Parse("tags.gizmo", []byte(`// name: tags
// description: d
// columns: id, country
g.V(term("ngid:person/xi-jinping"), term("ngid:person/lee-jae-myung")).save(term("schema:nationality"), "country").all();
`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Run(t.Context(), fixture(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Lee Jae-myung", "South Korea"}, {"Xi Jinping", "China"}}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// Every name in the fixture has its ng:key (keys may also come from
// gazetteer aliases that the document does not use, such as "Peking"):
// a regenerated fixture must keep this.
func TestFixtureKeys(t *testing.T) {
	names := map[quad.Value]map[string]bool{}
	keys := map[quad.Value]map[string]bool{}
	add := func(m map[quad.Value]map[string]bool, n quad.Value, s string) {
		if m[n] == nil {
			m[n] = map[string]bool{}
		}
		m[n][s] = true
	}
	for _, q := range readQuads(t, "testdata/seeds.nq") {
		switch q.Predicate {
		case vocab.Name, vocab.AlternateName, vocab.PrefLabel, vocab.AltLabel:
			add(names, q.Subject, vocab.Key(text(q.Object)))
		case vocab.KeyProp:
			add(keys, q.Subject, text(q.Object))
		}
	}
	for node, ns := range names {
		if iri := string(node.(quad.IRI)); strings.Contains(iri, "/event/") || strings.Contains(iri, "/agreement/") || strings.Contains(iri, "/extractor/") {
			continue // events and agreements are not looked up by name
		}
		for n := range ns {
			if !keys[node][n] {
				t.Errorf("%s: name key %q has no ng:key", node, n)
			}
		}
	}
}

// text is the text of a literal without its language tag.
func text(v quad.Value) string {
	if l, ok := v.(quad.LangString); ok {
		return string(l.Value)
	}
	return quad.ToString(v)
}

// A country takes part in an event through its nationals even when the
// event does not name it (no ng:involves).
func TestCountryThroughNationals(t *testing.T) {
	g := vocab.DocumentIRI("extra")
	ru, putin := vocab.CountryIRI("RU"), vocab.PersonIRI("Vladimir Putin")
	ev := vocab.EventIRI(vocab.KindMeeting, "2025-09-02", []string{"Xi Jinping", "Vladimir Putin"})
	quads := append(readQuads(t, "testdata/seeds.nq"),
		quad.Make(ru, vocab.Type, vocab.Country, g),
		quad.Make(ru, vocab.Name, vocab.Label("Russia"), g),
		quad.Make(ru, vocab.KeyProp, quad.String("russia"), g),
		quad.Make(putin, vocab.Type, vocab.Person, g),
		quad.Make(putin, vocab.Name, vocab.Label("Vladimir Putin"), g),
		quad.Make(putin, vocab.KeyProp, quad.String("vladimir putin"), g),
		quad.Make(putin, vocab.Nationality, ru, g),
		quad.Make(ev, vocab.Type, vocab.Event, g),
		quad.Make(ev, vocab.EventType, vocab.Kind(vocab.KindMeeting), g),
		quad.Make(ev, vocab.StartDate, vocab.Date("2025-09-02"), g),
		quad.Make(ev, vocab.Attendee, putin, g),
		quad.Make(ev, vocab.Attendee, vocab.PersonIRI("Xi Jinping"), g),
		quad.Make(ev, vocab.WasDerivedFrom, g, g),
	)
	v := memViewer{memstore.New(quads...)}
	tests := []struct {
		query  string
		params map[string]string
		want   [][]string
	}{
		{"meetings-between", map[string]string{"a": "China", "b": "Russia"},
			[][]string{{"2025-09-02", "meeting", "", "Vladimir Putin; Xi Jinping", "", "extra"}}},
		{"meetings", map[string]string{"who": "Russia"},
			[][]string{{"2025-09-02", "meeting", "", "Vladimir Putin; Xi Jinping", "", "extra"}}},
		{"relations", map[string]string{"country": "China"},
			[][]string{{"South Korea", "2", "8", "3"}, {"Russia", "1", "1", "0"}}},
		{"relations", map[string]string{"country": "Russia"},
			[][]string{{"China", "1", "1", "0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.query+flags(tt.params), func(t *testing.T) {
			res, err := mustFind(t, tt.query).Run(t.Context(), v, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, res.Rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}
