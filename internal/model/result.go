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

	GDPBefore, GDPAfter         float64 // GDP (value added), see Baseline.GDP
	ExportsBefore, ExportsAfter float64 // foreign sales at producer prices
	ImportsBefore, ImportsAfter float64 // foreign purchases at producer prices
	RevenueBefore, RevenueAfter float64 // tariff revenue
	SubsidyOutlay               float64 // export-subsidy outlay after
	DeficitAfter                float64 // D' = E' − R' − Y' + O'
	// Transfer is the part of D' that deficit targets impose beyond what the
	// closure alone would set (0 without targets): spending financed by a
	// change of saving, not by income.
	Transfer float64
	// WelfareExTransfer is real income with spending net of Transfer: what a
	// rebalancing move does to a country's income, without counting a cut
	// in saving (a bigger deficit) as a gain.
	WelfareExTransfer float64
	// WelfareExValuation is real income had the deficit moved with the
	// country's own income instead of staying fixed relative to world GDP
	// (Options.Deficits = Fixed, countries without a deficit target; it
	// equals Welfare otherwise). When a tariff lowers a deficit economy's
	// income against the world's, its fixed deficit buys more: Welfare −
	// WelfareExValuation is that valuation, a gain that the `ratio`
	// closure does not give.
	WelfareExValuation float64
	// ProfitsBefore/After: profit income Σ_s Y_i,s/σ_s under Krugman
	// competition (0 under perfect competition).
	ProfitsBefore, ProfitsAfter float64
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
			sum += b.GDP[i] / b.Y[i] * w.Yn[i]
		}
		c = b.sumGDP / sum
	case CountryWage:
		c = math.Exp(-w.x[opt.NumeraireCountry])
	case WorldWage:
		sum := 0.0
		for i := 0; i < N; i++ {
			sum += b.GDP[i] * math.Exp(w.x[i])
		}
		c = b.sumGDP / sum
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
	sales := w.dem
	if b.nu != nil {
		sales = b.salesAt(w)
	}
	for i := 0; i < N; i++ {
		own := 0.0
		for s := 0; s < S; s++ {
			own += w.B[(s*N+i)*N+i] * w.cth[s*N+i] * w.v[s*N+i]
		}
		exp[i] = sales[i] - own
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
		yHat := w.Yn[j] / b.Y[j] // ŵL̂ in the solver's normalisation
		cr.GDPBefore, cr.GDPAfter = b.GDP[j], b.GDP[j]*yHat*c
		cr.ExportsBefore, cr.ExportsAfter = b.Exp[j], exp[j]*c
		cr.ImportsBefore, cr.ImportsAfter = b.Imp[j], imp[j]*c
		cr.RevenueBefore, cr.RevenueAfter = b.R[j], w.rho[j]*w.En[j]*c
		cr.SubsidyOutlay = w.outl[j] * c
		cr.DeficitAfter = w.Dn[j] * c
		cr.Transfer = (w.Dn[j] - w.Dbase[j]) * c
		cr.EffectiveTariffBefore = ratio(b.R[j], b.Imp[j])
		cr.EffectiveTariffAfter = ratio(cr.RevenueAfter, cr.ImportsAfter)
		// Real spending; under `ratio` the world factor s is a uniform
		// adjustment that makes the closure consistent, not a change in any
		// country's income, so it is taken out (as ge_gravity does).
		eHat := cr.Spending / w.ratioScale
		tauHat, tax1 := 1.0, 0.0
		if elastic && opt.Revenue == IncomeTax {
			tauHat = w.tauHat[j]
			tax1 = w.rho[j] * w.En[j] / w.Yn[j]
		}
		kappa := 0.0
		if elastic {
			kappa = opt.Kappa
		}
		cr.Welfare = welfareChange(opt.Welfare, kappa, b.E[j], b.Y[j], eHat, yHat*c, cr.PriceIndex, tauHat, tax1, 0)
		cr.WelfareExTransfer = welfareChange(opt.Welfare, kappa, b.E[j], b.Y[j], eHat, yHat*c, cr.PriceIndex, tauHat, tax1, cr.Transfer/w.ratioScale)
		cr.WelfareExValuation = cr.Welfare
		if opt.Deficits == Fixed && b.D[j] != 0 && math.Abs(w.Dn[j]-w.Dbase[j]) <= 1e-9*math.Abs(w.Dbase[j]) {
			// The deficit after, less one that moved with j's own income.
			v := (w.Dbase[j] - b.D[j]*yHat) * c
			cr.WelfareExValuation = welfareChange(opt.Welfare, kappa, b.E[j], b.Y[j], eHat, yHat*c, cr.PriceIndex, tauHat, tax1, v/w.ratioScale)
		}
	}
	if opt.Competition == Krugman {
		b.finishKrugman(w, res, c)
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
	w := b.getWorkspace(b.dim(&r.Options)) // the solve's size, so the pool keeps one kind
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
		a := shockedShare(b.lam[k], t0, t1, d, sub, r.Options.Theta[s], r.Options.passthrough(j))
		x += a * (1 + sub) / (1 + t1) * r.cth[s*N+i] * r.v[s*N+j]
	}
	return x * r.scale
}

// Tariffs returns the tariffs t'_ij,s the result was solved with, in the
// data layout (i*N+j)*S+s.
func (r *Result) Tariffs() []float64 {
	if r.shocks.Tariff != nil {
		return append([]float64(nil), r.shocks.Tariff...)
	}
	return nil
}
