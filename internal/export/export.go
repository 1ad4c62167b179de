// Package export writes the quads of the graph as RDF (N-Quads, N-Triples,
// Turtle, JSON-LD) or as a property graph for visualisation tools (GraphML,
// DOT).
//
// Cayley's own quad writers print abbreviated IRIs (<rdf:type>,
// ^^<schema:Integer>) and escape literals incompletely, so every term is
// serialized here (term.go): IRIs in full, with the characters no IRI may
// hold (space, controls, <>"{}|^`\) percent-encoded; literals escaped as in
// canonical N-Triples, non-ASCII kept as UTF-8; Cayley's native Int, Float,
// Bool and Time values typed with the XSD datatypes. Every writer reads the
// whole input first, then sorts and deduplicates it, so the output depends
// only on the set of quads, never on the order they arrive in.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cayleygraph/quad"
)

// Sentinel errors. Callers test them with errors.Is.
var (
	// ErrUnknownFormat means ParseFormat was given a name it does not know.
	ErrUnknownFormat = errors.New("unknown export format")
	// ErrInvalidTerm means a quad cannot be written in RDF: a nil or
	// unsupported value, a literal that is not valid UTF-8, a malformed
	// language tag or blank node label, or a term in a position RDF forbids
	// (a literal subject, a non-IRI predicate).
	ErrInvalidTerm = errors.New("invalid RDF term")
)

// Format names an output format.
type Format string

// The supported formats.
const (
	// NQuads is RDF 1.1 N-Quads: one line per quad, graph labels kept.
	NQuads Format = "nquads"
	// NTriples is RDF 1.1 N-Triples: graphs merged, each triple once.
	NTriples Format = "ntriples"
	// Turtle is RDF 1.1 Turtle: graphs merged, prefixed names, subjects
	// grouped.
	Turtle Format = "turtle"
	// JSONLD is a JSON-LD 1.1 document with one @graph entry per named graph.
	JSONLD Format = "jsonld"
	// GraphML is a GraphML property graph for Gephi or yEd.
	GraphML Format = "graphml"
	// DOT is a Graphviz digraph.
	DOT Format = "dot"
)

type formatInfo struct {
	format  Format
	aliases []string
	ext     string
	media   string
	write   func(ctx context.Context, w *bufio.Writer, d *dataset, opts Options) error
}

// formats is in the order Formats lists them.
var formats = []formatInfo{
	{NQuads, []string{"nq", "n-quads"}, ".nq", "application/n-quads", writeNQuads},
	{NTriples, []string{"nt", "n-triples"}, ".nt", "application/n-triples", writeNTriples},
	{Turtle, []string{"ttl"}, ".ttl", "text/turtle", writeTurtle},
	{JSONLD, []string{"json-ld"}, ".jsonld", "application/ld+json", writeJSONLD},
	{GraphML, nil, ".graphml", "application/graphml+xml", writeGraphML},
	{DOT, []string{"gv", "graphviz"}, ".dot", "text/vnd.graphviz", writeDOT},
}

func (f Format) info() (formatInfo, bool) {
	for _, fi := range formats {
		if fi.format == f {
			return fi, true
		}
	}
	return formatInfo{}, false
}

// ParseFormat returns the format named s, case-insensitively; the usual
// short names and file extensions ("nq", "nt", "ttl", "json-ld", "gv") are
// accepted too. It returns ErrUnknownFormat for anything else.
func ParseFormat(s string) (Format, error) {
	name := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), ".")
	for _, fi := range formats {
		if name == string(fi.format) || slices.Contains(fi.aliases, name) {
			return fi.format, nil
		}
	}
	return "", fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, s, strings.Join(formatNames(), ", "))
}

// Formats lists the supported formats in a fixed order, for help texts.
func Formats() []Format {
	out := make([]Format, len(formats))
	for i, fi := range formats {
		out[i] = fi.format
	}
	return out
}

func formatNames() []string {
	out := make([]string, len(formats))
	for i, fi := range formats {
		out[i] = string(fi.format)
	}
	return out
}

// Ext is the usual file name extension of f, with its dot (".nq"); "" for an
// unknown format.
func (f Format) Ext() string {
	fi, _ := f.info()
	return fi.ext
}

// MediaType is the IANA media type of f ("application/n-quads"); "" for an
// unknown format.
func (f Format) MediaType() string {
	fi, _ := f.info()
	return fi.media
}

// Source produces the quads to export: it calls fn for each quad, in any
// order, and stops with fn's error when fn fails. store.Store's Quads method
// is a Source.
type Source func(ctx context.Context, fn func(quad.Quad) error) error

// Quads returns a Source over a slice.
func Quads(qs []quad.Quad) Source {
	return func(ctx context.Context, fn func(quad.Quad) error) error {
		for i, q := range qs {
			if i%cancelCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := fn(q); err != nil {
				return err
			}
		}
		return nil
	}
}

// Options tune the writers. The zero value is ready to use.
type Options struct {
	// Prefixes maps prefix names to namespace IRIs for the formats that
	// abbreviate IRIs (Turtle, JSON-LD, GraphML and DOT labels); nil means
	// vocab.Prefixes. Only prefixes that are used are declared; names that
	// are not valid Turtle prefix names are ignored.
	Prefixes map[string]string
}

// cancelCheckEvery is how many quads are handled between checks of ctx.
const cancelCheckEvery = 4096

// Write reads every quad from src and writes them to w in format f.
//
// The output is deterministic: it depends on the set of quads only, not on
// their order or repetition. Quads are held in memory, interned (16 to 32
// bytes per quad plus the distinct terms), because sorting needs them all. Write returns ErrUnknownFormat,
// ErrInvalidTerm (naming the quad), ctx's error, or the error of src or w.
// Nothing is written when reading the quads fails; when writing fails, w
// may hold part of the output.
func Write(ctx context.Context, w io.Writer, f Format, src Source, opts Options) error {
	fi, ok := f.info()
	if !ok {
		return fmt.Errorf("write %q: %w", string(f), ErrUnknownFormat)
	}
	if opts.Prefixes == nil {
		opts.Prefixes = defaultPrefixes()
	}
	d, err := collect(ctx, src)
	if err != nil {
		return fmt.Errorf("write %s: %w", f, err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := fi.write(ctx, bw, d, opts); err != nil {
		return fmt.Errorf("write %s: %w", f, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", f, err)
	}
	return nil
}
