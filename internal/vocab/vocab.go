// Package vocab names the terms of the newsgraph vocabulary and mints the
// stable IRIs of the things in the graph.
//
// The vocabulary itself is described in schema/newsgraph.ttl; this package is
// its Go mirror. Everything that writes or reads the graph goes through these
// constants so that one real thing gets one IRI, whichever document, store or
// export it came through.
package vocab

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/cayleygraph/quad"
	"golang.org/x/text/unicode/norm"
)

// Namespaces. Full IRIs are used everywhere in the graph; prefixes exist only
// for Turtle output and Gizmo query text.
const (
	RDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFS   = "http://www.w3.org/2000/01/rdf-schema#"
	XSD    = "http://www.w3.org/2001/XMLSchema#"
	OWL    = "http://www.w3.org/2002/07/owl#"
	Schema = "http://schema.org/"
	SKOS   = "http://www.w3.org/2004/02/skos/core#"
	PROV   = "http://www.w3.org/ns/prov#"
	// NG is the newsgraph ontology namespace: classes and properties that
	// schema.org, SKOS and PROV-O lack.
	NG = "https://w3id.org/newsgraph/ns#"
	// ID is the base of every minted resource IRI.
	ID = "https://w3id.org/newsgraph/id/"
)

// Prefixes maps the conventional prefix of each namespace to its IRI, for
// writers that abbreviate (Turtle, JSON-LD contexts, Gizmo query text).
var Prefixes = map[string]string{
	"rdf":    RDF,
	"rdfs":   RDFS,
	"xsd":    XSD,
	"owl":    OWL,
	"schema": Schema,
	"skos":   SKOS,
	"prov":   PROV,
	"ng":     NG,
	"ngid":   ID,
}

// Classes. The IRIs are constants, so that passing one as a quad.Value
// allocates nothing.
const (
	Person       = quad.IRI(Schema + "Person")
	Country      = quad.IRI(Schema + "Country")
	Organization = quad.IRI(Schema + "Organization")
	Place        = quad.IRI(Schema + "Place")
	Event        = quad.IRI(Schema + "Event")
	NewsArticle  = quad.IRI(Schema + "NewsArticle")
	Concept      = quad.IRI(SKOS + "Concept")
	Topic        = quad.IRI(NG + "Topic")     // rdfs:subClassOf skos:Concept
	Agreement    = quad.IRI(NG + "Agreement") // a signed or negotiated instrument
	ProvEntity   = quad.IRI(PROV + "Entity")
)

// Properties.
const (
	Type = quad.IRI(RDF + "type")

	Name            = quad.IRI(Schema + "name")
	AlternateName   = quad.IRI(Schema + "alternateName")
	Identifier      = quad.IRI(Schema + "identifier")
	Headline        = quad.IRI(Schema + "headline")
	DatePublished   = quad.IRI(Schema + "datePublished")
	Dateline        = quad.IRI(Schema + "dateline")
	Publisher       = quad.IRI(Schema + "publisher")
	URL             = quad.IRI(Schema + "url")
	Mentions        = quad.IRI(Schema + "mentions")
	About           = quad.IRI(Schema + "about")
	JobTitle        = quad.IRI(Schema + "jobTitle")
	Nationality     = quad.IRI(Schema + "nationality")
	MemberOf        = quad.IRI(Schema + "memberOf")
	Attendee        = quad.IRI(Schema + "attendee")
	Organizer       = quad.IRI(Schema + "organizer")
	Affiliation     = quad.IRI(Schema + "affiliation")
	StartDate       = quad.IRI(Schema + "startDate")
	DateCreated     = quad.IRI(Schema + "dateCreated")
	Location        = quad.IRI(Schema + "location")
	ContainedIn     = quad.IRI(Schema + "containedInPlace")
	LocationCreated = quad.IRI(Schema + "locationCreated")

	PrefLabel = quad.IRI(SKOS + "prefLabel")
	AltLabel  = quad.IRI(SKOS + "altLabel")
	InScheme  = quad.IRI(SKOS + "inScheme")
	Broader   = quad.IRI(SKOS + "broader")

	WasDerivedFrom = quad.IRI(PROV + "wasDerivedFrom")
	// WasAttributedTo links a document's graph to the extractor (code and
	// data version, a prov:SoftwareAgent) that produced its facts.
	WasAttributedTo = quad.IRI(PROV + "wasAttributedTo")
	SoftwareAgent   = quad.IRI(PROV + "SoftwareAgent")
	SoftwareVersion = quad.IRI(Schema + "softwareVersion")

	// EventType links an Event to its kind, a skos:Concept in the EventKinds
	// scheme (see Kind).
	EventType = quad.IRI(NG + "eventType")
	// Country links an Event to a country taking part (through its people or
	// by name).
	Involves = quad.IRI(NG + "involves")
	// Party links an Agreement to a country or organization bound by it.
	Party = quad.IRI(NG + "party")
	// Count is the number of instruments an Agreement node stands for
	// ("15 cooperation agreements").
	Count = quad.IRI(NG + "count")
	// Status says whether an Agreement is "signed", "negotiating", ...
	Status = quad.IRI(NG + "status")
	// Raised links a Person or Country to a Topic it raised in the document.
	Raised = quad.IRI(NG + "raised")
	// Evidence is the sentence a fact was read from.
	Evidence = quad.IRI(NG + "evidence")
	// Key is a normalized name (see Key) for case- and accent-insensitive
	// lookup through the object index.
	KeyProp = quad.IRI(NG + "key")
	// ContentHash is the SHA-256 of a document's text and the extractor
	// fingerprint; a changed hash means the document must be re-extracted.
	ContentHash = quad.IRI(NG + "contentHash")
)

// Schemes.
const (
	TopicScheme     = quad.IRI(NG + "Topics")
	EventKindScheme = quad.IRI(NG + "EventKinds")
)

// Datatypes.
const (
	XSDDate    = quad.IRI(XSD + "date")
	XSDInteger = quad.IRI(XSD + "integer")
)

// Event kinds, the controlled list of GUIDELINES.md.
const (
	KindMeeting    = "meeting"
	KindVisit      = "visit"
	KindCeremony   = "ceremony"
	KindBanquet    = "banquet"
	KindSigning    = "signing"
	KindConference = "conference"
	KindCall       = "call"
	KindOther      = "other"
)

// Kinds lists the event kinds in a fixed order.
var Kinds = []string{KindMeeting, KindVisit, KindCeremony, KindBanquet, KindSigning, KindConference, KindCall, KindOther}

// Cameo is the IRI of the CAMEO event class with the given code ("042",
// make a visit); events carry it as an extra rdf:type.
func Cameo(code string) quad.IRI { return quad.IRI(ID + "cameo/" + code) }

// Extractor is the IRI of one version of the extractor (its fingerprint:
// code version and a hash of its data files).
func Extractor(fingerprint string) quad.IRI {
	return quad.IRI(ID + "extractor/" + escapePath(fingerprint))
}

// Kind is the IRI of an event kind concept.
func Kind(kind string) quad.IRI { return quad.IRI(ID + "kind/" + kind) }

// Resource IRIs. Countries are keyed by ISO 3166-1 alpha-2 code, people,
// organizations, places and topics by their normalized canonical name.

// CountryIRI is the IRI of the country with ISO 3166-1 alpha-2 code cc.
func CountryIRI(cc string) quad.IRI { return quad.IRI(ID + "country/" + strings.ToUpper(cc)) }

// PersonIRI is the IRI of the person with canonical name name.
func PersonIRI(name string) quad.IRI { return quad.IRI(ID + "person/" + Slug(name)) }

// OrganizationIRI is the IRI of the organization with canonical name name.
func OrganizationIRI(name string) quad.IRI { return quad.IRI(ID + "org/" + Slug(name)) }

// PlaceIRI is the IRI of the place with canonical name name.
func PlaceIRI(name string) quad.IRI { return quad.IRI(ID + "place/" + Slug(name)) }

// TopicIRI is the IRI of the topic with canonical name name.
func TopicIRI(name string) quad.IRI { return quad.IRI(ID + "topic/" + Slug(name)) }

// DocumentIRI is the IRI of a document and also the name of the graph that
// holds every fact read from it. The id is escaped, not slugged, so that
// distinct ids never collide.
func DocumentIRI(id string) quad.IRI {
	return quad.IRI(ID + "doc/" + escapePath(id))
}

// EventIRI identifies an event by its kind, its date (empty when unknown) and
// the slugs of its participants, so that the same meeting reported by two
// documents is one node.
func EventIRI(kind, date string, participants []string) quad.IRI {
	if date == "" {
		date = "undated"
	}
	return quad.IRI(ID + "event/" + kind + "/" + date + "/" + joinSlugs(participants))
}

// AgreementIRI identifies an agreement by its parties (ISO codes or names),
// its date (empty when unknown) and its name.
func AgreementIRI(parties []string, date, name string) quad.IRI {
	if date == "" {
		date = "undated"
	}
	return quad.IRI(ID + "agreement/" + joinSlugs(parties) + "/" + date + "/" + Slug(name))
}

func joinSlugs(names []string) string {
	s := make([]string, 0, len(names))
	for _, n := range names {
		if sl := Slug(n); sl != "" {
			s = append(s, sl)
		}
	}
	sort.Strings(s)
	s = dedupe(s)
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, "+")
}

func dedupe(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// Key normalizes a name for matching: accents removed, lower case,
// possessive 's and punctuation dropped, a leading "the" removed, spaces
// collapsed. "Lee Jae-myung" and "Lee Jae Myung" share the key
// "lee jae myung". It follows the scorer's normalization in
// ../shared/eval/score.py so the graph and the evaluation agree on identity.
func Key(s string) string {
	if plain, lower := asciiWord(s); plain {
		if lower {
			return s
		}
		return strings.ToLower(s)
	}
	if ascii(s) {
		return keyASCII(s)
	}
	return keyRunes(s)
}

// keyRunes is Key for any text.
func keyRunes(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := true
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		// possessive 's / ’s at a word end
		if (r == '\'' || r == '’' || r == '`') && i+1 < len(runes) && (runes[i+1] == 's' || runes[i+1] == 'S') &&
			(i+2 == len(runes) || !isWordRune(runes[i+2])) {
			i++
			continue
		}
		if r == '&' {
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
			continue
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(unicode.ToLower(r))
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimSpace(b.String())
	out = strings.TrimPrefix(out, "the ")
	return out
}

// keyASCII is Key for ASCII text, which NFKD leaves as it is and which
// holds no marks: keyRunes without decomposing and without runes. Names
// ("Xi Jinping", "U.S.-China") are mostly such text.
func keyASCII(s string) string {
	b := make([]byte, 0, len(s)+4)
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if lc := keyByte[c]; lc != 0 {
			b = append(b, lc) // a letter or digit, lowered: most bytes
			space = false
			continue
		}
		if (c == '\'' || c == '`') && i+1 < len(s) && (s[i+1] == 's' || s[i+1] == 'S') &&
			(i+2 == len(s) || !isASCIIWordByte(s[i+2])) {
			i++
			continue
		}
		if c == '&' {
			if !space {
				b = append(b, ' ')
			}
			b = append(b, "and "...)
			space = true
			continue
		}
		if !space {
			b = append(b, ' ')
			space = true
		}
	}
	if len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	if len(b) >= 4 && string(b[:4]) == "the " {
		b = b[4:]
	}
	if len(b) == 0 {
		return ""
	}
	// b is never written again: the string may share its memory.
	return unsafe.String(&b[0], len(b))
}

// keyByte lowers the ASCII letters and digits; 0 for other bytes.
var keyByte = func() (t [256]byte) {
	for c := range 128 {
		if isASCIIWordByte(byte(c)) {
			t[c] = byte(unicode.ToLower(rune(c)))
		}
	}
	return t
}()

func isASCIIWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiWord reports whether s is one word of ASCII letters and digits (the
// common case, which needs no normalization), and whether it is already in
// lower case.
func asciiWord(s string) (plain, lower bool) {
	if s == "" {
		return false, false
	}
	lower = true
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			lower = false
		default:
			return false, false
		}
	}
	return true, lower
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Slug turns a name into an IRI path segment: its Key with spaces as
// hyphens ("Lee Jae-myung" → "lee-jae-myung").
//
// A name with no letter Key keeps ("习近平") is slugged from its own
// characters, percent-escaped, so that two such names never share an IRI.
func Slug(s string) string {
	if k := Key(s); k != "" {
		return strings.ReplaceAll(k, " ", "-")
	}
	f := strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), "-")
	return url.PathEscape(f)
}

// escapePath percent-escapes everything but unreserved characters and "/".
func escapePath(s string) string {
	var b strings.Builder
	for i, seg := range strings.Split(s, "/") {
		if i > 0 { // not b.Len(): "/a" and "a" must differ
			b.WriteByte('/')
		}
		b.WriteString(url.PathEscape(seg))
	}
	return b.String()
}

// Lang is the language tag of every label the extractors write.
const Lang = "en"

// Label is an English language-tagged literal.
func Label(s string) quad.Value { return quad.LangString{Value: quad.String(s), Lang: Lang} }

// Date is an xsd:date literal; date must be YYYY-MM-DD.
func Date(date string) quad.Value { return quad.TypedString{Value: quad.String(date), Type: XSDDate} }

// Integer is an xsd:integer literal.
func Integer(n int) quad.Value {
	return quad.TypedString{Value: quad.String(strconv.Itoa(n)), Type: XSDInteger}
}
