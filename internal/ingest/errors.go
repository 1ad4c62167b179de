package ingest

import (
	"errors"
	"strconv"
	"strings"
)

// ErrBadInput marks a per-document failure caused by the input itself:
// unreadable, binary, not UTF-8, empty, too large, malformed JSON, corrupt
// gzip, unsupported file type, or a duplicate document ID. The batch goes on
// with the next document; callers test it with errors.Is.
var ErrBadInput = errors.New("bad input")

// InputError is a per-document failure. Its message is one line naming the
// file (and the line, for JSON Lines): "seeds/bad.txt: not UTF-8 text
// (invalid byte at offset 12)". It matches ErrBadInput and whatever
// underlying error it wraps (fs.ErrPermission, gzip.ErrChecksum, ...).
type InputError struct {
	// Path is the file as named to the reader ("seeds/bad.txt").
	Path string
	// Line is the 1-based line of a JSON Lines record, 0 for a whole file.
	Line int
	// Msg says what is wrong, without the path.
	Msg string
	// Err is the underlying cause, if any.
	Err error
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return oneLine(b.String())
}

// Unwrap exposes both ErrBadInput and the cause to errors.Is and errors.As.
func (e *InputError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrBadInput}
	}
	return []error{ErrBadInput, e.Err}
}

// badInput builds an InputError; msg should already include the cause's
// text when it helps the reader.
func badInput(path string, line int, err error, msg string) *InputError {
	return &InputError{Path: path, Line: line, Msg: msg, Err: err}
}

// oneLine keeps messages to one line whatever a wrapped error or a file name
// contains, so logs and reports stay one line per document.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
