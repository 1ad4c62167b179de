package cli

import (
	"context"
	"errors"

	"github.com/newsgraph/newsgraph/internal/export"
	"github.com/newsgraph/newsgraph/internal/ingest"
	"github.com/newsgraph/newsgraph/internal/query"
	"github.com/newsgraph/newsgraph/internal/store"
)

// Exit codes. Scripts can tell a bad call from bad data from a busy
// database.
const (
	ExitOK          = 0
	ExitError       = 1   // anything else
	ExitUsage       = 2   // bad flags, arguments or query parameters
	ExitPartial     = 3   // some documents failed; the others were processed
	ExitLocked      = 4   // the database is in use by another process
	ExitCorrupt     = 5   // the database is unreadable
	ExitNotFound    = 6   // no such document, saved query or entity
	ExitTimeout     = 124 // a query ran past --timeout (as timeout(1) exits)
	ExitInterrupted = 130 // interrupted by a signal
)

var (
	// errPartial is returned by commands that processed a batch in which
	// some documents failed (each already reported on stderr).
	errPartial = errors.New("some documents failed")
	// errReported marks an error already printed.
	errReported = errors.New("reported")
	// errTimeout means a command ran past its --timeout.
	errTimeout = errors.New("stopped")
)

// exitCode maps an error to the process exit code; the one place where
// sentinels of the other packages meet exit codes.
func exitCode(err error) int {
	var u usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errTimeout):
		return ExitTimeout
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return ExitInterrupted
	case errors.As(err, &u), errors.Is(err, query.ErrParam) && !errors.Is(err, query.ErrNoEntity),
		errors.Is(err, export.ErrUnknownFormat), errors.Is(err, query.ErrFormat), errors.Is(err, query.ErrSyntax):
		return ExitUsage
	case errors.Is(err, store.ErrLocked):
		return ExitLocked
	case errors.Is(err, store.ErrCorrupt):
		return ExitCorrupt
	case errors.Is(err, store.ErrNotFound), errors.Is(err, query.ErrNotFound), errors.Is(err, query.ErrNoEntity):
		return ExitNotFound
	case errors.Is(err, errPartial), errors.Is(err, ingest.ErrBadInput):
		return ExitPartial
	}
	return ExitError
}
