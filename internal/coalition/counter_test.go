package coalition

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestCounterWhatIfByHand recomputes the counter-bloc what-if from its
// equilibrium and the data: each bloc member's cost against the leading
// coalition, the leader's, the bloc's combined balance before (from the
// dataset's exports and imports) and after, in billions of dollars and in
// percent of its GDP, the share of the rest of the world's spending its
// surplus needs, the members in surplus, the verdict's figures, and where
// the membership came from.
func TestCounterWhatIfByHand(t *testing.T) {
	g, en, _ := smallTable(t)
	ds := g.ds
	leading, err := g.parseMembers("CAN+MEX+JPN")
	if err != nil {
		t.Fatal(err)
	}
	before := en.solves
	d, err := g.counterWhatIf(leading, en, "JPN+KOR")
	if err != nil {
		t.Fatal(err)
	}
	if en.solves != before+1 {
		t.Errorf("the what-if counted %d solves, want 1", en.solves-before)
	}
	if d.MembersSource != "named on the command line (--counter-bloc)" {
		t.Errorf("members source %q for members named on the command line", d.MembersSource)
	}
	if want := append(g.names(g.targets), "JPN", "KOR"); !slices.Equal(d.Members, want) {
		t.Errorf("members %v, want %v", d.Members, want)
	}
	cm, _ := g.parseMembers("JPN+KOR")
	cfg := plain(leading &^ cm)
	cfg.counter = cm
	r, err := g.solve(cfg, nil, make([]float64, len(g.t0)))
	if err != nil {
		t.Fatal(err)
	}
	welfareA := func(code string) float64 {
		i, _ := ds.Index(code)
		return en.recs[leading].welfare[g.watchIndex(i)]
	}
	unit := ds.UnitMillions() / 1000
	var bal0, bal1, gdp0, gdp1, rest0, rest1 float64
	inSurplus := 0
	isBloc := map[int]bool{}
	for _, code := range d.Members {
		i, _ := ds.Index(code)
		isBloc[i] = true
		cost := 100*(r.Countries[i].Welfare-1) - welfareA(code)
		if math.Abs(d.CostPct[code]-cost) > 1e-6 {
			t.Errorf("%s: cost %.6f pp, want %.6f", code, d.CostPct[code], cost)
		}
	}
	if len(d.CostPct) != len(d.Members) {
		t.Errorf("costs for %d economies, the bloc has %d", len(d.CostPct), len(d.Members))
	}
	for i := range ds.Countries {
		c := r.Countries[i]
		b0 := ds.Exports(i) - ds.Imports(i)
		if isBloc[i] {
			bal0, gdp0 = bal0+b0, gdp0+c.GDPBefore
			bal1, gdp1 = bal1+c.BalanceAfter(), gdp1+c.GDPAfter
			if c.BalanceAfter() > 0 {
				inSurplus++
			}
		} else {
			rest0 += c.GDPBefore - b0
			rest1 += c.GDPAfter - c.BalanceAfter()
		}
	}
	usa, _ := ds.Index("USA")
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"leader's welfare change", d.LeaderWelfarePctChange, 100*(r.Countries[usa].Welfare-1) - welfareA("USA")},
		{"combined balance before ($ bn)", d.CombinedBalanceBefore, bal0 * unit},
		{"combined balance after ($ bn)", d.CombinedBalanceAfter, bal1 * unit},
		{"combined balance before (% of GDP)", d.CombinedBalanceGDPPctBefore, 100 * bal0 / gdp0},
		{"combined balance after (% of GDP)", d.CombinedBalanceGDPPctAfter, 100 * bal1 / gdp1},
		{"share of the rest's spending before (%)", d.ShareOfRestAbsorptionPctBefore, 100 * bal0 / rest0},
		{"share of the rest's spending after (%)", d.ShareOfRestAbsorptionPctAfter, 100 * bal1 / rest1},
	} {
		if math.Abs(c.got-c.want) > 1e-6*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s: %.6f, want %.6f", c.name, c.got, c.want)
		}
	}
	if d.MembersInSurplus != inSurplus {
		t.Errorf("%d members in surplus, want %d", d.MembersInSurplus, inSurplus)
	}
	// CHN, JPN and KOR run surpluses: the bloc cannot absorb them.
	if !(bal1 > 0) || d.CanAbsorb {
		t.Fatalf("combined balance after %.1f bn, can absorb %v: the test expects a surplus bloc", bal1*unit, d.CanAbsorb)
	}
	for _, want := range []string{fmt.Sprintf("$%.0f bn", bal1*unit), fmt.Sprintf("(%.1f%% of its GDP)", 100*bal1/gdp1), fmt.Sprintf("absorbing %.2f%% of their spending", 100*bal1/rest1)} {
		if !strings.Contains(d.Verdict, want) {
			t.Errorf("verdict %q lacks %q", d.Verdict, want)
		}
	}

	// Without a named membership, the scenario's (or the default) bloc, said so.
	if d2, err := g.counterWhatIf(leading, en, ""); err != nil {
		t.Fatal(err)
	} else if d2 != nil && (d2.MembersSource == d.MembersSource || d2.MembersSource != g.counter.source) {
		t.Errorf("members source %q for the scenario's counter-bloc, want %q", d2.MembersSource, g.counter.source)
	}
}
