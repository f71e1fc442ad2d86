package playbook

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// world is a playbook's setting: dataset, leader, target, coalition.
type world struct {
	ds      *data.Dataset
	b       *model.Baseline
	opt     model.Options
	leader  int
	target  int
	members []int // the coalition, leader included when it takes part
	extra   []int // a playbook's special countries (leaky members, defectors, retaliation's victim)
	orig    int   // a reverse playbook's original target, while roles are swapped
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
	Leader  string    `json:"leader"`
	Target  string    `json:"target"`
	Members []string  `json:"members"`
	Special []string  `json:"special,omitempty"`
	Feature Feature   `json:"feature"`
	Lessons Lessons   `json:"lessons"`
	Welfare []Welfare `json:"welfare_pct"`
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

// Run applies a playbook on ds with the given leader and target. The
// sanctions statistics of the sanctions episodes are the embedded ones, or
// computed from the files in sanctionsDir when it is given.
func Run(pb *Playbook, ds *data.Dataset, leader, target, sanctionsDir string) (*Result, error) {
	l, ok := ds.Index(leader)
	if !ok {
		return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Field: "--leader", Err: fmt.Errorf("%s", ds.UnknownCountry(leader))}
	}
	t, ok := ds.Index(target)
	if !ok {
		return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Field: "--target", Err: fmt.Errorf("%s", ds.UnknownCountry(target))}
	}
	if t == l {
		return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Field: "--target", Err: fmt.Errorf("the target %s is the leader itself", target)}
	}
	for _, c := range []struct {
		i    int
		flag string
	}{{l, "--leader"}, {t, "--target"}} {
		if ds.IsAggregate(c.i) {
			return nil, &errs.Error{Op: "playbooks", Kind: errs.Invalid, Field: c.flag, Err: fmt.Errorf("%s stands for %d economies in %s, not a country", ds.Countries[c.i].Code, len(ds.Members[ds.Countries[c.i].Code]), ds.Name)}
		}
	}
	b, err := engine.Baseline(ds)
	if err != nil {
		return nil, err
	}
	x := &world{ds: ds, b: b, opt: model.Options{Theta: datasetTheta(ds)}, leader: l, target: t}
	if ds.Tariffs == nil {
		ds2 := *ds
		ds2.Tariffs = make([]float64, len(ds.Trade))
		x.ds = &ds2
	}
	x.members = pb.members(x)
	all, err := x.solve(x.members, pb.apply)
	if err != nil {
		return nil, err
	}
	res := &Result{Playbook: pb, Leader: leader, Target: target}
	for _, c := range x.members {
		res.Members = append(res.Members, ds.Countries[c].Code)
	}
	for _, c := range x.extra {
		res.Special = append(res.Special, ds.Countries[c].Code)
	}
	res.Feature = pb.feature(x, all)
	lx := x
	if pb.Reverse {
		// The side under pressure is the leader; the coalition is the producers.
		c := *x
		c.target, c.leader, c.orig = x.leader, -1, x.target
		lx = &c
	}
	if err := lx.lessons(pb, all, &res.Lessons); err != nil {
		return nil, err
	}
	// Roles are the bloc's (as the mechanism text uses them); in a reversed
	// playbook the producers' coalition, with the bloc's target in it, acts
	// against the bloc's leader, and the labels say which side each is on.
	role := func(c int) string {
		switch {
		case c == x.leader && pb.Reverse:
			return "leader (under pressure)"
		case c == x.target && pb.Reverse:
			return "target (in the coalition)"
		case c == x.leader:
			return "leader"
		case c == x.target:
			return "target"
		case x.in(c, x.extra):
			return "special"
		case x.in(c, x.members):
			return "member"
		}
		return "outside"
	}
	seen := map[int]bool{}
	for _, c := range append(append([]int{l, t}, x.members...), x.extra...) {
		if !seen[c] {
			seen[c] = true
			res.Welfare = append(res.Welfare, Welfare{Code: ds.Countries[c].Code, Role: role(c), Pct: r3(100 * (all.r.Countries[c].Welfare - 1))})
		}
	}
	res.Lessons.UnityText = res.unityText()
	if pb.Sanctions {
		st, err := EmbeddedSanctions()
		if sanctionsDir != "" {
			st, err = ReadSanctions(sanctionsDir)
		}
		if err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("sanctions statistics not shown: %v", err))
		} else {
			res.SanctionsData = st
		}
	}
	return res, nil
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

// lessons measures the four lessons.
func (x *world) lessons(pb *Playbook, all *outcome, ls *Lessons) error {
	ds := x.ds
	ls.MaxDefectionGainPct = math.Inf(-1)
	for _, m := range x.members {
		if m == x.leader || m == x.target {
			continue
		}
		var acting []int
		for _, o := range x.members {
			if o != m {
				acting = append(acting, o)
			}
		}
		d, err := x.solveAs(acting, pb)
		if err != nil {
			return err
		}
		gain := 100 * (d.r.Countries[m].Welfare - all.r.Countries[m].Welfare)
		if gain > ls.MaxDefectionGainPct {
			ls.MaxDefectionGainPct, ls.MostTempted = r3(gain), ds.Countries[m].Code
		}
	}
	if math.IsInf(ls.MaxDefectionGainPct, -1) {
		ls.MaxDefectionGainPct = 0
	}
	ls.United = ls.MaxDefectionGainPct <= 0
	ls.TargetWelfarePct = r3(100 * (all.r.Countries[x.target].Welfare - 1))
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
				if c == x.target {
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
	toBloc, tot, fromBloc, totM := 0.0, 0.0, 0.0, 0.0
	for c := range ds.Countries {
		if c == x.target {
			continue
		}
		v, m := ds.Flow(x.target, c), ds.Flow(c, x.target)
		tot += v
		totM += m
		if x.in(c, x.members) {
			toBloc += v
			fromBloc += m
		}
	}
	ls.CoalitionShareOfExpts = r3(100 * toBloc / tot)
	if totM > 0 {
		ls.CoalitionShareOfImpts = r3(100 * fromBloc / totM)
	}
	ls.IntegrationBeforePct = r3(x.integration(ds.Trade, nil))
	ls.IntegrationAfterPct = r3(x.integration(all.flows, nil))
	// Absorption: change of the target's exports to the bloc and elsewhere.
	dBloc, dRest := 0.0, 0.0
	for c := range ds.Countries {
		if c == x.target {
			continue
		}
		d := sumS(ds, all.flows, x.target, c) - ds.Flow(x.target, c)
		if x.in(c, x.members) {
			dBloc += d
		} else {
			dRest += d
		}
	}
	if pb.ImportSide {
		// Of what the target can no longer buy from the coalition, the share
		// it buys from the rest of the world instead.
		dBloc, dRest = 0, 0
		for c := range ds.Countries {
			if c == x.target {
				continue
			}
			d := sumS(ds, all.flows, c, x.target) - ds.Flow(c, x.target)
			if x.in(c, x.members) {
				dBloc += d
			} else {
				dRest += d
			}
		}
	}
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
