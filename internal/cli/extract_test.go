package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
)

// wantExtract is what extract printed before it ran in parallel: every
// document of paths extracted in turn, with its hash quad, and all the
// quads written at once. It returns each document's quads too.
func wantExtract(t *testing.T, format export.Format, paths ...string) ([]byte, [][]quad.Quad) {
	t.Helper()
	ex, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	var all []quad.Quad
	var per [][]quad.Quad
	err = ingest.Reader{}.ReadPaths(t.Context(), paths, func(d *ingest.Document, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		qs, err := ex.Extract(t.Context(), d)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, ingest.HashQuad(d, ex.Fingerprint()))
		per = append(per, qs)
		all = append(all, qs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := export.Write(t.Context(), &b, format, export.Quads(all), export.Options{}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), per
}

func runExtractCmd(t *testing.T, args ...string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Run(t.Context(), append([]string{"extract"}, args...), nil, &stdout, &stderr); code != 0 {
		t.Fatalf("extract %v: exit %d: %s", args, code, stderr.String())
	}
	return stdout.Bytes()
}

// TestExtractOutput: extract runs documents on every core but prints what
// extracting them one by one gives. A single document's output is byte for
// byte the same in every format; N-Quads of several documents come
// document by document in input order (each sorted), the other formats
// sorted as a whole.
func TestExtractOutput(t *testing.T) {
	seeds, err := filepath.Glob(filepath.Join("..", "..", "seeds", "*.txt"))
	if err != nil || len(seeds) < 2 {
		t.Fatalf("seed articles: %v %v", seeds, err)
	}
	// several documents in an order that is not the sorted one
	many := []string{seeds[1], seeds[0], seeds[1]}
	copyDir := t.TempDir()
	for i, p := range many {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		many[i] = filepath.Join(copyDir, string(rune('c'-i))+".txt")
		if err := os.WriteFile(many[i], b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, format := range []export.Format{export.NQuads, export.NTriples, export.Turtle, export.JSONLD} {
		t.Run(string(format)+"/one document", func(t *testing.T) {
			want, _ := wantExtract(t, format, seeds[0])
			got := runExtractCmd(t, "--format", string(format), seeds[0])
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
		t.Run(string(format)+"/several documents", func(t *testing.T) {
			want, per := wantExtract(t, format, many...)
			if format == export.NQuads {
				var b bytes.Buffer
				for _, qs := range per {
					if err := export.Write(t.Context(), &b, format, export.Quads(qs), export.Options{}); err != nil {
						t.Fatal(err)
					}
				}
				want = b.Bytes()
			}
			for range 3 {
				got := runExtractCmd(t, append([]string{"--format", string(format)}, many...)...)
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Fatalf("(-want +got):\n%s", diff)
				}
			}
		})
	}
}
