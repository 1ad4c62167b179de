// Package rules carries the extraction rules as data: word lists and
// patterns the extractors load (event triggers, organization head nouns,
// name cues, agreement words, topic cues), embedded in the binary.
//
// Each file is UTF-8 text, one item a line; '#' starts a comment line.
// Files ending in .tsv have tab-separated columns named by a header line.
package rules

import "embed"

// FS holds the rule files at their names in this folder.
//
//go:embed *.txt *.tsv
var FS embed.FS
