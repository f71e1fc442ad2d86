package coalition

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
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
	} else if d2 == nil || d2.MembersSource == d.MembersSource || d2.MembersSource != g.counter.source || len(d2.Members) <= len(g.targets) {
		t.Errorf("members source %q for the scenario's counter-bloc, want %q", d2.MembersSource, g.counter.source)
	}
}

// TestCounterGameByBruteForce recomputes the counter-coalition game with
// its own encoding — each candidate's role as a slice — and its own
// solves: every Nash-stable assignment (no candidate gains by switching
// alone to either other role) is listed, in order of the leader's
// objective, and no other.
func TestCounterGameByBruteForce(t *testing.T) {
	g, en, _ := smallTable(t)
	K := len(g.players)
	before := en.solves
	var last [2]int
	doc, err := g.counterGame(context.Background(), en, func(_ string, done, total int) { last = [2]int{done, total} })
	if err != nil {
		t.Fatal(err)
	}
	if last != [2]int{81, 81} {
		t.Errorf("last progress %d of %d, want 81 of 81", last[0], last[1])
	}
	if got := en.solves - before; got != 81 || doc.Assignments != 81 {
		t.Errorf("%d assignments, %d solves counted; want 81", doc.Assignments, got)
	}
	type roles [4]int // 0 neither, 1 leader's bloc, 2 counter-bloc
	pay := map[roles][]float64{}
	lead := map[roles]float64{}
	var all []roles
	var walk func(p int, r roles)
	walk = func(p int, r roles) {
		if p == K {
			all = append(all, r)
			return
		}
		for v := 0; v < 3; v++ {
			r[p] = v
			walk(p+1, r)
		}
	}
	walk(0, roles{})
	for _, r := range all {
		cfg := plain(0)
		for p, v := range r {
			if v == 1 {
				cfg.members |= 1 << p
			} else if v == 2 {
				cfg.counter |= 1 << p
			}
		}
		res, err := g.solve(cfg, nil, make([]float64, len(g.t0)))
		if err != nil {
			t.Fatal(err)
		}
		rec := g.record(res)
		lead[r] = g.objective(rec)
		for p := 0; p < K; p++ {
			pay[r] = append(pay[r], g.playerPayoff(rec, p))
		}
	}
	var want []roles
	for _, r := range all {
		stable := true
		for p := 0; p < K; p++ {
			for v := 0; v < 3; v++ {
				alt := r
				alt[p] = v
				if v != r[p] && pay[alt][p] > pay[r][p]+1e-6 {
					stable = false
				}
			}
		}
		if stable {
			want = append(want, r)
		}
	}
	sort.SliceStable(want, func(a, b int) bool { return lead[want[a]] > lead[want[b]] })
	if len(want) == 0 || len(doc.Stable) != len(want) {
		t.Fatalf("%d Nash-stable assignments, brute force finds %d", len(doc.Stable), len(want))
	}
	for k, r := range want {
		var in, counter, neither []string
		for p, v := range r {
			switch v {
			case 1:
				in = append(in, g.players[p].Name)
			case 2:
				counter = append(counter, g.players[p].Name)
			default:
				neither = append(neither, g.players[p].Name)
			}
		}
		e := doc.Stable[k]
		if !slices.Equal(e.Leader, nonNil(in)) || !slices.Equal(e.Counter, nonNil(counter)) || !slices.Equal(e.Neither, nonNil(neither)) || math.Abs(e.LeaderObjective-lead[r]) > 1e-6 {
			t.Errorf("equilibrium %d: %+v, want leader's bloc %v, counter %v, neither %v (objective %.6f)", k, e, in, counter, neither, lead[r])
		}
	}
}
