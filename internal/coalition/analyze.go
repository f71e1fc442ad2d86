package coalition

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Options control an analysis.
type Options struct {
	Payoffs bool // include every membership's payoffs in the report
	// Counter plays the 3^K counter-coalition game (each candidate joins the
	// leader, the targets' counter-bloc, or neither); K ≤ MaxCounter.
	Counter bool
	// CounterBloc names the candidates (joined by "+") that form a
	// counter-bloc with the targets in the what-if; "" = JPN+KOR where they
	// are candidates.
	CounterBloc string
	Workers     int  // goroutines (0 = all cores)
	NoWarm      bool // solve every membership cold (to measure warm starts)
	// Progress, if set, is called as solves complete (from any goroutine).
	Progress func(phase string, done, total int)
}

// MaxCounter bounds the counter-coalition game (3^8 = 6,561 solves).
const MaxCounter = 8

// maxThreat is the largest threat the bisection tries: a 100-point tariff.
const maxThreat = 1.0

// Analyze plays the coalition game of a scenario with a coalition block.
func Analyze(ctx context.Context, sc *scenario.Scenario, ds *data.Dataset, opt Options) (*Report, error) {
	start := time.Now()
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	if opt.Counter && len(g.players) > MaxCounter {
		return nil, invalid("the counter-coalition game needs 3^%d = %d solves; it is limited to %d candidates — drop --counter or name fewer candidates", len(g.players), pow3(len(g.players)), MaxCounter)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	en, err := g.enumerate(ctx, workers, !opt.NoWarm, opt.Progress)
	if err != nil {
		return nil, err
	}
	meanIter := float64(en.iterations) / float64(en.solves) // of the enumeration only
	tab := g.table(en)
	score := func(m Mask) float64 { return g.objective(en.recs[m]) }
	rep := g.newReport()
	rep.Objective = g.spec.Objective

	stable := tab.Stable(score)
	for k, v := range stable {
		if k == maxStableReported {
			rep.Notes = append(rep.Notes, fmt.Sprintf("%d stable coalitions; the best %d by the leader's objective are listed", len(stable), maxStableReported))
			break
		}
		d := g.stableDoc(tab, en, v)
		full, err := g.coalitionDoc(tab, en, v.Members)
		if err != nil {
			return nil, err
		}
		d.Lessons = &full.Lessons
		en.solves++
		rep.Stable = append(rep.Stable, d)
	}

	order := g.leverageOrder()
	steps, final := tab.Accession(order)
	for _, st := range steps {
		rep.AccessionPath = append(rep.AccessionPath, StepDoc{
			Candidate: g.players[st.Player].Name, Joins: st.Joins, GainPct: st.GainPct,
			LeveragePct: g.leverage(st.Player),
		})
	}
	rep.AccessionFinal = g.playerNames(final)

	leading := final
	rep.LeadingSource = "accession path (no stable coalition)"
	if len(stable) > 0 {
		leading, rep.LeadingSource = stable[0].Members, "best stable coalition by the leader's objective"
	}
	rep.Leading, err = g.coalitionDoc(tab, en, leading)
	if err != nil {
		return nil, err
	}

	rep.RequiredThreatPct, err = g.requiredThreats(ctx, leading, en, workers, opt.Progress)
	if err != nil {
		return nil, err
	}

	if cb, err := g.counterWhatIf(leading, en, opt.CounterBloc); err != nil {
		return nil, err
	} else if cb != nil {
		rep.CounterBloc = cb
	}
	if opt.Counter {
		if rep.CounterGame, err = g.counterGame(ctx, en, opt.Progress); err != nil {
			return nil, err
		}
	}
	if opt.Payoffs {
		for m := range en.recs {
			rep.Payoffs = append(rep.Payoffs, PayoffDoc{Members: g.playerNames(Mask(m)), WelfarePct: g.welfareMap(en.recs[m], tab, Mask(m))})
		}
	}
	rep.Solves = int(en.solves) + rep.extraSolves
	rep.Seconds = time.Since(start).Seconds()
	rep.MeanIterations = meanIter
	rep.SolvesPerSecond = float64(rep.Solves) / rep.Seconds
	return rep, nil
}

const maxStableReported = 10

func pow3(k int) int {
	n := 1
	for ; k > 0; k-- {
		n *= 3
	}
	return n
}

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
	}
	if d.Members == nil {
		d.Members = []string{}
	}
	return d
}

// coalitionDoc re-solves one coalition to report it in full: welfare,
// balances, and the four lessons of history.
func (g *game) coalitionDoc(tab *Table, en *enumeration, m Mask) (*CoalitionDoc, error) {
	buf := make([]float64, len(g.t0))
	var warm *model.Result
	if en.lin != nil {
		warm = en.lin.WarmFrom(en.lin)
	}
	r, err := g.solve(plain(m), warm, buf)
	if err != nil {
		return nil, err
	}
	v := tab.Check(m)
	ds, L := g.ds, g.leader
	unit := ds.UnitMillions() / 1000
	d := &CoalitionDoc{
		Members: g.playerNames(m), WelfarePct: g.welfareMap(en.recs[m], tab, m),
		InternallyStable: v.InternallyStable, ExternallyStable: v.ExternallyStable, GroupStable: v.GroupStable,
		LeakagePct: 100 * g.leakage(m),
	}
	if d.Members == nil {
		d.Members = []string{}
	}
	for _, t := range g.targets {
		c := r.Countries[t]
		bef := g.flow(t, L) - g.flow(L, t)
		aft := g.base.Flow(r, t, L) - g.base.Flow(r, L, t)
		d.Targets = append(d.Targets, TargetDoc{
			Code: ds.Countries[t].Code, WelfarePct: 100 * (c.Welfare - 1),
			SurplusWithLeaderBefore: bef * unit, SurplusWithLeaderAfter: aft * unit,
			BalanceGDPPctBefore: 100 * c.BalanceBefore() / c.GDPBefore, BalanceGDPPctAfter: 100 * c.BalanceAfter() / c.GDPAfter,
			BalanceBefore: c.BalanceBefore() * unit, BalanceAfter: c.BalanceAfter() * unit,
		})
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

// requiredThreats finds, for each candidate, the smallest flat tariff on
// outsiders that makes joining the leading coalition its best response, by
// bisection on [0, 100%]. nil means not even a 100-point tariff compels it.
func (g *game) requiredThreats(ctx context.Context, leading Mask, en *enumeration, workers int, progress progressFunc) (map[string]*float64, error) {
	K := len(g.players)
	out := make([]*float64, K)
	var mu sync.Mutex
	var firstErr error
	var done int
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, len(g.t0))
			for p := range jobs {
				v, n, err := g.requiredThreat(ctx, p, leading&^(1<<p), en, buf)
				mu.Lock()
				en.solves += int64(n)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[p] = v
				done++
				if progress != nil {
					progress("threats", done, K)
				}
				mu.Unlock()
			}
		}()
	}
	for p := 0; p < K; p++ {
		jobs <- p
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	res := map[string]*float64{}
	for p, v := range out {
		res[g.players[p].Name] = v
	}
	return res, nil
}

func (g *game) requiredThreat(ctx context.Context, p int, others Mask, en *enumeration, buf []float64) (*float64, int, error) {
	solves := 0
	var warmIn, warmOut *model.Result
	if en.lin != nil {
		warmIn, warmOut = en.lin.WarmFrom(en.lin), en.lin.WarmFrom(en.lin)
	}
	gain := func(threat float64) (float64, error) {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		in, out := plain(others|1<<p), plain(others)
		in.threat, out.threat = threat, threat
		rIn, err := g.solve(in, warmIn, buf)
		if err != nil {
			return 0, err
		}
		uIn := g.playerPayoff(g.record(rIn), p)
		if en.lin != nil {
			warmIn = rIn.WarmFrom(en.lin)
		}
		rOut, err := g.solve(out, warmOut, buf)
		if err != nil {
			return 0, err
		}
		uOut := g.playerPayoff(g.record(rOut), p)
		if en.lin != nil {
			warmOut = rOut.WarmFrom(en.lin)
		}
		solves += 2
		return uIn - uOut, nil
	}
	g0, err := gain(0)
	if err != nil {
		return nil, solves, err
	}
	if g0 >= 0 {
		zero := 0.0
		return &zero, solves, nil
	}
	gMax, err := gain(maxThreat)
	if err != nil {
		return nil, solves, err
	}
	if gMax < 0 {
		return nil, solves, nil
	}
	lo, hi := 0.0, maxThreat
	for hi-lo > 0.0005 { // to 0.05 percentage points
		mid := (lo + hi) / 2
		gm, err := gain(mid)
		if err != nil {
			return nil, solves, err
		}
		if gm >= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	v := math.Round(100*hi*100) / 100
	return &v, solves, nil
}

// counterMembers resolves the counter-bloc what-if's candidates.
func (g *game) counterMembers(spec string) (Mask, error) {
	if spec != "" {
		return g.parseMembers(spec)
	}
	var m Mask
	for p, pl := range g.players {
		if pl.Name == "JPN" || pl.Name == "KOR" {
			m |= 1 << p
		}
	}
	return m, nil
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
	d := &CounterDoc{Members: append(g.names(g.targets), g.playerNames(cm)...), CostPct: map[string]float64{}}
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

// Explain solves one membership and reports it in full, with its stability.
func Explain(sc *scenario.Scenario, ds *data.Dataset, members string) (*CoalitionDoc, *Report, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, nil, err
	}
	// Stability needs the neighbours: this membership, each member leaving
	// and each outsider joining.
	en := &enumeration{recs: make([]record, 1<<len(g.players))}
	buf := make([]float64, len(g.t0))
	masks := []Mask{m}
	for p := range g.players {
		masks = append(masks, m^(1<<p))
	}
	for _, mm := range masks {
		r, err := g.solve(plain(mm), nil, buf)
		if err != nil {
			return nil, nil, err
		}
		en.recs[mm] = g.record(r)
	}
	tab := g.table(en)
	d, err := g.coalitionDoc(tab, en, m)
	if err != nil {
		return nil, nil, err
	}
	rep := g.newReport()
	return d, rep, nil
}

// Export returns the plain scenario (no coalition block) for one membership:
// the model options and every tariff that differs from the dataset's baseline
// as an explicit rate, so `tradebloc solve` on it gives the same result.
func Export(sc *scenario.Scenario, ds *data.Dataset, members string) ([]byte, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, err
	}
	t := make([]float64, len(g.t0))
	g.tariffs(plain(m), t)
	return g.exportYAML(m, t), nil
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "+")
}
