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
	if b.S != 1 || b.HasIO() {
		return 0, false
	}
	N := b.N
	X := b.X
	tar := b.Tariffs()
	spend := b.E
	if r != nil {
		X = b.Flows(r)
		if t := r.Tariffs(); t != nil {
			tar = t
		}
		spend = make([]float64, N)
		for n := range spend {
			spend[n] = b.E[n] * r.Countries[n].Spending
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
	E := opt.Theta[0] * num / ((1 - nu(c)) * den)
	phi := 1.0
	if opt.Passthrough != nil {
		phi = opt.Passthrough[c]
	}
	return 1 / ((1+E)*phi - 1), true
}
