package export

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// kind is what sort of RDF term a term is.
type kind uint8

const (
	kindNone    kind = iota // the default graph: a quad without label
	kindIRI                 // val is the IRI
	kindBNode               // val is the blank node label
	kindLiteral             // val is the lexical form
)

// term is one distinct RDF term, already checked and serialized.
type term struct {
	// nt is the N-Triples form; it is also the order of terms in every
	// output, so that output is independent of the input order.
	nt   string
	kind kind
	val  string
	lang string // language tag of a literal
	dt   string // datatype IRI of a literal; "" for xsd:string and language-tagged
}

const (
	xsdString   = vocab.XSD + "string"
	xsdInteger  = vocab.XSD + "integer"
	xsdBoolean  = vocab.XSD + "boolean"
	xsdDouble   = vocab.XSD + "double"
	xsdDateTime = vocab.XSD + "dateTime"
	rdfLang     = vocab.RDF + "langString"
)

// newTerm checks and serializes one quad value. Cayley's native values
// (Int, Float, Bool, Time) become literals with full XSD datatypes, not the
// abbreviated schema.org ones Cayley would print.
func newTerm(v quad.Value) (term, error) {
	switch v := v.(type) {
	case nil:
		return term{}, fmt.Errorf("%w: missing value", ErrInvalidTerm)
	case quad.IRI:
		iri := fixIRI(string(v))
		return term{nt: "<" + iri + ">", kind: kindIRI, val: iri}, nil
	case quad.BNode:
		if !validBNode(string(v)) {
			return term{}, fmt.Errorf("%w: blank node label %q", ErrInvalidTerm, string(v))
		}
		return term{nt: "_:" + string(v), kind: kindBNode, val: string(v)}, nil
	case quad.String:
		return literal(string(v), "", "")
	case quad.LangString:
		if !validLang(v.Lang) {
			return term{}, fmt.Errorf("%w: language tag %q", ErrInvalidTerm, v.Lang)
		}
		return literal(string(v.Value), v.Lang, "")
	case quad.TypedString:
		dt := fixIRI(expandShort(string(v.Type)))
		switch dt {
		case "", xsdString:
			dt = ""
		case rdfLang:
			return term{}, fmt.Errorf("%w: rdf:langString literal %s without language tag", ErrInvalidTerm, quote(string(v.Value)))
		}
		return literal(string(v.Value), "", dt)
	case quad.Int:
		return literal(strconv.FormatInt(int64(v), 10), "", xsdInteger)
	case quad.Float:
		return literal(formatDouble(float64(v)), "", xsdDouble)
	case quad.Bool:
		return literal(strconv.FormatBool(bool(v)), "", xsdBoolean)
	case quad.Time:
		return literal(time.Time(v).Format(time.RFC3339Nano), "", xsdDateTime)
	default:
		return term{}, fmt.Errorf("%w: unsupported value type %T", ErrInvalidTerm, v)
	}
}

// appendNT appends the N-Triples form of v, as newTerm makes it, and says
// what kind of term it is. IRIs and plain and language-tagged literals,
// nearly all there is, are written without building a term.
func appendNT(b []byte, v quad.Value) ([]byte, kind, error) {
	switch v := v.(type) {
	case quad.IRI:
		b = append(b, '<')
		b = append(b, fixIRI(string(v))...)
		return append(b, '>'), kindIRI, nil
	case quad.String:
		if utf8.ValidString(string(v)) {
			return appendLiteral(b, string(v), "", ""), kindLiteral, nil
		}
	case quad.LangString:
		if validLang(v.Lang) && utf8.ValidString(string(v.Value)) {
			return appendLiteral(b, string(v.Value), v.Lang, ""), kindLiteral, nil
		}
	}
	t, err := newTerm(v)
	if err != nil {
		return b, kindNone, err
	}
	return append(b, t.nt...), t.kind, nil
}

func literal(lex, lang, dt string) (term, error) {
	if !utf8.ValidString(lex) {
		return term{}, fmt.Errorf("%w: literal is not valid UTF-8: %s", ErrInvalidTerm, quote(lex))
	}
	b := appendLiteral(make([]byte, 0, len(lex)+len(lang)+len(dt)+8), lex, lang, dt)
	return term{nt: string(b), kind: kindLiteral, val: lex, lang: lang, dt: dt}, nil
}

// appendLiteral appends a literal's N-Triples form; lex must be valid
// UTF-8, lang a valid tag or "", dt a fixed IRI or "".
func appendLiteral(b []byte, lex, lang, dt string) []byte {
	b = appendQuoted(b, lex)
	switch {
	case lang != "":
		b = append(b, '@')
		b = append(b, lang...)
	case dt != "":
		b = append(b, "^^<"...)
		b = append(b, dt...)
		b = append(b, '>')
	}
	return b
}

// quote shortens a value for an error message.
func quote(s string) string {
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return strconv.Quote(s)
}

// expandShort expands a datatype written the way Cayley abbreviates it
// ("xsd:integer", "schema:Integer") with the vocab prefixes.
func expandShort(iri string) string {
	pfx, local, ok := strings.Cut(iri, ":")
	if !ok || strings.HasPrefix(local, "//") {
		return iri
	}
	if ns, ok := vocab.Prefixes[pfx]; ok {
		return ns + local
	}
	return iri
}

// formatDouble writes f in the canonical xsd:double form ("1.5E0", "INF").
func formatDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case math.IsNaN(f):
		return "NaN"
	}
	s := strconv.FormatFloat(f, 'E', -1, 64) // 1.5E+00
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// appendQuoted appends s as a quoted N-Triples/Turtle string: \t \n \r \"
// \\ as ECHAR, the other control characters as \u00XX, everything else as
// UTF-8, as in the W3C canonical N-Triples examples. s must be valid UTF-8.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexUpper[c>>4], hexUpper[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexUpper = "0123456789ABCDEF"

// iriForbidden reports the ASCII bytes N-Triples, N-Quads and Turtle do not
// allow in an IRIREF (nor RFC 3987 in an IRI).
func iriForbidden(c byte) bool { return c < utf8.RuneSelf && iriForbiddenASCII[c] }

var iriForbiddenASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c <= 0x20 || strings.IndexByte("<>\"{}|^`\\\x7f", byte(c)) >= 0
	}
	return t
}()

// iriPlain holds the bytes fixIRI keeps as they are without looking
// further: ASCII that an IRI may contain.
var iriPlain = func() (t [256]uint8) {
	for c := range utf8.RuneSelf {
		if !iriForbiddenASCII[c] {
			t[c] = 1
		}
	}
	return t
}()

// fixIRI percent-encodes the characters an IRI cannot contain (space,
// controls, <>"{}|^`\) and the bytes of invalid UTF-8, as RFC 3987 section
// 3.1 does when mapping to a URI. The alternative, \u escapes, is rejected
// by RDF 1.2 and by rapper ("illegal Unicode escape in URI"). IRIs that are
// already valid, which includes every IRI vocab mints, are returned as is.
func fixIRI(s string) string {
	i := 0
	// Eight bytes at a time while they are plain: mostly the whole IRI.
	for i+8 <= len(s) && iriPlain[s[i]]&iriPlain[s[i+1]]&iriPlain[s[i+2]]&iriPlain[s[i+3]]&
		iriPlain[s[i+4]]&iriPlain[s[i+5]]&iriPlain[s[i+6]]&iriPlain[s[i+7]] != 0 {
		i += 8
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if iriForbidden(c) {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if iriForbidden(c) {
				b = append(b, '%', hexUpper[c>>4], hexUpper[c&0xf])
			} else {
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, '%', hexUpper[c>>4], hexUpper[c&0xf])
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// validLang checks a language tag against the N-Triples and Turtle LANGTAG
// production: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*.
func validLang(s string) bool {
	if s == "" {
		return false
	}
	first, prev := true, byte('-')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if prev == '-' {
				return false
			}
			first = false
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9':
			if first {
				return false
			}
		default:
			return false
		}
		prev = c
	}
	return prev != '-'
}

// validBNode checks a blank node label against Turtle's BLANK_NODE_LABEL,
// which is stricter than N-Triples' (no ':'), so one check serves all
// formats.
func validBNode(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		switch {
		case i == 0:
			if !isPNCharsU(r) && !('0' <= r && r <= '9') {
				return false
			}
		case r == '.':
		default:
			if !isPNChars(r) {
				return false
			}
		}
	}
	return !strings.HasSuffix(s, ".")
}

// isPNCharsBase is Turtle's PN_CHARS_BASE.
func isPNCharsBase(r rune) bool {
	switch {
	case 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		return true
	case 0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	return false
}

// isPNCharsU is Turtle's PN_CHARS_U.
func isPNCharsU(r rune) bool { return r == '_' || isPNCharsBase(r) }

// isPNChars is Turtle's PN_CHARS.
func isPNChars(r rune) bool {
	switch {
	case isPNCharsU(r), r == '-', '0' <= r && r <= '9', r == 0xB7,
		0x300 <= r && r <= 0x36F, 0x203F <= r && r <= 0x2040:
		return true
	}
	return false
}

// quadIDs is a quad as term ids: graph, subject, predicate, object.
type quadIDs [4]uint32

// tripleIDs is a triple as term ids with the number of graphs stating it.
type tripleIDs struct {
	s, p, o uint32
	n       uint32
}

// dataset is the interned, sorted, deduplicated input. Term ids follow the
// order of the terms' N-Triples forms, so sorting ids sorts terms; id 0 is
// the default graph.
type dataset struct {
	terms []term
	quads []quadIDs
}

// collector interns the terms of incoming quads.
type collector struct {
	// Ids of the values seen, one map per common type because maps with
	// concrete keys hash much faster than map[quad.Value]. Only the quad
	// package's own value types get here, and all of them are comparable.
	iris  map[quad.IRI]uint32
	strs  map[quad.String]uint32
	langs map[quad.LangString]uint32
	typed map[quad.TypedString]uint32
	other map[quad.Value]uint32
	// byNT merges values that serialize alike ("1"^^xsd:integer, Int(1)).
	byNT  map[string]uint32
	terms []term
	quads []quadIDs
	// last remembers the previous value per position: input sorted by
	// graph and subject repeats them, and this skips the map lookups.
	last [4]struct {
		v  quad.Value
		id uint32
	}
}

var posName = [4]string{"graph", "subject", "predicate", "object"}

// collect reads src into a dataset.
func collect(ctx context.Context, src Source) (*dataset, error) {
	c := &collector{
		iris:  make(map[quad.IRI]uint32),
		strs:  make(map[quad.String]uint32),
		langs: make(map[quad.LangString]uint32),
		typed: make(map[quad.TypedString]uint32),
		other: make(map[quad.Value]uint32),
		byNT:  make(map[string]uint32),
		terms: []term{{kind: kindNone}},
	}
	n := 0
	err := src(ctx, func(q quad.Quad) error {
		if n++; n%cancelCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var ids quadIDs
		for pos, v := range [4]quad.Value{q.Label, q.Subject, q.Predicate, q.Object} {
			id, err := c.id(pos, v)
			if err != nil {
				return fmt.Errorf("quad %s: %s: %w", describe(q), posName[pos], err)
			}
			ids[pos] = id
		}
		c.quads = append(c.quads, ids)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read quads: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return c.finish(), nil
}

// describe prints a quad for an error message, without trusting its values.
func describe(q quad.Quad) string {
	s := fmt.Sprintf("%v %v %v %v", q.Subject, q.Predicate, q.Object, q.Label)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return strings.Map(func(r rune) rune { // keep the message on one line
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func knownType(v quad.Value) bool {
	switch v.(type) {
	case quad.IRI, quad.BNode, quad.String, quad.LangString, quad.TypedString,
		quad.Int, quad.Float, quad.Bool, quad.Time:
		return true
	}
	return false
}

func (c *collector) id(pos int, v quad.Value) (uint32, error) {
	if pos == 0 && v == nil {
		return 0, nil
	}
	if !knownType(v) {
		_, err := newTerm(v)
		return 0, err
	}
	last := &c.last[pos]
	if last.v != nil && last.v == v {
		return last.id, nil
	}
	id, ok := c.lookup(v)
	if !ok {
		t, err := newTerm(v)
		if err != nil {
			return 0, err
		}
		if id, ok = c.byNT[t.nt]; !ok {
			id = uint32(len(c.terms))
			c.terms = append(c.terms, t)
			c.byNT[t.nt] = id
		}
		c.remember(v, id)
	}
	if err := checkPosition(pos, c.terms[id].kind); err != nil {
		return 0, err
	}
	last.v, last.id = v, id
	return id, nil
}

// checkPosition refuses a term of kind k where RDF does not allow it.
func checkPosition(pos int, k kind) error {
	switch {
	case pos == 2 && k != kindIRI:
		return fmt.Errorf("%w: predicate must be an IRI", ErrInvalidTerm)
	case (pos == 0 || pos == 1) && k == kindLiteral:
		return fmt.Errorf("%w: %s cannot be a literal", ErrInvalidTerm, posName[pos])
	}
	return nil
}

func (c *collector) lookup(v quad.Value) (id uint32, ok bool) {
	switch v := v.(type) {
	case quad.IRI:
		id, ok = c.iris[v]
	case quad.String:
		id, ok = c.strs[v]
	case quad.LangString:
		id, ok = c.langs[v]
	case quad.TypedString:
		id, ok = c.typed[v]
	default:
		id, ok = c.other[v]
	}
	return id, ok
}

func (c *collector) remember(v quad.Value, id uint32) {
	switch v := v.(type) {
	case quad.IRI:
		c.iris[v] = id
	case quad.String:
		c.strs[v] = id
	case quad.LangString:
		c.langs[v] = id
	case quad.TypedString:
		c.typed[v] = id
	default:
		c.other[v] = id
	}
}

// finish renumbers terms in sort order, then sorts and deduplicates quads.
func (c *collector) finish() *dataset {
	order := make([]uint32, len(c.terms))
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order[1:], func(a, b uint32) int { return strings.Compare(c.terms[a].nt, c.terms[b].nt) })
	rank := make([]uint32, len(c.terms))
	terms := make([]term, len(c.terms))
	for r, id := range order {
		rank[id] = uint32(r)
		terms[r] = c.terms[id]
	}
	qs := c.quads
	for i := range qs {
		for j := range qs[i] {
			qs[i][j] = rank[qs[i][j]]
		}
	}
	slices.SortFunc(qs, compareQuads)
	qs = slices.Compact(qs)
	return &dataset{terms: terms, quads: qs}
}

func compareQuads(a, b quadIDs) int {
	if c := cmp.Compare(uint64(a[0])<<32|uint64(a[1]), uint64(b[0])<<32|uint64(b[1])); c != 0 {
		return c
	}
	return cmp.Compare(uint64(a[2])<<32|uint64(a[3]), uint64(b[2])<<32|uint64(b[3]))
}

// triples merges the graphs: the distinct triples sorted by subject,
// predicate, object, each with the number of graphs that state it.
func (d *dataset) triples() []tripleIDs {
	ts := make([]tripleIDs, len(d.quads))
	for i, q := range d.quads {
		ts[i] = tripleIDs{s: q[1], p: q[2], o: q[3], n: 1}
	}
	slices.SortFunc(ts, func(a, b tripleIDs) int {
		if c := cmp.Compare(uint64(a.s)<<32|uint64(a.p), uint64(b.s)<<32|uint64(b.p)); c != 0 {
			return c
		}
		return cmp.Compare(a.o, b.o)
	})
	out := ts[:0]
	for _, t := range ts {
		if k := len(out) - 1; k >= 0 && out[k].s == t.s && out[k].p == t.p && out[k].o == t.o {
			out[k].n++
			continue
		}
		out = append(out, t)
	}
	return out
}

// prefixer abbreviates IRIs with a prefix map and records which prefixes it
// used, so that only those are declared.
type prefixer struct {
	ns   []namespace // longest namespace first
	used map[string]bool
}

type namespace struct{ prefix, iri string }

func newPrefixer(prefixes map[string]string) *prefixer {
	p := &prefixer{used: make(map[string]bool)}
	for _, name := range slices.Sorted(maps.Keys(prefixes)) {
		if prefixes[name] != "" && validPrefix(name) {
			p.ns = append(p.ns, namespace{name, fixIRI(prefixes[name])})
		}
	}
	slices.SortStableFunc(p.ns, func(a, b namespace) int { return cmp.Compare(len(b.iri), len(a.iri)) })
	return p
}

// validPrefix matches Turtle's PN_PREFIX (which JSON-LD terms also
// satisfy); prefix maps with other names are ignored.
func validPrefix(s string) bool {
	if s == "" || !utf8.ValidString(s) || strings.HasSuffix(s, ".") {
		return false
	}
	for i, r := range s {
		if i == 0 && !isPNCharsBase(r) || i > 0 && r != '.' && !isPNChars(r) {
			return false
		}
	}
	return true
}

// compact returns prefix:local for iri, using the longest namespace whose
// local part ok accepts; "" when none fits.
func (p *prefixer) compact(iri string, ok func(local string) bool) string {
	for _, ns := range p.ns {
		if local, found := strings.CutPrefix(iri, ns.iri); found && ok(local) {
			p.used[ns.prefix] = true
			return ns.prefix + ":" + local
		}
	}
	return ""
}

// declared lists the used prefixes, sorted by name.
func (p *prefixer) declared() []namespace {
	var out []namespace
	for _, ns := range p.ns {
		if p.used[ns.prefix] {
			out = append(out, ns)
		}
	}
	slices.SortFunc(out, func(a, b namespace) int { return strings.Compare(a.prefix, b.prefix) })
	return out
}

func defaultPrefixes() map[string]string { return vocab.Prefixes }

// localName is the last segment of an IRI (after '#', else after '/'), for
// display; a blank node shows its label.
func localName(t term) string {
	switch t.kind {
	case kindIRI:
		if i := strings.LastIndexAny(t.val, "#/"); i >= 0 && i < len(t.val)-1 {
			return t.val[i+1:]
		}
		return t.val
	case kindBNode:
		return "_:" + t.val
	}
	return t.val
}

// check returns ctx's error or the first error w met; writers call it now
// and then so that a cancelled export or a closed pipe stops early.
func check(ctx context.Context, w *bufio.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := w.Write(nil) // bufio.Writer reports its sticky error
	return err
}
