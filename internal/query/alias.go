package query

import (
	"sync"

	"github.com/newsgraph/newsgraph/internal/vocab"
	"github.com/newsgraph/newsgraph/schema"
)

var (
	aliasOnce  sync.Once
	aliasIndex map[string][]string // vocab.Key of a gazetteer alias → keys of the canonical names
)

// gazetteerKeys returns the keys of the canonical names the gazetteers give
// for a name ("rok" → "south korea", "peking" → "beijing"), so that a
// parameter resolves by any alias the gazetteers know even when no stored
// document wrote it. The graph stores keys only for the names documents
// use, and the canonical ones.
func gazetteerKeys(key string) []string {
	aliasOnce.Do(buildAliasIndex)
	return aliasIndex[key]
}

func buildAliasIndex() {
	aliasIndex = map[string][]string{}
	add := func(canon string, aliases ...string) {
		ck := vocab.Key(canon)
		for _, a := range aliases {
			if k := vocab.Key(a); k != "" && k != ck {
				aliasIndex[k] = appendUnique(aliasIndex[k], ck)
			}
		}
	}
	// The gazetteers are embedded and validated by their tests; a load
	// error leaves the index empty and lookups by stored keys only.
	if cs, err := schema.Countries(); err == nil {
		for _, c := range cs {
			add(c.Name, c.Aliases...)
		}
	}
	if ps, err := schema.Places(); err == nil {
		for _, p := range ps {
			add(p.Name, p.Aliases...)
		}
	}
	if os, err := schema.Organizations(); err == nil {
		for _, o := range os {
			add(o.Name, o.Aliases...)
		}
	}
	if ps, err := schema.People(); err == nil {
		for _, p := range ps {
			add(p.Name, p.Aliases...)
		}
	}
	if ts, err := schema.Topics(); err == nil {
		for _, t := range ts {
			add(t.Name, t.Aliases...)
		}
	}
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}
