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
// Cells marked in fixed (nil = none) keep their value: a row or column is
// scaled on its free cells to the target less its fixed ones. It stops once
// the largest relative gap over all targets is ≤ tol and returns the sweeps
// done and that gap, or fails after maxSweeps, or when a target is below
// its fixed cells or needs free cells that are all zero.
func ras(m *matrix, fixed []bool, tx, tm []float64, tol float64, maxSweeps int) (int, float64, error) {
	n := m.n()
	isFixed := func(k int) bool { return fixed != nil && fixed[k] }
	// split returns the fixed and free sums of i's row (col false) or
	// column (col true).
	split := func(i int, col bool) (fix, free float64) {
		for j := range n {
			if j == i {
				continue
			}
			k := i*n + j
			if col {
				k = j*n + i
			}
			if isFixed(k) {
				fix += m.v[k]
			} else {
				free += m.v[k]
			}
		}
		return fix, free
	}
	for i := range n {
		for _, t := range []struct {
			what   string
			target float64
			col    bool
		}{{"exports", tx[i], false}, {"imports", tm[i], true}} {
			if math.IsNaN(t.target) {
				continue
			}
			fix, free := split(i, t.col)
			// Within tol the fixed cells meet the target (an anchored
			// economy's do, to rounding).
			short := t.target - fix
			if short < -tol*t.target || (short > tol*t.target && free == 0) {
				return 0, 0, fmt.Errorf("build: RAS: %s target %g for %s cannot be met from %g (%g of it held fixed)", t.what, t.target, m.codes[i], fix+free, fix)
			}
		}
	}
	gap := math.Inf(1)
	for sweep := 1; sweep <= maxSweeps; sweep++ {
		for i := range n {
			if math.IsNaN(tx[i]) {
				continue
			}
			if fix, free := split(i, false); free > 0 {
				r := (tx[i] - fix) / free
				for j := range n {
					if k := i*n + j; j != i && !isFixed(k) {
						m.v[k] *= r
					}
				}
			}
		}
		for j := range n {
			if math.IsNaN(tm[j]) {
				continue
			}
			if fix, free := split(j, true); free > 0 {
				s := (tm[j] - fix) / free
				for i := range n {
					if k := i*n + j; i != j && !isFixed(k) {
						m.v[k] *= s
					}
				}
			}
		}
		x, im := m.totals()
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

// anchor scales economy a's row to its export target and its column to its
// import target, each by one factor, and marks both fixed for ras: a's
// partner shares stay those of the repaired matrix (BACI's for the US) and
// no other economy's rescaling can move them. It returns the two factors.
func anchor(m *matrix, fixed []bool, a int, tx, tm float64) (rowScale, colScale float64) {
	n := m.n()
	x, im := m.totals()
	rowScale, colScale = 1, 1
	if !math.IsNaN(tx) && x[a] > 0 {
		rowScale = tx / x[a]
	}
	if !math.IsNaN(tm) && im[a] > 0 {
		colScale = tm / im[a]
	}
	for j := range n {
		if j == a {
			continue
		}
		m.v[a*n+j] *= rowScale
		m.v[j*n+a] *= colScale
		fixed[a*n+j], fixed[j*n+a] = true, true
	}
	return rowScale, colScale
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
