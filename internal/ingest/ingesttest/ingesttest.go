// Package ingesttest makes synthetic news articles for tests and benchmarks
// that need many realistic documents: wire stories about meetings, visits
// and agreements between countries, with datelines, titles, people and
// topics the extractor recognises. The same n and seed always give the
// same articles.
package ingesttest

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"
)

// Article is one synthetic article, in the shape of a JSON Lines record.
type Article struct {
	ID    string `json:"id"`
	Date  string `json:"date"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

type country struct {
	name, adj, capital string
	leader, title      string
}

var countries = []country{
	{"China", "Chinese", "Beijing", "Xi Jinping", "President"},
	{"South Korea", "South Korean", "Seoul", "Lee Jae-myung", "President"},
	{"Japan", "Japanese", "Tokyo", "Shigeru Ishiba", "Prime Minister"},
	{"Vietnam", "Vietnamese", "Hanoi", "To Lam", "General Secretary"},
	{"France", "French", "Paris", "Emmanuel Macron", "President"},
	{"Germany", "German", "Berlin", "Olaf Scholz", "Chancellor"},
	{"Brazil", "Brazilian", "Brasilia", "Luiz Inacio Lula da Silva", "President"},
	{"India", "Indian", "New Delhi", "Narendra Modi", "Prime Minister"},
	{"Indonesia", "Indonesian", "Jakarta", "Prabowo Subianto", "President"},
	{"Kenya", "Kenyan", "Nairobi", "William Ruto", "President"},
	{"Mexico", "Mexican", "Mexico City", "Claudia Sheinbaum", "President"},
	{"Australia", "Australian", "Canberra", "Anthony Albanese", "Prime Minister"},
}

var ministers = []string{"Anna Weber", "Carlos Mendes", "Hiroshi Tanaka", "Priya Nair", "Samuel Otieno", "Marie Laurent", "Nguyen Van Minh", "Kim Soo-jin"}

var topics = []string{"trade", "energy", "tourism", "climate change", "artificial intelligence", "agriculture", "infrastructure", "public health", "education", "maritime security", "digital economy", "green development"}

var agencies = []string{"Xinhua", "Reuters"}

// Articles returns n articles for seed.
func Articles(n int, seed uint64) []Article {
	r := rand.New(rand.NewPCG(seed, 0x6e657773))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Article, n)
	for i := range out {
		a := countries[r.IntN(len(countries))]
		b := countries[r.IntN(len(countries))]
		for b.name == a.name {
			b = countries[r.IntN(len(countries))]
		}
		day := start.AddDate(0, 0, r.IntN(700))
		pub := day.AddDate(0, 0, r.IntN(3))
		agency := agencies[r.IntN(len(agencies))]
		t1, t2, t3 := topics[r.IntN(len(topics))], topics[r.IntN(len(topics))], topics[r.IntN(len(topics))]
		minister := ministers[r.IntN(len(ministers))]
		var text strings.Builder
		dash := "--"
		if agency == "Reuters" {
			dash = "-"
		}
		fmt.Fprintf(&text, "%s, %s %d (%s) %s %s %s %s held talks with visiting %s %s %s in %s on %s.",
			strings.ToUpper(a.capital), shortMonth(day.Month()), day.Day(), agency, dash,
			a.adj, a.title, a.leader, b.adj, b.title, b.leader, a.capital, day.Weekday())
		fmt.Fprintf(&text, "\n\nThe two leaders discussed cooperation in %s, %s and %s, and agreed to deepen relations between %s and %s.",
			t1, t2, t3, a.name, b.name)
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&text, "\n\nAfter the talks, they witnessed the signing of %d cooperation agreements covering %s and %s.", 2+r.IntN(14), t2, t3)
		case 1:
			fmt.Fprintf(&text, "\n\n%s Foreign Minister %s also met %s on the sidelines and raised %s.", b.adj, minister, a.leader, t1)
		default:
			fmt.Fprintf(&text, "\n\nThe two countries signed a free trade agreement and a memorandum of understanding on %s.", t3)
		}
		fmt.Fprintf(&text, "\n\n%s is the %dth leader to visit %s this year, according to the %s foreign ministry.",
			b.leader, 2+r.IntN(20), a.capital, a.adj)
		out[i] = Article{
			ID:    fmt.Sprintf("syn-%05d", i),
			Date:  pub.Format(time.DateOnly),
			Title: fmt.Sprintf("%s, %s hold talks in %s", a.leader, b.leader, a.capital),
			Text:  text.String(),
		}
	}
	return out
}

func shortMonth(m time.Month) string {
	s := m.String()
	if len(s) <= 4 {
		return s
	}
	return s[:3] + "."
}

// WriteJSONL writes n articles for seed as JSON Lines.
func WriteJSONL(w io.Writer, n int, seed uint64) error {
	enc := json.NewEncoder(w)
	for _, a := range Articles(n, seed) {
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	return nil
}
