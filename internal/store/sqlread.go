package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	"github.com/lib/pq"
)

// sqlValuesBatch is how many node values one query fetches.
const sqlValuesBatch = 1000

// sqlQuadStore is Cayley's SQL QuadStore with batched value lookups: its
// NameOf costs a query per term, so exporting a graph of 300k distinct
// terms took 300k round trips. ValuesOf fetches them a thousand at a time.
// Queries get the plain QuadStore (queryStore), whose optimizer they need.
type sqlQuadStore struct {
	graph.QuadStore
	db *sql.DB
}

var _ graph.BatchQuadStore = sqlQuadStore{}

// RefsOf returns the refs of vals: a SQL store's ref is the value's hash,
// whether or not a node has it.
func (s sqlQuadStore) RefsOf(_ context.Context, vals []quad.Value) ([]graph.Ref, error) {
	refs := make([]graph.Ref, len(vals))
	for i, v := range vals {
		refs[i] = s.ValueOf(v)
	}
	return refs, nil
}

// ValuesOf returns the values of refs, nil for a ref no node has.
func (s sqlQuadStore) ValuesOf(ctx context.Context, refs []graph.Ref) ([]quad.Value, error) {
	out := make([]quad.Value, len(refs))
	index := make(map[string][]int, len(refs))
	var hashes [][]byte
	for i, r := range refs {
		var h csql.NodeHash
		switch r := r.(type) {
		case csql.NodeHash:
			h = r
		case graph.ValueHash:
			h = csql.NodeHash{ValueHash: r}
		case graph.PreFetchedValue:
			out[i] = r.NameOf()
			continue
		case nil:
			continue
		default:
			return nil, fmt.Errorf("unexpected ref type %T", r)
		}
		if !h.Valid() {
			continue
		}
		k := string(h.ValueHash[:])
		if _, ok := index[k]; !ok {
			hashes = append(hashes, h.ValueHash[:])
		}
		index[k] = append(index[k], i)
	}
	for start := 0; start < len(hashes); start += sqlValuesBatch {
		batch := hashes[start:min(start+sqlValuesBatch, len(hashes))]
		if err := s.fetch(ctx, batch, func(h []byte, v quad.Value) {
			for _, i := range index[string(h)] {
				out[i] = v
			}
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s sqlQuadStore) fetch(ctx context.Context, hashes [][]byte, fn func([]byte, quad.Value)) error {
	rows, err := s.db.QueryContext(ctx, `SELECT hash, value, value_string, datatype, language, iri, bnode,
		value_int, value_bool, value_float, value_time FROM nodes WHERE hash = ANY($1)`, pq.ByteaArray(hashes))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			hash   []byte
			data   []byte
			str    sql.NullString
			typ    sql.NullString
			lang   sql.NullString
			iri    sql.NullBool
			bnode  sql.NullBool
			vint   sql.NullInt64
			vbool  sql.NullBool
			vfloat sql.NullFloat64
			vtime  sql.NullTime
		)
		if err := rows.Scan(&hash, &data, &str, &typ, &lang, &iri, &bnode, &vint, &vbool, &vfloat, &vtime); err != nil {
			return err
		}
		v, err := nodeValue(data, str, typ, lang, iri, bnode, vint, vbool, vfloat, vtime)
		if err != nil {
			return fmt.Errorf("node %x: %w", hash, err)
		}
		fn(hash, v)
	}
	return rows.Err()
}

// nodeValue decodes a row of Cayley's nodes table as its NameOf does.
func nodeValue(data []byte, str, typ, lang sql.NullString, iri, bnode sql.NullBool, vint sql.NullInt64, vbool sql.NullBool, vfloat sql.NullFloat64, vtime sql.NullTime) (quad.Value, error) {
	unescape := func(s string) quad.String { return quad.String(strings.ReplaceAll(s, `\x00`, "\x00")) }
	switch {
	case str.Valid && iri.Bool:
		return quad.IRI(str.String), nil
	case str.Valid && bnode.Bool:
		return quad.BNode(str.String), nil
	case str.Valid && lang.Valid:
		return quad.LangString{Value: unescape(str.String), Lang: lang.String}, nil
	case str.Valid && typ.Valid:
		return quad.TypedString{Value: unescape(str.String), Type: quad.IRI(typ.String)}, nil
	case str.Valid:
		return unescape(str.String), nil
	case vint.Valid:
		return quad.Int(vint.Int64), nil
	case vbool.Valid:
		return quad.Bool(vbool.Bool), nil
	case vfloat.Valid:
		return quad.Float(vfloat.Float64), nil
	case vtime.Valid:
		return quad.Time(vtime.Time), nil
	}
	return pquads.UnmarshalValue(data)
}

// labelRefs returns the quads of each graph of gs, in one query.
func (b *sqlGraphs) labelRefs(ctx context.Context, _ graph.QuadStore, gs []quad.IRI) ([][]graph.Ref, error) {
	index := make(map[graph.ValueHash]int, len(gs))
	hashes := make([][]byte, len(gs))
	for i, g := range gs {
		h := graph.HashOf(g)
		index[h] = i
		hashes[i] = h[:]
	}
	rows, err := b.db.QueryContext(ctx, `SELECT subject_hash, predicate_hash, object_hash, label_hash
		FROM quads WHERE label_hash = ANY($1)`, pq.ByteaArray(hashes))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([][]graph.Ref, len(gs))
	for rows.Next() {
		var s, p, o, l csql.NodeHash
		if err := rows.Scan(&s, &p, &o, &l); err != nil {
			return nil, err
		}
		var q csql.QuadHashes
		q.Set(quad.Subject, s.ValueHash)
		q.Set(quad.Predicate, p.ValueHash)
		q.Set(quad.Object, o.ValueHash)
		q.Set(quad.Label, l.ValueHash)
		i := index[l.ValueHash]
		out[i] = append(out[i], q)
	}
	return out, rows.Err()
}
