package extract

import (
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
}

// paragraphs splits body text into paragraphs at blank lines and joins the
// lines inside each.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// segment turns a title and a body into sentences. The title is sentence 0
// of paragraph 0 when present.
func (k *knowledge) segment(title, body string) []*sentence {
	var out []*sentence
	add := func(text string, toks []token, para int) {
		s := &sentence{Text: text, Para: para, Index: len(out), Toks: toks}
		s.Caps = isCaps(s.Toks)
		out = append(out, s)
	}
	if t := strings.Join(strings.Fields(title), " "); t != "" {
		add(t, tokenize(t), 0)
	}
	for i, p := range paragraphs(body) {
		k.splitSentences(p, func(text string, toks []token) { add(text, toks, i+1) })
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
// sentence's text and its tokens.
func (k *knowledge) splitSentences(p string, fn func(string, []token)) {
	toks := tokenize(p)
	emit := func(a, b int) {
		if a >= b {
			return
		}
		off := toks[a].Start
		text := p[off:toks[b-1].End]
		// Each token belongs to one sentence, and the loop below reads no
		// offsets: the sentence's tokens are made relative in place, with
		// a capacity that keeps appends from reaching the next sentence's.
		st := toks[a:b:b]
		for n := range st {
			st[n].Start -= off
			st[n].End -= off
		}
		st[0].Space = true
		fn(text, st)
	}
	start := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		end := -1
		switch {
		case !t.Word && (t.Text == "." || t.Text == "?" || t.Text == "!" || t.Text == "…"):
			end = i + 1
			for end < len(toks) && isCloser(toks[end].Text) && !toks[end].Space {
				end++
			}
			if end < len(toks) && (!opensSentence(toks[end]) || !toks[end].Space && end == i+1) {
				end = -1 // ".125", "BPCL.L": no space, no sentence end
			} else if t.Text == "." && i > start && toks[i-1].Word && !t.Space && k.abbrevs.has(toks[i-1].lower()) {
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
	for _, t := range toks {
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
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// tokenize splits a sentence into tokens. Words keep inner apostrophes and
// dotted abbreviations ("U.S.", "S."); hyphens, dashes and other marks are
// tokens of their own; a possessive "'s" is its own token.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/5+4) // news prose runs 5 to 6 bytes a token, so this rarely grows
	i := 0
	space := true
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
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
				toks = append(toks, wordToken(w[:k], i, space))
				toks = append(toks, token{Text: w[k:], Lower: strings.ToLower(w[k:]), Start: i + k, End: j})
			} else {
				toks = append(toks, wordToken(w, i, space))
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

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// scanWord returns the end of the word starting at i.
func scanWord(s string, i int) int {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isWordRune(r) || unicode.Is(unicode.Mn, r) {
			j += n
			continue
		}
		if r == '\'' || r == '’' {
			// inner apostrophe: O'Neill, don't, Korea's
			if r2, _ := utf8.DecodeRuneInString(s[j+n:]); j+n < len(s) && isWordRune(r2) {
				j += n
				continue
			}
			break
		}
		if r == '.' && j+1 <= len(s) {
			// dotted abbreviation: a single letter followed by a period,
			// repeated (U.S., U.S.S.R., S., J.) or number decimals (1.5)
			word := s[i:j]
			if isDigits(word) && j+1 < len(s) && isDigitByte(s[j+1]) {
				j++
				continue
			}
			if isAbbrevPart(word) {
				j++
				continue
			}
		}
		break
	}
	return j
}

// isAbbrevPart reports whether w (the text so far) is of the form "X" or
// "X.Y" ... so that a following period belongs to a dotted abbreviation.
func isAbbrevPart(w string) bool {
	parts := strings.Split(w, ".")
	for _, p := range parts {
		if utf8.RuneCountInString(p) != 1 {
			return false
		}
		r, _ := utf8.DecodeRuneInString(p)
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

func isDigitByte(b byte) bool { return b >= '0' && b <= '9' }

// possessive returns the offset of a trailing 's / ’s, or 0.
func possessive(w string) int {
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf) {
			return len(w) - len(suf)
		}
	}
	return 0
}

func wordToken(w string, start int, space bool) token {
	t := token{Text: w, Lower: strings.ToLower(w), Start: start, End: start + len(w), Word: true, Space: space}
	if vocab.PlainWord(w) {
		t.Key = t.Lower // most words: no second copy
	} else {
		t.Key = vocab.Key(w)
	}
	r, _ := utf8.DecodeRuneInString(w)
	t.Cap = unicode.IsUpper(r)
	letters, upper := 0, 0
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
