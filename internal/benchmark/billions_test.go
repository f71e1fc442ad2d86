package benchmark

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// TestReportsInBillions: a dataset kept in USD billion (unit 1000) gives the
// same $bn columns and Census comparison as one in USD million, its levels
// multiplied by the unit, not divided.
func TestReportsInBillions(t *testing.T) {
	surplus := func(scale, unit float64) string {
		r := handSurplus(data.DefaultName, data.CoverageGoods)
		for _, e := range r.Countries {
			ev := e.Evidence
			for _, p := range []*float64{ev.BalanceWithLeader, ev.GoodsBalanceWithLeader, ev.GoodsExportsToLeader, ev.GoodsImportsFromLeader} {
				if p != nil {
					*p /= scale
				}
			}
		}
		var b strings.Builder
		if err := r.Write(&b, report.Text, unit, true); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if mn, bn := surplus(1, 1), surplus(1000, 1000); bn != mn || !strings.Contains(bn, "AAA 240.0 vs 100.0 (US imports from it 300.0 vs 150.0)") {
		t.Errorf("in USD bn:\n%s\nin USD mn:\n%s", bn, mn)
	}
	bench := func(scale, unit float64) string {
		r := handReport()
		for k := range r.Countries {
			r.Countries[k].BalanceWithLeaderBefore /= scale
			r.Countries[k].BalanceWithLeaderAfter /= scale
		}
		var b strings.Builder
		if err := r.Write(&b, report.CSV, unit); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if mn, bn := bench(1, 1), bench(1000, 1000); bn != mn || !strings.Contains(bn, "AAA,Aland,yes,250.0,200.0,") {
		t.Errorf("in USD bn:\n%s\nin USD mn:\n%s", bn, mn)
	}
}
