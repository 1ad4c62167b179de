package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"runtime"
	"sync"

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
	// d alone and fails only d. Build calls it from several goroutines at
	// once, so it must be safe for concurrent use.
	Extract(ctx context.Context, d *Document) ([]quad.Quad, error)
}

// Store is the part of store.Store the build needs. Build reads hashes
// while it writes, from different goroutines, so implementations must be
// safe for concurrent use.
type Store interface {
	// Hash returns the ng:contentHash that graph g states about its own IRI,
	// "" when g is absent.
	Hash(ctx context.Context, g quad.IRI) (string, error)
	// Replace makes graph g hold exactly quads, atomically; on error the
	// graph is as it was.
	Replace(ctx context.Context, g quad.IRI, quads []quad.Quad) (store.Change, error)
	// ReplaceBatch is Replace for several distinct graphs in one
	// transaction: all are replaced, or on error none is.
	ReplaceBatch(ctx context.Context, gs []store.Graph) ([]store.Change, error)
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
	// Workers is how many documents are extracted at once; 0 means
	// GOMAXPROCS.
	Workers int
	// ChunkSize is how many documents are written in one transaction; 0
	// means 256.
	ChunkSize int
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
// between documents as they are read and before each chunk is written) or
// the store is locked or corrupt, returning the report so far with that
// error; every chunk is one transaction, so the store then holds whole
// documents only, and the same build run again completes it.
//
// Documents go through in chunks, in a pipeline of three stages that run
// at once: reading and hash checks, extraction (the chunk's documents in
// parallel, opts.Workers), and writing (one transaction per chunk, which
// is what makes building a large corpus fast; when that transaction fails,
// each document of the chunk is written alone so that only the bad one
// fails). At most a few chunks are in flight, so memory does not grow with
// the corpus (but for the IDs seen, to catch duplicates). Reports, errors
// and progress follow input order whatever the parallelism, and Progress
// is called from one goroutine at a time.
func Build(ctx context.Context, docs iter.Seq2[*Document, error], ex Extractor, st Store, opts BuildOptions) (Report, error) {
	b := &builder{ex: ex, st: st, opts: opts, fingerprint: ex.Fingerprint(), seen: map[string]string{}}
	b.log = opts.Logger
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.opts.Workers <= 0 {
		b.opts.Workers = runtime.GOMAXPROCS(0)
	}
	if b.opts.ChunkSize <= 0 {
		b.opts.ChunkSize = defaultChunkSize
	}
	// stages stop on a fatal error of any stage (which cancels sctx) or
	// when ctx ends.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	b.ctx, b.stop = sctx, cancel

	toExtract := make(chan []item, 1)
	toWrite := make(chan []item, 1)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(toWrite)
		for chunk := range toExtract {
			if sctx.Err() != nil {
				continue // draining after a fatal error
			}
			b.extract(chunk)
			if err := sctx.Err(); err != nil {
				b.fail(ctx, err)
				continue
			}
			select {
			case toWrite <- chunk:
			case <-sctx.Done():
			}
		}
	})
	wg.Go(func() {
		for chunk := range toWrite {
			if sctx.Err() != nil {
				continue
			}
			if err := ctx.Err(); err != nil { // interrupted: write nothing more
				b.fail(ctx, err)
				continue
			}
			if b.write(ctx, chunk) {
				b.report(chunk)
			}
		}
	})

	send := func(chunk []item) bool {
		if !b.check(chunk) {
			return false
		}
		select {
		case toExtract <- chunk:
			return true
		case <-sctx.Done():
			return false
		}
	}
	var chunk []item
	for d, err := range docs {
		if cerr := ctx.Err(); cerr != nil {
			b.fail(ctx, cerr)
			break
		}
		if sctx.Err() != nil {
			break
		}
		if err != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
			b.fail(ctx, err)
			break
		}
		if d == nil && err == nil {
			continue // a source yielding neither document nor error
		}
		chunk = append(chunk, item{doc: d, err: err})
		if len(chunk) >= b.opts.ChunkSize {
			if !send(chunk) {
				break
			}
			chunk = nil // in flight: the next chunk gets its own
		}
	}
	if len(chunk) > 0 && sctx.Err() == nil {
		send(chunk)
	}
	close(toExtract)
	wg.Wait()
	if b.fatal == nil {
		b.fatal = ctx.Err()
	}
	return b.rep, b.fatal
}

// defaultChunkSize is how many documents share a transaction: Cayley's
// kv writes cost less per quad in bigger transactions (bench:
// BenchmarkCorpusWriteChunk, 33k quads/s at 256 against 25k at 64), and a
// chunk is still written in well under a second.
const defaultChunkSize = 256

// builder is the state of one Build. The read stage owns seen; the write
// stage owns rep.
type builder struct {
	ctx         context.Context // ends when any stage fails
	stop        context.CancelFunc
	ex          Extractor
	st          Store
	opts        BuildOptions
	log         *slog.Logger
	fingerprint string
	seen        map[string]string // ID → origin of its first document
	rep         Report
	done        int

	mu    sync.Mutex
	fatal error // the first error that stopped the build
}

// fail records the error that stops the build and stops every stage.
// Errors after the first (often the cancellation it causes) are dropped,
// but an end of the caller's ctx wins over its echo in a stage.
func (b *builder) fail(ctx context.Context, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fatal == nil {
		if cerr := ctx.Err(); cerr != nil {
			err = cerr
		}
		b.fatal = err
	}
	b.stop()
}

// item is one input of a chunk and what became of it.
type item struct {
	doc    *Document
	err    error       // the read error, or the failure of this document
	quads  []quad.Quad // extracted, nil when unchanged or failed
	g      quad.IRI
	todo   bool // to extract and write
	stored bool // written (and counted) by write
}

// check makes the read stage's checks of a chunk, in order: duplicate IDs
// and stored hashes (an unchanged document is not extracted). It returns
// false when the build must stop.
func (b *builder) check(chunk []item) bool {
	ctx := b.ctx
	for i := range chunk {
		it := &chunk[i]
		if it.err != nil {
			continue
		}
		d := it.doc
		if first, dup := b.seen[d.ID]; dup {
			it.err = badInput(d.Origin, 0, nil, fmt.Sprintf("duplicate document ID %q (first read from %s)", d.ID, first))
			continue
		}
		b.seen[d.ID] = d.Origin
		it.g = vocab.DocumentIRI(d.ID)
		have, err := b.st.Hash(ctx, it.g)
		if err != nil {
			if isFatal(ctx, err) {
				b.fail(ctx, err)
				return false
			}
			it.err = &docError{d.Origin, "read stored hash", err}
			continue
		}
		it.todo = have != ContentHash(d, b.fingerprint)
	}
	return true
}

// extract runs the extractor on the chunk's documents to do, in
// parallel.
func (b *builder) extract(chunk []item) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(b.opts.Workers, len(chunk)) {
		wg.Go(func() {
			for i := range next {
				it := &chunk[i]
				quads, err := b.ex.Extract(b.ctx, it.doc)
				if err != nil {
					it.err = &docError{it.doc.Origin, "extract", err}
					continue
				}
				it.quads = append(quads, HashQuad(it.doc, b.fingerprint))
			}
		})
	}
	for i := range chunk {
		if b.ctx.Err() != nil {
			break
		}
		if chunk[i].todo && chunk[i].err == nil {
			next <- i
		}
	}
	close(next)
	wg.Wait()
}

// write stores the extracted graphs of the chunk in one transaction, or
// one by one when that fails. It returns false when the build must stop.
func (b *builder) write(ctx context.Context, chunk []item) bool {
	var idx []int
	var gs []store.Graph
	for i := range chunk {
		if it := &chunk[i]; it.todo && it.err == nil && it.quads != nil {
			idx = append(idx, i)
			gs = append(gs, store.Graph{IRI: it.g, Quads: it.quads})
		}
	}
	if len(gs) == 0 {
		return true
	}
	chs, err := b.st.ReplaceBatch(ctx, gs)
	if err == nil {
		for n, i := range idx {
			b.count(&chunk[i], chs[n])
		}
		return true
	}
	if isFatal(ctx, err) {
		b.fail(ctx, err)
		return false
	}
	for _, i := range idx {
		it := &chunk[i]
		ch, err := b.st.Replace(ctx, it.g, it.quads)
		if err != nil {
			if isFatal(ctx, err) {
				b.fail(ctx, err)
				return false
			}
			it.err = &docError{it.doc.Origin, "store", err}
			continue
		}
		b.count(it, ch)
	}
	return true
}

// count adds one stored document to the report.
func (b *builder) count(it *item, ch store.Change) {
	b.rep.QuadsAdded += ch.Added
	b.rep.QuadsDeleted += ch.Deleted
	switch ch.Status {
	case store.Added:
		b.rep.Added++
	case store.Updated:
		b.rep.Updated++
	default: // the stored hash was stale but the graph already held these quads
		b.rep.Unchanged++
	}
	it.quads, it.stored = nil, true
	b.log.Debug("stored", "id", it.doc.ID, "added", ch.Added, "deleted", ch.Deleted)
}

// report adds the chunk's reads, unchanged documents and failures to the
// report, in input order, and calls Progress.
func (b *builder) report(chunk []item) {
	for i := range chunk {
		it := &chunk[i]
		origin := ""
		if it.doc != nil {
			origin = it.doc.Origin
			b.rep.Read++
		}
		switch {
		case it.err != nil:
			if origin == "" {
				var ie *InputError
				if errors.As(it.err, &ie) {
					origin = ie.Path
				}
			}
			b.rep.Failed++
			b.rep.Errors = append(b.rep.Errors, it.err)
			b.log.Debug("document failed", "origin", origin, "err", it.err)
		case it.doc != nil && !it.stored:
			b.rep.Unchanged++
			b.log.Debug("unchanged", "id", it.doc.ID)
		}
		b.done++
		if b.opts.Progress != nil {
			b.opts.Progress(Progress{Done: b.done, Failed: b.rep.Failed, Origin: origin})
		}
	}
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
