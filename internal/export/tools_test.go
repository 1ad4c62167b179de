package export

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"
)

// External validators. Tests that need them skip when they are missing,
// unless NEWSGRAPH_REQUIRE_TOOLS=1 (all of them) or
// NEWSGRAPH_REQUIRE_RAPPER=1 (rapper only) says CI installed them. Debian
// packages: raptor2-utils (rapper), libxml2-utils (xmllint), graphviz (dot).

func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("NEWSGRAPH_REQUIRE_TOOLS") == "1" || name == "rapper" && os.Getenv("NEWSGRAPH_REQUIRE_RAPPER") == "1" {
		t.Fatalf("%s not found (apt-get install %s): %v", name, pkg, err)
	}
	t.Skipf("%s not found (apt-get install %s)", name, pkg)
	return ""
}

// run runs a validator and returns its stdout and stderr.
func run(t *testing.T, name string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

func writeTemp(t *testing.T, f Format, qs []quad.Quad) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out"+f.Ext())
	if err := os.WriteFile(path, render(t, f, qs), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var rapperCount = regexp.MustCompile(`Parsing returned (\d+) triples?`)

// TestRapper has rapper parse each RDF output, count its statements and
// re-serialize it; the re-serialization must hold the input quads.
func TestRapper(t *testing.T) {
	requireTool(t, "rapper", "raptor2-utils")
	inputs := []struct {
		name  string
		quads []quad.Quad
	}{
		{"fixture", fixture()},
		{"turtle edges", edgeQuads()},
	}
	formats := []struct {
		format         Format
		parser, output string
		graphs         bool
	}{
		{NQuads, "nquads", "nquads", true},
		{NTriples, "ntriples", "ntriples", false},
		{Turtle, "turtle", "ntriples", false},
	}
	for _, in := range inputs {
		for _, tt := range formats {
			t.Run(in.name+"/"+string(tt.format), func(t *testing.T) {
				want := canonical(in.quads, tt.graphs)
				path := writeTemp(t, tt.format, in.quads)
				_, stderr := run(t, "rapper", "-i", tt.parser, "-c", path)
				m := rapperCount.FindStringSubmatch(stderr)
				if m == nil {
					t.Fatalf("no count in rapper output:\n%s", stderr)
				}
				if n, _ := strconv.Atoi(m[1]); n != len(want) {
					t.Errorf("rapper counted %d statements, want %d", n, len(want))
				}
				if regexp.MustCompile(`(?i)error|warning`).MatchString(stderr) {
					t.Errorf("rapper complained:\n%s", stderr)
				}
				stdout, _ := run(t, "rapper", "-q", "-i", tt.parser, "-o", tt.output, path)
				got := canonical(parseNQuads(t, []byte(stdout)), tt.graphs)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("rapper's reading differs from the input (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestXMLLint(t *testing.T) {
	requireTool(t, "xmllint", "libxml2-utils")
	_, stderr := run(t, "xmllint", "--noout", writeTemp(t, GraphML, fixture()))
	if stderr != "" {
		t.Errorf("xmllint complained:\n%s", stderr)
	}
}

func TestGraphviz(t *testing.T) {
	requireTool(t, "dot", "graphviz")
	svg := filepath.Join(t.TempDir(), "out.svg")
	_, stderr := run(t, "dot", "-Tsvg", "-o", svg, writeTemp(t, DOT, fixture()))
	if stderr != "" {
		t.Errorf("dot complained:\n%s", stderr)
	}
	data, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	// The label with quotes and non-ASCII text must arrive intact.
	if want := "Xi, Lee hold &quot;talks&quot; — 中文 ü 😀"; !bytes.Contains(data, []byte(want)) {
		t.Errorf("SVG lacks the label %q", want)
	}
}
