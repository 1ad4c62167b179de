package export

import (
	"bufio"
	"context"
	"strconv"
	"unicode/utf8"
)

// writeGraphML writes the property-graph view (see propGraph) as GraphML
// for Gephi and yEd. Nodes are numbered n0, n1, ... in term order because
// GraphML ids are NMTOKENs, which IRIs are not; the IRI is the "iri"
// attribute. Each literal-valued predicate becomes a string key named by its
// prefixed name; edges carry the predicate's prefixed name as "label" and
// the number of graphs stating them as "weight".
func writeGraphML(ctx context.Context, w *bufio.Writer, d *dataset, opts Options) error {
	g := buildPropGraph(d)
	p := newPrefixer(opts.Prefixes)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<graphml xmlns="http://graphml.graphdrawing.org/xmlns"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
		` xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	var buf []byte
	key := func(id, target, name, typ string) {
		buf = append(buf[:0], `  <key id="`...)
		buf = append(buf, id...)
		buf = append(buf, `" for="`...)
		buf = append(buf, target...)
		buf = append(buf, `" attr.name="`...)
		buf = appendXML(buf, name, true)
		buf = append(buf, `" attr.type="`...)
		buf = append(buf, typ...)
		buf = append(buf, "\"/>\n"...)
		w.Write(buf)
	}
	key("label", "node", "label", "string")
	key("type", "node", "type", "string")
	key("iri", "node", "iri", "string")
	keyIDs := make([]string, len(g.keys))
	for i, k := range g.keys {
		keyIDs[i] = "p" + strconv.Itoa(i)
		key(keyIDs[i], "node", displayIRI(d.terms[k], p), "string")
	}
	key("elabel", "edge", "label", "string")
	key("weight", "edge", "weight", "double")
	w.WriteString(`  <graph id="newsgraph" edgedefault="directed">` + "\n")

	data := func(key, val string) {
		buf = append(buf[:0], `      <data key="`...)
		buf = append(buf, key...)
		buf = append(buf, `">`...)
		buf = appendXML(buf, val, false)
		buf = append(buf, "</data>\n"...)
		w.Write(buf)
	}
	for i, n := range g.nodes {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		w.WriteString(`    <node id="n`)
		w.WriteString(strconv.Itoa(i))
		w.WriteString("\">\n")
		data("label", n.label)
		if n.typ != "" {
			data("type", n.typ)
		}
		t := d.terms[n.id]
		if t.kind == kindIRI {
			data("iri", t.val)
		} else {
			data("iri", t.nt)
		}
		for _, a := range n.attrs {
			data(keyIDs[a.key], a.val)
		}
		w.WriteString("    </node>\n")
	}
	predLabels := make(map[uint32]string)
	for i, e := range g.edges {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		w.WriteString(`    <edge id="e`)
		w.WriteString(strconv.Itoa(i))
		w.WriteString(`" source="n`)
		w.WriteString(strconv.Itoa(e.from))
		w.WriteString(`" target="n`)
		w.WriteString(strconv.Itoa(e.to))
		w.WriteString("\">\n")
		if predLabels[e.pred] == "" {
			predLabels[e.pred] = displayIRI(d.terms[e.pred], p)
		}
		data("elabel", predLabels[e.pred])
		data("weight", strconv.FormatUint(uint64(e.n), 10))
		w.WriteString("    </edge>\n")
	}
	w.WriteString("  </graph>\n</graphml>\n")
	return nil
}

// displayIRI is the prefixed name of an IRI for labels, else the IRI.
func displayIRI(t term, p *prefixer) string {
	if s := p.compact(t.val, func(local string) bool { return local != "" }); s != "" {
		return s
	}
	return t.val
}

// appendXML escapes s for XML 1.0 text or, if attr, a double-quoted
// attribute value (where tabs and newlines must be character references to
// survive attribute normalization). Characters XML 1.0 cannot carry at all
// (most C0 controls, U+FFFE, U+FFFF) become U+FFFD.
func appendXML(b []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '&':
				b = append(b, "&amp;"...)
			case c == '<':
				b = append(b, "&lt;"...)
			case c == '>':
				b = append(b, "&gt;"...)
			case c == '"' && attr:
				b = append(b, "&quot;"...)
			case c == '\r', (c == '\n' || c == '\t') && attr:
				b = append(b, "&#"...)
				b = strconv.AppendInt(b, int64(c), 10)
				b = append(b, ';')
			case c < 0x20 && c != '\n' && c != '\t':
				b = append(b, "\uFFFD"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return b
}
