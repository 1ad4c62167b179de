package extract

import "sync"

// arena holds the memory a document's analysis allocates most: its tokens
// and its lexicon hits. Extract takes one from a pool and returns it when
// the quads are made, so that the next document reuses the memory instead
// of leaving it to the garbage collector. Nothing of an analysis may be
// used after its arena is returned; the quads hold none of it.
type arena struct {
	toks []token
	memo [][]hit // rows of sentence.memo
	hits []hit   // the lists in those rows
}

var arenas = sync.Pool{New: func() any { return new(arena) }}

// maxPooledTokens bounds what a pooled arena keeps, so that one huge
// document does not pin its memory for the rest of a run.
const maxPooledTokens = 1 << 16

func getArena() *arena { return arenas.Get().(*arena) }

// release empties a and returns it to the pool.
func (a *arena) release() {
	if cap(a.toks) > maxPooledTokens || cap(a.hits) > maxPooledTokens || cap(a.memo) > 2*maxPooledTokens {
		return
	}
	a.toks, a.memo, a.hits = a.toks[:0], a.memo[:0], a.hits[:0]
	arenas.Put(a)
}

// tokenize tokenizes s into the arena (see the function tokenize).
func (a *arena) tokenize(s string) []token {
	if a == nil {
		return tokenize(nil, s)
	}
	start := len(a.toks)
	a.toks = tokenize(a.toks, s)
	return a.toks[start:len(a.toks):len(a.toks)]
}

// memoRow returns n empty memo entries.
func (a *arena) memoRow(n int) [][]hit {
	if a == nil {
		return make([][]hit, n)
	}
	if cap(a.memo)-len(a.memo) < n {
		// Rows cut before keep the old array; only new rows use the new one.
		a.memo = make([][]hit, 0, max(2*cap(a.memo), n, 256))
	}
	start := len(a.memo)
	a.memo = a.memo[:start+n]
	row := a.memo[start : start+n : start+n]
	clear(row)
	return row
}
