package extract

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviation", "U.S. President Donald Trump", []string{"U.S.", "President", "Donald", "Trump"}},
		{"possessive", "Vietnam’s General Secretary", []string{"Vietnam", "’s", "General", "Secretary"}},
		{"hyphen", "Lee Jae-myung", []string{"Lee", "Jae", "-", "myung"}},
		{"initial", "S. Korea", []string{"S.", "Korea"}},
		{"decimal", "1.5 billion", []string{"1.5", "billion"}},
		{"sentence end", "met Xi.", []string{"met", "Xi", "."}},
		{"apostrophe inside", "O'Neill don't", []string{"O'Neill", "don't"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range tokenize(tt.in) {
				got = append(got, tok.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokenize(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestTimes(t *testing.T) {
	ref := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC) // a Saturday
	tests := []struct {
		name  string
		in    string
		want  string
		vague bool
	}{
		{"weekday past", "Xi met Lee on Thursday.", "2025-10-30", false},
		{"weekday same day", "Xi said on Saturday that", "2025-11-01", false},
		{"weekday future", "He will visit Seoul on Tuesday.", "2025-11-04", false},
		{"today", "They meet today.", "2025-11-01", false},
		{"yesterday", "They met yesterday.", "2025-10-31", false},
		{"month day", "The visit starts on Nov. 3.", "2025-11-03", false},
		{"month day year", "signed on April 29, 1987", "1987-04-29", false},
		{"day month", "on 5 January", "2026-01-05", false},
		{"previous evening", "the previous evening", "2025-10-31", false},
		{"month only", "strained since July", "", true},
		{"year only", "visited in 1967", "", true},
		{"next month", "a summit next month", "", true},
		{"may the verb", "Fahd may ask Britain", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &sentence{Text: tt.in, Toks: tokenize(tt.in)}
			ws := times(s, ref)
			if tt.want == "" && !tt.vague {
				if len(ws) != 0 {
					t.Fatalf("times(%q) = %+v, want none", tt.in, ws)
				}
				return
			}
			if len(ws) == 0 {
				t.Fatalf("times(%q): none found", tt.in)
			}
			if got := isoDate(ws[0].Date); got != tt.want || ws[0].Vague != tt.vague {
				t.Errorf("times(%q) = %s vague=%v, want %s vague=%v", tt.in, got, ws[0].Vague, tt.want, tt.vague)
			}
		})
	}
}
