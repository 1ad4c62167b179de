// Package schema carries newsgraph's knowledge as data: the ontology
// (newsgraph.ttl) and the gazetteers the extractors load (countries, places,
// organizations, people, titles, portfolios, topics), embedded in the binary
// so that extraction needs no files at run time.
//
// The gazetteers are UTF-8 TSV files under gazetteer/: a header line naming
// the columns, one entry a line sorted by the first column, '|' between the
// values of a multi-valued cell and '#' starting a comment line. Each loader
// parses its file once, validates it (columns, controlled values, ISO codes,
// references to countries.tsv, names and aliases that no two entries share
// once normalized with vocab.Key, a shallow and acyclic hierarchy of broader
// topics) and returns typed entries. A validation failure is reported with
// the file and line, wrapped around ErrFormat.
package schema

import (
	"embed"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// FS holds the ontology and the gazetteer files, at the paths they have in
// this folder (newsgraph.ttl, gazetteer/countries.tsv, ...).
//
//go:embed newsgraph.ttl gazetteer/*.tsv
var FS embed.FS

// ErrFormat is wrapped by every error that reports a malformed gazetteer
// line: a wrong column count, an empty or unknown value, a duplicate name.
var ErrFormat = errors.New("malformed gazetteer")

// Paths of the embedded files.
const (
	OntologyPath      = "newsgraph.ttl"
	CountriesPath     = "gazetteer/countries.tsv"
	PlacesPath        = "gazetteer/places.tsv"
	OrganizationsPath = "gazetteer/organizations.tsv"
	PeoplePath        = "gazetteer/people.tsv"
	TitlesPath        = "gazetteer/titles.tsv"
	PortfoliosPath    = "gazetteer/portfolios.tsv"
	TopicsPath        = "gazetteer/topics.tsv"
)

// Ontology returns the Turtle text of the newsgraph ontology.
func Ontology() []byte {
	b, err := FS.ReadFile(OntologyPath)
	if err != nil {
		// The file is embedded at build time; its absence is a build bug.
		panic("schema: ontology not embedded: " + err.Error())
	}
	return b
}

// Country is one line of countries.tsv: a state (current or historical)
// keyed by its ISO 3166-1 alpha-2 code.
type Country struct {
	Code       string   // ISO 3166-1 alpha-2, upper case ("KR"; "SU" for the Soviet Union)
	Name       string   // common English short name ("South Korea")
	Aliases    []string // other names ("Republic of Korea", "ROK", "S. Korea")
	Adjectives []string // forms that imply the country ("South Korean")
	Capitals   []string // capitals, used as metonyms ("Seoul")
}

// Place kinds.
const (
	PlaceCity      = "city"
	PlaceRegion    = "region"    // administrative or geographic region inside (or across) countries
	PlaceSea       = "sea"       // seas, oceans, gulfs, straits, canals, rivers, lakes
	PlaceContinent = "continent" // continents and macro-regions (Middle East, Indo-Pacific)
	PlaceLandmark  = "landmark"  // buildings, sites and venues (Great Hall of the People)
	PlaceTerritory = "territory" // disputed or specially administered territories (West Bank)
)

// Place is one line of places.tsv.
type Place struct {
	Name    string
	Aliases []string
	Kind    string // one of the Place… constants
	Country string // ISO code of the country it lies in; required for cities, empty for seas, continents and places across, between or disputed by countries
}

// Organization kinds.
const (
	OrgIGO            = "igo"        // intergovernmental organizations and their bodies
	OrgAgency         = "agency"     // news agencies and other media
	OrgParty          = "party"      // political parties and their organs
	OrgGovernment     = "government" // governments, legislatures, departments
	OrgMinistry       = "ministry"
	OrgMilitary       = "military"
	OrgIntelligence   = "intelligence"
	OrgThinkTank      = "thinktank"
	OrgCompany        = "company"
	OrgNGO            = "ngo"   // non-governmental organizations and research institutes
	OrgCourt          = "court" // national and international courts
	OrgMilitant       = "militant"
	OrgOther          = "other"
	OrgGovernmentSeat = "government-seat" // a building that stands for a government ("the Kremlin"); also listed in places.tsv
)

// Organization is one line of organizations.tsv.
type Organization struct {
	Name    string
	Aliases []string
	Kind    string // one of the Org… constants
	Country string // ISO code of its home country; empty for international bodies
}

// Person is one line of people.tsv: a well-known political figure.
type Person struct {
	Name    string   // the usual full English form ("Xi Jinping")
	Aliases []string // other full forms and spellings, never a bare surname
	Country string   // ISO code of the country the person served
	Titles  []string // offices the person is best known for ("President")
}

// Title kinds.
const (
	TitleHeadOfState      = "head-of-state"
	TitleHeadOfGovernment = "head-of-government"
	TitleMinister         = "minister"
	TitleDiplomat         = "diplomat"
	TitleMilitary         = "military"
	TitleRoyal            = "royal"
	TitleLegislator       = "legislator"
	TitleParty            = "party"
	TitleOfficial         = "official"
	TitleOther            = "other"
)

// Title is one line of titles.tsv: a title written before a name or in
// apposition ("President", "Foreign Minister").
type Title struct {
	Title   string
	Aliases []string
	Kind    string // one of the Title… constants
}

// Portfolio is one line of portfolios.tsv: a ministerial portfolio as used
// in "<Portfolio> Minister" and "Minister of <Portfolio>".
type Portfolio struct {
	Portfolio string
	Aliases   []string
}

// Topic is one line of topics.tsv: a concept of the ng:Topics SKOS scheme.
type Topic struct {
	Name    string
	Aliases []string
	// Generic marks a broad one-word field (trade, energy, health) that
	// counts as a topic only inside an explicit list of fields or areas.
	Generic bool
	// Broader is the Name of the entry's broader topic (skos:broader), or
	// empty for a top concept of the scheme (diplomacy, trade, security).
	Broader string
}

// MaxTopicDepth is the most skos:broader steps from a topic to its top
// concept: the scheme stays shallow enough to browse and to roll topics up.
const MaxTopicDepth = 3

var (
	placeKinds = set(PlaceCity, PlaceRegion, PlaceSea, PlaceContinent, PlaceLandmark, PlaceTerritory)
	orgKinds   = set(OrgIGO, OrgAgency, OrgParty, OrgGovernment, OrgMinistry, OrgMilitary, OrgIntelligence,
		OrgThinkTank, OrgCompany, OrgNGO, OrgCourt, OrgMilitant, OrgOther, OrgGovernmentSeat)
	titleKinds = set(TitleHeadOfState, TitleHeadOfGovernment, TitleMinister, TitleDiplomat, TitleMilitary,
		TitleRoyal, TitleLegislator, TitleParty, TitleOfficial, TitleOther)
	codeRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

func set(vals ...string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}

// Loaders. Each parses and validates its file once per process.
var (
	countries     = sync.OnceValues(func() ([]Country, error) { return loadCountries(FS) })
	places        = sync.OnceValues(func() ([]Place, error) { return loadPlaces(FS, countryCodes) })
	organizations = sync.OnceValues(func() ([]Organization, error) { return loadOrganizations(FS, countryCodes) })
	people        = sync.OnceValues(func() ([]Person, error) { return loadPeople(FS, countryCodes) })
	titles        = sync.OnceValues(func() ([]Title, error) { return loadTitles(FS) })
	portfolios    = sync.OnceValues(func() ([]Portfolio, error) { return loadPortfolios(FS) })
	topics        = sync.OnceValues(func() ([]Topic, error) { return loadTopics(FS) })
)

// Countries returns the entries of countries.tsv, sorted by code.
// The slice is shared: callers must not modify it.
func Countries() ([]Country, error) { return countries() }

// Places returns the entries of places.tsv, sorted by name.
func Places() ([]Place, error) { return places() }

// Organizations returns the entries of organizations.tsv, sorted by name.
func Organizations() ([]Organization, error) { return organizations() }

// People returns the entries of people.tsv, sorted by name.
func People() ([]Person, error) { return people() }

// Titles returns the entries of titles.tsv, sorted by title.
func Titles() ([]Title, error) { return titles() }

// Portfolios returns the entries of portfolios.tsv, sorted by portfolio.
func Portfolios() ([]Portfolio, error) { return portfolios() }

// Topics returns the entries of topics.tsv, sorted by name.
func Topics() ([]Topic, error) { return topics() }

// countryCodes is the set of codes in countries.tsv, for reference checks.
func countryCodes() (map[string]bool, error) {
	cs, err := countries()
	if err != nil {
		return nil, err
	}
	m := make(map[string]bool, len(cs))
	for _, c := range cs {
		m[c.Code] = true
	}
	return m, nil
}

// codeSource yields the valid country codes; a func so tests can use their
// own set.
type codeSource func() (map[string]bool, error)

func readTable(fsys embed.FS, path string, header ...string) (*table, error) {
	data, err := fsys.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return parseTSV(path, data, header)
}

func loadCountries(fsys embed.FS) ([]Country, error) {
	t, err := readTable(fsys, CountriesPath, "code", "name", "aliases", "adjectives", "capitals")
	if err != nil {
		return nil, err
	}
	out := make([]Country, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		c := Country{Code: r.cell(0), Name: r.cell(1), Aliases: r.list(2), Adjectives: r.list(3), Capitals: r.list(4)}
		if !codeRE.MatchString(c.Code) {
			return nil, r.errorf("code %q is not an upper-case ISO 3166-1 alpha-2 code", c.Code)
		}
		if c.Name == "" {
			return nil, r.errorf("empty name")
		}
		if err := names.add(r, c.Code, c.Name, c.Aliases, c.Adjectives, c.Capitals); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func loadPlaces(fsys embed.FS, codes codeSource) ([]Place, error) {
	t, err := readTable(fsys, PlacesPath, "name", "aliases", "kind", "country")
	if err != nil {
		return nil, err
	}
	valid, err := codes()
	if err != nil {
		return nil, err
	}
	out := make([]Place, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		p := Place{Name: r.cell(0), Aliases: r.list(1), Kind: r.cell(2), Country: r.cell(3)}
		if !placeKinds[p.Kind] {
			return nil, r.errorf("unknown place kind %q", p.Kind)
		}
		if err := checkCountry(r, p.Country, valid, p.Kind == PlaceCity); err != nil {
			return nil, err
		}
		if err := names.add(r, p.Name, p.Name, p.Aliases); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func loadOrganizations(fsys embed.FS, codes codeSource) ([]Organization, error) {
	t, err := readTable(fsys, OrganizationsPath, "name", "aliases", "kind", "country")
	if err != nil {
		return nil, err
	}
	valid, err := codes()
	if err != nil {
		return nil, err
	}
	out := make([]Organization, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		o := Organization{Name: r.cell(0), Aliases: r.list(1), Kind: r.cell(2), Country: r.cell(3)}
		if !orgKinds[o.Kind] {
			return nil, r.errorf("unknown organization kind %q", o.Kind)
		}
		if err := checkCountry(r, o.Country, valid, false); err != nil {
			return nil, err
		}
		if err := names.add(r, o.Name, o.Name, o.Aliases); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

func loadPeople(fsys embed.FS, codes codeSource) ([]Person, error) {
	t, err := readTable(fsys, PeoplePath, "name", "aliases", "country", "titles")
	if err != nil {
		return nil, err
	}
	valid, err := codes()
	if err != nil {
		return nil, err
	}
	out := make([]Person, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		p := Person{Name: r.cell(0), Aliases: r.list(1), Country: r.cell(2), Titles: r.list(3)}
		if err := checkCountry(r, p.Country, valid, true); err != nil {
			return nil, err
		}
		for _, a := range append([]string{p.Name}, p.Aliases...) {
			if !strings.Contains(strings.TrimSpace(vocab.Key(a)), " ") && !isMononym(p) {
				return nil, r.errorf("person name or alias %q is a single word; list full names only", a)
			}
		}
		if len(p.Titles) == 0 {
			return nil, r.errorf("no titles")
		}
		if err := names.add(r, p.Name, p.Name, p.Aliases); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// isMononym reports whether a person is known by one name only (monarchs
// and popes: "Pope Francis" is listed, "Francis" is not, but a few rulers'
// names are single words); such people have a single-word canonical name.
func isMononym(p Person) bool { return !strings.Contains(vocab.Key(p.Name), " ") }

func loadTitles(fsys embed.FS) ([]Title, error) {
	t, err := readTable(fsys, TitlesPath, "title", "aliases", "kind")
	if err != nil {
		return nil, err
	}
	out := make([]Title, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		ti := Title{Title: r.cell(0), Aliases: r.list(1), Kind: r.cell(2)}
		if !titleKinds[ti.Kind] {
			return nil, r.errorf("unknown title kind %q", ti.Kind)
		}
		if err := names.add(r, ti.Title, ti.Title, ti.Aliases); err != nil {
			return nil, err
		}
		out = append(out, ti)
	}
	return out, nil
}

func loadPortfolios(fsys embed.FS) ([]Portfolio, error) {
	t, err := readTable(fsys, PortfoliosPath, "portfolio", "aliases")
	if err != nil {
		return nil, err
	}
	out := make([]Portfolio, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		p := Portfolio{Portfolio: r.cell(0), Aliases: r.list(1)}
		if err := names.add(r, p.Portfolio, p.Portfolio, p.Aliases); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func loadTopics(fsys embed.FS) ([]Topic, error) {
	t, err := readTable(fsys, TopicsPath, "name", "aliases", "generic", "broader")
	if err != nil {
		return nil, err
	}
	return parseTopics(t)
}

// parseTopics types the rows of topics.tsv and checks the hierarchy: every
// broader names another entry, and following broader links from any entry
// reaches a top concept, without a cycle, in at most MaxTopicDepth steps.
func parseTopics(t *table) ([]Topic, error) {
	out := make([]Topic, 0, len(t.rows))
	names := newNameIndex(t.path)
	for _, r := range t.rows {
		tp := Topic{Name: r.cell(0), Aliases: r.list(1), Broader: r.cell(3)}
		switch g := r.cell(2); g {
		case "":
		case "1":
			tp.Generic = true
		default:
			return nil, r.errorf("generic is %q, want 1 or empty", g)
		}
		if err := names.add(r, tp.Name, tp.Name, tp.Aliases); err != nil {
			return nil, err
		}
		out = append(out, tp)
	}
	index := make(map[string]int, len(out))
	for i, tp := range out {
		index[tp.Name] = i
	}
	for i, tp := range out {
		r := t.rows[i]
		if tp.Broader == "" {
			continue
		}
		if tp.Broader == tp.Name {
			return nil, r.errorf("topic %q is its own broader topic", tp.Name)
		}
		if _, ok := index[tp.Broader]; !ok {
			return nil, r.errorf("broader topic %q is not a name in %s", tp.Broader, t.path)
		}
		// Walk up to the top concept; a walk that revisits an entry is a
		// cycle, so it ends within len(out) steps.
		path := []string{tp.Name}
		for b := tp.Broader; b != ""; b = out[index[b]].Broader {
			if _, ok := index[b]; !ok {
				break // reported on b's own line
			}
			if slices.Contains(path, b) {
				return nil, r.errorf("broader topics form a cycle: %s", strings.Join(append(path, b), " > "))
			}
			path = append(path, b)
		}
		if len(path)-1 > MaxTopicDepth {
			return nil, r.errorf("topic %q is %d steps below its top concept, more than %d: %s",
				tp.Name, len(path)-1, MaxTopicDepth, strings.Join(path, " > "))
		}
	}
	return out, nil
}

func checkCountry(r row, code string, valid map[string]bool, required bool) error {
	if code == "" {
		if required {
			return r.errorf("empty country")
		}
		return nil
	}
	if !valid[code] {
		return r.errorf("country %q is not in %s", code, CountriesPath)
	}
	return nil
}

// nameIndex rejects a name or alias whose key another entry of the same
// file already uses: an extractor could not tell which entry it means.
type nameIndex struct {
	path  string
	owner map[string]string // key -> first column of the owning entry
	line  map[string]int
}

func newNameIndex(path string) *nameIndex {
	return &nameIndex{path: path, owner: map[string]string{}, line: map[string]int{}}
}

func (ix *nameIndex) add(r row, id, name string, lists ...[]string) error {
	all := []string{name}
	for _, l := range lists {
		all = append(all, l...)
	}
	for _, n := range all {
		k := vocab.Key(n)
		if k == "" {
			return r.errorf("name %q has an empty key", n)
		}
		if o, ok := ix.owner[k]; ok && o != id {
			return r.errorf("%q (key %q) already names %q on line %d", n, k, o, ix.line[k])
		}
		ix.owner[k] = id
		ix.line[k] = r.line
	}
	return nil
}
