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

// Unreconciled is a country whose balance has no reference figure (see
// Dataset.Unreconciled).
type Unreconciled struct {
	Code          string  `json:"code"`
	GDP           float64 `json:"gdp"`
	GoodsBalance  float64 `json:"goods_balance"`
	BalancePctGDP float64 `json:"goods_balance_pct_gdp"`
	// CAPctGDP2023 is its 2023 current account (% of GDP, IMF WEO), the
	// official figure closest to hand; nil when the dataset has none.
	CAPctGDP2023 *float64 `json:"current_account_pct_gdp_2023"`
}

// ReconciledTolPP is the largest gap, in pp of GDP, between a dataset's
// goods balance and its reference figure at which the balance counts as
// reconciled; world-2023's rescaling leaves gaps below 0.01 pp.
const ReconciledTolPP = 0.05

// Reconciled returns the codes of the countries whose goods balance is
// within ReconciledTolPP of its reference figure: the ones a dataset
// reconciled to the balance of payments. nil when it reconciles none
// (icio-2022), so that nothing there stands out as unreconciled.
func (d *Dataset) Reconciled() map[string]bool {
	ok := map[string]bool{}
	for _, c := range d.BalanceChecks() {
		if math.Abs(c.DiffPP) <= ReconciledTolPP {
			ok[c.Code] = true
		}
	}
	if len(ok) == 0 {
		return nil
	}
	return ok
}

// Unreconciled returns the countries with a GDP of at least minGDP (the
// dataset's unit) whose balance the dataset did not reconcile (see
// Reconciled), largest first. On world-2023 they keep the trade source's
// balances (BACI mirror flows for the UAE, Iran, …), so their balances are
// not official figures and readers should be told so.
func (d *Dataset) Unreconciled(minGDP float64) []Unreconciled {
	ok := d.Reconciled()
	if ok == nil {
		return nil
	}
	var out []Unreconciled
	for i, c := range d.Countries {
		if ok[c.Code] || !(c.GDP >= minGDP) || d.IsAggregate(i) {
			continue
		}
		pct, _ := d.BalancePctGDP(i)
		u := Unreconciled{Code: c.Code, GDP: c.GDP, GoodsBalance: d.GoodsBalance(i), BalancePctGDP: pct}
		if m, ok := d.Macro[c.Code]; ok && !math.IsNaN(m.CAPctGDP2023) {
			u.CAPctGDP2023 = &m.CAPctGDP2023
		}
		out = append(out, u)
	}
	slices.SortStableFunc(out, func(a, b Unreconciled) int { return cmp.Compare(b.GDP, a.GDP) })
	return out
}

// CACheck sets a country's goods-and-services balance in the dataset
// beside its current account of the dataset's year (IMF WEO), both in
// percent of the dataset's GDP (the current account as the share WEO
// gives). The gap is net primary and secondary income (investment income,
// wages, remittances, aid) plus statistical differences: the model trades
// goods and services only, so the gap is not a data error, but it is why
// an economy can run a current-account surplus and a trade deficit.
type CACheck struct {
	Code          string  `json:"code"`
	GDP           float64 `json:"gdp"`
	BalancePctGDP float64 `json:"balance_pct_gdp"`
	CAPctGDP      float64 `json:"current_account_pct_gdp"`
	IncomePP      float64 `json:"income_and_transfers_pp"` // CAPctGDP − BalancePctGDP
}

// CurrentAccountChecks returns a CACheck for every country with a GDP and a
// current account in the dataset's year, in country order, for datasets
// whose flows cover goods and services (none otherwise: a goods balance
// against the current account would mix services into the gap).
func (d *Dataset) CurrentAccountChecks() []CACheck {
	if d.Coverage != CoverageServices {
		return nil
	}
	ca := map[string]float64{}
	for _, o := range d.CurrentAccount {
		if o.Year == d.Year {
			ca[o.Code] = o.PctGDP
		}
	}
	var out []CACheck
	for i, c := range d.Countries {
		v, ok := ca[c.Code]
		pct, hasGDP := d.BalancePctGDP(i)
		if !ok || !hasGDP {
			continue
		}
		out = append(out, CACheck{Code: c.Code, GDP: c.GDP, BalancePctGDP: pct, CAPctGDP: v, IncomePP: v - pct})
	}
	return out
}

// CurrentAccountPct is an economy's current account in % of GDP in the
// dataset's year (the IMF series, else for 2023 the macro table) and that
// year; ok is false when the dataset has neither. A trade balance far from
// it is read with it: the gap is the income flows the model does not trade.
func (d *Dataset) CurrentAccountPct(code string) (pct float64, year int, ok bool) {
	for _, o := range d.CurrentAccount {
		if o.Code == code && o.Year == d.Year {
			return o.PctGDP, o.Year, true
		}
	}
	if mc, found := d.Macro[code]; found && d.Year == 2023 && !math.IsNaN(mc.CAPctGDP2023) {
		return mc.CAPctGDP2023, 2023, true
	}
	return 0, 0, false
}
