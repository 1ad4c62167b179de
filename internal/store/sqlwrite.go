package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	graphlog "github.com/cayleygraph/cayley/graph/log"
	csql "github.com/cayleygraph/cayley/graph/sql"
	"github.com/lib/pq"
)

// sqlRowsPerInsert is how many rows one INSERT statement writes. Cayley's
// postgres writer sends one prepared INSERT per node and per quad, a round
// trip each; multi-row statements cut a chunk's thousands of round trips to
// dozens. BenchmarkSQLBuild found 100 rows as fast as 1,000 or faster (the
// server's index maintenance dominates either way). A variable so that
// benchmarks can compare.
var sqlRowsPerInsert = 100

// writeRows is the RunTx of newsgraph's SQL flavours: Cayley's ApplyDeltas
// hands it the reference-count increments of nodes (new nodes with their
// values) and the quads to add, and then runs the deletions itself.
func writeRows(tx *sql.Tx, nodes []graphlog.NodeUpdate, quads []graphlog.QuadUpdate, opts graph.IgnoreOpts) error {
	// Nodes go by value type, each type having its own columns; within a
	// type by hash (Cayley sorts them), so that writers lock rows in one
	// order.
	byType := make(map[csql.ValueType][][]any)
	for _, n := range nodes {
		if n.RefInc < 0 {
			return fmt.Errorf("node %x: negative reference increment", n.Hash[:])
		}
		typ, vals, err := csql.NodeValues(csql.NodeHash{ValueHash: n.Hash}, n.Val)
		if err != nil {
			return fmt.Errorf("node %v: %w", n.Val, err)
		}
		byType[typ] = append(byType[typ], append([]any{n.RefInc}, vals...))
	}
	types := make([]csql.ValueType, 0, len(byType))
	for typ := range byType {
		types = append(types, typ)
	}
	slices.Sort(types)
	for _, typ := range types {
		head := "INSERT INTO nodes (refs, hash, " + strings.Join(typ.Columns(), ", ") + ") VALUES "
		const tail = " ON CONFLICT (hash) DO UPDATE SET refs = nodes.refs + EXCLUDED.refs"
		if err := insertRows(tx, head, "", tail, byType[typ]); err != nil {
			return fmt.Errorf("insert nodes: %w", err)
		}
	}
	rows := make([][]any, len(quads))
	for i, q := range quads {
		if q.Del {
			return errors.New("quad deletion handed to the insert writer")
		}
		row := make([]any, 0, 4)
		for _, h := range q.Quad.Dirs() {
			row = append(row, csql.NodeHash{ValueHash: h}.SQLValue())
		}
		rows[i] = row
	}
	tail := ""
	if opts.IgnoreDup {
		// No conflict target: the unique indexes are partial (one for
		// quads with a label, one for those without).
		tail = " ON CONFLICT DO NOTHING"
	}
	err := insertRows(tx, "INSERT INTO quads (subject_hash, predicate_hash, object_hash, label_hash, ts) VALUES ", "now()", tail, rows)
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "23505" { // unique_violation
		return &graph.DeltaError{Err: graph.ErrQuadExists}
	}
	if err != nil {
		return fmt.Errorf("insert quads: %w", err)
	}
	return nil
}

// insertRows runs head + "(row), (row)..." + tail for rows, in statements
// of at most sqlRowsPerInsert rows. extra, when set, is one more SQL
// expression appended to every row.
func insertRows(tx *sql.Tx, head, extra, tail string, rows [][]any) error {
	var (
		b    strings.Builder
		args []any
	)
	for len(rows) > 0 {
		n := min(len(rows), sqlRowsPerInsert)
		b.Reset()
		args = args[:0]
		b.WriteString(head)
		for i, row := range rows[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range row {
				if j > 0 {
					b.WriteString(", ")
				}
				args = append(args, v)
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(len(args)))
			}
			if extra != "" {
				b.WriteString(", ")
				b.WriteString(extra)
			}
			b.WriteByte(')')
		}
		b.WriteString(tail)
		if _, err := tx.Exec(b.String(), args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// maxTxRetries bounds the retries of a transaction that CockroachDB aborts
// for a serialization conflict.
const maxTxRetries = 10

// retrySerializable runs stmts in tx and retries them when the server
// aborts them with a serialization failure (SQLSTATE 40001), as CockroachDB
// asks clients to: under the savepoint cockroach_restart, whose release
// commits on CockroachDB (on PostgreSQL it is an ordinary savepoint).
func retrySerializable(tx *sql.Tx, stmts func() error) error {
	if _, err := tx.Exec("SAVEPOINT cockroach_restart"); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		err := stmts()
		if err == nil {
			if _, err = tx.Exec("RELEASE SAVEPOINT cockroach_restart"); err == nil {
				return nil
			}
		}
		var pe *pq.Error
		if !errors.As(err, &pe) || pe.Code != "40001" || attempt >= maxTxRetries {
			return err
		}
		if _, err := tx.Exec("ROLLBACK TO SAVEPOINT cockroach_restart"); err != nil {
			return err
		}
	}
}
