package coalition

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
)

// record is what one solve contributes to the game: the welfare of the
// watched countries and the leader's objectives.
type record struct {
	welfare       []float64 // welfare change, %, per g.watch entry
	leaderBalGDP  float64   // leader's trade balance, % of GDP, after
	targetSurplus float64   // targets' combined balance with the leader after (dataset unit)
	iterations    int
}

// solve solves one configuration. buf is scratch for the tariffs (the
// Result keeps referring to it, so callers record before reusing it).
func (g *game) solve(cfg config, warm *model.Result, buf []float64) (*model.Result, error) {
	sh, _, _ := g.shocks(cfg, buf)
	if g.optimalAnswer() {
		return g.solveAnswered(cfg, sh, warm)
	}
	return g.base.Solve(g.opt, sh, warm)
}

// record extracts the game's numbers from a result (before buf is reused).
func (g *game) record(r *model.Result) record {
	rec := record{welfare: make([]float64, len(g.watch)), iterations: r.Iterations}
	for k, c := range g.watch {
		rec.welfare[k] = 100 * (r.Countries[c].Welfare - 1)
	}
	L := g.leader
	lc := &r.Countries[L]
	rec.leaderBalGDP = 100 * lc.BalanceAfter() / lc.GDPAfter
	for _, t := range g.targets {
		rec.targetSurplus += g.base.Flow(r, t, L) - g.base.Flow(r, L, t)
	}
	return rec
}

// watchIndex maps a country to its position in g.watch.
func (g *game) watchIndex(c int) int {
	for k, w := range g.watch {
		if w == c {
			return k
		}
	}
	return -1
}

// playerPayoff is a player's GDP-weighted welfare change in a record.
func (g *game) playerPayoff(rec record, p int) float64 {
	return g.groupWelfare(rec, g.players[p].Countries)
}

// groupWelfare is the GDP-weighted welfare change of watched countries in a
// record.
func (g *game) groupWelfare(rec record, countries []int) float64 {
	return model.GDPWeighted(countries, func(c int) float64 { return g.base.GDP[c] },
		func(c int) float64 { return rec.welfare[g.watchIndex(c)] })
}

// objective scores a record by the leader's objective (higher is better).
func (g *game) objective(rec record) float64 {
	switch g.spec.Objective {
	case "deficit":
		return rec.leaderBalGDP
	case "target_surplus":
		return -rec.targetSurplus
	}
	return rec.welfare[g.watchIndex(g.leader)]
}

// enumeration is the solved payoff table of every membership.
type enumeration struct {
	recs       []record
	lin        *model.Result // the linearized solution of the empty coalition (nil: cold solves)
	spec       gameSpec      // the game, as its units carry it
	solves     int64
	iterations int64

	mu     sync.Mutex
	defect map[defection]float64 // defector-penalty payoffs solved so far
	// defectErr is the first defector-penalty solve that failed when the
	// table asked for it on demand (Table.Defect returns no error).
	defectErr error
}

// failed reports the first defector-penalty solve that failed on demand.
// Whoever reads verdicts that may need such a solve (Check, Statuses) asks
// it afterwards: a verdict read from a failed solve must not be reported.
func (en *enumeration) failed() error {
	en.mu.Lock()
	defer en.mu.Unlock()
	return en.defectErr
}

// defection is a member leaving a membership and paying the defector
// penalty.
type defection struct {
	Members Mask
	Player  int
}

// chord reports whether warm starts take chord steps on a linearized
// Jacobian: where the model says linearizing pays in batch work
// (model.Baseline.ChordPays — world-2023's 585 unknowns, not icio-2022's
// 4,617). Without them a warm solve on world-2023 takes about 60
// iterations instead of 9.
func (g *game) chord() bool { return g.base.ChordPays(g.opt) }

// progressFunc reports progress of a phase: done of total.
type progressFunc func(phase string, done, total int)

// enumerate solves all 2^K memberships on the executor, in fixed stretches
// of a Gray-code sequence — neighbours differ by one player — each solve
// warm-started from the one before with chord steps on a Jacobian computed
// at the stretch's start (the empty coalition is solved and linearized here,
// once). The stretches are the same for any executor and number of workers,
// and so are the results, bit for bit.
func (g *game) enumerate(ctx context.Context, ex executor.Executor, warm bool, progress progressFunc) (*enumeration, error) {
	total := 1 << len(g.players)
	p, spec, err := g.prepare(warm)
	if err != nil {
		return nil, err
	}
	en := &enumeration{recs: make([]record, total), lin: p.lin, spec: spec, defect: map[defection]float64{}}
	en.recs[0] = g.record(p.r0)
	en.solves, en.iterations = 1, int64(p.r0.Iterations)
	var units []executor.Unit
	for lo := 0; lo < total; lo += stretchLen {
		hi := min(lo+stretchLen, total)
		u, err := g.unit(fmt.Sprintf("payoffs/%d-%d", lo, hi), kindStretch, stretchSpec{gameSpec: spec, Lo: lo, Hi: hi}, hi-lo)
		if err != nil {
			return nil, err
		}
		units = append(units, u)
	}
	err = ex.Run(ctx, &executor.Batch{Data: g.ds0, Units: units, Phase: "payoffs", Progress: progress,
		Done: func(i int, res []byte) error {
			var recs []wireRecord
			if err := decode(res, &recs); err != nil {
				return err
			}
			k := 0
			for n := i * stretchLen; n < min((i+1)*stretchLen, total); n++ {
				if m := gray(n); m != 0 {
					if k == len(recs) {
						return &errs.Error{Op: "coalition", Kind: errs.Other, Err: fmt.Errorf("unit %s returned %d memberships", units[i].ID, len(recs))}
					}
					en.recs[m] = recs[k].record()
					en.solves++
					en.iterations += int64(recs[k].Iterations)
					k++
				}
			}
			if k != len(recs) {
				// A worker that solved other memberships than asked for
				// (another version's stretches) must not pass unnoticed.
				return &errs.Error{Op: "coalition", Kind: errs.Other, Err: fmt.Errorf("unit %s returned %d memberships, want %d", units[i].ID, len(recs), k)}
			}
			return nil
		}})
	if err != nil {
		return nil, err
	}
	return en, nil
}

// solveConfigs solves configurations as units on the executor (configsLen
// to a unit, in the order given) and hands each record to done.
func (g *game) solveConfigs(ctx context.Context, ex executor.Executor, en *enumeration, phase string, cfgs []configSpec, chain bool,
	progress progressFunc, done func(k int, rec record)) error {
	var units []executor.Unit
	for lo := 0; lo < len(cfgs); lo += configsLen {
		hi := min(lo+configsLen, len(cfgs))
		u, err := g.unit(fmt.Sprintf("%s/%d-%d", phase, lo, hi), kindConfigs, configsSpec{gameSpec: en.spec, Chain: chain, Configs: cfgs[lo:hi]}, hi-lo)
		if err != nil {
			return err
		}
		units = append(units, u)
	}
	return ex.Run(ctx, &executor.Batch{Data: g.ds0, Units: units, Phase: phase, Progress: progress,
		Done: func(i int, res []byte) error {
			var recs []wireRecord
			if err := decode(res, &recs); err != nil {
				return err
			}
			lo := i * configsLen
			if len(recs) != min(configsLen, len(cfgs)-lo) {
				return &errs.Error{Op: "coalition", Kind: errs.Other, Err: fmt.Errorf("unit %s returned %d configurations", units[i].ID, len(recs))}
			}
			for k, w := range recs {
				en.solves++
				done(lo+k, w.record())
			}
			return nil
		}})
}

// solveDefections solves the defector-penalty payoffs of the given
// defections as one batch on the executor, so that the stability verdicts
// read them from memory: solved lazily, one by one, they kept all but one
// core idle. Each unit chains its configurations (sorted, so neighbours
// share a membership); the units are fixed, so the results do not depend on
// the number of workers.
func (g *game) solveDefections(ctx context.Context, ex executor.Executor, en *enumeration, ds []defection, progress progressFunc) error {
	if g.spec.DefectorPenalty <= 0 || len(ds) == 0 {
		return nil
	}
	cfgs := make([]configSpec, len(ds))
	for k, d := range ds {
		cfgs[k] = configSpec{Members: d.Members &^ (1 << d.Player), Penalized: d.Player}
	}
	return g.solveConfigs(ctx, ex, en, "defector penalties", cfgs, true, progress, func(k int, rec record) {
		en.mu.Lock()
		en.defect[ds[k]] = g.playerPayoff(rec, ds[k].Player)
		en.mu.Unlock()
	})
}

// table builds the stability table from the enumeration. With a defector
// penalty, a member's payoff from leaving differs from never having joined:
// it is read from the defections solved in advance (solveDefections), or
// solved on demand and kept. A failed on-demand solve gives NaN, and its
// error is kept for enumeration.failed.
func (g *game) table(en *enumeration) *Table {
	K := len(g.players)
	// The defector penalty is an extra tariff on the leaver's exports; it
	// lowers its payoff (solveDefections counts any case where it does not).
	t := &Table{Players: make([]string, K), Payoff: make([][]float64, len(en.recs)), PenaltyHurts: true}
	for p := range g.players {
		t.Players[p] = g.players[p].Name
	}
	for m, rec := range en.recs {
		if rec.welfare == nil {
			// Not solved (Explain solves only what the verdicts read): a
			// nil row makes any read of it fail loudly instead of passing
			// for a zero payoff.
			continue
		}
		t.Payoff[m] = make([]float64, K)
		for p := 0; p < K; p++ {
			t.Payoff[m][p] = g.playerPayoff(rec, p)
		}
	}
	if g.spec.DefectorPenalty > 0 {
		buf := make([]float64, len(g.t0))
		t.Defect = func(m Mask, p int) float64 {
			en.mu.Lock()
			defer en.mu.Unlock()
			key := defection{m, p}
			if v, ok := en.defect[key]; ok {
				return v
			}
			cfg := plain(m &^ (1 << p))
			cfg.penalized = p
			var warm *model.Result
			if en.lin != nil {
				warm = en.lin.WarmFrom(en.lin)
			}
			r, err := g.solve(cfg, warm, buf)
			if err != nil {
				// No payoff, rather than the unpenalised one: that would
				// make leaving look cheaper than it is and could turn a
				// verdict. The caller reports the error (enumeration.failed).
				if en.defectErr == nil {
					en.defectErr = &errs.Error{Op: "coalition", Kind: errs.KindOf(err),
						Err: fmt.Errorf("defector-penalty solve of %s leaving %s: %w", g.players[p].Name, members(g.playerNames(m)), err)}
				}
				return math.NaN()
			}
			v := g.playerPayoff(g.record(r), p)
			en.solves++
			en.defect[key] = v
			return v
		}
	}
	return t
}
