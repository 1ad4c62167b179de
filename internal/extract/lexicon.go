package extract

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// kind is the kind of a gazetteer entry or document entity.
type kind int

const (
	kNone kind = iota
	kPerson
	kCountry
	kOrg
	kPlace
	kTopic
	kTitle
)

func (k kind) String() string {
	return [...]string{"none", "person", "country", "organization", "place", "topic", "title"}[k]
}

// role says how a surface form refers to its entry.
type role int

const (
	rName      role = iota // the name or an alias
	rAdjective             // a demonym that implies a country ("Chinese")
	rCapital               // a capital city, a country when used as an actor
	rSeat                  // a seat of government (White House), an organization or a place
)

// entry is one thing the gazetteers know.
type entry struct {
	Kind    kind
	Name    string   // canonical name
	Aliases []string // other names
	Code    string   // ISO code: of the country itself, or of the country a place, organization or person belongs to
	Sub     string   // place kind (city, region, sea...), organization kind, title kind
	Generic bool     // topic that counts only in an explicit list of fields
	Titles  []string // people: offices they are known for
	Broader string   // topics: the name of the broader topic
	// titleKeys are the vocab.Keys of Titles.
	titleKeys []string
}

// form is one surface form of an entry in the lexicon.
type form struct {
	E       *entry
	Role    role
	Surface string
	key     string // lexKey(Surface), the key it is filed under
	// Acronym forms (US, UN, ROK) match only the exact letters, so that
	// "us" and "Un" do not.
	Acronym bool
	// Proper forms need a capitalized first word in the text.
	Proper bool
	// capWords says for each word of Surface but "the" whether it is
	// capitalized, as properWordsFit reads it (nil: work it out).
	capWords []bool
	// From and Until bound the dates at which a historical form means its
	// entry ("Moscow" for the Soviet Union); zero for forms of any date.
	From, Until time.Time
}

// lexicon maps normalized word sequences to the forms that spell them.
type lexicon struct {
	id    int // which memo of a sentence this lexicon uses
	forms map[string][]*form
	// The keys again as a trie of word ids, which walk follows a token at a
	// time without building strings: node 0 is the root, trie maps a node
	// and a word to the next node, and nodeForms holds the forms of the key
	// that ends at each node.
	words     *wordTable
	trie      map[uint64]uint32
	root      []uint32 // the root's children by word id (0: none), the common first step
	nodeForms [][]*form
	// common holds ordinary lower-case English words, which all-caps
	// headlines make look like acronyms.
	common *frozenSet
}

// newLexicon makes an empty lexicon that numbers words with words, which
// lexicons may share.
func newLexicon(id int, words *wordTable) *lexicon {
	return &lexicon{id: id, forms: map[string][]*form{}, words: words, trie: map[uint64]uint32{}, nodeForms: [][]*form{nil}}
}

// add registers surface as a form of e.
func (l *lexicon) add(e *entry, r role, surface string) {
	surface = strings.TrimSpace(surface)
	key := lexKey(surface)
	if key == "" {
		return
	}
	f := &form{E: e, Role: r, Surface: surface, key: key}
	f.Acronym = isAcronym(surface)
	f.Proper = hasUpper(surface)
	f.capWords = capWords(surface)
	for _, g := range l.forms[key] {
		if g.E == e && g.Role == r && g.Acronym == f.Acronym {
			return
		}
	}
	l.forms[key] = append(l.forms[key], f)
	node := uint32(0)
	for _, w := range strings.Fields(key) {
		id := l.words.add(w)
		next, ok := l.trie[edge(node, id)]
		if !ok {
			next = uint32(len(l.nodeForms))
			l.nodeForms = append(l.nodeForms, nil)
			l.trie[edge(node, id)] = next
			if node == 0 {
				if int(id) >= len(l.root) {
					l.root = append(l.root, make([]uint32, int(id)+1-len(l.root))...)
				}
				l.root[id] = next
			}
		}
		node = next
	}
	l.nodeForms[node] = l.forms[key]
}

func edge(node, word uint32) uint64 { return uint64(node)<<32 | uint64(word) }

// next follows token t from node; ok is false when no key goes on that
// way. A one-word token's word id is kept in the token.
func (l *lexicon) next(node uint32, t *token, w string) (uint32, bool) {
	if w != t.Key || strings.IndexByte(w, ' ') >= 0 {
		return l.step(node, w)
	}
	id := t.wid
	if id == 0 {
		id = -1
		if n, ok := l.words.id(w); ok {
			id = int32(n) + 1
		}
		t.wid = id
	}
	if id < 0 {
		return 0, false
	}
	return l.child(node, uint32(id-1))
}

func (l *lexicon) child(node, id uint32) (uint32, bool) {
	if node == 0 {
		if int(id) < len(l.root) && l.root[id] != 0 {
			return l.root[id], true
		}
		return 0, false
	}
	next, ok := l.trie[edge(node, id)]
	return next, ok
}

// step follows the words of w (a token key, which may hold spaces: "u s"
// of "U.S.") from node; ok is false when no key goes on that way.
func (l *lexicon) step(node uint32, w string) (next uint32, ok bool) {
	for w != "" {
		part := w
		if sp := strings.IndexByte(w, ' '); sp >= 0 {
			part, w = w[:sp], w[sp+1:]
		} else {
			w = ""
		}
		id, ok := l.words.id(part)
		if !ok {
			return 0, false
		}
		if node, ok = l.child(node, id); !ok {
			return 0, false
		}
	}
	return node, true
}

// addEntry registers the name and aliases of e.
func (l *lexicon) addEntry(e *entry) {
	l.add(e, rName, e.Name)
	for _, a := range e.Aliases {
		l.add(e, rName, a)
	}
}

// lexKey is the lexicon key of a name: its vocab.Key without inner
// articles, so that "Organization of the Petroleum Exporting Countries"
// matches "Organization of Petroleum Exporting Countries".
func lexKey(s string) string {
	key := vocab.Key(s)
	if strings.Contains(key, " the ") {
		key = strings.ReplaceAll(key, " the ", " ")
	}
	return key
}

// isAcronym: two or more letters, all upper case, ignoring dots
// ("US", "U.S.", "ROK", "DPRK").
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			letters++
		case r == '.' || r == '-' || unicode.IsDigit(r):
		default:
			return false
		}
	}
	return letters >= 2
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// match is a lexicon hit on tokens [I, J) of a sentence.
type match struct {
	I, J  int
	Forms []*form
}

// lookup finds the longest lexicon match starting at token i of s, keeping
// only forms accepted by keep (nil keeps all).
func (l *lexicon) lookup(s *sentence, i int, keep func(*form) bool) (m match, ok bool) {
	// small enough to inline: most tokens start no key
	if i < len(s.Toks) && s.Toks[i].cls&l.noKey() == 0 && s.Toks[i].Word {
		m, ok = l.lookupHits(s, i, keep)
	}
	return m, ok
}

// noKey is the word class of tokens that start no key of l.
func (l *lexicon) noKey() wordClass { return wcNoKey << l.id }

// lookupHits is lookup past its first checks.
func (l *lexicon) lookupHits(s *sentence, i int, keep func(*form) bool) (match, bool) {
	found := l.hits(s, i)
	for n := len(found) - 1; n >= 0; n-- {
		h := found[n]
		// the forms that pass; while all do, the lexicon's own list, shared
		// (nobody changes a match's forms), so that most lookups allocate
		// nothing
		ok := h.forms[:0:0]
		all := true
		for k, f := range h.forms {
			if l.caseFits(s, i, h.end, f) && (keep == nil || keep(f)) {
				if !all {
					ok = append(ok, f)
				}
				continue
			}
			if all {
				all = false
				ok = append([]*form(nil), h.forms[:k]...)
			}
		}
		if all {
			ok = h.forms[:len(h.forms):len(h.forms)]
		}
		if len(ok) > 0 {
			return match{I: i, J: h.end, Forms: ok}, true
		}
	}
	return match{}, false
}

// hit is a key of the lexicon that the words from a token spell: its
// forms, and the token after them.
type hit struct {
	forms []*form
	end   int
}

// hits returns the keys the words from token i spell, shortest first,
// whatever their letter case; it remembers them in the sentence, since
// the same position is looked up many times.
func (l *lexicon) hits(s *sentence, i int) []hit {
	if l.startsNoKey(&s.Toks[i]) {
		return nil
	}
	if s.memo[l.id] == nil {
		s.memo[l.id] = s.arena.memoRow(len(s.Toks))
	}
	if h := s.memo[l.id][i]; h != nil {
		return h
	}
	var found []hit
	if a := s.arena; a != nil {
		start := len(a.hits)
		a.hits = l.walk(a.hits, s, i)
		found = a.hits[start:len(a.hits):len(a.hits)]
	} else {
		found = l.walk(nil, s, i)
	}
	if found == nil {
		found = []hit{}
	}
	s.memo[l.id][i] = found
	return found
}

// startsNoKey reports whether token t is known to start no key: most
// words, which classify marked, or whose word id tells at once, without a
// walk or a memo. classify applies the same rule, inlined, to every token.
func (l *lexicon) startsNoKey(t *token) bool {
	if t.cls&l.noKey() != 0 {
		return true
	}
	if !t.Word || t.wid == 0 || strings.IndexByte(t.Key, ' ') >= 0 {
		return false // not looked up, or more than one word ("u s")
	}
	if t.wid < 0 {
		return true
	}
	_, ok := l.child(0, uint32(t.wid-1))
	return !ok
}

// walk follows the words ahead, letting hyphens join words
// ("Asia-Pacific" = "Asia Pacific"), while some key still starts with
// them, and appends to found where a key matched.
func (l *lexicon) walk(found []hit, s *sentence, i int) []hit {
	toks := s.Toks
	node := uint32(0)
	for j := i; j < len(toks); j++ {
		t := &toks[j]
		w := ""
		switch {
		case t.Word:
			if t.Key == "the" && node != 0 {
				continue // inner articles do not count
			}
			w = t.Key
		case (t.Text == "-" || t.Text == "‐") && !t.Space && j+1 < len(toks) && toks[j+1].Word && !toks[j+1].Space:
			continue
		case t.Text == "&":
			w = "and"
		}
		if w == "" {
			break
		}
		next, ok := l.next(node, t, w)
		if !ok {
			break
		}
		node = next
		if t.Word && len(l.nodeForms[node]) > 0 {
			found = append(found, hit{l.nodeForms[node], j + 1})
		}
	}
	return found
}

// acronymLetters strips the dots, spaces and hyphens of an acronym
// ("U.S." → "US").
var acronymLetters = strings.NewReplacer(".", "", " ", "", "-", "")

// caseFits checks letter case: acronyms must be written as such, proper
// names must start with a capital (unless the sentence is all caps), and
// lower-case forms (topics) must not start inside a proper name.
func (l *lexicon) caseFits(s *sentence, i, j int, f *form) bool {
	first := &s.Toks[i]
	if s.Caps {
		// in a headline in capitals an acronym looks like any word:
		// "RESEARCH PLAN" is no PLAN, "TELL US" no US
		if f.Acronym && j == i+1 && l.common.has(first.lower()) {
			return false
		}
		return true
	}
	if f.Acronym {
		text := acronymLetters.Replace(s.span(i, j))
		want := acronymLetters.Replace(f.Surface)
		return text == want
	}
	if f.Proper {
		// every capitalized word of the form must be capitalized in the text
		// ("South Korea" but not "south Korea", "war in Afghanistan" but
		// not "war in afghanistan"); lower-case words in the form ("of",
		// "war") may be either.
		return properWordsFit(s, i, j, f)
	}
	return true
}

func properWordsFit(s *sentence, i, j int, f *form) bool {
	caps := f.capWords
	if caps == nil {
		caps = capWords(f.Surface)
	}
	k := 0
	for t := i; t < j && k < len(caps); t++ {
		if !s.Toks[t].Word || strings.EqualFold(s.Toks[t].Text, "the") {
			continue
		}
		if caps[k] && !s.Toks[t].Cap {
			return false
		}
		k++
	}
	return true
}

// capWords says for each word of a surface form but "the", split at
// spaces and hyphens, whether it starts with a capital.
func capWords(surface string) []bool {
	caps := []bool{}
	for _, w := range strings.FieldsFunc(surface, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !strings.EqualFold(w, "the") {
			r, _ := utf8.DecodeRuneInString(w)
			caps = append(caps, unicode.IsUpper(r))
		}
	}
	return caps
}
