package model

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestTaxSwapIsSecondOrder replaces an income tax of 1.34% of income by
// non-distortionary revenue with nothing else changing (ŵ = P̂ = 1, all
// income spent). Labour supply rises to L̂ = (1−τ)^(−κ). The exact gain in
// the utility of DESIGN §3 is the Harberger triangle, L̂/(1+κτ) − 1 =
// κ(1+κ)τ²/2 + O(τ³); the published formula gives L̂ − 1 ≈ κτ, first order.
func TestTaxSwapIsSecondOrder(t *testing.T) {
	for _, tc := range []struct{ kappa, tau float64 }{{0.5, 0.0134}, {1, 0.0134}, {0.5, 0.05}, {2, 0.02}} {
		tauHat := 1 / (1 - tc.tau) // net-of-tax factor 1−τ → 1
		L := math.Pow(tauHat, tc.kappa)
		const E, Y = 100.0, 100.0
		exact := welfareChange(ExactWelfare, tc.kappa, E, Y, L, L, 1, tauHat, tc.tau, 0) - 1
		closed := L/(1+tc.kappa*tc.tau) - 1
		if math.Abs(exact-closed) > 1e-14 {
			t.Errorf("κ=%g τ=%g: exact %g, closed form L̂/(1+κτ)−1 = %g", tc.kappa, tc.tau, exact, closed)
		}
		triangle := tc.kappa * (1 + tc.kappa) * tc.tau * tc.tau / 2
		if exact <= 0 || math.Abs(exact-triangle) > 2*tc.kappa*(1+tc.kappa)*(1+tc.kappa)*math.Pow(tc.tau, 3) {
			t.Errorf("κ=%g τ=%g: exact gain %g, Harberger triangle %g", tc.kappa, tc.tau, exact, triangle)
		}
		published := welfareChange(ILMS2025Welfare, tc.kappa, E, Y, L, L, 1, tauHat, tc.tau, 0) - 1
		if math.Abs(published-(L-1)) > 1e-14 || published < 0.9*tc.kappa*tc.tau {
			t.Errorf("κ=%g τ=%g: published formula %g, want L̂−1 = %g ≈ κτ", tc.kappa, tc.tau, published, L-1)
		}
	}
	// The example: a 1.34%-of-GDP tax, κ = 0.5.
	tauHat := 1 / (1 - 0.0134)
	L := math.Sqrt(tauHat)
	if g := 100 * (welfareChange(ExactWelfare, 0.5, 1, 1, L, L, 1, tauHat, 0.0134, 0) - 1); g > 0.01 || g <= 0 {
		t.Errorf("exact gain of the 1.34%% tax swap = %.4f%%, want a small positive triangle (< 0.01%%)", g)
	}
}

// utilityRatio computes U'/U from primitives for one country of a solved
// equilibrium, independently of welfareChange's algebra: baseline prices are
// 1, labour units are chosen so that the baseline labour-supply condition
// L^(1/κ) = n·w/P holds with income Y = wL, and U = C − κ/(κ+1)·L^((1+κ)/κ)
// with C = E/P. The counterfactual moves w, P, L by the result's changes
// and the net-of-tax factor from n = 1/τ̂ to n' = 1.
func utilityRatio(kappa, E, Y float64, c CountryResult, tauHat float64) float64 {
	n0 := 1 / tauHat
	// (Y/w0)^(1/κ) = n0·w0  ⇒  w0 = (Y^(1/κ)/n0)^(κ/(1+κ)).
	w0 := math.Pow(math.Pow(Y, 1/kappa)/n0, kappa/(1+kappa))
	L0 := Y / w0
	L1 := L0 * c.Employment
	u := func(C, L float64) float64 { return C - kappa/(kappa+1)*math.Pow(L, (1+kappa)/kappa) }
	return u(E*c.Spending/c.PriceIndex, L1) / u(E, L0)
}

// TestExactWelfareIsUtility checks in equilibrium (baseline tariffs, a tariff
// war, elastic labour with income-tax rebates and scale economies) that the
// reported welfare is the change in utility computed from primitives, that
// the labour-supply condition L̂ = (τ̂ŵ/P̂)^κ holds, and that the published
// formula differs from it.
func TestExactWelfareIsUtility(t *testing.T) {
	ds := synthetic(7, 1, 11, true)
	b := mustCalibrate(t, ds)
	for _, rev := range []RevenueUse{IncomeTax, LumpSum} {
		opt := Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.1, Revenue: rev}
		sh := Shocks{Tariff: raise(ds, 2, 0.4)}
		r := mustSolve(t, b, opt, sh)
		opt.Welfare = ILMS2025Welfare
		rp := mustSolve(t, b, opt, sh)
		differs := false
		for j, c := range r.Countries {
			tauHat := 1.0
			if rev == IncomeTax {
				t0 := b.R[j] / b.Y[j]
				t1 := c.RevenueAfter / (b.Y[j] * c.Wage * c.Employment)
				tauHat = (1 - t0) / (1 - t1)
			}
			if got, want := c.Employment, math.Pow(tauHat*c.Wage/c.PriceIndex, opt.Kappa); math.Abs(got-want) > 1e-10 {
				t.Errorf("%v %s: L̂ = %g, (τ̂ŵ/P̂)^κ = %g", rev, c.Code, got, want)
			}
			if got, want := c.Welfare, utilityRatio(opt.Kappa, b.E[j], b.Y[j], c, tauHat); math.Abs(got-want) > 1e-10 {
				t.Errorf("%v %s: welfare %.12f, utility ratio %.12f", rev, c.Code, got, want)
			}
			if math.Abs(rp.Countries[j].Welfare-c.Welfare) > 1e-6 {
				differs = true
			}
		}
		if differs != (rev == IncomeTax) {
			t.Errorf("%v: published and exact formulas differ = %v, want %v (they differ only when the tax moves)", rev, differs, rev == IncomeTax)
		}
	}
}

// TestTransferWithoutTargets: without deficit targets nothing is a transfer,
// under every closure, and welfare net of transfers is welfare.
func TestTransferWithoutTargets(t *testing.T) {
	ds := synthetic(8, 2, 12, true)
	b := mustCalibrate(t, ds)
	for _, tc := range optionCases {
		opt := tc.opt
		opt.Theta = []float64{4, 5}
		r := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 1, 0.2)})
		for _, c := range r.Countries {
			if math.Abs(c.Transfer) > 1e-9*c.GDPAfter || math.Abs(c.WelfareExTransfer-c.Welfare) > 1e-12 {
				t.Errorf("%s %s: transfer %g, welfare ex transfer %g vs %g", tc.name, c.Code, c.Transfer, c.WelfareExTransfer, c.Welfare)
			}
		}
	}
}

// TestTransferOfATarget: a target that turns a country's surplus into a
// deficit finances extra spending; welfare net of that transfer is lower
// than welfare, transfers sum to zero, and the transfer equals the move of
// the deficit beyond what the fixed closure sets.
func TestTransferOfATarget(t *testing.T) {
	ds := synthetic(8, 1, 13, true)
	b := mustCalibrate(t, ds)
	target := make([]float64, 8)
	for j := range target {
		target[j] = NoTarget
	}
	target[2] = 0.05 // a 5%-of-GDP deficit
	r := mustSolve(t, b, Options{Theta: []float64{4}}, Shocks{DeficitTarget: target})
	sumT, sumY, sumY0 := 0.0, 0.0, 0.0
	for _, c := range r.Countries {
		sumT += c.Transfer
		sumY += c.GDPAfter
		sumY0 += c.GDPBefore
	}
	if math.Abs(sumT) > 1e-9*sumY {
		t.Errorf("Σ transfers = %g", sumT)
	}
	c := r.Countries[2]
	if want := c.DeficitAfter - b.D[2]*sumY/sumY0; math.Abs(c.Transfer-want) > 1e-9*c.GDPAfter {
		t.Errorf("transfer %g, want D' − D·ΣY'/ΣY = %g", c.Transfer, want)
	}
	if !(c.Transfer > 0) || !(c.WelfareExTransfer < c.Welfare) {
		t.Errorf("a wider deficit: transfer %g, welfare %g, ex transfer %g", c.Transfer, c.Welfare, c.WelfareExTransfer)
	}
}

// TestGDPIsValueAdded: with a GDP column below sales (gross flows), GDP moves
// with factor income ŵL̂ and deficit targets are shares of that GDP.
func TestGDPIsValueAdded(t *testing.T) {
	ds := synthetic(6, 1, 14, true)
	b0 := mustCalibrate(t, ds)
	for i := range ds.Countries {
		ds.Countries[i].GDP = 0.4 * b0.Y[i]
	}
	b := mustCalibrate(t, ds)
	target := []float64{NoTarget, -0.03, NoTarget, NoTarget, NoTarget, NoTarget}
	r := mustSolve(t, b, Options{Theta: []float64{4}, Kappa: 0.3}, Shocks{Tariff: raise(ds, 0, 0.2), DeficitTarget: target})
	for j, c := range r.Countries {
		if c.GDPBefore != ds.Countries[j].GDP {
			t.Errorf("%s: GDP before %g, want the dataset's %g", c.Code, c.GDPBefore, ds.Countries[j].GDP)
		}
		if got, want := c.GDPAfter/c.GDPBefore, c.Wage*c.Employment; math.Abs(got-want) > 1e-12 {
			t.Errorf("%s: GDP moved by %g, ŵL̂ = %g", c.Code, got, want)
		}
	}
	if got := r.Countries[1].DeficitAfter / r.Countries[1].GDPAfter; math.Abs(got+0.03) > 1e-12 {
		t.Errorf("target −3%% of GDP, got %g", got)
	}
	// The world-GDP numeraire pins ΣGDP, and `fixed` keeps deficits fixed
	// relative to world GDP, both measured in GDP, not in sales.
	r = mustSolve(t, b, Options{Theta: []float64{4}, Numeraire: WorldGDP}, Shocks{Tariff: raise(ds, 0, 0.5)})
	sum0, sum1 := 0.0, 0.0
	for _, c := range r.Countries {
		sum0 += c.GDPBefore
		sum1 += c.GDPAfter
	}
	if math.Abs(sum1/sum0-1) > 1e-12 {
		t.Errorf("world-GDP numeraire: ΣGDP' / ΣGDP = %g", sum1/sum0)
	}
	for j, c := range r.Countries {
		if math.Abs(c.DeficitAfter-b.D[j]) > 1e-9*sum0 {
			t.Errorf("%s: fixed deficit moved from %g to %g with world GDP unchanged", c.Code, b.D[j], c.DeficitAfter)
		}
	}
}

// TestDeficitValuation: under `fixed` deficits a tariff that lowers a
// deficit economy's income against the world's lets its deficit buy more.
// WelfareExValuation takes that valuation out; what is left should be
// close to the same shock under `ratio`, where the deficit moves with own
// income, although that is a different equilibrium (an independent check,
// not the formula again). On the embedded world with a 20% US tariff on
// everyone, the Philippines' gain is all valuation: without it, a loss.
func TestDeficitValuation(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	us, _ := ds.Index("USA")
	none := Shocks{Tariff: append([]float64(nil), ds.Tariffs...)}
	sh := Shocks{Tariff: append([]float64(nil), ds.Tariffs...)}
	for i := 0; i < b.N; i++ {
		if i != us {
			sh.Tariff[i*b.N+us] += 0.2
		}
	}
	solve := func(o Options, s Shocks) *Result {
		t.Helper()
		r, err := b.Solve(o, s, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fixed := Options{Theta: []float64{4}}
	ratio := Options{Theta: []float64{4}, Deficits: Ratio}
	gdpNum := Options{Theta: []float64{4}, Numeraire: WorldGDP}
	r0 := solve(fixed, none)
	rf, rr, rg := solve(fixed, sh), solve(ratio, sh), solve(gdpNum, sh)
	for _, code := range []string{"PHL", "GRC", "IRL", "SGP", "CHE", "CHN", "USA", "VNM", "MEX", "DEU", "IND"} {
		j, _ := ds.Index(code)
		f, x, r := 100*(rf.Countries[j].Welfare-1), 100*(rf.Countries[j].WelfareExValuation-1), 100*(rr.Countries[j].Welfare-1)
		if math.Abs(x-r) > 0.15 {
			t.Errorf("%s: fixed %.3f%%, ex valuation %.3f%%, ratio %.3f%%: the valuation does not account for the closures' gap", code, f, x, r)
		}
		if g := 100 * (rg.Countries[j].WelfareExValuation - 1); math.Abs(g-x) > 1e-6 {
			t.Errorf("%s: ex valuation %.6f%% in world prices, %.6f%% in world GDP", code, x, g)
		}
		if v := r0.Countries[j].Welfare - r0.Countries[j].WelfareExValuation; math.Abs(v) > 1e-12 {
			t.Errorf("%s: valuation %g without a shock", code, v)
		}
		if rr.Countries[j].WelfareExValuation != rr.Countries[j].Welfare {
			t.Errorf("%s: a valuation under ratio", code)
		}
	}
	phl, _ := ds.Index("PHL")
	if f, x := 100*(rf.Countries[phl].Welfare-1), 100*(rf.Countries[phl].WelfareExValuation-1); !(f > 0.2 && x < 0) {
		t.Errorf("PHL: fixed %.3f%%, ex valuation %.3f%%; want a gain that is all valuation", f, x)
	}
}
