package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/nquads"
	"github.com/klauspost/compress/gzip"
	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/store"
	"github.com/newsgraph/newsgraph/internal/vocab"
)

func init() {
	// Cayley's N-Quads parser turns typed literals into Go values
	// ("15"^^xsd:integer into quad.Int) unless told not to. The store keeps
	// literals exactly as written (it rejects the native values, which do
	// not round-trip), so import needs them as written. This binary parses
	// N-Quads nowhere else; set once, before anything runs.
	nquads.AutoConvertTypedString = false
}

type importOptions struct {
	paths []string
	graph string // --graph: the graph of triples that name none
}

func newImportCmd(e *env) *cobra.Command {
	var o importOptions
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Load N-Quads files (as export writes them) into the store, keeping their named graphs",
		Long: `Import loads RDF in N-Quads, the format "newsgraph export" writes, keeping the
named graphs: each graph the input names replaces the graph of that name in
the store (so importing the same file twice changes nothing), and graphs it
does not name stay as they are. Files may be gzipped (.gz); "-" reads
standard input. The quads of one graph are best kept together, as export
writes them; a graph named again later in the input is merged with what was
already imported of it.

Triples without a graph (an N-Triples file, or N-Quads lines of three terms)
go into the graph of a document named after the file, the way build names a
file it is given: "extra.nt" gives <https://w3id.org/newsgraph/id/doc/extra.nt>,
which "newsgraph remove extra.nt" drops again. --graph names another graph.

A line that is not N-Quads, or holds a term the store cannot keep (a relative
IRI, a blank-node graph name, a NUL character), is reported on stderr with its
file and line and skipped; the other lines are imported and the exit code is
3. A file that breaks off (a damaged gzip stream) imports nothing of the
graph it was in the middle of.`,
		Example: `  newsgraph export -o backup.nq && newsgraph --db copy.db import backup.nq
  newsgraph import graph.nq.gz extra.nt
  zcat graph.nq.gz | newsgraph import --graph https://example.org/g -`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.paths = args
			return runImport(cmd.Context(), e, o)
		},
	}
	cmd.Flags().StringVar(&o.graph, "graph", "", "graph IRI for triples that name none (default: the document graph named after the file)")
	return cmd
}

// importStore is the part of the store import needs.
type importStore interface {
	ReplaceBatch(ctx context.Context, gs []store.Graph) ([]store.Change, error)
	Graph(ctx context.Context, g quad.IRI) ([]quad.Quad, error)
}

func runImport(ctx context.Context, e *env, o importOptions) error {
	var def quad.IRI
	if o.graph != "" {
		iri := strings.TrimSuffix(strings.TrimPrefix(o.graph, "<"), ">")
		if err := checkIRI(iri); err != nil {
			return usagef("--graph %q: %v", o.graph, err)
		}
		def = quad.IRI(iri)
	}
	st, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()

	im := &importer{ctx: ctx, st: st, stdin: e.stdin, stderr: e.stderr, written: map[quad.IRI]bool{}, pending: map[quad.IRI]int{}}
	for _, p := range o.paths {
		g := def
		if g == "" {
			g = vocab.DocumentIRI(fileID(p))
		}
		if err := im.file(p, g); err != nil {
			return err
		}
	}
	if err := im.flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "graphs: %d read, %d added, %d updated, %d unchanged, %d failed\n",
		im.graphs, im.added, im.updated, im.unchanged, im.graphsFailed)
	fmt.Fprintf(e.stdout, "quads: %d read, %d written, %d deleted; lines: %d failed (store: %s)\n",
		im.quads, im.quadsAdded, im.quadsDeleted, im.failed, e.location())
	var failed []string
	if im.failed > 0 {
		failed = append(failed, fmt.Sprintf("%d of %d lines", im.failed, im.lines))
	}
	if im.filesFailed > 0 {
		failed = append(failed, plural(im.filesFailed, "file"))
	}
	if im.graphsFailed > 0 {
		failed = append(failed, plural(im.graphsFailed, "graph"))
	}
	if len(failed) > 0 {
		fmt.Fprintf(e.stderr, "newsgraph: %s failed; the rest was imported\n", strings.Join(failed, " and "))
		return errors.Join(errReported, errPartial)
	}
	return nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// fileID is the document ID build would give the file: its base name.
func fileID(p string) string {
	if p == "-" {
		return "stdin"
	}
	return filepath.Base(p)
}

// Import batches: a batch is written when it holds this many quads or
// graphs, at the end of a graph. Variables for tests.
var (
	importBatchQuads  = 50_000
	importBatchGraphs = 64
)

// maxImportLine caps one N-Quads line (long literals are evidence
// sentences, a few hundred bytes).
const maxImportLine = 16 << 20

// importer reads N-Quads into batches of whole graphs and writes them.
type importer struct {
	ctx    context.Context
	st     importStore
	stdin  io.Reader
	stderr io.Writer

	batch   []store.Graph
	pending map[quad.IRI]int // graph → index in batch
	nquads  int              // quads in batch
	written map[quad.IRI]bool

	lines, quads, failed                   int // statements read, quads kept, statements failed
	filesFailed                            int // files that could not be read to the end
	graphs, added, updated, unchanged      int
	graphsFailed, quadsAdded, quadsDeleted int
}

// report prints one failure on stderr.
func (im *importer) report(format string, args ...any) {
	fmt.Fprintf(im.stderr, "newsgraph: %s\n", oneLine(fmt.Sprintf(format, args...)))
}

func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// file imports one file; def is the graph of its triples. Only store
// failures that end the run (locked, corrupt, interrupted) are returned;
// bad files and lines are reported and counted.
func (im *importer) file(p string, def quad.IRI) error {
	name := filepath.ToSlash(p)
	var in io.Reader
	if p == "-" {
		name = "stdin"
		in = im.stdin
	} else {
		f, err := os.Open(p)
		if err != nil {
			im.filesFailed++
			im.report("%s: cannot read: %v", name, causeOf(err))
			return nil
		}
		defer f.Close()
		in = f
	}
	br := bufio.NewReaderSize(in, 256<<10)
	gz := false
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		gz = true
		zr, err := gzip.NewReader(br)
		if err != nil {
			im.filesFailed++
			im.report("%s: corrupt gzip: %v", name, err)
			return nil
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 256<<10)
	}
	var (
		buf  []byte
		last quad.IRI // graph of the last quad read
	)
	for n := 1; ; n++ {
		if err := im.ctx.Err(); err != nil {
			return err
		}
		line, tooLong, rerr := readNQuadsLine(br, &buf)
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			im.filesFailed++
			msg := "read error"
			if gz {
				msg = "corrupt gzip"
			}
			im.report("%s:%d: %s: %v", name, n, msg, causeOf(rerr))
			if last != "" {
				// the graph being read is cut short: keep what is stored
				im.drop(last, fmt.Sprintf("%s ends at line %d", name, n))
			}
			return nil
		}
		if stmt := bytes.TrimSpace(line); tooLong || len(stmt) > 0 && stmt[0] != '#' {
			im.lines++
			q, err := parseNQuad(line, tooLong, def)
			if err != nil {
				im.failed++
				im.report("%s:%d: %v", name, n, err)
			} else {
				im.quads++
				g := q.Label.(quad.IRI)
				if g != last && last != "" && im.full() {
					if err := im.flush(); err != nil {
						return err
					}
				}
				im.add(g, q)
				last = g
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
	}
}

// readNQuadsLine reads one line without its line ending into *buf. A line
// longer than maxImportLine is consumed and reported as tooLong.
func readNQuadsLine(br *bufio.Reader, buf *[]byte) (line []byte, tooLong bool, err error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(*buf)+len(chunk) > maxImportLine+1 {
				tooLong = true
				*buf = (*buf)[:0]
			} else {
				*buf = append(*buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return bytes.TrimRight(*buf, "\r\n"), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return bytes.TrimRight(*buf, "\r\n"), tooLong, io.EOF
		default:
			return nil, false, err
		}
	}
}

// parseNQuad parses one N-Quads statement (a line that is neither blank nor
// a comment) into a quad the store can keep, in graph def when the line
// names none. Errors are one line, without the file and line.
func parseNQuad(line []byte, tooLong bool, def quad.IRI) (q quad.Quad, err error) {
	if tooLong {
		return q, fmt.Errorf("line too long (over %d MiB)", maxImportLine>>20)
	}
	s := strings.TrimSpace(string(line))
	defer func() {
		// the parser's unescaping panics on some malformed escapes
		if r := recover(); r != nil {
			err = fmt.Errorf("not N-Quads: %v", r)
		}
	}()
	q, err = nquads.Parse(s)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "invalid N-Quad: ")
		if m := parserOffset.FindStringSubmatchIndex(msg); m != nil {
			// the parser counts from 0 in the trimmed line
			off, _ := strconv.Atoi(msg[m[2]:m[3]])
			col := off + 1 + len(line) - len(bytes.TrimLeft(line, " \t"))
			msg = msg[:m[0]] + " at column " + strconv.Itoa(col)
		}
		return q, fmt.Errorf("not N-Quads: %s", msg)
	}
	if !q.IsValid() {
		return q, errors.New("not N-Quads: a term is missing")
	}
	switch l := q.Label.(type) {
	case nil:
		q.Label = def
	case quad.IRI:
	case quad.BNode:
		return q, fmt.Errorf("graph %s is a blank node; the store keeps graphs named by IRIs", l)
	default:
		return q, fmt.Errorf("graph %v is not an IRI", l)
	}
	q.Subject, q.Object = plainString(q.Subject), plainString(q.Object)
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object, q.Label} {
		if iri, ok := v.(quad.IRI); ok {
			if err := checkIRI(string(iri)); err != nil {
				return q, fmt.Errorf("%v: %v", iri, err)
			}
		}
		for _, text := range termTexts(v) {
			if !utf8.ValidString(text) {
				return q, fmt.Errorf("invalid UTF-8 in %q", text)
			}
			if strings.IndexByte(text, 0) >= 0 {
				return q, fmt.Errorf("NUL character in %q (the store cannot keep it)", text)
			}
		}
	}
	if err := store.CheckQuad(q.Label.(quad.IRI), q); err != nil {
		msg := strings.TrimPrefix(err.Error(), store.ErrInvalid.Error()+": ")
		return q, fmt.Errorf("cannot store: %s", printable(msg))
	}
	return q, nil
}

// printable escapes the characters of s that a terminal would not show.
func printable(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			b.WriteString(strings.Trim(strconv.QuoteRune(r), "'"))
		}
	}
	return b.String()
}

// parserOffset is the position in the N-Quads parser's messages.
var parserOffset = regexp.MustCompile(` at (\d+)$`)

// termTexts are the strings a term is made of.
func termTexts(v quad.Value) []string {
	switch v := v.(type) {
	case quad.IRI:
		return []string{string(v)}
	case quad.BNode:
		return []string{string(v)}
	case quad.String:
		return []string{string(v)}
	case quad.LangString:
		return []string{string(v.Value), v.Lang}
	case quad.TypedString:
		return []string{string(v.Value), string(v.Type)}
	}
	return nil
}

// plainString writes "x"^^xsd:string as "x": RDF 1.1 makes them one term,
// and the store would keep them as two.
func plainString(v quad.Value) quad.Value {
	if t, ok := v.(quad.TypedString); ok && t.Type == quad.IRI(vocab.XSD+"string") {
		return t.Value
	}
	return v
}

// iriScheme is the scheme an absolute IRI starts with (RFC 3987).
var iriScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// checkIRI rejects relative IRIs and characters an N-Quads IRI cannot hold.
func checkIRI(s string) error {
	if !iriScheme.MatchString(s) {
		return errors.New("not an absolute IRI")
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || strings.ContainsRune("<>\"{}|^`\\", r) }); i >= 0 {
		return fmt.Errorf("character %q not allowed in an IRI", s[i])
	}
	return nil
}

func causeOf(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// full reports whether the batch should be written before another graph
// joins it.
func (im *importer) full() bool {
	return im.nquads >= importBatchQuads || len(im.batch) >= importBatchGraphs
}

func (im *importer) add(g quad.IRI, q quad.Quad) {
	i, ok := im.pending[g]
	if !ok {
		i = len(im.batch)
		im.pending[g] = i
		im.batch = append(im.batch, store.Graph{IRI: g})
	}
	im.batch[i].Quads = append(im.batch[i].Quads, q)
	im.nquads++
}

// drop removes graph g from the batch, reporting why.
func (im *importer) drop(g quad.IRI, why string) {
	i, ok := im.pending[g]
	if !ok {
		return
	}
	im.graphsFailed++
	im.report("graph %v not imported: %s", g, why)
	im.nquads -= len(im.batch[i].Quads)
	im.batch = append(im.batch[:i], im.batch[i+1:]...)
	delete(im.pending, g)
	for j := i; j < len(im.batch); j++ {
		im.pending[im.batch[j].IRI] = j
	}
}

// flush writes the batch in one transaction, or graph by graph when that
// fails, so that one graph the store refuses fails alone.
func (im *importer) flush() error {
	if len(im.batch) == 0 {
		return nil
	}
	batch := im.batch
	im.batch, im.pending, im.nquads = nil, map[quad.IRI]int{}, 0
	for i, gr := range batch {
		if im.written[gr.IRI] {
			// named again after it was written: merge with what the run
			// already imported of it
			have, err := im.st.Graph(im.ctx, gr.IRI)
			if err != nil {
				return err
			}
			batch[i].Quads = append(have, gr.Quads...)
		}
	}
	chs, err := im.st.ReplaceBatch(im.ctx, batch)
	if err == nil {
		for i, gr := range batch {
			im.count(gr.IRI, chs[i])
		}
		return nil
	}
	if fatal(im.ctx, err) {
		return err
	}
	for _, gr := range batch {
		chs, err := im.st.ReplaceBatch(im.ctx, []store.Graph{gr})
		if err != nil {
			if fatal(im.ctx, err) {
				return err
			}
			im.graphsFailed++
			im.report("graph %v not imported: %v", gr.IRI, err)
			continue
		}
		im.count(gr.IRI, chs[0])
	}
	return nil
}

func (im *importer) count(g quad.IRI, ch store.Change) {
	if !im.written[g] {
		im.graphs++
		switch ch.Status {
		case store.Added:
			im.added++
		case store.Updated:
			im.updated++
		default:
			im.unchanged++
		}
	}
	im.written[g] = true
	im.quadsAdded += ch.Added
	im.quadsDeleted += ch.Deleted
}

// fatal tells errors that end the run from errors about one graph.
func fatal(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, store.ErrLocked) || errors.Is(err, store.ErrCorrupt) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
