package query

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Result is the table a query produced: printable cells, one row per
// result, columns as the query declares them.
type Result struct {
	Columns []string
	Rows    [][]string
}

// Formats lists the output formats Write knows, the default first.
var Formats = []string{"table", "json", "csv"}

// ErrFormat means Write was asked for a format it does not know.
var ErrFormat = errors.New("unknown output format")

// Write prints the result as an aligned text table with a header line
// ("table"), a JSON array of objects whose keys follow the column order
// ("json"), or CSV with a header row ("csv").
func (r *Result) Write(w io.Writer, format string) error {
	switch format {
	case "table", "":
		return r.writeTable(w)
	case "json":
		return r.writeJSON(w)
	case "csv":
		return r.writeCSV(w)
	}
	return fmt.Errorf("%w %q (want %s)", ErrFormat, format, strings.Join(Formats, ", "))
}

// cellSpace flattens tabs and line breaks, which would break table layout.
var cellSpace = strings.NewReplacer("\t", " ", "\r\n", " ", "\n", " ", "\r", " ")

func (r *Result) writeTable(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				tw.Write([]byte{'\t'})
			}
			io.WriteString(tw, cellSpace.Replace(c))
		}
		tw.Write([]byte{'\n'})
	}
	head := make([]string, len(r.Columns))
	for i, c := range r.Columns {
		head[i] = strings.ToUpper(c)
	}
	line(head)
	for _, row := range r.Rows {
		line(row)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// Padding before empty trailing cells is noise (and trips diff tools).
	bw := bufio.NewWriter(w)
	for l := range bytes.Lines(buf.Bytes()) {
		bw.Write(bytes.TrimRight(l, " \n"))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func (r *Result) writeJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	if len(r.Rows) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	for i, row := range r.Rows {
		bw.WriteString("  {")
		for j, c := range r.Columns {
			if j > 0 {
				bw.WriteString(", ")
			}
			bw.Write(jsonString(c))
			bw.WriteString(": ")
			bw.Write(jsonString(row[j]))
		}
		bw.WriteString("}")
		if i < len(r.Rows)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// jsonString encodes s as a JSON string, leaving <, > and & readable.
func jsonString(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte{'\n'})
}

func (r *Result) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(r.Columns)
	for _, row := range r.Rows {
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// isNumber reports whether a cell sorts numerically: it matches
// ^-?[0-9]+(\.[0-9]+)?$ (tested by hand: cells run to thousands a query).
func isNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	digits := func(s string) int {
		n := 0
		for n < len(s) && '0' <= s[n] && s[n] <= '9' {
			n++
		}
		return n
	}
	n := digits(s)
	if n == 0 {
		return false
	}
	if n == len(s) {
		return true
	}
	frac := s[n:]
	return frac[0] == '.' && len(frac) > 1 && digits(frac[1:]) == len(frac)-1
}

// compareCells orders two cells: empty cells last, numbers before other
// text and by value, text case-insensitively (then bytewise, to be total).
func compareCells(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	na, nb := isNumber(a), isNumber(b)
	switch {
	case na && nb:
		fa, _ := strconv.ParseFloat(a, 64)
		fb, _ := strconv.ParseFloat(b, 64)
		if fa < fb {
			return -1
		} else if fa > fb {
			return 1
		}
	case na:
		return -1
	case nb:
		return 1
	}
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// sort orders the rows by the given keys, then by every column left to
// right, and drops duplicate rows. Empty cells sort last either way.
func (r *Result) sort(order []Order) {
	type key struct {
		col  int
		desc bool
	}
	var keys []key
	used := map[int]bool{}
	for _, o := range order {
		i := slices.Index(r.Columns, o.Column)
		keys = append(keys, key{i, o.Desc})
		used[i] = true
	}
	for i := range r.Columns {
		if !used[i] {
			keys = append(keys, key{col: i})
		}
	}
	slices.SortStableFunc(r.Rows, func(a, b []string) int {
		for _, k := range keys {
			c := compareCells(a[k.col], b[k.col])
			if c != 0 && k.desc && a[k.col] != "" && b[k.col] != "" {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	r.Rows = slices.CompactFunc(r.Rows, slices.Equal)
}
