package build

import (
	"fmt"
	"math"
)

// RAS tolerances: the largest relative gap between a constrained total and
// its target when the iteration stops, and the most sweeps it may take
// (the embedded data need 160).
const (
	RASTolerance = 1e-12
	RASMaxSweeps = 10000
)

// ras rescales m biproportionally so that every economy with a target has
// exports tx[i] and imports tm[i] (NaN = unconstrained). A sweep scales the
// rows of the economies with an export target to their targets, then the
// columns of those with an import target; flows between two unconstrained
// economies never change, and zeros stay zero, so the pattern of m is kept.
// It stops once the largest relative gap over all targets is ≤ tol and
// returns the sweeps done and that gap, or fails after maxSweeps, or when a
// target is negative or needs a row or column that is all zero.
func ras(m *matrix, tx, tm []float64, tol float64, maxSweeps int) (int, float64, error) {
	n := m.n()
	x, im := m.totals()
	for i := range n {
		for _, t := range []struct {
			what   string
			target float64
			now    float64
		}{{"exports", tx[i], x[i]}, {"imports", tm[i], im[i]}} {
			if math.IsNaN(t.target) {
				continue
			}
			if t.target < 0 || (t.target > 0 && t.now == 0) {
				return 0, 0, fmt.Errorf("build: RAS: %s target %g for %s cannot be met from %g", t.what, t.target, m.codes[i], t.now)
			}
		}
	}
	gap := math.Inf(1)
	for sweep := 1; sweep <= maxSweeps; sweep++ {
		x, _ = m.totals()
		for i := range n {
			if !math.IsNaN(tx[i]) && x[i] > 0 {
				r := tx[i] / x[i]
				for j := range n {
					if j != i {
						m.v[i*n+j] *= r
					}
				}
			}
		}
		_, im = m.totals()
		for j := range n {
			if !math.IsNaN(tm[j]) && im[j] > 0 {
				s := tm[j] / im[j]
				for i := range n {
					if i != j {
						m.v[i*n+j] *= s
					}
				}
			}
		}
		x, im = m.totals()
		gap = 0
		for i := range n {
			gap = max(gap, relGap(x[i], tx[i]), relGap(im[i], tm[i]))
		}
		if gap <= tol {
			return sweep, gap, nil
		}
	}
	return maxSweeps, gap, fmt.Errorf("build: RAS did not converge in %d sweeps (largest relative gap %.3g)", maxSweeps, gap)
}

// relGap is |got/target − 1|; 0 for no target (NaN) or a zero target met.
func relGap(got, target float64) float64 {
	switch {
	case math.IsNaN(target):
		return 0
	case target == 0:
		return math.Abs(got)
	}
	return math.Abs(got/target - 1)
}
