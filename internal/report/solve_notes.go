package report

import (
	"math"
	"sort"
)

// WinnersValuationNote is the paragraph the text output prints under its
// tables of the top winners and losers (top of each among the 50 largest
// economies) on the valuation of fixed deficits, with the headline
// economies' (the leader, China) when material: "" when there is none to
// name. The web UI shows it beside its charts, so that a deficit economy's
// "largest gain" is read as what it is.
func (d *SolveDoc) WinnersValuationNote(top int) string {
	return valuationNote(d.winnersLosers(top), d.headlineValuation()...)
}

// winnersLosers are the rows of Tables' winners and losers tables, in
// their order.
func (d *SolveDoc) winnersLosers(top int) []CountryDoc {
	w, l := d.ranked(majorEconomies)
	var shown []CountryDoc
	for k := 0; k < len(w) && k < top && w[k].WelfarePct > 0; k++ {
		shown = append(shown, w[k])
	}
	for k := 0; k < len(l) && k < top && l[k].WelfarePct < 0; k++ {
		shown = append(shown, l[k])
	}
	return shown
}

// FallbackTariffNote is the note the text output prints under its tables
// when a row it shows (the headline economies, the top winners and
// losers) has a stand-in baseline tariff (baseline_tariff_fallback: TWN
// on world-2023, one of 100 importers at the 3.66% median): "" when none
// does. A server showing the run without the tables shows it beside
// them, so that the stand-in is not read as Taiwan's own rate.
func (d *SolveDoc) FallbackTariffNote(top int) string {
	var rows []CountryDoc
	for _, c := range d.Countries {
		if c.Code == d.Leader || c.Code == d.Target {
			rows = append(rows, c)
		}
	}
	return d.fallbackNote(append(rows, d.winnersLosers(top)...))
}

// CensusNote is the note the text output prints under the table of each
// partner's balance with the leader naming the partners whose baseline
// goods balance with the US is far from Census 2024 ("CAN 114.6 vs 63.3,
// …" on world-2023), in that table's order: "" when the leader is not
// the USA, is not in the result, or no partner is apart.
func (d *SolveDoc) CensusNote(unitMillions float64) string {
	if !d.hasCountry(d.Leader) {
		return ""
	}
	return d.censusGapNote(d.byBalanceWithLeader(), unitMillions)
}

// byBalanceWithLeader is the countries in the order of the table of
// balances with the leader: the largest partner surplus first.
func (d *SolveDoc) byBalanceWithLeader() []CountryDoc {
	parts := append([]CountryDoc(nil), d.Countries...)
	sort.SliceStable(parts, func(a, b int) bool {
		return deref(parts[a].BalanceWithLeaderBefore) > deref(parts[b].BalanceWithLeaderBefore)
	})
	return parts
}

// NotesOnly is a Format no command offers: Table.Write writes only the
// table's notes, one a line, so that a server can show the sentences a
// command prints under its tables without rendering the tables.
const NotesOnly Format = "notes"

// HeadlineValuation reports whether a headline economy's welfare change
// is given with the valuation of its fixed deficit in it (v, pp; nil when
// the closure has none): valuationNote's rule for the leader and China,
// whatever the valuation's share of the change, once it is material
// (minHeadlineValuation). Other commands that headline an economy's real
// income (the coalition game's leader and targets) apply the same rule.
func HeadlineValuation(v *float64) bool {
	return v != nil && math.Abs(*v) >= minHeadlineValuation
}

// ThetaText is the trade elasticity of a model as solve's first line gives
// it: "θ = 4", "θ = 4 in every sector (28 sectors)", "θ per sector (28
// sectors)".
func (m ModelDoc) ThetaText() string { return "θ " + thetaText(m.TradeElasticity) }

// censusGapNote names, under the table of each partner's balance with the
// leader, the partners whose baseline goods balance with it is far from
// Census 2024 (the rule and words of `surplus --all`, CensusGapNote), in
// the table's order: a before column read as the US's own statistics
// (Canada's 114.6 on world-2023 against Census's 63.3) would mislead. ""
// unless the leader is the USA, or when none is apart.
func (d *SolveDoc) censusGapNote(parts []CountryDoc, unitMillions float64) string {
	if d.Leader != "USA" {
		return ""
	}
	var gaps []CensusGap
	for _, c := range parts {
		bal := c.GoodsBalanceWithLeaderBefore // Census's concept: goods only
		if bal == nil {
			bal = c.BalanceWithLeaderBefore
		}
		if c.Code == d.Leader || c.Aggregate || bal == nil {
			continue
		}
		cen, _, _, ok := CensusBalance(c.Code)
		if !ok {
			continue
		}
		if g := (CensusGap{Code: c.Code, Balance: *bal * unitMillions / 1000, Census: cen}); g.Apart() {
			gaps = append(gaps, g)
		}
	}
	return CensusGapNote(d.Provenance.Dataset, d.Provenance.TradeCoverage, gaps)
}
