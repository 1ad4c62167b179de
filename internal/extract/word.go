package extract

import (
	"strings"
	"unicode/utf8"
)

// wordClass is a set of the word lists a word is in. Segmenting looks up
// each token's classes once, so that the rule passes, which ask about the
// same token many times, test a bit instead of looking the word up in a
// map each time (those lookups were a sixth of the extraction time). The
// large lists (common words, given names) are asked about only for
// capitalized runs and stay out of the table, which is looked up for
// every token and should stay small enough for the processor's caches.
type wordClass uint32

const (
	// wcKnown marks a token whose classes were looked up; a token made
	// elsewhere (tests build some) falls back to the maps.
	wcKnown wordClass = 1 << iota
	wcStopCaps
	wcOrgHead
	wcSpeechVerb
	wcModifier
	wcPlacePrep
	wcEventStart   // the first word of an event trigger (eventWords)
	wcCueStart     // the first word of a topic cue (cueIndex)
	wcFuture       // futureWords
	wcAgreeHead    // agreeHeads
	wcRelationHead // relationHeads
	wcAbbrev       // abbrevs
	// wcNoKey marks a word that starts no key of lexicon 0 (the
	// gazetteers); the next bit, of lexicon 1 (topics). classify sets them
	// from the word id, once per token, so that a lookup can turn most
	// tokens away before any call.
	wcNoKey
	wcNoKey1
)

// wordInfo is what the word table knows of one word.
type wordInfo struct {
	id  uint32 // the word's id in the lexicons plus one; 0 when no lexicon key holds it
	cls wordClass
}

// wordTable numbers the words of the lexicons' keys and records the word
// lists each word (a token's lower case) is in. It is built in a map;
// freeze then copies it into an open-addressing table in three arrays,
// which every token is looked up in: it takes a third less time than the
// map, whose keys lie all over the heap.
type wordTable struct {
	m     map[string]wordInfo
	n     uint32 // lexicon words numbered so far
	punct bool   // some list holds a one-character token that is no word (punctuation)

	// slots hold a word's hash in the high half and its index into words
	// plus one in the low half, 0 for none; nil before freeze. With the
	// hash in the slot, a probe past another word reads no more memory.
	slots []uint64
	words []frozenWord
	text  string // the words back to back
	mask  uint32
}

// frozenWord is one word of a frozen table: text[start:end] and what the
// table knows of it.
type frozenWord struct {
	start, end uint32
	info       wordInfo
}

// freeze builds the open-addressing table; the table must not change after.
func (t *wordTable) freeze() {
	t.build(keys(t.m), func(w string) wordInfo { return t.m[w] })
}

// build fills the open-addressing table with words and their info.
func (t *wordTable) build(words []string, info func(string) wordInfo) {
	size := 1
	for size < 2*len(words) {
		size <<= 1
	}
	t.slots, t.mask = make([]uint64, size), uint32(size-1)
	t.words = make([]frozenWord, 0, len(words))
	n := 0
	for _, w := range words {
		n += len(w)
	}
	b := make([]byte, 0, n)
	for _, w := range words {
		h := wordHash(w)
		t.words = append(t.words, frozenWord{start: uint32(len(b)), end: uint32(len(b) + len(w)), info: info(w)})
		b = append(b, w...)
		i := h & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = uint64(h)<<32 | uint64(len(t.words))
	}
	t.text = string(b)
}

// get returns what the table knows of w (nothing for an unknown word).
func (t *wordTable) get(w string) wordInfo {
	if t.slots == nil {
		return t.m[w]
	}
	h := wordHash(w)
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return wordInfo{}
		}
		if uint32(s>>32) == h {
			if e := &t.words[uint32(s)-1]; t.text[e.start:e.end] == w {
				return e.info
			}
		}
	}
}

// wordHash is FNV-1a, quick on short words.
func wordHash(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

// add returns the lexicon id of w, numbering it if it is new.
func (t *wordTable) add(w string) uint32 {
	e := t.m[w]
	if e.id == 0 {
		t.n++
		e.id = t.n
		t.m[w] = e
	}
	return e.id - 1
}

// id returns the lexicon id of w; ok is false when no lexicon key holds w.
func (t *wordTable) id(w string) (id uint32, ok bool) {
	e := t.get(w)
	return e.id - 1, e.id != 0
}

// mark puts each word of words in class c.
func (t *wordTable) mark(c wordClass, words []string) {
	for _, w := range words {
		e := t.m[w]
		e.cls |= c
		t.m[w] = e
		// a token that is no word is one character: only such a list
		// entry ("—") makes punctuation worth looking up
		if r, n := utf8.DecodeRuneInString(w); !isWordRune(r) && n == len(w) {
			t.punct = true
		}
	}
}

// classifyWords records the word lists that tokens are tested against
// token by token.
func (k *knowledge) classifyWords() {
	for c, s := range map[wordClass]set{
		wcStopCaps: k.stopCaps, wcOrgHead: k.orgHeads,
		wcSpeechVerb: k.speechVerbs, wcModifier: k.modifiers, wcPlacePrep: k.placePreps, wcFuture: futureWords,
		wcAbbrev: k.abbrevs,
	} {
		k.words.mark(c, members(s))
	}
	k.words.mark(wcEventStart, keys(k.eventWords))
	k.words.mark(wcCueStart, keys(k.cueIndex))
	k.words.mark(wcAgreeHead, keys(k.agreeHeads))
	k.words.mark(wcRelationHead, keys(relationHeads))
	k.words.freeze()
}

// members returns the words of s.
func members(s set) []string {
	var out []string
	for w, ok := range s {
		if ok {
			out = append(out, w)
		}
	}
	return out
}

// frozenSet is a large word list in the word table's open-addressing
// layout: common words and given names, asked about in capitalized runs,
// are too many to share the tokens' table, and slow to look up as maps.
type frozenSet struct{ t wordTable }

func freezeSet(s set) *frozenSet {
	f := &frozenSet{}
	f.t.build(members(s), func(string) wordInfo { return wordInfo{cls: 1} })
	return f
}

// has reports whether w is in f; like a nil map, a nil set holds nothing
// (the topics lexicon has no common words).
func (f *frozenSet) has(w string) bool { return f != nil && f.t.get(w).cls != 0 }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for w := range m {
		out = append(out, w)
	}
	return out
}

// classify looks up the lexicon id and the classes of each token.
func (k *knowledge) classify(toks []token) {
	for i := range toks {
		t := &toks[i]
		if !t.Word {
			if k.words.punct {
				t.cls = k.words.get(t.Lower).cls
			}
			t.cls |= wcKnown
			continue
		}
		e := k.words.get(t.Key)
		noKey := wcNoKey | wcNoKey1 // in no lexicon key at all
		t.wid = -1
		if e.id != 0 {
			t.wid = int32(e.id)
			noKey = 0
			for _, l := range [...]*lexicon{k.lex, k.topics} {
				if _, ok := l.child(0, e.id-1); !ok {
					noKey |= l.noKey()
				}
			}
		}
		if t.Lower != t.Key {
			if strings.IndexByte(t.Key, ' ') >= 0 {
				noKey = 0 // more than one word ("u s"), which walk splits
			}
			e = k.words.get(t.Lower)
		}
		t.cls = e.cls | wcKnown | noKey
	}
}

// in reports whether the token's lower case is in s, the list of class c.
func (t *token) in(c wordClass, s set) bool {
	if t.cls&wcKnown != 0 {
		return t.cls&c != 0
	}
	return s[t.Lower]
}

// may reports whether the token's lower case may be a key of the map of
// class c: false only when its classes are known and c is not among them.
func (t *token) may(c wordClass) bool {
	return t.cls&wcKnown == 0 || t.cls&c != 0
}
