package ingest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// devDir is the annotated dev set, beside the repository.
const devDir = "../../../shared/eval/dev"

// TestDevPublished checks the sniffed publication date of every dev article
// against its gold "published" value (null: no date).
func TestDevPublished(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(devDir, "*.txt"))
	if len(files) == 0 {
		t.Skipf("no dev set at %s", devDir)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			var gold struct {
				Published *string `json:"published"`
			}
			b, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".gold.json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &gold); err != nil {
				t.Fatal(err)
			}
			want := ""
			if gold.Published != nil {
				want = *gold.Published
			}
			docs := readAll(t, Reader{}, os.DirFS(devDir), name)
			if len(docs) != 1 {
				t.Fatalf("read %d documents, want 1", len(docs))
			}
			d := docs[0]
			if got := formatDate(d.Published); got != want {
				t.Errorf("Published = %q, want %q", got, want)
			}
			if d.ID != name {
				t.Errorf("ID = %q, want %q", d.ID, name)
			}
			if d.Title == "" {
				t.Errorf("no title")
			}
		})
	}
}

// goldenDoc is a Document as golden files show it.
type goldenDoc struct {
	ID, Origin, Title, Published, Source, URL string
	Dateline                                  goldenDateline
	Text, Hash                                string
}

type goldenDateline struct{ Raw, Place, Date, Agency string }

func toGolden(d *Document) goldenDoc {
	return goldenDoc{
		ID: d.ID, Origin: d.Origin, Title: d.Title, Published: formatDate(d.Published),
		Source: d.Source, URL: d.URL,
		Dateline: goldenDateline{d.Dateline.Raw, d.Dateline.Place, formatDate(d.Dateline.Date), d.Dateline.Agency},
		Text:     d.Text, Hash: d.Hash,
	}
}

// checkGolden compares got with the JSON golden file, rewriting it with
// -update.
func checkGolden(t *testing.T, file string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *update {
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(b)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", file, diff)
	}
}

// TestGolden reads every input under testdata/golden and testdata/seeds and
// compares the documents with their .golden.json files.
func TestGolden(t *testing.T) {
	for _, dir := range []string{"testdata/seeds", "testdata/golden"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, ".golden.json") {
				continue
			}
			t.Run(dir+"/"+name, func(t *testing.T) {
				var got []goldenDoc
				err := Reader{}.Read(t.Context(), os.DirFS(dir), []string{name}, func(d *Document, err error) error {
					if err != nil {
						t.Errorf("read: %v", err)
						return nil
					}
					got = append(got, toGolden(d))
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				checkGolden(t, filepath.Join(dir, name+".golden.json"), got)
			})
		}
	}
}
