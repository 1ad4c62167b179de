package extract

import (
	"strconv"
	"strings"
	"time"
)

// when is a time expression found in a sentence.
type when struct {
	Date time.Time // the day, zero when the expression names no day
	// Vague is set for expressions that place the event in time without a
	// day ("last month", "in July", "in 1967", "next week"): an event so
	// placed gets no date and inherits none.
	Vague bool
	// Dir says which way a vague expression points from the reference
	// date: -1 before ("last year", "in 1967"), 1 after ("next month"),
	// 0 unknown.
	Dir  int
	I, J int // token span
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
	"december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// futureWords mark a sentence that speaks of what is to come, so that "on
// Tuesday" is the next Tuesday, not the last.
var futureWords = map[string]bool{
	"will": true, "begins": true, "starts": true, "due": true, "scheduled": true,
	"plans": true, "planned": true, "shall": true, "upcoming": true, "next": true,
	"opens": true, "arrives": true, "leaves": true, "'ll": true,
}

// times finds the time expressions of a sentence, resolved against ref
// (the dateline date, else the publication date; zero when unknown).
func times(s *sentence, ref time.Time) []when {
	toks := s.Toks
	future := isFuture(s)
	var out []when
	for i := 0; i < len(toks); i++ {
		t := &toks[i]
		if !t.Word {
			continue
		}
		w := t.Lower
		switch {
		case w == "today" || w == "tonight" || (w == "this" && i+1 < len(toks) && isDayPart(toks[i+1].lower())):
			if !ref.IsZero() {
				out = append(out, when{Date: ref, I: i, J: i + 1})
			}
		case w == "yesterday" || (w == "last" && i+1 < len(toks) && (toks[i+1].lower() == "night" || toks[i+1].lower() == "evening")):
			if !ref.IsZero() {
				j := i + 1 // "yesterday"
				if w == "last" {
					j = i + 2
				}
				out = append(out, when{Date: ref.AddDate(0, 0, -1), I: i, J: j})
			}
		case w == "tomorrow":
			if !ref.IsZero() {
				out = append(out, when{Date: ref.AddDate(0, 0, 1), I: i, J: i + 1})
			}
		case (w == "previous" || w == "preceding") && i+1 < len(toks) && (isDayPart(toks[i+1].lower()) || toks[i+1].lower() == "day"):
			if !ref.IsZero() {
				out = append(out, when{Date: ref.AddDate(0, 0, -1), I: i, J: i + 2})
			}
		case weekdays[w] != 0 || w == "sunday":
			if ref.IsZero() {
				continue
			}
			wd := weekdays[w]
			dir := -1
			prev := ""
			if i > 0 {
				prev = toks[i-1].lower()
			}
			switch {
			case prev == "next" || prev == "coming":
				dir = 1
			case prev == "last":
				dir = -1
			case future:
				dir = 1
			}
			out = append(out, when{Date: nearestWeekday(ref, wd, dir), I: i, J: i + 1})
		case months[strings.TrimSuffix(w, ".")] != 0:
			m := months[strings.TrimSuffix(w, ".")]
			// "May" is also a verb and a name: want a day number or a
			// preposition to count it.
			j := i + 1
			if j < len(toks) && toks[j].Text == "." {
				j++
			}
			if j < len(toks) && isNumberWord(toks[j].Text) {
				day, _ := strconv.Atoi(toks[j].Text)
				if day >= 1 && day <= 31 {
					year, k := 0, j+1
					if k+1 < len(toks) && toks[k].Text == "," && isYear(toks[k+1].Text) {
						year, _ = strconv.Atoi(toks[k+1].Text)
						k += 2
					} else if k < len(toks) && isYear(toks[k].Text) {
						year, _ = strconv.Atoi(toks[k].Text)
						k++
					}
					if d, ok := resolveDay(ref, year, m, day); ok {
						out = append(out, when{Date: d, I: i, J: k})
					}
					i = k - 1
					continue
				}
			}
			if w == "may" && !(i > 0 && (toks[i-1].lower() == "in" || toks[i-1].lower() == "since" || toks[i-1].lower() == "last")) {
				continue
			}
			out = append(out, when{Vague: true, I: i, J: i + 1})
		case isNumberWord(w) && i+1 < len(toks) && months[strings.TrimSuffix(toks[i+1].lower(), ".")] != 0:
			// "1 November", "5 January 2026"
			day, _ := strconv.Atoi(w)
			m := months[strings.TrimSuffix(toks[i+1].lower(), ".")]
			year, k := 0, i+2
			if k < len(toks) && isYear(toks[k].Text) {
				year, _ = strconv.Atoi(toks[k].Text)
				k++
			}
			if day >= 1 && day <= 31 {
				if d, ok := resolveDay(ref, year, m, day); ok {
					out = append(out, when{Date: d, I: i, J: k})
					i = k - 1
				}
			}
		case isYear(w) && i > 0 && (toks[i-1].lower() == "in" || toks[i-1].lower() == "since" || toks[i-1].lower() == "of"):
			y, _ := strconv.Atoi(w)
			dir := 0
			switch {
			case ref.IsZero():
			case y < ref.Year():
				dir = -1
			case y > ref.Year():
				dir = 1
			}
			out = append(out, when{Vague: true, Dir: dir, I: i, J: i + 1})
		case (w == "last" || w == "next" || w == "this" || w == "earlier" || w == "later" || w == "coming") && i+1 < len(toks) && isPeriod(toks[i+1].lower()):
			dir := 0
			switch w {
			case "last", "earlier":
				dir = -1
			case "next", "later", "coming":
				dir = 1
			}
			out = append(out, when{Vague: true, Dir: dir, I: i, J: i + 2})
		case (w == "ago") && i > 0:
			out = append(out, when{Vague: true, Dir: -1, I: i - 1, J: i + 1})
		case w == "recently" || w == "previously" || w == "formerly" || w == "once":
			out = append(out, when{Vague: true, Dir: -1, I: i, J: i + 1})
		}
	}
	return out
}

func isDayPart(w string) bool {
	return w == "morning" || w == "afternoon" || w == "evening" || w == "night"
}

func isPeriod(w string) bool {
	switch w {
	case "week", "month", "year", "weekend", "decade", "summer", "winter", "spring", "autumn", "fall", "century", "months", "years", "weeks":
		return true
	}
	return false
}

func isYear(s string) bool {
	if len(s) != 4 || !isNumberWord(s) {
		return false
	}
	y, _ := strconv.Atoi(s)
	return y >= 1800 && y <= 2200
}

// isFuture reports whether a sentence speaks of what is to come.
func isFuture(s *sentence) bool {
	for i := range s.Toks {
		t := &s.Toks[i]
		if t.in(wcFuture, futureWords) {
			return true
		}
		w := t.lower()
		if (w == "is" || w == "are" || w == "was" || w == "were") && i+2 < len(s.Toks) && s.Toks[i+1].lower() == "to" {
			return true
		}
	}
	return false
}

// nearestWeekday returns the weekday wd on or before ref (dir -1) or on or
// after it (dir 1).
func nearestWeekday(ref time.Time, wd time.Weekday, dir int) time.Time {
	d := ref
	for n := 0; n < 7; n++ {
		if d.Weekday() == wd {
			return d
		}
		d = d.AddDate(0, 0, dir)
	}
	return d
}

// resolveDay builds a date from a month and day, taking the year given or
// else the one that puts the date nearest to ref.
func resolveDay(ref time.Time, year int, m time.Month, day int) (time.Time, bool) {
	if year == 0 {
		if ref.IsZero() {
			return time.Time{}, false
		}
		best := time.Time{}
		for _, y := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
			d := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
			if d.Day() != day {
				continue // no such day that year: time.Date rolled it over
			}
			if best.IsZero() || absDur(d.Sub(ref)) < absDur(best.Sub(ref)) {
				best = d
			}
		}
		return best, !best.IsZero()
	}
	d := time.Date(year, m, day, 0, 0, 0, 0, time.UTC)
	if d.Day() != day {
		return time.Time{}, false
	}
	return d, true
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// isoDate formats a date as YYYY-MM-DD, "" for the zero time.
func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}
