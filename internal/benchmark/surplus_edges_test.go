package benchmark

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestRuleAtItsThresholds: the rule says "at least" for both of its
// conditions, so an economy exactly at the mean floor (and exactly at the
// years floor) is a persistent-surplus economy, and one a hair below is
// not. The series are made up so that each mean is exact in binary:
// 1,1,1,1,1,1,4,0,0,0 has 7 of 10 years ≥ 1% and a mean of 10/10 = 1.0%.
func TestRuleAtItsThresholds(t *testing.T) {
	ds := &data.Dataset{Name: "ca", Unit: "USD million"}
	add := func(code string, values ...float64) {
		for k, v := range values {
			ds.CurrentAccount = append(ds.CurrentAccount, data.CAObservation{Code: code, Year: 2016 + k, PctGDP: v})
		}
	}
	add("MEQ", 1, 1, 1, 1, 1, 1, 4, 0, 0, 0)     // 7 of 10 ≥ 1, mean 1.0: both conditions met with equality
	add("MLO", 1, 1, 1, 1, 1, 1, 3.5, 0, 0, 0)   // 7 of 10 ≥ 1, mean 0.95: the mean fails
	add("MHI", 2, 2, 2, 2, 2, 2, 2, 0, 0, 0)     // 7 of 10 ≥ 1, mean 1.4
	add("YLO", 9, 9, 9, 9, 9, 9, 0.5, 0.5, 0, 0) // 6 of 10 ≥ 1, mean 5.5: the years fail
	with := func(minMean float64) Rule { r := DefaultRule(); r.MinMeanPct = minMean; return r }
	for _, tc := range []struct {
		name    string
		rule    Rule
		code    string
		want    bool
		mean    float64
		summary string
	}{
		{"mean exactly 1%", DefaultRule(), "MEQ", true, 1, "7 of 10 years (need 7; mean 1.0%, need 1%): persistent surplus"},
		{"mean 0.95%", DefaultRule(), "MLO", false, 0.95, "not persistent: mean below 1%"},
		{"mean exactly the --min-mean of 1.4%", with(1.4), "MHI", true, 1.4, "mean 1.4%, need 1.4%): persistent surplus"},
		{"mean 1.4% under --min-mean 1.5", with(1.5), "MHI", false, 1.4, "not persistent: mean below 1.5%"},
		{"6 of 10 years", DefaultRule(), "YLO", false, 5.5, "6 of 10 years (need 7; mean 5.5%, need 1%): not persistent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ecs, _, err := Classify(ds, nil, "", tc.rule)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range ecs {
				if e.Code != tc.code {
					continue
				}
				ev := e.Evidence
				if e.PersistentSurplus != tc.want || ev.MeanCAPctGDP == nil || math.Abs(*ev.MeanCAPctGDP-tc.mean) > 1e-12 ||
					ev.ShortSeries || ev.YearsObserved != 10 || ev.YearsRequired != 7 || !strings.Contains(ev.Summary, tc.summary) ||
					strings.Contains(ev.Summary, "short series") {
					t.Errorf("persistent %v, evidence %+v; want %v, mean %v, a full 10-year series, summary with %q", e.PersistentSurplus, ev, tc.want, tc.mean, tc.summary)
				}
				return
			}
			t.Errorf("%s not classified", tc.code)
		})
	}
}

// TestClassifyWithoutGDP: a dataset without a GDP column (a user dataset of
// flows only) states each goods balance in % of total sales, domestic plus
// exports, the fallback the evidence documents. Two economies, one sector:
// AAA sells 800 at home and 200 to BBB and buys 100 from it, a balance of
// +100 on sales of 1000, +10%; BBB, 500 at home, has −100 on 600, −16.7%;
// CCC, in the matrix without any flow, has no share to state.
// A macro row without a name (Taiwan's, IMF CA 14.0% and 15.7% of GDP in
// 2023–24, GDP $801 bn) takes the name the US tariff record gives, and its
// mean CA in dollars is 14.85% of $801 bn = $118.9 bn (2024: $125.8 bn).
func TestClassifyWithoutGDP(t *testing.T) {
	ds := &data.Dataset{
		Name:      "flows",
		Unit:      "USD million",
		Countries: []data.Country{{Code: "AAA", Name: "A"}, {Code: "BBB", Name: "B"}, {Code: "CCC", Name: "C"}},
		Sectors:   []data.Sector{{Code: "ALL", Name: "All"}},
		// (i*N+j)*S+s: exporter AAA's row, BBB's, CCC's (no sales at all).
		Trade: []float64{800, 200, 0, 100, 500, 0, 0, 0, 0},
		Macro: map[string]data.Macro{"TWN": {CAPctGDP2023: 14, CAPctGDP2024: 15.7, GDPUSDbn2024: 801}},
	}
	ecs, _, err := Classify(ds, nil, "", DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Economy{}
	for _, e := range ecs {
		by[e.Code] = e
	}
	for _, tc := range []struct {
		code     string
		bal, pct float64
	}{{"AAA", 100, 10}, {"BBB", -100, -100.0 / 6}} {
		ev := by[tc.code].Evidence
		if !ev.InTradeMatrix || ev.GoodsBalance == nil || ev.GoodsBalancePctGDP == nil ||
			math.Abs(*ev.GoodsBalance-tc.bal) > 1e-9 || math.Abs(*ev.GoodsBalancePctGDP-tc.pct) > 1e-9 {
			t.Errorf("%s: evidence %+v, want balance %v, %.2f%% of sales", tc.code, ev, tc.bal, tc.pct)
		}
	}
	// CCC sells nothing: a balance of 0 on sales of 0 is no share at all.
	if ev := by["CCC"].Evidence; !ev.InTradeMatrix || ev.GoodsBalance == nil || *ev.GoodsBalance != 0 || ev.GoodsBalancePctGDP != nil {
		t.Errorf("CCC: evidence %+v, want a zero balance and no share of sales", ev)
	}
	tw, ok := by["TWN"]
	if !ok {
		t.Fatal("TWN not classified")
	}
	ev := tw.Evidence
	if tw.Name != "Taiwan" || !tw.PersistentSurplus || !ev.ShortSeries || ev.YearsRequired != 2 || ev.InTradeMatrix ||
		ev.MeanCAUSDbn == nil || math.Abs(*ev.MeanCAUSDbn-118.9485) > 1e-9 || ev.LatestCAUSDbn == nil || math.Abs(*ev.LatestCAUSDbn-125.757) > 1e-9 {
		t.Errorf("TWN: %q persistent %v, evidence %+v; want Taiwan, persistent on 2 of 2 short-series years, $118.9 bn mean, $125.8 bn latest", tw.Name, tw.PersistentSurplus, ev)
	}
}
