package report

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// Gaps between a dataset's goods balance with the US and the Census figure
// worth a note: at least CensusGapBn and CensusGapPct of the Census
// figure, so that a year's drift on a small balance is not named. One rule
// for every command that sets a balance with the US beside Census
// (surplus, solve, coalition).
const (
	CensusGapBn  = 20.0
	CensusGapPct = 40.0
)

// CensusApart reports whether a dataset balance and the Census one (both
// $bn) differ by at least CensusGapBn and CensusGapPct of the Census figure.
func CensusApart(ds, census float64) bool {
	gap := math.Abs(ds - census)
	return gap >= CensusGapBn && gap >= CensusGapPct/100*math.Abs(census)
}

// CensusGap sets an economy's goods trade with the US in a dataset beside
// Census 2024's, in USD bn. Balance and Census are the economy's balance
// with the US (positive = its surplus).
type CensusGap struct {
	Code    string  `json:"code"`
	Balance float64 `json:"balance_bn"`
	Census  float64 `json:"census_2024_balance_bn"`
	// The US's imports from the economy and exports to it, in the dataset
	// and in Census; HasFlows unset leaves them out (a caller that has only
	// the balance).
	HasFlows        bool    `json:"-"`
	USImports       float64 `json:"us_imports_bn,omitempty"`
	CensusUSImports float64 `json:"census_2024_us_imports_bn,omitempty"`
	USExports       float64 `json:"us_exports_bn,omitempty"`
	CensusUSExports float64 `json:"census_2024_us_exports_bn,omitempty"`
}

// Apart reports whether the gap is worth a note (CensusApart).
func (g CensusGap) Apart() bool { return CensusApart(g.Balance, g.Census) }

// String is the gap as the notes list it, "CAN 114.6 vs 63.3 (US exports
// to it 302.2 vs 349.4)": the flow named is the one further from its
// Census figure.
func (g CensusGap) String() string {
	s := fmt.Sprintf("%s %.1f vs %.1f", g.Code, g.Balance, g.Census)
	if !g.HasFlows {
		return s
	}
	if math.Abs(g.USImports-g.CensusUSImports) >= math.Abs(g.USExports-g.CensusUSExports) {
		return s + fmt.Sprintf(" (US imports from it %.1f vs %.1f)", g.USImports, g.CensusUSImports)
	}
	return s + fmt.Sprintf(" (US exports to it %.1f vs %.1f)", g.USExports, g.CensusUSExports)
}

// censusRows is Census 2024 by partner code.
var censusRows = sync.OnceValue(func() map[string]tariffs.CensusRow {
	out := map[string]tariffs.CensusRow{}
	for _, r := range tariffs.Census() {
		out[r.Code] = r
	}
	return out
})

// CensusBalance is Census 2024's goods trade of the US with an economy
// (USD bn): the economy's balance with the US (the Census balance is the
// US's, flipped), the US's imports from it and exports to it; ok is false
// where Census has no row.
func CensusBalance(code string) (balance, usImports, usExports float64, ok bool) {
	r, ok := censusRows()[code]
	if !ok {
		return 0, 0, 0, false
	}
	return -r.Balance / 1000, r.Imports / 1000, r.Exports / 1000, true
}

// CensusGapOf sets dataset economy i's baseline goods trade with the
// leader beside Census 2024, as `surplus` does: goods only (the services
// sector, which Census leaves out, excluded). ok is false unless the
// leader is the USA, i is another economy that is not an aggregate, and
// Census has it.
func CensusGapOf(ds *data.Dataset, i, leader int) (CensusGap, bool) {
	if i == leader || ds.Countries[leader].Code != "USA" || ds.IsAggregate(i) {
		return CensusGap{}, false
	}
	code := ds.Countries[i].Code
	bal, cm, cx, ok := CensusBalance(code)
	if !ok {
		return CensusGap{}, false
	}
	bn := ds.UnitMillions() / 1000
	x, m := ds.GoodsFlow(nil, i, leader)*bn, ds.GoodsFlow(nil, leader, i)*bn
	return CensusGap{Code: code, Balance: x - m, Census: bal, HasFlows: true,
		USImports: x, CensusUSImports: cm, USExports: m, CensusUSExports: cx}, true
}

// CensusGapNote names the economies whose goods balance with the US in a
// dataset is far from Census and says why ("" for none). On icio-2022 the
// balance compared is the goods sectors' (with services in, Ireland's was
// +0.4 bn against Census's 86.7); what remains apart is the hubs (Census
// books US exports to the port country, ICIO to the destination), the year
// and re-exports.
func CensusGapNote(dataset, coverage string, gaps []CensusGap) string {
	if len(gaps) == 0 {
		return ""
	}
	parts := make([]string, len(gaps))
	for k, g := range gaps {
		parts[k] = g.String()
	}
	what, why := "goods balance", "the trade matrix of "+dataset+", not the same year; Census counts US re-exports and values some goods differently (see the dataset README)"
	switch {
	case dataset == data.DefaultName:
		why = "BACI 2023 mirror flows (Taiwan's from ICIO 2022), not the same year; Census counts US re-exports and values some goods differently (see the dataset README)"
	case dataset == data.ICIOName:
		what = "goods balance (services sector excluded)"
		why = "OECD ICIO 2022, not 2024, and are not customs figures: ICIO values flows at basic prices (trade and transport margins count as services) and removes re-exports and quasi-transit trade, while Census counts US re-exports and books US exports by the country they are shipped to, so hubs such as the Netherlands, Belgium and Hong Kong receive far less from the US in ICIO"
	case coverage == data.CoverageServices:
		what = "goods balance (services sector excluded)"
	}
	return fmt.Sprintf("%s with USA far from Census (dataset vs Census 2024, $bn; gap ≥ $%g bn and ≥ %g%%): %s. The dataset's come from %s.",
		upperFirst(what), CensusGapBn, CensusGapPct, strings.Join(parts, ", "), why)
}

// upperFirst capitalises an ASCII first letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
