package coalition

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

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
	g.tariffs(cfg, buf)
	return g.base.Solve(g.opt, model.Shocks{Tariff: buf, Cost: g.cost}, warm)
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
	num, den := 0.0, 0.0
	for _, c := range g.players[p].Countries {
		w := g.base.GDP[c]
		num += w * rec.welfare[g.watchIndex(c)]
		den += w
	}
	return num / den
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
	lin        *model.Result // the linearized solution of the empty coalition
	solves     int64
	iterations int64
}

// relinearizeEvery is how many memberships a worker solves with one
// Jacobian before computing a fresh one (a linearization costs about ten
// solves).
const relinearizeEvery = 128

// chord reports whether warm starts take chord steps on a linearized
// Jacobian. Linearize factorises the Jacobian of the whole solver state;
// with input–output linkages the state has N(1+2S) entries (4,617 on
// icio-2022), whose dense factorisation costs far more than the solves it
// would save (and a sector without output makes it singular), so games on
// such data warm-start from the neighbour's solution without chord steps.
func (g *game) chord() bool { return !g.base.HasIO() }

// progressFunc reports progress of a phase: done of total.
type progressFunc func(phase string, done, total int)

// enumerate solves all 2^K memberships on `workers` goroutines. Each worker
// walks its own stretch of a Gray-code sequence — neighbours differ by one
// player — and warm-starts every solve from the previous one with chord
// steps on the Jacobian of the empty coalition, which is linearized once.
func (g *game) enumerate(ctx context.Context, workers int, warm bool, progress progressFunc) (*enumeration, error) {
	K := len(g.players)
	total := 1 << K
	en := &enumeration{recs: make([]record, total)}
	buf := make([]float64, len(g.t0))
	r0, err := g.solve(plain(0), nil, buf)
	if err != nil {
		return nil, err
	}
	en.recs[0] = g.record(r0)
	en.solves, en.iterations = 1, int64(r0.Iterations)
	if warm {
		if g.chord() {
			if err := g.base.Linearize(r0); err != nil {
				return nil, err
			}
		}
		en.lin = r0
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > total {
		workers = total
	}
	var done atomic.Int64
	done.Store(1)
	var wg sync.WaitGroup
	errc := make(chan error, workers)
	chunk := (total + workers - 1) / workers
	for w := 0; w < workers; w++ {
		lo, hi := w*chunk, min((w+1)*chunk, total)
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]float64, len(g.t0))
			prev, lin := en.lin, en.lin
			for n := lo; n < hi; n++ {
				if ctx.Err() != nil {
					errc <- ctx.Err()
					return
				}
				m := Mask(n ^ n>>1)
				if m == 0 {
					continue
				}
				var start *model.Result
				if warm && prev != nil {
					start = prev.WarmFrom(lin)
				}
				r, err := g.solve(plain(m), start, buf)
				if err != nil {
					errc <- err
					return
				}
				if warm && g.chord() && n%relinearizeEvery == 0 && n+1 < hi {
					// Along a Gray path the high bits — the largest players —
					// stay fixed over long stretches: a Jacobian from the
					// stretch's start keeps chord steps contracting fast.
					if g.base.Linearize(r) == nil {
						lin = r
					}
				}
				en.recs[m] = g.record(r)
				atomic.AddInt64(&en.solves, 1)
				atomic.AddInt64(&en.iterations, int64(r.Iterations))
				if warm {
					prev = r
				}
				if d := done.Add(1); progress != nil {
					progress("payoffs", int(d), total)
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	if err := <-errc; err != nil {
		return nil, err
	}
	return en, nil
}

// table builds the stability table from the enumeration; with a defector
// penalty, a member's payoff from leaving is solved on demand (and cached),
// since it differs from never having joined.
func (g *game) table(en *enumeration) *Table {
	K := len(g.players)
	t := &Table{Players: make([]string, K), Payoff: make([][]float64, len(en.recs))}
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
		var mu sync.Mutex
		cache := map[[2]int]float64{}
		buf := make([]float64, len(g.t0))
		t.Defect = func(m Mask, p int) float64 {
			mu.Lock()
			defer mu.Unlock()
			key := [2]int{int(m), p}
			if v, ok := cache[key]; ok {
				return v
			}
			cfg := plain(m &^ (1 << p))
			cfg.penalized = p
			var warm *model.Result
			if en.lin != nil {
				warm = en.lin.WarmFrom(en.lin)
			}
			r, err := g.solve(cfg, warm, buf)
			v := t.Payoff[m&^(1<<p)][p] // fall back to the unpenalised payoff
			if err == nil {
				v = g.playerPayoff(g.record(r), p)
				atomic.AddInt64(&en.solves, 1)
			}
			cache[key] = v
			return v
		}
	}
	return t
}
