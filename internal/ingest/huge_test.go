package ingest

import (
	"bufio"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// countingFS counts the bytes read from each file.
type countingFS struct {
	fs.FS
	mu   sync.Mutex
	read map[string]int64
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	return &countingFile{File: f, fs: c, name: name}, nil
}

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }
func (c *countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.FS, name) }

type countingFile struct {
	fs.File
	fs   *countingFS
	name string
}

func (f *countingFile) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	f.fs.mu.Lock()
	f.fs.read[f.name] += int64(n)
	f.fs.mu.Unlock()
	return n, err
}

// writeText streams about size bytes of article-like lines to w.
func writeText(t *testing.T, w io.Writer, size int64) {
	t.Helper()
	const line = "The two sides agreed to deepen cooperation in trade, energy and tourism.\n"
	bw := bufio.NewWriterSize(w, 1<<20)
	for n := int64(0); n < size; n += int64(len(line)) {
		if _, err := bw.WriteString(line); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
}

func create(t *testing.T, path string, fill func(w io.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fill(f)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestReadHugeFiles: 200 MB inputs — a text file, a gzip bomb and a JSON
// Lines file whose middle line is 200 MB — each fail with one line saying
// the document is too large, the good records around the huge line are
// read, the plain file is rejected by its size without being read, and
// memory stays bounded: the input is never held whole.
func TestReadHugeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 400 MB of temporary files")
	}
	const huge = 200 << 20
	dir := t.TempDir()
	create(t, filepath.Join(dir, "huge.txt"), func(w io.Writer) { writeText(t, w, huge) })
	create(t, filepath.Join(dir, "bomb.txt.gz"), func(w io.Writer) {
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		writeText(t, zw, huge)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	})
	create(t, filepath.Join(dir, "lines.jsonl"), func(w io.Writer) {
		io.WriteString(w, `{"id":"before","text":"MOSCOW (Reuters) - The talks began."}`+"\n")
		io.WriteString(w, `{"id":"huge","text":"`)
		writeText(t, &noNewlines{w}, huge)
		io.WriteString(w, `"}`+"\n")
		io.WriteString(w, `{"id":"after","text":"TOKYO (Reuters) - The talks ended."}`+"\n")
	})

	fsys := &countingFS{FS: os.DirFS(dir), read: map[string]int64{}}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	docs, errs := readErrs(t, Reader{}, fsys, ".")
	runtime.ReadMemStats(&after)

	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	if got := strings.Join(ids, " "); got != "before after" {
		t.Errorf("documents %q, want the records around the huge line", got)
	}
	want := []string{
		"bomb.txt.gz: too large (over 10 MiB; the limit per document is 10 MiB)",
		"huge.txt: too large (200 MiB; the limit per document is 10 MiB)",
		"lines.jsonl:2: line too long (over 10 MiB; the limit per document is 10 MiB)",
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %q, want %q", errs, want)
	}
	for i, err := range errs {
		checkErr(t, err, want[i])
		if err.Error() != want[i] {
			t.Errorf("error %q, want %q", err, want[i])
		}
	}
	if n := fsys.read["huge.txt"]; n != 0 {
		t.Errorf("read %d bytes of huge.txt; its size alone should reject it", n)
	}
	// Not a speed threshold: a bound on memory that reading any of the
	// three whole (200 MB each) would break.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MiB reading 600 MB", alloc>>20)
	if alloc > 150<<20 {
		t.Errorf("allocated %d MiB reading 600 MB of oversized input; want it bounded by the 10 MiB limit", alloc>>20)
	}
}

// noNewlines turns the newlines of what it writes into spaces (one huge
// JSON line).
type noNewlines struct{ w io.Writer }

func (n *noNewlines) Write(p []byte) (int, error) {
	q := []byte(strings.ReplaceAll(string(p), "\n", " "))
	return n.w.Write(q)
}
