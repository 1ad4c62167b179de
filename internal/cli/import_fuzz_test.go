package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/store"
)

// FuzzImportLine: any line either fails with a one-line error or gives a
// quad the store accepts, which the exporter writes back as a line that
// imports as the same quad.
func FuzzImportLine(f *testing.F) {
	for _, s := range []string{
		`<https://a.example/s> <https://a.example/p> "x"@en <https://a.example/g> .`,
		`<https://a.example/s> <https://a.example/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .`,
		`_:b <https://a.example/p> "tab\there \"q\" \\ \u00e9 \U0001F600" <https://a.example/g> .`,
		`<https://a.example/s> <https://a.example/p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .`,
		`<https://a.example/s> <https://a.example/p> "bad \q" .`, `<rel> <p> <o> .`, `# comment`, `"lit" <https://a.example/p> "x" .`,
		`<https://a.example/s> <https://a.example/p> "nul\u0000" .`, `<https://a.example/s> <https://a.example/p> "\uD800" .`,
	} {
		f.Add(s)
	}
	def := quad.IRI("https://w3id.org/newsgraph/id/doc/fuzz.nt")
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") || strings.HasPrefix(strings.TrimSpace(line), "#") || strings.TrimSpace(line) == "" {
			return // the reader hands parseNQuad single statements
		}
		q, err := parseNQuad([]byte(line), false, def)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q is not one line", err)
			}
			return
		}
		g := q.Label.(quad.IRI)
		if err := store.CheckQuad(g, q); err != nil {
			t.Fatalf("accepted %q, which the store refuses: %v", line, err)
		}
		var b bytes.Buffer
		src := func(_ context.Context, fn func(quad.Quad) error) error { return fn(q) }
		if err := export.Write(context.Background(), &b, export.NQuads, src, export.Options{}); err != nil {
			t.Fatalf("accepted %q, which the exporter refuses: %v", line, err)
		}
		again, err := parseNQuad(bytes.TrimSuffix(b.Bytes(), []byte("\n")), false, def)
		if err != nil {
			t.Fatalf("%q exported as %q, which does not import: %v", line, b.String(), err)
		}
		if diff := cmp.Diff(q, again); diff != "" {
			t.Errorf("%q → export %q → import differs (-first +again):\n%s", line, b.String(), diff)
		}
	})
}
