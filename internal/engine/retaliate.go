package engine

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// retaliate resolves a pending `retaliation: {rule: optimal}` of comp (sc
// compiled on ds): every retaliating partner sets one tariff on the
// leader's goods that maximises its welfare given the
// leader's tariffs and the other partners' answers (on a world with a
// services sector, in its goods sectors: services keep their tariffs, as
// under the leader's schedules, and scenario.Compile applies the rates so).
// That is a Nash
// equilibrium among the partners with the leader's schedule fixed
// (optimal.Nash, certified by the first- and second-order conditions of
// each partner). Each partner starts from the rate it faces, capped at
// 1/θ̄ — the optimal tariff of a small economy (Gros 1987), the order of
// the answers — with θ̄ the mean θ of the leader's sales to it. The rates
// are then compiled into the scenario's tariffs.
func retaliate(sc *scenario.Scenario, ds *data.Dataset, comp *scenario.Compiled) (*scenario.Compiled, error) {
	r := comp.Retaliation
	b, err := BaselineFor(ds, comp.Options)
	if err != nil {
		return nil, err
	}
	N, S := ds.N(), ds.S()
	L := r.Leader
	players := make([]optimal.Player, len(r.Partners))
	start := make([]float64, len(r.Partners))
	for p, j := range r.Partners {
		players[p] = optimal.Player{Country: j, Targets: []int{L}}
		start[p] = math.Min(faced(ds, comp.Shocks.Tariff, j, L, N, S), 1/meanTheta(ds, comp.Options.Theta, L, j))
	}
	g := optimal.Game{Base: b, Options: comp.Options, Shocks: comp.Shocks, Players: players, Start: start,
		Sectors: optimal.GoodsSectors(ds, false)}
	res, err := optimal.Nash(g, optimal.NashSettings{})
	if err == nil && !res.Converged {
		err = fmt.Errorf("%s", res.Reason)
	}
	if err != nil {
		return nil, &errs.Error{Op: "retaliation", Kind: errs.NotConverged, File: sc.File,
			Err: fmt.Errorf("the partners' optimal answers to %s did not settle: %w", ds.Countries[L].Code, err)}
	}
	rates := make(map[string]float64, len(r.Partners))
	for p, j := range r.Partners {
		rates[ds.Countries[j].Code] = res.Rates[p]
	}
	sc2 := *sc
	spec := *sc.Retaliation
	spec.Rates = rates
	sc2.Retaliation = &spec
	out, err := scenario.Compile(&sc2, ds)
	if err != nil {
		return nil, err
	}
	// Compile keeps its notes; those of the purge (added by Prepare) and
	// the search's summary come back here.
	for _, n := range comp.Notes {
		if !contains(out.Notes, n) {
			out.Notes = append(out.Notes, n)
		}
	}
	note := rateSummary(ds, r.Partners, res.Rates, res.Rounds, res.Solves)
	if comp.Options.Deficits == model.Fixed {
		if s := surplusAnswers(ds, b.D, L, r.Partners, res.Rates); s != "" {
			note += ". " + s
		}
	}
	out.Notes = append(out.Notes, note)
	out.Retaliation.Rounds, out.Retaliation.Solves, out.Retaliation.Seconds = res.Rounds, res.Solves, res.Seconds
	return out, nil
}

// faced is importer L's tariff on exporter j's goods, averaged over the
// goods sectors with L's baseline imports from j as weights (the simple
// mean where it imports nothing from j). A services sector, which no
// schedule or optimal answer taxes, is left out: on icio-2022 it diluted
// Angola's answer of 21% on US goods to 5%.
func faced(ds *data.Dataset, t []float64, j, L, N, S int) float64 {
	if t == nil {
		t = ds.Tariffs
	}
	if t == nil {
		return 0
	}
	num, den, mean, goods := 0.0, 0.0, 0.0, 0
	for s := 0; s < S; s++ {
		if ds.IsServices(s) {
			continue
		}
		k := (j*N+L)*S + s
		num += ds.Trade[k] * t[k]
		den += ds.Trade[k]
		mean += t[k]
		goods++
	}
	if den > 0 {
		return num / den
	}
	return mean / float64(goods)
}

// meanTheta is the mean θ of exporter i's sales to j, weighted by the
// baseline flows (the simple mean where there are none).
func meanTheta(ds *data.Dataset, theta []float64, i, j int) float64 {
	N, S := ds.N(), ds.S()
	num, den, mean := 0.0, 0.0, 0.0
	for s := 0; s < S; s++ {
		x := ds.Trade[(i*N+j)*S+s]
		num += x * theta[s]
		den += x
		mean += theta[s] / float64(S)
	}
	if den > 0 {
		return num / den
	}
	return mean
}

// rateSummary is the note that reports optimal retaliation rates.
func rateSummary(ds *data.Dataset, partners []int, rates []float64, rounds, solves int) string {
	type pr struct {
		code string
		rate float64
	}
	list := make([]pr, len(partners))
	for p, j := range partners {
		list[p] = pr{ds.Countries[j].Code, rates[p]}
	}
	sort.Slice(list, func(a, b int) bool {
		if list[a].rate != list[b].rate {
			return list[a].rate > list[b].rate
		}
		return list[a].code < list[b].code
	})
	var parts []string
	for k, x := range list {
		if k == 5 && len(list) > 6 {
			parts = append(parts, "…")
			x = list[len(list)-1]
		} else if k > 5 && len(list) > 6 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%%", x.code, 100*x.rate))
	}
	med := make([]float64, len(rates))
	copy(med, rates)
	sort.Float64s(med)
	m := med[len(med)/2]
	if len(med)%2 == 0 {
		m = (med[len(med)/2-1] + med[len(med)/2]) / 2
	}
	return fmt.Sprintf("optimal retaliation rates (median %.1f%%): %s; found in %d Newton rounds, %d solves", 100*m, strings.Join(parts, ", "), rounds, solves)
}

// surplusAnswers is the sentence that says, under fixed deficits, which of
// the five highest answers come from economies running a surplus (D < 0,
// deficits as the baseline's D): the closure holds their surplus fixed
// relative to world GDP, so a tariff that raises their income against the
// world's lightens it, a gain their answers count beside their market
// power. On world-2023 (liberation-day-optimal-retaliation) the five
// highest are Guyana 21.4%, Equatorial Guinea 20.5%, Angola 19.5%,
// Turkmenistan 19.3% and Chad 18.3%; with imbalances purged they answer
// 17.1%, 13.1%, 15.5%, 12.8% and 12.9%, and the median rises from 10.3% to
// 12.4%. "" when none of the five runs a surplus.
func surplusAnswers(ds *data.Dataset, deficit []float64, leader int, partners []int, rates []float64) string {
	idx := make([]int, len(partners))
	for p := range idx {
		idx[p] = p
	}
	sort.SliceStable(idx, func(a, z int) bool {
		if rates[idx[a]] != rates[idx[z]] {
			return rates[idx[a]] > rates[idx[z]]
		}
		return ds.Countries[partners[idx[a]]].Code < ds.Countries[partners[idx[z]]].Code
	})
	var codes []string
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range idx[:min(5, len(idx))] {
		j := partners[p]
		if !(deficit[j] < 0) {
			continue
		}
		codes = append(codes, ds.Countries[j].Code)
		if v, ok := ds.BalancePctGDP(j); ok {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if len(codes) == 0 {
		return ""
	}
	who := codes[0] + " runs a surplus"
	if len(codes) > 1 {
		who = strings.Join(codes[:len(codes)-1], ", ") + " and " + codes[len(codes)-1] + " run surpluses"
	}
	switch {
	case math.IsInf(lo, 1):
	case lo == hi:
		who += fmt.Sprintf(" (%s %+.0f%% of GDP)", ds.BalanceName(), lo)
	default:
		who += fmt.Sprintf(" (%s %+.0f%% to %+.0f%% of GDP)", ds.BalanceName(), lo, hi)
	}
	their, answers := "their", "their answers count"
	if len(codes) == 1 {
		their, answers = "its", "its answer counts"
	}
	return fmt.Sprintf("Of the five highest, %s, which the closure (deficits: fixed) holds fixed relative to world GDP: a tariff that raises %s income against the world's lightens that surplus, a gain %s beside %s market power over %s's goods; model.deficits: purge removes it (docs/nash.md)",
		who, their, answers, their, ds.Countries[leader].Code)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// retaliationDoc reports a compiled retaliation: each partner's tariff on
// the leader's goods after it and the leader's on the partner's, averaged
// over goods sectors with baseline flows as weights (faced).
func retaliationDoc(out *Outcome) *report.RetaliationDoc {
	r := out.Compiled.Retaliation
	if r == nil {
		return nil
	}
	ds, t := out.Data, out.Compiled.Shocks.Tariff
	N, S := ds.N(), ds.S()
	L := r.Leader
	doc := &report.RetaliationDoc{Rule: string(r.Rule), Leader: ds.Countries[L].Code, LeaderFound: r.LeaderFound,
		Rounds: r.Rounds, Solves: r.Solves}
	for _, j := range r.Partners {
		doc.Partners = append(doc.Partners, report.RetaliatorDoc{Code: ds.Countries[j].Code,
			RatePct: 100 * faced(ds, t, L, j, N, S), FacedPct: 100 * faced(ds, t, j, L, N, S)})
	}
	return doc
}

// Freeze returns sc with its retaliation block replaced by the tariffs it
// resolves to on ds, as plain tariff shocks after sc's own (sc itself when
// it has none). Analyses that add moves to a scenario (benchmark paths)
// freeze it first, so that the retaliation answers the scenario as given
// and a later move — a partner cutting its tariffs on the leader's goods —
// is not overridden by the rule.
func Freeze(sc *scenario.Scenario, ds *data.Dataset) (*scenario.Scenario, error) {
	if sc.Retaliation == nil || sc.Retaliation.Rule == scenario.RuleNone {
		return sc, nil
	}
	pds, comp, err := Prepare(sc, ds)
	if err != nil {
		return nil, err
	}
	r := comp.Retaliation
	N, S := pds.N(), pds.S()
	L := r.Leader
	out := *sc
	out.Retaliation = nil
	out.Shocks = append([]scenario.Shock(nil), sc.Shocks...)
	for _, j := range r.Partners {
		for s := 0; s < S; s++ {
			ts := &scenario.TariffShock{Op: scenario.SetRate, Importer: scenario.Names(pds.Countries[j].Code),
				Exporter: scenario.Names(pds.Countries[L].Code), Value: comp.Shocks.Tariff[(L*N+j)*S+s]}
			if S > 1 {
				ts.Sector = scenario.Names(pds.Sectors[s].Code)
			}
			out.Shocks = append(out.Shocks, scenario.Shock{Kind: scenario.KindTariff, Tariff: ts,
				Pos: scenario.Pos{File: sc.File, Field: "retaliation"}})
		}
	}
	return &out, nil
}
