package export

import (
	"bufio"
	"context"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/vocab"
)

// writeTurtle merges the graphs into one Turtle document: the used
// prefixes, then each subject with its predicates (rdf:type first, as "a")
// and objects, all in term order. IRIs become prefixed names only when the
// local part is a plain PN_LOCAL (no backslash escapes, which some parsers
// mishandle), else they are written in full.
func writeTurtle(ctx context.Context, w *bufio.Writer, d *dataset, opts Options) error {
	ts := d.triples()
	p := newPrefixer(opts.Prefixes)
	// Render every term first: the header must declare the used prefixes.
	forms := make([]string, len(d.terms))
	form := func(id uint32) {
		if forms[id] == "" {
			forms[id] = turtleTerm(d.terms[id], p)
		}
	}
	typeID, hasType := d.find(string(vocab.Type))
	for _, t := range ts {
		form(t.s)
		if !hasType || t.p != typeID {
			form(t.p)
		}
		form(t.o)
	}
	declared := p.declared()
	for _, ns := range declared {
		w.WriteString("@prefix ")
		w.WriteString(ns.prefix)
		w.WriteString(": <")
		w.WriteString(ns.iri)
		w.WriteString("> .\n")
	}
	if len(declared) > 0 {
		w.WriteByte('\n')
	}

	for i := 0; i < len(ts); {
		if err := check(ctx, w); err != nil {
			return err
		}
		j := i + 1
		for j < len(ts) && ts[j].s == ts[i].s {
			j++
		}
		subj := ts[i:j]
		// rdf:type first, then the other predicates in term order.
		var groups [][]tripleIDs
		for k := 0; k < len(subj); {
			l := k + 1
			for l < len(subj) && subj[l].p == subj[k].p {
				l++
			}
			if hasType && subj[k].p == typeID {
				groups = append([][]tripleIDs{subj[k:l]}, groups...)
			} else {
				groups = append(groups, subj[k:l])
			}
			k = l
		}
		w.WriteString(forms[ts[i].s])
		for g, objs := range groups {
			if g > 0 {
				w.WriteString(" ;\n   ")
			}
			w.WriteByte(' ')
			if hasType && objs[0].p == typeID {
				w.WriteByte('a')
			} else {
				w.WriteString(forms[objs[0].p])
			}
			for o, t := range objs {
				if o > 0 {
					w.WriteString(",\n        ")
				} else {
					w.WriteByte(' ')
				}
				w.WriteString(forms[t.o])
			}
		}
		w.WriteString(" .\n")
		if j < len(ts) {
			w.WriteByte('\n')
		}
		i = j
	}
	return nil
}

// find returns the id of the IRI iri, if the dataset holds it.
func (d *dataset) find(iri string) (uint32, bool) {
	nt := "<" + fixIRI(iri) + ">"
	lo, hi := 1, len(d.terms)
	for lo < hi {
		m := (lo + hi) / 2
		if d.terms[m].nt < nt {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(d.terms) && d.terms[lo].nt == nt {
		return uint32(lo), true
	}
	return 0, false
}

// turtleTerm writes t in Turtle: prefixed names where possible, bare
// integers and booleans when their lexical form is the Turtle shorthand's.
func turtleTerm(t term, p *prefixer) string {
	switch t.kind {
	case kindIRI:
		if s := p.compact(t.val, validPNLocal); s != "" {
			return s
		}
		return t.nt
	case kindLiteral:
		switch {
		case t.dt == xsdInteger && isTurtleInteger(t.val):
			return t.val
		case t.dt == xsdBoolean && (t.val == "true" || t.val == "false"):
			return t.val
		case t.dt != "":
			if s := p.compact(t.dt, validPNLocal); s != "" {
				b := appendQuoted(make([]byte, 0, len(t.val)+len(s)+4), t.val)
				return string(b) + "^^" + s
			}
		}
	}
	return t.nt // N-Triples forms of blank nodes and literals are valid Turtle
}

// isTurtleInteger matches Turtle's INTEGER: [+-]?[0-9]+.
func isTurtleInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validPNLocal matches Turtle's PN_LOCAL without PN_LOCAL_ESC:
// (PN_CHARS_U | ':' | [0-9] | PERCENT) ((PN_CHARS | '.' | ':' | PERCENT)*
// (PN_CHARS | ':' | PERCENT))?, or the empty string.
func validPNLocal(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			n = 3
		case r == ':', isPNChars(r) && (i > 0 || r != '-' && r != 0xB7 && !(0x300 <= r && r <= 0x36F) && !(0x203F <= r && r <= 0x2040)):
		case r == '.' && i > 0 && i+n < len(s):
		default:
			return false
		}
		i += n
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
