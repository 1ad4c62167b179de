package ingest

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/araddon/dateparse"
)

// Dates are calendar days: every date this package returns is UTC midnight
// of the day as written, whatever time or zone the text gave. Nothing here
// looks at the clock, so a date without a year is only resolved against
// another date of the same document (see nearestYear).

var (
	// reYear requires a plausible four-digit year before dateparse is asked:
	// without one, dateparse reads bare numbers as Unix timestamps.
	reYear = regexp.MustCompile(`(?:^|[^0-9])(1[89][0-9]{2}|2[01][0-9]{2})(?:[^0-9]|$)`)
	// reWeekday matches a leading day name, which dateparse rejects in
	// several layouts ("Monday, January 5, 2026").
	reWeekday = regexp.MustCompile(`(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?\s+`)
	// reTimeSuffix matches a trailing clock time with optional am/pm and
	// zone ("06:16:10pm", "10:00 AM GMT", "14:05 +0800"); only the day
	// matters.
	reTimeSuffix = regexp.MustCompile(`(?i)[\s,]+(?:at\s+)?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|[+-][0-9]{2}:?[0-9]{2})\)?)?$`)
	// reISODate is the one layout handled without dateparse, for speed on
	// JSON Lines records.
	reISODate = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})-([0-9]{2})$`)
)

// maxDateLen bounds what is handed to dateparse: real dates are short, and
// a long string is prose, not a date.
const maxDateLen = 48

// ParseDate reads a calendar date written in any common English layout:
// "2017-11-12", "November 02, 2025", "Nov. 1, 2025", "5 January 2026",
// "Thu, Jan 08 2026 06:16:10pm", "2025-11-02T10:00:00+08:00". The string
// must be a date and nothing else (a trailing time is allowed) and must
// carry a four-digit year. Numeric dates are read month first ("03/04/2025"
// is March 4) unless the first number cannot be a month ("13/04/2025" is
// April 13). The result is UTC midnight of the day as written, false when s
// is not a date.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, ".;")
	if s == "" || len(s) > maxDateLen {
		return time.Time{}, false
	}
	if m := isoDate(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return civilDate(y, time.Month(mo), d)
	}
	if !reYear.MatchString(s) || !hasDay(s) {
		return time.Time{}, false
	}
	s = reWeekday.ReplaceAllString(s, "")
	if t, ok := dateparseDay(s); ok {
		return t, true
	}
	if loc := reTimeSuffix.FindStringIndex(s); loc != nil && loc[0] > 0 {
		return dateparseDay(s[:loc[0]])
	}
	return time.Time{}, false
}

var (
	reNumber = regexp.MustCompile(`[0-9]+`)
	reWord   = regexp.MustCompile(`\pL+`)
)

// hasDay reports whether s can name a day, not just a year or a month
// ("2017", "2017-11", "March 2017"), which dateparse would complete to the
// first: three numbers, or a month name and two numbers.
func hasDay(s string) bool {
	n := len(reNumber.FindAllStringIndex(s, 4))
	if n >= 3 {
		return true
	}
	if n < 2 {
		return false
	}
	for _, w := range reWord.FindAllString(s, -1) {
		if monthOf(w) != 0 {
			return true
		}
	}
	return false
}

// dateparseDay asks dateparse for the day written in s. dateparse has
// panicked on odd input in the past; a panic here means "not a date".
func dateparseDay(s string) (t time.Time, ok bool) {
	if !reYear.MatchString(s) {
		return time.Time{}, false
	}
	defer func() {
		if recover() != nil {
			t, ok = time.Time{}, false
		}
	}()
	p, err := dateparse.ParseIn(s, time.UTC,
		dateparse.PreferMonthFirst(true), dateparse.RetryAmbiguousDateWithSwap(true))
	if err != nil {
		return time.Time{}, false
	}
	// The day as written, in the zone the text gave (not converted to UTC).
	y, m, d := p.Date()
	return civilDate(y, m, d)
}

// civilDate is UTC midnight of y-m-d, false when the date does not exist or
// the year is implausible for a news article.
func civilDate(y int, m time.Month, d int) (time.Time, bool) {
	if y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // February 30 and the like
		return time.Time{}, false
	}
	return t, true
}

// months maps English month names and their usual abbreviations (as used
// in datelines: "Nov.", "Sept", "March") to months.
var months = map[string]time.Month{
	"jan": 1, "january": 1,
	"feb": 2, "february": 2,
	"mar": 3, "march": 3,
	"apr": 4, "april": 4,
	"may": 5,
	"jun": 6, "june": 6,
	"jul": 7, "july": 7,
	"aug": 8, "august": 8,
	"sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10,
	"nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// monthOf reads a month name ("Nov.", "march", "SEPT"), 0 when it is none.
func monthOf(s string) time.Month {
	return months[strings.ToLower(strings.TrimSuffix(s, "."))]
}

// nearestYear resolves a month and day written without a year to the such
// date nearest to ref (the publication date): "Nov. 1" near 2025-11-02 is
// 2025-11-01, "Dec. 31" near 2026-01-02 is 2025-12-31. Ties go to the
// earlier date, since datelines rarely run ahead of publication. Zero when
// ref is zero or no such date exists.
func nearestYear(m time.Month, d int, ref time.Time) time.Time {
	if ref.IsZero() {
		return time.Time{}
	}
	var best time.Time
	var bestDist time.Duration
	for y := ref.Year() - 1; y <= ref.Year()+1; y++ {
		t, ok := civilDate(y, m, d)
		if !ok {
			continue
		}
		dist := t.Sub(ref)
		if dist < 0 {
			dist = -dist
		}
		if best.IsZero() || dist < bestDist {
			best, bestDist = t, dist
		}
	}
	return best
}

// formatDate writes a date as YYYY-MM-DD, "" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// isoDate is reISODate.FindStringSubmatch(s), tried only on strings of its
// length with its dashes: most strings are not, and the expression takes
// longer to say so.
func isoDate(s string) []string {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return nil
	}
	return reISODate.FindStringSubmatch(s)
}
