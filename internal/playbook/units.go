package playbook

import (
	"fmt"
	"slices"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// commonPolicyGroup is the group whose members never act alone in a
// playbook: no EU government can enlist, lead or embargo on its own
// (data.CommonPolicyGroup says why, and why other customs unions' members
// do).
const commonPolicyGroup = data.CommonPolicyGroup

// unit is a player of a playbook: one country, or the EU27 acting as one.
type unit struct {
	name string
	cs   []int // its countries, in dataset order
}

func (u unit) has(c int) bool { return slices.Contains(u.cs, c) }

func (u unit) is(v unit) bool { return u.name == v.name }

// group reports whether the unit stands for several countries.
func (u unit) group() bool { return len(u.cs) > 1 }

// unitOf is the trade-policy unit of country c: the EU27 (its members in
// the dataset, from the dataset's groups) when c is in it, else c alone.
func unitOf(ds *data.Dataset, c int) unit {
	name, cs := ds.PolicyUnit(c)
	return unit{name: name, cs: cs}
}

// allUnits are the dataset's trade-policy units in order of their first
// country, without aggregates (ROW), which are not players.
func allUnits(ds *data.Dataset) []unit {
	var out []unit
	for _, u := range ds.PolicyUnits() {
		out = append(out, unit{name: u.Name, cs: u.Members})
	}
	return out
}

// countries lists the countries of a set of units.
func countries(us []unit) []int {
	var out []int
	for _, u := range us {
		out = append(out, u.cs...)
	}
	return out
}

// flow is the trade from the countries of a to those of b (baseline).
func flow(ds *data.Dataset, a, b unit) float64 {
	v := 0.0
	for _, i := range a.cs {
		for _, j := range b.cs {
			if i != j {
				v += ds.Flow(i, j)
			}
		}
	}
	return v
}

// topUnits are the k units with the largest score, other than the excluded
// units; ties keep dataset order.
func topUnits(ds *data.Dataset, k int, score func(u unit) float64, exclude ...unit) []unit {
	type pt struct {
		u unit
		v float64
	}
	var ps []pt
	for _, u := range allUnits(ds) {
		if !slices.ContainsFunc(exclude, u.is) {
			ps = append(ps, pt{u, score(u)})
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].v > ps[b].v })
	var out []unit
	for _, p := range ps[:min(k, len(ps))] {
		out = append(out, p.u)
	}
	return out
}

// topPartners are the k largest partners of unit l by two-way trade (the
// EU27's extra-EU trade when it is l or a partner), other than the
// excluded units.
func topPartners(ds *data.Dataset, l unit, k int, exclude ...unit) []unit {
	return topUnits(ds, k, func(u unit) float64 { return flow(ds, u, l) + flow(ds, l, u) }, append(exclude, l)...)
}

// topSuppliers are the k largest exporters to unit c, other than the
// excluded units.
func topSuppliers(ds *data.Dataset, c unit, k int, exclude ...unit) []unit {
	return topUnits(ds, k, func(u unit) float64 { return flow(ds, u, c) }, append(exclude, c)...)
}

// welfarePct is a unit's welfare change in r, %: a country's own, a
// group's GDP-weighted mean of its members' (as the coalition game scores
// the EU27).
func (x *world) welfarePct(r *model.Result, u unit) float64 {
	return 100 * (model.GDPWeighted(u.cs, func(c int) float64 { return x.b.GDP[c] }, func(c int) float64 { return r.Countries[c].Welfare }) - 1)
}

// valuationPct is the part of u's welfare change (pp) that is the
// valuation of a balance held fixed relative to world GDP, GDP-weighted
// as welfarePct is.
func (x *world) valuationPct(r *model.Result, u unit) float64 {
	return 100 * model.GDPWeighted(u.cs, func(c int) float64 { return x.b.GDP[c] }, func(c int) float64 {
		return r.Countries[c].Welfare - r.Countries[c].WelfareExValuation
	})
}

// valuationRows are the welfare rows as report's valuation note reads them.
func (r *Result) valuationRows() []report.CountryDoc {
	rows := make([]report.CountryDoc, len(r.Welfare))
	for k, w := range r.Welfare {
		rows[k] = report.CountryDoc{Code: w.Code, WelfarePct: w.Pct, WelfareValuationPct: w.DeficitValuationPct}
	}
	return rows
}

// groupNote says how a group member is measured and how its members fare.
func (x *world) groupNote(r *model.Result, u unit) string {
	lo, hi := u.cs[0], u.cs[0]
	for _, c := range u.cs {
		if r.Countries[c].Welfare < r.Countries[lo].Welfare {
			lo = c
		}
		if r.Countries[c].Welfare > r.Countries[hi].Welfare {
			hi = c
		}
	}
	pct := func(c int) float64 { return 100 * (r.Countries[c].Welfare - 1) }
	return fmt.Sprintf("%s acts as one (common commercial policy): the same measures for all its %d members, none between them; its welfare is their GDP-weighted mean, from %s %.3f%% to %s %.3f%%",
		u.name, len(u.cs), x.ds.Countries[lo].Code, pct(lo), x.ds.Countries[hi].Code, pct(hi))
}
