package report

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestCensusGapOf: world-2023's baseline goods trade of Canada with the US
// is set beside Census 2024 as `surplus --all` sets it (114.6 against
// 63.3, the flow further from Census named), and is far apart by its rule;
// China's (294.7 against 295.4) is not. A leader other than the US, the
// leader itself and an economy Census does not list have no gap.
func TestCensusGapOf(t *testing.T) {
	ds, _, err := data.Embedded(data.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	idx := func(code string) int {
		i, ok := ds.Index(code)
		if !ok {
			t.Fatalf("no %s", code)
		}
		return i
	}
	usa, can, chn, deu := idx("USA"), idx("CAN"), idx("CHN"), idx("DEU")
	g, ok := CensusGapOf(ds, can, usa)
	if !ok || !g.Apart() || g.String() != "CAN 114.6 vs 63.3 (US exports to it 302.2 vs 349.4)" {
		t.Errorf("CAN: %v %v %q", ok, g.Apart(), g.String())
	}
	if g, ok := CensusGapOf(ds, chn, usa); !ok || g.Apart() || !strings.HasPrefix(g.String(), "CHN 294.7 vs 295.4") {
		t.Errorf("CHN: %v %v %q", ok, g.Apart(), g.String())
	}
	if _, ok := CensusGapOf(ds, usa, usa); ok {
		t.Error("the leader has a gap with itself")
	}
	if _, ok := CensusGapOf(ds, can, deu); ok {
		t.Error("a gap with Census for a leader other than the US")
	}
	for _, c := range []struct {
		ds, census float64
		want       bool
	}{
		{114.6, 63.3, true}, {294.7, 295.4, false}, {30, 45, false}, {-0.4, -21.9, true}, {10, 29, false},
	} {
		if got := CensusApart(c.ds, c.census); got != c.want {
			t.Errorf("CensusApart(%v, %v) = %v", c.ds, c.census, got)
		}
	}
}

// TestSolveBalanceTableCensusNote: solve's table of each partner's balance
// with the US names, with `surplus --all`'s rule and words, the partners
// whose baseline goods balance is far from Census (Canada's 114.6 against
// 63.3), and only those; with another leader there is no Census to set it
// beside.
func TestSolveBalanceTableCensusNote(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	d := docOf("USA", []string{"USA", "CAN", "CHN", "ZZZ"}, []float64{0.1, 0.3, -0.5, 0.2})
	d.Provenance.Dataset = data.DefaultName
	for k, bal := range []float64{0, 114_620, 294_740, 50_000} { // USD mn
		d.Countries[k].BalanceWithLeaderBefore, d.Countries[k].BalanceWithLeaderAfter = v(bal), v(bal)
	}
	out := text(t, d)
	want := "Goods balance with USA far from Census (dataset vs Census 2024, $bn; gap ≥ $20 bn and ≥ 40%): CAN 114.6 vs 63.3. The dataset's come from BACI 2023 mirror flows"
	if !strings.Contains(out, want) || strings.Contains(out, "CHN 294.7") || strings.Contains(out, "ZZZ 50.0") {
		t.Errorf("balance table without the Census note %q:\n%s", want, out)
	}
	// On a world with services the goods balance is compared.
	d.Provenance.Dataset, d.Provenance.TradeCoverage = data.ICIOName, data.CoverageServices
	d.Countries[1].GoodsBalanceWithLeaderBefore, d.Countries[1].GoodsBalanceWithLeaderAfter = v(60_000), v(60_000)
	d.Countries[2].GoodsBalanceWithLeaderBefore, d.Countries[2].GoodsBalanceWithLeaderAfter = v(150_000), v(150_000)
	out = text(t, d)
	if !strings.Contains(out, "Goods balance (services sector excluded) with USA far from Census") || !strings.Contains(out, "CHN 150.0 vs 295.4") || strings.Contains(out, "CAN 60.0") {
		t.Errorf("services world: %s", out)
	}
	d.Leader = "CHN"
	if out := text(t, d); strings.Contains(out, "far from Census") {
		t.Errorf("a Census note for leader CHN:\n%s", out)
	}
}

// TestHeadlineValuation: the rule other commands use for a headline
// economy's valuation is the one solve's note applies to its leader and
// China: given once it is material, whatever its share of the change.
func TestHeadlineValuation(t *testing.T) {
	v := func(x float64) *float64 { return &x }
	for _, c := range []struct {
		val  *float64
		want bool
	}{{nil, false}, {v(0.005), false}, {v(-0.187), true}, {v(0.83), true}} {
		if got := HeadlineValuation(c.val); got != c.want {
			t.Errorf("HeadlineValuation(%v) = %v", c.val, got)
		}
		d := docOf("USA", []string{"USA", "CHN"}, []float64{0.1, -0.58})
		d.Countries[1].WelfareValuationPct = c.val
		if note := d.WinnersValuationNote(5); strings.Contains(note, "CHN -0.58% (of which") != c.want {
			t.Errorf("valuation %v: solve's note %q disagrees with HeadlineValuation", c.val, note)
		}
	}
}
