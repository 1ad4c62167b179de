package extract

import (
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

func (k *knowledge) loadAgreementRules() error {
	rows, err := readTSV("agreements.tsv")
	if err != nil {
		return err
	}
	k.agreeHeads = map[string]string{}
	k.agreePlural = set{}
	for _, r := range rows {
		k.agreeHeads[r["word"]] = r["canonical"]
		if r["plural"] == "yes" {
			k.agreePlural[r["word"]] = true
		}
	}
	return nil
}

// commercial heads name business deals and papers as often as
// instruments between states.
var commercial = map[string]bool{"deal": true, "contract": true, "document": true, "charter": true}

// signingContext: the sentence speaks of signing or exchanging.
func (d *doc) signingContext(s *sentence) bool {
	for i := range s.Toks {
		switch s.Toks[i].lower() {
		case "sign", "signs", "signed", "signing", "exchange", "exchanged", "inked", "initialed", "initialled", "concluded", "ratified", "ratify":
			return true
		}
	}
	return false
}

// instrumentWord reports whether token k may be part of the name of the
// instrument whose head is at h: a number, a name or demonym, a word of a
// topic ("arms", "trade"), or a known modifier ("bilateral", "framework").
func (d *doc) instrumentWord(s *sentence, k, h int) bool {
	t := &s.Toks[k]
	w := t.lower()
	switch {
	case isNumberWord(t.Text) || numberWords[w] > 0 || isYear(t.Text):
		return true
	case t.Cap && !d.sentenceInitial(s, k):
		return true // "Anti-Ballistic Missile Treaty", "U.S.-Japan pact"
	case d.k.agreeMods.has(w) || d.k.topicWords.has(w):
		return true
	case w == "billion" || w == "million" || w == "mln" || w == "bln" || w == "stg" || w == "dlr" || w == "dlrs" || w == "dollar" || w == "year" || w == "five-year":
		return true
	}
	return false
}

// isAgreementName reports whether a capitalized run names an instrument
// ("Anti-Ballistic Missile Treaty", "Paris Agreement") or a plan, which are
// no organizations.
func isAgreementName(k *knowledge, name string) bool {
	words := strings.Fields(strings.ToLower(strings.ReplaceAll(name, "-", " ")))
	for _, w := range words {
		if _, ok := k.agreeHeads[w]; ok || planWords[w] {
			return true
		}
	}
	return false
}

// planWords name plans and acts, which isAgreementName also takes.
var planWords = map[string]bool{
	"plan": true, "area": true, "initiative": true, "declaration": true, "statement": true,
	"strategy": true, "doctrine": true, "act": true, "law": true, "programme": true,
}

// agreementRun is isAgreementName of the run [i, j), which can only hold
// when one of its tokens is a head or a plan word: the words of the name
// are whole tokens, since those words are all letters (TestAgreementWords).
func (d *doc) agreementRun(s *sentence, i, j int) bool {
	for k := i; k < j; k++ {
		if t := &s.Toks[k]; t.may(wcAgreeHead) || planWords[t.Lower] {
			return isAgreementName(d.k, s.span(i, j))
		}
	}
	return false
}

// agreement is an instrument the document mentions.
type agreement struct {
	Name     string
	Head     string // canonical head noun: agreement, treaty, memorandum...
	Parties  []*entity
	Topics   []*entity
	Count    int
	Status   string // signed, negotiating
	Date     time.Time
	Evidence []*sentence
	acronym  string // initials of a capitalized name, for "ABM treaty"
	sent     int
	det      string // the determiner before the phrase
	// anaphoricTopics: the instrument's subjects are those of the sentence
	// before ("... arms export order. Under the deal, ..."), filled in
	// once topics are known.
	anaphoricTopics bool
	// key is vocab.Key(keyOf), the key of Name when keyOf is Name.
	key, keyOf string
}

// nameKey returns vocab.Key(a.Name), made once per name: each new
// agreement of a document is compared with all before it.
func (a *agreement) nameKey() string {
	if a.keyOf != a.Name || a.key == "" && a.Name != "" {
		a.key, a.keyOf = vocab.Key(a.Name), a.Name
	}
	return a.key
}

var numberWords = map[string]int{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "dozen": 12, "several": 0,
}

// anaphoric determiners refer back to an instrument already named.
var anaphoric = map[string]bool{"the": true, "this": true, "that": true, "these": true, "those": true}

// findAgreements reads the instruments of the document.
func (d *doc) findAgreements() {
	for _, s := range d.sents {
		var prev *agreement
		prevHead := -1
		for i := range s.Toks {
			t := &s.Toks[i]
			if !t.Word || !t.may(wcAgreeHead) {
				continue
			}
			head, ok := d.k.agreeHeads[t.lower()]
			if !ok {
				continue
			}
			a := d.readAgreement(s, i, head)
			if a == nil {
				continue
			}
			// "the 1972 ABM treaty, the only remaining operative arms
			// control agreement": an apposition is the same instrument
			if prev != nil && d.isAppositive(s, prevHead, i) {
				prev.Topics = append(prev.Topics, a.Topics...)
				continue
			}
			d.addAgreement(a)
			prev, prevHead = d.agrees[len(d.agrees)-1], i
		}
	}
}

// isAppositive reports whether the phrase whose head is at h follows the
// head at prev after just ", the|a|an" and modifiers.
func (d *doc) isAppositive(s *sentence, prev, h int) bool {
	if prev < 0 || prev+1 >= h || s.Toks[prev+1].Text != "," {
		return false
	}
	for k := prev + 2; k < h; k++ {
		t := &s.Toks[k]
		if !t.Word || boundary[t.lower()] || t.in(wcSpeechVerb, d.k.speechVerbs) {
			return false
		}
	}
	return h-prev <= 8
}

// readAgreement reads the noun phrase around the head at token h.
func (d *doc) readAgreement(s *sentence, h int, head string) *agreement {
	toks := s.Toks
	w := toks[h].lower()
	// the left edge of the noun phrase
	i := h
	for i > 0 {
		p := &toks[i-1]
		pw := p.lower()
		if p.Text == "-" || p.Text == "–" {
			i--
			continue
		}
		if !p.Word && !p.isPossessive() {
			break
		}
		if p.isPossessive() {
			// "the two countries' agreement", "Japan's pact"
			i--
			continue
		}
		if determiners[pw] || pw == "any" || pw == "no" || pw == "an" || pw == "of" || pw == "on" || pw == "with" ||
			pw == "to" || pw == "in" || pw == "by" || pw == "for" || pw == "from" || pw == "at" || pw == "as" || pw == "about" ||
			pw == "against" || pw == "signed" || pw == "sign" || pw == "reached" || d.k.speechVerbs.has(pw) {
			break
		}
		if !d.instrumentWord(s, i-1, h) {
			break // "the committee wants documents": the name is "documents"
		}
		i--
	}
	det := ""
	if i > 0 {
		det = toks[i-1].lower()
	}
	// a verb, not a noun: "deal with", "to deal"
	if w == "deal" && (h+1 < len(toks) && toks[h+1].lower() == "with" || det == "to") {
		return nil
	}
	if w == "deal" && h > 0 {
		switch toks[h-1].lower() {
		case "great", "good", "big", "whole", "fair":
			return nil // "a great deal", not an instrument
		}
	}
	if h > 0 && toks[h-1].lower() == "in" && w == "agreement" {
		return nil // "in agreement with"
	}
	mods := s.wordIdx(i, h)
	capName := toks[h].Cap && !s.Caps && !d.sentenceInitial(s, h)
	// "the Pentagon's Project and Contract Office": a word of a name
	for _, m := range d.in(s) {
		if m.E != nil && m.Kind == kOrg && m.I <= h && h < m.J {
			return nil
		}
	}
	// weak heads need a modifier that makes them an instrument
	switch head {
	case "document", "arrangement", "protocol", "contract", "charter", "communique":
		if len(mods) == 0 && !capName {
			return nil
		}
	case "convention":
		// "the European Convention on Human Rights", "the Geneva
		// Conventions"; not "the Republican National Convention"
		after := h+1 < len(toks) && (toks[h+1].lower() == "on" || toks[h+1].lower() == "against" || toks[h+1].lower() == "for")
		placed := false
		for _, m := range d.in(s) {
			placed = placed || m.E != nil && (m.Kind == kPlace || m.Kind == kCountry) && m.J == h
		}
		if !after && !placed {
			return nil
		}
	case "declaration":
		// "the Panmunjom Declaration", "a joint declaration"; not "a
		// declaration of war"
		joint := false
		for _, k := range mods {
			joint = joint || toks[k].lower() == "joint"
		}
		if !capName && !joint {
			return nil
		}
	}
	a := &agreement{Head: head, sent: s.Index, Evidence: []*sentence{s}, det: det}
	// "memorandum of understanding": the head runs on
	if head == "memorandum" && h+2 < len(toks) && toks[h+1].lower() == "of" && toks[h+2].lower() == "understanding" {
		h += 2
	}
	// count: "15 cooperation agreements", "two accords"
	if d.k.agreePlural[w] {
		for _, k := range mods {
			if n, err := strconv.Atoi(toks[k].Text); err == nil && n > 1 && n < 1000 {
				a.Count = n
			} else if n := numberWords[toks[k].lower()]; n > 0 {
				a.Count = n
			}
		}
	}
	// the name: the phrase without determiners, counts and years
	start := i
	for start < h && (a.Count > 0 && (isNumberWord(toks[start].Text) || numberWords[toks[start].lower()] > 0) || toks[start].isPossessive() || !toks[start].Word) {
		start++
	}
	a.Name = strings.TrimSpace(s.span(start, h+1))
	// a name that spells an acronym: "Anti-Ballistic Missile Treaty" → ABM
	if capName {
		var b strings.Builder
		for _, k := range s.wordIdx(start, h) {
			if toks[k].Cap {
				b.WriteString(toks[k].Text[:1])
			}
		}
		a.acronym = b.String()
	}
	for _, k := range mods {
		if toks[k].Upper && len(toks[k].Text) >= 2 && len(toks[k].Text) <= 5 {
			a.acronym = toks[k].Text
		}
	}

	// parties named in the phrase: "China-South Korea free trade
	// agreement", "U.S.-Japan pact", "Japan's"
	for _, m := range d.in(s) {
		// "EU-China investment agreement": organizations are parties too
		if (m.Kind == kCountry || m.Kind == kOrg && m.E != nil && m.E.Sub == "igo") && m.E != nil && m.I >= i && m.J <= h {
			a.Parties = appendEntity(a.Parties, m.E)
		}
	}
	// "the two countries' agreement"
	if strings.Contains(strings.ToLower(s.span(i, h)), "two countries") {
		for _, c := range d.countryPair() {
			a.Parties = appendEntity(a.Parties, c)
		}
	}
	// after the head: "with Moscow", "between Japan and the United States"
	end := d.clauseEnd(s, h+1)
	for k := h + 1; k < end; k++ {
		kw := toks[k].lower()
		if kw == "with" || kw == "between" {
			for n := k + 1; n < end && n < k+8; n++ {
				if m := d.mentionStartingAt(s, n, kCountry); m != nil && m.E != nil {
					a.Parties = appendEntity(a.Parties, m.E)
					n = m.J - 1
					continue
				}
				if toks[n].lower() != "and" && toks[n].lower() != "the" && toks[n].Text != "," {
					break
				}
			}
		}
	}
	// "Obama's deal", "Reagan's accord": the possessor's country
	for _, m := range d.in(s) {
		if m.E != nil && m.E.Kind == kPerson && m.I >= i && m.J <= h && m.E.Country != nil {
			a.Parties = appendEntity(a.Parties, m.E.Country)
		}
	}
	if i > 0 && toks[i-1].isPossessive() {
		if p := d.personEndingAt(s, i-1); p != nil && p.Country != nil {
			a.Parties = appendEntity(a.Parties, p.Country)
		}
	}
	// signed by people: their countries
	signers := d.signersIn(s)
	for _, p := range signers {
		if p.Country != nil {
			a.Parties = appendEntity(a.Parties, p.Country)
		}
	}
	explicit := 0
	for _, p := range a.Parties {
		if p.Kind == kCountry {
			explicit++
		}
	}
	if len(a.Parties) == 0 {
		// the countries the sentence names
		for _, m := range d.in(s) {
			if m.Kind == kCountry && m.Role == rName && m.E != nil {
				a.Parties = appendEntity(a.Parties, m.E)
			}
		}
	}
	if len(a.Parties) == 1 {
		// the other side: the story's other country ("Under the deal,
		// Saudi Arabia has agreed to buy..."), else the country the
		// clause is about ("the United States might ignore ... in any
		// accord with Moscow")
		if pair := d.countryPair(); len(pair) == 2 && containsEntity(pair, a.Parties[0]) && anaphoric[det] {
			a.Parties = appendEntity(a.Parties, pair[0])
			a.Parties = appendEntity(a.Parties, pair[1])
		} else if c := d.clauseCountry(s, i, a.Parties); c != nil {
			a.Parties = appendEntity(a.Parties, c)
		}
	}
	if len(a.Parties) == 0 && (anaphoric[det] || det == "") {
		a.Parties = append(a.Parties, d.countryPair()...)
	}
	if len(a.Parties) == 0 && !(len(strings.Fields(a.Name)) == 1 && anaphoric[det]) {
		return nil // an instrument between nobody named is no fact
	}
	// "deal", "contract" and "documents" are as often business or paper:
	// they count when signed, or when two countries are named for them
	business := commercial[head]
	for _, k := range mods {
		business = business || d.k.commerceMods.has(toks[k].lower())
	}
	if business && !d.signingContext(s) && explicit < 2 {
		return nil
	}

	// status and date
	lower := strings.ToLower(s.Text)
	switch {
	case strings.Contains(lower, "negotiat") || strings.Contains(lower, "talks on"):
		a.Status = "negotiating"
	case strings.Contains(lower, "sign") || strings.Contains(lower, "exchange of") || strings.Contains(lower, "concluded"):
		a.Status = "signed"
	}
	for _, e := range d.events {
		if e.Kind == vocab.KindSigning && containsSentence(e.Evidence, s) && !e.Date.IsZero() {
			a.Date = e.Date
		}
	}

	// what it covers: "covering X, Y and Z", "on X", topics in the phrase
	a.Topics = d.agreementTopics(s, i, h, end)
	if anaphoric[det] && s.Index > 0 && !d.phraseHasTopic(s, i, h) {
		// "... its biggest-ever arms export order. Under the deal, ...":
		// the instrument is about what the sentence before said
		a.anaphoricTopics = true
	}
	return a
}

func containsSentence(list []*sentence, s *sentence) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clauseEnd returns where the clause that starts at j ends.
func (d *doc) clauseEnd(s *sentence, j int) int {
	for k := j; k < len(s.Toks); k++ {
		w := s.Toks[k].lower()
		if w == ";" || w == "." || w == "which" || w == "who" || w == "but" || w == "while" {
			return k
		}
	}
	return len(s.Toks)
}

// signersIn returns the people of a signing event read from s.
func (d *doc) signersIn(s *sentence) []*entity {
	var out []*entity
	for _, e := range d.events {
		if e.Kind == vocab.KindSigning && containsSentence(e.Evidence, s) {
			for _, p := range e.Attendees {
				out = appendEntity(out, p)
			}
		}
	}
	return out
}

// clauseCountry is the nearest country named (by name) before token i in
// its clause, other than those in have.
func (d *doc) clauseCountry(s *sentence, i int, have []*entity) *entity {
	var best *mention
	for _, m := range d.in(s) {
		if m.Kind != kCountry || m.Role != rName || m.E == nil || m.J > i || containsEntity(have, m.E) {
			continue
		}
		blocked := false
		for k := m.J; k < i; k++ {
			if w := s.Toks[k].lower(); w == "that" || w == ";" {
				// the clause of the instrument starts after "that"
				blocked = false
				best = nil
			}
		}
		if !blocked && (best == nil || m.J > best.J) {
			best = m
		}
	}
	if best == nil {
		return nil
	}
	return best.E
}

// countryPair is the two countries of the story's main people, else the
// two countries named most.
func (d *doc) countryPair() []*entity {
	var out []*entity
	for _, p := range d.pair() {
		if p.Country != nil {
			out = appendEntity(out, p.Country)
		}
	}
	if len(out) == 2 {
		return out
	}
	return d.mostNamed(kCountry)
}

// agreementTopics: the items after "covering", "on", "in the fields of",
// the topics inside the phrase ("arms control agreement", "free trade
// agreement"), else the topics of the rest of the clause.
func (d *doc) agreementTopics(s *sentence, i, h, end int) []*entity {
	var out []*entity
	for _, u := range d.topics {
		_ = u
	}
	toks := s.Toks
	k := h + 1
	// "accord with Moscow on removing missiles": past the parties
	if k < end && (toks[k].lower() == "with" || toks[k].lower() == "between") {
		for n := k + 1; n < end && n < k+8; n++ {
			if w := toks[n].lower(); w == "on" || w == "covering" || w == "over" || w == "regarding" || w == "concerning" {
				k = n
				break
			}
		}
	}
	if k < end && (toks[k].lower() == "covering" || toks[k].lower() == "on" || toks[k].lower() == "in" || toks[k].lower() == "over" || toks[k].lower() == "regarding" || toks[k].lower() == "concerning") {
		j := k + 1
		if toks[k].lower() == "in" && j+2 < end && toks[j].lower() == "the" && (toks[j+1].lower() == "fields" || toks[j+1].lower() == "areas") && toks[j+2].lower() == "of" {
			j += 3
		}
		if j < end && strings.HasSuffix(toks[j].lower(), "ing") && toks[k].lower() == "on" {
			j++ // "on removing medium-range missiles"
		}
		for _, it := range d.listItems(s, j, true) {
			out = appendEntity(out, d.topicEntity(it.name, it.entry))
		}
		if len(out) == 0 {
			if m, ok := d.k.topics.lookup(s, j, nil); ok {
				out = appendEntity(out, d.topicEntity(s.span(m.I, m.J), m.Forms[0].E))
			}
		}
	}
	// topics inside the phrase
	for n := i; n < h; n++ {
		if m, ok := d.k.topics.lookup(s, n, nil); ok && m.J <= h {
			out = appendEntity(out, d.topicEntity(s.span(m.I, m.J), m.Forms[0].E))
			n = m.J - 1
		}
	}
	if p := h + 1; len(out) == 0 && p < end && (isParticiple(toks[p].lower()) || toks[p].Text == "," && p+1 < end && isParticiple(toks[p+1].lower())) {
		// the clause that describes it: "an agreement ending a dispute
		// over patent rights", "a pact limiting missiles"
		for n := h + 1; n < end; n++ {
			if m, ok := d.k.topics.lookup(s, n, func(f *form) bool { return !f.E.Generic }); ok {
				out = appendEntity(out, d.topicEntity(s.span(m.I, m.J), m.Forms[0].E))
				n = m.J - 1
			}
		}
	}
	return out
}

// isParticiple: "ending", "limiting", "signed", "aimed".
func isParticiple(w string) bool {
	return len(w) > 4 && (strings.HasSuffix(w, "ing") || strings.HasSuffix(w, "ed"))
}

// addAgreement records a, or folds it into an instrument already named:
// "the pact" after "the two countries' agreement", "ABM treaty" after
// "Anti-Ballistic Missile Treaty".
func (d *doc) addAgreement(a *agreement) {
	bare := len(strings.Fields(a.Name)) == 1 && anaphoric[a.det] // "the pact", "this agreement"
	for _, o := range d.agrees {
		same := o.nameKey() == a.nameKey()
		// "strategic partnership treaty" and "comprehensive strategic
		// partnership treaty" between the same parties
		if !same && o.Head == a.Head && len(o.Parties) > 0 && subset(a.Parties, o.Parties) && subset(o.Parties, a.Parties) {
			ko, ka := " "+o.nameKey(), " "+a.nameKey()
			if strings.HasSuffix(ko, ka) || strings.HasSuffix(ka, ko) {
				same = true
				if len(ka) > len(ko) {
					o.Name = a.Name
				}
			}
		}
		if !same && a.acronym != "" && o.acronym != "" && strings.EqualFold(a.acronym, o.acronym) {
			same = true
		}
		if bare && a.Count == 0 {
			same = o == d.agrees[len(d.agrees)-1] // the one named last
		}
		if same {
			for _, p := range a.Parties {
				if bare {
					break
				}
				o.Parties = appendEntity(o.Parties, p)
			}
			for _, t := range a.Topics {
				o.Topics = appendEntity(o.Topics, t)
			}
			if o.Count == 0 {
				o.Count = a.Count
			}
			if o.Status == "" {
				o.Status = a.Status
			}
			if o.Date.IsZero() {
				o.Date = a.Date
			}
			o.Evidence = append(o.Evidence, a.Evidence...)
			return
		}
	}
	if len(d.agrees) < maxAgreements {
		d.agrees = append(d.agrees, a)
	}
}

// maxAgreements bounds the instruments read from one document, each of
// which is compared with all before it. News articles name a few; text
// naming hundreds is a list or junk, not reporting.
const maxAgreements = 200

// phraseHasTopic reports whether the noun phrase [i, h) names a topic
// ("arms control agreement").
func (d *doc) phraseHasTopic(s *sentence, i, h int) bool {
	for n := i; n < h; n++ {
		if m, ok := d.k.topics.lookup(s, n, nil); ok && m.J <= h {
			return true
		}
	}
	return false
}

// settleAgreements gives an instrument named only by an anaphor ("the
// deal") the topics of the sentence before it.
func (d *doc) settleAgreements() {
	for _, a := range d.agrees {
		if !a.anaphoricTopics {
			continue
		}
		for _, u := range d.topics {
			if u.S.Index == a.sent-1 && u.E.relKey == "" {
				a.Topics = appendEntity(a.Topics, u.E)
			}
		}
	}
}
