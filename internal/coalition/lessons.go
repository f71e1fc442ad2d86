package coalition

import (
	"math"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/transship"
)

// leverage is a player's exports to the leader as % of its GDP.
func (g *game) leverage(p int) float64 {
	x := 0.0
	for _, c := range g.players[p].Countries {
		x += g.flow(c, g.leader)
	}
	return 100 * x / g.players[p].GDP
}

// leverageOrder ranks players by leverage, most dependent on the leader first.
func (g *game) leverageOrder() []int {
	order := make([]int, len(g.players))
	for p := range order {
		order[p] = p
	}
	sort.SliceStable(order, func(a, b int) bool { return g.leverage(order[a]) > g.leverage(order[b]) })
	return order
}

// welfareMap is the welfare change of every player, the leader and the
// targets in a record.
func (g *game) welfareMap(rec record, tab *Table, m Mask) map[string]float64 {
	out := map[string]float64{}
	for p := range g.players {
		out[g.players[p].Name] = tab.Payoff[m][p]
	}
	for _, c := range append([]int{g.leader}, g.targets...) {
		out[g.ds.Countries[c].Code] = rec.welfare[g.watchIndex(c)]
	}
	return out
}

func (g *game) stableDoc(tab *Table, en *enumeration, v Verdict) StableDoc {
	rec := en.recs[v.Members]
	d := StableDoc{
		Members: g.playerNames(v.Members), InternallyStable: v.InternallyStable, ExternallyStable: v.ExternallyStable,
		GroupStable: v.GroupStable, WelfarePct: g.welfareMap(rec, tab, v.Members),
		LeaderObjective:          g.objective(rec),
		TargetsSurplusWithLeader: rec.targetSurplus * g.ds.UnitMillions() / 1000,
		LeakagePct:               100 * g.leakage(v.Members),
		LeaderWelfareVsNoBlocPP:  g.leaderWelfare(rec) - g.leaderWelfare(en.recs[0]),
	}
	d.TargetsWelfarePct = g.groupWelfare(rec, g.targets)
	if d.Members == nil {
		d.Members = []string{}
	}
	return d
}

// coalitionDoc re-solves one coalition to report it in full: welfare,
// balances, and the four lessons of history.
func (g *game) coalitionDoc(tab *Table, en *enumeration, m Mask) (*CoalitionDoc, error) {
	buf := make([]float64, len(g.t0))
	r, routes, rt, err := g.resolve(en, m, buf)
	if err != nil {
		return nil, err
	}
	conduits, flows := g.conduitDocs(r, routes, rt)
	// The model's flows by origin (rerouted goods still the targets'
	// sales to their buyers), and the direct flows the balances count
	// (rerouted goods the conduits' exports).
	byOrigin := g.base.Flows(r)
	direct := flows
	if direct == nil {
		direct = byOrigin
	}
	v := tab.Check(m)
	if err := en.failed(); err != nil {
		return nil, err
	}
	ds, L := g.ds, g.leader
	unit := ds.UnitMillions() / 1000
	d := &CoalitionDoc{
		Members: g.playerNames(m), WelfarePct: g.welfareMap(en.recs[m], tab, m),
		InternallyStable: v.InternallyStable, ExternallyStable: v.ExternallyStable, GroupStable: v.GroupStable,
		LeakagePct: 100 * g.leakage(m), LeaderWelfareNoBlocPct: g.leaderWelfare(en.recs[0]),
		Conduits: conduits, LeaderWelfareExValuationPct: exValuation(r.Countries[L]),
	}
	if d.Members == nil {
		d.Members = []string{}
	}
	if routes != nil && byOrigin != nil {
		d.ReroutedToBlocBn, d.TargetsGoodsSalesToBlocBeforeBn, d.TargetsGoodsSalesToBlocAfterBn = g.rerouted(m, routes, byOrigin)
		if d.TargetsGoodsSalesToBlocAfterBn > 0 {
			// The leakage is the headline's (leakageText): the goods
			// rerouted to the bloc over the targets' goods sales to it
			// after the shock. routedLeakage, the routes' shares weighted
			// by the sales before it over every sector's, put services in
			// the base: on icio-2022 the stable table read 2.3% for
			// CAN+MEX+CHE beside the lessons' 2.6%.
			d.LeakagePct = 100 * d.ReroutedToBlocBn / d.TargetsGoodsSalesToBlocAfterBn
		}
	}
	for _, t := range g.targets {
		c := r.Countries[t]
		bef := g.flow(t, L) - g.flow(L, t)
		aft := g.base.Flow(r, t, L) - g.base.Flow(r, L, t)
		if routes != nil && flows != nil {
			// The rerouted goods reach the leader from the conduits.
			aft = 0
			for s := 0; s < ds.S(); s++ {
				aft += flows[ds.At(t, L, s)] - flows[ds.At(L, t, s)]
			}
		}
		d.Targets = append(d.Targets, TargetDoc{
			Code: ds.Countries[t].Code, WelfarePct: 100 * (c.Welfare - 1),
			SurplusWithLeaderBefore: bef * unit, SurplusWithLeaderAfter: aft * unit,
			BalanceGDPPctBefore: 100 * c.BalanceBefore() / c.GDPBefore, BalanceGDPPctAfter: 100 * c.BalanceAfter() / c.GDPAfter,
			BalanceBefore: c.BalanceBefore() * unit, BalanceAfter: c.BalanceAfter() * unit,
			AnswerPct:                g.answerPct(t, m, buf),
			CurrentAccountGDPPct2023: currentAccount2023(ds, ds.Countries[t].Code),
			GDPBeforeBn:              c.GDPBefore * unit, GDPAfterBn: c.GDPAfter * unit,
			GoodsExportsToLeaderBefore: ds.GoodsFlow(nil, t, L) * unit, GoodsImportsFromLeaderBefore: ds.GoodsFlow(nil, L, t) * unit,
		})
		td := &d.Targets[len(d.Targets)-1]
		if direct != nil {
			td.GoodsExportsToLeaderAfter, td.GoodsImportsFromLeaderAfter = ds.GoodsFlow(direct, t, L)*unit, ds.GoodsFlow(direct, L, t)*unit
		}
		if gap, ok := report.CensusGapOf(ds, t, L); ok && gap.Apart() {
			td.CensusGap = &gap
		}
		if v := 100 * (c.Welfare - c.WelfareExValuation); math.Abs(v) > 1e-9 {
			d.Targets[len(d.Targets)-1].WelfareValuationPct = &v
		}
		if serv, ok := ds.ServicesIndex(); ok {
			// Services, which no tariff here reaches, fill a fixed deficit:
			// the balance with the leader can swing without goods moving.
			after := direct
			gb := bef - (ds.Trade[ds.At(t, L, serv)] - ds.Trade[ds.At(L, t, serv)])
			ga := aft - (after[ds.At(t, L, serv)] - after[ds.At(L, t, serv)])
			gb, ga = gb*unit, ga*unit
			d.Targets[len(d.Targets)-1].GoodsSurplusWithLeaderBefore = &gb
			d.Targets[len(d.Targets)-1].GoodsSurplusWithLeaderAfter = &ga
		}
	}
	// Lessons: unity, leverage, integration.
	d.Lessons.Unity = UnityDoc{MaxDefectionGainPct: v.DefectGain}
	if v.DefectPlayer >= 0 {
		d.Lessons.Unity.MostTempted = g.players[v.DefectPlayer].Name
	}
	d.Lessons.Unity.United = v.InternallyStable
	d.Lessons.LeveragePct = map[string]float64{}
	bloc := []int{L}
	for p := range g.players {
		if m.Has(p) {
			d.Lessons.LeveragePct[g.players[p].Name] = g.leverage(p)
			bloc = append(bloc, g.players[p].Countries...)
		}
	}
	d.Lessons.IntegrationBeforePct, d.Lessons.IntegrationAfterPct = g.integration(bloc, r)
	return d, nil
}

// resolve solves membership m once more, in full (coalitionDoc reads its
// flows and balances, which the payoff table does not keep), warm-started
// from the linearized empty coalition where the game has one; the solve is
// counted in en.solves like the enumeration's. buf holds the tariffs, which
// the result keeps referring to.
func (g *game) resolve(en *enumeration, m Mask, buf []float64) (*model.Result, []transship.Route, transship.Table, error) {
	var warm *model.Result
	if en.lin != nil {
		warm = en.lin.WarmFrom(en.lin)
	}
	sh, routes, rt := g.shocks(plain(m), buf)
	var r *model.Result
	var err error
	if g.optimalAnswer() {
		r, err = g.solveAnswered(plain(m), sh, warm)
	} else {
		r, err = g.base.Solve(g.opt, sh, warm)
	}
	if err != nil {
		return nil, nil, rt, err
	}
	en.solves++ // the re-solve is a solve like the enumeration's: the report's count includes it
	return r, routes, rt, nil
}

// exValuation is a country's welfare change without the valuation of its
// deficit kept fixed relative to world GDP (%), as solve's "without"
// figure; nil when the closure has no such valuation (model.deficits:
// ratio), where the welfare change is already without it.
func exValuation(c model.CountryResult) *float64 {
	if math.Abs(c.Welfare-c.WelfareExValuation) <= 1e-11 {
		return nil
	}
	v := 100 * (c.WelfareExValuation - 1)
	return &v
}

// leaderExValuationNoBloc is the leader's welfare change with no members
// (every candidate facing the threat) without the valuation of its fixed
// deficit: the payoff table keeps welfare only, so the empty coalition is
// solved once more.
func (g *game) leaderExValuationNoBloc(en *enumeration) (*float64, error) {
	r, _, _, err := g.resolve(en, 0, make([]float64, len(g.t0)))
	if err != nil {
		return nil, err
	}
	return exValuation(r.Countries[g.leader]), nil
}

// rerouted values the targets' goods rerouted to the bloc (leader and
// members) in an equilibrium, at its flows by origin, beside the targets'
// goods sales to the bloc before and after the shock (USD bn): the
// leakage's dollars and both the bases it can be measured on. Goods only:
// services, which no tariff reaches, have no routes, and on icio-2022
// would dilute the share (under CAN+MEX+CHE, 1.1% of the targets' goods
// and services sales after the shock against 2.6% of their goods).
func (g *game) rerouted(m Mask, routes []transship.Route, byOrigin []float64) (rerouted, before, after float64) {
	ds := g.ds
	bloc := g.blocSet(m)
	for _, r := range routes {
		if bloc[r.Importer] {
			rerouted += r.Share * byOrigin[ds.At(r.Origin, r.Importer, r.Sector)]
		}
	}
	for _, t := range g.targets {
		for _, c := range g.blocCountries(m) {
			before += ds.GoodsFlow(nil, t, c)
			after += ds.GoodsFlow(byOrigin, t, c)
		}
	}
	unit := ds.UnitMillions() / 1000
	return rerouted * unit, before * unit, after * unit
}

// integration is the share of the bloc's (leader and members) trade that is
// with other bloc members, before and after.
func (g *game) integration(bloc []int, r *model.Result) (before, after float64) {
	in := map[int]bool{}
	for _, c := range bloc {
		in[c] = true
	}
	var intra0, tot0, intra1, tot1 float64
	for _, c := range bloc {
		cr := r.Countries[c]
		tot0 += cr.ExportsBefore + cr.ImportsBefore
		tot1 += cr.ExportsAfter + cr.ImportsAfter
		for _, d := range bloc {
			if c != d {
				intra0 += 2 * g.flow(c, d) // counted as c's export and d's import
				intra1 += 2 * g.base.Flow(r, c, d)
			}
		}
	}
	return 100 * intra0 / tot0, 100 * intra1 / tot1
}

// currentAccount2023 is a country's 2023 current account (% of GDP): the
// dataset's IMF series, else its macro table; nil where neither has it.
func currentAccount2023(ds *data.Dataset, code string) *float64 {
	for _, o := range ds.CurrentAccount {
		if o.Code == code && o.Year == 2023 {
			v := o.PctGDP
			return &v
		}
	}
	if mc, ok := ds.Macro[code]; ok && !math.IsNaN(mc.CAPctGDP2023) {
		v := mc.CAPctGDP2023
		return &v
	}
	return nil
}
