package extract

import (
	"strings"
	"time"
	"unicode"
)

// mention is a span of a sentence that names something: an entity, a
// title, or a capitalized name still to be resolved.
type mention struct {
	S    *sentence
	I, J int
	Kind kind // kPerson, kCountry, kOrg, kPlace, kTitle; kNone for unresolved names
	Role role
	Form *form // the lexicon form that matched, nil for names found by pattern
	// Cue records why a name found by pattern is a person ("title",
	// "honorific", "speech", "apposition", "given", "surname").
	Cue string
	E   *entity
}

func (m *mention) text() string { return m.S.span(m.I, m.J) }

// connectors may join the words of one name ("Center for China and
// Globalization" is in the gazetteer; these cover unknown ones like
// "Ministry of Foreign Affairs" or "Osama bin Laden").
var connectors = map[string]bool{
	"of": true, "for": true, "on": true, "de": true, "du": true, "da": true, "al": true,
	"bin": true, "ibn": true, "van": true, "von": true, "der": true, "la": true, "le": true, "el": true, "del": true,
	"y": true,
}

// findMentions is the first pass: gazetteer matches and capitalized names.
func (d *doc) findMentions() {
	for _, s := range d.sents {
		d.sentenceMentions(s)
	}
}

func (d *doc) sentenceMentions(s *sentence) {
	k := d.k
	toks := s.Toks
	var prev *mention // last mention ending where the next one may start
	for i := 0; i < len(toks); {
		t := &toks[i]
		if !t.Word {
			i++
			continue
		}
		if m, ok := k.lex.lookup(s, i, d.formAllowed); ok {
			// A gazetteer name followed by more name words ending in an
			// organization head is a longer organization: "White House
			// Economic Policy Council", "Communist Party of China Central
			// Committee".
			if t.Cap || s.Caps {
				if end := d.runEnd(s, i, false); end > m.J && d.isOrgRun(s, i, end) && !startsWithTitle(m) {
					d.addAdjectiveMentions(s, i, end)
					prev = d.add(d.newMention(mention{S: s, I: i, J: end, Kind: kOrg}))
					i = end
					continue
				}
			}
			for _, mm := range d.formMentions(s, m) {
				prev = d.add(mm)
			}
			i = m.J
			continue
		}
		if !(t.Cap || (s.Caps && !t.in(wcStopCaps, d.k.stopCaps))) || t.in(wcStopCaps, d.k.stopCaps) {
			i++
			continue
		}
		end := d.runEnd(s, i, true)
		if end <= i {
			i++
			continue
		}
		if mm := d.classifyRun(s, i, end, prev); mm != nil {
			prev = d.add(mm)
		}
		i = end
	}
}

// formAllowed filters lexicon forms by document date (historical forms)
// and drops person-gazetteer forms that are bare common words.
func (d *doc) formAllowed(f *form) bool {
	date := d.date()
	if !f.From.IsZero() {
		return !date.IsZero() && !date.Before(f.From) && date.Before(f.Until)
	}
	if date.IsZero() || f.E.Kind != kCountry {
		return true
	}
	// a form of today's state gives way to the historical state that the
	// same word meant at the document's date
	for _, g := range d.k.lex.forms[f.key] {
		if g != f && !g.From.IsZero() && g.Role == f.Role && !date.Before(g.From) && date.Before(g.Until) {
			return false
		}
	}
	return true
}

// date is the document's date: the dateline's, else the publication date.
func (d *doc) date() time.Time { return d.ref }

func startsWithTitle(m match) bool {
	for _, f := range m.Forms {
		if f.E.Kind == kTitle {
			return true
		}
	}
	return false
}

// add records a mention and returns it.
// newMention returns m in memory of its own, taken from a slab: a
// document makes dozens, and one allocation for each was a tenth of the
// allocations of extracting.
func (d *doc) newMention(m mention) *mention {
	if len(d.slab) == cap(d.slab) {
		d.slab = make([]mention, 0, 32)
	}
	d.slab = append(d.slab, m)
	return &d.slab[len(d.slab)-1]
}

func (d *doc) add(m *mention) *mention {
	d.mentions = append(d.mentions, m)
	if i := m.S.Index; i >= 0 {
		for len(d.bySent) <= i {
			d.bySent = append(d.bySent, nil)
		}
		d.bySent[i] = append(d.bySent[i], m)
	}
	return m
}

// in returns the mentions of sentence s, in the order found.
func (d *doc) in(s *sentence) []*mention {
	if s.Index < 0 || s.Index >= len(d.bySent) {
		return nil
	}
	return d.bySent[s.Index]
}

// formMentions turns a lexicon match into mentions. Where several entries
// share a form (Seoul the capital and Seoul the city), the choice waits for
// resolution: the mention keeps all forms and resolve picks one.
func (d *doc) formMentions(s *sentence, m match) []*mention {
	f := d.pickForm(s, m)
	mm := d.newMention(mention{S: s, I: m.I, J: m.J, Kind: f.E.Kind, Role: f.Role, Form: f})
	if f.E.Kind == kCountry && f.Role == rCapital {
		if d.isPlaceUse(s, m.I, m.J) {
			// the city itself
			if pf := placeForm(m.Forms); pf != nil {
				mm.Kind, mm.Role, mm.Form = kPlace, rName, pf
			} else {
				mm.Kind = kPlace
			}
		}
	}
	if f.Role == rSeat {
		if d.isPlaceUse(s, m.I, m.J) {
			if pf := placeForm(m.Forms); pf != nil {
				mm.Kind, mm.Role, mm.Form = kPlace, rName, pf
			}
		}
	}
	return []*mention{mm}
}

func placeForm(fs []*form) *form {
	for _, f := range fs {
		if f.E.Kind == kPlace {
			return f
		}
	}
	return nil
}

// pickForm chooses among the entries sharing a form: a country beats a
// place of the same name (Georgia the country over the US state only when
// nothing says otherwise), a person-gazetteer name beats nothing else.
func (d *doc) pickForm(s *sentence, m match) *form {
	best := m.Forms[0]
	score := func(f *form) int {
		switch {
		case f.E.Kind == kTitle:
			return 6
		case f.E.Kind == kCountry && f.Role == rName:
			return 5
		case f.E.Kind == kCountry && f.Role == rAdjective:
			return 4
		case f.E.Kind == kCountry && f.Role == rCapital:
			return 3
		case f.E.Kind == kOrg:
			return 2
		case f.E.Kind == kPerson:
			return 2
		case f.E.Kind == kPlace:
			return 1
		}
		return 0
	}
	for _, f := range m.Forms[1:] {
		if score(f) > score(best) {
			best = f
		}
	}
	return best
}

// isPlaceUse reports whether a capital or seat of government at [i, j) is
// used as a location ("talks in Beijing", "a visit to Seoul", "Gyeongju,
// South Korea") rather than for its government ("Seoul's commitment").
func (d *doc) isPlaceUse(s *sentence, i, j int) bool {
	toks := s.Toks
	k := i - 1
	if k >= 0 && toks[k].lower() == "the" {
		k--
	}
	if k >= 0 && toks[k].Word {
		w := toks[k].lower()
		if d.k.placePreps.has(w) {
			return true
		}
		if w == "to" && k > 0 && d.k.placeVerbs.has(toks[k-1].lower()) {
			return true
		}
		switch w {
		case "visit", "visits", "visited", "visiting", "tour", "toured", "touring":
			return true // "will visit Paris"
		}
		if w == "of" && k > 0 && (toks[k-1].lower() == "city" || toks[k-1].lower() == "capital") {
			return true
		}
	}
	// "Beijing, China" / "Gyeongju, South Korea": a city then its country
	if j+1 < len(toks) && toks[j].Text == "," {
		if m, ok := d.k.lex.lookup(s, j+1, nil); ok {
			for _, f := range m.Forms {
				if f.E.Kind == kCountry && f.Role == rName {
					return true
				}
			}
		}
	}
	// the dateline city opens the story
	if s.Para == 1 && i == 0 && j < len(toks) && toks[j].Text == "," {
		return true
	}
	return false
}

// runEnd returns the end of the run of capitalized words that starts at i.
// A run takes hyphenated parts ("Jae-myung"), connectors followed by a
// capitalized word ("Ministry of Foreign Affairs"), and stops before a
// gazetteer match when stopAtLexicon is set.
func (d *doc) runEnd(s *sentence, i int, stopAtLexicon bool) int {
	toks := s.Toks
	j := i
	for j < len(toks) {
		t := &toks[j]
		switch {
		case t.Word && (t.Cap || s.Caps || isNumberWord(t.Text) && j > i):
			if j > i && t.in(wcStopCaps, d.k.stopCaps) {
				return j
			}
			if j > i && stopAtLexicon {
				if _, ok := d.k.lex.lookup(s, j, properOnly); ok {
					return j
				}
				// a title before a name ends the run: "Republican |Senator
				// Bob Corker", but "Howard Dean said" keeps its Dean
				if m, ok := d.k.lex.lookup(s, j, func(f *form) bool { return f.E.Kind == kTitle }); ok &&
					m.J < len(toks) && toks[m.J].Word && toks[m.J].Cap {
					return j
				}
			}
			j++
		case (t.Text == "-" || t.Text == "‐") && !t.Space && j > i && j+1 < len(toks) && toks[j+1].Word && !toks[j+1].Space:
			// hyphenated: Jae-myung, Mar-a-Lago, Inter-Services
			j += 2
			for j+1 < len(toks) && (toks[j].Text == "-" || toks[j].Text == "‐") && !toks[j].Space && toks[j+1].Word && !toks[j+1].Space {
				j += 2
			}
		case t.Word && connectors[t.Text] && j > i && j+1 < len(toks) && toks[j+1].Word && toks[j+1].Cap:
			if stopAtLexicon {
				if _, ok := d.k.lex.lookup(s, j+1, properOnly); ok {
					// "Foreign Minister of China": the country is its own mention
					return j
				}
			}
			j++
		default:
			return j
		}
	}
	return j
}

func properOnly(f *form) bool { return f.E.Kind != kTitle || f.E.Sub == "honorific" }

func isNumberWord(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// isOrgRun reports whether tokens [i, j) form an organization name by their
// head noun: the last word ("Foreign Ministry") or the first word before a
// connector ("Ministry of Defence").
func (d *doc) isOrgRun(s *sentence, i, j int) bool {
	words := s.wordIdx(i, j)
	if len(words) < 2 {
		return false
	}
	last := s.Toks[words[len(words)-1]].Text
	if d.k.orgHeads.has(strings.ToLower(last)) && s.Toks[words[len(words)-1]].Cap {
		return true
	}
	first := s.Toks[words[0]].Text
	if d.k.orgHeads.has(strings.ToLower(first)) && len(words) >= 3 && connectors[s.Toks[words[1]].Text] {
		return true
	}
	return false
}

// wordIdx lists the indexes of the word tokens in [i, j).
func (s *sentence) wordIdx(i, j int) []int {
	var out []int
	for k := i; k < j; k++ {
		if s.Toks[k].Word {
			out = append(out, k)
		}
	}
	return out
}

// addAdjectiveMentions records the countries implied by demonyms inside an
// organization name ("Turkish Foreign Ministry" implies Turkey).
func (d *doc) addAdjectiveMentions(s *sentence, i, j int) {
	for k := i; k < j; k++ {
		if m, ok := d.k.lex.lookup(s, k, nil); ok && m.J <= j {
			for _, f := range m.Forms {
				if f.E.Kind == kCountry && (f.Role == rAdjective || f.Role == rName) {
					d.add(d.newMention(mention{S: s, I: m.I, J: m.J, Kind: kCountry, Role: f.Role, Form: f}))
					break
				}
			}
			k = m.J - 1
		}
	}
}

// classifyRun decides what an unknown capitalized run [i, j) names, from
// its own words and the words around it. It returns nil when nothing says.
func (d *doc) classifyRun(s *sentence, i, j int, prev *mention) *mention {
	toks := s.Toks
	// A sentence-initial common word is just capitalized: "Relations
	// between...", "Since Philippine President...".
	for i < j && d.sentenceInitial(s, i) && (d.k.common.has(toks[i].lower()) || toks[i].in(wcStopCaps, d.k.stopCaps)) {
		i++
		for i < j && !toks[i].Word {
			i++
		}
	}
	// "Republican Chuck Grassley": a party label qualifies the name
	for i+1 < j && toks[i].in(wcModifier, d.k.modifiers) && toks[i+1].Word {
		i++
	}
	if i >= j {
		return nil
	}
	// in headlines in capitals, case says nothing: names there are only
	// known ones (the gazetteers, people named in the body)
	if s.Caps {
		return d.newMention(mention{S: s, I: i, J: j, Kind: kNone})
	}
	words := s.wordIdx(i, j)
	if d.isOrgRun(s, i, j) {
		if !d.agreementRun(s, i, j) {
			d.addAdjectiveMentions(s, i, j)
			return d.newMention(mention{S: s, I: i, J: j, Kind: kOrg})
		}
		return nil
	}
	if d.agreementRun(s, i, j) {
		return nil
	}
	m := d.newMention(mention{S: s, I: i, J: j, Kind: kNone})
	if len(words) > 5 {
		return m
	}
	// a title or honorific right before: "President Xi", "Mr Blair"; but
	// "General Motors", "General Election" are no people
	titled := prev != nil && prev.J == i && prev.Kind == kTitle || d.hasTitleBefore(s, i)
	if len(words) == 1 && i > 0 && toks[i-1].lower() == "the" {
		return m // "The Observer reported", "the Sun said": no person takes an article
	}
	if titled && (len(words) > 1 && d.nameShaped(s, words) || len(words) == 1 && d.nameWord(toks[words[0]])) {
		m.Kind, m.Cue = kPerson, "title"
		return m
	}
	// by the words around it: a single word only when it is no ordinary
	// word or acronym ("Prevezon said", "told RFE" are no people)
	multi := len(words) >= 2 && d.nameShaped(s, words)
	if multi && d.isSpeaker(s, i, j) {
		m.Kind, m.Cue = kPerson, "speech"
		return m
	}
	if multi && (d.isApposition(s, i, j) || d.titleThenComma(s, i)) {
		m.Kind, m.Cue = kPerson, "apposition"
		return m
	}
	if len(words) >= 2 && len(words) <= 4 && d.nameShaped(s, words) {
		first := &toks[words[0]]
		if d.k.givenNames.has(first.lower()) {
			m.Kind, m.Cue = kPerson, "given"
			return m
		}
		if _, ok := d.k.surnames[first.lower()]; ok && len(words) <= 3 {
			m.Kind, m.Cue = kPerson, "surname"
			return m
		}
	}
	if d.isPlaceRun(s, i, j) {
		m.Kind = kPlace
		return m
	}
	// a name at the end of a longer run: "U.S. Affairs Josefina Vidal"
	if len(words) >= 3 {
		for n := 1; n+2 <= len(words) && n+4 >= len(words); n++ {
			first := &toks[words[n]]
			if d.k.givenNames.has(first.lower()) && d.nameShaped(s, words[n:]) {
				return d.newMention(mention{S: s, I: words[n], J: j, Kind: kPerson, Cue: "given"})
			}
		}
	}
	return m
}

// sentenceInitial reports whether token i opens the sentence (or a quote
// or parenthesis inside it).
func (d *doc) sentenceInitial(s *sentence, i int) bool {
	for k := i - 1; k >= 0; k-- {
		switch s.Toks[k].Text {
		case "\"", "“", "‘", "'", "(", "[", "—", "–", "-", ":":
			continue
		}
		return false
	}
	return true
}

// nameShaped reports whether the words look like a personal name: each
// capitalized, none a common word or an organization head.
func (d *doc) nameShaped(s *sentence, words []int) bool {
	for n, k := range words {
		t := &s.Toks[k]
		if !t.Cap || t.Upper && len(t.Text) > 3 {
			return false
		}
		if t.in(wcOrgHead, d.k.orgHeads) || t.in(wcStopCaps, d.k.stopCaps) || placeHeads[t.lower()] {
			return false
		}
		// "Fiona Hill", "Gordon Brown": after a given name an ordinary
		// word can be a surname; otherwise it makes the run no name
		if n > 0 && d.k.common.has(t.lower()) && !d.k.givenNames.has(t.lower()) && !d.k.givenNames.has(s.Toks[words[0]].lower()) {
			return false
		}
		// "Franco-American": a demonym is no part of a name
		if m, ok := d.k.lex.lookup(s, k, func(f *form) bool { return f.E.Kind == kCountry }); ok && m.J == k+1 {
			return false
		}
	}
	return true
}

// placeHeads end place names, never personal ones ("Rowan County",
// "Hudson River").
var placeHeads = map[string]bool{
	"county": true, "river": true, "street": true, "boulevard": true, "avenue": true, "square": true,
	"bridge": true, "airport": true, "province": true, "district": true, "island": true,
	"islands": true, "mountains": true, "lake": true, "sea": true, "valley": true,
	"road": true, "beach": true, "canal": true, "strait": true,
}

// nameWord reports whether a single capitalized word can be a surname:
// not an ordinary word (unless also a given name), an acronym, an
// organization or place head.
func (d *doc) nameWord(t token) bool {
	if t.Upper && len(t.Text) > 1 || t.in(wcOrgHead, d.k.orgHeads) || placeHeads[t.lower()] || t.in(wcStopCaps, d.k.stopCaps) {
		return false
	}
	return !d.k.common.has(t.lower()) || d.k.givenNames.has(t.lower())
}

// hasTitleBefore reports whether a title ends right before token i, in any
// case ("army chief General Qamar Javed Bajwa" has two), or with the
// period of its abbreviation ("Dr. Saud Al-Sati").
func (d *doc) hasTitleBefore(s *sentence, i int) bool {
	if i > 1 && s.Toks[i-1].Text == "." && !s.Toks[i-1].Space {
		i--
	}
	for start := i - 1; start >= 0 && start >= i-4; start-- {
		if m, ok := d.k.lex.lookup(s, start, func(f *form) bool { return f.E.Kind == kTitle }); ok && m.J == i {
			return true
		}
	}
	return false
}

// isSpeaker: "<Name> said", "<Name>, ..., said" is too loose; "said
// <Name>" and "<Name> said/told/added".
func (d *doc) isSpeaker(s *sentence, i, j int) bool {
	toks := s.Toks
	if j < len(toks) && toks[j].Word && toks[j].in(wcSpeechVerb, d.k.speechVerbs) {
		return true
	}
	if i > 0 && toks[i-1].Word && toks[i-1].in(wcSpeechVerb, d.k.speechVerbs) {
		return true
	}
	return false
}

// isApposition: "<Name>, [the|a|an] [adjectives] <person noun or title>"
// ("Wang Huiyao, head of the Center", "Madiha Afzal, an analyst").
func (d *doc) isApposition(s *sentence, i, j int) bool {
	toks := s.Toks
	if j >= len(toks) || toks[j].Text != "," {
		return false
	}
	k := j + 1
	if k < len(toks) && (toks[k].lower() == "the" || toks[k].lower() == "a" || toks[k].lower() == "an") {
		k++
	}
	for n := 0; n < 4 && k < len(toks) && toks[k].Word; n++ {
		w := toks[k].lower()
		if d.k.personNouns.has(w) {
			return true
		}
		if m, ok := d.k.lex.lookup(s, k, func(f *form) bool { return f.E.Kind == kTitle && f.E.Sub != "honorific" }); ok {
			_ = m
			return true
		}
		if m, ok := d.k.lex.lookup(s, k, nil); ok && m.Forms[0].E.Kind == kCountry {
			k = m.J
			continue
		}
		k++
	}
	return false
}

// titleThenComma: "Turkey's ambassador in Athens, Nazmi Akiman".
func (d *doc) titleThenComma(s *sentence, i int) bool {
	toks := s.Toks
	if i < 2 || toks[i-1].Text != "," {
		return false
	}
	j := i - 1
	// skip "in <Place>"
	for k := j - 1; k >= 0 && k >= j-4; k-- {
		if toks[k].lower() == "in" || toks[k].lower() == "to" {
			j = k
			break
		}
	}
	for start := j - 1; start >= 0 && start >= j-4; start-- {
		if m, ok := d.k.lex.lookup(s, start, func(f *form) bool { return f.E.Kind == kTitle && f.E.Sub != "honorific" }); ok && m.J == j {
			return true
		}
	}
	return false
}

// isPlaceRun: "Bethesda, Maryland", "the city of Danang".
func (d *doc) isPlaceRun(s *sentence, i, j int) bool {
	toks := s.Toks
	if i >= 2 && toks[i-1].lower() == "of" {
		switch toks[i-2].lower() {
		case "city", "town", "village", "province", "state", "region", "port", "island", "district", "county":
			return true
		}
	}
	// "in Bethesda, Maryland", "the National Cancer Institute, of
	// Bethesda, Maryland"
	if j+1 < len(toks) && toks[j].Text == "," && i > 0 && (toks[i-1].in(wcPlacePrep, d.k.placePreps) || toks[i-1].lower() == "of" || toks[i-1].Text == ",") {
		if m, ok := d.k.lex.lookup(s, j+1, nil); ok {
			for _, f := range m.Forms {
				if f.E.Kind == kPlace && f.E.Sub == "region" || f.E.Kind == kCountry && f.Role == rName {
					return true
				}
			}
		}
	}
	return false
}
