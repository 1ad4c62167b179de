package export

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"slices"
	"sync"

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
	sc := nquadsScratch.Get().(*nqScratch)
	defer sc.put()
	// buf holds every quad's terms: the graph, then "s p o"; line i is
	// buf[spans[i][0]:spans[i][1]] (graph) and buf[spans[i][1]:spans[i][2]].
	buf := sc.buf[:0]
	spans := slices.Grow(sc.spans[:0], len(qs))[:len(qs)]
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
				sc.buf, sc.spans = buf, spans
				return b, fmt.Errorf("quad %s: %s: %w", describe(q), posName[pos], err)
			}
			l.v, l.start, l.end = v, n, len(buf)
		}
		spans[i][2] = len(buf)
	}
	sc.buf, sc.spans = buf, spans
	graph := func(s [3]int) []byte { return buf[s[0]:s[1]] }
	spo := func(s [3]int) []byte { return buf[s[1]:s[2]] }
	// Within one graph, comparing whole "s p o" lines orders them as
	// comparing term by term does: a term that is a prefix of another is
	// followed by a space, and every byte that can continue a term ("@",
	// "^", a blank node's name) sorts after the space.
	oneGraph := true // the common case, a document's graph: compare no graphs
	for i := 1; i < len(spans) && oneGraph; i++ {
		oneGraph = bytes.Equal(graph(spans[i]), graph(spans[0]))
	}
	slices.SortFunc(spans, func(x, y [3]int) int {
		if !oneGraph {
			if c := bytes.Compare(graph(x), graph(y)); c != 0 {
				return c
			}
		}
		return bytes.Compare(spo(x), spo(y))
	})
	b = slices.Grow(b, len(buf)+4*len(spans))
	for i, s := range spans {
		if i > 0 && bytes.Equal(graph(s), graph(spans[i-1])) && bytes.Equal(spo(s), spo(spans[i-1])) {
			continue
		}
		b = append(b, spo(s)...)
		if g := graph(s); len(g) > 0 {
			b = append(b, ' ')
			b = append(b, g...)
		}
		b = append(b, " .\n"...)
	}
	return b, nil
}

// nqScratch is AppendNQuads' working memory, pooled: the rendered terms of
// every quad are as large as the output, and allocating them afresh for
// each document was half of what extracting a corpus allocated.
type nqScratch struct {
	buf   []byte
	spans [][3]int
}

var nquadsScratch = sync.Pool{New: func() any { return new(nqScratch) }}

// maxPooledScratch bounds the memory a pooled scratch keeps after an
// unusually large document.
const maxPooledScratch = 4 << 20

func (sc *nqScratch) put() {
	if cap(sc.buf) > maxPooledScratch {
		sc.buf = nil
	}
	if cap(sc.spans)*24 > maxPooledScratch {
		sc.spans = nil
	}
	nquadsScratch.Put(sc)
}
