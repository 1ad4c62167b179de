package store

import (
	"context"

	"github.com/cayleygraph/quad"
)

// CheckQuad reports why q cannot be stored in graph g, nil when it can: the
// checks Replace makes, for callers (import) that want to reject one bad
// quad before it fails a whole batch. Errors wrap ErrInvalid.
func CheckQuad(g quad.IRI, q quad.Quad) error { return checkQuad(g, q) }

// Graph returns the quads of graph g, sorted as Quads sorts them; none when
// g is absent. The graph is read atomically.
//
// Errors: ErrClosed; ctx's error; a backend error.
func (c *Cayley) Graph(ctx context.Context, g quad.IRI) ([]quad.Quad, error) {
	return c.graph(ctx, g, nil)
}
