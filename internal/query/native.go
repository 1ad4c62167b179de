package query

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	_ "unsafe" // go:linkname

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/path"
	"github.com/cayleygraph/quad"
	"github.com/dop251/goja"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// The query library's values(), describe(), latest(), top(), count() and
// tally() run in Go. Written in JavaScript they cost Gizmo's interpreter
// (goja) tens of microseconds per node and value, seconds for a query over
// a thousand documents; in Go each property is one path from all the
// nodes, which the store answers from its indexes (on the kv stores, the
// View's HopColumns, Count, TopOf and LatestOf: internal/store/hop.go).
//
// Gizmo (Cayley v0.7.7, pinned) builds every program's global functions
// from its package map defaultEnv and offers no other way to add one, so
// init adds them there. A native function sees only its arguments, so each
// running program gets a token (the PROGRAM global of the prelude) that
// names its store and context here. Results go back to JavaScript as
// arrays and objects of its own (jsOut): goja shows Go slices and maps as
// wrappers, slow to loop over.
//
//go:linkname gizmoEnv github.com/cayleygraph/cayley/query/gizmo.defaultEnv
var gizmoEnv map[string]func(vm *goja.Runtime, call goja.FunctionCall) goja.Value

func init() {
	gizmoEnv["__newsgraphValues"] = nativeValues
	gizmoEnv["__newsgraphDescribe"] = nativeDescribe
	gizmoEnv["__newsgraphLatest"] = nativeLatest
	gizmoEnv["__newsgraphTop"] = nativeTop
	gizmoEnv["__newsgraphCount"] = nativeCount
	gizmoEnv["__newsgraphTally"] = nativeTally
}

// program is what the native helpers of one running program use.
type program struct {
	ctx      context.Context
	qs       graph.QuadStore
	distinct string // the store's distinct-predicate prefix, or ""
}

var (
	programs   sync.Map // token → *program
	programSeq atomic.Uint64
)

// register makes p reachable from its program's native calls by the
// returned token until done is called.
func register(p *program) (token string, done func()) {
	token = strconv.FormatUint(programSeq.Add(1), 10)
	programs.Store(token, p)
	return token, func() { programs.Delete(token) }
}

func programOf(vm *goja.Runtime, call goja.FunctionCall) *program {
	if p, ok := programs.Load(call.Argument(0).String()); ok {
		return p.(*program)
	}
	panic(vm.NewGoError(errors.New("native query helper called outside a running query")))
}

// nodesArg reads the nodes given to a helper: a list, or members(cls) (as
// {members: cls}): the nodes of class cls, which it lists as
// values([cls], inverse(rdf:type)) would. cls is that class, nil for a
// list.
func (prog *program) nodesArg(vm *goja.Runtime, arg goja.Value, helper string) (nodes []any, cls quad.Value) {
	x := arg.Export()
	m, ok := x.(map[string]any)
	if !ok {
		nodes, _ = x.([]any)
		return nodes, nil
	}
	cls, err := toValue(m["members"])
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("%s(): nodes: a list or members(class)", helper)))
	}
	var found []quad.Value
	err = prog.hop([]quad.Value{cls}, hop{preds: []quad.Value{vocab.Type}, inverse: true}, func(_, v quad.Value) { found = append(found, v) })
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("%s(): %w", helper, err)))
	}
	seen := make(map[quad.Value]bool, len(found))
	nodes = make([]any, 0, len(found))
	for _, v := range found {
		if !seen[v] {
			seen[v] = true
			nodes = append(nodes, jsValue(v))
		}
	}
	return nodes, cls
}

// nativeValues is values(nodes, p): the distinct values of property p
// (a predicate, or {inverse: predicate}) of the nodes, in the order found.
func nativeValues(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "values")
	h := hopArg(vm, call, "values")
	var found []quad.Value
	err := prog.hop(startValues(nodes), h, func(_, v quad.Value) { found = append(found, v) })
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("values(): %w", err)))
	}
	js := newJSOut(vm)
	out := make([]goja.Value, 0, len(found))
	seen := make(map[quad.Value]bool, len(found))
	for _, v := range found {
		if !seen[v] {
			seen[v] = true
			out = append(out, vm.ToValue(jsValue(v)))
		}
	}
	return js.array(out)
}

// nativeDescribe is describe(nodes, props): for each distinct node, in
// order, an object with the node as id and, for each property of props
// (column name → predicate or {inverse: predicate}), the distinct values
// found, in order.
func nativeDescribe(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "describe")
	props, _ := call.Argument(2).Export().(map[string]any)
	cols := make([]string, 0, len(props))
	for col := range props {
		cols = append(cols, col)
	}
	slices.Sort(cols)
	type row struct {
		id   any
		vals [][]quad.Value        // per column
		seen []map[quad.Value]bool // per column, for long ones
	}
	var (
		rows   []*row
		byKey  = make(map[string]*row, len(nodes))
		byVal  = make(map[quad.Value]int, len(nodes)) // index in start
		start  []quad.Value
		starts [][]*row // the rows of each node of start
	)
	for _, n := range nodes {
		key := propertyKey(n)
		if byKey[key] != nil {
			continue
		}
		r := &row{id: n, vals: make([][]quad.Value, len(cols)), seen: make([]map[quad.Value]bool, len(cols))}
		rows = append(rows, r)
		byKey[key] = r
		if v, err := toValue(n); err == nil {
			i, ok := byVal[v]
			if !ok {
				i = len(start)
				byVal[v] = i
				start, starts = append(start, v), append(starts, nil)
			}
			starts[i] = append(starts[i], r)
		}
	}
	// add adds value v of column c to the rows of node i of start; unique
	// when the values come distinct (a hopper's, for one chain)
	add := func(c, i int, v quad.Value, unique bool) {
		for _, r := range starts[i] {
			if unique && len(starts[i]) == 1 {
				r.vals[c] = append(r.vals[c], v)
				continue
			}
			if seen := r.seen[c]; seen != nil {
				if seen[v] {
					continue
				}
				seen[v] = true
			} else if slices.Contains(r.vals[c], v) {
				continue
			} else if len(r.vals[c]) >= 16 {
				seen = make(map[quad.Value]bool, 64)
				for _, x := range r.vals[c] {
					seen[x] = true
				}
				seen[v] = true
				r.seen[c] = seen
			}
			r.vals[c] = append(r.vals[c], v)
		}
	}
	// the columns a hopper follows, all at once
	var (
		together []int
		preds    [][]quad.Value
		inverse  [][]bool
		unique   = make([]bool, len(cols)) // the column is one chain
	)
	hs, isHopper := prog.qs.(hopper)
	for c, col := range cols {
		h, err := hopOf(props[col])
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("describe(): column %q: %w", col, err)))
		}
		if p, inv, ok := h.chains(); ok && isHopper {
			for i := range p {
				together = append(together, c)
				preds, inverse = append(preds, p[i]), append(inverse, inv[i])
			}
			unique[c] = len(p) == 1
			continue
		}
		err = prog.hop(start, h, func(id, v quad.Value) { add(c, byVal[id], v, false) })
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("describe(): column %q: %w", col, err)))
		}
	}
	if len(together) > 0 && len(start) > 0 {
		err := hs.HopColumns(prog.ctx, start, preds, inverse, func(j, i int, v quad.Value) { add(together[j], i, v, unique[together[j]]) })
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("describe(): %w", err)))
		}
	}
	js := newJSOut(vm)
	out := make([]goja.Value, len(rows))
	for i, r := range rows {
		o := vm.NewObject()
		for c, col := range cols {
			items := make([]goja.Value, len(r.vals[c]))
			for j, v := range r.vals[c] {
				items[j] = js.value(v)
			}
			_ = o.Set(col, js.array(items))
		}
		_ = o.Set("id", r.id)
		out[i] = o
	}
	return js.array(out)
}

// nativeLatest is latest(nodes, p, n): the n nodes with the greatest
// value of property p (dates: ISO strings sort in time order), greatest
// first; nodes without a value come after, in the order given. Ties go in
// node order.
func nativeLatest(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	h := hopArg(vm, call, "latest")
	n := int(call.Argument(3).ToInteger())
	if r, ok := prog.ranker(call.Argument(1), h); ok {
		picked, err := r.LatestOf(prog.ctx, r.cls, vocab.Type, true, r.by, r.inverse, n, sortText)
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("latest(): %w", err)))
		}
		return newJSOut(vm).values(picked)
	}
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "latest")
	vals, start := nodeValues(nodes)
	best := map[quad.Value]string{}
	err := prog.hop(start, h, func(id, v quad.Value) {
		if s := sortText(v); s > best[id] {
			best[id] = s
		}
	})
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("latest(): %w", err)))
	}
	return newJSOut(vm).nodes(pick(nodes, n, func(i int) string {
		if vals[i] == nil {
			return ""
		}
		return best[vals[i]]
	}, func(a, b string) int { return strings.Compare(b, a) }))
}

// nativeTop is top(nodes, p, n): the n nodes with the most distinct values
// of property p, most first; ties go in node order.
func nativeTop(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	h := hopArg(vm, call, "top")
	n := int(call.Argument(3).ToInteger())
	if r, ok := prog.ranker(call.Argument(1), h); ok {
		picked, err := r.TopOf(prog.ctx, r.cls, vocab.Type, true, r.by, r.inverse, n)
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("top(): %w", err)))
		}
		return newJSOut(vm).values(picked)
	}
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "top")
	vals, start := nodeValues(nodes)
	count, err := prog.count(start, h, nil)
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("top(): %w", err)))
	}
	byNode := spread(vals, count)
	return newJSOut(vm).nodes(pick(nodes, n, func(i int) int { return byNode[i] }, func(a, b int) int { return b - a }))
}

// nativeCount is count(nodes, p, within): an object mapping each node (as
// given) to how many distinct values it has for property p, counting only
// the values among the nodes of within when within is given.
func nativeCount(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "count")
	h := hopArg(vm, call, "count")
	var within []quad.Value
	if w := call.Argument(3); !goja.IsNull(w) && !goja.IsUndefined(w) {
		ws, _ := prog.nodesArg(vm, w, "count")
		_, within = nodeValues(ws)
	}
	vals, start := nodeValues(nodes)
	count, err := prog.count(start, h, within)
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("count(): %w", err)))
	}
	byNode := spread(vals, count)
	out := vm.NewObject()
	for i, node := range nodes {
		if vals[i] != nil {
			_ = out.Set(propertyKey(node), byNode[i])
		}
	}
	return out
}

// nativeTally is tally(nodes, p): an object mapping each value of
// property p on the nodes to how many of the nodes have it.
func nativeTally(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := prog.nodesArg(vm, call.Argument(1), "tally")
	h := hopArg(vm, call, "tally")
	var (
		order []quad.Value
		count = map[quad.Value]int{}
		seen  = map[[2]quad.Value]bool{}
	)
	_, start := nodeValues(nodes)
	err := prog.hop(start, h, func(node, v quad.Value) {
		if k := [2]quad.Value{node, v}; !seen[k] {
			seen[k] = true
			if count[v] == 0 {
				order = append(order, v)
			}
			count[v]++
		}
	})
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("tally(): %w", err)))
	}
	out := vm.NewObject()
	for _, v := range order {
		_ = out.Set(propertyKey(jsValue(v)), count[v])
	}
	return out
}

// count returns how many distinct values each node of start has for h
// (in the order of start), only those among within when within is not
// nil.
func (prog *program) count(start []quad.Value, h hop, within []quad.Value) ([]int, error) {
	if c, ok := prog.qs.(counter); ok && len(h.preds) == 1 && h.next == nil && h.alts == nil {
		return c.Count(prog.ctx, start, h.preds[0], h.inverse, within)
	}
	var in map[quad.Value]bool
	if within != nil {
		in = make(map[quad.Value]bool, len(within))
		for _, v := range within {
			in[v] = true
		}
	}
	seen := map[[2]quad.Value]bool{}
	count := map[quad.Value]int{}
	err := prog.hop(start, h, func(id, v quad.Value) {
		if k := [2]quad.Value{id, v}; !seen[k] && (in == nil || in[v]) {
			seen[k] = true
			count[id]++
		}
	})
	out := make([]int, len(start))
	for i, v := range start {
		out[i] = count[v]
	}
	return out, err
}

// spread turns counts of the values (not nil) of vals, in order, into
// counts of all of vals (0 for nil).
func spread(vals []quad.Value, counts []int) []int {
	out := make([]int, len(vals))
	j := 0
	for i, v := range vals {
		if v != nil {
			out[i] = counts[j]
			j++
		}
	}
	return out
}

// pick returns the first n distinct nodes (all for n <= 0) by cmp of
// their keys (key(i) is that of nodes[i]), then in the order given.
func pick[K any](nodes []any, n int, key func(i int) K, cmp func(a, b K) int) []any {
	type entry struct {
		node any
		key  K
	}
	es := make([]entry, 0, len(nodes))
	seen := make(map[string]bool, len(nodes))
	for i, node := range nodes {
		s := propertyKey(node)
		if seen[s] {
			continue
		}
		seen[s] = true
		es = append(es, entry{node, key(i)})
	}
	slices.SortStableFunc(es, func(a, b entry) int { return cmp(a.key, b.key) })
	if n > 0 && len(es) > n {
		es = es[:n]
	}
	out := make([]any, len(es))
	for i, e := range es {
		out[i] = e.node
	}
	return out
}

// sortText is the text a value sorts by: a literal's lexical form, an
// IRI's text.
func sortText(v quad.Value) string {
	switch v := v.(type) {
	case quad.TypedString:
		return string(v.Value)
	case quad.LangString:
		return string(v.Value)
	case quad.String:
		return string(v)
	case quad.IRI:
		return string(v)
	}
	return quad.StringOf(v)
}

// hop is one property: predicates followed forwards, or backwards when
// inverse; or, when alts is set, the union of other properties.
type hop struct {
	preds   []quad.Value
	inverse bool
	next    *hop  // a chain: then this hop from each value
	alts    []hop // a union: the values of any of these
}

// chains returns the chains of a property made of chains of hops along
// one predicate each (a union of them, or one): for each, its predicates
// and directions; false for other properties.
func (h hop) chains() (preds [][]quad.Value, inverse [][]bool, ok bool) {
	alts := h.alts
	if alts == nil {
		alts = []hop{h}
	}
	for _, a := range alts {
		p, inv, ok := a.single()
		if !ok {
			return nil, nil, false
		}
		preds, inverse = append(preds, p), append(inverse, inv)
	}
	return preds, inverse, true
}

// single returns the predicates and directions of a chain of hops along
// one predicate each; false for a hop along several, or a union.
func (h hop) single() (preds []quad.Value, inverse []bool, ok bool) {
	for s := &h; s != nil; s = s.next {
		if s.alts != nil {
			return nil, nil, false
		}
		if len(s.preds) != 1 {
			return nil, nil, false
		}
		preds = append(preds, s.preds[0])
		inverse = append(inverse, s.inverse)
	}
	return preds, inverse, true
}

// hopArg reads argument 2 of a native call as a hop, throwing the error
// into the script when it is not one.
func hopArg(vm *goja.Runtime, call goja.FunctionCall, name string) hop {
	h, err := hopOf(call.Argument(2).Export())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("%s(): %w", name, err)))
	}
	return h
}

// hopOf reads a property as the query library writes it: a predicate
// ("<iri>"), a list of them, {inverse: either}, or {chain: [property,
// ...]} (chain(): the values reached by following each in turn); or a
// list of properties that are not all predicates, their union (the
// values reached by any of them).
func hopOf(p any) (hop, error) {
	var h hop
	if list, ok := p.([]any); ok && slices.ContainsFunc(list, func(e any) bool { _, pred := e.(string); return !pred }) {
		for _, e := range list {
			a, err := hopOf(e)
			if err != nil {
				return h, err
			}
			h.alts = append(h.alts, a)
		}
		return h, nil
	}
	if m, ok := p.(map[string]any); ok {
		if c, ok := m["chain"].([]any); ok {
			if len(c) == 0 {
				return h, errors.New("empty chain")
			}
			first, err := hopOf(c[0])
			if err != nil || len(c) == 1 {
				return first, err
			}
			rest, err := hopOf(map[string]any{"chain": c[1:]})
			if err != nil {
				return h, err
			}
			last := &first
			for last.next != nil {
				last = last.next
			}
			last.next = &rest
			return first, nil
		}
		inv, ok := m["inverse"]
		if !ok {
			return h, errors.New("a property is a predicate, {inverse: predicate} or chain(property, ...)")
		}
		h.inverse, p = true, inv
	}
	list, ok := p.([]any)
	if !ok {
		list = []any{p}
	}
	for _, e := range list {
		v, err := toValue(e)
		if err != nil {
			return h, err
		}
		h.preds = append(h.preds, v)
	}
	if len(h.preds) == 0 {
		return h, errors.New("no predicate")
	}
	return h, nil
}

// hop calls fn with each node of start and each value it has for h, once
// per quad, or for a chain once per distinct node and value. A single
// predicate is followed as the store's distinct predicate when it has them
// (one quad per distinct triple).
func (prog *program) hop(start []quad.Value, h hop, fn func(node, value quad.Value)) error {
	if h.alts != nil {
		// each alternative in turn, each pair once
		seen := map[[2]quad.Value]bool{}
		once := func(node, v quad.Value) {
			if k := [2]quad.Value{node, v}; !seen[k] {
				seen[k] = true
				fn(node, v)
			}
		}
		if hs, ok := prog.qs.(hopper); ok {
			if preds, inverse, ok := h.chains(); ok {
				return hs.HopColumns(prog.ctx, start, preds, inverse, func(_, i int, v quad.Value) { once(start[i], v) })
			}
		}
		for _, a := range h.alts {
			if err := prog.hop(start, a, once); err != nil {
				return err
			}
		}
		return nil
	}
	if hs, ok := prog.qs.(hopper); ok {
		if preds, inverse, ok := h.single(); ok {
			return hs.HopColumns(prog.ctx, start, [][]quad.Value{preds}, [][]bool{inverse}, func(_, i int, v quad.Value) { fn(start[i], v) })
		}
	}
	if h.next == nil {
		return prog.step(start, h, fn)
	}
	via := map[quad.Value][]quad.Value{} // value reached → nodes of start
	var mids []quad.Value
	err := prog.step(start, hop{preds: h.preds, inverse: h.inverse}, func(node, v quad.Value) {
		if via[v] == nil {
			mids = append(mids, v)
		}
		via[v] = append(via[v], node)
	})
	if err != nil {
		return err
	}
	seen := map[[2]quad.Value]bool{}
	return prog.hop(mids, *h.next, func(mid, v quad.Value) {
		for _, node := range via[mid] {
			if k := [2]quad.Value{node, v}; !seen[k] {
				seen[k] = true
				fn(node, v)
			}
		}
	})
}

// step follows one hop.
func (prog *program) step(start []quad.Value, h hop, fn func(node, value quad.Value)) error {
	if len(start) == 0 {
		return nil
	}
	if hs, ok := prog.qs.(hopper); ok && len(h.preds) == 1 {
		return hs.Hop(prog.ctx, start, h.preds[0], h.inverse, fn)
	}
	preds := h.preds
	if iri, ok := preds[0].(quad.IRI); ok && len(preds) == 1 && prog.distinct != "" {
		preds = []quad.Value{quad.IRI(prog.distinct + string(iri))}
	}
	p := path.StartPath(prog.qs, start...).Tag("id")
	if h.inverse {
		p = p.SaveReverse(preds, "value")
	} else {
		p = p.Save(preds, "value")
	}
	return p.Iterate(prog.ctx).TagEach(func(tags map[string]graph.Ref) {
		id, v := prog.qs.NameOf(tags["id"]), prog.qs.NameOf(tags["value"])
		if id != nil && v != nil {
			fn(id, v)
		}
	})
}

// hopper is implemented by stores that follow predicates from many nodes
// directly, each distinct triple once (the store package's kv View),
// faster than a Cayley path. Hop follows one predicate; HopColumns
// follows several chains of predicates (each backwards when its inverse
// is true) from the same nodes, as hop does each (for a chain without
// reading the nodes in between), and gives the index of the chain and of
// the node (its first occurrence in nodes) with each value; each value
// once per chain and node.
type hopper interface {
	Hop(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, fn func(node, value quad.Value)) error
	HopColumns(ctx context.Context, nodes []quad.Value, preds [][]quad.Value, inverse [][]bool, fn func(col, node int, value quad.Value)) error
}

// ranker is implemented by stores that rank the values reached from
// nodes by their values for a property by IDs, reading the values of the
// nodes they pick only (the store package's kv View). TopOf gives what
// top(values(nodes, p), by, n) gives, p being pred (backwards when
// inverse); LatestOf what latest(values(nodes, p), by, n) gives, key
// being the sort text of a value.
type ranker interface {
	TopOf(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, by quad.Value, byInverse bool, n int) ([]quad.Value, error)
	LatestOf(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, by quad.Value, byInverse bool, n int, key func(quad.Value) string) ([]quad.Value, error)
}

// rankMembers is the ranker of a program for top() or latest() of
// members(cls) by one predicate by (backwards when inverse).
type rankMembers struct {
	ranker
	cls     []quad.Value
	by      quad.Value
	inverse bool
}

// ranker returns the store's ranker when top() or latest() has nodes
// members(cls) and property h is one predicate.
func (prog *program) ranker(nodes goja.Value, h hop) (rankMembers, bool) {
	r, ok := prog.qs.(ranker)
	if !ok || len(h.preds) != 1 || h.next != nil || h.alts != nil {
		return rankMembers{}, false
	}
	m, ok := nodes.Export().(map[string]any)
	if !ok {
		return rankMembers{}, false
	}
	cls, err := toValue(m["members"])
	if err != nil {
		return rankMembers{}, false
	}
	return rankMembers{ranker: r, cls: []quad.Value{cls}, by: h.preds[0], inverse: h.inverse}, true
}

// counter is implemented by stores that count a predicate's distinct
// values from many nodes directly (the store package's kv View): for each
// node, in order.
type counter interface {
	Count(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, within []quad.Value) ([]int, error)
}

// startValues reads the nodes given to a helper as Gizmo's g.V() would.
func startValues(nodes []any) []quad.Value {
	_, out := nodeValues(nodes)
	return out
}

// nodeValues reads the nodes given to a helper as Gizmo's g.V() would:
// vals[i] is the value of nodes[i] (nil when it is none), start those
// that are, in order.
func nodeValues(nodes []any) (vals, start []quad.Value) {
	vals = make([]quad.Value, len(nodes))
	start = make([]quad.Value, 0, len(nodes))
	for i, n := range nodes {
		if v, err := toValue(n); err == nil {
			vals[i] = v
			start = append(start, v)
		}
	}
	return vals, start
}

// toValue is Gizmo's conversion of a JavaScript value to a node.
func toValue(o any) (quad.Value, error) {
	switch v := o.(type) {
	case quad.Value:
		return v, nil
	case string:
		return quad.StringToValue(v), nil
	case bool:
		return quad.Bool(v), nil
	case int64:
		return quad.Int(v), nil
	case float64:
		if float64(int64(v)) == v {
			return quad.Int(int64(v)), nil
		}
		return quad.Float(v), nil
	case time.Time:
		return quad.Time(v), nil
	}
	return nil, fmt.Errorf("not a node: %v", o)
}

// jsValue is Gizmo's conversion of a node to a JavaScript value (what
// tagArray() gives): IRIs and typed literals as their N-Quads strings ("<iri>", "\"2025-11-01\"^^<...#date>"), numbers
// and booleans as such, strings as strings.
func jsValue(v quad.Value) any {
	out := v.Native()
	switch n := out.(type) {
	case quad.Value:
		if n == v {
			return quad.StringOf(v)
		}
	case time.Time:
		return quad.StringOf(v)
	}
	return out
}

// propertyKey is JavaScript's property key for a node as given (what
// fmt.Sprint gives for the strings, numbers and booleans of exported
// JavaScript values).
func propertyKey(n any) string {
	if s, ok := n.(string); ok {
		return s
	}
	return fmt.Sprint(n)
}

// jsOut makes the results of the helpers: arrays and objects of
// JavaScript's own. (goja shows Go slices and maps to JavaScript as
// wrappers that convert an element, or parse the property name, on every
// access: slow for programs that loop over thousands of results.)
type jsOut struct {
	vm   *goja.Runtime
	ctor goja.Callable // Array
	iris map[quad.IRI]goja.Value
}

func newJSOut(vm *goja.Runtime) *jsOut {
	ctor, ok := goja.AssertFunction(vm.Get("Array"))
	if !ok {
		panic(vm.NewGoError(errors.New("no Array constructor")))
	}
	return &jsOut{vm: vm, ctor: ctor}
}

// value is node v as a JavaScript value (jsValue), IRIs (which repeat in
// the columns of describe) made once each.
func (js *jsOut) value(v quad.Value) goja.Value {
	iri, ok := v.(quad.IRI)
	if !ok {
		return js.vm.ToValue(jsValue(v))
	}
	if x, ok := js.iris[iri]; ok {
		return x
	}
	if js.iris == nil {
		js.iris = map[quad.IRI]goja.Value{}
	}
	x := js.vm.ToValue(iri.String())
	js.iris[iri] = x
	return x
}

// array is a JavaScript array of items.
func (js *jsOut) array(items []goja.Value) goja.Value {
	args := items
	if len(items) == 1 {
		args = nil // Array(n) of one number n is n empty slots
	}
	a, err := js.ctor(goja.Undefined(), args...)
	if err != nil {
		panic(err)
	}
	if len(items) == 1 {
		if err := a.(*goja.Object).Set("0", items[0]); err != nil {
			panic(err)
		}
	}
	return a
}

// values is an array of the JavaScript values of nodes (jsValue).
func (js *jsOut) values(nodes []quad.Value) goja.Value {
	items := make([]goja.Value, len(nodes))
	for i, v := range nodes {
		items[i] = js.value(v)
	}
	return js.array(items)
}

// nodes is an array of nodes as JavaScript gave them.
func (js *jsOut) nodes(nodes []any) goja.Value {
	items := make([]goja.Value, len(nodes))
	for i, n := range nodes {
		items[i] = js.vm.ToValue(n)
	}
	return js.array(items)
}
