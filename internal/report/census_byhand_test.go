package report

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestCensusGapByHand: a gap to Census is named from $20 bn and 40% of the
// Census figure, both at least; it is put on the flow further from its
// Census figure; the note says where the dataset's figures come from, by
// dataset and coverage.
func TestCensusGapByHand(t *testing.T) {
	for _, tc := range []struct {
		ds, census float64
		want       bool
	}{
		{70, 50, true},    // 20 bn, exactly 40%
		{120, 100, false}, // 20 bn, 20%
		{-30, -50, true},  // 20 bn, 40% of a deficit
		{10, 5, false},    // 100%, 5 bn
		{69.9, 50, false}, // just under both
		{100, -100, true}, // the sign flips: 200 bn, 200%
	} {
		if got := CensusApart(tc.ds, tc.census); got != tc.want {
			t.Errorf("CensusApart(%v, %v) = %v, want %v", tc.ds, tc.census, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name         string
		m, x, cm, cx float64 // US imports from it and exports to it: dataset, Census
		want         string
	}{
		{"US imports further", 300, 60, 150, 50, "AAA 240.0 vs 100.0 (US imports from it 300.0 vs 150.0)"},
		{"US exports further", 160, 20, 150, 90, "AAA 140.0 vs 60.0 (US exports to it 20.0 vs 90.0)"},
	} {
		g := CensusGap{Code: "AAA", Balance: tc.m - tc.x, Census: tc.cm - tc.cx, HasFlows: true,
			USImports: tc.m, CensusUSImports: tc.cm, USExports: tc.x, CensusUSExports: tc.cx}
		if got := g.String(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := (CensusGap{Code: "AAA", Balance: 1, Census: 2}).String(); got != "AAA 1.0 vs 2.0" {
		t.Errorf("without the flows: %q", got)
	}
	if CensusGapNote(data.DefaultName, data.CoverageGoods, nil) != "" {
		t.Error("a note without gaps")
	}
	for _, tc := range []struct {
		dataset, coverage string
		has               []string
	}{
		{data.DefaultName, data.CoverageGoods, []string{"Goods balance with USA far from Census", "come from BACI 2023 mirror flows (Taiwan's from ICIO 2022)"}},
		{data.ICIOName, data.CoverageServices, []string{"Goods balance (services sector excluded) with USA", "come from OECD ICIO 2022, not 2024, and are not customs figures"}},
		{"mine", data.CoverageServices, []string{"Goods balance (services sector excluded) with USA", "come from the trade matrix of mine, not the same year"}},
		{"mine", data.CoverageGoods, []string{"Goods balance with USA far from Census", "come from the trade matrix of mine, not the same year"}},
	} {
		note := CensusGapNote(tc.dataset, tc.coverage, []CensusGap{{Code: "AAA", Balance: 1, Census: 2}})
		for _, h := range tc.has {
			if !strings.Contains(note, h) || !strings.Contains(note, "$20 bn and ≥ 40%): AAA 1.0 vs 2.0.") {
				t.Errorf("%s, %s: %q lacks %q", tc.dataset, tc.coverage, note, h)
			}
		}
	}
}
