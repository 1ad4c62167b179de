package store

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Backend names, as used in location URLs ("bolt:///var/lib/newsgraph").
const (
	Memstore = "memstore"
	Bolt     = "bolt"
	LevelDB  = "leveldb"
	Postgres = "postgres"
	// Cockroach is CockroachDB through the same SQL store as Postgres, with
	// its transaction retries and without foreign keys.
	Cockroach = "cockroach"
)

// DefaultBackend is the embedded backend used for a bare path. It was chosen
// by measurement (bench_test.go; numbers in the README): bolt builds 3x
// faster, opens in microseconds and answers lookups faster than leveldb,
// which is 4x smaller on disk.
const DefaultBackend = Bolt

// DefaultPath is the database location used when none is given.
const DefaultPath = "newsgraph.db"

// boltFile is the file a bolt store keeps inside its directory. It is the
// name Cayley's own bolt backend uses, so `cayley http --db bolt --dbpath DIR`
// can open a newsgraph store.
const boltFile = "indexes.bolt"

// location is a parsed database location.
type location struct {
	backend string
	// path is the directory of an embedded store, or the DSN of a SQL one.
	path string
}

// String names the location in messages: the path for embedded stores, the
// DSN without its password for SQL ones.
func (l location) String() string {
	switch l.backend {
	case Memstore:
		return "memstore://"
	case Postgres, Cockroach:
		return redactDSN(l.path)
	}
	return l.path
}

// sqlBackend reports whether the location is a database server that other
// processes share.
func (l location) sqlBackend() bool { return l.backend == Postgres || l.backend == Cockroach }

// driverDSN is the DSN handed to lib/pq: CockroachDB URLs get the
// postgresql scheme, since CockroachDB speaks PostgreSQL's wire protocol.
func (l location) driverDSN() string {
	if _, rest, ok := strings.Cut(l.path, "://"); ok && l.backend == Cockroach {
		return "postgresql://" + rest
	}
	return l.path
}

// parseLocation splits loc into backend and path. A bare path (no
// "scheme://") means DefaultBackend, unless an existing store of another
// embedded backend is already there.
func parseLocation(loc string) (location, error) {
	if loc == "" {
		return location{}, errors.New("empty database location")
	}
	scheme, rest, ok := strings.Cut(loc, "://")
	if !ok {
		return location{backend: sniffBackend(loc), path: loc}, nil
	}
	switch scheme {
	case Memstore:
		if rest != "" {
			return location{}, fmt.Errorf("database location %s: memstore takes no path", loc)
		}
		return location{backend: Memstore}, nil
	case Bolt, LevelDB:
		// "bolt:///abs" leaves "/abs", "bolt://rel/dir" leaves "rel/dir".
		if rest == "" {
			return location{}, fmt.Errorf("database location %s: missing path", loc)
		}
		return location{backend: scheme, path: rest}, nil
	case "postgres", "postgresql":
		return location{backend: Postgres, path: loc}, nil
	case "cockroach", "cockroachdb":
		return location{backend: Cockroach, path: loc}, nil
	}
	return location{}, fmt.Errorf("database location %s: unknown backend %q (want memstore, bolt, leveldb, postgres or cockroach)", redactDSN(loc), scheme)
}

// sniffBackend names the backend of the embedded store at dir, or
// DefaultBackend when there is none yet.
func sniffBackend(dir string) string {
	if fileExists(filepath.Join(dir, boltFile)) {
		return Bolt
	}
	if fileExists(filepath.Join(dir, "CURRENT")) {
		return LevelDB
	}
	return DefaultBackend
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// redactDSN drops the password from a URL-style DSN so that messages can
// name the database without leaking it.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable DSN)"
	}
	return u.Redacted()
}

// Describe names the location loc in messages: the path of an embedded
// store, a database URL without its password.
func Describe(loc string) string {
	l, err := parseLocation(loc)
	if err != nil {
		if strings.Contains(loc, "://") {
			return redactDSN(loc)
		}
		return loc
	}
	return l.String()
}
