package store

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sync/atomic"

	"github.com/cayleygraph/cayley/clog"
)

// Cayley logs through a process-wide clog logger that by default prints to
// stderr, including DSNs with passwords. Open routes it to the last logger
// it was given, with passwords removed. Without a logger, Cayley's lines
// are dropped.
var cayleyLogger atomic.Pointer[slog.Logger]

func routeCayleyLog(l *slog.Logger) { cayleyLogger.Store(l) }

func init() {
	// Silence clog until a logger is given: library code must not write to
	// stderr behind the CLI's back.
	clog.SetLogger(clogAdapter{})
}

type clogAdapter struct{}

var dsnPassword = regexp.MustCompile(`(://[^:/@\s]*:)[^@\s]*@`)

func (clogAdapter) log(level slog.Level, format string, args []any) {
	l := cayleyLogger.Load()
	if l == nil {
		return
	}
	msg := dsnPassword.ReplaceAllString(fmt.Sprintf(format, args...), "${1}xxxxx@")
	l.Log(context.Background(), level, msg, "component", "cayley")
}

func (a clogAdapter) Infof(format string, args ...any)    { a.log(slog.LevelDebug, format, args) }
func (a clogAdapter) Warningf(format string, args ...any) { a.log(slog.LevelWarn, format, args) }
func (a clogAdapter) Errorf(format string, args ...any)   { a.log(slog.LevelWarn, format, args) }

// Fatalf logs only: a library must not end the process.
func (a clogAdapter) Fatalf(format string, args ...any) { a.log(slog.LevelError, format, args) }
func (clogAdapter) V(int) bool                          { return false }
func (clogAdapter) SetV(int)                            {}
