package store

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cayleygraph/quad"
)

// checkQuad reports why q cannot be stored in graph g. Only the value types
// that every backend round-trips exactly are accepted: quad.Int, quad.Time
// and friends come back changed (time zones, short datatype IRIs), and
// unknown types make Cayley's encoder panic.
func checkQuad(g quad.IRI, q quad.Quad) error {
	if l, ok := q.Label.(quad.IRI); !ok || l != g {
		return fmt.Errorf("%w: label %v is not the graph %v", ErrInvalid, q.Label, g)
	}
	switch q.Subject.(type) {
	case quad.IRI, quad.BNode:
	default:
		return fmt.Errorf("%w: subject %v is not an IRI or blank node", ErrInvalid, q.Subject)
	}
	if _, ok := q.Predicate.(quad.IRI); !ok {
		return fmt.Errorf("%w: predicate %v is not an IRI", ErrInvalid, q.Predicate)
	}
	for _, v := range []quad.Value{q.Subject, q.Predicate, q.Object} {
		if err := checkValue(v); err != nil {
			return fmt.Errorf("%w: %v: %w", ErrInvalid, q, err)
		}
	}
	return nil
}

func checkValue(v quad.Value) error {
	var texts []string
	switch v := v.(type) {
	case quad.IRI:
		if v == "" {
			return fmt.Errorf("empty IRI")
		}
		texts = []string{string(v)}
	case quad.BNode:
		if v == "" {
			return fmt.Errorf("empty blank node")
		}
		texts = []string{string(v)}
	case quad.String:
		texts = []string{string(v)}
	case quad.LangString:
		texts = []string{string(v.Value), v.Lang}
	case quad.TypedString:
		if v.Type == "" {
			return fmt.Errorf("typed literal without datatype")
		}
		texts = []string{string(v.Value), string(v.Type)}
	case nil:
		return fmt.Errorf("missing term")
	default:
		return fmt.Errorf("unsupported value type %T", v)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) {
			return fmt.Errorf("invalid UTF-8 in %q", s)
		}
		// PostgreSQL text cannot hold NUL, and Cayley's escape for it is
		// ambiguous.
		if strings.ContainsRune(s, 0) {
			return fmt.Errorf("NUL character in %q", s)
		}
	}
	return nil
}
