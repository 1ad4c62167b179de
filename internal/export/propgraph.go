package export

import (
	"slices"
	"strings"

	"github.com/cayleygraph/quad"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// propGraph is the property-graph view GraphML and DOT share: resources are
// nodes, triples between resources are edges, literals are node attributes.
type propGraph struct {
	nodes []pgNode
	keys  []uint32 // predicates with literal values, in term order
	edges []pgEdge
}

type pgNode struct {
	id    uint32 // term id
	label string // name, prefLabel or headline, else the local name
	typ   string // local names of its rdf:types, sorted, comma-separated
	attrs []pgAttr
}

// pgAttr is a node's literal values for keys[key], joined by "; ".
type pgAttr struct {
	key int
	val string
}

// pgEdge is a triple between two resources; n counts the graphs stating it.
type pgEdge struct {
	from, to int
	pred     uint32
	n        uint32
}

// labelProps are the properties that name a node, by preference.
var labelProps = []quad.IRI{vocab.Name, vocab.PrefLabel, vocab.Headline}

func buildPropGraph(d *dataset) *propGraph {
	ts := d.triples()
	typeID, hasType := d.find(string(vocab.Type))
	isType := func(p uint32) bool { return hasType && p == typeID }
	isResource := func(id uint32) bool { return d.terms[id].kind != kindLiteral }

	g := &propGraph{}
	node := make([]int32, len(d.terms))
	isKey := make([]bool, len(d.terms))
	for _, t := range ts {
		node[t.s] = 1
		switch {
		case !isResource(t.o):
			isKey[t.p] = true
		case !isType(t.p):
			node[t.o] = 1
		}
	}
	keyIndex := make(map[uint32]int)
	for id := range d.terms {
		if node[id] == 1 {
			node[id] = int32(len(g.nodes))
			g.nodes = append(g.nodes, pgNode{id: uint32(id), label: localName(d.terms[id])})
		} else {
			node[id] = -1
		}
		if isKey[id] {
			keyIndex[uint32(id)] = len(g.keys)
			g.keys = append(g.keys, uint32(id))
		}
	}
	var labels []uint32
	for _, p := range labelProps {
		if id, ok := d.find(string(p)); ok {
			labels = append(labels, id)
		}
	}

	for i := 0; i < len(ts); {
		j := i + 1
		for j < len(ts) && ts[j].s == ts[i].s {
			j++
		}
		n := &g.nodes[node[ts[i].s]]
		var types []string
		label, labelRank := "", len(labels)
		for k := i; k < j; {
			l := k + 1
			for l < j && ts[l].p == ts[k].p {
				l++
			}
			p := ts[k].p
			var vals []string
			for _, t := range ts[k:l] {
				switch {
				case !isResource(t.o):
					vals = append(vals, d.terms[t.o].val)
				case isType(p):
					types = append(types, localName(d.terms[t.o]))
				default:
					g.edges = append(g.edges, pgEdge{from: int(node[t.s]), to: int(node[t.o]), pred: p, n: t.n})
				}
			}
			if len(vals) > 0 {
				n.attrs = append(n.attrs, pgAttr{key: keyIndex[p], val: strings.Join(vals, "; ")})
				if r := slices.Index(labels, p); r >= 0 && r < labelRank {
					label, labelRank = vals[0], r
				}
			}
			k = l
		}
		if label != "" {
			n.label = label
		}
		slices.Sort(types)
		n.typ = strings.Join(slices.Compact(types), ", ")
		i = j
	}
	return g
}
