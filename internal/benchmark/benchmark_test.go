package benchmark

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// solveYAML solves a scenario on the embedded data.
func solveYAML(t *testing.T, src string) Solved {
	t.Helper()
	sc, err := scenario.Parse([]byte(src), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return Solved{Data: out.Data, Base: out.Base, Result: out.Result, Subsidy: out.Compiled.Shocks.Subsidy}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// TestTariffsCannotCloseSurpluses is Pettis's point as an identity: with
// deficits fixed relative to world GDP, no tariff moves any country's
// multilateral balance relative to world GDP.
func TestTariffsCannotCloseSurpluses(t *testing.T) {
	for _, src := range []string{
		"model: {deficits: fixed}\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n",
		"model: {deficits: fixed}\nshocks:\n  - tariff: {importer: USA, exporter: CHN, add: 1.0}\n  - tariff: {importer: \"*\", exporter: USA, mirror: true}\n",
	} {
		sv := solveYAML(t, src)
		ds := sv.Data
		before := baselineBalance(ds, 0)
		after := BalanceOf(sv, 0)
		w0, w1 := 0.0, 0.0
		for j := range sv.Result.Countries {
			w0 += sv.Result.Countries[j].GDPBefore
			w1 += sv.Result.Countries[j].GDPAfter
		}
		worst := 0.0
		for j := range ds.Countries {
			worst = math.Max(worst, math.Abs(after.Level[j]/w1-before.Level[j]/w0))
		}
		if worst > 1e-9 {
			t.Errorf("%q: balance/world GDP moved by up to %g", src, worst)
		}
		if s := sum(after.Level) / w1; math.Abs(s) > 1e-12 {
			t.Errorf("balances sum to %g of world GDP", s)
		}
	}
}

// TestRebalanceTargetMet checks that a rebalance target is met exactly, in
// the balances the benchmark reports, that counterparts absorb only what the
// shock names, and that balances sum to zero — also with an export subsidy,
// where balances are valued at world prices.
func TestRebalanceTargetMet(t *testing.T) {
	cases := []struct {
		name, src string
		code      string
		target    float64
		fixed     []string // countries whose balance/world GDP must not move
	}{
		{"target, gdp counterparts", "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 1.5}\n", "CHN", 1.5, nil},
		{"target with subsidy", "shocks:\n  - export_subsidy: {exporter: CHN, rate: 0.1}\n  - rebalance: {country: CHN, target_pct_gdp: 3, counterpart: [USA, DEU]}\n", "CHN", 3, []string{"JPN", "KOR", "MEX"}},
		{"deficit target", "shocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n  - rebalance: {country: USA, target_pct_gdp: -1}\n", "USA", -1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sv := solveYAML(t, tc.src)
			ds := sv.Data
			j, _ := ds.Index(tc.code)
			after := BalanceOf(sv, 0)
			// Targets are stated against the model's GDP at producer prices
			// (the reported % of GDP uses market prices, which differ only
			// when a subsidy is in force).
			if got := 100 * after.Level[j] / sv.Result.Countries[j].GDPAfter; math.Abs(got-tc.target) > 1e-9 {
				t.Errorf("%s balance %.12f%% of GDP, want %g", tc.code, got, tc.target)
			}
			before := baselineBalance(ds, 0)
			w0, w1 := 0.0, 0.0
			for k := range sv.Result.Countries {
				w0 += sv.Result.Countries[k].GDPBefore
				w1 += sv.Result.Countries[k].GDPAfter
			}
			if s := sum(after.Level) / w1; math.Abs(s) > 1e-12 {
				t.Errorf("balances sum to %g of world GDP", s)
			}
			for _, code := range tc.fixed {
				k, _ := ds.Index(code)
				if d := after.Level[k]/w1 - before.Level[k]/w0; math.Abs(d) > 1e-9 {
					t.Errorf("%s is not a counterpart but its balance/world GDP moved by %g", code, d)
				}
			}
		})
	}
}

// TestRemoveZeroSubsidy: removing a subsidy that was never there changes
// nothing.
func TestRemoveZeroSubsidy(t *testing.T) {
	a := solveYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n")
	b := solveYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n  - export_subsidy: {exporter: \"*\", remove: 0}\n")
	for j := range a.Result.Countries {
		ca, cb := a.Result.Countries[j], b.Result.Countries[j]
		if math.Abs(ca.Welfare-cb.Welfare) > 1e-9 || math.Abs(ca.Wage-cb.Wage) > 1e-9 || cb.SubsidyOutlay != 0 {
			t.Fatalf("%s: welfare %v vs %v, wage %v vs %v, outlay %v", ca.Code, ca.Welfare, cb.Welfare, ca.Wage, cb.Wage, cb.SubsidyOutlay)
		}
	}
	ba, bb := BalanceOf(a, 0), BalanceOf(b, 0)
	for j := range ba.PctGDP {
		if math.Abs(ba.PctGDP[j]-bb.PctGDP[j]) > 1e-9 {
			t.Fatalf("country %d balance %v vs %v", j, ba.PctGDP[j], bb.PctGDP[j])
		}
	}
}

// TestRule works the persistent-surplus rule by hand on made-up series.
func TestRule(t *testing.T) {
	ds := &data.Dataset{Name: "ca", Unit: "USD million"}
	add := func(code string, first int, proj int, values ...float64) {
		for k, v := range values {
			ds.CurrentAccount = append(ds.CurrentAccount, data.CAObservation{Code: code, Year: first + k, PctGDP: v, Projection: first+k >= proj})
		}
	}
	// Years 2016–2025 are actual, 2026–2027 projected.
	add("AAA", 2016, 2026, 0.2, 0.7, 1.5, 1.6, 1.9, 2.4, 1.4, 2.2, 3.7, 1.0, 5, 5) // 8 of 10 ≥ 1
	add("BBB", 2016, 2026, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 9, 9)             // 6 of 10; 8 of 10 with projections
	add("CCC", 2010, 2026, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)         // surplus long ago only
	ds.Macro = map[string]data.Macro{
		"TTT": {Name: "Short", CAPctGDP2023: 14, CAPctGDP2024: 15.7}, // 2 of 2: ceil(7·2/10) = 2 needed
		"UUU": {Name: "Short no", CAPctGDP2023: 3, CAPctGDP2024: 0.9},
		"VVV": {Name: "One year", CAPctGDP2023: 5, CAPctGDP2024: math.NaN()},
	}
	cases := []struct {
		rule Rule
		want map[string]bool
		last int
	}{
		{DefaultRule(), map[string]bool{"AAA": true, "BBB": false, "CCC": false, "TTT": true, "UUU": false, "VVV": false}, 2025},
		{Rule{ThresholdPct: 1, Years: 10, MinYears: 7, IncludeProjections: true, MinObservations: 2}, map[string]bool{"AAA": true, "BBB": true, "CCC": false}, 2027},
		// 2021–2025: AAA has 2.4, 2.2, 3.7 ≥ 2 (3 of 5); VVV 1 year of 1
		// needs ceil(3·1/5) = 1; UUU has 1 of 2 but needs ceil(3·2/5) = 2.
		{Rule{ThresholdPct: 2, Years: 5, MinYears: 3, MinObservations: 1}, map[string]bool{"AAA": true, "BBB": false, "VVV": true, "UUU": false, "TTT": true}, 2025},
	}
	for k, tc := range cases {
		ecs, rule, err := Classify(ds, nil, "", tc.rule)
		if err != nil {
			t.Fatal(err)
		}
		if rule.LastYear != tc.last || rule.FirstYear != tc.last-tc.rule.Years+1 {
			t.Errorf("case %d: window %d–%d", k, rule.FirstYear, rule.LastYear)
		}
		got := map[string]bool{}
		for _, e := range ecs {
			got[e.Code] = e.PersistentSurplus
		}
		for code, want := range tc.want {
			if got[code] != want {
				t.Errorf("case %d: %s persistent = %v, want %v", k, code, got[code], want)
			}
		}
	}
	ecs, _, _ := Classify(ds, nil, "", DefaultRule())
	for _, e := range ecs {
		if e.Code == "AAA" && (e.Evidence.YearsInSurplus != 8 || e.Evidence.YearsObserved != 10 || e.Evidence.YearsRequired != 7) {
			t.Errorf("AAA evidence %+v", e.Evidence)
		}
		if e.Code == "TTT" && (!e.Evidence.ShortSeries || e.Evidence.YearsRequired != 2) {
			t.Errorf("TTT evidence %+v", e.Evidence)
		}
	}
	if err := (Rule{ThresholdPct: 1, Years: 5, MinYears: 6, MinObservations: 1}).Check(); err == nil {
		t.Error("min-years > years accepted")
	}
}

// TestDefaultRuleEmbedded is the acceptance list on the embedded data.
func TestDefaultRuleEmbedded(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	set, err := PersistentSet(ds, DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"CHN", "DEU", "JPN", "KOR", "TWN", "CHE", "NLD", "SGP", "NOR"} {
		if !set[c] {
			t.Errorf("%s is not a persistent-surplus economy under the default rule", c)
		}
	}
	for _, c := range []string{"USA", "GBR", "IND", "MEX", "CAN", "VNM"} {
		if set[c] {
			t.Errorf("%s classified as persistent surplus", c)
		}
	}
}

// TestClassifyGoodsBalance: the surplus evidence states the goods balance
// in % of GDP (the dataset's gdp column, not total sales) and carries the
// dataset's data-quality flag.
func TestClassifyGoodsBalance(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	ecs, _, err := Classify(ds, nil, "USA", DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Evidence{}
	for _, e := range ecs {
		by[e.Code] = e.Evidence
	}
	for _, c := range []struct {
		code    string
		pct     float64 // IMF BoP goods balance 2023, % of the dataset's GDP
		flagged bool
	}{{"VNM", 10.34, false}, {"HKG", -4.23, false}, {"SGP", 31.36, false}, {"TWN", 10.68, false}, {"MHL", -2407, true}} {
		ev, ok := by[c.code]
		if !ok || ev.GoodsBalancePctGDP == nil {
			t.Errorf("%s: no goods balance in the evidence", c.code)
			continue
		}
		if math.Abs(*ev.GoodsBalancePctGDP-c.pct) > 0.5 || (ev.DataQualityFlag != "") != c.flagged {
			t.Errorf("%s: goods balance %.2f%% of GDP, flag %q; want %.2f%%, flagged %v", c.code, *ev.GoodsBalancePctGDP, ev.DataQualityFlag, c.pct, c.flagged)
		}
	}
}

func TestMeets(t *testing.T) {
	tst := DefaultTest()
	cases := []struct {
		b    Balances
		want bool
	}{
		{Balances{100, 80, 3, 2}, true},       // both shrink enough
		{Balances{100, 95, 3, 2}, false},      // bilateral too little
		{Balances{100, 50, 3, 2.9}, false},    // multilateral too little: tariffs
		{Balances{-10, -5, 3, 2}, true},       // no bilateral surplus: trivially
		{Balances{100, 80, -2, -2.5}, true},   // no multilateral surplus: trivially
		{Balances{100, 120, -2, -1.5}, false}, // bilateral grows
	}
	for _, tc := range cases {
		if got, why := tst.Meets(tc.b, "USA"); got != tc.want {
			t.Errorf("%+v: %v (%s), want %v", tc.b, got, why, tc.want)
		}
	}
}

func TestPathsMenu(t *testing.T) {
	if testing.Short() {
		t.Skip("solves dozens of equilibria")
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, partner := range []string{"VNM", "CHN", "ISR"} {
		rep, err := Paths(ds, partner, DefaultPathOptions())
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]Path{}
		for _, p := range rep.Paths {
			byName[p.Name] = p
		}
		zero, demand, rev := byName[PathZeroTariffs], byName[PathDemand], byName[PathRevaluation]
		if len(rep.Paths) != 5 || zero.MeetsBenchmark {
			t.Errorf("%s: %d paths; zero tariffs meets = %v", partner, len(rep.Paths), zero.MeetsBenchmark)
		}
		if d := math.Abs(zero.BalanceGDPPctAfter - zero.BalanceGDPPctBefore); d > 0.05 {
			t.Errorf("%s: zero tariffs move the multilateral balance by %v pp", partner, d)
		}
		if d := demand.BalanceGDPPctBefore - demand.BalanceGDPPctAfter; math.Abs(d-2) > 1e-9 {
			t.Errorf("%s: domestic demand moves the balance by %v pp, want 2", partner, d)
		}
		if math.Abs(rev.RealAppreciationPct-10) > 1e-4 {
			t.Errorf("%s: revaluation found %v%%, want 10", partner, rev.RealAppreciationPct)
		}
	}
}
