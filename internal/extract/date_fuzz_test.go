package extract

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzTimes: time expressions in any sentence resolve without panicking
// to spans inside the sentence and to real calendar days: a vague one to
// no day, "Month Day" to that month and day (never rolled over: "February
// 31" is no date), a day without a written year to one near the reference
// date.
func FuzzTimes(f *testing.F) {
	for _, s := range []string{
		"He met Lee on Saturday.", "The talks on Nov. 1, 2025 ended.", "They met on 5 January 2026 and again on February 31.",
		"It will open next Tuesday.", "Yesterday and the previous evening, last month, in 1967, two years ago.",
		"May may meet in May.", "On Feb. 29 they met.", "In 1799 and 2201.", "on 31 April",
	} {
		f.Add(s, int64(20000))
	}
	f.Fuzz(func(t *testing.T, text string, refDay int64) {
		var ref time.Time
		if refDay >= 0 {
			ref = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(refDay%(300*366)))
		}
		s := &sentence{Text: text, Toks: tokenize(nil, text)}
		for _, w := range times(s, ref) {
			if w.I < 0 || w.J > len(s.Toks) || w.I >= w.J {
				t.Fatalf("span [%d,%d) outside the %d tokens of %q", w.I, w.J, len(s.Toks), text)
			}
			span := s.span(w.I, w.J)
			if w.Vague {
				if !w.Date.IsZero() {
					t.Errorf("vague %q has the day %v", span, w.Date)
				}
				continue
			}
			d := w.Date
			if d.IsZero() || d.Location() != time.UTC || d.Hour()+d.Minute()+d.Second()+d.Nanosecond() != 0 {
				t.Errorf("%q resolved to %v, not a UTC day", span, d)
			}
			toks := s.Toks[w.I:w.J]
			year := false
			for _, tk := range toks {
				year = year || isYear(tk.Text)
			}
			near := 190 * 24 * time.Hour // half a year, and some
			if d.Month() == time.February && d.Day() == 29 {
				// the nearest February 29 of the year before, of or after
				// ref's: from 1953-12-08, 1952-02-29, 648 days back
				near = 2 * 366 * 24 * time.Hour
			}
			if !year && !ref.IsZero() && absDur(d.Sub(ref)) > near {
				t.Errorf("%q with no year resolved to %v, far from %v", span, d.Format(time.DateOnly), ref.Format(time.DateOnly))
			}
			// "Month Day" and "Day Month" name the day they resolve to
			for i, tk := range toks {
				m := months[strings.TrimSuffix(tk.lower(), ".")]
				if m == 0 {
					continue
				}
				for _, j := range []int{i - 1, i + 1, i + 2} {
					if j >= 0 && j < len(toks) && isNumberWord(toks[j].Text) && !isYear(toks[j].Text) {
						day, _ := strconv.Atoi(toks[j].Text)
						if d.Month() != m || d.Day() != day {
							t.Errorf("%q resolved to %v", span, d.Format(time.DateOnly))
						}
						break
					}
				}
				break
			}
		}
	})
}
