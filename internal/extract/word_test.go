package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// TestWordClasses: a classified token answers in and may as the word lists
// themselves do, for their words and for others.
func TestWordClasses(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	k := x.k
	sets := map[wordClass]set{
		wcStopCaps: k.stopCaps, wcOrgHead: k.orgHeads,
		wcSpeechVerb: k.speechVerbs, wcModifier: k.modifiers, wcPlacePrep: k.placePreps, wcFuture: futureWords,
		wcAbbrev: k.abbrevs,
	}
	maps := map[wordClass]func(string) bool{
		wcEventStart:   func(w string) bool { _, ok := k.eventWords[w]; return ok },
		wcCueStart:     func(w string) bool { _, ok := k.cueIndex[w]; return ok },
		wcAgreeHead:    func(w string) bool { _, ok := k.agreeHeads[w]; return ok },
		wcRelationHead: func(w string) bool { _, ok := relationHeads[w]; return ok },
	}
	words := []string{"Xinhua", "zzyzx", "U.S.", "Schröder", "1987", ",", ";", "—", "don't", "THE", "Said", "South Korea", "climate change", "trade"}
	for _, s := range sets {
		words = append(words, keys(s)...)
	}
	words = append(words, keys(k.eventWords)...)
	words = append(words, keys(k.cueIndex)...)
	words = append(words, keys(k.agreeHeads)...)
	words = append(words, keys(relationHeads)...)
	slices.Sort(words)
	words = slices.Compact(words)
	for _, w := range words {
		toks := tokenize(nil, w)
		k.classify(toks)
		for i := range toks {
			tok := &toks[i]
			for cls, s := range sets {
				if got, want := tok.in(cls, s), s[tok.Lower]; got != want {
					t.Errorf("%q (token %q): in class %b = %v, list says %v", w, tok.Text, cls, got, want)
				}
			}
			for cls, has := range maps {
				if has(tok.Lower) && !tok.may(cls) {
					t.Errorf("%q (token %q): may not be of class %b, but the map has it", w, tok.Text, cls)
				}
			}
			if tok.Word {
				id, ok := k.words.id(tok.Key)
				if want := map[bool]int32{true: int32(id) + 1, false: -1}[ok]; tok.wid != want {
					t.Errorf("%q: word id %d, want %d", tok.Text, tok.wid, want)
				}
			}
			// A token marked as starting no key of a lexicon starts none:
			// walking from it finds nothing.
			for _, l := range []*lexicon{k.lex, k.topics} {
				s := &sentence{Text: w, Toks: toks}
				if tok.cls&l.noKey() != 0 && len(l.walk(nil, s, i)) > 0 {
					t.Errorf("%q (token %q): marked as starting no key of lexicon %d, but keys start with it", w, tok.Text, l.id)
				}
			}
		}
	}
	// and the marks spare the lookups of most words
	marked := 0
	for _, w := range []string{"the", "said", "and", "of", "zzyzx"} {
		toks := tokenize(nil, w)
		k.classify(toks)
		if toks[0].cls&k.lex.noKey() != 0 {
			marked++
		}
	}
	if marked < 4 {
		t.Errorf("only %d of 5 common words are marked as starting no gazetteer key", marked)
	}
}

// TestFrozenWordTable: the frozen table answers as the map it was built
// from, for its words and for others.
func TestFrozenWordTable(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tab := x.k.words
	if tab.slots == nil {
		t.Fatal("the word table is not frozen")
	}
	words := keys(tab.m)
	for _, w := range keys(tab.m) {
		words = append(words, w+"x", "x"+w, strings.ToUpper(w), w[:len(w)/2])
	}
	words = append(words, "", "zzyzx", "\xff")
	for _, w := range words {
		if got, want := tab.get(w), tab.m[w]; got != want {
			t.Errorf("get(%q) = %+v, the map has %+v", w, got, want)
		}
	}
}

// TestFrozenSets: the frozen word lists hold what their files hold, and
// a nil one, as the topics lexicon's common words are, holds nothing.
func TestFrozenSets(t *testing.T) {
	var none *frozenSet
	if none.has("the") {
		t.Error("a nil set has \"the\"")
	}
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*frozenSet{"common-words.txt": x.k.common, "given-names.txt": x.k.givenNames} {
		s, err := readSet(name)
		if err != nil {
			t.Fatal(err)
		}
		words := []string{"", "zzyzx", "\xff"}
		for w := range s {
			words = append(words, w, w+"s", strings.ToUpper(w))
		}
		for _, w := range words {
			if got, want := f.has(w), s[w]; got != want {
				t.Errorf("%s: has(%q) = %v, the file says %v", name, w, got, want)
			}
		}
	}
}

// TestAgreementWords: the heads of instruments and the plan words are all
// letters, which agreementRun's shortcut needs.
func TestAgreementWords(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range append(keys(x.k.agreeHeads), keys(planWords)...) {
		if w == "" || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) || unicode.IsUpper(r) }) >= 0 {
			t.Errorf("%q is not all lower-case letters", w)
		}
	}
}
