package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

func newRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove DOC-ID...",
		Short: "Drop documents' facts (their named graphs) from the store",
		Long: `Remove deletes every fact read from the named documents. A document ID is the
JSON Lines "id" of an article or its path relative to the folder it was built
from ("000_d4497884fa6f0406.txt").`,
		Example: `  newsgraph remove 000_d4497884fa6f0406.txt`,
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRemove(cmd.Context(), e, args)
		},
	}
}

func runRemove(ctx context.Context, e *env, ids []string) error {
	st, err := e.openStore(ctx, false)
	if err != nil {
		return err
	}
	defer st.Close()
	var firstErr error
	for _, id := range ids {
		n, err := st.Remove(ctx, vocab.DocumentIRI(id))
		if err != nil {
			err = fmt.Errorf("remove %s: %w", id, err)
			if firstErr == nil {
				firstErr = err
			}
			if len(ids) > 1 {
				fmt.Fprintf(e.stderr, "newsgraph: %v\n", err)
			}
			continue
		}
		fmt.Fprintf(e.stdout, "removed %s: %d quads\n", id, n)
	}
	if firstErr != nil && len(ids) > 1 {
		return fmt.Errorf("%w: %w", errReported, firstErr)
	}
	return firstErr
}
