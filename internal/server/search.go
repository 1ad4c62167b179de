package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// nameIndex finds nodes by the beginning of any of their names. Exact
// names resolve through the store's object index (query.Lookup) and need
// no index; prefixes and words inside names ("jae" in "lee jae myung")
// need a list of every name, which costs one pass over the store's quads
// (its ng:key literals, and the names of agreements, which have no key).
// The list is built once, in the background when Serve starts, and
// rebuilt when the set of documents has changed and it is older than
// nameIndexTTL.
type nameIndex struct {
	st  Store
	log *slog.Logger
	// base bounds every build: Serve sets it to its own context, so that
	// a build stops when the server does and Close need not wait for it.
	base context.Context

	mu       sync.Mutex
	building chan struct{} // closed when the build in progress ends
	cur      *nameList
}

// nameList is the names of one build, sorted by key.
type nameList struct {
	keys []string              // distinct keys, sorted
	iris map[string][]quad.IRI // key → nodes, sorted
	// weight is how many documents name a node (by its most used name),
	// so that "chi" finds China before Chi-Chi.
	weight map[quad.IRI]int
	graphs []quad.IRI // the documents when it was built
	built  time.Time
	err    error
}

const nameIndexTTL = time.Minute

// indexWait is how long a search waits for the index of names before it
// answers with exact names only (a variable for tests).
var indexWait = 2 * time.Second

func newNameIndex(st Store, log *slog.Logger) *nameIndex {
	return &nameIndex{st: st, log: log, base: context.Background()}
}

// setBase makes ctx bound the builds that start from now on.
func (x *nameIndex) setBase(ctx context.Context) {
	x.mu.Lock()
	x.base = ctx
	x.mu.Unlock()
}

// warm builds the index in the background, bounded by timeout.
func (x *nameIndex) warm(ctx context.Context, timeout time.Duration) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := x.get(ctx); err != nil && ctx.Err() == nil {
		x.log.Warn("build the search index", "err", err)
	}
}

// get returns the current list, waiting (within ctx) for the first build;
// a stale list is returned at once while a rebuild runs.
func (x *nameIndex) get(ctx context.Context) (*nameList, error) {
	x.mu.Lock()
	cur, building := x.cur, x.building
	if building == nil && (cur == nil || cur.err != nil || time.Since(cur.built) > nameIndexTTL) {
		building = make(chan struct{})
		x.building = building
		go x.build(x.base, cur, building)
	}
	x.mu.Unlock()
	if cur != nil && cur.err == nil {
		return cur, nil
	}
	select {
	case <-building:
	case <-ctx.Done():
		return nil, fmt.Errorf("search index: %w", ctx.Err())
	}
	x.mu.Lock()
	cur = x.cur
	x.mu.Unlock()
	if cur.err != nil {
		return nil, cur.err
	}
	return cur, nil
}

// build makes a new list, unless the documents are those of old; it runs
// under its own time limit, not a request's, since other requests wait
// for it.
func (x *nameIndex) build(base context.Context, old *nameList, done chan struct{}) {
	defer close(done)
	ctx, cancel := context.WithTimeout(base, 10*time.Minute)
	defer cancel()
	start := time.Now()
	next, err := x.read(ctx, old)
	if err != nil {
		next = &nameList{err: fmt.Errorf("search index: %w", err), built: time.Now()}
	}
	x.log.Debug("search index", "keys", len(next.keys), "duration", time.Since(start), "err", err)
	x.mu.Lock()
	if err == nil || x.cur == nil || x.cur.err != nil {
		x.cur = next
	} else {
		x.cur.built = time.Now() // keep the old list; retry after the TTL
	}
	x.building = nil
	x.mu.Unlock()
}

func (x *nameIndex) read(ctx context.Context, old *nameList) (*nameList, error) {
	gs, err := x.st.Graphs(ctx)
	if err != nil {
		return nil, err
	}
	if old != nil && old.err == nil && slices.Equal(gs, old.graphs) {
		return &nameList{keys: old.keys, iris: old.iris, weight: old.weight, graphs: gs, built: time.Now()}, nil
	}
	l := &nameList{iris: map[string][]quad.IRI{}, weight: map[quad.IRI]int{}, graphs: gs, built: time.Now()}
	err = x.st.View(ctx, func(qs graph.QuadStore) error {
		keyRef, nameRef := qs.ValueOf(vocab.KeyProp), qs.ValueOf(vocab.Name)
		if keyRef == nil {
			return nil // an empty store
		}
		kk := graph.ToKey(keyRef)
		var nk any
		if nameRef != nil {
			nk = graph.ToKey(nameRef)
		}
		// One pass over every quad, keeping the ng:key and schema:name
		// ones as pairs of term refs; terms are read once each after.
		type pair struct {
			s, o graph.Ref
			n    int // quads: documents that give the node this name
		}
		seen := map[[2]any]int{} // index in pairs
		var pairs []pair
		it := qs.QuadsAllIterator()
		defer it.Close()
		for n := 0; it.Next(ctx); n++ {
			q := it.Result()
			pk := graph.ToKey(qs.QuadDirection(q, quad.Predicate))
			if pk != kk && (nk == nil || pk != nk) {
				continue
			}
			s, o := qs.QuadDirection(q, quad.Subject), qs.QuadDirection(q, quad.Object)
			k := [2]any{graph.ToKey(s), graph.ToKey(o)}
			i, ok := seen[k]
			if !ok {
				i = len(pairs)
				seen[k] = i
				pairs = append(pairs, pair{s: s, o: o})
			}
			pairs[i].n++
		}
		if err := it.Err(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		vals := map[any]quad.Value{}
		var need []graph.Ref
		for _, p := range pairs {
			for _, t := range []graph.Ref{p.s, p.o} {
				if k := graph.ToKey(t); vals[k] == nil {
					vals[k] = quad.String("")
					need = append(need, t)
				}
			}
		}
		got, err := graph.ValuesOf(ctx, qs, need)
		if err != nil {
			return err
		}
		for i, v := range got {
			vals[graph.ToKey(need[i])] = v
		}
		for _, p := range pairs {
			iri, ok := vals[graph.ToKey(p.s)].(quad.IRI)
			if !ok {
				continue
			}
			kind := kindOf(iri)
			if !searchable[kind] {
				continue
			}
			text, ok := lexical(vals[graph.ToKey(p.o)])
			if !ok {
				continue
			}
			// ng:key literals are keys already; names (of agreements,
			// which have none) are normalized the same way.
			key := vocab.Key(text)
			if key == "" {
				continue
			}
			l.iris[key] = append(l.iris[key], iri)
			l.weight[iri] = max(l.weight[iri], p.n)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, iris := range l.iris {
		slices.Sort(iris)
		l.iris[k] = slices.Compact(iris)
		l.keys = append(l.keys, k)
	}
	sort.Strings(l.keys)
	return l, nil
}

// searchable are the kinds search finds; events are found through the
// people and countries that take part.
var searchable = map[string]bool{
	kindPerson: true, kindCountry: true, kindOrganization: true,
	kindPlace: true, kindTopic: true, kindAgreement: true,
}

// kindRank orders search results of equal match quality.
var kindRank = map[string]int{
	kindPerson: 0, kindCountry: 1, kindOrganization: 2, kindTopic: 3, kindPlace: 4, kindAgreement: 5,
}

// Match qualities, best first.
const (
	matchExact  = "exact"  // the name is an alias of the node
	matchPrefix = "prefix" // an alias starts with the name
	matchWord   = "word"   // a word of an alias starts with the name
)

var matchRank = map[string]int{matchExact: 0, matchPrefix: 1, matchWord: 2}

type searchHit struct {
	nodeInfo
	Match  string `json:"match"`
	Alias  string `json:"alias"` // the normalized name that matched
	weight int
}

// maxCandidates bounds the nodes one search ranks.
const maxCandidates = 20000

// find returns the nodes matching key, at most maxCandidates: those with
// a name equal to key or starting with it, and those with a word starting
// with it; more says some were left out.
func (l *nameList) find(key string, kinds map[string]bool) (hits map[quad.IRI]searchHit, more bool) {
	hits = map[quad.IRI]searchHit{}
	add := func(k, match string) bool {
		for _, iri := range l.iris[k] {
			if kinds != nil && !kinds[kindOf(iri)] {
				continue
			}
			if h, ok := hits[iri]; ok && (matchRank[h.Match] < matchRank[match] ||
				matchRank[h.Match] == matchRank[match] && len(h.Alias) <= len(k)) {
				continue
			}
			if len(hits) >= maxCandidates {
				return false
			}
			hits[iri] = searchHit{nodeInfo: nodeInfo{IRI: string(iri), Kind: kindOf(iri)}, Match: match, Alias: k, weight: l.weight[iri]}
		}
		return true
	}
	i := sort.SearchStrings(l.keys, key)
	for ; i < len(l.keys) && strings.HasPrefix(l.keys[i], key); i++ {
		m := matchPrefix
		if l.keys[i] == key {
			m = matchExact
		}
		if !add(l.keys[i], m) {
			return hits, true
		}
	}
	for _, k := range l.keys {
		if !strings.HasPrefix(k, key) && strings.Contains(k, " "+key) {
			if !add(k, matchWord) {
				return hits, true
			}
		}
	}
	return hits, false
}

// rankHits orders search results: better matches first, then nodes named
// by more documents, then closer names, then by kind and name.
func rankHits(hs []searchHit) {
	sort.Slice(hs, func(i, j int) bool {
		a, b := hs[i], hs[j]
		if matchRank[a.Match] != matchRank[b.Match] {
			return matchRank[a.Match] < matchRank[b.Match]
		}
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if len(a.Alias) != len(b.Alias) {
			return len(a.Alias) < len(b.Alias)
		}
		if kindRank[a.Kind] != kindRank[b.Kind] {
			return kindRank[a.Kind] < kindRank[b.Kind]
		}
		if !strings.EqualFold(a.Name, b.Name) {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return a.IRI < b.IRI
	})
}

// handleSearch finds nodes by name: GET /api/search?q=lee[&kind=person,country][&limit=20].
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "q", "kind", "limit")
	text := f.required("q", "a name or the beginning of one")
	limit := f.int("limit", 20, 1, s.opts.MaxRows)
	k := f.single("kind")
	if f.err != nil {
		s.fail(w, r, f.err)
		return
	}
	var kinds map[string]bool
	if k != "" {
		kinds = map[string]bool{}
		for _, kind := range strings.Split(k, ",") {
			kind = strings.TrimSpace(kind)
			if !searchable[kind] {
				s.fail(w, r, badRequest("parameter \"kind\": unknown kind %q (want person, country, organization, place, topic or agreement)", kind))
				return
			}
			kinds[kind] = true
		}
	}
	key := vocab.Key(text)
	out := struct {
		Query     string      `json:"query"`
		Results   []searchHit `json:"results"`
		Truncated bool        `json:"truncated"`
		// Partial: the index of names was not ready; only exact names
		// were looked up.
		Partial bool `json:"partial"`
	}{Query: text, Results: []searchHit{}}
	if key == "" {
		s.writeJSON(w, r, http.StatusOK, out)
		return
	}
	// Exact names through the object index, always current.
	hits := map[quad.IRI]searchHit{}
	err := s.st.View(r.Context(), func(qs graph.QuadStore) error {
		iris, err := query.Lookup(r.Context(), qs, text)
		for _, iri := range iris {
			if (kinds == nil && searchable[kindOf(iri)]) || kinds[kindOf(iri)] {
				hits[iri] = searchHit{nodeInfo: nodeInfo{IRI: string(iri), Kind: kindOf(iri)}, Match: matchExact, Alias: key}
			}
		}
		return err
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Names that begin with the text need the index; while it is first
	// built (seconds on a large store), answer with the exact names.
	wait, cancel := context.WithTimeout(r.Context(), indexWait)
	list, err := s.names.get(wait)
	cancel()
	var trunc bool
	switch {
	case err == nil:
		var more map[quad.IRI]searchHit
		more, trunc = list.find(key, kinds)
		for iri, h := range more {
			if old, ok := hits[iri]; ok && matchRank[old.Match] <= matchRank[h.Match] {
				h.Match, h.Alias = old.Match, old.Alias
			}
			hits[iri] = h
		}
	case errors.Is(err, context.DeadlineExceeded) && r.Context().Err() == nil:
		out.Partial = true
	default:
		s.fail(w, r, err)
		return
	}
	for _, h := range hits {
		out.Results = append(out.Results, h)
	}
	rankHits(out.Results) // by what the index knows, to keep the best
	if len(out.Results) > limit {
		out.Results, trunc = out.Results[:limit], true
	}
	err = s.st.View(r.Context(), func(qs graph.QuadStore) error {
		rd := newReader(r.Context(), qs, s.opts.MaxScan)
		for i, h := range out.Results {
			n, err := rd.node(quad.IRI(h.IRI))
			if err != nil {
				return err
			}
			out.Results[i].nodeInfo = *n
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rankHits(out.Results)
	out.Truncated = trunc
	s.writeJSON(w, r, http.StatusOK, out)
}

// intParam reads an optional integer parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v, err := single(r, name)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badRequest("parameter %q: %q is not a number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}
