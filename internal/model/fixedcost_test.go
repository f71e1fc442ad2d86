package model

import (
	"math"
	"testing"
)

// TestFixedCostAccounts checks a counterfactual with ILMS fixed costs on a
// world of sectors with different elasticities against its accounts, from
// the flows (Baseline.Flows) alone: exports and imports are the foreign
// flows, and labour income is ILMS (2025) eq. 2,
// Y'_i = Σ_j (1−ν_j) X'_ij + ν_i Σ_n X'_ni.
func TestFixedCostAccounts(t *testing.T) {
	const N, S = 5, 2
	ds := synthetic(N, S, 31, true)
	nu := []float64{0.3, 0.1, 0.2, 0.05, 0.15}
	b, err := CalibrateWith(ds, CalibrateOptions{FixedCostShare: nu})
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []Options{
		{Theta: []float64{4, 7}},
		{Theta: []float64{4, 7}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax},
	} {
		opt.FixedCostShare = nu
		opt.Passthrough = ILMSPassthrough(nu, opt.Psi, 1)
		r := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 1, 0.25)})
		X := b.Flows(r)
		for i, c := range r.Countries {
			var exp, imp, y float64
			for j := 0; j < N; j++ {
				for s := 0; s < S; s++ {
					out, in := X[ds.At(i, j, s)], X[ds.At(j, i, s)]
					if j != i {
						exp += out
						imp += in
					}
					y += (1-nu[j])*out + nu[i]*in
				}
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{{"exports", c.ExportsAfter, exp}, {"imports", c.ImportsAfter, imp}, {"labour income", c.GDPAfter, y}} {
				if math.Abs(f.got-f.want) > 1e-10*f.want {
					t.Errorf("κ=%g %s: %s %.12g, from flows %.12g", opt.Kappa, c.Code, f.name, f.got, f.want)
				}
			}
		}
	}
}
