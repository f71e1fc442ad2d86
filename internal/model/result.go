package model

import "math"

// Result is a solved counterfactual. Ratios ("hats") are new/old; levels are
// in the dataset's unit, expressed in the chosen numeraire.
type Result struct {
	Status      Status
	Reason      string // why it did not converge, if it did not
	Iterations  int
	MaxResidual float64 // max relative residual of the equilibrium conditions
	Seconds     float64
	Options     Options

	// RatioScale is the world factor s of the `ratio` closure that makes
	// deficits sum to zero (1 under the other closures).
	RatioScale float64

	Countries []CountryResult

	lnW, lnL []float64 // solution in the numeraire
	xi       []float64 // solution in the solver's own normalisation, for warm starts
	lin      *linearization
	cth, v   []float64 // final c^(−θ) and α E'/ΣΛ, for flows
	shocks   Shocks
	scale    float64 // numeraire factor applied to cth·v flows
}

// CountryResult holds one country's outcomes.
type CountryResult struct {
	Code string
	// Changes as ratios new/old.
	Welfare    float64 // real income Ŵ (DESIGN §3)
	RealWage   float64 // ŵ/P̂
	Wage       float64 // ŵ
	PriceIndex float64 // P̂
	Employment float64 // L̂
	Spending   float64 // Ê

	GDPBefore, GDPAfter         float64
	ExportsBefore, ExportsAfter float64 // foreign sales at producer prices
	ImportsBefore, ImportsAfter float64 // foreign purchases at producer prices
	RevenueBefore, RevenueAfter float64 // tariff revenue
	SubsidyOutlay               float64 // export-subsidy outlay after
	DeficitAfter                float64 // D' = E' − R' − Y' + O'
	// EffectiveTariffBefore/After: import-weighted tariff, R / imports.
	EffectiveTariffBefore, EffectiveTariffAfter float64
}

// BalanceBefore is exports − imports in the baseline (positive = surplus).
func (c *CountryResult) BalanceBefore() float64 { return c.ExportsBefore - c.ImportsBefore }

// BalanceAfter is exports − imports in the counterfactual.
func (c *CountryResult) BalanceAfter() float64 { return c.ExportsAfter - c.ImportsAfter }

// LogWages returns ln ŵ of the solution (a copy).
func (r *Result) LogWages() []float64 { return append([]float64(nil), r.lnW...) }

// finish turns the state at the solution into a Result, applying the
// requested numeraire.
func (b *Baseline) finish(w *workspace, opt *Options, sh *Shocks, res *Result) {
	N, S := b.N, b.S
	elastic := opt.Kappa > 0
	// Numeraire: every nominal value scales by c (ln c on ln ŵ).
	var c float64
	switch opt.Numeraire {
	case WorldGDP:
		sum := 0.0
		for i := 0; i < N; i++ {
			sum += w.Yn[i]
		}
		c = b.sumY / sum
	case CountryWage:
		c = math.Exp(-w.x[opt.NumeraireCountry])
	default: // WorldPrice: Σ_j E_j (P̂_j − 1) = 0
		num, den := 0.0, 0.0
		for j := 0; j < N; j++ {
			num += b.E[j]
			den += b.E[j] * math.Exp(w.lnP[j])
		}
		c = num / den
	}
	lc := math.Log(c)
	res.RatioScale = w.ratioScale
	res.lnW = make([]float64, N)
	res.lnL = make([]float64, N)
	for i := 0; i < N; i++ {
		res.lnW[i] = w.x[i] + lc
		if elastic {
			res.lnL[i] = w.x[N+i]
		}
	}
	res.xi = append([]float64(nil), w.x...)
	res.cth = append([]float64(nil), w.cth...)
	res.v = append([]float64(nil), w.v...)
	res.shocks = *sh
	res.scale = c
	// Foreign sales and purchases at the solution from the last evaluation:
	// total sales and total purchases less the domestic flow X'_ii.
	exp := make([]float64, N)
	imp := make([]float64, N)
	for i := 0; i < N; i++ {
		own := 0.0
		for s := 0; s < S; s++ {
			own += w.B[(s*N+i)*N+i] * w.cth[s*N+i] * w.v[s*N+i]
		}
		exp[i] = w.dem[i] - own
		imp[i] = w.rowSum[i] - own
	}
	res.Countries = make([]CountryResult, N)
	for j := 0; j < N; j++ {
		cr := &res.Countries[j]
		cr.Code = b.Codes[j]
		cr.Wage = math.Exp(res.lnW[j])
		cr.Employment = math.Exp(res.lnL[j])
		cr.PriceIndex = math.Exp(w.lnP[j]) * c
		cr.Spending = w.En[j] * c / b.E[j]
		cr.RealWage = cr.Wage / cr.PriceIndex
		cr.GDPBefore, cr.GDPAfter = b.Y[j], w.Yn[j]*c
		cr.ExportsBefore, cr.ExportsAfter = b.Exp[j], exp[j]*c
		cr.ImportsBefore, cr.ImportsAfter = b.Imp[j], imp[j]*c
		cr.RevenueBefore, cr.RevenueAfter = b.R[j], w.rho[j]*w.En[j]*c
		cr.SubsidyOutlay = w.outl[j] * c
		cr.DeficitAfter = w.Dn[j] * c
		cr.EffectiveTariffBefore = ratio(b.R[j], b.Imp[j])
		cr.EffectiveTariffAfter = ratio(cr.RevenueAfter, cr.ImportsAfter)
		// Real spending; under `ratio` the world factor s is a uniform
		// adjustment that makes the closure consistent, not a change in any
		// country's income, so it is taken out (as ge_gravity does).
		realSpend := cr.Spending / cr.PriceIndex / w.ratioScale
		cr.Welfare = realSpend
		if elastic {
			tau1 := 0.0
			if opt.Revenue == IncomeTax {
				tau1 = cr.RevenueAfter / cr.GDPAfter
			}
			delta := b.E[j] / (b.E[j] - opt.Kappa*(1-tau1)*b.Y[j]/(1+opt.Kappa))
			cr.Welfare = delta*realSpend + (1-delta)*cr.Wage*cr.Employment/cr.PriceIndex
		}
	}
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// Flows returns the counterfactual flows X'_ij,s at producer prices in the
// data layout (i*N+j)*S+s, in the result's numeraire. It recomputes them from
// the solution rather than storing N²S numbers in every Result.
func (b *Baseline) Flows(r *Result) []float64 {
	N, S := b.N, b.S
	w := b.getWorkspace(len(r.lnW))
	defer b.pool.Put(w)
	opt := r.Options
	if err := b.prepare(w, &opt, &r.shocks); err != nil {
		w.prepared = false
		return nil
	}
	out := make([]float64, N*N*S)
	for s := 0; s < S; s++ {
		for j := 0; j < N; j++ {
			vj := r.v[s*N+j]
			row := (s*N + j) * N
			for i := 0; i < N; i++ {
				out[(i*N+j)*S+s] = w.B[row+i] * r.cth[s*N+i] * vj * r.scale
			}
		}
	}
	return out
}

// WarmFrom returns a warm start that begins at r's solution and, when lin
// has been linearized (Baseline.Linearize), takes chord steps with lin's
// Jacobian. Enumerations use it to chain neighbouring solutions while reusing
// one factorised Jacobian.
func (r *Result) WarmFrom(lin *Result) *Result {
	w := &Result{xi: r.xi}
	if lin != nil {
		w.lin = lin.lin
	}
	return w
}

// Flow returns the counterfactual flow from exporter i to importer j summed
// over sectors, at producer prices in the result's numeraire, without
// building the whole flow matrix.
func (b *Baseline) Flow(r *Result, i, j int) float64 {
	N, S := b.N, b.S
	sh := &r.shocks
	x := 0.0
	for s := 0; s < S; s++ {
		k := (s*N+j)*N + i
		dk := (i*N+j)*S + s
		t0 := b.tar[k]
		t1, d, sub := sh.at(dk, t0)
		a := shockedShare(b.lam[k], t0, t1, d, sub, r.Options.Theta[s])
		x += a * (1 + sub) / (1 + t1) * r.cth[s*N+i] * r.v[s*N+j]
	}
	return x * r.scale
}
