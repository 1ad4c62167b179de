package export

import (
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// Fixture IRIs.
var (
	docA   = vocab.DocumentIRI("xinhua/2025-10-31 xi-lee")
	docB   = vocab.DocumentIRI("reuters/2025-11-01")
	xi     = vocab.PersonIRI("Xi Jinping")
	lee    = vocab.PersonIRI("Lee Jae-myung")
	cn     = vocab.CountryIRI("CN")
	kr     = vocab.CountryIRI("KR")
	place  = vocab.PlaceIRI("Gyeongju")
	ai     = vocab.TopicIRI("artificial intelligence")
	event  = vocab.EventIRI(vocab.KindMeeting, "2025-11-01", []string{"Xi Jinping", "Lee Jae-myung"})
	agree  = vocab.AgreementIRI([]string{"CN", "KR"}, "2025-11-01", "cooperation agreements")
	xinhua = vocab.OrganizationIRI("Xinhua")
	// nastyIRI holds every character an IRIREF forbids; it is written
	// percent-encoded (nastyIRIFixed).
	nastyIRI      = quad.IRI("https://example.com/news/a b|c{d}\"q\"\\x^`<y>\t")
	nastyIRIFixed = quad.IRI("https://example.com/news/a%20b%7Cc%7Bd%7D%22q%22%5Cx%5E%60%3Cy%3E%09")
	// unicodeIRI is a valid IRI with non-ASCII characters, written as is.
	unicodeIRI = quad.IRI("https://example.com/München/中文?q=ü#frag")
	place2     = quad.BNode("b1")
	subClassOf = quad.IRI(vocab.RDFS + "subClassOf")
)

// Nasty literals.
const (
	nastyHeadline = "Xi, Lee hold \"talks\" — 中文 ü 😀"
	nastyDateline = "GYEONGJU,\tSouth Korea\nNov. 1 (Xinhua) \\ back\\slash \x01 ctl\r\x7f end"
	nastyEvidence = `Xi said: "AI matters." \n is not a newline`
)

func lit(s string) quad.Value { return quad.String(s) }

// fixture is a small graph in the shape the extractor writes: two
// documents sharing facts about Xi Jinping, one default-graph triple, a
// blank node, and literals and IRIs that need escaping.
func fixture() []quad.Quad {
	a := func(s, p, o quad.Value) quad.Quad { return quad.Quad{Subject: s, Predicate: p, Object: o, Label: docA} }
	b := func(s, p, o quad.Value) quad.Quad { return quad.Quad{Subject: s, Predicate: p, Object: o, Label: docB} }
	return []quad.Quad{
		{Subject: vocab.Topic, Predicate: subClassOf, Object: vocab.Concept},

		a(docA, vocab.Type, vocab.NewsArticle),
		a(docA, vocab.Type, vocab.ProvEntity),
		a(docA, vocab.Identifier, lit("xinhua/2025-10-31 xi-lee")),
		a(docA, vocab.Headline, vocab.Label(nastyHeadline)),
		a(docA, vocab.DatePublished, vocab.Date("2025-10-31")),
		a(docA, vocab.Publisher, xinhua),
		a(docA, vocab.URL, nastyIRI),
		a(docA, vocab.Dateline, lit(nastyDateline)),
		a(docA, vocab.LocationCreated, place),
		a(docA, vocab.ContentHash, lit("9f86d081884c7d659a2feaa0c55ad015")),
		a(docA, vocab.Mentions, xi),
		a(docA, vocab.Mentions, lee),
		a(docA, vocab.Mentions, cn),
		a(docA, vocab.Mentions, kr),
		a(docA, vocab.Mentions, ai),
		a(xinhua, vocab.Type, vocab.Organization),
		a(xinhua, vocab.Name, vocab.Label("Xinhua")),
		a(xi, vocab.Type, vocab.Person),
		a(xi, vocab.Name, vocab.Label("Xi Jinping")),
		a(xi, vocab.AlternateName, quad.LangString{Value: "习近平", Lang: "zh-Hans"}),
		a(xi, vocab.KeyProp, lit("xi jinping")),
		a(xi, vocab.JobTitle, vocab.Label("President")),
		a(xi, vocab.Nationality, cn),
		a(lee, vocab.Type, vocab.Person),
		a(lee, vocab.Name, vocab.Label("Lee Jae-myung")),
		a(cn, vocab.Type, vocab.Country),
		a(cn, vocab.Name, vocab.Label("China")),
		a(cn, vocab.Identifier, lit("CN")),
		a(kr, vocab.Type, vocab.Country),
		a(kr, vocab.Name, vocab.Label("South Korea")),
		a(place, vocab.Type, vocab.Place),
		a(place, vocab.Name, vocab.Label("Gyeongju")),
		a(place, vocab.ContainedIn, kr),
		a(ai, vocab.Type, vocab.Topic),
		a(ai, vocab.Type, vocab.Concept),
		a(ai, vocab.PrefLabel, vocab.Label("artificial intelligence")),
		a(ai, vocab.InScheme, vocab.TopicScheme),
		a(event, vocab.Type, vocab.Event),
		a(event, vocab.EventType, vocab.Kind(vocab.KindMeeting)),
		a(event, vocab.Name, vocab.Label("Xi–Lee meeting")),
		a(event, vocab.StartDate, vocab.Date("2025-11-01")),
		a(event, vocab.Location, place),
		a(event, vocab.Attendee, xi),
		a(event, vocab.Attendee, lee),
		a(event, vocab.Involves, cn),
		a(event, vocab.Involves, kr),
		a(event, vocab.About, ai),
		a(event, vocab.Evidence, vocab.Label(nastyEvidence)),
		a(event, vocab.WasDerivedFrom, docA),
		a(agree, vocab.Type, vocab.Agreement),
		a(agree, vocab.Name, vocab.Label("cooperation agreements")),
		a(agree, vocab.Party, cn),
		a(agree, vocab.Party, kr),
		a(agree, vocab.About, ai),
		a(agree, vocab.Count, vocab.Integer(15)),
		a(agree, vocab.DateCreated, vocab.Date("2025-11-01")),
		a(agree, vocab.Status, lit("signed")),
		a(agree, vocab.WasDerivedFrom, docA),
		a(cn, vocab.Raised, ai),

		b(docB, vocab.Type, vocab.NewsArticle),
		b(docB, vocab.Type, vocab.ProvEntity),
		b(docB, vocab.Headline, vocab.Label("Talks in Gyeongju")),
		b(docB, vocab.URL, unicodeIRI),
		b(docB, vocab.LocationCreated, place2),
		b(docB, vocab.Mentions, xi),
		b(place2, vocab.Type, vocab.Place),
		b(place2, vocab.Name, vocab.Label("an unnamed venue")),
		// shared with docA: one triple in N-Triples, Turtle, GraphML, DOT
		b(xi, vocab.Type, vocab.Person),
		b(xi, vocab.Name, vocab.Label("Xi Jinping")),
		b(xi, vocab.Raised, ai),
	}
}
