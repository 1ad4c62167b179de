package cli

import (
	"errors"
	"fmt"
	"time"

	"github.com/newsgraph/newsgraph/internal/store"
)

// explainLocked adds to the error of a store another process holds what
// the user can do about it, unless they already waited (--wait).
func explainLocked(err error, wait time.Duration) error {
	if err == nil || wait > 0 || !errors.Is(err, store.ErrLocked) {
		return err
	}
	return fmt.Errorf("%w (another newsgraph is using it: run this again when it is done, or wait for it with --wait 5m)", err)
}
