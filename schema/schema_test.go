package schema

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// isoCodes are the ISO 3166-1 alpha-2 codes in use (from world-countries
// 5.1.0, which includes XK for Kosovo) plus the withdrawn codes of the
// historical states news from 1987 on still names.
const isoCodes = `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
SU DD YU CS YD AN`

func TestLoaders(t *testing.T) {
	tests := []struct {
		name string
		load func() (int, error)
		min  int
	}{
		{"countries", func() (int, error) { v, err := Countries(); return len(v), err }, 250},
		{"places", func() (int, error) { v, err := Places(); return len(v), err }, 2000},
		{"organizations", func() (int, error) { v, err := Organizations(); return len(v), err }, 300},
		{"people", func() (int, error) { v, err := People(); return len(v), err }, 400},
		{"titles", func() (int, error) { v, err := Titles(); return len(v), err }, 60},
		{"portfolios", func() (int, error) { v, err := Portfolios(); return len(v), err }, 30},
		{"topics", func() (int, error) { v, err := Topics(); return len(v), err }, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := tt.load()
			if err != nil {
				t.Fatal(err)
			}
			if n < tt.min {
				t.Errorf("%d entries, want at least %d", n, tt.min)
			}
		})
	}
}

func TestCountryCodesAreISO(t *testing.T) {
	valid := map[string]bool{}
	for _, c := range strings.Fields(isoCodes) {
		valid[c] = true
	}
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if !valid[c.Code] {
			t.Errorf("%s (%s) is not an ISO 3166-1 alpha-2 code", c.Code, c.Name)
		}
	}
}

// TestKnownForms checks forms the extractors rely on: journalists' names,
// abbreviations with and without dots, demonyms and metonymic capitals.
func TestKnownForms(t *testing.T) {
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]string{}
	for _, c := range cs {
		for _, l := range [][]string{{c.Name}, c.Aliases, c.Adjectives, c.Capitals} {
			for _, n := range l {
				byKey[vocab.Key(n)] = c.Code
			}
		}
	}
	tests := []struct{ form, want string }{
		{"South Korea", "KR"}, {"Republic of Korea", "KR"}, {"ROK", "KR"}, {"S. Korea", "KR"},
		{"South Korean", "KR"}, {"Seoul", "KR"}, {"DPRK", "KP"},
		{"U.S.", "US"}, {"US", "US"}, {"USA", "US"}, {"U.S.A.", "US"}, {"American", "US"}, {"Washington", "US"},
		{"UK", "GB"}, {"U.K.", "GB"}, {"United Kingdom", "GB"}, {"British", "GB"},
		{"PRC", "CN"}, {"People's Republic of China", "CN"}, {"Sino", "CN"}, {"Chinese", "CN"},
		{"USSR", "SU"}, {"U.S.S.R.", "SU"}, {"Soviet", "SU"},
		{"UAE", "AE"}, {"U.A.E.", "AE"}, {"Viet Nam", "VN"}, {"Burma", "MM"}, {"Holland", "NL"},
		{"Côte d'Ivoire", "CI"}, {"Ivory Coast", "CI"}, {"Turkiye", "TR"}, {"Türkiye", "TR"},
		{"Saudi", "SA"}, {"Filipino", "PH"}, {"Philippine", "PH"}, {"Israeli", "IL"}, {"Palestinian", "PS"},
		{"East Germany", "DD"}, {"Yugoslavia", "YU"}, {"Czechoslovakia", "CS"}, {"Holy See", "VA"},
		{"Kosovo", "XK"}, {"Taiwan", "TW"}, {"Kiev", "UA"}, {"Kyiv", "UA"},
	}
	for _, tt := range tests {
		t.Run(tt.form, func(t *testing.T) {
			if got := byKey[vocab.Key(tt.form)]; got != tt.want {
				t.Errorf("%q -> %q, want %q", tt.form, got, tt.want)
			}
		})
	}
	for _, amb := range []string{"Korea", "Korean", "Anglo", "Franco", "Indo"} {
		if c, ok := byKey[vocab.Key(amb)]; ok {
			t.Errorf("ambiguous form %q is listed for %s", amb, c)
		}
	}
}

// stopNames are words no place, person or organization name may be: common
// English words and frequent given names that a gazetteer match would turn
// into false entities. The list samples the rule in SOURCES.md; the data
// must pass it whole.
var stopNames = []string{
	"nice", "mobile", "reading", "bath", "split", "of", "male", "victoria", "lincoln", "jackson",
	"florence", "austin", "charlotte", "chandler", "irving", "garland", "aurora", "independence",
	"paradise", "enterprise", "orange", "surprise", "concord", "hope", "union", "liberty", "march",
	"may", "june", "august", "president", "minister", "general", "state", "sale", "deal",
	"temple", "university", "college", "post", "hamilton", "mary", "george", "will", "bill", "says",
	"said", "the", "talks", "summit", "peace", "justice", "security", "trade", "foreign", "party",
	"best", "worst", "gary", "eugene", "troy", "normal", "mission", "sandy", "norman",
}

func TestNoStopNames(t *testing.T) {
	stop := map[string]bool{}
	for _, s := range stopNames {
		stop[s] = true
	}
	check := func(file string, names ...[]string) {
		for _, l := range names {
			for _, n := range l {
				if stop[vocab.Key(n)] {
					t.Errorf("%s: stop word %q used as a name", file, n)
				}
			}
		}
	}
	ps, err := Places()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		check(PlacesPath, []string{p.Name}, p.Aliases)
	}
	orgs, err := Organizations()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		check(OrganizationsPath, []string{o.Name}, o.Aliases)
	}
	pp, err := People()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pp {
		check(PeoplePath, []string{p.Name}, p.Aliases)
	}
}

// TestPlacesAreNotCountries checks that no place is named like a country,
// so "Singapore" and "Djibouti" resolve to the country only.
func TestPlacesAreNotCountries(t *testing.T) {
	cs, err := Countries()
	if err != nil {
		t.Fatal(err)
	}
	country := map[string]string{}
	for _, c := range cs {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			country[vocab.Key(n)] = c.Code
		}
	}
	ps, err := Places()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if c, ok := country[vocab.Key(n)]; ok {
				t.Errorf("place %q (%s) has the name %q of country %s", p.Name, p.Kind, n, c)
			}
		}
	}
}

// TestGovernmentSeats checks that every government-seat organization is
// also a landmark place, so the extractor can choose by context.
func TestGovernmentSeats(t *testing.T) {
	ps, err := Places()
	if err != nil {
		t.Fatal(err)
	}
	landmark := map[string]bool{}
	for _, p := range ps {
		if p.Kind == PlaceLandmark {
			landmark[vocab.Key(p.Name)] = true
		}
	}
	os, err := Organizations()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range os {
		if o.Kind != OrgGovernmentSeat {
			continue
		}
		n++
		if !landmark[vocab.Key(o.Name)] {
			t.Errorf("government seat %q is not a landmark in %s", o.Name, PlacesPath)
		}
	}
	if n == 0 {
		t.Error("no government seats")
	}
}

func TestGenericTopicsAreSingleWords(t *testing.T) {
	ts, err := Topics()
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range ts {
		if tp.Generic && strings.Contains(vocab.Key(tp.Name), " ") {
			t.Errorf("generic topic %q is not a single word", tp.Name)
		}
	}
}

// topicTable parses a topics.tsv text, for tests of the hierarchy checks.
func topicTable(in string) (*table, error) {
	return parseTSV(TopicsPath, []byte(in), []string{"name", "aliases", "generic", "broader"})
}

func TestParseTopics(t *testing.T) {
	const header = "name\taliases\tgeneric\tbroader\n"
	tests := []struct {
		name    string
		in      string
		want    []Topic
		wantErr string
	}{
		{
			name: "tree",
			in: header + "Brexit\tBritish exit\t\tEuropean integration\n" +
				"European integration\t\t\tdiplomacy\n" +
				"diplomacy\tdiplomatic affairs\t1\t\n",
			want: []Topic{
				{Name: "Brexit", Aliases: []string{"British exit"}, Broader: "European integration"},
				{Name: "European integration", Broader: "diplomacy"},
				{Name: "diplomacy", Aliases: []string{"diplomatic affairs"}, Generic: true},
			},
		},
		{
			name: "deepest allowed",
			in:   header + "a\t\t\tb\nb\t\t\tc\nc\t\t\td\nd\t\t\t\n",
			want: []Topic{{Name: "a", Broader: "b"}, {Name: "b", Broader: "c"}, {Name: "c", Broader: "d"}, {Name: "d"}},
		},
		{name: "unknown broader", in: header + "a\t\t\tb\n", wantErr: `:2: broader topic "b" is not a name`},
		{name: "broader is an alias", in: header + "a\t\t\tbee\nb\tbee\t\t\n", wantErr: `:2: broader topic "bee" is not a name`},
		{name: "own broader", in: header + "a\t\t\ta\n", wantErr: `:2: topic "a" is its own broader topic`},
		{name: "two-cycle", in: header + "a\t\t\tb\nb\t\t\ta\n", wantErr: ":2: broader topics form a cycle: a > b > a"},
		{name: "cycle above", in: header + "a\t\t\tb\nb\t\t\tc\nc\t\t\tb\n", wantErr: ":2: broader topics form a cycle: a > b > c > b"},
		{name: "too deep", in: header + "a\t\t\tb\nb\t\t\tc\nc\t\t\td\nd\t\t\te\ne\t\t\t\n", wantErr: `:2: topic "a" is 4 steps below its top concept, more than 3: a > b > c > d > e`},
		{name: "generic value", in: header + "a\t\tyes\t\n", wantErr: `:2: generic is "yes"`},
		{name: "old header", in: "name\taliases\tgeneric\na\t\t\n", wantErr: ":1: header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := topicTable(tt.in)
			var got []Topic
			if err == nil {
				got, err = parseTopics(tab)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrFormat) {
					t.Fatalf("err = %v, want ErrFormat containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("topics (-want +got):\n%s", d)
			}
		})
	}
}

// TestTopicScheme checks the shape of the topic hierarchy in the data: a
// handful of top concepts, each with narrower topics, and the broad fields
// under the top concepts one expects.
func TestTopicScheme(t *testing.T) {
	ts, err := Topics()
	if err != nil {
		t.Fatal(err)
	}
	broader := map[string]string{}
	narrower := map[string]int{}
	var tops []string
	for _, tp := range ts {
		broader[tp.Name] = tp.Broader
		if tp.Broader == "" {
			tops = append(tops, tp.Name)
		}
		narrower[tp.Broader]++
	}
	if len(tops) < 12 || len(tops) > 25 {
		t.Errorf("%d top concepts, want 12 to 25: %q", len(tops), tops)
	}
	for _, top := range tops {
		if narrower[top] == 0 {
			t.Errorf("top concept %q has no narrower topics", top)
		}
	}
	top := func(n string) string {
		for broader[n] != "" {
			n = broader[n]
		}
		return n
	}
	tests := []struct{ topic, top string }{
		{"Brexit divorce bill", "diplomacy"},
		{"tariffs", "trade"},
		{"nuclear deal", "arms control"},
		{"denuclearization", "arms control"},
		{"Gaza conflict", "armed conflict"},
		{"counterterrorism", "security"},
		{"finance", "economy"},
		{"carbon tax", "environment"},
		{"COVID-19", "health"},
		{"artificial intelligence", "science and technology"},
		{"press freedom", "human rights"},
		{"asylum", "migration"},
		{"law of the sea", "justice"},
		{"wheat", "agriculture"},
		{"natural gas", "energy"},
		{"railways", "infrastructure"},
		{"education", "culture"},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			if _, ok := broader[tt.topic]; !ok {
				t.Fatalf("%q is not a topic", tt.topic)
			}
			if got := top(tt.topic); got != tt.top {
				t.Errorf("top concept of %q is %q, want %q", tt.topic, got, tt.top)
			}
		})
	}
}

func FuzzTopics(f *testing.F) {
	b, err := FS.ReadFile(TopicsPath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[:min(len(b), 3000)])
	f.Add([]byte("name\taliases\tgeneric\tbroader\na\t\t\tb\nb\t\t\ta\n"))
	f.Add([]byte("name\taliases\tgeneric\tbroader\na\tx\t1\t\nb\t\t\ta\nc\t\t\tb\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := parseTSV("fuzz.tsv", data, []string{"name", "aliases", "generic", "broader"})
		if err != nil {
			return
		}
		ts, err := parseTopics(tab)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		broader := map[string]string{}
		for _, tp := range ts {
			broader[tp.Name] = tp.Broader
		}
		for _, tp := range ts {
			n, steps := tp.Name, 0
			for broader[n] != "" {
				if _, ok := broader[broader[n]]; !ok {
					t.Fatalf("%q: broader %q is no topic", n, broader[n])
				}
				n = broader[n]
				if steps++; steps > MaxTopicDepth {
					t.Fatalf("%q is more than %d steps deep", tp.Name, MaxTopicDepth)
				}
			}
		}
	})
}

func TestParseTSV(t *testing.T) {
	header := []string{"name", "aliases"}
	tests := []struct {
		name    string
		in      string
		want    [][]string
		wantErr string
	}{
		{name: "ok", in: "# c\nname\taliases\nA\tx|y\nB\t\n", want: [][]string{{"A", "x|y"}, {"B", ""}}},
		{name: "crlf and comments", in: "name\taliases\r\n# mid\r\nA\tb\r\n\r\n", want: [][]string{{"A", "b"}}},
		{name: "bom", in: "\uFEFFname\taliases\nA\t\n", want: [][]string{{"A", ""}}},
		{name: "no header", in: "# only\n", wantErr: "no header"},
		{name: "bad header", in: "name\talias\n", wantErr: ":1: header"},
		{name: "columns", in: "name\taliases\nA\n", wantErr: ":2: 1 columns"},
		{name: "unsorted", in: "name\taliases\nB\t\nA\t\n", wantErr: ":3: name \"A\" is out of order"},
		{name: "duplicate", in: "name\taliases\nA\t\nA\t\n", wantErr: ":3: duplicate"},
		{name: "empty value", in: "name\taliases\nA\tx||y\n", wantErr: "empty or space-padded"},
		{name: "padded", in: "name\taliases\nA \t\n", wantErr: "leading or trailing space"},
		{name: "empty first", in: "name\taliases\n\tx\n", wantErr: "empty name"},
		{name: "invalid utf8", in: "name\taliases\nA\t\xff\n", wantErr: "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := parseTSV("f.tsv", []byte(tt.in), header)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrFormat) {
					t.Fatalf("err = %v, want ErrFormat containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got [][]string
			for _, r := range tab.rows {
				got = append(got, r.fields)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestDuplicateAliasRejected(t *testing.T) {
	tab, err := parseTSV("f.tsv", []byte("name\taliases\nA\tU.S.\nB\tthe U.S.\n"), []string{"name", "aliases"})
	if err != nil {
		t.Fatal(err)
	}
	ix := newNameIndex("f.tsv")
	var got error
	for _, r := range tab.rows {
		if err := ix.add(r, r.cell(0), r.cell(0), r.list(1)); err != nil {
			got = err
			break
		}
	}
	if got == nil || !errors.Is(got, ErrFormat) || !strings.Contains(got.Error(), "f.tsv:3:") {
		t.Fatalf("err = %v, want a line-3 ErrFormat", got)
	}
}

func FuzzTSV(f *testing.F) {
	for _, p := range []string{CountriesPath, TitlesPath, PortfoliosPath} {
		b, err := FS.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 2000)])
	}
	f.Add([]byte("name\taliases\nA\t|\n"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := parseTSV("fuzz.tsv", data, []string{"name", "aliases"})
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("error %v does not wrap ErrFormat", err)
			}
			return
		}
		prev := ""
		for i, r := range tab.rows {
			if len(r.fields) != 2 || r.cell(0) == "" {
				t.Fatalf("row %d: %q", i, r.fields)
			}
			if i > 0 && r.cell(0) <= prev {
				t.Fatalf("row %d not sorted: %q after %q", i, r.cell(0), prev)
			}
			prev = r.cell(0)
			for _, v := range r.list(1) {
				if v == "" {
					t.Fatalf("row %d: empty list value", i)
				}
			}
		}
	})
}

// ontologyTriples parses newsgraph.ttl with rapper. It skips the test when
// rapper is missing unless NEWSGRAPH_REQUIRE_TOOLS=1.
func ontologyTriples(t *testing.T) []quad.Quad {
	t.Helper()
	rapper, err := exec.LookPath("rapper")
	if err != nil {
		if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" {
			t.Fatal("rapper not on PATH (apt-get install raptor2-utils)")
		}
		t.Skip("rapper not on PATH; install raptor2-utils to check the ontology")
	}
	path := filepath.Join(t.TempDir(), "newsgraph.ttl")
	if err := os.WriteFile(path, Ontology(), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), rapper, "-q", "-i", "turtle", "-o", "ntriples", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rapper: %v: %s", err, stderr.String())
	}
	var qs []quad.Quad
	r := nquads.NewReader(bytes.NewReader(out), false)
	for {
		q, err := r.ReadQuad()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("read rapper output: %v", err)
		}
		qs = append(qs, q)
	}
	return qs
}

func TestOntology(t *testing.T) {
	qs := ontologyTriples(t)
	has := func(s, p quad.IRI, o quad.Value) bool {
		for _, q := range qs {
			if q.Subject == s && q.Predicate == p && (o == nil || q.Object == o) {
				return true
			}
		}
		return false
	}
	label := quad.IRI(vocab.RDFS + "label")
	comment := quad.IRI(vocab.RDFS + "comment")
	subClass := quad.IRI(vocab.RDFS + "subClassOf")
	domain := quad.IRI(vocab.RDFS + "domain")
	rng := quad.IRI(vocab.RDFS + "range")
	definition := quad.IRI(vocab.SKOS + "definition")

	terms := []struct {
		iri   quad.IRI
		props []quad.IRI
	}{
		{vocab.Topic, []quad.IRI{label, comment, subClass}},
		{vocab.Agreement, []quad.IRI{label, comment, subClass}},
		{vocab.EventType, []quad.IRI{label, comment, domain, rng}},
		{vocab.Involves, []quad.IRI{label, comment, domain, rng}},
		{vocab.Party, []quad.IRI{label, comment, domain, rng}},
		{vocab.Count, []quad.IRI{label, comment, domain, rng}},
		{vocab.Status, []quad.IRI{label, comment, domain, rng}},
		{vocab.Raised, []quad.IRI{label, comment, domain, rng}},
		{vocab.Evidence, []quad.IRI{label, comment, domain, rng}},
		{vocab.KeyProp, []quad.IRI{label, comment, rng}},
		{vocab.ContentHash, []quad.IRI{label, comment, domain, rng}},
		{vocab.TopicScheme, []quad.IRI{label, comment}},
		{vocab.EventKindScheme, []quad.IRI{label, comment}},
	}
	for _, tt := range terms {
		for _, p := range tt.props {
			if !has(tt.iri, p, nil) {
				t.Errorf("%s has no %s", tt.iri, p)
			}
		}
	}
	if !has(vocab.Topic, subClass, vocab.Concept) {
		t.Errorf("ng:Topic is not a subclass of skos:Concept")
	}
	for _, k := range vocab.Kinds {
		iri := vocab.Kind(k)
		for _, p := range []quad.IRI{vocab.PrefLabel, definition} {
			if !has(iri, p, nil) {
				t.Errorf("%s has no %s", iri, p)
			}
		}
		if !has(iri, vocab.InScheme, vocab.EventKindScheme) || !has(iri, vocab.Type, vocab.Concept) {
			t.Errorf("%s is not a skos:Concept in ng:EventKinds", iri)
		}
		if !has(iri, vocab.PrefLabel, vocab.Label(k)) {
			t.Errorf("%s prefLabel is not %q@en", iri, k)
		}
	}
	// Every ng: term the ontology defines is one vocab.go names, and the
	// other way round.
	defined := map[quad.IRI]bool{}
	for _, q := range qs {
		if s, ok := q.Subject.(quad.IRI); ok && strings.HasPrefix(string(s), vocab.NG) && string(s) != vocab.NG {
			defined[s] = true
		}
	}
	want := map[quad.IRI]bool{}
	for _, tt := range terms {
		want[tt.iri] = true
	}
	if d := cmp.Diff(want, defined); d != "" {
		t.Errorf("ng: terms defined (-vocab +ontology):\n%s", d)
	}
}

// TestTopConcepts checks that the ontology declares exactly the top
// concepts of topics.tsv (the entries without a broader topic) as the top
// concepts of ng:Topics, at the IRIs the extractor mints for them.
func TestTopConcepts(t *testing.T) {
	qs := ontologyTriples(t)
	ts, err := Topics()
	if err != nil {
		t.Fatal(err)
	}
	want := map[quad.IRI]string{}
	for _, tp := range ts {
		if tp.Broader == "" {
			want[vocab.TopicIRI(tp.Name)] = tp.Name
		}
	}
	hasTop := quad.IRI(vocab.SKOS + "hasTopConcept")
	topOf := quad.IRI(vocab.SKOS + "topConceptOf")
	got := map[quad.IRI]string{}
	facts := map[quad.IRI]map[string]bool{}
	for _, q := range qs {
		s, _ := q.Subject.(quad.IRI)
		if s == vocab.TopicScheme && q.Predicate == hasTop {
			iri, _ := q.Object.(quad.IRI)
			got[iri] = want[iri]
		}
		if facts[s] == nil {
			facts[s] = map[string]bool{}
		}
		facts[s][q.Predicate.String()+" "+q.Object.String()] = true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("top concepts (-topics.tsv +ontology):\n%s", d)
	}
	for iri, name := range want {
		for _, f := range []quad.Quad{
			{Predicate: vocab.Type, Object: vocab.Topic},
			{Predicate: vocab.Type, Object: vocab.Concept},
			{Predicate: vocab.InScheme, Object: vocab.TopicScheme},
			{Predicate: topOf, Object: vocab.TopicScheme},
			{Predicate: vocab.PrefLabel, Object: vocab.Label(name)},
		} {
			if !facts[iri][f.Predicate.String()+" "+f.Object.String()] {
				t.Errorf("%s lacks %s %s", iri, f.Predicate, f.Object)
			}
		}
	}
}

// TestPersonTitlesAreKnown checks that every title in people.tsv is a title
// or alias in titles.tsv, so the extractor can type a person's job title.
func TestPersonTitlesAreKnown(t *testing.T) {
	ts, err := Titles()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, ti := range ts {
		for _, n := range append([]string{ti.Title}, ti.Aliases...) {
			known[vocab.Key(n)] = true
		}
	}
	ps, err := People()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		for _, ti := range p.Titles {
			if !known[vocab.Key(ti)] {
				t.Errorf("%s: title %q is not in %s", p.Name, ti, TitlesPath)
			}
		}
	}
}

func BenchmarkLoadPlaces(b *testing.B) {
	for b.Loop() {
		if _, err := loadPlaces(FS, countryCodes); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadAll(b *testing.B) {
	for b.Loop() {
		if _, err := loadCountries(FS); err != nil {
			b.Fatal(err)
		}
		if _, err := loadPeople(FS, countryCodes); err != nil {
			b.Fatal(err)
		}
		if _, err := loadOrganizations(FS, countryCodes); err != nil {
			b.Fatal(err)
		}
		if _, err := loadTopics(FS); err != nil {
			b.Fatal(err)
		}
	}
}
