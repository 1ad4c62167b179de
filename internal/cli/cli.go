// Package cli is the newsgraph command line: one file per subcommand, each
// parsing its flags into an options struct and doing its work in a
// run…(ctx, opts) function. It owns signal handling, logging and the
// mapping of errors to exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// env is what every command shares: streams, the logger and global flags.
type env struct {
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	log    *slog.Logger

	db          string // --db: path of the embedded store
	store       string // --store: store URL (overrides --db)
	dbSet       bool   // --db was given (it then overrides $NEWSGRAPH_STORE)
	quiet       bool
	verbose     bool
	wait        time.Duration // --wait: how long to wait for a store another process holds
	profile     string        // --cpuprofile: write a CPU profile here
	stopProfile func()
}

// Main runs the command line with args (without the program name) and
// returns the process exit code.
func Main(args []string) int {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// The first signal asks the command to stop cleanly; a second one
		// ends the process at once (the stores survive a kill).
		<-ctx.Done()
		stop()
	}()
	return Run(ctx, args, os.Stdin, os.Stdout, os.Stderr)
}

// Run is Main with explicit context and streams, for tests.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, stdin: stdin}
	root := newRoot(e)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if e.stopProfile != nil {
		e.stopProfile()
	}
	if err == nil {
		return ExitOK
	}
	if ctx.Err() != nil && !errors.Is(err, errPartial) {
		err = fmt.Errorf("interrupted: %w", ctx.Err())
	}
	err = explainLocked(err, e.wait)
	if !errors.Is(err, errReported) {
		fmt.Fprintf(stderr, "newsgraph: %v\n", err)
	}
	return exitCode(err)
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "newsgraph",
		Short: "Turn news about international relations into a knowledge graph",
		Long: `newsgraph reads news articles (plain text, Markdown, HTML, JSON Lines, each
optionally gzipped), extracts who met whom, when and where, which agreements
were signed and what they cover, who holds which office and which topics each
side raised, and stores the facts in a Cayley graph, one named graph per
document. Query it with saved Gizmo queries and export it as RDF.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			e.log = newLogger(e.stderr, e.quiet, e.verbose)
			e.dbSet = cmd.Flags().Changed("db")
			var err error
			e.stopProfile, err = startProfile(e.profile)
			return err
		},
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	f := root.PersistentFlags()
	f.StringVar(&e.db, "db", defaultDB, "path of the embedded graph database")
	f.StringVar(&e.store, "store", "", "store URL instead of --db (default $NEWSGRAPH_STORE): bolt:///dir, leveldb:///dir, postgres://user@host/db, cockroach://user@host:26257/db")
	f.BoolVarP(&e.quiet, "quiet", "q", false, "print no progress or warnings on stderr")
	f.BoolVarP(&e.verbose, "verbose", "v", false, "print debug logs on stderr")
	f.DurationVar(&e.wait, "wait", 0, "wait up to this long (30s, 5m) for a database another process is using, instead of failing at once")
	f.StringVar(&e.profile, "cpuprofile", "", "write a CPU profile of the run to this file")
	_ = f.MarkHidden("cpuprofile")
	root.AddCommand(
		newBuildCmd(e),
		newExtractCmd(e),
		newQueryCmd(e),
		newQueriesCmd(e),
		newExportCmd(e),
		newStatsCmd(e),
		newRemoveCmd(e),
		newServeCmd(e),
		newImportCmd(e),
	)
	return root
}

// newLogger builds the one logger of a run: warnings by default, nothing
// with --quiet but errors, debug with --verbose; always to stderr.
func newLogger(w io.Writer, quiet, verbose bool) *slog.Logger {
	level := slog.LevelWarn
	switch {
	case verbose:
		level = slog.LevelDebug
	case quiet:
		level = slog.LevelError
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// usageError marks errors in how the command was called.
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// args wraps a cobra positional-argument check so that its failure is a
// usage error (exit code 2).
func args(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := check(cmd, a); err != nil {
			return usageError{fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
		}
		return nil
	}
}
