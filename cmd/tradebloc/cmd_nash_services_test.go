package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

type nashBystanderJSON struct {
	WelfarePct           map[string]float64 `json:"welfare_pct"`
	TariffsPct           map[string]float64 `json:"tariffs_pct"`
	AverageWelfarePct    float64            `json:"average_welfare_pct"`
	WorldWelfarePct      *float64           `json:"world_welfare_pct"`
	BystanderWelfarePct  *float64           `json:"bystander_welfare_pct"`
	LargestBystanderLoss *struct {
		Code       string  `json:"code"`
		WelfarePct float64 `json:"welfare_pct"`
	} `json:"largest_bystander_loss"`
	SectorsTaxed string   `json:"sectors_taxed"`
	Notes        []string `json:"notes"`
}

func runNashJSON(t *testing.T, args ...string) nashBystanderJSON {
	t.Helper()
	out, err := runCLI(t, append(append([]string{"nash"}, args...), "--format", "json", "--quiet")...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var d nashBystanderJSON
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestNashBystanders: the world's welfare change is every country's weighted
// by baseline GDP (nashWorld's balanced trade: GDP is each country's sales,
// 100, 100 and 70), not the players' simple mean; with THR out of the game
// it is the bystander, its loss the largest, and a note says the
// bystanders bear part of the cost. With every country playing there is
// no bystander.
func TestNashBystanders(t *testing.T) {
	sc := nashWorld(t, "")
	d := runNashJSON(t, sc, "--countries", "HOM,FOR")
	w := d.WelfarePct
	world := (100*w["HOM"] + 100*w["FOR"] + 70*w["THR"]) / 270
	if d.WorldWelfarePct == nil || math.Abs(*d.WorldWelfarePct-world) > 1e-9 {
		t.Errorf("world welfare %v, GDP-weighted %.9f", d.WorldWelfarePct, world)
	}
	if l := d.LargestBystanderLoss; l == nil || l.Code != "THR" || l.WelfarePct != w["THR"] || d.BystanderWelfarePct == nil || *d.BystanderWelfarePct != w["THR"] {
		t.Fatalf("bystander: %+v, %v; THR %v", d.LargestBystanderLoss, d.BystanderWelfarePct, w["THR"])
	}
	if !(w["THR"] < 0) || !strings.Contains(strings.Join(d.Notes, "\n"), "Countries that do not play bear part of the cost") {
		t.Errorf("THR %+.4f%%, notes %q", w["THR"], d.Notes)
	}
	all := runNashJSON(t, sc)
	if all.LargestBystanderLoss != nil || all.BystanderWelfarePct != nil || all.WorldWelfarePct == nil || all.SectorsTaxed != "all" {
		t.Errorf("every country plays: bystander %+v, world %v, sectors %q", all.LargestBystanderLoss, all.WorldWelfarePct, all.SectorsTaxed)
	}
}

// TestNashGoodsOnlyOnICIO: on icio-2022 the players' rates are tariffs on
// goods by default and on every sector with --include-services, which the
// document says; taxing services too raises the rates.
func TestNashGoodsOnlyOnICIO(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the icio-2022 world")
	}
	goods := runNashJSON(t, "--data", "icio-2022", "--countries", "USA,GBR", "--no-verify")
	all := runNashJSON(t, "--data", "icio-2022", "--countries", "USA,GBR", "--no-verify", "--include-services")
	if goods.SectorsTaxed != "goods" || all.SectorsTaxed != "all" {
		t.Errorf("sectors_taxed %q and %q", goods.SectorsTaxed, all.SectorsTaxed)
	}
	for _, c := range []string{"USA", "GBR"} {
		if !(goods.TariffsPct[c]+2 < all.TariffsPct[c]) {
			t.Errorf("%s: goods only %.2f%%, every sector %.2f%%", c, goods.TariffsPct[c], all.TariffsPct[c])
		}
	}
	if !strings.Contains(strings.Join(goods.Notes, "\n"), "sectors taxed: goods") || !strings.Contains(strings.Join(all.Notes, "\n"), "sectors taxed: all") {
		t.Errorf("notes %q / %q", goods.Notes, all.Notes)
	}
}

// TestNashLargestEconomiesLoss: the summary headlines the largest loss of
// a non-player among the 50 largest economies by baseline GDP (solve's
// rule, report.MajorEconomies), named as such, not a micro-economy's (the
// Marshall Islands' −29.3% on world-2023); the note gives both, and an
// aggregate (ROW) is not an economy. When the search did not converge the
// averages are labelled as no equilibrium, in the summary and the note;
// JSON keeps them.
func TestNashLargestEconomiesLoss(t *testing.T) {
	const n = 60
	b := &model.Baseline{N: n, GDP: make([]float64, n)}
	out := &model.Result{Countries: make([]model.CountryResult, n)}
	for j := range n {
		b.GDP[j] = float64(1000 - j) // the first is the largest
		out.Countries[j] = model.CountryResult{Code: fmt.Sprintf("C%02d", j), Welfare: 0.99}
	}
	out.Countries[0].Welfare = 0.80    // an aggregate, the largest unit
	out.Countries[12].Welfare = 0.96   // the largest economies' largest loss
	out.Countries[55].Welfare = 0.7071 // a micro-economy's, the largest of all
	players := []nashPlayer{{name: "C01", countries: []int{1}}, {name: "C02", countries: []int{2}}}
	aggregate := func(j int) bool { return j == 0 }
	for _, converged := range []bool{true, false} {
		d := &nashDoc{Converged: converged, Players: []string{"C01", "C02"}, TariffsPct: map[string]float64{"C01": 25, "C02": 26},
			WelfarePct: map[string]float64{}, AverageWelfarePct: -0.5}
		for _, c := range out.Countries {
			d.WelfarePct[c.Code] = pct(c.Welfare)
		}
		d.bystanders(b, out, players, aggregate)
		if m := d.LargestMajorBystanderLoss; m == nil || m.Code != "C12" || d.MajorEconomies != 50 || d.LargestBystanderLoss.Code != "C55" {
			t.Fatalf("major %+v of %d, all %+v", m, d.MajorEconomies, d.LargestBystanderLoss)
		}
		ds := &data.Dataset{}
		var buf strings.Builder
		if err := d.write(&buf, report.Text, ds); err != nil {
			t.Fatal(err)
		}
		text := buf.String()
		for _, w := range []struct {
			s    string
			want bool
		}{
			{"largest non-player loss among the 50 largest economies: C12", true},
			{"C12's by -4.000% (the largest loss among those of the 50 largest economies that do not play; C55's, -29.290%, is the largest of all)", true},
			{"loss: C55", false},
			{"C00's", false},
			{"not an equilibrium", !converged},
			{"average welfare change (%, not an equilibrium)", !converged},
			{"Not an equilibrium (did not converge), at the last round: countries that do not play bear part of the cost", !converged},
		} {
			if strings.Contains(text, w.s) != w.want {
				t.Errorf("converged %v: text has %q: %v, want %v:\n%s", converged, w.s, !w.want, w.want, text)
			}
		}
	}
}
