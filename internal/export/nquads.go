package export

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

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
	// buf[lines[i].g:lines[i].s] (graph) and buf[lines[i].s:lines[i].e].
	buf := sc.buf[:0]
	lines := slices.Grow(sc.lines[:0], len(qs))[:len(qs)]
	// seen remembers where recent IRIs were rendered: a document's graph,
	// its predicates and its subjects repeat from quad to quad, and copying
	// their bytes is cheaper than checking them again. The slot is picked
	// by the string's address, but a hit compares contents, so an address
	// reused for another string only misses.
	var seen [256]struct {
		iri        string
		start, end int
	}
	for i, q := range qs {
		l := &lines[i]
		l.g = len(buf)
		for pos, v := range [4]quad.Value{q.Label, q.Subject, q.Predicate, q.Object} {
			if pos == 0 && v == nil {
				l.s = len(buf)
				continue
			}
			if pos > 1 {
				buf = append(buf, ' ')
			}
			if pos == 1 {
				l.s = len(buf)
			}
			if iri, ok := v.(quad.IRI); ok {
				p := uintptr(unsafe.Pointer(unsafe.StringData(string(iri))))
				e := &seen[(p>>3^p>>9^uintptr(len(iri)))%uintptr(len(seen))]
				n := len(buf)
				if e.end > 0 && e.iri == string(iri) {
					buf = append(buf, buf[e.start:e.end]...)
				} else {
					buf = append(buf, '<')
					buf = append(buf, fixIRI(string(iri))...)
					buf = append(buf, '>')
				}
				e.iri, e.start, e.end = string(iri), n, len(buf)
				continue
			}
			var (
				k   kind
				err error
			)
			buf, k, err = appendNT(buf, v)
			if err == nil {
				err = checkPosition(pos, k)
			}
			if err != nil {
				sc.buf, sc.lines = buf, lines
				return b, fmt.Errorf("quad %s: %s: %w", describe(q), posName[pos], err)
			}
		}
		l.e = len(buf)
	}
	sc.buf, sc.lines = buf, lines
	graph := func(l nqLine) []byte { return buf[l.g:l.s] }
	spo := func(l nqLine) []byte { return buf[l.s:l.e] }
	// Within one graph, comparing whole "s p o" lines orders them as
	// comparing term by term does: a term that is a prefix of another is
	// followed by a space, and every byte that can continue a term ("@",
	// "^", a blank node's name) sorts after the space.
	oneGraph := true // the common case, a document's graph: compare no graphs
	for i := 1; i < len(lines) && oneGraph; i++ {
		oneGraph = bytes.Equal(graph(lines[i]), graph(lines[0]))
	}
	if oneGraph {
		sortLines(buf, lines)
	} else {
		slices.SortFunc(lines, func(x, y nqLine) int {
			if c := bytes.Compare(graph(x), graph(y)); c != 0 {
				return c
			}
			return bytes.Compare(spo(x), spo(y))
		})
	}
	b = slices.Grow(b, len(buf)+4*len(lines))
	for i := range lines {
		l := &lines[i]
		line := buf[l.s:l.e]
		if i > 0 {
			p := &lines[i-1]
			if bytes.Equal(line, buf[p.s:p.e]) && (oneGraph || bytes.Equal(buf[l.g:l.s], buf[p.g:p.s])) {
				continue
			}
		}
		b = append(b, line...)
		if l.g < l.s {
			b = append(b, ' ')
			b = append(b, buf[l.g:l.s]...)
		}
		b = append(b, " .\n"...)
	}
	return b, nil
}

// nqLine is one rendered quad in AppendNQuads' buffer: the graph is
// buf[g:s], the "s p o" line buf[s:e]. key holds the line's 16 bytes after
// the prefix every line shares, for sortLines.
type nqLine struct {
	g, s, e int
	key     [2]uint64
}

// sortLines sorts lines by their "s p o" bytes. All of a document's lines
// start alike ("<https://w3id.org/newsgraph/id/"), so comparing them byte
// by byte spends most of its time on that prefix. The lines are instead
// compared by the 16 bytes after it, as two big-endian integers (a line
// that ends early is padded with zero bytes, which rendered lines never
// hold, so it sorts first as a prefix does), and by the bytes after
// those only when they tie.
func sortLines(buf []byte, lines []nqLine) {
	if len(lines) < 2 {
		return
	}
	first := buf[lines[0].s:lines[0].e]
	prefix := len(first)
	for _, l := range lines[1:] {
		line := buf[l.s:l.e]
		n := min(prefix, len(line))
		i := 0
		for i+8 <= n {
			if x := binary.LittleEndian.Uint64(line[i:]) ^ binary.LittleEndian.Uint64(first[i:]); x != 0 {
				i += bits.TrailingZeros64(x) / 8
				n = i
				break
			}
			i += 8
		}
		if i < n && n >= 8 {
			// the last few bytes, in one load that overlaps those compared
			j := n - 8
			if x := binary.LittleEndian.Uint64(line[j:]) ^ binary.LittleEndian.Uint64(first[j:]); x != 0 {
				n = j + bits.TrailingZeros64(x)/8
			}
			i = n
		}
		for i < n && line[i] == first[i] {
			i++
		}
		prefix = i
	}
	for i := range lines {
		l := &lines[i]
		var pad [16]byte
		if l.s+prefix < l.e {
			copy(pad[:], buf[l.s+prefix:l.e])
		}
		l.key = [2]uint64{binary.BigEndian.Uint64(pad[:8]), binary.BigEndian.Uint64(pad[8:])}
	}
	ls := lineSorter{buf: buf, tail: prefix + 16}
	ls.sort(lines, 2*bits.Len(uint(len(lines))))
}

// lineSorter sorts lines by key, then by the bytes after tail. It is a
// quicksort written for the type, since calling a comparison function
// cost more than comparing two keys; past its depth limit it hands the
// rest to slices.SortFunc, whose worst case is bounded.
type lineSorter struct {
	buf  []byte
	tail int
}

func (ls lineSorter) cmp(x, y *nqLine) int {
	switch {
	case x.key[0] != y.key[0]:
		return cmp.Compare(x.key[0], y.key[0])
	case x.key[1] != y.key[1]:
		return cmp.Compare(x.key[1], y.key[1])
	}
	return bytes.Compare(ls.buf[min(x.s+ls.tail, x.e):x.e], ls.buf[min(y.s+ls.tail, y.e):y.e])
}

func (ls lineSorter) sort(a []nqLine, depth int) {
	for len(a) > 12 {
		if depth == 0 {
			slices.SortFunc(a, func(x, y nqLine) int { return ls.cmp(&x, &y) })
			return
		}
		depth--
		// median of three to a[0], then partition a[1:] around it
		m := len(a) / 2
		if ls.cmp(&a[m], &a[0]) < 0 {
			a[m], a[0] = a[0], a[m]
		}
		if ls.cmp(&a[len(a)-1], &a[m]) < 0 {
			a[len(a)-1], a[m] = a[m], a[len(a)-1]
			if ls.cmp(&a[m], &a[0]) < 0 {
				a[m], a[0] = a[0], a[m]
			}
		}
		a[0], a[m] = a[m], a[0]
		i, j := 1, len(a)-1
		for {
			for i <= j && ls.cmp(&a[i], &a[0]) < 0 {
				i++
			}
			for i <= j && ls.cmp(&a[j], &a[0]) > 0 {
				j--
			}
			if i >= j {
				break
			}
			a[i], a[j] = a[j], a[i]
			i++
			j--
		}
		a[0], a[j] = a[j], a[0]
		// recurse into the smaller side, loop on the larger
		if j < len(a)-1-j {
			ls.sort(a[:j], depth)
			a = a[j+1:]
		} else {
			ls.sort(a[j+1:], depth)
			a = a[:j]
		}
	}
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && ls.cmp(&a[j], &a[j-1]) < 0; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// nqScratch is AppendNQuads' working memory, pooled: the rendered terms of
// every quad are as large as the output, and allocating them afresh for
// each document was half of what extracting a corpus allocated.
type nqScratch struct {
	buf   []byte
	lines []nqLine
}

var nquadsScratch = sync.Pool{New: func() any { return new(nqScratch) }}

// maxPooledScratch bounds the memory a pooled scratch keeps after an
// unusually large document.
const maxPooledScratch = 4 << 20

func (sc *nqScratch) put() {
	if cap(sc.buf) > maxPooledScratch {
		sc.buf = nil
	}
	if cap(sc.lines)*int(unsafe.Sizeof(nqLine{})) > maxPooledScratch {
		sc.lines = nil
	}
	nquadsScratch.Put(sc)
}
