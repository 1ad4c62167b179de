package extract

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/data"

	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/schema"
	"github.com/newsgraph/newsgraph/schema/rules"
)

// knowledge is everything the extractors know before reading a document:
// the gazetteers of schema/ compiled into lexicons, and the rule lists of
// schema/rules.
type knowledge struct {
	lex       *lexicon // countries, capitals, demonyms, places, organizations, people, titles
	topics    *lexicon
	countries map[string]*entry // by ISO code
	// roleTitles are the titles a person holds as an office; honorifics
	// (Mr, Dr) make a name but are no office.
	honorifics   set
	orgHeads     set
	speechVerbs  set
	personNouns  set
	common       *frozenSet // lower-case English words
	stopCaps     set
	givenNames   *frozenSet
	modifiers    set               // party labels before names
	abbrevs      set               // abbreviations whose period ends no sentence
	surnames     map[string]string // lower-case East Asian surname → culture (zh, ko, vi)
	placePreps   set
	placeVerbs   set
	events       []eventRule
	eventWords   map[string][]*eventRule // first word → rules
	agreeHeads   map[string]string       // lower-case head noun → canonical
	agreePlural  set
	topicCues    []topicCue
	cueIndex     map[string][]*topicCue // by first word
	historical   []historicalRule
	pairs        [][]string // phrases for the story's two main people
	vague        set
	fingerprint  string
	surnameIndex map[string][]*entry // lower-case family name → gazetteer people
	gazPeople    []*entry
	cameo        map[string]string // event kind → CAMEO code
	agreeMods    set               // words that may be part of an instrument's name
	topicWords   set               // the words of topic names and aliases
	commerceMods set               // words that make an instrument a business one
	topicByName  map[string]*entry
	// words numbers the words of both lexicons and knows which word lists
	// each word is in.
	words *wordTable
	// punkt delivers the sentence model and sets readSets' outcome, each
	// loading while the gazetteers do; loadRules receives them.
	punkt chan punktResult
	sets  chan error
}

type set map[string]bool

func (s set) has(w string) bool { return s[w] }

// loadKnowledge compiles the embedded gazetteers and rules.
func loadKnowledge() (*knowledge, error) {
	words := &wordTable{m: map[string]wordInfo{}} // one word list, so a token's id serves both lexicons
	k := &knowledge{
		words:        words,
		lex:          newLexicon(0, words),
		topics:       newLexicon(1, words),
		countries:    map[string]*entry{},
		surnameIndex: map[string][]*entry{},
		topicByName:  map[string]*entry{},
		topicWords:   set{},
	}
	// The fingerprint, the sentence model and the rules' word lists need
	// nothing else loaded: they load on other cores meanwhile, half of
	// the start-up.
	fp := make(chan error, 1)
	go func() {
		var err error
		k.fingerprint, err = fingerprint()
		fp <- err
	}()
	k.sets = make(chan error, 1)
	go func() { k.sets <- k.readSets() }()
	k.punkt = make(chan punktResult, 1)
	go func() {
		var r punktResult
		r.model, r.err = loadPunkt()
		k.punkt <- r
	}()
	err := k.loadGazetteers()
	if err == nil {
		err = k.loadRules()
	}
	if ferr := <-fp; err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	k.classifyWords()
	return k, nil
}

// fingerprint names the extractor's version and data: Version and a hash
// of every file in schema and rules.
func fingerprint() (string, error) {
	h := sha256.New()
	for _, fsys := range []fs.FS{schema.FS, rules.FS} {
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("fingerprint data: %w", err)
		}
	}
	return Version + "+" + hex.EncodeToString(h.Sum(nil))[:16], nil
}

// punktResult is the Punkt sentence model or why it did not load.
type punktResult struct {
	model *sentences.Storage
	err   error
}

// loadPunkt loads the Punkt English model of the sentences package.
func loadPunkt() (*sentences.Storage, error) {
	b, err := data.Asset("data/english.json")
	if err != nil {
		return nil, fmt.Errorf("sentence model: %w", err)
	}
	punkt, err := sentences.LoadTraining(b)
	if err != nil {
		return nil, fmt.Errorf("sentence model: %w", err)
	}
	return punkt, nil
}

func (k *knowledge) loadGazetteers() error {
	cs, err := schema.Countries()
	if err != nil {
		return err
	}
	for _, c := range cs {
		e := &entry{Kind: kCountry, Name: c.Name, Aliases: c.Aliases, Code: c.Code}
		k.countries[c.Code] = e
		k.lex.addEntry(e)
		for _, a := range c.Adjectives {
			k.lex.add(e, rAdjective, a)
			// the people: "Cubans", "Pakistanis", "Israelis"
			if pl := demonymPlural(a); pl != "" {
				k.lex.add(e, rAdjective, pl)
			}
		}
		for _, cap := range c.Capitals {
			k.lex.add(e, rCapital, cap)
		}
	}
	ps, err := schema.Places()
	if err != nil {
		return err
	}
	for _, p := range ps {
		e := &entry{Kind: kPlace, Name: p.Name, Aliases: p.Aliases, Code: p.Country, Sub: p.Kind}
		k.lex.addEntry(e)
	}
	os, err := schema.Organizations()
	if err != nil {
		return err
	}
	for _, o := range os {
		e := &entry{Kind: kOrg, Name: o.Name, Aliases: o.Aliases, Code: o.Country, Sub: o.Kind}
		r := rName
		if o.Kind == schema.OrgGovernmentSeat {
			r = rSeat
		}
		k.lex.add(e, r, e.Name)
		for _, a := range e.Aliases {
			k.lex.add(e, r, a)
		}
	}
	people, err := schema.People()
	if err != nil {
		return err
	}
	for _, p := range people {
		e := &entry{Kind: kPerson, Name: p.Name, Aliases: p.Aliases, Code: p.Country, Titles: p.Titles}
		for _, t := range p.Titles {
			e.titleKeys = append(e.titleKeys, vocab.Key(t))
		}
		k.lex.addEntry(e)
		k.gazPeople = append(k.gazPeople, e)
	}
	ts, err := schema.Titles()
	if err != nil {
		return err
	}
	pf, err := schema.Portfolios()
	if err != nil {
		return err
	}
	for _, t := range ts {
		e := &entry{Kind: kTitle, Name: t.Title, Aliases: t.Aliases, Sub: t.Kind}
		k.addTitle(e, e.Name)
		for _, a := range e.Aliases {
			k.addTitle(e, a)
		}
	}
	// Ministerial titles are composed: "<Portfolio> Minister", "Minister of
	// <Portfolio>", "<Portfolio> Secretary", "Secretary of <Portfolio>".
	for _, p := range pf {
		names := append([]string{p.Portfolio}, p.Aliases...)
		for _, head := range []string{"Minister", "Secretary"} {
			canon := p.Portfolio + " " + head
			e := &entry{Kind: kTitle, Name: canon, Sub: schema.TitleMinister}
			for _, n := range names {
				k.addTitle(e, n+" "+head)
				k.addTitle(e, head+" of "+n)
				k.addTitle(e, head+" for "+n)
			}
		}
	}
	topics, err := schema.Topics()
	if err != nil {
		return err
	}
	var tes []*entry
	for _, t := range topics {
		e := &entry{Kind: kTopic, Name: t.Name, Aliases: t.Aliases, Generic: t.Generic, Broader: t.Broader}
		k.topics.addEntry(e)
		tes = append(tes, e)
		k.topicByName[t.Name] = e
		for _, n := range append([]string{t.Name}, t.Aliases...) {
			for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(n, "-", " "))) {
				k.topicWords[w] = true
			}
		}
	}
	// the singular of each plural name ("safe haven" for "safe havens"),
	// where no entry has that form already
	for _, e := range tes {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if v := singular(n); v != "" && len(k.topics.forms[lexKey(v)]) == 0 {
				k.topics.add(e, rName, v)
			}
		}
	}
	return nil
}

// singular turns the last word of a lower-case plural phrase singular
// ("safe havens" → "safe haven", "policies" → "policy"); "" when unsure.
// Only that way round: a plural is often other things ("democracies" are
// countries, not democracy).
func singular(phrase string) string {
	if hasUpper(phrase) {
		return ""
	}
	i := strings.LastIndexByte(phrase, ' ') + 1
	head, w := phrase[:i], phrase[i:]
	if len(w) < 4 || strings.ContainsAny(w, "-'") {
		return ""
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return ""
	case strings.HasSuffix(w, "ies"):
		return head + w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return head + w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return head + w[:len(w)-1]
	}
	return ""
}

// demonymPlural forms the plural that names a country's people, "" for
// adjectives without one ("Chinese", "Swiss", "British").
func demonymPlural(adj string) string {
	if strings.Contains(adj, " ") {
		return ""
	}
	switch {
	case strings.HasSuffix(adj, "an"), strings.HasSuffix(adj, "i"), strings.HasSuffix(adj, "ine"):
		return adj + "s"
	}
	return ""
}

// addTitle registers a title form that matches in any letter case
// ("President", "the Chinese president").
func (k *knowledge) addTitle(e *entry, surface string) {
	k.lex.add(e, rName, surface)
	for _, f := range k.lex.forms[lexKey(surface)] {
		if f.E == e {
			f.Proper = false
			f.Acronym = f.Acronym && len(surface) <= 4
		}
	}
}

// readLines returns the non-comment, non-empty lines of a rule file.
func readLines(name string) ([]string, error) {
	f, err := rules.FS.Open(name)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rules %s: %w", name, err)
	}
	return out, nil
}

// readSet reads a one-word-a-line rule file into a set of lower-case words.
func readSet(name string) (set, error) {
	lines, err := readLines(name)
	if err != nil {
		return nil, err
	}
	s := set{}
	for _, l := range lines {
		s[strings.ToLower(strings.TrimSpace(l))] = true
	}
	return s, nil
}

// readTSV reads a rule file with a header line into rows of named columns.
func readTSV(name string) ([]map[string]string, error) {
	lines, err := readLines(name)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("rules %s: no header", name)
	}
	head := strings.Split(lines[0], "\t")
	var rows []map[string]string
	for i, l := range lines[1:] {
		cells := strings.Split(l, "\t")
		if len(cells) > len(head) {
			return nil, fmt.Errorf("rules %s: row %d: %d cells, header has %d", name, i+2, len(cells), len(head))
		}
		row := map[string]string{}
		for j, c := range cells {
			row[head[j]] = strings.TrimSpace(c)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// readSets reads the word lists of the rules. It needs nothing else
// loaded and loadGazetteers touches none of what it fills, so it runs
// while the gazetteers load; loadRules waits for it.
func (k *knowledge) readSets() error {
	var err error
	sets := []struct {
		dst  *set
		name string
	}{
		{&k.honorifics, "honorifics.txt"},
		{&k.orgHeads, "org-heads.txt"},
		{&k.speechVerbs, "speech-verbs.txt"},
		{&k.personNouns, "person-nouns.txt"},
		{&k.stopCaps, "stop-capitals.txt"},
		{&k.modifiers, "name-modifiers.txt"},
		{&k.abbrevs, "abbreviations.txt"},
		{&k.agreeMods, "agreement-modifiers.txt"},
		{&k.commerceMods, "commercial-modifiers.txt"},
	}
	for _, s := range sets {
		if *s.dst, err = readSet(s.name); err != nil {
			return err
		}
	}
	// The two largest lists are asked about in every capitalized run:
	// frozen, they take a fraction of a map's time.
	for _, s := range []struct {
		dst  **frozenSet
		name string
	}{{&k.common, "common-words.txt"}, {&k.givenNames, "given-names.txt"}} {
		words, err := readSet(s.name)
		if err != nil {
			return err
		}
		*s.dst = freezeSet(words)
	}
	return nil
}

func (k *knowledge) loadRules() error {
	if err := <-k.sets; err != nil {
		return err
	}
	k.lex.common = k.common
	// the abbreviations the Punkt English model learned ("jan", "u.s"),
	// loaded meanwhile by loadKnowledge
	pr := <-k.punkt
	if pr.err != nil {
		return pr.err
	}
	for a := range pr.model.AbbrevTypes {
		k.abbrevs[a] = true
	}
	rows, err := readTSV("surnames-east-asian.txt")
	if err != nil {
		return err
	}
	k.surnames = map[string]string{}
	for _, r := range rows {
		k.surnames[strings.ToLower(r["surname"])] = r["culture"]
	}
	rows, err = readTSV("place-cues.tsv")
	if err != nil {
		return err
	}
	k.placePreps, k.placeVerbs = set{}, set{}
	for _, r := range rows {
		if r["kind"] == "verb" {
			k.placeVerbs[r["word"]] = true
		} else {
			k.placePreps[r["word"]] = true
		}
	}
	// family names: the first word of names that put it first (Xi Jinping,
	// Lee Jae-myung), else the last
	for _, e := range k.gazPeople {
		words := strings.Fields(vocab.Key(e.Name))
		if len(words) < 2 {
			continue
		}
		fam := words[len(words)-1]
		if c := k.surnames[words[0]]; c == "zh" || c == "ko" {
			fam = words[0]
		}
		k.surnameIndex[fam] = append(k.surnameIndex[fam], e)
	}
	for h := range k.honorifics {
		e := &entry{Kind: kTitle, Name: strings.TrimSuffix(h, "."), Sub: "honorific"}
		k.lex.add(e, rName, strings.ToUpper(h[:1])+h[1:])
	}
	if err := k.loadEventRules(); err != nil {
		return err
	}
	if err := k.loadAgreementRules(); err != nil {
		return err
	}
	if err := k.loadTopicCues(); err != nil {
		return err
	}
	rows, err = readTSV("cameo.tsv")
	if err != nil {
		return err
	}
	k.cameo = map[string]string{}
	for _, r := range rows {
		k.cameo[r["kind"]] = r["code"]
	}
	return k.loadHistorical()
}

// historicalRule: between From and Until, these forms mean state Code.
type historicalRule struct {
	Code        string
	From, Until time.Time
	Capitals    []string
	Adjectives  []string
}

func (k *knowledge) loadHistorical() error {
	rows, err := readTSV("historical.tsv")
	if err != nil {
		return err
	}
	for i, r := range rows {
		from, err1 := time.Parse("2006-01-02", r["from"])
		until, err2 := time.Parse("2006-01-02", r["until"])
		if err1 != nil || err2 != nil {
			return fmt.Errorf("rules historical.tsv: row %d: bad date", i+2)
		}
		e := k.countries[r["code"]]
		if e == nil {
			return fmt.Errorf("rules historical.tsv: row %d: unknown country %q", i+2, r["code"])
		}
		h := historicalRule{Code: r["code"], From: from, Until: until,
			Capitals: splitCell(r["capitals"]), Adjectives: splitCell(r["adjectives"])}
		k.historical = append(k.historical, h)
		add := func(r role, surface string) {
			for _, f := range k.lex.forms[lexKey(surface)] {
				if f.E == e && f.Role == r {
					return // already a form of that state at any date
				}
			}
			k.lex.add(e, r, surface)
			for _, f := range k.lex.forms[lexKey(surface)] {
				if f.E == e && f.Role == r {
					f.From, f.Until = from, until
				}
			}
		}
		for _, c := range h.Capitals {
			add(rCapital, c)
		}
		for _, a := range h.Adjectives {
			add(rAdjective, a)
		}
	}
	return nil
}

func splitCell(s string) []string {
	var out []string
	for _, v := range strings.Split(s, "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}
