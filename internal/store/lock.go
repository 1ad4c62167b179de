package store

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/sync/semaphore"
)

// rwLock is a readers-writer lock whose waits honour ctx. Writes are
// exclusive and reads shared because Cayley's bolt backend can deadlock when
// a query's read transactions overlap a write (cayley issue #712), and the
// memstore is not safe for concurrent writes at all. A waiting writer blocks
// new readers, so writers are not starved.
type rwLock struct {
	sem *semaphore.Weighted
	// read is the weight of a reader: 1, or maxReaders to make reads
	// exclusive too, for stores that are unsafe for concurrent reads.
	read int64
}

const maxReaders = 1 << 30

func newRWLock(exclusiveReads bool) rwLock {
	l := rwLock{sem: semaphore.NewWeighted(maxReaders), read: 1}
	if exclusiveReads {
		l.read = maxReaders
	}
	return l
}

func (l rwLock) rlock(ctx context.Context) error { return l.sem.Acquire(ctx, l.read) }
func (l rwLock) runlock()                        { l.sem.Release(l.read) }
func (l rwLock) lock(ctx context.Context) error  { return l.sem.Acquire(ctx, maxReaders) }
func (l rwLock) unlock()                         { l.sem.Release(maxReaders) }

// guard runs fn and turns a panic, or a memory fault on a memory-mapped
// file, in a backend library into an error. Corrupt bolt files make bolt
// panic or fault instead of returning errors; those become ErrCorrupt when
// corrupt is set.
func guard(what string, corrupt bool, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if corrupt {
			err = fmt.Errorf("%s: %w (%s)", what, ErrCorrupt, oneLine(fmt.Sprint(r)))
		} else {
			err = fmt.Errorf("%s: panic: %s", what, oneLine(fmt.Sprint(r)))
		}
	}()
	return fn()
}

// oneLine keeps the first line of a backend message so that errors stay
// one line long.
func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
