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
)

// The query library's values() and describe() run in Go. Written in
// JavaScript they cost Gizmo's interpreter (goja) tens of microseconds per
// node and value, seconds for a query over a thousand documents; in Go
// each property is one path from all the nodes, which the store answers
// from its indexes.
//
// Gizmo (Cayley v0.7.7, pinned) builds every program's global functions
// from its package map defaultEnv and offers no other way to add one, so
// init adds two there. A native function sees only its arguments, so each
// running program gets a token (the PROGRAM global of the prelude) that
// names its store and context here. Results go back to JavaScript as Go
// slices and maps, which goja presents as arrays and objects.
//
//go:linkname gizmoEnv github.com/cayleygraph/cayley/query/gizmo.defaultEnv
var gizmoEnv map[string]func(vm *goja.Runtime, call goja.FunctionCall) goja.Value

func init() {
	gizmoEnv["__newsgraphValues"] = nativeValues
	gizmoEnv["__newsgraphDescribe"] = nativeDescribe
	gizmoEnv["__newsgraphLatest"] = nativeLatest
	gizmoEnv["__newsgraphTop"] = nativeTop
	gizmoEnv["__newsgraphCount"] = nativeCount
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

// nativeValues is values(nodes, p): the distinct values of property p
// (a predicate, or {inverse: predicate}) of the nodes, in the order found.
func nativeValues(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := call.Argument(1).Export().([]any)
	h, err := hopOf(call.Argument(2).Export())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("values(): %w", err)))
	}
	out := []any{}
	seen := map[quad.Value]bool{}
	err = prog.hop(startValues(nodes), h, func(_, v quad.Value) {
		if !seen[v] {
			seen[v] = true
			out = append(out, jsValue(v))
		}
	})
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("values(): %w", err)))
	}
	return jsValueOf(vm, out)
}

// nativeDescribe is describe(nodes, props): for each distinct node, in
// order, an object with the node as id and, for each property of props
// (column name → predicate or {inverse: predicate}), the distinct values
// found, in order.
func nativeDescribe(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := call.Argument(1).Export().([]any)
	props, _ := call.Argument(2).Export().(map[string]any)
	type row struct {
		id   any
		cols map[string][]any
		seen map[string]map[quad.Value]bool
	}
	var (
		rows  []*row
		byKey = map[string]*row{}
		byVal = map[quad.Value][]*row{}
		start []quad.Value
	)
	for _, n := range nodes {
		key := fmt.Sprint(n) // JavaScript's property key for n
		if byKey[key] != nil {
			continue
		}
		r := &row{id: n, cols: map[string][]any{}, seen: map[string]map[quad.Value]bool{}}
		for col := range props {
			r.cols[col] = []any{}
			r.seen[col] = map[quad.Value]bool{}
		}
		rows = append(rows, r)
		byKey[key] = r
		if v, err := toValue(n); err == nil {
			if byVal[v] == nil {
				start = append(start, v)
			}
			byVal[v] = append(byVal[v], r)
		}
	}
	for col, p := range props {
		h, err := hopOf(p)
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("describe(): column %q: %w", col, err)))
		}
		err = prog.hop(start, h, func(id, v quad.Value) {
			for _, r := range byVal[id] {
				if !r.seen[col][v] {
					r.seen[col][v] = true
					r.cols[col] = append(r.cols[col], jsValue(v))
				}
			}
		})
		if err != nil {
			panic(vm.NewGoError(fmt.Errorf("describe(): column %q: %w", col, err)))
		}
	}
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		o := make(map[string]any, len(r.cols)+1)
		for col, vs := range r.cols {
			o[col] = vs
		}
		o["id"] = r.id
		out[i] = o
	}
	return jsValueOf(vm, out)
}

// nativeLatest is latest(nodes, p, n): the n nodes with the greatest
// value of property p (dates: ISO strings sort in time order), greatest
// first; nodes without a value come after, in the order given. Ties go in
// node order.
func nativeLatest(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := call.Argument(1).Export().([]any)
	h, err := hopOf(call.Argument(2).Export())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("latest(): %w", err)))
	}
	n := int(call.Argument(3).ToInteger())
	best := map[quad.Value]string{}
	err = prog.hop(startValues(nodes), h, func(id, v quad.Value) {
		if s := sortText(v); s > best[id] {
			best[id] = s
		}
	})
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("latest(): %w", err)))
	}
	return jsValueOf(vm, pick(nodes, n, func(v quad.Value) string { return best[v] }, func(a, b string) int { return strings.Compare(b, a) }))
}

// nativeTop is top(nodes, p, n): the n nodes with the most distinct values
// of property p, most first; ties go in node order.
func nativeTop(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := call.Argument(1).Export().([]any)
	h, err := hopOf(call.Argument(2).Export())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("top(): %w", err)))
	}
	n := int(call.Argument(3).ToInteger())
	count, err := prog.count(startValues(nodes), h, nil)
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("top(): %w", err)))
	}
	return jsValueOf(vm, pick(nodes, n, func(v quad.Value) int { return count[v] }, func(a, b int) int { return b - a }))
}

// nativeCount is count(nodes, p, within): an object mapping each node (as
// given) to how many distinct values it has for property p, counting only
// the values among the nodes of within when within is given.
func nativeCount(vm *goja.Runtime, call goja.FunctionCall) goja.Value {
	prog := programOf(vm, call)
	nodes, _ := call.Argument(1).Export().([]any)
	h, err := hopOf(call.Argument(2).Export())
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("count(): %w", err)))
	}
	var within []quad.Value
	if w, ok := call.Argument(3).Export().([]any); ok {
		within = startValues(w)
	}
	count, err := prog.count(startValues(nodes), h, within)
	if err != nil {
		panic(vm.NewGoError(fmt.Errorf("count(): %w", err)))
	}
	out := map[string]int{}
	for _, node := range nodes {
		if v, err := toValue(node); err == nil {
			out[fmt.Sprint(node)] = count[v]
		}
	}
	return jsValueOf(vm, out)
}

// count returns how many distinct values each node of start has for h,
// only those among within when within is not nil.
func (prog *program) count(start []quad.Value, h hop, within []quad.Value) (map[quad.Value]int, error) {
	if c, ok := prog.qs.(counter); ok && len(h.preds) == 1 && h.next == nil {
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
	return count, err
}

// pick returns the first n distinct nodes (all for n <= 0) by cmp of
// their keys, then in the order given.
func pick[K any](nodes []any, n int, key func(quad.Value) K, cmp func(a, b K) int) []any {
	type entry struct {
		node any
		key  K
		i    int
	}
	var es []entry
	seen := map[string]bool{}
	for i, node := range nodes {
		s := fmt.Sprint(node)
		if seen[s] {
			continue
		}
		seen[s] = true
		var k K
		if v, err := toValue(node); err == nil {
			k = key(v)
		}
		es = append(es, entry{node, k, i})
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
// inverse.
type hop struct {
	preds   []quad.Value
	inverse bool
	next    *hop // a chain: then this hop from each value
}

// hopOf reads a property as the query library writes it: a predicate
// ("<iri>"), a list of them, {inverse: either}, or {chain: [property,
// ...]} (chain(): the values reached by following each in turn).
func hopOf(p any) (hop, error) {
	var h hop
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

// hopper is implemented by stores that follow one predicate from many
// nodes directly, each distinct triple once (the store package's kv View),
// faster than a Cayley path.
type hopper interface {
	Hop(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, fn func(node, value quad.Value)) error
}

// counter is implemented by stores that count a predicate's distinct
// values from many nodes directly (the store package's kv View).
type counter interface {
	Count(ctx context.Context, nodes []quad.Value, pred quad.Value, inverse bool, within []quad.Value) (map[quad.Value]int, error)
}

// startValues reads the nodes given to a helper as Gizmo's g.V() would.
func startValues(nodes []any) []quad.Value {
	out := make([]quad.Value, 0, len(nodes))
	for _, n := range nodes {
		if v, err := toValue(n); err == nil {
			out = append(out, v)
		}
	}
	return out
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

// jsValueOf hands v (slices, maps, strings, numbers) to JavaScript, which
// sees Go slices as arrays and Go maps as objects.
func jsValueOf(vm *goja.Runtime, v any) goja.Value { return vm.ToValue(v) }
