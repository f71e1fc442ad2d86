package data

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// MaxBalancePctGDP is the largest goods balance, in percent of GDP either
// way, that tradebloc takes at face value. Beyond it an economy is flagged:
// no economy sustains a goods surplus or deficit of that size, so such a
// figure says more about the data than about the economy (ship registries
// such as the Marshall Islands and Liberia, whose vessel purchases count as
// goods imports; aid- or remittance-financed imports; re-exports recorded
// at the origin; or an understated GDP). Results for flagged economies are
// unreliable; the rest of the world is not affected much, as they are small.
const MaxBalancePctGDP = 60

// QualityFlag marks an economy whose data fail a plausibility rule.
type QualityFlag struct {
	Code          string  `json:"code"`
	BalancePctGDP float64 `json:"goods_balance_pct_gdp"`
	Reason        string  `json:"reason"`
}

// GoodsBalance is country i's exports minus imports (all sectors).
func (d *Dataset) GoodsBalance(i int) float64 { return d.Exports(i) - d.Imports(i) }

// BalancePctGDP is country i's goods balance in percent of its GDP (the
// countries.csv gdp column, value added); ok is false without a GDP.
func (d *Dataset) BalancePctGDP(i int) (pct float64, ok bool) {
	g := d.Countries[i].GDP
	if !(g > 0) {
		return 0, false
	}
	return 100 * d.GoodsBalance(i) / g, true
}

// QualityFlags applies the plausibility rules to every country with a GDP
// and returns the flagged ones, largest |balance| first. The rule is
// general (any dataset with GDP): |goods balance| > MaxBalancePctGDP % of GDP.
func (d *Dataset) QualityFlags() []QualityFlag {
	var out []QualityFlag
	for i, c := range d.Countries {
		pct, ok := d.BalancePctGDP(i)
		if !ok || math.Abs(pct) <= MaxBalancePctGDP {
			continue
		}
		what := strings.TrimSuffix(d.BalanceName(), " balance")
		reason := fmt.Sprintf("%s deficit beyond %d%% of GDP: likely ship registrations, aid- or remittance-financed imports, or re-exports; results unreliable", what, MaxBalancePctGDP)
		if pct > 0 {
			reason = fmt.Sprintf("%s surplus beyond %d%% of GDP: likely re-exports, a resource enclave or understated GDP; results unreliable", what, MaxBalancePctGDP)
		}
		out = append(out, QualityFlag{Code: c.Code, BalancePctGDP: pct, Reason: reason})
	}
	slices.SortStableFunc(out, func(a, b QualityFlag) int {
		return cmp.Compare(math.Abs(b.BalancePctGDP), math.Abs(a.BalancePctGDP))
	})
	return out
}

// QualityFlagOf returns the flag of code, if any.
func QualityFlagOf(flags []QualityFlag, code string) (QualityFlag, bool) {
	for _, f := range flags {
		if f.Code == code {
			return f, true
		}
	}
	return QualityFlag{}, false
}

// BalanceCheck sets a country's goods balance in the dataset beside its
// reference figure (Macro.GoodsBalanceBoP2023), both in the dataset's unit
// and in percent of the dataset's GDP.
type BalanceCheck struct {
	Code          string  `json:"code"`
	GDP           float64 `json:"gdp"`
	GoodsBalance  float64 `json:"goods_balance"`
	BalancePctGDP float64 `json:"goods_balance_pct_gdp"`
	BoPBalance    float64 `json:"bop_goods_balance"`
	BoPPctGDP     float64 `json:"bop_goods_balance_pct_gdp"`
	DiffPP        float64 `json:"diff_pp"` // BalancePctGDP − BoPPctGDP
}

// BalanceChecks returns a BalanceCheck for every country with a GDP and a
// reference goods balance, in country order (none for datasets without
// one). The reference is divided by the dataset's own GDP, so the two
// shares differ only by the balances, not by a GDP vintage.
func (d *Dataset) BalanceChecks() []BalanceCheck {
	var out []BalanceCheck
	for i, c := range d.Countries {
		m, ok := d.Macro[c.Code]
		if !ok || math.IsNaN(m.GoodsBalanceBoP2023) || !(c.GDP > 0) {
			continue
		}
		pct, _ := d.BalancePctGDP(i)
		ref := m.GoodsBalanceBoP2023 * 1000 / d.UnitMillions()
		refPct := 100 * ref / c.GDP
		out = append(out, BalanceCheck{Code: c.Code, GDP: c.GDP, GoodsBalance: d.GoodsBalance(i), BalancePctGDP: pct,
			BoPBalance: ref, BoPPctGDP: refPct, DiffPP: pct - refPct})
	}
	return out
}
