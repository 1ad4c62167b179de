package ingest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

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
