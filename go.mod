module github.com/newsgraph/newsgraph

go 1.26.0

require (
	github.com/cayleygraph/cayley v0.7.7
	github.com/cayleygraph/quad v1.1.0
	golang.org/x/text v0.43.0
)
