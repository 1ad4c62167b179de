package ingest

import (
	"sync/atomic"
	"testing"
	"testing/fstest"
)

// TestSizeAndBytesRead: Size counts the files Read reads, as stored
// (compressed for .gz, nothing for skipped files), and BytesRead reaches
// it once they are read, so that a progress display can show how far a
// build is and when it will end.
func TestSizeAndBytesRead(t *testing.T) {
	wire := gz(t, `{"id": "a", "text": "The two sides met."}`+"\n"+`{"id": "b", "text": "They signed."}`+"\n")
	fsys := fstest.MapFS{
		"in/a.txt":          file([]byte(article)),
		"in/wire.jsonl.gz":  file(wire),
		"in/.hidden.txt":    file([]byte("skipped")),
		"in/notes.pdf":      file([]byte("skipped")),
		"in/sub/b.md":       file([]byte(article + " Again.")),
		"in/sub/bad.txt":    file([]byte{0xff, 0xfe, 0}),
		"other/c.html":      file([]byte("<p>" + article + "</p>")),
		"other/skip.json":   file([]byte("{}")),
		"other/.git/x.txt":  file([]byte("skipped")),
		"other/empty.jsonl": file(nil),
	}
	all := len(article) + len(wire) + len(article+" Again.") + 3
	tests := []struct {
		name  string
		roots []string
		want  int64
	}{
		{"folder", []string{"in"}, int64(all)},
		{"file", []string{"in/wire.jsonl.gz"}, int64(len(wire))},
		{"two roots", []string{"in/sub", "other"}, int64(len(article+" Again.") + 3 + len("<p>"+article+"</p>"))},
		{"missing root", []string{"nothing", "in/a.txt"}, int64(len(article))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Reader{BytesRead: new(atomic.Int64)}
			if got := r.Size(t.Context(), fsys, tt.roots); got != tt.want {
				t.Errorf("Size = %d, want %d", got, tt.want)
			}
			err := r.Read(t.Context(), fsys, tt.roots, func(*Document, error) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if got := r.BytesRead.Load(); got != tt.want {
				t.Errorf("BytesRead = %d after reading, want %d", got, tt.want)
			}
		})
	}
}

// TestSizePaths sizes operating-system paths as ReadPaths reads them.
func TestSizePaths(t *testing.T) {
	r := Reader{}
	want := r.Size(t.Context(), seedsFS, []string{"testdata/seeds"})
	if want == 0 {
		t.Fatal("seeds have no size")
	}
	if got := r.SizePaths(t.Context(), []string{"testdata/seeds", "testdata/absent"}); got != want {
		t.Errorf("SizePaths = %d, want %d", got, want)
	}
}
