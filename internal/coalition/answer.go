package coalition

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// The optimal answer's search: an additional uniform tariff of the target
// on the bloc's goods in [0, answerMax], found to answerTol (0.05 pp, well
// below what moves a payoff at the report's precision), with at most
// answerRounds rounds of best responses when several targets answer.
const (
	answerMax    = 3.0
	answerTol    = 5e-4
	answerRounds = 4
)

// optimalAnswer says the targets answer with their best responses.
func (g *game) optimalAnswer() bool { return g.spec.TargetResponse == scenario.ResponseOptimal }

// solveAnswered solves a configuration in which each target sets the
// uniform additional tariff on the leader's and members' goods that
// maximises its own welfare, given the bloc's tariffs and the other
// targets' answers (Gauss–Seidel rounds of best responses). Each trial
// rate's equilibrium is warm-started from the previous one.
func (g *game) solveAnswered(cfg config, sh model.Shocks, warm *model.Result) (*model.Result, error) {
	ds := g.ds
	bloc := g.blocCountries(cfg.members)
	buf := sh.Tariff
	set := func(t int, x float64) {
		for _, c := range bloc {
			for s := 0; s < ds.S(); s++ {
				if !g.goods[s] {
					continue // a tariff answer, like every tariff of the game, reaches goods only
				}
				k := ds.At(c, t, s)
				buf[k] = g.t0[k] + x
			}
		}
	}
	rates := make([]float64, len(g.answering))
	solve := func() (*model.Result, error) {
		r, err := g.base.Solve(g.opt, sh, warm)
		if err == nil {
			warm = r
		}
		return r, err
	}
	for round := 0; round < answerRounds; round++ {
		moved := 0.0
		for k, t := range g.answering {
			f := func(x float64) (float64, error) {
				set(t, x)
				r, err := solve()
				if err != nil {
					return math.Inf(-1), err
				}
				return r.Countries[t].Welfare, nil
			}
			x0 := rates[k]
			if x0 == 0 {
				x0 = 0.1
			}
			x, _, _, err := optimal.Maximize(f, 0, answerMax, x0, 0.05, answerTol)
			if err != nil {
				return nil, fmt.Errorf("%s's best response: %w", ds.Countries[t].Code, err)
			}
			moved = math.Max(moved, math.Abs(x-rates[k]))
			rates[k] = x
			set(t, x)
		}
		if len(g.answering) == 1 || moved < 10*answerTol {
			break
		}
	}
	// The equilibrium at the answers (the last trial may have been another
	// rate).
	return solve()
}

// answerPct is a target's answer in a configuration's tariffs: the
// increase of its tariff on the bloc's goods over the tariffs before the
// game, weighted by its baseline imports of goods from the bloc (pp).
// Services, which no tariff of the game reaches, are left out of the
// weights: on icio-2022 they diluted China's answer of 54 pp on the bloc's
// goods to 32 pp.
func (g *game) answerPct(t int, members Mask, tariffs []float64) float64 {
	ds := g.ds
	num, den := 0.0, 0.0
	for _, c := range g.blocCountries(members) {
		after, d := ds.GoodsTariffSums(tariffs, c, t)
		before, _ := ds.GoodsTariffSums(g.t0, c, t)
		num, den = num+after-before, den+d
	}
	if den == 0 {
		return 0
	}
	return 100 * num / den
}
