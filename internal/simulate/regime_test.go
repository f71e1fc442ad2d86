package simulate

import (
	"context"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestRegimeFollowsRecord: each round starts from the record on its own
// date, not the start's. From 2026-03-01 the Section 122 surcharge is in
// force; it lapsed on 2026-07-23, so round 2 (2026-09-01) plays the record
// of that day, in which the forced-labour Section 301 action has taken its
// place. A simulation that kept the start's regime held the surcharge for
// all eight quarters. A partner the leader neither relieves nor escalates
// on pays exactly the record's rates of the round's date.
func TestRegimeFollowsRecord(t *testing.T) {
	w := builtinWorld(t, "2026-03-01", 6)
	ds := w.Data
	ch := w.RegimeChanges(8)
	if len(ch) != 1 || ch[0].Round != 2 || ch[0].Date != "2026-09-01" || !strings.Contains(ch[0].Summary, "the Section 122 surcharge lapsed on 2026-07-23") {
		t.Fatalf("regime changes %+v, want one in round 2 (2026-09-01) naming the Section 122 lapse", ch)
	}
	prm := DefaultParams()
	prm.Start, prm.Rounds, prm.Scripted, prm.Grace = "2026-03-01", 3, true, 8
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range tr.Events[2] {
		found = found || e.Kind == "history" && strings.Contains(e.Text, "us-record 2026-09-01")
	}
	if !found {
		t.Errorf("round 2 has no event for the change of regime: %+v", tr.Events[2])
	}
	sep, err := w.leaderRecord("2026-09-01")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := w.PlayerIndex("EU27")
	if !ok {
		t.Fatal("no EU27 among the top 6")
	}
	for r := 1; r <= 2; r++ {
		if ps := tr.States[r].Players[p]; ps.Relief || ps.Escalated || ps.Member {
			t.Fatalf("round %d: EU27 treated (%+v): the test needs the regime alone", r, ps)
		}
	}
	t1, t2 := w.Tariffs(tr.States[1], prm.EscalationStep), w.Tariffs(tr.States[2], prm.EscalationStep)
	moved := 0
	for _, c := range w.Players[p].Countries {
		for s := 0; s < ds.S(); s++ {
			k := ds.At(c, w.Leader, s)
			if t1[k] != w.start[k] {
				t.Fatalf("round 1: %s pays %g, the start's regime is %g", ds.Countries[c].Code, t1[k], w.start[k])
			}
			if t2[k] != sep[k] {
				t.Fatalf("round 2: %s pays %g, the record on 2026-09-01 is %g", ds.Countries[c].Code, t2[k], sep[k])
			}
			if t2[k] != t1[k] {
				moved++
			}
		}
	}
	if moved == 0 {
		t.Error("the EU's US tariffs did not change between rounds 1 and 2: the test checks nothing")
	}
	// From today's record nothing is dated within the horizon.
	w2 := builtinWorld(t, "2026-11-28", 6)
	if ch := w2.RegimeChanges(8); len(ch) != 0 {
		t.Errorf("from 2026-11-28: regime changes %+v, want none", ch)
	}
}

// builtinWorld is the built-in coalition game's world on world-2023 from
// start with history, its candidates the top partners when top > 0.
func builtinWorld(t *testing.T, start string, top int) *World {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	w, err := NewWorld(sc, ds, start, true, top)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestRegimeMovers: the event for a change of regime names the players
// whose tariff it moves most, since the average over all US imports hides
// that Brazil's doubles when the surcharge lapses.
func TestRegimeMovers(t *testing.T) {
	w := builtinWorld(t, "2026-03-01", 0)
	if m := w.regimeMovers(2); !strings.Contains(m, "BRA 10.8% → 20.8%") {
		t.Errorf("round 2 movers %q, want Brazil's 10.8%% → 20.8%%", m)
	}
	if m := w.regimeMovers(1); m != "" {
		t.Errorf("round 1 (no change of regime) movers %q", m)
	}
}
