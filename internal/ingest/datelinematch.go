package ingest

import (
	"unicode"
	"unicode/utf8"
)

// The dateline grammar, written as the regular expression reDateline in
// the tests (which is its specification), is matched here by hand: the
// regexp package's backtracker took 60,000 instructions per article for
// a 36-byte dateline, a twentieth of all reading. dlMatch searches the
// same alternatives in the same order, greedy repetitions longest first,
// so its groups are those FindStringSubmatchIndex reports; FuzzDateline
// holds the two equal. Where a repetition can only end one way (spaces
// before a character that is not a space), it is taken whole without
// trying the others, which all fail.
//
//	^(?P<lead>[*]*[ ]*)(?P<raw>PLACE(?:[ ]*,?[ ]*DATE)?(?:[ ]*,[ ]*REUTER)?(?:[ ]*,?[ ]*AGENCY)?|AGENCY2)DASH
//	PLACE   (?P<place>SEG(?:[ ]*[,/][ ]*SEG){0,3})
//	SEG     \p{L}W*(?:[ ]+W+){0,3}, W = [\p{L}\p{M}'’.\-&]
//	DATE    (?P<month>MONTH)\.?[ ]+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?[ ]+(?P<year>(?:1[89]|2[01])[0-9]{2}))?
//	REUTER  (?P<reuter>(?i:reuters?))
//	AGENCY  \([ ]*(?P<agency>\p{L}A*(?:[ ]+\p{Lu}A*){0,3})?[ ]*\), A = [\p{L}.&'’/\-]
//	DASH    [ ]*(?:--|—|–|―)[ ]*|[ ]*-[ ]+

// Groups of a dateline match, numbered as the regular expression numbers
// them: group g spans m[2g]:m[2g+1], -1 when it took no part.
const (
	dlLead = 1 + iota
	dlRaw
	dlPlace
	dlMonth
	dlDay
	dlYear
	dlReuter
	dlAgency
	dlAgency2
	dlGroups
)

// dlMatch returns the groups of the dateline that opens s, or nil.
func dlMatch(s string) []int {
	m := &dlMatcher{s: s}
	for i := range m.m {
		m.m[i] = -1
	}
	p := 0
	for p < len(s) && s[p] == '*' {
		p++
	}
	p = m.spaces(p)
	m.set(dlLead, 0, p)
	start := p
	ok := m.place(start, func(e int) bool {
		return m.date(e, func(e int) bool {
			return m.reuter(e, func(e int) bool {
				return m.agency(e, true, dlAgency, func(e int) bool { return m.dash(start, e) })
			})
		})
	})
	if !ok {
		ok = m.agency(start, false, dlAgency2, func(e int) bool { return m.dash(start, e) })
	}
	if !ok {
		return nil
	}
	return m.m[:]
}

type dlMatcher struct {
	s string
	m [2 * dlGroups]int
	// failed marks the ends of PLACE after which the rest of the
	// expression was tried and failed: the rest depends on nothing else,
	// and the many ways a place can split into words and segments reach
	// the same ends again and again.
	failed [3]uint64
}

func (m *dlMatcher) set(g, i, j int) { m.m[2*g], m.m[2*g+1] = i, j }

// with sets group g to s[i:j] for k, and restores it if k fails.
func (m *dlMatcher) with(g, i, j int, k func() bool) bool {
	oi, oj := m.m[2*g], m.m[2*g+1]
	m.set(g, i, j)
	if k() {
		return true
	}
	m.set(g, oi, oj)
	return false
}

// rune returns the rune at p and its width; width 0 at the end. Invalid
// UTF-8 reads as utf8.RuneError, width 1, as the regexp package reads it.
func (m *dlMatcher) rune(p int) (rune, int) {
	if p >= len(m.s) {
		return -1, 0
	}
	if c := m.s[p]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(m.s[p:])
}

func (m *dlMatcher) spaces(p int) int {
	for p < len(m.s) && m.s[p] == ' ' {
		p++
	}
	return p
}

// run returns the ends of the longest run of runes in class from p, and
// of each shorter one down to none, longest first, in ends.
func (m *dlMatcher) run(p int, class func(rune) bool, ends []int) []int {
	ends = append(ends[:0], p)
	for {
		r, n := m.rune(p)
		if n == 0 || !class(r) {
			break
		}
		p += n
		ends = append(ends, p)
	}
	for i, j := 0, len(ends)-1; i < j; i, j = i+1, j-1 {
		ends[i], ends[j] = ends[j], ends[i]
	}
	return ends
}

func isDatelineWord(r rune) bool {
	switch r {
	case '\'', '’', '.', '-', '&':
		return true
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.M, r)
}

func isAgencyRune(r rune) bool {
	switch r {
	case '.', '&', '\'', '’', '/', '-':
		return true
	}
	return unicode.IsLetter(r)
}

// place is PLACE at p. It is matched once per dlMatch, so failed holds
// for its ends.
func (m *dlMatcher) place(p int, k func(int) bool) bool {
	return m.seg(p, func(e int) bool {
		return m.moreSegs(e, 3, func(e int) bool {
			memo := e < 64*len(m.failed)
			if memo && m.failed[e/64]&(1<<(e%64)) != 0 {
				return false
			}
			if m.with(dlPlace, p, e, func() bool { return k(e) }) {
				return true
			}
			if memo {
				m.failed[e/64] |= 1 << (e % 64)
			}
			return false
		})
	})
}

// moreSegs is (?:[ ]*[,/][ ]*SEG){0,left} at p.
func (m *dlMatcher) moreSegs(p, left int, k func(int) bool) bool {
	if left > 0 {
		q := m.spaces(p)
		if q < len(m.s) && (m.s[q] == ',' || m.s[q] == '/') {
			if m.seg(m.spaces(q+1), func(e int) bool { return m.moreSegs(e, left-1, k) }) {
				return true
			}
		}
	}
	return k(p)
}

// seg is SEG at p.
func (m *dlMatcher) seg(p int, k func(int) bool) bool {
	r, n := m.rune(p)
	if n == 0 || !unicode.IsLetter(r) {
		return false
	}
	var buf [32]int
	for _, e := range m.run(p+n, isDatelineWord, buf[:0]) {
		if m.words(e, 3, k) {
			return true
		}
	}
	return false
}

// words is (?:[ ]+W+){0,left} at p.
func (m *dlMatcher) words(p, left int, k func(int) bool) bool {
	if left > 0 {
		if q := m.spaces(p); q > p {
			var buf [32]int
			ends := m.run(q, isDatelineWord, buf[:0])
			for _, e := range ends[:len(ends)-1] { // W+: not the empty run
				if m.words(e, left-1, k) {
					return true
				}
			}
		}
	}
	return k(p)
}

// monthSpellings lists each month's spellings as the expression's alternatives
// try them, longest first where an optional suffix is greedy.
var monthSpellings = [][]string{
	{"january", "jan"}, {"february", "feb"}, {"march", "mar"}, {"april", "apr"}, {"may"},
	{"june", "jun"}, {"july", "jul"}, {"august", "aug"},
	{"september", "sept", "sepember", "sep"},
	{"october", "oct"}, {"november", "nov"}, {"december", "dec"},
}

// monthInitial holds the bytes a month's name can start with: its first
// letter in either case, and any byte outside ASCII, which may begin a
// rune that folds to it ("ſept").
var monthInitial = func() (t [256]bool) {
	for _, spellings := range monthSpellings {
		c := spellings[0][0]
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := utf8.RuneSelf; c < len(t); c++ {
		t[c] = true
	}
	return t
}()

// fold returns the end of lit (lower-case ASCII) matched case-insensitively
// at p, as (?i) matches it.
func (m *dlMatcher) fold(p int, lit string) (int, bool) {
	for i := 0; i < len(lit); i++ {
		r, n := m.rune(p)
		if n == 0 || !foldsTo(r, rune(lit[i])) {
			return 0, false
		}
		p += n
	}
	return p, true
}

// foldsTo reports whether r is c (a lower-case ASCII letter) under simple
// case folding, as the regexp package's (?i) matches it.
func foldsTo(r, c rune) bool {
	if r == c || r == c-'a'+'A' {
		return true
	}
	if r < utf8.RuneSelf {
		return false
	}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		if f == r {
			return true
		}
	}
	return false
}

// date is (?:[ ]*,?[ ]*DATE)? at p.
func (m *dlMatcher) date(p int, k func(int) bool) bool {
	q := m.spaces(p)
	if q < len(m.s) && m.s[q] == ',' {
		q = m.spaces(q + 1)
	}
	if q == len(m.s) || !monthInitial[m.s[q]] {
		return k(p)
	}
	for _, spellings := range monthSpellings {
		for _, lit := range spellings {
			e, ok := m.fold(q, lit)
			if !ok {
				continue
			}
			if m.with(dlMonth, q, e, func() bool { return m.day(e, k) }) {
				return true
			}
		}
	}
	return k(p)
}

// day is \.?[ ]+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?[ ]+(?P<year>...))?
// after the month, which ends at p.
func (m *dlMatcher) day(p int, k func(int) bool) bool {
	if p < len(m.s) && m.s[p] == '.' {
		p++
	}
	q := m.spaces(p)
	if q == p {
		return false
	}
	digits := 0
	for digits < 2 && q+digits < len(m.s) && isDigit(m.s[q+digits]) {
		digits++
	}
	for n := digits; n >= 1; n-- {
		e := q + n
		if m.with(dlDay, q, e, func() bool { return m.ordinal(e, k) }) {
			return true
		}
	}
	return false
}

// ordinal is (?:st|nd|rd|th)? then the optional year, at p.
func (m *dlMatcher) ordinal(p int, k func(int) bool) bool {
	if p+2 <= len(m.s) {
		switch m.s[p : p+2] {
		case "st", "nd", "rd", "th":
			if m.year(p+2, k) {
				return true
			}
		}
	}
	return m.year(p, k)
}

// year is (?:,?[ ]+(?P<year>(?:1[89]|2[01])[0-9]{2}))? at p.
func (m *dlMatcher) year(p int, k func(int) bool) bool {
	q := p
	if q < len(m.s) && m.s[q] == ',' {
		q++
	}
	if r := m.spaces(q); r > q && r+4 <= len(m.s) {
		y := m.s[r : r+4]
		if (y[:2] == "18" || y[:2] == "19" || y[:2] == "20" || y[:2] == "21") && isDigit(y[2]) && isDigit(y[3]) {
			if m.with(dlYear, r, r+4, func() bool { return k(r + 4) }) {
				return true
			}
		}
	}
	return k(p)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// reuter is (?:[ ]*,[ ]*REUTER)? at p.
func (m *dlMatcher) reuter(p int, k func(int) bool) bool {
	q := m.spaces(p)
	if q < len(m.s) && m.s[q] == ',' {
		q = m.spaces(q + 1)
		if e, ok := m.fold(q, "reuter"); ok {
			if s, ok := m.fold(e, "s"); ok && m.with(dlReuter, q, s, func() bool { return k(s) }) {
				return true
			}
			if m.with(dlReuter, q, e, func() bool { return k(e) }) {
				return true
			}
		}
	}
	return k(p)
}

// agency is AGENCY at p into group g: after `[ ]*,?[ ]*` and optional
// when lead is set (the first alternative), alone when not (AGENCY2).
func (m *dlMatcher) agency(p int, lead bool, g int, k func(int) bool) bool {
	q := p
	if lead {
		q = m.spaces(q)
		if q < len(m.s) && m.s[q] == ',' {
			q = m.spaces(q + 1)
		}
	}
	if q < len(m.s) && m.s[q] == '(' {
		a := m.spaces(q + 1)
		// The name, when there is one, can end only where its last word
		// does: a shorter one leaves a letter where `[ ]*\)` needs a
		// space or the parenthesis.
		e := a
		if r, n := m.rune(a); n > 0 && unicode.IsLetter(r) {
			e = m.agencyWord(a + n)
			for range 3 {
				s := m.spaces(e)
				r, n := m.rune(s)
				if s == e || n == 0 || !unicode.IsUpper(r) {
					break
				}
				e = m.agencyWord(s + n)
			}
		}
		if c := m.spaces(e); c < len(m.s) && m.s[c] == ')' {
			ok := false
			if e > a {
				ok = m.with(g, a, e, func() bool { return k(c + 1) })
			} else {
				ok = k(c + 1)
			}
			if ok {
				return true
			}
		}
	}
	return lead && k(p)
}

// agencyWord returns the end of the run of agency runes from p.
func (m *dlMatcher) agencyWord(p int) int {
	for {
		r, n := m.rune(p)
		if n == 0 || !isAgencyRune(r) {
			return p
		}
		p += n
	}
}

// dash closes raw at e and matches DASH, which ends the match.
func (m *dlMatcher) dash(start, e int) bool {
	q := m.spaces(e)
	end := -1
	for _, d := range [...]string{"--", "—", "–", "―"} {
		if len(m.s)-q >= len(d) && m.s[q:q+len(d)] == d {
			end = m.spaces(q + len(d))
			break
		}
	}
	if end < 0 && q < len(m.s) && m.s[q] == '-' {
		if r := m.spaces(q + 1); r > q+1 {
			end = r
		}
	}
	if end < 0 {
		return false
	}
	m.set(dlRaw, start, e)
	m.m[0], m.m[1] = 0, end
	return true
}
