package benchmark

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// BaseScenario is the built-in scenario the paths start from: the seed's
// question is what a partner can offer once Liberation Day is in force.
const BaseScenario = "liberation-day"

// The path names (DESIGN §4 contract).
const (
	PathZeroTariffs   = "zero_tariffs"
	PathRemoveSubsidy = "remove_export_subsidy"
	PathDemand        = "domestic_demand"
	PathRevaluation   = "revaluation"
	PathCapitalFlow   = "capital_flow_measure"
)

// PathOptions size the moves. The defaults are chosen to be comparable —
// each is a policy a government could plausibly announce in one go — rather
// than equal in any one metric: a 10% export tax, modelled as a 10% export
// subsidy withdrawn (a VAT's border rebate is no such subsidy: see
// vatNote), domestic demand up by 2% of GDP (a large but
// ordinary fiscal or household-income package), a 10% real revaluation (the
// order of the yuan's 2005–08 crawl per year or two), and a US capital-flow
// measure worth 1% of US GDP (about a quarter of the deficit).
type PathOptions struct {
	Leader        string  `json:"leader"`
	SubsidyPct    float64 `json:"subsidy_pct"`     // s: export tax (export subsidy removed), % ad valorem
	DemandPctGDP  float64 `json:"demand_pct_gdp"`  // d: balance cut by domestic demand, % of GDP
	RevaluePct    float64 `json:"revalue_pct"`     // r: real revaluation against the leader, %
	CapitalPctGDP float64 `json:"capital_pct_gdp"` // x: leader's deficit cut, % of its GDP
	Test          Test    `json:"benchmark_rule"`  // the benchmark
	Rule          Rule    `json:"surplus_rule"`    // the persistent-surplus rule
	Scenario      string  `json:"-"`               // base scenario; "" = BaseScenario
}

// DefaultPathOptions are the paths without flags.
func DefaultPathOptions() PathOptions {
	return PathOptions{Leader: "USA", SubsidyPct: 10, DemandPctGDP: 2, RevaluePct: 10, CapitalPctGDP: 1,
		Test: DefaultTest(), Rule: DefaultRule()}
}

// PathsReport is the JSON of `tradebloc benchmark paths PARTNER` (DESIGN §4;
// keys may be added, never renamed). "Before" is the base scenario
// (Liberation Day) without the path, "after" the base scenario with it.
type PathsReport struct {
	Partner           string      `json:"partner"`
	Leader            string      `json:"leader"`
	PartnerName       string      `json:"partner_name"`
	BaseScenario      string      `json:"base_scenario"`
	Before            string      `json:"before"`
	After             string      `json:"after"`
	Unit              string      `json:"unit"`
	PersistentSurplus bool        `json:"persistent_surplus"`
	Settings          PathOptions `json:"settings"`
	// Baseline balances (the data, before Liberation Day), for context.
	BaselineBalanceWithLeader float64 `json:"baseline_bilateral_balance_with_leader"`
	BaselineBalanceGDPPct     float64 `json:"baseline_balance_gdp_pct"`
	// Rule is the measure in force (Settings.Test.Measure), RuleText the
	// whole test in words.
	Rule     Measure `json:"rule"`
	RuleText string  `json:"rule_text"`
	Paths    []Path  `json:"paths"`
	// Members lists the dataset's members of a partner that is a group
	// priced as one (the EU27); absent for a country.
	Members []string `json:"members,omitempty"`
	// Notes are caveats the table does not show (the text prints them):
	// how a group is priced, or that an EU member's tariffs are the EU's.
	Notes []string `json:"notes,omitempty"`
}

// Path is one move and its outcome.
type Path struct {
	Name                    string  `json:"name"`
	Description             string  `json:"description"`
	BalanceWithLeaderBefore float64 `json:"bilateral_balance_with_leader_before"`
	BalanceWithLeaderAfter  float64 `json:"bilateral_balance_with_leader_after"`
	BalanceGDPPctBefore     float64 `json:"balance_gdp_pct_before"`
	BalanceGDPPctAfter      float64 `json:"balance_gdp_pct_after"`
	// PartnerWelfarePct and LeaderWelfarePct exclude the transfer a
	// deficit target imposes (model.CountryResult.WelfareExTransfer):
	// spending financed by a cut in saving is not a gain. The *InclTransfer
	// figures count it, as `solve`'s welfare_pct does.
	PartnerWelfarePct             float64 `json:"partner_welfare_pct"`
	LeaderWelfarePct              float64 `json:"leader_welfare_pct"`
	PartnerWelfareInclTransferPct float64 `json:"partner_welfare_incl_transfer_pct"`
	LeaderWelfareInclTransferPct  float64 `json:"leader_welfare_incl_transfer_pct"`
	// PartnerTransferPctGDP is the change in the partner's transfer against
	// before, in pp of its GDP: positive when the move makes it spend more
	// than it earns (a lower surplus financed by lower saving).
	PartnerTransferPctGDP float64 `json:"partner_transfer_pct_gdp"`
	Verdict
	// RealAppreciationPct is the partner's wage change relative to the
	// leader's against the base: 100·((ŵ_p/ŵ_p⁰)/(ŵ_l/ŵ_l⁰) − 1).
	RealAppreciationPct float64 `json:"real_appreciation_pct"`
	// BalanceChangePctGDP is the multilateral balance change the move
	// imposes (rebalancing paths), or the leader's deficit cut
	// (capital_flow_measure); for revaluation it is the size the root search
	// found. 0 for the price instruments.
	BalanceChangePctGDP       float64 `json:"balance_change_pct_gdp"`
	LeaderBalanceGDPPctBefore float64 `json:"leader_balance_gdp_pct_before"`
	LeaderBalanceGDPPctAfter  float64 `json:"leader_balance_gdp_pct_after"`
	// Implausible marks a revaluation whose balance swing exceeds the
	// largest recorded among large economies (implausibleSwingPctGDP): its
	// verdict and welfare are what the model gives, not a policy option.
	Implausible bool `json:"implausible,omitempty"`
}

// solver solves variations of one base scenario on one dataset.
type solver struct {
	ds   *data.Dataset
	b    *model.Baseline
	base *scenario.Scenario
	warm *model.Result
}

// solve compiles the base scenario plus extra shocks and solves it.
func (s *solver) solve(extra ...scenario.Shock) (Solved, error) {
	sc := *s.base
	sc.Shocks = append(append([]scenario.Shock(nil), s.base.Shocks...), extra...)
	comp, err := scenario.Compile(&sc, s.ds)
	if err != nil {
		return Solved{}, err
	}
	res, err := s.b.Solve(comp.Options, comp.Shocks, s.warm)
	if err != nil {
		return Solved{}, sc.LocateSolveError(err)
	}
	return Solved{Data: s.ds, Base: s.b, Result: res, Subsidy: comp.Shocks.Subsidy}, nil
}

// Paths prices each move for partner on ds with the base scenario in force.
// The partner is a country or the EU27, priced as one (groupPaths).
func Paths(ds *data.Dataset, partner string, opt PathOptions) (*PathsReport, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	if g, ok := commonPolicyGroup(ds, partner); ok {
		return groupPaths(ds, g, opt)
	}
	l, err := leaderIndex(ds, opt.Leader)
	if err != nil {
		return nil, err
	}
	// Checked as every command checks a country code, with its hints
	// (data.Dataset.CheckCountry); an aggregate unit is also told why.
	p, err := ds.CheckCountry(partner)
	if err != nil {
		if i, ok := ds.Index(partner); ok && ds.IsAggregate(i) {
			err = fmt.Errorf("%w: no policy path applies to it", err)
		}
		return nil, &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: "PARTNER", Err: err}
	}
	if p == l {
		return nil, &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: "PARTNER", Err: fmt.Errorf("the partner is the leader %s", partner)}
	}
	u := unit{code: partner, name: ds.Countries[p].Name, members: []int{p}}
	if g, _ := ds.PolicyUnit(p); g != partner {
		u.policyUnit = g
	}
	return pricePaths(ds, u, l, opt)
}

// unit is the partner whose moves are priced: a country, or a group that
// acts as one (the EU27, whose common commercial policy sets its members'
// tariffs: data.CommonPolicyGroup), every member making the move.
type unit struct {
	code, name string
	members    []int // dataset order
	// group is set for a group: its classification on its own current
	// account (ClassifyGroup).
	group *Economy
	// policyUnit names the group a country's trade policy belongs to (EU27
	// for Germany), "" when the country sets its own.
	policyUnit string
}

// commonPolicyGroup reports whether partner names the group of ds whose
// members share one trade policy (the EU27, in any case).
func commonPolicyGroup(ds *data.Dataset, partner string) (string, bool) {
	g := strings.ToUpper(partner)
	return g, g == data.CommonPolicyGroup && len(ds.Groups[g]) > 0
}

// groupPaths prices the moves of group g (the EU27) as one partner: its
// members in the dataset, aggregates left out, the leader not among them.
func groupPaths(ds *data.Dataset, g string, opt PathOptions) (*PathsReport, error) {
	l, err := leaderIndex(ds, opt.Leader)
	if err != nil {
		return nil, err
	}
	var members []int
	for _, code := range ds.Groups[g] {
		if i, ok := ds.Index(code); ok && !ds.IsAggregate(i) {
			if i == l {
				return nil, &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: "PARTNER", Err: fmt.Errorf("the leader %s is a member of %s", opt.Leader, g)}
			}
			members = append(members, i)
		}
	}
	if len(members) == 0 {
		return nil, &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: "PARTNER", Err: fmt.Errorf("%s has no member in dataset %s", g, ds.Name)}
	}
	e, err := ClassifyGroup(ds, g, opt.Rule)
	if err != nil {
		return nil, err
	}
	return pricePaths(ds, unit{code: g, name: e.Name, members: members, group: &e}, l, opt)
}

// change is the unit's balances from before to after: a country's own
// (Change), or the group's, its members' levels summed (trade among them
// nets out) over their GDP summed.
func (u unit) change(before, after Balance) Balances {
	if len(u.members) == 1 {
		return Change(before, after, u.members[0])
	}
	wb, pb, gb := u.sum(before)
	wa, pa, ga := u.sum(after)
	g := after.World / before.World
	return Balances{BilateralBefore: wb, BilateralAfter: wa, PctGDPBefore: pb, PctGDPAfter: pa,
		WorldGDP: g, RelativeGDP: ga / gb / g, UnitMillions: before.UnitMillions}
}

// sum is the unit's balance with the leader, multilateral balance (% of its
// GDP) and GDP in one equilibrium.
func (u unit) sum(b Balance) (with, pct, gdp float64) {
	if len(u.members) == 1 {
		j := u.members[0]
		return b.With[j], b.PctGDP[j], b.GDP[j]
	}
	level := 0.0
	for _, j := range u.members {
		with += b.With[j]
		level += b.Level[j]
		gdp += b.GDP[j]
	}
	return with, 100 * level / gdp, gdp
}

// mean is v over the unit: a country's own value, or its members'
// GDP-weighted mean (model.GDPWeighted, on baseline GDP as coalition and
// nash weigh a group's welfare).
func (u unit) mean(gdp []float64, v func(c int) float64) float64 {
	if len(u.members) == 1 {
		return v(u.members[0])
	}
	return model.GDPWeighted(u.members, func(c int) float64 { return gdp[c] }, v)
}

// pricePaths prices each move for the unit u against leader l.
func pricePaths(ds *data.Dataset, u unit, l int, opt PathOptions) (*PathsReport, error) {
	partner := u.code
	name := opt.Scenario
	if name == "" {
		name = BaseScenario
	}
	base, err := scenario.Resolve(name)
	if err != nil {
		return nil, err
	}
	if err := CheckScenario(base); err != nil {
		return nil, err
	}
	// The partner's moves come after the base scenario's retaliation, so
	// that its answer does not override them.
	if base, err = engine.Freeze(base, ds); err != nil {
		return nil, err
	}
	b, err := engine.Baseline(ds)
	if err != nil {
		return nil, err
	}
	s := &solver{ds: ds, b: b, base: base}
	s0, err := s.solve()
	if err != nil {
		return nil, err
	}
	s.warm = s0.Result
	persistent, err := PersistentSet(ds, opt.Rule)
	if err != nil {
		return nil, err
	}
	asked := persistent[partner]
	if u.group != nil {
		asked = u.group.PersistentSurplus
	}
	_, opt.Rule, _ = Classify(ds, nil, "", opt.Rule)
	opt.Test.Measure = opt.Test.measure()
	b0 := baselineBalance(ds, b, l)
	before := BalanceOf(s0, l)
	w0, p0, _ := u.sum(b0)
	rep := &PathsReport{
		Partner: partner, Leader: opt.Leader, PartnerName: u.name, BaseScenario: base.Name,
		Before: base.Name + " in force, without the path", After: base.Name + " in force, with the path",
		Unit: ds.Unit, PersistentSurplus: asked, Settings: opt,
		BaselineBalanceWithLeader: w0, BaselineBalanceGDPPct: p0,
		Rule: opt.Test.Measure, RuleText: opt.Test.String(),
	}
	if u.group != nil {
		for _, j := range u.members {
			rep.Members = append(rep.Members, ds.Countries[j].Code)
		}
		rep.Notes = append(rep.Notes, groupNote(u, opt.Leader))
	}
	if u.policyUnit != "" {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s is a member of the %s, whose common commercial policy sets its tariffs: %s prices a cut by %s alone, which %s cannot make; a cut of the %s's external tariff moves every member's at once, priced by `tradebloc benchmark paths %s`.",
			partner, u.policyUnit, PathZeroTariffs, partner, partner, u.policyUnit, u.policyUnit))
	}
	if u.policyUnit == data.CommonPolicyGroup || u.code == data.CommonPolicyGroup {
		rep.Notes = append(rep.Notes, vatNote(partner, opt.SubsidyPct))
	}
	// The balance instruments pin D'/Y' against the base equilibrium, so a
	// "2% of GDP" move changes the balance by exactly 2 pp of the base's
	// value, not of the pre-tariff data. A group's members each move by the
	// same share of their own GDP, so the group's balance moves by that
	// share of its GDP.
	lDef := -before.PctGDP[l] / 100
	l0Def := -b0.PctGDP[l] / 100
	rebalanceTo := func(change float64) []scenario.Shock {
		out := make([]scenario.Shock, len(u.members))
		for k, j := range u.members {
			out[k] = scenario.Shock{Kind: scenario.KindRebalance, Rebalance: &scenario.RebalanceShock{
				Country: scenario.Ref{Name: ds.Countries[j].Code}, Value: before.PctGDP[j] - change}}
		}
		return out
	}
	type move struct {
		name, desc string
		change     float64
		shocks     []scenario.Shock
	}
	sub := &scenario.ExportSubsidyShock{Op: scenario.RemoveSubsidy, Exporter: scenario.Names(partner), Value: opt.SubsidyPct / 100}
	moves := []move{
		{PathZeroTariffs, fmt.Sprintf("%s cuts its tariffs on %s goods to zero", partner, opt.Leader), 0,
			[]scenario.Shock{{Kind: scenario.KindTariff, Tariff: &scenario.TariffShock{Op: scenario.SetRate,
				Importer: scenario.Names(partner), Exporter: scenario.Names(opt.Leader), Value: 0}}}},
		{PathRemoveSubsidy, fmt.Sprintf("%s puts a %g%% tax on all its exports, modelled as removing a %g%% export subsidy (buyer prices +%g%%, the revenue or saved outlay stays at home); with saving fixed the surplus in dollars cannot move", partner, opt.SubsidyPct, opt.SubsidyPct, opt.SubsidyPct), 0,
			[]scenario.Shock{{Kind: scenario.KindExportSubsidy, ExportSubsidy: sub}}},
		{PathDemand, fmt.Sprintf("%s raises domestic demand: its balance falls by %g%% of GDP, counterparts pro rata to GDP", partner, opt.DemandPctGDP), opt.DemandPctGDP,
			rebalanceTo(opt.DemandPctGDP)},
	}
	if u.group != nil {
		// Moves of the group as one: its external tariff, its exports
		// outside the union (trade among members is not the union's
		// exports), every member's demand.
		outside := make([]string, 0, ds.N())
		for i, c := range ds.Countries {
			if !slices.Contains(u.members, i) {
				outside = append(outside, c.Code)
			}
		}
		sub.Importer = scenario.Names(outside...)
		n := len(u.members)
		moves[0].desc = fmt.Sprintf("%s cuts its common external tariff on %s goods to zero (all %d members)", partner, opt.Leader, n)
		moves[1].desc = fmt.Sprintf("%s puts a %g%% tax on all its exports outside the union, modelled as removing a %g%% export subsidy (buyer prices +%g%%, the revenue or saved outlay stays at home); with saving fixed the surplus in dollars cannot move", partner, opt.SubsidyPct, opt.SubsidyPct, opt.SubsidyPct)
		moves[2].desc = fmt.Sprintf("%s raises domestic demand: its balance falls by %g%% of GDP (each member's by %g%% of its own), counterparts pro rata to GDP outside it", partner, opt.DemandPctGDP, opt.DemandPctGDP)
	}
	out := make([]Path, 0, 5)
	record := func(m move, sv Solved, after Balance) {
		pr := Path{Name: m.name, Description: m.desc, BalanceChangePctGDP: m.change}
		pr.fill(s0, sv, before, after, u, l, opt.Test, asked, opt.Leader)
		out = append(out, pr)
	}
	for _, m := range moves {
		sv, err := s.solve(m.shocks...)
		if err != nil {
			return nil, fmt.Errorf("path %s: %w", m.name, err)
		}
		record(m, sv, BalanceOf(sv, l))
	}
	// Revaluation: find the balance change whose implied real appreciation
	// is r%.
	size, sv, err := s.revalue(s0, u, l, opt.RevaluePct, rebalanceTo)
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", PathRevaluation, err)
	}
	desc := fmt.Sprintf("%s revalues by %g%% in real terms against %s: found as a balance cut of %.2f%% of GDP", partner, opt.RevaluePct, opt.Leader, size)
	if u.group != nil {
		desc = fmt.Sprintf("%s revalues by %g%% in real terms against %s (its members' wages, GDP-weighted): found as a balance cut of %.2f%% of GDP (each member's)", partner, opt.RevaluePct, opt.Leader, size)
	}
	if math.Abs(size) > implausibleSwingPctGDP {
		desc += fmt.Sprintf(" (implausibly large: beyond the largest current-account reversals of large economies, about %g%% of GDP over several years; an open economy's wage is pinned by its export demand, so a real revaluation this big needs a transfer no policy delivers)", implausibleSwingPctGDP)
	}
	record(move{name: PathRevaluation, change: size, desc: desc}, sv, BalanceOf(sv, l))
	out[len(out)-1].Implausible = math.Abs(size) > implausibleSwingPctGDP
	// Capital-flow measure: the leader's deficit ratio falls by x pp from its
	// base value; the shock is written relative to the data, so convert.
	cut := opt.CapitalPctGDP - 100*(lDef-l0Def)
	cm := move{name: PathCapitalFlow, change: opt.CapitalPctGDP,
		desc: fmt.Sprintf("%s cuts its deficit by %g%% of its GDP (capital-flow measure); surpluses shrink in proportion to each country's surplus", opt.Leader, opt.CapitalPctGDP),
		shocks: []scenario.Shock{{Kind: scenario.KindCapitalFlow, CapitalFlow: &scenario.CapitalFlowShock{
			Leader: scenario.Ref{Name: opt.Leader}, CutPctGDP: cut}}}}
	sv, err = s.solve(cm.shocks...)
	if err != nil {
		return nil, fmt.Errorf("path %s: %w", PathCapitalFlow, err)
	}
	record(cm, sv, BalanceOf(sv, l))
	rep.Paths = out
	return rep, nil
}

// vatNote says, for a VAT economy (an EU member or the EU27: the rule is
// that simple), that remove_export_subsidy is no VAT reform: under a
// destination-based VAT the rebate on exports matches the tax on imports
// and is trade-neutral (Feldstein and Krugman 1990), so it is not a subsidy
// whose removal restores a neutral border; "removing" it is a new export
// tax, whose welfare gain (Germany's +1.22%) is the terms-of-trade gain of
// an export tax for a large economy, paid by its buyers.
func vatNote(partner string, pct float64) string {
	return fmt.Sprintf("%s: a VAT's border rebate is not an export subsidy. Under a destination-based VAT, as in the EU, exports are rebated and imports taxed at the same rate, which leaves trade unchanged (Feldstein and Krugman 1990); so %s is not the withdrawal of a rebate but a new %g%% export tax, and its welfare gain is the terms-of-trade gain of an export tax for a large economy, paid by %s's buyers.",
		PathRemoveSubsidy, PathRemoveSubsidy, pct, partner)
}

// groupNote says how a group is priced as one partner and on what it is
// classified.
func groupNote(u unit, leader string) string {
	return fmt.Sprintf("%s as one partner (%d members in the dataset): its common commercial policy sets one external tariff, so every move is made by all its members. Balances are the union's: with %s, its members' summed; multilateral, its trade with the rest of the world (trade among members nets out) in %% of its GDP. Welfare and real appreciation are its members' GDP-weighted means. Persistent surplus judged on the IMF current account of the European Union (%s), the union's own with the rest of the world: %s.",
		u.code, len(u.members), leader, groupSeries[u.code], u.group.Evidence.Summary)
}

// implausibleSwingPctGDP is the balance swing (pp of GDP) beyond which the
// revaluation path is flagged: China's current-account surplus fell by about
// 8 pp of GDP from 2007 to 2011, with a real appreciation of some 30%, and
// Germany's rose by about 7 pp from 2000 to 2007 — the largest moves of
// large economies on record. A 10% revaluation that needs more than that
// (Germany on world-2023: 19 pp) is the model's wage-pinning at work, not
// a policy option.
const implausibleSwingPctGDP = 10.0

// fill sets the outcome fields of a path: s0 is before (the base scenario),
// sv after; u is the partner and l indexes the leader. A group's welfare
// and wage are its members' GDP-weighted means, its transfer their sum over
// their GDP.
func (pr *Path) fill(s0, sv Solved, before, after Balance, u unit, l int, test Test, persistent bool, leader string) {
	ch := u.change(before, after)
	pr.BalanceWithLeaderBefore, pr.BalanceWithLeaderAfter = ch.BilateralBefore, ch.BilateralAfter
	pr.BalanceGDPPctBefore, pr.BalanceGDPPctAfter = ch.PctGDPBefore, ch.PctGDPAfter
	pr.LeaderBalanceGDPPctBefore, pr.LeaderBalanceGDPPctAfter = before.PctGDP[l], after.PctGDP[l]
	c0, c1 := s0.Result.Countries, sv.Result.Countries
	gdp := baseGDP(s0)
	// Both ends net of their own transfers, so that the change is what the
	// move does to income, not to how much of it is borrowed.
	pr.PartnerWelfarePct = u.mean(gdp, func(p int) float64 { return 100 * (c1[p].WelfareExTransfer/c0[p].WelfareExTransfer - 1) })
	pr.LeaderWelfarePct = 100 * (c1[l].WelfareExTransfer/c0[l].WelfareExTransfer - 1)
	pr.PartnerWelfareInclTransferPct = u.mean(gdp, func(p int) float64 { return 100 * (c1[p].Welfare/c0[p].Welfare - 1) })
	pr.LeaderWelfareInclTransferPct = 100 * (c1[l].Welfare/c0[l].Welfare - 1)
	transfer := func(c []model.CountryResult) float64 {
		if len(u.members) == 1 {
			p := u.members[0]
			return c[p].Transfer / c[p].GDPAfter
		}
		t, y := 0.0, 0.0
		for _, p := range u.members {
			t += c[p].Transfer
			y += c[p].GDPAfter
		}
		return t / y
	}
	pr.PartnerTransferPctGDP = 100 * (transfer(c1) - transfer(c0))
	pr.RealAppreciationPct = appreciation(s0.Result, sv.Result, u, gdp, l)
	pr.Verdict = test.Judge(ch, persistent, leader)
}

// baseGDP is the baseline GDP a group's means are weighted by (nil where the
// equilibrium carries no baseline: a one-country unit needs none).
func baseGDP(sv Solved) []float64 {
	if sv.Base == nil {
		return nil
	}
	return sv.Base.GDP
}

// appreciation is u's real appreciation against l from r0 to r1, in %: the
// change of u's wage (a group's: its members' GDP-weighted mean, gdp the
// weights) relative to l's.
func appreciation(r0, r1 *model.Result, u unit, gdp []float64, l int) float64 {
	c0, c1 := r0.Countries, r1.Countries
	w := func(c []model.CountryResult, k int) float64 { return marketWage(&c[k]) }
	wu := func(c []model.CountryResult) float64 { return u.mean(gdp, func(k int) float64 { return w(c, k) }) }
	return 100 * ((wu(c1)/wu(c0))/(w(c1, l)/w(c0, l)) - 1)
}

// revalue finds, by bracketing and bisection on the size c of the balance
// cut (% of GDP), the rebalance whose implied real appreciation of p against
// l is target%. The appreciation rises with c (part of the extra spending
// falls on home goods and bids up home wages), so the root is bracketed by
// doubling c from 1 and then refined to 1e-6 pp of appreciation. The size
// can be very large for open economies: with θ = 4 a 10% dearer wage costs
// an exporter about 40% of its foreign sales, which home spending must
// replace while only its home share λ_jj of extra spending falls on home
// goods. The size found is reported, however large, because it is the
// model's answer to what a real revaluation of r% takes.
func (s *solver) revalue(s0 Solved, u unit, l int, target float64, rebalance func(float64) []scenario.Shock) (float64, Solved, error) {
	if target == 0 {
		return 0, s0, nil
	}
	at := func(c float64) (float64, Solved, error) {
		sv, err := s.solve(rebalance(c)...)
		if err != nil {
			return 0, Solved{}, err
		}
		return appreciation(s0.Result, sv.Result, u, s.b.GDP, l) - target, sv, nil
	}
	sign := 1.0
	if target < 0 {
		sign = -1 // a real depreciation: the balance rises
	}
	lo, hi := 0.0, sign
	fhi, svHi, err := at(hi)
	if err != nil {
		return 0, Solved{}, err
	}
	flo := -target
	// Double until the sign changes, up to 2048% of GDP (a depreciation
	// meets the expenditure bound long before: the solver then says so).
	for k := 0; fhi*flo > 0; k++ {
		if k >= 11 {
			return 0, Solved{}, &errs.Error{Op: "revaluation", Kind: errs.Other,
				Err: fmt.Errorf("no balance change up to %.0f%% of GDP implies a %g%% real revaluation (reached %.2f%%)", hi, target, fhi+target)}
		}
		lo, flo = hi, fhi
		hi *= 2
		if fhi, svHi, err = at(hi); err != nil {
			return 0, Solved{}, err
		}
	}
	best, bestF, bestSv := hi, fhi, svHi
	for iter := 0; iter < 60 && math.Abs(bestF) > 1e-6; iter++ {
		// Regula falsi with the Illinois fix converges fast on this smooth,
		// nearly linear map; plain bisection would need ~40 solves.
		mid := hi - fhi*(hi-lo)/(fhi-flo)
		if !(mid > math.Min(lo, hi) && mid < math.Max(lo, hi)) {
			mid = (lo + hi) / 2
		}
		fm, svm, err := at(mid)
		if err != nil {
			return 0, Solved{}, err
		}
		best, bestF, bestSv = mid, fm, svm
		if fm*fhi < 0 {
			lo, flo = hi, fhi
		} else {
			flo /= 2
		}
		hi, fhi = mid, fm
	}
	return best, bestSv, nil
}

// check validates the path sizes; errors name the flag at fault.
func (o PathOptions) check() error {
	bad := func(flag string, v float64, want string) error {
		return &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: flag, Err: fmt.Errorf("want %s, got %v", want, v)}
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case !finite(o.SubsidyPct) || o.SubsidyPct <= -100:
		return bad("--subsidy", o.SubsidyPct, "a percentage > −100")
	case !finite(o.DemandPctGDP) || math.Abs(o.DemandPctGDP) > 50:
		return bad("--demand", o.DemandPctGDP, "a percentage of GDP between −50 and 50")
	case !finite(o.RevaluePct) || math.Abs(o.RevaluePct) > 100:
		return bad("--revalue", o.RevaluePct, "a percentage between −100 and 100")
	case !finite(o.CapitalPctGDP) || math.Abs(o.CapitalPctGDP) > 50:
		return bad("--capital", o.CapitalPctGDP, "a percentage of GDP between −50 and 50")
	}
	if err := o.Test.Check(); err != nil {
		return err
	}
	return o.Rule.Check()
}
