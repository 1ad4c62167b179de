// Package seeds embeds the seed articles, the default corpus that
// "newsgraph build" and "newsgraph extract" read when given no paths.
package seeds

import "embed"

// FS holds the seed articles at their file names.
//
//go:embed *.txt
var FS embed.FS
