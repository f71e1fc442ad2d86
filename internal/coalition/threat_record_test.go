package coalition

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestThreatOnTheRecord: a threat written as the dated record puts on every
// non-member exactly what a us-record shock of that date gives, not the
// headline schedule; the terms line names the date.
func TestThreatOnTheRecord(t *testing.T) {
	ds := mustDefault(t)
	g, err := newGame(parse(t, `
name: record-threat
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, VNM]
  threat: {schedule: {name: us-record, date: 2025-04-09}}
`), ds)
	if err != nil {
		t.Fatal(err)
	}
	comp, err := scenario.Compile(parse(t, `
name: record
shocks:
  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-04-09}}
`), ds)
	if err != nil {
		t.Fatal(err)
	}
	usa, _ := ds.Index("USA")
	for c := range ds.Countries {
		k := ds.At(c, usa, 0)
		if g.threat[k] != comp.Shocks.Tariff[k] {
			t.Fatalf("threat on %s %.6f, want the record's %.6f", ds.Countries[c].Code, g.threat[k], comp.Shocks.Tariff[k])
		}
	}
	// The record exempts Annex II goods: Vietnam's threat is below its
	// headline 46% on all goods.
	vnm, _ := ds.Index("VNM")
	if k := ds.At(vnm, usa, 0); !(g.threat[k]-g.t0[k] > 0.1 && g.threat[k]-g.t0[k] < 0.46) {
		t.Errorf("Vietnam's threat adds %.4f, want the record's rate after exemptions, between 0.1 and its headline 0.46", g.threat[k]-g.t0[k])
	}
	if s := g.termsText(); !strings.Contains(s, "schedule us-record on 2025-04-09") {
		t.Errorf("terms %q do not date the threat", s)
	}
}
