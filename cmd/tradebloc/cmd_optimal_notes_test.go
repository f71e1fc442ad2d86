package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
	"github.com/tradebloc/tradebloc/internal/report"
)

// optimalBaseJSON is what TestOptimalReplacesScenarioTariffs reads.
type optimalBaseJSON struct {
	UniformRatePct    *float64           `json:"uniform_rate_pct"`
	WelfarePct        float64            `json:"welfare_pct"`
	Additional        bool               `json:"additional"`
	ScenarioTariffPct *float64           `json:"scenario_tariff_pct"`
	TariffPremiums    []premiumDoc       `json:"tariff_premiums"`
	OthersWelfarePct  map[string]float64 `json:"others_welfare_pct"`
	DataFlags         []data.QualityFlag `json:"data_flags"`
	Notes             []string           `json:"notes"`
}

func runOptimalBase(t *testing.T, args ...string) (optimalBaseJSON, string) {
	t.Helper()
	out, err := runCLI(t, append(append([]string{"optimal-tariff"}, args...), "--format", "json", "--quiet")...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var d optimalBaseJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return d, strings.Join(d.Notes, "\n")
}

// TestOptimalReplacesScenarioTariffs: the uniform optimum is the whole
// tariff and replaces the country's tariffs, the differences between
// partners included, and the document says so, naming the largest from
// the data: world-2023's US tariffs average 2.79% and carry China's
// 12.91% (10.11 pp above, the US record's pre-2025 Section 232 and 301
// duties) and USMCA's zero. --additional keeps them and finds the rate
// added on top: lower (39.95% against 41.52%), with China, which keeps
// paying its premium, losing more (−0.403% against −0.294%) and the US
// gaining less (+0.554% against +0.576%, held to a tariff that is not
// uniform). The other countries' table names each and marks the ones the
// data flag (the Marshall Islands, a ship registry, at −2420% of GDP).
func TestOptimalReplacesScenarioTariffs(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the embedded world")
	}
	rep, notes := runOptimalBase(t, "USA")
	for _, w := range []string{
		"The rate is the whole tariff: it replaces USA's tariffs of the scenario (2.79% on average, weighted by imports), and with them the differences between partners they carry: CHN's 10.11 pp above that average (12.91%), MEX's 2.79 pp below (0.00%), CAN's 2.79 pp below (0.00%)",
		"the dataset's US tariffs carry the pre-2025 Section 232 and 301 duties of the US tariff record of 2025-01-01, the source of CHN's premium",
		"At the optimum every partner pays the same rate, so one that paid more than the average loses its premium over its competitors, which softens its loss or turns it into a gain (at this optimum: CHN -0.294%)",
		"--additional keeps the scenario's tariffs and finds the uniform rate added on top",
	} {
		if !strings.Contains(notes, w) {
			t.Errorf("replacing: notes lack %q:\n%s", w, notes)
		}
	}
	if rep.Additional || rep.ScenarioTariffPct == nil || math.Abs(*rep.ScenarioTariffPct-2.792) > 5e-4 || len(rep.TariffPremiums) != 3 ||
		rep.TariffPremiums[0].Code != "CHN" || math.Abs(rep.TariffPremiums[0].PremiumPP-10.113) > 5e-4 {
		t.Errorf("replacing: additional %v, scenario tariff %v, premiums %+v", rep.Additional, rep.ScenarioTariffPct, rep.TariffPremiums)
	}
	if f, ok := data.QualityFlagOf(rep.DataFlags, "MHL"); !ok || f.BalancePctGDP > -2000 {
		t.Errorf("data flags %+v: want the Marshall Islands", rep.DataFlags)
	}
	add, notes := runOptimalBase(t, "USA", "--additional")
	if !add.Additional || !(*add.UniformRatePct < *rep.UniformRatePct-1) || !(add.OthersWelfarePct["CHN"] < rep.OthersWelfarePct["CHN"]-0.05) ||
		!(add.WelfarePct < rep.WelfarePct) {
		t.Errorf("added %.2f%% (USA %+.3f%%, CHN %+.3f%%), whole %.2f%% (USA %+.3f%%, CHN %+.3f%%)", *add.UniformRatePct, add.WelfarePct, add.OthersWelfarePct["CHN"],
			*rep.UniformRatePct, rep.WelfarePct, rep.OthersWelfarePct["CHN"])
	}
	if w := "--additional: the rate is added to USA's tariffs of the scenario (2.79% on average, weighted by imports), which keep the differences between partners they carry: CHN's 10.11 pp above that average (12.91%)"; !strings.Contains(notes, w) ||
		!regexp.MustCompile(`; at the optimum they average 42\.7\d%\. Without --additional the rate replaces them`).MatchString(notes) {
		t.Errorf("adding: notes lack %q or the average at the optimum:\n%s", w, notes)
	}
	out, err := runCLI(t, "optimal-tariff", "USA", "--additional", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	for _, re := range []string{
		`\nuniform rate added to the scenario's tariffs \(%\) +39\.9\d\n`,
		`\nuniform rate added to the scenario's tariffs, imbalances purged \(%\) +23\.79\n`,
		`\ncountry +welfare_pct +welfare_ex_valuation_pct +name +data_flag\n`,
		`\nGUY +-\d+\.\d{3} +-\d+\.\d{3} +Guyana *\n`,
		`\nMHL +\d+\.\d{3} +\d+\.\d{3} +Marshall Islands +balance -2420% of GDP\n`,
		`\ndata_flag: the economy's balance in the data lies beyond ±60% of its GDP`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("text lacks %s:\n%s", re, out)
		}
	}
}

// TestTariffBaseNote: the note on what the rate replaces reads right in
// every case: no differences worth naming (world-2023's China, 2.18% on
// every partner), by partner, and --additional.
func TestTariffBaseNote(t *testing.T) {
	r := 25.72
	prem := []premiumDoc{{Code: "AUS", TariffPct: 0.91, PremiumPP: -3.91}, {Code: "USA", TariffPct: 7.85, PremiumPP: 3.03}}
	for _, c := range []struct {
		base tariffBase
		want []string
		not  []string
	}{
		{tariffBase{Code: "CHN", Mode: "uniform", AvgPct: 2.18, RatePct: &r},
			[]string{"The rate is the whole tariff: it replaces CHN's tariffs of the scenario (2.18% on average, weighted by imports), which differ little between its main suppliers; --additional keeps them"},
			[]string{"loses its premium", "Section"}},
		{tariffBase{Code: "CHN", Mode: "uniform", Goods: true, AvgPct: 4.82, Premiums: prem, RatePct: &r, Welfare: map[string]float64{"USA": -0.078}},
			[]string{"replaces CHN's tariffs of the scenario on goods (4.82% on average", "AUS's 3.91 pp below that average (0.91%), USA's 3.03 pp above (7.85%)", "(at this optimum: USA -0.078%)"},
			[]string{"Section"}},
		{tariffBase{Code: "CHN", Mode: "by_partner", AvgPct: 4.82, Premiums: prem},
			[]string{"The rates are the whole tariffs: they replace CHN's tariffs of the scenario (4.82% on average, weighted by imports) and the differences between partners they carry: AUS's"},
			[]string{"--additional", "at the optimum"}},
		{tariffBase{Code: "CHN", Mode: "uniform", Additional: true, AvgPct: 2.18, RatePct: &r},
			[]string{"--additional: the rate is added to CHN's tariffs of the scenario (2.18% on average, weighted by imports), which differ little between its main suppliers; at the optimum they average 27.90%. Without --additional the rate replaces them"},
			nil},
	} {
		n := tariffBaseNote(c.base)
		for _, w := range c.want {
			if !strings.Contains(n, w) {
				t.Errorf("%+v: note lacks %q:\n%s", c.base, w, n)
			}
		}
		for _, w := range c.not {
			if strings.Contains(n, w) {
				t.Errorf("%+v: note has %q:\n%s", c.base, w, n)
			}
		}
	}
}

// TestOptimalSurplusWording: a surplus country's welfare without the
// valuation is labelled with its surplus, not a deficit it does not run
// (world-2023's China), and its closure note is the surplus's mirror of a
// deficit's: the transfer it pays, the direction against the
// balanced-trade optimum, and the valuation as a gain that grows with the
// rate; under `ratio` it says the transfer holds the rate down.
func TestOptimalSurplusWording(t *testing.T) {
	ex := 0.503
	d := &optimalDoc{Country: "CHN", Scenario: "baseline", Mode: "uniform", WelfarePct: 0.746, WelfareExValuationPct: &ex, surplus: true,
		OthersWelfarePct: map[string]float64{"USA": -0.1}}
	var buf strings.Builder
	if err := d.write(&buf, report.Text, &optimal.Result{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "welfare at the optimum, without the valuation of its fixed surplus (%)") || strings.Contains(buf.String(), "fixed deficit") {
		t.Errorf("surplus label:\n%s", buf.String())
	}
	r, p, v := 25.72, 26.27, 0.243
	n := closureNote(closureFacts{Closure: model.Fixed, Code: "CHN", Surplus: true, ExportsToImports: 1.24, WorldGDPShare: 0.168, RatePct: &r, PurgedRatePct: &p, ValuationPct: &v, ExValuationPct: &ex})
	for _, w := range []string{"deficits: fixed — CHN runs a surplus (exports/imports X/M = 1.24), which the closure holds fixed relative to world GDP, 16.8% of which is its own",
		"the surplus it pays out, so its optimum also counts that transfer", "Here it lies below the optimum on balanced trade (25.72% against 26.27%).",
		"The valuation of its fixed surplus, +0.24 pp of its welfare at the optimum (+0.50% without it)", "a gain that grows with the rate"} {
		if !strings.Contains(n, w) {
			t.Errorf("surplus note lacks %q:\n%s", w, n)
		}
	}
	if strings.Contains(n, "deficit,") || strings.Contains(n, "extracts") {
		t.Errorf("surplus note speaks of a deficit:\n%s", n)
	}
	if n := closureNote(closureFacts{Closure: model.Ratio, Code: "CHN", Surplus: true, ExportsToImports: 1.24, WorldGDPShare: 0.168}); !strings.Contains(n, "CHN runs a surplus") ||
		!strings.Contains(n, "holds it down") || strings.Contains(n, "world GDP") {
		t.Errorf("ratio surplus note: %q", n)
	}
}

// TestOptimalAdditionalAtFloor: when the scenario's own US tariffs (100% on
// every partner) exceed the optimum, --additional's search stops at 0 and
// the notes (JSON and text) say why, for the headline rate (deficits
// purged: the optimum that replaces them is about 26%) or the purged one
// beside it (deficits fixed: the headline adds about 200%, a fixed
// deficit's transfer, but on balanced trade 0); the baseline, whose 2.79%
// lies below the optimum, gets no such note.
func TestOptimalAdditionalAtFloor(t *testing.T) {
	dir := t.TempDir()
	write := func(name, model string) string {
		p := filepath.Join(dir, name+".yaml")
		y := "name: " + name + "\ndescription: the US at 100% on every partner\n" + model +
			"shocks:\n  - tariff: {importer: USA, exporter: \"*\", rate: 1.0}\n"
		if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	purged, fixed := write("us-high-purged", "model:\n  deficits: purge\n"), write("us-high", "")
	for _, tc := range []struct {
		name     string
		args     []string
		zeroRate bool   // the headline added rate is 0
		want     string // "" for no floor note
	}{
		{"purged, headline at 0", []string{"USA", purged, "--additional"}, true,
			"--additional: the added rate sits at its lower bound 0: the scenario's own tariffs (USA's, 100.00% on average) already exceed the optimum; a cut would raise welfare further"},
		{"fixed, purged optimum at 0", []string{"USA", fixed, "--additional"}, false,
			"--additional: with imbalances purged the added rate sits at its lower bound 0: the scenario's own tariffs (USA's, 100.00% on average) already exceed the optimum on balanced trade; a cut would raise welfare further"},
		{"baseline, above 0", []string{"USA", "--additional"}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, notes := runOptimalBase(t, tc.args...)
			if d.UniformRatePct == nil || (*d.UniformRatePct == 0) != tc.zeroRate {
				t.Fatalf("uniform_rate_pct %v, want 0: %v", d.UniformRatePct, tc.zeroRate)
			}
			if tc.want == "" {
				if strings.Contains(notes, "lower bound 0") {
					t.Errorf("notes name the lower bound:\n%s", notes)
				}
				return
			}
			if !strings.Contains(notes, tc.want) {
				t.Errorf("JSON notes lack %q:\n%s", tc.want, notes)
			}
			out, err := runCLI(t, append(append([]string{"optimal-tariff"}, tc.args...), "--quiet")...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, "\n"+tc.want) {
				t.Errorf("text lacks %q:\n%s", tc.want, out)
			}
		})
	}
}
