package simulate

import (
	"context"
	"slices"
	"testing"
)

// TestTerritoryReliefIsAChange: China cuts its answer in kind in round 2
// and commits 2 pp in round 3 (the built-in plan's china-negotiates), so
// its relief from round 5 lifts the escalation on it: the US tariff on
// China falls from 66.9% to 22.9% and, as US law ties theirs to China's, on
// Hong Kong from 55.3% to 1.8% and on Macau from 56.1% to 7.0%, as the
// relief event says. That relief changes their tariffs: it is not listed in
// relief_no_change, and Trace.ReliefLowers (which plan counts by) says so.
// Before, the check compared the relief with the round's state without it
// and without the escalation it had lifted, so Hong Kong's and Macau's
// reliefs, which leave them at the rates in force, read as changing nothing
// (the rounds table marked HKG* and MAC*), and for a territory it handed
// the relief back from China besides. Britain's relief, whose member terms
// are not below the rates in force and which lifted no escalation, still
// changes nothing.
func TestTerritoryReliefIsAChange(t *testing.T) {
	w := builtinWorld(t, "2026-11-28", 0)
	prm := DefaultParams()
	prm.Start, prm.Rounds, prm.Scripted = "2026-11-28", 6, true
	prm.Moves = []Move{{Player: "CHN", Action: Cut, Round: 2}, {Player: "CHN", Action: Rebalance, Size: 2, Round: 3}}
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	rep := tr.Report(0)
	R := len(tr.States) - 1
	last, before := rep.Rounds[R], rep.Rounds[4]
	for _, c := range []struct {
		p       string
		changed bool
	}{{"CHN", true}, {"HKG", true}, {"MAC", true}, {"GBR", false}} {
		p, ok := w.PlayerIndex(c.p)
		if !ok {
			t.Fatalf("no player %s", c.p)
		}
		if !tr.States[R].Players[p].Relief || !slices.Contains(last.Members.Relief, c.p) {
			t.Fatalf("%s has no relief at round %d: %v", c.p, R, last.Members.Relief)
		}
		if fell := last.Tariffs[c.p].ByLeader < before.Tariffs[c.p].ByLeader-0.05; c.changed && !fell {
			t.Errorf("%s: US tariff %.2f%% at round 4, %.2f%% at %d: the premise, a relief that lowers it, does not hold", c.p, before.Tariffs[c.p].ByLeader, last.Tariffs[c.p].ByLeader, R)
		}
		if got := tr.ReliefLowers(R, p); got != c.changed {
			t.Errorf("%s: ReliefLowers = %v, want %v", c.p, got, c.changed)
		}
		if idle := slices.Contains(last.Members.ReliefNoChange, c.p); idle == c.changed {
			t.Errorf("%s: in relief_no_change %v, want %v (%v)", c.p, idle, !c.changed, last.Members.ReliefNoChange)
		}
	}
}
