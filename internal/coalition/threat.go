package coalition

import (
	"context"
	"sync"

	"github.com/tradebloc/tradebloc/internal/model"
)

// The bisection of the required threat runs on a grid of threatStep (0.05
// percentage points) up to maxThreatSteps of them (100 points), so the reported
// threat is a grid point that was solved and compels.
const (
	threatStep     = 0.0005
	maxThreatSteps = 2000
)

// threat is one candidate's required threat and what carrying it out costs
// the leader (see requiredThreat).
type threat struct {
	rate       *float64 // additional tariff, decimal; nil = more than 100 points
	leaderCost *float64 // leader's welfare, pp: outside unthreatened − outside threatened
	leaderGain float64  // leader's welfare, pp: candidate in − outside unthreatened
	gain0      float64  // candidate's gain from joining when not threatened, pp
}

// requiredThreats finds, for each candidate, the required threat against the
// leading coalition (requiredThreat), on `workers` goroutines.
func (g *game) requiredThreats(ctx context.Context, tab *Table, leading Mask, en *enumeration, workers int, progress progressFunc) ([]threat, error) {
	K := len(g.players)
	out := make([]threat, K)
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
				v, n, err := g.requiredThreat(ctx, tab, p, leading, en, buf)
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
	return out, nil
}

// requiredThreat is the smallest additional tariff on candidate p alone (its
// tariff before the game plus the rate, while every other outsider keeps the
// scenario's threat) that makes joining the leading coalition a best
// response for p (see compel), with the leader's cost of carrying it out. It
// returns the number of solves.
func (g *game) requiredThreat(ctx context.Context, tab *Table, p int, leading Mask, en *enumeration, buf []float64) (threat, int, error) {
	in, outM := leading|1<<p, leading&^(1<<p)
	L := g.watchIndex(g.leader)
	solves := 0
	var warm *model.Result
	if en.lin != nil {
		warm = en.lin.WarmFrom(en.lin)
	}
	outside := func(n int) (outcome, error) {
		if err := ctx.Err(); err != nil {
			return outcome{}, err
		}
		cfg := plain(outM)
		cfg.threatened, cfg.threat = p, float64(n)*threatStep
		r, err := g.solve(cfg, warm, buf)
		if err != nil {
			return outcome{}, err
		}
		solves++
		if en.lin != nil {
			warm = r.WarmFrom(en.lin)
		}
		rec := g.record(r)
		return outcome{g.playerPayoff(rec, p), rec.welfare[L]}, nil
	}
	th, err := compel(outcome{tab.Payoff[in][p], en.recs[in].welfare[L]}, outside)
	return th, solves, err
}

// outcome is the candidate's payoff and the leader's welfare (%) in one
// configuration.
type outcome struct{ candidate, leader float64 }

// compel finds the required threat by bisection on the threatStep grid up
// to 100 points, given the outcome with the candidate in the bloc and a
// function giving the outcome with it outside under a threat of n grid
// steps; the candidate's payoff outside falls as the tariff on it rises.
// Joining is a best response when the candidate's payoff in is at least its
// payoff outside. The leader's cost of carrying the threat out is its
// welfare outside and not threatened (n = 0) minus outside and threatened;
// its gain from the candidate joining is its welfare in minus outside and
// not threatened.
func compel(in outcome, outside func(n int) (outcome, error)) (threat, error) {
	zero, err := outside(0)
	if err != nil {
		return threat{}, err
	}
	th := threat{leaderGain: in.leader - zero.leader, gain0: in.candidate - zero.candidate}
	found := func(n int, at outcome) threat {
		rate, cost := float64(n)*threatStep, zero.leader-at.leader
		th.rate, th.leaderCost = &rate, &cost
		return th
	}
	if in.candidate >= zero.candidate {
		return found(0, zero), nil
	}
	hiOut, err := outside(maxThreatSteps)
	if err != nil {
		return threat{}, err
	}
	if in.candidate < hiOut.candidate {
		return th, nil
	}
	lo, hi := 0, maxThreatSteps
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		o, err := outside(mid)
		if err != nil {
			return threat{}, err
		}
		if in.candidate >= o.candidate {
			hi, hiOut = mid, o
		} else {
			lo = mid
		}
	}
	return found(hi, hiOut), nil
}

// credible reports whether carrying out the threat costs the leader no more
// than it gains from the candidate joining (a threat that need not be
// carried out, rate 0, is credible; one that does not exist is not).
func (t threat) credible() bool {
	return t.rate != nil && (*t.rate == 0 || *t.leaderCost <= t.leaderGain+tol)
}
