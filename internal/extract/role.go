package extract

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// findRoles attaches offices and nationalities to people, from the titles
// written around their names: "Chinese President Xi Jinping", "Vietnam's
// General Secretary Nguyen Phu Trong", "President of the Republic of Korea
// (ROK) Lee Jae Myung", "Turkey's ambassador in Athens, Nazmi Akiman",
// "Wang Huiyao, head of the Center for China and Globalization", "King Fahd
// of Saudi Arabia".
func (d *doc) findRoles() {
	for _, m := range d.mentions {
		if m.E == nil || m.E.Kind != kPerson {
			continue
		}
		d.titlesBefore(m)
		d.appositionAfter(m)
		d.countryAfter(m)
	}
	// "Myanmar's army chief" with no name, elsewhere "the army chief,
	// Senior General Min Aung Hlaing": the country goes to the one person
	// holding that title.
	for _, n := range d.nominals() {
		// "the prime minister" is the holder named last: Tony Blair, whom
		// the gazetteer knows as one, in "Mr Blair's spokesman said: The
		// prime minister has..."
		p := d.knownHolder(n)
		if p != nil && !n.m.S.Caps {
			p.addTitle(titleText(n.m))
			p.addCanon(n.title)
		} else if p == nil {
			p = d.personWithTitle(n.title, nil)
		}
		if p != nil && n.country != nil && p.Country == nil {
			p.Country = n.country
		}
	}
	d.counterparts()
	d.listNationality()
	for _, e := range d.ents {
		if e.Kind != kPerson {
			continue
		}
		// royals carry their title in their name: "King Fahd", "Queen
		// Elizabeth II"
		if w := strings.Fields(e.Name); len(w) > 1 && isRoyal(d.k, strings.ToLower(w[0])) && len(e.Titles) == 0 {
			e.addTitle(w[0])
		}
		if e.Country == nil && e.Entry != nil && e.Entry.Code != "" {
			e.Country = d.country(e.Entry.Code)
		}
		// "TOKYO - Foreign Minister Tadashi Kuranari": a government office
		// with no country named is the dateline country's
		if e.Country == nil && e.Entry == nil && d.holdsGovernmentOffice(e) {
			if c := d.datelineCountry(); c != nil {
				e.Country = c
			}
		}
	}
}

// counterparts reads "his Indonesian counterpart Retno Marsudi" and
// "Michel Barnier, his French counterpart": the person holds the office of
// the one whose counterpart he is, for the country named.
func (d *doc) counterparts() {
	for _, s := range d.sents {
		for k := range s.Toks {
			t := &s.Toks[k]
			if t.lower() != "counterpart" && t.lower() != "counterparts" {
				continue
			}
			country := d.countryBefore(s, k)
			var p *entity
			if q, _ := d.personAt(s, k+1); q != nil {
				p = q
			} else if k >= 3 && s.Toks[k-2].Text == "," || k >= 4 && s.Toks[k-3].Text == "," {
				for j := k - 1; j >= 0 && j >= k-4; j-- {
					if q := d.personEndingAt(s, j); q != nil {
						p = q
						break
					}
				}
			}
			if p == nil {
				continue
			}
			// the other side: the titled person named before in the sentence
			var other *entity
			for _, m := range d.in(s) {
				if m.E != nil && m.E.Kind == kPerson && m.E != p && m.I < k && len(m.E.Titles) > 0 {
					other = m.E
				}
			}
			if other != nil && len(p.Titles) == 0 {
				p.addTitle(other.Titles[0])
				for _, c := range other.canon {
					p.addCanon(c)
				}
			}
			if country != nil && p.Country == nil {
				p.Country = country
			}
		}
	}
}

// holdsGovernmentOffice: a minister, head of state or government, or
// official by title.
func (d *doc) holdsGovernmentOffice(e *entity) bool {
	for _, c := range e.canon {
		for _, f := range d.k.lex.forms[lexKey(c)] {
			if f.E.Kind == kTitle {
				switch f.E.Sub {
				case "head-of-state", "head-of-government", "minister", "official":
					return true
				}
			}
		}
	}
	return false
}

// datelineCountry is the country of the dateline place.
func (d *doc) datelineCountry() *entity {
	switch {
	case d.dateline == nil:
		return nil
	case d.dateline.Kind == kCountry:
		return d.dateline
	case d.dateline.Country != nil:
		return d.dateline.Country
	case d.dateline.Code != "":
		return d.country(d.dateline.Code)
	}
	return nil
}

// listNationality: in a list of titled people ("Vice President George
// Bush, Secretary of State George Shultz and Commerce Secretary Malcolm
// Baldrige") those without a nationality take the one the others share.
func (d *doc) listNationality() {
	for _, s := range d.sents {
		ms := d.in(s)
		if len(ms) < 2 {
			continue // a group of two people needs two mentions
		}
		// Every step below but the glue needs a mention starting at k.
		var starts [(maxSentenceTokens + 63) / 64]uint64
		all := len(s.Toks) > maxSentenceTokens
		for _, m := range ms {
			if m.I < maxSentenceTokens {
				starts[m.I/64] |= 1 << (m.I % 64)
			}
		}
		var group []*entity
		flush := func() {
			var c *entity
			for _, p := range group {
				if p.Country != nil {
					if c != nil && c != p.Country {
						return
					}
					c = p.Country
				}
			}
			if c == nil || len(group) < 2 {
				return
			}
			for _, p := range group {
				if p.Country == nil && len(p.Titles) > 0 {
					p.Country = c
				}
			}
		}
		titled := false
		for k := 0; k < len(s.Toks); {
			if all || starts[k/64]&(1<<(k%64)) != 0 {
				if p, end := d.personAt(s, k); p != nil && (titled || isRoyal(d.k, s.Toks[k].lower())) {
					group = appendEntity(group, p)
					k = end
					titled = false
					continue
				}
				if t := d.mentionStartingAt(s, k, kTitle); t != nil {
					k = t.J
					titled = true
					continue
				}
				if c := d.mentionStartingAt(s, k, kCountry); c != nil {
					k = c.J
					continue
				}
			}
			w := s.Toks[k].lower()
			if w == "," || w == "and" {
				k++
				continue
			}
			flush()
			group = nil
			k++
		}
		flush()
	}
}

// titleChain returns the title mentions that end at token i, nearest
// first, following a chain of adjacent titles ("army chief General"), and
// through a comma between titles ("the army chief, Senior General").
func (d *doc) titleChain(s *sentence, i int) []*mention {
	var out []*mention
	for {
		t := d.mentionEndingAt(s, i, kTitle)
		if t == nil && i > 0 && s.Toks[i-1].Text == "," && len(out) > 0 {
			t = d.mentionEndingAt(s, i-1, kTitle)
		}
		if t == nil {
			return out
		}
		out = append(out, t)
		i = t.I
	}
}

// mentionEndingAt finds a mention of kind k in s ending at token j.
func (d *doc) mentionEndingAt(s *sentence, j int, k kind) *mention {
	for _, m := range d.in(s) {
		if m.J == j && m.Kind == k {
			return m
		}
	}
	return nil
}

// mentionStartingAt finds a mention of kind k in s starting at token i
// (any resolved kind when k is kNone).
func (d *doc) mentionStartingAt(s *sentence, i int, k kind) *mention {
	for _, m := range d.in(s) {
		if m.I == i && (m.Kind == k || k == kNone && m.E != nil) {
			return m
		}
	}
	return nil
}

// titlesBefore reads "[Country|Country's|Demonym] Title... Name" and
// "Title of [the] Country [(ACR)] Name".
func (d *doc) titlesBefore(m *mention) {
	s := m.S
	start := m.I
	var country *entity
	// "President of the Republic of Korea (ROK) Lee Jae Myung"
	k := start
	if k > 0 && s.Toks[k-1].Text == ")" {
		for k2 := k - 2; k2 >= 0 && k2 >= k-6; k2-- {
			if s.Toks[k2].Text == "(" {
				k = k2
				break
			}
		}
	}
	if c := d.mentionEndingAt(s, k, kCountry); c != nil && c.Role == rName {
		j := c.I
		if j > 0 && s.Toks[j-1].lower() == "the" {
			j--
		}
		if j > 0 && s.Toks[j-1].lower() == "of" {
			if chain := d.titleChain(s, j-1); len(chain) > 0 {
				d.applyTitles(m.E, chain, c.E)
				return
			}
		}
	}
	chain := d.titleChain(s, start)
	if len(chain) == 0 {
		// a known name that carries its title: "Britain's Prince Charles"
		if w := strings.Fields(m.text()); len(w) > 1 && isRoyal(d.k, strings.ToLower(w[0])) {
			m.E.addTitle(titleCase(w[0]))
			if c := d.countryBefore(s, start); c != nil && m.E.Country == nil {
				m.E.Country = c
			}
		}
		return
	}
	first := chain[len(chain)-1].I
	country = d.countryBefore(s, first)
	d.applyTitles(m.E, chain, country)
}

// countryBefore returns the country named right before token i: a demonym
// or name ("Chinese", "U.S."), or a name with a possessive ("Vietnam's").
func (d *doc) countryBefore(s *sentence, i int) *entity {
	if i > 0 && s.Toks[i-1].isPossessive() {
		i--
	}
	if c := d.mentionEndingAt(s, i, kCountry); c != nil && c.E != nil {
		return c.E
	}
	return nil
}

// applyTitles gives person p the offices of a title chain (honorifics are
// no office) and the country they are held for.
func (d *doc) applyTitles(p *entity, chain []*mention, country *entity) {
	for n := len(chain) - 1; n >= 0; n-- {
		t := chain[n]
		if t.Form == nil || t.Form.E.Sub == "honorific" {
			continue
		}
		p.addTitle(titleText(t))
		p.addCanon(t.Form.E.Name)
	}
	if country != nil && p.Country == nil {
		p.Country = country
	}
}

// appositionAfter reads "Name, [the|a] [Country] title [of Org]" and
// "[Country's] title [in Place], Name,".
func (d *doc) appositionAfter(m *mention) {
	s := m.S
	toks := s.Toks
	// before: "Turkey's ambassador in Athens, Nazmi Akiman", "the
	// Ambassador of Japan to the Kingdom, Fumio Iwai"
	if m.I > 0 && toks[m.I-1].Text == "," {
		j := m.I - 1
		var of *entity
		for n := 0; n < 2; n++ {
			// skip "in <Place>", "to the Kingdom", "of <Country>"
			k := j - 1
			for k > 0 && k >= j-4 && toks[k].Word && !(toks[k].lower() == "in" || toks[k].lower() == "to" || toks[k].lower() == "of") {
				k--
			}
			if k <= 0 || !(toks[k].lower() == "in" || toks[k].lower() == "to" || toks[k].lower() == "of") {
				break
			}
			if toks[k].lower() == "of" {
				of = d.ofCountry(s, k)
			}
			j = k
		}
		if chain := d.titleChain(s, j); len(chain) > 0 {
			c := d.countryBefore(s, chain[len(chain)-1].I)
			if c == nil {
				c = of
			}
			d.applyTitles(m.E, chain, c)
		}
	}
	// after: "Name, the top U.S. general in Afghanistan", "Name, head of X"
	if m.J < len(toks) && toks[m.J].Text == "," {
		k := m.J + 1
		if k < len(toks) && (toks[k].lower() == "the" || toks[k].lower() == "a" || toks[k].lower() == "an") {
			k++
		}
		var country *entity
		for n := 0; n < 5 && k < len(toks) && toks[k].Word; n++ {
			if c := d.mentionStartingAt(s, k, kCountry); c != nil {
				if country == nil {
					country = c.E
				}
				k = c.J
				if k < len(toks) && toks[k].isPossessive() {
					k++
				}
				continue
			}
			if t := d.mentionStartingAt(s, k, kTitle); t != nil && t.Form != nil && t.Form.E.Sub != "honorific" {
				if d.namedAfter(t) {
					return // the next name's title: "Bush, Secretary of State George Shultz"
				}
				title := titleText(t)
				if c := d.ofCountry(s, t.J); c != nil {
					if country == nil {
						country = c
					}
				} else if o := d.ofOrg(s, t.J); o != nil {
					// "the head of the Inter-Services Intelligence"
					title += " of " + o.Name
					if country == nil && o.Code != "" {
						country = d.country(o.Code)
					}
				}
				m.E.addTitle(title)
				m.E.addCanon(t.Form.E.Name)
				if country != nil && m.E.Country == nil {
					m.E.Country = country
				}
				return
			}
			w := toks[k].lower()
			if d.k.personNouns.has(w) {
				title := w
				if k+1 < len(toks) && toks[k+1].lower() == "of" {
					j := k + 2
					if j < len(toks) && toks[j].lower() == "the" {
						j++
					}
					if o := d.mentionStartingAt(s, j, kOrg); o != nil && o.E != nil {
						title = w + " of " + o.E.Name
						if country == nil && o.E.Code != "" {
							country = d.country(o.E.Code)
						}
					} else if c := d.mentionStartingAt(s, j, kCountry); c != nil && c.E != nil {
						title = w + " of " + c.E.Name
						if country == nil {
							country = c.E
						}
					}
				}
				m.E.addTitle(title)
				if country != nil && m.E.Country == nil {
					m.E.Country = country
				}
				return
			}
			k++
		}
	}
}

// titleText is a title as the document writes it ("army chief",
// "Defence Secretary"), or its gazetteer form when the document shouts it
// in capitals.
func titleText(t *mention) string {
	if t.S.Caps || t.Form == nil {
		return t.Form.E.Name
	}
	txt := strings.Join(strings.Fields(t.text()), " ")
	if strings.ToLower(txt) == txt && strings.ToLower(t.Form.E.Name) == txt {
		return t.Form.E.Name
	}
	return txt
}

// ofCountry reads "of [the] Country" at token i.
func (d *doc) ofCountry(s *sentence, i int) *entity {
	toks := s.Toks
	if i < len(toks) && toks[i].lower() == "of" {
		i++
		if i < len(toks) && toks[i].lower() == "the" {
			i++
		}
		if c := d.mentionStartingAt(s, i, kCountry); c != nil && c.Role == rName {
			return c.E
		}
	}
	return nil
}

// ofOrg reads "of [the] Organization" at token i.
func (d *doc) ofOrg(s *sentence, i int) *entity {
	toks := s.Toks
	if i < len(toks) && toks[i].lower() == "of" {
		i++
		if i < len(toks) && toks[i].lower() == "the" {
			i++
		}
		if o := d.mentionStartingAt(s, i, kOrg); o != nil && o.E != nil {
			return o.E
		}
	}
	return nil
}

// countryAfter reads "King Fahd of Saudi Arabia".
func (d *doc) countryAfter(m *mention) {
	if m.E.Country != nil {
		return
	}
	if c := d.ofCountry(m.S, m.J); c != nil {
		m.E.Country = c
	}
}

// nominal is a title used without a name: "Myanmar's army chief", "the
// Chinese president".
type nominal struct {
	m       *mention // the title mention
	title   string
	country *entity
}

// nominals lists the title mentions not attached to a name.
func (d *doc) nominals() []nominal {
	var out []nominal
	for _, t := range d.mentions {
		if t.Kind != kTitle || t.Form == nil || t.Form.E.Sub == "honorific" {
			continue
		}
		if d.namedAfter(t) {
			continue
		}
		out = append(out, nominal{m: t, title: t.Form.E.Name, country: d.countryBefore(t.S, t.I)})
	}
	return out
}

// namedAfter reports whether a title mention is followed by a name (or
// another title leading to one).
func (d *doc) namedAfter(t *mention) bool {
	s := t.S
	j := t.J
	for n := 0; n < 3; n++ {
		if p := d.mentionStartingAt(s, j, kPerson); p != nil {
			return true
		}
		for _, m := range d.in(s) {
			if m.I == j && m.E != nil && m.E.Kind == kPerson {
				return true
			}
		}
		next := d.mentionStartingAt(s, j, kTitle)
		if next == nil {
			return false
		}
		j = next.J
	}
	return false
}

// knownHolder resolves a title used as a name ("the prime minister") to
// the holder named last before it: among the people of the document with
// that title, from the text or from the people gazetteer (for country,
// when given).
func (d *doc) knownHolder(n nominal) *entity {
	key := vocab.Key(n.title)
	var best *entity
	bestAt := -1
	for _, e := range d.ents {
		if e.Kind != kPerson || n.country != nil && e.Country != n.country {
			continue
		}
		holds := false
		for _, t := range e.titleKeys {
			holds = holds || t == key
		}
		if e.Entry != nil {
			for _, t := range e.Entry.titleKeys {
				holds = holds || t == key
			}
		}
		if !holds {
			continue
		}
		if at := e.lastMentionBefore(n.m.S.Index*10000 + n.m.I); at > bestAt {
			best, bestAt = e, at
		}
	}
	return best
}

// lastMentionBefore returns the position (sentence × 10000 + token) of the
// last mention of e before position at, or -1. The positions are sorted
// once, not scanned for every title used as a name.
func (e *entity) lastMentionBefore(at int) int {
	if len(e.positions) != len(e.Mentions) {
		e.positions = e.positions[:0]
		for _, m := range e.Mentions {
			e.positions = append(e.positions, m.S.Index*10000+m.I)
		}
		slices.Sort(e.positions)
	}
	i, _ := slices.BinarySearch(e.positions, at) // the first at or after
	if i == 0 {
		return -1
	}
	return e.positions[i-1]
}

// personNamed resolves a title used as a name ("the Chinese president",
// "Myanmar's army chief", "the Saudi leader"): the one person holding that
// title (of that country), else for a generic word like "leader" the one
// person of that country who holds any office.
func (d *doc) personNamed(title string, country *entity) *entity {
	if p := d.personWithTitle(title, country); p != nil {
		return p
	}
	if country == nil {
		return nil
	}
	// the one of that country the story is about: named at least twice as
	// often as any other of that country
	var best, second *entity
	for _, e := range d.ents {
		if e.Kind != kPerson || e.Country != country || len(e.Titles) == 0 {
			continue
		}
		switch {
		case best == nil || len(e.Mentions) > len(best.Mentions):
			best, second = e, best
		case second == nil || len(e.Mentions) > len(second.Mentions):
			second = e
		}
	}
	if best != nil && (second == nil || len(best.Mentions) >= 2*len(second.Mentions)) {
		return best
	}
	return nil
}

// personWithTitle returns the one person of the document holding title
// (and of country, when given), nil when none or several.
func (d *doc) personWithTitle(title string, country *entity) *entity {
	var found *entity
	key := vocab.Key(title)
	for _, e := range d.ents {
		if e.Kind != kPerson {
			continue
		}
		if country != nil && e.Country != country {
			continue
		}
		for _, t := range e.titleKeys {
			if t == key || strings.HasPrefix(t, key+" ") {
				if found != nil && found != e {
					return nil
				}
				found = e
			}
		}
	}
	return found
}
