package simulate

import (
	"context"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// handMade is a four-country, one-sector world small enough to work through
// by hand (values: rows export to columns, diagonal = domestic sales):
//
//	       USA  CHN  AAA  BBB
//	USA    800   10   10   10
//	CHN     40  300   10   10
//	AAA     10   12  100    8
//	BBB     20    5    5  100
//
// AAA exports 30 and imports 25: a multilateral surplus of 5 on GDP (sales)
// 130, 3.85% of GDP, and balanced trade with the USA, so the bilateral part
// of the benchmark holds trivially and the multilateral part decides (its
// balance is what the model pins, so the test does not depend on how tariffs
// move bilateral flows). BBB exports 30 and imports 28: a surplus of 2,
// 1.54% of GDP, and 10 with the USA.
func handMade() *data.Dataset {
	codes := []string{"USA", "CHN", "AAA", "BBB"}
	x := [][]float64{{800, 10, 10, 10}, {40, 300, 10, 10}, {10, 12, 100, 8}, {20, 5, 5, 100}}
	ds := &data.Dataset{Name: "hand", Unit: "USD million", Sectors: []data.Sector{{Code: "ALL"}}}
	for _, c := range codes {
		ds.Countries = append(ds.Countries, data.Country{Code: c}) // GDP = sales
	}
	ds.Trade = make([]float64, 16)
	ds.Tariffs = make([]float64, 16)
	for i := range x {
		for j := range x[i] {
			ds.Trade[ds.At(i, j, 0)] = x[i][j]
		}
	}
	return ds
}

func handScenario() *scenario.Scenario {
	return &scenario.Scenario{Name: "hand", Coalition: &scenario.CoalitionSpec{
		Leader: scenario.Ref{Name: "USA"}, Targets: scenario.Names("CHN"), Candidates: scenario.Names("AAA", "BBB"),
		MemberRate: 0.10, ThreatRate: 0.30, ExternalMatch: true, Retaliation: scenario.RetaliationNone,
	}}
}

// TestReliefExactlyQRoundsAfterBenchmark works the leader's rule by hand.
// AAA commits in round 1 to shrinking its balance by 2 pp of GDP; at speed
// 0.25 the part in place is x_t = 2·(1 − 0.75^t): 0.5, 0.875, 1.156, … pp.
// With a multilateral threshold of 0.6 pp the benchmark first holds in
// round 2 (0.875 ≥ 0.6 > 0.5), holds again in round 3 (q = 2 consecutive
// rounds), so relief is granted at the end of round 3 and is in force from
// round 4 = 2 + q. BBB offers zero tariffs on US goods in round 1: its
// multilateral surplus does not move (fixed deficits), so it never gets
// relief and is escalated after the one-round grace period.
func TestReliefExactlyQRoundsAfterBenchmark(t *testing.T) {
	ds := handMade()
	w, err := NewWorld(handScenario(), ds, "2026-03-01", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	prm := DefaultParams()
	prm.Rounds, prm.Q, prm.Grace, prm.Speed, prm.Scripted = 7, 2, 1, 0.25, true
	prm.Test = benchmark.Test{BilateralCutPct: 10, MultilateralCutPP: 0.6}
	prm.Moves = []Move{{Player: "AAA", Action: Rebalance, Size: 2, Round: 1}, {Player: "BBB", Action: Cut, Round: 1}}
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	rep := tr.Report(0)
	a, _ := w.PlayerIndex("AAA")
	wantX := []float64{0, 0.5, 0.875}
	for r, x := range wantX {
		if got := tr.States[r].Players[a].Adjusted; abs(got-x) > 1e-12 {
			t.Errorf("round %d: AAA adjusted %v pp, want %v", r, got, x)
		}
		// The model pins the deficit ratio, so the balance falls by x exactly.
		if got := w.pctB[a] - tr.Eqs[r].PctGDP[a]; r > 0 && abs(got-x) > 1e-6 {
			t.Errorf("round %d: AAA balance fell %v pp, want %v", r, got, x)
		}
	}
	meets := []bool{false, false, true, true}
	for r, m := range meets {
		if tr.Eqs[r].Meets[a] != m {
			t.Errorf("round %d: AAA meets benchmark %v, want %v (%s)", r, tr.Eqs[r].Meets[a], m, tr.Eqs[r].Reason[a])
		}
	}
	if got := rep.ReliefFrom["AAA"]; got == nil || *got != 4 {
		t.Errorf("AAA relief from round %v, want 4 (benchmark first holds in round 2, q = 2)", deref(got))
	}
	if got := rep.ReliefFrom["BBB"]; got != nil {
		t.Errorf("BBB (tariff-only offer) got relief from round %d", *got)
	}
	// Tariffs: AAA is not escalated although the grace period is over
	// before its benchmark holds: its 2 pp commitment meets the 0.6 pp test
	// once in place, so it is not a staller (until 2026-11-28 it was
	// escalated to the 30% threat in rounds 2–3, which punished the size
	// the benchmark asks for); member terms from round 4: the 10% member
	// rate capped at the start rate, 0. BBB at the threat from round 2 on
	// with its own tariff on US goods at zero.
	wantA := []float64{0, 0, 0, 0, 0, 0, 0, 0}
	held := false
	for _, e := range tr.Events[2] {
		held = held || e.Player == "AAA" && e.Kind == "hold"
	}
	if !held {
		t.Errorf("round 2 has no event for holding off AAA's escalation: %+v", tr.Events[2])
	}
	for r, want := range wantA {
		if got := rep.Rounds[r].Tariffs["AAA"].ByLeader; abs(got-want) > 1e-9 {
			t.Errorf("round %d: USA tariff on AAA %v%%, want %v%%", r, got, want)
		}
	}
	for r := 2; r <= 7; r++ {
		tp := rep.Rounds[r].Tariffs["BBB"]
		if tp.ByLeader != 30 || tp.OnLeader != 0 {
			t.Errorf("round %d: BBB tariffs %+v, want 30%% by USA and 0 on USA", r, tp)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func deref(p *int) any {
	if p == nil {
		return "never"
	}
	return *p
}

func TestParseMove(t *testing.T) {
	m, err := ParseMove("KOR=rebalance:2.5@3")
	if err != nil || m.Player != "KOR" || m.Action != Rebalance || m.Size != 2.5 || m.Round != 3 {
		t.Errorf("got %+v, %v", m, err)
	}
	for _, bad := range []string{"KOR", "=cut", "KOR=dance", "KOR=cut:2", "KOR=cut@0", "KOR=rebalance:-1"} {
		if _, err := ParseMove(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// TestEscalationThatChangesNothingSaysSo: a staller is escalated after the
// grace period; when the threat is no higher than the rates in force (here
// a threat rate of 0 on a world without baseline tariffs) the event says
// that its tariffs do not change, and when the threat is 30% it does not.
func TestEscalationThatChangesNothingSaysSo(t *testing.T) {
	for _, c := range []struct {
		threat float64
		noop   bool
	}{{0.30, false}, {0, true}} {
		sc := handScenario()
		sc.Coalition.ThreatRate = c.threat
		w, err := NewWorld(sc, handMade(), "2026-03-01", false, 0)
		if err != nil {
			t.Fatal(err)
		}
		prm := DefaultParams()
		prm.Rounds, prm.Q, prm.Grace, prm.Scripted = 3, 2, 1, true
		prm.Moves = []Move{{Player: "BBB", Action: Cut, Round: 1}}
		tr, err := w.Run(context.Background(), prm)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, evs := range tr.Events {
			for _, e := range evs {
				if e.Player != "BBB" || e.Kind != "escalation" {
					continue
				}
				found = true
				if got := strings.Contains(e.Text, "do not change"); got != c.noop {
					t.Errorf("threat %v: %q; says nothing changes: %v, want %v", c.threat, e.Text, got, c.noop)
				}
			}
		}
		if !found {
			t.Errorf("threat %v: BBB, a staller, was not escalated", c.threat)
		}
		if got := tr.Report(0).Rounds[3].Tariffs["BBB"].ByLeader; (got == 0) != c.noop {
			t.Errorf("threat %v: USA's tariff on BBB in round 3 is %v%%", c.threat, got)
		}
	}
}

// TestRebalancingIsNotCountedAsIncome: AAA's commitment raises its
// spending by more than the balance cut, financed by lower saving; the rest
// of the world (here BBB, CHN and the USA, by the deficits' weights) takes
// the other side. welfare_pct counts that spending; welfare_ex_transfer_pct
// does not. The difference is positive for AAA, grows as more of the
// commitment is in place, and is at least the cut in % of AAA's spending
// (x pp of GDP 130 on spending 125); the transfer is measured against the
// deficit the closure alone would set, which the tariffs move too, so it
// is not exactly the cut (and prices move: 0.9 of it at least). BBB's is
// of the other sign.
func TestRebalancingIsNotCountedAsIncome(t *testing.T) {
	w, err := NewWorld(handScenario(), handMade(), "2026-03-01", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	prm := DefaultParams()
	prm.Rounds, prm.Q, prm.Grace, prm.Speed, prm.Scripted = 3, 2, 1, 0.25, true
	prm.Moves = []Move{{Player: "AAA", Action: Rebalance, Size: 2, Round: 1}}
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	rep := tr.Report(0)
	a, _ := w.PlayerIndex("AAA")
	prev := 0.0
	for r := 1; r <= 3; r++ {
		rd := rep.Rounds[r]
		ex, ok := rd.WelfareExTransferPct["AAA"]
		if !ok {
			t.Fatalf("round %d: no welfare net of the transfer for AAA", r)
		}
		x := tr.States[r].Players[a].Adjusted
		diff, floor := rd.WelfarePct["AAA"]-ex, 0.9*x*130/125
		if diff < floor || diff > 2*floor || diff <= prev {
			t.Errorf("round %d: welfare %v%%, ex transfer %v%%: difference %v, want above the previous %v and within [%v, %v] (a cut of %v pp of GDP)", r, rd.WelfarePct["AAA"], ex, diff, prev, floor, 2*floor, x)
		}
		prev = diff
		if b, ok := rd.WelfareExTransferPct["BBB"]; !ok || rd.WelfarePct["BBB"]-b >= 0 {
			t.Errorf("round %d: BBB welfare %v%%, ex transfer %v (present %v): want the other side of AAA's transfer", r, rd.WelfarePct["BBB"], b, ok)
		}
	}
	if _, ok := rep.Rounds[0].WelfareExTransferPct["AAA"]; ok {
		t.Error("round 0: a transfer before any commitment")
	}
}

// TestCommitmentBelowTheTestIsEscalated: a commitment that does not meet
// the benchmark even once in place (0.5 pp against a 0.6 pp test) leaves
// its player a staller, escalated once the grace period is over; under a
// rule with a bilateral part no commitment holds the leader off.
func TestCommitmentBelowTheTestIsEscalated(t *testing.T) {
	for _, c := range []struct {
		name string
		size float64
		test benchmark.Test
		want float64 // USA tariff on AAA in round 2, %
	}{
		{"below", 0.5, benchmark.Test{BilateralCutPct: 10, MultilateralCutPP: 0.6}, 30},
		{"meets", 0.6, benchmark.Test{BilateralCutPct: 10, MultilateralCutPP: 0.6}, 0},
		{"both rules", 2, benchmark.Test{Measure: benchmark.Both, BilateralCutPct: 10, MultilateralCutPP: 0.6}, 30},
	} {
		w, err := NewWorld(handScenario(), handMade(), "2026-03-01", false, 0)
		if err != nil {
			t.Fatal(err)
		}
		prm := DefaultParams()
		prm.Rounds, prm.Q, prm.Grace, prm.Speed, prm.Scripted = 2, 2, 1, 0.25, true
		prm.Test = c.test
		prm.Moves = []Move{{Player: "AAA", Action: Rebalance, Size: c.size, Round: 1}}
		tr, err := w.Run(context.Background(), prm)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.Report(0).Rounds[2].Tariffs["AAA"].ByLeader; abs(got-c.want) > 1e-9 {
			t.Errorf("%s: round 2 USA tariff on AAA %v%%, want %v%%", c.name, got, c.want)
		}
	}
}
