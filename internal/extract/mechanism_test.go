package extract

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// analyzeText reads an article written for a test (none of these is from
// the annotated dev set) and returns the analysis.
func analyzeText(t *testing.T, text string) *doc {
	t.Helper()
	d, err := ingest.Parse("test.txt", "test.txt", text, ingest.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	dc, err := newExtractor(t).analyze(t.Context(), nil, d)
	if err != nil {
		t.Fatal(err)
	}
	return dc
}

// names lists "kind:name" of the document's entities, sorted.
func names(d *doc, kinds ...kind) []string {
	var out []string
	for _, e := range d.ents {
		for _, k := range kinds {
			if e.Kind == k && (len(e.Mentions) > 0 || e == d.dateline || e == d.publisher) {
				out = append(out, k.String()+":"+e.Name)
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestEntities(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "title and demonym",
			text: "Talks\n\nNEW DELHI, May 4 (Reuters) - Indian Prime Minister Narendra Modi met Brazilian President Luiz Inacio Lula da Silva on Thursday.",
			want: []string{"country:Brazil", "country:India", "organization:Reuters", "person:Luiz Inacio Lula da Silva", "person:Narendra Modi", "place:New Delhi"},
		},
		{
			name: "apposition and given name without title",
			text: "Study\n\nLONDON (Reuters) - \"It will not last,\" said Fiona Hill, a senior fellow at the Brookings Institution. Talks between Kenya and Ethiopia stalled.",
			want: []string{"country:Ethiopia", "country:Kenya", "organization:Brookings Institution", "organization:Reuters", "person:Fiona Hill", "place:London"},
		},
		{
			name: "capital as actor, capital as place",
			text: "Visit\n\nTOKYO, June 2 (Kyodo) - Seoul's position hardened as the foreign minister flew to Hanoi for talks, officials in Tokyo said.",
			want: []string{"country:South Korea", "organization:Kyodo", "place:Hanoi", "place:Tokyo"},
		},
		{
			name: "organization by head noun, place by region",
			text: "Research\n\nThe Institute for Peace Studies, of Boulder, Colorado, said the Uruguayan Foreign Ministry had asked for help.",
			want: []string{"country:Uruguay", "organization:Institute for Peace Studies", "organization:Uruguayan Foreign Ministry", "place:Boulder", "place:Colorado"},
		},
		{
			name: "surname-first names and short forms",
			text: "Meeting\n\nBEIJING, Oct. 3 (Xinhua) -- Chinese Vice President Han Zheng met Vietnamese Prime Minister Pham Minh Chinh. Han said the two sides should deepen trust, and Chinh agreed.",
			want: []string{"country:China", "country:Vietnam", "organization:Xinhua", "person:Han Zheng", "person:Pham Minh Chinh", "place:Beijing"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyzeText(t, tt.text)
			got := names(d, kPerson, kCountry, kOrg, kPlace)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("entities (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	tests := []struct {
		name, text, person, title, country string
	}{
		{"demonym and title", "X\n\nBrazilian Foreign Minister Mauro Vieira arrived in Lima.", "Mauro Vieira", "Foreign Minister", "Brazil"},
		{"possessive country", "X\n\nNigeria's Defence Minister Mohammed Badaru said troops were ready.", "Mohammed Badaru", "Defence Minister", "Nigeria"},
		{"title of country", "X\n\nThe President of the Republic of Chile Gabriel Boric spoke first.", "Gabriel Boric", "President", "Chile"},
		{"apposition after", "X\n\nAhmed Ali, the Egyptian ambassador, told reporters the deal was close.", "Ahmed Ali", "ambassador", "Egypt"},
		{"head of an organization", "X\n\nKarim Khan, head of the International Criminal Court, visited Kyiv.", "Karim Khan", "head of International Criminal Court", ""},
		{"counterpart", "X\n\nJapanese Foreign Minister Yoko Kamikawa met her Australian counterpart Penny Wong.", "Penny Wong", "Foreign Minister", "Australia"},
		{"title of country to a place, then the name", "X\n\nThe minister received the Ambassador of Peru to the Kingdom, Carlos Vasquez, on Monday.", "Carlos Vasquez", "Ambassador", "Peru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyzeText(t, tt.text)
			var p *entity
			for _, e := range d.ents {
				if e.Kind == kPerson && e.Name == tt.person {
					p = e
				}
			}
			if p == nil {
				t.Fatalf("no person %q in %v", tt.person, names(d, kPerson))
			}
			if !containsFold(p.Titles, tt.title) {
				t.Errorf("titles %v, want %q", p.Titles, tt.title)
			}
			if tt.country != "" && (p.Country == nil || p.Country.Name != tt.country) {
				t.Errorf("country %v, want %s", p.Country, tt.country)
			}
		})
	}
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// showEvent renders an event as "kind date who@where status".
func showEvent(e *event) string {
	var who, where []string
	for _, p := range e.Attendees {
		who = append(who, p.Name)
	}
	for _, p := range e.Locations {
		where = append(where, p.Name)
	}
	sort.Strings(who)
	return e.Kind + " " + isoDate(e.Date) + " " + strings.Join(who, "+") + "@" + strings.Join(where, "+") + " " + e.Status
}

func TestEvents(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{
			name: "talks dated from the dateline, placed at it",
			text: "2023-03-07\nTalks\n\nNAIROBI, March 7 (Reuters) - Kenyan President William Ruto held talks with visiting Ghanaian President Nana Akufo-Addo on Tuesday.",
			want: []string{"meeting 2023-03-07 Nana Akufo-Addo+William Ruto@Nairobi happened", "visit 2023-03-07 Nana Akufo-Addo@Kenya happened"},
		},
		{
			name: "phone call and a planned visit",
			text: "2019-02-14\nCall\n\nPARIS (Reuters) - French President Emmanuel Macron spoke by phone with Egyptian President Abdel Fattah al-Sisi on Wednesday. Sisi will visit Paris next month.",
			want: []string{"call 2019-02-13 Abdel Fattah al-Sisi+Emmanuel Macron@ happened", "visit  Abdel Fattah al-Sisi@Paris planned"},
		},
		{
			name: "meetings with several people, one each",
			text: "2004-11-10\nVisit\n\nBERLIN, Nov. 10 (Reuters) - After a day of meetings with Chancellor Gerhard Schroeder and Foreign Minister Joschka Fischer, Polish Prime Minister Marek Belka flew home.",
			want: []string{"meeting 2004-11-10 Gerhard Schroeder+Marek Belka@Berlin happened", "meeting 2004-11-10 Joschka Fischer+Marek Belka@Berlin happened"},
		},
		{
			name: "signing, banquet and a summit of an organization",
			text: "2022-11-15\nSummit\n\nBALI, Indonesia, Nov. 15 (Xinhua) -- Indonesian President Joko Widodo and Chinese President Xi Jinping signed a joint statement on Tuesday on the sidelines of the G20 summit. Widodo later hosted a banquet for Xi.",
			want: []string{"banquet 2022-11-15 Joko Widodo+Xi Jinping@Bali happened", "conference 2022-11-15 @Bali happened", "other 2022-11-15 Joko Widodo+Xi Jinping@Bali happened"},
		},
		{
			name: "a ministry's reception, and the meeting referred back to",
			text: "Minister receives envoy\n\nPublished on 12 March 2024\n\nRiyadh, March 12 -- Foreign Minister Adel al-Jubeir received today the Ambassador of Peru, Carlos Vasquez. During the meeting, they reviewed bilateral relations.",
			want: []string{"meeting 2024-03-12 Adel al-Jubeir+Carlos Vasquez@Riyadh happened"},
		},
		{
			name: "a summit in a time phrase takes the clause's people",
			text: "2018-09-19\nSummit\n\nPYONGYANG (Reuters) - North Korean leader Kim Jong Un and South Korean President Moon Jae-in pledged on Wednesday to \"work together\" after a summit in Pyongyang.",
			want: []string{"meeting 2018-09-19 Kim Jong Un+Moon Jae-in@Pyongyang happened"},
		},
		{
			name: "history recalled",
			text: "2017-05-01\nTies\n\nMOSCOW (Reuters) - Russian President Vladimir Putin first met Turkish President Recep Tayyip Erdogan in 2003.",
			want: []string{"meeting  Recep Tayyip Erdogan+Vladimir Putin@ past"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyzeText(t, tt.text)
			var got []string
			for _, e := range d.events {
				got = append(got, showEvent(e))
			}
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAgreements(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		parties []string
		topics  []string
		count   int
		status  string
	}{
		{
			name:    "count and fields",
			text:    "2024-06-20\nDeals\n\nNEW DELHI, June 20 (PTI) - Indian Prime Minister Narendra Modi and Bangladeshi Prime Minister Sheikh Hasina signed 10 agreements covering railways, maritime cooperation and health.",
			parties: []string{"Bangladesh", "India"}, topics: []string{"health", "maritime cooperation", "railways"}, count: 10, status: "signed",
		},
		{
			name:    "a named declaration",
			text:    "2018-04-27\nSummit\n\nSEOUL (Reuters) - North Korean leader Kim Jong Un and South Korean President Moon Jae-in signed the Panmunjom Declaration, pledging the denuclearisation of the peninsula.",
			parties: []string{"North Korea", "South Korea"}, topics: []string{"denuclearization"}, status: "signed",
		},
		{
			name:    "named pair in the phrase, under negotiation",
			text:    "2021-03-01\nTrade\n\nBRUSSELS (Reuters) - Negotiations on the EU-Mercosur free trade agreement resumed on Monday.",
			parties: []string{"European Union", "Mercosur"}, topics: []string{"free trade"}, status: "negotiating",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyzeText(t, tt.text)
			if len(d.agrees) != 1 {
				t.Fatalf("%d agreements, want 1", len(d.agrees))
			}
			a := d.agrees[0]
			var parties, topics []string
			for _, p := range a.Parties {
				parties = append(parties, p.Name)
			}
			for _, p := range a.Topics {
				topics = append(topics, p.Name)
			}
			sort.Strings(parties)
			sort.Strings(topics)
			if diff := cmp.Diff(tt.parties, parties); diff != "" {
				t.Errorf("parties (-want +got):\n%s", diff)
			}
			for _, want := range tt.topics {
				if !containsFold(topics, want) {
					t.Errorf("topics %v lack %q", topics, want)
				}
			}
			if a.Count != tt.count || a.Status != tt.status {
				t.Errorf("count %d status %q, want %d %q", a.Count, a.Status, tt.count, tt.status)
			}
		})
	}
}

func TestTopics(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
		not  []string
	}{
		{
			name: "list after a cue, with a known pair kept whole",
			text: "X\n\nThe two sides agreed to expand cooperation in fields such as renewable energy, science and technology, tourism and the digital economy.",
			want: []string{"renewable energy", "science and technology", "tourism", "digital economy"},
		},
		{
			name: "vague phrases are no topics",
			text: "X\n\nHe said the visit opened new prospects and brought positive energy to ties.",
			not:  []string{"new prospects", "positive energy"},
		},
		{
			name: "relations between two countries",
			text: "X\n\nThe row could hurt India-Pakistan relations, officials said.",
			want: []string{"India-Pakistan relations"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := analyzeText(t, tt.text)
			var got []string
			for _, u := range d.topics {
				got = append(got, u.E.Name)
			}
			for _, w := range tt.want {
				if !containsFold(got, w) {
					t.Errorf("topics %v lack %q", got, w)
				}
			}
			for _, w := range tt.not {
				if containsFold(got, w) {
					t.Errorf("topics %v hold the vague %q", got, w)
				}
			}
		})
	}
}
