package coalition

import (
	"context"
	"fmt"
	"sort"

	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// counterMembers resolves the counter-bloc what-if's candidates: the
// command line's, else the scenario's or the default rule's (resolveCounter).
func (g *game) counterMembers(spec string) (Mask, error) {
	if spec != "" {
		return g.parseMembers(spec)
	}
	return g.counter.members, nil
}

// counterWhatIf moves the counter-bloc candidates from wherever they are in
// the leading coalition into a bloc with the targets, and measures what it
// costs them and whether the bloc can absorb its own surpluses.
func (g *game) counterWhatIf(leading Mask, en *enumeration, spec string) (*CounterDoc, error) {
	cm, err := g.counterMembers(spec)
	if err != nil || cm == 0 {
		return nil, err
	}
	buf := make([]float64, len(g.t0))
	var warm *model.Result
	if en.lin != nil {
		warm = en.lin.WarmFrom(en.lin)
	}
	cfg := plain(leading &^ cm)
	cfg.counter = cm
	r, err := g.solve(cfg, warm, buf)
	if err != nil {
		return nil, err
	}
	en.solves++
	recB := g.record(r)
	recA := en.recs[leading]
	bloc := append([]int(nil), g.targets...)
	for p := range g.players {
		if cm.Has(p) {
			bloc = append(bloc, g.players[p].Countries...)
		}
	}
	unit := g.ds.UnitMillions() / 1000
	d := &CounterDoc{Members: append(g.names(g.targets), g.playerNames(cm)...), CostPct: map[string]float64{},
		MembersSource: g.counter.source, Instrument: g.counter.instrument}
	if spec != "" {
		d.MembersSource = "named on the command line (--counter-bloc)"
	}
	if g.counterRestricts() {
		for _, s := range g.counter.sectors {
			d.RestrictedSectors = append(d.RestrictedSectors, g.ds.Sectors[s].Code)
		}
		if g.counter.rate >= scenario.BanRate {
			d.Ban = true
		} else {
			d.RestrictionPct = 100 * g.counter.rate
		}
		d.CutPct, d.Note = g.restrictionNote(cfg)
	}
	for _, c := range bloc {
		k := g.watchIndex(c)
		d.CostPct[g.ds.Countries[c].Code] = recB.welfare[k] - recA.welfare[k]
	}
	var in0, in1, rest0, rest1 []economy
	isBloc := map[int]bool{}
	for _, c := range bloc {
		isBloc[c] = true
	}
	for c := range r.Countries {
		cr := r.Countries[c]
		before, after := economy{cr.BalanceBefore(), cr.GDPBefore}, economy{cr.BalanceAfter(), cr.GDPAfter}
		if isBloc[c] {
			in0, in1 = append(in0, before), append(in1, after)
		} else {
			rest0, rest1 = append(rest0, before), append(rest1, after)
		}
	}
	a0, a1 := absorption(in0, rest0), absorption(in1, rest1)
	bal1, gdp1 := a1.combined, a1.gdp
	d.MembersInSurplus = a1.inSurplus
	d.CombinedBalanceBefore, d.CombinedBalanceAfter = a0.combined*unit, a1.combined*unit
	d.CombinedBalanceGDPPctBefore, d.CombinedBalanceGDPPctAfter = a0.gdpPct(), a1.gdpPct()
	d.ShareOfRestAbsorptionPctBefore, d.ShareOfRestAbsorptionPctAfter = a0.restPct(), a1.restPct()
	d.LeaderWelfarePctChange = recB.welfare[g.watchIndex(g.leader)] - recA.welfare[g.watchIndex(g.leader)]
	d.CanAbsorb = bal1 <= 0
	switch {
	case bal1 > 0:
		d.Verdict = fmt.Sprintf("the counter-bloc still runs a combined surplus of $%.0f bn (%.1f%% of its GDP): it cannot absorb its members' surpluses and depends on outsiders absorbing %.2f%% of their spending", bal1*unit, 100*bal1/gdp1, a1.restPct())
	default:
		d.Verdict = fmt.Sprintf("the counter-bloc runs a combined deficit of $%.0f bn: it absorbs its members' surpluses", -bal1*unit)
	}
	return d, nil
}

// economy is a balance (exports − imports) and a GDP.
type economy struct{ balance, gdp float64 }

// absorbed is the arithmetic of "they can't all be net exporters": a bloc's
// combined balance, its size, and the share of the rest of the world's
// absorption (GDP − balance, i.e. domestic spending) its surplus needs.
type absorbed struct {
	combined, gdp, restAbsorption float64
	inSurplus                     int
}

func (a absorbed) gdpPct() float64  { return 100 * a.combined / a.gdp }
func (a absorbed) restPct() float64 { return 100 * a.combined / a.restAbsorption }

func absorption(bloc, rest []economy) absorbed {
	var a absorbed
	for _, e := range bloc {
		a.combined += e.balance
		a.gdp += e.gdp
		if e.balance > 0 {
			a.inSurplus++
		}
	}
	for _, e := range rest {
		a.restAbsorption += e.gdp - e.balance
	}
	return a
}

// counterGame solves every assignment of the candidates to the leader's
// bloc, the counter-bloc or neither, and lists the Nash-stable ones: no
// candidate gains by switching alone.
func (g *game) counterGame(ctx context.Context, en *enumeration, progress progressFunc) (*CounterGameDoc, error) {
	K := len(g.players)
	n := pow3(K)
	pay := make([][]float64, n)
	lead := make([]float64, n)
	buf := make([]float64, len(g.t0))
	var prev *model.Result
	for a := 0; a < n; a++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cfg := plain(0)
		x := a
		for p := 0; p < K; p++ {
			switch x % 3 {
			case 1:
				cfg.members |= 1 << p
			case 2:
				cfg.counter |= 1 << p
			}
			x /= 3
		}
		var warm *model.Result
		if prev != nil {
			warm = prev.WarmFrom(en.lin)
		}
		r, err := g.solve(cfg, warm, buf)
		if err != nil {
			return nil, err
		}
		prev = r
		rec := g.record(r)
		en.solves++
		pay[a] = make([]float64, K)
		for p := 0; p < K; p++ {
			pay[a][p] = g.playerPayoff(rec, p)
		}
		lead[a] = g.objective(rec)
		if progress != nil {
			progress("counter-coalition game", a+1, n)
		}
	}
	doc := &CounterGameDoc{Assignments: n}
	pow := make([]int, K)
	for p, v := 0, 1; p < K; p, v = p+1, v*3 {
		pow[p] = v
	}
	var stable []int
	for a := 0; a < n; a++ {
		ok := true
		for p := 0; p < K && ok; p++ {
			cur := (a / pow[p]) % 3
			for alt := 0; alt < 3; alt++ {
				if alt != cur && pay[a+(alt-cur)*pow[p]][p] > pay[a][p]+tol {
					ok = false
				}
			}
		}
		if ok {
			stable = append(stable, a)
		}
	}
	sort.SliceStable(stable, func(i, j int) bool { return lead[stable[i]] > lead[stable[j]] })
	for _, a := range stable {
		e := CounterEquilibrium{Leader: []string{}, Counter: []string{}, Neither: []string{}, LeaderObjective: lead[a]}
		for p := 0; p < K; p++ {
			name := g.players[p].Name
			switch (a / pow[p]) % 3 {
			case 1:
				e.Leader = append(e.Leader, name)
			case 2:
				e.Counter = append(e.Counter, name)
			default:
				e.Neither = append(e.Neither, name)
			}
		}
		doc.Stable = append(doc.Stable, e)
	}
	return doc, nil
}
