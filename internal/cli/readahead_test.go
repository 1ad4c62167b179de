package cli

import (
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// TestReadAhead checks that documents and errors come through in order,
// that one larger than the whole budget still does, and that stopping
// part way ends the reading.
func TestReadAhead(t *testing.T) {
	bad := errors.New("bad input")
	source := func(n int, read *int) iter.Seq2[*ingest.Document, error] {
		return func(yield func(*ingest.Document, error) bool) {
			for i := range n {
				*read = i + 1
				var d *ingest.Document
				var err error
				switch {
				case i%7 == 3:
					err = fmt.Errorf("doc %d: %w", i, bad)
				case i == 5:
					d = &ingest.Document{ID: "5", Text: strings.Repeat("x", readAheadBytes+1)}
				default:
					d = &ingest.Document{ID: fmt.Sprint(i), Text: "text"}
				}
				if !yield(d, err) {
					return
				}
			}
		}
	}
	for _, tc := range []struct {
		name    string
		n, take int
	}{
		{"all", 50, 50},
		{"none", 0, 0},
		{"stop part way", 10000, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var read int
			seq, stop := readAhead(t.Context(), source(tc.n, &read))
			var got, want []string
			for d, err := range seq {
				if len(got) == tc.take {
					break
				}
				if err != nil {
					got = append(got, err.Error())
				} else {
					got = append(got, d.ID)
				}
			}
			stop()
			for d, err := range source(tc.take, new(int)) {
				if err != nil {
					want = append(want, err.Error())
				} else {
					want = append(want, d.ID)
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			if read == tc.n && tc.n > tc.take+4096 {
				t.Errorf("stop left the reading going: read all %d", read)
			}
		})
	}
}
