package simulate

import (
	"context"
	"math"
	"strings"
	"testing"
)

// TestJudgedInTheRoundsState: a player judges an action by the welfare it
// will have once the round's predictable changes are in: here the leader's
// escalation on China, which retaliates from round 0. Vietnam's payoff from
// joining in round 1 (no delay, so U = W(join) − costs) must be the welfare
// it gets when it joins and nobody else moves. Before, it was judged in
// round 0's state, where matching the US tariff on China meant matching
// the record's rate, not the threat: U + costs = +0.56% against −2.3%
// realised, so Vietnam joined and lost 1.5 points it could have kept by
// waiting (it meets the benchmark and gets relief anyway).
func TestJudgedInTheRoundsState(t *testing.T) {
	w := builtinWorld(t, "2026-03-01", 0)
	vnm, ok := w.PlayerIndex("VNM")
	if !ok {
		t.Fatal("VNM is not a player")
	}
	prm := DefaultParams()
	prm.Start, prm.Rounds = "2026-03-01", 1
	st := w.initial()
	eq, err := w.solve(st, &prm, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	pst, peq, err := w.pending(st, eq, 1, &prm)
	if err != nil {
		t.Fatal(err)
	}
	chn, _ := w.PlayerIndex("CHN")
	if !pst.Players[chn].Escalated || st.Players[chn].Escalated {
		t.Fatalf("China escalated %v before and %v in the pending state: want false, true", st.Players[chn].Escalated, pst.Players[chn].Escalated)
	}
	u, _, err := w.utility(pst, peq, vnm, choice{set: true, action: Join}, &prm)
	if err != nil {
		t.Fatal(err)
	}
	expected := u + prm.Costs.Join + prm.Costs.Inertia
	scripted := prm
	scripted.Scripted, scripted.Moves = true, []Move{{Player: "VNM", Action: Join, Round: 1}}
	tr, err := w.Run(context.Background(), scripted)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Eqs[1].Welfare[vnm]; math.Abs(expected-got) > 1e-6 {
		t.Errorf("Vietnam expects %.4f%% from joining in round 1 and gets %.4f%%", expected, got)
	}
	free, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	if a := free.Actions[1][vnm]; a == Join.String() {
		t.Errorf("Vietnam joins in round 1 (payoff %.4f%% against %.4f%% now)", expected, eq.Welfare[vnm])
	}
}

// TestReliefThatChangesNothingSaysSo: from 2026-11-28 the rate in force on
// Britain (Section 232 and the forced-labour Section 301 action) is no
// higher than its member terms, so relief lowers none of its US tariffs
// and the event says so; Canada's member terms (0.2%, the Section 122 10%
// on its non-USMCA goods) are below its rates in force, so its relief is a
// real one. China answers in kind in round 0,
// which round 0's events state with the tariff it moves.
func TestReliefThatChangesNothingSaysSo(t *testing.T) {
	w := builtinWorld(t, "2026-11-28", 0)
	gbr, _ := w.PlayerIndex("GBR")
	can, _ := w.PlayerIndex("CAN")
	jpn, _ := w.PlayerIndex("JPN")
	st := w.initial()
	st.Round = 1
	if n := w.reliefNote(gbr, st, 0.1); !strings.Contains(n, "so USA's tariff on GBR stays 6.8%") {
		t.Errorf("GBR: relief note %q", n)
	}
	if n := w.reliefNote(can, st, 0.1); n != "; relief: USA's tariff on CAN 5.3% → 0.2%" {
		t.Errorf("CAN: relief note %q, want the 0.2%% member terms below its rates in force", n)
	}
	// Relief for an escalated player lifts the escalation, which its event
	// must not call no change (the review found "do not change" beside
	// Switzerland's 31.8% → 4.4%).
	esc := st.clone()
	esc.Players[jpn].Escalated = true
	if n := w.reliefNote(jpn, esc, 0.1); !strings.HasPrefix(n, "; the escalation lifted: USA's tariff on JPN ") {
		t.Errorf("JPN escalated: relief note %q", n)
	}
	st = w.initial()
	ev := w.answersAtStart(st)
	if len(ev) != 1 || ev[0].Player != "CHN" || !strings.Contains(ev[0].Text, "its tariff on USA's goods 2.18% → 14.14%") {
		t.Errorf("round 0 answers: %+v", ev)
	}
	relieved := st.clone()
	relieved.Players[gbr].Relief = true
	a, b := w.TariffPair(gbr, w.Tariffs(st, 0)), w.TariffPair(gbr, w.Tariffs(relieved, 0))
	if a != b {
		t.Errorf("GBR's tariffs move under a relief said to change nothing: %+v → %+v", a, b)
	}
}

// TestThetaUsedReported: the report names the trade elasticity the model
// ran with, the scenario's (world-2023's 4) when params.trade_elasticity
// is 0, else the one given. The top 2 partners (EU27, MEX) leave out Canada,
// whose member rate the built-in names: --top K with K < 8 used to be
// refused for it.
func TestThetaUsedReported(t *testing.T) {
	w := builtinWorld(t, "2026-11-28", 2)
	for _, c := range []struct{ theta, want float64 }{{0, 4}, {5, 5}} {
		prm := DefaultParams()
		prm.Start, prm.Rounds, prm.Scripted, prm.Theta = "2026-11-28", 1, true, c.theta
		tr, err := w.Run(context.Background(), prm)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Report(0).ThetaUsed; len(got) != 1 || got[0] != c.want {
			t.Errorf("params θ %g: trade_elasticity_used %v, want [%g]", c.theta, got, c.want)
		}
	}
}
