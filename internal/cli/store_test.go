package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/queries"
)

// TestStoreEnv: $NEWSGRAPH_STORE names the store unless --store or --db
// does, and messages name a database without its password.
func TestStoreEnv(t *testing.T) {
	tests := []struct {
		name  string
		env   string // $NEWSGRAPH_STORE, relative to the work dir
		flags []string
		want  string // the directory that gets the store
	}{
		{"default", "", nil, "newsgraph.db"},
		{"env", "bolt://fromenv", nil, "fromenv"},
		{"env bare path", "bare", nil, "bare"},
		{"--db beats env", "bolt://fromenv", []string{"--db", "fromdb"}, "fromdb"},
		{"--db default path beats env", "bolt://fromenv", []string{"--db", "newsgraph.db"}, "newsgraph.db"},
		{"--store beats env", "bolt://fromenv", []string{"--store", "bolt://fromflag"}, "fromflag"},
		{"--store beats --db", "", []string{"--db", "fromdb", "--store", "bolt://fromflag"}, "fromflag"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			t.Setenv(storeEnv, tc.env)
			args := append(slices.Clone(tc.flags), "build", "--summary=false")
			code, out, errs := run(t, args...)
			if code != ExitOK {
				t.Fatalf("build: exit %d: %s", code, errs)
			}
			if _, err := os.Stat(filepath.Join(tc.want, "indexes.bolt")); err != nil {
				t.Fatalf("no store in %s: %v; stdout %q", tc.want, err, out)
			}
			ents, _ := os.ReadDir(".")
			if len(ents) != 1 {
				t.Errorf("work dir holds %d entries, want only %s", len(ents), tc.want)
			}
		})
	}
	t.Run("password hidden", func(t *testing.T) {
		t.Setenv(storeEnv, "postgres://alice:s3cret@127.0.0.1:1/ng?sslmode=disable&connect_timeout=2")
		code, out, errs := run(t, "stats")
		if code == ExitOK || strings.Contains(out+errs, "s3cret") || !strings.Contains(errs, "127.0.0.1:1") {
			t.Fatalf("exit %d, stdout %q, stderr %q: want a failure naming the server without the password", code, out, errs)
		}
	})
}

// TestSQLParity runs the same commands against PostgreSQL (named by
// $NEWSGRAPH_STORE) and against the embedded bolt store: every output,
// exports byte for byte, must be the same. It skips without
// $NEWSGRAPH_TEST_POSTGRES.
func TestSQLParity(t *testing.T) {
	for _, flavour := range storetest.SQLFlavours {
		t.Run(flavour.Name, func(t *testing.T) {
			dsn := flavour.DSN(t)
			dir := t.TempDir()
			bolt := filepath.Join(dir, "g.db")
			docs := filepath.Join(dir, "docs")
			write := func(name, text string) {
				t.Helper()
				if err := os.MkdirAll(docs, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(docs, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			type step struct {
				args   []string
				before func() // changes inputs before the step runs on both stores
			}
			steps := []step{
				{args: []string{"build"}},
				{args: []string{"build"}},
				{args: []string{"stats"}},
				{args: []string{"export", "--format", "nquads"}},
				{args: []string{"export", "--format", "turtle"}},
			}
			for _, run := range savedQueryRuns(t) {
				steps = append(steps, step{args: run})
			}
			steps = append(steps,
				step{args: []string{"build", "--summary=false", docs}, before: func() {
					write("a.txt", "2020-05-01\nLeaders meet\n\nPARIS, May 1 (Reuters) - French President Emmanuel Macron met German Chancellor Angela Merkel in Paris on Friday. They discussed trade with Japan.\n")
					write("b.txt", "2021-03-02\nTalks\n\nTOKYO, March 2 (Reuters) - Japanese Prime Minister Yoshihide Suga met Indian Prime Minister Narendra Modi in Tokyo on Tuesday.\n")
				}},
				step{args: []string{"build", "--summary=false", docs}, before: func() {
					write("a.txt", "2020-05-02\nLeaders meet again\n\nBERLIN, May 2 (Reuters) - French President Emmanuel Macron met Canadian Prime Minister Justin Trudeau in Berlin on Saturday.\n")
				}},
				step{args: []string{"query", "documents", "--param", "name=Canada"}},
				step{args: []string{"query", "documents", "--param", "name=Japan"}},
				step{args: []string{"remove", "000_d4497884fa6f0406.txt"}},
				step{args: []string{"remove", "000_d4497884fa6f0406.txt"}},
				step{args: []string{"stats"}},
				step{args: []string{"export", "--format", "nquads"}},
			)
			for _, st := range steps {
				if st.before != nil {
					st.before()
				}
				name := strings.Join(st.args, " ")
				t.Setenv(storeEnv, "")
				wantCode, wantOut, wantErr := run(t, append([]string{"--db", bolt}, st.args...)...)
				t.Setenv(storeEnv, dsn)
				code, out, errs := run(t, st.args...)
				norm := func(s, loc string) string { return strings.ReplaceAll(s, loc, "STORE") }
				wantOut, wantErr = norm(wantOut, bolt), norm(wantErr, bolt)
				out, errs = norm(out, store.Describe(dsn)), norm(errs, store.Describe(dsn))
				if code != wantCode || errs != wantErr {
					t.Fatalf("%s: exit %d, stderr %q; on bolt: exit %d, stderr %q", name, code, errs, wantCode, wantErr)
				}
				if diff := cmp.Diff(wantOut, out); diff != "" {
					t.Fatalf("%s: stdout (-bolt +sql):\n%s", name, diff)
				}
				if len(out) == 0 && wantCode == ExitOK && st.args[0] != "remove" {
					t.Fatalf("%s: no output", name)
				}
			}
		})
	}
}

// savedQueryRuns returns a run of every saved query with its required
// parameters filled from the seeds.
func savedQueryRuns(t *testing.T) [][]string {
	t.Helper()
	values := map[string]string{
		"a": "Xi Jinping", "b": "Lee Jae Myung", "country": "ROK", "name": "Xi Jinping", "who": "South Korea",
	}
	saved, err := query.Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	var runs [][]string
	for _, q := range saved {
		run := []string{"query", q.Name}
		for _, p := range q.Params {
			if v, ok := values[p.Name]; ok {
				run = append(run, "--param", p.Name+"="+v)
			}
		}
		runs = append(runs, run, append(slices.Clone(run), "--format", "json"))
	}
	return runs
}

// TestSQLConcurrentBuilds runs two builds of overlapping inputs at once
// against one PostgreSQL database, as two processes would (each run opens
// its own store): the graph must equal a clean build of all the inputs.
func TestSQLConcurrentBuilds(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	dir := t.TempDir()
	seeds, err := filepath.Abs(filepath.Join("..", "..", "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	docs := filepath.Join(dir, "docs")
	if err := os.MkdirAll(docs, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{
		"2020-05-01\nLeaders meet\n\nPARIS, May 1 (Reuters) - French President Emmanuel Macron met German Chancellor Angela Merkel in Paris on Friday. They discussed trade with Japan.\n",
		"2021-03-02\nTalks\n\nTOKYO, March 2 (Reuters) - Japanese Prime Minister Yoshihide Suga met Indian Prime Minister Narendra Modi in Tokyo on Tuesday.\n",
		"2022-07-03\nVisit\n\nBEIJING, July 3 (Xinhua) -- Chinese President Xi Jinping met South Korean President Yoon Suk Yeol in Beijing on Sunday. The two sides signed 5 cooperation agreements.\n",
	} {
		if err := os.WriteFile(filepath.Join(docs, fmt.Sprintf("%c.txt", 'a'+i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Both builds read the seeds and the docs, in different groupings.
	first := []string{"--store", dsn, "build", "--summary=false", seeds, docs}
	second := []string{"--store", dsn, "build", "--summary=false", docs, seeds}
	var (
		wg    sync.WaitGroup
		codes [2]int
		errs  [2]string
	)
	for i, args := range [][]string{first, second} {
		wg.Go(func() { codes[i], _, errs[i] = run(t, args...) })
	}
	wg.Wait()
	for i := range codes {
		if codes[i] != ExitOK {
			t.Fatalf("build %d: exit %d: %s", i+1, codes[i], errs[i])
		}
	}
	bolt := filepath.Join(dir, "clean.db")
	if code, _, errs := run(t, "--db", bolt, "build", "--summary=false", seeds, docs); code != ExitOK {
		t.Fatalf("clean build: exit %d: %s", code, errs)
	}
	_, want, _ := run(t, "--db", bolt, "export", "--format", "nquads")
	code, got, errb := run(t, "--store", dsn, "export", "--format", "nquads")
	if code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errb)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("graph after concurrent builds (-clean build +got):\n%s", diff)
	}
}
