package optimal

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

func world(t *testing.T, codes []string, flows []float64) *model.Baseline {
	t.Helper()
	ds := &data.Dataset{Name: "test", Sectors: []data.Sector{{Code: "ALL"}}, Trade: flows}
	for _, c := range codes {
		ds.Countries = append(ds.Countries, data.Country{Code: c})
	}
	b, err := model.Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTwoCountryClosedForm: with two countries, balanced trade and
// inelastic labour the optimal tariff is t* = 1/(θ·λ_ff), λ_ff the
// partner's domestic share at the optimum (Gros 1987; Costinot &
// Rodríguez-Clare 2014, §6; ILMS 2025 Proposition 2 with ν = 0, φ = 1,
// T̄ = 0). The search must find it to the solver's precision.
func TestTwoCountryClosedForm(t *testing.T) {
	for _, c := range []struct {
		name  string
		flows []float64
		theta float64
	}{
		{"large-home", []float64{300, 20, 20, 180}, 4},
		{"equal", []float64{80, 20, 20, 80}, 4},
		{"elastic", []float64{80, 20, 20, 180}, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := world(t, []string{"HOM", "FOR"}, c.flows)
			opt := model.Options{Theta: []float64{c.theta}}
			r, err := Uniform(Problem{Base: b, Options: opt, Country: 0}, Settings{Tol: 1e-9})
			if err != nil || !r.Converged {
				t.Fatalf("err %v, converged %v", err, r != nil && r.Converged)
			}
			f, _ := FormulaRate(b, opt, r.Outcome, 0)
			// Foreign's domestic share at the optimum, independently.
			flows := b.Flows(r.Outcome)
			lff := flows[3] / (flows[3] + flows[1]) // no tariff on home's exports
			gros := 1 / (c.theta * lff)
			if math.Abs(r.Rate-gros) > 1e-6 || math.Abs(f-gros) > 1e-9 {
				t.Errorf("t* = %.8f, Gros 1/(θλ_ff) = %.8f, FormulaRate %.8f", r.Rate, gros, f)
			}
			// It is a maximum: nearby rates do worse.
			for _, d := range []float64{-0.01, 0.01} {
				sh := model.Shocks{Tariff: []float64{0, 0, r.Rate + d, 0}}
				rr, err := b.Solve(opt, sh, nil)
				if err != nil {
					t.Fatal(err)
				}
				if rr.Countries[0].Welfare >= r.Welfare {
					t.Errorf("rate %.4f gives welfare %.10f ≥ the optimum's %.10f", r.Rate+d, rr.Countries[0].Welfare, r.Welfare)
				}
			}
		})
	}
}

// TestSmallEconomy: a country with a negligible share of world trade keeps
// the market power that product differentiation gives it, so its optimal
// tariff is 1/θ (Gros 1987: 1/(σ−1)), not 0; it tends to zero as goods
// become perfect substitutes (θ → ∞), the price-taking small open economy.
func TestSmallEconomy(t *testing.T) {
	flows := []float64{
		1e-6, 1e-6, 1e-6,
		1e-6, 300, 40,
		1e-6, 40, 200,
	}
	b := world(t, []string{"SML", "BIG", "MID"}, flows)
	prev := math.Inf(1)
	for _, theta := range []float64{4, 10, 50, 250} {
		opt := model.Options{Theta: []float64{theta}}
		r, err := Uniform(Problem{Base: b, Options: opt, Country: 0}, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.Rate-1/theta) > 1e-4 {
			t.Errorf("θ = %g: small economy's optimal tariff %.6f, want 1/θ = %.6f", theta, r.Rate, 1/theta)
		}
		if !(r.Rate < prev) {
			t.Errorf("θ = %g: optimal tariff %.6f does not fall with θ (previous %.6f)", theta, r.Rate, prev)
		}
		prev = r.Rate
	}
	if prev > 0.005 {
		t.Errorf("optimal tariff at θ = 250 is %.4f, want near 0", prev)
	}
}

// TestMultiCountryNearClosedForm: with many countries the formula leaves
// out third countries' wage responses. On the ILMS world with deficits
// purged (κ = 0, θ = 4) it stays within 0.01 of the numerical optimum for
// the United States and China.
func TestMultiCountryNearClosedForm(t *testing.T) {
	m := testutil.ILMSData(t)
	opt := model.Options{Theta: []float64{4}}
	b := purgedBaseline(t, m.Data, opt)
	chn, _ := b.Index("CHN")
	for _, c := range []int{m.US, chn} {
		r, err := Uniform(Problem{Base: b, Options: opt, Country: c}, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := FormulaRate(b, opt, r.Outcome, c)
		if math.Abs(r.Rate-f) > 0.01 || r.Rate < 0.2 || r.Rate > 0.35 {
			t.Errorf("%s: optimum %.5f, formula at the optimum %.5f", b.Codes[c], r.Rate, f)
		}
	}
}

// TestByPartnerUniformInOneSector: in the one-sector model the optimal
// tariff is nearly uniform across partners (exactly so in ILMS
// Proposition 2, which leaves out third countries' wage responses), so
// coordinate ascent from the uniform optimum moves every rate by little
// and gains next to nothing.
func TestByPartnerUniformInOneSector(t *testing.T) {
	flows := []float64{
		300, 20, 10, 5,
		25, 200, 10, 5,
		10, 15, 150, 5,
		5, 5, 5, 50,
	}
	b := world(t, []string{"AAA", "BBB", "CCC", "DDD"}, flows)
	opt := model.Options{Theta: []float64{4}}
	u, err := Uniform(Problem{Base: b, Options: opt, Country: 0}, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ByPartner(Problem{Base: b, Options: opt, Country: 0}, 2, Settings{})
	if err != nil || !r.Converged {
		t.Fatalf("err %v, %+v", err, r)
	}
	if len(r.Partners) != 2 || r.Partners[0] != 1 || r.Partners[1] != 2 {
		t.Errorf("largest partners %v, want [1 2] (by imports)", r.Partners)
	}
	for i := 1; i < 4; i++ {
		if math.Abs(r.Rates[i]-u.Rate) > 0.03 {
			t.Errorf("partner %s: rate %.5f, uniform optimum %.5f", b.Codes[i], r.Rates[i], u.Rate)
		}
	}
	if r.Welfare < u.Welfare-1e-12 || r.Welfare-u.Welfare > 1e-4 {
		t.Errorf("by-partner welfare %.10f against the uniform optimum %.10f: want a gain ≥ 0 and < 1e-4", r.Welfare, u.Welfare)
	}
}

// TestByPartnerMultiSector: with sectors of different elasticities the
// best rates differ across partners that sell different goods; one rate per
// partner then does at least as well as the uniform rate.
func TestByPartnerMultiSector(t *testing.T) {
	// Two sectors; BBB sells mostly sector 0 (θ = 2), CCC sector 1 (θ = 8).
	ds := &data.Dataset{Name: "ms", Countries: []data.Country{{Code: "AAA"}, {Code: "BBB"}, {Code: "CCC"}},
		Sectors: []data.Sector{{Code: "S0"}, {Code: "S1"}}}
	x := func(s0, s1 float64) []float64 { return []float64{s0, s1} }
	for _, row := range [][]float64{x(200, 200), x(30, 2), x(2, 30), x(30, 2), x(200, 100), x(5, 5), x(2, 30), x(5, 5), x(100, 200)} {
		ds.Trade = append(ds.Trade, row...)
	}
	b, err := model.Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	opt := model.Options{Theta: []float64{2, 8}}
	u, err := Uniform(Problem{Base: b, Options: opt, Country: 0}, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ByPartner(Problem{Base: b, Options: opt, Country: 0}, 0, Settings{})
	if err != nil || !r.Converged {
		t.Fatalf("err %v", err)
	}
	if !(r.Rates[1] > r.Rates[2]+0.05) {
		t.Errorf("rate on the low-elasticity seller %.4f, on the high-elasticity seller %.4f: want the first clearly higher", r.Rates[1], r.Rates[2])
	}
	if r.Welfare < u.Welfare {
		t.Errorf("by-partner welfare %.10f below uniform %.10f", r.Welfare, u.Welfare)
	}
}

// TestILMSOptimalUniform is the acceptance case of issue 13 on the ILMS
// world (κ = 0.5, ψ = 0.67/ε, income-tax revenue, ν and φ as calibrated):
// the welfare-maximising uniform US tariff, against their Proposition 2
// rate computed from the baseline data (21.8%, the rate their Table 1 case
// 3 is solved at; docs/ilms2025.md on the "19%" of their text).
func TestILMSOptimalUniform(t *testing.T) {
	m, b, opt := ilmsWorld(t, false)
	r, err := Uniform(Problem{Base: b, Options: opt, Country: m.US}, Settings{})
	if err != nil || !r.Converged {
		t.Fatalf("err %v", err)
	}
	f, _ := FormulaRate(b, opt, nil, m.US)
	if got := math.Round(1000*f) / 10; got != 21.8 {
		t.Errorf("Proposition 2 at the baseline: %.4f, want 21.8%%", 100*f)
	}
	// The numerical optimum does better than their formula's rate: with
	// income-tax relief and elastic labour the revenue motive adds to the
	// terms of trade, which the formula leaves out.
	sh := model.Shocks{Tariff: make([]float64, b.N*b.N)}
	for n := 0; n < b.N; n++ {
		if n != m.US {
			sh.Tariff[n*b.N+m.US] = f
		}
	}
	rf, err := b.Solve(opt, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !(r.Welfare > rf.Countries[m.US].Welfare) || r.Rate < f {
		t.Errorf("optimum %.4f (W %.6f) vs formula rate %.4f (W %.6f)", r.Rate, r.Welfare, f, rf.Countries[m.US].Welfare)
	}
	t.Logf("optimal uniform US tariff %.2f%%, welfare %+.3f%%; formula rate %.2f%%, welfare %+.3f%%; %d solves, %.2fs",
		100*r.Rate, 100*(r.Welfare-1), 100*f, 100*(rf.Countries[m.US].Welfare-1), r.Solves, r.Seconds)
}

// TestILMSNineteenPercent pins the readings of ILMS's optimal tariff tried
// against the "19%" of their text (abstract, §1, §5.1), each computed on
// their world (docs/optimal-tariffs.md, "The ILMS acceptance case"). Only
// one rounds to 19%: Proposition 2 at the baseline in its factor-income
// form (18.54%, FormulaRateFactorIncome), the rate their code gives the
// USA in their Table 2 case 3 (model TestILMSPublishedAppendix). The
// imports form is 21.8%, the rate of their Table 1 case 3. Proposition 2
// at the equilibrium its own rate induces (the fixed point t = F(t)) lies
// above the baseline evaluation, not below; the welfare maxima with
// lump-sum revenue and with inelastic labour (κ = 0) bracket 19% without
// hitting it. Also the US deficit change at a uniform 19%, which the docs
// set against their case-3 row (−19.1%).
func TestILMSNineteenPercent(t *testing.T) {
	m, b, opt := ilmsWorld(t, false)
	us := m.US
	at := func(o model.Options, rate float64) *model.Result {
		sh := model.Shocks{Tariff: make([]float64, b.N*b.N)}
		for n := 0; n < b.N; n++ {
			if n != us {
				sh.Tariff[n*b.N+us] = rate
			}
		}
		r, err := b.Solve(o, sh, nil)
		if err != nil {
			t.Fatalf("rate %.4f: %v", rate, err)
		}
		return r
	}
	formulaAt := func(o model.Options, rate float64) float64 {
		f, ok := FormulaRate(b, o, at(o, rate), us)
		if !ok {
			t.Fatal("formula does not apply")
		}
		return f
	}
	// The paper writes X_ni for i's spending on n's goods, so its imports
	// Σ_n X_n,US can also be read at tariff-inclusive prices, (1+t) times
	// FormulaRate's producer-price imports: δ scales by 1/(1+t).
	formulaInclAt := func(o model.Options, rate float64) float64 {
		f := formulaAt(o, rate)
		phi := o.Passthrough[us]
		ed := (1/f+1)/phi - 1 // ℰ = θδ at producer prices
		return 1 / ((1+ed/(1+rate))*phi - 1)
	}
	// The fixed point by bisection: F rises with t by less than t does
	// (F(0) = 21.8% > 0, F(60%) < 60%), so F(t) − t changes sign once.
	fixedPoint := func(o model.Options, F func(model.Options, float64) float64) float64 {
		lo, hi := 0.0, 0.6
		if !(F(o, lo) > lo && F(o, hi) < hi) {
			t.Fatal("F(t) − t does not change sign on [0, 60%]")
		}
		for hi-lo > 1e-7 {
			mid := (lo + hi) / 2
			if F(o, mid) > mid {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	// optimum returns the welfare-maximising rate and the US welfare
	// change there, both in %.
	optimum := func(o model.Options) (float64, float64) {
		r, err := Uniform(Problem{Base: b, Options: o, Country: us}, Settings{})
		if err != nil || !r.Converged {
			t.Fatalf("err %v", err)
		}
		return 100 * r.Rate, 100 * (r.Welfare - 1)
	}
	lump := opt
	lump.Revenue = model.LumpSum
	inelastic := opt
	inelastic.Kappa = 0
	lumpRate, lumpW := optimum(lump)
	inelRate, inelW := optimum(inelastic)
	// ε = θ/(1−ν_US) in place of θ, at the baseline: ℰ scales by 1/(1−ν_US).
	f0, phi := formulaAt(opt, 0), opt.Passthrough[us]
	epsNu := 1 / ((1+((1/f0+1)/phi-1)/(1-m.NuUS))*phi - 1)
	incomeForm, ok := FormulaRateFactorIncome(b, opt, nil, us)
	if !ok {
		t.Fatal("factor-income form does not apply")
	}
	us19 := at(opt, 0.19).Countries[us]
	d0, d1 := us19.ImportsBefore-us19.ExportsBefore, us19.ImportsAfter-us19.ExportsAfter
	for _, c := range []struct {
		name string
		got  float64 // in %
		want string
	}{
		{"formula at the baseline", 100 * f0, "21.78"},
		{"formula at the baseline, factor-income form", 100 * incomeForm, "18.54"},
		{"the same, to the text's digit", 100 * incomeForm, "19"},
		{"formula at the equilibrium of 19%", 100 * formulaAt(opt, 0.19), "24.65"},
		{"formula at the equilibrium of 21.8%", 100 * formulaAt(opt, f0), "25.25"},
		{"formula fixed point", 100 * fixedPoint(opt, formulaAt), "26.32"},
		{"formula fixed point, imports at tariff-inclusive prices", 100 * fixedPoint(opt, formulaInclAt), "41.9"},
		{"formula at the welfare maximum 25.09%", 100 * formulaAt(opt, 0.2509), "26.02"},
		{"formula with ε = θ/(1−ν_US), at the baseline", 100 * epsNu, "16.30"},
		{"welfare maximum, lump-sum revenue", lumpRate, "14.22"},
		{"US welfare there", lumpW, "0.514"},
		{"welfare maximum, κ = 0", inelRate, "19.51"},
		{"US welfare there", inelW, "0.519"},
		{"US deficit change at 19%", 100 * (d1 - d0) / math.Abs(d0), "-17.3"},
	} {
		// Pinned to the digits the docs print.
		prec := 0
		if dot := strings.IndexByte(c.want, '.'); dot >= 0 {
			prec = len(c.want) - dot - 1
		}
		if got := strconv.FormatFloat(c.got, 'f', prec, 64); got != c.want {
			t.Errorf("%s: %.4f%%, want %s%%", c.name, c.got, c.want)
		}
		t.Logf("%s: %.4f%%", c.name, c.got)
	}
}

// TestILMSOptimalUniformIO: the welfare-maximising uniform US tariff in
// ILMS's one-sector input–output model (model.ILMS2025IO, their Table 4).
// Their text reports 12.5% with US welfare 2.15%; at 12.5% this model gives
// 2.14% (model TestILMSInputOutput), and the welfare maximum lies higher,
// near 18% (docs/optimal-tariffs.md). The test holds the search to doing
// better than their rate, inside their search bounds (0–25%).
func TestILMSOptimalUniformIO(t *testing.T) {
	m, b, opt := ilmsWorld(t, true)
	r, err := Uniform(Problem{Base: b, Options: opt, Country: m.US}, Settings{})
	if err != nil || !r.Converged {
		t.Fatalf("err %v", err)
	}
	sh := model.Shocks{Tariff: make([]float64, b.N*b.N)}
	for n := 0; n < b.N; n++ {
		if n != m.US {
			sh.Tariff[n*b.N+m.US] = 0.125
		}
	}
	r125, err := b.Solve(opt, sh, nil)
	if err != nil {
		t.Fatal(err)
	}
	w125 := r125.Countries[m.US].Welfare
	if !(r.Rate > 0.125 && r.Rate < 0.25) || !(r.Welfare > w125) {
		t.Errorf("optimum %.4f (W %.6f); at their 12.5%% W %.6f", r.Rate, r.Welfare, w125)
	}
	t.Logf("IO model: optimal uniform US tariff %.2f%%, welfare %+.3f%%; at 12.5%% %+.3f%%; %d solves",
		100*r.Rate, 100*(r.Welfare-1), 100*(w125-1), r.Solves)
}

// TestILMSIOOptimumAtBoxCentre pins why their input–output "optimal
// tariff" (12.6%, "12.5%" in §5.5) is not the model's optimum (17.9%,
// TestILMSOptimalUniformIO). Their main_io.m maximises US welfare over one
// rate per partner, each boxed in [0, 0.25], with fmincon's interior-point
// method, and reports x(end): the rate on the last of the 193 partners,
// Zimbabwe. A log barrier μ[ln t + ln(0.25 − t)] holds a rate at the
// centre of its box, 12.5%, until the welfare slope outweighs it; US
// welfare is some 3,000 times less curved in Zimbabwe's rate than in
// China's, so the barrier wins for any weight down to about 0.005 while
// China's rate stays near its optimum. Each partner's welfare is taken as the
// quadratic through three solves around the uniform optimum.
func TestILMSIOOptimumAtBoxCentre(t *testing.T) {
	m, b, opt := ilmsWorld(t, true)
	opt.Tol = 1e-13 // Zimbabwe moves US welfare by 1e-6
	N := b.N
	if b.Codes[N-1] != "ZWE" {
		t.Fatalf("their last partner is %s, not ZWE", b.Codes[N-1])
	}
	const others, box = 0.179, 0.25
	var warm *model.Result
	usWelfare := func(k int, r float64) float64 {
		sh := model.Shocks{Tariff: make([]float64, N*N)}
		for n := 0; n < N; n++ {
			if n != m.US {
				sh.Tariff[n*N+m.US] = others
			}
		}
		sh.Tariff[k*N+m.US] = r
		res, err := b.Solve(opt, sh, warm)
		if err != nil {
			t.Fatal(err)
		}
		warm = res
		return 100 * (res.Countries[m.US].Welfare - 1) // their objective, in pp
	}
	// barrierRate maximises −c/2·(t − peak)² + μ[ln t + ln(box − t)]: the
	// root in (0, box) of c(peak − t) + μ(1/t − 1/(box − t)).
	barrierRate := func(c, peak, mu float64) float64 {
		lo, hi := 0.0, box
		for i := 0; i < 100; i++ {
			mid := (lo + hi) / 2
			if c*(peak-mid)+mu*(1/mid-1/(box-mid)) > 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return lo
	}
	type partner struct{ curvature, optimum, span float64 }
	fit := func(code string) partner {
		k := -1
		for i, c := range b.Codes {
			if c == code {
				k = i
			}
		}
		x := [3]float64{0.10, others, box}
		var y [3]float64
		for i := range x {
			y[i] = usWelfare(k, x[i])
		}
		a := y[0]/((x[0]-x[1])*(x[0]-x[2])) + y[1]/((x[1]-x[0])*(x[1]-x[2])) + y[2]/((x[2]-x[0])*(x[2]-x[1]))
		slope := (y[1]-y[0])/(x[1]-x[0]) - a*(x[0]+x[1])
		return partner{curvature: -2 * a, optimum: -slope / (2 * a), span: y[1] - usWelfare(k, 0)}
	}
	zwe, chn := fit("ZWE"), fit("CHN")
	if !(zwe.span > 0 && zwe.span < 1e-3) || !(chn.span > 0.5) {
		t.Errorf("US welfare from 0 to %.1f%%: on ZWE %.3g pp, on CHN %.3g pp", 100*others, zwe.span, chn.span)
	}
	if !(zwe.optimum > 0.17 && chn.optimum > 0.17) {
		t.Errorf("unbarred optima ZWE %.4f, CHN %.4f", zwe.optimum, chn.optimum)
	}
	for _, mu := range []float64{0.005, 0.01, 0.05, 0.1} {
		z, c := barrierRate(zwe.curvature, zwe.optimum, mu), barrierRate(chn.curvature, chn.optimum, mu)
		if !(z >= box/2 && z < 0.127) || !(c > 0.17) {
			t.Errorf("barrier weight %g: ZWE %.4f (want 12.5–12.7%%), CHN %.4f", mu, z, c)
		}
		t.Logf("barrier weight %-5g ZWE %.2f%%  CHN %.2f%%", mu, 100*z, 100*c)
	}
	t.Logf("curvature ZWE %.4g, CHN %.4g; unbarred optima %.1f%%, %.1f%%", zwe.curvature, chn.curvature, 100*zwe.optimum, 100*chn.optimum)
}

// ilmsWorld is the ILMS world of their baseline (κ = 0.5, ψ = 0.67/4,
// ε = 4, income-tax revenue, their welfare formula, ν and φ as they
// calibrate) or, with io, of their one-sector input–output model.
func ilmsWorld(t *testing.T, io bool) (*testutil.ILMS, *model.Baseline, model.Options) {
	t.Helper()
	m := testutil.ILMSData(t)
	psi := 0.67 / 4
	opt := model.Options{Theta: []float64{4}, Kappa: 0.5, Psi: psi, Revenue: model.IncomeTax, Welfare: model.ILMS2025Welfare,
		FixedCostShare: m.Nu, Passthrough: model.ILMSPassthrough(m.Nu, psi, 1)}
	ds := m.Data
	if io {
		opt.IOVariant = model.ILMS2025IO
		ds = m.IOData(testutil.ILMSIOBeta)
	}
	b, err := model.CalibrateWith(ds, model.CalibrateOptions{FixedCostShare: m.Nu})
	if err != nil {
		t.Fatal(err)
	}
	return m, b, opt
}

// purgedBaseline calibrates ds with every trade deficit purged first
// (model.PurgeDeficits under opt), the balanced world of the tariff-war
// literature.
func purgedBaseline(t *testing.T, ds *data.Dataset, opt model.Options) *model.Baseline {
	t.Helper()
	pds, _, err := model.PurgeDeficits(ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := model.Calibrate(pds)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
