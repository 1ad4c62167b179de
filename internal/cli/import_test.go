package cli

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cayleygraph/quad/nquads"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportRoundTrip: export → import into an empty store → export gives
// the same bytes, for the seed graph and for the exporter's fixture with
// its nasty literals and IRIs, plain and gzipped; importing again changes
// nothing.
func TestImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds.db")
	mustRun(t, "--db", seeds, "build", "--summary=false")
	seedsNQ := mustRun(t, "--db", seeds, "export", "--format", "nquads")

	// The fixture has a triple in the default graph; import puts it in the
	// document graph named after the file.
	fixture, err := os.ReadFile(filepath.Join("..", "export", "testdata", "fixture.nq"))
	if err != nil {
		t.Fatal(err)
	}
	fixtureDB := filepath.Join(dir, "fixture.db")
	mustRun(t, "--db", fixtureDB, "import", writeFile(t, filepath.Join(dir, "fixture.nq"), fixture))
	fixtureNQ := mustRun(t, "--db", fixtureDB, "export", "--format", "nquads")
	var want []string
	for _, l := range lines(string(fixture)) {
		if q, err := nquads.Parse(l); err != nil {
			t.Fatal(err)
		} else if q.Label == nil {
			l = strings.TrimSuffix(l, " .") + " <" + string(vocab.DocumentIRI("fixture.nq")) + "> ."
		}
		want = append(want, l)
	}
	got := lines(fixtureNQ)
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fixture.nq imported and exported (-file +export):\n%s", diff)
	}

	for _, tc := range []struct {
		name string
		nq   string
	}{
		{"seeds", seedsNQ},
		{"fixture", fixtureNQ},
	} {
		for _, gz := range []bool{false, true} {
			name := tc.name + ".nq"
			data := []byte(tc.nq)
			if gz {
				name += ".gz"
				data = gzipped(t, data)
			}
			t.Run(name, func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "g.db")
				in := writeFile(t, filepath.Join(t.TempDir(), name), data)
				out := mustRun(t, "--db", db, "import", in)
				n := strings.Count(tc.nq, "\n")
				if !strings.Contains(out, "quads: "+strconv.Itoa(n)+" read, "+strconv.Itoa(n)+" written, 0 deleted; lines: 0 failed") {
					t.Errorf("first import: %q", out)
				}
				if got := mustRun(t, "--db", db, "export", "--format", "nquads"); got != tc.nq {
					t.Errorf("export → import → export differs:\n%s", cmp.Diff(lines(tc.nq), lines(got)))
				}
				out = mustRun(t, "--db", db, "import", in)
				if !strings.Contains(out, " 0 added, 0 updated, ") || !strings.Contains(out, " 0 written, 0 deleted") {
					t.Errorf("second import changed the store: %q", out)
				}
			})
		}
	}
	if a, b := mustRun(t, "--db", seeds, "stats"), func() string {
		db := filepath.Join(t.TempDir(), "g.db")
		mustRun(t, "--db", db, "import", writeFile(t, filepath.Join(t.TempDir(), "s.nq"), []byte(seedsNQ)))
		return mustRun(t, "--db", db, "stats")
	}(); a != b {
		t.Errorf("stats after the round trip differ:\n%s", cmp.Diff(lines(a), lines(b)))
	}
}

// TestImportBadLines: each bad line is one error naming the file and line;
// every good line is imported, the exit code is 3 and the summary counts
// the failures.
func TestImportBadLines(t *testing.T) {
	const g = "<https://example.org/g>"
	in := strings.Join([]string{
		`# a comment`,
		`<https://example.org/a> <https://example.org/p> "one" ` + g + ` .`,
		`<https://example.org/a> <https://example.org/p> "unterminated ` + g + ` .`,
		``,
		`<https://example.org/a> <https://example.org/p> "two"@en ` + g + ` .`,
		`<relative> <https://example.org/p> "x" ` + g + ` .`,
		`<https://example.org/a> <https://example.org/p> "nul\u0000" ` + g + ` .`,
		`<https://example.org/a> <https://example.org/p> "x" _:graph .`,
		`<https://example.org/a> <https://example.org/p> .`,
		`<https://example.org/a> <https://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> ` + g + ` .`,
		`"literal" <https://example.org/p> "x" ` + g + ` .`,
		`<https://example.org/a> <https://example.org/p> "bad \q escape" ` + g + ` .`,
		`<https://example.org/a> <https://example.org/p> "four"^^<http://www.w3.org/2001/XMLSchema#string> ` + g + ` .`,
	}, "\n") + "\n"
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	t.Chdir(dir)
	writeFile(t, "in.nq", []byte(in))
	code, out, errs := run(t, "--db", db, "import", "in.nq")
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
	want := []string{
		`newsgraph: in.nq:3: not N-Quads: incomplete N-Quad`,
		`newsgraph: in.nq:6: <relative>: not an absolute IRI`,
		`newsgraph: in.nq:7: NUL character in "nul\x00" (the store cannot keep it)`,
		`newsgraph: in.nq:8: graph _:graph is a blank node; the store keeps graphs named by IRIs`,
		`newsgraph: in.nq:9: not N-Quads: incomplete N-Quad`,
		`newsgraph: in.nq:11: cannot store: subject "literal" is not an IRI or blank node`,
		`newsgraph: in.nq:12: not N-Quads: unexpected rune 'q' at column 55`,
		`newsgraph: 7 of 11 lines failed; the rest was imported`,
	}
	if diff := cmp.Diff(want, lines(errs)); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
	if !strings.Contains(out, "quads: 4 read, 4 written, 0 deleted; lines: 7 failed") {
		t.Errorf("stdout %q", out)
	}
	got := mustRun(t, "--db", db, "export")
	wantNQ := `<https://example.org/a> <https://example.org/p> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <https://example.org/g> .
<https://example.org/a> <https://example.org/p> "four" <https://example.org/g> .
<https://example.org/a> <https://example.org/p> "one" <https://example.org/g> .
<https://example.org/a> <https://example.org/p> "two"@en <https://example.org/g> .
`
	if got != wantNQ {
		t.Errorf("stored (-want +got):\n%s", cmp.Diff(lines(wantNQ), lines(got)))
	}
}

// TestImportGraphs: an imported graph replaces the stored graph of that
// name and leaves the others; a graph named again later in the input, even
// in another file or after its batch was written, is merged; triples go to
// the graph named after their file, or --graph; a file that breaks off
// imports nothing of the graph it was cut in.
func TestImportGraphs(t *testing.T) {
	defer func(q, g int) { importBatchQuads, importBatchGraphs = q, g }(importBatchQuads, importBatchGraphs)
	importBatchQuads, importBatchGraphs = 1, 1 // write every graph at once
	quad := func(s, g string) string {
		return "<https://example.org/" + s + "> <https://example.org/p> \"" + s + "\" <https://example.org/" + g + "> .\n"
	}
	triple := func(s string) string {
		return "<https://example.org/" + s + "> <https://example.org/p> \"" + s + "\" .\n"
	}
	graphOf := func(export, g string) []string {
		var out []string
		for _, l := range lines(export) {
			if strings.HasSuffix(l, " <"+g+"> .") {
				out = append(out, l)
			}
		}
		return out
	}
	dir := t.TempDir()
	t.Chdir(dir)
	db := filepath.Join(dir, "g.db")
	mustRun(t, "--db", db, "import", writeFile(t, "old.nq", []byte(quad("old1", "g1")+quad("old2", "g2"))))

	// g1 replaced, in two runs of one file and a second file; g2 kept
	writeFile(t, "a.nq", []byte(quad("a", "g1")+quad("x", "g3")+quad("b", "g1")))
	writeFile(t, "b.nq", []byte(quad("c", "g1")))
	writeFile(t, "extra.nt", []byte(triple("t1")+triple("t2")))
	out := mustRun(t, "--db", db, "import", "a.nq", "b.nq", "extra.nt")
	if !strings.Contains(out, "graphs: 3 read, 2 added, 1 updated, 0 unchanged, 0 failed") {
		t.Errorf("stdout %q", out)
	}
	exp := mustRun(t, "--db", db, "export")
	for g, want := range map[string][]string{
		"https://example.org/g1":              lines(quad("a", "g1") + quad("b", "g1") + quad("c", "g1")),
		"https://example.org/g2":              lines(quad("old2", "g2")),
		"https://example.org/g3":              lines(quad("x", "g3")),
		string(vocab.DocumentIRI("extra.nt")): lines(strings.ReplaceAll(triple("t1")+triple("t2"), " .\n", " <"+string(vocab.DocumentIRI("extra.nt"))+"> .\n")),
	} {
		if diff := cmp.Diff(want, graphOf(exp, g)); diff != "" {
			t.Errorf("graph %s (-want +got):\n%s", g, diff)
		}
	}
	// remove drops the file's graph by its name, as for built documents
	mustRun(t, "--db", db, "remove", "extra.nt")

	// --graph
	mustRun(t, "--db", db, "import", "--graph", "https://example.org/named", "extra.nt")
	if got := graphOf(mustRun(t, "--db", db, "export"), "https://example.org/named"); len(got) != 2 {
		t.Errorf("--graph: %q", got)
	}
	if code, _, errs := run(t, "--db", db, "import", "--graph", "not an iri", "extra.nt"); code != ExitUsage {
		t.Errorf("--graph 'not an iri': exit %d %q", code, errs)
	}

	// a gzip stream cut short: g4 is imported, g5 (cut) is not and g2 stays
	var big strings.Builder
	big.WriteString(quad("g4a", "g4"))
	for i := range 2000 {
		big.WriteString(quad("new"+strconv.Itoa(i), "g2"))
	}
	z := gzipped(t, []byte(big.String()))
	writeFile(t, "cut.nq.gz", z[:len(z)/2])
	before := graphOf(mustRun(t, "--db", db, "export"), "https://example.org/g2")
	code, _, errs := run(t, "--db", db, "import", "cut.nq.gz")
	if code != ExitPartial || !strings.Contains(errs, "cut.nq.gz:") || !strings.Contains(errs, "corrupt gzip: unexpected EOF") ||
		!strings.Contains(errs, "graph <https://example.org/g2> not imported: cut.nq.gz ends at line") ||
		!strings.HasSuffix(errs, "newsgraph: 1 file and 1 graph failed; the rest was imported\n") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	code, _, errs = run(t, "--db", db, "import", "missing.nq", "b.nq")
	if code != ExitPartial || errs != "newsgraph: missing.nq: cannot read: no such file or directory\nnewsgraph: 1 file failed; the rest was imported\n" {
		t.Errorf("a missing file: exit %d, stderr %q", code, errs)
	}
	exp = mustRun(t, "--db", db, "export")
	if diff := cmp.Diff(before, graphOf(exp, "https://example.org/g2")); diff != "" {
		t.Errorf("g2 changed by a cut file (-before +after):\n%s", diff)
	}
	if len(graphOf(exp, "https://example.org/g4")) != 1 {
		t.Errorf("g4, read whole before the cut, not imported")
	}
}
