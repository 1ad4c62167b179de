package cli

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/newsgraph/newsgraph/internal/query"
)

// benchQuery runs q n times on v (the open store) and prints one line:
// the query, its rows, and the median, fastest and slowest run in
// milliseconds. It is what bench/corpus.sh measures: the latency of a
// query inside a running process, without start-up and output.
func benchQuery(ctx context.Context, e *env, q *query.Query, v query.Viewer, params map[string]string, n int) error {
	times := make([]time.Duration, 0, n)
	rows := 0
	for range n {
		start := time.Now()
		res, err := q.Run(ctx, v, params)
		if err != nil {
			return err
		}
		times = append(times, time.Since(start))
		rows = len(res.Rows)
	}
	slices.Sort(times)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Fprintf(e.stdout, "%s\t%d rows\tmedian %.1f ms\tmin %.1f ms\tmax %.1f ms\n",
		q.Name, rows, ms(times[len(times)/2]), ms(times[0]), ms(times[len(times)-1]))
	return nil
}
