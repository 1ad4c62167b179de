package export

import (
	"bufio"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// writeJSONLD writes a JSON-LD 1.1 document: an @context with the used
// prefixes and an @graph holding the default graph's nodes (if any), then one
// {"@id": graph, "@graph": [nodes]} object per named graph. Nodes have @id,
// @type and one array per property; literals are value objects with their
// @language or @type, IRIs are {"@id"} objects. The layout is exactly what
// encoding/json's Indent with two spaces produces for sorted keys, so the
// output is canonical as well as deterministic.
func writeJSONLD(ctx context.Context, w *bufio.Writer, d *dataset, opts Options) error {
	p := newPrefixer(jsonldPrefixes(opts.Prefixes))
	forms := make([]string, len(d.terms))
	iri := func(id uint32) string {
		if forms[id] == "" {
			t := d.terms[id]
			switch t.kind {
			case kindIRI:
				forms[id] = p.compact(t.val, jsonldLocal)
				if forms[id] == "" {
					forms[id] = t.val
				}
			case kindBNode:
				forms[id] = "_:" + t.val
			}
		}
		return forms[id]
	}
	dtForms := make(map[string]string)
	datatype := func(dt string) string {
		s, ok := dtForms[dt]
		if !ok {
			if s = p.compact(dt, jsonldLocal); s == "" {
				s = dt
			}
			dtForms[dt] = s
		}
		return s
	}
	typeID, hasType := d.find(string(vocab.Type))
	// Compact every term first: the context must list the used prefixes.
	for _, q := range d.quads {
		for pos, id := range q {
			t := d.terms[id]
			switch {
			case t.kind == kindLiteral && t.dt != "":
				datatype(t.dt)
			case t.kind == kindLiteral, t.kind == kindNone:
			case pos == 2 && hasType && id == typeID && d.terms[q[3]].kind != kindLiteral:
				// written as @type
			default:
				iri(id)
			}
		}
	}

	j := &jsonWriter{w: w}
	j.open('{')
	j.key("@context")
	j.open('{')
	for _, ns := range p.declared() {
		j.key(ns.prefix)
		j.str(ns.iri)
	}
	j.close('}')
	j.key("@graph")
	j.open('[')
	qs := d.quads
	for len(qs) > 0 {
		if err := check(ctx, w); err != nil {
			return err
		}
		g := qs[0][0]
		n := 1
		for n < len(qs) && qs[n][0] == g {
			n++
		}
		if g == 0 { // the default graph: its nodes are top-level
			writeNodes(j, d, qs[:n], iri, datatype, typeID, hasType)
		} else {
			j.item()
			j.open('{')
			j.key("@graph")
			j.open('[')
			writeNodes(j, d, qs[:n], iri, datatype, typeID, hasType)
			j.close(']')
			j.key("@id")
			j.str(iri(g))
			j.close('}')
		}
		qs = qs[n:]
	}
	j.close(']')
	j.close('}')
	w.WriteByte('\n')
	return nil
}

// jsonldPrefixes keeps the prefixes JSON-LD 1.1 lets compact IRIs use: those
// whose IRI ends in a gen-delim character.
func jsonldPrefixes(prefixes map[string]string) map[string]string {
	out := make(map[string]string, len(prefixes))
	for k, v := range prefixes {
		if v != "" && strings.ContainsRune(":/?#[]@", rune(v[len(v)-1])) {
			out[k] = v
		}
	}
	return out
}

// jsonldLocal accepts the suffix of a compact IRI: JSON-LD reads prefix://x
// as an absolute IRI, and an empty suffix would be the bare prefix.
func jsonldLocal(local string) bool { return local != "" && !strings.HasPrefix(local, "//") }

// writeNodes writes the node objects of one graph's quads (sorted by
// subject, predicate, object) as array items.
func writeNodes(j *jsonWriter, d *dataset, qs []quadIDs, iri func(uint32) string, datatype func(string) string, typeID uint32, hasType bool) {
	type prop struct {
		key  string
		objs []quadIDs
	}
	var props []prop
	for len(qs) > 0 {
		s := qs[0][1]
		n := 1
		for n < len(qs) && qs[n][1] == s {
			n++
		}
		node := qs[:n]
		qs = qs[n:]

		props = props[:0]
		var types []uint32
		for len(node) > 0 {
			pred := node[0][2]
			m := 1
			for m < len(node) && node[m][2] == pred {
				m++
			}
			objs := node[:m]
			node = node[m:]
			if hasType && pred == typeID {
				var lits []quadIDs
				for _, q := range objs {
					if d.terms[q[3]].kind == kindLiteral {
						lits = append(lits, q) // not a class: an ordinary property
					} else {
						types = append(types, q[3])
					}
				}
				if len(lits) > 0 {
					props = append(props, prop{iri(pred), lits})
				}
				continue
			}
			props = append(props, prop{iri(pred), objs})
		}
		slices.SortFunc(props, func(a, b prop) int { return strings.Compare(a.key, b.key) })

		j.item()
		j.open('{')
		j.key("@id")
		j.str(iri(s))
		if len(types) > 0 {
			j.key("@type")
			j.open('[')
			for _, t := range types {
				j.item()
				j.str(iri(t))
			}
			j.close(']')
		}
		for _, pr := range props {
			j.key(pr.key)
			j.open('[')
			for _, q := range pr.objs {
				j.item()
				j.open('{')
				t := d.terms[q[3]]
				if t.kind == kindLiteral {
					switch {
					case t.lang != "":
						j.key("@language")
						j.str(t.lang)
					case t.dt != "":
						j.key("@type")
						j.str(datatype(t.dt))
					}
					j.key("@value")
					j.str(t.val)
				} else {
					j.key("@id")
					j.str(iri(q[3]))
				}
				j.close('}')
			}
			j.close(']')
		}
		j.close('}')
	}
}

// jsonWriter streams JSON in the layout of json.Indent(dst, src, "", "  ").
type jsonWriter struct {
	w     *bufio.Writer
	empty []bool // per open container: nothing written in it yet
	buf   []byte
}

func (j *jsonWriter) open(c byte) {
	j.w.WriteByte(c)
	j.empty = append(j.empty, true)
}

func (j *jsonWriter) close(c byte) {
	empty := j.empty[len(j.empty)-1]
	j.empty = j.empty[:len(j.empty)-1]
	if !empty {
		j.newline()
	}
	j.w.WriteByte(c)
}

// indent is a newline and enough indentation for any depth this writer
// reaches (6 levels) and then some.
const indent = "\n                                "

func (j *jsonWriter) newline() {
	if n := 1 + 2*len(j.empty); n <= len(indent) {
		j.w.WriteString(indent[:n])
		return
	}
	j.w.WriteByte('\n')
	for range j.empty {
		j.w.WriteString("  ")
	}
}

// item starts an array element.
func (j *jsonWriter) item() {
	top := len(j.empty) - 1
	if !j.empty[top] {
		j.w.WriteByte(',')
	}
	j.empty[top] = false
	j.newline()
}

// key starts an object member.
func (j *jsonWriter) key(k string) {
	j.item()
	j.str(k)
	j.w.WriteString(": ")
}

func (j *jsonWriter) str(s string) {
	j.buf = appendJSONString(j.buf[:0], s)
	j.w.Write(j.buf)
}

const hexLower = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does without HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexLower[c>>4], hexLower[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexLower[r&0xf])
			i += n
			start = i
			continue
		}
		i += n
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
