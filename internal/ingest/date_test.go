package ingest

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in, want string // want "" means not a date
	}{
		{"iso", "2017-11-12", "2017-11-12"},
		{"long month", "November 02, 2025", "2025-11-02"},
		{"long month no zero", "January 5, 2026", "2026-01-05"},
		{"abbreviated month with period", "Nov. 1, 2025", "2025-11-01"},
		{"day first", "5 January 2026", "2026-01-05"},
		{"weekday and time", "Thu, Jan 08 2026 06:16:10pm", "2026-01-08"},
		{"long weekday", "Monday, January 5, 2026", "2026-01-05"},
		{"time with zone", "November 2, 2025 10:00 AM GMT", "2025-11-02"},
		{"timestamp keeps written day", "2025-11-02T23:30:00-05:00", "2025-11-02"},
		{"slashes year first", "2025/11/02", "2025-11-02"},
		{"ambiguous numeric is month first", "03/04/2025", "2025-03-04"},
		{"numeric day first when unambiguous", "13/04/2025", "2025-04-13"},
		{"trailing period", "January 5, 2026.", "2026-01-05"},
		{"no year", "March 27", ""},
		{"year only", "2017", ""},
		{"year and month", "2017-11", ""},
		{"month and year", "March 2017", ""},
		{"ordinal day", "May 5th, 2017", "2017-05-05"},
		{"dotted day first", "2017.11.12", "2017-11-12"},
		{"unix timestamp", "1332151919", ""},
		{"prose", "The talks were held on January 5, 2026 in Beijing", ""},
		{"impossible", "2025-02-30", ""},
		{"implausible year", "1066-10-14", ""},
		{"empty", "", ""},
		{"word", "Xinhua", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := ParseDate(tt.in)
			if ok != (tt.want != "") || formatDate(got) != tt.want {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, formatDate(got), ok, tt.want)
			}
			if ok && (got.Location() != time.UTC || got.Hour() != 0) {
				t.Errorf("ParseDate(%q) = %v, want UTC midnight", tt.in, got)
			}
		})
	}
}

func TestNearestYear(t *testing.T) {
	tests := []struct {
		name      string
		month     time.Month
		day       int
		ref, want string
	}{
		{"same year", time.November, 1, "2025-11-02", "2025-11-01"},
		{"day after publication", time.March, 27, "1987-03-26", "1987-03-27"},
		{"previous year", time.December, 31, "2026-01-02", "2025-12-31"},
		{"next year", time.January, 2, "2025-12-30", "2026-01-02"},
		{"leap day", time.February, 29, "2025-03-01", "2024-02-29"},
		{"no reference", time.March, 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatDate(nearestYear(tt.month, tt.day, day(tt.ref))); got != tt.want {
				t.Errorf("nearestYear(%v %d, %s) = %q, want %q", tt.month, tt.day, tt.ref, got, tt.want)
			}
		})
	}
}
