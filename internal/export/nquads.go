package export

import (
	"bufio"
	"context"
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
