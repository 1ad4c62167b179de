package query

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// echoQuery emits its parameters as the program sees them, as JSON.
const echoQuery = `// name: echo
// description: Emits its parameters.
// param: s string required  Any text
// param: n int default=7  A number
// param: d date optional  A day
// param: who entity optional  An entity
// columns: params

g.emit({params: JSON.stringify(params)});
`

// FuzzParams: whatever text a user passes as parameters, binding fails
// with a one-line ErrParam or gives the program exactly that text (a
// string parameter can hold quotes, newlines, U+2028 or "</script>" and
// never becomes code), a number for an int and a checked date.
func FuzzParams(f *testing.F) {
	for _, s := range []string{"Xi Jinping", `"); g.V().All(); ("`, "a\u2028b\u2029c", "</script>", "\\", "\x00", "\xff", "\xc1\xfd", "12", "-9007199254740993", "2025-02-30", "2025-11-01", ""} {
		f.Add(s, s, s, "Lee Jae Myung")
	}
	q, err := Parse("echo.gizmo", []byte(echoQuery))
	if err != nil {
		f.Fatal(err)
	}
	st := fixture(f)
	f.Fuzz(func(t *testing.T, s, n, d, who string) {
		params := map[string]string{"s": s, "n": n, "d": d, "who": who}
		res, err := q.Run(t.Context(), st, params)
		if err != nil {
			if !errors.Is(err, ErrParam) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error %q: want a one-line ErrParam", err)
			}
			return
		}
		for _, v := range params {
			if !utf8.ValidString(v) {
				t.Fatalf("parameters %q: invalid UTF-8 accepted", params)
			}
		}
		if len(res.Rows) != 1 {
			t.Fatalf("rows %q", res.Rows)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(res.Rows[0][0]), &got); err != nil {
			t.Fatalf("program saw params %q: %v", res.Rows[0][0], err)
		}
		if strings.TrimSpace(s) != "" && got["s"] != s {
			t.Errorf("string parameter %q reached the program as %q", s, got["s"])
		}
		if strings.TrimSpace(n) != "" {
			want, _ := strconv.ParseInt(n, 10, 53)
			if got["n"] != float64(want) {
				t.Errorf("int parameter %q reached the program as %v", n, got["n"])
			}
		}
		if strings.TrimSpace(d) != "" && (got["d"] != d || !dateRe.MatchString(d)) {
			t.Errorf("date parameter %q reached the program as %v", d, got["d"])
		}
		if w, ok := got["who"].([]any); strings.TrimSpace(who) != "" && (!ok || len(w) == 0) {
			t.Errorf("entity parameter %q reached the program as %v", who, got["who"])
		}
	})
}
