package vocab

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkIRI asserts that iri is an absolute IRI under ID+prefix that
// N-Quads can hold as it is: valid UTF-8, no white space, controls or the
// characters an IRIREF excludes.
func checkIRI(t *testing.T, iri, prefix string) {
	t.Helper()
	if !strings.HasPrefix(iri, ID+prefix) {
		t.Errorf("%q does not start with %s", iri, ID+prefix)
	}
	if !utf8.ValidString(iri) {
		t.Errorf("%q is not valid UTF-8", iri)
	}
	if i := strings.IndexFunc(iri, func(r rune) bool { return r <= ' ' || r == 0x7f || strings.ContainsRune("<>\"{}|^`\\", r) }); i >= 0 {
		t.Errorf("%q holds %q, which an IRI cannot", iri, iri[i])
	}
	if _, err := url.Parse(iri); err != nil {
		t.Errorf("%q does not parse as a URL: %v", iri, err)
	}
}

// FuzzIRIs: every IRI minted from a name or an ID is well formed, the same
// name always gives the same IRI, names differing only in spelling
// variants share it, and distinct document IDs never share one.
func FuzzIRIs(f *testing.F) {
	for _, s := range []string{"Lee Jae-myung", "U.S.", "Ça va", "dir/a b.txt", "/lead", "a//b", "", "%41", "习近平", "x\x00y", "\xff", "news.jsonl.gz:17"} {
		f.Add(s, "Xi Jinping")
	}
	f.Fuzz(func(t *testing.T, name, other string) {
		for prefix, mint := range map[string]func(string) string{
			"person/": func(s string) string { return string(PersonIRI(s)) },
			"org/":    func(s string) string { return string(OrganizationIRI(s)) },
			"place/":  func(s string) string { return string(PlaceIRI(s)) },
			"topic/":  func(s string) string { return string(TopicIRI(s)) },
		} {
			iri := mint(name)
			checkIRI(t, iri, prefix)
			if mint(name) != iri {
				t.Errorf("%s%q: not deterministic", prefix, name)
			}
			// names with a key share the IRI of their key; names without
			// one ("习近平") are told apart by their own characters
			if Key(name) != "" && mint(Key(name)) != iri || mint(strings.ToUpper(name)) != mint(strings.ToLower(name)) && Key(strings.ToUpper(name)) == Key(strings.ToLower(name)) && Key(name) != "" {
				t.Errorf("%s%q: spellings with one key differ", prefix, name)
			}
		}
		doc := string(DocumentIRI(name))
		checkIRI(t, doc, "doc/")
		if id, err := url.PathUnescape(strings.TrimPrefix(doc, ID+"doc/")); err != nil || id != name {
			t.Errorf("DocumentIRI(%q) = %q, which reads back as %q (%v)", name, doc, id, err)
		}
		if name != other && DocumentIRI(name) == DocumentIRI(other) {
			t.Errorf("documents %q and %q share the IRI %s", name, other, DocumentIRI(name))
		}
		ev := string(EventIRI(KindMeeting, "2025-11-01", []string{name, other}))
		checkIRI(t, ev, "event/meeting/2025-11-01/")
		if ev != string(EventIRI(KindMeeting, "2025-11-01", []string{other, name, name})) {
			t.Errorf("event IRI depends on the order or repetition of participants: %s", ev)
		}
		ag := string(AgreementIRI([]string{name, other}, "", name))
		checkIRI(t, ag, "agreement/")
		if ag != string(AgreementIRI([]string{other, name}, "", name)) {
			t.Errorf("agreement IRI depends on the order of parties: %s", ag)
		}
	})
}
