package extract

import (
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// topicCue is one line of rules/topic-cues.tsv: words after which a list
// of subjects follows ("cooperation in X, Y and Z", "covering X").
type topicCue struct {
	Words []string
	// Generic lets broad one-word fields (finance, agriculture) count in
	// the list that follows.
	Generic bool
}

func (k *knowledge) loadTopicCues() error {
	rows, err := readTSV("topic-cues.tsv")
	if err != nil {
		return err
	}
	for _, r := range rows {
		k.topicCues = append(k.topicCues, topicCue{Words: strings.Fields(strings.ToLower(r["cue"])), Generic: r["fields"] == "yes"})
	}
	sort.SliceStable(k.topicCues, func(i, j int) bool { return len(k.topicCues[i].Words) > len(k.topicCues[j].Words) })
	k.cueIndex = map[string][]*topicCue{}
	for n := range k.topicCues {
		c := &k.topicCues[n]
		k.cueIndex[c.Words[0]] = append(k.cueIndex[c.Words[0]], c)
	}
	vague, err := readSet("vague-topics.txt")
	if err != nil {
		return err
	}
	k.vague = vague
	return nil
}

// topicUse is a topic as one sentence raises it.
type topicUse struct {
	E    *entity
	S    *sentence
	I, J int
}

// topicEntity returns the document's topic entity for a name, keyed by the
// gazetteer's canonical name when there is one.
func (d *doc) topicEntity(name string, en *entry) *entity {
	canon := name
	if en != nil {
		canon = en.Name
	}
	e := d.entityFor(kTopic, vocab.Key(canon), func() *entity { return &entity{Name: canon, Entry: en} })
	if en == nil || !strings.EqualFold(name, en.Name) {
		e.addName(name)
	}
	return e
}

// findTopics finds the topics of the document: gazetteer topics anywhere
// outside names, and the items of lists introduced by a cue.
func (d *doc) findTopics() {
	var owner []*mention // reused from sentence to sentence
	var listed []bool
	for _, s := range d.sents {
		// names (resolved mentions) own their words ("National Cancer
		// Institute" is no topic "cancer"); lists own theirs
		owner = append(owner[:0], make([]*mention, len(s.Toks))...)
		listed = append(listed[:0], make([]bool, len(s.Toks))...)
		for _, m := range d.in(s) {
			if m.Kind != kTitle && m.E != nil {
				for k := m.I; k < m.J; k++ {
					owner[k] = m
				}
			}
		}
		// lists after cues
		for i := 0; i < len(s.Toks); i++ {
			c, j := d.cueAt(s, i)
			if c == nil {
				continue
			}
			end := j
			for _, it := range d.listItems(s, j, c.Generic) {
				d.addTopic(s, it.i, it.j, it.name, it.entry)
				for k := it.i; k < it.j; k++ {
					listed[k] = true
				}
				end = max(end, it.j)
			}
			i = end - 1 // past the list: a cue inside it starts no second one
		}
		// gazetteer topics; one may hold a name when it is more than the
		// name: "war in Afghanistan", "Rohingya crisis", "one-China
		// principle", but not "Cancer" in "National Cancer Institute"
		for i := 0; i < len(s.Toks); i++ {
			if listed[i] || !s.Toks[i].Word || s.Caps {
				continue
			}
			m, ok := d.k.topics.lookup(s, i, func(f *form) bool { return !f.E.Generic })
			if !ok {
				continue
			}
			if !d.topicFits(s, m, owner, listed) {
				continue
			}
			if m.J-m.I == 2 && s.Toks[m.I].lower() == "bilateral" && relationHeads[s.Toks[m.I+1].lower()] != "" {
				i = m.J - 1
				continue // the story's pair, see relationTopics
			}
			d.addTopic(s, m.I, m.J, s.span(m.I, m.J), m.Forms[0].E)
			i = m.J - 1
		}
		d.relationTopics(s)
	}
}

// topicFits decides whether a gazetteer topic match stands: it must not
// overlap a list item, must hold whole any name it overlaps and be longer
// than it, and a lower-case topic must not be a capitalized word of a name
// nobody resolved ("Framework Program").
func (d *doc) topicFits(s *sentence, m match, owner []*mention, listed []bool) bool {
	for k := m.I; k < m.J; k++ {
		if listed[k] {
			return false
		}
		if o := owner[k]; o != nil && (o.I < m.I || o.J > m.J || o.J-o.I == m.J-m.I) {
			return false
		}
	}
	f := m.Forms[0]
	if s.Toks[m.I].Cap && !f.Acronym && !f.Proper && !d.sentenceInitial(s, m.I) {
		return false
	}
	return true
}

func (d *doc) addTopic(s *sentence, i, j int, name string, en *entry) {
	e := d.topicEntity(name, en)
	d.topics = append(d.topics, &topicUse{E: e, S: s, I: i, J: j})
}

// cueAt matches a topic cue at token i; it returns the cue and the token
// after it.
func (d *doc) cueAt(s *sentence, i int) (*topicCue, int) {
	if !s.Toks[i].may(wcCueStart) {
		return nil, 0
	}
	for _, c := range d.k.cueIndex[s.Toks[i].lower()] {
		j := i
		ok := true
		for _, w := range c.Words {
			if j >= len(s.Toks) || s.Toks[j].lower() != w {
				ok = false
				break
			}
			j++
		}
		if ok {
			return c, j
		}
	}
	return nil, 0
}

type listItem struct {
	i, j  int
	name  string
	entry *entry
}

// listItems reads "X, Y, and Z" from token j: noun phrases in lower case
// separated by commas and "and". An item that the gazetteer knows as a
// whole keeps its "and" ("economy and trade", "science and technology").
func (d *doc) listItems(s *sentence, j int, generic bool) []listItem {
	toks := s.Toks
	// the list runs to the end of the clause
	end := j
	for end < len(toks) {
		t := &toks[end]
		w := t.lower()
		if t.Text == "." || t.Text == ";" || t.Text == ":" || boundary[w] && w != "said" || w == "so" || w == "to" && end+1 < len(toks) && !toks[end+1].Cap && toks[end+1].lower() != "the" {
			break
		}
		if w == "as" && end+1 < len(toks) && toks[end+1].lower() == "well" {
			end += 3 // "as well as" joins items
			continue
		}
		end++
	}
	// split at commas
	var parts [][2]int
	start := j
	for k := j; k <= end; k++ {
		if k == end || toks[k].Text == "," || (toks[k].lower() == "as" && k+2 < end && toks[k+1].lower() == "well") {
			if k > start {
				parts = append(parts, [2]int{start, k})
			}
			if k < end && toks[k].lower() == "as" {
				k += 2
			}
			start = k + 1
		}
	}
	var out []listItem
	for n, p := range parts {
		a, b := p[0], p[1]
		// "..., in addition to discussing ...": the list is over
		if n > 0 && a < b && listStops[toks[a].lower()] {
			break
		}
		if a < b && toks[a].lower() == "and" || a < b && toks[a].lower() == "or" {
			a++
		}
		if a >= b {
			continue
		}
		// "X and Y" inside one comma part is two items, unless the
		// gazetteer knows the whole ("economy and trade")
		split := -1
		for k := a; k < b; k++ {
			if toks[k].lower() == "and" || toks[k].lower() == "or" {
				split = k
			}
		}
		if split > a && !d.knownTopic(s, a, b, generic) {
			if it, ok := d.topicItem(s, a, split, generic); ok {
				out = append(out, it)
			}
			if it, ok := d.topicItem(s, split+1, b, generic); ok {
				out = append(out, it)
			}
			continue
		}
		if it, ok := d.topicItem(s, a, b, generic); ok {
			out = append(out, it)
		}
	}
	return out
}

// isAdjective guesses from its ending that a word is an adjective, which
// cannot end a noun phrase: "regional", "latest", "economic".
func isAdjective(w string) bool {
	for _, suf := range []string{"al", "ic", "ive", "ous", "est", "ful", "less", "ary", "ern"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// listStops open a phrase that is no list item: the list ended before.
var listStops = map[string]bool{
	"in": true, "on": true, "at": true, "to": true, "for": true, "with": true, "while": true, "as": true,
	"by": true, "from": true, "after": true, "before": true, "which": true, "who": true, "where": true,
	"saying": true, "adding": true, "but": true,
}

// knownTopic reports whether tokens [a, b), determiners aside, are exactly
// a gazetteer topic.
func (d *doc) knownTopic(s *sentence, a, b int, generic bool) bool {
	for a < b && (determiners[s.Toks[a].lower()] || fillers[s.Toks[a].lower()]) {
		a++
	}
	m, ok := d.k.topics.lookup(s, a, func(f *form) bool { return generic || !f.E.Generic })
	return ok && m.J == b
}

// topicItem validates one list item as a topic: the gazetteer knows it, or
// it is a short noun phrase in lower case that is not vague.
func (d *doc) topicItem(s *sentence, a, b int, generic bool) (listItem, bool) {
	toks := s.Toks
	// leading determiners and fillers
	for a < b && (determiners[toks[a].lower()] || fillers[toks[a].lower()]) {
		a++
	}
	for b > a && !toks[b-1].Word {
		b--
	}
	if a >= b {
		return listItem{}, false
	}
	if last := toks[b-1].lower(); strings.HasSuffix(last, "ly") || adverbs[last] {
		return listItem{}, false // "challenges together": a clause, not a subject
	}
	if !d.knownTopic(s, a, b, generic) && isAdjective(toks[b-1].lower()) {
		return listItem{}, false // "latest regional (and international developments)"
	}
	name := s.span(a, b)
	if m, ok := d.k.topics.lookup(s, a, func(f *form) bool { return generic || !f.E.Generic }); ok && m.J == b {
		return listItem{i: a, j: b, name: name, entry: m.Forms[0].E}, true
	}
	// a phrase that holds a known topic is that topic: "superpower arms
	// control moves" is arms control, "trade issues" trade
	var best match
	for k := a; k < b; k++ {
		if m, ok := d.k.topics.lookup(s, k, func(f *form) bool { return generic || !f.E.Generic }); ok && m.J <= b && m.J-m.I > best.J-best.I {
			best = m
		}
	}
	if best.Forms != nil {
		return listItem{i: best.I, j: best.J, name: s.span(best.I, best.J), entry: best.Forms[0].E}, true
	}
	words := s.wordIdx(a, b)
	if len(words) == 0 || len(words) > 5 {
		return listItem{}, false
	}
	for _, k := range words {
		t := &toks[k]
		if t.Cap && !t.Upper || isNumberWord(t.Text) {
			return listItem{}, false
		}
		if d.k.vague.has(t.lower()) && k == words[len(words)-1] {
			return listItem{}, false
		}
	}
	for k := a; k < b; k++ {
		if d.mentionStartingAt(s, k, kNone) != nil || isVerbLike(d.k, toks[k].lower()) {
			return listItem{}, false
		}
		if t := &toks[k]; !t.Word && t.Text != "-" {
			return listItem{}, false
		}
	}
	if d.k.vague.has(vocab.Key(name)) || (len(words) == 1 && !generic) {
		return listItem{}, false
	}
	if strings.HasSuffix(toks[words[0]].lower(), "ing") && len(words) > 1 {
		// "controlling opioids": the thing, not the doing
		if it, ok := d.topicItem(s, words[1], b, generic); ok {
			return it, true
		}
	}
	return listItem{i: a, j: b, name: strings.ToLower(name), entry: nil}, true
}

// isVerbLike: a list item holding a finite verb is a clause, not a
// subject ("the ministry said", "issue would affect").
func isVerbLike(k *knowledge, w string) bool {
	switch w {
	case "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
		"should", "may", "might", "must", "do", "does", "did", "shall":
		return true
	}
	return k.speechVerbs.has(w)
}

var adverbs = map[string]bool{
	"together": true, "again": true, "also": true, "too": true, "well": true, "abroad": true,
	"ahead": true, "forward": true, "jointly": true, "further": true, "more": true, "better": true,
}

// fillers open a list item without being part of the subject ("other
// areas", "various fields").
var fillers = map[string]bool{
	"other": true, "such": true, "various": true, "key": true, "the": true, "both": true, "more": true, "further": true,
}

// relationHeads are the nouns of a relation between two countries, with
// the word the topic uses for each.
var relationHeads = map[string]string{
	"relations": "relations", "ties": "relations", "relationship": "relations",
	"dispute": "dispute", "disputes": "dispute", "tensions": "tensions", "conflict": "conflict",
}

// relationTopics reads relations between two countries as a topic:
// "U.S.-Pakistan relations", "China–ROK relations", "ties between Hanoi
// and Beijing", "its disputes with Greece", and "bilateral relations"
// (the story's two countries). One pair and head make one topic,
// whichever way it is written.
func (d *doc) relationTopics(s *sentence) {
	toks := s.Toks
	for i := 0; i < len(toks); i++ {
		if !toks[i].may(wcRelationHead) {
			continue
		}
		head, ok := relationHeads[toks[i].lower()]
		if !ok {
			continue
		}
		var cs []*entity
		label := ""
		start := i
		// "A-B relations"
		if m := d.mentionEndingAt(s, i, kCountry); m != nil && m.E != nil && m.I >= 2 && isDash(toks[m.I-1]) {
			if m2 := d.mentionEndingAt(s, m.I-1, kCountry); m2 != nil && m2.E != nil {
				cs = []*entity{m2.E, m.E}
				start = m2.I
				label = s.span(m2.I, i+1)
			}
		}
		// "bilateral relations"
		if cs == nil && i > 0 && toks[i-1].lower() == "bilateral" {
			cs = d.countryPair()
			start = i - 1
		}
		// "relations between A and B", "disputes with B"
		if cs == nil && i+2 < len(toks) && (toks[i+1].lower() == "between" || toks[i+1].lower() == "with") {
			k := i + 2
			if toks[k].lower() == "the" {
				k++
			}
			if m := d.mentionStartingAt(s, k, kCountry); m != nil && m.E != nil {
				if toks[i+1].lower() == "between" {
					j := m.J
					if j+1 < len(toks) && toks[j].lower() == "and" {
						if m2 := d.mentionStartingAt(s, j+1, kCountry); m2 != nil && m2.E != nil {
							cs = []*entity{m.E, m2.E}
						} else if m2 := d.mentionStartingAt(s, j+2, kCountry); m2 != nil && m2.E != nil && toks[j+1].lower() == "the" {
							cs = []*entity{m.E, m2.E}
						}
					}
				} else if c := d.possessorCountry(s, i); c != nil {
					cs = []*entity{c, m.E}
				}
			}
		}
		if len(cs) != 2 || cs[0] == cs[1] {
			continue
		}
		a, b := cs[0], cs[1]
		if a.Code > b.Code {
			a, b = b, a
		}
		if label == "" {
			label = a.Name + "-" + b.Name + " " + head
		}
		key := a.Code + "-" + b.Code + " " + head
		e := d.entityFor(kTopic, vocab.Key(key), func() *entity { return &entity{Name: label, relKey: key} })
		e.addName(label)
		d.topics = append(d.topics, &topicUse{E: e, S: s, I: start, J: i + 1})
	}
}

// possessorCountry: the country whose relations these are, "Turkey ...
// its disputes" or "Japan's ties".
func (d *doc) possessorCountry(s *sentence, i int) *entity {
	toks := s.Toks
	if i > 0 && toks[i-1].isPossessive() {
		if m := d.mentionEndingAt(s, i-1, kCountry); m != nil {
			return m.E
		}
	}
	if i > 0 && toks[i-1].lower() == "its" {
		var last *entity
		for _, m := range d.in(s) {
			if m.Kind == kCountry && m.E != nil && m.J <= i-1 {
				last = m.E
			}
		}
		return last
	}
	return nil
}

func isDash(t token) bool { return t.Text == "-" || t.Text == "–" || t.Text == "‐" }
