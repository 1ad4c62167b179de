package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	talksXi = "Talks\n\nBEIJING, Jan. 5 (Xinhua) -- Chinese President Xi Jinping held talks with visiting Vietnamese President To Lam on Monday.\n"
	talksAb = "Tokyo talks\n\nTOKYO, May 1 (Reuters) - Japanese Prime Minister Shinzo Abe held talks with Australian Prime Minister Scott Morrison on Friday.\n"
	talksMa = "Paris talks\n\nPARIS, May 1 (Reuters) - French President Emmanuel Macron met German Chancellor Angela Merkel in Paris on Friday.\n"
)

// TestBadInputBatch: one batch holding every kind of bad input fails each
// bad file with one line naming it (and the line, for JSON Lines), stores
// the good documents and the good records around a bad one, leaves what
// was stored before exactly as it was — also for a stored document whose
// file has since gone bad — and exits 3 with a count of the failures.
func TestBadInputBatch(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	in := filepath.Join(dir, "in")
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(in, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	symlink := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	write("a.txt", talksXi)
	write("b.txt", talksAb)
	mustRun(t, "--db", db, "build", "--summary=false", in)
	before := mustRun(t, "--db", db, "export", "--format", "nquads")

	// The batch.
	write("b.txt", "Tokyo talks\n\nTOKYO, May 1 (Reuters) - Caf\xe9 talks.\n") // was good, now not UTF-8
	write("binary.txt", "GIF89a\x00\x00\x01\x00\xff\x00")
	write("empty.txt", "")
	write("c.txt", talksMa)
	write("mixed.jsonl", `{"id":"j1","title":"One","text":"SEOUL (Reuters) - South Korean President Moon Jae-in met Japanese Prime Minister Shinzo Abe."}`+"\n"+
		`{"id":"j2","title": `+"\n"+
		`{"id":"j3","title":"Three","text":"TOKYO (Reuters) - Japanese Prime Minister Shinzo Abe met U.S. President Donald Trump."}`+"\n")
	write("script.html", `<html><head><script>var tracking = 1;</script></head><body><script>document.write("<p>ad</p>")</script><noscript>Enable JavaScript</noscript></body></html>`)
	symlink("loop2.txt", "loop1.txt")
	symlink("loop1.txt", "loop2.txt")
	symlink("nowhere.txt", "dangling.txt")
	symlink(".", "self") // a link to a folder: not followed, so no endless walk
	// a named pipe, and a link to it: skipped, as opening one blocks until
	// something writes to it
	if err := syscall.Mkfifo(filepath.Join(in, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	symlink("pipe.txt", "pipelink.txt")
	huge, err := os.Create(filepath.Join(in, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// 200 MB: an article followed by a sparse tail, so no disk or memory
	// is spent on it; the reader must not read it anyway.
	if _, err := huge.WriteString(talksMa); err != nil {
		t.Fatal(err)
	}
	if err := huge.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	huge.Close()
	want := []string{
		`in/b.txt: not UTF-8 text (invalid byte 0xe9 at offset 41)`,
		`in/binary.txt: binary data (NUL byte at offset 6)`,
		`in/dangling.txt: cannot read: no such file or directory`,
		`in/empty.txt: empty file`,
		`in/huge.txt: too large (200 MiB; the limit per document is 10 MiB)`,
		`in/loop1.txt: cannot read: too many levels of symbolic links`,
		`in/loop2.txt: cannot read: too many levels of symbolic links`,
		`in/mixed.jsonl:2: malformed JSON: unexpected end of JSON input`,
		`in/script.html: no article text (the page holds only scripts, styles, navigation or markup)`,
	}
	// An unreadable file: chmod 000, which root reads anyway; for root, a
	// file whose reads fail (/proc/self/mem has no page at offset 0).
	if os.Geteuid() != 0 {
		write("locked.txt", talksXi)
		if err := os.Chmod(filepath.Join(in, "locked.txt"), 0); err != nil {
			t.Fatal(err)
		}
		want = append(want, `in/locked.txt: cannot read: permission denied`)
	} else if _, err := os.Stat("/proc/self/mem"); err == nil {
		symlink("/proc/self/mem", "mem.txt")
		want = append(want, `in/mem.txt: read error: input/output error`)
	} else {
		t.Log("running as root without /proc: no unreadable file in the batch")
	}
	// messages name the folder as given; run from dir so that it is "in"
	t.Chdir(dir)

	code, out, errs := run(t, "--db", db, "build", "--summary=false", "in")
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
	var got []string
	summary := regexp.MustCompile(`^newsgraph: (\d+) of (\d+) inputs failed`)
	var sum []string
	for _, l := range lines(errs) {
		if m := summary.FindStringSubmatch(l); m != nil {
			sum = m
			continue
		}
		got = append(got, strings.TrimPrefix(l, "newsgraph: "))
	}
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error lines (-want +got):\n%s\nstderr:\n%s", diff, errs)
	}
	if sum == nil || sum[1] != strconv.Itoa(len(want)) {
		t.Errorf("stderr %q: want a summary line saying %d inputs failed", errs, len(want))
	}
	if !strings.Contains(out, "3 added, 0 updated, 1 unchanged, "+strconv.Itoa(len(want))+" failed") {
		t.Errorf("stdout %q: want a.txt unchanged, c.txt, j1 and j3 added, %d failed", out, len(want))
	}

	after := mustRun(t, "--db", db, "export", "--format", "nquads")
	// what was stored stays, b.txt's old graph included
	kept := map[string]bool{}
	for _, l := range lines(after) {
		kept[l] = true
	}
	for _, l := range lines(before) {
		if !kept[l] {
			t.Errorf("quad lost: %s", l)
		}
	}
	for _, doc := range []string{"doc/c.txt>", "doc/j1>", "doc/j3>"} {
		if !strings.Contains(after, doc+" .\n") {
			t.Errorf("good document %s not stored", doc)
		}
	}
	for _, doc := range []string{"doc/j2>", "doc/huge.txt>", "doc/script.html>", "doc/binary.txt>"} {
		if strings.Contains(after, doc) {
			t.Errorf("bad document %s stored", doc)
		}
	}
}
