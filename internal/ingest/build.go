package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"log/slog"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

// Extractor turns a document into the quads of its named graph.
type Extractor interface {
	// Fingerprint names the extractor's code and data version (rules,
	// gazetteers). It is part of every document's content hash, so changing
	// it makes the next build re-extract every document. It must be cheap and
	// constant for the extractor's lifetime.
	Fingerprint() string
	// Extract returns the facts read from d, every quad labelled
	// vocab.DocumentIRI(d.ID), in a deterministic order. It must not modify
	// d. It returns ctx's error if ctx ends first; any other error is about
	// d alone and fails only d.
	Extract(ctx context.Context, d *Document) ([]quad.Quad, error)
}

// Store is the part of store.Store the build needs.
type Store interface {
	// Hash returns the ng:contentHash that graph g states about its own IRI,
	// "" when g is absent.
	Hash(ctx context.Context, g quad.IRI) (string, error)
	// Replace makes graph g hold exactly quads, atomically; on error the
	// graph is as it was.
	Replace(ctx context.Context, g quad.IRI, quads []quad.Quad) (store.Change, error)
}

var _ Store = store.Store(nil)

// ContentHash is the content hash a document's graph records: the hex
// SHA-256 of the document's hash and the extractor's fingerprint. Build
// skips a document whose graph already records it.
func ContentHash(d *Document, fingerprint string) string {
	h := sha256.New()
	h.Write([]byte(d.Hash))
	h.Write([]byte{0})
	h.Write([]byte(fingerprint))
	return hex.EncodeToString(h.Sum(nil))
}

// HashQuad is the quad <doc> ng:contentHash "hash" <doc> that Build adds to
// each extracted graph; the extract command adds it too, so that its output
// matches what build stores.
func HashQuad(d *Document, fingerprint string) quad.Quad {
	g := vocab.DocumentIRI(d.ID)
	return quad.Quad{Subject: g, Predicate: vocab.ContentHash, Object: quad.String(ContentHash(d, fingerprint)), Label: g}
}

// BuildOptions tunes Build.
type BuildOptions struct {
	// Logger receives debug messages per document, failed ones included
	// (the caller reports Report.Errors); nil discards them.
	Logger *slog.Logger
	// Progress, when set, is called after each document (read, skipped,
	// stored or failed) with the counts so far, for progress displays.
	Progress func(Progress)
}

// Progress is the state of a build after one more document.
type Progress struct {
	// Done counts documents handled so far, failed ones included.
	Done int
	// Failed counts the failures among them.
	Failed int
	// Origin names the document just handled ("seeds/000_x.txt",
	// "news.jsonl.gz:17").
	Origin string
}

// Report says what a build did.
type Report struct {
	Read      int // documents read without error (duplicates included)
	Added     int // documents whose graph was new
	Updated   int // documents whose graph changed
	Unchanged int // documents whose content hash matched: not re-extracted
	Failed    int // inputs that failed: read, duplicate ID, extract or store

	// QuadsAdded and QuadsDeleted count the quads Replace wrote and
	// removed; quads written means QuadsAdded.
	QuadsAdded   int
	QuadsDeleted int

	// Errors lists each failure, one-line messages naming the input, in
	// input order.
	Errors []error
}

// Build extracts each document of docs into its own named graph in st,
// skipping documents whose graph records the current content hash (see
// ContentHash). A failed document (a read error from docs, a duplicate ID,
// an extract or store error) is counted, logged and listed in the report,
// and the batch goes on. Build stops early only when ctx ends (checked
// between documents) or the store is locked or corrupt, returning the report
// so far with that error.
func Build(ctx context.Context, docs iter.Seq2[*Document, error], ex Extractor, st Store, opts BuildOptions) (Report, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	fingerprint := ex.Fingerprint()
	var rep Report
	seen := make(map[string]string) // ID → origin of its first document
	fail := func(origin string, err error) {
		rep.Failed++
		rep.Errors = append(rep.Errors, err)
		log.Debug("document failed", "origin", origin, "err", err)
	}
	var fatal error
	done := 0
	for d, err := range docs {
		if cerr := ctx.Err(); cerr != nil {
			fatal = cerr
			break
		}
		origin := ""
		switch {
		case err != nil:
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				fatal = err
				break
			}
			var ie *InputError
			if errors.As(err, &ie) {
				origin = ie.Path
			}
			fail(origin, err)
		case d == nil:
			continue // a source yielding neither document nor error
		default:
			origin = d.Origin
			rep.Read++
			if first, dup := seen[d.ID]; dup {
				fail(origin, badInput(origin, 0, nil, fmt.Sprintf("duplicate document ID %q (first read from %s)", d.ID, first)))
				break
			}
			seen[d.ID] = origin
			if err := buildOne(ctx, d, ex, st, fingerprint, &rep, log); err != nil {
				if isFatal(ctx, err) {
					fatal = err
					break
				}
				fail(origin, err)
			}
		}
		if fatal != nil {
			break
		}
		done++
		if opts.Progress != nil {
			opts.Progress(Progress{Done: done, Failed: rep.Failed, Origin: origin})
		}
	}
	return rep, fatal
}

// docError is a failure of one document after reading: its message is one
// line naming the document and the step that failed.
type docError struct {
	origin, op string
	err        error
}

func (e *docError) Error() string { return oneLine(e.origin + ": " + e.op + ": " + e.err.Error()) }
func (e *docError) Unwrap() error { return e.err }

// isFatal tells errors about the whole run from errors about one document.
func isFatal(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, store.ErrLocked) || errors.Is(err, store.ErrCorrupt)
}

// buildOne brings one document's graph up to date.
func buildOne(ctx context.Context, d *Document, ex Extractor, st Store, fingerprint string, rep *Report, log *slog.Logger) error {
	g := vocab.DocumentIRI(d.ID)
	want := ContentHash(d, fingerprint)
	have, err := st.Hash(ctx, g)
	if err != nil {
		return &docError{d.Origin, "read stored hash", err}
	}
	if have == want {
		rep.Unchanged++
		log.Debug("unchanged", "id", d.ID)
		return nil
	}
	quads, err := ex.Extract(ctx, d)
	if err != nil {
		return &docError{d.Origin, "extract", err}
	}
	quads = append(quads, HashQuad(d, fingerprint))
	ch, err := st.Replace(ctx, g, quads)
	if err != nil {
		return &docError{d.Origin, "store", err}
	}
	rep.QuadsAdded += ch.Added
	rep.QuadsDeleted += ch.Deleted
	switch ch.Status {
	case store.Added:
		rep.Added++
	case store.Updated:
		rep.Updated++
	default: // the stored hash was stale but the graph already held these quads
		rep.Unchanged++
	}
	log.Debug("stored", "id", d.ID, "added", ch.Added, "deleted", ch.Deleted)
	return nil
}
