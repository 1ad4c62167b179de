package store_test

import (
	"path/filepath"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

func openStore(t testing.TB, loc string) *store.Cayley {
	t.Helper()
	s, err := store.Open(t.Context(), loc, store.Options{})
	if err != nil {
		t.Fatalf("Open(%s): %v", loc, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestConformance(t *testing.T) {
	backends := []struct {
		name string
		loc  func(t *testing.T) string
	}{
		{"memstore", func(*testing.T) string { return "memstore://" }},
		{"bolt", func(t *testing.T) string { return "bolt://" + filepath.Join(t.TempDir(), "db") }},
		{"leveldb", func(t *testing.T) string { return "leveldb://" + filepath.Join(t.TempDir(), "db") }},
		{"bare path", func(t *testing.T) string { return filepath.Join(t.TempDir(), store.DefaultPath) }},
		{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }},
		{"cockroach flavour on postgres", func(t *testing.T) string { return storetest.CockroachDSN(t) }},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			storetest.Run(t, func(t *testing.T) store.Store { return openStore(t, b.loc(t)) })
		})
	}
}
