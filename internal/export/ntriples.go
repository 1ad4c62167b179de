package export

import (
	"bufio"
	"context"
)

// writeNTriples merges the graphs: each distinct triple once, sorted by
// subject, predicate, object.
func writeNTriples(ctx context.Context, w *bufio.Writer, d *dataset, _ Options) error {
	for i, t := range d.triples() {
		if i%cancelCheckEvery == 0 {
			if err := check(ctx, w); err != nil {
				return err
			}
		}
		w.WriteString(d.terms[t.s].nt)
		w.WriteByte(' ')
		w.WriteString(d.terms[t.p].nt)
		w.WriteByte(' ')
		w.WriteString(d.terms[t.o].nt)
		w.WriteString(" .\n")
	}
	return nil
}
