package coalition

import (
	"context"
	"fmt"

	"github.com/tradebloc/tradebloc/internal/executor"
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
// leading coalition (requiredThreat), one unit per candidate on the
// executor.
func (g *game) requiredThreats(ctx context.Context, ex executor.Executor, tab *Table, leading Mask, en *enumeration, progress progressFunc) ([]threat, error) {
	K := len(g.players)
	L := g.watchIndex(g.leader)
	units := make([]executor.Unit, K)
	for p := range K {
		in := leading | 1<<p
		u, err := g.unit(fmt.Sprintf("threats/%s", g.players[p].Name), kindThreat,
			threatSpec{gameSpec: en.spec, Player: p, Leading: leading, InCandidate: tab.Payoff[in][p], InLeader: en.recs[in].welfare[L]}, 1)
		if err != nil {
			return nil, err
		}
		units[p] = u
	}
	out := make([]threat, K)
	err := ex.Run(ctx, &executor.Batch{Data: g.ds0, Units: units, Phase: "threats", Progress: progress,
		Done: func(p int, res []byte) error {
			var w wireThreat
			if err := decode(res, &w); err != nil {
				return err
			}
			out[p] = w.threat()
			en.solves += int64(w.Solves)
			return nil
		}})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// requiredThreat is the smallest additional tariff on candidate p alone (its
// tariff before the game plus the rate, while every other outsider keeps the
// scenario's threat) that makes joining the leading coalition a best
// response for p (see compel), with the leader's cost of carrying it out,
// given p's payoff and the leader's welfare with p in. The bisection's
// solves chain from lin (the linearized empty coalition; nil = cold). It
// returns the number of solves.
func (g *game) requiredThreat(ctx context.Context, lin *model.Result, p int, leading Mask, in outcome, buf []float64) (threat, int, error) {
	outM := leading &^ (1 << p)
	L := g.watchIndex(g.leader)
	solves := 0
	var warm *model.Result
	if lin != nil {
		warm = lin.WarmFrom(lin)
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
		if lin != nil {
			warm = r.WarmFrom(lin)
		}
		rec := g.record(r)
		return outcome{g.playerPayoff(rec, p), rec.welfare[L]}, nil
	}
	th, err := compel(in, outside)
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
