package export

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"

	"github.com/cayleygraph/quad"
)

// writeNQuads writes one line per distinct quad, sorted by graph, subject,
// predicate, object; quads without a label go to the default graph, first.
func writeNQuads(ctx context.Context, w *bufio.Writer, d *dataset, _ Options) error {
	for i, q := range d.quads {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		w.WriteString(d.terms[q[1]].nt)
		w.WriteByte(' ')
		w.WriteString(d.terms[q[2]].nt)
		w.WriteByte(' ')
		w.WriteString(d.terms[q[3]].nt)
		if q[0] != 0 {
			w.WriteByte(' ')
			w.WriteString(d.terms[q[0]].nt)
		}
		w.WriteString(" .\n")
	}
	return nil
}

// AppendNQuads appends qs to b as N-Quads, byte for byte what Write with
// NQuads writes for the same quads: one line per distinct quad, sorted by
// graph, subject, predicate, object. It interns nothing and holds no
// state, so that extract can render each document on the core that
// extracted it. It returns ErrInvalidTerm, naming the quad, for a quad
// RDF cannot hold; b is then returned as it was.
func AppendNQuads(b []byte, qs []quad.Quad) ([]byte, error) {
	type line struct{ g, spo []byte }
	buf := make([]byte, 0, 128*len(qs))
	spans := make([][3]int, len(qs)) // graph start, spo start (the graph's end), spo end
	// Each position remembers its last value's bytes: the graph, and often
	// the subject and predicate, repeat from quad to quad.
	var last [4]struct {
		v          quad.Value
		start, end int
	}
	for i, q := range qs {
		start := len(buf)
		for pos, v := range [4]quad.Value{q.Label, q.Subject, q.Predicate, q.Object} {
			if pos == 0 && v == nil {
				spans[i][0], spans[i][1] = start, start
				continue
			}
			if pos > 1 {
				buf = append(buf, ' ')
			}
			if pos == 1 {
				spans[i][0], spans[i][1] = start, len(buf)
			}
			l := &last[pos]
			if _, ok := v.(quad.IRI); ok && l.v == v {
				n := len(buf)
				buf = append(buf, buf[l.start:l.end]...)
				l.start, l.end = n, len(buf)
				continue
			}
			n := len(buf)
			var (
				k   kind
				err error
			)
			buf, k, err = appendNT(buf, v)
			if err == nil {
				err = checkPosition(pos, k)
			}
			if err != nil {
				return b, fmt.Errorf("quad %s: %s: %w", describe(q), posName[pos], err)
			}
			l.v, l.start, l.end = v, n, len(buf)
		}
		spans[i][2] = len(buf)
	}
	lines := make([]line, len(qs))
	for i, s := range spans {
		lines[i] = line{g: buf[s[0]:s[1]], spo: buf[s[1]:s[2]]}
	}
	// Within one graph, comparing whole "s p o" lines orders them as
	// comparing term by term does: a term that is a prefix of another is
	// followed by a space, and every byte that can continue a term ("@",
	// "^", a blank node's name) sorts after the space.
	oneGraph := true // the common case, a document's graph: compare no graphs
	for i := 1; i < len(lines) && oneGraph; i++ {
		oneGraph = bytes.Equal(lines[i].g, lines[0].g)
	}
	slices.SortFunc(lines, func(x, y line) int {
		if !oneGraph {
			if c := bytes.Compare(x.g, y.g); c != 0 {
				return c
			}
		}
		return bytes.Compare(x.spo, y.spo)
	})
	b = slices.Grow(b, len(buf)+4*len(lines))
	for i, l := range lines {
		if i > 0 && bytes.Equal(l.g, lines[i-1].g) && bytes.Equal(l.spo, lines[i-1].spo) {
			continue
		}
		b = append(b, l.spo...)
		if len(l.g) > 0 {
			b = append(b, ' ')
			b = append(b, l.g...)
		}
		b = append(b, " .\n"...)
	}
	return b, nil
}
