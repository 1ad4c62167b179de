package schema

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
)

// table is a parsed gazetteer file: its data rows, in file order, with the
// header checked and comments dropped.
type table struct {
	path string
	rows []row
}

// row is one data line of a table.
type row struct {
	path   string
	line   int // 1-based line number in the file
	fields []string
}

func (r row) cell(i int) string { return r.fields[i] }

// list splits a multi-valued cell on '|'. Empty values were rejected by
// parseTSV, so an empty cell is the only source of a nil list.
func (r row) list(i int) []string {
	if r.fields[i] == "" {
		return nil
	}
	return strings.Split(r.fields[i], "|")
}

func (r row) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s: %w", r.path, r.line, fmt.Sprintf(format, args...), ErrFormat)
}

// parseTSV parses a gazetteer file: UTF-8 text; lines starting with '#' and
// blank lines ignored; a header line equal to want; then rows with exactly
// len(want) tab-separated cells, each free of surrounding spaces, whose
// '|'-separated values are non-empty, with a non-empty first cell, sorted by
// first cell in byte order without duplicates.
func parseTSV(path string, data []byte, want []string) (*table, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s: not valid UTF-8: %w", path, ErrFormat)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	t := &table{path: path}
	header := false
	prev := ""
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		r := row{path: path, line: n, fields: fields}
		if !header {
			if strings.Join(fields, "\t") != strings.Join(want, "\t") {
				return nil, r.errorf("header is %q, want %q", strings.Join(fields, " "), strings.Join(want, " "))
			}
			header = true
			continue
		}
		if len(fields) != len(want) {
			return nil, r.errorf("%d columns, want %d", len(fields), len(want))
		}
		for j, f := range fields {
			if f != strings.TrimSpace(f) {
				return nil, r.errorf("%s has leading or trailing space", want[j])
			}
			if f == "" {
				continue
			}
			for _, v := range strings.Split(f, "|") {
				if v == "" || v != strings.TrimSpace(v) {
					return nil, r.errorf("%s has an empty or space-padded value in %q", want[j], f)
				}
			}
		}
		first := fields[0]
		if first == "" {
			return nil, r.errorf("empty %s", want[0])
		}
		if len(t.rows) > 0 && first <= prev {
			if first == prev {
				return nil, r.errorf("duplicate %s %q", want[0], first)
			}
			return nil, r.errorf("%s %q is out of order (after %q)", want[0], first, prev)
		}
		prev = first
		t.rows = append(t.rows, r)
	}
	if !header {
		return nil, fmt.Errorf("%s: no header line: %w", path, ErrFormat)
	}
	return t, nil
}
