package extract

import (
	"sort"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// entity is one real thing a document names, with every mention of it.
type entity struct {
	Kind    kind
	Name    string   // canonical name
	Names   []string // names as written in the document
	Entry   *entry   // gazetteer entry, nil for things found by pattern
	Code    string   // countries: ISO code
	Country *entity  // places: the country they lie in; people: nationality
	Titles  []string // people: offices held, as written
	canon   []string // people: the gazetteer names of those offices
	// titleKeys are the vocab.Keys of Titles and canon, for matching
	titleKeys []string
	Sub       string // place or organization kind
	Mentions  []*mention
	first     int    // order of first mention
	relKey    string // relation topics: "CN-KR relations", the key of their IRI
	// iriMemo is the entity's IRI once the analysis is over (see graph),
	// when it can no longer change.
	iriMemo quad.IRI
	// valueMemo is iriMemo as a quad.Value, made once: each conversion of
	// an IRI to a quad.Value allocates.
	valueMemo quad.Value
	// positions are the sorted positions of Mentions (see lastMentionBefore).
	positions []int
}

func (e *entity) addName(n string) {
	n = strings.TrimSpace(n)
	if n == "" {
		return
	}
	for _, have := range e.Names {
		if have == n {
			return
		}
	}
	e.Names = append(e.Names, n)
}

func (e *entity) addTitle(t string) {
	for _, have := range e.Titles {
		if strings.EqualFold(have, t) {
			return
		}
	}
	e.Titles = append(e.Titles, t)
	e.titleKeys = append(e.titleKeys, vocab.Key(t))
}

// addCanon records the gazetteer name of an office the person holds.
func (e *entity) addCanon(t string) {
	for _, have := range e.canon {
		if have == t {
			return
		}
	}
	e.canon = append(e.canon, t)
	e.titleKeys = append(e.titleKeys, vocab.Key(t))
}

// entityFor returns the document entity with the given kind and key,
// creating it.
func (d *doc) entityFor(k kind, key string, mk func() *entity) *entity {
	id := k.String() + "\x00" + key
	if e, ok := d.byKey[id]; ok {
		return e
	}
	e := mk()
	e.Kind = k
	e.first = len(d.ents)
	d.byKey[id] = e
	d.ents = append(d.ents, e)
	return e
}

// country returns the document entity of the country with code cc.
func (d *doc) country(cc string) *entity {
	en := d.k.countries[cc]
	if en == nil {
		return nil
	}
	return d.entityFor(kCountry, cc, func() *entity {
		return &entity{Name: en.Name, Entry: en, Code: cc}
	})
}

func (d *doc) attach(m *mention, e *entity) {
	m.E = e
	e.Mentions = append(e.Mentions, m)
}

// resolve is the second pass: it turns mentions into entities, joining the
// short forms of a person's name ("Xi", "President Xi", "Mr Blair") to the
// full name given elsewhere in the document.
func (d *doc) resolve() {
	var persons, pending []*mention
	for _, m := range d.mentions {
		switch {
		case m.Kind == kTitle:
		case m.Form != nil && m.Kind == kCountry:
			cc := m.Form.E.Code
			if e := d.country(cc); e != nil {
				if m.Role == rName {
					e.addName(m.text())
				}
				d.attach(m, e)
			}
		case m.Form != nil && m.Kind == kPlace:
			en := m.Form.E
			if en.Kind != kPlace {
				// a capital used as a place without its own place entry
				e := d.entityFor(kPlace, vocab.Key(m.text()), func() *entity {
					return &entity{Name: m.text(), Code: en.Code}
				})
				d.attach(m, e)
				continue
			}
			e := d.entityFor(kPlace, vocab.Key(en.Name), func() *entity {
				return &entity{Name: en.Name, Entry: en, Code: en.Code, Sub: en.Sub}
			})
			e.addName(m.text())
			d.attach(m, e)
		case m.Form != nil && m.Kind == kOrg:
			en := m.Form.E
			e := d.entityFor(kOrg, vocab.Key(en.Name), func() *entity {
				return &entity{Name: en.Name, Entry: en, Code: en.Code, Sub: en.Sub}
			})
			e.addName(m.text())
			d.attach(m, e)
		case m.Kind == kOrg:
			name := trimName(m.text())
			e := d.entityFor(kOrg, vocab.Key(name), func() *entity { return &entity{Name: name} })
			e.addName(name)
			d.attach(m, e)
		case m.Kind == kPlace:
			name := trimName(m.text())
			e := d.entityFor(kPlace, vocab.Key(name), func() *entity { return &entity{Name: name} })
			e.addName(name)
			d.attach(m, e)
		case m.Kind == kPerson:
			persons = append(persons, m)
		default:
			pending = append(pending, m)
		}
	}

	// Full names first, so that short forms find them wherever they occur.
	for _, m := range persons {
		if m.Form != nil {
			en := m.Form.E
			e := d.entityFor(kPerson, vocab.Key(en.Name), func() *entity {
				return &entity{Name: en.Name, Entry: en}
			})
			e.addName(m.text())
			d.attach(m, e)
			continue
		}
		if len(m.S.wordIdx(m.I, m.J)) >= 2 {
			name := d.personName(m)
			e := d.entityFor(kPerson, vocab.Key(name), func() *entity { return &entity{Name: name} })
			e.addName(name)
			d.attach(m, e)
		}
	}
	aliases := d.personAliases()
	for _, m := range append(persons, pending...) {
		if m.E != nil {
			continue
		}
		key := vocab.Key(m.text())
		if e := aliases[key]; e != nil {
			e.addName(d.personName(m))
			d.attach(m, e)
			continue
		}
		if m.Kind != kPerson {
			continue
		}
		// a title or honorific with a surname never given in full: look
		// the surname up among known people, else keep it as written
		if en := d.uniqueBySurname(key); en != nil {
			e := d.entityFor(kPerson, vocab.Key(en.Name), func() *entity {
				return &entity{Name: en.Name, Entry: en}
			})
			e.addName(m.text())
			d.attach(m, e)
			aliases[key] = e
			continue
		}
		name := d.personName(m)
		e := d.entityFor(kPerson, vocab.Key(name), func() *entity { return &entity{Name: name} })
		e.addName(name)
		d.attach(m, e)
		aliases[key] = e
	}
	sort.SliceStable(d.ents, func(i, j int) bool { return d.ents[i].first < d.ents[j].first })
}

// personName is the name a person mention gives, with a royal title kept
// as part of it ("King Fahd", "Queen Elizabeth", "Prince Charles").
func (d *doc) personName(m *mention) string {
	name := trimName(m.text())
	if t := d.titleBefore(m); t != nil && t.Form != nil && t.Form.E.Sub == "royal" && t.J == m.I {
		return t.Form.E.Name + " " + name
	}
	return name
}

// titleBefore returns the title mention that ends right before m.
func (d *doc) titleBefore(m *mention) *mention {
	for _, t := range d.in(m.S) {
		if t.Kind == kTitle && t.J == m.I {
			return t
		}
	}
	return nil
}

// personAliases maps the short forms of every full name in the document to
// its person: the last word ("Trump", "Quang"), the surname of East Asian
// names that put it first ("Xi", "Lee"), and the bare name of royals
// ("Fahd"). A short form two people share maps to neither.
func (d *doc) personAliases() map[string]*entity {
	out := map[string]*entity{}
	ambiguous := map[string]bool{}
	weak := map[string][]*entity{}
	put := func(key string, e *entity) {
		if key == "" || ambiguous[key] {
			return
		}
		if have, ok := out[key]; ok && have != e {
			delete(out, key)
			ambiguous[key] = true
			return
		}
		out[key] = e
	}
	for _, e := range d.ents {
		if e.Kind != kPerson {
			continue
		}
		names := append([]string{e.Name}, e.Names...)
		if e.Entry != nil {
			names = append(names, e.Entry.Aliases...)
		}
		for _, n := range names {
			words := strings.Fields(vocab.Key(n))
			if len(words) == 0 {
				continue
			}
			put(strings.Join(words, " "), e)
			if len(words) < 2 {
				continue
			}
			if isRoyal(d.k, words[0]) {
				put(strings.Join(words[1:], " "), e)
				continue
			}
			put(words[len(words)-1], e)
			if c := d.k.surnames[words[0]]; c == "zh" || c == "ko" {
				put(words[0], e)
			} else if !d.k.common.has(words[0]) {
				weak[words[0]] = append(weak[words[0]], e)
			}
		}
	}
	// a first name alone ("Anwar" for Anwar Ibrahim), when it is no one
	// else's name or short form
	for w, es := range weak {
		if _, taken := out[w]; !taken && !ambiguous[w] && len(uniqueEntities(es)) == 1 {
			out[w] = es[0]
		}
	}
	return out
}

func uniqueEntities(es []*entity) []*entity {
	var out []*entity
	for _, e := range es {
		out = appendEntity(out, e)
	}
	return out
}

func isRoyal(k *knowledge, w string) bool {
	for _, f := range k.lex.forms[w] {
		if f.E.Kind == kTitle && f.E.Sub == "royal" {
			return true
		}
	}
	return false
}

// uniqueBySurname finds the one gazetteer person whose last name is key.
func (d *doc) uniqueBySurname(key string) *entry {
	if strings.Contains(key, " ") {
		return nil
	}
	cands := d.k.surnameIndex[key]
	if len(cands) != 1 {
		return nil
	}
	return cands[0]
}

// trimName drops a leading article and a trailing possessive.
func trimName(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"The ", "the ", "THE ", "A ", "An "} {
		s = strings.TrimPrefix(s, p)
	}
	for _, suf := range []string{"'s", "’s", "'", "’"} {
		s = strings.TrimSuffix(s, suf)
	}
	return s
}
