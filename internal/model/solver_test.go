package model

import (
	"math"
	"testing"
)

// Tests of the solver's numerical parts on problems whose answers are known
// by hand: the small dense solve behind Anderson mixing, Anderson mixing
// itself on linear maps (where its convergence is a theorem), and the LU
// factorisation behind chord steps.

// TestSolveSmall checks Gaussian elimination on systems solved by hand,
// including ones that need a row exchange to be solved at all or to be
// solved accurately.
func TestSolveSmall(t *testing.T) {
	for _, c := range denseCases {
		t.Run(c.name, func(t *testing.T) {
			m := len(c.b)
			A := append([]float64(nil), c.A...)
			b := append([]float64(nil), c.b...)
			x := make([]float64, m)
			ok := solveSmall(A, b, x, m)
			if c.want == nil {
				if ok {
					t.Fatalf("singular system solved: x = %v", x)
				}
				return
			}
			if !ok {
				t.Fatal("reported singular")
			}
			for k := range x {
				if math.Abs(x[k]-c.want[k]) > 1e-12 {
					t.Fatalf("x = %v, want %v", x, c.want)
				}
			}
		})
	}
}

// TestLinearizationSolves runs the LU factorisation behind chord steps on
// the same hand-solved systems: the factors solve them in double precision,
// in single precision (states above invertLimit) and through the inverse,
// in double and in single precision (LinearizeShared).
func TestLinearizationSolves(t *testing.T) {
	for _, c := range denseCases {
		t.Run(c.name, func(t *testing.T) {
			n := len(c.b)
			l := &linearization{n: n, lu: append([]float64(nil), c.A...), piv: make([]int, n)}
			if !l.factor() {
				if c.want != nil {
					t.Fatal("reported singular")
				}
				return
			}
			if c.want == nil {
				t.Fatal("singular matrix factorised")
			}
			check := func(how string, x []float64, tol float64) {
				for k := range x {
					if math.Abs(x[k]-c.want[k]) > tol {
						t.Errorf("%s: x = %v, want %v", how, x, c.want)
						return
					}
				}
			}
			x := append([]float64(nil), c.b...)
			l.solve(x)
			check("LU", x, 1e-12)
			l.lu32 = make([]float32, len(l.lu))
			for k, v := range l.lu {
				l.lu32[k] = float32(v)
			}
			x = append([]float64(nil), c.b...)
			l.solve32(x)
			check("single-precision LU", x, 1e-5)
			l.invert()
			x = make([]float64, n)
			l.mulInv(x, c.b, nil)
			check("inverse", x, 1e-12)
			l.inv32 = make([]float32, len(l.inv))
			for k, v := range l.inv {
				l.inv32[k] = float32(v)
			}
			x = make([]float64, n)
			l.mulInv(x, c.b, make([]float32, n))
			check("single-precision inverse", x, 1e-5)
		})
	}
}

// denseCases are small linear systems A x = b solved by hand (A row-major).
var denseCases = []struct {
	name string
	A    []float64
	b    []float64
	want []float64 // nil: singular
}{
	{"1x1", []float64{4}, []float64{2}, []float64{0.5}},
	// x = (1, 2, 3); the first column's leading entry is zero, so the
	// elimination must exchange rows before it can divide.
	{"zero leading pivot", []float64{0, 2, 1, 1, 1, 1, 2, 1, 0}, []float64{7, 6, 4}, []float64{1, 2, 3}},
	// x = (1, −1, 2, 0.5) with the largest entry of each column below
	// the diagonal: every column needs an exchange.
	{"exchange in every column", []float64{
		1, 2, 0, 1,
		3, 1, 1, 0,
		0, 4, 2, 1,
		2, 0, 5, 6,
	}, []float64{-0.5, 4, 0.5, 15}, []float64{1, -1, 2, 0.5}},
	// Solution (1/(1−1e−20), 1 − …) ≈ (1, 1): without choosing the larger
	// pivot the 1e−20 pivot loses x₀ entirely (0 instead of 1).
	{"tiny pivot", []float64{1e-20, 1, 1, 1}, []float64{1, 2}, []float64{1, 1}},
	// x = (1, 2, 3): after the first column the largest entry of the
	// second is on the diagonal and a 1e−20 sits below it; taking the
	// small one as pivot loses x₁ (0 instead of 2).
	{"tiny pivot in the second column", []float64{1, 0, 0, 0, 1, 1, 0, 1e-20, 1}, []float64{1, 5, 3}, []float64{1, 2, 3}},
	// x = (1, 2, 3, 4): a permutation whose third column has its only
	// nonzero entry below the diagonal; no exchange there, no solution.
	{"exchange in the third column", []float64{
		1, 0, 0, 0,
		0, 1, 0, 0,
		0, 0, 0, 1,
		0, 0, 1, 0,
	}, []float64{1, 2, 4, 3}, []float64{1, 2, 3, 4}},
	{"singular", []float64{1, 2, 2, 4}, []float64{1, 2}, nil},
	{"zero column", []float64{0, 1, 0, 2}, []float64{1, 2}, nil},
}

// linearMap is G(x) = M x + c on n unknowns: a fixed-point problem whose
// solution x* = (I − M)⁻¹ c is known, and on which plain iteration
// contracts only as fast as M's spectral radius.
type linearMap struct {
	n    int
	M, c []float64
}

// slowMap is a symmetric 5×5 M with eigenvalues 0.97, 0.9, 0.5, −0.3 and
// −0.8 (a rotation of a diagonal matrix), so plain iteration needs
// ln(1e−10)/ln(0.97) ≈ 760 steps.
func slowMap() linearMap {
	eig := []float64{0.97, 0.9, 0.5, -0.3, -0.8}
	n := len(eig)
	// Q is an orthogonal (Householder) matrix I − 2vvᵀ/vᵀv, v = (1,2,3,4,5).
	v := []float64{1, 2, 3, 4, 5}
	vv := 0.0
	for _, x := range v {
		vv += x * x
	}
	Q := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			Q[i*n+j] = -2 * v[i] * v[j] / vv
			if i == j {
				Q[i*n+j]++
			}
		}
	}
	M := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				M[i*n+j] += Q[i*n+k] * eig[k] * Q[j*n+k]
			}
		}
	}
	return linearMap{n: n, M: M, c: []float64{1, -2, 0.5, 3, -1}}
}

func (l linearMap) apply(x, g []float64) {
	for i := 0; i < l.n; i++ {
		g[i] = l.c[i]
		for j := 0; j < l.n; j++ {
			g[i] += l.M[i*l.n+j] * x[j]
		}
	}
}

// iterate runs x ← G(x), accelerated when acc is not nil, from x = 0 until
// max|G(x) − x| ≤ tol, and returns the number of map evaluations and the
// final iterate.
func (l linearMap) iterate(acc *anderson, tol float64, maxIter int) (int, []float64) {
	x, g, f, out := make([]float64, l.n), make([]float64, l.n), make([]float64, l.n), make([]float64, l.n)
	for it := 1; it <= maxIter; it++ {
		l.apply(x, g)
		r := 0.0
		for k := range f {
			f[k] = g[k] - x[k]
			r = math.Max(r, math.Abs(f[k]))
		}
		if r <= tol {
			return it, x
		}
		if acc == nil {
			copy(x, g)
			continue
		}
		acc.step(g, f, out)
		copy(x, out)
	}
	return maxIter + 1, x
}

// TestAndersonOnLinearMaps: on a linear map, Anderson mixing with a memory
// of at least n past steps is GMRES in disguise (Walker & Ni 2011) and
// reaches the fixed point in at most n+1 steps up to rounding; with a
// shorter memory (the ring wraps) it still beats plain iteration several
// times over on this slow map. Both land on x* = (I − M)⁻¹ c.
func TestAndersonOnLinearMaps(t *testing.T) {
	l := slowMap()
	n := l.n
	// x* by hand: solve (I − M) x = c.
	IM := make([]float64, n*n)
	for k := range IM {
		IM[k] = -l.M[k]
	}
	for i := 0; i < n; i++ {
		IM[i*n+i]++
	}
	want := make([]float64, n)
	if !solveSmall(IM, append([]float64(nil), l.c...), want, n) {
		t.Fatal("I − M singular")
	}
	const tol = 1e-10
	plain, _ := l.iterate(nil, tol, 5000)
	if plain < 700 {
		t.Fatalf("plain iteration took %d steps; the test map is meant to be slow (≈ 760)", plain)
	}
	cases := []struct {
		memory, maxSteps int
	}{
		// Full memory: finite termination. Counting the evaluation at the
		// start and the one that confirms convergence, n+1 steps are n+2
		// evaluations; one more for rounding.
		{n, n + 3},
		{3, plain / 5}, // the ring of 3 wraps after 3 steps
	}
	for _, c := range cases {
		it, x := l.iterate(newAnderson(c.memory, n), tol, 5000)
		if it > c.maxSteps {
			t.Errorf("memory %d: %d steps, want ≤ %d (plain iteration: %d)", c.memory, it, c.maxSteps, plain)
		}
		for k := range x {
			if math.Abs(x[k]-want[k]) > 1e-8 {
				t.Errorf("memory %d: x = %v, want %v", c.memory, x, want)
				break
			}
		}
	}
}

// TestAndersonCollinearHistory: with a memory longer than the number of
// unknowns the stored differences are linearly dependent and the normal
// equations singular; the ridge term keeps them solvable, so on a slow
// one-unknown map (G(x) = 0.97x + 1, plain iteration ≈ 800 steps) the
// acceleration still works as a secant method and converges in a few steps.
func TestAndersonCollinearHistory(t *testing.T) {
	l := linearMap{n: 1, M: []float64{0.97}, c: []float64{1}}
	const tol = 1e-10
	for _, memory := range []int{1, 3, 6} {
		it, x := l.iterate(newAnderson(memory, 1), tol, 5000)
		if it > 10 || math.Abs(x[0]-1/0.03) > 1e-7 {
			t.Errorf("memory %d: %d steps to x = %v, want ≤ 10 steps to %v", memory, it, x[0], 1/0.03)
		}
	}
}
