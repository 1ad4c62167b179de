package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"

	"github.com/cayleygraph/cayley/graph"
	ckv "github.com/cayleygraph/cayley/graph/kv"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

var _ Store = (*Cayley)(nil)

// Cayley is a Store over a Cayley v0.7.7 quad store (memstore, bolt,
// leveldb or PostgreSQL). Open makes one.
//
// All access goes through one readers-writer lock: writes are exclusive,
// reads shared. Cayley's bolt backend can deadlock when a query's read
// transactions overlap a write (cayley issue #712) and its memstore is not
// safe for concurrent writes, so no write may run while an iterator is open.
// On a SQL server, which other processes share, a second such lock lives in
// the database (sqllock.go): a Replace computes its diff and writes it
// while no other process writes, and a read never overlaps another
// process's write.
type Cayley struct {
	loc      location
	log      *slog.Logger
	readOnly bool
	lock     rwLock
	qs       graph.QuadStore
	be       backend
	closed   bool // guarded by lock
}

// quadKey identifies a stored quad by the refs of its four terms.
type quadKey [4]any

func (c *Cayley) keyOf(ref graph.Ref) quadKey {
	var k quadKey
	for i, d := range quad.Directions {
		k[i] = graph.ToKey(c.qs.QuadDirection(ref, d))
	}
	return k
}

// Backend names the kind of store ("bolt", "leveldb", "memstore",
// "postgres", "cockroach").
func (c *Cayley) Backend() string { return c.loc.backend }

// rlock takes the read lock, and the shared lock of the processes sharing
// the database when there are any, and returns the function that releases
// both.
func (c *Cayley) rlock(ctx context.Context, what string) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := c.lock.rlock(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if c.closed {
		c.lock.runlock()
		return nil, fmt.Errorf("%s: %w", what, ErrClosed)
	}
	release, err := c.lockProcs(ctx, false)
	if err != nil {
		c.lock.runlock()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return func() { release(); c.lock.runlock() }, nil
}

// wlock is rlock for writes: both locks exclusive.
func (c *Cayley) wlock(ctx context.Context, what string) (func(), error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if c.readOnly {
		return nil, fmt.Errorf("%s: %w", what, ErrReadOnly)
	}
	if err := c.lock.lock(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if c.closed {
		c.lock.unlock()
		return nil, fmt.Errorf("%s: %w", what, ErrClosed)
	}
	release, err := c.lockProcs(ctx, true)
	if err != nil {
		c.lock.unlock()
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return func() { release(); c.lock.unlock() }, nil
}

// lockProcs takes the lock of the processes sharing the database, for
// backends that have one (SQL servers).
func (c *Cayley) lockProcs(ctx context.Context, exclusive bool) (func(), error) {
	if pl, ok := c.be.(procLocker); ok {
		return pl.lockProcs(ctx, exclusive)
	}
	return func() {}, nil
}

// Replace makes graph g hold exactly quads. It computes the difference with
// what g holds and applies deletions and additions in one ApplyDeltas call,
// so that no quad is deleted and re-added in the same transaction (which
// loses the quad from the indexes on Cayley's kv stores).
//
// Errors: ErrInvalid (wrapped, naming the quad) when a quad's label is not
// g or a term is missing, of an unsupported type, invalid UTF-8 or holds
// NUL; ErrReadOnly; ErrClosed; ctx's error; a backend error. On any error
// the graph is left as it was.
func (c *Cayley) Replace(ctx context.Context, g quad.IRI, quads []quad.Quad) (Change, error) {
	chs, err := c.ReplaceBatch(ctx, []Graph{{IRI: g, Quads: quads}})
	if err != nil {
		return Change{}, err
	}
	return chs[0], nil
}

// ReplaceBatch is Replace for several distinct graphs in one transaction,
// which saves a commit (and an fsync) per graph when building many
// documents. Either every graph is replaced or, on error, none is.
//
// Errors: those of Replace, for the first graph that fails; ErrInvalid
// too when two entries name the same graph.
func (c *Cayley) ReplaceBatch(ctx context.Context, gs []Graph) ([]Change, error) {
	what := "replace"
	if len(gs) == 1 {
		what += " " + string(gs[0].IRI)
	} else {
		what += fmt.Sprintf(" %d graphs", len(gs))
	}
	wants := make([][]quad.Quad, len(gs))
	named := make(map[quad.IRI]bool, len(gs))
	for i, gr := range gs {
		if named[gr.IRI] {
			return nil, fmt.Errorf("%s: graph %s twice: %w", what, gr.IRI, ErrInvalid)
		}
		named[gr.IRI] = true
		want := make([]quad.Quad, 0, len(gr.Quads))
		seen := make(map[quad.Quad]bool, len(gr.Quads))
		for _, q := range gr.Quads {
			if err := checkQuad(gr.IRI, q); err != nil {
				return nil, fmt.Errorf("replace %s: %w", gr.IRI, err)
			}
			if !seen[q] {
				seen[q] = true
				want = append(want, q)
			}
		}
		wants[i] = want
	}
	unlock, err := c.wlock(ctx, what)
	if err != nil {
		return nil, err
	}
	defer unlock()
	chs := make([]Change, len(gs))
	err = guard(what, true, func() error {
		var deltas []graph.Delta
		for i, gr := range gs {
			d, ch, err := c.diff(ctx, gr.IRI, wants[i])
			if err != nil {
				if len(gs) > 1 {
					err = fmt.Errorf("graph %s: %w", gr.IRI, err)
				}
				return err
			}
			chs[i] = ch
			deltas = append(deltas, d...)
		}
		if len(deltas) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Ignore* so that a quad written meanwhile by another process (SQL
		// stores are shared) does not fail and roll back the whole batch.
		return c.apply(deltas, graph.IgnoreOpts{IgnoreDup: true, IgnoreMissing: true})
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for i, gr := range gs {
		c.log.Debug("replaced graph", "graph", string(gr.IRI), "added", chs[i].Added, "deleted", chs[i].Deleted)
	}
	return chs, nil
}

// diff computes the deltas that make graph g hold exactly want: deletions
// of the quads no longer there, additions of the new ones, none for the
// quads both hold. The caller holds the write lock.
func (c *Cayley) diff(ctx context.Context, g quad.IRI, want []quad.Quad) ([]graph.Delta, Change, error) {
	have, err := c.graphRefs(ctx, g)
	if err != nil {
		return nil, Change{}, err
	}
	existed := len(have) > 0
	add, err := c.missing(ctx, want, have)
	if err != nil {
		return nil, Change{}, err
	}
	del, err := c.quadsOf(ctx, mapValues(have), nil)
	if err != nil {
		return nil, Change{}, err
	}
	ch := Change{Status: Updated, Added: len(add), Deleted: len(del)}
	switch {
	case !existed && len(add) == 0:
		return nil, Change{Status: Unchanged}, nil
	case !existed:
		ch.Status = Added
	case len(add) == 0 && len(del) == 0:
		return nil, Change{Status: Unchanged}, nil
	}
	deltas := make([]graph.Delta, 0, len(add)+len(del))
	for _, q := range del {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Delete})
	}
	for _, q := range add {
		deltas = append(deltas, graph.Delta{Quad: q, Action: graph.Add})
	}
	return deltas, ch, nil
}

// apply writes deltas in one transaction; the caller holds the write lock.
// After a failure the quad store is reopened when the backend says its
// in-memory state may be stale.
func (c *Cayley) apply(deltas []graph.Delta, opts graph.IgnoreOpts) error {
	err := guard("write", true, func() error { return c.be.apply(c.qs, deltas, opts) })
	if err == nil {
		return nil
	}
	qs, rerr := c.be.reopen()
	if rerr != nil {
		return fmt.Errorf("%w (then reopening failed: %s)", err, oneLine(rerr.Error()))
	}
	if qs != nil {
		c.qs = qs
	}
	return err
}

// graphRefs returns the quads of graph g by the label index, keyed by the
// refs of their terms; every quad in have but not in the wanted set is
// deleted by Replace.
func (c *Cayley) graphRefs(ctx context.Context, g quad.IRI) (map[quadKey]graph.Ref, error) {
	have := make(map[quadKey]graph.Ref)
	gref := c.qs.ValueOf(g)
	if gref == nil {
		return have, nil
	}
	it := c.qs.QuadIterator(quad.Label, gref)
	defer it.Close()
	for it.Next(ctx) {
		have[c.keyOf(it.Result())] = it.Result()
	}
	if err := it.Err(); err != nil {
		return nil, err
	}
	return have, ctx.Err()
}

// missing returns the quads of want that are not in have, and removes the
// ones that are from have, leaving there the quads to delete.
func (c *Cayley) missing(ctx context.Context, want []quad.Quad, have map[quadKey]graph.Ref) ([]quad.Quad, error) {
	if len(have) == 0 {
		return want, nil
	}
	index := make(map[quad.Value]int)
	var vals []quad.Value
	for _, q := range want {
		for _, d := range quad.Directions {
			v := q.Get(d)
			if _, ok := index[v]; !ok {
				index[v] = len(vals)
				vals = append(vals, v)
			}
		}
	}
	refs, err := c.refsOf(ctx, vals)
	if err != nil {
		return nil, err
	}
	var add []quad.Quad
	for _, q := range want {
		var k quadKey
		for i, d := range quad.Directions {
			k[i] = graph.ToKey(refs[index[q.Get(d)]])
		}
		if _, ok := have[k]; ok {
			delete(have, k)
		} else {
			add = append(add, q)
		}
	}
	return add, nil
}

// refsOf is graph.RefsOf without its error for values the store lacks
// (their ref is nil or one no quad has).
func (c *Cayley) refsOf(ctx context.Context, vals []quad.Value) ([]graph.Ref, error) {
	if bq, ok := c.qs.(graph.BatchQuadStore); ok {
		return bq.RefsOf(ctx, vals)
	}
	refs := make([]graph.Ref, len(vals))
	for i, v := range vals {
		refs[i] = c.qs.ValueOf(v)
	}
	return refs, nil
}

// quadsOf resolves stored quads to their values, each distinct term once,
// in one batch. cache maps term keys to values already resolved; Quads
// shares one across graphs (refs never change meaning while the store is
// open).
func (c *Cayley) quadsOf(ctx context.Context, refs []graph.Ref, cache map[any]quad.Value) ([]quad.Quad, error) {
	if cache == nil {
		cache = make(map[any]quad.Value)
	}
	var (
		need []graph.Ref
		keys []any
	)
	for _, r := range refs {
		for _, d := range quad.Directions {
			t := c.qs.QuadDirection(r, d)
			k := graph.ToKey(t)
			if _, ok := cache[k]; !ok && t != nil {
				cache[k] = nil
				need = append(need, t)
				keys = append(keys, k)
			}
		}
	}
	vals, err := graph.ValuesOf(ctx, c.qs, need)
	if err != nil {
		return nil, err
	}
	for i, v := range vals {
		cache[keys[i]] = v
	}
	out := make([]quad.Quad, len(refs))
	for i, r := range refs {
		var v [4]quad.Value
		for j, d := range quad.Directions {
			if t := c.qs.QuadDirection(r, d); t != nil {
				v[j] = cache[graph.ToKey(t)]
			}
		}
		out[i] = quad.Quad{Subject: v[0], Predicate: v[1], Object: v[2], Label: v[3]}
		if v[0] == nil || v[1] == nil || v[2] == nil {
			return nil, fmt.Errorf("%w: quad %v has a term with no value", ErrCorrupt, out[i])
		}
	}
	return out, nil
}

// Remove deletes every quad of graph g in one transaction and returns how
// many there were.
//
// Errors: ErrNotFound when g holds no quads; ErrReadOnly; ErrClosed; ctx's
// error; a backend error, after which g is left as it was.
func (c *Cayley) Remove(ctx context.Context, g quad.IRI) (int, error) {
	what := "remove " + string(g)
	unlock, err := c.wlock(ctx, what)
	if err != nil {
		return 0, err
	}
	defer unlock()
	var n int
	err = guard(what, true, func() error {
		have, err := c.graphRefs(ctx, g)
		if err != nil {
			return err
		}
		if len(have) == 0 {
			return ErrNotFound
		}
		del, err := c.quadsOf(ctx, mapValues(have), nil)
		if err != nil {
			return err
		}
		deltas := make([]graph.Delta, len(del))
		for i, q := range del {
			deltas[i] = graph.Delta{Quad: q, Action: graph.Delete}
		}
		n = len(del)
		return c.apply(deltas, graph.IgnoreOpts{IgnoreMissing: true})
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// Hash returns the literal of `<g> ng:contentHash ?h` in graph g (found
// through the subject index), "" when there is none. When g states several,
// the smallest is returned.
//
// Errors: ErrClosed; ctx's error; ErrCorrupt when the value is not a
// literal; a backend error.
func (c *Cayley) Hash(ctx context.Context, g quad.IRI) (string, error) {
	what := "hash " + string(g)
	unlock, err := c.rlock(ctx, what)
	if err != nil {
		return "", err
	}
	defer unlock()
	var hashes []string
	err = guard(what, true, func() error {
		gref, pref := c.qs.ValueOf(g), c.qs.ValueOf(vocab.ContentHash)
		if gref == nil || pref == nil {
			return nil
		}
		gkey, pkey := graph.ToKey(gref), graph.ToKey(pref)
		it := c.qs.QuadIterator(quad.Subject, gref)
		defer it.Close()
		var objs []graph.Ref
		for it.Next(ctx) {
			r := it.Result()
			if graph.ToKey(c.qs.QuadDirection(r, quad.Predicate)) == pkey &&
				graph.ToKey(c.qs.QuadDirection(r, quad.Label)) == gkey {
				objs = append(objs, c.qs.QuadDirection(r, quad.Object))
			}
		}
		if err := it.Err(); err != nil {
			return err
		}
		vals, err := graph.ValuesOf(ctx, c.qs, objs)
		if err != nil {
			return err
		}
		for _, v := range vals {
			s, ok := literalText(v)
			if !ok {
				return fmt.Errorf("%w: content hash %v is not a literal", ErrCorrupt, v)
			}
			hashes = append(hashes, s)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if len(hashes) == 0 {
		return "", nil
	}
	return slices.Min(hashes), nil
}

func literalText(v quad.Value) (string, bool) {
	switch v := v.(type) {
	case quad.String:
		return string(v), true
	case quad.TypedString:
		return string(v.Value), true
	case quad.LangString:
		return string(v.Value), true
	}
	return "", false
}

// Graphs returns the names of the non-empty named graphs, sorted. On kv
// stores it reads the keys of the label index, not the quads.
//
// Errors: ErrClosed; ctx's error; a backend error.
func (c *Cayley) Graphs(ctx context.Context) ([]quad.IRI, error) {
	const what = "list graphs"
	unlock, err := c.rlock(ctx, what)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []quad.IRI
	err = guard(what, true, func() error {
		labels, err := c.be.graphs(ctx, c.qs)
		if err != nil {
			return err
		}
		for _, l := range labels {
			if iri, ok := l.(quad.IRI); ok {
				out = append(out, iri)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	slices.Sort(out)
	return out, nil
}

// Quads calls fn for every quad in a named graph, sorted by graph, then by
// the N-Quads form of subject, predicate and object. Each graph is read
// atomically and fn runs without the store locked, so fn may use the
// store; a graph replaced meanwhile is seen before or after the change.
//
// Errors: the first error from fn; ErrClosed; ctx's error; a backend error.
func (c *Cayley) Quads(ctx context.Context, fn func(quad.Quad) error) error {
	gs, err := c.Graphs(ctx)
	if err != nil {
		return err
	}
	cache := make(map[any]quad.Value)
	for group := range slices.Chunk(gs, quadsGroup) {
		qss, err := c.readGraphs(ctx, group, cache)
		if err != nil {
			return err
		}
		for _, qs := range qss {
			for _, q := range qs {
				if err := fn(q); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// quadsGroup is how many graphs Quads reads under one lock: on a SQL store
// each read costs round trips to the server, which groups share.
const quadsGroup = 64

// labelReader is a backend that finds the quads of several graphs in one
// go.
type labelReader interface {
	// labelRefs returns the quads of each graph of gs.
	labelRefs(ctx context.Context, qs graph.QuadStore, gs []quad.IRI) ([][]graph.Ref, error)
}

// graph reads the quads of g, sorted.
func (c *Cayley) graph(ctx context.Context, g quad.IRI, cache map[any]quad.Value) ([]quad.Quad, error) {
	qss, err := c.readGraphs(ctx, []quad.IRI{g}, cache)
	if err != nil {
		return nil, err
	}
	return qss[0], nil
}

// readGraphs reads the quads of the graphs gs atomically, each sorted.
func (c *Cayley) readGraphs(ctx context.Context, gs []quad.IRI, cache map[any]quad.Value) ([][]quad.Quad, error) {
	what := "read " + string(gs[0])
	if len(gs) > 1 {
		what = fmt.Sprintf("read %d graphs from %s", len(gs), gs[0])
	}
	unlock, err := c.rlock(ctx, what)
	if err != nil {
		return nil, err
	}
	defer unlock()
	out := make([][]quad.Quad, len(gs))
	err = guard(what, true, func() error {
		var refs [][]graph.Ref
		if lr, ok := c.be.(labelReader); ok {
			var err error
			if refs, err = lr.labelRefs(ctx, c.qs, gs); err != nil {
				return err
			}
		} else {
			for _, g := range gs {
				have, err := c.graphRefs(ctx, g)
				if err != nil {
					return err
				}
				refs = append(refs, mapValues(have))
			}
		}
		qs, err := c.quadsOf(ctx, slices.Concat(refs...), cache)
		if err != nil {
			return err
		}
		for i, r := range refs {
			out[i], qs = qs[:len(r):len(r)], qs[len(r):]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for _, qs := range out {
		sortQuads(qs)
	}
	return out, nil
}

// sortQuads orders quads of one graph by the N-Quads form of their terms.
func sortQuads(qs []quad.Quad) {
	type keyed struct {
		q       quad.Quad
		s, p, o string
	}
	ks := make([]keyed, len(qs))
	for i, q := range qs {
		ks[i] = keyed{q, q.Subject.String(), q.Predicate.String(), q.Object.String()}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.s, b.s), cmp.Compare(a.p, b.p), cmp.Compare(a.o, b.o))
	})
	for i := range ks {
		qs[i] = ks[i].q
	}
}

// Stats counts quads, named graphs and the distinct subjects of each
// rdf:type. On kv stores the type count scans every quad: Cayley indexes
// no predicate-first key (see QUERYING.md).
//
// Errors: ErrClosed; ctx's error; a backend error.
func (c *Cayley) Stats(ctx context.Context) (Stats, error) {
	const what = "stats"
	unlock, err := c.rlock(ctx, what)
	if err != nil {
		return Stats{}, err
	}
	defer unlock()
	st := Stats{Types: map[string]int64{}}
	err = guard(what, true, func() error {
		gst, err := c.qs.Stats(ctx, false)
		if err == nil && !gst.Quads.Exact {
			gst, err = c.qs.Stats(ctx, true)
		}
		if errors.Is(err, ckv.ErrNoBucket) { // a kv store never written to
			gst, err = graph.Stats{}, nil
		}
		if err != nil {
			return err
		}
		st.Quads = gst.Quads.Size
		labels, err := c.be.graphs(ctx, c.qs)
		if err != nil {
			return err
		}
		st.Graphs = int64(len(labels))
		return c.countTypes(ctx, st.Types)
	})
	if err != nil {
		return Stats{}, fmt.Errorf("%s: %w", what, err)
	}
	return st, nil
}

func (c *Cayley) countTypes(ctx context.Context, out map[string]int64) error {
	tref := c.qs.ValueOf(vocab.Type)
	if tref == nil {
		return nil
	}
	type class struct {
		ref      graph.Ref
		subjects map[any]struct{}
	}
	classes := make(map[any]*class)
	it := c.qs.QuadIterator(quad.Predicate, tref)
	defer it.Close()
	for it.Next(ctx) {
		r := it.Result()
		o := c.qs.QuadDirection(r, quad.Object)
		k := graph.ToKey(o)
		cl := classes[k]
		if cl == nil {
			cl = &class{ref: o, subjects: make(map[any]struct{})}
			classes[k] = cl
		}
		cl.subjects[graph.ToKey(c.qs.QuadDirection(r, quad.Subject))] = struct{}{}
	}
	if err := it.Err(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	refs := make([]graph.Ref, 0, len(classes))
	cls := mapValues(classes)
	for _, cl := range cls {
		refs = append(refs, cl.ref)
	}
	vals, err := graph.ValuesOf(ctx, c.qs, refs)
	if err != nil {
		return err
	}
	for i, v := range vals {
		name := quad.ToString(v)
		if iri, ok := v.(quad.IRI); ok {
			name = string(iri)
		}
		out[name] += int64(len(cls[i].subjects))
	}
	return nil
}

// View runs fn with read access to the Cayley quad store, for Gizmo
// queries. Writes wait until fn returns; fn must not write to the quad
// store nor call methods of c (a waiting writer would deadlock it until
// ctx ends). A panic in fn is returned as an error.
//
// Errors: fn's error; ErrClosed; ctx's error.
func (c *Cayley) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	const what = "query"
	unlock, err := c.rlock(ctx, what)
	if err != nil {
		return err
	}
	defer unlock()
	qs := c.be.queryStore(c.qs)
	if v, ok := qs.(interface{ endView() }); ok {
		defer v.endView()
	}
	return guard(what, false, func() error { return fn(qs) })
}

// Close waits for running operations and releases the store. Later calls
// of any method fail with ErrClosed; Close itself may be called again.
//
// Errors: a backend error while flushing or closing.
func (c *Cayley) Close() error {
	_ = c.lock.lock(context.Background())
	defer c.lock.unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	err := c.qs.Close()
	if berr := c.be.close(); err == nil {
		err = berr
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", c.loc, err)
	}
	return nil
}

func mapValues[K comparable, V any](m map[K]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
