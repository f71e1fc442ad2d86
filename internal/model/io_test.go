package model

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// withIO gives ds random input–output shares: β in [βmin, βmin+0.3] and the
// rest of each sector's costs spread over input sectors. The synthetic
// flows have strong home bias, so intermediate use stays below absorption.
func withIO(ds *data.Dataset, seed uint64, betaMin float64) *data.Dataset {
	r := rand.New(rand.NewPCG(seed, 7))
	N, S := ds.N(), ds.S()
	out := ds.Clone()
	out.VA = make([]float64, N*S)
	out.IO = make([]float64, N*S*S)
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			beta := betaMin + 0.3*r.Float64()
			out.VA[i*S+s] = beta
			w := make([]float64, S)
			sum := 0.0
			for k := range w {
				w[k] = 0.2 + r.Float64()
				sum += w[k]
			}
			for k := range w {
				out.IO[(i*S+s)*S+k] = (1 - beta) * w[k] / sum
			}
		}
	}
	return out
}

// oneSectorIO gives a one-sector dataset β = beta for everyone and γ = 1 − β.
func oneSectorIO(ds *data.Dataset, beta float64) *data.Dataset {
	out := ds.Clone()
	out.VA = make([]float64, ds.N())
	out.IO = make([]float64, ds.N())
	for i := range out.VA {
		out.VA[i], out.IO[i] = beta, 1-beta
	}
	return out
}

// TestIOBetaOneIsTheModelWithoutIO: with β = 1 and γ = 0 everywhere the IO
// model is the model without IO, exactly, for every option.
func TestIOBetaOneIsTheModelWithoutIO(t *testing.T) {
	for _, S := range []int{1, 3} {
		ds := synthetic(8, S, 31, true)
		io := ds.Clone()
		io.VA = make([]float64, ds.N()*S)
		io.IO = make([]float64, ds.N()*S*S)
		for k := range io.VA {
			io.VA[k] = 1
		}
		b0, b1 := mustCalibrate(t, ds), mustCalibrate(t, io)
		if !b1.HasIO() || b0.HasIO() {
			t.Fatal("IO detection")
		}
		for _, tc := range optionCases {
			opt := tc.opt
			opt.Theta = UniformTheta(4, S)
			opt.Theta[0] = 6
			sh := Shocks{Tariff: raise(ds, 1, 0.3)}
			r0 := mustSolve(t, b0, opt, sh)
			r1 := mustSolve(t, b1, opt, sh)
			for j := range r0.Countries {
				a, c := r0.Countries[j], r1.Countries[j]
				for name, p := range map[string][2]float64{
					"welfare": {a.Welfare, c.Welfare}, "wage": {a.Wage, c.Wage}, "price": {a.PriceIndex, c.PriceIndex},
					"employment": {a.Employment, c.Employment}, "exports": {a.ExportsAfter / a.ExportsBefore, c.ExportsAfter / c.ExportsBefore},
					"deficit/GDP": {a.DeficitAfter / a.GDPAfter, c.DeficitAfter / c.GDPAfter},
				} {
					if math.Abs(p[0]-p[1]) > 1e-9 {
						t.Errorf("S=%d %s %s: %s %.12g without IO, %.12g with β = 1", S, tc.name, a.Code, name, p[0], p[1])
					}
				}
			}
		}
	}
}

// TestIONoShockNoChangeAndIdentities: with IO, no shock changes nothing;
// under a tariff shock deficits sum to zero, world exports equal imports,
// D' = M' − X', fixed deficits stay fixed relative to world GDP, and labour
// is paid its share of gross output.
func TestIONoShockNoChangeAndIdentities(t *testing.T) {
	ds := withIO(synthetic(8, 3, 32, true), 1, 0.3)
	b := mustCalibrate(t, ds)
	for _, tc := range optionCases {
		opt := tc.opt
		opt.Theta = []float64{3, 5, 8}
		if tc.opt.Deficits != Zero {
			r := mustSolve(t, b, opt, Shocks{})
			for _, c := range r.Countries {
				for name, v := range map[string]float64{"welfare": c.Welfare, "wage": c.Wage, "price": c.PriceIndex, "employment": c.Employment, "exports": c.ExportsAfter / c.ExportsBefore} {
					if math.Abs(v-1) > 1e-11 {
						t.Errorf("%s %s: %s changed by %g with no shock", tc.name, c.Code, name, v-1)
					}
				}
			}
		}
		r := mustSolve(t, b, opt, Shocks{Tariff: raise(ds, 0, 0.4)})
		sumD, sumX, sumM, sumG, sumG0 := 0.0, 0.0, 0.0, 0.0, 0.0
		for _, c := range r.Countries {
			sumD += c.DeficitAfter
			sumX += c.ExportsAfter
			sumM += c.ImportsAfter
			sumG += c.GDPAfter
			sumG0 += c.GDPBefore
			if d := c.DeficitAfter - (c.ImportsAfter - c.ExportsAfter); math.Abs(d) > 1e-9*c.GDPAfter {
				t.Errorf("%s %s: D' − (M' − X') = %g", tc.name, c.Code, d)
			}
		}
		if math.Abs(sumD) > 1e-9*sumG || math.Abs(sumX-sumM) > 1e-9*sumG {
			t.Errorf("%s: Σ D' = %g, X − M = %g", tc.name, sumD, sumX-sumM)
		}
		if opt.Deficits == Fixed {
			for j, c := range r.Countries {
				if d := c.DeficitAfter/sumG - b.D[j]/sumG0; math.Abs(d) > 1e-12 {
					t.Errorf("%s %s: deficit/world GDP moved by %g", tc.name, c.Code, d)
				}
			}
		}
		// Labour's share: V' = Σ_s β Y'_s, with Y'_s from the flows.
		flows := b.Flows(r)
		N, S := ds.N(), ds.S()
		for i, c := range r.Countries {
			v := 0.0
			for s := 0; s < S; s++ {
				y := 0.0
				for j := 0; j < N; j++ {
					y += flows[ds.At(i, j, s)]
				}
				v += ds.VA[i*S+s] * y
			}
			if math.Abs(v-c.GDPAfter) > 1e-9*c.GDPAfter {
				t.Errorf("%s %s: Σ β Y' = %g, GDP' = %g", tc.name, c.Code, v, c.GDPAfter)
			}
		}
	}
}

// TestIOACRAutarky: with one sector, roundabout production and balanced
// trade, autarky changes welfare by λ_jj^(1/(θβ)) (Arkolakis, Costinot and
// Rodríguez-Clare 2012, with intermediate goods: Costinot and
// Rodríguez-Clare 2014, eq. 28).
func TestIOACRAutarky(t *testing.T) {
	ds := synthetic(6, 1, 33, false)
	N := ds.N()
	for i := 0; i < N; i++ {
		for j := i + 1; j < N; j++ {
			m := 0.5 * (ds.Trade[ds.At(i, j, 0)] + ds.Trade[ds.At(j, i, 0)])
			ds.Trade[ds.At(i, j, 0)], ds.Trade[ds.At(j, i, 0)] = m, m
		}
	}
	for _, beta := range []float64{1, 0.6, 0.35} {
		io := oneSectorIO(ds, beta)
		b := mustCalibrate(t, io)
		cost := make([]float64, N*N)
		for k := range cost {
			cost[k] = 1
			if k/N != k%N {
				cost[k] = 1e12
			}
		}
		const theta = 4.0
		r := mustSolve(t, b, Options{Theta: []float64{theta}}, Shocks{Cost: cost})
		for j, c := range r.Countries {
			want := math.Pow(b.Lambda(j, j, 0), 1/(theta*beta))
			if math.Abs(c.Welfare-want) > 1e-9 {
				t.Errorf("β=%g %s: autarky welfare %.12f, ACR with IO %.12f", beta, c.Code, c.Welfare, want)
			}
		}
	}
}

// TestIONumeraireInvariance: real results with IO do not depend on the
// numeraire.
func TestIONumeraireInvariance(t *testing.T) {
	ds := withIO(synthetic(7, 2, 34, true), 2, 0.4)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 3, 0.3)}
	var ref *Result
	for _, num := range []Options{{Numeraire: WorldPrice}, {Numeraire: WorldGDP}, {Numeraire: CountryWage, NumeraireCountry: 2}} {
		opt := Options{Theta: []float64{4, 6}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax, Numeraire: num.Numeraire, NumeraireCountry: num.NumeraireCountry}
		r := mustSolve(t, b, opt, sh)
		if ref == nil {
			ref = r
			continue
		}
		for j := range r.Countries {
			a, c := ref.Countries[j], r.Countries[j]
			if math.Abs(a.Welfare-c.Welfare) > 1e-9 || math.Abs(a.Employment-c.Employment) > 1e-9 || math.Abs(a.RealWage-c.RealWage) > 1e-9 {
				t.Errorf("numeraire %v %s: welfare %g vs %g", num.Numeraire, a.Code, a.Welfare, c.Welfare)
			}
		}
	}
}

// TestIOAmplifiesTariffLosses: roundabout production raises the cost of a
// tariff war (inputs are taxed at every stage) — the sign every IO study
// reports (Caliendo–Parro 2015), checked on the world's welfare.
func TestIOAmplifiesTariffLosses(t *testing.T) {
	ds := synthetic(8, 1, 35, true)
	war := append([]float64(nil), ds.Tariffs...)
	for i := 0; i < ds.N(); i++ {
		for j := 0; j < ds.N(); j++ {
			if i != j {
				war[ds.At(i, j, 0)] += 0.3
			}
		}
	}
	world := func(b *Baseline) float64 {
		r := mustSolve(t, b, Options{Theta: []float64{4}}, Shocks{Tariff: war})
		num, den := 0.0, 0.0
		for _, c := range r.Countries {
			num += c.GDPBefore * (c.Welfare - 1)
			den += c.GDPBefore
		}
		return num / den
	}
	without, with := world(mustCalibrate(t, ds)), world(mustCalibrate(t, oneSectorIO(ds, 0.5)))
	if !(with < without && without < 0) {
		t.Errorf("world welfare of a 30-point tariff war: %g without IO, %g with β = 0.5; want a larger loss with IO", without, with)
	}
}

// TestIORoundedCostShares: input shares rounded within the dataset
// tolerance (β + Σγ = 1 ± 1e-6, as io.csv allows) still give an equilibrium
// to full precision, equal to that of the exact shares up to the rounding;
// a larger gap is invalid input. Without closing the gap, income leaks by
// the rounding and the solver stalls at a residual of its size.
func TestIORoundedCostShares(t *testing.T) {
	exact := withIO(synthetic(6, 3, 36, true), 4, 0.3)
	// round perturbs every (i, s): β + Σγ = 1 + gap; one sector of country 0
	// gets no inputs and β = 1 + gap (gap < 0).
	round := func(gap float64) *data.Dataset {
		ds := exact.Clone()
		S := ds.S()
		for is := 0; is < ds.N()*S; is++ {
			beta := ds.VA[is]
			for k := 0; k < S; k++ {
				ds.IO[is*S+k] *= 1 + gap/(1-beta)
			}
		}
		ds.VA[2] = 1 + math.Min(gap, -gap)
		for k := 0; k < S; k++ {
			ds.IO[2*S+k] = 0
		}
		return ds
	}
	ref := exact.Clone()
	ref.VA[2] = 1
	for k := 0; k < ref.S(); k++ {
		ref.IO[2*ref.S()+k] = 0
	}
	opt := Options{Theta: []float64{4, 6, 9}}
	sh := Shocks{Tariff: raise(exact, 1, 0.2)}
	want := mustSolve(t, mustCalibrate(t, ref), opt, sh)
	for _, tc := range []struct {
		name    string
		gap     float64
		invalid bool
	}{
		{"seven digits, short", -8e-7, false},
		{"seven digits, over", 8e-7, false},
		{"beyond the tolerance", -3e-6, true},
	} {
		b, err := Calibrate(round(tc.gap))
		if tc.invalid {
			if !errs.IsInvalid(err) || !strings.Contains(err.Error(), "want 1") {
				t.Errorf("%s: calibrate error %v, want invalid input naming the sum", tc.name, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		r := mustSolve(t, b, opt, sh)
		for j, c := range r.Countries {
			if d := c.Welfare - want.Countries[j].Welfare; math.Abs(d) > 1e-5 {
				t.Errorf("%s %s: welfare %g, %g with exact shares", tc.name, c.Code, c.Welfare, want.Countries[j].Welfare)
			}
		}
	}
}

// TestIOPooledWorkspaceAfterSubsidy: a solve after an export-subsidy solve
// on the same baseline reuses its pooled workspace; the outlays the subsidy
// left there must not leak into the next scenario, which must equal the
// same scenario on a fresh baseline. (They once did: the solve stalled at a
// residual of the old outlay's size, or converged to a wrong equilibrium.)
func TestIOPooledWorkspaceAfterSubsidy(t *testing.T) {
	ds := withIO(synthetic(6, 2, 41, true), 3, 0.4)
	opt := Options{Theta: []float64{4, 6}}
	sub := make([]float64, len(ds.Tariffs))
	for j := 0; j < ds.N(); j++ {
		for s := 0; s < ds.S(); s++ {
			if j != 1 {
				sub[ds.At(1, j, s)] = 0.2
			}
		}
	}
	sh := Shocks{Tariff: raise(ds, 2, 0.25)}
	reused := mustCalibrate(t, ds)
	mustSolve(t, reused, opt, Shocks{Subsidy: sub})
	got := mustSolve(t, reused, opt, sh)
	want := mustSolve(t, mustCalibrate(t, ds), opt, sh)
	for j := range want.Countries {
		if a, b := got.Countries[j].Welfare, want.Countries[j].Welfare; math.Abs(a-b) > 1e-10 {
			t.Errorf("%s: welfare %.12f after a subsidy solve, %.12f on a fresh baseline", want.Countries[j].Code, a, b)
		}
		if o := got.Countries[j].SubsidyOutlay; o != 0 {
			t.Errorf("%s: subsidy outlay %g in a scenario without subsidies", want.Countries[j].Code, o)
		}
	}
}

// TestSectorTariffsAndImportShare: the sector results' tariffs are the
// importer's rates weighted by its baseline imports, before and after the
// shock, and the import share is imports over imports plus home purchases,
// computed here by hand from the dataset.
func TestSectorTariffsAndImportShare(t *testing.T) {
	ds := withIO(synthetic(5, 2, 43, true), 4, 0.4)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 1, 0.3)}
	r := mustSolve(t, b, Options{Theta: []float64{4, 6}}, sh)
	got := b.Sectors(r)
	for j := 0; j < ds.N(); j++ {
		for s := 0; s < ds.S(); s++ {
			var m, t0, t1 float64
			for i := 0; i < ds.N(); i++ {
				if i == j {
					continue
				}
				k := ds.At(i, j, s)
				m += ds.Trade[k]
				t0 += ds.Trade[k] * ds.Tariffs[k]
				t1 += ds.Trade[k] * sh.Tariff[k]
			}
			home := ds.Trade[ds.At(j, j, s)]
			sr := got[j][s]
			if math.Abs(sr.TariffBefore-t0/m) > 1e-12 || math.Abs(sr.TariffAfter-t1/m) > 1e-12 || math.Abs(sr.ImportShare-m/(m+home)) > 1e-12 {
				t.Errorf("importer %d sector %d: tariff %.6f → %.6f, import share %.6f; want %.6f → %.6f, %.6f",
					j, s, sr.TariffBefore, sr.TariffAfter, sr.ImportShare, t0/m, t1/m, m/(m+home))
			}
		}
	}
	if got[1][0].TariffAfter-got[1][0].TariffBefore < 0.29 {
		t.Errorf("the raising importer's sector tariff moved by %g, want about 0.3", got[1][0].TariffAfter-got[1][0].TariffBefore)
	}
}

// abIO is a two-country, one-sector world with input–output linkages in
// which A sells 20 (10 at home, 10 to B) and buys 12 (10 at home, 2 from
// B); betaA is A's value-added share, so A's intermediate use is
// (1−β_A)·20 against an absorption of 12.
func abIO(betaA float64) *data.Dataset {
	return &data.Dataset{Name: "ab", Sectors: []data.Sector{{Code: "ALL"}},
		Countries: []data.Country{{Code: "A"}, {Code: "B"}},
		Trade:     []float64{10, 10, 2, 10}, Tariffs: make([]float64, 4),
		VA: []float64{betaA, 0.5}, IO: []float64{1 - betaA, 0.5}}
}

// TestIOCalibrateRefuses: input shares that do not fit the flows are
// refused at calibration, naming the country, not clipped into a world
// that spends less than it earns; a shortfall of rounding size is not.
func TestIOCalibrateRefuses(t *testing.T) {
	for _, c := range []struct {
		name  string
		betaA float64
		want  []string // nil: calibrates
	}{
		// Intermediate use 0.7·20 = 14 exceeds the absorption of 12.
		{"intermediate use above absorption", 0.3, []string{"country A, sector ALL", "intermediate use 14 exceeds absorption 12", "-16.7% of absorption"}},
		// Intermediate use is the absorption exactly: nothing is left for
		// final demand, so no household spends in A.
		{"no final demand", 0.4, []string{"country A has no final demand"}},
		// No value added at all: β = 0 is not a production function.
		{"no value added", 0, []string{"country A, sector ALL", "value-added share 0", "sum to 1, want 1"}},
		// Shares that sum to 1.00002: beyond the rounding tolerance.
		{"shares above one", 0.50002, []string{"country A", "sum to 1.00002, want 1"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ds := abIO(c.betaA)
			if c.name == "shares above one" {
				ds.IO[0] = 0.5
			}
			_, err := Calibrate(ds)
			if !errs.IsInvalid(err) {
				t.Fatalf("error %v, want invalid input", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	// Two sectors: A's first has intermediate use above absorption by 1e−11
	// of it (rounded input shares), the second leaves final demand. The
	// first is taken as zero final demand rather than refused.
	ds := abIO(0.5)
	ds.Sectors = []data.Sector{{Code: "S0"}, {Code: "S1"}}
	ds.Trade = []float64{10, 10, 10, 10, 2, 2, 10, 10} // (i*N+j)*S+s
	ds.Tariffs = make([]float64, 8)
	// A's sector 0 uses sector 0 only; sector 1 uses nothing: intermediate
	// use of sector 0 is γ·20 against an absorption of 12.
	g := 0.6 * (1 + 1e-11)
	ds.VA = []float64{1 - g, 1, 0.5, 0.5}
	ds.IO = []float64{g, 0, 0, 0, 0.25, 0.25, 0.25, 0.25}
	b, err := Calibrate(ds)
	if err != nil {
		t.Fatalf("rounding-size shortfall refused: %v", err)
	}
	if a := b.Alpha[0]; a != 0 {
		t.Errorf("final-demand share of A's sector 0 = %g, want 0", a)
	}
	// B, the second country, in its second sector: B buys 12 of S0 and 14
	// of S1, and S1's intermediate use 0.8·20 = 16 exceeds its own
	// absorption of 14. The message gives B's S1 figures, not another
	// country's or sector's.
	ds = abIO(0.5)
	ds.Sectors = []data.Sector{{Code: "S0"}, {Code: "S1"}}
	ds.Trade = []float64{10, 10, 2, 4, 10, 10, 10, 10}
	ds.Tariffs = make([]float64, 8)
	ds.VA = []float64{0.5, 0.5, 0.75, 0.2}
	ds.IO = []float64{0.25, 0.25, 0.25, 0.25, 0.25, 0, 0, 0.8}
	_, err = Calibrate(ds)
	if !errs.IsInvalid(err) {
		t.Fatalf("error %v, want invalid input", err)
	}
	for _, w := range []string{"country B, sector S1", "intermediate use 16 exceeds absorption 14", "-14.3% of absorption"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not say %q", err, w)
		}
	}
}

// TestIOProhibitiveCosts: with input–output linkages too, an importer that
// can buy a sector from no source after the shock is invalid input naming
// it, not a NaN price index.
func TestIOProhibitiveCosts(t *testing.T) {
	ds := withIO(synthetic(4, 2, 37, false), 5, 0.4)
	b := mustCalibrate(t, ds)
	cost := make([]float64, 4*4*2)
	for k := range cost {
		cost[k] = 1
	}
	for i := 0; i < 4; i++ {
		cost[ds.At(i, 1, 1)] = 1e100
	}
	_, err := b.Solve(Options{Theta: []float64{4, 4}}, Shocks{Cost: cost}, nil)
	if !errs.IsInvalid(err) || !strings.Contains(err.Error(), "C01 buys nothing in sector 1") {
		t.Errorf("error %v, want invalid input naming C01 and sector 1", err)
	}
}

// TestIOScaleNeedsLabourSupply: with inelastic labour employment does not
// move, so a scale elasticity ψ changes nothing, with input–output linkages
// as without.
func TestIOScaleNeedsLabourSupply(t *testing.T) {
	ds := synthetic(5, 2, 38, true)
	sh := Shocks{Tariff: raise(ds, 1, 0.2)}
	for _, d := range []*data.Dataset{ds, withIO(ds, 6, 0.4)} {
		b := mustCalibrate(t, d)
		r0 := mustSolve(t, b, Options{Theta: []float64{4, 6}}, sh)
		r1 := mustSolve(t, b, Options{Theta: []float64{4, 6}, Psi: 0.3}, sh)
		for j := range r0.Countries {
			if a, z := r1.Countries[j], r0.Countries[j]; math.Abs(a.Welfare-z.Welfare) > 1e-12 || math.Abs(a.Wage-z.Wage) > 1e-12 || a.Employment != 1 {
				t.Errorf("IO %v, %s: ψ = 0.3 gives W %v w %v L %v; ψ = 0: W %v w %v", b.HasIO(), a.Code, a.Welfare, a.Wage, a.Employment, z.Welfare, z.Wage)
			}
		}
	}
}

// TestFinalSharesOverride: given final-demand shares replace the residual
// ones, country by country and sector by sector, and final spending is the
// identity F = V + R + D; shares that are not shares are refused.
func TestFinalSharesOverride(t *testing.T) {
	ds := withIO(synthetic(5, 3, 41, true), 6, 0.5)
	plain := mustCalibrate(t, ds)
	N, S := ds.N(), ds.S()
	alpha := make([]float64, N*S)
	for j := 0; j < N; j++ {
		for s := 0; s < S; s++ {
			alpha[j*S+s] = float64(1+j+2*s) / float64(3+3*j+6)
		}
	}
	b, err := CalibrateWith(ds, CalibrateOptions{FinalShares: alpha})
	if err != nil {
		t.Fatal(err)
	}
	for k := range alpha {
		if b.Alpha[k] != alpha[k] {
			t.Fatalf("final share %d = %g, want the given %g (residual %g)", k, b.Alpha[k], alpha[k], plain.Alpha[k])
		}
	}
	for j := 0; j < N; j++ {
		if want := b.Y[j] + b.R[j] + b.D[j]; math.Abs(b.E[j]-want) > 1e-12*want || b.R[j] == 0 {
			t.Errorf("%s: final spending %g, want V + R + D = %g (R = %g)", b.Codes[j], b.E[j], want, b.R[j])
		}
	}
	bad := append([]float64(nil), alpha...)
	bad[S] += 0.01
	if _, err := CalibrateWith(ds, CalibrateOptions{FinalShares: bad}); !errs.IsInvalid(err) || !strings.Contains(err.Error(), "sum to") {
		t.Errorf("shares summing to 1.01: error %v", err)
	}
	bad = append([]float64(nil), alpha...)
	bad[S+1], bad[S+2] = -0.1, bad[S+2]+0.1+bad[S+1]
	if _, err := CalibrateWith(ds, CalibrateOptions{FinalShares: bad}); !errs.IsInvalid(err) || !strings.Contains(err.Error(), "final share of") {
		t.Errorf("a negative share: error %v", err)
	}
}
