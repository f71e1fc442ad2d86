package coalition

import (
	"context"
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestCoalitionDocMatchesExportedSolve: the full description of a coalition
// (coalitionDoc) against the solve document of its exported scenario, which
// the report package builds from the flows by its own code: the targets'
// welfare and balances, the leverage of each member (its exports to the
// leader over its GDP), the integration of the bloc (the share of its
// members' trade, leader included, that is with one another) before and
// after, and the unity verdict.
func TestCoalitionDocMatchesExportedSolve(t *testing.T) {
	g, en, tab := smallTable(t)
	ds := g.ds
	L := ds.Countries[g.leader].Code
	unit := ds.UnitMillions() / 1000
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	for _, m := range []Mask{0, 0b0011, 0b1111} {
		d, err := g.coalitionDoc(tab, en, m)
		if err != nil {
			t.Fatal(err)
		}
		name := joinNames(g.playerNames(m))
		y, err := Export(g.sc, g.ds0, name)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := scenario.Parse(y, "")
		if err != nil {
			t.Fatal(err)
		}
		out, err := engine.RunOn(plain, g.ds0, engine.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		doc := engine.SolveDoc(out, engine.DocOptions{Leader: L, Bilateral: true})
		byCode := map[string]int{}
		for k, c := range doc.Countries {
			byCode[c.Code] = k
		}
		flow := map[[2]string][2]float64{} // exporter, importer → before, after (all sectors)
		for _, b := range doc.Bilateral {
			k := [2]string{b.Exporter, b.Importer}
			f := flow[k]
			flow[k] = [2]float64{f[0] + b.Before, f[1] + b.After}
		}
		if len(d.Targets) != len(g.targets) {
			t.Fatalf("%s: %d targets", name, len(d.Targets))
		}
		for _, td := range d.Targets {
			c := doc.Countries[byCode[td.Code]]
			if !near(td.WelfarePct, c.WelfarePct) || !near(td.SurplusWithLeaderBefore, *c.BalanceWithLeaderBefore*unit) ||
				!near(td.SurplusWithLeaderAfter, *c.BalanceWithLeaderAfter*unit) || !near(td.BalanceBefore, c.TradeBalanceBefore*unit) ||
				!near(td.BalanceAfter, c.TradeBalanceAfter*unit) || !near(td.BalanceGDPPctBefore, c.BalanceGDPPctBefore) ||
				!near(td.BalanceGDPPctAfter, c.BalanceGDPPctAfter) {
				t.Errorf("%s: target %+v, solve document %+v", name, td, c)
			}
		}
		if w := doc.Countries[byCode[L]].WelfarePct; !near(d.WelfarePct[L], w) {
			t.Errorf("%s: leader welfare %g, solve document %g", name, d.WelfarePct[L], w)
		}
		// The leader's welfare without the valuation of its fixed deficit
		// (here and, for the empty coalition, as the no-bloc figure), the
		// targets' GDP and their goods trade with the leader each way.
		lc := doc.Countries[byCode[L]]
		if lc.WelfareValuationPct == nil {
			t.Fatalf("%s: the closure values no deficit; the test needs one", name)
		}
		ex := lc.WelfarePct - *lc.WelfareValuationPct
		if d.LeaderWelfareExValuationPct == nil || !near(*d.LeaderWelfareExValuationPct, ex) {
			t.Errorf("%s: leader without the valuation %v, solve document %g", name, d.LeaderWelfareExValuationPct, ex)
		}
		if m == 0 {
			if ex0, err := g.leaderExValuationNoBloc(en); err != nil || ex0 == nil || !near(*ex0, ex) {
				t.Errorf("no bloc: leader without the valuation %v (%v), solve document %g", ex0, err, ex)
			}
		}
		for _, td := range d.Targets {
			c := doc.Countries[byCode[td.Code]]
			x, mm := flow[[2]string{td.Code, L}], flow[[2]string{L, td.Code}]
			if !near(td.GDPBeforeBn, c.GDPBefore*unit) || !near(td.GDPAfterBn, c.GDPAfter*unit) ||
				!near(td.GoodsExportsToLeaderBefore, x[0]*unit) || !near(td.GoodsExportsToLeaderAfter, x[1]*unit) ||
				!near(td.GoodsImportsFromLeaderBefore, mm[0]*unit) || !near(td.GoodsImportsFromLeaderAfter, mm[1]*unit) {
				t.Errorf("%s: target %s GDP %g → %g, trade with %s %g → %g and %g → %g; solve document GDP %g → %g, flows %v and %v",
					name, td.Code, td.GDPBeforeBn, td.GDPAfterBn, L, td.GoodsExportsToLeaderBefore, td.GoodsExportsToLeaderAfter,
					td.GoodsImportsFromLeaderBefore, td.GoodsImportsFromLeaderAfter, c.GDPBefore*unit, c.GDPAfter*unit, x, mm)
			}
		}
		// Leverage and integration from the bilateral flows.
		bloc := []string{L}
		for p, pl := range g.players {
			if !m.Has(p) {
				if _, ok := d.Lessons.LeveragePct[pl.Name]; ok {
					t.Errorf("%s: leverage of %s, not a member", name, pl.Name)
				}
				continue
			}
			x, gdp := 0.0, 0.0
			for _, c := range pl.Countries {
				code := ds.Countries[c].Code
				bloc = append(bloc, code)
				x += flow[[2]string{code, L}][0]
				gdp += doc.Countries[byCode[code]].GDPBefore
			}
			if !near(d.Lessons.LeveragePct[pl.Name], 100*x/gdp) {
				t.Errorf("%s: leverage of %s %g, from the flows %g", name, pl.Name, d.Lessons.LeveragePct[pl.Name], 100*x/gdp)
			}
		}
		var intra, total [2]float64
		in := map[string]bool{}
		for _, c := range bloc {
			in[c] = true
		}
		for k, f := range flow {
			if k[0] == k[1] {
				continue
			}
			for s := range 2 {
				if in[k[0]] {
					total[s] += f[s]
				}
				if in[k[1]] {
					total[s] += f[s]
				}
				if in[k[0]] && in[k[1]] {
					intra[s] += 2 * f[s]
				}
			}
		}
		if !near(d.Lessons.IntegrationBeforePct, 100*intra[0]/total[0]) || !near(d.Lessons.IntegrationAfterPct, 100*intra[1]/total[1]) {
			t.Errorf("%s: integration %g → %g, from the flows %g → %g", name, d.Lessons.IntegrationBeforePct, d.Lessons.IntegrationAfterPct,
				100*intra[0]/total[0], 100*intra[1]/total[1])
		}
		if m == 0 && (d.Lessons.IntegrationBeforePct != 0 || d.Lessons.IntegrationAfterPct != 0) {
			t.Errorf("the leader alone is integrated with no one: %+v", d.Lessons)
		}
		v := tab.Check(m)
		u := d.Lessons.Unity
		tempted := ""
		if v.DefectPlayer >= 0 {
			tempted = g.players[v.DefectPlayer].Name
		}
		if u.United != v.InternallyStable || u.MaxDefectionGainPct != v.DefectGain || u.MostTempted != tempted ||
			d.InternallyStable != v.InternallyStable || d.ExternallyStable != v.ExternallyStable || d.GroupStable != v.GroupStable {
			t.Errorf("%s: unity %+v and verdicts %v %v %v, Check %+v", name, u, d.InternallyStable, d.ExternallyStable, d.GroupStable, v)
		}
		if !near(d.LeaderWelfareNoBlocPct, en.recs[0].welfare[g.watchIndex(g.leader)]) || !near(d.LeakagePct, 100*g.leakage(m)) {
			t.Errorf("%s: leader with no bloc %g, leakage %g", name, d.LeaderWelfareNoBlocPct, d.LeakagePct)
		}
	}
}

// TestStableDocMatchesCoalitionDoc: the line of a stable coalition, read
// from the enumeration's records, agrees with the coalition's full
// description, solved again: the targets' surplus with the leader (USD bn),
// their GDP-weighted welfare, the leakage, and the leader's welfare against
// no bloc.
func TestStableDocMatchesCoalitionDoc(t *testing.T) {
	g, en, tab := smallTable(t)
	L := g.ds.Countries[g.leader].Code
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-8*math.Max(1, math.Abs(b)) }
	for _, m := range []Mask{0, 0b0101, 0b1111} {
		s := g.stableDoc(tab, en, Verdict{Members: m})
		d, err := g.coalitionDoc(tab, en, m)
		if err != nil {
			t.Fatal(err)
		}
		surplus, num, den := 0.0, 0.0, 0.0
		for _, td := range d.Targets {
			surplus += td.SurplusWithLeaderAfter
			i, _ := g.ds.Index(td.Code)
			num += g.base.GDP[i] * td.WelfarePct
			den += g.base.GDP[i]
		}
		if s.Members == nil || len(s.Members) != m.Size() || !near(s.TargetsSurplusWithLeader, surplus) || !near(s.TargetsWelfarePct, num/den) ||
			!near(s.LeakagePct, d.LeakagePct) || !near(s.LeaderWelfareVsNoBlocPP, d.WelfarePct[L]-d.LeaderWelfareNoBlocPct) {
			t.Errorf("%03b: stable line %+v\nfull description %+v", m, s, d)
		}
	}
	if len(g.targets) < 2 {
		t.Log("one target: the GDP weighting of the targets' welfare is not exercised")
	}
}

// TestBillionsAreBillions: the report's USD bn do not depend on the unit the
// dataset is kept in. The embedded world rewritten in USD billion (every
// flow and GDP divided by 1000) gives the same stable line and targets'
// balances in bn.
func TestBillionsAreBillions(t *testing.T) {
	ds := mustDefault(t).Clone()
	ds.Unit = "USD billion"
	for k := range ds.Trade {
		ds.Trade[k] /= 1000
	}
	for i := range ds.Countries {
		ds.Countries[i].GDP /= 1000
	}
	g0, en0, tab0 := smallTable(t)
	g1, err := newGame(parse(t, smallGame), ds)
	if err != nil {
		t.Fatal(err)
	}
	en1, err := g1.enumerate(context.Background(), executor.Local{Workers: 1}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab1 := g1.table(en1)
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	m := Mask(0b0110)
	s0, s1 := g0.stableDoc(tab0, en0, Verdict{Members: m}), g1.stableDoc(tab1, en1, Verdict{Members: m})
	if s0.TargetsSurplusWithLeader == 0 || !near(s1.TargetsSurplusWithLeader, s0.TargetsSurplusWithLeader) || !near(s1.TargetsWelfarePct, s0.TargetsWelfarePct) {
		t.Errorf("targets' surplus %g bn (welfare %g%%) in USD billion, %g bn (%g%%) in USD million",
			s1.TargetsSurplusWithLeader, s1.TargetsWelfarePct, s0.TargetsSurplusWithLeader, s0.TargetsWelfarePct)
	}
	d0, err := g0.coalitionDoc(tab0, en0, m)
	if err != nil {
		t.Fatal(err)
	}
	d1, err := g1.coalitionDoc(tab1, en1, m)
	if err != nil {
		t.Fatal(err)
	}
	for k := range d0.Targets {
		a, b := d1.Targets[k], d0.Targets[k]
		if !near(a.SurplusWithLeaderAfter, b.SurplusWithLeaderAfter) || !near(a.BalanceAfter, b.BalanceAfter) || !near(a.BalanceBefore, b.BalanceBefore) {
			t.Errorf("target %s: %+v in USD billion, %+v in USD million", a.Code, a, b)
		}
	}
}
