package ingest

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A dateline is the "PLACE, Date (Agency) --" prefix that opens a wire
// story. The grammar (dlMatch; reDateline in the tests) covers the
// layouts of Xinhua, Reuters (1987 and today) and most agencies:
//
//	GYEONGJU, South Korea, Nov. 1 (Xinhua) --
//	MOSCOW (Reuters) -
//	WASHINGTON/NEW YORK (Reuters) -
//	TOKYO, March 27 -
//	WASHINGTON, March 12, Reuter -
//	(Reuters) -
//	Beijing, January 5 –
//	TOKYO -              (a bare place only when it is in capitals)

// maxDatelineLen bounds the prefix searched for a dateline; real ones are
// far shorter, and the bound keeps the match cheap on long paragraphs.
const maxDatelineLen = 160

// agencyNames maps agency spellings to the name used as Source.
var agencyNames = map[string]string{
	"reuter":  "Reuters",
	"reuters": "Reuters",
}

// canonicalAgency names an agency as Source records it.
func canonicalAgency(s string) string {
	s = strings.TrimSpace(s)
	if n, ok := agencyNames[strings.ToLower(s)]; ok {
		return n
	}
	return s
}

// matchDateline is dlMatch(head), made cheaper: a match holds only the
// characters the grammar allows, so it ends before the first other one;
// it ends with a dash and the spaces after it, so with no dash there is
// none, and no match reaches past the last dash's spaces.
func matchDateline(head string) []int {
	head = head[:datelineStop(head)]
	end := -1
	for _, dash := range [...]string{"-", "—", "–", "―"} {
		if i := strings.LastIndex(head, dash); i >= 0 {
			end = max(end, i+len(dash))
		}
	}
	if end < 0 {
		return nil
	}
	for end < len(head) && head[end] == ' ' {
		end++
	}
	return dlMatch(head[:end])
}

// datelineStop returns the index of the first character of head that
// the grammar matches nowhere, or len(head): letters, marks, ASCII digits,
// the punctuation of places, dates and agencies, and the dashes are all
// it matches.
func datelineStop(head string) int {
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if !datelineASCII[c] {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(head[i:])
		switch {
		case r == '’' || r == '—' || r == '–' || r == '―':
		case r == utf8.RuneError && n == 1:
			return i
		case !unicode.IsLetter(r) && !unicode.Is(unicode.M, r):
			return i
		}
		i += n
	}
	return len(head)
}

var datelineASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("*,/.'-&() ", byte(c)) >= 0
	}
	return t
}()

// ParseDateline reads the dateline that opens paragraph p and returns it with
// the rest of the paragraph after the dash. A month and day without a year
// are resolved to the such date nearest to published. ok is false when p
// opens with no dateline; then rest is p.
func ParseDateline(p string, published time.Time) (dl Dateline, rest string, ok bool) {
	head := p
	if len(head) > maxDatelineLen {
		head = head[:maxDatelineLen]
		for i := 0; i < utf8.UTFMax && len(head) > 0 && !utf8.RuneStart(p[len(head)]); i++ {
			head = head[:len(head)-1] // do not cut a rune in two
		}
	}
	m := matchDateline(head)
	if m == nil {
		return Dateline{}, p, false
	}
	group := func(i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return head[m[2*i]:m[2*i+1]]
	}
	place := strings.TrimSpace(group(dlPlace))
	agency := group(dlAgency)
	if agency == "" {
		agency = group(dlAgency2)
	}
	if agency == "" {
		agency = group(dlReuter)
	}
	monthName, dayText, yearText := group(dlMonth), group(dlDay), group(dlYear)
	if place != "" && monthName == "" && agency == "" && !isCapitals(place) {
		// "China - the world's ..." is prose; only "TOKYO -" is a dateline.
		return Dateline{}, p, false
	}
	if place != "" && agency != "" && monthName == "" && !isCapitals(place) && !startsUpper(place) {
		return Dateline{}, p, false
	}
	dl = Dateline{
		Raw:    strings.TrimSpace(group(dlRaw)),
		Place:  strings.TrimRight(place, " ,"),
		Agency: canonicalAgency(agency),
	}
	if monthName != "" {
		day, _ := strconv.Atoi(dayText)
		mon := monthOf(monthName)
		if yearText != "" {
			year, _ := strconv.Atoi(yearText)
			dl.Date, _ = civilDate(year, mon, day)
		} else {
			dl.Date = nearestYear(mon, day, published)
		}
	}
	return dl, strings.TrimSpace(p[m[1]:]), true
}

// isCapitals reports whether s has letters and none of them is lower case
// ("TOKYO", "WASHINGTON/NEW YORK", "ST. LOUIS").
func isCapitals(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

func startsUpper(s string) bool {
	for _, r := range s {
		return unicode.IsUpper(r)
	}
	return false
}
