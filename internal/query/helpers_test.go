package query

import (
	"os"
	"testing"

	"github.com/newsgraph/newsgraph/internal/store/storetest"
)

// TestHelperForms checks members(class), tally() and unions of properties
// against what the other helpers give, on every kind of store: the
// program compares and emits what differs.
func TestHelperForms(t *testing.T) {
	q, err := Parse("forms.gizmo", []byte(`// name: forms
// description: Helper forms agree.
// columns: check, got, want
var type = term("rdf:type"), Topic = term("ng:Topic"), Event = term("schema:Event"),
    mentions = term("schema:mentions"), attendee = term("schema:attendee"),
    involves = term("ng:involves"), nationality = term("schema:nationality"),
    startDate = term("schema:startDate");
function check(name, got, want) {
  got = JSON.stringify(got); want = JSON.stringify(want);
  g.emit({check: name, got: got === want ? "same" : got, want: got === want ? "same" : want});
}
function sorted(list) { return list.slice().sort(); }
var topics = values([Topic], inverse(type)), events = values([Event], inverse(type));
check("members", values(members(Topic), inverse(mentions)), values(topics, inverse(mentions)));
check("describe members", describe(members(Event), {d: startDate}), describe(events, {d: startDate}));
check("top members", top(members(Topic), inverse(mentions), 3), top(topics, inverse(mentions), 3));
check("top members all", top(members(Topic), inverse(mentions)), top(topics, inverse(mentions)));
check("latest members", latest(members(Event), startDate, 2), latest(events, startDate, 2));
check("count members", count(members(Topic), inverse(mentions)), count(topics, inverse(mentions)));
var countries = [involves, chain(attendee, nationality)];
check("union", sorted(values(events, countries)),
  sorted(unique(values(events, involves).concat(values(events, chain(attendee, nationality))))));
var byHand = {};
describe(events, {a: involves, b: chain(attendee, nationality)}).forEach(function (e) {
  unique(e.a.concat(e.b)).forEach(function (c) { byHand[c] = (byHand[c] || 0) + 1; });
});
var tallied = tally(events, countries), keys = sorted(Object.keys(tallied)), want = {}, got = {};
sorted(Object.keys(byHand)).forEach(function (k) { want[k] = byHand[k]; });
keys.forEach(function (k) { got[k] = tallied[k]; });
check("tally", got, want);
check("tally of none", tally([], involves), {});
check("members of nothing", values(members(term("ng:Nothing")), inverse(mentions)), []);
`))
	if err != nil {
		t.Fatal(err)
	}
	stores := embeddedStores(t)
	if os.Getenv(storetest.PostgresEnv) != "" {
		stores = append(stores, namedViewer{"postgres", fixtureStore(t, storetest.PostgresDSN(t))})
	}
	for _, st := range stores {
		res, err := q.Run(t.Context(), st.v, nil)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if len(res.Rows) != 10 {
			t.Errorf("%s: %d checks, want 10", st.name, len(res.Rows))
		}
		for _, row := range res.Rows {
			if row[1] != "same" {
				t.Errorf("%s: %s: got %s, want %s", st.name, row[0], row[1], row[2])
			}
		}
	}
}
