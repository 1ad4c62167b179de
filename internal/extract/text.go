package extract

import (
	"encoding/binary"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// sentence is one sentence of a document with its tokens.
type sentence struct {
	Text  string
	Para  int // paragraph number; 0 is the title
	Index int // position in the document
	Toks  []token
	// Caps is set for headline-style all-caps sentences, where letter case
	// says nothing about proper names.
	Caps bool
	// memo holds each lexicon's hits by token (see lexicon.hits).
	memo [2][][]hit
	// arena, when set, holds the memos' memory.
	arena *arena
	// times memoizes the sentence's time expressions (see doc.timesOf).
	times     []when
	timesDone bool
}

// token is a word, number or punctuation mark with its byte span in the
// sentence text.
type token struct {
	Text       string
	Lower      string // Text in lower case
	Key        string // vocab.Key of a word ("U.S." → "u s"), "" for punctuation
	Start, End int
	Word       bool // letters or digits
	Cap        bool // first letter upper case
	Upper      bool // all letters upper case and at least two letters
	Space      bool // preceded by white space (or sentence start)
	// wid caches the word id of Key in the lexicons' word list: 0 not
	// looked up yet, -1 no such word, else the id plus one.
	wid int32
	cls wordClass // the word lists Lower is in (see classify)
}

// paragraphs splits body text into paragraphs at blank lines and joins the
// lines inside each.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if !singleSpaced(p) {
			p = strings.Join(strings.Fields(p), " ")
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// singleSpaced reports whether words in p are already joined by single
// spaces, with none around them: as ingest leaves paragraphs, and what
// joining the fields of p would give.
func singleSpaced(p string) bool {
	if p == "" {
		return true
	}
	if p[0] == ' ' || p[len(p)-1] == ' ' || strings.Contains(p, "  ") {
		return false
	}
	for _, c := range [...]byte{'\t', '\n', '\v', '\f', '\r'} {
		if strings.IndexByte(p, c) >= 0 {
			return false
		}
	}
	// ASCII is settled, by vectorized searches that cost less than a loop;
	// what is left is a space outside ASCII (no-break, em space, ...).
	for i := 0; i < len(p); i++ {
		if p[i] >= utf8.RuneSelf {
			return singleSpacedRunes(p[i:])
		}
	}
	return true
}

// singleSpacedRunes is singleSpaced for text that starts with a rune
// outside ASCII, preceded by a word.
func singleSpacedRunes(p string) bool {
	prevSpace := false
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					return false
				}
				prevSpace = true
			} else if asciiSpace[c] {
				return false
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(p[i:])
		if unicode.IsSpace(r) {
			return false
		}
		prevSpace = false
		i += n
	}
	return !prevSpace || p == ""
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// segment turns a title and a body into sentences. The title, when
// present, is paragraph 0 (one sentence unless it is overlong). Tokens and
// memos come from a, which may be nil.
func (k *knowledge) segment(a *arena, title, body string) []*sentence {
	out := make([]*sentence, 0, 32)
	var slab []sentence // sentences are made sixteen to an allocation
	add := func(text string, toks []token, para int) {
		if len(slab) == cap(slab) {
			slab = make([]sentence, 0, 16)
		}
		slab = append(slab, sentence{Text: text, Para: para, Index: len(out), Toks: toks, arena: a})
		s := &slab[len(slab)-1]
		s.Caps = isCaps(s.Toks)
		out = append(out, s)
	}
	if t := strings.Join(strings.Fields(title), " "); t != "" {
		if toks := a.tokenize(t); len(toks) > 0 {
			k.classify(toks)
			emitBounded(toks, t, 0, len(toks), func(text string, toks []token) { add(text, toks, 0) })
		}
	}
	for i, p := range paragraphs(body) {
		toks := a.tokenize(p)
		k.classify(toks)
		k.splitSentences(toks, p, func(text string, toks []token) { add(text, toks, i+1) })
	}
	return out
}

// splitSentences cuts a paragraph into sentences at a full stop, question
// or exclamation mark (with the quotes and brackets that close after it)
// followed by a capital, a digit or an opening quote — unless the stop ends
// an abbreviation ("Mr.", "Gen.", "Nov."), which the abbreviations of the
// Punkt English model (github.com/neurosnap/sentences) and
// rules/abbreviations.txt list. Dotted abbreviations ("U.S.", "J.") are one
// token and never end a sentence unless an ordinary sentence opener
// follows ("... in the U.S. The talks ..."). It calls fn with each
// sentence's text and its tokens, cut from toks, the tokens of p.
func (k *knowledge) splitSentences(toks []token, p string, fn func(string, []token)) {
	emit := func(a, b int) {
		if a >= b {
			return
		}
		emitBounded(toks, p, a, b, fn)
	}
	start := 0
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		end := -1
		switch {
		case !t.Word && (t.Text == "." || t.Text == "?" || t.Text == "!" || t.Text == "…"):
			end = i + 1
			for end < len(toks) && isCloser(toks[end].Text) && !toks[end].Space {
				end++
			}
			if end < len(toks) && (!opensSentence(toks[end]) || !toks[end].Space && end == i+1) {
				end = -1 // ".125", "BPCL.L": no space, no sentence end
			} else if t.Text == "." && i > start && toks[i-1].Word && !t.Space && toks[i-1].in(wcAbbrev, k.abbrevs) {
				end = -1 // "Mr. Blair", "Nov. 1"
			}
		case t.Word && strings.HasSuffix(t.Text, ".") && i+1 < len(toks) && sentenceOpeners[toks[i+1].lower()] && toks[i+1].Cap:
			end = i + 1 // "... in the U.S. The talks ..."
		}
		if end > 0 {
			emit(start, end)
			start = end
			i = end - 1
		}
	}
	emit(start, len(toks))
}

// maxSentenceTokens bounds a sentence. Text with no sentence ends (a table,
// a list run together, junk) is cut into pieces of at most this many
// tokens, because some rules compare each token or mention of a sentence
// with the others, which must not grow without bound. The longest sentence
// of the 22k-article corpus has 319 tokens.
const maxSentenceTokens = 400

// boundedCut returns where to end a piece of an overlong sentence that
// starts at token a: after the last comma, semicolon or colon of its
// second half, else at the bound.
func boundedCut(toks []token, a int) int {
	for c := a + maxSentenceTokens - 1; c > a+maxSentenceTokens/2; c-- {
		switch toks[c].Text {
		case ",", ";", ":":
			return c + 1
		}
	}
	return a + maxSentenceTokens
}

// emitBounded calls fn with the sentence of tokens [a, b) of paragraph p,
// in pieces if it is too long (see emitOne).
func emitBounded(toks []token, p string, a, b int, fn func(string, []token)) {
	for b-a > maxSentenceTokens {
		cut := boundedCut(toks, a)
		emitOne(toks, p, a, cut, fn)
		a = cut
	}
	emitOne(toks, p, a, b, fn)
}

// emitOne calls fn with the sentence of tokens [a, b) of paragraph p,
// their offsets made relative to it.
func emitOne(toks []token, p string, a, b int, fn func(string, []token)) {
	off := toks[a].Start
	text := p[off:toks[b-1].End]
	// Each token belongs to one sentence, and the caller reads no offsets
	// after this: the sentence's tokens are made relative in place, with a
	// capacity that keeps appends from reaching the next sentence's.
	st := toks[a:b:b]
	for n := range st {
		st[n].Start -= off
		st[n].End -= off
	}
	st[0].Space = true
	fn(text, st)
}

// isCloser: marks that close a sentence after its stop.
func isCloser(s string) bool {
	switch s {
	case "\"", "'", "”", "’", ")", "]", "»":
		return true
	}
	return false
}

// opensSentence: a capital, a digit or an opening mark.
func opensSentence(t token) bool {
	if t.Word {
		r, _ := utf8.DecodeRuneInString(t.Text)
		return unicode.IsUpper(r) || unicode.IsDigit(r)
	}
	switch t.Text {
	case "\"", "“", "‘", "'", "(", "[", "«", "—", "-":
		return true
	}
	return false
}

// sentenceOpeners are words that start a sentence after a dotted
// abbreviation that ends one.
var sentenceOpeners = map[string]bool{
	"the": true, "he": true, "she": true, "it": true, "they": true, "we": true, "but": true, "in": true,
	"a": true, "an": true, "this": true, "that": true, "there": true, "his": true, "her": true, "their": true,
	"its": true, "on": true, "at": true, "after": true, "officials": true, "i": true,
}

// isCaps reports whether most words of a sentence are all upper case.
func isCaps(toks []token) bool {
	words, upper := 0, 0
	for i := range toks {
		t := &toks[i]
		if !t.Word || !hasLetter(t.Text) {
			continue
		}
		words++
		if t.Upper || (len(t.Text) == 1 && unicode.IsUpper(rune(t.Text[0]))) {
			upper++
		}
	}
	return words >= 3 && upper*10 >= words*8
}

func hasLetter(s string) bool {
	for i := 0; i < len(s) && s[i] < utf8.RuneSelf; i++ {
		if asciiWord[s[i]] && s[i] > '9' {
			return true // the common case: an ASCII letter first
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// tokenize appends the tokens of s to dst. Words keep inner apostrophes
// and dotted abbreviations ("U.S.", "S."); hyphens, dashes and other marks
// are tokens of their own; a possessive "'s" is its own token.
func tokenize(dst []token, s string) []token {
	toks := slices.Grow(dst, len(s)/5+4) // news prose runs 5 to 6 bytes a token, so this rarely grows
	// One lower-case copy of s serves every token, when each character's
	// lower case is as long as it is; else each word is lowered alone.
	ls, aligned := lowerAligned(s)
	lower := func(i, j int) string {
		if aligned {
			return ls[i:j]
		}
		return strings.ToLower(s[i:j])
	}
	i := 0
	space := true
	for i < len(s) {
		// Most tokens are ASCII: spaces, marks and plain words are read
		// here by table, without runes or the Unicode tables.
		if c := s[i]; c < utf8.RuneSelf {
			switch asciiKind[c] {
			case asciiSpaceKind:
				space = true
				i++
				continue
			case asciiMarkKind:
				toks = append(toks, token{Text: s[i : i+1], Lower: s[i : i+1], Start: i, End: i + 1, Space: space})
				space = false
				i++
				continue
			}
			if j, letters, upper, ok := plainWord(s, i); ok && aligned {
				toks = append(toks, token{Text: s[i:j], Lower: ls[i:j], Key: ls[i:j], Start: i, End: j, Word: true, Space: space,
					Cap: 'A' <= c && c <= 'Z', Upper: letters >= 2 && upper == letters})
				space = false
				i = j
				continue
			}
		}
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			i += n
			continue
		case isWordRune(r):
			j := scanWord(s, i)
			w := s[i:j]
			// possessive 's / ’s split off
			if k := possessive(w); k > 0 {
				toks = append(toks, wordToken(w[:k], lower(i, i+k), i, space))
				toks = append(toks, token{Text: w[k:], Lower: lower(i+k, j), Start: i + k, End: j})
			} else {
				toks = append(toks, wordToken(w, lower(i, j), i, space))
			}
			i = j
		default:
			toks = append(toks, token{Text: s[i : i+n], Lower: s[i : i+n], Start: i, End: i + n, Space: space})
			i += n
		}
		space = false
	}
	return toks
}

// ASCII kinds for tokenize: white space (as unicode.IsSpace has it),
// letters and digits, and the rest, each a token of its own.
const (
	asciiMarkKind uint8 = iota
	asciiSpaceKind
	asciiWordKind
)

var asciiKind = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case unicode.IsSpace(rune(c)):
			t[c] = asciiSpaceKind
		case asciiWord[c]:
			t[c] = asciiWordKind
		}
	}
	return t
}()

// plainWord reads the ASCII letters and digits from i, counting letters
// and capitals. ok says that scanWord would end the word where they end,
// so that it is the token: not where a dot, an apostrophe or a letter
// outside ASCII may continue it ("U.S.", "1.5", "O'Neill", "Zürich").
func plainWord(s string, i int) (j, letters, upper int, ok bool) {
	j = i
	for j < len(s) {
		c := s[j]
		if c >= utf8.RuneSelf || !asciiWord[c] {
			break
		}
		if c >= 'A' {
			letters++
			if c <= 'Z' {
				upper++
			}
		}
		j++
	}
	if j == len(s) {
		return j, letters, upper, true
	}
	switch c := s[j]; {
	case c == '.':
		// a number goes on through a decimal point, a single letter
		// through its abbreviation dot
		ok = !(letters == 0 && j+1 < len(s) && isDigitByte(s[j+1])) && !(j-i == 1 && letters == 1)
	case c == '\'':
		ok = j+1 == len(s) || s[j+1] < utf8.RuneSelf && !asciiWord[s[j+1]]
	case c >= utf8.RuneSelf:
		r, _ := utf8.DecodeRuneInString(s[j:])
		ok = r != '’' && !isWordRune(r) && !unicode.Is(unicode.Mn, r)
	default:
		ok = true
	}
	return j, letters, upper, ok
}

// lowerAligned returns strings.ToLower(s) and true when every character
// of s has a lower case of the same length in UTF-8 (always so in ASCII),
// so that the lower case of s[i:j] is the result's [i:j].
func lowerAligned(s string) (string, bool) {
	// Eight bytes at a time while they are ASCII (see upperASCII8).
	i := 0
	for i+8 <= len(s) {
		x := load64(s[i : i+8])
		if x&highBits != 0 || upperASCII8(x) != 0 {
			break
		}
		i += 8
	}
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s, true // already lower case
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		if i+8 <= len(s) {
			if x := load64(s[i : i+8]); x&highBits == 0 {
				b = binary.LittleEndian.AppendUint64(b, x|upperASCII8(x)>>2)
				i += 8
				continue
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		lr := r
		if r < 0x2000 || r > 0x206f { // punctuation (’ “ ” —) has no case
			lr = unicode.ToLower(r)
		}
		if r == utf8.RuneError || utf8.RuneLen(lr) != n {
			return "", false // invalid UTF-8 lowers to a longer U+FFFD
		}
		b = utf8.AppendRune(b, lr)
		i += n
	}
	return string(b), true
}

const highBits = 0x8080808080808080

// load64 reads the first eight bytes of s, little-endian, in one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// upperASCII8 marks with 0x80 each byte of x, eight ASCII bytes, that is
// a capital letter: its byte plus 0x3f carries into the high bit from 'A'
// on, and its byte plus 0x25 from past 'Z' on. Or-ing in the marks shifted
// to 0x20 lowers the capitals.
func upperASCII8(x uint64) uint64 {
	return (x + 0x3f3f3f3f3f3f3f3f) &^ (x + 0x2525252525252525) & highBits
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// scanWord returns the end of the word starting at i.
func scanWord(s string, i int) int {
	// What the word so far is, kept as it grows so that a long run of
	// "A.A.A." stays linear: digits and dots only (a number), and single
	// letters joined by dots, "X" or "X.Y" ... (a dotted abbreviation).
	number, abbrev := true, true
	sinceDot := 0 // characters since the last dot
	grow := func(r rune) {
		number = number && r < utf8.RuneSelf && isDigitByte(byte(r))
		sinceDot++
		abbrev = abbrev && sinceDot == 1 && unicode.IsLetter(r)
	}
	j := i
	for j < len(s) {
		r, n := rune(s[j]), 1
		if r < utf8.RuneSelf {
			if asciiWord[r] { // most text, without the Unicode tables
				if number || abbrev {
					grow(r)
				}
				j++ // a word that is neither stays neither
				continue
			}
		} else if r, n = utf8.DecodeRuneInString(s[j:]); isWordRune(r) || unicode.Is(unicode.Mn, r) {
			grow(r)
			j += n
			continue
		}
		if r == '\'' || r == '’' {
			// inner apostrophe: O'Neill, don't, Korea's
			if r2, _ := utf8.DecodeRuneInString(s[j+n:]); j+n < len(s) && isWordRune(r2) {
				grow(r)
				j += n
				continue
			}
			break
		}
		if r == '.' {
			// dotted abbreviation: a single letter followed by a period,
			// repeated (U.S., U.S.S.R., S., J.) or number decimals (1.5)
			if number && j+1 < len(s) && isDigitByte(s[j+1]) || abbrev && sinceDot == 1 {
				sinceDot = 0
				j++
				continue
			}
		}
		break
	}
	return j
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// asciiWord tells the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

// possessive returns the offset of a trailing 's / ’s, or 0.
func possessive(w string) int {
	if n := len(w); n < 3 || w[n-1] != 's' && w[n-1] != 'S' {
		return 0 // the common case, checked first
	}
	for _, suf := range [...]string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return len(w) - len(suf)
		}
	}
	return 0
}

// wordToken makes the token of word w, whose lower case is lower.
func wordToken(w, lower string, start int, space bool) token {
	t := token{Text: w, Lower: lower, Start: start, End: start + len(w), Word: true, Space: space}
	// Most words are plain ASCII letters and digits: their key is their
	// lower case, and one pass finds their letter case.
	letters, upper := 0, 0
	plain := true
	for i := 0; i < len(w) && plain; i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			letters++
		case 'A' <= c && c <= 'Z':
			letters++
			upper++
		case '0' <= c && c <= '9':
		default:
			plain = false
		}
	}
	if plain {
		t.Key = t.Lower // vocab.Key of a plain word, without a second copy
		t.Cap = 'A' <= w[0] && w[0] <= 'Z'
		t.Upper = letters >= 2 && upper == letters
		return t
	}
	t.Key = vocab.Key(w)
	r, _ := utf8.DecodeRuneInString(w)
	t.Cap = unicode.IsUpper(r)
	letters, upper = 0, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	t.Upper = letters >= 2 && upper == letters
	return t
}

// isPossessive reports whether tok is a possessive marker.
func (t token) isPossessive() bool {
	return t.Text == "'s" || t.Text == "’s" || t.Text == "'S" || t.Text == "’S" || t.Text == "'" || t.Text == "’"
}

// lower is the token text in lower case.
func (t token) lower() string { return t.Lower }

// span returns the sentence text covered by tokens [i, j).
func (s *sentence) span(i, j int) string {
	if i >= j || i < 0 || j > len(s.Toks) {
		return ""
	}
	return s.Text[s.Toks[i].Start:s.Toks[j-1].End]
}
