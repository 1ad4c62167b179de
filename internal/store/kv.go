package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/boltdb/bolt"
	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	hkv "github.com/hidal-go/hidalgo/kv"
	hbolt "github.com/hidal-go/hidalgo/kv/bolt"
	"github.com/hidal-go/hidalgo/kv/flat"
	hleveldb "github.com/hidal-go/hidalgo/kv/flat/leveldb"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// labelIndex is added to Cayley's default kv indexes ([S,P] and [O,P,S]) so
// that the quads of one graph are found by a prefix scan instead of a scan
// of the whole log. Cayley v0.7.7 reads extra indexes from
// $CAYLEY_KV_INDEXES, but it decodes that JSON into a struct with only
// unexported fields, so the variable can only ever restore the defaults;
// initKV writes the index list itself instead.
var labelIndex = ckv.QuadIndex{Dirs: []quad.Direction{quad.Label}}

// kvIndexes are the indexes of a new kv store; kvOptions tune Cayley's kv
// layer. Tests and benchmarks change them to measure the alternatives.
var (
	kvIndexes = append(append([]ckv.QuadIndex(nil), ckv.DefaultQuadIndexes...), labelIndex)
	// Cayley's bloom filters cost ~80 MB each (sized for 100M quads) and a
	// scan of the whole log on every open; see BenchmarkReopen.
	kvOptions = graph.Options{ckv.OptNoBloom: true}
	// kvPlannerFix makes View hand queries a kvQueryStore.
	kvPlannerFix = true
)

// Keys of Cayley's kv layout (graph/kv/indexing.go, v0.7.7).
var (
	kvVersionKey = hkv.Key{[]byte("meta"), []byte("version")}
	kvIndexesKey = hkv.Key{[]byte("meta"), []byte("indexes")}
	kvLogBucket  = hkv.Key{[]byte("log")}
)

// kvCleanKey marks a kv store in which no quad was ever deleted, so that
// every quad an index lists is live. Cayley leaves deleted quads in its
// indexes (marked deleted in the log), so a query must otherwise read a
// quad from the log to know an index entry still holds; on a clean store
// the keys of the [O,P,S] index alone say which triples are there (see
// kvQueryStore.Hop). Open writes it into new stores; the first write that
// deletes removes it first (a crash in between leaves a store merely
// marked as not clean). Stores made before it existed are not clean.
var kvCleanKey = hkv.Key{[]byte("newsgraph"), []byte("clean")}

// isClean reports whether db holds kvCleanKey.
func isClean(ctx context.Context, db hkv.KV) bool {
	clean := false
	_ = hkv.View(db, func(tx hkv.Tx) error {
		_, err := tx.Get(ctx, kvCleanKey)
		clean = err == nil
		return nil
	})
	return clean
}

// openKV opens (creating unless read-only) the bolt or leveldb store in
// directory l.path.
func openKV(ctx context.Context, l location, opts Options, log *slog.Logger) (graph.QuadStore, backend, error) {
	dir := l.path
	what := "open " + dir
	if err := prepareDir(l, opts.ReadOnly); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	var db hkv.KV
	err := guard(what, true, func() (err error) {
		if l.backend == Bolt {
			db, err = openBolt(ctx, dir, opts)
		} else {
			db, err = openLevelDB(ctx, dir, opts)
		}
		return err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	var (
		qs       graph.QuadStore
		labelled bool
		indexes  []ckv.QuadIndex
	)
	err = guard(what, true, func() (err error) {
		if labelled, err = initKV(ctx, db, opts.ReadOnly); err != nil {
			return err
		}
		if indexes, err = readIndexes(ctx, db); err != nil {
			return err
		}
		qs, err = ckv.New(db, kvOptions)
		if err != nil {
			return fmt.Errorf("%w: %s", ErrCorrupt, oneLine(err.Error()))
		}
		if !opts.ReadOnly {
			return removePins(ctx, qs)
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		return nil, nil, fmt.Errorf("%s: %w", what, err)
	}
	if !labelled {
		log.Warn("store has no label index; graph lookups scan every quad", "path", dir)
	}
	return qs, kvGraphs{db: db, labelled: labelled, indexes: indexes, dirty: new(atomic.Bool)}, nil
}

// prepareDir checks that dir is empty, absent (then creates it unless
// readOnly) or already holds a store of l.backend, so that a store is never
// created inside an unrelated folder.
func prepareDir(l location, readOnly bool) error {
	dir := l.path
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if readOnly {
			return fmt.Errorf("no database: %w", fs.ErrNotExist)
		}
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%w: not a directory", ErrCorrupt)
	}
	markers := []string{boltFile}
	if l.backend == LevelDB {
		markers = []string{"CURRENT", "LOCK"}
	}
	for _, m := range markers {
		if _, err := os.Lstat(filepath.Join(dir, m)); err == nil {
			return nil
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("%w: directory holds no %s store", ErrCorrupt, l.backend)
	}
	if readOnly {
		return fmt.Errorf("no database: %w", fs.ErrNotExist)
	}
	return nil
}

// lockPoll is how long one attempt to take an embedded store's file lock
// waits; between attempts Open checks ctx, so a long LockTimeout can still
// be interrupted.
const lockPoll = 250 * time.Millisecond

func openBolt(ctx context.Context, dir string, opts Options) (hkv.KV, error) {
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		// bolt waits for its flock without a context, and forever when
		// its Timeout is zero.
		wait := max(min(time.Until(deadline), lockPoll), time.Nanosecond)
		db, err := bolt.Open(filepath.Join(dir, boltFile), 0o644, &bolt.Options{
			Timeout:  wait,
			ReadOnly: opts.ReadOnly,
		})
		if err == nil {
			if err := checkBoltSize(db); err != nil {
				db.Close()
				return nil, err
			}
			return hbolt.New(db), nil
		}
		if !errors.Is(err, bolt.ErrTimeout) {
			return nil, classifyOpenError(err)
		}
		if !time.Now().Before(deadline) {
			return nil, lockedError(opts.LockTimeout)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// checkBoltSize reports a bolt file shorter than its own meta page says
// (a copy cut short, a full disk) as ErrCorrupt. bolt itself does not
// check: it maps the missing pages and reads them as zeros or faults, so
// that a truncated store could look empty ("no database") or fail later,
// depending on where the cut fell. A file bolt wrote is never shorter, as
// each commit grows the file past its last page first.
func checkBoltSize(db *bolt.DB) error {
	st, err := os.Stat(db.Path())
	if err != nil {
		return err
	}
	return db.View(func(tx *bolt.Tx) error {
		if need := tx.Size(); st.Size() < need {
			return fmt.Errorf("%w: %s is truncated (%d bytes; its pages need %d)", ErrCorrupt, boltFile, st.Size(), need)
		}
		return nil
	})
}

// lockedError is ErrLocked, saying how long Open waited.
func lockedError(waited time.Duration) error {
	if waited <= 0 {
		return ErrLocked
	}
	return fmt.Errorf("%w (still, after waiting %v)", ErrLocked, waited)
}

func openLevelDB(ctx context.Context, dir string, opts Options) (hkv.KV, error) {
	deadline := time.Now().Add(opts.LockTimeout)
	for {
		db, err := leveldb.OpenFile(dir, &opt.Options{ReadOnly: opts.ReadOnly, ErrorIfMissing: opts.ReadOnly})
		if err == nil {
			hdb := hleveldb.New(db)
			hdb.SetWriteOptions(&opt.WriteOptions{Sync: true})
			return flat.Upgrade(hdb), nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, classifyOpenError(err)
		}
		if time.Now().After(deadline) {
			return nil, lockedError(opts.LockTimeout)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// classifyOpenError keeps system errors (permissions, disk full) as they
// are and calls everything else the backend could not read ErrCorrupt:
// bolt's "invalid database", leveldb's corruption errors, a file where a
// directory should be.
func classifyOpenError(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) && errno != syscall.ENOTDIR && errno != syscall.EISDIR {
		return err
	}
	return fmt.Errorf("%w: %s", ErrCorrupt, oneLine(err.Error()))
}

// initKV initializes an empty database with Cayley's layout plus
// labelIndex, and reports whether the store has labelIndex. A non-empty
// database without Cayley's version key is ErrCorrupt.
func initKV(ctx context.Context, db hkv.KV, readOnly bool) (labelled bool, err error) {
	var exists, empty bool
	err = hkv.View(db, func(tx hkv.Tx) error {
		_, err := tx.Get(ctx, kvVersionKey)
		if err == nil {
			exists = true
			return nil
		} else if !errors.Is(err, hkv.ErrNotFound) {
			return err
		}
		it := tx.Scan(nil)
		defer it.Close()
		empty = !it.Next(ctx)
		return it.Err()
	})
	switch {
	case err != nil:
		return false, fmt.Errorf("%w: %s", ErrCorrupt, oneLine(err.Error()))
	case exists:
		return hasLabelIndex(ctx, db)
	case !empty:
		return false, fmt.Errorf("%w: not a Cayley database", ErrCorrupt)
	case readOnly:
		return false, fmt.Errorf("no database: %w", fs.ErrNotExist)
	}
	if err := ckv.Init(db, graph.Options{}); err != nil {
		return false, err
	}
	data, err := json.Marshal(kvIndexes)
	if err != nil {
		return false, err
	}
	err = hkv.Update(ctx, db, func(tx hkv.Tx) error {
		for _, ind := range kvIndexes { // Init made the default ones
			if err := hkv.CreateBucket(ctx, tx, ind.Key(nil)[:1]); err != nil {
				return err
			}
		}
		if err := tx.Put(kvCleanKey, []byte{1}); err != nil {
			return err
		}
		return tx.Put(kvIndexesKey, data)
	})
	if err != nil {
		return false, err
	}
	return hasLabelIndex(ctx, db)
}

func hasLabelIndex(ctx context.Context, db hkv.KV) (bool, error) {
	indexes, err := readIndexes(ctx, db)
	if err != nil {
		return false, err
	}
	for _, ind := range indexes {
		if len(ind.Dirs) > 0 && ind.Dirs[0] == quad.Label {
			return true, nil
		}
	}
	return false, nil
}

// readIndexes returns the quad indexes of an initialized kv store.
func readIndexes(ctx context.Context, db hkv.KV) ([]ckv.QuadIndex, error) {
	var indexes []ckv.QuadIndex
	err := hkv.View(db, func(tx hkv.Tx) error {
		data, err := tx.Get(ctx, kvIndexesKey)
		if errors.Is(err, hkv.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		return json.Unmarshal(data, &indexes)
	})
	if err != nil {
		return nil, fmt.Errorf("%w: index list: %s", ErrCorrupt, oneLine(err.Error()))
	}
	return indexes, nil
}

// kvGraphs lists graphs from the keys of labelIndex: one key per label node
// ever used, holding the IDs of every quad (live or deleted) that had it.
type kvGraphs struct {
	db       hkv.KV
	labelled bool
	indexes  []ckv.QuadIndex // of the store, for kvQueryStore
	dirty    *atomic.Bool    // kvCleanKey is known to be gone
}

func (b kvGraphs) graphs(ctx context.Context, qs graph.QuadStore) ([]quad.Value, error) {
	if !b.labelled {
		return scanGraphs{}.graphs(ctx, qs)
	}
	var refs []graph.Ref
	err := hkv.View(b.db, func(tx hkv.Tx) error {
		it := tx.Scan(labelIndex.Key(nil))
		defer it.Close()
		for it.Next(ctx) {
			k := it.Key()
			id := k[len(k)-1]
			if len(id) != 8 { // the bucket marker of a flat store
				continue
			}
			live, err := anyLive(ctx, tx, it.Val())
			if err != nil {
				return err
			}
			if live {
				refs = append(refs, ckv.Int64Value(binary.BigEndian.Uint64(id)))
			}
		}
		return it.Err()
	})
	if err != nil {
		return nil, err
	}
	labels, err := graph.ValuesOf(ctx, qs, refs)
	return slices.DeleteFunc(labels, func(v quad.Value) bool { return v == pinGraph }), err
}

// anyLive reports whether any quad in the index list ids (uvarints) is not
// deleted. Newest quads come last, so look there first.
func anyLive(ctx context.Context, tx hkv.Tx, list []byte) (bool, error) {
	ids, err := appendIDs(nil, list)
	if err != nil {
		return false, fmt.Errorf("label index: %w", err)
	}
	key := make([]byte, 8)
	for i := len(ids) - 1; i >= 0; i-- {
		binary.BigEndian.PutUint64(key, ids[i])
		data, err := tx.Get(ctx, kvLogBucket.AppendBytes(key))
		if errors.Is(err, hkv.ErrNotFound) {
			continue
		} else if err != nil {
			return false, err
		}
		var p proto.Primitive
		if err := p.Unmarshal(data); err != nil {
			return false, fmt.Errorf("%w: quad %d: %s", ErrCorrupt, ids[i], oneLine(err.Error()))
		}
		if !p.Deleted {
			return true, nil
		}
	}
	return false, nil
}

// reopen drops Cayley's in-memory write state. After a failed ApplyDeltas
// the kv QuadStore keeps buffered index entries and cached node IDs of the
// rolled-back transaction, and the next write would reuse those IDs for
// other quads and flush the stale entries with it.
func (b kvGraphs) reopen() (graph.QuadStore, error) { return ckv.New(b.db, kvOptions) }

// Pins keep Cayley's kv writes whole. kv.ApplyDeltas nets the reference
// count changes of each term over the batch and resolves the terms of added
// quads only among those whose count does not drop: when a Replace deletes
// more quads naming a term (its graph label, a shared subject) than it adds,
// the added quads are written without that term, counted but missing from
// the indexes. apply adds, in the same transaction, one pin quad in
// pinGraph per missing reference so that no term used by an added quad
// drops, then deletes the pins in a second, deletion-only transaction (which
// is safe). Pins left by a crash in between are removed by the next
// writable Open and never listed as a graph.
var (
	pinGraph     = quad.IRI("urn:newsgraph:pins")
	pinPredicate = quad.IRI("urn:newsgraph:pin")
)

func (b kvGraphs) apply(qs graph.QuadStore, deltas []graph.Delta, opts graph.IgnoreOpts) error {
	if slices.ContainsFunc(deltas, func(d graph.Delta) bool { return d.Action == graph.Delete }) {
		if err := b.unclean(); err != nil {
			return err
		}
	}
	pins := pinsFor(deltas)
	if len(pins) == 0 {
		return qs.ApplyDeltas(deltas, opts)
	}
	batch := slices.Clone(deltas)
	for _, p := range pins {
		batch = append(batch, graph.Delta{Quad: p, Action: graph.Add})
	}
	if err := qs.ApplyDeltas(batch, opts); err != nil {
		return err
	}
	if err := unpin(qs, pins); err != nil {
		return fmt.Errorf("written, but removing %d pin quads failed (the next Open retries): %w", len(pins), err)
	}
	return nil
}

// pinsFor returns the pin quads that keep the reference count of every
// term of an added quad from dropping in deltas.
func pinsFor(deltas []graph.Delta) []quad.Quad {
	net := make(map[quad.Value]int)
	added := make(map[quad.Value]bool)
	var used []quad.Value // in order, for deterministic pins
	for _, d := range deltas {
		for _, dir := range quad.Directions {
			v := d.Quad.Get(dir)
			if v == nil {
				continue
			}
			if d.Action != graph.Add {
				net[v]--
				continue
			}
			net[v]++
			if !added[v] {
				added[v] = true
				used = append(used, v)
			}
		}
	}
	var pins []quad.Quad
	for _, v := range used {
		for range -net[v] {
			pins = append(pins, quad.Quad{
				Subject:   quad.IRI(fmt.Sprintf("urn:newsgraph:pin:%d", len(pins))),
				Predicate: pinPredicate,
				Object:    v,
				Label:     pinGraph,
			})
		}
	}
	return pins
}

// unclean removes kvCleanKey before a write that deletes quads.
func (b kvGraphs) unclean() error {
	if b.dirty.Load() {
		return nil
	}
	err := hkv.Update(context.Background(), b.db, func(tx hkv.Tx) error { return tx.Del(kvCleanKey) })
	if err != nil {
		return fmt.Errorf("mark the store as holding deleted quads: %w", err)
	}
	b.dirty.Store(true)
	return nil
}

func unpin(qs graph.QuadStore, pins []quad.Quad) error {
	deltas := make([]graph.Delta, len(pins))
	for i, p := range pins {
		deltas[i] = graph.Delta{Quad: p, Action: graph.Delete}
	}
	return qs.ApplyDeltas(deltas, graph.IgnoreOpts{IgnoreMissing: true})
}

// removePins deletes pins left by an interrupted write.
func removePins(ctx context.Context, qs graph.QuadStore) error {
	ref := qs.ValueOf(pinGraph)
	if ref == nil {
		return nil
	}
	it := qs.QuadIterator(quad.Label, ref)
	defer it.Close()
	var pins []quad.Quad
	for it.Next(ctx) {
		pins = append(pins, qs.Quad(it.Result()))
	}
	if err := it.Err(); err != nil || len(pins) == 0 {
		return err
	}
	return unpin(qs, pins)
}

func (b kvGraphs) queryStore(qs graph.QuadStore) graph.QuadStore {
	if !kvPlannerFix {
		return qs
	}
	return newKVQueryStore(qs, b.db, b.indexes, !b.dirty.Load() && isClean(context.Background(), b.db))
}

func (b kvGraphs) close() error { return nil }
