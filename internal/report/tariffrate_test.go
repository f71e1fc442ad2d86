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
		got := effectiveTariffText(&tc.c, "fixed")
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

// TestGoodsTradeChange: on a world with an untaxed services sector the
// headline gives goods imports and exports beside the totals, and says why
// services move. On icio-2022 under liberation-day the US's imports fell
// 19.4% in all, yet 42.4% in goods, while its services imports rose 32.4%.
func TestGoodsTradeChange(t *testing.T) {
	ds := &data.Dataset{
		Countries: []data.Country{{Code: "AAA"}, {Code: "BBB"}, {Code: "CCC"}},
		Sectors:   []data.Sector{{Code: "G"}, {Code: ServicesSector}},
	}
	N, S := 3, 2
	ds.Trade = make([]float64, N*N*S)
	flows := make([]float64, N*N*S)
	set := func(i, j, s int, before, after float64) {
		ds.Trade[ds.At(i, j, s)], flows[ds.At(i, j, s)] = before, after
	}
	set(1, 0, 0, 100, 50)   // AAA's goods imports: 400 → 200
	set(2, 0, 0, 300, 150)  //
	set(1, 0, 1, 400, 600)  // its services imports rise
	set(0, 1, 0, 200, 150)  // AAA's goods exports: 200 → 150
	set(0, 2, 1, 100, 80)   // services exports
	set(0, 0, 0, 5000, 900) // domestic sales are no trade
	f := goodsTradeChange(ds, flows, 1)
	exp, imp := f(0)
	if exp == nil || imp == nil || math.Abs(*exp+25) > 1e-12 || math.Abs(*imp+50) > 1e-12 {
		t.Fatalf("AAA goods exports %v, imports %v: want -25%% and -50%%", exp, imp)
	}
	if exp, imp := f(2); exp == nil || *exp != -50 || imp != nil {
		t.Errorf("CCC: goods exports %v (want -50%%), imports %v (none before: want nil)", exp, imp)
	}
	if goodsTradeChange(ds, flows, -1) != nil {
		t.Error("goods-only world: want no goods split")
	}

	f64 := func(x float64) *float64 { return &x }
	doc := &SolveDoc{Scenario: "ld", Leader: "USA", Converged: true,
		Provenance: Provenance{Dataset: "icio-2022", Model: ModelDoc{Deficits: "fixed", Numeraire: "world_price", TradeElasticity: map[string]float64{"A01": 6, "SERV": 4}}},
		Countries: []CountryDoc{{Code: "USA", Name: "United States", WagePct: 4.38, ImportsPct: -19.4, ExportsPct: -26.3,
			GoodsImportsPct: f64(-42.4), GoodsExportsPct: f64(-30.4),
			EffectiveTariffBefore: 2.6, EffectiveTariffAfter: 10.9, EffectiveTariffAfterBaseWeights: 10.9,
			EffectiveTariffGoodsBefore: f64(3.7), EffectiveTariffGoodsAfter: f64(22.0),
			Sectors: []SectorDoc{{Code: "SERV", ImportsPct: 32.4, ExportsPct: -22.4}}}}}
	got := doc.Summary(1)
	for _, want := range []string{
		"imports -19.4% (goods -42.4%), exports -26.3% (goods -30.4%);",
		"services pay none, yet their imports change by +32.4% and exports by -22.4%: with its balance fixed, exports must fall with imports, so the goods tariffs raise its wage (+4.38%) against the partners', which makes their services cheaper to it and its own dearer abroad",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	var js strings.Builder
	if err := doc.Write(&js, JSON, 1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"goods_imports_pct": -42.4`) || !strings.Contains(js.String(), `"goods_exports_pct": -30.4`) {
		t.Errorf("JSON lacks the goods changes:\n%.800s", js.String())
	}
	// A goods-only world: the totals alone, no JSON keys.
	doc.Countries[0].GoodsImportsPct, doc.Countries[0].GoodsExportsPct, doc.Countries[0].Sectors = nil, nil, nil
	if got := doc.Summary(1); !strings.Contains(got, "imports -19.4%, exports -26.3%;") {
		t.Errorf("goods-only summary:\n%s", got)
	}
}
