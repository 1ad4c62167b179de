package extract

import (
	"strings"
	"time"
	"unicode"

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
}

// form is one surface form of an entry in the lexicon.
type form struct {
	E       *entry
	Role    role
	Surface string
	// Acronym forms (US, UN, ROK) match only the exact letters, so that
	// "us" and "Un" do not.
	Acronym bool
	// Proper forms need a capitalized first word in the text.
	Proper bool
	// From and Until bound the dates at which a historical form means its
	// entry ("Moscow" for the Soviet Union); zero for forms of any date.
	From, Until time.Time
}

// lexicon maps normalized word sequences to the forms that spell them.
type lexicon struct {
	id    int // which memo of a sentence this lexicon uses
	forms map[string][]*form
	// first holds the first word of every key: most words start none, and
	// lookups there stop at once.
	first map[string]bool
	// prefixes holds every proper word prefix of a key ("south" of
	// "south korea"), so lookups stop as soon as no key can follow.
	prefixes map[string]bool
	maxLen   int // longest form, in words
	// common holds ordinary lower-case English words, which all-caps
	// headlines make look like acronyms.
	common set
}

func newLexicon(id int) *lexicon {
	return &lexicon{id: id, forms: map[string][]*form{}, prefixes: map[string]bool{}, first: map[string]bool{}}
}

// add registers surface as a form of e.
func (l *lexicon) add(e *entry, r role, surface string) {
	surface = strings.TrimSpace(surface)
	key := lexKey(surface)
	if key == "" {
		return
	}
	f := &form{E: e, Role: r, Surface: surface}
	f.Acronym = isAcronym(surface)
	f.Proper = hasUpper(surface)
	for _, g := range l.forms[key] {
		if g.E == e && g.Role == r && g.Acronym == f.Acronym {
			return
		}
	}
	l.forms[key] = append(l.forms[key], f)
	words := strings.Fields(key)
	if n := len(words); n > l.maxLen {
		l.maxLen = n
	}
	l.first[words[0]] = true
	for n := 1; n < len(words); n++ {
		l.prefixes[strings.Join(words[:n], " ")] = true
	}
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
func (l *lexicon) lookup(s *sentence, i int, keep func(*form) bool) (match, bool) {
	toks := s.Toks
	if i >= len(toks) || !toks[i].Word {
		return match{}, false
	}
	found := l.hits(s, i)
	for n := len(found) - 1; n >= 0; n-- {
		h := found[n]
		var ok []*form
		for _, f := range l.forms[h.key] {
			if !l.caseFits(s, i, h.end, f) {
				continue
			}
			if keep != nil && !keep(f) {
				continue
			}
			ok = append(ok, f)
		}
		if len(ok) > 0 {
			return match{I: i, J: h.end, Forms: ok}, true
		}
	}
	return match{}, false
}

// hit is a key of the lexicon that the words from a token spell, and the
// token after them.
type hit struct {
	key string
	end int
}

// hits returns the keys the words from token i spell, shortest first,
// whatever their letter case; it remembers them in the sentence, since
// the same position is looked up many times.
func (l *lexicon) hits(s *sentence, i int) []hit {
	if s.memo[l.id] == nil {
		s.memo[l.id] = make([][]hit, len(s.Toks))
	}
	if h := s.memo[l.id][i]; h != nil {
		return h
	}
	found := l.walk(s, i)
	if found == nil {
		found = []hit{}
	}
	s.memo[l.id][i] = found
	return found
}

// walk follows the words ahead, letting hyphens join words
// ("Asia-Pacific" = "Asia Pacific"), while some key still starts with
// them, and notes where a key matched.
func (l *lexicon) walk(s *sentence, i int) []hit {
	toks := s.Toks
	first := toks[i].Key
	if sp := strings.IndexByte(first, ' '); sp > 0 {
		first = first[:sp] // "u s" of "U.S."
	}
	if !l.first[first] {
		return nil
	}
	var found []hit
	key := ""
	for j := i; j < len(toks); j++ {
		t := toks[j]
		w := ""
		switch {
		case t.Word:
			if t.Key == "the" && key != "" {
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
		if key == "" {
			key = w
		} else {
			key += " " + w
		}
		if t.Word && len(l.forms[key]) > 0 {
			found = append(found, hit{key, j + 1})
		}
		if !l.prefixes[key] {
			break
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
	first := s.Toks[i]
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
		return properWordsFit(s, i, j, f.Surface)
	}
	return true
}

func properWordsFit(s *sentence, i, j int, surface string) bool {
	var want []string
	for _, w := range strings.FieldsFunc(surface, func(r rune) bool { return r == ' ' || r == '-' }) {
		if !strings.EqualFold(w, "the") {
			want = append(want, w)
		}
	}
	k := 0
	for t := i; t < j && k < len(want); t++ {
		if !s.Toks[t].Word || strings.EqualFold(s.Toks[t].Text, "the") {
			continue
		}
		w := want[k]
		k++
		r := []rune(w)
		if len(r) > 0 && unicode.IsUpper(r[0]) && !s.Toks[t].Cap {
			return false
		}
	}
	return true
}
