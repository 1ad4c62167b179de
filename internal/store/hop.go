package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
)

// The direct hops of kvQueryStore (Hop, Hops, HopColumns, Count) work on
// node IDs and read what they need in rounds, each in key order with one
// cursor (reader.getSorted, scanSorted): the index entries of all the
// nodes, then the first quads of the entries that need reading, then the
// quads of the triples found (to account for the rest of each entry), and
// so on, then the values reached. Reads in key order cost less than the
// same reads in any order (the upper pages of the B+tree stay in the
// caches, and the quads of one document are neighbours in the log). Only
// the values a hop ends on are read: a chain goes through the nodes
// between by ID. Large batches are split in two halves read at the same
// time, each in a read transaction of its own.

// idStep is one hop by IDs: predicate pred, backwards when inverse.
type idStep struct {
	pred    uint64
	inverse bool
}

// minParallel is the least number of nodes or keys a batch needs to be
// read in two halves at the same time.
const minParallel = 256

// withReaders runs fn with the View's read transactions (two when the
// process may run two goroutines at once, else one), holding the cache
// lock: fn must not call methods of s that take it.
func (s kvQueryStore) withReaders(fn func(rs []reader) error) error {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.r == nil {
		r, err := newReader(s.db)
		if err != nil {
			return err
		}
		s.cache.r = r
	}
	if s.cache.r2 == nil && runtime.GOMAXPROCS(0) > 1 {
		r, err := newReader(s.db)
		if err != nil {
			return err
		}
		s.cache.r2 = r
	}
	if s.cache.r2 == nil {
		return fn([]reader{s.cache.r})
	}
	return fn([]reader{s.cache.r, s.cache.r2})
}

// inHalves calls f with the ranges [0, n/2) and [n/2, n) of a batch of
// n, each with a reader of rs, at the same time when the batch is large
// and there are two readers; else f(rs[0], 0, n).
func inHalves(n int, rs []reader, f func(r reader, lo, hi int) error) error {
	if n < minParallel || len(rs) < 2 {
		return f(rs[0], 0, n)
	}
	mid := n / 2
	var (
		wg   sync.WaitGroup
		err2 error
	)
	wg.Go(func() { err2 = f(rs[1], mid, n) })
	err := f(rs[0], 0, mid)
	wg.Wait()
	if err == nil {
		err = err2
	}
	return err
}

// nodeIDs resolves nodes to distinct node IDs, and gives for each the
// index in nodes of its first value; nodes the store lacks are left out.
func (s kvQueryStore) nodeIDs(nodes []quad.Value) (ids []uint64, at []int) {
	refs := make([]graph.Ref, len(nodes))
	s.cache.mu.Lock()
	for i, n := range nodes {
		refs[i] = s.cache.refs[n]
	}
	s.cache.mu.Unlock()
	ids = make([]uint64, 0, len(nodes))
	at = make([]int, 0, len(nodes))
	seen := make(map[uint64]bool, len(nodes))
	for i, n := range nodes {
		r := refs[i]
		if r == nil {
			r = s.ValueOf(n)
		}
		if id, ok := r.(ckv.Int64Value); ok && id != 0 && !seen[uint64(id)] {
			seen[uint64(id)] = true
			ids = append(ids, uint64(id))
			at = append(at, i)
		}
	}
	return ids, at
}

// predID is the node ID of a predicate, 0 when the store has none.
func (s kvQueryStore) predID(pred quad.Value) uint64 {
	if id, ok := s.ValueOf(pred).(ckv.Int64Value); ok {
		return uint64(id)
	}
	return 0
}

// walk follows chains of steps (one per column) from the nodes ids
// (distinct) and calls emit with the column, the index in ids of a node
// and each distinct node ID it reaches, in the order of the query
// package's generic helpers: for one step, node by node, the values in
// index order; for a chain, the values of the first step, in order, are
// followed by the rest of the chain, and each reached value is given,
// once, to every node that reached the value before it. The first steps
// of all columns are read together (hopColumns).
func (s kvQueryStore) walk(ctx context.Context, rs []reader, ids []uint64, chains [][]idStep, emit func(c, i int, v uint64)) error {
	firsts := make([]idStep, len(chains))
	for c, ch := range chains {
		firsts[c] = ch[0]
	}
	out, err := s.hopColumns(ctx, rs, ids, firsts)
	if err != nil {
		return err
	}
	for c, ch := range chains {
		if len(ch) == 1 {
			for i, vs := range out[c] {
				for _, v := range vs {
					emit(c, i, v)
				}
			}
			continue
		}
		via := map[uint64][]int{} // reached → nodes of ids
		var mids []uint64
		for i, vs := range out[c] {
			for _, v := range vs {
				if _, ok := via[v]; !ok {
					mids = append(mids, v)
				}
				via[v] = append(via[v], i)
			}
		}
		if len(mids) == 0 {
			continue
		}
		seen := map[[2]uint64]bool{}
		err := s.walk(ctx, rs, mids, [][]idStep{ch[1:]}, func(_, j int, v uint64) {
			for _, i := range via[mids[j]] {
				if k := [2]uint64{uint64(i), v}; !seen[k] {
					seen[k] = true
					emit(c, i, v)
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// hopColumns returns, for each step (column) and each node of ids
// (distinct node IDs), the distinct node IDs the node has for the step
// (that point to it, when the step is inverse), in the order a distinct
// scan of the index finds them. The columns are read together: the index
// entries of a node for several predicates are neighbours, and so are the
// quads of one document. A View remembers the hops it took.
func (s kvQueryStore) hopColumns(ctx context.Context, rs []reader, ids []uint64, steps []idStep) ([][][]uint64, error) {
	h, err := s.hopAll(ctx, rs, ids, steps, false)
	return h.vals, err
}

// countColumns is hopColumns giving the number of values of each step
// and node only, which an index keyed by whole triples gives without
// listing them.
func (s kvQueryStore) countColumns(ctx context.Context, rs []reader, ids []uint64, steps []idStep) ([][]int, error) {
	h, err := s.hopAll(ctx, rs, ids, steps, true)
	if err != nil {
		return nil, err
	}
	for c := range h.counts {
		for i := range h.counts[c] {
			h.counts[c][i] += len(h.vals[c][i])
		}
	}
	return h.counts, nil
}

// hops is what hopAll found: per step and node of ids, values, and when
// counting, the number of values not listed in vals.
type hops struct {
	vals   [][][]uint64
	counts [][]int
}

// hopAll is hopColumns, or countColumns when counting (the counts are
// then those of hops.counts plus the lengths of hops.vals).
func (s kvQueryStore) hopAll(ctx context.Context, rs []reader, ids []uint64, steps []idStep, counting bool) (hops, error) {
	h := hops{vals: make([][][]uint64, len(steps))}
	for c := range h.vals {
		h.vals[c] = make([][]uint64, len(ids))
	}
	if counting {
		h.counts = make([][]int, len(steps))
		for c := range h.counts {
			h.counts[c] = make([]int, len(ids))
		}
	}
	if len(ids) == 0 {
		return h, nil
	}
	order := make([]int, len(ids)) // positions in ids, by ID
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmpUint(ids[a], ids[b]) })
	sorted := make([]uint64, len(ids))
	for i, o := range order {
		sorted[i] = ids[o]
	}
	// plan each step (for one node: the plan of a batch of at most
	// maxScans is the same): whether an index starts with its nodes'
	// direction and the predicate
	cols := make([]column, len(steps))
	for c, st := range steps {
		col, ok, err := s.planColumn(st, sorted[:1])
		if err != nil {
			return h, err
		}
		if ok {
			cols[c] = col
			continue
		}
		// no index starts with both: scans checked quad by quad
		cols[c].skip = true
		if st.pred == 0 {
			continue
		}
		err = s.scanPairs(ctx, ids, st.pred, col.from, col.to, func(i int, v uint64) { h.vals[c][i] = append(h.vals[c][i], v) })
		if err != nil {
			return h, err
		}
	}
	// the hops this View took already
	known := make([][]bool, len(steps))
	todo := false
	for c, col := range cols {
		if col.skip {
			continue
		}
		known[c] = make([]bool, len(ids))
		for i, id := range ids {
			k := hopKey{col.pred, col.from, id}
			if vs, ok := s.cache.hops[k]; ok {
				h.vals[c][i], known[c][i] = vs, true
			} else if n, ok := s.cache.counts[k]; ok && counting {
				h.counts[c][i], known[c][i] = n, true
			} else {
				todo = true
			}
		}
	}
	if !todo {
		return h, nil
	}
	err := inHalves(len(sorted), rs, func(r reader, lo, hi int) error {
		for b := lo; b < hi; b += maxScans {
			if err := s.hopBatch(ctx, r, sorted, order, b, min(b+maxScans, hi), steps, cols, known, h); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return h, err
	}
	if s.cache.hops == nil {
		s.cache.hops, s.cache.counts = map[hopKey][]uint64{}, map[hopKey]int{}
	}
	for c, col := range cols {
		if col.skip {
			continue
		}
		for i, id := range ids {
			switch {
			case known[c][i]:
			case counting:
				s.cache.counts[hopKey{col.pred, col.from, id}] = h.counts[c][i] + len(h.vals[c][i])
			default:
				s.cache.hops[hopKey{col.pred, col.from, id}] = slices.Clip(h.vals[c][i])
			}
		}
	}
	return h, nil
}

// hopKey names a hop a View took: from node along predicate pred, from
// the direction from (the subject: forwards; the object: backwards).
type hopKey struct {
	pred uint64
	from quad.Direction
	node uint64
}

// column is one step of hopColumns as planned.
type column struct {
	pred     uint64
	from, to quad.Direction
	index    ckv.QuadIndex
	bucket   string // the index's
	fromAt   int    // the position of from in the index's directions
	toAt     int    // and of to; from and the predicate lead
	keysOnly bool   // each key is a live triple: no quad to read
	first    bool   // the quads of an entry are one triple
	skip     bool   // not read by hopBatch
}

// planColumn plans step st from the nodes batch; false when no index
// starts with its nodes' direction and the predicate.
func (s kvQueryStore) planColumn(st idStep, batch []uint64) (column, bool, error) {
	col := column{pred: st.pred, from: quad.Subject, to: quad.Object}
	if st.inverse {
		col.from, col.to = col.to, col.from
	}
	if st.pred == 0 {
		return col, false, nil
	}
	scan := s.plan(map[quad.Direction][]uint64{col.from: batch, quad.Predicate: {st.pred}}, true)
	if scan == nil {
		return col, false, fmt.Errorf("no index starts with the %s and predicate", col.from)
	}
	n := len(scan.prefixes[0])
	col.index, col.fromAt, col.toAt = scan.index, slices.Index(scan.index.Dirs[:n], col.from), slices.Index(scan.index.Dirs, col.to)
	if n != 2 || col.fromAt < 0 || !slices.Contains(scan.index.Dirs[:n], quad.Predicate) || len(scan.filter) > 0 {
		return col, false, nil
	}
	bucket, _ := indexKey(scan.index.Key(nil))
	col.bucket = string(bucket)
	col.first = coversTriple(scan.index.Dirs)
	col.keysOnly = s.clean && col.toAt >= n && col.first
	return col, true, nil
}

// hopBatch reads the steps of hopColumns for the nodes sorted[lo:hi] (at
// most maxScans) into out, but for those known for a step.
func (s kvQueryStore) hopBatch(ctx context.Context, r reader, sorted []uint64, order []int, lo, hi int, steps []idStep, cols []column, known [][]bool, h hops) error {
	out := h.vals
	type scanKey struct {
		key []byte
		col int32
	}
	batch := sorted[lo:hi]
	byBucket := map[string][]scanKey{}
	for c := range steps {
		col := &cols[c]
		if col.skip {
			continue
		}
		// the prefix of each node: its ID and the predicate's, in the
		// index's order
		buf := make([]byte, 16*len(batch))
		sks := byBucket[col.bucket]
		for j, node := range batch {
			if known[c][order[lo+j]] {
				continue
			}
			k := buf[16*j : 16*j+16 : 16*j+16]
			binary.BigEndian.PutUint64(k[8*col.fromAt:], node)
			binary.BigEndian.PutUint64(k[8*(1-col.fromAt):], col.pred)
			sks = append(sks, scanKey{key: k, col: int32(c)})
		}
		byBucket[col.bucket] = sks
	}
	var (
		entries []hopEntry
		owner   [][2]int32 // per entry, its step and node
	)
	for _, bucket := range slices.Sorted(maps.Keys(byBucket)) {
		sks := byBucket[bucket]
		slices.SortFunc(sks, func(a, b scanKey) int {
			if c := bytes.Compare(a.key, b.key); c != 0 {
				return c
			}
			return int(a.col - b.col)
		})
		// one scan per distinct prefix; group[i]: its keys in sks
		keys := make([][]byte, 0, len(sks))
		group := make([]int32, 0, len(sks)+1)
		for i, sk := range sks {
			if i == 0 || string(sk.key) != string(sks[i-1].key) {
				keys = append(keys, sk.key)
				group = append(group, int32(i))
			}
		}
		group = append(group, int32(len(sks)))
		if entries == nil {
			entries = make([]hopEntry, 0, len(keys))
			owner = make([][2]int32, 0, len(keys))
		}
		var (
			last = ^uint64(0) // the node of the last key, and its position
			pos  int
		)
		err := r.scanSorted(ctx, []byte(bucket), keys, func(pi int, k, v []byte) bool {
			var raw []byte
			for _, sk := range sks[group[pi]:group[pi+1]] {
				c := int(sk.col)
				col := &cols[c]
				if node := binary.BigEndian.Uint64(k[8*col.fromAt:]); node != last {
					p, ok := slices.BinarySearch(batch, node)
					if !ok {
						continue
					}
					last, pos = node, lo+p
				}
				i := order[pos]
				if col.keysOnly {
					// a live triple per key
					if len(k) == 8*len(col.index.Dirs) && len(v) > 0 {
						if h.counts != nil {
							h.counts[c][i]++
						} else {
							out[c][i] = append(out[c][i], binary.BigEndian.Uint64(k[8*col.toAt:]))
						}
					}
					continue
				}
				n := countIDs(v)
				if n == 0 {
					continue
				}
				if raw == nil {
					// the entry's quads, decoded as they are read: the
					// value while the transaction lasts, if the reader
					// allows
					if raw = v; !r.stable() {
						raw = slices.Clone(v)
					}
				}
				e := hopEntry{raw: raw, total: n, chunk: 1, to: col.to, first: col.first}
				if e.first {
					e.chunk = 4
				}
				entries = append(entries, e)
				owner = append(owner, [2]int32{int32(c), int32(i)})
			}
			return true
		})
		if err != nil {
			return err
		}
	}
	if len(entries) == 0 {
		return nil
	}
	if err := readEntries(ctx, r, entries, tripleIndex(s.indexes)); err != nil {
		return err
	}
	for j := range entries {
		c, i := owner[j][0], owner[j][1]
		out[c][i] = append(out[c][i], entries[j].out...)
	}
	return nil
}

// appendIDs appends the quad IDs of an index entry to ids.
func appendIDs(ids []uint64, b []byte) ([]uint64, error) {
	for len(b) > 0 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return ids, fmt.Errorf("%w: bad index entry", ErrCorrupt)
		}
		ids = append(ids, v)
		b = b[n:]
	}
	return ids, nil
}

func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// scanPairs is hopColumns for one step by the scans of plan (batches of
// nodes in the order of ids), for index layouts in which no index starts
// with the nodes' direction and the predicate: each quad found gives a
// pair.
func (s kvQueryStore) scanPairs(ctx context.Context, ids []uint64, pred uint64, from, to quad.Direction, emit func(i int, v uint64)) error {
	pos := make(map[uint64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	for batch := range slices.Chunk(ids, maxScans) {
		scan := s.plan(map[quad.Direction][]uint64{from: batch, quad.Predicate: {pred}}, true)
		if scan == nil {
			return fmt.Errorf("no index starts with the %s and predicate", from)
		}
		it := &scanNext{s: scan}
		for it.Next(ctx) {
			if i, ok := pos[it.prim.GetDirection(from)]; ok {
				emit(i, it.prim.GetDirection(to))
			}
		}
		if err := it.Close(); err != nil {
			return err
		}
	}
	return nil
}

// hopEntry is an index entry of a distinct hop whose quads must be read:
// the values found (the to node of each distinct live triple) go to out.
// A scanShape.entry in rounds.
type hopEntry struct {
	raw     []byte   // quads not yet decoded (uvarints, in entry order)
	ids     []uint64 // decoded quads not yet read nor accounted for; then raw
	batch   []uint64 // quads of this round
	total   int      // quads of the entry
	covered int      // of which the triples found have
	chunk   int      // quads to read next round
	to      quad.Direction
	first   bool // every quad is the same triple: stop at the first live one
	seen    [][3]uint64
	want    [][]byte // index keys of the triples to look up this round
	out     []uint64
	done    bool
}

// take appends the next n of e's quads left to buf and drops them from e.
func (e *hopEntry) take(n int, buf []uint64) ([]uint64, error) {
	k := min(n, len(e.ids))
	buf = append(buf, e.ids[:k]...)
	e.ids = e.ids[k:]
	for n -= k; n > 0 && len(e.raw) > 0; n-- {
		id, w := binary.Uvarint(e.raw)
		if w <= 0 {
			return buf, fmt.Errorf("%w: bad index entry", ErrCorrupt)
		}
		buf = append(buf, id)
		e.raw = e.raw[w:]
	}
	return buf, nil
}

// left reports whether e has quads not yet read nor accounted for.
func (e *hopEntry) left() bool { return len(e.ids) > 0 || len(e.raw) > 0 }

// decodeAll decodes all of e's quads left into e.ids.
func (e *hopEntry) decodeAll() error {
	var err error
	e.ids, err = appendIDs(slices.Clip(e.ids), e.raw)
	e.raw = nil
	return err
}

// readEntries reads the quads of entries, in rounds, until each entry's
// distinct live triples are known. With count (an index keyed by whole
// triples), the quads of each triple found are looked up there: when the
// triples found have all of the entry's quads, the entry is done (the
// same fact stated by every document: one quad read); else those quads
// are not read, and the next round reads the first quads left (a fact
// that a thousand documents state and another that ten do: two quad
// reads, not hundreds). Each round reads the next quads of each entry in
// entry order, so the triples come in the order of their first live
// quads.
func readEntries(ctx context.Context, r reader, entries []hopEntry, count *ckv.QuadIndex) error {
	active := make([]*hopEntry, len(entries))
	for i := range entries {
		active[i] = &entries[i]
	}
	wanted := 0
	for len(active) > 0 {
		var qids []uint64
		for _, e := range active {
			at := len(qids)
			var err error
			if qids, err = e.take(e.chunk, qids); err != nil {
				return err
			}
			e.batch = qids[at:len(qids):len(qids)]
		}
		prims, err := readQuads(ctx, r, qids)
		if err != nil {
			return err
		}
		wanted = 0
		for _, e := range active {
			for _, id := range e.batch {
				p := prims.get(id)
				if p == nil || p.Deleted {
					continue
				}
				if e.first {
					e.out = append(e.out, p.GetDirection(e.to))
					e.done = true
					break
				}
				t := [3]uint64{p.Subject, p.Predicate, p.Object}
				if slices.Contains(e.seen, t) {
					continue
				}
				e.seen = append(e.seen, t)
				e.out = append(e.out, p.GetDirection(e.to))
				if count != nil && e.left() { // quads are left to account for
					e.want = append(e.want, tripleKey(count, t))
					wanted++
				}
			}
			if !e.first {
				e.chunk = min(e.chunk*4, 256)
			}
		}
		if wanted > 0 {
			if err := accountFor(ctx, r, count, active); err != nil {
				return err
			}
		}
		next := active[:0]
		for _, e := range active {
			if !e.done && e.left() {
				next = append(next, e)
			}
		}
		active = next
	}
	return nil
}

// tripleKey is the key of triple t (subject, predicate, object) in the
// bucket of index ind, which has exactly those directions.
func tripleKey(ind *ckv.QuadIndex, t [3]uint64) []byte {
	k := make([]byte, 8*len(ind.Dirs))
	for i, d := range ind.Dirs {
		var id uint64
		switch d {
		case quad.Subject:
			id = t[0]
		case quad.Predicate:
			id = t[1]
		case quad.Object:
			id = t[2]
		}
		binary.BigEndian.PutUint64(k[8*i:], id)
	}
	return k
}

// accountFor looks up, in index count, the quads of the triples the
// entries want and drops them from the entries' quads left to read; an
// entry whose triples have all its quads is done.
func accountFor(ctx context.Context, r reader, count *ckv.QuadIndex, active []*hopEntry) error {
	type want struct {
		key []byte
		e   *hopEntry
	}
	var wants []want
	for _, e := range active {
		for _, k := range e.want {
			wants = append(wants, want{k, e})
		}
		e.want = e.want[:0]
	}
	slices.SortFunc(wants, func(a, b want) int { return bytes.Compare(a.key, b.key) })
	// unique returns the distinct keys of ws (sorted) and the index of
	// each w's key among them
	unique := func(ws []want) ([][]byte, []int) {
		keys := make([][]byte, 0, len(ws))
		at := make([]int, len(ws))
		for i, w := range ws {
			if i == 0 || string(w.key) != string(ws[i-1].key) {
				keys = append(keys, w.key)
			}
			at[i] = len(keys) - 1
		}
		return keys, at
	}
	bucket, _ := indexKey(count.Key(nil))
	keys, at := unique(wants)
	n := make([]int, len(keys))
	if err := r.getSorted(ctx, bucket, keys, func(i int, v []byte) { n[i] = countIDs(v) }); err != nil {
		return err
	}
	for i, w := range wants {
		w.e.covered += n[at[i]]
	}
	var partial []want // the wants of entries with quads left
	for _, w := range wants {
		if w.e.covered >= w.e.total {
			w.e.done = true
		} else {
			partial = append(partial, w)
		}
	}
	if len(partial) == 0 {
		return nil
	}
	keys, at = unique(partial)
	quads := make([][]uint64, len(keys))
	var derr error
	err := r.getSorted(ctx, bucket, keys, func(i int, v []byte) {
		var err error
		if quads[i], err = appendIDs(nil, v); derr == nil {
			derr = err
		}
	})
	if err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	known := map[*hopEntry][][]uint64{}
	var entries []*hopEntry
	for i, w := range partial {
		if _, ok := known[w.e]; !ok {
			entries = append(entries, w.e)
		}
		known[w.e] = append(known[w.e], quads[at[i]])
	}
	for _, e := range entries {
		if err := e.decodeAll(); err != nil {
			return err
		}
		e.ids = without(e.ids, known[e])
	}
	return nil
}

// without returns ids (in order) without the IDs of the lists known;
// it may reuse the memory of ids.
func without(ids []uint64, known [][]uint64) []uint64 {
	n := 0
	for _, k := range known {
		n += len(k)
	}
	if n == 0 {
		return ids
	}
	sorted := slices.IsSorted(ids)
	for _, k := range known {
		sorted = sorted && slices.IsSorted(k)
	}
	out := ids[:0]
	if sorted && len(known) == 1 { // the usual case: merge
		k := known[0]
		for _, id := range ids {
			for len(k) > 0 && k[0] < id {
				k = k[1:]
			}
			if len(k) == 0 || k[0] != id {
				out = append(out, id)
			}
		}
		return out
	}
	set := make(map[uint64]bool, n)
	for _, k := range known {
		for _, id := range k {
			set[id] = true
		}
	}
	for _, id := range ids {
		if !set[id] {
			out = append(out, id)
		}
	}
	return out
}

// quadsRead are log entries read by readQuads: the quads (nil for none)
// of the sorted IDs ids.
type quadsRead struct {
	ids   []uint64
	prims []*proto.Primitive
}

func (q quadsRead) get(id uint64) *proto.Primitive {
	if i, ok := slices.BinarySearch(q.ids, id); ok {
		return q.prims[i]
	}
	return nil
}

// readQuads reads the log entries ids in key order.
func readQuads(ctx context.Context, r reader, ids []uint64) (quadsRead, error) {
	sorted, keys := logKeys(ids)
	out := quadsRead{ids: sorted, prims: make([]*proto.Primitive, len(sorted))}
	buf := make([]proto.Primitive, len(sorted))
	var err error
	gerr := r.getSorted(ctx, logBucket, keys, func(i int, v []byte) {
		if len(v) == 0 || err != nil {
			return
		}
		p := &buf[i]
		if uerr := p.Unmarshal(v); uerr != nil {
			err = fmt.Errorf("%w: log entry %d: %s", ErrCorrupt, sorted[i], oneLine(uerr.Error()))
			return
		}
		out.prims[i] = p
	})
	if err == nil {
		err = gerr
	}
	return out, err
}

// logKeys returns ids sorted, without duplicates, and their log keys.
func logKeys(ids []uint64) ([]uint64, [][]byte) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	buf := make([]byte, 8*len(sorted))
	keys := make([][]byte, len(sorted))
	for i, id := range sorted {
		keys[i] = buf[8*i : 8*i+8 : 8*i+8]
		binary.BigEndian.PutUint64(keys[i], id)
	}
	return sorted, keys
}

// values returns the values of node IDs, nil for none, from the View's
// cache or read in key order (the caller holds the cache lock, rs are the
// View's transactions). The IRIs read are remembered both ways, for a
// query that hands them back (other values seldom come back, and the
// store finds them anyway).
func (s kvQueryStore) values(ctx context.Context, rs []reader, ids []uint64) ([]quad.Value, error) {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	vals := make([]quad.Value, len(sorted))
	var todo []int // in sorted, the IDs to read
	for j, id := range sorted {
		if v, ok := s.cache.names[id]; ok {
			vals[j] = v
		} else {
			todo = append(todo, j)
		}
	}
	if len(todo) > 0 {
		keys := make([][]byte, len(todo))
		buf := make([]byte, 8*len(todo))
		for i, j := range todo {
			keys[i] = buf[8*i : 8*i+8 : 8*i+8]
			binary.BigEndian.PutUint64(keys[i], sorted[j])
		}
		err := inHalves(len(keys), rs, func(r reader, lo, hi int) error {
			var err error
			gerr := r.getSorted(ctx, logBucket, keys[lo:hi], func(i int, b []byte) {
				if j := todo[lo+i]; err == nil && len(b) > 0 {
					vals[j], err = logValue(sorted[j], b)
				}
			})
			if err == nil {
				err = gerr
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		s.cache.names = reserve(s.cache.names, len(todo))
		for _, j := range todo {
			id, v := sorted[j], vals[j]
			s.cache.names[id] = v
			switch v.(type) {
			case quad.IRI, quad.BNode:
				if _, ok := s.cache.refs[v]; !ok {
					s.cache.refs[v] = ckv.Int64Value(id)
				}
			}
		}
	}
	out := make([]quad.Value, len(ids))
	for i, id := range ids {
		j, _ := slices.BinarySearch(sorted, id)
		out[i] = vals[j]
	}
	return out, nil
}

// logValue decodes log entry id, b, as a node's value; nil when it is
// not a node.
func logValue(id uint64, b []byte) (quad.Value, error) {
	var p proto.Primitive
	if err := p.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("%w: log entry %d: %s", ErrCorrupt, id, oneLine(err.Error()))
	}
	if !p.IsNode() {
		return nil, nil
	}
	return pquads.UnmarshalValue(p.Value)
}

// reserve returns m, or a copy of m with room for n more entries when m
// is small for them: a small map grows by many steps.
func reserve[K comparable, V any](m map[K]V, n int) map[K]V {
	if n < 256 || 4*len(m) > n {
		return m
	}
	out := make(map[K]V, len(m)+n)
	maps.Copy(out, m)
	return out
}

// Hops calls fn, for each node of nodes and each distinct value it
// reaches by following preds in turn (each backwards when its inverse is
// true), once per node and value: what the query package's helpers give
// for a chain of properties, in the same order, without reading the
// values of the nodes in between. Nodes the store lacks reach nothing.
func (s kvQueryStore) Hops(ctx context.Context, nodes []quad.Value, preds []quad.Value, inverse []bool, fn func(node, value quad.Value)) error {
	return s.HopColumns(ctx, nodes, [][]quad.Value{preds}, [][]bool{inverse}, func(_, i int, value quad.Value) { fn(nodes[i], value) })
}

// HopColumns is Hops for several chains (columns) from the same nodes,
// read together: fn gets the index of the column, and the node as its
// index in nodes (of its first occurrence). The order is that of Hops for
// each column; columns are not interleaved in any given way.
func (s kvQueryStore) HopColumns(ctx context.Context, nodes []quad.Value, preds [][]quad.Value, inverse [][]bool, fn func(col, node int, value quad.Value)) error {
	if len(preds) != len(inverse) {
		return fmt.Errorf("hops: %d columns of predicates, %d of directions", len(preds), len(inverse))
	}
	var (
		chains [][]idStep
		cols   []int // the column of each chain
	)
	for c, ps := range preds {
		if len(ps) == 0 || len(ps) != len(inverse[c]) {
			return fmt.Errorf("hops: column %d: %d predicates, %d directions", c, len(ps), len(inverse[c]))
		}
		ch := make([]idStep, len(ps))
		for i, p := range ps {
			ch[i] = idStep{pred: s.predID(p), inverse: inverse[c][i]}
			if ch[i].pred == 0 {
				ch = nil // a predicate the store lacks: no values
				break
			}
		}
		if ch != nil {
			chains = append(chains, ch)
			cols = append(cols, c)
		}
	}
	if len(chains) == 0 || len(nodes) == 0 {
		return nil
	}
	ids, at := s.nodeIDs(nodes)
	var (
		col  []int32
		from []int32
		to   []uint64
		got  []quad.Value
	)
	err := s.withReaders(func(rs []reader) error {
		err := s.walk(ctx, rs, ids, chains, func(c, i int, v uint64) {
			col = append(col, int32(cols[c]))
			from = append(from, int32(i))
			to = append(to, v)
		})
		if err != nil {
			return err
		}
		got, err = s.values(ctx, rs, to)
		return err
	})
	if err != nil {
		return err
	}
	for j, v := range got {
		if v != nil {
			fn(int(col[j]), at[from[j]], v)
		}
	}
	return nil
}

// TopOf returns the n (all for n <= 0) of the values of pred from nodes
// (that point to them, when inverse) — distinct, in the order of Hops —
// with the most distinct values for by (that point to them, when
// byInverse), most first, ties in that order: what
// top(values(nodes, pred), by, n) gives in a query, reading the values
// of the n picked only.
func (s kvQueryStore) TopOf(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, by quad.Value, byInverse bool, n int) ([]quad.Value, error) {
	return s.rankOf(ctx, nodes, pred, inverse, by, byInverse, n, func(rs []reader, members []uint64) (func(a, b int) int, error) {
		counts, err := s.countColumns(ctx, rs, members, []idStep{{pred: s.predIDLocked(by), inverse: byInverse}})
		if err != nil {
			return nil, err
		}
		c := counts[0]
		return func(a, b int) int { return c[b] - c[a] }, nil
	})
}

// LatestOf is TopOf ranking by the greatest key of the values for by (a
// value's sort text), greatest first, those without one last: what
// latest(values(nodes, pred), by, n) gives.
func (s kvQueryStore) LatestOf(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, by quad.Value, byInverse bool, n int, key func(quad.Value) string) ([]quad.Value, error) {
	return s.rankOf(ctx, nodes, pred, inverse, by, byInverse, n, func(rs []reader, members []uint64) (func(a, b int) int, error) {
		found, err := s.hopColumns(ctx, rs, members, []idStep{{pred: s.predIDLocked(by), inverse: byInverse}})
		if err != nil {
			return nil, err
		}
		var all []uint64
		for _, vs := range found[0] {
			all = append(all, vs...)
		}
		vals, err := s.values(ctx, rs, all)
		if err != nil {
			return nil, err
		}
		keys := make([]string, len(members))
		j := 0
		for i, vs := range found[0] {
			for range vs {
				if v := vals[j]; v != nil {
					if k := key(v); k > keys[i] {
						keys[i] = k
					}
				}
				j++
			}
		}
		return func(a, b int) int { return strings.Compare(keys[b], keys[a]) }, nil
	})
}

// rankOf gives the n (all for n <= 0) of the values of pred from nodes
// (distinct, in the order of Hops) that rank first (rank compares two of
// members, by their indexes: less than 0 when a ranks before b), ties in
// that order; it reads the values of those only.
func (s kvQueryStore) rankOf(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, by quad.Value, byInverse bool, n int, rank func(rs []reader, members []uint64) (func(a, b int) int, error)) ([]quad.Value, error) {
	p := s.predID(pred)
	s.predID(by) // resolved now: rank runs with the cache locked
	if p == 0 || len(nodes) == 0 {
		return nil, nil
	}
	ids, _ := s.nodeIDs(nodes)
	var out []quad.Value
	err := s.withReaders(func(rs []reader) error {
		var members []uint64
		seen := map[uint64]bool{}
		err := s.walk(ctx, rs, ids, [][]idStep{{{pred: p, inverse: inverse}}}, func(_, _ int, v uint64) {
			if !seen[v] {
				seen[v] = true
				members = append(members, v)
			}
		})
		if err != nil {
			return err
		}
		// values() leaves out the nodes without a value (none, in a
		// sound store): rank those only
		for {
			cmp, err := rank(rs, members)
			if err != nil {
				return err
			}
			order := make([]int, len(members))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, cmp)
			if n > 0 && len(order) > n {
				order = order[:n]
			}
			picked := make([]uint64, len(order))
			for i, j := range order {
				picked[i] = members[j]
			}
			if out, err = s.values(ctx, rs, picked); err != nil {
				return err
			}
			if !slices.Contains(out, nil) {
				return nil
			}
			all, err := s.values(ctx, rs, members)
			if err != nil {
				return err
			}
			kept := members[:0]
			for i, v := range all {
				if v != nil {
					kept = append(kept, members[i])
				}
			}
			members = kept
		}
	})
	return out, err
}

// predIDLocked is predID for a predicate already resolved in the View
// (its ref cached), to call with the cache locked.
func (s kvQueryStore) predIDLocked(pred quad.Value) uint64 {
	if id, ok := s.cache.refs[pred].(ckv.Int64Value); ok {
		return uint64(id)
	}
	return 0
}
