package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Summary is a few plain-language sentences on a solve result.
func (d *SolveDoc) Summary(unitMillions float64) string {
	bn := func(x float64) string { return USDbn(x * unitMillions / 1000) }
	var b strings.Builder
	if !d.Converged {
		fmt.Fprintf(&b, "The model did not converge for %q: %s. The numbers below are not an equilibrium.\n", d.Scenario, d.Reason)
	}
	m := d.Provenance.Model
	fmt.Fprintf(&b, "Scenario %q on %s (%s).", d.Scenario, d.Provenance.Dataset, d.ModelText())
	if d.Description != "" {
		b.WriteString(" " + sentence(d.Description))
	}
	b.WriteString("\n")
	byCode := map[string]*CountryDoc{}
	for k := range d.Countries {
		byCode[d.Countries[k].Code] = &d.Countries[k]
	}
	if l := byCode[d.Leader]; l != nil {
		fmt.Fprintf(&b, "%s: real income %+.2f%%, real wage %+.2f%% (wage %+.2f%%, prices %+.2f%%, in %s units), imports %+.1f%%%s, exports %+.1f%%%s; tariff revenue %s → %s; %s; trade balance %s → %s.\n",
			l.Name, tidy(l.WelfarePct, 2), tidy(l.RealWagePct, 2), tidy(l.WagePct, 2), tidy(l.PriceIndexPct, 2), strings.ReplaceAll(m.Numeraire, "_", "-"),
			tidy(l.ImportsPct, 1), goodsText(l.GoodsImportsPct), tidy(l.ExportsPct, 1), goodsText(l.GoodsExportsPct),
			bn(l.TariffRevenueBefore), bn(l.TariffRevenueAfter), effectiveTariffText(l, m.Deficits),
			bn(l.TradeBalanceBefore), bn(l.TradeBalanceAfter))
		// The after-figures are numeraire dollars; said once, so that a
		// balance held fixed that still moves by a few billion is read
		// as what it is.
		units := fmt.Sprintf("Dollar figures after the shock are in %s units (the model's numeraire), not nominal dollars", strings.ReplaceAll(m.Numeraire, "_", "-"))
		if m.Deficits == "fixed" {
			units += "; a balance held fixed relative to world GDP moves only with world GDP in those units"
		}
		b.WriteString(units + ".\n")
	}
	if c := byCode[d.Target]; c != nil && d.Target != d.Leader {
		withLeader := ""
		if c.BalanceWithLeaderBefore != nil && c.BalanceWithLeaderAfter != nil {
			withLeader = fmt.Sprintf(" surplus with %s %s → %s;", d.Leader, bn(*c.BalanceWithLeaderBefore), bn(*c.BalanceWithLeaderAfter))
		}
		fmt.Fprintf(&b, "%s: real income %+.2f%%, exports %+.1f%%;%s overall balance %+.2f%% → %+.2f%% of GDP.\n",
			c.Name, tidy(c.WelfarePct, 2), tidy(c.ExportsPct, 1), withLeader, tidy(c.BalanceGDPPctBefore, 2), tidy(c.BalanceGDPPctAfter, 2))
	}
	if len(d.Transshipment) > 0 {
		total := 0.0
		var top []string
		for k, c := range d.Transshipment {
			total += c.Value
			if k < 5 {
				top = append(top, fmt.Sprintf("%s %s", c.Code, bn(c.Value)))
			}
		}
		fmt.Fprintf(&b, "Transshipment: %s of the origins' goods reach their buyers through %d third countries (%s); bilateral balances count them as the conduits' trade. Conduits are chosen by tariff gaps and trade links alone, at one rules-of-origin cost for all: strict enforcers with low tariffs (Germany, Japan) appear beside processing hubs; raise transshipment.cost to tighten enforcement (docs/transshipment.md, Limits).\n",
			bn(total), len(d.Transshipment), strings.Join(top, ", "))
	}
	moved := false
	for _, c := range d.Countries {
		moved = moved || math.Abs(c.WelfarePct) >= 5e-4
	}
	if world := d.WorldWelfarePct(); !math.IsNaN(world) && !moved {
		// Winners at +0.000% would read as a result.
		b.WriteString("No economy's real income changes: the scenario moves nothing.\n")
	} else if !math.IsNaN(world) {
		w, l := d.ranked(majorEconomies)
		fmt.Fprintf(&b, "World real income (GDP-weighted) %+.3f%%. %s\n", world, gainsAndLosses(w, l, d.amongLargest(len(w))))
	}
	b.WriteString(d.bandsText())
	return b.String()
}

// ModelText is the model settings a reader needs beside any result: "θ =
// 4, deficits fixed" or "θ per sector (28 sectors), deficits fixed".
func (d *SolveDoc) ModelText() string {
	m := d.Provenance.Model
	return fmt.Sprintf("θ %s, deficits %s", thetaText(m.TradeElasticity), m.Deficits)
}

// goodsText is a change of goods trade beside the total it is part of, "
// (goods -42.4%)", or "" where the document has none (no services sector).
func goodsText(pct *float64) string {
	if pct == nil {
		return ""
	}
	return fmt.Sprintf(" (goods %+.1f%%)", tidy(*pct, 1))
}

// effectiveTariffText is the leader's effective tariff: revenue over
// imports before and after the shock, and, when the tariffs moved, the new
// tariffs at baseline import weights, which is what tariff schedules and
// the US effective-rate tables report; revenue over the imports after the
// shock rises less, as buyers leave the goods taxed most.
func effectiveTariffText(c *CountryDoc, deficits string) string {
	s := fmt.Sprintf("effective tariff (tariff revenue / imports) %.1f%% → %.1f%% after the shock", c.EffectiveTariffBefore, c.EffectiveTariffAfter)
	goods := c.EffectiveTariffGoodsBefore != nil && c.EffectiveTariffGoodsAfter != nil
	if goods {
		s += fmt.Sprintf(", on goods %.1f%% → %.1f%%", *c.EffectiveTariffGoodsBefore, *c.EffectiveTariffGoodsAfter)
	}
	if baseWeightsDiffer(c) {
		s += fmt.Sprintf("; the new tariffs at baseline import weights %.1f%%", c.EffectiveTariffAfterBaseWeights)
		if goods && c.EffectiveTariffGoodsAfterBaseWeights != nil {
			s += fmt.Sprintf(", on goods %.1f%%", *c.EffectiveTariffGoodsAfterBaseWeights)
		}
	}
	if goods {
		s += servicesTariff(c, deficits)
	}
	return s
}

// baseWeightsDiffer reports whether the rate at baseline import weights
// tells a reader something the revenue-over-imports rate does not: it
// differs from it by 0.05 pp or more.
func baseWeightsDiffer(c *CountryDoc) bool {
	return math.Abs(c.EffectiveTariffAfterBaseWeights-c.EffectiveTariffAfter) >= 0.05
}

// amongLargest names the group ranked: "the 50 largest economies", or "the
// 4 economies" when the dataset has no more.
func (d *SolveDoc) amongLargest(n int) string {
	economies := 0
	for _, c := range d.Countries {
		if !c.Aggregate {
			economies++
		}
	}
	if n < economies {
		return fmt.Sprintf("the %d largest economies", n)
	}
	if n == 1 {
		return "the one economy"
	}
	return fmt.Sprintf("the %d economies", n)
}

// gainsAndLosses is the sentence on the largest gain and loss, which never
// calls a gain a loss: when every economy gains (or loses), it says so.
func gainsAndLosses(w, l []CountryDoc, among string) string {
	if len(w) == 0 {
		return ""
	}
	best, worst := w[0], l[0]
	switch {
	case worst.WelfarePct >= 0 && best.WelfarePct == 0:
		return fmt.Sprintf("No economy among %s gains or loses.", among)
	case worst.WelfarePct >= 0:
		return fmt.Sprintf("Every economy among %s gains or is unchanged: the most %s (%s), the least %s (%s).",
			among, best.Name, changeText(best), worst.Name, changeText(worst))
	case best.WelfarePct <= 0:
		return fmt.Sprintf("Every economy among %s loses or is unchanged: the most %s (%s), the least %s (%s).",
			among, worst.Name, changeText(worst), best.Name, changeText(best))
	}
	return fmt.Sprintf("Among %s the largest gain is %s (%s), the largest loss %s (%s).",
		among, possessive(best.Name), changeText(best), possessive(worst.Name), changeText(worst))
}

// changeText is a ranked economy's real-income change for the summary
// sentence, "+0.53%", with the valuation of its fixed deficit (or surplus)
// named when that is most of it: "+0.53%, of which +0.50 pp is the
// valuation of its fixed deficit". The valuation note under the losers
// lists the same figure; the sentence must not call it a gain from trade.
func changeText(c CountryDoc) string {
	s := fmt.Sprintf("%+.2f%%", tidy(c.WelfarePct, 2))
	if !mostlyValuation(c) {
		return s
	}
	what := "deficit"
	if c.TradeBalanceBefore > 0 {
		what = "surplus"
	}
	return fmt.Sprintf("%s, of which %+.2f pp is the valuation of its fixed %s", s, tidy(*c.WelfareValuationPct, 2), what)
}

// mostlyValuation reports whether the valuation of a fixed deficit is at
// least half of c's welfare change (and 0.05 pp or more): the rule of
// valuationNote.
func mostlyValuation(c CountryDoc) bool {
	v := c.WelfareValuationPct
	return v != nil && math.Abs(*v) >= 0.05 && math.Abs(*v) >= 0.5*math.Abs(c.WelfarePct)
}

// tidy is x, or 0 when it prints as zero at prec decimals: a tiny negative
// printed "-0.00" reads as a loss where there is none.
func tidy(x float64, prec int) float64 {
	if s := fmt.Sprintf("%.*f", prec, x); strings.Trim(s, "-0.") == "" {
		return 0
	}
	return x
}

// num is Num for the solve tables, without negative zeros ("-0.00" for a
// Kiribati balance of −$2 mn). Num itself is shared by every command's
// tables and left as it is.
func num(x float64, prec int) string { return Num(tidy(x, prec), prec) }

// possessive is a name's possessive: "Vietnam's", "the United States'",
// "the Philippines'" (names that are plural in form take the article and
// an apostrophe alone).
func possessive(name string) string {
	switch name {
	case "United States", "Philippines", "Netherlands", "Bahamas", "United Arab Emirates", "Maldives", "Comoros", "Seychelles", "Marshall Islands", "Solomon Islands":
		return "the " + name + "'"
	}
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// coverageOrGoods is the trade coverage, "goods" for documents written
// before it was recorded.
func (p Provenance) coverageOrGoods() string {
	if p.TradeCoverage == "" {
		return "goods"
	}
	return p.TradeCoverage
}

// thetaText names the trade elasticity: one value, one value the scenario
// set for every sector of a sectoral world (which a reader must not take
// for the world's own sectoral θ), or θ per sector.
func thetaText(m map[string]float64) string {
	first, uniform := math.NaN(), true
	for _, v := range m {
		if math.IsNaN(first) {
			first = v
		} else if v != first {
			uniform = false
		}
	}
	switch {
	case len(m) == 1:
		return fmt.Sprintf("= %g", first)
	case uniform && len(m) > 1:
		return fmt.Sprintf("= %g in every sector (%d sectors)", first, len(m))
	}
	return fmt.Sprintf("per sector (%d sectors)", len(m))
}

// majorEconomies is how many of the largest economies the summary and the
// winners/losers tables rank: micro-economies with extreme trade-to-GDP
// ratios (ship registries, entrepôts) otherwise top both lists.
const majorEconomies = 50

// MajorEconomies is majorEconomies for the commands that rank outside
// solve (nash's largest loss of a country that does not play), so that
// every output means the same group by "the largest economies".
const MajorEconomies = majorEconomies

// ranked returns the n largest economies (by baseline GDP; all if n ≤ 0) by
// welfare, best first and worst first. Aggregates (ROW) are not economies
// and are not ranked.
func (d *SolveDoc) ranked(n int) (winners, losers []CountryDoc) {
	for _, c := range d.Countries {
		if !c.Aggregate {
			winners = append(winners, c)
		}
	}
	if n > 0 && n < len(winners) {
		sort.SliceStable(winners, func(a, b int) bool { return winners[a].GDPBefore > winners[b].GDPBefore })
		winners = winners[:n]
	}
	sort.SliceStable(winners, func(a, b int) bool { return winners[a].WelfarePct > winners[b].WelfarePct })
	losers = append([]CountryDoc(nil), winners...)
	sort.SliceStable(losers, func(a, b int) bool { return losers[a].WelfarePct < losers[b].WelfarePct })
	return winners, losers
}

var countryColumns = []string{"code", "name", "welfare %", "real wage %", "prices %", "employment %", "exports %", "imports %", "balance/GDP before %", "after %", "eff. tariff before %", "after %"}

// columns are the country tables' columns: with bands, the welfare range
// follows welfare.
func (d *SolveDoc) columns() []string {
	if d.Bands == nil {
		return countryColumns
	}
	out := append([]string{}, countryColumns[:3]...)
	out = append(out, "welfare band %")
	return append(out, countryColumns[3:]...)
}

func (d *SolveDoc) countryRow(c CountryDoc) []string {
	row := []string{c.Code, c.Name, num(c.WelfarePct, 3)}
	if d.Bands != nil {
		band := "–"
		// The range shown beside a value contains it (centralBands).
		if lo, hi, ok := d.Bands.RangeWith(c.Code, "welfare_pct", c.WelfarePct); ok {
			band = num(lo, 3) + " to " + num(hi, 3)
		}
		row = append(row, band)
	}
	before := num(c.EffectiveTariffBefore, 2)
	if c.BaselineTariffFallback {
		before += fallbackMarker
	}
	return append(row, num(c.RealWagePct, 3), num(c.PriceIndexPct, 3), num(c.EmploymentPct, 3),
		num(c.ExportsPct, 2), num(c.ImportsPct, 2), num(c.BalanceGDPPctBefore, 2), num(c.BalanceGDPPctAfter, 2),
		before, num(c.EffectiveTariffAfter, 2))
}

// fallbackMarker follows an eff. tariff before that is the dataset's
// stand-in rather than the importer's own figure (BaselineTariffFallback):
// world-2023 gives 100 importers without a World Bank average the median,
// 3.66%, which Bahrain, say, has as its own.
const fallbackMarker = "*"

// fallbackNote explains fallbackMarker for the rows shown: which of them
// carry it, the stand-in rate and how it was made, and the dataset's caveat
// (dataset.yaml tariff_fallback); "" when no row shown carries it.
func (d *SolveDoc) fallbackNote(shown []CountryDoc) string {
	var codes []string
	for _, c := range shown {
		if c.BaselineTariffFallback && !slices.Contains(codes, c.Code) {
			codes = append(codes, c.Code)
		}
	}
	if len(codes) == 0 {
		return ""
	}
	it, its := "them", "their"
	if len(codes) == 1 {
		it, its = "it", "its"
	}
	// The marker is not the first character: a Markdown line starting
	// "* " is a list item, and the marker would vanish into its bullet.
	s := fmt.Sprintf("eff. tariff before marked %s (%s): the dataset's source has no tariff average for %s, so %s baseline tariffs are a stand-in",
		fallbackMarker, strings.Join(codes, ", "), it, its)
	if tf := d.TariffFallback; tf != nil {
		s += fmt.Sprintf(": %s%%", strconv.FormatFloat(tf.Pct, 'f', -1, 64))
		if tf.Method != "" {
			s += ", the " + tf.Method
		}
	}
	s += ". A placeholder, not a measured rate"
	if tf := d.TariffFallback; tf != nil && tf.Note != "" {
		s += ": " + tf.Note
	}
	return s + " (dataset.yaml tariff_fallback; JSON baseline_tariff_fallback)."
}

func numericCols(n int) []bool {
	b := make([]bool, n)
	for i := 2; i < n; i++ {
		b[i] = true
	}
	return b
}

// bandsText is the sentence on the bands: what they are over, and the
// leader's and the target's (DocOptions.Target) real income across them.
func (d *SolveDoc) bandsText() string {
	bd := d.centralBands()
	if bd == nil {
		return ""
	}
	var parts []string
	for k, code := range []string{d.Leader, d.Target} {
		c := d.country(code)
		if c == nil {
			continue
		}
		if lo, hi, ok := bd.Range(code, "welfare_pct"); ok && (k == 0 || code != d.Leader) {
			parts = append(parts, fmt.Sprintf("%s real income %+.2f%% to %+.2f%%", code, tidy(lo, 2), tidy(hi, 2)))
		}
	}
	s := "Uncertainty, " + bd.Label()
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	s += "."
	for _, n := range bd.Notes {
		s += " " + n + "."
	}
	return s + "\n"
}

// Tables returns the people-facing tables of a solve result: headline rows,
// winners and losers, and every partner's balance with the leader.
func (d *SolveDoc) Tables(unitMillions float64, top int) []*Table {
	var tables []*Table
	cols := d.columns()
	head := &Table{Title: "Headline", Columns: cols, Numeric: numericCols(len(cols))}
	var headRows []CountryDoc
	for _, c := range d.Countries {
		if c.Code == d.Leader || c.Code == d.Target {
			head.Add(d.countryRow(c)...)
			headRows = append(headRows, c)
		}
	}
	if n := d.employmentNote(); n != "" {
		head.Notes = append(head.Notes, n)
	}
	if len(head.Rows) > 0 {
		if n := effectiveTariffNote(d.Countries, d.Leader, d.Target); n != "" {
			head.Notes = append(head.Notes, n)
		}
		if n := decompositionNote(d.Countries, d.Leader, d.Target); n != "" {
			head.Notes = append(head.Notes, n)
		}
		tables = append(tables, head)
	}
	w, l := d.ranked(majorEconomies)
	among := d.amongLargest(len(w))
	// Winners gain and losers lose: a table of "winners" with a negative
	// value (or losers with a positive one) says the opposite of its title.
	win := &Table{Columns: cols, Numeric: numericCols(len(cols))}
	lose := &Table{Columns: cols, Numeric: numericCols(len(cols))}
	var shown []CountryDoc
	for k := 0; k < len(w) && len(win.Rows) < top && w[k].WelfarePct > 0; k++ {
		win.Add(d.countryRow(w[k])...)
		shown = append(shown, w[k])
	}
	for k := 0; k < len(l) && len(lose.Rows) < top && l[k].WelfarePct < 0; k++ {
		lose.Add(d.countryRow(l[k])...)
		shown = append(shown, l[k])
	}
	if n := valuationNote(shown, d.headlineValuation()...); n != "" {
		lose.Notes = append(lose.Notes, n)
	}
	if n := d.largeBalanceNote(append(slices.Clone(shown), d.headlineValuation()...)); n != "" {
		lose.Notes = append(lose.Notes, n)
	}
	// The marker's note, naming every marked row shown, goes under the
	// last table that shows one, so that it follows every row it explains.
	if n := d.fallbackNote(append(slices.Clone(headRows), shown...)); n != "" {
		for _, t := range []struct {
			t    *Table
			rows []CountryDoc
		}{{lose, shown[len(shown)-len(lose.Rows):]}, {win, shown[:len(win.Rows)]}, {head, headRows}} {
			if slices.ContainsFunc(t.rows, func(c CountryDoc) bool { return c.BaselineTariffFallback }) {
				t.t.Notes = append(t.t.Notes, n)
				break
			}
		}
	}
	if len(head.Rows) == 0 {
		// No headline: the note goes with the first table that has the column.
		win.Notes = append(win.Notes, slices.DeleteFunc(head.Notes, func(n string) bool { return !strings.HasPrefix(n, "employment %") })...)
	}
	win.Title = fmt.Sprintf("%s among %s (real income)", topN(len(win.Rows), "winner"), among)
	lose.Title = fmt.Sprintf("%s among %s (real income)", topN(len(lose.Rows), "loser"), among)
	if len(win.Rows) == 0 {
		win.Title = fmt.Sprintf("Winners among %s (real income)", among)
		win.Notes = append(win.Notes, "None: no economy among them gains.")
	}
	if len(lose.Rows) == 0 {
		lose.Title = fmt.Sprintf("Losers among %s (real income)", among)
		lose.Notes = append(lose.Notes, "None: no economy among them loses.")
	}
	tables = append(tables, win, lose)
	if d.hasCountry(d.Leader) {
		bal := &Table{
			Title:   fmt.Sprintf("Each partner's %s balance with %s (USD bn; positive = partner surplus)", d.Provenance.coverageOrGoods(), d.Leader),
			Columns: []string{"code", "name", "before", "after", "change", "change %"},
			Numeric: []bool{false, false, true, true, true, true},
		}
		parts := d.byBalanceWithLeader()
		goods := slices.ContainsFunc(parts, func(c CountryDoc) bool { return c.GoodsBalanceWithLeaderBefore != nil })
		if goods {
			bal.Columns = append(bal.Columns, "goods before", "goods after", "goods change")
			bal.Numeric = append(bal.Numeric, true, true, true)
		}
		example, exampleBase := "", 0.0 // the largest deficit that shrank
		for _, c := range parts {
			if c.Code == d.Leader {
				continue
			}
			before := deref(c.BalanceWithLeaderBefore) * unitMillions / 1000
			after := deref(c.BalanceWithLeaderAfter) * unitMillions / 1000
			pct := balanceChangePct(before, after)
			if before < exampleBase && after > before && pct != "n.m." {
				example, exampleBase = fmt.Sprintf(": %s %s → %s reads %s", c.Code, num(before, 2), num(after, 2), pct), before
			}
			row := []string{c.Code, c.Name, num(before, 2), num(after, 2), num(after-before, 2), pct}
			if goods {
				gb := deref(c.GoodsBalanceWithLeaderBefore) * unitMillions / 1000
				ga := deref(c.GoodsBalanceWithLeaderAfter) * unitMillions / 1000
				row = append(row, num(gb, 2), num(ga, 2), num(ga-gb, 2))
			}
			bal.Add(row...)
		}
		// A deficit partner's shrinking deficit is a positive change over
		// a negative base: said so, with an example from the table when
		// there is one, so that +94.8 is not read as a deficit grown.
		bal.Notes = append(bal.Notes, fmt.Sprintf("change %%: 100 × change / |before|, so its sign is the change's: positive = the balance rose (a partner surplus grew, or a partner deficit shrank%s), negative = it fell (a surplus shrank, or a deficit grew); n.m. (not meaningful) where the balance before is under $%g bn either way, or where it changes sign.", example, minBalanceBase))
		if n := d.censusGapNote(parts, unitMillions); n != "" {
			bal.Notes = append(bal.Notes, n)
		}
		if goods {
			bal.Notes = append(bal.Notes, fmt.Sprintf("goods: the same balance without services, which no tariff here reaches; with the deficits fixed, services can fill the balance the tariffs move, so a swing in the whole balance with %s need not be goods diverted (JSON bilateral_goods_balance_with_leader_before/after).", d.Leader))
		}
		tables = append(tables, bal)
	}
	return tables
}

// employmentNote explains a column of zeros: with a fixed labour supply
// (κ = 0) no country's employment can move; on a world with sectors its
// workers still change sector.
func (d *SolveDoc) employmentNote() string {
	if d.Provenance.Model.LaborSupplyElasticity != 0 {
		return ""
	}
	n := "employment % is 0 by assumption: labour supply is fixed (model.labor_supply_elasticity κ = 0)"
	if len(d.Provenance.Model.TradeElasticity) > 1 {
		n += "; workers still move between sectors (solve --sectors)"
	}
	return n + "."
}

// effectiveTariffNote says what the eff. tariff columns measure, with the
// headline countries' new tariffs at baseline import weights where they
// differ: under a shock the two measures part (China's revenue over imports
// can fall while its tariffs on US goods rise).
func effectiveTariffNote(cs []CountryDoc, codes ...string) string {
	var parts []string
	for _, code := range codes {
		for k := range cs {
			if c := &cs[k]; c.Code == code && baseWeightsDiffer(c) && !slices.ContainsFunc(parts, func(p string) bool { return strings.HasPrefix(p, code+" ") }) {
				parts = append(parts, fmt.Sprintf("%s %.2f%%", code, c.EffectiveTariffAfterBaseWeights))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "eff. tariff: tariff revenue / imports, after = at the imports after the shock, which shift away from the goods taxed most. The new tariffs at baseline import weights: " +
		strings.Join(parts, ", ") + " (JSON effective_tariff_after_base_weights_pct)."
}

// decompositionNote warns, for the headline countries, where Caliendo and
// Parro's first-order decomposition (JSON welfare_cp_pct) differs from the
// exact change by more than half of it: the decomposition is the
// differential of real income at the baseline, and a reader comparing the
// JSON's two figures after a large shock must know which one to trust
// (docs/welfare.md, "Caliendo–Parro's NAFTA: decomposition vs exact").
func decompositionNote(cs []CountryDoc, codes ...string) string {
	var parts []string
	for _, code := range codes {
		for _, c := range cs {
			if c.Code != code || c.WelfareCPPct == nil || slices.ContainsFunc(parts, func(p string) bool { return strings.HasPrefix(p, code+" ") }) {
				continue
			}
			if gap := math.Abs(*c.WelfareCPPct - c.WelfarePct); gap >= 0.05 && gap > 0.5*math.Abs(c.WelfarePct) {
				parts = append(parts, fmt.Sprintf("%s %+.2f%% against the exact %+.2f%%", code, tidy(*c.WelfareCPPct, 2), tidy(c.WelfarePct, 2)))
			}
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "Caliendo–Parro's decomposition into terms-of-trade and volume-of-trade effects (JSON welfare_cp_pct) reads " + strings.Join(parts, ", ") +
		": it is the differential of real income at the baseline, first-order, applied to a change that is not small, and unreliable for a shock this large. welfare % is the exact change (docs/welfare.md)."
}

// valuationNote names the winners and losers whose welfare change is
// mostly the valuation of a deficit kept fixed relative to world GDP, so
// that a deficit economy's "gain" from another country's tariff is not read
// as a gain from trade; and, whatever its share, the valuation in the
// headline economies' changes (solve's leader and China), when it is
// material (minHeadlineValuation), so that the headline figure is never
// read without it.
func valuationNote(rows []CountryDoc, headline ...CountryDoc) string {
	var parts, heads []string
	listed := map[string]bool{}
	for _, c := range rows {
		if !mostlyValuation(c) {
			continue
		}
		parts = append(parts, valuationPart(c))
		listed[c.Code] = true
	}
	for _, c := range headline {
		if HeadlineValuation(c.WelfareValuationPct) && !listed[c.Code] {
			heads = append(heads, valuationPart(c))
			listed[c.Code] = true
		}
	}
	if len(parts) == 0 && len(heads) == 0 {
		return ""
	}
	s := "Deficits are fixed relative to world GDP: when a tariff lowers an economy's income relative to the world's, a fixed deficit buys more and a fixed surplus costs more; the reverse when its income rises."
	if len(parts) > 0 {
		s += " This valuation is at least half the size of these changes, with either sign: " + strings.Join(parts, ", ") + "."
	}
	switch {
	case len(heads) > 0 && len(parts) > 0:
		s += " The headline economies' changes include it too: " + strings.Join(heads, ", ") + "."
	case len(heads) > 0:
		s += " The headline economies' changes include this valuation: " + strings.Join(heads, ", ") + "."
	}
	return s + flaggedText(append(slices.Clone(rows), headline...), listed) + " Under model.deficits: ratio it is absent (JSON: welfare_deficit_valuation_pct)."
}

// flaggedText is the sentence that says what "data-flagged" means, when
// the note names a flagged economy (among listed): "" otherwise.
func flaggedText(rows []CountryDoc, listed map[string]bool) string {
	for _, c := range rows {
		if listed[c.Code] && c.DataQualityFlag != "" {
			return fmt.Sprintf(" Data-flagged: a balance beyond ±%d%% of GDP in the data (ship registrations, aid-financed imports, re-exports), so that economy's figures are unreliable.", data.MaxBalancePctGDP)
		}
	}
	return ""
}

// minHeadlineValuation (pp) is the smallest valuation the note gives for a
// headline economy: below it the figure with and without are the same to
// two decimals.
const minHeadlineValuation = 0.01

// valuationPart is one economy in the valuation note: "PHL +0.53% (of
// which +0.50 pp; +0.03% without)".
func valuationPart(c CountryDoc) string {
	v := *c.WelfareValuationPct
	flag := ""
	if c.DataQualityFlag != "" {
		// A ship registry's valuation (MHL) is an artefact of its data
		// before it is a result: say so where the note names it.
		flag = "; data-flagged"
	}
	return fmt.Sprintf("%s %+.2f%% (of which %+.2f pp; %+.2f%% without%s)", c.Code, tidy(c.WelfarePct, 2), tidy(v, 2), tidy(c.WelfarePct-v, 2), flag)
}

// headlineValuation is the headline economies whose valuation the note
// always gives: the leader (the United States when the scenario names
// none), the target and China, those present in the document.
func (d *SolveDoc) headlineValuation() []CountryDoc {
	leader := d.Leader
	if leader == "" {
		leader = "USA"
	}
	var out []CountryDoc
	seen := map[string]bool{}
	for _, code := range []string{leader, d.Target, "CHN"} {
		if code == "" || seen[code] {
			continue
		}
		seen[code] = true
		for _, c := range d.Countries {
			if c.Code == code {
				out = append(out, c)
			}
		}
	}
	return out
}

// minBalanceBase (USD bn) is the smallest balance whose percentage change
// is shown: on a smaller base a move of a few hundred million dollars reads
// as +1,900%.
const minBalanceBase = 1.0

// balanceChangePct is the percentage change of a balance (USD bn), or
// "n.m." on a base under minBalanceBase or across a change of sign (a
// deficit turned surplus has no percentage change).
func balanceChangePct(before, after float64) string {
	if abs(before) < minBalanceBase || before*after < 0 {
		return "n.m."
	}
	return num(100*(after-before)/abs(before), 1)
}

// topN is "Top 5 winners", or "Top winner" for one.
func topN(n int, noun string) string {
	if n == 1 {
		return "Top " + noun
	}
	return fmt.Sprintf("Top %d %ss", n, noun)
}

// country is the result's country with this code, nil if none.
func (d *SolveDoc) country(code string) *CountryDoc {
	for k := range d.Countries {
		if d.Countries[k].Code == code {
			return &d.Countries[k]
		}
	}
	return nil
}

// hasCountry reports whether the result has a country with this code.
func (d *SolveDoc) hasCountry(code string) bool {
	for _, c := range d.Countries {
		if c.Code == code {
			return true
		}
	}
	return false
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// CountryTable is every country's outcome in one table (CSV output).
// baseline_tariff_fallback is last (columns are only ever added at the
// end): true where effective_tariff_before_pct rests on the dataset's
// stand-in rate (the text's "3.66*", JSON baseline_tariff_fallback), so a
// spreadsheet reader can tell the 100 world-2023 importers without their
// own tariff average from those whose own figure happens to be 3.66.
func (d *SolveDoc) CountryTable() *Table {
	t := &Table{Columns: []string{"code", "name", "welfare_pct", "real_wage_pct", "wage_pct", "price_index_pct", "employment_pct",
		"exports_pct", "imports_pct", "exports_gdp_pct", "imports_gdp_pct", "trade_balance_before", "trade_balance_after",
		"tariff_revenue_before", "tariff_revenue_after", "effective_tariff_before_pct", "effective_tariff_after_pct",
		"bilateral_balance_with_leader_before", "bilateral_balance_with_leader_after", "baseline_tariff_fallback"}}
	g := func(x float64) string { return fmt.Sprintf("%.10g", x) }
	gp := func(x *float64) string { // empty without a leader
		if x == nil {
			return ""
		}
		return g(*x)
	}
	for _, c := range d.Countries {
		t.Add(c.Code, c.Name, g(c.WelfarePct), g(c.RealWagePct), g(c.WagePct), g(c.PriceIndexPct), g(c.EmploymentPct),
			g(c.ExportsPct), g(c.ImportsPct), g(c.ExportsGDPPct), g(c.ImportsGDPPct), g(c.TradeBalanceBefore), g(c.TradeBalanceAfter),
			g(c.TariffRevenueBefore), g(c.TariffRevenueAfter), g(c.EffectiveTariffBefore), g(c.EffectiveTariffAfter),
			gp(c.BalanceWithLeaderBefore), gp(c.BalanceWithLeaderAfter), strconv.FormatBool(c.BaselineTariffFallback))
	}
	return t
}

// SectorTable is one country's sector results (solve --sectors).
func (d *SolveDoc) SectorTable(code string) (*Table, bool) {
	for _, c := range d.Countries {
		if c.Code != code {
			continue
		}
		t := &Table{
			Title:   fmt.Sprintf("%s (%s) by sector: percent changes", c.Name, c.Code),
			Columns: []string{"country", "sector", "output %", "value added %", "exports %", "imports %", "price index %", "employment %", "import share %", "tariff before %", "tariff after %"},
			Numeric: []bool{false, false, true, true, true, true, true, true, true, true, true},
		}
		for _, s := range c.Sectors {
			t.Add(c.Code, s.Code, Num(s.OutputPct, 3), Num(s.ValueAddedPct, 3), Num(s.ExportsPct, 3), Num(s.ImportsPct, 3), Num(s.PriceIndexPct, 3), Num(s.EmploymentPct, 3),
				Num(s.ImportSharePct, 1), Num(s.TariffBeforePct, 2), Num(s.TariffAfterPct, 2))
		}
		return t, len(c.Sectors) > 0
	}
	return nil, false
}

// sectorTextTable is a country's sector results for people (solve
// --sectors, text and Markdown): what is nominal is labelled so, value added
// is left out (its change is output's, said in a note; JSON and CSV keep
// it), and the baseline import share says it is one.
func (d *SolveDoc) sectorTextTable(code string) (*Table, bool) {
	for _, c := range d.Countries {
		if c.Code != code {
			continue
		}
		units := strings.ReplaceAll(d.Provenance.Model.Numeraire, "_", "-") + " units"
		t := &Table{
			Title:   fmt.Sprintf("%s (%s) by sector: percent changes (output, exports, imports and prices nominal, in %s)", c.Name, c.Code, units),
			Columns: []string{"country", "sector", "output %", "exports %", "imports %", "price index %", "employment %", "import share before %", "tariff before %", "tariff after %"},
			Numeric: []bool{false, false, true, true, true, true, true, true, true, true},
		}
		for _, s := range c.Sectors {
			t.Add(c.Code, s.Code, num(s.OutputPct, 3), num(s.ExportsPct, 3), num(s.ImportsPct, 3), num(s.PriceIndexPct, 3), num(s.EmploymentPct, 3),
				num(s.ImportSharePct, 1), num(s.TariffBeforePct, 2), num(s.TariffAfterPct, 2))
		}
		t.Notes = append(t.Notes,
			fmt.Sprintf("Output, exports, imports and prices are nominal, in %s (the model's numeraire), in which %s's wage moves %+.2f%%: a sector whose volume holds shows about that. employment %% (value added over the wage: labour is the model's only primary factor) is the real measure of the sector's activity.", units, c.Code, c.WagePct),
			"Value added is a fixed share β of gross output in each sector (Caliendo–Parro), so its change equals output's and is not shown (JSON value_added_pct, CSV value added %).",
			"import share before %: imports' share of the country's purchases of the sector in the baseline; tariff before and after: the country's tariffs on those imports, weighted by baseline imports.",
			// Under Liberation Day on icio-2022 US textiles employment
			// shows +61.6%: the model's long run, not a forecast of hiring.
			"Labour moves freely across sectors in the long run (one wage per country, no cost of changing sector), so sector employment changes are upper bounds of the reallocation.")
		return t, len(c.Sectors) > 0
	}
	return nil, false
}

// StatusTable is the solver's outcome in one row: whether it converged and,
// if not, why.
func (d *SolveDoc) StatusTable() *Table {
	t := &Table{Columns: []string{"scenario", "converged", "status", "reason", "iterations", "max_residual"}}
	t.Add(d.Scenario, fmt.Sprint(d.Converged), d.Status, d.Reason, fmt.Sprint(d.Iterations), fmt.Sprintf("%.10g", d.MaxResidual))
	return t
}

// BilateralTable is the bilateral flows in one table (CSV output).
func (d *SolveDoc) BilateralTable() *Table {
	t := &Table{Columns: []string{"exporter", "importer", "sector", "before", "after", "change_pct"}}
	for _, f := range d.Bilateral {
		t.Add(f.Exporter, f.Importer, f.Sector, fmt.Sprintf("%.10g", f.Before), fmt.Sprintf("%.10g", f.After), fmt.Sprintf("%.10g", f.ChangePct))
	}
	return t
}

// Write renders the document in any format.
func (d *SolveDoc) Write(w io.Writer, f Format, unitMillions float64) error {
	switch f {
	case JSON:
		return WriteJSON(w, d)
	case CSV:
		if !d.Converged {
			// A failed solve's reason leads, so that no reader of the file
			// takes the numbers below it for an equilibrium.
			if err := d.StatusTable().WriteCSV(w); err != nil {
				return err
			}
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := d.CountryTable().WriteCSV(w); err != nil {
			return err
		}
		for _, code := range d.SectorCountries {
			if t, ok := d.SectorTable(code); ok {
				t.Title = ""
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
				if err := t.WriteCSV(w); err != nil {
					return err
				}
			}
		}
		if len(d.Bilateral) > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
			return d.BilateralTable().WriteCSV(w)
		}
		return nil
	}
	var b strings.Builder
	if f == Markdown {
		fmt.Fprintf(&b, "## %s\n\n", d.Scenario)
	}
	b.WriteString(d.Summary(unitMillions))
	verb := "Solved in"
	if !d.Converged {
		// The first line says the run failed; "Solved" here would
		// contradict it.
		verb = "Stopped, not converged, after"
	}
	fmt.Fprintf(&b, "%s %d iterations, max residual %.1e, %.1f ms.\n", verb, d.Iterations, d.MaxResidual, 1000*d.SolveSeconds)
	for _, n := range d.Notes {
		b.WriteString("Note: " + n + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, t := range d.Tables(unitMillions, 5) {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	for _, code := range d.SectorCountries {
		if t, ok := d.sectorTextTable(code); ok {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
			if err := t.Write(w, f); err != nil {
				return err
			}
		}
	}
	if len(d.Bilateral) > 0 {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		return d.BilateralTable().Write(w, f)
	}
	return nil
}

// servicesTariff says what the leader's services imports pay, from its
// SERV sector row: "; services pay none" when neither rate is above zero,
// the change otherwise (a scenario that names SERV), and nothing when the
// report has no SERV row. Where untaxed services trade moves by 5% or more
// it says why, once: a reader who sees goods imports fall by 42% and
// total imports by 19% asks at once.
func servicesTariff(c *CountryDoc, deficits string) string {
	for _, s := range c.Sectors {
		if s.Code != "SERV" {
			continue
		}
		if s.TariffBeforePct == 0 && s.TariffAfterPct == 0 {
			if math.Abs(s.ImportsPct) >= 5 || math.Abs(s.ExportsPct) >= 5 {
				// Tariffs cut imports; the balance (fixed, or held by the
				// closure) makes exports fall with them, which takes a
				// higher wage against the partners' (or a lower one the
				// other way): services, untaxed, follow the wage.
				why, effect := "raise", "their services cheaper to it and its own dearer abroad"
				if c.WagePct < 0 {
					why, effect = "lower", "its own services cheaper abroad and theirs dearer to it"
				}
				why = "the goods tariffs " + why + " its wage"
				if deficits == "fixed" {
					why = "with its balance fixed, exports must fall with imports, so " + why
				}
				return fmt.Sprintf("; services pay none, yet their imports change by %+.1f%% and exports by %+.1f%%: %s (%+.2f%%) against the partners', which makes %s",
					tidy(s.ImportsPct, 1), tidy(s.ExportsPct, 1), why, tidy(c.WagePct, 2), effect)
			}
			return "; services pay none"
		}
		return fmt.Sprintf("; on services %.1f%% → %.1f%%", s.TariffBeforePct, s.TariffAfterPct)
	}
	return ""
}

// ValuationNote is valuationNote for the largest welfare changes of an
// equilibrium outside `solve` (optimal tariffs, tariff wars): it names,
// among the countries in first (the one whose tariff is optimised, shown
// whatever its rank) and the n largest losses and n largest gains of the
// others, those whose change is mostly the valuation of a deficit kept
// fixed. "" when none is, or the closure has no such valuation.
func ValuationNote(r *model.Result, n int, first ...int) string {
	doc := func(c int) CountryDoc {
		cr := r.Countries[c]
		d := CountryDoc{Code: cr.Code, WelfarePct: 100 * (cr.Welfare - 1)}
		if v := 100 * (cr.Welfare - cr.WelfareExValuation); math.Abs(v) > 1e-9 {
			d.WelfareValuationPct = &v
		}
		// The dataset's plausibility rule (data.QualityFlags) on the
		// baseline balance the model holds.
		if cr.GDPBefore > 0 && math.Abs(100*cr.BalanceBefore()/cr.GDPBefore) > data.MaxBalancePctGDP {
			d.DataQualityFlag = "balance beyond the plausibility bound"
		}
		return d
	}
	var head, rows []CountryDoc
	for c := range r.Countries {
		if slices.Contains(first, c) {
			head = append(head, doc(c))
		} else {
			rows = append(rows, doc(c))
		}
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a].WelfarePct < rows[b].WelfarePct })
	if len(rows) > 2*n {
		rows = append(rows[:n:n], rows[len(rows)-n:]...)
	}
	return RowsValuationNote(append(head, rows...))
}

// RowsValuationNote is valuationNote for rows another command lists (a
// playbook's welfare table: its Code, WelfarePct and WelfareValuationPct
// set, a group's GDP-weighted), without solve's JSON key.
func RowsValuationNote(rows []CountryDoc) string {
	// Outside solve the per-country valuation is not in the JSON.
	return strings.Replace(valuationNote(rows), " (JSON: welfare_deficit_valuation_pct)", "", 1)
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// deref is *x, or 0 for nil (a balance with a leader the document lacks).
func deref(x *float64) float64 {
	if x == nil {
		return 0
	}
	return *x
}

// LargeBalancePct (% of GDP) is the trade balance beyond which a report
// sets the economy's current account beside it: a balance that large (a
// re-export hub's or a tax-driven hub's surplus, Macau's goods deficit) is
// real, but it is only part of the external account, and an economist
// reading IRL at +42.6% of GDP asks for the rest at once.
const LargeBalancePct = 15

// largeBalanceNote gives, for the rows shown whose balance before the
// shock is beyond ±LargeBalancePct % of GDP, the current account of the
// dataset's year, or says that the dataset has none; "" when no row is
// that far out. Each economy is named once, in the order of rows.
func (d *SolveDoc) largeBalanceNote(rows []CountryDoc) string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range rows {
		if seen[c.Code] || math.Abs(c.BalanceGDPPctBefore) < LargeBalancePct {
			continue
		}
		seen[c.Code] = true
		p := fmt.Sprintf("%s %+.1f%%", c.Code, tidy(c.BalanceGDPPctBefore, 1))
		if c.CurrentAccountGDPPct != nil {
			p += fmt.Sprintf(" (current account %+.1f%% in %d)", tidy(*c.CurrentAccountGDPPct, 1), c.CurrentAccountYear)
		} else {
			p += " (no current account in the dataset)"
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return ""
	}
	left := "services and primary and secondary income (investment income, remittances)"
	if d.Provenance.TradeCoverage == data.CoverageServices {
		left = "primary and secondary income (investment income such as multinationals' profits paid abroad, remittances)"
	}
	return fmt.Sprintf("balance/GDP beyond ±%d%% is real but leaves out %s, which the model does not trade: %s.", LargeBalancePct, left, AndList(parts))
}
