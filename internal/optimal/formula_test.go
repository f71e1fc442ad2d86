package optimal

import (
	"fmt"
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/model"
)

// TestFormulaRateFactorIncome: the factor-income form of Proposition 2
// differs from the imports form by the deficit transfer only. On ILMS's
// world it gives the 18.5% that their Table 2 case 3 is solved at and that
// their text rounds to "19%" (the imports form: 21.8%); with the transfer
// worked out by hand, T̄ = E − Y at their zero-tariff baseline, it is the
// imports form with imports less T̄; on the same world with deficits
// purged the two forms agree, at the baseline and at a counterfactual
// equilibrium; with input–output linkages neither applies.
func TestFormulaRateFactorIncome(t *testing.T) {
	m, b, opt := ilmsWorld(t, false)
	us := m.US
	imp, _ := FormulaRate(b, opt, nil, us)
	inc, ok := FormulaRateFactorIncome(b, opt, nil, us)
	if !ok {
		t.Fatal("factor-income form does not apply on the ILMS world")
	}
	if got := fmt.Sprintf("%.2f %.2f %.0f", 100*imp, 100*inc, 100*inc); got != "21.78 18.54 19" {
		t.Errorf("imports form, factor-income form, rounded = %s; want 21.78 18.54 19", got)
	}
	// By hand: ℰ scales with the denominator, so the factor-income ℰ is the
	// imports ℰ times M/(M − T̄).
	N := b.N
	M := 0.0
	for n := 0; n < N; n++ {
		if n != us {
			M += b.X[n*N+us]
		}
	}
	transfer := b.E[us] - b.Y[us]
	phi := opt.Passthrough[us]
	eImp := (1/imp+1)/phi - 1
	if want := 1 / ((1+eImp*M/(M-transfer))*phi - 1); math.Abs(inc-want) > 1e-12 {
		t.Errorf("factor-income form %.12f, imports form with imports less the transfer %.12f", inc, want)
	}
	if !(transfer > 0 && inc < imp) {
		t.Errorf("a deficit financed by a transfer (T̄ = %g) should lower the rate: %.4f vs %.4f", transfer, inc, imp)
	}

	plain := model.Options{Theta: []float64{4}}
	bal := purgedBaseline(t, m.Data, plain)
	sh := model.Shocks{Tariff: make([]float64, N*N)}
	for n := 0; n < N; n++ {
		if n != us {
			sh.Tariff[n*N+us] = 0.2
		}
	}
	r, err := bal.Solve(plain, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []*model.Result{nil, r} {
		a, _ := FormulaRate(bal, plain, at, us)
		c, ok := FormulaRateFactorIncome(bal, plain, at, us)
		if !ok || math.Abs(a-c) > 1e-8 {
			t.Errorf("balanced trade (equilibrium %v): imports form %.10f, factor-income form %.10f (ok %v)", at != nil, a, c, ok)
		}
	}

	_, io, ioOpt := ilmsWorld(t, true)
	if _, ok := FormulaRateFactorIncome(io, ioOpt, nil, us); ok {
		t.Error("the formula should not apply with input–output linkages")
	}
}
