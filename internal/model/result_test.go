package model

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestSectorResults checks the sector results against the flows
// (Baseline.Flows) and the dataset, computed here, and against the country
// results they must add up to: the country price index is the Cobb–Douglas
// aggregate Π_s P̂_s^α_s of the sector indices, and sector employment,
// weighted by the sectors' baseline value added, is the country's
// employment. Country 0 neither exports nor imports sector 1: its ratios
// with a zero baseline are 1 (nothing before, nothing after) and its
// tariffs 0.
func TestSectorResults(t *testing.T) {
	ds := synthetic(6, 3, 44, true)
	N, S := ds.N(), ds.S()
	for j := 1; j < N; j++ {
		ds.Trade[ds.At(0, j, 1)] = 0
		ds.Trade[ds.At(j, 0, 1)] = 0
	}
	for _, c := range []struct {
		name string
		io   bool
		opt  Options
	}{
		{"elastic labour", false, Options{Theta: []float64{3, 5, 8}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax, Numeraire: CountryWage, NumeraireCountry: 2}},
		{"input-output", true, Options{Theta: []float64{3, 5, 8}, Kappa: 0.5, Numeraire: WorldGDP}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := ds
			if c.io {
				d = withIO(ds, 8, 0.5)
			}
			b := mustCalibrate(t, d)
			r := mustSolve(t, b, c.opt, Shocks{Tariff: raise(d, 3, 0.3)})
			X := b.Flows(r)
			got := b.Sectors(r)
			for i := 0; i < N; i++ {
				logP, emp, va := 0.0, 0.0, 0.0
				for s := 0; s < S; s++ {
					var y0, y1, x0, x1, m0, m1 float64
					for j := 0; j < N; j++ {
						y0 += d.Trade[d.At(i, j, s)]
						y1 += X[d.At(i, j, s)]
						if j != i {
							x0 += d.Trade[d.At(i, j, s)]
							x1 += X[d.At(i, j, s)]
							m0 += d.Trade[d.At(j, i, s)]
							m1 += X[d.At(j, i, s)]
						}
					}
					ratio := func(a, b float64) float64 {
						if b == 0 {
							return 1 // both zero: checked below
						}
						return a / b
					}
					sr := got[i][s]
					for _, f := range []struct {
						name      string
						got, want float64
					}{{"output", sr.Output, ratio(y1, y0)}, {"exports", sr.Exports, ratio(x1, x0)}, {"imports", sr.Imports, ratio(m1, m0)}} {
						if math.Abs(f.got-f.want) > 1e-10*f.want {
							t.Errorf("%s sector %d: %s %v, from flows %v", b.Codes[i], s, f.name, f.got, f.want)
						}
					}
					logP += b.Alpha[i*S+s] * math.Log(sr.PriceIndex)
					beta := 1.0
					if c.io {
						beta = d.VA[i*S+s]
					}
					emp += beta * y0 * sr.Employment
					va += beta * y0
				}
				cr := r.Countries[i]
				if p := math.Exp(logP); math.Abs(p-cr.PriceIndex) > 1e-10 {
					t.Errorf("%s: Π P̂_s^α_s = %v, country price index %v", b.Codes[i], p, cr.PriceIndex)
				}
				if e := emp / va; math.Abs(e-cr.Employment) > 1e-10 {
					t.Errorf("%s: sector employment adds up to %v, country %v", b.Codes[i], e, cr.Employment)
				}
			}
			if z := got[0][1]; z.Exports != 1 || z.Imports != 1 || z.TariffBefore != 0 || z.TariffAfter != 0 || z.ImportShare != 0 {
				t.Errorf("a sector country 0 does not trade: %+v", z)
			}
		})
	}
}

// TestNumeraires asserts each numeraire's condition on the equilibrium it
// fixes: a country's wage is 1, world GDP is unchanged, or the GDP-weighted
// wage change is nil (the world price index, Σ E(P̂−1) = 0, is asserted in
// TestILMSNumeraire).
func TestNumeraires(t *testing.T) {
	ds := synthetic(7, 2, 45, true)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 1, 0.4)}
	r := mustSolve(t, b, Options{Theta: []float64{4, 6}, Numeraire: CountryWage, NumeraireCountry: 4}, sh)
	if w := r.Countries[4].Wage; math.Abs(w-1) > 1e-14 {
		t.Errorf("wage of the numeraire country %v, want 1", w)
	}
	if w := r.Countries[1].Wage; math.Abs(w-1) < 1e-4 {
		t.Errorf("the tariff leaves the raising country's relative wage at %v", w)
	}
	r = mustSolve(t, b, Options{Theta: []float64{4, 6}, Kappa: 0.5, Psi: 0.1, Numeraire: WorldGDP}, sh)
	before, after := 0.0, 0.0
	for _, c := range r.Countries {
		before += c.GDPBefore
		after += c.GDPAfter
	}
	if math.Abs(after/before-1) > 1e-13 {
		t.Errorf("world GDP moved by %g under its own numeraire", after/before-1)
	}
	// World wage: the GDP-weighted mean wage change is nil, with GDP the
	// dataset's (value added, here below sales) and employment moving.
	for i := range ds.Countries {
		ds.Countries[i].GDP = 0.3 * float64(i+1) * b.Y[i] / float64(len(ds.Countries))
	}
	bg := mustCalibrate(t, ds)
	r = mustSolve(t, bg, Options{Theta: []float64{4, 6}, Kappa: 0.5, Psi: 0.1, Numeraire: WorldWage}, sh)
	for j, c := range r.Countries {
		if bg.GDP[j] == bg.Y[j] {
			t.Fatalf("%s: GDP equals sales, the weights would not be told apart", c.Code)
		}
	}
	if m := weightedMean(bg.GDP, func(j int) float64 { return r.Countries[j].Wage - 1 }); math.Abs(m) > 1e-13 {
		t.Errorf("Σ GDP(ŵ−1)/ΣGDP = %g under the world-wage numeraire, want 0", m)
	}
}

// TestWelfareNetOfTransfer: welfare net of transfers is welfare with
// counterfactual spending E' less the transfer (docs/welfare.md), so the
// two are in the ratio (E' − transfer)/E', under the ratio closure's world
// factor as under the fixed closure.
func TestWelfareNetOfTransfer(t *testing.T) {
	ds := synthetic(8, 1, 46, true)
	b := mustCalibrate(t, ds)
	target := make([]float64, ds.N())
	for j := range target {
		target[j] = NoTarget
	}
	target[2], target[5] = 0.04, -0.03
	for _, cl := range []Closure{Fixed, Ratio} {
		r := mustSolve(t, b, Options{Theta: []float64{4}, Deficits: cl}, Shocks{Tariff: raise(ds, 1, 0.2), DeficitTarget: target})
		if cl == Ratio && math.Abs(r.RatioScale-1) < 1e-6 {
			t.Fatalf("ratio closure: world factor %v, want one away from 1", r.RatioScale)
		}
		for j, c := range r.Countries {
			spend := b.E[j] * c.Spending
			if want := c.Welfare * (spend - c.Transfer) / spend; math.Abs(c.WelfareExTransfer-want) > 1e-12 {
				t.Errorf("%v %s: welfare ex transfer %v, want %v", cl, c.Code, c.WelfareExTransfer, want)
			}
		}
	}
}

// TestEffectiveTariffsAndBalances: the effective tariff is revenue over
// imports, from the dataset's tariffs and flows before the shock; a country
// that imports nothing has none. The balance is exports less imports.
func TestEffectiveTariffsAndBalances(t *testing.T) {
	ds := synthetic(5, 2, 47, true)
	N, S := ds.N(), ds.S()
	for i := 1; i < N; i++ {
		for s := 0; s < S; s++ {
			ds.Trade[ds.At(i, 0, s)] = 0 // country 0 imports nothing
		}
	}
	b := mustCalibrate(t, ds)
	r := mustSolve(t, b, Options{Theta: []float64{4, 6}, Numeraire: CountryWage, NumeraireCountry: 1}, Shocks{Tariff: raise(ds, 2, 0.25)})
	for j, c := range r.Countries {
		var rev, imp float64
		for i := 0; i < N; i++ {
			for s := 0; s < S; s++ {
				if i != j {
					rev += ds.Tariffs[ds.At(i, j, s)] * ds.Trade[ds.At(i, j, s)]
					imp += ds.Trade[ds.At(i, j, s)]
				}
			}
		}
		want := 0.0
		if imp > 0 {
			want = rev / imp
		}
		if math.Abs(c.EffectiveTariffBefore-want) > 1e-12 {
			t.Errorf("%s: effective tariff %v, want %v", c.Code, c.EffectiveTariffBefore, want)
		}
		if c.BalanceBefore() != c.ExportsBefore-c.ImportsBefore || c.BalanceAfter() != c.ExportsAfter-c.ImportsAfter {
			t.Errorf("%s: balances %v, %v", c.Code, c.BalanceBefore(), c.BalanceAfter())
		}
	}
	if c := r.Countries[0]; c.EffectiveTariffBefore != 0 || c.EffectiveTariffAfter != 0 || c.ImportsAfter != 0 {
		t.Errorf("country without imports: effective tariff %v → %v, imports %v", c.EffectiveTariffBefore, c.EffectiveTariffAfter, c.ImportsAfter)
	}
	if c := r.Countries[2]; !(c.EffectiveTariffAfter > c.EffectiveTariffBefore+0.2) {
		t.Errorf("the raising country's effective tariff %v → %v", c.EffectiveTariffBefore, c.EffectiveTariffAfter)
	}
}

// TestResultAccessors: a result returns the tariffs it was solved with (nil
// without a tariff shock), its flows one pair at a time in its numeraire,
// and warm starts with and without its neighbour's Jacobian that both reach
// the same equilibrium as a cold solve.
func TestResultAccessors(t *testing.T) {
	ds := synthetic(6, 2, 48, true)
	b := mustCalibrate(t, ds)
	opt := Options{Theta: []float64{4, 6}, Numeraire: CountryWage, NumeraireCountry: 3}
	sh := Shocks{Tariff: raise(ds, 2, 0.3)}
	r := mustSolve(t, b, opt, sh)
	if got := r.Tariffs(); len(got) != len(sh.Tariff) || got[ds.At(0, 2, 1)] != sh.Tariff[ds.At(0, 2, 1)] {
		t.Errorf("Tariffs() = %v", got)
	}
	if got := mustSolve(t, b, opt, Shocks{}).Tariffs(); got != nil {
		t.Errorf("no tariff shock: Tariffs() = %v", got)
	}
	X := b.Flows(r)
	for i := 0; i < ds.N(); i++ {
		for j := 0; j < ds.N(); j++ {
			want := X[ds.At(i, j, 0)] + X[ds.At(i, j, 1)]
			if got := b.Flow(r, i, j); math.Abs(got-want) > 1e-12*want {
				t.Errorf("Flow(%d, %d) = %v, Flows %v", i, j, got, want)
			}
		}
	}
	near := Shocks{Tariff: raise(ds, 2, 0.32)}
	cold := mustSolve(t, b, opt, near)
	if err := b.Linearize(r); err != nil {
		t.Fatal(err)
	}
	plain, err := b.Solve(opt, near, r.WarmFrom(nil))
	if err != nil {
		t.Fatal(err)
	}
	chord, err := b.Solve(opt, near, r.WarmFrom(r))
	if err != nil {
		t.Fatal(err)
	}
	if !(chord.Iterations < plain.Iterations && plain.Iterations < cold.Iterations) {
		t.Errorf("iterations: chord %d, warm %d, cold %d", chord.Iterations, plain.Iterations, cold.Iterations)
	}
	for j := range cold.Countries {
		for _, w := range []*Result{plain, chord} {
			if d := w.Countries[j].Welfare - cold.Countries[j].Welfare; math.Abs(d) > 1e-11 {
				t.Errorf("%s: warm start off by %g", cold.Countries[j].Code, d)
			}
		}
	}
}

// TestOptionRefusals: options that contradict the baseline are invalid
// input with a message, and the same options where they fit solve.
func TestOptionRefusals(t *testing.T) {
	ds := synthetic(5, 2, 49, true)
	plain := mustCalibrate(t, ds)
	io := mustCalibrate(t, withIO(ds, 3, 0.5))
	opt := Options{Theta: []float64{4, 6}, NoIO: true}
	mustSolve(t, plain, opt, Shocks{})
	if _, err := io.Solve(opt, Shocks{}, nil); !errs.IsInvalid(err) || !strings.Contains(err.Error(), "without input–output linkages") {
		t.Errorf("NoIO on an IO baseline: %v", err)
	}
}

// TestIncreasingReturnsReported: when a solve fails with κψ ≥ 1 (aggregate
// increasing returns, where an equilibrium may not exist) the reason says
// so; below 1 it does not blame them.
func TestIncreasingReturnsReported(t *testing.T) {
	ds := synthetic(6, 1, 50, true)
	b := mustCalibrate(t, ds)
	for _, c := range []struct {
		kappa, psi float64
		blamed     bool
	}{{2, 0.5, true}, {3, 0.5, true}, {0.5, 0.4, false}} {
		_, err := b.Solve(Options{Theta: []float64{4}, Kappa: c.kappa, Psi: c.psi, MaxIter: 2}, Shocks{Tariff: raise(ds, 0, 0.3)}, nil)
		if errs.KindOf(err) != errs.NotConverged {
			t.Fatalf("κ=%g ψ=%g, 2 iterations: %v", c.kappa, c.psi, err)
		}
		if got := strings.Contains(err.Error(), "returns to scale increasing"); got != c.blamed {
			t.Errorf("κ=%g ψ=%g: %v", c.kappa, c.psi, err)
		}
		// The product named is κψ itself.
		if want := fmt.Sprintf("scale elasticity = %.3g ≥ 1", c.kappa*c.psi); c.blamed && !strings.Contains(err.Error(), want) {
			t.Errorf("κ=%g ψ=%g: %v does not say %q", c.kappa, c.psi, err, want)
		}
	}
}

// TestPurgeKeepsTheDataset: the purged dataset reports GDP after the purge
// where the data give GDP and none where they do not, and owns its tariffs
// (changing them does not change the original's).
func TestPurgeKeepsTheDataset(t *testing.T) {
	ds := synthetic(6, 2, 51, true)
	b0 := mustCalibrate(t, ds)
	for i := 0; i < 3; i++ {
		ds.Countries[i].GDP = 0.5 * b0.Y[i]
	}
	pds, pres, err := PurgeDeficits(ds, Options{Theta: []float64{4, 6}})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range pds.Countries {
		want := 0.0
		if i < 3 {
			want = pres.Countries[i].GDPAfter
		}
		if c.GDP != want {
			t.Errorf("%s: purged GDP %v, want %v", c.Code, c.GDP, want)
		}
	}
	t0 := ds.Tariffs[1]
	pds.Tariffs[1] = t0 + 1
	if ds.Tariffs[1] != t0 {
		t.Error("the purged dataset shares its tariffs with the original")
	}
}

// TestShockedShare checks the scenario kernel A = λ·(d̂/(1+sub))^(−θ)·
// ((1+t')/(1+t))^(−θφ) on numbers worked out by hand.
func TestShockedShare(t *testing.T) {
	for _, c := range []struct {
		name                         string
		lam, t0, t1, d, sub, th, phi float64
		want                         float64
	}{
		{"no change", 0.5, 0.1, 0.1, 1, 0, 4, 1, 0.5},
		{"tariff doubles the price", 0.5, 0, 1, 1, 0, 2, 1, 0.125},             // 0.5·2^−2
		{"cost and tariff", 0.5, 0, 1, 2, 0, 2, 1, 0.03125},                    // 0.5·4^−2
		{"subsidy halves the price", 0.5, 0, 0, 1, 1, 2, 1, 2},                 // 0.5·(1/2)^−2
		{"pass-through on the tariff only", 0.5, 0, 1, 2, 0, 2, 1.5, 0.015625}, // 0.5·2^−2·2^−3
		{"pass-through with a subsidy", 0.5, 0, 0, 1, 1, 2, 1.5, 2},            // 0.5·(1/2)^−2
		{"not bought", 0, 0, 1, 2, 0, 2, 1, 0},
	} {
		if got := shockedShare(c.lam, c.t0, c.t1, c.d, c.sub, c.th, c.phi); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
