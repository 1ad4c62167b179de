// Package extract turns a news article into RDF quads: the people,
// countries, organizations and places it names, the events it reports
// (meetings, visits, ceremonies, banquets, signings, conferences, calls),
// the agreements it mentions, the offices people hold and the topics each
// side raised, all in the document's own named graph.
//
// Extraction is rule-based and deterministic: gazetteers and word lists
// from schema/ find the names, general patterns relate them. Nothing is
// special-cased for particular articles.
package extract

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// Version names the extraction rules in code; with the hash of the data
// files it makes the Fingerprint, so that stored documents are re-extracted
// when either changes.
const Version = "1"

// Extractor extracts quads from documents. It is safe for concurrent use.
type Extractor struct {
	k *knowledge
}

var (
	loadOnce sync.Once
	loaded   *knowledge
	loadErr  error
)

// New returns an Extractor with the embedded gazetteers and rules. The
// data is parsed once per process.
func New() (*Extractor, error) {
	loadOnce.Do(func() { loaded, loadErr = loadKnowledge() })
	if loadErr != nil {
		return nil, fmt.Errorf("load extraction data: %w", loadErr)
	}
	return &Extractor{k: loaded}, nil
}

// Fingerprint identifies the extraction code version and data.
func (x *Extractor) Fingerprint() string { return x.k.fingerprint }

// Extract returns the quads read from d, all labelled with d's graph,
// sorted. It fails only when ctx is done.
func (x *Extractor) Extract(ctx context.Context, d *ingest.Document) ([]quad.Quad, error) {
	g, err := x.extractGraph(ctx, nil, d)
	if err != nil {
		return nil, err
	}
	return g.sorted(), nil
}

// AppendUnsorted is Extract for a caller that sorts the quads and drops
// repeats itself, as export.AppendNQuads does: it appends to qs the same
// quads in no particular order, some perhaps more than once, and saves
// Extract the work of sorting them. A caller that renders one document
// after another can pass the same slice each time, emptied, and so
// allocate it once. On error it returns qs as it was.
func (x *Extractor) AppendUnsorted(ctx context.Context, qs []quad.Quad, d *ingest.Document) ([]quad.Quad, error) {
	g, err := x.extractGraph(ctx, qs, d)
	if err != nil {
		return qs, err
	}
	return g.quads, nil
}

// extractGraph analyzes d with a pooled arena and renders its graph,
// which holds nothing of the arena, appending its quads to qs.
func (x *Extractor) extractGraph(ctx context.Context, qs []quad.Quad, d *ingest.Document) (*graph, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a := getArena()
	defer a.release()
	dc, err := x.analyze(ctx, a, d)
	if err != nil {
		return nil, err
	}
	return dc.graph(qs), nil
}

// doc is the analysis of one document.
type doc struct {
	k         *knowledge
	d         *ingest.Document
	sents     []*sentence
	mentions  []*mention
	bySent    [][]*mention // mentions by sentence index
	slab      []mention    // where newMention makes mentions
	ents      []*entity
	byKey     map[string]*entity
	ref       time.Time // reference date for relative expressions
	events    []*event
	agrees    []*agreement
	topics    []*topicUse
	dateline  *entity // the dateline place (or country)
	publisher *entity
}

// analyze reads d, with tokens and memos from a (which may be nil). It
// stops between its passes when ctx is done, so that a long document does
// not hold up an interrupted run.
func (x *Extractor) analyze(ctx context.Context, a *arena, d *ingest.Document) (*doc, error) {
	dc := &doc{k: x.k, d: d, byKey: map[string]*entity{}}
	dc.ref = d.Dateline.Date
	if dc.ref.IsZero() {
		dc.ref = d.Published
	}
	dc.sents = x.k.segment(a, d.Title, d.Text)
	dc.bySent = make([][]*mention, len(dc.sents))
	for _, pass := range [...]func(){
		dc.findMentions,
		dc.resolve,
		dc.resolveDateline,
		dc.findRoles,
		dc.findEvents,
		dc.findAgreements,
		dc.findTopics,
		dc.settleAgreements,
	} {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pass()
	}
	return dc, nil
}
