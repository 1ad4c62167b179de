package cli

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCorruptStore: every command on a damaged store fails with one line
// naming it (exit 5) and leaves its files byte for byte as they were:
// nothing is repaired, re-initialized, truncated or overwritten.
func TestCorruptStore(t *testing.T) {
	garbage := func(n int) []byte {
		b := make([]byte, n)
		r := rand.New(rand.NewPCG(7, 7))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	// a real store of the seed articles, to damage
	good := filepath.Join(t.TempDir(), "good.db")
	mustRun(t, "--db", good, "build", "--summary=false")
	built, err := os.ReadFile(filepath.Join(good, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	nq := filepath.Join(t.TempDir(), "in.nq")
	if err := os.WriteFile(nq, []byte("<https://example.org/s> <https://example.org/p> \"o\" <https://example.org/g> .\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	damages := []struct {
		name string
		file func() []byte
	}{
		{"garbage", func() []byte { return garbage(64 << 10) }},
		{"text", func() []byte { return []byte("this is not a bolt database at all, not even close\n") }},
		{"truncated", func() []byte { return built[:len(built)/3] }},
		{"meta pages overwritten", func() []byte {
			b := append([]byte(nil), built...)
			copy(b[:8192], garbage(8192))
			return b
		}},
		{"data pages overwritten", func() []byte {
			b := append([]byte(nil), built...)
			copy(b[16<<10:], garbage(len(b)-(16<<10)))
			return b
		}},
	}
	commands := [][]string{
		{"build", "--summary=false"},
		{"import", nq},
		{"remove", "000_d4497884fa6f0406.txt"},
		{"stats"},
		{"export"},
		{"query", "documents"},
	}
	for _, d := range damages {
		for _, args := range commands {
			t.Run(d.name+"/"+args[0], func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "g.db")
				if err := os.MkdirAll(db, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(db, "indexes.bolt"), d.file(), 0o644); err != nil {
					t.Fatal(err)
				}
				before := snapshot(t, db)
				code, out, errs := run(t, append([]string{"--db", db}, args...)...)
				if code != ExitCorrupt {
					t.Errorf("exit %d, want %d; stdout %q stderr %q", code, ExitCorrupt, out, errs)
				}
				msg := strings.TrimSpace(errs)
				if strings.Contains(msg, "\n") || !strings.Contains(msg, db) || !strings.Contains(msg, "corrupt") {
					t.Errorf("stderr %q: want one line naming %s and saying it is corrupt", errs, db)
				}
				if diff := cmp.Diff(sortedKeys(before), sortedKeys(snapshot(t, db))); diff != "" {
					t.Fatalf("files changed (-before +after):\n%s", diff)
				}
				for name, data := range snapshot(t, db) {
					if data != before[name] {
						t.Errorf("%s changed (%d bytes, was %d)", name, len(data), len(before[name]))
					}
				}
			})
		}
	}
}
