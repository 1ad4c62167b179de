package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/unicode"
)

// MaxDocumentSize is the default cap on one document: a text or HTML file
// (after gunzip) or one JSON Lines record. Real articles are a few KiB; the
// cap keeps a stray dump or a gzip bomb from exhausting memory.
const MaxDocumentSize = 10 << 20

// format is how a file's content is read, chosen by its extension.
type format int

const (
	formatText  format = iota + 1 // .txt, .md: plain text
	formatHTML                    // .html, .htm: article text extracted
	formatJSONL                   // .jsonl: one article per line
)

var formats = map[string]format{
	".txt":   formatText,
	".text":  formatText,
	".md":    formatText,
	".html":  formatHTML,
	".htm":   formatHTML,
	".jsonl": formatJSONL,
}

// supported lists the accepted extensions for error messages.
const supported = ".txt, .text, .md, .html, .htm, .jsonl, each optionally .gz"

// formatOf picks the format of a file by its extension, looking through a
// trailing .gz ("news.jsonl.gz").
func formatOf(name string) (f format, gz bool, ok bool) {
	ext := strings.ToLower(path.Ext(name))
	if ext == ".gz" {
		gz = true
		ext = strings.ToLower(path.Ext(strings.TrimSuffix(name, path.Ext(name))))
	}
	f, ok = formats[ext]
	return f, gz, ok
}

// Reader reads documents from files and folders. The zero value is ready to
// use.
//
// Inputs are files and folders. Folders are walked recursively in lexical
// order, skipping hidden entries (".git", ".DS_Store"), files of unknown
// type and symbolic links to folders (each logged at debug level); roots are
// read in the order given. A file named explicitly must have a known
// extension (see formatOf); gzipped files ("news.jsonl.gz") are read through.
//
// Document IDs: the "id" of a JSON Lines record, else the file's path
// relative to the folder given as root (slash-separated), or the file's
// base name when the file itself is the root; so "seeds/" and
// "seeds/000_x.txt" both give "000_x.txt". A JSON Lines record without an
// id gets the file's ID and ":LINE". IDs keep the .gz suffix of a file.
type Reader struct {
	// Logger receives debug messages about skipped files; nil discards them.
	Logger *slog.Logger
	// MaxSize caps a document in bytes; 0 means MaxDocumentSize.
	MaxSize int
	// BytesRead, when set, is advanced by the bytes of input read as they
	// are stored (a .gz file's compressed bytes), for progress displays;
	// Size tells the total to expect.
	BytesRead *atomic.Int64
}

// Read is Reader{}.Read: documents from roots in fsys, with default limits.
func Read(ctx context.Context, fsys fs.FS, roots []string, fn func(*Document, error) error) error {
	return Reader{}.Read(ctx, fsys, roots, fn)
}

// Read walks roots (fs.ValidPath names in fsys; "." for all of it) and calls
// fn for each document, or with a nil document and an error matching
// ErrBadInput for each input that cannot be read; the walk goes on after
// such errors. Origins are the fsys paths. An error returned by fn stops the
// walk and is returned; so is ctx's error, checked between documents.
func (r Reader) Read(ctx context.Context, fsys fs.FS, roots []string, fn func(*Document, error) error) error {
	for _, root := range roots {
		if err := r.readRoot(ctx, fsys, root, root, fn); err != nil {
			return err
		}
	}
	return nil
}

// ReadPaths is Read over operating-system paths, as typed on a command line
// (relative or absolute, either separator). Origins are the paths as given,
// so messages name files the way the user did.
func (r Reader) ReadPaths(ctx context.Context, paths []string, fn func(*Document, error) error) error {
	for _, p := range paths {
		fsys, root, display, err := osRoot(p)
		if err != nil {
			if err := fn(nil, badInput(p, 0, err, "cannot read: "+err.Error())); err != nil {
				return err
			}
			continue
		}
		if err := r.readRoot(ctx, fsys, root, display, fn); err != nil {
			return err
		}
	}
	return nil
}

// All is Read as an iterator. Errors are per document (matching
// ErrBadInput) except a final ctx error; stopping the loop stops the walk.
func (r Reader) All(ctx context.Context, fsys fs.FS, roots []string) iter.Seq2[*Document, error] {
	return r.seq(func(fn func(*Document, error) error) error { return r.Read(ctx, fsys, roots, fn) })
}

// AllPaths is ReadPaths as an iterator, like All.
func (r Reader) AllPaths(ctx context.Context, paths []string) iter.Seq2[*Document, error] {
	return r.seq(func(fn func(*Document, error) error) error { return r.ReadPaths(ctx, paths, fn) })
}

// errStop ends a walk whose consumer stopped iterating.
var errStop = errors.New("stop")

func (r Reader) seq(read func(func(*Document, error) error) error) iter.Seq2[*Document, error] {
	return func(yield func(*Document, error) bool) {
		err := read(func(d *Document, err error) error {
			if !yield(d, err) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			yield(nil, err)
		}
	}
}

// osRoot turns an OS path into a file system, the root inside it and the
// path to show in messages.
func osRoot(p string) (fsys fs.FS, root, display string, err error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, "", "", err
	}
	display = filepath.ToSlash(filepath.Clean(p))
	dir, base := filepath.Split(abs)
	if base == "" { // the file system root itself
		return os.DirFS(abs), ".", display, nil
	}
	return os.DirFS(dir), base, display, nil
}

func (r Reader) logger() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

func (r Reader) maxSize() int {
	if r.MaxSize <= 0 {
		return MaxDocumentSize
	}
	return r.MaxSize
}

// readRoot reads one root: a file, or a folder walked recursively. display
// is the root's name in messages.
func (r Reader) readRoot(ctx context.Context, fsys fs.FS, root, display string, fn func(*Document, error) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !fs.ValidPath(root) {
		return fn(nil, badInput(display, 0, fs.ErrInvalid, "invalid path (want a slash-separated path inside the input file system)"))
	}
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return fn(nil, badInput(display, 0, err, "cannot read: "+causeText(err)))
	}
	if !info.IsDir() {
		if _, _, ok := formatOf(root); !ok {
			return fn(nil, badInput(display, 0, nil, fmt.Sprintf("unsupported file type %q (want %s)", path.Ext(root), supported)))
		}
		return r.readFile(ctx, fsys, root, display, path.Base(root), fn)
	}
	log := r.logger()
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		rel := relPath(root, p)
		shown := path.Join(display, rel)
		if err != nil {
			if ferr := fn(nil, badInput(shown, 0, err, "cannot read: "+causeText(err))); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() && p != root {
				return fs.SkipDir
			}
			return nil
		}
		if p == root {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			log.Debug("skipping hidden entry", "path", shown)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A broken link or a loop is read, to fail with one line; a
			// link to a folder is not followed (no endless walks), nor one
			// to a pipe or device (opening a pipe blocks until a writer
			// comes).
			if info, err := fs.Stat(fsys, p); err == nil && info.IsDir() {
				log.Debug("not following symbolic link to folder", "path", shown)
				return nil
			} else if err == nil && !info.Mode().IsRegular() {
				log.Debug("skipping symbolic link to special file", "path", shown)
				return nil
			}
		} else if !d.Type().IsRegular() {
			log.Debug("skipping special file", "path", shown)
			return nil
		}
		if _, _, ok := formatOf(d.Name()); !ok {
			log.Debug("skipping file of unknown type", "path", shown)
			return nil
		}
		return r.readFile(ctx, fsys, p, shown, rel, fn)
	})
}

// relPath is p relative to root, both fs paths with p inside root.
func relPath(root, p string) string {
	if root == "." {
		return p
	}
	return strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
}

// causeText is an error's text without the path fs errors repeat.
func causeText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// readFile reads one file as one document or, for JSON Lines, many.
func (r Reader) readFile(ctx context.Context, fsys fs.FS, p, shown, id string, fn func(*Document, error) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, gz, _ := formatOf(p)
	file, err := fsys.Open(p)
	if err != nil {
		return fn(nil, badInput(shown, 0, err, "cannot read: "+causeText(err)))
	}
	defer file.Close()
	var in io.Reader = file
	if r.BytesRead != nil {
		in = countingReader{file, r.BytesRead}
	}
	if gz {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return fn(nil, badInput(shown, 0, err, "corrupt gzip: "+err.Error()))
		}
		defer zr.Close()
		in = zr
	}
	if f == formatJSONL {
		return r.readJSONL(ctx, in, shown, id, gz, fn)
	}
	max := r.maxSize()
	if info, err := file.Stat(); err == nil && !gz && info.Mode().IsRegular() && info.Size() > int64(max) {
		// Known too large without reading a byte: a stray dump fails at
		// once instead of after the first MaxSize bytes.
		return fn(nil, badInput(shown, 0, nil, fmt.Sprintf("too large (%s; the limit per document is %s)", sizeText64(info.Size()), sizeText(max))))
	}
	b, err := io.ReadAll(io.LimitReader(in, int64(max)+1))
	if err != nil {
		return fn(nil, readError(shown, 0, gz, err))
	}
	if len(b) > max {
		return fn(nil, badInput(shown, 0, nil, fmt.Sprintf("too large (over %s; the limit per document is %s)", sizeText(max), sizeText(max))))
	}
	var d *Document
	switch f {
	case formatHTML:
		d, err = parseHTML(id, shown, b)
	default:
		var text string
		if text, err = decodeText(shown, 0, b); err == nil {
			d, err = parse(id, shown, 0, text, Meta{})
		}
	}
	return fn(d, err)
}

// readError describes a failed read, telling a damaged gzip stream from an
// I/O error.
func readError(path string, line int, gz bool, err error) error {
	var corrupt flate.CorruptInputError
	if gz && (errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &corrupt)) {
		return badInput(path, line, err, "corrupt gzip: "+err.Error())
	}
	return badInput(path, line, err, "read error: "+causeText(err))
}

func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// sizeText64 is a file size for messages: "200 MiB", "1.5 GiB", "12345 bytes".
func sizeText64(n int64) string {
	switch {
	case n >= 1<<30:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<30)), ".0") + " GiB"
	case n >= 1<<20:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<20)), ".0") + " MiB"
	}
	return fmt.Sprintf("%d bytes", n)
}

// sniffLen is how much of a file the binary check looks at.
const sniffLen = 64 << 10

// decodeText checks that b is text and returns it as a string: UTF-16 with
// a byte-order mark is decoded; NUL bytes, invalid UTF-8 and a high share
// of control characters are errors naming the offset.
func decodeText(path string, line int, b []byte) (string, error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return "", badInput(path, line, nil, "empty file")
	}
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		u, err := dec.Bytes(b)
		if err != nil {
			return "", badInput(path, line, err, "not UTF-16 text: "+err.Error())
		}
		b = u
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return "", badInput(path, line, nil, fmt.Sprintf("binary data (NUL byte at offset %d)", i))
	}
	if i := invalidUTF8(b); i >= 0 {
		return "", badInput(path, line, nil, fmt.Sprintf("not UTF-8 text (invalid byte 0x%02x at offset %d)", b[i], i))
	}
	head := b[:min(len(b), sniffLen)]
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v' || c == 0x7F {
			controls++
		}
	}
	if controls*10 > len(head) {
		return "", badInput(path, line, nil, "binary data (mostly control characters)")
	}
	return string(b), nil
}

// invalidUTF8 is the offset of the first byte of b that is not valid UTF-8,
// -1 when b is valid.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}
