package model

import (
	"math"
)

// dim is the size of the solver's state for opt: ln ŵ, ln L̂ when labour
// is elastic, ln Ŷ (income) under Krugman competition, and with
// input–output linkages ln P̂_j,s and ln Ŷ_i,s.
func (b *Baseline) dim(opt *Options) int {
	n := b.N
	if opt.Kappa > 0 || opt.Competition == Krugman {
		n += b.N
	}
	if b.io != nil {
		n += 2 * b.N * b.S
	}
	return n
}

// eval evaluates the equilibrium conditions of the baseline's model.
func (b *Baseline) eval(w *workspace, opt *Options, x, g []float64, frozen []float64) (float64, error) {
	switch {
	case b.io != nil:
		return b.evaluateIO(w, opt, x, g, frozen)
	case opt.Competition == Krugman:
		return b.evaluateKrugman(w, opt, x, g, frozen)
	}
	return b.evaluate(w, opt, x, g, frozen)
}

// evaluate computes the equilibrium conditions at x = (ln ŵ, ln L̂), writes
// the next iterate G(x) into g (normalised to ΣY' = ΣY) and returns the max
// relative residual of market clearing (and of labour supply when elastic).
//
// With frozen slopes (a chord step from a linearized neighbour) the diagonal
// Newton scaling is taken from the neighbour, which keeps the map the same as
// the one that was linearized and skips the elasticity sums.
func (b *Baseline) evaluate(w *workspace, opt *Options, x, g []float64, frozen []float64) (float64, error) {
	N := b.N
	elastic := opt.Kappa > 0
	lnW := x[:N]
	var lnL []float64
	if elastic {
		lnL = x[N:]
	}
	b.unitCosts(w, opt, lnW, lnL)
	if err := b.priceIndices(w, opt); err != nil {
		return math.NaN(), err
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
	b.varietyEffect(w, opt, lnW)
	b.demand(w, opt, frozen == nil, nil)
	if b.nu != nil {
		b.fixedCostIncome(w)
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
			own := b.ownSales(w, i)
			if b.nu != nil {
				// Own labour is paid from own spending through own sales
				// and the fixed costs of every seller in the home market.
				own = (1-b.nu[i])*own + b.nu[i]*w.rowSum[i]
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

// unitCosts sets c^(−θ_s) from the unit costs ĉ_i = ŵ_i L̂_i^(−ψ) (lnL nil
// with inelastic labour).
func (b *Baseline) unitCosts(w *workspace, opt *Options, lnW, lnL []float64) {
	N, S := b.N, b.S
	for i := 0; i < N; i++ {
		lc := lnW[i]
		if lnL != nil {
			lc -= opt.Psi * lnL[i]
		}
		for s := 0; s < S; s++ {
			w.cth[s*N+i] = math.Exp(-opt.Theta[s] * lc)
		}
	}
}

// priceIndices computes P̂_j,s = (Σ_i Λ_ij,s)^(−1/θ_s), the aggregate ln P̂_j
// and the tariff-revenue share ρ_j of spending.
func (b *Baseline) priceIndices(w *workspace, opt *Options) error {
	N, S := b.N, b.S
	for j := 0; j < N; j++ {
		w.lnP[j], w.rho[j] = 0, 0
	}
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		for j := 0; j < N; j++ {
			row := (s*N + j) * N
			A := w.A[row : row+N]
			var sl, st float64
			if w.hasT {
				sl, st = dot2(A, w.T[row:row+N], c)
			} else {
				sl = dot(A, c)
			}
			if !(sl > 0) {
				return invalid("importer %s buys nothing in sector %d after the shock (prohibitive costs on every source, including itself)", b.Codes[j], s)
			}
			w.sumL[s*N+j] = sl
			alpha := b.Alpha[j*S+s]
			w.lnP[j] += -alpha / opt.Theta[s] * math.Log(sl)
			w.rho[j] += alpha * st / sl
		}
	}
	return nil
}

// demand computes the demand for each country's output,
// Σ_j,s λ'_ij,s α_j,s E'_j (1+sub')/(1+t'), each importer's purchases and,
// when slopes is set, the elasticity of demand to the country's own wage
// (dsum), which sets a diagonal Newton step: large economies that buy
// mostly from themselves respond far less to their own wage than the 1+θ a
// small exporter does. A non-nil split receives the demand sector by sector.
func (b *Baseline) demand(w *workspace, opt *Options, slopes bool, split *krugmanWork) {
	N, S := b.N, b.S
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
			// With fixed costs only a share 1−ν_j of sales in j pays the
			// seller's labour; the rest is added to j's (fixedCostIncome).
			fj := 1.0
			if b.nu != nil {
				fj = 1 - b.nu[j]
				vj *= fj
			}
			row := (s*N + j) * N
			B := w.B[row : row+N]
			var rs float64
			if !slopes {
				rs = scatter(w.dem, B, c, vj)
			} else {
				rs = scatterSlope(w.dem, w.dsum, B, w.A[row:row+N], c, vj, th, 1/w.sumL[s*N+j])
			}
			w.rowSum[j] += rs / fj
		}
		if split != nil {
			split.sector(s, w.dem)
		}
	}
}

// ownSales is country i's sales to itself, Σ_s X'_ii,s.
func (b *Baseline) ownSales(w *workspace, i int) float64 {
	N, S := b.N, b.S
	own := 0.0
	for s := 0; s < S; s++ {
		own += w.B[(s*N+i)*N+i] * w.v[s*N+i] * w.cth[s*N+i]
	}
	return own
}

// deficits sets D'_j from the closure and the targets (DESIGN §3): targets
// are met exactly and the residual is spread over the other countries so
// that deficits sum to zero. It also records in Dbase what the closure alone
// would set, against which a target's transfer is measured.
func (b *Baseline) deficits(w *workspace, opt *Options) {
	N := b.N
	// World GDP after, to keep `fixed` deficits fixed relative to it
	// (GDP'_j = GDP_j·Y'_j/Y_j).
	sumGDPn := 0.0
	for j := 0; j < N; j++ {
		sumGDPn += b.GDP[j] / b.Y[j] * w.Yn[j]
	}
	closureTotal, closureW := 0.0, 0.0
	for j := 0; j < N; j++ {
		var base, weight float64
		switch opt.Deficits {
		case Fixed, Purge: // a purged baseline has D = 0: deficits stay zero
			base = b.D[j] * sumGDPn / b.sumGDP
			weight = w.Yn[j]
		case Ratio:
			phi := 1 + b.D[j]/b.Y[j]
			base = (phi - 1) * w.Yn[j]
			weight = phi * w.Yn[j]
		case Zero:
			base, weight = 0, w.Yn[j]
		}
		w.Dbase[j], w.wt[j] = base, weight
		closureTotal += base
		closureW += weight
	}
	total, wsum := 0.0, 0.0
	for j := 0; j < N; j++ {
		if t := w.target[j]; !math.IsNaN(t) {
			// Targets are shares of GDP, which moves with factor income.
			w.Dn[j] = t * b.GDP[j] / b.Y[j] * w.Yn[j]
			total += w.Dn[j]
			continue
		}
		if w.absorb[j] >= 0 {
			w.wt[j] = w.absorb[j]
		}
		w.Dn[j] = w.Dbase[j]
		total += w.Dbase[j]
		wsum += w.wt[j]
	}
	// Spread −total in proportion to the weights of untargeted countries
	// (wsum > 0: there is one, and Solve refuses weights that sum to zero).
	w.ratioScale = 1
	if total != 0 {
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
	if opt.Deficits == Ratio {
		// Without targets the ratio closure spreads its own world factor;
		// that is part of what the closure alone sets, not a transfer.
		// (closureW = Σ (E_j − R_j)/Y_j · Y'_j > 0: spending net of
		// revenue is what a country buys at producer prices.)
		k0 := -closureTotal / closureW
		for j := 0; j < N; j++ {
			phi := 1 + b.D[j]/b.Y[j]
			w.Dbase[j] += k0 * phi * w.Yn[j]
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
