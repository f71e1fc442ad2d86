package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// Reference tests against Ignatenko, Lashkaripour, Macedoni & Simonovska
// (2025), "Making America great again? The economic impacts of Liberation
// Day tariffs", JIE 157, 104138 ("ILMS"), rebuilt from their inputs in
// ../shared (testutil.ILMSData). Printed figures are from the journal
// article (text and tables as in the authors' copy, github
// ahmadlp/ahmadlp.github.io @ e31fded, sources/economic-impacts-of-
// liberation-day-tariffs.md) unless a case says otherwise. Their tables
// use the ILMS2025 welfare formula, so these tests do too.

// ilmsRow is one line of an ILMS table: welfare, Δ deficit (imports −
// exports, relative to |D|), Δ exports/GDP, Δ imports/GDP, employment and
// prices (P̂ against the world-price numeraire), all in percent, printed
// with the paper's digits.
type ilmsRow [6]float64

func (r ilmsRow) String() string {
	return fmt.Sprintf("%.2f %.1f %.1f %.1f %.2f %.1f", r[0], r[1], r[2], r[3], r[4], r[5])
}

// ilmsStats computes a country's row as their code does (main_baseline.m:
// results columns 1–6), with GDP = factor income.
func ilmsStats(c *CountryResult) ilmsRow {
	d0 := c.ImportsBefore - c.ExportsBefore
	d1 := c.ImportsAfter - c.ExportsAfter
	return ilmsRow{
		100 * (c.Welfare - 1),
		100 * (d1 - d0) / math.Abs(d0),
		100 * (c.ExportsAfter/c.GDPAfter/(c.ExportsBefore/c.GDPBefore) - 1),
		100 * (c.ImportsAfter/c.GDPAfter/(c.ImportsBefore/c.GDPBefore) - 1),
		100 * (c.Employment - 1),
		100 * (c.PriceIndex - 1),
	}
}

// ilmsAverage is the "non-US (average)" of their tables: rows averaged with
// baseline-expenditure weights (print_tables_baseline.m), over members.
func ilmsAverage(b *Baseline, r *Result, members []int) ilmsRow {
	return ilmsWeighted(b.E, r, members)
}

// ilmsWeighted averages the rows of members with the given weights.
func ilmsWeighted(weight []float64, r *Result, members []int) ilmsRow {
	var avg ilmsRow
	w := 0.0
	for _, j := range members {
		row := ilmsStats(&r.Countries[j])
		for k := range avg {
			avg[k] += weight[j] * row[k]
		}
		w += weight[j]
	}
	for k := range avg {
		avg[k] /= w
	}
	return avg
}

// ilmsSetup returns the options and baseline of an ILMS specification:
// their baseline (ν calibrated, φ = 1 + (1+ψ)ν/(1−ν)) or, with ek, their
// "Eaton–Kortum specification" (ν = 0, φ = 1: tradebloc's plain model).
func ilmsSetup(t *testing.T, m *testutil.ILMS, ek bool, rev RevenueUse) (*Baseline, Options) {
	t.Helper()
	opt := Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.67 / 4, Revenue: rev, Welfare: ILMS2025Welfare}
	var co CalibrateOptions
	if !ek {
		opt.FixedCostShare = m.Nu
		opt.Passthrough = ILMSPassthrough(m.Nu, opt.Psi, 1)
		co.FixedCostShare = m.Nu
	}
	b, err := CalibrateWith(m.Data, co)
	if err != nil {
		t.Fatal(err)
	}
	return b, opt
}

// ilmsReciprocal is the USTR schedule with every partner setting on US
// goods the rate it faces (their main_baseline.m, "reciprocal retaliation").
func ilmsReciprocal(m *testutil.ILMS) []float64 {
	N := m.Data.N()
	t := append([]float64(nil), m.USTR...)
	for n := 0; n < N; n++ {
		t[m.US*N+n] = m.USTR[n*N+m.US]
	}
	return t
}

// ilmsOptimalRetaliation is the USTR schedule with every partner setting on
// US goods the "optimal retaliation" rate of their main_baseline.m: the
// Proposition 2 rate of the rest of the world acting as one region against
// the USA, evaluated at the baseline of the two-region aggregate,
// 1/((1+δε)φ − 1) with δ = X_RoW,US(1−ν_US)(1−λ_RoW,US) /
// ((1−ν_RoW)(Y_RoW − X_RoW,RoW)). The retaliation block's optimal rule
// answers partner by partner instead (docs/nash.md).
func ilmsOptimalRetaliation(m *testutil.ILMS, b *Baseline, opt Options) []float64 {
	N, us := b.N, m.US
	var xrr, xru, xuu, yr float64
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			switch x := b.X[i*N+j]; {
			case i != us && j != us:
				xrr += x
			case i != us:
				xru += x
			case j == us:
				xuu += x
			}
		}
		if i != us {
			yr += b.Y[i]
		}
	}
	lam := xru / (xru + xuu)
	delta := xru * (1 - m.NuUS) * (1 - lam) / ((1 - m.NuOther) * (yr - xrr))
	other := 0
	if us == 0 {
		other = 1
	}
	rate := 1 / ((1+delta*opt.Theta[0])*opt.Passthrough[other] - 1)
	t := append([]float64(nil), m.USTR...)
	for n := 0; n < N; n++ {
		if n != us {
			t[us*N+n] = rate
		}
	}
	return t
}

// ilmsUniform is a uniform US tariff on every partner, nothing else.
func ilmsUniform(m *testutil.ILMS, rate float64) []float64 {
	N := m.Data.N()
	t := make([]float64, N*N)
	for n := 0; n < N; n++ {
		if n != m.US {
			t[n*N+m.US] = rate
		}
	}
	return t
}

func TestILMSFixedCostShares(t *testing.T) {
	m := testutil.ILMSData(t)
	// ILMS §4: "We estimate ν_US = 0.27 for the U.S. market, and
	// ν_non-US = 0.11 for other markets."
	if got := fmt.Sprintf("%.2f %.2f", m.NuUS, m.NuOther); got != "0.27 0.11" {
		t.Errorf("ν_US, ν_nonUS = %s (%.6f, %.6f), want 0.27 0.11", got, m.NuUS, m.NuOther)
	}
}

// TestILMS2025Published pins the printed figures. Where a printed digit
// is not reproduced the field is listed in skip with the reason in
// docs/ilms2025.md; every other digit must match.
func TestILMS2025Published(t *testing.T) {
	m := testutil.ILMSData(t)
	nonUS := m.Others()
	// Their Table 1 case 3 solves at the rate of Proposition 2 evaluated
	// at the baseline, 1/((1+δε)φ_US − 1) in main_baseline.m: 21.8% on
	// these data (the text's "19%" is not what the code or table use;
	// docs/ilms2025.md). The rate is recomputed here from the data.
	b0, opt0 := ilmsSetup(t, m, false, IncomeTax)
	optRate := ilmsFormulaRate(b0, opt0, m.US)
	if got := fmt.Sprintf("%.3f", optRate); got != "0.218" {
		t.Errorf("Proposition 2 rate at the baseline = %s, want 0.218", got)
	}
	// Each field is the printed figure; a trailing "~" marks a figure we
	// reproduce only to within one unit of its last printed digit, "?" one
	// we do not (both discussed in docs/ilms2025.md), "x" one not printed.
	cases := []struct {
		name   string
		ek     bool
		rev    RevenueUse
		tariff []float64
		us     string
		nonUS  string
	}{
		// Table 1, case 1: USTR tariffs + income tax relief + no retaliation.
		{"table1-case1", false, IncomeTax, m.USTR, "1.13 -18.1 -52.7 -43.6 0.32 12.8", "-0.58 11.6 -3.2 -3.3 -0.14 -4.7"},
		// Table 1, case 2: USTR tariffs + lump-sum rebate + no retaliation.
		{"table1-case2", false, LumpSum, m.USTR, "-0.01 -18.4 -52.5~ -43.3~ -0.41 13.1", "-0.57 11.7 -3.3 -3.4 -0.14 -4.8"},
		// Table 1, case 3: optimal US tariffs + income tax relief.
		{"table1-case3", false, IncomeTax, ilmsUniform(m, optRate), "1.79 -19.1 -55.3~ -45.6 0.51 12.6", "-0.61 17.1 -4.2 -3.7 -0.16 -4.6"},
		// Table 2, (1): USTR tariff + reciprocal retaliation (welfare,
		// deficit, employment and prices printed).
		{"table2-reciprocal", false, IncomeTax, ilmsReciprocal(m), "-0.36 -26.7 x x -0.18 7.5", "-0.46 19.8~ x x -0.13~ -2.7"},
		// Table 2, (2): USTR tariff + optimal retaliation, the rest of the
		// world answering as one region at its formula rate (22.7%).
		{"table2-optimal", false, IncomeTax, ilmsOptimalRetaliation(m, b0, opt0), "-0.75 -29.0 x x -0.32 6.0", "-0.43 22.4~ x x -0.13 -2.2"},
		// Eaton–Kortum specification (ν = 0, φ = 1, Dekle–Eaton–Kortum
		// fixed transfers): online appendix Table 7, "Alternative 4" (the
		// authors' LaTeX, github ahmadlp/ahmadlp.github.io @ ff01839,
		// authoring/latex-src/economic-impacts-of-liberation-day-tariffs/
		// "online appendix.tex"). Its Table 8 panel (1) prints the same
		// USA row with a different non-US row (−0.35, −2.95 for −0.50,
		// −2.9); Table 7's is the one this specification gives.
		{"eaton-kortum", true, IncomeTax, m.USTR, "1.24 -0.4 -46.3 -33.3 0.41 10.9", "-0.50 0.1 -1.9 -2.9 -0.10 -4.0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, opt := ilmsSetup(t, m, c.ek, c.rev)
			r, err := b.Solve(opt, Shocks{Tariff: c.tariff}, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkILMSRow(t, "USA", ilmsStats(&r.Countries[m.US]), c.us)
			checkILMSRow(t, "non-US average", ilmsAverage(b, r, nonUS), c.nonUS)
		})
	}
}

// checkILMSRow compares a computed row with a printed one, want: the six
// printed fields (welfare and employment with two decimals, the others
// with one). A trailing "~" marks a figure we reproduce only to within one
// unit of its last printed digit, "?" one we do not (both discussed in
// docs/ilms2025.md), "x" one not printed.
func checkILMSRow(t *testing.T, who string, got ilmsRow, want string) {
	t.Helper()
	for k, w := range strings.Fields(want) {
		if w == "x" || strings.HasSuffix(w, "?") {
			continue
		}
		near := strings.HasSuffix(w, "~")
		w = strings.TrimSuffix(w, "~")
		digits := 1
		if k == 0 || k == 4 {
			digits = 2
		}
		g := fmt.Sprintf("%.*f", digits, got[k])
		if !near {
			if g != w && !(g == "-0.00" && w == "0.00") {
				t.Errorf("%s field %d = %s, published %s (row %s)", who, k, g, w, got)
			}
			continue
		}
		pub, _ := strconv.ParseFloat(w, 64)
		if unit := math.Pow(10, -float64(digits)); math.Abs(got[k]-pub) > 1.5*unit {
			t.Errorf("%s field %d = %.4f, more than one unit from the published %s (row %s)", who, k, got[k], w, got)
		}
	}
}

// ilmsFormulaRate is main_baseline.m's optimal tariff: Proposition 2 at the
// baseline, t = 1/((1+δε)φ − 1), δ = Σ_n (1−ν_n)X_US,n(1−λ_US,n) /
// ((1−ν_US)·M_US).
func ilmsFormulaRate(b *Baseline, opt Options, c int) float64 {
	N := b.N
	num, den := 0.0, 0.0
	for n := 0; n < N; n++ {
		if n == c {
			continue
		}
		x := b.X[c*N+n]
		num += (1 - opt.FixedCostShare[n]) * x * (1 - b.Lambda(c, n, 0))
		den += b.X[n*N+c]
	}
	delta := num / ((1 - opt.FixedCostShare[c]) * den)
	return 1 / ((1+delta*opt.Theta[0])*opt.Passthrough[c] - 1)
}

// TestILMSNumeraire asserts the numeraire condition of their code (and of
// world_price), Σ_j E_j (P̂_j − 1) = 0, on the ILMS equilibrium directly,
// and that real results do not move with the numeraire.
func TestILMSNumeraire(t *testing.T) {
	m := testutil.ILMSData(t)
	b, opt := ilmsSetup(t, m, false, IncomeTax)
	r, err := b.Solve(opt, Shocks{Tariff: m.USTR}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if m := weightedMean(b.E, func(j int) float64 { return r.Countries[j].PriceIndex - 1 }); math.Abs(m) > 1e-12 {
		t.Errorf("Σ E(P̂−1)/ΣE = %g, want 0", m)
	}
	for _, num := range []Options{{Numeraire: WorldGDP}, {Numeraire: CountryWage, NumeraireCountry: m.US}, {Numeraire: WorldWage}} {
		o := opt
		o.Numeraire, o.NumeraireCountry = num.Numeraire, num.NumeraireCountry
		r2, err := b.Solve(o, Shocks{Tariff: m.USTR}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if num.Numeraire == WorldWage {
			// Σ_i GDP_i (ŵ_i − 1) = 0, their input–output code's condition
			if m := weightedMean(b.GDP, func(j int) float64 { return r2.Countries[j].Wage - 1 }); math.Abs(m) > 1e-12 {
				t.Errorf("world wage numeraire: Σ GDP(ŵ−1)/ΣGDP = %g, want 0", m)
			}
		}
		for j := range r.Countries {
			if d := math.Abs(r2.Countries[j].Welfare - r.Countries[j].Welfare); d > 1e-9 {
				t.Fatalf("numeraire %v: welfare of %s moves by %g", num.Numeraire, b.Codes[j], d)
			}
		}
	}
}

// weightedMean is Σ_j w_j f(j) / Σ_j w_j.
func weightedMean(w []float64, f func(j int) float64) float64 {
	sum, tot := 0.0, 0.0
	for j, x := range w {
		sum += x * f(j)
		tot += x
	}
	return sum / tot
}

// TestILMSZeroFixedCostsIsPlainModel: with ν = 0 and φ = 1 given
// explicitly the market structure is tradebloc's plain model, exactly.
func TestILMSZeroFixedCostsIsPlainModel(t *testing.T) {
	m := testutil.ILMSData(t)
	N := m.Data.N()
	b, opt := ilmsSetup(t, m, true, IncomeTax)
	r, err := b.Solve(opt, Shocks{Tariff: ilmsReciprocal(m)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]float64, N)
	b0, err := CalibrateWith(m.Data, CalibrateOptions{FixedCostShare: zero})
	if err != nil {
		t.Fatal(err)
	}
	o := opt
	o.FixedCostShare, o.Passthrough = zero, ILMSPassthrough(zero, opt.Psi, 1)
	r0, err := b0.Solve(o, Shocks{Tariff: ilmsReciprocal(m)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j := range r.Countries {
		a, z := r.Countries[j], r0.Countries[j]
		if math.Abs(a.Welfare-z.Welfare) > 1e-10 || math.Abs(a.Wage-z.Wage) > 1e-10 || math.Abs(a.ExportsAfter-z.ExportsAfter) > 1e-9*a.ExportsBefore {
			t.Fatalf("%s: ν = 0, φ = 1 gives W %v w %v X %v; plain model W %v w %v X %v", b.Codes[j], z.Welfare, z.Wage, z.ExportsAfter, a.Welfare, a.Wage, a.ExportsAfter)
		}
	}
}

// TestILMSMultiSector drives the multi-sector tariff path from the
// published one-sector figure: the ILMS world split into three sectors of
// identical technology (each flow shared 50/30/20, θ = 4 each, the USTR
// rates on every sector) is the same economy, so it must print Table 1
// case 1.
func TestILMSMultiSector(t *testing.T) {
	m := testutil.ILMSData(t)
	N := m.Data.N()
	shares := []float64{0.5, 0.3, 0.2}
	S := len(shares)
	ds := *m.Data
	ds.Sectors = []data.Sector{{Code: "A"}, {Code: "B"}, {Code: "C"}}
	ds.Trade = make([]float64, N*N*S)
	ds.Tariffs = make([]float64, N*N*S)
	tar := make([]float64, N*N*S)
	for k, x := range m.Data.Trade {
		for s, sh := range shares {
			ds.Trade[k*S+s] = sh * x
			tar[k*S+s] = m.USTR[k]
		}
	}
	opt := Options{Theta: UniformTheta(4, S), Kappa: 0.5, Psi: 0.67 / 4, Revenue: IncomeTax, Welfare: ILMS2025Welfare,
		FixedCostShare: m.Nu, Passthrough: ILMSPassthrough(m.Nu, 0.67/4, 1)}
	b, err := CalibrateWith(&ds, CalibrateOptions{FixedCostShare: m.Nu})
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Solve(opt, Shocks{Tariff: tar}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := ilmsStats(&r.Countries[m.US]).String(); got != "1.13 -18.1 -52.7 -43.6 0.32 12.8" {
		t.Errorf("three-sector ILMS, USA row %s, published (one sector) 1.13 -18.1 -52.7 -43.6 0.32 12.8", got)
	}
}

// TestILMSExactWelfareFromPrimitives pins the exact welfare measure (the
// default) where no figure is published: the utility
// U = C − κ/(κ+1)·L^((1+κ)/κ) computed by hand from the equilibrium's
// wage, price index and spending, with labour supply L^(1/κ) = n·w/P (n
// the net-of-tax factor: under income_tax the baseline's is 1/τ̂, the
// counterfactual's 1; under lump_sum both 1; docs/welfare.md).
func TestILMSExactWelfareFromPrimitives(t *testing.T) {
	m := testutil.ILMSData(t)
	for _, rev := range []RevenueUse{IncomeTax, LumpSum} {
		for _, ek := range []bool{false, true} {
			b, opt := ilmsSetup(t, m, ek, rev)
			opt.Welfare = ExactWelfare
			r, err := b.Solve(opt, Shocks{Tariff: m.USTR}, nil)
			if err != nil {
				t.Fatal(err)
			}
			kappa := opt.Kappa
			k := kappa / (1 + kappa)
			for _, j := range []int{m.US, 33, m.EU[0]} {
				c := r.Countries[j]
				n0, n1 := 1.0, 1.0
				if rev == IncomeTax {
					tau := c.RevenueAfter / c.GDPAfter // τ' = R'/Y' funds the tax cut
					n0 = 1 - tau
				}
				Y, E := b.Y[j], b.E[j]
				w0 := math.Pow(Y/math.Pow(n0, kappa), 1/(1+kappa))
				L0 := Y / w0
				w1 := w0 * c.Wage
				L1 := math.Pow(n1*w1/c.PriceIndex, kappa)
				if math.Abs(L1/L0-c.Employment) > 1e-9 {
					t.Fatalf("%s %v: labour supply from primitives %v, solver %v", b.Codes[j], rev, L1/L0, c.Employment)
				}
				U0 := E - k*math.Pow(L0, (1+kappa)/kappa)
				U1 := E*c.Spending/c.PriceIndex - k*math.Pow(L1, (1+kappa)/kappa)
				if math.Abs(U1/U0-c.Welfare) > 1e-10 {
					t.Errorf("%s %v ek=%v: utility from primitives %.12f, exact welfare %.12f", b.Codes[j], rev, ek, U1/U0, c.Welfare)
				}
			}
		}
	}
}

// TestILMSPythonPort checks the equilibrium against the per-country results
// of the authors' code as ported to Python (JoeLoera/liberation-day-
// replication, python_output/output_map.csv: Table 1 case 1, welfare and
// prices in %), which carry more digits than the article. Their fsolve
// stops at a relative step of 1e-6, so agreement is to about 1e-4 points.
// The domestic sales of the dataset hang on the transfer formula's ν (the
// importer's, as their code indexes it); the exporter's ν moves US welfare
// by 0.005 points and fails this test.
func TestILMSPythonPort(t *testing.T) {
	m := testutil.ILMSData(t)
	b, opt := ilmsSetup(t, m, false, IncomeTax)
	r, err := b.Solve(opt, Shocks{Tariff: m.USTR}, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for j, c := range b.Codes {
		idx[c] = j
	}
	for _, c := range []struct {
		code            string
		welfare, prices float64
	}{
		{"USA", 1.130463500630996, 12.811484269876793},
		{"CHN", -1.1324994207877581, -5.926434725302643},
		{"MEX", -2.5413858961092606, -1.6418012719964237},
		{"CAN", -0.9961771452565049, 0.8114797201640211},
		{"VNM", -11.019741392518934, -5.502953538540312},
		{"ZWE", 0.06155908780405284, -5.042465961048848},
	} {
		j, ok := idx[c.code]
		if !ok {
			t.Fatalf("no %s", c.code)
		}
		row := ilmsStats(&r.Countries[j])
		if math.Abs(row[0]-c.welfare) > 5e-4 || math.Abs(row[5]-c.prices) > 5e-4 {
			t.Errorf("%s: welfare %.6f%%, prices %.6f%%; their code %.6f%%, %.6f%%", c.code, row[0], row[5], c.welfare, c.prices)
		}
	}
}

// ilmsIOSetup returns the baseline and options of their one-sector
// input–output model (main_io.m; docs/ilms2025.md): the ILMS world with
// domestic flows divided by β = 0.49, their ν and φ, and the ILMS2025IO
// production structure.
func ilmsIOSetup(t *testing.T, m *testutil.ILMS, beta float64) (*Baseline, Options) {
	t.Helper()
	b, err := CalibrateWith(m.IOData(beta), CalibrateOptions{FixedCostShare: m.Nu})
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.67 / 4, Revenue: IncomeTax, Welfare: ILMS2025Welfare,
		FixedCostShare: m.Nu, Passthrough: ILMSPassthrough(m.Nu, 0.67/4, 1), IOVariant: ILMS2025IO}
	return b, opt
}

// TestILMSInputOutput pins the one-sector rows of their Table 4, the model
// with roundabout production, with the normalisation of their
// input–output code (Σ Y(ŵ − 1) = 0, model.WorldWage; welfare does not
// depend on it, the deficit and price changes do): the USTR tariffs, the
// USTR tariffs with reciprocal retaliation, and their optimal tariff. The
// text gives that as 12.5% (§5.5); the row is reproduced in full at a
// uniform 12.6% (every field holds for rates in [12.60%, 12.63%]) and its
// welfare to within a unit at 12.5%. Their non-US averages weight by WDI
// GDP, not by the expenditure of their other tables: print_tables_io.m runs
// after a clearvars that keeps only Y_i of the model's inputs. A trailing
// "~" marks a figure reproduced to within one unit of its last digit
// (docs/ilms2025.md).
func TestILMSInputOutput(t *testing.T) {
	m := testutil.ILMSData(t)
	b, opt := ilmsIOSetup(t, m, testutil.ILMSIOBeta)
	opt.Numeraire = WorldWage
	nonUS := m.Others()
	for _, c := range []struct {
		name        string
		tariff      []float64
		usa, others string
	}{
		{"ustr", m.USTR, "0.86 -18.4 -53.9 -44.4 0.24 12.7", "-1.31 12.0~ -3.5 -4.0 -0.29 -5.0"},
		{"reciprocal", ilmsReciprocal(m), "-3.38~ -27.1 -71.4 -56.6 -1.20 9.3", "-1.17 20.1 -6.5 -6.3 -0.32 -2.0"},
		{"uniform-12.6", ilmsUniform(m, 0.126), "2.15 -13.0 -39.2 -32.1 0.65 6.9", "-0.87 11.7 -3.0 -2.9 -0.22 -2.9"},
		{"uniform-12.5", ilmsUniform(m, 0.125), "2.15~ x x x 0.65 x", "x x x x x x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Solve(opt, Shocks{Tariff: c.tariff}, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkILMSRow(t, "USA", ilmsStats(&r.Countries[m.US]), c.usa)
			checkILMSRow(t, "non-US average", ilmsWeighted(m.GDP, r, nonUS), c.others)
		})
	}
}

// TestILMSInputOutputLimits checks the variant against the models it
// nests. Without inputs (β = 1) the composite is labour alone and the
// economy is their baseline, which must print Table 1 case 1. With ψ = 0,
// ν = 0 and φ = 1 it is tradebloc's Caliendo–Parro model, exactly; with
// ψ > 0 the two differ (the composite carries (ŵ/P̂)^((1−β)ψ)).
func TestILMSInputOutputLimits(t *testing.T) {
	m := testutil.ILMSData(t)
	b1, opt1 := ilmsIOSetup(t, m, 1)
	r1, err := b1.Solve(opt1, Shocks{Tariff: m.USTR}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := ilmsStats(&r1.Countries[m.US]).String(); got != "1.13 -18.1 -52.7 -43.6 0.32 12.8" {
		t.Errorf("β = 1: USA row %s, their baseline (Table 1 case 1) 1.13 -18.1 -52.7 -43.6 0.32 12.8", got)
	}
	b0, err := Calibrate(m.IOData(testutil.ILMSIOBeta))
	if err != nil {
		t.Fatal(err)
	}
	for _, psi := range []float64{0, 0.67 / 4} {
		opt := Options{Theta: []float64{4}, Kappa: 0.5, Psi: psi, Revenue: IncomeTax}
		cp, err := b0.Solve(opt, Shocks{Tariff: m.USTR}, nil)
		if err != nil {
			t.Fatal(err)
		}
		opt.IOVariant = ILMS2025IO
		il, err := b0.Solve(opt, Shocks{Tariff: m.USTR}, nil)
		if err != nil {
			t.Fatal(err)
		}
		d := math.Abs(cp.Countries[m.US].Welfare - il.Countries[m.US].Welfare)
		if psi == 0 && d > 1e-10 {
			t.Errorf("ψ = 0: US welfare %v (Caliendo–Parro) vs %v (ILMS composite)", cp.Countries[m.US].Welfare, il.Countries[m.US].Welfare)
		}
		if psi > 0 && d < 1e-4 {
			t.Errorf("ψ = %v: the composite scale economies change nothing (%v vs %v)", psi, cp.Countries[m.US].Welfare, il.Countries[m.US].Welfare)
		}
	}
}

// TestILMSInputOutputRefusals: the variant needs one sector with
// input–output linkages, and ν or φ with linkages need the variant.
func TestILMSInputOutputRefusals(t *testing.T) {
	m := testutil.ILMSData(t)
	bIO, opt := ilmsIOSetup(t, m, testutil.ILMSIOBeta)
	bPlain, _ := ilmsSetup(t, m, false, IncomeTax)
	cp := opt
	cp.IOVariant = CaliendoParroIO
	noPhi := cp
	noPhi.Passthrough = nil
	bIOPlain, err := Calibrate(m.IOData(testutil.ILMSIOBeta))
	if err != nil {
		t.Fatal(err)
	}
	phiOnly := cp
	phiOnly.FixedCostShare = nil
	for _, c := range []struct {
		name string
		b    *Baseline
		opt  Options
		want string
	}{
		{"variant without IO", bPlain, opt, "needs input–output linkages"},
		{"ν with Caliendo–Parro IO", bIO, noPhi, "fixed-cost shares"},
		{"φ with Caliendo–Parro IO", bIOPlain, phiOnly, "tariff pass-through"},
		{"unknown variant", bIO, func() Options { o := opt; o.IOVariant = 7; return o }(), "unknown input–output variant"},
	} {
		_, err := c.b.Solve(c.opt, Shocks{Tariff: m.USTR}, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want %q", c.name, err, c.want)
		}
	}
}
