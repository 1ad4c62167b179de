package extract

import (
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// resolveDateline makes entities of the dateline place ("GYEONGJU, South
// Korea") and of the publisher, and fills in the country of every place.
func (d *doc) resolveDateline() {
	if raw := strings.TrimSpace(d.d.Dateline.Place); raw != "" {
		parts := strings.Split(raw, ",")
		city := strings.TrimSpace(parts[0])
		var country *entity
		if len(parts) > 1 {
			country = d.lookupEntity(strings.TrimSpace(parts[len(parts)-1]), kCountry)
		}
		if p := d.lookupEntity(city, kPlace); p != nil {
			d.dateline = p
		} else if c := d.lookupEntity(city, kCountry); c != nil && c.Code != "" && len(parts) == 1 && !isCapitalForm(d, city) {
			d.dateline = c
		} else if city != "" {
			name := titleCase(city)
			d.dateline = d.entityFor(kPlace, vocab.Key(name), func() *entity { return &entity{Name: name} })
			d.dateline.addName(name)
		}
		if d.dateline != nil && d.dateline.Kind == kPlace && d.dateline.Country == nil && country != nil {
			d.dateline.Country = country
		}
	}
	if src := strings.TrimSpace(d.d.Source); src != "" {
		d.publisher = d.lookupEntity(src, kOrg)
		if d.publisher == nil && looksLikeName(src) {
			d.publisher = d.entityFor(kOrg, vocab.Key(src), func() *entity { return &entity{Name: src} })
			d.publisher.addName(src)
		}
	}
	for _, e := range d.ents {
		if (e.Kind == kPlace || e.Kind == kOrg) && e.Country == nil && e.Code != "" {
			e.Country = d.country(e.Code)
		}
	}
}

// looksLikeName tells an outlet's name ("Ministry of Foreign Affairs")
// from a collection code that containers put in the source field
// ("reuters21578", "isot_true").
func looksLikeName(s string) bool {
	if !hasUpper(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsDigit(r) || r == '_' {
			return false
		}
	}
	return true
}

// isCapitalForm reports whether a name is some country's capital.
func isCapitalForm(d *doc, name string) bool {
	for _, f := range d.k.lex.forms[lexKey(name)] {
		if f.Role == rCapital {
			return true
		}
	}
	return false
}

// lookupEntity finds the document entity of kind k named by a whole
// string (in any letter case), creating it from the gazetteer.
func (d *doc) lookupEntity(name string, k kind) *entity {
	s := &sentence{Text: name, Toks: tokenize(nil, name), Caps: true, Index: -1}
	m, ok := d.k.lex.lookup(s, 0, func(f *form) bool {
		if k == kPlace {
			return f.E.Kind == kPlace || f.E.Kind == kCountry && f.Role == rCapital
		}
		return f.E.Kind == k && (f.Role == rName || f.Role == rSeat)
	})
	if !ok || m.J != len(s.Toks) {
		return nil
	}
	f := m.Forms[0]
	for _, g := range m.Forms {
		if g.E.Kind == k {
			f = g
			break
		}
	}
	switch {
	case f.E.Kind == kCountry && k == kCountry:
		return d.country(f.E.Code)
	case f.E.Kind == kCountry && k == kPlace:
		// a capital without its own place entry
		nm := titleCase(name)
		return d.entityFor(kPlace, vocab.Key(nm), func() *entity { return &entity{Name: nm, Code: f.E.Code} })
	}
	en := f.E
	return d.entityFor(en.Kind, vocab.Key(en.Name), func() *entity {
		return &entity{Name: en.Name, Entry: en, Code: en.Code, Sub: en.Sub}
	})
}

// titleCase turns "GYEONGJU" into "Gyeongju", leaving mixed case alone.
func titleCase(s string) string {
	if strings.ToUpper(s) != s {
		return s
	}
	words := strings.Fields(strings.ToLower(s))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
