package extract

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/newsgraph/newsgraph/internal/ingest"
)

// Trace writes how the extractor read d: each sentence with its mentions,
// then the entities, events and agreements. It is for people tuning the
// rules and gazetteers. It returns ctx's error when ctx ends first.
func (x *Extractor) Trace(ctx context.Context, w io.Writer, d *ingest.Document) error {
	dc, err := x.analyze(ctx, nil, d)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ref date %s, dateline %q\n", isoDate(dc.ref), d.Dateline.Raw)
	for _, s := range dc.sents {
		fmt.Fprintf(w, "\n[%d p%d] %s\n", s.Index, s.Para, s.Text)
		for _, m := range dc.mentions {
			if m.S != s {
				continue
			}
			target := "-"
			if m.E != nil {
				target = m.E.Kind.String() + ":" + m.E.Name
			} else if m.Form != nil {
				target = m.Form.E.Kind.String() + ":" + m.Form.E.Name
			}
			fmt.Fprintf(w, "   %-28q %-8s cue=%-10s → %s\n", m.text(), m.Kind, m.Cue, target)
		}
	}
	fmt.Fprintln(w, "\nentities:")
	for _, e := range dc.ents {
		country := ""
		if e.Country != nil {
			country = e.Country.Name
		}
		fmt.Fprintf(w, "  %-8s %-30s names=%v titles=%v country=%s mentions=%d\n", e.Kind, e.Name, e.Names, e.Titles, country, len(e.Mentions))
	}
	fmt.Fprintln(w, "\nevents:")
	for _, e := range dc.events {
		var who, where []string
		for _, p := range e.Attendees {
			who = append(who, p.Name)
		}
		for _, p := range e.Locations {
			where = append(where, p.Name)
		}
		fmt.Fprintf(w, "  %-10s %s who=%s where=%s (sent %d, %q)\n", e.Kind, isoDate(e.Date), strings.Join(who, "+"), strings.Join(where, "+"), e.sent, e.trigger)
	}
	fmt.Fprintln(w, "\nagreements:")
	for _, a := range dc.agrees {
		var ps, ts []string
		for _, p := range a.Parties {
			ps = append(ps, p.Name)
		}
		for _, t := range a.Topics {
			ts = append(ts, t.Name)
		}
		fmt.Fprintf(w, "  %q parties=%v about=%v count=%d status=%s\n", a.Name, ps, ts, a.Count, a.Status)
	}
	fmt.Fprintln(w, "\ntopics:")
	for _, u := range dc.topics {
		fmt.Fprintf(w, "  %-30s [%d] %q\n", u.E.Name, u.S.Index, u.S.span(u.I, u.J))
	}
	return nil
}
