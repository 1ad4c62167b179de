package extract

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// eventRule is one line of rules/events.tsv.
type eventRule struct {
	Words []string // trigger words, lower case
	Kind  string
	Verb  bool
	Needs string
}

func (k *knowledge) loadEventRules() error {
	rows, err := readTSV("events.tsv")
	if err != nil {
		return err
	}
	k.eventWords = map[string][]*eventRule{}
	for i, r := range rows {
		kind := r["kind"]
		ok := false
		for _, v := range vocab.Kinds {
			ok = ok || v == kind
		}
		if !ok {
			return fmt.Errorf("rules events.tsv: row %d: unknown kind %q", i+2, kind)
		}
		words := strings.Fields(strings.ReplaceAll(r["trigger"], "'", " "))
		er := &eventRule{Words: words, Kind: kind, Verb: r["pos"] == "verb", Needs: r["needs"]}
		k.events = append(k.events, *er)
		k.eventWords[words[0]] = append(k.eventWords[words[0]], er)
	}
	for _, rs := range k.eventWords {
		sort.SliceStable(rs, func(i, j int) bool { return len(rs[i].Words) > len(rs[j].Words) })
	}
	pairs, err := readLines("pairs.txt")
	if err != nil {
		return err
	}
	for _, p := range pairs {
		k.pairs = append(k.pairs, strings.Fields(strings.ToLower(p)))
	}
	sort.SliceStable(k.pairs, func(i, j int) bool { return len(k.pairs[i]) > len(k.pairs[j]) })
	return nil
}

// event is one event the document reports.
type event struct {
	Kind   string
	Date   time.Time
	Vague  bool // placed in time without a day: never inherits one
	Dir    int  // for vague times: -1 in the past, 1 to come
	Future bool
	// Status is "happened", "planned" (still to come) or "past" (history
	// the story recalls), set by settleEvents.
	Status    string
	Attendees []*entity
	Orgs      []*entity // organizers (the organization holding a summit)
	Locations []*entity
	Evidence  []*sentence
	Topics    []*entity
	sent      int
	trigger   string
	// Anaphoric events ("during the visit", "after the talks") are ones
	// already reported: they join the last event of their kind.
	Anaphoric bool
}

func (e *event) addAttendee(p *entity) {
	if p == nil {
		return
	}
	for _, a := range e.Attendees {
		if a == p {
			return
		}
	}
	e.Attendees = append(e.Attendees, p)
}

func (e *event) addLocation(p *entity) {
	if p == nil {
		return
	}
	for _, a := range e.Locations {
		if a == p {
			return
		}
	}
	e.Locations = append(e.Locations, p)
}

// triggerAt matches an event trigger at token i of s, skipping apostrophes
// ("Leaders' Meeting").
func (d *doc) triggerAt(s *sentence, i int) (*eventRule, int) {
	toks := s.Toks
	if !toks[i].Word || !toks[i].may(wcEventStart) {
		return nil, 0
	}
	for _, r := range d.k.eventWords[toks[i].lower()] {
		j, ok := i, true
		for n, w := range r.Words {
			for n > 0 && j < len(toks) && (toks[j].Text == "'" || toks[j].Text == "’") {
				j++
			}
			if j >= len(toks) || toks[j].lower() != w {
				ok = false
				break
			}
			j++
		}
		if ok {
			return r, j
		}
	}
	return nil, 0
}

// findEvents reads the events of the document sentence by sentence.
func (d *doc) findEvents() {
	for _, s := range d.sents {
		for i := 0; i < len(s.Toks); i++ {
			r, j := d.triggerAt(s, i)
			if r == nil || !d.triggerFits(s, i, j, r) {
				continue
			}
			d.readEvent(s, i, j, r)
			i = j - 1
		}
	}
	d.settleEvents()
}

var determiners = map[string]bool{
	"a": true, "an": true, "the": true, "his": true, "her": true, "their": true, "its": true, "our": true,
	"this": true, "that": true, "phone": true, "telephone": true, "first": true, "second": true,
	"joint": true, "bilateral": true, "brief": true, "regular": true, "cordial": true, "my": true,
	"separate": true, "previous": true, "next": true, "'s": true, "’s": true,
}

func (d *doc) triggerFits(s *sentence, i, j int, r *eventRule) bool {
	toks := s.Toks
	switch r.Needs {
	case "determiner":
		if i == 0 {
			return false
		}
		p := &toks[i-1]
		return determiners[p.lower()] || p.isPossessive() || p.Text == "-" || (p.Word && !p.Cap && !strings.HasSuffix(p.lower(), "ly") && d.isAdjectiveLike(p.lower()))
	case "phone":
		// "called for a ban", "called on Pyongyang": no call
		if j < len(toks) {
			switch toks[j].lower() {
			case "for", "on", "upon", "off", "it", "in":
				return false
			}
		}
		return d.hasPhoneWord(s)
	case "object":
		// "visiting Beijing", not "visiting leaders"
		return d.mentionStartingAt(s, j, kNone) != nil
	case "person":
		// "received the Ambassador of Japan", not "received a letter"
		ps, _ := d.rightParticipants(s, j, true)
		return len(ps) > 0
	case "instrument":
		for k := j; k < len(toks) && k < j+7; k++ {
			if toks[k].may(wcAgreeHead) {
				if _, ok := d.k.agreeHeads[toks[k].lower()]; ok {
					return true
				}
			}
			if toks[k].Text == "." || toks[k].Text == ";" {
				break
			}
		}
		return false
	}
	return true
}

// isAdjectiveLike accepts a few modifiers that make a noun an event
// ("small-group meeting", "cabinet meeting", "press briefing").
func (d *doc) isAdjectiveLike(w string) bool {
	switch w {
	case "group", "cabinet", "press", "news", "summit", "state", "welcome", "working", "official", "private",
		"closed", "ministerial", "bilateral", "trilateral", "emergency", "extraordinary", "annual", "formal",
		"informal", "leaders", "plenary", "high", "level", "peace", "economic", "security":
		return true
	}
	return false
}

// hasPhoneWord: a phone or call word in the sentence or in the same
// paragraph ("spoke on Thursday with ..." then "In his call with ...").
func (d *doc) hasPhoneWord(s *sentence) bool {
	check := func(s *sentence) bool {
		for i := range s.Toks {
			switch s.Toks[i].lower() {
			case "phone", "telephone", "call", "phoned", "telephoned", "video", "videoconference":
				return true
			}
		}
		return false
	}
	if check(s) {
		return true
	}
	for _, o := range d.sents {
		if o.Para == s.Para && o != s && check(o) {
			return true
		}
	}
	return false
}

// readEvent builds the event of the trigger at [i, j).
func (d *doc) readEvent(s *sentence, i, j int, r *eventRule) {
	kind := r.Kind
	ev := &event{Kind: kind, sent: s.Index, Evidence: []*sentence{s}, trigger: strings.Join(r.Words, " ")}
	ev.Future = isFuture(s)
	if i > 0 && anaphoric[s.Toks[i-1].lower()] && s.Toks[i-1].lower() != "these" && lastOfKind(d.events, kind) != nil {
		ev.Anaphoric = true // "the visit": one already reported
	}

	// "visiting Malaysian Prime Minister Anwar Ibrahim": he visits (the
	// dateline's country), whoever meets him
	if r.Needs == "object" {
		if p, _ := d.personAt(s, d.skipModifiers(s, j)); p != nil {
			ev.addAttendee(p)
			if c := d.datelineCountry(); c != nil && c != p.Country {
				ev.addLocation(c)
			}
			ev.Date, ev.Vague = d.eventTime(s, i, j)
			d.events = append(d.events, ev)
			return
		}
	}

	// participants after the trigger: "met X", "talks with X and Y"
	right, rightEnd := d.rightParticipants(s, j, r.Verb)
	// participants before: the subject of the clause, or the possessor;
	// not for an event referred back to ("the visit showed ..."), whose
	// clause is about something else
	var left []*entity
	distributive := false
	if !ev.Anaphoric {
		left, distributive = d.leftParticipants(s, i, right, ev)
	}
	if len(left) == 0 && len(right) > 0 {
		// "After a day of meetings with A, B and C, Clark told...": the
		// subject follows the fronted phrase
		if p := d.subjectAfter(s, rightEnd, right); p != nil {
			left = []*entity{p}
		}
	}

	// summits: of two leaders a meeting, of an organization or a group a
	// conference
	if r.Needs == "summit" || kind == vocab.KindMeeting {
		if org := d.orgNear(s, i, j); org != nil || d.summitOfGroup(s, j) || d.isLeadersMeeting(s, i) {
			if r.Needs == "summit" || d.isLeadersMeeting(s, i) {
				ev.Kind = vocab.KindConference
				if org != nil {
					ev.Orgs = append(ev.Orgs, org)
				}
				left, right = nil, nil
			}
		}
	}
	if ev.Kind == vocab.KindConference && len(ev.Orgs) == 0 {
		if org := d.orgNear(s, i, j); org != nil {
			ev.Orgs = append(ev.Orgs, org)
		}
	}
	// "the next meeting of G7 countries", "a meeting of the Parliamentary
	// Labour Party": a body's meeting, not one between the people around
	if !r.Verb && j+1 < len(s.Toks) && s.Toks[j].lower() == "of" {
		if org := d.orgNear(s, j, j); org != nil || d.summitOfGroup(s, j) {
			ev.Kind = vocab.KindConference
			if org != nil {
				ev.Orgs = appendEntity(ev.Orgs, org)
			}
			left, right = nil, nil
		}
	}

	// time
	if w, ok := d.nearestTime(s, i, j); ok {
		ev.Date, ev.Vague, ev.Dir = w.Date, w.Vague, w.Dir
	}
	// place
	for _, p := range d.eventPlaces(s, i, j, ev.Kind) {
		ev.addLocation(p)
	}

	// "meetings with A, B and C": one meeting with each
	plural := strings.HasSuffix(r.Words[len(r.Words)-1], "s") && !r.Verb && r.Words[len(r.Words)-1] != "talks"
	if plural && len(left) == 1 && len(right) > 1 {
		for _, p := range right {
			e2 := *ev
			e2.Attendees = nil
			e2.addAttendee(left[0])
			e2.addAttendee(p)
			d.events = append(d.events, &e2)
		}
		return
	}
	if distributive && len(left) > 1 {
		for _, p := range left {
			e2 := *ev
			e2.Attendees = nil
			e2.addAttendee(p)
			for _, q := range right {
				e2.addAttendee(q)
			}
			d.events = append(d.events, &e2)
		}
		return
	}
	for _, p := range left {
		ev.addAttendee(p)
	}
	for _, p := range right {
		ev.addAttendee(p)
	}
	d.events = append(d.events, ev)
}

func isQuote(w string) bool {
	return w == "\"" || w == "“" || w == "”"
}

// skipModifiers skips the demonyms, possessives and titles before a name:
// "Malaysian Prime Minister" in "visiting Malaysian Prime Minister Anwar".
func (d *doc) skipModifiers(s *sentence, k int) int {
	for k < len(s.Toks) {
		if m := d.mentionStartingAt(s, k, kCountry); m != nil {
			k = m.J
		} else if m := d.mentionStartingAt(s, k, kTitle); m != nil {
			k = m.J
		} else if s.Toks[k].isPossessive() {
			k++
		} else {
			return k
		}
	}
	return k
}

// boundary words end the clause of a trigger.
var boundary = map[string]bool{
	"when": true, "while": true, "because": true, "although": true, "though": true, "but": true,
	"which": true, "who": true, "whom": true, "whose": true, "where": true, "that": true, "if": true,
	"unless": true, "whereas": true, "hours": true, "days": true, "weeks": true, "said": true,
	"says": true, "told": true, "after": true, "before": true, "since": true, "until": true,
	";": true, ":": true, "—": true, "–": true, "“": true, "”": true, "\"": true,
}

// rightParticipants collects the people named after a trigger: "with X",
// "between X and Y", "for X", "in honor of X", a verb's object, and lists
// "X, Y and Z". Before the first name it skips the words of the phrase
// ("with high-ranking officials from Pakistan's military, including army
// chief General"); after it, only the glue of a list ("," "and", titles,
// demonyms). It returns the people and the token where the list ended.
func (d *doc) rightParticipants(s *sentence, j int, verb bool) ([]*entity, int) {
	toks := s.Toks
	var out []*entity
	sawAnd := false
	// a verb takes its object directly ("met X"); a noun through a
	// preposition ("talks with X", "visits by X", "a banquet for X")
	opened := verb
	k := j
	for n := 0; k < len(toks) && n < 40; n++ {
		t := &toks[k]
		w := t.lower()
		if boundary[w] || t.Text == "." {
			break
		}
		switch w {
		case "with", "between", "by", "for", "of", "among", "including", "involving", "honor", "honour":
			opened = true
		}
		if !opened {
			if k-j > 6 {
				break
			}
			k++
			continue
		}
		if w == "to" && k+1 < len(toks) && toks[k+1].Word && !toks[k+1].Cap && !determiners[toks[k+1].lower()] {
			break // "met X to talk about"
		}
		if p, end := d.personAt(s, k); p != nil {
			out = appendEntity(out, p)
			k = end
			continue
		}
		if len(out) == 0 {
			if k-j > 14 {
				break
			}
			k++
			continue
		}
		// after a name: only list glue
		switch {
		case t.Text == ",":
			if sawAnd {
				return out, k
			}
		case w == "and" || w == "including" || w == "as" || w == "well" || w == "the" || t.isPossessive():
			if w == "and" {
				sawAnd = true
			}
		case d.mentionStartingAt(s, k, kTitle) != nil:
			k = d.mentionStartingAt(s, k, kTitle).J
			continue
		case d.mentionStartingAt(s, k, kCountry) != nil:
			k = d.mentionStartingAt(s, k, kCountry).J
			continue
		default:
			return out, k
		}
		k++
	}
	return out, k
}

// personAt returns the person named at token k (by a name mention, or a
// title used as a name: "Myanmar's army chief") and the token after it.
func (d *doc) personAt(s *sentence, k int) (*entity, int) {
	for _, m := range d.in(s) {
		if m.I == k && m.E != nil && m.E.Kind == kPerson {
			return m.E, m.J
		}
	}
	// a nominal: [Country's|Demonym] title, not followed by a name
	if c := d.mentionStartingAt(s, k, kCountry); c != nil {
		j := c.J
		if j < len(s.Toks) && s.Toks[j].isPossessive() {
			j++
		}
		if t := d.mentionStartingAt(s, j, kTitle); t != nil && !d.namedAfter(t) && t.Form != nil && t.Form.E.Sub != "honorific" {
			if p := d.personNamed(t.Form.E.Name, c.E); p != nil {
				return p, t.J
			}
		}
	}
	if t := d.mentionStartingAt(s, k, kTitle); t != nil && !d.namedAfter(t) && t.Form != nil && t.Form.E.Sub != "honorific" {
		if k > 0 && (s.Toks[k-1].lower() == "the" || s.Toks[k-1].lower() == "its") {
			if p := d.personWithTitle(t.Form.E.Name, nil); p != nil {
				return p, t.J
			}
		}
	}
	return nil, 0
}

func appendEntity(list []*entity, e *entity) []*entity {
	for _, x := range list {
		if x == e {
			return list
		}
	}
	return append(list, e)
}

// leftParticipants finds who holds the event from the words before the
// trigger: a possessive ("his visit", "Mattis' visit"), a pair phrase
// ("the two leaders", "their talks"), or the subject of the clause with
// its coordinated names ("Reagan and Chirac signed"). distributive is set
// for "X and Y both held meetings".
func (d *doc) leftParticipants(s *sentence, i int, right []*entity, ev *event) ([]*entity, bool) {
	toks := s.Toks
	// possessor right before the trigger (allowing adjectives between)
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		w := toks[k].lower()
		if w == "his" || w == "her" {
			if p := d.pronoun(s, k, right, ev); p != nil {
				return []*entity{p}, false
			}
			break
		}
		if toks[k].isPossessive() {
			if p := d.personEndingAt(s, k); p != nil {
				return []*entity{p}, false
			}
			break
		}
		if w == "their" {
			return d.pair(), false
		}
		if !toks[k].Word || boundary[w] {
			break
		}
	}
	// "sending Shultz to Moscow for talks": the one sent is the nearest
	if i >= 1 && (toks[i-1].lower() == "for" || i >= 2 && toks[i-2].lower() == "for" && determiners[toks[i-1].lower()]) {
		for k := i - 1; k >= 0 && k >= i-8; k-- {
			if boundary[toks[k].lower()] {
				break
			}
			if p := d.personEndingAt(s, k+1); p != nil && !containsEntity(right, p) {
				return []*entity{p}, false
			}
		}
	}
	// the clause start: back to a boundary word
	start := 0
	for k := i - 1; k >= 0; k-- {
		if w := toks[k].lower(); boundary[w] && w != "said" && w != "says" && w != "told" && !isQuote(w) {
			start = k + 1
			break
		}
	}
	// a pair phrase in the clause
	if p := d.pairPhrase(s, start, i); p != nil {
		return p, false
	}
	// the first person of the clause and those coordinated with it
	var out []*entity
	distributive := false
	for k := start; k < i; k++ {
		if p, end := d.personAt(s, k); p != nil && !containsEntity(right, p) {
			if end < len(toks) && toks[end].isPossessive() && !isTrigger(d, s, end+1, i) {
				// "King Fahd's trip follows several visits": a possessor
				// is not the subject
				k = end
				continue
			}
			out = appendEntity(out, p)
			// coordinated: "Reagan and Chirac", "Xi and Trump both"
			for end < i {
				if toks[end].lower() == "and" || toks[end].Text == "," {
					if q, e2 := d.personAt(s, d.skipModifiers(s, end+1)); q != nil {
						out = appendEntity(out, q)
						end = e2
						continue
					}
				}
				break
			}
			if end < i && toks[end].lower() == "both" {
				distributive = true
			}
			return out, distributive
		}
		if w := toks[k].lower(); (w == "he" || w == "she") && len(out) == 0 {
			if p := d.pronoun(s, k, right, ev); p != nil {
				return []*entity{p}, false
			}
		}
	}
	// "The two leaders held a press conference after a working lunch":
	// an event in a time phrase has the people of the clause before it
	if start > 0 {
		switch toks[start-1].lower() {
		case "after", "before", "during", "following":
			if start-1 > 0 {
				return d.leftParticipants(s, start-1, right, ev)
			}
		}
	}
	return nil, false
}

// isTrigger reports whether the possessed noun at k is the trigger at i
// (allowing modifiers between): "Mattis' brief visit".
func isTrigger(d *doc, s *sentence, k, i int) bool {
	return k <= i && i-k <= 2
}

func containsEntity(list []*entity, e *entity) bool {
	for _, x := range list {
		if x == e {
			return true
		}
	}
	return false
}

// personEndingAt returns the person whose mention ends at token j.
func (d *doc) personEndingAt(s *sentence, j int) *entity {
	for _, m := range d.in(s) {
		if m.J == j && m.E != nil && m.E.Kind == kPerson {
			return m.E
		}
	}
	return nil
}

// pairPhrase finds "the two leaders", "both sides"... in tokens [from, to).
func (d *doc) pairPhrase(s *sentence, from, to int) []*entity {
	toks := s.Toks
	for k := from; k < to; k++ {
		for _, p := range d.k.pairs {
			if len(p) == 1 {
				continue // "their", "they" only as possessors/subjects nearby
			}
			if k+len(p) > to {
				continue
			}
			ok := true
			for n, w := range p {
				if toks[k+n].lower() != w {
					ok = false
					break
				}
			}
			if ok {
				return d.pair()
			}
		}
		if toks[k].lower() == "they" {
			return d.pair()
		}
	}
	return nil
}

// pair returns the two main participants of the story: those of the first
// meeting or call with two or more people, else the two people named most.
func (d *doc) pair() []*entity {
	for _, e := range d.events {
		if (e.Kind == vocab.KindMeeting || e.Kind == vocab.KindCall) && len(e.Attendees) >= 2 {
			return e.Attendees[:2]
		}
	}
	return d.mostNamed(kPerson)
}

// mostNamed returns the two entities of kind k the document names most
// often, nil unless the second is named at least twice.
func (d *doc) mostNamed(k kind) []*entity {
	var es []*entity
	for _, e := range d.ents {
		if e.Kind == k {
			es = append(es, e)
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return len(es[i].Mentions) > len(es[j].Mentions) })
	if len(es) >= 2 && len(es[1].Mentions) >= 2 {
		return es[:2]
	}
	return nil
}

// pronoun resolves "he", "his", "her" at token k: the subject of the
// sentence before it, else of a fronted phrase's main clause ("In his call
// with X, Tillerson..."), else the first person of the nearest sentence
// before. People in the event's object list, and for visits the nationals
// of the country visited, are not candidates.
func (d *doc) pronoun(s *sentence, k int, exclude []*entity, ev *event) *entity {
	ok := func(p *entity) bool {
		if containsEntity(exclude, p) {
			return false
		}
		if ev != nil && ev.Kind == vocab.KindVisit {
			if dest := d.visitDestination(s, k); dest != nil && p.Country == dest {
				return false
			}
		}
		return true
	}
	for n := 0; n < k; n++ {
		if p, _ := d.personAt(s, n); p != nil && ok(p) {
			return p
		}
	}
	// fronted phrase: "In his call with X, Tillerson urged"
	comma := -1
	for n := k; n < len(s.Toks); n++ {
		if s.Toks[n].Text == "," {
			comma = n
			break
		}
	}
	if comma > 0 && k < 4 {
		for n := comma + 1; n < len(s.Toks) && n < comma+12; n++ {
			if p, _ := d.personAt(s, n); p != nil && ok(p) {
				return p
			}
		}
	}
	for b := s.Index - 1; b >= 0 && b >= s.Index-4; b-- {
		ps := d.sents[b]
		for n := range ps.Toks {
			if p, _ := d.personAt(ps, n); p != nil && ok(p) {
				return p
			}
		}
	}
	return nil
}

// visitDestination is the country of the place a visit in s goes to.
func (d *doc) visitDestination(s *sentence, from int) *entity {
	for _, p := range d.eventPlaces(s, from, from, vocab.KindVisit) {
		if p.Kind == kCountry {
			return p
		}
		if p.Country != nil {
			return p.Country
		}
	}
	return nil
}

// subjectAfter returns the first person after token j not in exclude.
func (d *doc) subjectAfter(s *sentence, j int, exclude []*entity) *entity {
	if j < len(s.Toks) && s.Toks[j].Text == "," {
		j++
	}
	for k := j; k < len(s.Toks) && k < j+8; k++ {
		if p, _ := d.personAt(s, k); p != nil && !containsEntity(exclude, p) {
			return p
		}
	}
	return nil
}

// orgNear returns an organization named next to a summit or meeting
// trigger: "APEC summit", "EU summit", "summit of the Asia Pacific
// Economic Cooperation".
func (d *doc) orgNear(s *sentence, i, j int) *entity {
	if m := d.mentionEndingAt(s, i, kOrg); m != nil && m.E != nil {
		return m.E
	}
	for _, m := range d.in(s) {
		if m.Kind == kOrg && m.E != nil && m.J <= i && m.J >= i-3 {
			return m.E
		}
	}
	k := j
	if k < len(s.Toks) && s.Toks[k].lower() == "of" {
		k++
		if k < len(s.Toks) && s.Toks[k].lower() == "the" {
			k++
		}
		if m := d.mentionStartingAt(s, k, kOrg); m != nil && m.E != nil {
			return m.E
		}
	}
	return nil
}

// summitOfGroup: "summit of Southeast Asian countries", "summit of Western
// industrial democracies".
func (d *doc) summitOfGroup(s *sentence, j int) bool {
	toks := s.Toks
	if j < len(toks) && toks[j].lower() == "of" {
		for k := j + 1; k < len(toks) && k < j+6; k++ {
			switch toks[k].lower() {
			case "countries", "nations", "states", "democracies", "leaders", "members", "economies":
				return true
			}
		}
	}
	return false
}

// isLeadersMeeting: "APEC Economic Leaders' Meeting", "leaders' summit".
func (d *doc) isLeadersMeeting(s *sentence, i int) bool {
	k := i - 1
	if k >= 0 && (s.Toks[k].Text == "'" || s.Toks[k].Text == "’") {
		k--
	}
	return k >= 0 && k < i-1 && s.Toks[k].lower() == "leaders"
}

// eventTime picks the time expression of the trigger's sentence nearest
// to it: its day, or whether it is vague and which way it points.
func (d *doc) eventTime(s *sentence, i, j int) (time.Time, bool) {
	w, ok := d.nearestTime(s, i, j)
	if !ok {
		return time.Time{}, false
	}
	return w.Date, w.Vague
}

// timesOf returns times(s, d.ref), found once per sentence: every event
// trigger of a sentence looks for its nearest time.
func (d *doc) timesOf(s *sentence) []when {
	if !s.timesDone {
		s.times, s.timesDone = times(s, d.ref), true
	}
	return s.times
}

// nearestTime returns the time expression of s nearest to tokens [i, j),
// preferring what follows.
func (d *doc) nearestTime(s *sentence, i, j int) (when, bool) {
	ws := d.timesOf(s)
	best, bestDist := when{}, 1<<30
	for _, w := range ws {
		dist := 0
		switch {
		case w.I >= j:
			dist = w.I - j
		case w.J <= i:
			dist = i - w.J + 1 // prefer what follows
		}
		if dist < bestDist {
			best, bestDist = w, dist
		}
	}
	if bestDist == 1<<30 {
		return when{}, false
	}
	return best, true
}

// eventPlaces finds where an event happens: "in/at <Place>" near the
// trigger, and for visits their destination ("visit to Beijing", "visited
// Pakistan").
func (d *doc) eventPlaces(s *sentence, i, j int, kind string) []*entity {
	var out []*entity
	toks := s.Toks
	for _, m := range d.in(s) {
		if m.E == nil || (m.Kind != kPlace && m.Kind != kCountry) {
			continue
		}
		if m.Kind == kCountry && m.Role != rName {
			continue
		}
		if m.I < i-12 || m.I > j+14 {
			continue
		}
		k := m.I - 1
		if k >= 0 && toks[k].lower() == "the" {
			k--
		}
		// "at Trump's Mar-a-Lago resort"
		if k >= 0 && toks[k].isPossessive() {
			if p := d.personEndingAt(s, k); p != nil {
				for _, pm := range p.Mentions {
					if pm.S == s && pm.J == k {
						k = pm.I - 1
					}
				}
			}
		}
		if k < 0 {
			continue
		}
		w := toks[k].lower()
		// "touring the Forbidden City": the verb's object
		if (kind == vocab.KindOther || kind == vocab.KindVisit) && k == j-1 && m.Kind == kPlace {
			out = appendEntity(out, m.E)
			continue
		}
		switch {
		case (w == "in" || w == "at") && m.Kind == kPlace:
			if !d.isRegion(m.E) || kind == vocab.KindConference || kind == vocab.KindVisit {
				out = appendEntity(out, m.E)
			}
		case kind == vocab.KindVisit && (w == "to" || w == "visits" || w == "visited" || w == "visiting" || w == "visit"):
			out = appendEntity(out, m.E)
		case w == "of" && k > 0 && toks[k-1].lower() == "city" && m.Kind == kPlace:
			out = appendEntity(out, m.E)
		case w == "there":
		}
	}
	// "dining there": the place named before
	if j < len(toks) && toks[j].lower() == "there" && len(out) == 0 {
		for _, m := range d.in(s) {
			if m.E != nil && m.Kind == kPlace && m.J <= i {
				out = []*entity{m.E}
			}
		}
	}
	return out
}

// isRegion: continents and seas are no venue for a meeting.
func (d *doc) isRegion(e *entity) bool {
	return e.Sub == "continent" || e.Sub == "sea"
}

// settleEvents dates undated events from the story, places those on the
// dateline's day at the dateline, merges repeated mentions of one event
// and drops events nobody takes part in.
func (d *doc) settleEvents() {
	sort.SliceStable(d.events, func(i, j int) bool { return d.events[i].sent < d.events[j].sent })
	// the story's day: the first day the title or lead paragraph names
	var story time.Time
	for _, s := range d.sents {
		if s.Para > 1 {
			break
		}
		for _, w := range d.timesOf(s) {
			// a day near the dateline's, not a date of history ("the
			// bloodiest attack since Sept. 11, 2001")
			if !w.Vague && story.IsZero() && (d.ref.IsZero() || absDur(w.Date.Sub(d.ref)) <= 14*24*time.Hour) {
				story = w.Date
			}
		}
	}
	var last time.Time
	for n, e := range d.events {
		if e.Anaphoric && lastOfKind(d.events[:n], e.Kind) == nil {
			e.Anaphoric = false // nothing to refer back to: a new event
		}
		switch {
		case !e.Date.IsZero():
			last = e.Date
		case e.Vague, e.Future, e.Anaphoric:
		case !last.IsZero():
			e.Date = last
		case !story.IsZero():
			e.Date = story
			last = e.Date
		case d.isLead(e.sent) && !d.ref.IsZero():
			e.Date = d.ref
			last = e.Date
		}
	}
	for _, e := range d.events {
		switch {
		case e.Future || e.Vague && e.Dir > 0 || !e.Date.IsZero() && !d.ref.IsZero() && e.Date.After(d.ref):
			e.Status = "planned"
		case e.Vague && e.Dir < 0:
			e.Status = "past"
		default:
			e.Status = "happened"
		}
	}
	for _, e := range d.events {
		if len(e.Locations) == 0 && d.dateline != nil && e.Kind != vocab.KindVisit && e.Kind != vocab.KindCall &&
			!e.Date.IsZero() && d.nearDateline(e.Date) {
			e.Locations = append(e.Locations, d.dateline)
		}
		if e.Kind == vocab.KindVisit && len(e.Locations) == 0 && d.dateline != nil && d.isLead(e.sent) && !e.Future {
			e.Locations = append(e.Locations, d.dateline)
		}
	}
	// merge: same kind, compatible dates, one's people within the other's
	var out []*event
	for _, e := range d.events {
		if e.Anaphoric {
			if o := lastOfKind(out, e.Kind); o != nil {
				// "during the visit": the one reported before; people
				// that do not fit it were misread, not a second visit
				if subset(e.Attendees, o.Attendees) || subset(o.Attendees, e.Attendees) {
					o.merge(e)
				}
				continue
			}
		}
		if len(e.Attendees) == 0 && len(e.Orgs) == 0 {
			continue // nobody named takes part: no fact
		}
		merged := false
		for _, o := range out {
			sameDay := o.Date.Equal(e.Date) || o.Date.IsZero() && !o.Future && !o.Vague || e.Date.IsZero() && !e.Future && !e.Vague
			// "KING FAHD VISITS BRITAIN THIS WEEK" and "begins a state
			// visit on Tuesday": the same people, one undated, one event
			samePeople := len(e.Attendees) > 0 && subset(e.Attendees, o.Attendees) && subset(o.Attendees, e.Attendees)
			if o.Kind != e.Kind || !(sameDay || samePeople && (o.Date.IsZero() || e.Date.IsZero())) {
				continue
			}
			if e.Kind == vocab.KindConference {
				if !sameOrgsOrPlace(o, e) {
					continue
				}
			} else if !(subset(e.Attendees, o.Attendees) || subset(o.Attendees, e.Attendees)) || len(e.Attendees) == 0 {
				continue
			}
			o.merge(e)
			merged = true
			break
		}
		if !merged {
			out = append(out, e)
		}
	}
	d.events = out
}

func lastOfKind(evs []*event, kind string) *event {
	for n := len(evs) - 1; n >= 0; n-- {
		if evs[n].Kind == kind {
			return evs[n]
		}
	}
	return nil
}

func (o *event) merge(e *event) {
	for _, p := range e.Attendees {
		o.addAttendee(p)
	}
	for _, p := range e.Locations {
		o.addLocation(p)
	}
	for _, p := range e.Orgs {
		o.Orgs = appendEntity(o.Orgs, p)
	}
	if o.Date.IsZero() {
		o.Date = e.Date
	}
	for _, s := range e.Evidence {
		dup := false
		for _, h := range o.Evidence {
			dup = dup || h == s
		}
		if !dup {
			o.Evidence = append(o.Evidence, s)
		}
	}
}

func sameOrgsOrPlace(a, b *event) bool {
	for _, x := range a.Orgs {
		if containsEntity(b.Orgs, x) {
			return true
		}
	}
	for _, x := range a.Locations {
		if containsEntity(b.Locations, x) {
			return true
		}
	}
	return false
}

func subset(a, b []*entity) bool {
	for _, x := range a {
		if !containsEntity(b, x) {
			return false
		}
	}
	return true
}

// isLead reports whether sentence n is the title or in the first
// paragraph.
func (d *doc) isLead(n int) bool {
	return n < len(d.sents) && d.sents[n].Para <= 1
}

// nearDateline: the event is on the dateline's day (or the day before).
func (d *doc) nearDateline(t time.Time) bool {
	if d.ref.IsZero() {
		return false
	}
	diff := d.ref.Sub(t)
	return diff >= 0 && diff <= 24*time.Hour
}
