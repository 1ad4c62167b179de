package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/internal/export"
)

type exportOptions struct {
	format string
	out    string
}

func newExportCmd(e *env) *cobra.Command {
	var o exportOptions
	var names []string
	for _, f := range export.Formats() {
		names = append(names, string(f))
	}
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the whole graph as RDF (or GraphML/DOT)",
		Long: `Export writes every quad of the store. N-Quads (the default) keeps one named
graph per document; N-Triples and Turtle merge them; JSON-LD nests each
document's graph; GraphML and DOT draw the entities and their links.`,
		Example: `  newsgraph export --format turtle > graph.ttl
  newsgraph export --format graphml -o graph.graphml`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd.Context(), e, o)
		},
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "nquads", "output format: "+strings.Join(names, ", "))
	cmd.Flags().StringVarP(&o.out, "output", "o", "", "write to this file instead of stdout")
	return cmd
}

func runExport(ctx context.Context, e *env, o exportOptions) (err error) {
	f, err := export.ParseFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	st, err := e.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	w := e.stdout
	if o.out != "" {
		// write beside the target and rename, so a failed export leaves no
		// half file behind
		tmp, err := os.CreateTemp(dirOf(o.out), ".newsgraph-export-*")
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer func() {
			if err != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
		w = tmp
		if err = export.Write(ctx, w, f, st.Quads, export.Options{}); err != nil {
			return err
		}
		if err = tmp.Close(); err != nil {
			return fmt.Errorf("export %s: %w", o.out, err)
		}
		if err = os.Rename(tmp.Name(), o.out); err != nil {
			return fmt.Errorf("export %s: %w", o.out, err)
		}
		return nil
	}
	return export.Write(ctx, w, f, st.Quads, export.Options{})
}

func dirOf(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[:i+1]
	}
	return "."
}
