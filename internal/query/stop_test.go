package query

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// slowStore is a quad store whose lookups take a while and notice when
// they end after the View that handed out the store has returned.
type slowStore struct {
	graph.QuadStore
	inView *atomic.Bool
	late   *atomic.Bool
}

func (s slowStore) ValueOf(v quad.Value) graph.Ref {
	time.Sleep(20 * time.Millisecond)
	if !s.inView.Load() {
		s.late.Store(true)
	}
	return s.QuadStore.ValueOf(v)
}

type slowViewer struct{ s slowStore }

func (v slowViewer) View(ctx context.Context, fn func(graph.QuadStore) error) error {
	v.s.inView.Store(true)
	defer v.s.inView.Store(false)
	return fn(v.s)
}

// TestStoppedProgramLeavesStore: a program stopped by its context (a
// --timeout) has ended when Run returns; it does not go on using the store,
// which its owner may close at once (a closed bolt database crashes a
// reader).
func TestStoppedProgramLeavesStore(t *testing.T) {
	q, err := Parse("loop.gizmo", []byte("// name: loop\n// description: Never ends.\n// columns: a\nwhile (true) { g.V(\"<https://example.org/x>\").ToArray(); }\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := slowViewer{slowStore{QuadStore: fixture(t).qs, inView: new(atomic.Bool), late: new(atomic.Bool)}}
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if _, err := q.Run(ctx, v, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want the deadline", err)
	}
	time.Sleep(100 * time.Millisecond) // time for a program still running to make a late lookup
	if v.s.late.Load() {
		t.Error("the stopped program used the store after Run returned")
	}
}
