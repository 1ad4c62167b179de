package export

import (
	"bufio"
	"context"
	"unicode/utf8"
)

// writeDOT writes the property-graph view (see propGraph) as a Graphviz
// digraph: one statement per node, quoted IRI as its id, with its label and
// type; one edge per triple between resources, labelled with the
// predicate's prefixed name. Other literal values are left out: they would
// swamp the drawing.
func writeDOT(ctx context.Context, w *bufio.Writer, d *dataset, opts Options) error {
	g := buildPropGraph(d)
	p := newPrefixer(opts.Prefixes)
	w.WriteString("digraph newsgraph {\n  node [shape=box];\n")
	var buf []byte
	for i, n := range g.nodes {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		buf = append(buf[:0], "  "...)
		buf = appendDOTID(buf, d.terms[n.id])
		buf = append(buf, " [label="...)
		buf = appendDOTString(buf, n.label, true)
		if n.typ != "" {
			buf = append(buf, ", type="...)
			buf = appendDOTString(buf, n.typ, true)
		}
		buf = append(buf, "];\n"...)
		w.Write(buf)
	}
	predLabels := make(map[uint32]string)
	for i, e := range g.edges {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		buf = append(buf[:0], "  "...)
		buf = appendDOTID(buf, d.terms[g.nodes[e.from].id])
		buf = append(buf, " -> "...)
		buf = appendDOTID(buf, d.terms[g.nodes[e.to].id])
		buf = append(buf, " [label="...)
		if predLabels[e.pred] == "" {
			predLabels[e.pred] = displayIRI(d.terms[e.pred], p)
		}
		buf = appendDOTString(buf, predLabels[e.pred], true)
		buf = append(buf, "];\n"...)
		w.Write(buf)
	}
	w.WriteString("}\n")
	return nil
}

// appendDOTID writes a node id: the IRI, or _:label for a blank node.
func appendDOTID(b []byte, t term) []byte {
	if t.kind == kindIRI {
		return appendDOTString(b, t.val, false)
	}
	return appendDOTString(b, t.nt, false)
}

// appendDOTString writes s as a DOT quoted string. DOT itself only unescapes
// \", but Graphviz reads labels as escString, where backslash sequences mean
// something (\n, \l, \N...), so backslashes are doubled and, in labels,
// newlines become \n. Control characters Graphviz would choke on become
// U+FFFD, tabs spaces.
func appendDOTString(b []byte, s string, label bool) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n' && label:
				b = append(b, '\\', 'n')
			case c == '\t':
				b = append(b, ' ')
			case c == '\r' && label:
			case c < 0x20 || c == 0x7f:
				b = append(b, "\uFFFD"...)
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
