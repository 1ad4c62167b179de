package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	type want struct {
		Title, Published, Source, URL string
		Dateline                      goldenDateline
		Text                          string
	}
	tests := []struct {
		name string
		text string
		meta Meta
		want want
	}{
		{
			name: "leading ISO date line then headline",
			text: "2017-11-12\nVietnam, China avoid quarrel\n\n(Reuters) - China and Vietnam avoided conflict.\n",
			want: want{Title: "Vietnam, China avoid quarrel", Published: "2017-11-12", Source: "Reuters",
				Dateline: goldenDateline{Raw: "(Reuters)", Agency: "Reuters"},
				Text:     "China and Vietnam avoided conflict."},
		},
		{
			name: "date and title on one line",
			text: " date 2025-11-02 Xi says China willing to work with S. Korea\n\nNovember 02, 2025\n\nGYEONGJU, South Korea, Nov. 1 (Xinhua) -- Xi spoke.\n",
			want: want{Title: "Xi says China willing to work with S. Korea", Published: "2025-11-02", Source: "Xinhua",
				Dateline: goldenDateline{Raw: "GYEONGJU, South Korea, Nov. 1 (Xinhua)", Place: "GYEONGJU, South Korea", Date: "2025-11-01", Agency: "Xinhua"},
				Text:     "Xi spoke."},
		},
		{
			name: "long-form date line",
			text: "November 02, 2025\n\nTalks held\n\nThe two sides met.",
			want: want{Title: "Talks held", Published: "2025-11-02", Text: "The two sides met."},
		},
		{
			name: "published on preferred over document date and boilerplate removed",
			text: " \n\nChina, South Korea Pledge Deeper Partnership\n\n\n\nPublished on January 5, 2026\n\n" +
				"Document Date: Thu, Jan 08 2026 06:16:10pm\n\nCategory: ,English,International - ,Snippets\n\n" +
				"Show on website : [Click Here](#)\n\nRKI.news\n\nSource: Xinhua\n\n" +
				"Beijing, January 5 – Chinese President Xi Jinping held talks.\n\nThey agreed.",
			want: want{Title: "China, South Korea Pledge Deeper Partnership", Published: "2026-01-05", Source: "Xinhua",
				Dateline: goldenDateline{Raw: "Beijing, January 5", Place: "Beijing", Date: "2026-01-05"},
				Text:     "Chinese President Xi Jinping held talks.\n\nThey agreed."},
		},
		{
			name: "document date is the fallback",
			text: "Document Date: Thu, Jan 08 2026 06:16:10pm\n\nA headline\n\nBody text here.",
			want: want{Title: "A headline", Published: "2026-01-08", Text: "Body text here."},
		},
		{
			name: "labelled source wins over dateline agency",
			text: "Source: Xinhua News Agency\n\nMOSCOW (Reuters) - Text.",
			want: want{Source: "Xinhua News Agency", Dateline: goldenDateline{Raw: "MOSCOW (Reuters)", Place: "MOSCOW", Agency: "Reuters"}, Text: "Text."},
		},
		{
			name: "reuters 1987 hard wrap, indented paragraphs and sign-off",
			text: "1987-03-26\nNAKASONE TO VISIT WASHINGTON\n\nTOKYO, March 27 - Prime Minister Yasuhiro Nakasone will\n" +
				"make an official visit to the United States from\nApril 29, officials said.\n" +
				"    Government sources said Nakasone would try to resolve\ngrowing trade friction on the Anti-\nBallistic treaty.\n" +
				"    Under the pact, Japan pledged to stop dumping in the U.S.\nAnd Asia.\n REUTER\n",
			want: want{Title: "NAKASONE TO VISIT WASHINGTON", Published: "1987-03-26", Source: "Reuters",
				Dateline: goldenDateline{Raw: "TOKYO, March 27", Place: "TOKYO", Date: "1987-03-27"},
				Text: "Prime Minister Yasuhiro Nakasone will make an official visit to the United States from April 29, officials said.\n\n" +
					"Government sources said Nakasone would try to resolve growing trade friction on the Anti-Ballistic treaty.\n\n" +
					"Under the pact, Japan pledged to stop dumping in the U.S. And Asia."},
		},
		{
			name: "lower-case sign-off variant",
			text: "WASHINGTON, March 11 - Talks went on.\n reuter\n",
			want: want{Source: "Reuters", Dateline: goldenDateline{Raw: "WASHINGTON, March 11", Place: "WASHINGTON"}, Text: "Talks went on."},
		},
		{
			name: "no metadata: headline and paragraphs",
			text: "Leaders meet over Turkish EU bid\n\nTony Blair has met Italian Prime Minister Silvio Berlusconi.\n\nThe talks covered other topics.",
			want: want{Title: "Leaders meet over Turkish EU bid",
				Text: "Tony Blair has met Italian Prime Minister Silvio Berlusconi.\n\nThe talks covered other topics."},
		},
		{
			name: "first line a sentence is not a title",
			text: "The two sides met on Monday.\n\nThey talked.",
			want: want{Text: "The two sides met on Monday.\n\nThey talked."},
		},
		{
			name: "headline not followed by a blank line is body",
			text: "Short line without period\nfollowed by more text.",
			want: want{Text: "Short line without period followed by more text."},
		},
		{
			name: "meta title wins and its repeat is dropped",
			text: "Ad sales boost Time Warner profit\n\nQuarterly profits jumped.",
			meta: Meta{Title: "Ad sales boost  Time Warner profit", Published: day("2005-01-02"), Source: "bbc", URL: "https://example.org/a"},
			want: want{Title: "Ad sales boost Time Warner profit", Published: "2005-01-02", Source: "bbc", URL: "https://example.org/a",
				Text: "Quarterly profits jumped."},
		},
		{
			name: "dateline agency wins over meta source",
			text: "WASHINGTON (Reuters) - The head of a faction spoke.",
			meta: Meta{Title: "As fight looms", Published: day("2017-12-31"), Source: "isot_true"},
			want: want{Title: "As fight looms", Published: "2017-12-31", Source: "Reuters",
				Dateline: goldenDateline{Raw: "WASHINGTON (Reuters)", Place: "WASHINGTON", Agency: "Reuters"},
				Text:     "The head of a faction spoke."},
		},
		{
			name: "published on line wins over meta date",
			text: "Published on January 5, 2026\n\nBody.",
			meta: Meta{Published: day("2026-01-09")},
			want: want{Published: "2026-01-05", Text: "Body."},
		},
		{
			name: "dateline year resolved across new year",
			text: "BEIJING, Dec. 31 (Xinhua) — Text.",
			meta: Meta{Published: day("2026-01-02")},
			want: want{Published: "2026-01-02", Source: "Xinhua",
				Dateline: goldenDateline{Raw: "BEIJING, Dec. 31 (Xinhua)", Place: "BEIJING", Date: "2025-12-31", Agency: "Xinhua"},
				Text:     "Text."},
		},
		{
			name: "dateline with year gives the publication date",
			text: "BEIJING, Jan. 5, 2026 (Xinhua) -- Text.",
			want: want{Published: "2026-01-05", Source: "Xinhua",
				Dateline: goldenDateline{Raw: "BEIJING, Jan. 5, 2026 (Xinhua)", Place: "BEIJING", Date: "2026-01-05", Agency: "Xinhua"},
				Text:     "Text."},
		},
		{
			name: "dateline alone on its line",
			text: "BEIJING, Jan. 5 (Xinhua) --\n\nChinese President Xi Jinping met guests.",
			meta: Meta{Published: day("2026-01-05")},
			want: want{Published: "2026-01-05", Source: "Xinhua",
				Dateline: goldenDateline{Raw: "BEIJING, Jan. 5 (Xinhua)", Place: "BEIJING", Date: "2026-01-05", Agency: "Xinhua"},
				Text:     "Chinese President Xi Jinping met guests."},
		},
		{
			name: "editor's note above the dateline is dropped",
			text: "(Corrects paragraph 3 to show the vote was on Tuesday)\n\nMOSCOW (Reuters) - Text.",
			want: want{Source: "Reuters", Dateline: goldenDateline{Raw: "MOSCOW (Reuters)", Place: "MOSCOW", Agency: "Reuters"}, Text: "Text."},
		},
		{
			name: "parenthesized first paragraph without a dateline after it stays",
			text: "(A note from the editor)\n\nThe story begins.",
			want: want{Text: "(A note from the editor)\n\nThe story begins."},
		},
		{
			name: "paragraph broken by a stray blank line is mended",
			text: "Xi noted the leaders exchanged visits,\n\nunderscoring ties.\n\nNext paragraph.",
			want: want{Text: "Xi noted the leaders exchanged visits, underscoring ties.\n\nNext paragraph."},
		},
		{
			name: "unwrapped lines stay paragraphs",
			text: strings.Repeat("a", 120) + " one.\n" + strings.Repeat("b", 120) + " two.",
			want: want{Text: strings.Repeat("a", 120) + " one.\n\n" + strings.Repeat("b", 120) + " two."},
		},
		{
			name: "markdown heading is the title",
			text: "# Summit ends\n\nLeaders signed a deal.",
			want: want{Title: "Summit ends", Text: "Leaders signed a deal."},
		},
		{
			name: "CRLF, BOM, NBSP and zero-width characters normalized",
			text: "\uFEFFHeadline\r\n\r\nText\u00a0with\u200b spaces.\r\n",
			want: want{Title: "Headline", Text: "Text with spaces."},
		},
		{
			name: "trailing source line",
			text: "Talks\n\nThe sides met.\n\nSource: Xinhua",
			want: want{Title: "Talks", Source: "Xinhua", Text: "The sides met."},
		},
		{
			name: "prose with a dash is not a dateline",
			text: "China - the world's second economy - grew.",
			want: want{Text: "China - the world's second economy - grew."},
		},
		{
			name: "title ending in an abbreviation",
			text: "Tillerson meets envoy from U.S.\n\nThey met.",
			want: want{Title: "Tillerson meets envoy from U.S.", Text: "They met."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("id", "in.txt", tt.text, tt.meta)
			if err != nil {
				t.Fatal(err)
			}
			g := toGolden(d)
			got := want{Title: g.Title, Published: g.Published, Source: g.Source, URL: g.URL, Dateline: g.Dateline, Text: g.Text}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
			if d.ID != "id" || d.Origin != "in.txt" {
				t.Errorf("ID, Origin = %q, %q", d.ID, d.Origin)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, text := range []string{"", "   \n\n", "2017-11-12\n\nSource: Reuters\n", "Headline only\n"} {
		_, err := Parse("id", "in.txt", text, Meta{})
		if err == nil || !strings.HasPrefix(err.Error(), "in.txt: empty document") {
			t.Errorf("Parse(%q) error = %v, want empty document", text, err)
		}
	}
}

func TestHashStable(t *testing.T) {
	a, err := Parse("x", "a/x.txt", "Title\n\nBody.", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("x", "b/x.txt", "Title\r\n\r\nBody.\r\n", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash != b.Hash {
		t.Errorf("hash differs for the same content from another origin: %s vs %s", a.Hash, b.Hash)
	}
	c, err := Parse("x", "a/x.txt", "Title\n\nBody!", Meta{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Hash == c.Hash {
		t.Error("hash unchanged for changed text")
	}
	if len(a.Hash) != 64 {
		t.Errorf("hash %q is not hex SHA-256", a.Hash)
	}
}

func TestLeadingNoteBeforeDateline(t *testing.T) {
	tests := []struct {
		name, text, wantPlace, wantStart string
	}{
		{"note then dateline", "Title\n\n(Corrects paragraph 7 to show X) HAVANA (Reuters) - Cuba told U.S. officials.", "HAVANA", "Cuba told"},
		{"parenthesis in story", "Title\n\n(Reuters) - Cuba told officials.", "", "Cuba told"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("x", "x", tt.text, Meta{})
			if err != nil {
				t.Fatal(err)
			}
			if d.Dateline.Place != tt.wantPlace || !strings.HasPrefix(d.Text, tt.wantStart) {
				t.Errorf("dateline place %q, text %q; want %q, %q...", d.Dateline.Place, d.Text, tt.wantPlace, tt.wantStart)
			}
		})
	}
}

// TestPlainASCII puts every byte at every position of a printable run,
// so that each lands in the eight-byte test and in the byte loop.
func TestPlainASCII(t *testing.T) {
	for c := range 256 {
		for pos := range 19 {
			b := []byte("The quick brown fox")
			b[pos] = byte(c)
			want := c >= 0x20 && c < 0x7f || c == '\n' || c == '\t'
			if got := plainASCII(string(b)); got != want {
				t.Errorf("plainASCII with %#x at %d = %v, want %v", c, pos, got, want)
			}
		}
	}
}

// TestHasControlByte puts every byte at every position of a printable
// run, as TestPlainASCII does.
func TestHasControlByte(t *testing.T) {
	for c := range 256 {
		for pos := range 19 {
			b := []byte(`{"text":"abcdefgh"}`)
			b[pos] = byte(c)
			if got, want := hasControlByte(b), c < 0x20; got != want {
				t.Errorf("hasControlByte with %#x at %d = %v, want %v", c, pos, got, want)
			}
		}
	}
}
