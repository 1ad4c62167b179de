package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/valyala/fastjson"
)

// record is one JSON Lines article. Unknown fields are ignored; "date" may
// be null or absent.
type record struct {
	ID     json.RawMessage `json:"id"`
	Date   *string         `json:"date"`
	Title  string          `json:"title"`
	Text   *string         `json:"text"`
	URL    string          `json:"url"`
	Source string          `json:"source"`
}

// readJSONL streams JSON Lines records from in, one document per non-blank
// line. A bad line (too long, not UTF-8, malformed JSON, no text) is an
// error for that line only; a read error (a damaged gzip stream) ends the
// file with one error after the records read so far.
func (r Reader) readJSONL(ctx context.Context, in io.Reader, path, fileID string, gz bool, fn func(*Document, error) error) error {
	br := bufio.NewReaderSize(in, 256<<10)
	max := r.maxSize()
	var buf []byte
	var p fastjson.Parser
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, tooLong, err := readLine(br, &buf, max)
		if err != nil && !errors.Is(err, io.EOF) {
			return fn(nil, readError(path, line, gz, err))
		}
		if tooLong {
			if ferr := fn(nil, badInput(path, line, nil, fmt.Sprintf("line too long (over %s; the limit per document is %s)", sizeText(max), sizeText(max)))); ferr != nil {
				return ferr
			}
		} else if len(bytes.TrimSpace(b)) > 0 {
			d, derr := parseRecord(&p, b, path, line, fileID)
			if ferr := fn(d, derr); ferr != nil {
				return ferr
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// readLine reads one line without its newline into *buf (reused between
// calls). A line longer than max is consumed and reported as tooLong
// instead of being buffered. err is io.EOF after the last line.
func readLine(br *bufio.Reader, buf *[]byte, max int) (line []byte, tooLong bool, err error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(*buf)+len(chunk) > max+1 { // +1: the newline
				tooLong = true
				*buf = (*buf)[:0]
			} else {
				*buf = append(*buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(*buf, []byte("\n")), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return *buf, tooLong, io.EOF
		default:
			return nil, false, err
		}
	}
}

// parseRecord turns one JSON Lines record into a Document, decoding it
// with p.
func parseRecord(p *fastjson.Parser, b []byte, path string, line int, fileID string) (*Document, error) {
	b = bytes.TrimSuffix(b, []byte("\r"))
	if i := invalidUTF8(b); i >= 0 {
		return nil, badInput(path, line, nil, fmt.Sprintf("not UTF-8 text (invalid byte 0x%02x at offset %d)", b[i], i))
	}
	rec, ok := decodeRecord(p, b)
	if !ok {
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, badInput(path, line, err, "malformed JSON: "+jsonErrorText(err))
		}
	}
	id, err := recordID(rec.ID)
	if err != nil {
		return nil, badInput(path, line, err, err.Error())
	}
	if id == "" {
		id = fileID + ":" + strconv.Itoa(line)
	}
	if rec.Text == nil {
		return nil, badInput(path, line, nil, `no "text" field`)
	}
	meta := Meta{Title: rec.Title, URL: rec.URL, Source: rec.Source}
	if rec.Date != nil {
		// An unreadable date is dropped rather than failing the article;
		// the text may still give one.
		meta.Published, _ = ParseDate(*rec.Date)
	}
	if strings.IndexByte(*rec.Text, 0) >= 0 {
		return nil, badInput(path, line, nil, `binary data in "text" (NUL character)`)
	}
	return parse(id, path, line, *rec.Text, meta)
}

// hasControlByte reports whether b holds a byte below 0x20, eight bytes at
// a time: a byte minus 0x20 borrows into its high bit, where the byte had
// none, only below 0x20.
func hasControlByte(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		if (x-0x2020202020202020)&^x&0x8080808080808080 != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 {
			return true
		}
	}
	return false
}

// decodeRecord decodes b, valid UTF-8, with fastjson, which takes a tenth
// of encoding/json's time. ok is false for whatever the two might read
// differently: invalid JSON, a value that is not an object, a field of the
// wrong type, a field name that only matches in another letter case or
// that repeats, an escaped UTF-16 surrogate, a control character (fastjson
// takes one unescaped in a string). encoding/json then decodes
// b, and words the errors. FuzzDecodeRecord checks that both agree.
func decodeRecord(p *fastjson.Parser, b []byte) (rec record, ok bool) {
	if surrogateEscape(b) || hasControlByte(b) || fastjson.ValidateBytes(b) != nil {
		return record{}, false
	}
	v, err := p.ParseBytes(b)
	if err != nil {
		return record{}, false
	}
	o, err := v.Object()
	if err != nil {
		return record{}, false
	}
	ok = true
	var seen [len(recordFields)]bool
	o.Visit(func(k []byte, v *fastjson.Value) {
		if !ok {
			return
		}
		f := slices.IndexFunc(recordFields[:], func(name string) bool { return strings.EqualFold(name, string(k)) })
		switch {
		case f < 0:
			return // a field record does not have
		case recordFields[f] != string(k) || seen[f]:
			ok = false
			return
		}
		seen[f] = true
		if recordFields[f] == "id" { // a string or a number, read by recordID
			rec.ID = v.MarshalTo(nil)
			return
		}
		var str *string
		switch v.Type() {
		case fastjson.TypeNull:
		case fastjson.TypeString:
			s := string(v.GetStringBytes())
			str = &s
		default:
			ok = false
			return
		}
		switch recordFields[f] {
		case "date":
			rec.Date = str
		case "text":
			rec.Text = str
		case "title":
			rec.Title = deref(str)
		case "url":
			rec.URL = deref(str)
		case "source":
			rec.Source = deref(str)
		}
	})
	return rec, ok
}

// deref is *s, or "" for JSON null, which encoding/json leaves a string as.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// recordFields are the JSON names of record's fields, in its order.
var recordFields = [...]string{"id", "date", "title", "text", "url", "source"}

// surrogateEscape reports whether b holds an escaped UTF-16 surrogate
// ("\ud83d"), which fastjson and encoding/json decode differently when
// it is unpaired.
func surrogateEscape(b []byte) bool {
	for {
		i := bytes.Index(b, []byte(`\u`))
		if i < 0 || i+3 > len(b) {
			return false
		}
		if c := b[i+2]; (c == 'd' || c == 'D') && i+3 < len(b) && strings.IndexByte("89abcdefABCDEF", b[i+3]) >= 0 {
			return true
		}
		b = b[i+2:]
	}
}

// recordID reads the "id" field: a string or an integer, "" when absent or
// null.
func recordID(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return strings.TrimSpace(s), nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if _, err := n.Int64(); err == nil {
			return n.String(), nil
		}
	}
	return "", fmt.Errorf(`"id" is neither a string nor an integer: %.40s`, raw)
}

// jsonErrorText shortens encoding/json's messages ("json: cannot unmarshal
// number into Go struct field record.title of type string").
func jsonErrorText(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q: got JSON %s, want %s", te.Field, te.Value, te.Type)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
