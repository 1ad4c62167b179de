package query

import (
	"context"

	cquery "github.com/cayleygraph/cayley/query"
)

// stopProgram stops a Gizmo program and waits until it has ended. Closing
// Cayley's result iterator only interrupts the program, which runs on in
// Cayley's own goroutine until its next JavaScript instruction or until
// the store iterator it is in sees its cancelled context. Waiting keeps it
// from touching the store after View has returned and the store may be
// closed: on bolt, reading a closed database crashes the process. Next on
// a closed iterator returns once the program's goroutine is gone.
func stopProgram(it cquery.Iterator) {
	_ = it.Close()
	for it.Next(context.Background()) {
	}
}
