package simulate

import (
	"context"
	stdcsv "encoding/csv"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/report"
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
	if n, changed := w.reliefNote(gbr, st, 0.1); changed || !strings.Contains(n, "so USA's tariff on GBR stays 6.8%") {
		t.Errorf("GBR: relief note %q", n)
	}
	if n, _ := w.reliefNote(can, st, 0.1); n != "; relief: USA's tariff on CAN 5.3% → 0.2%" {
		t.Errorf("CAN: relief note %q, want the 0.2%% member terms below its rates in force", n)
	}
	// Relief for an escalated player lifts the escalation, which its event
	// must not call no change (the review found "do not change" beside
	// Switzerland's 31.8% → 4.4%).
	esc := st.clone()
	esc.Players[jpn].Escalated = true
	if n, _ := w.reliefNote(jpn, esc, 0.1); !strings.HasPrefix(n, "; the escalation lifted: USA's tariff on JPN ") {
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

// TestNoChangeIsNotRelief: from 2026-03-01 with Korea rebalancing 2 pp,
// Britain's, India's and Vietnam's relief lowers none of their US tariffs
// (the member terms are not below the rates in force) while Canada's and
// Brazil's do (5.3% → 0.2%, 20.8% → 11.1%). No event calls a no-change a
// relief, or prints a move that is none at its precision ("7.6% → 7.6%");
// the rounds table marks the idle reliefs; the titles say which welfare
// column counts the rebalancing transfer; the CSV has no placeholder
// dashes.
func TestNoChangeIsNotRelief(t *testing.T) {
	w := builtinWorld(t, "2026-03-01", 0)
	prm := DefaultParams()
	prm.Moves = []Move{{Player: "KOR", Action: Rebalance, Size: 2, Round: 1}}
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	rep := tr.Report(0)
	same := regexp.MustCompile(`(\d+\.\d)% → (\d+\.\d)%`)
	for _, rd := range rep.Rounds {
		for _, e := range rd.Events {
			for _, m := range same.FindAllStringSubmatch(e.Text, -1) {
				if m[1] == m[2] {
					t.Errorf("round %d %s: a move that is none: %q", rd.T, e.Player, e.Text)
				}
			}
			if e.Kind == "relief" && strings.HasPrefix(e.Text, "relief for") && strings.Contains(e.Text, " stays ") {
				t.Errorf("round %d: a relief that changes nothing called relief: %q", rd.T, e.Text)
			}
		}
	}
	last := rep.Rounds[len(rep.Rounds)-1].Members
	for _, c := range []struct {
		p    string
		idle bool
	}{{"GBR", true}, {"IND", true}, {"VNM", true}, {"CAN", false}, {"BRA", false}} {
		if !slices.Contains(last.Relief, c.p) || slices.Contains(last.ReliefNoChange, c.p) != c.idle {
			t.Errorf("%s: relief %v, no change %v; want relief, no change %v", c.p, last.Relief, last.ReliefNoChange, c.idle)
		}
	}
	var text, csv strings.Builder
	if err := rep.Write(&text, report.Text); err != nil {
		t.Fatal(err)
	}
	if err := rep.Write(&csv, report.CSV); err != nil {
		t.Fatal(err)
	}
	s := text.String()
	if !strings.Contains(s, " GBR* ") || strings.Contains(s, "CAN*") {
		t.Errorf("rounds table does not mark Britain's idle relief apart from Canada's:\n%s", s[:min(len(s), 2000)])
	}
	if n := strings.Count(s, "ex transfer % does not, and is the one comparable with plan's welfare"); n != 2 {
		t.Errorf("%d titles say which welfare column counts the transfer, want 2 (rounds, players)", n)
	}
	if !strings.Contains(s, "USA ex transfer %") {
		t.Error("no leader's welfare net of the transfer in the rounds table")
	}
	rows, err := stdcsv.NewReader(strings.NewReader(csv.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for k, cell := range row {
			if cell == "-" || cell == "–" {
				t.Fatalf("CSV column %q holds a placeholder %q: %v", rows[0][k], cell, row)
			}
		}
	}
}
