package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestQualityFlags(t *testing.T) {
	// Four economies with GDP 100 and one without; balances X − M:
	// AAA +70 (surplus beyond 60), BBB −61 (deficit beyond), CCC +60 (at the
	// limit, not flagged), DDD −200, EEE no GDP (never flagged).
	d := &Dataset{
		Countries: []Country{{Code: "AAA", GDP: 100}, {Code: "BBB", GDP: 100}, {Code: "CCC", GDP: 100}, {Code: "DDD", GDP: 100}, {Code: "EEE"}},
		Sectors:   []Sector{DefaultSector},
	}
	n := d.N()
	d.Trade = make([]float64, n*n)
	set := func(i, j int, v float64) { d.Trade[d.At(i, j, 0)] = v }
	set(0, 4, 70)  // AAA exports 70 to EEE
	set(4, 1, 61)  // BBB imports 61 from EEE
	set(2, 4, 60)  // CCC +60
	set(4, 3, 200) // DDD −200
	flags := d.QualityFlags()
	var codes []string
	for _, f := range flags {
		codes = append(codes, f.Code)
	}
	if want := []string{"DDD", "AAA", "BBB"}; !slices.Equal(codes, want) {
		t.Fatalf("flagged %v, want %v (largest |balance| first)", codes, want)
	}
	tests := []struct {
		code   string
		pct    float64
		reason string
	}{
		{"DDD", -200, "deficit"},
		{"AAA", 70, "surplus"},
		{"BBB", -61, "deficit"},
	}
	for _, tt := range tests {
		f, ok := QualityFlagOf(flags, tt.code)
		if !ok || math.Abs(f.BalancePctGDP-tt.pct) > 1e-9 || !strings.Contains(f.Reason, tt.reason) {
			t.Errorf("%s: flag %+v (%v), want %.0f%% and a reason about a %s", tt.code, f, ok, tt.pct, tt.reason)
		}
	}
	if _, ok := QualityFlagOf(flags, "CCC"); ok {
		t.Error("CCC at exactly 60% is flagged")
	}
	if _, ok := d.BalancePctGDP(4); ok {
		t.Error("EEE has no GDP but BalancePctGDP reports a share")
	}
}

func TestUnreconciledAndCurrentAccountChecks(t *testing.T) {
	// AAA has a reference goods balance; BBB (GDP 100) and CCC (GDP 10)
	// have none; ROW is an aggregate. Flows: AAA exports 30 to BBB, BBB
	// exports 5 to CCC.
	nan := math.NaN()
	d := &Dataset{
		Year:      2022,
		Countries: []Country{{Code: "AAA", GDP: 200}, {Code: "BBB", GDP: 100}, {Code: "CCC", GDP: 10}, {Code: "ROW", GDP: 500}},
		Sectors:   []Sector{DefaultSector},
		Macro: map[string]Macro{
			"AAA": {GoodsBalanceBoP2023: 0.03, CAPctGDP2023: 1},
			"BBB": {GoodsBalanceBoP2023: nan, CAPctGDP2023: 4},
			"CCC": {GoodsBalanceBoP2023: nan, CAPctGDP2023: nan},
		},
		Members:        map[string][]string{"ROW": {"XXX", "YYY"}},
		CurrentAccount: []CAObservation{{Code: "AAA", Year: 2021, PctGDP: 9}, {Code: "AAA", Year: 2022, PctGDP: 20}, {Code: "BBB", Year: 2022, PctGDP: -7}},
	}
	n := d.N()
	d.Trade = make([]float64, n*n)
	d.Trade[d.At(0, 1, 0)] = 30
	d.Trade[d.At(1, 2, 0)] = 5

	u := d.Unreconciled(50)
	if len(u) != 1 || u[0].Code != "BBB" || math.Abs(u[0].BalancePctGDP-(-25)) > 1e-12 || u[0].CAPctGDP2023 == nil || *u[0].CAPctGDP2023 != 4 {
		t.Errorf("Unreconciled(50) = %+v, want BBB alone at −25%% with its current account 4%% (CCC is below the GDP floor, AAA reconciled, ROW an aggregate)", u)
	}
	if u := d.Unreconciled(1); len(u) != 2 || u[0].Code != "BBB" || u[1].Code != "CCC" || u[1].CAPctGDP2023 != nil {
		t.Errorf("Unreconciled(1) = %+v, want BBB then CCC (largest first), CCC without a current account", u)
	}

	if c := d.CurrentAccountChecks(); c != nil {
		t.Errorf("a goods dataset gets current-account checks: %+v", c)
	}
	d.Coverage = CoverageServices
	c := d.CurrentAccountChecks()
	if len(c) != 2 || c[0].Code != "AAA" || c[1].Code != "BBB" {
		t.Fatalf("CurrentAccountChecks = %+v, want AAA and BBB (the economies with a 2022 observation)", c)
	}
	// AAA: balance +30/200 = 15%, current account 20% (the 2022 figure, not
	// 2021's): income and transfers +5 pp. BBB: −25% against −7%: +18 pp.
	for _, tt := range []struct {
		k                 int
		bal, ca, incomePP float64
	}{{0, 15, 20, 5}, {1, -25, -7, 18}} {
		g := c[tt.k]
		if math.Abs(g.BalancePctGDP-tt.bal) > 1e-12 || g.CAPctGDP != tt.ca || math.Abs(g.IncomePP-tt.incomePP) > 1e-12 {
			t.Errorf("%s: %+v, want balance %v%%, current account %v%%, income %v pp", g.Code, g, tt.bal, tt.ca, tt.incomePP)
		}
	}

	// CurrentAccountPct: the dataset's year from the series (AAA's 2022,
	// not 2021's); CCC has none at all.
	if v, y, ok := d.CurrentAccountPct("AAA"); !ok || v != 20 || y != 2022 {
		t.Errorf("CurrentAccountPct(AAA) = %v, %d, %v; want 20, 2022", v, y, ok)
	}
	if _, _, ok := d.CurrentAccountPct("CCC"); ok {
		t.Errorf("CurrentAccountPct(CCC) found a figure the dataset does not have")
	}
	d.Year, d.CurrentAccount = 2023, nil
	if v, y, ok := d.CurrentAccountPct("BBB"); !ok || v != 4 || y != 2023 {
		t.Errorf("CurrentAccountPct(BBB) in 2023 = %v, %d, %v; want the macro table's 4, 2023", v, y, ok)
	}
}

// TestGoodsTariffSums: the trade-weighted tariff's sums leave the services
// sector out, use the dataset's tariffs when none are given, and count no
// duty on a dataset without a tariff table.
func TestGoodsTariffSums(t *testing.T) {
	d := &Dataset{
		Countries: []Country{{Code: "AAA"}, {Code: "BBB"}},
		Sectors:   []Sector{{Code: "MAN"}, {Code: "AGR"}, {Code: ServicesSector}},
	}
	n := d.N()
	d.Trade = make([]float64, n*n*d.S())
	d.Tariffs = make([]float64, n*n*d.S())
	for s, x := range []float64{30, 10, 60} { // AAA → BBB by sector
		d.Trade[d.At(0, 1, s)] = x
		d.Tariffs[d.At(0, 1, s)] = []float64{0.1, 0.5, 0.9}[s]
	}
	if num, den := d.GoodsTariffSums(nil, 0, 1); math.Abs(num-(3+5)) > 1e-12 || den != 40 {
		t.Errorf("dataset's tariffs: %v / %v, want 8 / 40 (services left out)", num, den)
	}
	other := make([]float64, len(d.Tariffs))
	other[d.At(0, 1, 0)] = 1
	if num, den := d.GoodsTariffSums(other, 0, 1); num != 30 || den != 40 {
		t.Errorf("given tariffs: %v / %v, want 30 / 40", num, den)
	}
	d.Tariffs = nil
	if num, den := d.GoodsTariffSums(nil, 0, 1); num != 0 || den != 40 {
		t.Errorf("no tariff table: %v / %v, want 0 / 40", num, den)
	}
}
