// Package bench holds the benchmarks that need the shared corpus
// (../shared/corpus/news.jsonl.gz) and the real extractor, such as the
// write path against raw Cayley writes, and corpus.sh, which builds the
// corpus with the newsgraph binary and prints a table of its speed. The
// benchmarks skip when the corpus is absent.
package bench
