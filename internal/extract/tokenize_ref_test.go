package extract

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzTokenizeFast holds tokenize, with its ASCII fast path and eight-byte
// lowering, to tokenizeRef, the code it replaced: the same tokens, field
// for field.
func FuzzTokenizeFast(f *testing.F) {
	for _, s := range []string{
		"U.S. President Donald Trump's visit", "Xi’s “talks” — ÉLYSÉE", "İstanbul \xff 1.5 O'Neill", "K\u212a",
		"A. B.C. 1.5. 12.x x.1 a.b. ab. AB.", "don't O'Neill's rock'n'roll '90s x' y'", "Zürich ZÜRICH naïve a\u0301b",
		"HELLO World hello WORLD 123 ABC123 a1B2", "tab\there\nnew\u00a0nbsp\u2003em", "a\x00b\x01c\x7fd", "ǅemal ǈ ß ẞ",
		"ALL CAPS HEADLINE FOR THE WIRE TODAY", "e2\u2019s x\u2019 x\u2019y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := tokenize(nil, s), tokenizeRef(nil, s); !slices.Equal(got, want) {
			t.Fatalf("tokenize(%q) differs from tokenizeRef:\n%s", s, cmp.Diff(want, got, cmp.AllowUnexported(token{})))
		}
		gl, ga := lowerAligned(s)
		wl, wa := lowerAlignedRef(s)
		if gl != wl || ga != wa {
			t.Fatalf("lowerAligned(%q) = %q, %v; lowerAlignedRef %q, %v", s, gl, ga, wl, wa)
		}
	})
}

// TestUpperASCII8 checks the eight-byte capital test on every ASCII byte
// in every position.
func TestUpperASCII8(t *testing.T) {
	for c := range utf8.RuneSelf {
		for pos := range 8 {
			x := uint64('a')*0x0101010101010101&^(0xff<<(8*pos)) | uint64(c)<<(8*pos)
			want := uint64(0)
			if 'A' <= c && c <= 'Z' {
				want = 0x80 << (8 * pos)
			}
			if got := upperASCII8(x); got != want {
				t.Errorf("byte %#x at %d: %#x, want %#x", c, pos, got, want)
			}
		}
	}
}

// tokenizeRef is tokenize as it was before its ASCII fast path, the
// reference FuzzTokenizeFast holds it to. It appends the tokens of s to dst. Words keep inner apostrophes
// and dotted abbreviations ("U.S.", "S."); hyphens, dashes and other marks
// are tokens of their own; a possessive "'s" is its own token.
func tokenizeRef(dst []token, s string) []token {
	toks := slices.Grow(dst, len(s)/5+4) // news prose runs 5 to 6 bytes a token, so this rarely grows
	// One lower-case copy of s serves every token, when each character's
	// lower case is as long as it is; else each word is lowered alone.
	ls, aligned := lowerAlignedRef(s)
	lower := func(i, j int) string {
		if aligned {
			return ls[i:j]
		}
		return strings.ToLower(s[i:j])
	}
	i := 0
	space := true
	for i < len(s) {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			i += n
			continue
		case isWordRune(r):
			j := scanWord(s, i)
			w := s[i:j]
			// possessive 's / ’s split off
			if k := possessive(w); k > 0 {
				toks = append(toks, wordToken(w[:k], lower(i, i+k), i, space))
				toks = append(toks, token{Text: w[k:], Lower: lower(i+k, j), Start: i + k, End: j})
			} else {
				toks = append(toks, wordToken(w, lower(i, j), i, space))
			}
			i = j
		default:
			toks = append(toks, token{Text: s[i : i+n], Lower: s[i : i+n], Start: i, End: i + n, Space: space})
			i += n
		}
		space = false
	}
	return toks
}

// lowerAlignedRef is lowerAligned before SWAR. It returns strings.ToLower(s) and true when every character
// of s has a lower case of the same length in UTF-8 (always so in ASCII),
// so that the lower case of s[i:j] is the result's [i:j].
func lowerAlignedRef(s string) (string, bool) {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s, true // already lower case
	}
	b := make([]byte, i, len(s))
	copy(b, s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		lr := r
		if r < 0x2000 || r > 0x206f { // punctuation (’ “ ” —) has no case
			lr = unicode.ToLower(r)
		}
		if r == utf8.RuneError || utf8.RuneLen(lr) != n {
			return "", false // invalid UTF-8 lowers to a longer U+FFFD
		}
		b = utf8.AppendRune(b, lr)
		i += n
	}
	return string(b), true
}
