package ingest

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/google/go-cmp/cmp"
)

// reDateline is the dateline grammar as a regular expression, the
// specification dlMatch is held to: the same match and the same groups
// (FuzzDateline, TestDlMatch).
var reDateline = func() *regexp.Regexp {
	word := `[\p{L}\p{M}'’.\-&]+`
	seg := `\p{L}[\p{L}\p{M}'’.\-&]*(?:[ ]+` + word + `){0,3}`
	place := `(?P<place>` + seg + `(?:[ ]*[,/][ ]*` + seg + `){0,3})`
	month := `(?P<month>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?`
	date := month + `[ ]+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?(?:,?[ ]+(?P<year>(?:1[89]|2[01])[0-9]{2}))?`
	// An agency is one to four words, the later ones capitalized ("Xinhua",
	// "dpa", "LPC/IFR", "Xinhua News Agency"); "()" occurs in real copy.
	agency := `\([ ]*(?P<agency>\p{L}[\p{L}.&'’/\-]*(?:[ ]+\p{Lu}[\p{L}.&'’/\-]*){0,3})?[ ]*\)`
	reuter := `(?P<reuter>(?i:reuters?))`
	dash := `(?:[ ]*(?:--|—|–|―)[ ]*|[ ]*-[ ]+)`
	return regexp.MustCompile(`^(?P<lead>[*]*[ ]*)(?P<raw>` +
		`(?:` + place + `(?:[ ]*,?[ ]*` + date + `)?(?:[ ]*,[ ]*` + reuter + `)?(?:[ ]*,?[ ]*` + agency + `)?` +
		`|` + strings.Replace(agency, "agency", "agency2", 1) + `))` + dash)
}()

// TestDlMatch checks the hand-written matcher against the expression on
// inputs that take every branch: each layout, each month spelling, the
// groups' optional parts, and near misses that need backtracking.
func TestDlMatch(t *testing.T) {
	if got, want := reDateline.NumSubexp()+1, dlGroups; got != want {
		t.Fatalf("expression has %d groups, matcher %d", got, want)
	}
	for name, g := range map[string]int{"lead": dlLead, "raw": dlRaw, "place": dlPlace, "month": dlMonth, "day": dlDay,
		"year": dlYear, "reuter": dlReuter, "agency": dlAgency, "agency2": dlAgency2} {
		if i := reDateline.SubexpIndex(name); i != g {
			t.Errorf("group %s is %d in the expression, %d in the matcher", name, i, g)
		}
	}
	var inputs []string
	for _, m := range monthSpellings {
		for _, lit := range m {
			inputs = append(inputs, "PARIS, "+lit+" 5 - x", "Paris "+strings.ToUpper(lit)+". 12th, 2024 (AFP) -- x", "Rome,"+lit+"12 - x")
		}
	}
	inputs = append(inputs,
		"GYEONGJU, South Korea, Nov. 1 (Xinhua) -- x", "WASHINGTON, March 12, Reuter - x", "WASHINGTON, March 12, REUTERS - x",
		"LONDON, ſept 3 - x", "LONDON, reuterſ - x", "(Reuters) - x", "( ) - x", "() - x", "(Xinhua News Agency Beijing) - x",
		"(Xinhua News Agency Beijing Bureau) - x", "(dpa) – x", "(LPC/IFR) - x", "(Reuters 2) - x", "BEIJING, Jan 5 (Xinhua) ― x",
		"Washingtonmay 5 - x", "Seoul-Busan - x", "ANTI- WAR - x", "A, B, C, D, E - x", "A / B/C ,D - x", "a b c d e - x",
		"Paris Jan 5 -", "Paris Jan 123 - x", "Paris, Jan 5, 1987 - x", "Paris, Jan 5 1987x - x", "Paris, Jan 5th1987 - x",
		"Mar. 5 - x", "***  LONDON - x", "TOKYO -  - x", "TOKYO-", "TOKYO --", "TOKYO -x", "Le Mans — x", "Café Zürich, May 2 - x",
		"L'Aquila, O’Hare & Co. - x", "x̃y - x", "OSLO, May 2 (Reuters)(AFP) - x", "OSLO (Reuters), May 2 - x", "",
		"Sept. 1 Sept. 2 - x", "ÉVIAN, Sep 1st, 2099 - x", "KKelvin - x", "Saõ Paulo - x", "İstanbul - x",
	)
	for _, in := range inputs {
		if got, want := dlMatch(in), reDateline.FindStringSubmatchIndex(in); !slices.Equal(got, want) {
			t.Errorf("dlMatch(%q) = %v, the expression %v", in, got, want)
		}
	}
}

// TestFoldsTo checks (?i) folding against the regexp package, for every
// rune that folds to an ASCII letter.
func TestFoldsTo(t *testing.T) {
	for c := 'a'; c <= 'z'; c++ {
		re := regexp.MustCompile(`^(?i:` + string(c) + `)$`)
		for _, r := range []rune{c, unicode.ToUpper(c), 'ſ', 'K', 'İ', 'ı', 'é'} {
			if got, want := foldsTo(r, c), re.MatchString(string(r)); got != want {
				t.Errorf("foldsTo(%q, %q) = %v, (?i) says %v", r, c, got, want)
			}
		}
	}
}

func TestParseDateline(t *testing.T) {
	type result struct {
		OK       bool
		Dateline goldenDateline
		Rest     string
	}
	tests := []struct {
		name      string
		in        string
		published string
		want      result
	}{
		{"xinhua", "GYEONGJU, South Korea, Nov. 1 (Xinhua) -- Chinese President Xi", "2025-11-02",
			result{true, goldenDateline{"GYEONGJU, South Korea, Nov. 1 (Xinhua)", "GYEONGJU, South Korea", "2025-11-01", "Xinhua"}, "Chinese President Xi"}},
		{"xinhua em dash", "BEIJING, Jan. 5 (Xinhua) — Talks", "2026-01-06",
			result{true, goldenDateline{"BEIJING, Jan. 5 (Xinhua)", "BEIJING", "2026-01-05", "Xinhua"}, "Talks"}},
		{"reuters place", "MOSCOW (Reuters) - Russia said", "",
			result{true, goldenDateline{"MOSCOW (Reuters)", "MOSCOW", "", "Reuters"}, "Russia said"}},
		{"reuters two places", "WASHINGTON/NEW YORK (Reuters) - As Republicans", "",
			result{true, goldenDateline{"WASHINGTON/NEW YORK (Reuters)", "WASHINGTON/NEW YORK", "", "Reuters"}, "As Republicans"}},
		{"reuters place with state", "GADSDEN, Ala. (Reuters) - In a race", "",
			result{true, goldenDateline{"GADSDEN, Ala. (Reuters)", "GADSDEN, Ala.", "", "Reuters"}, "In a race"}},
		{"agency only", "(Reuters) - China and Vietnam", "",
			result{true, goldenDateline{"(Reuters)", "", "", "Reuters"}, "China and Vietnam"}},
		{"reuters 1987", "TOKYO, March 27 - Prime Minister", "1987-03-26",
			result{true, goldenDateline{"TOKYO, March 27", "TOKYO", "1987-03-27", ""}, "Prime Minister"}},
		{"reuters 1987 trailing space", "WASHINGTON, March 11 -  Foreign Secretary", "1987-03-11",
			result{true, goldenDateline{"WASHINGTON, March 11", "WASHINGTON", "1987-03-11", ""}, "Foreign Secretary"}},
		{"reuters 1987 state no comma", "RICHMOND, Va. Feb 26 - Qtly div", "1987-02-26",
			result{true, goldenDateline{"RICHMOND, Va. Feb 26", "RICHMOND, Va.", "1987-02-26", ""}, "Qtly div"}},
		{"reuters 1987 no space before dash", "MONTREAL, Feb 26- Shr 1.11 dlrs", "1987-02-26",
			result{true, goldenDateline{"MONTREAL, Feb 26", "MONTREAL", "1987-02-26", ""}, "Shr 1.11 dlrs"}},
		{"reuter in dateline", "WASHINGTON, March 12, Reuter - A U.S. judge", "1987-03-12",
			result{true, goldenDateline{"WASHINGTON, March 12, Reuter", "WASHINGTON", "1987-03-12", "Reuters"}, "A U.S. judge"}},
		{"stars prefix", "****LONDON, March 5 - India bought", "1987-03-05",
			result{true, goldenDateline{"LONDON, March 5", "LONDON", "1987-03-05", ""}, "India bought"}},
		{"en dash mixed case", "Beijing, January 5 – Chinese President", "2026-01-05",
			result{true, goldenDateline{"Beijing, January 5", "Beijing", "2026-01-05", ""}, "Chinese President"}},
		{"capitals place only", "TOKYO - The Bank of Japan", "",
			result{true, goldenDateline{"TOKYO", "TOKYO", "", ""}, "The Bank of Japan"}},
		{"year given", "SEOUL, Nov. 3, 2025 (Yonhap) -- Text", "",
			result{true, goldenDateline{"SEOUL, Nov. 3, 2025 (Yonhap)", "SEOUL", "2025-11-03", "Yonhap"}, "Text"}},
		{"no published date: no year", "TOKYO, March 27 - Text", "",
			result{true, goldenDateline{"TOKYO, March 27", "TOKYO", "", ""}, "Text"}},
		{"impossible day", "TOKYO, Feb. 30 - Text", "1987-03-01",
			result{true, goldenDateline{"TOKYO, Feb. 30", "TOKYO", "", ""}, "Text"}},
		{"empty agency", "WASHINGTON () - The top Democrat", "",
			result{true, goldenDateline{"WASHINGTON ()", "WASHINGTON", "", ""}, "The top Democrat"}},
		{"comma before agency", "LONDON, (Reuters) - Two Congressmen", "",
			result{true, goldenDateline{"LONDON, (Reuters)", "LONDON", "", "Reuters"}, "Two Congressmen"}},
		{"agency with slash", "NEW YORK (LPC/IFR) - U.S. regulators", "",
			result{true, goldenDateline{"NEW YORK (LPC/IFR)", "NEW YORK", "", "LPC/IFR"}, "U.S. regulators"}},
		{"agency of three words", "BEIJING (Xinhua News Agency) -- Text", "",
			result{true, goldenDateline{"BEIJING (Xinhua News Agency)", "BEIJING", "", "Xinhua News Agency"}, "Text"}},
		{"parenthesis is prose", "WASHINGTON (Reuters on Friday ) - Text", "", result{Rest: "WASHINGTON (Reuters on Friday ) - Text"}},
		{"prose with dash", "China - the world's second economy", "", result{Rest: "China - the world's second economy"}},
		{"sentence", "Tony Blair has met Italian Prime Minister Silvio Berlusconi.", "", result{Rest: "Tony Blair has met Italian Prime Minister Silvio Berlusconi."}},
		{"hyphenated word", "Anti-Ballistic Missile Treaty", "", result{Rest: "Anti-Ballistic Missile Treaty"}},
		{"parenthesis then prose", "Quarterly profits (pounds 600m) for the three months", "", result{Rest: "Quarterly profits (pounds 600m) for the three months"}},
		{"empty", "", "", result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dl, rest, ok := ParseDateline(tt.in, day(tt.published))
			got := result{ok, goldenDateline{dl.Raw, dl.Place, formatDate(dl.Date), dl.Agency}, rest}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseDateline(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
