package query

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var sample = &Result{
	Columns: []string{"date", "name", "note"},
	Rows: [][]string{
		{"2025-11-01", "Lee Jae-myung", `said "yes", then left`},
		{"2026-01-05", "Łukasz Ż", "line\nbreak\tand tab"},
		{"", "<b>&", ""},
	},
}

func TestWrite(t *testing.T) {
	tests := []struct {
		format, want string
	}{
		{"table", `DATE        NAME           NOTE
2025-11-01  Lee Jae-myung  said "yes", then left
2026-01-05  Łukasz Ż       line break and tab
            <b>&
`},
		{"", `DATE        NAME           NOTE
2025-11-01  Lee Jae-myung  said "yes", then left
2026-01-05  Łukasz Ż       line break and tab
            <b>&
`},
		{"json", `[
  {"date": "2025-11-01", "name": "Lee Jae-myung", "note": "said \"yes\", then left"},
  {"date": "2026-01-05", "name": "Łukasz Ż", "note": "line\nbreak\tand tab"},
  {"date": "", "name": "<b>&", "note": ""}
]
`},
		{"csv", `date,name,note
2025-11-01,Lee Jae-myung,"said ""yes"", then left"
2026-01-05,Łukasz Ż,"line
break	and tab"
,<b>&,
`},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			var b bytes.Buffer
			if err := sample.Write(&b, tt.format); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Write(%q) (-want +got):\n%s", tt.format, diff)
			}
		})
	}
}

// The JSON and CSV outputs read back to the same cells, keys in column
// order.
func TestWriteRoundTrip(t *testing.T) {
	var js bytes.Buffer
	if err := sample.Write(&js, "json"); err != nil {
		t.Fatal(err)
	}
	var objs []map[string]string
	if err := json.Unmarshal(js.Bytes(), &objs); err != nil {
		t.Fatalf("json output does not parse: %v", err)
	}
	for i, o := range objs {
		for j, c := range sample.Columns {
			if o[c] != sample.Rows[i][j] {
				t.Errorf("json row %d %s = %q, want %q", i, c, o[c], sample.Rows[i][j])
			}
		}
	}
	first := strings.SplitN(js.String(), "\n", 3)[1]
	if !strings.HasPrefix(first, `  {"date": `) || strings.Index(first, `"name"`) > strings.Index(first, `"note"`) {
		t.Errorf("json keys not in column order: %s", first)
	}

	var c bytes.Buffer
	if err := sample.Write(&c, "csv"); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(append([][]string{sample.Columns}, sample.Rows...), recs); diff != "" {
		t.Errorf("csv round trip (-want +got):\n%s", diff)
	}
}

func TestWriteEmpty(t *testing.T) {
	empty := &Result{Columns: []string{"a", "b"}}
	for format, want := range map[string]string{"table": "A  B\n", "json": "[]\n", "csv": "a,b\n"} {
		var b bytes.Buffer
		if err := empty.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("empty %s = %q, want %q", format, b.String(), want)
		}
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	err := sample.Write(&bytes.Buffer{}, "xml")
	if !errors.Is(err, ErrFormat) || err.Error() != `unknown output format "xml" (want table, json, csv)` {
		t.Errorf("Write(xml) = %v", err)
	}
}

func TestSortRows(t *testing.T) {
	tests := []struct {
		name  string
		order []Order
		rows  [][]string
		want  [][]string
	}{
		{"by columns, empty last",
			nil,
			[][]string{{"", "a"}, {"2026-01-05", "b"}, {"2025-11-01", "c"}},
			[][]string{{"2025-11-01", "c"}, {"2026-01-05", "b"}, {"", "a"}}},
		{"numbers by value, before text",
			nil,
			[][]string{{"10", ""}, {"9", ""}, {"x", ""}, {"-1.5", ""}},
			[][]string{{"-1.5", ""}, {"9", ""}, {"10", ""}, {"x", ""}}},
		{"text ignores case, then bytes",
			nil,
			[][]string{{"b", ""}, {"B", ""}, {"a", ""}, {"C", ""}},
			[][]string{{"a", ""}, {"B", ""}, {"b", ""}, {"C", ""}}},
		{"desc key, empty still last, ties by the other columns",
			[]Order{{Column: "n", Desc: true}},
			[][]string{{"b", "1"}, {"a", ""}, {"c", "2"}, {"a", "2"}},
			[][]string{{"a", "2"}, {"c", "2"}, {"b", "1"}, {"a", ""}}},
		{"duplicates dropped",
			nil,
			[][]string{{"a", "1"}, {"b", "2"}, {"a", "1"}},
			[][]string{{"a", "1"}, {"b", "2"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Result{Columns: []string{"s", "n"}, Rows: tt.rows}
			r.sort(tt.order)
			if diff := cmp.Diff(tt.want, r.Rows); diff != "" {
				t.Errorf("sorted (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSortCells: sortCells orders a cell's values as compareCells does.
func TestSortCells(t *testing.T) {
	cells := []string{"b", "10", "", "B", "a", "2", "-1.5", "Zeta", "alpha", "2", "x10", "1e3"}
	want := slices.Clone(cells)
	slices.SortStableFunc(want, compareCells)
	got := slices.Clone(cells)
	sortCells(got)
	if !slices.Equal(got, want) {
		t.Errorf("sortCells = %q, want %q", got, want)
	}
}
