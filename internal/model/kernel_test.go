package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestKernels checks the unrolled kernels of kernel.go against the plain
// loops they stand for, on every length from 0 to 9 (so that each unrolled
// body runs with every remainder). The values are small integers, so both
// sums are exact and must agree to the bit.
func TestKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	ints := func(n int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = float64(r.IntN(19) - 9)
		}
		return v
	}
	for n := 0; n <= 9; n++ {
		a, b, c := ints(n), ints(n), ints(n)
		var sa, sb float64
		for i := range a {
			sa += a[i] * c[i]
			sb += b[i] * c[i]
		}
		if got := dot(a, c); got != sa {
			t.Errorf("n=%d: dot = %v, want %v", n, got, sa)
		}
		if g1, g2 := dot2(a, b, c); g1 != sa || g2 != sb {
			t.Errorf("n=%d: dot2 = %v, %v, want %v, %v", n, g1, g2, sa, sb)
		}
		a32 := make([]float32, n)
		for i, x := range a {
			a32[i] = float32(x)
		}
		if got := dot32(a32, c); got != sa {
			t.Errorf("n=%d: dot32 = %v, want %v", n, got, sa)
		}
		// scatter and scatterSlope add v·B[i]·c[i] to dem[i] (and the
		// elasticity term x·θ·(1 − A[i]·c[i]·inv) to dsum[i]) on top of
		// what is there, and return the sum of the additions.
		const v, th, inv = 3, 4, 0.5
		dem0, dsum0 := ints(n), ints(n)
		wantDem, wantDsum := make([]float64, n), make([]float64, n)
		wantSum := 0.0
		for i := range a {
			x := v * b[i] * c[i]
			wantDem[i] = dem0[i] + x
			wantDsum[i] = dsum0[i] + x*th*(1-a[i]*c[i]*inv)
			wantSum += x
		}
		dem := append([]float64(nil), dem0...)
		if got := scatter(dem, b, c, v); got != wantSum || !equal(dem, wantDem) {
			t.Errorf("n=%d: scatter = %v, dem %v; want %v, %v", n, got, dem, wantSum, wantDem)
		}
		dem, dsum := append([]float64(nil), dem0...), append([]float64(nil), dsum0...)
		if got := scatterSlope(dem, dsum, b, a, c, v, th, inv); got != wantSum || !equal(dem, wantDem) || !equal(dsum, wantDsum) {
			t.Errorf("n=%d: scatterSlope = %v, dem %v, dsum %v; want %v, %v, %v", n, got, dem, dsum, wantSum, wantDem, wantDsum)
		}
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
