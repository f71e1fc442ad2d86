package optimal

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// TestUniformAdditional: with Additional the searched rate is added to the
// scenario's tariffs instead of replacing them. With no tariffs in the
// scenario the two are the same problem and give the same optimum. With a
// premium on one partner (HOM's 20% on BBB, none on CCC) they differ as
// they should: kept, the premium already taxes part of HOM's imports, so
// the rate added on top is lower than the whole rate that replaces it; BBB
// pays the premium on top and does worse than where the rate replaced it;
// HOM, held to a non-uniform tariff in the one-sector model whose optimum
// is nearly uniform, does no better than with the premium replaced; and the
// tariffs solved at the optimum are the scenario's plus the rate.
func TestUniformAdditional(t *testing.T) {
	flows := []float64{
		300, 30, 25,
		30, 200, 10,
		25, 10, 150,
	}
	b := world(t, []string{"HOM", "BBB", "CCC"}, flows)
	opt := model.Options{Theta: []float64{4}}
	solve := func(tariffs []float64, additional bool) *Result {
		t.Helper()
		r, err := Uniform(Problem{Base: b, Options: opt, Shocks: model.Shocks{Tariff: tariffs}, Country: 0, Additional: additional}, Settings{Tol: 1e-9})
		if err != nil || !r.Converged {
			t.Fatalf("additional %v: err %v", additional, err)
		}
		return r
	}
	zero := make([]float64, 9)
	rep, add := solve(zero, false), solve(zero, true)
	if math.Abs(rep.Rate-add.Rate) > 1e-7 || math.Abs(rep.Welfare-add.Welfare) > 1e-12 {
		t.Errorf("no tariffs: replacing %.8f (Ŵ %.12f), adding %.8f (Ŵ %.12f): want the same optimum", rep.Rate, rep.Welfare, add.Rate, add.Welfare)
	}
	prem := make([]float64, 9)
	prem[(1*3+0)*1] = 0.20 // HOM's tariff on BBB's goods
	rep, add = solve(prem, false), solve(prem, true)
	if !(add.Rate < rep.Rate-0.01) {
		t.Errorf("with BBB's premium: rate added %.5f, whole rate %.5f: want the added one clearly lower", add.Rate, rep.Rate)
	}
	if !(add.Outcome.Countries[1].Welfare < rep.Outcome.Countries[1].Welfare) {
		t.Errorf("BBB: Ŵ %.8f with its premium kept, %.8f with it replaced: want lower kept", add.Outcome.Countries[1].Welfare, rep.Outcome.Countries[1].Welfare)
	}
	if add.Welfare > rep.Welfare+1e-12 {
		t.Errorf("HOM: Ŵ %.10f keeping the premium, %.10f replacing it: want no better kept", add.Welfare, rep.Welfare)
	}
	got := add.Outcome.Tariffs()
	for i, want := range map[int]float64{1: 0.20 + add.Rate, 2: add.Rate} {
		if x := got[(i*3+0)*1]; math.Abs(x-want) > 1e-12 {
			t.Errorf("HOM's tariff on %s at the optimum %.6f, want %.6f", b.Codes[i], x, want)
		}
	}
	if x := rep.Outcome.Tariffs()[(1*3+0)*1]; math.Abs(x-rep.Rate) > 1e-12 {
		t.Errorf("replacing: HOM's tariff on BBB %.6f, want the rate %.6f", x, rep.Rate)
	}
}

// TestPremiums: an importer's average tariff is weighted by its baseline
// imports in the sectors taxed, each partner's premium is its tariff less
// that average, and the list runs by the revenue a premium is worth
// (|premium| × import share), so a small partner's large premium comes
// after a large partner's smaller one. A customs union's imports from its
// own members are left out; a masked sector is too.
func TestPremiums(t *testing.T) {
	// Two sectors, four countries; AAA and BBB import, CCC and DDD export.
	ds := &data.Dataset{Name: "p", Sectors: []data.Sector{{Code: "G"}, {Code: "SERV"}}}
	for _, c := range []string{"AAA", "BBB", "CCC", "DDD"} {
		ds.Countries = append(ds.Countries, data.Country{Code: c})
	}
	N, S := 4, 2
	ds.Trade = make([]float64, N*N*S)
	ds.Tariffs = make([]float64, N*N*S)
	at := func(i, j, s int) int { return (i*N+j)*S + s }
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			ds.Trade[at(i, i, s)] = 500
		}
	}
	set := func(i, j, s int, x, t float64) { ds.Trade[at(i, j, s)], ds.Tariffs[at(i, j, s)] = x, t }
	set(1, 0, 0, 50, 0)    // BBB → AAA goods, free (a union partner)
	set(2, 0, 0, 90, 0.05) // CCC → AAA goods, 5%
	set(3, 0, 0, 10, 0.35) // DDD → AAA goods, 35%
	set(2, 0, 1, 400, 0)   // CCC → AAA services, untaxed (masked)
	set(2, 1, 0, 100, 0.05)
	set(3, 1, 0, 100, 0.05)
	set(0, 2, 0, 50, 0)
	set(0, 3, 0, 50, 0)
	set(1, 2, 0, 100, 0)
	set(1, 3, 0, 100, 0)
	b, err := model.Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	goods := []bool{true, false}
	avg, ps := Premiums(b, nil, []int{0}, goods)
	// AAA's goods imports: 50 at 0, 90 at 5%, 10 at 35%: (4.5 + 3.5)/150.
	want := 100 * 8.0 / 150
	if math.Abs(avg-want) > 1e-12 || len(ps) != 3 {
		t.Fatalf("AAA: average %.6f%%, want %.6f%%; %d partners", avg, want, len(ps))
	}
	// Revenue weights: DDD |35−5.33|·10/150 = 1.98, BBB 5.33·50/150 = 1.78,
	// CCC 0.33·90/150 = 0.2.
	for k, w := range []struct {
		code  string
		prem  float64
		share float64
	}{{"DDD", 35 - want, 10.0 / 150}, {"BBB", -want, 50.0 / 150}, {"CCC", 5 - want, 90.0 / 150}} {
		p := ps[k]
		if b.Codes[p.Exporter] != w.code || math.Abs(p.PremiumPP-w.prem) > 1e-9 || math.Abs(p.ImportShare-w.share) > 1e-12 ||
			math.Abs(p.TariffPct-(w.prem+want)) > 1e-9 {
			t.Errorf("%d: %s %+.4f pp (share %.4f), want %s %+.4f pp (%.4f)", k, b.Codes[p.Exporter], p.PremiumPP, p.ImportShare, w.code, w.prem, w.share)
		}
	}
	// Every sector: the untaxed services of CCC pull the average down.
	if all, _ := Premiums(b, nil, []int{0}, nil); math.Abs(all-100*8.0/550) > 1e-12 {
		t.Errorf("every sector: average %.6f%%, want %.6f%%", all, 100*8.0/550)
	}
	// AAA and BBB as a union: BBB's sales to AAA are internal.
	avg, ps = Premiums(b, nil, []int{0, 1}, goods)
	if want := 100 * (4.5 + 3.5 + 5 + 5) / 300; math.Abs(avg-want) > 1e-12 || len(ps) != 2 || b.Codes[ps[0].Exporter] != "DDD" {
		t.Errorf("union: average %.6f%% (want %.6f%%), partners %+v", avg, want, ps)
	}
	// Tariffs given replace the baseline's.
	tt := b.Tariffs()
	tt[at(3, 0, 0)] = 0.05
	tt[at(1, 0, 0)] = 0.05
	if avg, ps := Premiums(b, tt, []int{0}, goods); math.Abs(avg-5) > 1e-12 || math.Abs(ps[0].PremiumPP) > 1e-12 {
		t.Errorf("uniform 5%%: average %.6f%%, premiums %+v", avg, ps)
	}
}
