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
	for _, s := range d.sents {
		covered := make([]bool, len(s.Toks))
		for _, m := range d.mentions {
			if m.S == s && m.Kind != kTitle {
				for k := m.I; k < m.J; k++ {
					covered[k] = true
				}
			}
		}
		// lists after cues
		for i := 0; i < len(s.Toks); i++ {
			c, j := d.cueAt(s, i)
			if c == nil {
				continue
			}
			for _, it := range d.listItems(s, j, c.Generic) {
				d.addTopic(s, it.i, it.j, it.name, it.entry)
				for k := it.i; k < it.j; k++ {
					covered[k] = true
				}
			}
			i = j - 1
		}
		// gazetteer topics
		for i := 0; i < len(s.Toks); i++ {
			if covered[i] || !s.Toks[i].Word {
				continue
			}
			m, ok := d.k.topics.lookup(s, i, func(f *form) bool { return !f.E.Generic })
			if !ok {
				continue
			}
			clash := false
			for k := m.I; k < m.J; k++ {
				clash = clash || covered[k]
			}
			if clash || (s.Toks[i].Cap && !m.Forms[0].Acronym && !s.Caps && !d.sentenceInitial(s, i) && !m.Forms[0].Proper) {
				continue
			}
			if s.Caps {
				continue
			}
			d.addTopic(s, m.I, m.J, s.span(m.I, m.J), m.Forms[0].E)
			i = m.J - 1
		}
		d.relationTopics(s)
	}
}

func (d *doc) addTopic(s *sentence, i, j int, name string, en *entry) {
	e := d.topicEntity(name, en)
	d.topics = append(d.topics, &topicUse{E: e, S: s, I: i, J: j})
}

// cueAt matches a topic cue at token i; it returns the cue and the token
// after it.
func (d *doc) cueAt(s *sentence, i int) (*topicCue, int) {
	for n := range d.k.topicCues {
		c := &d.k.topicCues[n]
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
		t := toks[end]
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
	for _, p := range parts {
		a, b := p[0], p[1]
		if a < b && toks[a].lower() == "and" || a < b && toks[a].lower() == "or" {
			a++
		}
		if a >= b {
			continue
		}
		if it, ok := d.topicItem(s, a, b, generic); ok {
			out = append(out, it)
			continue
		}
		// "X and Y" inside one comma part
		split := -1
		for k := a; k < b; k++ {
			if toks[k].lower() == "and" || toks[k].lower() == "or" {
				split = k
			}
		}
		if split > a {
			if it, ok := d.topicItem(s, a, split, generic); ok {
				out = append(out, it)
			}
			if it, ok := d.topicItem(s, split+1, b, generic); ok {
				out = append(out, it)
			}
		}
	}
	return out
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
	name := s.span(a, b)
	if m, ok := d.k.topics.lookup(s, a, func(f *form) bool { return generic || !f.E.Generic }); ok && m.J == b {
		return listItem{i: a, j: b, name: name, entry: m.Forms[0].E}, true
	}
	// a phrase that holds a known topic is that topic: "superpower arms
	// control moves" is arms control, "trade issues" trade
	for k := a; k < b; k++ {
		if m, ok := d.k.topics.lookup(s, k, nil); ok && m.J <= b {
			return listItem{i: m.I, j: m.J, name: s.span(m.I, m.J), entry: m.Forms[0].E}, true
		}
	}
	words := s.wordIdx(a, b)
	if len(words) == 0 || len(words) > 5 {
		return listItem{}, false
	}
	for _, k := range words {
		t := toks[k]
		if t.Cap && !t.Upper || isNumberWord(t.Text) {
			return listItem{}, false
		}
		if d.k.vague.has(t.lower()) && k == words[len(words)-1] {
			return listItem{}, false
		}
	}
	for k := a; k < b; k++ {
		if d.mentionStartingAt(s, k, kNone) != nil {
			return listItem{}, false
		}
		if t := toks[k]; !t.Word && t.Text != "-" {
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

var fillers = map[string]bool{
	"emerging": false, "other": true, "such": true, "various": true, "key": true, "areas": false,
	"the": true, "areas of": false, "fields": false, "both": true, "more": true, "further": true,
}

// relationTopics reads "U.S.-Pakistan relations", "China-South Korea
// ties": bilateral relations as a topic.
func (d *doc) relationTopics(s *sentence) {
	toks := s.Toks
	for i := 0; i+1 < len(toks); i++ {
		w := toks[i].lower()
		if w != "relations" && w != "ties" && w != "relationship" {
			continue
		}
		// countries joined by hyphens right before
		var cs []*entity
		k := i - 1
		for k >= 0 {
			m := d.mentionEndingAt(s, k+1, kCountry)
			if m == nil || m.E == nil {
				break
			}
			cs = append([]*entity{m.E}, cs...)
			k = m.I - 1
			if k >= 0 && (toks[k].Text == "-" || toks[k].Text == "–") {
				k--
				continue
			}
			break
		}
		if len(cs) == 2 && cs[0] != cs[1] {
			name := s.span(k+1, i+1)
			d.addTopic(s, k+1, i+1, name, nil)
		}
	}
}
