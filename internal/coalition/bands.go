package coalition

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// stableAt reports whether m is internally and externally stable — what
// Stable lists — reading only m's neighbours (each member leaving, with the
// defector penalty; each outsider joining), not the whole table.
func (t *Table) stableAt(m Mask) bool {
	p, _, _ := t.breaker(m)
	return p < 0
}

// breaker is the move that most unsettles m, reading the same neighbours
// as stableAt: the member that gains most by leaving or the outsider that
// gains most by joining, with its gain; p = −1 when no move gains more
// than tol.
func (t *Table) breaker(m Mask) (p int, joins bool, gain float64) {
	dp, dg, jp, jg := t.bestMoves(m)
	switch {
	case dg > tol && dg >= jg:
		return dp, false, dg
	case jg > tol:
		return jp, true, jg
	}
	return -1, false, 0
}

// neighbourhood lists the configurations the verdict of stableAt(m) reads:
// m, m with each outsider, m without each member (plain and, with a
// defector penalty, penalised).
func (g *game) neighbourhood(m Mask, penalty bool) []configSpec {
	out := []configSpec{{Members: m, Penalized: -1}}
	for p := range g.players {
		if !m.Has(p) {
			out = append(out, configSpec{Members: m | 1<<p, Penalized: -1})
			continue
		}
		out = append(out, configSpec{Members: m &^ (1 << p), Penalized: -1})
		if penalty {
			out = append(out, configSpec{Members: m &^ (1 << p), Penalized: p})
		}
	}
	return out
}

// pointResult is what the game at one point of a sweep says about the
// coalitions of the central run.
type pointResult struct {
	stable  []bool             // per coalition asked about
	welfare map[string]float64 // the leading coalition's welfare map
	// brk is the move that unsettles the leading coalition there (player
	// −1 when it is stable).
	brk struct {
		player int
		joins  bool
		gain   float64
	}
}

// checkAt plays the game of sc (one sweep point) just far enough to say
// which of the coalitions are stable there and what the leading one gives
// each player: their neighbourhoods, solved on the executor.
func checkAt(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset, masks []Mask, leading Mask) (*pointResult, int, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, 0, err
	}
	b, err := sc.Wire()
	if err != nil {
		return nil, 0, err
	}
	en := &enumeration{recs: make([]record, 1<<len(g.players)), spec: gameSpec{Scenario: b, Warm: true}, defect: map[defection]float64{}}
	penalty := g.spec.DefectorPenalty > 0
	seen := map[configSpec]bool{}
	var cfgs []configSpec
	for _, m := range append(slices.Clone(masks), leading) {
		for _, c := range g.neighbourhood(m, penalty) {
			if !seen[c] {
				seen[c] = true
				cfgs = append(cfgs, c)
			}
		}
	}
	// Sorted by membership, so that a unit's chained solves are neighbours.
	sort.Slice(cfgs, func(a, b int) bool {
		if cfgs[a].Members != cfgs[b].Members {
			return cfgs[a].Members < cfgs[b].Members
		}
		return cfgs[a].Penalized < cfgs[b].Penalized
	})
	err = g.solveConfigs(ctx, ex, en, "bands", cfgs, true, nil, func(k int, rec record) {
		c := cfgs[k]
		if c.Penalized < 0 {
			en.recs[c.Members] = rec
		} else {
			en.defect[defection{c.Members | 1<<c.Penalized, c.Penalized}] = g.playerPayoff(rec, c.Penalized)
		}
	})
	if err != nil {
		return nil, 0, err
	}
	tab := g.table(en)
	pr := &pointResult{stable: make([]bool, len(masks)), welfare: g.welfareMap(en.recs[leading], tab, leading)}
	for k, m := range masks {
		pr.stable[k] = tab.stableAt(m)
	}
	pr.brk.player, pr.brk.joins, pr.brk.gain = tab.breaker(leading)
	if err := en.failed(); err != nil {
		return nil, len(cfgs), err
	}
	return pr, len(cfgs), nil
}

// bands are the coalition report's uncertainty: at each point of the
// default sweep (scenario.DefaultVariantsFor), whether each reported stable
// coalition is still stable, and the leading coalition's payoffs.
func (g *game) bands(ctx context.Context, ex executor.Executor, stable []Mask, leading Mask) (*report.Bands, int, error) {
	points := scenario.DefaultVariantsFor(g.sc, g.ds0)
	pts := make([]report.Point, len(points))
	for k, v := range points {
		pts[k] = report.Point(v)
	}
	bd := &report.Bands{Over: report.Describe(pts), Points: pts, Countries: map[string]map[string]report.Band{}}
	welfare := map[string][]float64{}
	count := make([]int, len(stable))
	solved, solves := 0, 0
	for i, v := range points {
		sc, err := v.Apply(g.sc, g.ds0)
		if err != nil {
			return nil, solves, err
		}
		pr, n, err := checkAt(ctx, ex, sc, g.ds0, stable, leading)
		solves += n
		if err != nil {
			if ctx.Err() != nil {
				return nil, solves, err
			}
			bd.Notes = append(bd.Notes, fmt.Sprintf("%s left out: %v", v, err))
			continue
		}
		solved++
		if b := pr.brk; b.player >= 0 && len(stable) > 0 && stable[0] == leading {
			move := "leaves"
			if b.joins {
				move = "joins"
			}
			bd.LeadingBreaks = append(bd.LeadingBreaks, report.Break{Point: pts[i], Player: g.players[b.player].Name, Move: move, GainPct: b.gain})
		}
		for k, ok := range pr.stable {
			if ok {
				count[k]++
			}
		}
		for code, w := range pr.welfare {
			welfare[code] = append(welfare[code], w)
		}
	}
	for code, ws := range welfare {
		bd.Countries[code] = map[string]report.Band{"welfare_pct": report.NewBand(ws)}
	}
	for k, m := range stable {
		share := stableShare(count[k], solved)
		members := g.playerNames(m)
		if members == nil {
			members = []string{}
		}
		bd.Coalitions = append(bd.Coalitions, report.CoalitionShare{Members: members, StableShare: share})
	}
	return bd, solves, nil
}

// stableShare is the share of the sweep's solved points at which a
// coalition is stable; 0 when no point solved (the notes say why).
func stableShare(count, solved int) float64 {
	if solved > 0 {
		return float64(count) / float64(solved)
	}
	return 0
}

// Stability is what a sweep needs from one game: every stable coalition,
// the leading one and what it gives each player.
type Stability struct {
	Stable  [][]string // stable coalitions, best first by the leader's objective
	Leading []string   // the best stable coalition, else the accession path's end
	// WelfarePct is each player's, the leader's and the targets' welfare
	// change under the leading coalition.
	WelfarePct map[string]float64
	Solves     int
}

// Stable plays the game of sc as far as its stable coalitions: the whole
// enumeration and the defections the verdicts read, on opt's executor.
func Stable(ctx context.Context, sc *scenario.Scenario, ds *data.Dataset, opt Options) (*Stability, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	ex := opt.Executor
	if ex == nil {
		ex = executor.Local{Workers: opt.Workers}
	}
	en, err := g.enumerate(ctx, ex, !opt.NoWarm, opt.Progress)
	if err != nil {
		return nil, err
	}
	tab := g.table(en)
	if err := g.solveDefections(ctx, ex, en, tab.defectionsRead(), opt.Progress); err != nil {
		return nil, err
	}
	st := &Stability{}
	stable := tab.Stable(func(m Mask) float64 { return g.objective(en.recs[m]) })
	if err := en.failed(); err != nil {
		return nil, err
	}
	for _, v := range stable {
		st.Stable = append(st.Stable, nonNil(g.playerNames(v.Members)))
	}
	_, final := tab.Accession(g.leverageOrder())
	leading, _ := leadingOf(stable, final)
	st.Leading = nonNil(g.playerNames(leading))
	st.WelfarePct = g.welfareMap(en.recs[leading], tab, leading)
	st.Solves = int(en.solves)
	return st, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
