package query

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/newsgraph/newsgraph/queries"
)

const validHeader = `// name: meetings-between
// description: Meetings between two people or countries.
// param: a entity required  A person or country ("ROK")
// param: since date optional  Only events on or after this date
// param: limit int default=10  At most this many rows
// param: label string default="two words"  A quoted default
//
// Free text in the header is documentation, even with a colon: like this.
// columns: date, kind, attendees
// order: date desc, kind

g.emit({date: "2025-11-01"});
`

func TestParse(t *testing.T) {
	q, err := Parse("x.gizmo", []byte(validHeader))
	if err != nil {
		t.Fatal(err)
	}
	want := &Query{
		Name:        "meetings-between",
		File:        "x.gizmo",
		Description: "Meetings between two people or countries.",
		Params: []Param{
			{Name: "a", Kind: Entity, Required: true, Description: `A person or country ("ROK")`},
			{Name: "since", Kind: Date, Description: "Only events on or after this date"},
			{Name: "limit", Kind: Int, Default: "10", Description: "At most this many rows"},
			{Name: "label", Kind: String, Default: "two words", Description: "A quoted default"},
		},
		Columns: []string{"date", "kind", "attendees"},
		Order:   []Order{{Column: "date", Desc: true}, {Column: "kind"}},
		Source:  validHeader,
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
	if got, want := q.Synopsis(), "a=ENTITY [since=DATE] [limit=INT] [label=STRING]"; got != want {
		t.Errorf("Synopsis = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	const cols = "// columns: a\n"
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", "x.gizmo: header has no \"// name:\" line"},
		{"no header", "g.V().all()\n", "x.gizmo: header has no \"// name:\" line"},
		{"no description", "// name: q\n" + cols, "x.gizmo: header has no \"// description:\" line"},
		{"no columns", "// name: q\n// description: d\n", "x.gizmo: header has no \"// columns:\" line"},
		{"bad name", "// name: Meetings Between\n", `x.gizmo:1: name "Meetings Between": want lower-case words joined by "-"`},
		{"duplicate field", "// name: q\n// name: r\n", "x.gizmo:2: name: already given on line 1"},
		{"unknown field", "// name: q\n// parm: a entity required A\n", `x.gizmo:2: unknown header field "parm" (want name, description, param, columns or order)`},
		{"empty description", "// name: q\n// description:\n", "x.gizmo:2: description is empty"},
		{"param bad name", "// param: 1a entity required A\n", `x.gizmo:1: param: name "1a": want a JavaScript identifier`},
		{"param bad kind", "// param: a entty required A\n", `x.gizmo:1: param: a: unknown kind "entty" (want entity, string, date or int)`},
		{"param bad presence", "// param: a entity maybe A\n", `x.gizmo:1: param: a: "maybe": want required, optional or default=VALUE`},
		{"param no description", "// param: a entity required\n", "x.gizmo:1: param: a: no description"},
		{"param bad default", "// param: d date default=tomorrow D\n", `x.gizmo:1: param: d: default: "tomorrow" is not a date (want YYYY-MM-DD)`},
		{"param bad int default", "// param: n int default=ten N\n", `x.gizmo:1: param: n: default: "ten" is not an integer`},
		{"param bad quote", "// param: s string default=\"open S\n", "x.gizmo:1: param: s: bad quoted default: invalid syntax"},
		{"param twice", "// param: a entity required A\n//\n// param: a int required B\n", `x.gizmo:3: param "a": already declared on line 1`},
		{"column twice", "// columns: a, b, a\n", `x.gizmo:1: columns: column "a" listed twice`},
		{"column empty", "// columns: a,,b\n", `x.gizmo:1: columns: column "": want a JavaScript identifier`},
		{"order unknown column", "// name: q\n// description: d\n// order: b\n" + cols, `x.gizmo:3: order: "b" is not a column`},
		{"order bad direction", "// name: q\n// description: d\n// order: a down\n" + cols, `x.gizmo:3: order: "a down": want COLUMN, COLUMN asc or COLUMN desc`},
		{"not utf-8", "// name: q\xff\n", "x.gizmo: not UTF-8 text"},
		{"binary", "// name: q\x00\n", "x.gizmo: binary file (NUL byte)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.gizmo", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error %q", tt.src, tt.want)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error = %q\nwant    %q", got, tt.want)
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
		})
	}
}

// The header ends at the first line that is not a comment: fields after it
// are program text, not header.
func TestParseHeaderEnds(t *testing.T) {
	src := "\n// name: q\n// description: d\n// columns: a\nvar x = 1;\n// param: late entity required Not a parameter\n"
	q, err := Parse("x.gizmo", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Params) != 0 {
		t.Errorf("Params = %v, want none", q.Params)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(validHeader))
	f.Add([]byte("// name: q\n// description: d\n// columns: a\n"))
	f.Add([]byte("// param: s string default=\"a \\\" b\" S\n"))
	f.Add([]byte("// order: a desc, b\n// columns: b, a\n"))
	saved, _ := Load(queries.FS())
	for _, q := range saved {
		f.Add([]byte(q.Source))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		q, err := Parse("fuzz.gizmo", src)
		if err != nil {
			if !errors.Is(err, ErrSyntax) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: want a one-line ErrSyntax", err)
			}
			return
		}
		if !nameRe.MatchString(q.Name) || q.Description == "" || len(q.Columns) == 0 {
			t.Fatalf("accepted incomplete header: %+v", q)
		}
		for _, p := range q.Params {
			if p.Required && p.Default != "" {
				t.Fatalf("param %q both required and defaulted", p.Name)
			}
			if p.Default != "" {
				if _, err := checkValue(p.Kind, p.Default); err != nil {
					t.Fatalf("param %q: accepted bad default: %v", p.Name, err)
				}
			}
		}
		for _, o := range q.Order {
			if !contains(q.Columns, o.Column) {
				t.Fatalf("order column %q is not a column", o.Column)
			}
		}
		_ = q.Synopsis()
	})
}

func TestLoadSaved(t *testing.T) {
	qs, err := Load(queries.FS())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, q := range qs {
		names = append(names, q.Name)
		if q.File != q.Name+Ext {
			t.Errorf("%s: File = %q", q.Name, q.File)
		}
		for _, p := range q.Params {
			if p.Description == "" {
				t.Errorf("%s: param %q has no description", q.Name, p.Name)
			}
		}
	}
	want := []string{"agreements", "documents", "meetings", "meetings-between", "person", "relations", "timeline", "topics"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("saved queries (-want +got):\n%s", diff)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"name differs from file", fstest.MapFS{"a.gizmo": {Data: []byte("// name: b\n// description: d\n// columns: x\n")}},
			`a.gizmo: header names the query "b", want "a" (the file name)`},
		{"syntax error", fstest.MapFS{"a.gizmo": {Data: []byte("// name: a\n// description: d\n// columns: x, x\n")}},
			`a.gizmo:3: columns: column "x" listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.fsys)
			if err == nil || err.Error() != tt.want {
				t.Errorf("Load error = %v, want %q", err, tt.want)
			}
		})
	}
	qs, err := Load(fstest.MapFS{"README.md": {Data: []byte("not a query")}})
	if err != nil || len(qs) != 0 {
		t.Errorf("Load of a folder without queries = %v, %v; want none", qs, err)
	}
}

func TestFind(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.gizmo")
	if err := os.WriteFile(file, []byte("// name: mine\n// description: d\n// columns: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := os.WriteFile("local", []byte("// name: local-file\n// description: d\n// columns: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		arg, wantName, wantErr string
	}{
		{arg: "meetings", wantName: "meetings"},
		{arg: "meetings-between", wantName: "meetings-between"},
		{arg: file, wantName: "mine"},
		{arg: "mine.gizmo", wantName: "mine"},
		{arg: "local", wantName: "local-file"},
		{arg: "nope", wantErr: `no such saved query named "nope" (list them with "newsgraph queries")`},
		{arg: "../meetings", wantErr: "read query ../meetings: open ../meetings: no such file or directory"},
		{arg: "missing.gizmo", wantErr: "read query missing.gizmo: open missing.gizmo: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			q, err := Find(queries.FS(), tt.arg)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Find(%q) error = %v, want %q", tt.arg, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Name != tt.wantName {
				t.Errorf("Find(%q).Name = %q, want %q", tt.arg, q.Name, tt.wantName)
			}
		})
	}
	if _, err := Find(queries.FS(), "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown name: %v does not wrap ErrNotFound", err)
	}
}
