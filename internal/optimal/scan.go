package optimal

import (
	"math"
	"time"
)

// scanRefineTol is the tolerance on a rate to which a maximum the scan
// finds away from the optimum is narrowed (0.01 percentage points): it is
// reported beside the optimum, not searched for, and a coarser tolerance
// keeps its cost to about 20 solves.
const scanRefineTol = 1e-4

// scan evaluates the country's welfare at a uniform rate on ScanRates
// inside [MinRate, MaxRate] after the search (Result.Scan) and records a
// point that beats the optimum (Elsewhere) or, for a uniform optimum, a
// lower maximum below it across a valley (Nearer), each narrowed by a
// local search between its neighbours in the scan.
//
// Why: the search is local — a bracket from the start rate, then golden
// section, which keep a maximum only for a unimodal welfare. Under the
// fixed-deficit closure a deficit country's welfare is not unimodal in its
// rate (world-2023's US: +0.575% at 41.41%, +0.53% at 80%, +2.08% at
// 300%), and the maximum found depends on where the search starts
// (--additional on the US at 100% climbs to the far one). A scan of nine
// solves says which it is. The optimum found is kept and the other
// reported, not switched to: the far maximum taxes the imports the fixed
// deficit finances, an artefact of the closure (docs/optimal-tariffs.md).
func (s *search) scan(start time.Time) {
	t0 := time.Now()
	saved := append([]float64(nil), s.rates...)
	defer func() {
		copy(s.rates, saved)
		s.warm = nil
		s.res.ScanSeconds = time.Since(t0).Seconds()
		s.res.Seconds = time.Since(start).Seconds()
	}()
	var rates []float64
	if s.p.Additional {
		// The search only adds to the scenario's tariffs; the scan also
		// cuts them, down to where the lowest taxed tariff is 0, so that
		// it sees a maximum the search cannot reach from above.
		if m := s.minTaxed(); m > 0 {
			for _, g := range ScanRates {
				if g < m {
					rates = append(rates, g-m)
				}
			}
		}
	}
	for _, g := range ScanRates {
		if g >= s.set.MinRate && g <= s.set.MaxRate {
			rates = append(rates, g)
		}
	}
	if n := len(rates); n == 0 || rates[n-1] < s.set.MaxRate {
		rates = append(rates, s.set.MaxRate)
	}
	s.warm = s.res.Outcome
	pts := make([]ScanPoint, len(rates))
	for k, x := range rates {
		pts[k] = s.scanPoint(x)
	}
	s.res.Scan = pts

	// Elsewhere: the best point the search could have reached.
	best := -1
	for k, p := range pts {
		if p.Infeasible || p.Rate < s.set.MinRate || p.Rate > s.set.MaxRate {
			continue
		}
		if p.Welfare > s.res.Welfare+ScanGain && (best < 0 || p.Welfare > pts[best].Welfare) {
			best = k
		}
	}
	if best >= 0 {
		p := s.refine(pts, best)
		s.res.Elsewhere = &p
	}
	if s.res.Partners != nil {
		return
	}
	// Nearer: a maximum of the points below the optimum, with a point
	// between it and the optimum lower than both (a valley: the same
	// hill cut by a bound is not another maximum).
	x0, w0 := s.res.Rate, s.res.Welfare
	near := -1
	for k, p := range pts {
		if p.Infeasible || p.Rate >= x0-scanRefineTol || (best >= 0 && k == best) {
			continue
		}
		if k > 0 && !pts[k-1].Infeasible && pts[k-1].Welfare >= p.Welfare {
			continue
		}
		valley := false
		for j := k + 1; j < len(pts) && pts[j].Rate < x0; j++ {
			if !pts[j].Infeasible && pts[j].Welfare < p.Welfare-ScanGain && pts[j].Welfare < w0-ScanGain {
				valley = true
				break
			}
			if !pts[j].Infeasible && pts[j].Welfare > p.Welfare {
				break // rising again before any valley: not a maximum
			}
		}
		if valley && (near < 0 || p.Welfare > pts[near].Welfare) {
			near = k
		}
	}
	if near >= 0 {
		p := s.refine(pts, near)
		s.res.Nearer = &p
		if x0 < s.set.MaxRate {
			s.res.Edge = s.scanPoint(x0 + 10*scanRefineTol).Why
		}
	}
}

// scanPoint solves at uniform rate x, warm-started from the last point.
func (s *search) scanPoint(x float64) ScanPoint {
	for i := range s.rates {
		s.rates[i] = x
	}
	c := s.p.Country
	r, err := s.solveRates()
	if err != nil {
		// The search's Infeasible counts its own trial rates only.
		return ScanPoint{Rate: x, Welfare: math.NaN(), WelfareExValuation: math.NaN(), Infeasible: true, Why: err.Error()}
	}
	s.warm = r
	return ScanPoint{Rate: x, Welfare: r.Countries[c].Welfare, WelfareExValuation: r.Countries[c].WelfareExValuation}
}

// refine narrows the maximum at scan point k to scanRefineTol by a local
// search between its neighbours in the scan, and returns it (the scan
// point itself if the search does no better).
func (s *search) refine(pts []ScanPoint, k int) ScanPoint {
	lo, hi := pts[k].Rate, pts[k].Rate
	if k > 0 {
		lo = pts[k-1].Rate
	}
	if k+1 < len(pts) {
		hi = pts[k+1].Rate
	}
	best := pts[k]
	if hi-lo <= scanRefineTol {
		return best
	}
	f := func(x float64) (float64, error) {
		p := s.scanPoint(x)
		if p.Infeasible {
			return math.Inf(-1), nil
		}
		if p.Welfare > best.Welfare {
			best = p
		}
		return p.Welfare, nil
	}
	s.warm = nil
	// f never fails: a rate without an equilibrium is the worst outcome,
	// as in the search.
	_, _, _, _ = maximize(f, lo, hi, pts[k].Rate, (hi-lo)/20, scanRefineTol)
	if best.Rate < hi {
		best.Edge = s.scanPoint(best.Rate + 10*scanRefineTol).Why
	}
	return best
}

// SinglePeaked reports whether the country's welfare, on the scan and at
// the optimum, rises to one maximum and falls: no point lies below one on
// either side of it by more than ScanGain. False without a scan.
func (r *Result) SinglePeaked() bool {
	if len(r.Scan) == 0 {
		return false
	}
	var w []float64
	at := false
	for _, p := range r.Scan {
		if !at && p.Rate > r.Rate {
			w, at = append(w, r.Welfare), true
		}
		if !p.Infeasible {
			w = append(w, p.Welfare)
		}
	}
	if !at {
		w = append(w, r.Welfare)
	}
	left := math.Inf(-1)
	for k, x := range w {
		right := math.Inf(-1)
		for _, y := range w[k+1:] {
			right = math.Max(right, y)
		}
		if x < left-ScanGain && x < right-ScanGain {
			return false
		}
		left = math.Max(left, x)
	}
	return true
}

// minTaxed is the lowest of the scenario's tariffs the rate is added to
// (Additional): the cut at which one of them reaches 0.
func (s *search) minTaxed() float64 {
	b, c := s.p.Base, s.p.Country
	N, S := b.N, b.S
	m := math.Inf(1)
	for i := 0; i < N; i++ {
		if i == c {
			continue
		}
		for k := 0; k < S; k++ {
			if taxed(s.p.Sectors, k) {
				m = math.Min(m, s.base[(i*N+c)*S+k])
			}
		}
	}
	if math.IsInf(m, 1) {
		return 0
	}
	return m
}
