package optimal

import (
	"github.com/tradebloc/tradebloc/internal/model"
)

// FormulaRate is the closed-form optimal uniform tariff of country c in the
// one-sector model without input–output linkages (Ignatenko, Lashkaripour,
// Macedoni & Simonovska 2025, Proposition 2; with ν = 0 and φ = 1 and
// balanced trade it is Gros's (1987) 1/(θ·Σ_n x_n(1−λ_cn))):
//
//	t* = 1 / ((1 + ℰ_c)·φ_c − 1),
//	ℰ_c = θ·Σ_{n≠c} (1−ν_n) X_cn (1−λ_cn) / ((1−ν_c)·Σ_{n≠c} X_nc),
//
// with producer-price flows X, λ_cn the share of c's goods in n's spending
// and ν, φ the fixed-cost shares and tariff pass-through (0 and 1 without
// them), evaluated at the equilibrium r (the baseline: r = nil, as ILMS's
// code does). At the optimum's own equilibrium it is exact for two
// countries with balanced trade and inelastic labour; with more countries
// it leaves out how third countries' wages respond and is close but not
// exact (docs/optimal-tariffs.md). ok is false where it does not apply
// (several sectors, input–output linkages).
func FormulaRate(b *model.Baseline, opt model.Options, r *model.Result, c int) (rate float64, ok bool) {
	return formulaRate(b, opt, r, c, false)
}

// FormulaRateFactorIncome is FormulaRate with ℰ_c divided by c's factor
// income less its sales at home, w_cL_c − X_cc, where FormulaRate divides
// by c's imports Σ_n X_nc. ILMS's proof of Proposition 2 (their appendix D)
// derives ℰ with w_cL_c − X_cc and equates it to imports, which holds only
// when no part of the deficit is a fixed transfer: at zero tariffs
// w_cL_c − X_cc = Σ_n X_nc − T̄_c. With balanced trade the two rates agree;
// a country whose deficit is financed by a transfer gets a larger ℰ and a
// lower rate here. Their code (as its Python port reads) uses this form for
// the US rate of their "optimal tariff + optimal retaliation" case; on
// their data it is 18.5%, the "19%" of their text (docs/optimal-tariffs.md).
func FormulaRateFactorIncome(b *model.Baseline, opt model.Options, r *model.Result, c int) (rate float64, ok bool) {
	return formulaRate(b, opt, r, c, true)
}

// formulaRate evaluates Proposition 2 at r (the baseline when nil), with
// ℰ's denominator imports or, with factorIncome, w_cL_c − X_cc.
func formulaRate(b *model.Baseline, opt model.Options, r *model.Result, c int, factorIncome bool) (rate float64, ok bool) {
	if b.S != 1 || b.HasIO() {
		return 0, false
	}
	N := b.N
	X := b.X
	tar := b.Tariffs()
	spend := b.E
	income := b.Y[c]
	if r != nil {
		X = b.Flows(r)
		if t := r.Tariffs(); t != nil {
			tar = t
		}
		spend = make([]float64, N)
		for n := range spend {
			spend[n] = b.E[n] * r.Countries[n].Spending
		}
		// factor income moves with GDP: Y' = Y·ŵL̂ = Y·GDP'/GDP
		if cr := r.Countries[c]; cr.GDPBefore > 0 {
			income *= cr.GDPAfter / cr.GDPBefore
		}
	}
	nu := func(i int) float64 {
		if opt.FixedCostShare == nil {
			return 0
		}
		return opt.FixedCostShare[i]
	}
	num, den := 0.0, 0.0
	for n := 0; n < N; n++ {
		if n == c {
			continue
		}
		x := X[c*N+n]
		lam := (1 + tar[c*N+n]) * x / spend[n]
		num += (1 - nu(n)) * x * (1 - lam)
		den += X[n*N+c]
	}
	if factorIncome {
		// a country that sells more at home than it earns (a deficit
		// financed beyond its imports) has no such rate
		if den = income - X[c*N+c]; !(den > 0) {
			return 0, false
		}
	}
	E := opt.Theta[0] * num / ((1 - nu(c)) * den)
	phi := 1.0
	if opt.Passthrough != nil {
		phi = opt.Passthrough[c]
	}
	return 1 / ((1+E)*phi - 1), true
}
