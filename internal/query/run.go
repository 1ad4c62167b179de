package query

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/cayley/graph/path"
	cquery "github.com/cayleygraph/cayley/query"
	"github.com/cayleygraph/cayley/query/gizmo"
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// Viewer gives read-only access to a quad store while fn runs (the store
// package's Store satisfies it). Errors from fn are returned as they are.
type Viewer interface {
	View(ctx context.Context, fn func(graph.QuadStore) error) error
}

// Sentinel errors of Run.
var (
	// ErrParam means the parameters do not fit the query: one is missing,
	// unknown or malformed, or names no entity (see ErrNoEntity).
	ErrParam = errors.New("bad query parameter")
	// ErrNoEntity means an entity parameter names nothing in the graph. Such
	// errors also match ErrParam.
	ErrNoEntity = errors.New("no such entity")
	// ErrRuntime means the Gizmo program failed: a JavaScript error, a
	// Cayley error, or a row that is not an object of printable values.
	ErrRuntime = errors.New("query program failed")
)

// runError is an error of one query run: "query NAME: message".
type runError struct {
	query string
	msg   string
	kinds []error // sentinels it matches
}

func (e *runError) Error() string   { return "query " + e.query + ": " + e.msg }
func (e *runError) Unwrap() []error { return e.kinds }

func (q *Query) paramError(format string, args ...any) error {
	return &runError{query: q.Name, msg: fmt.Sprintf(format, args...), kinds: []error{ErrParam}}
}

func (q *Query) runtimeError(format string, args ...any) error {
	return &runError{query: q.Name, msg: fmt.Sprintf(format, args...), kinds: []error{ErrRuntime}}
}

// Run runs the query against the store v gives access to. params maps
// parameter names to values as the user typed them; defaults fill in the
// rest. The rows come back sorted and without duplicates.
func (q *Query) Run(ctx context.Context, v Viewer, params map[string]string) (*Result, error) {
	given, err := q.bind(params)
	if err != nil {
		return nil, err
	}
	var res *Result
	err = v.View(ctx, func(qs graph.QuadStore) error {
		js, err := q.resolve(ctx, qs, given)
		if err != nil {
			return err
		}
		res, err = q.execute(ctx, qs, js)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// bind checks the given parameters against the declarations and fills in
// defaults. Values of non-entity kinds are converted to their JavaScript
// form; entity names are left for resolve.
func (q *Query) bind(params map[string]string) (map[string]any, error) {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if q.param(k) == nil {
			return nil, q.paramError("unknown parameter %q (%s)", k, q.paramList())
		}
	}
	out := make(map[string]any, len(q.Params))
	for _, p := range q.Params {
		val, ok := params[p.Name]
		if !ok || strings.TrimSpace(val) == "" {
			switch {
			case p.Required:
				return nil, q.paramError("missing parameter %q (%s)", p.Name, lowerFirst(p.Description))
			case p.Default != "":
				val = p.Default
			default:
				out[p.Name] = nil
				continue
			}
		}
		// Gizmo strings are UTF-16; rather than let invalid bytes turn
		// silently into U+FFFD, say so.
		if !utf8.ValidString(val) {
			return nil, q.paramError("parameter %q: not valid UTF-8", p.Name)
		}
		v, err := checkValue(p.Kind, val)
		if err != nil {
			return nil, q.paramError("parameter %q: %v", p.Name, err)
		}
		out[p.Name] = v
	}
	return out, nil
}

func (q *Query) param(name string) *Param {
	for i := range q.Params {
		if q.Params[i].Name == name {
			return &q.Params[i]
		}
	}
	return nil
}

func (q *Query) paramList() string {
	if len(q.Params) == 0 {
		return "it takes none"
	}
	names := make([]string, len(q.Params))
	for i, p := range q.Params {
		names[i] = strconv.Quote(p.Name)
	}
	return "it takes " + strings.Join(names, ", ")
}

func lowerFirst(s string) string {
	if len(s) > 1 && s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z') {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// resolve replaces entity names by the IRIs of the nodes they name.
func (q *Query) resolve(ctx context.Context, qs graph.QuadStore, given map[string]any) (map[string]any, error) {
	out := make(map[string]any, len(given))
	for _, p := range q.Params {
		v := given[p.Name]
		if p.Kind != Entity || v == nil {
			out[p.Name] = v
			continue
		}
		name := v.(string)
		iris, err := Lookup(ctx, qs, name)
		if err != nil {
			return nil, q.runtimeError("parameter %q: %v", p.Name, err)
		}
		if len(iris) == 0 {
			return nil, &runError{query: q.Name, kinds: []error{ErrParam, ErrNoEntity},
				msg: fmt.Sprintf("parameter %q: no person, country, organization, place or topic named %q", p.Name, name)}
		}
		list := make([]string, len(iris))
		for i, iri := range iris {
			list[i] = iri.String() // "<...>", the form Gizmo reads as an IRI
		}
		out[p.Name] = list
	}
	return out, nil
}

// Lookup returns the nodes named name, sorted: those whose ng:key is
// vocab.Key(name), found through the object index. An IRI (in angle
// brackets, or any newsgraph IRI) is taken as that node when the graph has
// it.
func Lookup(ctx context.Context, qs graph.QuadStore, name string) ([]quad.IRI, error) {
	name = strings.TrimSpace(name)
	if iri, ok := iriArg(name); ok {
		if qs.ValueOf(iri) == nil {
			return nil, nil
		}
		return []quad.IRI{iri}, nil
	}
	key := vocab.Key(name)
	if key == "" {
		return nil, nil
	}
	var out []quad.IRI
	keyProp := vocab.KeyProp // every document restates the keys of the nodes it names
	if d, ok := qs.(distinctHops); ok {
		keyProp = quad.IRI(d.DistinctPredicatePrefix() + string(keyProp))
	}
	for _, k := range append([]string{key}, gazetteerKeys(key)...) {
		err := path.StartPath(qs).Has(keyProp, quad.String(k)).Iterate(ctx).EachValue(qs, func(v quad.Value) {
			if iri, ok := v.(quad.IRI); ok {
				out = append(out, iri)
			}
		})
		if err != nil {
			return nil, fmt.Errorf("look up %q: %w", name, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return compact(out), nil
}

// iriArg reads "<IRI>" or a bare newsgraph IRI.
func iriArg(s string) (quad.IRI, bool) {
	if len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>' {
		return quad.IRI(s[1 : len(s)-1]), true
	}
	if strings.HasPrefix(s, vocab.ID) {
		return quad.IRI(s), true
	}
	return "", false
}

func compact[T comparable](s []T) []T {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// library is the JavaScript every query program can use, besides Gizmo's
// own g and the params object. It becomes one line of the prelude, so it
// has no line comments and ends every statement with a semicolon.
const library = `
function V(nodes) {
  return nodes && nodes.length ? g.V.apply(g, nodes) : g.V(NOTHING);
}
function term(curie) {
  var i = curie.indexOf(":"), ns = PREFIXES[curie.slice(0, i)];
  if (i < 0 || ns === undefined) { throw new Error("term(\"" + curie + "\"): unknown prefix"); }
  return "<" + ns + curie.slice(i + 1) + ">";
}
function inverse(predicate) { return {inverse: predicate}; }
function chain() { return {chain: Array.prototype.slice.call(arguments)}; }
function unique(list) {
  var seen = {}, out = [];
  list.forEach(function (x) { if (!seen[x]) { seen[x] = true; out.push(x); } });
  return out;
}
function distinct(p) {
  return DISTINCT && typeof p === "string" && p.charAt(0) === "<" ? "<" + DISTINCT + p.slice(1) : p;
}
function members(cls) { return {members: cls}; }
function values(nodes, p) {
  if (!nodes || !(nodes.length || nodes.members)) { return []; }
  return __newsgraphValues(PROGRAM, nodes, p);
}
function describe(nodes, props) {
  if (!nodes || !(nodes.length || nodes.members)) { return []; }
  return __newsgraphDescribe(PROGRAM, nodes, props);
}
function latest(nodes, p, n) {
  if (!nodes || !(nodes.length || nodes.members)) { return []; }
  return __newsgraphLatest(PROGRAM, nodes, p, n || 0);
}
function top(nodes, p, n) {
  if (!nodes || !(nodes.length || nodes.members)) { return []; }
  return __newsgraphTop(PROGRAM, nodes, p, n || 0);
}
function count(nodes, p, within) {
  if (!nodes || !(nodes.length || nodes.members)) { return {}; }
  return __newsgraphCount(PROGRAM, nodes, p, within || null);
}
function tally(nodes, p) {
  if (!nodes || !(nodes.length || nodes.members)) { return {}; }
  return __newsgraphTally(PROGRAM, nodes, p);
}
function paramError(name, message) {
  var e = new Error("parameter \"" + name + "\": " + message);
  e.name = "ParamError";
  throw e;
}
`

// distinctHops is implemented by stores that answer a hop along the
// predicate PREFIX+p with each distinct triple once instead of once per
// document stating it (the store package's kv View). values(),
// describe() and display names use it: they de-duplicate anyway.
type distinctHops interface {
	DistinctPredicatePrefix() string
}

// prelude is prepended to the program on its first line (which is a
// header comment), so that line numbers in errors match the file. token
// names the running program for the native helpers (native.go).
func prelude(params map[string]any, token, distinct string) (string, error) {
	js, err := json.Marshal(params) // sorted keys; escapes U+2028/9 for JS
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "var params = %s; ", js)
	prefixes := make([]string, 0, len(vocab.Prefixes))
	for p := range vocab.Prefixes {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	ns, _ := json.Marshal(vocab.Prefixes)
	fmt.Fprintf(&b, "var PREFIXES = %s; ", ns)
	for _, p := range prefixes {
		fmt.Fprintf(&b, "g.addNamespace(%q, %q); ", p, vocab.Prefixes[p])
	}
	// An IRI no node has: V([]) must be empty, not every node like g.V().
	fmt.Fprintf(&b, "var NOTHING = %q; ", quad.IRI(vocab.NG+"nothing").String())
	fmt.Fprintf(&b, "var PROGRAM = %q; ", token)
	fmt.Fprintf(&b, "var DISTINCT = %q; ", distinct)
	b.WriteString(strings.ReplaceAll(library, "\n", " "))
	b.WriteString(" ")
	return b.String(), nil
}

func (q *Query) execute(ctx context.Context, qs graph.QuadStore, params map[string]any) (*Result, error) {
	prog := &program{ctx: ctx, qs: qs}
	if d, ok := qs.(distinctHops); ok {
		prog.distinct = d.DistinctPredicatePrefix()
	}
	token, done := register(prog)
	defer done()
	pre, err := prelude(params, token, prog.distinct)
	if err != nil {
		return nil, q.runtimeError("encode parameters: %v", err)
	}
	it, err := cquery.Execute(ctx, qs, gizmo.Name, pre+q.Source, cquery.Options{Collation: cquery.Raw})
	if err != nil {
		return nil, q.jsError(err)
	}
	defer stopProgram(it)
	r := &renderer{ctx: ctx, qs: qs, names: map[quad.IRI]string{}}
	res := &Result{Columns: q.Columns}
	// Rows are rendered after the program ends, so that the display names
	// of all their nodes are looked up in one batch.
	var (
		results []*gizmo.Result
		nodes   []quad.IRI
	)
	for it.Next(ctx) {
		gr, ok := it.Result().(*gizmo.Result)
		if !ok || gr.Meta {
			continue // the program's completion value
		}
		results = append(results, gr)
		if gr.Tags == nil {
			nodes = iris(gr.Val, nodes)
		}
	}
	if err := it.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("query %s: %w", q.Name, ctx.Err())
		}
		return nil, q.jsError(err)
	}
	if err := r.prefetch(nodes); err != nil {
		return nil, q.runtimeError("%v", err)
	}
	rows, err := q.rows(r, results)
	if err != nil {
		return nil, err
	}
	res.Rows = rows
	res.sort(q.Order)
	return res, nil
}

// minParallelRows is the least number of rows rendered by two goroutines.
const minParallelRows = 64

// rows renders the results in order; many emitted rows in two halves at
// once, when the process may run two goroutines (sorting the values of
// cells costs as much as looking up their names). Rows of tags, which
// read the store, render one at a time.
func (q *Query) rows(r *renderer, results []*gizmo.Result) ([][]string, error) {
	rows := make([][]string, len(results))
	errs := make([]error, len(results))
	render := func(lo, hi int) {
		for i := lo; i < hi && i < len(results); i++ {
			rows[i], errs[i] = q.row(r, results[i])
			if errs[i] != nil {
				return
			}
		}
	}
	emitted := !slices.ContainsFunc(results, func(gr *gizmo.Result) bool { return gr.Tags != nil })
	if emitted && len(results) >= minParallelRows && runtime.GOMAXPROCS(0) > 1 {
		mid := len(results) / 2
		var wg sync.WaitGroup
		wg.Go(func() { render(mid, len(results)) })
		render(0, mid)
		wg.Wait()
	} else {
		render(0, len(results))
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// gojaPos matches a stack frame position in goja's messages
// (" at <eval>:5:3(12)", " at fn (<eval>:5:3(12))"); gojaSyntax the
// position in its syntax errors ("(anonymous): Line 4:12 ").
var (
	gojaPos    = regexp.MustCompile(`[ \t]at (?:[^ ]+ \()?(?:<eval>)?:(\d+):(\d+)\(\d+\)\)?`)
	gojaSyntax = regexp.MustCompile(`\(anonymous\): Line (\d+):(\d+) `)
)

// jsError turns a compile or run error into "query NAME: FILE:LINE: msg";
// a ParamError thrown by paramError() becomes an ErrParam error.
func (q *Query) jsError(err error) error {
	msg := strings.TrimSpace(err.Error())
	line := ""
	if m := gojaSyntax.FindStringSubmatchIndex(msg); m != nil {
		line = msg[m[2]:m[3]]
		msg = msg[:m[0]] + msg[m[1]:]
	}
	if m := gojaPos.FindStringSubmatchIndex(msg); m != nil {
		msg = msg[:m[0]] + msg[m[1]:]
		line = callerLine(err)
	}
	if p, ok := strings.CutPrefix(msg, "ParamError: "); ok {
		return q.paramError("%s", p)
	}
	if line != "" {
		msg = fmt.Sprintf("%s:%s: %s", q.File, line, msg)
	}
	return &runError{query: q.Name, msg: msg, kinds: []error{ErrRuntime, err}}
}

// callerLine is the line of the innermost stack frame in the query's own
// text. Line 1 holds the prelude (the file's line 1 is a header comment),
// so a frame there is a helper the query called.
func callerLine(err error) string {
	stack := err.Error()
	if s, ok := err.(fmt.Stringer); ok { // *goja.Exception has the full stack
		stack = s.String()
	}
	for _, m := range gojaPos.FindAllStringSubmatch(stack, -1) {
		if m[1] != "1" {
			return m[1]
		}
	}
	return ""
}

// row turns one result of the program into printable cells in column order.
func (q *Query) row(r *renderer, gr *gizmo.Result) ([]string, error) {
	vals := map[string]any{}
	switch {
	case gr.Tags != nil:
		for k, ref := range gr.Tags {
			vals[k] = r.qs.NameOf(ref)
		}
	default:
		m, ok := gr.Val.(map[string]any)
		if !ok {
			return nil, q.runtimeError("emitted %T, want an object with keys %s", gr.Val, strings.Join(q.Columns, ", "))
		}
		vals = m
	}
	row := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		s, err := r.render(vals[c])
		if err != nil {
			return nil, q.runtimeError("column %q: %v", c, err)
		}
		row[i] = s
	}
	return row, nil
}

// renderer prints values, looking up display names of IRIs once each.
type renderer struct {
	ctx   context.Context
	qs    graph.QuadStore
	mu    sync.RWMutex // for names: rows render in two goroutines
	names map[quad.IRI]string
}

// Separator joins the values of a multi-valued cell.
const Separator = "; "

func (r *renderer) render(v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		if qv := quad.StringToValue(v); qv != nil {
			if _, plain := qv.(quad.String); !plain {
				return r.value(qv)
			}
		}
		return v, nil
	case quad.Value:
		return r.value(v)
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case time.Time:
		return v.UTC().Format(time.DateOnly), nil
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			if _, nested := e.([]any); nested {
				return "", errors.New("nested array")
			}
			s, err := r.render(e)
			if err != nil {
				return "", err
			}
			if s != "" {
				parts = append(parts, s)
			}
		}
		sortCells(parts)
		return strings.Join(compact(parts), Separator), nil
	}
	return "", fmt.Errorf("cannot print a %T (emit strings, numbers, nodes or arrays of them)", v)
}

func (r *renderer) value(v quad.Value) (string, error) {
	switch v := v.(type) {
	case quad.IRI:
		return r.displayName(v)
	case quad.TypedString:
		if v.Type == vocab.XSDDate || v.Type == quad.IRI(vocab.XSD+"dateTime") {
			if s := string(v.Value); len(s) >= 10 && dateRe.MatchString(s[:10]) {
				return s[:10], nil
			}
		}
		return string(v.Value), nil
	case quad.LangString:
		return string(v.Value), nil
	case quad.String:
		return string(v), nil
	case quad.Time:
		return time.Time(v).UTC().Format(time.DateOnly), nil
	}
	return fmt.Sprint(v.Native()), nil
}

// sortCells sorts the values of a cell as compareCells orders them,
// working out each value's sort key once: cells list hundreds of names.
func sortCells(cells []string) {
	if len(cells) < 2 {
		return
	}
	type keyed struct {
		s   string
		num bool
		f   float64
	}
	ks := make([]keyed, len(cells))
	for i, c := range cells {
		ks[i] = keyed{s: c, num: isNumber(c)}
		if ks[i].num {
			ks[i].f, _ = strconv.ParseFloat(c, 64)
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		switch {
		case a.s == b.s:
			return 0
		case a.s == "":
			return 1
		case b.s == "":
			return -1
		case a.num && b.num:
			if c := cmp.Compare(a.f, b.f); c != 0 {
				return c
			}
		case a.num:
			return -1
		case b.num:
			return 1
		}
		if c := compareLower(a.s, b.s); c != 0 {
			return c
		}
		return strings.Compare(a.s, b.s)
	})
	for i := range ks {
		cells[i] = ks[i].s
	}
}

// compareLower is strings.Compare(strings.ToLower(a), strings.ToLower(b)),
// without making the lower-case strings when a and b are ASCII.
func compareLower(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if x >= 0x80 || y >= 0x80 {
			return strings.Compare(strings.ToLower(a), strings.ToLower(b))
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	// one is a prefix of the other, in lower case too
	return cmp.Compare(len(a), len(b))
}

// namePreds are tried in order for a node's display name.
var namePreds = []quad.IRI{vocab.Name, vocab.PrefLabel, vocab.Identifier}

// displayName is the node's first name in namePreds order (the least one
// when it has several); else, for newsgraph IRIs, the readable part after
// the type segment ("kind/meeting" → "meeting"); else the IRI itself.
func (r *renderer) displayName(iri quad.IRI) (string, error) {
	r.mu.RLock()
	s, ok := r.names[iri]
	r.mu.RUnlock()
	if ok {
		return s, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.prefetch([]quad.IRI{iri}); err != nil {
		return "", err
	}
	return r.names[iri], nil
}

// prefetch looks up the display names of iris, a batch at a time: one path
// from all the nodes per name predicate, which the store answers with a
// prefix scan of its subject-predicate index per node.
func (r *renderer) prefetch(iris []quad.IRI) error {
	var todo []quad.IRI
	seen := map[quad.IRI]bool{}
	for _, iri := range iris {
		if _, ok := r.names[iri]; !ok && !seen[iri] {
			seen[iri] = true
			todo = append(todo, iri)
		}
	}
	for _, p := range namePreds {
		if len(todo) == 0 {
			break
		}
		start := make([]quad.Value, len(todo))
		for i, iri := range todo {
			start[i] = iri
		}
		names := map[quad.IRI][]string{}
		add := func(node, v quad.Value) {
			id, ok := node.(quad.IRI)
			if !ok {
				return
			}
			switch v := v.(type) {
			case quad.LangString:
				names[id] = append(names[id], string(v.Value))
			case quad.String:
				names[id] = append(names[id], string(v))
			}
		}
		var err error
		if hs, ok := r.qs.(hopper); ok {
			err = hs.Hop(r.ctx, start, p, false, add)
		} else {
			err = path.StartPath(r.qs, start...).Tag("id").Save(p, "name").Iterate(r.ctx).TagEach(func(tags map[string]graph.Ref) {
				add(r.qs.NameOf(tags["id"]), r.qs.NameOf(tags["name"]))
			})
		}
		if err != nil {
			return fmt.Errorf("names (%s): %w", p, err)
		}
		rest := todo[:0]
		for _, iri := range todo {
			if ns := names[iri]; len(ns) > 0 {
				r.names[iri] = slices.Min(ns)
			} else {
				rest = append(rest, iri)
			}
		}
		todo = rest
	}
	for _, iri := range todo {
		name := string(iri)
		if rest, ok := strings.CutPrefix(name, vocab.ID); ok {
			if _, local, ok := strings.Cut(rest, "/"); ok && local != "" {
				if u, err := url.PathUnescape(local); err == nil {
					local = u
				}
				name = local
			}
		}
		r.names[iri] = name
	}
	return nil
}

// iris collects the IRIs among the values of an emitted row, for prefetch.
func iris(v any, out []quad.IRI) []quad.IRI {
	switch v := v.(type) {
	case string:
		if iri, ok := quad.StringToValue(v).(quad.IRI); ok {
			out = append(out, iri)
		}
	case quad.IRI:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = iris(e, out)
		}
	case map[string]any:
		for _, e := range v {
			out = iris(e, out)
		}
	}
	return out
}
