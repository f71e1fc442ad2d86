package model

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// linearization is the LU factorisation of the Jacobian of the iteration's
// residual f(x) = G(x) − x at a solution. Warm starts from that solution take
// chord (frozen-Jacobian Newton) steps with it, which converge in a few
// iterations for nearby scenarios — the case of coalition enumeration, where
// thousands of memberships differ by one country's tariffs.
type linearization struct {
	n   int
	lu  []float64
	piv []int
	// inv is J⁻¹, row-major: a chord step is then one matrix–vector product,
	// whose independent row sums run several times faster than the
	// dependent chains of two triangular solves.
	inv []float64
	// lu32 is the LU factors in single precision, for states too large to
	// invert (invertLimit).
	lu32 []float32
	// inv32 is J⁻¹ in single precision, formed instead of lu32 by
	// LinearizeShared, whose many chord steps repay the inversion.
	inv32 []float32
	// slope is the diagonal Newton scaling at the linearization point, frozen
	// so that chord steps iterate the very map whose Jacobian this is.
	slope []float64
}

// Linearize computes and attaches to r the Jacobian that makes warm starts
// from r fast. It costs about dim+1 evaluations of the equilibrium conditions
// plus an LU factorisation (for 194 countries, a few times a cold solve), so
// it pays off when many scenarios are solved from one neighbour. The result
// stays safe to share across goroutines.
func (b *Baseline) Linearize(r *Result) error { return b.linearize(r, false) }

// LinearizeShared is Linearize for a Jacobian that thousands of warm starts
// will share, such as a simulation world's start state, whose every run
// starts from it (package simulate): above invertLimit it also forms J⁻¹,
// in single precision. The inversion costs about as much as the rest of
// the linearization (0.1 s for 582 unknowns) and makes each chord step
// about twice as fast as the two triangular substitutions on the factors.
func (b *Baseline) LinearizeShared(r *Result) error { return b.linearize(r, true) }

func (b *Baseline) linearize(r *Result, shared bool) error {
	if r == nil || r.Status != Converged || len(r.xi) == 0 {
		return &errs.Error{Op: "linearize", Kind: errs.Invalid, Err: fmt.Errorf("need a converged result")}
	}
	n := len(r.xi)
	w := b.getWorkspace(n)
	defer b.pool.Put(w)
	opt := r.Options
	if err := b.prepare(w, &opt, &r.shocks); err != nil {
		w.prepared = false
		return err
	}
	x := append([]float64(nil), r.xi...)
	f0 := make([]float64, n)
	if _, err := b.eval(w, &opt, x, w.g, nil); err != nil {
		return err
	}
	slope := append([]float64(nil), w.slope...)
	if _, err := b.eval(w, &opt, x, w.g, slope); err != nil {
		return err
	}
	for k := range f0 {
		f0[k] = w.g[k] - x[k]
	}
	J := make([]float64, n*n)
	const h = 1e-7
	for k := 0; k < n; k++ {
		x[k] += h
		if _, err := b.eval(w, &opt, x, w.g, slope); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			J[i*n+k] = (w.g[i] - x[i] - f0[i]) / h
		}
		x[k] -= h
	}
	lin := &linearization{n: n, lu: J, piv: make([]int, n), slope: slope}
	if !lin.factor() {
		return &errs.Error{Op: "linearize", Kind: errs.Other, Err: fmt.Errorf("the Jacobian is singular")}
	}
	switch {
	case n <= invertLimit:
		lin.invert()
	case shared:
		// Chord steps only need a direction: single precision halves the
		// memory each step streams through and the work of its products.
		lin.invert()
		lin.inv32 = make([]float32, len(lin.inv))
		for k, x := range lin.inv {
			lin.inv32[k] = float32(x)
		}
		lin.inv, lin.lu = nil, nil
	default:
		// Chord steps only need a direction: single precision halves the
		// memory the substitutions stream through (the fixed point itself is
		// checked in double precision).
		lin.lu32 = make([]float32, len(lin.lu))
		for k, x := range lin.lu {
			lin.lu32[k] = float32(x)
		}
	}
	r.lin = lin
	return nil
}

// factor computes the LU factorisation with partial pivoting in place.
func (l *linearization) factor() bool {
	n, a := l.n, l.lu
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r*n+c]) > math.Abs(a[p*n+c]) {
				p = r
			}
		}
		l.piv[c] = p
		if a[p*n+c] == 0 {
			return false
		}
		if p != c {
			for k := 0; k < n; k++ {
				a[p*n+k], a[c*n+k] = a[c*n+k], a[p*n+k]
			}
		}
		inv := 1 / a[c*n+c]
		for r := c + 1; r < n; r++ {
			f := a[r*n+c] * inv
			if f == 0 {
				continue
			}
			a[r*n+c] = f
			rowR, rowC := a[r*n+c+1:r*n+n], a[c*n+c+1:c*n+n]
			for k := range rowR {
				rowR[k] -= f * rowC[k]
			}
		}
	}
	return true
}

// solve overwrites v with J⁻¹ v by forward and back substitution on the LU
// factors; the dot products run on four partial sums (kernel.go).
func (l *linearization) solve(v []float64) {
	n, a := l.n, l.lu
	for c := 0; c < n; c++ {
		if p := l.piv[c]; p != c {
			v[p], v[c] = v[c], v[p]
		}
	}
	for r := 1; r < n; r++ {
		v[r] -= dot(a[r*n:r*n+r], v[:r])
	}
	for r := n - 1; r >= 0; r-- {
		v[r] = (v[r] - dot(a[r*n+r+1:r*n+n], v[r+1:n])) / a[r*n+r]
	}
}

// solve32 is solve on the single-precision factors.
func (l *linearization) solve32(v []float64) {
	n, a := l.n, l.lu32
	for c := 0; c < n; c++ {
		if p := l.piv[c]; p != c {
			v[p], v[c] = v[c], v[p]
		}
	}
	for r := 1; r < n; r++ {
		v[r] -= dot32(a[r*n:r*n+r], v[:r])
	}
	for r := n - 1; r >= 0; r-- {
		v[r] = (v[r] - dot32(a[r*n+r+1:r*n+n], v[r+1:n])) / float64(a[r*n+r])
	}
}

// invert computes J⁻¹ from the LU factors, column by column.
func (l *linearization) invert() {
	n := l.n
	l.inv = make([]float64, n*n)
	col := make([]float64, n)
	for k := 0; k < n; k++ {
		clear(col)
		col[k] = 1
		l.solve(col)
		for i, v := range col {
			l.inv[i*n+k] = v
		}
	}
}

// invertLimit is the largest state for which Linearize forms J⁻¹: above it
// (input–output states of 3N and more) the N³ inversion costs more than the
// chord steps it speeds up, and a step solves with the LU factors instead.
const invertLimit = 300

// mulInv sets dst = J⁻¹ src; scratch (len n) is used with a
// single-precision inverse.
func (l *linearization) mulInv(dst, src []float64, scratch []float32) {
	n := l.n
	if l.inv32 != nil {
		for k, v := range src[:n] {
			scratch[k] = float32(v)
		}
		mulRows32(dst, l.inv32, scratch[:n])
		return
	}
	if l.inv == nil {
		copy(dst, src)
		l.solve32(dst)
		return
	}
	for i := 0; i < n; i++ {
		row := l.inv[i*n : i*n+n]
		var s0, s1, s2, s3 float64
		k := 0
		for ; k+4 <= n; k += 4 {
			s0 += row[k] * src[k]
			s1 += row[k+1] * src[k+1]
			s2 += row[k+2] * src[k+2]
			s3 += row[k+3] * src[k+3]
		}
		for ; k < n; k++ {
			s0 += row[k] * src[k]
		}
		dst[i] = (s0 + s1) + (s2 + s3)
	}
}

// maxChordDim is the largest solver state whose linearization pays off in
// batch work: 582 unknowns (world-2023 with one-sector input–output links)
// linearize in about 0.1 s and warm solves then take 6 chord steps instead
// of ~65 Anderson iterations (3.8× faster); at 4,617 (icio-2022) one chord
// step, an N² substitution, costs more than the iterations it saves and
// the factorisation takes tens of seconds.
const maxChordDim = 1500

// ChordPays reports whether batch callers (the coalition game, sweeps)
// should Linearize a solution of b under opt and warm-start its neighbours
// with chord steps, rather than warm-start them with Anderson iterations
// alone.
func (b *Baseline) ChordPays(opt Options) bool { return b.dim(&opt) <= maxChordDim }

// mulRows32 sets dst = M v for the n×n row-major M. Four rows at a time
// share each load of v, and their eight partial sums run independently:
// a row at a time is bound by loads and by the latency of its adds.
func mulRows32(dst []float64, m, v []float32) {
	n := len(v)
	i := 0
	for ; i+4 <= n; i += 4 {
		r0, r1, r2, r3 := m[i*n:i*n+n], m[(i+1)*n:(i+1)*n+n], m[(i+2)*n:(i+2)*n+n], m[(i+3)*n:(i+3)*n+n]
		var a0, a1, b0, b1, c0, c1, d0, d1 float32
		k := 0
		for ; k+2 <= n; k += 2 {
			x0, x1 := v[k], v[k+1]
			a0 += r0[k] * x0
			a1 += r0[k+1] * x1
			b0 += r1[k] * x0
			b1 += r1[k+1] * x1
			c0 += r2[k] * x0
			c1 += r2[k+1] * x1
			d0 += r3[k] * x0
			d1 += r3[k+1] * x1
		}
		if k < n {
			x := v[k]
			a0 += r0[k] * x
			b0 += r1[k] * x
			c0 += r2[k] * x
			d0 += r3[k] * x
		}
		dst[i], dst[i+1], dst[i+2], dst[i+3] = float64(a0+a1), float64(b0+b1), float64(c0+c1), float64(d0+d1)
	}
	for ; i < n; i++ {
		row := m[i*n : i*n+n]
		var s float32
		for k, x := range v {
			s += row[k] * x
		}
		dst[i] = float64(s)
	}
}
