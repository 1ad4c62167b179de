package ingest

import (
	"io/fs"
	"testing"
)

// readAll reads roots and fails the test on any error.
func readAll(t *testing.T, r Reader, fsys fs.FS, roots ...string) []*Document {
	t.Helper()
	var docs []*Document
	err := r.Read(t.Context(), fsys, roots, func(d *Document, err error) error {
		if err != nil {
			t.Errorf("read: %v", err)
			return nil
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// readErrs reads roots and returns documents and per-document errors.
func readErrs(t *testing.T, r Reader, fsys fs.FS, roots ...string) ([]*Document, []error) {
	t.Helper()
	var docs []*Document
	var errs []error
	err := r.Read(t.Context(), fsys, roots, func(d *Document, err error) error {
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs, errs
}
