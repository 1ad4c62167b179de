package ingest

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/gzip"
)

//go:embed testdata/seeds
var seedsFS embed.FS

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func file(data []byte) *fstest.MapFile { return &fstest.MapFile{Data: data} }

const article = "Headline\n\nThe two sides met."

// TestReadIDs checks that IDs and origins are stable whichever way a file
// is reached: through its folder, by name, embedded, or by OS path.
func TestReadIDs(t *testing.T) {
	const name = "000_d4497884fa6f0406.txt"
	byDir := readAll(t, Reader{}, os.DirFS("testdata"), "seeds")
	byFile := readAll(t, Reader{}, os.DirFS("testdata"), "seeds/"+name)
	embedded := readAll(t, Reader{}, seedsFS, "testdata/seeds")
	var byPath []*Document
	err := Reader{}.ReadPaths(t.Context(), []string{filepath.Join("testdata", "seeds", name)}, func(d *Document, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		byPath = append(byPath, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(byDir) != 2 || len(embedded) != 2 || len(byFile) != 1 || len(byPath) != 1 {
		t.Fatalf("documents: dir %d, embedded %d, file %d, path %d", len(byDir), len(embedded), len(byFile), len(byPath))
	}
	for _, d := range []*Document{byDir[0], embedded[0], byFile[0], byPath[0]} {
		if d.ID != name || d.Hash != byDir[0].Hash {
			t.Errorf("%s: ID %q hash %s, want %q %s", d.Origin, d.ID, d.Hash, name, byDir[0].Hash)
		}
	}
	if got, want := byDir[1].ID, "002_139727f7a0c39946.txt"; got != want {
		t.Errorf("second ID %q, want %q (sorted)", got, want)
	}
	origins := []string{byDir[0].Origin, embedded[0].Origin, byFile[0].Origin, byPath[0].Origin}
	want := []string{"seeds/" + name, "testdata/seeds/" + name, "seeds/" + name, "testdata/seeds/" + name}
	if diff := cmp.Diff(want, origins); diff != "" {
		t.Errorf("origins (-want +got):\n%s", diff)
	}
}

func TestReadWalk(t *testing.T) {
	fsys := fstest.MapFS{
		"in/b.txt":            file([]byte(article)),
		"in/a.md":             file([]byte("# Title\n\nBody text.")),
		"in/sub/c.txt.gz":     file(gz(t, article)),
		"in/sub/d.html":       file([]byte("<html><body><p>Body of the page.</p></body></html>")),
		"in/e.jsonl":          file([]byte(`{"id":"j1","text":"One."}` + "\n" + `{"id":"j2","text":"Two."}` + "\n")),
		"in/f.jsonl.gz":       file(gz(t, `{"id":"j3","text":"Three."}`)),
		"in/notes.pdf":        file([]byte("%PDF")),
		"in/.hidden.txt":      file([]byte(article)),
		"in/.git/config.txt":  file([]byte(article)),
		"in/UPPER.TXT":        file([]byte(article)),
		"other/explicit.text": file([]byte(article)),
	}
	docs := readAll(t, Reader{}, fsys, "in", "other/explicit.text")
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID+"@"+d.Origin)
	}
	want := []string{
		"UPPER.TXT@in/UPPER.TXT",
		"a.md@in/a.md",
		"b.txt@in/b.txt",
		"j1@in/e.jsonl:1",
		"j2@in/e.jsonl:2",
		"j3@in/f.jsonl.gz:1",
		"sub/c.txt.gz@in/sub/c.txt.gz",
		"sub/d.html@in/sub/d.html",
		"explicit.text@other/explicit.text",
	}
	if diff := cmp.Diff(want, ids); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	// Reading twice gives the same documents.
	again := readAll(t, Reader{}, fsys, "in", "other/explicit.text")
	if diff := cmp.Diff(docs, again); diff != "" {
		t.Errorf("second read differs:\n%s", diff)
	}
}

// errFS fails to open one file, as an unreadable file would.
type errFS struct {
	fs.FS
	bad string
}

func (f errFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return f.FS.Open(name)
}

func TestReadBadInput(t *testing.T) {
	corrupt := gz(t, strings.Repeat("The two sides met. ", 200))
	corrupt[len(corrupt)/2] ^= 0xFF
	tests := []struct {
		name    string
		data    []byte
		root    string // explicit root instead of the file name
		wantErr []string
		wantIDs []string
		is      error
	}{
		{name: "bad.txt", data: []byte("Headline\n\nabc\xffdef"), wantErr: []string{"bad.txt: not UTF-8 text (invalid byte 0xff at offset 13)"}},
		{name: "bin.txt", data: []byte("PNG\x00\x01\x02"), wantErr: []string{"bin.txt: binary data (NUL byte at offset 3)"}},
		{name: "ctl.txt", data: bytes.Repeat([]byte{1, 2, 3, 'a'}, 100), wantErr: []string{"ctl.txt: binary data (mostly control characters)"}},
		{name: "empty.txt", data: nil, wantErr: []string{"empty.txt: empty file"}},
		{name: "blank.md", data: []byte(" \n\n\t\n"), wantErr: []string{"blank.md: empty file"}},
		{name: "meta-only.txt", data: []byte("2017-11-12\n\nSource: Reuters\n"), wantErr: []string{"meta-only.txt: empty document (no text after metadata)"}},
		{name: "big.txt", data: bytes.Repeat([]byte("word "), 300), wantErr: []string{"big.txt: too large (1500 bytes; the limit per document is 1000 bytes)"}},
		{name: "big.txt.gz", data: gz(t, strings.Repeat("word ", 300)), wantErr: []string{"big.txt.gz: too large (over 1000 bytes; the limit per document is 1000 bytes)"}},
		{name: "script.html", data: []byte("<html><head><script>var a = 1;</script></head><body><script>document.write('x')</script><style>p{}</style></body></html>"),
			wantErr: []string{"script.html: no article text (the page holds only scripts, styles, navigation or markup)"}},
		{name: "corrupt.txt.gz", data: corrupt, wantErr: []string{"corrupt.txt.gz: corrupt gzip: "}},
		{name: "notgz.txt.gz", data: []byte(article), wantErr: []string{"notgz.txt.gz: corrupt gzip: gzip: invalid header"}, is: gzip.ErrHeader},
		{name: "locked.txt", data: []byte(article), wantErr: []string{"locked.txt: cannot read: permission denied"}, is: fs.ErrPermission},
		{name: "notes.pdf", data: []byte("%PDF-1.4"), wantErr: []string{`notes.pdf: unsupported file type ".pdf" (want .txt, .text, .md, .html, .htm, .jsonl, each optionally .gz)`}},
		{name: "missing.txt", root: "nosuch.txt", wantErr: []string{"nosuch.txt: cannot read: file does not exist"}, is: fs.ErrNotExist},
		{name: "utf16.txt", data: []byte("\xff\xfeH\x00i\x00\n\x00\n\x00B\x00o\x00d\x00y\x00.\x00"), wantIDs: []string{"utf16.txt"}},
		{
			name: "records.jsonl",
			data: []byte(`{"id":"a","title":"T","text":"Fine."}` + "\n" +
				`{"id":"b","text":` + "\n" + // malformed
				`{"id":"c","text":"bad ` + "\xfe" + ` byte"}` + "\n" +
				`[1,2]` + "\n" +
				`{"id":{"x":1},"text":"x"}` + "\n" +
				`{"id":"f"}` + "\n" +
				`{"id":"g","text":"   "}` + "\n" +
				`{"id":"h","text":"` + strings.Repeat("z", 2000) + `"}` + "\n" +
				`{"id":7,"date":"not a date","text":"Numeric id."}` + "\n"),
			wantErr: []string{
				"records.jsonl:2: malformed JSON: unexpected end of JSON input",
				"records.jsonl:3: not UTF-8 text (invalid byte 0xfe at offset 22)",
				`records.jsonl:4: malformed JSON: field "": got JSON array, want ingest.record`,
				`records.jsonl:5: "id" is neither a string nor an integer: {"x":1}`,
				`records.jsonl:6: no "text" field`,
				"records.jsonl:7: empty document (no text after metadata)",
				"records.jsonl:8: line too long (over 1000 bytes; the limit per document is 1000 bytes)",
			},
			wantIDs: []string{"a", "7"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := errFS{FS: fstest.MapFS{tt.name: file(tt.data)}, bad: "locked.txt"}
			root := tt.name
			if tt.root != "" {
				root = tt.root
			}
			docs, errs := readErrs(t, Reader{MaxSize: 1000}, fsys, root)
			var ids []string
			for _, d := range docs {
				ids = append(ids, d.ID)
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			if len(errs) != len(tt.wantErr) {
				t.Fatalf("errors %q, want %q", errs, tt.wantErr)
			}
			for i, err := range errs {
				msg := err.Error()
				if !strings.HasPrefix(msg, tt.wantErr[i]) {
					t.Errorf("error %q, want prefix %q", msg, tt.wantErr[i])
				}
				if strings.Contains(msg, "\n") {
					t.Errorf("error %q is not one line", msg)
				}
				if !errors.Is(err, ErrBadInput) {
					t.Errorf("error %q does not match ErrBadInput", msg)
				}
				if tt.is != nil && !errors.Is(err, tt.is) {
					t.Errorf("error %q does not match %v", msg, tt.is)
				}
			}
		})
	}
}

// TestReadTruncatedGzip checks that the records before a damaged part of a
// gzipped JSON Lines file are read, then one error ends the file.
func TestReadTruncatedGzip(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"id":"first","text":"Fine."}` + "\n")
	for i := range 2000 {
		fmt.Fprintf(&b, `{"id":"r%d","text":"Record %d of many, %x."}`+"\n", i, i, i*7919)
	}
	data := gz(t, b.String())
	data = data[:len(data)/2]
	fsys := fstest.MapFS{"big.jsonl.gz": file(data), "next.txt": file([]byte(article))}
	docs, errs := readErrs(t, Reader{}, fsys, "big.jsonl.gz", "next.txt")
	if len(docs) < 2 || docs[0].ID != "first" || docs[len(docs)-1].ID != "next.txt" {
		t.Fatalf("read %d documents, want the first records and next.txt", len(docs))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "big.jsonl.gz:") ||
		!strings.Contains(errs[0].Error(), "corrupt gzip: unexpected EOF") || !errors.Is(errs[0], ErrBadInput) {
		t.Errorf("errors %q, want one corrupt gzip error", errs)
	}
}

// TestReadSkipsInFolder checks that what is an error when named is skipped
// quietly inside a folder, and that errors do not stop the batch.
func TestReadSkipsInFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"in/a.txt":     file([]byte(article)),
		"in/b.pdf":     file([]byte("%PDF")),
		"in/c.txt":     file([]byte("\xff\xfe\xfd not text \x00")),
		"in/d.txt":     file([]byte(article)),
		"in/README":    file([]byte("no extension")),
		"in/e.json":    file([]byte("{}")),
		"in/f.html.gz": file(gz(t, "<p>Page body text.</p>")),
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	docs, errs := readErrs(t, Reader{Logger: log}, fsys, "in")
	for _, skipped := range []string{"in/b.pdf", "in/README", "in/e.json"} {
		if !strings.Contains(logs.String(), "path="+skipped) {
			t.Errorf("no debug message for %s in:\n%s", skipped, logs.String())
		}
	}
	if len(docs) != 3 || len(errs) != 1 {
		t.Fatalf("read %d documents and errors %q, want 3 documents and 1 error", len(docs), errs)
	}
	if !strings.HasPrefix(errs[0].Error(), "in/c.txt: ") {
		t.Errorf("error %q does not name in/c.txt", errs[0])
	}
}

func TestReadStops(t *testing.T) {
	fsys := fstest.MapFS{"a.txt": file([]byte(article)), "b.txt": file([]byte(article)), "c.jsonl": file([]byte(`{"text":"x"}` + "\n" + `{"text":"y"}`))}
	t.Run("callback error", func(t *testing.T) {
		stop := errors.New("stop here")
		n := 0
		err := Read(t.Context(), fsys, []string{"."}, func(*Document, error) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Read = %v after %d documents, want the callback's error after 1", err, n)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		n := 0
		err := Read(ctx, fsys, []string{"."}, func(*Document, error) error { n++; cancel(); return nil })
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("Read = %v after %d documents, want context.Canceled after 1", err, n)
		}
	})
	t.Run("iterator break", func(t *testing.T) {
		n := 0
		for range (Reader{}).All(t.Context(), fsys, []string{"."}) {
			n++
			break
		}
		if n != 1 {
			t.Errorf("iterated %d times", n)
		}
	})
	t.Run("iterator reports cancellation", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var last error
		for _, err := range (Reader{}).All(ctx, fsys, []string{"."}) {
			last = err
		}
		if !errors.Is(last, context.Canceled) {
			t.Errorf("last error %v, want context.Canceled", last)
		}
	})
}

func TestReadPathsMissing(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	var ids []string
	var errs []error
	err := Reader{}.ReadPaths(t.Context(), []string{filepath.Join(dir, "nosuch"), dir}, func(d *Document, err error) error {
		if err != nil {
			errs = append(errs, err)
		} else {
			ids = append(ids, d.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) || !strings.Contains(errs[0].Error(), "nosuch") {
		t.Errorf("errors %q, want one naming nosuch", errs)
	}
	if diff := cmp.Diff([]string{"a.txt"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
}

func TestHTMLExtraction(t *testing.T) {
	docs := readAll(t, Reader{}, os.DirFS("testdata/golden"), "page.html")
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	for _, junk := range []string{"tracking", "font-family", "Most read", "Celebrity", "Copyright", "Privacy", "Business", "inline script"} {
		if strings.Contains(docs[0].Text, junk) {
			t.Errorf("text contains page furniture %q:\n%s", junk, docs[0].Text)
		}
	}
	tests := []struct{ name, html, want string }{
		{"fragment", "<p>Body of the page.</p>", "Body of the page."},
		{"declared latin-1", "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 talks ended.</p></body></html>", "Café talks ended."},
		{"fallback drops nav", "<body><nav>Home | World</nav><div>Short text.</div><footer>(c) 2025</footer></body>", "Short text."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseHTML("x.html", "x.html", []byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != tt.want {
				t.Errorf("text %q, want %q", d.Text, tt.want)
			}
		})
	}
}
