package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/clog"
	"github.com/cayleygraph/quad"
	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

func TestMain(m *testing.M) {
	storetest.HoldMain()
	os.Exit(m.Run())
}

func checkOneLine(t *testing.T, err error, path string) {
	t.Helper()
	msg := err.Error()
	if strings.Contains(msg, "\n") || !strings.Contains(msg, path) {
		t.Errorf("error %q: want one line naming %s", msg, path)
	}
}

// TestLocked: a second process opening a store in use fails fast with
// ErrLocked (bolt alone would wait forever), and waits when given a
// LockTimeout.
func TestLocked(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			loc := backend + "://" + dir
			release := storetest.HoldInOtherProcess(t, loc)

			start := time.Now()
			_, err := store.Open(t.Context(), loc, store.Options{})
			if !errors.Is(err, store.ErrLocked) {
				t.Fatalf("Open while another process holds it = %v, want ErrLocked", err)
			}
			checkOneLine(t, err, dir)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Open took %v to fail", d) // not a timing threshold: a hang guard
			}

			// In-process, flock(2) on a second descriptor conflicts the same
			// way, so a second Open in this process is refused too.
			release()
			s := openStore(t, loc)
			if _, err := store.Open(t.Context(), loc, store.Options{}); !errors.Is(err, store.ErrLocked) {
				t.Fatalf("second Open in one process = %v, want ErrLocked", err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}

			// With a timeout, Open waits for the holder to leave.
			release = storetest.HoldInOtherProcess(t, loc)
			time.AfterFunc(200*time.Millisecond, release)
			s2, err := store.Open(t.Context(), loc, store.Options{LockTimeout: time.Minute})
			if err != nil {
				t.Fatalf("Open with LockTimeout = %v", err)
			}
			_ = s2.Close()
		})
	}
}

func TestReadOnly(t *testing.T) {
	for _, backend := range []string{"bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			loc := backend + "://" + dir
			if _, err := store.Open(t.Context(), loc, store.Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("read-only Open of nothing = %v, want fs.ErrNotExist", err)
			}
			if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("read-only Open created %s", dir)
			}
			g := vocab.DocumentIRI("d")
			doc := storetest.Doc("d", 4, 1)
			s := openStore(t, loc)
			if _, err := s.Replace(t.Context(), g, doc); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			ro, err := store.Open(t.Context(), loc, store.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			if _, err := ro.Replace(t.Context(), g, nil); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("Replace on read-only store = %v, want ErrReadOnly", err)
			}
			if _, err := ro.Remove(t.Context(), g); !errors.Is(err, store.ErrReadOnly) {
				t.Errorf("Remove on read-only store = %v, want ErrReadOnly", err)
			}
			var got []quad.Quad
			if err := ro.Quads(t.Context(), func(q quad.Quad) error { got = append(got, q); return nil }); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(storetest.Sorted(doc), got); diff != "" {
				t.Fatalf("read-only quads (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBoltSharedReadOnly: read-only bolt opens take a shared lock.
func TestBoltSharedReadOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	if err := openStore(t, "bolt://"+dir).Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := store.Open(t.Context(), "bolt://"+dir, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
	}
}

// TestCorrupt: whatever is at the path, Open (or the first read) fails with
// ErrCorrupt and a one-line message naming the path, and nothing panics.
func TestCorrupt(t *testing.T) {
	garbage := func(n int) []byte {
		b := make([]byte, n)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range b {
			b[i] = byte(r.UintN(256))
		}
		return b
	}
	write := func(t *testing.T, path string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		backend string
		setup   func(t *testing.T, dir string)
	}{
		{"bolt garbage", "bolt", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "indexes.bolt"), garbage(64<<10))
		}},
		{"bolt short garbage", "bolt", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "indexes.bolt"), []byte("not a database"))
		}},
		{"bolt truncated", "bolt", func(t *testing.T, dir string) {
			fillStore(t, "bolt://"+dir)
			f := filepath.Join(dir, "indexes.bolt")
			st, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(f, st.Size()/3); err != nil {
				t.Fatal(err)
			}
		}},
		{"bolt pages overwritten", "bolt", func(t *testing.T, dir string) {
			fillStore(t, "bolt://"+dir)
			f, err := os.OpenFile(filepath.Join(dir, "indexes.bolt"), os.O_RDWR, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, err := f.WriteAt(garbage(256<<10), 16<<10); err != nil {
				t.Fatal(err)
			}
		}},
		{"bolt file is a directory", "bolt", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "indexes.bolt"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"bolt foreign database", "bolt", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			db, err := bolt.Open(filepath.Join(dir, "indexes.bolt"), 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucket([]byte("other"))
				if err != nil {
					return err
				}
				return b.Put([]byte("k"), []byte("v"))
			})
			if err != nil {
				t.Fatal(err)
			}
			_ = db.Close()
		}},
		{"bolt path is a file", "bolt", func(t *testing.T, dir string) { write(t, dir, []byte("hello")) }},
		{"leveldb path is a file", "leveldb", func(t *testing.T, dir string) { write(t, dir, []byte("hello")) }},
		{"leveldb garbage CURRENT", "leveldb", func(t *testing.T, dir string) {
			fillStore(t, "leveldb://"+dir)
			write(t, filepath.Join(dir, "CURRENT"), garbage(100))
		}},
		{"leveldb garbage tables", "leveldb", func(t *testing.T, dir string) {
			fillStore(t, "leveldb://"+dir)
			ents, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ents {
				if strings.HasSuffix(e.Name(), ".ldb") || strings.HasPrefix(e.Name(), "MANIFEST") {
					write(t, filepath.Join(dir, e.Name()), garbage(4096))
				}
			}
		}},
		{"unrelated folder", "", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "notes.txt"), []byte("my notes"))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "db")
			tc.setup(t, dir)
			loc := dir
			if tc.backend != "" {
				loc = tc.backend + "://" + dir
			}
			s, err := store.Open(t.Context(), loc, store.Options{})
			if err == nil {
				// Some damage only shows when the data is read.
				defer s.Close()
				_, err = s.Stats(t.Context())
				if err == nil {
					err = s.Quads(t.Context(), func(quad.Quad) error { return nil })
				}
				if !errors.Is(err, store.ErrCorrupt) {
					t.Fatalf("reading a damaged store = %v, want ErrCorrupt", err)
				}
				return
			}
			if !errors.Is(err, store.ErrCorrupt) {
				t.Fatalf("Open = %v, want ErrCorrupt", err)
			}
			checkOneLine(t, err, dir)
		})
	}
}

// fillStore writes 50 small documents into a new store at loc and closes
// it, for tests that then damage its files.
func fillStore(t *testing.T, loc string) {
	t.Helper()
	s := openStore(t, loc)
	for i := range 50 {
		id := string(rune('a'+i%26)) + string(rune('a'+i/26))
		if _, err := s.Replace(t.Context(), vocab.DocumentIRI(id), storetest.Doc(id, 20, uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestBoltTruncated: a bolt file cut anywhere below its last page is
// ErrCorrupt at Open, read-only or not, and the file is left as it was. A
// cut that left the meta pages whole once read as an empty store, "no
// database", depending on where it fell.
func TestBoltTruncated(t *testing.T) {
	src := filepath.Join(t.TempDir(), "db")
	fillStore(t, "bolt://"+src)
	data, err := os.ReadFile(filepath.Join(src, "indexes.bolt"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(filepath.Join(src, "indexes.bolt"), 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var need int64
	_ = db.View(func(tx *bolt.Tx) error { need = tx.Size(); return nil })
	_ = db.Close()
	for _, cut := range []struct {
		name string
		size int64
	}{
		{"a third", need / 3},
		{"last page", need - 4096},
		{"last byte", need - 1},
	} {
		for _, readOnly := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/readonly=%v", cut.name, readOnly), func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "db")
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				f := filepath.Join(dir, "indexes.bolt")
				if err := os.WriteFile(f, data[:cut.size], 0o644); err != nil {
					t.Fatal(err)
				}
				s, err := store.Open(t.Context(), "bolt://"+dir, store.Options{ReadOnly: readOnly})
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded, want ErrCorrupt")
				}
				if !errors.Is(err, store.ErrCorrupt) {
					t.Fatalf("Open = %v, want ErrCorrupt", err)
				}
				checkOneLine(t, err, dir)
				after, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(after, data[:cut.size]) {
					t.Fatalf("the file changed: %d bytes, was %d", len(after), cut.size)
				}
			})
		}
	}
}

// TestFailedReplaceKeepsData: a Replace that fails at any stage leaves the
// previous content, and the store keeps working.
func TestFailedReplaceKeepsData(t *testing.T) {
	for _, backend := range []string{"memstore", "bolt", "leveldb"} {
		t.Run(backend, func(t *testing.T) {
			loc := "memstore://"
			if backend != "memstore" {
				loc = backend + "://" + filepath.Join(t.TempDir(), "db")
			}
			s := openStore(t, loc)
			g := vocab.DocumentIRI("d")
			v1, v2 := storetest.Doc("d", 8, 1), storetest.Doc("d", 8, 2)
			if _, err := s.Replace(t.Context(), g, v1); err != nil {
				t.Fatal(err)
			}
			// The write itself fails inside Cayley: the batch is rolled back.
			injected := errors.New("injected")
			restore := s.FailWrites(injected)
			if _, err := s.Replace(t.Context(), g, v2); !errors.Is(err, injected) {
				t.Fatalf("Replace = %v, want the injected error", err)
			}
			restore()
			// A batch Cayley rejects half-way (a delete of a missing quad
			// without IgnoreMissing) leaves no trace of its additions.
			missing := quad.Quad{Subject: quad.IRI("x:s"), Predicate: quad.IRI("x:p"), Object: quad.IRI("x:o"), Label: g}
			if err := s.ApplyRaw(storetest.Doc("zzz", 8, 9), []quad.Quad{missing}); err == nil {
				t.Fatal("ApplyRaw with a missing deletion succeeded")
			}
			var got []quad.Quad
			if err := s.Quads(t.Context(), func(q quad.Quad) error { got = append(got, q); return nil }); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(storetest.Sorted(v1), got); diff != "" {
				t.Fatalf("after failed writes (-want +got):\n%s", diff)
			}
			// Cayley's kv layer keeps the failed batch's buffered index
			// entries and node IDs in memory; later writes must not pick
			// them up.
			if ch, err := s.Replace(t.Context(), g, v2); err != nil || ch.Status != store.Updated {
				t.Fatalf("Replace after failures = %+v, %v", ch, err)
			}
			g2 := vocab.DocumentIRI("e")
			e := storetest.Doc("e", 8, 3)
			if _, err := s.Replace(t.Context(), g2, e); err != nil {
				t.Fatal(err)
			}
			got = nil
			if err := s.Quads(t.Context(), func(q quad.Quad) error { got = append(got, q); return nil }); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(storetest.Sorted(append(v2, e...)), got); diff != "" {
				t.Fatalf("after recovery (-want +got):\n%s", diff)
			}
			st, err := s.Stats(t.Context())
			if err != nil || st.Quads != int64(len(got)) {
				t.Fatalf("Stats = %+v, %v; want %d quads", st, err, len(got))
			}
		})
	}
}

func TestBarePathSniffsBackend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	if err := openStore(t, "leveldb://"+dir).Close(); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, dir)
	if s.Backend() != store.LevelDB {
		t.Fatalf("bare path over a leveldb store opened %s", s.Backend())
	}
	if got := openStore(t, filepath.Join(t.TempDir(), "new")).Backend(); got != store.DefaultBackend {
		t.Fatalf("bare new path opened %s, want %s", got, store.DefaultBackend)
	}
}

// TestCayleyLogRouted: Cayley's global log goes to the given logger, with
// passwords removed from DSNs.
func TestCayleyLogRouted(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := openStore2(t, "memstore://", store.Options{Logger: log})
	defer s.Close()
	clog.Errorf("Couldn't open database at %s", "postgres://alice:s3cret@db:5432/x")
	if out := buf.String(); !strings.Contains(out, "alice:xxxxx@db") || strings.Contains(out, "s3cret") {
		t.Fatalf("log output %q: want the DSN without its password", out)
	}
}

func openStore2(t *testing.T, loc string, opts store.Options) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), loc, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLeftoverPinsRemoved: pin quads left by a write interrupted between
// its two transactions are never listed and are deleted by the next
// writable Open.
func TestLeftoverPinsRemoved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := openStore(t, "bolt://"+dir)
	g := vocab.DocumentIRI("d")
	doc := storetest.Doc("d", 4, 1)
	if _, err := s.Replace(t.Context(), g, doc); err != nil {
		t.Fatal(err)
	}
	pin := quad.Quad{Subject: quad.IRI("urn:newsgraph:pin:0"), Predicate: quad.IRI("urn:newsgraph:pin"), Object: g, Label: store.PinGraph}
	if err := s.ApplyRaw([]quad.Quad{pin}, nil); err != nil {
		t.Fatal(err)
	}
	want := []quad.IRI{g}
	if gs, err := s.Graphs(t.Context()); err != nil || !slices.Equal(gs, want) {
		t.Fatalf("Graphs with a leftover pin = %v, %v; want %v", gs, err, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, "bolt://"+dir)
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n := int64(len(storetest.Sorted(doc))); st.Quads != n || st.Graphs != 1 {
		t.Fatalf("Stats after reopen = %+v, want %d quads in 1 graph", st, n)
	}
}
