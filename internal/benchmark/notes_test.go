package benchmark

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// solveLDOn solves Liberation Day's US tariffs on ds.
func solveLDOn(t *testing.T, ds *data.Dataset) Solved {
	t.Helper()
	sc, err := scenario.Parse([]byte("name: ld\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n"), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return Solved{Data: out.Data, Base: out.Base, Result: out.Result, Subsidy: out.Compiled.Shocks.Subsidy}
}

// TestBenchmarkCensusNote: with the USA as leader the benchmark names, in
// its JSON notes and under its table, the partners whose goods balance
// with the US is far from Census 2024 (the reviewer's CAN 114.6 vs 63.3 on
// world-2023, shown without a caveat before); on icio-2022 it compares
// Census with the goods balance (DEU 33.7), not the goods-and-services
// column (15.6), which it carries as bilateral_goods_balance_with_leader_*
// and says is goods and services; with another leader nothing is compared.
func TestBenchmarkCensusNote(t *testing.T) {
	wd, ic := world(t), icio(t)
	for _, tc := range []struct {
		name, leader  string
		ds            *data.Dataset
		comparison    string
		want, notWant []string // in the Census note / text
		goodsDEU      float64  // DEU's goods balance before, $bn; 0 = none in the report
		columnDEU     float64  // DEU's bilateral column before, $bn
	}{
		{"world-2023", "USA", wd, "goods",
			[]string{"Goods balance with USA far from Census", "CAN 114.6 vs 63.3", "IRL 41.7 vs 86.7", "TWN 22.9 vs 73.9", "CHE 14.0 vs 38.5", "bilateral with USA (goods, $bn)"},
			[]string{"goods only"}, 0, 0},
		{"icio-2022", "USA", ic, "goods (services sector excluded)",
			[]string{"Goods balance (services sector excluded) with USA far from Census", "DEU 33.7 vs 84.8", "bilateral with USA (goods and services, $bn; Census 2024's figures are goods only", "bilateral_goods_balance_with_leader_before"},
			[]string{"DEU 15.6 vs"}, 33.7, 15.6},
		{"world-2023, leader CHN", "CHN", wd, "", nil, []string{"far from Census"}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Evaluate(solveLDOn(t, tc.ds), "ld", tc.leader, DefaultRule(), DefaultTest())
			if err != nil {
				t.Fatal(err)
			}
			if rep.CensusComparison != tc.comparison {
				t.Errorf("census_comparison %q, want %q", rep.CensusComparison, tc.comparison)
			}
			var text bytes.Buffer
			if err := rep.Write(&text, report.Text, tc.ds.UnitMillions()); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(rep.Notes, "\n")
			for _, w := range tc.want {
				if !strings.Contains(text.String(), w) {
					t.Errorf("text lacks %q", w)
				}
				if strings.Contains(w, "far from Census") && !strings.Contains(notes, w) {
					t.Errorf("JSON notes lack %q", w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(text.String(), w) {
					t.Errorf("text has %q", w)
				}
			}
			bn := tc.ds.UnitMillions() / 1000
			for _, c := range rep.Countries {
				if c.Code != "DEU" {
					continue
				}
				if tc.goodsDEU == 0 {
					if c.GoodsBalanceWithLeaderBefore != nil {
						t.Errorf("DEU goods balance %v on a goods dataset", *c.GoodsBalanceWithLeaderBefore)
					}
					continue
				}
				if c.GoodsBalanceWithLeaderBefore == nil || c.GoodsBalanceWithLeaderAfter == nil {
					t.Fatal("DEU has no goods balance on icio-2022")
				}
				if got := *c.GoodsBalanceWithLeaderBefore * bn; math.Abs(got-tc.goodsDEU) > 0.05 {
					t.Errorf("DEU goods balance before %.2f, want %.1f", got, tc.goodsDEU)
				}
				if got := c.BalanceWithLeaderBefore * bn; math.Abs(got-tc.columnDEU) > 0.05 {
					t.Errorf("DEU column before %.2f, want %.1f", got, tc.columnDEU)
				}
				// After the tariffs the goods balance moves, services do not
				// carry a tariff: the two differ after as before.
				if *c.GoodsBalanceWithLeaderAfter == *c.GoodsBalanceWithLeaderBefore {
					t.Error("DEU goods balance after equals before under Liberation Day")
				}
			}
		})
	}
}

// TestPathsExportTaxLabel: remove_export_subsidy is described as what it
// prices, a 10% export tax (equivalently a 10% export subsidy removed),
// never as removing a VAT rebate; for a VAT economy (an EU member, the
// EU27) a note says a VAT's border rebate is no subsidy (Feldstein and
// Krugman 1990); the key is the contract's.
func TestPathsExportTaxLabel(t *testing.T) {
	ds := world(t)
	for _, tc := range []struct {
		partner string
		vat     bool
		desc    string
	}{
		{"DEU", true, "DEU puts a 10% tax on all its exports, modelled as removing a 10% export subsidy"},
		{"EU27", true, "EU27 puts a 10% tax on all its exports outside the union, modelled as removing a 10% export subsidy"},
		{"CHN", false, "CHN puts a 10% tax on all its exports, modelled as removing a 10% export subsidy"},
	} {
		t.Run(tc.partner, func(t *testing.T) {
			rep, err := Paths(ds, tc.partner, DefaultPathOptions())
			if err != nil {
				t.Fatal(err)
			}
			var p *Path
			for k := range rep.Paths {
				if rep.Paths[k].Name == "remove_export_subsidy" {
					p = &rep.Paths[k]
				}
			}
			if p == nil {
				t.Fatal("no remove_export_subsidy path")
			}
			if !strings.HasPrefix(p.Description, tc.desc) || strings.Contains(p.Description, "VAT") {
				t.Errorf("description %q, want it to start %q and not name a VAT", p.Description, tc.desc)
			}
			notes := strings.Join(rep.Notes, "\n")
			has := strings.Contains(notes, "a VAT's border rebate is not an export subsidy") && strings.Contains(notes, "Feldstein and Krugman 1990") &&
				strings.Contains(notes, "a new 10% export tax")
			if has != tc.vat {
				t.Errorf("VAT note %v, want %v: %q", has, tc.vat, notes)
			}
		})
	}
}

// TestPathsFallNote: paths prints benchmark's footnote on the judged fall
// (one function), since China's remove_export_subsidy raises its % of GDP
// column (3.51 → 3.62) while its verdict says the balance falls 0.01 pp.
func TestPathsFallNote(t *testing.T) {
	ds := world(t)
	rep, err := Paths(ds, "CHN", DefaultPathOptions())
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Paths[1]
	if p.Name != PathRemoveSubsidy || !(p.BalanceGDPPctAfter > p.BalanceGDPPctBefore) || !(p.MultilateralDropPP > 0) {
		t.Fatalf("%s: %.2f → %.2f, fall %.2f: not the case the note is for", p.Name, p.BalanceGDPPctBefore, p.BalanceGDPPctAfter, p.MultilateralDropPP)
	}
	shared := "the fall of the multilateral balance relative to world GDP, in pp of the economy's GDP before — the change the benchmark judges; the % of GDP columns also move with the economy's GDP relative to the world's"
	for _, f := range []report.Format{report.Text, report.Markdown} {
		var b bytes.Buffer
		if err := rep.Write(&b, f, ds.UnitMillions()); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), `"multilateral balance falls … pp" in the verdicts: `+shared) {
			t.Errorf("%v: paths lacks the fall footnote", f)
		}
	}
	if !strings.Contains(fallNote("fall pp"), "fall pp: "+shared) {
		t.Errorf("benchmark's footnote %q is not the shared wording", fallNote("fall pp"))
	}
}
