package model

import "math"

// anderson accelerates a fixed-point iteration x ← G(x) (Anderson mixing,
// "type II", Walker & Ni 2011) with a memory of m past steps. It keeps its
// history in preallocated rings, so a step allocates nothing.
type anderson struct {
	m, n     int
	count    int       // steps stored (≤ m)
	head     int       // ring position of the next write
	dF, dG   []float64 // m rings of n: differences of residuals and of maps
	fPrev    []float64
	gPrev    []float64
	havePrev bool
	inner    []float64 // m×m inner products of the dF rings, by ring position
	gram     []float64 // mk×mk normal matrix of this step (solveSmall overwrites it)
	rhs      []float64
	gamma    []float64
}

func newAnderson(m, n int) *anderson {
	return &anderson{
		m: m, n: n,
		dF: make([]float64, m*n), dG: make([]float64, m*n),
		fPrev: make([]float64, n), gPrev: make([]float64, n),
		inner: make([]float64, m*m), gram: make([]float64, m*m), rhs: make([]float64, m), gamma: make([]float64, m),
	}
}

func (a *anderson) reset() { a.count, a.head, a.havePrev = 0, 0, false }

// step writes the next iterate into out, given the map value g = G(x) and
// residual f = g − x at the current iterate.
func (a *anderson) step(g, f, out []float64) {
	n, m := a.n, a.m
	if a.havePrev {
		h := a.head
		row := h * n
		for k := 0; k < n; k++ {
			a.dF[row+k] = f[k] - a.fPrev[k]
			a.dG[row+k] = g[k] - a.gPrev[k]
		}
		a.head = (h + 1) % m
		if a.count < m {
			a.count++
		}
		// Only the new ring's inner products change: O(m·n) per step
		// rather than the O(m²·n) of rebuilding the normal matrix, which
		// lets large systems (input–output worlds) use a long memory.
		fh := a.dF[row : row+n]
		for q := 0; q < a.count; q++ {
			v := dot(fh, a.dF[q*n:q*n+n])
			a.inner[h*m+q], a.inner[q*m+h] = v, v
		}
	}
	copy(a.fPrev, f)
	copy(a.gPrev, g)
	a.havePrev = true
	copy(out, g)
	mk := a.count
	if mk == 0 {
		return
	}
	// Normal equations (ΔFᵀΔF + εI) γ = ΔFᵀ f; the ridge term keeps them
	// solvable when the history is collinear.
	trace := 0.0
	for p := 0; p < mk; p++ {
		for q := 0; q < mk; q++ {
			a.gram[p*mk+q] = a.inner[p*m+q]
		}
		trace += a.gram[p*mk+p]
		a.rhs[p] = dot(a.dF[p*n:p*n+n], f)
	}
	if trace == 0 || math.IsNaN(trace) {
		return
	}
	for p := 0; p < mk; p++ {
		a.gram[p*mk+p] += 1e-10 * trace / float64(mk)
	}
	if !solveSmall(a.gram[:mk*mk], a.rhs[:mk], a.gamma[:mk], mk) {
		return
	}
	for p := 0; p < mk; p++ {
		gp := a.dG[p*n : p*n+n]
		c := a.gamma[p]
		for k := range out {
			out[k] -= c * gp[k]
		}
	}
	for _, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			copy(out, g)
			a.reset()
			return
		}
	}
}

// solveSmall solves the m×m system A x = b in place by Gaussian elimination
// with partial pivoting; it reports false for a singular matrix.
func solveSmall(A, b, x []float64, m int) bool {
	for c := 0; c < m; c++ {
		p := c
		for r := c + 1; r < m; r++ {
			if math.Abs(A[r*m+c]) > math.Abs(A[p*m+c]) {
				p = r
			}
		}
		if A[p*m+c] == 0 {
			return false
		}
		if p != c {
			for k := 0; k < m; k++ {
				A[p*m+k], A[c*m+k] = A[c*m+k], A[p*m+k]
			}
			b[p], b[c] = b[c], b[p]
		}
		for r := c + 1; r < m; r++ {
			f := A[r*m+c] / A[c*m+c]
			for k := c; k < m; k++ {
				A[r*m+k] -= f * A[c*m+k]
			}
			b[r] -= f * b[c]
		}
	}
	for r := m - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < m; k++ {
			s -= A[r*m+k] * x[k]
		}
		x[r] = s / A[r*m+r]
	}
	return true
}
