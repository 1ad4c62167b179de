package ingest

import (
	"context"
	"io"
	"io/fs"
	"strings"
	"sync/atomic"
)

// Size returns the total size in bytes, as stored, of the files Read would
// read from roots in fsys (skipping hidden entries and files of unknown
// type the same way), for progress displays: with Reader.BytesRead it
// tells how far a read is. Inputs that cannot be read count for nothing.
func (r Reader) Size(ctx context.Context, fsys fs.FS, roots []string) int64 {
	var n int64
	for _, root := range roots {
		n += sizeOf(ctx, fsys, root)
	}
	return n
}

// SizePaths is Size for the operating-system paths of ReadPaths.
func (r Reader) SizePaths(ctx context.Context, paths []string) int64 {
	var n int64
	for _, p := range paths {
		if fsys, root, _, err := osRoot(p); err == nil {
			n += sizeOf(ctx, fsys, root)
		}
	}
	return n
}

func sizeOf(ctx context.Context, fsys fs.FS, root string) int64 {
	if !fs.ValidPath(root) {
		return 0
	}
	var n int64
	_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if _, _, ok := formatOf(d.Name()); !ok {
			return nil
		}
		if info, err := fs.Stat(fsys, p); err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n
}

// countingReader adds the bytes read through it to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
