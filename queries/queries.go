// Package queries holds the saved query files and embeds them, so the
// newsgraph binary carries them and "newsgraph query NAME" runs them.
//
// Each NAME.gizmo file is a Cayley Gizmo (JavaScript) program whose header
// of "//" lines names it, describes it and declares its parameters and
// columns; package internal/query documents the format and the helpers
// (params, term, values, describe, latest, ...) a program can use. To stay
// fast on the kv stores, a query starts from its parameters' nodes or from
// a g.V().has(distinct(rdf:type), Class) lookup and takes every further
// step with values() or describe(), never with chained .in()/.out(); the
// queries that list the whole graph print the latest (or most mentioned)
// rows, 100 unless their limit parameter says otherwise (0: all).
package queries

import (
	"embed"
	"io/fs"
)

//go:embed *.gizmo
var files embed.FS

// FS returns the saved query files, one NAME.gizmo per query at its root.
func FS() fs.FS { return files }
