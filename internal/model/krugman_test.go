package model

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// krugmanTheta are trade elasticities θ_s = σ_s − 1 of three sectors whose
// profit shares 1/σ_s differ (0.5, 0.2, 0.1): the case where Krugman
// competition and perfect competition part ways.
var krugmanTheta = []float64{1, 4, 9}

var krugmanCases = []struct {
	name string
	opt  Options
}{
	{"fixed", Options{Deficits: Fixed}},
	{"ratio", Options{Deficits: Ratio}},
	{"zero", Options{Deficits: Zero}},
	{"world-gdp", Options{Deficits: Fixed, Numeraire: WorldGDP}},
	{"country-wage", Options{Deficits: Ratio, Numeraire: CountryWage, NumeraireCountry: 2}},
}

func krugman(opt Options, theta []float64) Options {
	opt.Theta = append([]float64(nil), theta...)
	opt.Competition = Krugman
	return opt
}

func TestKrugmanNoShockNoChange(t *testing.T) {
	ds := synthetic(8, 3, 11, true) // unbalanced trade, baseline tariffs
	b := mustCalibrate(t, ds)
	for _, tc := range krugmanCases {
		if tc.opt.Deficits == Zero {
			continue // zero closes the deficits: a shock by construction
		}
		r := mustSolve(t, b, krugman(tc.opt, krugmanTheta), Shocks{})
		for _, c := range r.Countries {
			for name, v := range map[string]float64{"welfare": c.Welfare, "wage": c.Wage, "price": c.PriceIndex,
				"GDP": c.GDPAfter / c.GDPBefore, "profits": c.ProfitsAfter / c.ProfitsBefore, "exports": c.ExportsAfter / c.ExportsBefore} {
				if math.Abs(v-1) > 1e-12 {
					t.Errorf("%s %s: %s changed by %g", tc.name, c.Code, name, v-1)
				}
			}
		}
	}
	// Purge: the balanced world, then no shock.
	pds, _, err := PurgeDeficits(ds, krugman(Options{}, krugmanTheta))
	if err != nil {
		t.Fatal(err)
	}
	r := mustSolve(t, mustCalibrate(t, pds), krugman(Options{Deficits: Purge}, krugmanTheta), Shocks{})
	for _, c := range r.Countries {
		if math.Abs(c.Welfare-1) > 1e-12 || math.Abs(c.DeficitAfter) > 1e-9*c.GDPAfter {
			t.Errorf("purge %s: welfare %g, deficit %g", c.Code, c.Welfare, c.DeficitAfter)
		}
	}
}

// TestKrugmanIdentities checks the accounting of the solution against
// flows recomputed from it: world deficits sum to zero, every country's
// income is its sales (wages plus profits, K3), its profits are Σ_s Y'/σ_s
// and its wage bill Σ_s ω_s Y' moved with its wage (K1).
func TestKrugmanIdentities(t *testing.T) {
	ds := synthetic(9, 3, 12, true)
	b := mustCalibrate(t, ds)
	N, S := ds.N(), ds.S()
	for _, tc := range krugmanCases {
		opt := krugman(tc.opt, krugmanTheta)
		r := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.3)})
		flows := b.Flows(r)
		sumD, sumY := 0.0, 0.0
		for i, c := range r.Countries {
			sumD += c.DeficitAfter
			sumY += c.GDPAfter
			sales, profits, wages, wages0 := 0.0, 0.0, 0.0, 0.0
			for j := 0; j < N; j++ {
				for s := 0; s < S; s++ {
					sigma := opt.Theta[s] + 1
					x, x0 := flows[ds.At(i, j, s)], ds.Trade[ds.At(i, j, s)]
					sales += x
					profits += x / sigma
					wages += x * (sigma - 1) / sigma
					wages0 += x0 * (sigma - 1) / sigma
				}
			}
			if d := sales/c.GDPAfter - 1; math.Abs(d) > 1e-9 {
				t.Errorf("%s %s: sales/income − 1 = %g", tc.name, c.Code, d)
			}
			if d := profits/c.ProfitsAfter - 1; math.Abs(d) > 1e-9 {
				t.Errorf("%s %s: Σ Y'/σ over reported profits − 1 = %g", tc.name, c.Code, d)
			}
			if d := wages/(wages0*c.Wage) - 1; math.Abs(d) > 1e-9 {
				t.Errorf("%s %s: wage bill %g, ŵ·W = %g", tc.name, c.Code, wages, wages0*c.Wage)
			}
			if d := c.DeficitAfter - (c.ImportsAfter - c.ExportsAfter); math.Abs(d) > 1e-9*c.GDPAfter {
				t.Errorf("%s %s: D' − (M' − X') = %g", tc.name, c.Code, d)
			}
		}
		if math.Abs(sumD) > 1e-9*sumY {
			t.Errorf("%s: Σ D' = %g", tc.name, sumD)
		}
	}
}

// TestKrugmanWithSubsidy: with an export subsidy, profits are 1/σ of what
// firms receive (subsidy included) and world deficits still sum to zero.
func TestKrugmanWithSubsidy(t *testing.T) {
	ds := synthetic(6, 3, 20, true)
	b := mustCalibrate(t, ds)
	N, S := ds.N(), ds.S()
	sub := make([]float64, N*N*S)
	for j := 1; j < N; j++ {
		for s := 0; s < S; s++ {
			sub[ds.At(0, j, s)] = 0.15
		}
	}
	opt := krugman(Options{}, krugmanTheta)
	r := mustSolve(t, b, opt, Shocks{Subsidy: sub})
	flows := b.Flows(r)
	sumD := 0.0
	for i, c := range r.Countries {
		sumD += c.DeficitAfter
		profits := 0.0
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				profits += flows[ds.At(i, j, s)] / (opt.Theta[s] + 1)
			}
		}
		if d := profits/c.ProfitsAfter - 1; math.Abs(d) > 1e-9 {
			t.Errorf("%s: profits from flows/reported − 1 = %g", c.Code, d)
		}
	}
	if c := r.Countries[0]; !(c.SubsidyOutlay > 0) || !(c.ProfitsAfter/c.ProfitsBefore > 1) {
		t.Errorf("subsidising exporter: outlay %g, profits ×%g", c.SubsidyOutlay, c.ProfitsAfter/c.ProfitsBefore)
	}
	if math.Abs(sumD) > 1e-9 {
		t.Errorf("Σ D' = %g", sumD)
	}
}

func TestKrugmanNumeraireInvariance(t *testing.T) {
	ds := synthetic(9, 3, 13, true)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 1, 0.25)}
	for _, closure := range []Closure{Fixed, Ratio, Zero} {
		var ref *Result
		for _, num := range []Options{{Numeraire: WorldPrice}, {Numeraire: WorldGDP}, {Numeraire: CountryWage, NumeraireCountry: 4}} {
			opt := krugman(Options{Deficits: closure, Numeraire: num.Numeraire, NumeraireCountry: num.NumeraireCountry}, krugmanTheta)
			r := mustSolve(t, b, opt, sh)
			if ref == nil {
				ref = r
				continue
			}
			for j := range r.Countries {
				a, c := ref.Countries[j], r.Countries[j]
				for name, pair := range map[string][2]float64{
					"welfare": {a.Welfare, c.Welfare}, "real wage": {a.RealWage, c.RealWage},
					"profits/GDP":   {a.ProfitsAfter / a.GDPAfter, c.ProfitsAfter / c.GDPAfter},
					"relative wage": {a.Wage / ref.Countries[0].Wage, c.Wage / r.Countries[0].Wage},
				} {
					if math.Abs(pair[0]-pair[1]) > 1e-9 {
						t.Errorf("%v, numeraire %v: %s of %s %g vs %g", closure, num.Numeraire, name, a.Code, pair[0], pair[1])
					}
				}
			}
		}
	}
}

// welfareGap is the largest difference, in percentage points, between the
// welfare changes of Krugman and perfect competition with the same θ.
func welfareGap(t *testing.T, b *Baseline, theta []float64, sh Shocks) float64 {
	t.Helper()
	opt := Options{Theta: theta}
	p := mustSolve(t, b, opt, sh)
	opt.Competition = Krugman
	k := mustSolve(t, b, opt, sh)
	gap := 0.0
	for j := range p.Countries {
		gap = math.Max(gap, 100*math.Abs(p.Countries[j].Welfare-k.Countries[j].Welfare))
	}
	return gap
}

// TestKrugmanCommonSigmaIsPerfectCompetition: with one σ in every sector the
// wage bill is the share (σ−1)/σ of income, so (K1) is ŵ = Ŷ and the model
// is perfect competition with θ = σ − 1, exactly (docs/krugman.md).
func TestKrugmanCommonSigmaIsPerfectCompetition(t *testing.T) {
	ds := synthetic(8, 3, 14, true)
	b := mustCalibrate(t, ds)
	for _, tc := range krugmanCases {
		opt := tc.opt
		opt.Theta = UniformTheta(3.5, 3)
		sh := Shocks{Tariff: raise(ds, 2, 0.4)}
		p := mustSolve(t, b, opt, sh)
		opt.Competition = Krugman
		k := mustSolve(t, b, opt, sh)
		for j := range p.Countries {
			a, c := p.Countries[j], k.Countries[j]
			for name, pair := range map[string][2]float64{"welfare": {a.Welfare, c.Welfare}, "wage": {a.Wage, c.Wage}, "GDP": {a.GDPAfter, c.GDPAfter}} {
				if math.Abs(pair[0]/pair[1]-1) > 1e-10 {
					t.Errorf("%s %s: %s perfect %g, krugman %g", tc.name, a.Code, name, pair[0], pair[1])
				}
			}
		}
	}
	// With different σ the models differ: the test above can fail.
	if gap := welfareGap(t, b, krugmanTheta, Shocks{Tariff: raise(ds, 2, 0.4)}); gap < 1e-3 {
		t.Errorf("heterogeneous σ: welfare gap %g pp, want a visible difference", gap)
	}
}

// TestKrugmanProfitSpreadLimit: the gap to perfect competition is first
// order in the spread of the profit shares 1/σ_s. Scaling their deviations
// from the mean by ε (σ_s(ε) = 1/(π̄ + ε(1/σ_s − π̄)), θ = σ − 1 in both
// models) scales the gap by ε.
func TestKrugmanProfitSpreadLimit(t *testing.T) {
	ds := synthetic(8, 3, 15, true)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 0, 0.2)}
	pbar := 0.0
	for _, th := range krugmanTheta {
		pbar += 1 / (th + 1) / float64(len(krugmanTheta))
	}
	gapAt := func(eps float64) float64 {
		theta := make([]float64, len(krugmanTheta))
		for s, th := range krugmanTheta {
			theta[s] = 1/(pbar+eps*(1/(th+1)-pbar)) - 1
		}
		return welfareGap(t, b, theta, sh)
	}
	g1, g2 := gapAt(0.01), gapAt(0.001)
	if g1 < 1e-5 {
		t.Fatalf("gap at ε = 0.01 is %g pp: nothing to scale", g1)
	}
	if r := g1 / g2; math.Abs(r-10) > 0.2 {
		t.Errorf("gap(0.01)/gap(0.001) = %g, want 10 (first order in the spread)", r)
	}
	if g0 := gapAt(0); g0 > 1e-9 {
		t.Errorf("gap with no spread %g pp, want 0", g0)
	}
}

// TestKrugmanLargeSigmaLimit: as σ_s = kσ⁰_s → ∞ the profit shares and
// their spread fall as 1/k, but θ = σ − 1 grows as k, so a given tariff
// moves sales k times as much. For a shock of fixed trade impact (Δln(1+t)
// scaled by 1/k) the gap to perfect competition therefore falls as 1/k
// (docs/krugman.md).
func TestKrugmanLargeSigmaLimit(t *testing.T) {
	ds := synthetic(8, 3, 16, true)
	b := mustCalibrate(t, ds)
	gapAt := func(k float64) float64 {
		theta := make([]float64, len(krugmanTheta))
		for s, th := range krugmanTheta {
			theta[s] = k*(th+1) - 1
		}
		tr := append([]float64(nil), ds.Tariffs...)
		for i := 1; i < ds.N(); i++ {
			for s := 0; s < ds.S(); s++ {
				x := ds.At(i, 0, s)
				tr[x] = (1+tr[x])*math.Pow(1.3, 1/k) - 1
			}
		}
		return k * welfareGap(t, b, theta, Shocks{Tariff: tr})
	}
	g4, g64 := gapAt(4), gapAt(64)
	if g4 < 1e-3 {
		t.Fatalf("k·gap at k = 4 is %g pp: nothing to compare", g4)
	}
	if r := g64 / g4; math.Abs(r-1) > 0.05 {
		t.Errorf("k·gap: %g at k = 4, %g at k = 64; want equal (gap ∝ 1/k)", g4, g64)
	}
}

func TestKrugmanWarmStartAndLinearize(t *testing.T) {
	ds := synthetic(10, 3, 17, true)
	b := mustCalibrate(t, ds)
	opt := krugman(Options{}, krugmanTheta)
	base := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.2)})
	if err := b.Linearize(base); err != nil {
		t.Fatal(err)
	}
	sh := Shocks{Tariff: raise(ds, 0, 0.22)}
	cold := mustSolve(t, b, opt, sh)
	warm, err := b.Solve(opt, sh, base)
	if err != nil {
		t.Fatal(err)
	}
	for j := range cold.Countries {
		if d := warm.Countries[j].Welfare - cold.Countries[j].Welfare; math.Abs(d) > 1e-10 {
			t.Errorf("%s: warm and cold differ by %g", cold.Countries[j].Code, d)
		}
	}
	if warm.Iterations >= cold.Iterations {
		t.Errorf("warm start took %d iterations, cold %d", warm.Iterations, cold.Iterations)
	}
}

func TestKrugmanTariffWelfare(t *testing.T) {
	ds := synthetic(6, 3, 18, true)
	b := mustCalibrate(t, ds)
	opt := krugman(Options{}, krugmanTheta)
	tr := raise(ds, 3, 0.5)
	w, res, err := b.TariffWelfare(opt, tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	direct := mustSolve(t, b, opt, Shocks{Tariff: tr})
	for j, c := range direct.Countries {
		if w[j] != res.Countries[j].Welfare || math.Abs(w[j]-c.Welfare) > 1e-12 {
			t.Errorf("%s: TariffWelfare %g, Solve %g", c.Code, w[j], c.Welfare)
		}
	}
}

func TestKrugmanRefusedCombinations(t *testing.T) {
	ds := synthetic(5, 2, 19, true)
	io := withIO(synthetic(5, 2, 19, true), 3, 0.4)
	for _, tc := range []struct {
		name string
		ds   *data.Dataset
		opt  Options
		want string
	}{
		{"elastic labour", ds, Options{Kappa: 0.5}, "inelastic labour"},
		{"input-output", io, Options{}, "input–output"},
		{"unknown", ds, Options{Competition: 7}, "unknown competition"},
	} {
		opt := tc.opt
		if opt.Competition == Perfect {
			opt.Competition = Krugman
		}
		opt.Theta = []float64{3, 5}
		_, err := mustCalibrate(t, tc.ds).Solve(opt, Shocks{}, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

// TestKrugmanDeficitTarget: a deficit target is a share of GDP, which under
// Krugman competition is wages plus profits; it is met exactly.
func TestKrugmanDeficitTarget(t *testing.T) {
	ds := synthetic(8, 3, 21, true)
	b := mustCalibrate(t, ds)
	target := make([]float64, 8)
	for j := range target {
		target[j] = NoTarget
	}
	target[3] = -0.02
	for _, closure := range []Closure{Fixed, Ratio, Zero} {
		r := mustSolve(t, b, krugman(Options{Deficits: closure}, krugmanTheta), Shocks{DeficitTarget: target})
		c := r.Countries[3]
		if got := c.DeficitAfter / c.GDPAfter; math.Abs(got+0.02) > 1e-12 {
			t.Errorf("%v: target −0.02 of GDP, got %g", closure, got)
		}
		sum := 0.0
		for _, c := range r.Countries {
			sum += c.DeficitAfter
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%v: Σ D' = %g", closure, sum)
		}
	}
}
