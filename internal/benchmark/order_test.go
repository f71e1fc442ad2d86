package benchmark

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// TestClassifyOrder: persistent-surplus economies first, by their mean CA
// in USD (mean share × GDP 2024), largest first; those without a GDP after
// them by their CA share; then the rest by code. Made-up series, 2016–2025,
// every year at the mean: AAA 2% of $1,000 bn ($20 bn), BBB 5% of $100 bn
// ($5 bn), CCC 8% and DDD 3% without GDP, EEE and FFF not persistent; GGG,
// without GDP, has seven years (2019–2025), five of them at 3%: a short
// series needs ⌈7·7/10⌉ = 5 surplus years, and its mean is 15/7%.
func TestClassifyOrder(t *testing.T) {
	ds := &data.Dataset{Name: "ca", Unit: "USD million", Macro: map[string]data.Macro{
		"AAA": {Name: "A", GDPUSDbn2024: 1000, CAPctGDP2023: math.NaN(), CAPctGDP2024: math.NaN()},
		"BBB": {Name: "B", GDPUSDbn2024: 100, CAPctGDP2023: math.NaN(), CAPctGDP2024: math.NaN()},
	}}
	for code, v := range map[string]float64{"FFF": -1, "DDD": 3, "BBB": 5, "EEE": 0.5, "CCC": 8, "AAA": 2} {
		for y := 2016; y <= 2025; y++ {
			ds.CurrentAccount = append(ds.CurrentAccount, data.CAObservation{Code: code, Year: y, PctGDP: v})
		}
	}
	for k, v := range []float64{3, 3, 3, 3, 3, 0, 0} {
		ds.CurrentAccount = append(ds.CurrentAccount, data.CAObservation{Code: "GGG", Year: 2019 + k, PctGDP: v})
	}
	ecs, _, err := Classify(ds, nil, "", DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ecs {
		got = append(got, e.Code)
	}
	if want := []string{"AAA", "BBB", "CCC", "DDD", "GGG", "EEE", "FFF"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	if u := ecs[0].Evidence.MeanCAUSDbn; u == nil || math.Abs(*u-20) > 1e-9 {
		t.Errorf("AAA mean CA %v $bn, want 20", u)
	}
	// A whole window is no short series; GGG's is.
	if ev := ecs[0].Evidence; ev.ShortSeries || ev.YearsRequired != 7 || strings.Contains(ev.Summary, "short series") {
		t.Errorf("AAA: %+v", ev)
	}
	if ev := ecs[4].Evidence; !ev.ShortSeries || ev.YearsRequired != 5 || ev.YearsInSurplus != 5 || !strings.HasSuffix(ev.Summary, "(need 5; mean 2.1%, need 1%): persistent surplus (short series)") {
		t.Errorf("GGG: %+v", ev)
	}
}

// TestSurplusNotesOnlyWithNames: a surplus table with nobody unreconciled,
// flagged or folded has none of those notes, not even empty; folded
// economies are named by unit.
func TestSurplusNotesOnlyWithNames(t *testing.T) {
	r := handSurplus(data.DefaultName, data.CoverageGoods)
	r.Countries = r.Countries[1:2] // BBB alone
	var b strings.Builder
	if err := r.Write(&b, report.Text, 1, true); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"† Goods balance", "Data flag:", "far from Census", "Not listed:"} {
		if strings.Contains(b.String(), n) {
			t.Errorf("a %q note without anyone to name:\n%s", n, b.String())
		}
	}
	r.Folded = []Folded{{Code: "KWT", Unit: "ROW", MeanCAPctGDP: 17.04, MeanCAUSDbn: ptr(27.6)}, {Code: "MAC", Unit: "ROW", MeanCAPctGDP: 20}}
	b.Reset()
	if err := r.Write(&b, report.Text, 1, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "that world-2023 folds into ROW: KWT (17.0%, $28 bn), MAC (20.0%); they have no row of their own here.") {
		t.Errorf("folded note:\n%s", b.String())
	}
}
