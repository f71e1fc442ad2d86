package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// synthetic builds an N-country, S-sector dataset with random flows, strong
// home bias and (optionally) baseline tariffs, seeded for reproducibility.
func synthetic(N, S int, seed uint64, tariffs bool) *data.Dataset {
	r := rand.New(rand.NewPCG(seed, 1))
	ds := &data.Dataset{Name: "synthetic"}
	for i := 0; i < N; i++ {
		ds.Countries = append(ds.Countries, data.Country{Code: fmt.Sprintf("C%02d", i)})
	}
	for s := 0; s < S; s++ {
		ds.Sectors = append(ds.Sectors, data.Sector{Code: fmt.Sprintf("S%d", s)})
	}
	ds.Trade = make([]float64, N*N*S)
	ds.Tariffs = make([]float64, N*N*S)
	for i := 0; i < N; i++ {
		size := 1 + 9*r.Float64()
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				x := size * r.Float64()
				if i == j {
					x = size * (20 + 20*r.Float64())
				}
				ds.Trade[ds.At(i, j, s)] = x
				if tariffs && i != j {
					ds.Tariffs[ds.At(i, j, s)] = 0.1 * r.Float64()
				}
			}
		}
	}
	return ds
}

func mustCalibrate(t testing.TB, ds *data.Dataset) *Baseline {
	t.Helper()
	b, err := Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustSolve(t testing.TB, b *Baseline, opt Options, sh Shocks) *Result {
	t.Helper()
	r, err := b.Solve(opt, sh, nil)
	if err != nil {
		t.Fatalf("solve: %v", err)
	}
	if r.Status != Converged || r.MaxResidual > 1e-10 {
		t.Fatalf("status %v residual %g", r.Status, r.MaxResidual)
	}
	return r
}

// raise returns baseline tariffs with importer j's tariffs on everyone raised by add.
func raise(ds *data.Dataset, j int, add float64) []float64 {
	t := append([]float64(nil), ds.Tariffs...)
	for i := 0; i < ds.N(); i++ {
		if i == j {
			continue
		}
		for s := 0; s < ds.S(); s++ {
			t[ds.At(i, j, s)] += add
		}
	}
	return t
}

var optionCases = []struct {
	name string
	opt  Options
}{
	{"fixed", Options{Deficits: Fixed}},
	{"ratio", Options{Deficits: Ratio}},
	{"zero", Options{Deficits: Zero}},
	{"elastic-lumpsum", Options{Deficits: Fixed, Kappa: 0.5, Psi: 0.1}},
	{"elastic-incometax", Options{Deficits: Fixed, Kappa: 1, Psi: 0.2, Revenue: IncomeTax}},
	{"world-gdp", Options{Deficits: Fixed, Numeraire: WorldGDP}},
	{"country-wage", Options{Deficits: Fixed, Numeraire: CountryWage, NumeraireCountry: 2}},
}

func TestNoShockNoChange(t *testing.T) {
	for _, S := range []int{1, 3} {
		ds := synthetic(8, S, 1, true)
		b := mustCalibrate(t, ds)
		for _, tc := range optionCases {
			if tc.opt.Deficits == Zero {
				continue // zero moves balances by construction
			}
			opt := tc.opt
			opt.Theta = UniformTheta(4, S)
			r := mustSolve(t, b, opt, Shocks{})
			for _, c := range r.Countries {
				for name, v := range map[string]float64{"welfare": c.Welfare, "wage": c.Wage, "price": c.PriceIndex, "employment": c.Employment, "exports": c.ExportsAfter / c.ExportsBefore, "revenue": c.RevenueAfter / c.RevenueBefore} {
					if math.Abs(v-1) > 1e-12 {
						t.Errorf("S=%d %s %s: %s changed by %g", S, tc.name, c.Code, name, v-1)
					}
				}
			}
		}
	}
}

func TestIdentitiesUnderTariffShock(t *testing.T) {
	ds := synthetic(10, 2, 2, true)
	b := mustCalibrate(t, ds)
	for _, tc := range optionCases {
		opt := tc.opt
		opt.Theta = []float64{4, 6}
		r := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.3)})
		sumD, sumX, sumM, sumY, sumY0 := 0.0, 0.0, 0.0, 0.0, 0.0
		for j, c := range r.Countries {
			sumD += c.DeficitAfter
			sumX += c.ExportsAfter
			sumM += c.ImportsAfter
			sumY += c.GDPAfter
			sumY0 += c.GDPBefore
			// DESIGN §3's deficit equals imports − exports at producer prices.
			if d := c.DeficitAfter - (c.ImportsAfter - c.ExportsAfter); math.Abs(d) > 1e-9*c.GDPAfter {
				t.Errorf("%s %s: D' − (M' − X') = %g", tc.name, c.Code, d)
			}
			_ = j
		}
		if math.Abs(sumD) > 1e-9*sumY {
			t.Errorf("%s: Σ D' = %g", tc.name, sumD)
		}
		if math.Abs(sumX-sumM) > 1e-9*sumY {
			t.Errorf("%s: world exports %g ≠ imports %g", tc.name, sumX, sumM)
		}
		for j, c := range r.Countries {
			switch opt.Deficits {
			case Fixed:
				if d := c.DeficitAfter/sumY - b.D[j]/sumY0; math.Abs(d) > 1e-12 {
					t.Errorf("%s %s: deficit/world GDP moved by %g", tc.name, c.Code, d)
				}
			case Zero:
				if math.Abs(c.DeficitAfter) > 1e-9*c.GDPAfter {
					t.Errorf("%s %s: deficit %g under zero closure", tc.name, c.Code, c.DeficitAfter)
				}
			}
		}
	}
}

func TestNumeraireInvariance(t *testing.T) {
	ds := synthetic(9, 2, 3, true)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 1, 0.25)}
	for _, base := range []Options{{Deficits: Fixed}, {Deficits: Ratio}, {Deficits: Fixed, Kappa: 0.7, Psi: 0.15, Revenue: IncomeTax}} {
		var ref *Result
		for _, num := range []Options{{Numeraire: WorldPrice}, {Numeraire: WorldGDP}, {Numeraire: CountryWage, NumeraireCountry: 4}} {
			opt := base
			opt.Theta = []float64{5, 3}
			opt.Numeraire, opt.NumeraireCountry = num.Numeraire, num.NumeraireCountry
			r := mustSolve(t, b, opt, sh)
			if ref == nil {
				ref = r
				continue
			}
			for j := range r.Countries {
				a, c := ref.Countries[j], r.Countries[j]
				for name, pair := range map[string][2]float64{
					"welfare": {a.Welfare, c.Welfare}, "real wage": {a.RealWage, c.RealWage}, "employment": {a.Employment, c.Employment},
					"exports/GDP":   {a.ExportsAfter / a.GDPAfter, c.ExportsAfter / c.GDPAfter},
					"relative wage": {a.Wage / ref.Countries[0].Wage, c.Wage / r.Countries[0].Wage},
				} {
					if math.Abs(pair[0]-pair[1]) > 1e-9 {
						t.Errorf("numeraire %v: %s of %s %g vs %g", num.Numeraire, name, a.Code, pair[0], pair[1])
					}
				}
			}
		}
	}
}

// TestACRAutarky checks the Arkolakis–Costinot–Rodríguez-Clare formula: with
// one sector and balanced trade, moving to autarky changes welfare by
// λ_jj^(1/θ) − 1.
func TestACRAutarky(t *testing.T) {
	ds := synthetic(6, 1, 4, false)
	N := ds.N()
	// Balance trade: symmetric foreign flows give exports = imports.
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			m := 0.5 * (ds.Trade[ds.At(i, j, 0)] + ds.Trade[ds.At(j, i, 0)])
			ds.Trade[ds.At(i, j, 0)], ds.Trade[ds.At(j, i, 0)] = m, m
		}
	}
	b := mustCalibrate(t, ds)
	for _, theta := range []float64{2, 4, 8} {
		// Autarky two ways: prohibitive trade costs, and prohibitive tariffs
		// (whose revenue vanishes with the imports).
		cost := make([]float64, N*N)
		tariff := make([]float64, N*N)
		for k := range cost {
			cost[k] = 1
			if k/N != k%N {
				cost[k] = 1e12
				tariff[k] = 1e12
			}
		}
		for name, sh := range map[string]Shocks{"trade costs": {Cost: cost}, "tariffs": {Tariff: tariff}} {
			r := mustSolve(t, b, Options{Theta: []float64{theta}}, sh)
			for j, c := range r.Countries {
				want := math.Pow(b.Lambda(j, j, 0), 1/theta)
				if math.Abs(c.Welfare-want) > 1e-9 {
					t.Errorf("θ=%g, prohibitive %s, %s: autarky welfare %.12f, ACR %.12f", theta, name, c.Code, c.Welfare, want)
				}
			}
		}
	}
}

// TestIdenticalSectorsEqualOneSector splits every flow into three identical
// sectors; the result must equal the one-sector model.
func TestIdenticalSectorsEqualOneSector(t *testing.T) {
	one := synthetic(7, 1, 5, true)
	N := one.N()
	three := &data.Dataset{Countries: one.Countries, Sectors: []data.Sector{{Code: "A"}, {Code: "B"}, {Code: "C"}}}
	three.Trade = make([]float64, N*N*3)
	three.Tariffs = make([]float64, N*N*3)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < 3; s++ {
				three.Trade[three.At(i, j, s)] = one.Trade[one.At(i, j, 0)] / 3
				three.Tariffs[three.At(i, j, s)] = one.Tariffs[one.At(i, j, 0)]
			}
		}
	}
	r1 := mustSolve(t, mustCalibrate(t, one), Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.1}, Shocks{Tariff: raise(one, 2, 0.4)})
	r3 := mustSolve(t, mustCalibrate(t, three), Options{Theta: []float64{4, 4, 4}, Kappa: 0.5, Psi: 0.1}, Shocks{Tariff: raise(three, 2, 0.4)})
	for j := range r1.Countries {
		if d := r1.Countries[j].Welfare - r3.Countries[j].Welfare; math.Abs(d) > 1e-10 {
			t.Errorf("%s: welfare differs by %g", r1.Countries[j].Code, d)
		}
		if d := r1.Countries[j].ExportsAfter - r3.Countries[j].ExportsAfter; math.Abs(d) > 1e-9*r1.Countries[j].ExportsAfter {
			t.Errorf("%s: exports differ by %g", r1.Countries[j].Code, d)
		}
	}
}

func TestWarmStartSameAnswerFewerIterations(t *testing.T) {
	ds := synthetic(20, 1, 6, true)
	b := mustCalibrate(t, ds)
	opt := Options{Theta: []float64{4}}
	base := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.2)})
	cold := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.21)})
	warm, err := b.Solve(opt, Shocks{Tariff: raise(ds, 0, 0.21)}, base)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Linearize(base); err != nil {
		t.Fatal(err)
	}
	chord, err := b.Solve(opt, Shocks{Tariff: raise(ds, 0, 0.21)}, base)
	if err != nil {
		t.Fatal(err)
	}
	if chord.Iterations >= warm.Iterations {
		t.Errorf("chord warm start took %d iterations, plain warm start %d", chord.Iterations, warm.Iterations)
	}
	for j := range cold.Countries {
		if d := cold.Countries[j].Welfare - chord.Countries[j].Welfare; math.Abs(d) > 1e-11 {
			t.Errorf("%s: chord and cold differ by %g", cold.Countries[j].Code, d)
		}
	}
	for j := range cold.Countries {
		if d := cold.Countries[j].Welfare - warm.Countries[j].Welfare; math.Abs(d) > 1e-11 {
			t.Errorf("%s: warm and cold differ by %g", cold.Countries[j].Code, d)
		}
	}
	if warm.Iterations >= cold.Iterations {
		t.Errorf("warm start took %d iterations, cold %d", warm.Iterations, cold.Iterations)
	}
}

func TestDeficitTargetsMetExactly(t *testing.T) {
	ds := synthetic(8, 1, 7, true)
	b := mustCalibrate(t, ds)
	target := make([]float64, 8)
	for j := range target {
		target[j] = NoTarget
	}
	target[3] = -0.02 // a 2%-of-GDP surplus
	absorb := []float64{0, 1, 1, 0, 0, 0, 0, 0}
	for _, opt := range []Options{{Deficits: Fixed}, {Deficits: Ratio}, {Deficits: Zero}} {
		opt.Theta = []float64{4}
		r := mustSolve(t, b, opt, Shocks{DeficitTarget: target, Absorb: absorb})
		c := r.Countries[3]
		if got := c.DeficitAfter / c.GDPAfter; math.Abs(got+0.02) > 1e-12 {
			t.Errorf("%v: target −0.02 of GDP, got %g", opt.Deficits, got)
		}
		sum := 0.0
		for _, c := range r.Countries {
			sum += c.DeficitAfter
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%v: Σ D' = %g", opt.Deficits, sum)
		}
		if opt.Deficits == Ratio {
			continue // its own world factor moves every deficit
		}
		// The counterpart of the target falls on countries 1 and 2 alone, in
		// equal parts (weights 1 and 1); weight 0 takes none of it.
		tr := func(j int) float64 { return r.Countries[j].Transfer }
		scale := math.Abs(tr(3))
		for _, j := range []int{0, 4, 5, 6, 7} {
			if math.Abs(tr(j)) > 1e-12*scale {
				t.Errorf("%v: country %d with absorption weight 0 takes a transfer %g (target's %g)", opt.Deficits, j, tr(j), tr(3))
			}
		}
		if math.Abs(tr(1)-tr(2)) > 1e-12*scale || math.Abs(tr(1)+tr(2)+tr(3)) > 1e-12*scale {
			t.Errorf("%v: transfers %g and %g for weights 1 and 1, target's %g", opt.Deficits, tr(1), tr(2), tr(3))
		}
	}
}

func TestZeroSubsidyChangesNothing(t *testing.T) {
	ds := synthetic(6, 1, 8, true)
	b := mustCalibrate(t, ds)
	r := mustSolve(t, b, Options{Theta: []float64{4}}, Shocks{Subsidy: make([]float64, 36)})
	for _, c := range r.Countries {
		if math.Abs(c.Welfare-1) > 1e-12 || c.SubsidyOutlay != 0 {
			t.Errorf("%s: welfare %g outlay %g", c.Code, c.Welfare, c.SubsidyOutlay)
		}
	}
}

func TestSubsidyIdentities(t *testing.T) {
	ds := synthetic(6, 1, 9, true)
	b := mustCalibrate(t, ds)
	sub := make([]float64, 36)
	for j := 0; j < 6; j++ {
		if j != 2 {
			sub[ds.At(2, j, 0)] = 0.1
		}
	}
	r := mustSolve(t, b, Options{Theta: []float64{4}}, Shocks{Subsidy: sub})
	sumD := 0.0
	for _, c := range r.Countries {
		sumD += c.DeficitAfter
	}
	if math.Abs(sumD) > 1e-9 {
		t.Errorf("Σ D' = %g", sumD)
	}
	if c := r.Countries[2]; !(c.SubsidyOutlay > 0) || !(c.ExportsAfter > c.ExportsBefore) {
		t.Errorf("subsidising exporter: outlay %g, exports %g → %g", c.SubsidyOutlay, c.ExportsBefore, c.ExportsAfter)
	}
	// The outlay is sub/(1+sub) of the subsidised sales at producer prices
	// (Shocks.Subsidy). With two subsidisers selling to each other, each
	// one's outlay moves the other's spending, hence its own subsidised
	// sales: the two agree only at the outlays' joint fixed point.
	sub[ds.At(3, 2, 0)], sub[ds.At(3, 0, 0)] = 0.3, 0.2
	r = mustSolve(t, b, Options{Theta: []float64{4}}, Shocks{Subsidy: sub})
	X := b.Flows(r)
	for _, i := range []int{2, 3} {
		want := 0.0
		for j := 0; j < 6; j++ {
			k := ds.At(i, j, 0)
			want += sub[k] / (1 + sub[k]) * X[k]
		}
		if got := r.Countries[i].SubsidyOutlay; math.Abs(got-want) > 1e-10*want {
			t.Errorf("%s: outlay %.12g, sub/(1+sub) of subsidised sales %.12g", r.Countries[i].Code, got, want)
		}
	}
}

func TestInvalidInput(t *testing.T) {
	ds := synthetic(4, 1, 10, false)
	b := mustCalibrate(t, ds)
	target := func(d float64) []float64 { return []float64{d, NoTarget, NoTarget, NoTarget} }
	bad := []struct {
		name string
		opt  Options
		sh   Shocks
		want string // in the message
	}{
		{"negative theta", Options{Theta: []float64{-1}}, Shocks{}, "trade elasticity of sector 0 must be positive"},
		{"zero theta", Options{Theta: []float64{0}}, Shocks{}, "trade elasticity of sector 0 must be positive"},
		{"theta count", Options{Theta: []float64{4, 4}}, Shocks{}, "2 values for 1 sectors"},
		{"negative kappa", Options{Theta: []float64{4}, Kappa: -1}, Shocks{}, "labour supply elasticity"},
		{"tariff -100%", Options{Theta: []float64{4}}, Shocks{Tariff: []float64{0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}, "tariff"},
		{"zero cost", Options{Theta: []float64{4}}, Shocks{Cost: make([]float64, 16)}, "cost"},
		{"target -100% GDP", Options{Theta: []float64{4}}, Shocks{DeficitTarget: target(-1)}, "deficit target of C00 is -1 of GDP"},
		{"all targeted", Options{Theta: []float64{4}}, Shocks{DeficitTarget: []float64{0, 0, 0, 0}}, "every country has a deficit target"},
		{"zero pass-through", Options{Theta: []float64{4}, Passthrough: []float64{1, 0, 1, 1}}, Shocks{}, "pass-through"},
		{"numeraire country past the end", Options{Theta: []float64{4}, Numeraire: CountryWage, NumeraireCountry: 4}, Shocks{}, "numeraire country index 4 out of range"},
		{"negative numeraire country", Options{Theta: []float64{4}, Numeraire: CountryWage, NumeraireCountry: -1}, Shocks{}, "numeraire country index -1 out of range"},
	}
	for _, tc := range bad {
		_, err := b.Solve(tc.opt, tc.sh, nil)
		if !errs.IsInvalid(err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want invalid input saying %q", tc.name, err, tc.want)
		}
	}
	// The first country and any country under another numeraire are fine.
	for _, opt := range []Options{{Theta: []float64{4}, Numeraire: CountryWage}, {Theta: []float64{4}, NumeraireCountry: 7}} {
		if r := mustSolve(t, b, opt, Shocks{}); r.Countries[0].Wage != 1 {
			t.Errorf("numeraire %v: no shock, wage of C00 %v", opt.Numeraire, r.Countries[0].Wage)
		}
	}
	// Costs so high that importer 1 can buy from no source, not even itself
	// (d̂^(−θ) underflows to 0): no price index exists.
	cost := make([]float64, 16)
	for k := range cost {
		cost[k] = 1
	}
	for i := 0; i < 4; i++ {
		cost[ds.At(i, 1, 0)] = 1e100
	}
	_, err := b.Solve(Options{Theta: []float64{4}}, Shocks{Cost: cost}, nil)
	if e, ok := err.(*errs.Error); !ok || e.Kind != errs.Invalid || !strings.Contains(err.Error(), "C01 buys nothing") {
		t.Errorf("prohibitive costs into C01: error %v, want Invalid naming C01", err)
	}
	for _, nu := range []float64{1, -0.1} {
		if _, err := CalibrateWith(ds, CalibrateOptions{FixedCostShare: []float64{0.1, nu, 0.1, 0.1}}); err == nil {
			t.Errorf("fixed-cost share %g calibrated", nu)
		}
	}
	if _, err := Calibrate(&data.Dataset{}); err == nil {
		t.Error("empty dataset calibrated")
	}
}

// TestCalibrateRefuses: a dataset the model cannot price is refused at
// calibration with the offending country named, not turned into infinite
// or NaN shares. The base world is three countries, A, B and C.
func TestCalibrateRefuses(t *testing.T) {
	cases := []struct {
		name   string
		trade  [9]float64 // X_ij at i*3+j
		tariff float64    // on B's goods in A
		want   string
	}{
		// A −100% tariff makes B's goods free in A: λ/(1+t) is infinite.
		{"tariff -100%", [9]float64{10, 1, 1, 1, 10, 1, 1, 1, 10}, -1, "B→A"},
		{"negative flow", [9]float64{10, 1, 1, -1, 10, 1, 1, 1, 10}, 0, "B→A"},
		{"infinite flow", [9]float64{10, 1, 1, math.Inf(1), 10, 1, 1, 1, 10}, 0, "B→A"},
		// C sells nothing (no domestic sales, no exports) but buys: no factor income.
		{"no sales", [9]float64{10, 1, 1, 1, 10, 1, 0, 0, 0}, 0, "country C"},
		// C sells abroad but buys nothing, not even from itself: no spending.
		{"no expenditure", [9]float64{10, 1, 0, 1, 10, 0, 1, 1, 0}, 0, "country C"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds := &data.Dataset{Name: "abc", Sectors: []data.Sector{{Code: "ALL"}},
				Countries: []data.Country{{Code: "A"}, {Code: "B"}, {Code: "C"}},
				Trade:     c.trade[:], Tariffs: make([]float64, 9)}
			ds.Tariffs[1*3+0] = c.tariff
			_, err := Calibrate(ds)
			if err == nil {
				t.Fatal("calibrated")
			}
			if e, ok := err.(*errs.Error); !ok || e.Kind != errs.Invalid || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want an Invalid error naming %s", err, c.want)
			}
		})
	}
}

func TestFlowsMatchAggregates(t *testing.T) {
	ds := synthetic(5, 2, 11, true)
	b := mustCalibrate(t, ds)
	r := mustSolve(t, b, Options{Theta: []float64{4, 6}}, Shocks{Tariff: raise(ds, 0, 0.5)})
	X := b.Flows(r)
	for i, c := range r.Countries {
		exp, gdp := 0.0, 0.0
		for j := 0; j < 5; j++ {
			for s := 0; s < 2; s++ {
				gdp += X[ds.At(i, j, s)]
				if i != j {
					exp += X[ds.At(i, j, s)]
				}
			}
		}
		if math.Abs(exp-c.ExportsAfter) > 1e-9*exp || math.Abs(gdp-c.GDPAfter) > 1e-9*gdp {
			t.Errorf("%s: flows give exports %g GDP %g, result %g %g", c.Code, exp, gdp, c.ExportsAfter, c.GDPAfter)
		}
	}
}

func TestFlowMatchesFlows(t *testing.T) {
	ds := synthetic(6, 2, 12, true)
	b := mustCalibrate(t, ds)
	sub := make([]float64, 72)
	sub[ds.At(1, 3, 1)] = 0.05
	r := mustSolve(t, b, Options{Theta: []float64{4, 7}, Numeraire: WorldGDP}, Shocks{Tariff: raise(ds, 2, 0.3), Subsidy: sub})
	X := b.Flows(r)
	for i := 0; i < 6; i++ {
		for j := 0; j < 6; j++ {
			want := X[ds.At(i, j, 0)] + X[ds.At(i, j, 1)]
			if got := b.Flow(r, i, j); math.Abs(got-want) > 1e-12*want {
				t.Errorf("Flow(%d,%d) = %g, Flows gives %g", i, j, got, want)
			}
		}
	}
}

// TestNonConvergenceIsReported: a solve that cannot converge says so — a
// NotConverged error with the reason, a result whose status is not
// Converged — and never passes off its last iterate as an equilibrium.
func TestNonConvergenceIsReported(t *testing.T) {
	ds := synthetic(10, 1, 13, true)
	b := mustCalibrate(t, ds)
	r, err := b.Solve(Options{Theta: []float64{4}, MaxIter: 3}, Shocks{Tariff: raise(ds, 0, 0.5)}, nil)
	if err == nil || errs.KindOf(err) != errs.NotConverged || r == nil || r.Status != NotConverged || r.MaxResidual <= 1e-12 {
		t.Fatalf("3 iterations: err %v, result %+v", err, r)
	}
	if !strings.Contains(err.Error(), "after 3 iterations") {
		t.Errorf("reason: %v", err)
	}
}

// TestAbsorptionWeightsWithoutTargets: absorption weights say who takes the
// counterpart of deficit targets and, under the ratio closure, the
// closure's own world factor. Without targets, positive weights leave the
// fixed closure as it is; weights that are all zero leave no one to take
// the ratio closure's factor and are refused (they once made the solve run
// out of iterations).
func TestAbsorptionWeightsWithoutTargets(t *testing.T) {
	ds := synthetic(6, 1, 12, true)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 2, 0.2)}
	opt := Options{Theta: []float64{4}}
	want := mustSolve(t, b, opt, sh)
	sh.Absorb = []float64{0, 1, 0, 2, 0, 0}
	got := mustSolve(t, b, opt, sh)
	for j := range want.Countries {
		if g, w := got.Countries[j], want.Countries[j]; math.Abs(g.Welfare-w.Welfare) > 1e-14 || math.Abs(g.DeficitAfter-w.DeficitAfter) > 1e-12 {
			t.Errorf("%s: absorption weights without targets give W %v D' %v, none W %v D' %v", g.Code, g.Welfare, g.DeficitAfter, w.Welfare, w.DeficitAfter)
		}
	}
	for _, cl := range []Closure{Fixed, Ratio} {
		sh.Absorb = make([]float64, ds.N())
		_, err := b.Solve(Options{Theta: []float64{4}, Deficits: cl}, sh, nil)
		if !errs.IsInvalid(err) || !strings.Contains(err.Error(), "absorption weights of the countries without targets sum to 0") {
			t.Errorf("%v, zero weights: error %v, want invalid input", cl, err)
		}
	}
}
