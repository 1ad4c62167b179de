// Command newsgraph turns news articles about international relations into
// a knowledge graph; see "newsgraph --help".
package main

import (
	"os"

	"github.com/newsgraph/newsgraph/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
