package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
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
			d, derr := parseRecord(b, path, line, fileID)
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

// parseRecord turns one JSON Lines record into a Document.
func parseRecord(b []byte, path string, line int, fileID string) (*Document, error) {
	b = bytes.TrimSuffix(b, []byte("\r"))
	if i := invalidUTF8(b); i >= 0 {
		return nil, badInput(path, line, nil, fmt.Sprintf("not UTF-8 text (invalid byte 0x%02x at offset %d)", b[i], i))
	}
	var rec record
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, badInput(path, line, err, "malformed JSON: "+jsonErrorText(err))
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
