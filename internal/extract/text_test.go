package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
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
		{"long dotted run", strings.Repeat("A.", 50000) + " B", []string{strings.Repeat("A.", 50000), "B"}}, // was quadratic
		{"long number", strings.Repeat("1.", 50000) + "1", []string{strings.Repeat("1.", 50000) + "1"}},
		{"no abbreviation", "USA. The", []string{"USA", ".", "The"}},
		{"accented initial", "É. Macron", []string{"É.", "Macron"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tok := range tokenize(nil, tt.in) {
				got = append(got, tok.Text)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tokenize(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestLowerAligned(t *testing.T) {
	tests := []struct {
		name, in string
		aligned  bool
	}{
		{"lower", "met in seoul", true},
		{"ascii", "Met in SEOUL", true},
		{"punctuation", "Xi’s “talks” — Seoul", true},
		{"accents", "ÉLYSÉE Palace, Türkiye", true},
		{"shorter lower case", "İstanbul", false}, // U+0130 lowers to a one-byte "i"
		{"kelvin sign", "5 \u212a", false},
		{"invalid UTF-8", "Seoul \xff", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := lowerAligned(tt.in)
			if ok != tt.aligned {
				t.Fatalf("lowerAligned(%q): aligned %v, want %v", tt.in, ok, tt.aligned)
			}
			if ok && got != strings.ToLower(tt.in) {
				t.Fatalf("lowerAligned(%q) = %q, want strings.ToLower's %q", tt.in, got, strings.ToLower(tt.in))
			}
		})
	}
}

func TestSingleSpaced(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"empty", "", true},
		{"single spaces", "Xi met Lee “in” Gyeongju.", true},
		{"double space", "Xi  met", false},
		{"leading", " Xi", false},
		{"trailing", "Xi ", false},
		{"newline", "Xi\nmet", false},
		{"no-break space", "Xi\u00a0met", false},
		{"invalid UTF-8", "Xi \xff", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := singleSpaced(tt.in); got != tt.want {
				t.Errorf("singleSpaced(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzTokenize checks the tokens against the text they come from: each
// token's text is its span, its lower case and key are those of its text,
// and tokens appended to others leave those alone. It also checks the
// shortcut of paragraphs, singleSpaced.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"U.S. President Donald Trump's visit", "Xi’s “talks” — ÉLYSÉE", "İstanbul \xff 1.5 O'Neill", "K\u212a", "a\u00a0b", "é \u3000", " x", "y\t"} {
		f.Add(s)
	}
	prefix := tokenize(nil, "Seoul.")
	f.Fuzz(func(t *testing.T, s string) {
		if joined := strings.Join(strings.Fields(s), " "); singleSpaced(s) != (joined == s) {
			t.Fatalf("singleSpaced(%q) = %v, but its fields join to %q", s, singleSpaced(s), joined)
		}
		toks := tokenize(append([]token(nil), prefix...), s)
		if diff := cmp.Diff(prefix, toks[:len(prefix)], cmp.AllowUnexported(token{})); diff != "" {
			t.Fatalf("tokens before the appended ones changed:\n%s", diff)
		}
		for _, tok := range toks[len(prefix):] {
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End || s[tok.Start:tok.End] != tok.Text {
				t.Fatalf("token %q has span [%d, %d) of %q", tok.Text, tok.Start, tok.End, s)
			}
			if tok.Word && tok.Lower != strings.ToLower(tok.Text) {
				t.Fatalf("token %q: lower %q, want %q", tok.Text, tok.Lower, strings.ToLower(tok.Text))
			}
			if tok.Word && tok.Key != vocab.Key(tok.Text) {
				t.Fatalf("token %q: key %q, want %q", tok.Text, tok.Key, vocab.Key(tok.Text))
			}
		}
	})
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
			s := &sentence{Text: tt.in, Toks: tokenize(nil, tt.in)}
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

// TestSegmentBounded: text without sentence ends is cut into sentences
// of at most maxSentenceTokens tokens, after a comma where one is near,
// and no token is lost; ordinary sentences are left whole.
func TestSegmentBounded(t *testing.T) {
	k := newExtractor(t).k
	words := strings.Repeat("China Japan and ", 300) // 900 tokens, no comma
	list := strings.Repeat("trade, ", 500)           // 1,000 tokens, commas
	tests := []struct {
		name, title, body string
		wantTokens        int
		wantSentences     int
	}{
		{"ordinary", "Xi meets Lee", "Xi met Lee. They signed deals.", 3 + 4 + 4, 3},
		{"no ends", "", words, 900, 3},
		{"list", "", list, 1000, 3},
		{"long title", words, "Xi met Lee.", 900 + 4, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sents := k.segment(nil, tt.title, tt.body)
			n := 0
			for _, s := range sents {
				if len(s.Toks) > maxSentenceTokens {
					t.Errorf("sentence of %d tokens, want at most %d", len(s.Toks), maxSentenceTokens)
				}
				if got := s.Text[s.Toks[0].Start:s.Toks[len(s.Toks)-1].End]; got != s.Text {
					t.Errorf("sentence text %q is not its tokens' span %q", s.Text, got)
				}
				n += len(s.Toks)
			}
			if n != tt.wantTokens || len(sents) != tt.wantSentences {
				t.Errorf("%d tokens in %d sentences, want %d in %d", n, len(sents), tt.wantTokens, tt.wantSentences)
			}
			if tt.name == "list" && sents[0].Toks[len(sents[0].Toks)-1].Text != "," {
				t.Errorf("first piece of a list ends with %q, want a comma", sents[0].Toks[len(sents[0].Toks)-1].Text)
			}
		})
	}
}
