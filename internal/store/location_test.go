package store_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store"
)

func TestParseLocation(t *testing.T) {
	tests := []struct {
		name, loc     string
		backend, path string
		wantErr       string
	}{
		{"memstore", "memstore://", "memstore", "", ""},
		{"bolt absolute", "bolt:///var/lib/ng", "bolt", "/var/lib/ng", ""},
		{"bolt relative", "bolt://data/ng.db", "bolt", "data/ng.db", ""},
		{"leveldb", "leveldb:///tmp/x", "leveldb", "/tmp/x", ""},
		{"postgres", "postgres://u:p@localhost:5432/ng?sslmode=disable", "postgres", "postgres://u:p@localhost:5432/ng?sslmode=disable", ""},
		{"postgresql scheme", "postgresql://localhost/ng", "postgres", "postgresql://localhost/ng", ""},
		{"bare relative", "newsgraph.db", store.DefaultBackend, "newsgraph.db", ""},
		{"bare absolute", "/srv/newsgraph.db", store.DefaultBackend, "/srv/newsgraph.db", ""},
		{"colon in bare path", "a:b", store.DefaultBackend, "a:b", ""},
		{"empty", "", "", "", "empty"},
		{"memstore with path", "memstore://x", "", "", "memstore takes no path"},
		{"bolt without path", "bolt://", "", "", "missing path"},
		{"unknown scheme", "redis://localhost", "", "", `unknown backend "redis"`},
		{"cockroach", "cockroach://root@localhost:26257/ng?sslmode=disable", "cockroach", "cockroach://root@localhost:26257/ng?sslmode=disable", ""},
		{"cockroachdb scheme", "cockroachdb://localhost/ng", "cockroach", "cockroachdb://localhost/ng", ""},
		{"unknown scheme hides password", "mysql://u:s3cret@h/db", "", "", `unknown backend "mysql"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			backend, path, err := store.ParseLocation(tc.loc)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseLocation(%q) error = %v, want %q", tc.loc, err, tc.wantErr)
				}
				return
			}
			if err != nil || backend != tc.backend || path != tc.path {
				t.Fatalf("ParseLocation(%q) = %q, %q, %v; want %q, %q", tc.loc, backend, path, err, tc.backend, tc.path)
			}
		})
	}
}

func TestOpenErrorsHidePassword(t *testing.T) {
	_, err := store.Open(t.Context(), "postgres://alice:s3cret@127.0.0.1:1/ng?sslmode=disable&connect_timeout=2", store.Options{})
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "s3cret") || !strings.Contains(msg, "127.0.0.1:1") || strings.Contains(msg, "\n") {
		t.Fatalf("error %q: want one line naming the server, without the password", msg)
	}
}

func TestParseLocationHidesPassword(t *testing.T) {
	_, _, err := store.ParseLocation("mysql://u:s3cret@h/db")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("error %v: want one without the password", err)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct{ name, loc, want string }{
		{"path", "data/newsgraph.db", "data/newsgraph.db"},
		{"bolt URL", "bolt:///srv/ng", "/srv/ng"},
		{"postgres", "postgres://alice:s3cret@db:5432/ng?sslmode=disable", "postgres://alice:xxxxx@db:5432/ng?sslmode=disable"},
		{"cockroach", "cockroach://root:pw@crdb:26257/ng", "cockroach://root:xxxxx@crdb:26257/ng"},
		{"unknown scheme", "mysql://u:pw@h/db", "mysql://u:xxxxx@h/db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.Describe(tc.loc); got != tc.want {
				t.Errorf("Describe(%q) = %q, want %q", tc.loc, got, tc.want)
			}
		})
	}
}

func TestDriverDSN(t *testing.T) {
	tests := []struct{ name, loc, want string }{
		{"postgres as is", "postgres://u@h/db?sslmode=disable", "postgres://u@h/db?sslmode=disable"},
		{"postgresql as is", "postgresql://u@h/db", "postgresql://u@h/db"},
		{"cockroach", "cockroach://root@h:26257/db?sslmode=disable", "postgresql://root@h:26257/db?sslmode=disable"},
		{"cockroachdb", "cockroachdb://root@h/db", "postgresql://root@h/db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.DriverDSN(tc.loc); got != tc.want {
				t.Errorf("DriverDSN(%q) = %q, want %q", tc.loc, got, tc.want)
			}
		})
	}
}

func FuzzParseLocation(f *testing.F) {
	for _, s := range []string{"memstore://", "bolt:///a", "leveldb://b", "postgres://u:p@h/db", "cockroach://r@h:26257/db", "x", "://", "bolt://\x00", filepath.Join("a", "b")} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, loc string) {
		backend, path, err := store.ParseLocation(loc)
		if err != nil {
			if strings.Contains(err.Error(), "\n") && !strings.Contains(loc, "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		switch backend {
		case "memstore":
			if path != "" {
				t.Fatalf("memstore with path %q", path)
			}
		case "bolt", "leveldb":
			if path == "" || !strings.HasSuffix(loc, path) {
				t.Fatalf("ParseLocation(%q) path %q", loc, path)
			}
		case "postgres", "cockroach":
			if path != loc {
				t.Fatalf("ParseLocation(%q) DSN %q", loc, path)
			}
		default:
			t.Fatalf("ParseLocation(%q) backend %q", loc, backend)
		}
	})
}
