package playbook

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// world is a playbook's setting: dataset, leader, target, coalition. Every
// role is a trade-policy unit (unit): a country, or the EU27 as one.
type world struct {
	ds      *data.Dataset
	b       *model.Baseline
	opt     model.Options
	leader  unit
	target  unit
	units   []unit // the coalition, the leader's unit first when it takes part
	members []int  // the countries of units
	extra   []unit // a playbook's special units (leaky member, defectors, retaliation's victim)
	orig    unit   // a reverse playbook's original target, while roles are swapped
}

// bn writes a flow in the dataset's unit as billions of US dollars.
func (x *world) bn(v float64) string {
	return report.USDbn(v * x.ds.UnitMillions() / 1000)
}

type shocks struct {
	tariff, cost, sub []float64
}

// outcome is one solved configuration.
type outcome struct {
	r     *model.Result
	flows []float64
	t     []float64
}

func (x *world) in(c int, set []int) bool {
	for _, s := range set {
		if s == c {
			return true
		}
	}
	return false
}

func (x *world) solve(acting []int, apply func(*world, *shocks, []int)) (*outcome, error) {
	n := len(x.ds.Trade)
	sh := &shocks{tariff: make([]float64, n), cost: make([]float64, n), sub: make([]float64, n)}
	copy(sh.tariff, x.ds.Tariffs)
	for k := range sh.cost {
		sh.cost[k] = 1
	}
	apply(x, sh, acting)
	r, err := x.b.Solve(x.opt, model.Shocks{Tariff: sh.tariff, Cost: sh.cost, Subsidy: sh.sub}, nil)
	if err != nil {
		return nil, err
	}
	return &outcome{r: r, flows: x.b.Flows(r), t: sh.tariff}, nil
}

// Result is the JSON of `tradebloc playbooks run`.
type Result struct {
	*Playbook
	Leader string `json:"leader"`
	Target string `json:"target"`
	// Members are the coalition's units: country codes, and EU27 for the
	// European Union acting as one (Groups lists its countries).
	Members []string `json:"members"`
	Special []string `json:"special,omitempty"`
	// Groups are the countries each group unit of the run stands for.
	Groups  map[string][]string `json:"groups,omitempty"`
	Feature Feature             `json:"feature"`
	Lessons Lessons             `json:"lessons"`
	Welfare []Welfare           `json:"welfare_pct"`
	// SanctionsData are statistics computed from the sanctions datasets (nil
	// when the playbook is not a sanctions episode or the files are absent).
	SanctionsData *SanctionsStats `json:"sanctions_data"`
	Notes         []string        `json:"notes,omitempty"`
}

// Lessons are the four lessons of history measured for today's version.
type Lessons struct {
	// Unity: the largest welfare gain (pp) a member would get by not taking
	// part while the others do.
	MaxDefectionGainPct float64 `json:"max_defection_gain_pct"`
	MostTempted         string  `json:"most_tempted"`
	United              bool    `json:"united"`
	// UnityText says it in words, and what a feature that holds means
	// when the coalition is not united.
	UnityText string `json:"unity_text"`
	// Leverage: the target's welfare change and the coalition's share of
	// the target's exports.
	TargetWelfarePct      float64 `json:"target_welfare_pct"`
	CoalitionShareOfExpts float64 `json:"coalition_share_of_target_exports_pct"`
	// SanctioningShareOfExpts is that share without the members that take
	// no part in the measure (league-sanctions' defectors, the special
	// units): the exports the sanctions reach. Absent where every member
	// takes part.
	SanctioningShareOfExpts *float64 `json:"sanctioning_share_of_target_exports_pct,omitempty"`
	// CoalitionShareOfImpts is the coalition's share of the target's
	// imports: the leverage of a measure on what it buys (export controls,
	// a suppliers' embargo; Playbook.ImportSide).
	CoalitionShareOfImpts float64 `json:"coalition_share_of_target_imports_pct"`
	// Integration: the coalition's internal trade as a share of its
	// members' total foreign trade, before and after.
	IntegrationBeforePct float64 `json:"integration_before_pct"`
	IntegrationAfterPct  float64 `json:"integration_after_pct"`
	// Absorption: of the target's exports lost in the coalition's markets,
	// the share re-absorbed by the rest of the world (leakage through
	// neutrals); 100 = all of it.
	AbsorbedByRestPct float64 `json:"absorbed_by_rest_pct"`
}

// Welfare is one country's welfare change.
type Welfare struct {
	Code string  `json:"code"`
	Role string  `json:"role"`
	Pct  float64 `json:"pct"`
	// DeficitValuationPct is the part of Pct (pp) that is the valuation of
	// a balance held fixed relative to world GDP (report.CountryDoc's
	// WelfareValuationPct; a group's GDP-weighted): absent when there is
	// none.
	DeficitValuationPct *float64 `json:"deficit_valuation_pct,omitempty"`
}

// defaultTheta is the trade elasticity of a playbook on a dataset that gives
// none (world-2023), as in the scenarios.
const defaultTheta = 4

// datasetTheta is θ per sector: the dataset's (sectors.csv; icio-2022's
// default set) where it gives every sector one, else defaultTheta.
func datasetTheta(ds *data.Dataset) []float64 {
	th := model.UniformTheta(defaultTheta, ds.S())
	for s, sec := range ds.Sectors {
		if !(sec.Theta > 0) {
			return model.UniformTheta(defaultTheta, ds.S())
		}
		th[s] = sec.Theta
	}
	return th
}

// CheckRoles checks a playbook's leader and target against ds and returns
// their indices, or bad usage naming the flag (--leader, --target; the HTTP
// API names its keys instead). Each must be a country that can play a role
// of its own, checked as every other command checks a country code
// (data.Dataset.CheckCountry: the hint for a lower-case code, a group such
// as EU27, an aggregate unit such as ROW or an economy folded into one), so
// that playbooks say what solve and benchmark say; the target may be
// neither the leader nor in the leader's EU27, whose common commercial
// policy leaves neither a trade policy of its own to use against the other.
func CheckRoles(ds *data.Dataset, leader, target string) (l, t int, err error) {
	bad := func(flag string, err error) (int, int, error) {
		return -1, -1, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Field: flag, Err: err}
	}
	if l, err = ds.CheckCountry(leader); err != nil {
		return bad("--leader", err)
	}
	if t, err = ds.CheckCountry(target); err != nil {
		return bad("--target", err)
	}
	if t == l {
		return bad("--target", fmt.Errorf("the target %s is the leader itself", target))
	}
	if lu := unitOf(ds, l); lu.is(unitOf(ds, t)) {
		return bad("--target", fmt.Errorf("the target %s and the leader %s are both in the %s, whose common commercial policy leaves neither a trade policy of its own to use against the other", target, leader, lu.name))
	}
	return l, t, nil
}

// Run applies a playbook on ds with the given leader and target. The
// sanctions statistics of the sanctions episodes are the embedded ones, or
// computed from the files in sanctionsDir when it is given (files that
// ReadSanctions refuses are then an error, whatever the playbook). A leader or
// target in the EU27 brings the whole EU27 into that role (its common
// commercial policy; commonPolicyGroup).
func Run(pb *Playbook, ds *data.Dataset, leader, target, sanctionsDir string) (*Result, error) {
	l, t, err := CheckRoles(ds, leader, target)
	if err != nil {
		return nil, err
	}
	// Files asked for by name are read before anything is solved, and
	// files that cannot be used are an error, not a note: a run that
	// silently showed the embedded statistics, or none, would pass for one
	// on the user's files. Checked for every playbook, as `tradebloc serve
	// --sanctions-dir` checks the directory whatever is run later.
	var custom *SanctionsStats
	if sanctionsDir != "" {
		if custom, err = ReadSanctions(sanctionsDir); err != nil {
			return nil, err
		}
	}
	lu, tu := unitOf(ds, l), unitOf(ds, t)
	b, err := engine.Baseline(ds)
	if err != nil {
		return nil, err
	}
	x := &world{ds: ds, b: b, opt: model.Options{Theta: datasetTheta(ds)}, leader: lu, target: tu}
	if ds.Tariffs == nil {
		ds2 := *ds
		ds2.Tariffs = make([]float64, len(ds.Trade))
		x.ds = &ds2
	}
	x.units = pb.members(x)
	x.members = countries(x.units)
	all, err := x.solve(x.members, pb.apply)
	if err != nil {
		return nil, err
	}
	res := &Result{Playbook: pb, Leader: leader, Target: target}
	for _, u := range x.units {
		res.Members = append(res.Members, u.name)
	}
	for _, u := range x.extra {
		res.Special = append(res.Special, u.name)
	}
	res.Feature = pb.feature(x, all)
	lx := x
	if pb.Reverse {
		// The side under pressure is the leader; the coalition is the producers.
		c := *x
		c.target, c.leader, c.orig = x.leader, unit{}, x.target
		lx = &c
	}
	if err := lx.lessons(pb, all, &res.Lessons); err != nil {
		return nil, err
	}
	// Roles are the bloc's (as the mechanism text uses them); in a reversed
	// playbook the producers' coalition, with the bloc's target in it, acts
	// against the bloc's leader, and the labels say which side each is on.
	role := func(u unit) string {
		switch {
		case u.is(x.leader) && pb.Reverse:
			return "leader (under pressure)"
		case u.is(x.target) && pb.Reverse:
			return "target (in the coalition)"
		case u.is(x.leader):
			return "leader"
		case u.is(x.target):
			return "target"
		case slices.ContainsFunc(x.extra, u.is):
			return "special"
		case slices.ContainsFunc(x.units, u.is):
			return "member"
		}
		return "outside"
	}
	seen := map[string]bool{}
	shown := append(append([]unit{x.leader, x.target}, x.units...), x.extra...)
	out := x.outsideLosers(all.r, shown, 3)
	shown = append(shown, out...)
	for _, u := range shown {
		if seen[u.name] {
			continue
		}
		seen[u.name] = true
		wf := Welfare{Code: u.name, Role: role(u), Pct: r3(x.welfarePct(all.r, u))}
		if v := x.valuationPct(all.r, u); math.Abs(v) > 1e-9 {
			v = r3(v)
			wf.DeficitValuationPct = &v
		}
		res.Welfare = append(res.Welfare, wf)
		if u.group() {
			if res.Groups == nil {
				res.Groups = map[string][]string{}
			}
			for _, c := range u.cs {
				res.Groups[u.name] = append(res.Groups[u.name], ds.Countries[c].Code)
			}
			res.Notes = append(res.Notes, x.groupNote(all.r, u))
		}
	}
	if len(out) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("outside: the %d economies outside the playbook whose real income falls most in dollars (welfare change × GDP)", len(out)))
	}
	// A surplus economy's loss outside the playbook (Singapore's under
	// imperial-preference) is mostly the valuation of its fixed surplus,
	// not the bloc's trade: solve's rule, on the rows shown.
	if n := report.RowsValuationNote(res.valuationRows()); n != "" {
		res.Notes = append(res.Notes, n)
	}
	for _, c := range []struct {
		code string
		u    unit
		role string
	}{{leader, x.leader, "leader"}, {target, x.target, "target"}} {
		if c.u.group() {
			res.Notes = append(res.Notes, fmt.Sprintf("the %s %s is in the %s, which sets its trade policy: the whole %s is the %s", c.role, c.code, c.u.name, c.u.name, c.role))
		}
	}
	res.Lessons.UnityText = res.unityText()
	if pb.Sanctions {
		// An embargo's victim in the model switches to other origins and to
		// home production at the trade elasticity; it never runs short, so
		// the target's loss is a lower bound (ABCD on icio-2022: China
		// -0.65%, less than Korea loses as a member).
		res.Notes = append(res.Notes, "the model prices the switch to other origins and to home production, not the shortages of a true embargo (no rationing, no input that cannot be replaced at the trade elasticity): the target's loss is a lower bound, and a sudden cut-off costs more than it shows; the measures count goods, which the embargo reaches, not services")
		st, err := EmbeddedSanctions()
		if custom != nil {
			st, err = custom, nil
		}
		if err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("sanctions statistics not shown: %v", err))
		} else {
			res.SanctionsData = st
		}
	}
	return res, nil
}

// outsideLosers are the k units outside the shown ones whose real income
// falls most in dollars (welfare change × GDP), only those that lose: a
// bloc's cost to third countries, which the members' and the target's rows
// alone would hide. Dollars, not percent, so that the rows are the
// economies that bear the cost rather than small ones with extreme shares.
func (x *world) outsideLosers(r *model.Result, shown []unit, k int) []unit {
	type loss struct {
		u unit
		v float64
	}
	var ls []loss
	for _, u := range allUnits(x.ds) {
		gdp := 0.0
		for _, c := range u.cs {
			gdp += x.b.GDP[c]
		}
		if v := x.welfarePct(r, u) * gdp; v < 0 && !slices.ContainsFunc(shown, u.is) {
			ls = append(ls, loss{u, v})
		}
	}
	sort.SliceStable(ls, func(a, b int) bool { return ls[a].v < ls[b].v })
	var out []unit
	for _, l := range ls[:min(k, len(ls))] {
		out = append(out, l.u)
	}
	return out
}

func r3(v float64) float64 { return math.Round(v*1000) / 1000 }

// solveAs solves the playbook with the world's original roles (the lesson
// world may have swapped them for a reverse playbook).
func (x *world) solveAs(acting []int, pb *Playbook) (*outcome, error) {
	if pb.Reverse {
		o := *x
		o.leader, o.target = x.target, x.orig
		return o.solve(acting, pb.apply)
	}
	return x.solve(acting, pb.apply)
}

// without is acting less the countries of us: the coalition when they
// defect.
func without(acting []int, us ...unit) []int {
	var out []int
	for _, c := range acting {
		if !slices.ContainsFunc(us, func(u unit) bool { return u.has(c) }) {
			out = append(out, c)
		}
	}
	return out
}

// targetTrade sums the trade of the target's countries with the countries
// set accepts (flows f, or the baseline when f is nil): exports when
// exports is set, else imports.
func (x *world) targetTrade(f []float64, exports bool, set func(int) bool) float64 {
	ds := x.ds
	v := 0.0
	for _, t := range x.target.cs {
		for c := range ds.Countries {
			if x.target.has(c) || !set(c) {
				continue
			}
			i, j := t, c
			if !exports {
				i, j = c, t
			}
			v += ds.GoodsFlow(f, i, j) // the playbooks' measures reach goods only
		}
	}
	return v
}

// lessons measures the four lessons.
func (x *world) lessons(pb *Playbook, all *outcome, ls *Lessons) error {
	ds := x.ds
	ls.MaxDefectionGainPct = math.Inf(-1)
	for _, u := range x.units {
		if u.is(x.leader) || u.is(x.target) {
			continue
		}
		d, err := x.solveAs(without(x.members, u), pb)
		if err != nil {
			return err
		}
		gain := x.welfarePct(d.r, u) - x.welfarePct(all.r, u)
		if gain > ls.MaxDefectionGainPct {
			ls.MaxDefectionGainPct, ls.MostTempted = r3(gain), u.name
		}
	}
	if math.IsInf(ls.MaxDefectionGainPct, -1) {
		ls.MaxDefectionGainPct = 0
	}
	ls.United = ls.MaxDefectionGainPct <= 0
	ls.TargetWelfarePct = r3(x.welfarePct(all.r, x.target))
	inBloc := func(c int) bool { return x.in(c, x.members) }
	outBloc := func(c int) bool { return !x.in(c, x.members) }
	if pb.Reverse {
		// Counter-bloc absorption: of the producers' sales lost in the
		// leader's market, the share the rest of the world takes instead.
		dL, dR := 0.0, 0.0
		for _, m := range x.members {
			for c := range ds.Countries {
				if c == m || x.in(c, x.members) {
					continue
				}
				d := sumS(ds, all.flows, m, c) - ds.Flow(m, c)
				if x.target.has(c) {
					dL += d
				} else {
					dR += d
				}
			}
		}
		if dL < 0 {
			ls.AbsorbedByRestPct = r3(100 * dR / -dL)
		}
	}
	anyone := func(int) bool { return true }
	if tot := x.targetTrade(nil, true, anyone); tot > 0 {
		ls.CoalitionShareOfExpts = r3(100 * x.targetTrade(nil, true, inBloc) / tot)
		if pb.specialDefect && len(x.extra) > 0 {
			sanctioning := func(c int) bool {
				return inBloc(c) && !slices.ContainsFunc(x.extra, func(u unit) bool { return u.has(c) })
			}
			v := r3(100 * x.targetTrade(nil, true, sanctioning) / tot)
			ls.SanctioningShareOfExpts = &v
		}
	}
	if totM := x.targetTrade(nil, false, anyone); totM > 0 {
		ls.CoalitionShareOfImpts = r3(100 * x.targetTrade(nil, false, inBloc) / totM)
	}
	ls.IntegrationBeforePct = r3(x.integration(ds.Trade, nil))
	ls.IntegrationAfterPct = r3(x.integration(all.flows, nil))
	// Absorption: change of the target's exports to the bloc and elsewhere;
	// where the measure cuts what the target buys (ImportSide), of what it
	// can no longer buy from the coalition, the share it buys from the rest
	// of the world instead.
	exports := !pb.ImportSide
	dBloc := x.targetTrade(all.flows, exports, inBloc) - x.targetTrade(nil, exports, inBloc)
	dRest := x.targetTrade(all.flows, exports, outBloc) - x.targetTrade(nil, exports, outBloc)
	if dBloc < 0 && !pb.Reverse {
		ls.AbsorbedByRestPct = r3(100 * dRest / -dBloc)
	}
	return nil
}

func sumS(ds *data.Dataset, f []float64, i, j int) float64 {
	x := 0.0
	for s := 0; s < ds.S(); s++ {
		x += f[ds.At(i, j, s)]
	}
	return x
}

// integration is the members' trade with each other as a share of their
// total foreign trade (flows f).
func (x *world) integration(f []float64, _ []int) float64 {
	ds := x.ds
	in, tot := 0.0, 0.0
	for _, m := range x.members {
		for c := range ds.Countries {
			if c == m {
				continue
			}
			v := sumS(ds, f, m, c) + sumS(ds, f, c, m)
			tot += v
			if x.in(c, x.members) {
				in += v
			}
		}
	}
	if tot == 0 {
		return 0
	}
	return 100 * in / tot
}

// avgTariff is the trade-weighted (baseline flows) tariff of importers on
// exporters under t.
func (x *world) avgTariff(t []float64, importers, exporters func(int) bool) float64 {
	ds := x.ds
	num, den := 0.0, 0.0
	for i := range ds.Countries {
		for j := range ds.Countries {
			if i == j || !exporters(i) || !importers(j) {
				continue
			}
			for s := 0; s < ds.S(); s++ {
				k := ds.At(i, j, s)
				num += ds.Trade[k] * t[k]
				den += ds.Trade[k]
			}
		}
	}
	if den == 0 {
		return 0
	}
	return 100 * num / den
}
