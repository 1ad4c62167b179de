package ingest

import (
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/valyala/fastjson"
	"golang.org/x/text/unicode/norm"
)

// checkDoc asserts what holds for every document whatever its input.
func checkDoc(t *testing.T, d *Document) {
	t.Helper()
	for name, s := range map[string]string{
		"ID": d.ID, "Origin": d.Origin, "Title": d.Title, "Source": d.Source, "URL": d.URL,
		"Dateline.Raw": d.Dateline.Raw, "Dateline.Place": d.Dateline.Place, "Dateline.Agency": d.Dateline.Agency,
		"Text": d.Text, "Hash": d.Hash,
	} {
		if !utf8.ValidString(s) {
			t.Errorf("%s is not valid UTF-8: %q", name, s)
		}
	}
	if d.Text == "" {
		t.Error("empty Text without an error")
	}
	if len(d.Hash) != 64 {
		t.Errorf("Hash %q", d.Hash)
	}
	for _, tm := range []struct {
		name string
		ok   bool
	}{
		{"Published", d.Published.IsZero() || d.Published.Hour() == 0 && d.Published.Location().String() == "UTC"},
		{"Dateline.Date", d.Dateline.Date.IsZero() || d.Dateline.Date.Hour() == 0},
	} {
		if !tm.ok {
			t.Errorf("%s is not a UTC day", tm.name)
		}
	}
}

// checkErr asserts the error contract: one line, ErrBadInput, names the file.
func checkErr(t *testing.T, err error, name string) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") || !errors.Is(err, ErrBadInput) || !strings.HasPrefix(msg, name) {
		t.Errorf("error %q: want one line, ErrBadInput, naming %s", msg, name)
	}
}

func addSeeds(f *testing.F) {
	for _, dir := range []string{"testdata/seeds", "testdata/golden"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if b, err := os.ReadFile(dir + "/" + e.Name()); err == nil && !strings.HasSuffix(e.Name(), ".json") {
				f.Add(string(b))
			}
		}
	}
	for _, s := range []string{
		"", "\n", "2017-11-12\nTitle\n\n(Reuters) - Text.", " date 2025-11-02 T\n\nX",
		"Published on January 5, 2026\n\nSource: Xinhua\n\nBeijing, January 5 – X",
		"TOKYO, March 27 - A\nb\n    C\n REUTER", "\xff\xfe", "# H\n\n[a](b)", "Date: 99/99/9999\n\nx",
	} {
		f.Add(s)
	}
}

func FuzzSniff(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, text string) {
		d, err := Parse("doc/1", "in.txt", text, Meta{})
		if err != nil {
			checkErr(t, err, "in.txt")
			return
		}
		checkDoc(t, d)
		if d.ID != "doc/1" {
			t.Errorf("ID %q", d.ID)
		}
		again, err := Parse("doc/1", "in.txt", text, Meta{})
		if err != nil || again.Hash != d.Hash {
			t.Errorf("second parse differs: %v", err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2017-11-12", "November 02, 2025", "Thu, Jan 08 2026 06:16:10pm", "03/04/2025", "1332151919", "2025-11-02T10:00:00+08:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if ok && (d.Year() < 1800 || d.Year() > 2199 || d.Hour() != 0) {
			t.Errorf("ParseDate(%q) = %v", s, d)
		}
	})
}

func FuzzDateline(f *testing.F) {
	for _, s := range []string{"GYEONGJU, South Korea, Nov. 1 (Xinhua) -- X", "MOSCOW (Reuters) - X", "(Reuters) - X", "Beijing, January 5 – X", "****LONDON, March 5 - X", "TOKYO -  - X", "Seoul-Busan - X", "PARIS: talks - X", "Café Zürich, May 2 - X", "ANTI- WAR - X", "LIMA 2 - X", "\xffOSLO - X"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		head := s[:min(len(s), maxDatelineLen)] // as ParseDateline cuts it
		want := reDateline.FindStringSubmatchIndex(head)
		if got := matchDateline(head); !slices.Equal(got, want) {
			t.Errorf("matchDateline(%q) = %v, the whole regular expression %v", head, got, want)
		}
		if got := dlMatch(head); !slices.Equal(got, want) {
			t.Errorf("dlMatch(%q) = %v, the regular expression %v", head, got, want)
		}
		dl, rest, ok := ParseDateline(s, day("2025-11-02"))
		if !ok && rest != s {
			t.Errorf("no dateline but rest %q != input", rest)
		}
		if ok && utf8.ValidString(s) && (!utf8.ValidString(dl.Raw) || !utf8.ValidString(rest)) {
			t.Errorf("invalid UTF-8 out of valid input: %q %q", dl.Raw, rest)
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add(`{"id":"a","date":"2017-11-12","title":"T","text":"X"}` + "\n" + `{"id":"b","date":null,"text":"Y"}`)
	f.Add(`{"text":"no id"}` + "\n\n" + `{"id":3,"text":"n"}`)
	f.Add(`{"id":"a","text":` + "\n" + `[1]` + "\n" + `"str"`)
	f.Add(`{"id":"a","text":"\u0000"}`)
	f.Fuzz(func(t *testing.T, data string) {
		fsys := fstest.MapFS{"in.jsonl": file([]byte(data))}
		read := func() []string {
			var ids []string
			err := Reader{MaxSize: 4096}.Read(t.Context(), fsys, []string{"in.jsonl"}, func(d *Document, err error) error {
				if err != nil {
					checkErr(t, err, "in.jsonl:")
					return nil
				}
				checkDoc(t, d)
				if d.ID == "" {
					t.Error("empty ID")
				}
				ids = append(ids, d.ID+" "+d.Hash)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return ids
		}
		a, b := read(), read()
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("IDs or hashes differ between reads:\n%q\n%q", a, b)
		}
	})
}

func FuzzReadText(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data string) {
		fsys := fstest.MapFS{"dir/in.txt": file([]byte(data))}
		err := Reader{MaxSize: 1 << 16}.Read(t.Context(), fsys, []string{"dir"}, func(d *Document, err error) error {
			if err != nil {
				checkErr(t, err, "dir/in.txt")
				return nil
			}
			checkDoc(t, d)
			if d.ID != "in.txt" {
				t.Errorf("ID %q", d.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzHTML(f *testing.F) {
	if b, err := os.ReadFile("testdata/golden/page.html"); err == nil {
		f.Add(string(b))
	}
	f.Add("<p>Body.</p>")
	f.Add("<html><head><meta charset=latin1><title>T</title></head><body><nav>x</nav><article><h1>T</h1><p>MOSCOW (Reuters) - Y.</p></article></body>")
	f.Add("<table><tr><td>a<td>b</table><script>x</script>")
	f.Add("<meta property=\"article:published_time\" content=\"2025-01-01\"><p>x")
	f.Fuzz(func(t *testing.T, data string) {
		d, err := parseHTML("p.html", "p.html", []byte(data))
		if err != nil {
			checkErr(t, err, "p.html")
			return
		}
		checkDoc(t, d)
		if d.ID != "p.html" {
			t.Errorf("ID %q", d.ID)
		}
	})
}

// FuzzCollapseSpace: the copy-saving collapseSpace and joinLines give what
// strings.Fields and joining line by line with joinWrapped give. (Text
// with no ASCII space to collapse is returned as it is, even where it holds
// other Unicode spaces: normalizeText has made those ASCII before.)
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"a  b", " a\tb\n", "Anti-\nBallistic", "x\u00a0 y", "-\n-", "a-\nb-\nc", "", "\u2003", "é  f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.Join(strings.Fields(s), " ")
		if strings.ContainsAny(s, "\t\n\r\v\f") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
			if got := collapseSpace(s); got != want {
				t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
			}
		} else if got := collapseSpace(s); got != s {
			t.Errorf("collapseSpace(%q) = %q, want it unchanged", s, got)
		}
		lines := strings.Split(s, "\n")
		want = ""
		for _, l := range lines {
			want = joinWrapped(want, l)
		}
		if got := joinLines(lines); got != want {
			t.Errorf("joinLines(%q) = %q, want %q", lines, got, want)
		}
	})
}

// FuzzDecodeRecord: where the fastjson decoder takes a line, it reads what
// encoding/json reads from it, and encoding/json takes it too.
func FuzzDecodeRecord(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","date":"2017-11-12","title":"T","text":"X","url":"u","source":"s"}`,
		`{"id":3,"date":null,"title":null,"text":"Y\n\"q\"\\\u00e9\/"}`,
		`{"Text":"case"}`, `{"text":"a","text":"b"}`, `{"text":1}`, `[1]`, `{"text":"\ud83d\ude00"}`, `{"text":"\ud800"}`,
		`{"id":{"x":[1,2]},"other":{"a":null},"text":"t"}`, `{"text":"a"} x`, `{"text":"tab	in"}`, `{"id":01,"text":"t"}`,
		`{"ſource":"long s","text":"t"}`, `{"id":-1.5e3,"text":""}`, ` {"text" : "sp" } `,
		`{"id":1.,"text":"t"}`, `{"id":.5,"text":"t"}`, `{"id":+1,"text":"t"}`, `{"id":1e,"text":"t"}`, `{"id":-01,"text":"t"}`,
		`{"id":NaN,"text":"t"}`, `{"id":Infinity,"text":"t"}`, `{"id":-Inf,"text":"t"}`, `{"text":"t",}`, `{"text":"\x"}`, `{"text":"\u12"}`,
		`{"id":1E+2,"text":"t"}`, `{"id":[1,],"text":"t"}`, "{\"text\":\"t\"}\x00", "{\"text\":\"t\"}\v", `{"id":"\u0041","text":"t"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // parseRecord rejects it before decoding
		}
		var p fastjson.Parser
		got, ok := decodeRecord(&p, []byte(s))
		if !ok {
			return
		}
		var want record
		if err := json.Unmarshal([]byte(s), &want); err != nil {
			t.Fatalf("fastjson took %q, which encoding/json rejects: %v", s, err)
		}
		// ids compare as recordID reads them
		gotID, gerr := recordID(got.ID)
		wantID, werr := recordID(want.ID)
		if gotID != wantID || (gerr == nil) != (werr == nil) {
			t.Errorf("%q: id %q (%v), want %q (%v)", s, gotID, gerr, wantID, werr)
		}
		got.ID, want.ID = nil, nil
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: fastjson reads otherwise (-encoding/json +fastjson):\n%s", s, diff)
		}
	})
}

// FuzzMetadataLine: the cheap tests in front of the header's expressions
// turn away only lines the expressions would not match.
func FuzzMetadataLine(f *testing.F) {
	for _, s := range []string{"Source: Xinhua", "Date: 2025-11-02", "date 2025-11-02 Title", "Published on Nov 2, 2025",
		"UPDATED 2 Nov", "www.example.com", "https://news.example.co.uk/", "[Home](/) [World](/world)", " Label: x",
		"A: b", "Abc def:", "ſource: x", "2025-11-02", "2025-1-02x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, l string) {
		if got, want := labelLine(l), reLabel.FindStringSubmatch(l); !slices.Equal(got, want) {
			t.Errorf("labelLine(%q) = %q, reLabel %q", l, got, want)
		}
		if got, want := publishedOn(l), rePublishedOn.FindStringSubmatch(l); !slices.Equal(got, want) {
			t.Errorf("publishedOn(%q) = %q, rePublishedOn %q", l, got, want)
		}
		if got, want := siteName(l), reSiteName.MatchString(l); got != want {
			t.Errorf("siteName(%q) = %v, reSiteName %v", l, got, want)
		}
		if got, want := linkOnly(l), reLinkOnly.MatchString(l); got != want {
			t.Errorf("linkOnly(%q) = %v, reLinkOnly %v", l, got, want)
		}
		if got, want := dateTitle(l), reDateTitle.FindStringSubmatch(l); !slices.Equal(got, want) {
			t.Errorf("dateTitle(%q) = %q, reDateTitle %q", l, got, want)
		}
		if got, want := isoDate(l), reISODate.FindStringSubmatch(l); !slices.Equal(got, want) {
			t.Errorf("isoDate(%q) = %q, reISODate %q", l, got, want)
		}
		if (reSignoff.MatchString(collapseSpace(l)) || strings.HasPrefix(strings.ToLower(collapseSpace(l)), "source:")) && !maySignOff(l) {
			t.Errorf("%q is a sign-off or source line, which maySignOff turns away", l)
		}
	})
}

// FuzzNormalizeText holds normalizeText, which copies plain runs whole,
// to normalizeTextRef, which copies byte by byte.
func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"plain text\nline two\ttab", "curly ’quotes’ and — dashes", "crlf\r\nline\rcr", "\ufeffbom\u200bzero\u00a0nbsp\u2028ls",
		"\x00\x01ctl\x7f\x80\xff", "e\u0301 NFC", "12345678\n12345678\x0b12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalizeText(s), normalizeTextRef(s); got != want {
			t.Errorf("normalizeText(%q) = %q, want %q", s, got, want)
		}
		if got, want := plainASCII(s), plainASCIIBytes(s); got != want {
			t.Errorf("plainASCII(%q) = %v, want %v", s, got, want)
		}
	})
}

func plainASCIIBytes(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isPlainByte(s[i]) {
			return false
		}
	}
	return true
}

// normalizeTextRef is normalizeText as it was, byte by byte.
func normalizeTextRef(s string) string {
	if plainASCIIBytes(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = norm.NFC.String(s)
	var b strings.Builder
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7F || c == '\n' || c == '\t' {
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\f' || r == '\v':
			b.WriteByte('\n')
		case r == '\uFEFF' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' ||
			r == '\u200E' || r == '\u200F' || r == '\u00AD':
		case unicode.IsControl(r):
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
