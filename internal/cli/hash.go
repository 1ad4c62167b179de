package cli

import (
	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/extract"
	"github.com/newsgraph/newsgraph/internal/ingest"
)

// ingestHashQuad is the content-hash quad build stores with a document, so
// that extract prints the same graph build stores.
func ingestHashQuad(d *ingest.Document, ex *extract.Extractor) quad.Quad {
	return ingest.HashQuad(d, ex.Fingerprint())
}
