package vocab

import (
	"fmt"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"hyphen and case", "Lee Jae-myung", "lee jae myung"},
		{"spaced", "Lee Jae Myung", "lee jae myung"},
		{"dots", "U.S.", "u s"},
		{"accents", "Gerhard Schröder", "gerhard schroder"},
		{"possessive", "Xi's", "xi"},
		{"curly possessive", "Vietnam’s", "vietnam"},
		{"leading article", "The Hague", "hague"},
		{"ampersand", "Trade & Industry", "trade and industry"},
		{"punctuation", "  Hello,  World! ", "hello world"},
		{"empty", "", ""},
		{"ascii possessive and punctuation", "Xi's, AT&T's `s", "xi at and t"},
		{"ascii only article", "the", "the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key(tt.in); got != tt.want {
				t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIRIs(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"person spellings agree", string(PersonIRI("Lee Jae-myung")), string(PersonIRI("Lee Jae Myung"))},
		{"country by code", string(CountryIRI("kr")), ID + "country/KR"},
		{"document escaped", string(DocumentIRI("dir/a b.txt")), ID + "doc/dir/a%20b.txt"},
		{"event participants sorted", string(EventIRI(KindMeeting, "2025-11-01", []string{"Xi Jinping", "Lee Jae-myung"})),
			ID + "event/meeting/2025-11-01/lee-jae-myung+xi-jinping"},
		{"event undated", string(EventIRI(KindVisit, "", []string{"Xi Jinping"})), ID + "event/visit/undated/xi-jinping"},
		{"agreement", string(AgreementIRI([]string{"KR", "CN"}, "", "free trade agreement")), ID + "agreement/cn+kr/undated/free-trade-agreement"},
		{"name in another script", string(PersonIRI("习近平")), ID + "person/%E4%B9%A0%E8%BF%91%E5%B9%B3"},
		{"two such names differ", fmt.Sprint(PersonIRI("李强") == PersonIRI("习近平")), "false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %s, want %s", tt.got, tt.want)
			}
		})
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Lee Jae-myung", "U.S.", "Ça va", "’s", "\xff", "Xi's", "A`S b", "AT&T", "the  The x", "x's's", "'s", "\x7fa\x01B"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if want := keyRunes(s); k != want {
			t.Errorf("Key(%q) = %q, but the general path gives %q", s, k, want)
		}
		// A key is its own key, but for a second leading article: like the
		// scorer, Key drops only one ("The The Band" → "the band").
		if Key(k) != k && !strings.HasPrefix(k, "the ") {
			t.Errorf("Key not idempotent: Key(%q) = %q, Key of that = %q", s, k, Key(k))
		}
	})
}
