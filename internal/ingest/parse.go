package ingest

import (
	"encoding/binary"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/text/unicode/norm"
)

// Meta is what an input's container says about a document besides its text:
// the fields of a JSON Lines record, the meta tags of an HTML page. Parse
// prefers it to what the text says, except for Source (see Parse).
type Meta struct {
	Title     string
	Published time.Time
	Source    string
	URL       string
}

// Parse builds a Document from one article's text. It sniffs the metadata
// that opens the text (date lines, "Published on ...", "Source: ...",
// a headline followed by a blank line, boilerplate such as "Category: ..."
// or a bare site name), the dateline that opens the body and a trailing
// "Reuter" sign-off, removes them from the body, and re-joins hard-wrapped
// lines into paragraphs separated by blank lines.
//
// Precedence, first found wins:
//   - Title: meta.Title, then the headline line.
//   - Published: a "Published on" line, then meta.Published, then a leading
//     date line ("2017-11-12", " date 2025-11-02 Title", "November 02, 2025"),
//     then a "Document Date:" or "Date:" line, then a dateline with a year.
//   - Source: a "Source:" line, then the dateline's agency, then a "Reuter"
//     sign-off, then meta.Source. The text comes first because containers
//     often name the collection ("reuters21578") rather than the agency.
//
// The error, an *InputError naming origin, is for a document with no text
// left. Invalid UTF-8 is replaced, so every string of the result is valid
// UTF-8; readers reject such input before calling Parse.
func Parse(id, origin, text string, meta Meta) (*Document, error) {
	return parse(id, origin, 0, text, meta)
}

func parse(id, path string, line int, text string, meta Meta) (*Document, error) {
	origin := path
	if line > 0 {
		origin = path + ":" + strconv.Itoa(line)
	}
	d := &Document{
		ID:     strings.ToValidUTF8(id, "\uFFFD"),
		Origin: strings.ToValidUTF8(origin, "\uFFFD"),
		URL:    cleanLine(meta.URL),
	}
	lines := strings.Split(normalizeText(text), "\n")

	var h header
	body := h.scan(lines, cleanLine(meta.Title))
	body, signoff := trimTrailer(body, &h)
	paras := paragraphs(body)

	d.Title = firstNonEmpty(cleanLine(meta.Title), h.title)
	d.Published = firstDate(h.published, dateOnly(meta.Published), h.leading, h.fallback)
	if len(paras) > 1 && isEditorNote(paras[0]) {
		// "(Corrects paragraph 3 ...)" above the dateline is about the
		// copy, not part of the story.
		if _, _, ok := ParseDateline(paras[1], d.Published); ok {
			paras = paras[1:]
		}
	}
	if len(paras) > 0 {
		// the same note on the dateline's own line: "(Corrects ...)
		// HAVANA (Reuters) - ..."
		if note, rest := leadingNote(paras[0]); note != "" {
			if _, _, ok := ParseDateline(rest, d.Published); ok {
				paras[0] = rest
			}
		}
		if dl, rest, ok := ParseDateline(paras[0], d.Published); ok {
			d.Dateline = dl
			if rest == "" {
				paras = paras[1:]
			} else {
				paras[0] = rest
			}
			if d.Published.IsZero() {
				// With no publication date to resolve against, a dateline
				// date exists only if it wrote its year.
				d.Published = dl.Date
			}
		}
	}
	d.Source = firstNonEmpty(h.source, d.Dateline.Agency, signoff, cleanLine(meta.Source))
	d.Text = strings.Join(paras, "\n\n")
	if d.Text == "" {
		return nil, badInput(path, line, nil, "empty document (no text after metadata)")
	}
	d.Hash = hashDocument(d)
	return d, nil
}

// isEditorNote reports whether p is wholly in parentheses, as wire editors'
// notes are ("(This version of the Nov. 2 story corrects paragraph 8)").
func isEditorNote(p string) bool {
	return strings.HasPrefix(p, "(") && strings.HasSuffix(p, ")") && strings.Count(p, "(") == strings.Count(p, ")")
}

// leadingNote splits a paragraph that opens with a parenthesized note into
// the note and the rest; both are "" when it does not.
func leadingNote(p string) (note, rest string) {
	if !strings.HasPrefix(p, "(") {
		return "", ""
	}
	depth := 0
	for i, r := range p {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				rest = strings.TrimSpace(p[i+1:])
				if rest == "" {
					return "", ""
				}
				return p[:i+1], rest
			}
		}
	}
	return "", ""
}

// hashDocument is the hex BLAKE2b-256 of everything an extractor may read
// from d, each field length-prefixed so that no two documents share an
// encoding. Origin is left out: moving a file does not change the
// document. BLAKE2b, not SHA-256: on processors without SHA instructions
// it is four times faster, and SHA-256 was a twentieth of extracting.
func hashDocument(d *Document) string {
	h, _ := blake2b.New256(nil) // fails only for a key over 64 bytes
	// the hash takes bytes: strings go through buf, not a copy each
	var buf [4096]byte
	for _, s := range []string{
		"newsgraph-document-v2", d.ID, d.Title, formatDate(d.Published), d.Source, d.URL,
		d.Dateline.Raw, d.Dateline.Place, formatDate(d.Dateline.Date), d.Dateline.Agency, d.Text,
	} {
		h.Write(binary.LittleEndian.AppendUint64(buf[:0], uint64(len(s))))
		for len(s) > 0 {
			n := copy(buf[:], s)
			h.Write(buf[:n])
			s = s[n:]
		}
	}
	return hex.EncodeToString(h.Sum(buf[:0]))
}

// normalizeText makes text uniform for sniffing, hashing and extraction:
// valid UTF-8, NFC, "\n" line ends, no byte-order marks, zero-width or
// control characters, and every Unicode space (NBSP, thin space, ...) a
// plain space. Tabs are kept as they mark indented paragraph starts.
func normalizeText(s string) string {
	if plainASCII(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if j := plainRun(s, i); j > i {
			b.WriteString(s[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\f' || r == '\v':
			b.WriteByte('\n')
		case r == '\uFEFF' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' ||
			r == '\u200E' || r == '\u200F' || r == '\u00AD':
			// invisible: byte-order mark, zero-width, direction marks, soft hyphen
		case unicode.IsControl(r):
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hasControlSpace reports whether s holds a tab, newline, carriage return,
// vertical tab or form feed. Five searches of the vectorized IndexByte
// cost less than one loop over the bytes.
func hasControlSpace(s string) bool {
	for _, c := range [...]byte{'\t', '\n', '\r', '\v', '\f'} {
		if strings.IndexByte(s, c) >= 0 {
			return true
		}
	}
	return false
}

// collapseSpace trims s and turns each run of spaces, tabs and newlines into
// one space, without copying when there is nothing to change.
func collapseSpace(s string) string {
	if len(s) == 0 || s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ") && !hasControlSpace(s) {
		return s
	}
	// strings.Join(strings.Fields(s), " "), in one copy
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		j := i // a run of ASCII that is no space or control, copied at once
		for j < len(s) && s[j] > ' ' && s[j] < utf8.RuneSelf {
			j++
		}
		if j > i {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:j]...)
			i = j
			continue
		}
		c, n := s[i], 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = len(b) > 0
		} else {
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// plainASCII reports whether s is printable ASCII, newlines and tabs: text
// normalizeText leaves as it is.
func plainASCII(s string) bool { return plainRun(s, 0) == len(s) }

// plainRun returns the end of the run of printable ASCII, newlines and
// tabs that starts at i. It reads eight bytes at a time, and those of a
// chunk one by one only when one of them is below a space or above '~'
// (a byte minus 0x20 borrows into its high bit only below 0x20, a byte
// plus 1 carries into it only from 0x7f on): a line break or a tab, most
// likely.
func plainRun(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if ((x-0x2020202020202020)|(x+0x0101010101010101)|x)&0x8080808080808080 != 0 {
			for j := i; j < i+8; j++ {
				if !isPlainByte(s[j]) {
					return j
				}
			}
		}
	}
	for ; i < len(s); i++ {
		if !isPlainByte(s[i]) {
			return i
		}
	}
	return i
}

func isPlainByte(c byte) bool { return c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' }

// cleanLine collapses whitespace in a one-line field (title, source, URL).
func cleanLine(s string) string {
	return collapseSpace(normalizeText(s))
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstDate(t ...time.Time) time.Time {
	for _, v := range t {
		if !v.IsZero() {
			return v
		}
	}
	return time.Time{}
}

// dateOnly is UTC midnight of t's day as t states it.
func dateOnly(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	d, _ := civilDate(t.Date())
	return d
}

// header collects the metadata found above the body.
type header struct {
	title     string
	published time.Time // "Published on ..."
	leading   time.Time // a date line
	fallback  time.Time // "Document Date: ..."
	source    string
}

var (
	// reDateTitle is " date 2025-11-02 Title text": date and title on one line.
	reDateTitle = regexp.MustCompile(`(?i)^date[ ]*:?[ ]*([0-9]{4}-[0-9]{2}-[0-9]{2})[ ]+(.+)$`)
	// reLabel is a "Label: value" metadata line ("Show on website : ...").
	reLabel = regexp.MustCompile(`^([A-Za-z][A-Za-z ]{0,30}?)[ ]*:[ ]*(.*)$`)
	// rePublishedOn is "Published on January 5, 2026" without a colon.
	rePublishedOn = regexp.MustCompile(`(?i)^(published|posted|updated|released|dated)(?:[ ]+on)?[ ]+(.+)$`)
	// reSiteName is a bare site name or address on its own line ("RKI.news",
	// "www.xinhuanet.com").
	reSiteName = regexp.MustCompile(`(?i)^(?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}/?$`)
	// reLinkOnly is a line that is nothing but Markdown links.
	reLinkOnly = regexp.MustCompile(`^(?:\[[^\]]*\]\([^)]*\)[ ]*)+$`)
	// reMarkdownHeading is an ATX heading ("# Title").
	reMarkdownHeading = regexp.MustCompile(`^#{1,6}[ ]+(.+?)[ ]*#*$`)
	// reSignoff is the Reuters sign-off line ("Reuter", " REUTER", "REUTER^M").
	reSignoff = regexp.MustCompile(`(?i)^reuters?[^\p{L}\p{N}]*(?:\^M)?[^\p{L}\p{N}]*$`)
)

// labelKind says what a "Label: value" line carries.
type labelKind int

const (
	labelDrop      labelKind = iota + 1 // boilerplate: removed, value ignored
	labelPublished                      // the publication date
	labelDate                           // a fallback date
	labelSource                         // the agency or outlet
	labelURL                            // the article's address
)

// labels are the metadata labels recognised above the body, lower case.
var labels = map[string]labelKind{
	"published": labelPublished, "published on": labelPublished, "publication date": labelPublished,
	"date published": labelPublished, "posted": labelPublished, "posted on": labelPublished,
	"release date": labelPublished, "released": labelPublished,
	"document date": labelDate, "date": labelDate, "dated": labelDate,
	"updated": labelDrop, "last updated": labelDrop, "modified": labelDrop, "last modified": labelDrop,
	"source": labelSource, "agency": labelSource, "news agency": labelSource,
	"url": labelURL, "link": labelURL, "permalink": labelURL, "original url": labelURL,
	"category": labelDrop, "categories": labelDrop, "tags": labelDrop, "tag": labelDrop,
	"keywords": labelDrop, "section": labelDrop, "topics": labelDrop, "show on website": labelDrop,
	"author": labelDrop, "authors": labelDrop, "by": labelDrop, "byline": labelDrop,
	"editor": labelDrop, "editors": labelDrop, "language": labelDrop, "lang": labelDrop,
	"share": labelDrop, "print": labelDrop, "read more": labelDrop, "photo": labelDrop,
}

// maxHeaderLines bounds the scan for metadata above the body.
const maxHeaderLines = 40

// scan reads the metadata lines above the body into h and returns the body
// lines. metaTitle, when the container gave a title, is dropped from the top
// of the text if repeated there instead of being taken as a headline.
func (h *header) scan(lines []string, metaTitle string) []string {
	seen := 0
	for i, raw := range lines {
		l := collapseSpace(raw)
		if l == "" {
			continue
		}
		if seen++; seen > maxHeaderLines {
			return lines[i:]
		}
		if h.metadata(l) {
			continue
		}
		if m := reMarkdownHeading.FindStringSubmatch(l); m != nil {
			l = m[1]
			if metaTitle == "" && h.title == "" {
				h.title = l
				continue
			}
		}
		if metaTitle != "" && strings.EqualFold(l, metaTitle) {
			metaTitle = "" // drop the repeat once
			continue
		}
		if metaTitle == "" && h.title == "" && isHeadline(l) && nextBlank(lines, i) {
			h.title = l
			continue
		}
		return lines[i:]
	}
	return nil
}

// metadata reports whether l is a metadata or boilerplate line, recording
// what it says.
func (h *header) metadata(l string) bool {
	// Each expression is tried only where its first characters allow (see
	// dateTitle and those below): a document's first lines are seldom
	// metadata, and the regexp package takes microseconds to say no.
	if m := dateTitle(l); m != nil {
		if t, ok := ParseDate(m[1]); ok {
			setDate(&h.leading, t)
			if h.title == "" {
				h.title = m[2]
			}
			return true
		}
	}
	if t, ok := ParseDate(l); ok {
		setDate(&h.leading, t)
		return true
	}
	if m := labelLine(l); m != nil {
		label := strings.ToLower(strings.Join(strings.Fields(m[1]), " "))
		value := strings.TrimSpace(m[2])
		switch labels[label] {
		case labelDrop:
			return true
		case labelPublished:
			if t, ok := ParseDate(value); ok {
				setDate(&h.published, t)
			}
			return true
		case labelDate:
			if t, ok := ParseDate(value); ok {
				setDate(&h.fallback, t)
			}
			return true
		case labelSource:
			if h.source == "" {
				h.source = strings.TrimRight(value, " .;,")
			}
			return true
		case labelURL:
			return true
		}
	}
	if m := publishedOn(l); m != nil {
		if t, ok := ParseDate(m[2]); ok {
			switch strings.ToLower(m[1]) {
			case "published", "posted", "released":
				setDate(&h.published, t)
			case "dated":
				setDate(&h.fallback, t)
			}
			return true
		}
	}
	return siteName(l) || linkOnly(l)
}

// dateTitle is reDateTitle.FindStringSubmatch(l), which needs l to start
// with "date" in either case.
func dateTitle(l string) []string {
	if len(l) < 4 || !strings.EqualFold(l[:4], "date") {
		return nil
	}
	return reDateTitle.FindStringSubmatch(l)
}

// siteName is reSiteName.MatchString(l), which needs a dot and no space.
func siteName(l string) bool {
	return !strings.Contains(l, " ") && strings.Contains(l, ".") && reSiteName.MatchString(l)
}

// linkOnly is reLinkOnly.MatchString(l), which needs l to start with "[".
func linkOnly(l string) bool { return strings.HasPrefix(l, "[") && reLinkOnly.MatchString(l) }

// labelLine is reLabel.FindStringSubmatch(l), which needs a colon after
// the first run of ASCII letters and spaces, and a letter before it.
func labelLine(l string) []string {
	i := 0
	for i < len(l) && (l[i] == ' ' || 'a' <= l[i]|0x20 && l[i]|0x20 <= 'z') {
		i++
	}
	if i == 0 || i == len(l) || l[i] != ':' || l[0] == ' ' {
		return nil
	}
	return reLabel.FindStringSubmatch(l)
}

// publishedOn is rePublishedOn.FindStringSubmatch(l), whose words start
// with d, p, r or u in either case, letters with no other case folds.
func publishedOn(l string) []string {
	if l == "" {
		return nil
	}
	switch l[0] | 0x20 {
	case 'd', 'p', 'r', 'u':
		return rePublishedOn.FindStringSubmatch(l)
	}
	return nil
}

func setDate(dst *time.Time, t time.Time) {
	if dst.IsZero() {
		*dst = t
	}
}

// isHeadline reports whether l reads as a headline: short, not a sentence
// ending in a period or comma, and not a dateline.
func isHeadline(l string) bool {
	n := utf8.RuneCountInString(l)
	if n < 3 || n > 250 || len(strings.Fields(l)) > 40 {
		return false
	}
	if !strings.ContainsFunc(l, unicode.IsLetter) || isEditorNote(l) {
		return false
	}
	switch l[len(l)-1] {
	case ',', ';', ':', '-':
		return false
	case '.':
		// "... talks with U.S." ends an abbreviation, not a sentence.
		last := l[strings.LastIndexByte(l, ' ')+1:]
		if strings.Count(last, ".") < 2 {
			return false
		}
	}
	if _, _, ok := ParseDateline(l+" x", time.Time{}); ok {
		return false
	}
	return true
}

func nextBlank(lines []string, i int) bool {
	return i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == ""
}

// trimTrailer removes sign-off and "Source:" lines from the end of the body
// and returns the sign-off's agency.
func trimTrailer(lines []string, h *header) ([]string, string) {
	signoff := ""
	for {
		for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) == 0 {
			return lines, signoff
		}
		last := lines[len(lines)-1]
		if !maySignOff(last) {
			return lines, signoff // spare collapsing the last paragraph
		}
		last = collapseSpace(last)
		switch {
		case reSignoff.MatchString(last):
			signoff = "Reuters"
		case strings.HasPrefix(strings.ToLower(last), "source:"):
			if v := strings.TrimSpace(last[len("source:"):]); v != "" && h.source == "" {
				h.source = strings.TrimRight(v, " .;,")
			}
		default:
			return lines, signoff
		}
		lines = lines[:len(lines)-1]
	}
}

// maySignOff reports whether line may be a sign-off ("Reuter") or a
// "Source:" line: whether its first character may start either. In
// nearly every document it does not.
func maySignOff(line string) bool {
	t := strings.TrimLeft(line, " \t\r\v\f")
	return t == "" || t[0] >= utf8.RuneSelf || t[0]|0x20 == 'r' || t[0]|0x20 == 's'
}

// maxWrapWidth is the longest line of a hard-wrapped block: wire copy wraps
// at 65–80 columns, while unwrapped text has one paragraph per line.
const maxWrapWidth = 100

// paragraphs groups lines into paragraphs. Blank lines separate blocks. In
// a hard-wrapped block (every line short) an indented line starts a
// paragraph and other lines continue it, as in Reuters 1987 copy; in other
// blocks every line is a paragraph. Then a paragraph that stops mid-sentence
// and one that continues in lower case are joined, mending text that was
// broken by a stray blank line.
func paragraphs(lines []string) []string {
	var paras []string
	for len(lines) > 0 {
		for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
			lines = lines[1:]
		}
		end := 0
		for end < len(lines) && strings.TrimSpace(lines[end]) != "" {
			end++
		}
		paras = append(paras, block(lines[:end])...)
		lines = lines[end:]
	}
	out := paras[:0]
	for _, p := range paras {
		if n := len(out); n > 0 && continues(out[n-1], p) {
			out[n-1] = joinWrapped(out[n-1], p)
			continue
		}
		out = append(out, p)
	}
	return out
}

func block(lines []string) []string {
	if len(lines) == 0 {
		return nil
	}
	wrapped := len(lines) > 1
	for i := 0; wrapped && i < len(lines); i++ {
		l := lines[i]
		// no line can be longer when none has more bytes
		wrapped = len(l) <= maxWrapWidth || utf8.RuneCountInString(strings.TrimSpace(l)) <= maxWrapWidth
	}
	var paras []string
	var cur []string // the lines of the paragraph so far
	for i, l := range lines {
		text := collapseSpace(l)
		if i > 0 && (!wrapped || indented(l) || isListItem(text)) {
			paras = append(paras, joinLines(cur))
			cur = cur[:0]
		}
		cur = append(cur, text)
	}
	return append(paras, joinLines(cur))
}

// joinLines joins the lines of a paragraph with joinWrapped, in one copy.
func joinLines(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	b := make([]byte, 0, n)
	for _, l := range lines {
		b = appendWrapped(b, l)
	}
	return string(b)
}

// joinWrapped joins a line to the paragraph it continues; a word broken at
// a hyphen ("Anti-" + "Ballistic") keeps its hyphen and loses the space.
func joinWrapped(cur, next string) string {
	if cur == "" {
		return next
	}
	if brokenWord(cur, next) {
		return cur + next
	}
	return cur + " " + next
}

// appendWrapped is joinWrapped appending to b.
func appendWrapped(b []byte, next string) []byte {
	if len(b) > 0 && !brokenWord(string(b[len(b)-min(len(b), 2):]), next) {
		b = append(b, ' ')
	}
	return append(b, next...)
}

// brokenWord reports whether a line ending in cur and the next line are
// one word broken at a hyphen ("Anti-" + "Ballistic").
func brokenWord(cur, next string) bool {
	n := len(cur)
	return n >= 2 && cur[n-1] == '-' && isLetterByte(cur[n-2]) && next != "" && isLetterByte(next[0])
}

func isLetterByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

func indented(l string) bool {
	return strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "  ")
}

var reListItem = regexp.MustCompile(`^(?:[-*•·]|[0-9]{1,3}[.)])[ ]`)

func isListItem(l string) bool {
	if l == "" || l[0] != '-' && l[0] != '*' && !isDigitByte(l[0]) && l[0] < utf8.RuneSelf {
		return false // the common case, without the expression
	}
	return reListItem.MatchString(l)
}

// continues reports whether next carries on the sentence prev broke off:
// prev ends without closing punctuation and next starts in lower case.
func continues(prev, next string) bool {
	if prev == "" || next == "" {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;\"'”’)]…", last) || unicode.IsDigit(last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(first)
}

func isDigitByte(b byte) bool { return '0' <= b && b <= '9' }
