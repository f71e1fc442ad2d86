package coalition

import (
	"context"
	"math"
	"sync"

	"github.com/tradebloc/tradebloc/internal/model"
)

// maxThreat is the largest threat the bisection tries: a 100-point tariff.
const maxThreat = 1.0

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
