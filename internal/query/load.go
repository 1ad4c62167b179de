package query

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
)

// Ext is the file name extension of saved query files.
const Ext = ".gizmo"

// maxFileSize bounds a query file read from disk; queries are small
// programs, so anything bigger is not one.
const maxFileSize = 1 << 20

// ErrNotFound means no saved query has the name asked for.
var ErrNotFound = errors.New("no such saved query")

// Load parses every *.gizmo file at the root of fsys and returns the queries
// sorted by name. Each file's header name must equal its file name without
// the extension, so that a query is run by the name it is listed under.
func Load(fsys fs.FS) ([]*Query, error) {
	files, err := fs.Glob(fsys, "*"+Ext)
	if err != nil {
		return nil, fmt.Errorf("list saved queries: %w", err)
	}
	qs := make([]*Query, 0, len(files))
	for _, f := range files {
		src, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("read query %s: %w", f, err)
		}
		q, err := Parse(f, src)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(f, Ext); q.Name != want {
			return nil, &syntaxError{file: f, msg: fmt.Sprintf("header names the query %q, want %q (the file name)", q.Name, want)}
		}
		qs = append(qs, q)
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i].Name < qs[j].Name })
	return qs, nil
}

// Find returns the query arg names: a query file on disk when arg looks
// like a path (it holds a "/" or ends in .gizmo or .js), else the saved query
// in saved with that name, else a file called arg in the working directory.
// An unknown name gives an error wrapping ErrNotFound.
func Find(saved fs.FS, arg string) (*Query, error) {
	if strings.ContainsRune(arg, '/') || strings.ContainsRune(arg, os.PathSeparator) ||
		strings.HasSuffix(arg, Ext) || strings.HasSuffix(arg, ".js") {
		return readFile(arg)
	}
	if nameRe.MatchString(arg) {
		if src, err := fs.ReadFile(saved, arg+Ext); err == nil {
			return Parse(arg+Ext, src)
		}
	}
	if st, statErr := os.Stat(arg); statErr == nil && st.Mode().IsRegular() {
		return readFile(arg)
	}
	return nil, fmt.Errorf("%w named %q (list them with \"newsgraph queries\")", ErrNotFound, arg)
}

func readFile(name string) (*Query, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("read query %s: %w", name, err)
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read query %s: %w", name, err)
	}
	if len(src) > maxFileSize {
		return nil, &syntaxError{file: name, msg: fmt.Sprintf("larger than %d bytes, not a query file", maxFileSize)}
	}
	return Parse(name, src)
}
