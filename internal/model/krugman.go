package model

import "math"

// Monopolistic competition with a fixed mass of firms (Krugman 1980 with
// restricted entry, as in Ossa 2014; docs/krugman.md has the derivation).
//
// Each country's sector s has a fixed mass of firms, each selling one
// variety at a markup σ_s/(σ_s − 1) over marginal cost (labour). With the
// mass fixed, expenditure shares respond to costs as in the perfectly
// competitive model with θ_s = σ_s − 1, so Λ, P̂ and the kernels are
// unchanged. What changes is who earns the sales: a share 1/σ_s of sector
// sales Y_i,s is profit of country i, the rest pays its workers. In changes,
//
//	(K1) labour market   ŵ_i·W_i = Σ_s ω_s·Y'_i,s,   ω_s = (σ_s−1)/σ_s = θ_s/(1+θ_s),
//	(K2) sales           Y'_i,s  = Σ_j λ'_ij,s α_j,s E'_j (1+sub'_ij,s)/(1+t'_ij,s),
//	(K3) income          Y'_i    = ŵ_i·W_i + Σ_s Y'_i,s/σ_s = Σ_s Y'_i,s,
//	(K4) spending        E'_j    = (Y'_j + D'_j − O'_j)/(1 − ρ_j),
//
// with W_i = Σ_s ω_s Y_i,s the baseline wage bill; welfare is Ê/P̂ as under
// perfect competition. Perfect competition replaces (K1) by ŵ_i = Ŷ_i: the
// two models agree exactly when σ is the same in every sector (the wage bill
// is then a fixed share of income) and differ through the spread of the
// profit shares 1/σ_s otherwise: a shock that moves a country's sales toward
// its high-markup sectors raises its income relative to its wage bill.
//
// The solver's state is (ln ŵ, ln Ŷ), income being a separate unknown
// because profits depend on sales, which depend on spending everywhere.
// Each iteration takes, country by country, a 2×2 Newton step on (K1) and
// (K3) in the country's own wage and income (others held), accelerated by
// the same Anderson mixing as the rest of the model: on Ossa's data a solve
// takes as many iterations as under perfect competition.

// krugmanWork holds the per-solve tables of Krugman competition.
type krugmanWork struct {
	omega []float64 // labour's share of sales ω_s = θ_s/(1+θ_s)
	wb    []float64 // baseline wage bill W_i = Σ_s ω_s Y_i,s
	lab   []float64 // labour demand Σ_s ω_s Y'_i,s of the evaluation
	mark  []float64 // demand summed over the sectors before the current one
}

// prepareKrugman sets the tables of Krugman competition for opt's θ.
func (b *Baseline) prepareKrugman(w *workspace, opt *Options) {
	N, S := b.N, b.S
	k := w.kr
	if k == nil {
		k = &krugmanWork{omega: make([]float64, S), wb: make([]float64, N), lab: make([]float64, N), mark: make([]float64, N)}
		w.kr = k
	}
	for s, th := range opt.Theta {
		k.omega[s] = th / (1 + th)
	}
	for i := 0; i < N; i++ {
		k.wb[i] = 0
		for s := 0; s < S; s++ {
			k.wb[i] += k.omega[s] * b.sales[s*N+i]
		}
	}
}

// sector receives the cumulative demand after sector s and adds the
// sector's wage bill to labour demand.
func (k *krugmanWork) sector(s int, dem []float64) {
	om := k.omega[s]
	for i, d := range dem {
		k.lab[i] += om * (d - k.mark[i])
		k.mark[i] = d
	}
}

// evaluateKrugman is evaluate under Krugman competition, at the state
// x = (ln ŵ, ln Ŷ). It writes the next iterate into g, normalised to
// ΣY' = ΣY, and returns the max relative residual of (K1) and (K3).
func (b *Baseline) evaluateKrugman(w *workspace, opt *Options, x, g []float64, frozen []float64) (float64, error) {
	N := b.N
	k := w.kr
	lnW, lnY := x[:N], x[N:2*N]
	b.unitCosts(w, opt, lnW, nil)
	if err := b.priceIndices(w, opt); err != nil {
		return math.NaN(), err
	}
	for i := 0; i < N; i++ {
		w.Yn[i] = b.Y[i] * math.Exp(lnY[i])
		w.outl[i] = 0
	}
	b.deficits(w, opt)
	if err := b.expenditure(w); err != nil {
		return math.NaN(), err
	}
	clear(k.lab)
	clear(k.mark)
	b.demand(w, opt, frozen == nil, k)
	resid := 0.0
	for i := 0; i < N; i++ {
		rl := k.lab[i] / (k.wb[i] * math.Exp(lnW[i])) // (K1)
		ry := w.dem[i] / w.Yn[i]                      // (K2) summed over sectors, against (K3)
		if !(rl > 0) || !(ry > 0) || math.IsInf(rl, 0) || math.IsInf(ry, 0) {
			return math.NaN(), nil
		}
		resid = math.Max(resid, math.Max(math.Abs(rl-1), math.Abs(ry-1)))
		// A Newton step on (K1) and (K3) for the country's own (ŵ, Ŷ),
		// other countries held. With c = ∂ln sales/∂ln ŵ (through costs) and
		// d = ∂ln(sales/income)/∂ln Ŷ (own sales from own spending), and
		// labour demand taken to respond as sales do, the Jacobian of
		// (ln rl, ln ry) is [[c−1, d+1], [c, d]]. Its determinant −(c+d) is
		// minus the slope of the one-unknown step of perfect competition,
		// into which the step collapses when rl = ry.
		var c, d float64
		if frozen != nil {
			c, d = frozen[i], frozen[N+i]
		} else {
			c = -w.dsum[i] / w.dem[i]
			d = b.ownSales(w, i)/w.dem[i]*w.Yn[i]/(w.En[i]*(1-w.rho[i])) - 1
			w.slope[i], w.slope[N+i] = c, d
		}
		det := math.Max(-(c + d), minSlope)
		l1, l2 := math.Log(rl), math.Log(ry)
		g[i] = lnW[i] - (d*l1-(d+1)*l2)/det
		g[N+i] = lnY[i] + (c*l1-(c-1)*l2)/det
	}
	// Normalise nominal values to ΣY' = ΣY (see evaluate).
	num := 0.0
	for i := 0; i < N; i++ {
		num += b.Y[i] * math.Exp(g[N+i])
	}
	shift := math.Log(b.sumY / num)
	for i := 0; i < 2*N; i++ {
		g[i] += shift
	}
	return resid, nil
}

// finishKrugman records profit income before and after, c being the
// numeraire factor.
func (b *Baseline) finishKrugman(w *workspace, res *Result, c float64) {
	for j := range res.Countries {
		cr := &res.Countries[j]
		cr.ProfitsBefore = b.Y[j] - w.kr.wb[j]
		cr.ProfitsAfter = (w.dem[j] - w.kr.lab[j]) * c
	}
}
