package report

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestBaseWeightTariff: the new tariffs weighted by baseline imports, over
// all imports and over goods alone, on a world of three countries with a
// goods sector and an untaxed services sector.
func TestBaseWeightTariff(t *testing.T) {
	ds := &data.Dataset{
		Countries: []data.Country{{Code: "AAA"}, {Code: "BBB"}, {Code: "CCC"}},
		Sectors:   []data.Sector{{Code: "G"}, {Code: ServicesSector}},
	}
	N, S := 3, 2
	ds.Trade = make([]float64, N*N*S)
	// AAA imports goods 100 from BBB and 300 from CCC, services 400 from BBB.
	ds.Trade[ds.At(1, 0, 0)] = 100
	ds.Trade[ds.At(2, 0, 0)] = 300
	ds.Trade[ds.At(1, 0, 1)] = 400
	ds.Trade[ds.At(0, 0, 0)] = 5000 // domestic: never weighs
	after := make([]float64, N*N*S)
	after[ds.At(1, 0, 0)] = 0.5
	after[ds.At(2, 0, 0)] = 0.1
	after[ds.At(0, 0, 0)] = 9 // a domestic "tariff" is no import tariff
	for _, tc := range []struct {
		name    string
		tariffs []float64
		skip    int
		want    float64
	}{
		{"all imports", after, -1, 100 * (0.5*100 + 0.1*300) / 800},
		{"goods", after, 1, 100 * (0.5*100 + 0.1*300) / 400},
		{"no tariffs", nil, -1, 0},
	} {
		if got := baseWeightTariff(ds, tc.tariffs, 0, tc.skip); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("%s: %g, want %g", tc.name, got, tc.want)
		}
	}
	if got := baseWeightTariff(ds, after, 1, -1); got != 0 {
		t.Errorf("BBB imports nothing: %g, want 0", got)
	}
	if s := servicesIndex(ds); s != 1 {
		t.Errorf("services index %d", s)
	}
}

// TestEffectiveTariffText: the leader's effective tariff says it is revenue
// over imports, and adds the rate at baseline weights only where it differs.
func TestEffectiveTariffText(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name    string
		c       CountryDoc
		want    string
		notWant string
	}{
		{"moved", CountryDoc{EffectiveTariffBefore: 2.6, EffectiveTariffAfter: 6.4, EffectiveTariffAfterBaseWeights: 19.3,
			EffectiveTariffGoodsBefore: f(3.7), EffectiveTariffGoodsAfter: f(11.2), EffectiveTariffGoodsAfterBaseWeights: f(27.8)},
			"effective tariff (tariff revenue / imports) 2.6% → 6.4% after the shock, on goods 3.7% → 11.2%; the new tariffs at baseline import weights 19.3%, on goods 27.8%", ""},
		{"unmoved", CountryDoc{EffectiveTariffBefore: 2.2, EffectiveTariffAfter: 2.2, EffectiveTariffAfterBaseWeights: 2.21},
			"effective tariff (tariff revenue / imports) 2.2% → 2.2% after the shock", "baseline import weights"},
	} {
		got := effectiveTariffText(&tc.c)
		if !strings.HasPrefix(got, tc.want) || tc.notWant != "" && strings.Contains(got, tc.notWant) {
			t.Errorf("%s: %q", tc.name, got)
		}
	}
	cs := []CountryDoc{{Code: "USA", EffectiveTariffAfter: 10.8, EffectiveTariffAfterBaseWeights: 20.64}, {Code: "CHN", EffectiveTariffAfter: 3.54, EffectiveTariffAfterBaseWeights: 6.05}}
	if n := effectiveTariffNote(cs, "USA", "CHN"); !strings.Contains(n, "baseline import weights: USA 20.64%, CHN 6.05%") {
		t.Errorf("note %q", n)
	}
	cs[0].EffectiveTariffAfterBaseWeights, cs[1].EffectiveTariffAfterBaseWeights = 10.8, 3.54
	if n := effectiveTariffNote(cs, "USA", "CHN"); n != "" {
		t.Errorf("note without a difference: %q", n)
	}
}
