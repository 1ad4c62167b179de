// Package query parses and runs saved queries: Cayley Gizmo (JavaScript)
// programs with a header of "//" comment lines that names the query,
// describes it, declares its parameters and its output columns.
//
// A query file looks like this:
//
//	// name: meetings-between
//	// description: Meetings between two people or countries, in date order.
//	// param: a entity required  A person or country ("Lee Jae Myung", "ROK")
//	// param: kind string default=meeting  Event kind, or "any"
//	// columns: date, kind, attendees, location, document
//	// order: date, kind
//
//	var attendee = term("schema:attendee");
//	var events = values(params.a, inverse(attendee));
//	describe(events, {date: term("schema:startDate"), attendees: attendee, ...})
//	  .forEach(function (e) { g.emit(e); });
//
// Header fields (one per line, in any order, until the first line that is
// not a "//" comment; other comment lines are free text):
//
//	name:        the query's name, lower-case words joined by "-"
//	description: one line for listings
//	param:       NAME KIND PRESENCE DESCRIPTION, where KIND is entity, string,
//	             date (YYYY-MM-DD) or int and PRESENCE is required, optional
//	             or default=VALUE (VALUE may be a Go-quoted string)
//	columns:     the output columns, comma-separated; each row the program
//	             emits is an object with these keys
//	order:       optional sort keys, "COLUMN [desc]" comma-separated; rows are
//	             sorted by them, then by every column in order, and
//	             de-duplicated, so output never depends on store order
//
// The program runs with these globals besides Gizmo's g (see the library
// constant in run.go):
//
//	params            the parameter values, null when an optional one was not
//	                  given: entity parameters as arrays of node IRIs
//	                  ("<https://...>") of every node whose ng:key matches the
//	                  name given, int parameters as numbers, others as strings
//	term("schema:x")  the IRI of a term in any prefix of vocab.Prefixes, in
//	                  the "<...>" form Gizmo reads and tagArray returns
//	V(nodes)          a path starting at a list of nodes (empty list: empty
//	                  path, unlike g.V())
//	values(nodes, p)  the values of predicate p on the nodes, unique;
//	                  values(nodes, inverse(p)) the nodes pointing at them;
//	                  chain(p, q, ...) the values of q on the values of p;
//	                  a list of properties that are not all predicates
//	                  ([p, chain(q, r)]) the values of any of them
//	members(class)    the nodes of a class (rdf:type), as values([class],
//	                  inverse(rdf:type)) lists them, for the nodes of the
//	                  helpers (not V); latest and top of members(class)
//	                  read the nodes they pick only
//	describe(nodes, {col: p, ...})  one object per node: {id, col: [values]}
//	latest(nodes, p, n)  the n nodes with the greatest value of p (dates),
//	                  greatest first, nodes without one last; all for n = 0
//	top(nodes, p, n)  the n nodes with the most values of p, most first
//	count(nodes, p, within)  {node: how many values of p}, counting only
//	                  values among the list within when it is given
//	tally(nodes, p)   {value: how many of the nodes have it} for the values
//	                  of p on the nodes
//	distinct(p)       p, for a path step (g.V().has(distinct(p), o)) that
//	                  yields each triple once rather than once per document
//	                  stating it, where the store supports it
//	unique(list)      list without duplicates, first occurrences kept
//	paramError(name, msg)  fail with a parameter error (ErrParam)
//
// Rows are emitted with g.emit({...}) or are the tags of .all(). Values that
// are IRIs are printed as the node's display name (schema:name,
// skos:prefLabel or schema:identifier); xsd:date literals as YYYY-MM-DD;
// arrays as their values sorted and joined with "; ". To print an IRI
// itself, emit it as a string without the angle brackets.
//
// values, describe, latest, top, count and tally run in Go (native.go):
// written in Gizmo's JavaScript they cost tens of microseconds per value,
// and every document restates the facts it names, so a hub (a country) has
// thousands of quads per property. On the newsgraph kv stores they read
// each distinct triple once from the indexes, by node IDs, reading only the
// values they return (store.DistinctPrefix; HopColumns, Count, TopOf and
// LatestOf of the store's View); elsewhere they follow Cayley paths. Saved
// queries take every step with them, starting from their parameters' nodes
// or from members(Class), list queries select the rows they print (latest,
// top) before describing them, and counts over many nodes are tallied in
// Go rather than in loops of JavaScript (see BenchmarkSavedQueries and
// internal/store/QUERYING.md).
package query

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind is the type of a query parameter.
type Kind string

// Parameter kinds.
const (
	// Entity is a person, country, organization, place or topic named by any
	// of its names; it resolves to the IRIs of every node with that ng:key.
	Entity Kind = "entity"
	// String is passed through as is.
	String Kind = "string"
	// Date is a calendar date written YYYY-MM-DD.
	Date Kind = "date"
	// Int is a decimal integer.
	Int Kind = "int"
)

// Param declares one parameter of a query.
type Param struct {
	Name        string
	Kind        Kind
	Required    bool
	Default     string // used when the parameter is not given; "" means none
	Description string
}

// Order is one sort key of a query's rows.
type Order struct {
	Column string
	Desc   bool
}

// Query is a parsed query file.
type Query struct {
	// Name is the query's name from its header.
	Name string
	// File is where the query was read from, for messages.
	File        string
	Description string
	Params      []Param
	Columns     []string
	// Order lists the declared sort keys; the remaining columns follow as
	// tie-breakers when rows are sorted.
	Order []Order
	// Source is the whole file, header included; the header lines are
	// JavaScript comments, so line numbers in Gizmo errors match the file.
	Source string
}

// ErrSyntax is wrapped by every error Parse returns.
var ErrSyntax = errors.New("invalid query file")

// syntaxError is a line-numbered Parse error: "FILE:LINE: message".
type syntaxError struct {
	file string
	line int
	msg  string
}

func (e *syntaxError) Error() string {
	if e.line == 0 {
		return e.file + ": " + e.msg
	}
	return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
}

func (e *syntaxError) Unwrap() error { return ErrSyntax }

var (
	nameRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	identRe   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	fieldRe   = regexp.MustCompile(`^//\s*([a-z]+):\s*(.*)$`)
	dateRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	kindNames = "entity, string, date or int"
)

// Parse reads a query file. file names it in error messages (a path or a
// saved query's file name). Errors wrap ErrSyntax and say which line is
// wrong.
func Parse(file string, src []byte) (*Query, error) {
	fail := func(line int, format string, args ...any) (*Query, error) {
		return nil, &syntaxError{file: file, line: line, msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(src) {
		return fail(0, "not UTF-8 text")
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return fail(0, "binary file (NUL byte)")
	}
	q := &Query{File: file, Source: string(src)}
	seen := map[string]int{} // field or param name -> line
	var orderVal string
	lines := strings.Split(string(src), "\n")
	inHeader := false
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" && !inHeader {
			continue // blank lines before the header
		}
		if !strings.HasPrefix(line, "//") {
			break
		}
		inHeader = true
		m := fieldRe.FindStringSubmatch(line)
		if m == nil {
			continue // free text
		}
		key, val := m[1], strings.TrimSpace(m[2])
		if key != "param" {
			if prev, dup := seen[key]; dup {
				return fail(n, "%s: already given on line %d", key, prev)
			}
			seen[key] = n
		}
		switch key {
		case "name":
			if !nameRe.MatchString(val) {
				return fail(n, "name %q: want lower-case words joined by \"-\"", val)
			}
			q.Name = val
		case "description":
			if val == "" {
				return fail(n, "description is empty")
			}
			q.Description = val
		case "param":
			p, err := parseParam(val)
			if err != nil {
				return fail(n, "param: %v", err)
			}
			if prev, dup := seen["param "+p.Name]; dup {
				return fail(n, "param %q: already declared on line %d", p.Name, prev)
			}
			seen["param "+p.Name] = n
			q.Params = append(q.Params, p)
		case "columns":
			cols, err := parseColumns(val)
			if err != nil {
				return fail(n, "columns: %v", err)
			}
			q.Columns = cols
		case "order":
			orderVal = val // checked against columns below, which may come later
		default:
			return fail(n, "unknown header field %q (want name, description, param, columns or order)", key)
		}
	}
	switch {
	case q.Name == "":
		return fail(0, "header has no \"// name:\" line")
	case q.Description == "":
		return fail(0, "header has no \"// description:\" line")
	case q.Columns == nil:
		return fail(0, "header has no \"// columns:\" line")
	}
	if n, ok := seen["order"]; ok {
		order, err := parseOrder(orderVal, q.Columns)
		if err != nil {
			return fail(n, "order: %v", err)
		}
		q.Order = order
	}
	return q, nil
}

// parseParam parses "NAME KIND PRESENCE DESCRIPTION".
func parseParam(s string) (Param, error) {
	var p Param
	name, rest := cutField(s)
	if !identRe.MatchString(name) {
		return p, fmt.Errorf("name %q: want a JavaScript identifier", name)
	}
	p.Name = name
	kind, rest := cutField(rest)
	switch Kind(kind) {
	case Entity, String, Date, Int:
		p.Kind = Kind(kind)
	default:
		return p, fmt.Errorf("%s: unknown kind %q (want %s)", name, kind, kindNames)
	}
	presence, rest := cutField(rest)
	switch {
	case presence == "required":
		p.Required = true
	case presence == "optional":
	case strings.HasPrefix(presence, "default="):
		def := strings.TrimPrefix(presence, "default=")
		if strings.HasPrefix(def, `"`) {
			// A quoted default may hold spaces: re-cut from the original.
			i := strings.Index(s, `default="`) + len("default=")
			quoted, err := strconv.QuotedPrefix(s[i:])
			if err != nil {
				return p, fmt.Errorf("%s: bad quoted default: %v", name, err)
			}
			def, _ = strconv.Unquote(quoted)
			rest = strings.TrimSpace(s[i+len(quoted):])
		}
		if def == "" {
			return p, fmt.Errorf("%s: empty default (use \"optional\")", name)
		}
		if _, err := checkValue(p.Kind, def); err != nil {
			return p, fmt.Errorf("%s: default: %v", name, err)
		}
		p.Default = def
	default:
		return p, fmt.Errorf("%s: %q: want required, optional or default=VALUE", name, presence)
	}
	p.Description = strings.TrimSpace(rest)
	if p.Description == "" {
		return p, fmt.Errorf("%s: no description", name)
	}
	return p, nil
}

// cutField splits off the first space-separated field of s.
func cutField(s string) (field, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i:])
	}
	return s, ""
}

func parseColumns(s string) ([]string, error) {
	var cols []string
	seen := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if !identRe.MatchString(c) {
			return nil, fmt.Errorf("column %q: want a JavaScript identifier", c)
		}
		if seen[c] {
			return nil, fmt.Errorf("column %q listed twice", c)
		}
		seen[c] = true
		cols = append(cols, c)
	}
	return cols, nil
}

func parseOrder(s string, cols []string) ([]Order, error) {
	var order []Order
	seen := map[string]bool{}
	for _, item := range strings.Split(s, ",") {
		f := strings.Fields(item)
		if len(f) == 0 || len(f) > 2 || (len(f) == 2 && f[1] != "desc" && f[1] != "asc") {
			return nil, fmt.Errorf("%q: want COLUMN, COLUMN asc or COLUMN desc", strings.TrimSpace(item))
		}
		if !contains(cols, f[0]) {
			return nil, fmt.Errorf("%q is not a column", f[0])
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("%q listed twice", f[0])
		}
		seen[f[0]] = true
		order = append(order, Order{Column: f[0], Desc: len(f) == 2 && f[1] == "desc"})
	}
	return order, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// checkValue validates a parameter value of a non-entity kind and returns
// its JavaScript value (an int64 for Int, else the string).
func checkValue(kind Kind, v string) (any, error) {
	switch kind {
	case Date:
		if !dateRe.MatchString(v) {
			return nil, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", v)
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return nil, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", v)
		}
	case Int:
		n, err := strconv.ParseInt(v, 10, 53) // exact in a JavaScript number
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", v)
		}
		return n, nil
	case Entity:
		if strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("empty name")
		}
	}
	return v, nil
}

// Synopsis is a one-line usage of the query's parameters, e.g.
// "a=ENTITY b=ENTITY [kind=STRING]".
func (q *Query) Synopsis() string {
	var parts []string
	for _, p := range q.Params {
		s := p.Name + "=" + strings.ToUpper(string(p.Kind))
		if !p.Required {
			s = "[" + s + "]"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
