package model

import (
	"fmt"
	"math"
	"time"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Status is the outcome of a solve.
type Status int

// The solve outcomes.
const (
	Converged    Status = iota // market clearing holds to the tolerance
	NotConverged               // iterations ran out, or the iteration broke down
	InvalidInput               // the shocks or options cannot be solved
)

func (s Status) String() string {
	return [...]string{"converged", "not converged", "invalid input"}[s]
}

const (
	defaultTol     = 1e-12
	defaultMaxIter = 2000
	andersonMemory = 6
	// minSlope bounds the diagonal Newton step (the own-wage elasticity of
	// excess demand is at most −1 in theory; this guards rounding).
	minSlope = 0.5
	// chordRate is the contraction per chord step below which the frozen
	// Jacobian is abandoned for Anderson iterations.
	chordRate = 0.8
)

// workspace holds every buffer one solve needs, so that the iteration loop
// allocates nothing. Workspaces are pooled per Baseline.
type workspace struct {
	A, T, B, U []float64 // per-scenario kernels in layout (s*N+j)*N+i
	hasT, hasU bool

	cth        []float64 // c_i^(−θ_s) at s*N+i
	sumL, sumT []float64 // Σ_i Λ_ij,s and Σ_i Λ·t'/(1+t') at s*N+j
	v          []float64 // α_j,s E'_j / Σ_i Λ_ij,s at s*N+j
	dem, outl  []float64 // demand for i's output; i's subsidy outlay
	slope      []float64 // the diagonal Newton slopes of the last evaluation
	dsum       []float64 // Σ θ X'(1−λ'): minus the own-wage elasticity of demand, times demand
	Yn, En, Dn []float64
	lnP, rho   []float64
	tauHat     []float64
	absorb     []float64
	target     []float64
	wt         []float64 // weights for spreading the deficit residual
	rowSum     []float64 // Σ_i X'_ij: importer j's purchases, all sources

	prepared bool  // A, T, B hold the baseline kernels except at dirty
	dirty    []int // kernel entries the last prepare changed

	x, g, f, xn []float64
	acc         *anderson
	ratioScale  float64 // the world factor s of the ratio closure
}

func (b *Baseline) getWorkspace(dim int) *workspace {
	if w, ok := b.pool.Get().(*workspace); ok && len(w.x) == dim {
		return w
	}
	N, S := b.N, b.S
	nn := N * N * S
	return &workspace{
		A: make([]float64, nn), T: make([]float64, nn), B: make([]float64, nn),
		cth: make([]float64, N*S), sumL: make([]float64, N*S), sumT: make([]float64, N*S), v: make([]float64, N*S),
		dem: make([]float64, N), outl: make([]float64, N), dsum: make([]float64, N), slope: make([]float64, N),
		Yn: make([]float64, N), En: make([]float64, N), Dn: make([]float64, N),
		lnP: make([]float64, N), rho: make([]float64, N), tauHat: make([]float64, N),
		absorb: make([]float64, N), target: make([]float64, N), wt: make([]float64, N), rowSum: make([]float64, N),
		x: make([]float64, dim), g: make([]float64, dim), f: make([]float64, dim), xn: make([]float64, dim),
		acc: newAnderson(andersonMemory, dim),
	}
}

func invalid(format string, args ...any) error {
	return &errs.Error{Op: "solve", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
}

// check validates options and shocks against the baseline.
func (b *Baseline) check(opt *Options, sh *Shocks) error {
	N, S := b.N, b.S
	if len(opt.Theta) != S {
		return invalid("trade elasticity: %d values for %d sectors", len(opt.Theta), S)
	}
	for s, th := range opt.Theta {
		if !(th > 0) || math.IsInf(th, 0) {
			return invalid("trade elasticity of sector %d must be positive and finite, got %g", s, th)
		}
	}
	if !(opt.Kappa >= 0) || math.IsInf(opt.Kappa, 0) {
		return invalid("labour supply elasticity must be ≥ 0, got %g", opt.Kappa)
	}
	if !(opt.Psi >= 0) || math.IsInf(opt.Psi, 0) {
		return invalid("scale elasticity must be ≥ 0, got %g", opt.Psi)
	}
	if opt.Numeraire == CountryWage && (opt.NumeraireCountry < 0 || opt.NumeraireCountry >= N) {
		return invalid("numeraire country index %d out of range", opt.NumeraireCountry)
	}
	nn := N * N * S
	for name, v := range map[string][]float64{"tariff": sh.Tariff, "trade cost": sh.Cost, "subsidy": sh.Subsidy} {
		if v != nil && len(v) != nn {
			return invalid("%s array has %d values, want %d", name, len(v), nn)
		}
	}
	if sh.DeficitTarget != nil && len(sh.DeficitTarget) != N {
		return invalid("deficit targets: %d values for %d countries", len(sh.DeficitTarget), N)
	}
	if sh.Absorb != nil && len(sh.Absorb) != N {
		return invalid("absorption weights: %d values for %d countries", len(sh.Absorb), N)
	}
	if sh.DeficitTarget != nil {
		free, wsum := 0, 0.0
		for j, d := range sh.DeficitTarget {
			if math.IsNaN(d) {
				free++
				if sh.Absorb != nil {
					wsum += sh.Absorb[j]
				}
				continue
			}
			if !(d > -1) || math.IsInf(d, 0) {
				return invalid("deficit target of %s is %g of GDP: expenditure would be non-positive", b.Codes[j], d)
			}
		}
		if free == 0 {
			return invalid("every country has a deficit target: none is left to absorb the counterpart balances")
		}
		if sh.Absorb != nil && !(wsum > 0) {
			return invalid("absorption weights of the countries without targets sum to %g; they must be positive", wsum)
		}
	}
	for j, w := range sh.Absorb {
		if !(w >= 0) || math.IsInf(w, 0) {
			return invalid("absorption weight of %s must be ≥ 0, got %g", b.Codes[j], w)
		}
	}
	return nil
}

// prepare computes the per-scenario kernels: Λ_ij,s = A_ij,s · ĉ_i^(−θ_s)
// with A = λ·[d̂·(1+t')/((1+t)(1+sub'))]^(−θ), and the fractions of
// spending that are tariff revenue (T), producer revenue (B) and subsidy (U).
func (b *Baseline) prepare(w *workspace, opt *Options, sh *Shocks) error {
	N, S := b.N, b.S
	w.hasU = sh.Subsidy != nil
	w.hasT = b.hasTariffs
	if w.hasU && w.U == nil {
		w.U = make([]float64, N*N*S)
	}
	// The kernels start from the baseline ones. A pooled workspace still
	// holds the previous scenario, which differs from the baseline only at
	// the entries it shocked: restoring those is far cheaper than copying
	// three N²S arrays.
	if w.prepared {
		for _, k := range w.dirty {
			w.A[k], w.T[k], w.B[k] = b.lam[k], b.lamT[k], b.lamB[k]
			if w.U != nil {
				w.U[k] = 0
			}
		}
	} else {
		copy(w.A, b.lam)
		copy(w.T, b.lamT)
		copy(w.B, b.lamB)
		if w.U != nil {
			clear(w.U)
		}
		w.prepared = true
	}
	w.dirty = w.dirty[:0]
	// Recompute only the pairs whose tariff, cost or subsidy moved, scanning
	// the shock arrays in their own (data) layout.
	for dk := 0; dk < N*N*S; dk++ {
		t0 := b.tarData[dk]
		t1, d, sub := sh.at(dk, t0)
		if t1 == t0 && d == 1 && sub == 0 {
			continue
		}
		s := dk % S
		i, j := dk/(N*S), (dk/S)%N
		// Validated here, in the one pass over the shocks, rather than in a
		// separate sweep: only entries that differ from the (valid)
		// baseline can be invalid.
		switch {
		case !(t1 > -1) || math.IsInf(t1, 0):
			return invalid("tariff of %s on %s must be > −1 and finite, got %g", b.Codes[j], b.Codes[i], t1)
		case !(d > 0) || math.IsInf(d, 0):
			return invalid("trade-cost factor %s→%s must be positive and finite, got %g", b.Codes[i], b.Codes[j], d)
		case !(sub > -1) || math.IsInf(sub, 0):
			return invalid("export subsidy of %s must be > −1 and finite, got %g", b.Codes[i], sub)
		}
		k := (s*N+j)*N + i
		a := shockedShare(b.lam[k], t0, t1, d, sub, opt.Theta[s])
		w.A[k] = a
		w.T[k] = a * t1 / (1 + t1)
		w.B[k] = a * (1 + sub) / (1 + t1)
		if w.hasU {
			w.U[k] = a * sub / (1 + t1)
		}
		w.dirty = append(w.dirty, k)
		if t1 != 0 {
			w.hasT = true
		}
	}
	for j := 0; j < N; j++ {
		w.target[j] = math.NaN()
		if sh.DeficitTarget != nil {
			w.target[j] = sh.DeficitTarget[j]
		}
		w.absorb[j] = -1 // default weights, set per evaluation
		if sh.Absorb != nil {
			w.absorb[j] = sh.Absorb[j]
		}
	}
	return nil
}

// Solve computes the counterfactual equilibrium for the shocks. warm, if not
// nil, is an earlier result on the same baseline used as the starting point.
// It returns an error of Kind Invalid for unusable input and of Kind
// NotConverged (with the Result, for diagnosis) when the solver fails.
func (b *Baseline) Solve(opt Options, sh Shocks, warm *Result) (*Result, error) {
	start := time.Now()
	if opt.Tol <= 0 {
		opt.Tol = defaultTol
	}
	if opt.MaxIter <= 0 {
		opt.MaxIter = defaultMaxIter
	}
	if err := b.check(&opt, &sh); err != nil {
		return nil, err
	}
	N := b.N
	elastic := opt.Kappa > 0
	dim := N
	if elastic {
		dim = 2 * N
	}
	w := b.getWorkspace(dim)
	defer b.pool.Put(w)
	if err := b.prepare(w, &opt, &sh); err != nil {
		w.prepared = false // the kernels are half-updated
		return nil, err
	}

	for k := range w.x {
		w.x[k] = 0
	}
	var lin *linearization
	if warm != nil && len(warm.xi) == dim {
		copy(w.x, warm.xi)
		lin = warm.lin
	}
	w.acc.reset()

	res := &Result{Options: opt, Status: NotConverged}
	best, prev := math.Inf(1), math.Inf(1)
	it := 0
	var resid float64
	for ; ; it++ {
		var err error
		var frozen []float64
		if lin != nil {
			frozen = lin.slope
		}
		resid, err = b.evaluate(w, &opt, w.x, w.g, frozen)
		if err != nil {
			if it == 0 {
				return nil, err
			}
			res.Reason = err.Error()
			break
		}
		if math.IsNaN(resid) {
			res.Reason = "the iteration produced a non-finite value"
			break
		}
		if resid <= opt.Tol {
			res.Status = Converged
			break
		}
		if it >= opt.MaxIter {
			res.Reason = fmt.Sprintf("max relative residual %.3g after %d iterations (tolerance %.3g)", resid, it, opt.Tol)
			if opt.Kappa*opt.Psi >= 1 {
				// Labour supply that responds to real wages, with costs
				// falling in scale, makes aggregate returns increasing when
				// κψ ≥ 1: the fixed point is unstable and may not exist.
				res.Reason += fmt.Sprintf("; labour-supply elasticity × scale elasticity = %.3g ≥ 1 makes returns to scale increasing in the aggregate, where an equilibrium may not exist or be unique: lower one of them", opt.Kappa*opt.Psi)
			}
			break
		}
		for k := range w.f {
			w.f[k] = w.g[k] - w.x[k]
		}
		if lin != nil && resid > chordRate*prev {
			// The chord (frozen-Jacobian Newton) step from a neighbouring
			// solution stopped contracting fast: go on with Anderson.
			lin = nil
			w.acc.reset()
		}
		prev = resid
		if lin != nil {
			// Chord step: δ = −J⁻¹ f with the neighbour's Jacobian.
			lin.mulInv(w.xn, w.f)
			for k := range w.xn {
				w.xn[k] = -w.xn[k]
			}
			// Anderson mixing on the chord map x + δ mops up what the frozen
			// Jacobian misses.
			for k := range w.xn {
				w.g[k] = w.x[k] + w.xn[k]
				w.f[k] = w.xn[k]
			}
			w.acc.step(w.g, w.f, w.xn)
		} else {
			if resid > 1e3*best {
				// The accelerated path has diverged: restart plain iteration
				// from the map value, which the damping keeps contractive.
				w.acc.reset()
			}
			best = math.Min(best, resid)
			w.acc.step(w.g, w.f, w.xn)
		}
		w.x, w.xn = w.xn, w.x
	}
	res.Iterations = it
	res.MaxResidual = resid
	b.finish(w, &opt, &sh, res)
	res.Seconds = time.Since(start).Seconds()
	if res.Status != Converged {
		return res, &errs.Error{Op: "solve", Kind: errs.NotConverged, Err: fmt.Errorf("the model did not converge: %s", res.Reason)}
	}
	return res, nil
}

// evaluate computes the equilibrium conditions at x = (ln ŵ, ln L̂), writes
// the next iterate G(x) into g (normalised to ΣY' = ΣY) and returns the max
// relative residual of market clearing (and of labour supply when elastic).
//
// With frozen slopes (a chord step from a linearized neighbour) the diagonal
// Newton scaling is taken from the neighbour, which keeps the map the same as
// the one that was linearized and skips the elasticity sums.
func (b *Baseline) evaluate(w *workspace, opt *Options, x, g []float64, frozen []float64) (float64, error) {
	N, S := b.N, b.S
	elastic := opt.Kappa > 0
	lnW := x[:N]
	var lnL []float64
	if elastic {
		lnL = x[N:]
	}
	// Unit costs ĉ_i = ŵ_i L̂_i^(−ψ) and c^(−θ_s).
	for i := 0; i < N; i++ {
		lc := lnW[i]
		if elastic {
			lc -= opt.Psi * lnL[i]
		}
		for s := 0; s < S; s++ {
			w.cth[s*N+i] = math.Exp(-opt.Theta[s] * lc)
		}
	}
	// Price indices P̂_j,s = (Σ_i Λ_ij,s)^(−1/θ_s) and revenue shares.
	for j := 0; j < N; j++ {
		w.lnP[j], w.rho[j] = 0, 0
	}
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		for j := 0; j < N; j++ {
			row := (s*N + j) * N
			A := w.A[row : row+N]
			sl, st := 0.0, 0.0
			if w.hasT {
				T := w.T[row : row+N]
				for i, a := range A {
					sl += a * c[i]
					st += T[i] * c[i]
				}
			} else {
				for i, a := range A {
					sl += a * c[i]
				}
			}
			if !(sl > 0) {
				return math.NaN(), invalid("importer %s buys nothing in sector %d after the shock (prohibitive costs on every source, including itself)", b.Codes[j], s)
			}
			w.sumL[s*N+j] = sl
			alpha := b.Alpha[j*S+s]
			w.lnP[j] += -alpha / opt.Theta[s] * math.Log(sl)
			w.sumT[s*N+j] = st
			w.rho[j] += alpha * st / sl
		}
	}
	// Incomes Y'_i = ŵ_i L̂_i Y_i, deficits, then expenditure E'_j.
	for i := 0; i < N; i++ {
		lny := lnW[i]
		if elastic {
			lny += lnL[i]
		}
		w.Yn[i] = b.Y[i] * math.Exp(lny)
		w.outl[i] = 0
	}
	b.deficits(w, opt)
	if err := b.expenditure(w); err != nil {
		return math.NaN(), err
	}
	// Demand for each country's output, Σ_j,s λ'_ij,s α_j,s E'_j (1+sub')/(1+t'),
	// and its elasticity to the country's own wage (dsum), which sets a
	// diagonal Newton step: large economies that buy mostly from themselves
	// respond far less to their own wage than the 1+θ a small exporter does.
	for i := 0; i < N; i++ {
		w.dem[i], w.dsum[i], w.rowSum[i] = 0, 0, 0
	}
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		th := opt.Theta[s]
		for j := 0; j < N; j++ {
			vj := w.v[s*N+j]
			if vj == 0 {
				continue
			}
			row := (s*N + j) * N
			B := w.B[row : row+N]
			rs := 0.0
			if frozen != nil {
				for i, bb := range B {
					x := bb * vj * c[i]
					w.dem[i] += x
					rs += x
				}
			} else {
				A := w.A[row : row+N]
				inv := 1 / w.sumL[s*N+j]
				for i, bb := range B {
					x := bb * vj * c[i]
					w.dem[i] += x
					rs += x
					w.dsum[i] += x * th * (1 - A[i]*c[i]*inv)
				}
			}
			w.rowSum[j] += rs
		}
	}
	resid := 0.0
	for i := 0; i < N; i++ {
		r := w.dem[i]/w.Yn[i] - 1
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return math.NaN(), nil
		}
		resid = math.Max(resid, math.Abs(r))
		var slope float64
		if frozen != nil {
			slope = frozen[i]
		} else {
			// Own sales feed back through own spending: ∂ln E'_i/∂ln ŵ_i ≈ Y'/(E'(1−ρ)).
			own := 0.0
			for s := 0; s < S; s++ {
				own += w.B[(s*N+i)*N+i] * w.v[s*N+i] * w.cth[s*N+i]
			}
			slope = -w.dsum[i]/w.dem[i] + own/w.dem[i]*w.Yn[i]/(w.En[i]*(1-w.rho[i])) - 1
			if slope > -minSlope {
				slope = -minSlope
			}
			w.slope[i] = slope
		}
		g[i] = lnW[i] - math.Log(w.dem[i]/w.Yn[i])/slope
	}
	if elastic {
		b.taxFactors(w, opt)
		for i := 0; i < N; i++ {
			target := opt.Kappa * (math.Log(w.tauHat[i]) + lnW[i] - w.lnP[i])
			resid = math.Max(resid, math.Abs(target-lnL[i]))
			g[N+i] = target
		}
	}
	// Normalise: the system is homogeneous of degree one in nominal values,
	// so pin world GDP while iterating; the requested numeraire is applied
	// once at the end.
	num := 0.0
	for i := 0; i < N; i++ {
		lny := g[i]
		if elastic {
			lny += g[N+i]
		}
		num += b.Y[i] * math.Exp(lny)
	}
	shift := math.Log(b.sumY / num)
	for i := 0; i < N; i++ {
		g[i] += shift
	}
	return resid, nil
}

// deficits sets D'_j from the closure and the targets (DESIGN §3): targets
// are met exactly and the residual is spread over the other countries so
// that deficits sum to zero.
func (b *Baseline) deficits(w *workspace, opt *Options) {
	N := b.N
	sumYn := 0.0
	for j := 0; j < N; j++ {
		sumYn += w.Yn[j]
	}
	total, wsum := 0.0, 0.0
	for j := 0; j < N; j++ {
		if t := w.target[j]; !math.IsNaN(t) {
			w.Dn[j] = t * w.Yn[j]
			total += w.Dn[j]
			continue
		}
		var base, weight float64
		switch opt.Deficits {
		case Fixed:
			base = b.D[j] * sumYn / b.sumY
			weight = w.Yn[j]
		case Ratio:
			phi := 1 + b.D[j]/b.Y[j]
			base = (phi - 1) * w.Yn[j]
			weight = phi * w.Yn[j]
		case Zero:
			base, weight = 0, w.Yn[j]
		}
		if w.absorb[j] >= 0 {
			weight = w.absorb[j]
		}
		w.Dn[j] = base
		w.wt[j] = weight
		total += base
		wsum += weight
	}
	// Spread −total in proportion to the weights of untargeted countries.
	w.ratioScale = 1
	if wsum > 0 && total != 0 {
		k := -total / wsum
		for j := 0; j < N; j++ {
			if math.IsNaN(w.target[j]) {
				w.Dn[j] += k * w.wt[j]
			}
		}
		if opt.Deficits == Ratio {
			// D' = (φ s − 1) Y': the spread is the world factor s − 1.
			w.ratioScale = 1 + k
		}
	}
}

// expenditure solves E'_j = (Y'_j + D'_j − O'_j)/(1 − ρ_j), where the subsidy
// outlay O' itself depends on spending everywhere (a small linear system,
// solved by fixed-point iteration only when there are subsidies), and sets
// v_j,s = α_j,s E'_j / Σ_i Λ_ij,s.
func (b *Baseline) expenditure(w *workspace) error {
	N, S := b.N, b.S
	setE := func() error {
		for j := 0; j < N; j++ {
			e := (w.Yn[j] + w.Dn[j] - w.outl[j]) / (1 - w.rho[j])
			if !(e > 0) {
				return invalid("expenditure of %s would be non-positive (income %.4g, deficit %.4g, subsidy outlay %.4g)", b.Codes[j], w.Yn[j], w.Dn[j], w.outl[j])
			}
			w.En[j] = e
			for s := 0; s < S; s++ {
				w.v[s*N+j] = b.Alpha[j*S+s] * e / w.sumL[s*N+j]
			}
		}
		return nil
	}
	if err := setE(); err != nil {
		return err
	}
	if !w.hasU {
		return nil
	}
	for iter := 0; iter < 200; iter++ {
		change := 0.0
		for i := 0; i < N; i++ {
			o := 0.0
			for s := 0; s < S; s++ {
				ci := w.cth[s*N+i]
				for j := 0; j < N; j++ {
					o += w.U[(s*N+j)*N+i] * w.v[s*N+j] * ci
				}
			}
			change = math.Max(change, math.Abs(o-w.outl[i])/w.Yn[i])
			w.outl[i] = o
		}
		if err := setE(); err != nil {
			return err
		}
		if change < 1e-15 {
			break
		}
	}
	return nil
}

// taxFactors sets τ̂_j, the change in the net-of-tax factor on labour income:
// 1 with lump-sum rebates; with `income_tax` the tariff revenue funds an
// income-tax cut τ' = R'/Y', measured against the baseline τ = R/Y so that no
// shock means no change.
func (b *Baseline) taxFactors(w *workspace, opt *Options) {
	for j := 0; j < b.N; j++ {
		w.tauHat[j] = 1
		if opt.Revenue == IncomeTax {
			t0 := b.R[j] / b.Y[j]
			t1 := w.rho[j] * w.En[j] / w.Yn[j]
			w.tauHat[j] = (1 - t0) / (1 - t1)
		}
	}
}

// at returns the tariff, trade-cost factor and subsidy of data-layout entry
// dk, with t0 (the baseline tariff) where the scenario sets no tariffs.
func (sh *Shocks) at(dk int, t0 float64) (t1, d, sub float64) {
	t1, d = t0, 1
	if sh.Tariff != nil {
		t1 = sh.Tariff[dk]
	}
	if sh.Cost != nil {
		d = sh.Cost[dk]
	}
	if sh.Subsidy != nil {
		sub = sh.Subsidy[dk]
	}
	return t1, d, sub
}

// shockedShare is the scenario kernel A = λ·[d̂·(1+t')/((1+t)(1+sub'))]^(−θ)
// of one pair (DESIGN §3: Λ = A·ĉ^(−θ)).
func shockedShare(lam, t0, t1, d, sub, theta float64) float64 {
	if lam == 0 || (t1 == t0 && d == 1 && sub == 0) {
		return lam
	}
	return lam * math.Pow(d*(1+t1)/((1+t0)*(1+sub)), -theta)
}
