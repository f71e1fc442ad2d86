package benchmark

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// bn formats a level in the dataset's unit as billions of USD.
func bn(x, unitMillions float64) string { return report.Num(x*unitMillions/1000, 1) }

// notApplicable stands in a text table for a figure that is not read as a
// result (an implausible path's welfare and verdict).
const notApplicable = "n/a"

func passFail(b bool) string {
	if b {
		return "pass"
	}
	return "fail"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// SurplusReport is the JSON of `tradebloc surplus` (DESIGN §4; keys may be
// added, never renamed).
type SurplusReport struct {
	Leader    string    `json:"leader"`
	Rule      Rule      `json:"rule"`
	RuleText  string    `json:"rule_text"`
	Unit      string    `json:"unit"`
	Countries []Economy `json:"countries"`
	// TradeCoverage is what the dataset's balances cover: "goods" or
	// "goods and services" (icio-2022, the concept closest to the current
	// account); goods_balance fields hold that balance.
	TradeCoverage string `json:"trade_coverage"`
	// Dataset names the dataset the balances come from.
	Dataset string `json:"dataset"`
	// CensusComparison names the dataset balance set beside the Census
	// figures (the goods bilateral balance with the leader): "goods" on a
	// goods dataset, "goods (services sector excluded)" on one with
	// services. Empty when the leader is not the USA (Census balances are
	// the US's own, so there is nothing to compare).
	CensusComparison string `json:"census_comparison,omitempty"`
	// Folded lists the persistent-surplus economies the dataset folds into
	// an aggregate unit (icio-2022's ROW), which Countries cannot list.
	Folded []Folded `json:"folded_into_aggregates,omitempty"`
}

// censusComparison is SurplusReport.CensusComparison for a dataset's
// coverage and leader.
func censusComparison(coverage, leader string) string {
	switch {
	case leader != "USA":
		return ""
	case coverage == data.CoverageServices:
		return "goods (services sector excluded)"
	}
	return data.CoverageGoods
}

// NewSurplusReport assembles the report of `tradebloc surplus` from
// Classify's economies and rule and FoldedSurplus's economies.
func NewSurplusReport(ds *data.Dataset, leader string, rule Rule, ecs []Economy, folded []Folded) *SurplusReport {
	cov := Coverage(ds)
	return &SurplusReport{Leader: leader, Rule: rule, RuleText: rule.String(), Unit: ds.Unit, Countries: ecs,
		TradeCoverage: cov, Dataset: ds.Name, CensusComparison: censusComparison(cov, leader), Folded: folded}
}

// balanceColumn heads the column of the dataset's balance in % of GDP.
func balanceColumn(coverage string) string {
	if coverage == data.CoverageServices {
		return "G&S bal % GDP"
	}
	return "goods bal % GDP"
}

// orGoods is the coverage, "goods" for reports made before it was recorded.
func orGoods(coverage string) string {
	if coverage == "" {
		return data.CoverageGoods
	}
	return coverage
}

// balanceNote says where the "goods bal" and bilateral columns come from.
func balanceNote(dataset, coverage, leader string) string {
	if coverage == data.CoverageServices {
		return fmt.Sprintf("Balance (%% of GDP) and bal with %s: the trade matrix of %s, goods and services (the concept closest to the current account); goods bal with %s: its goods sectors only, the concept of the Census column.", leader, dataset, leader)
	}
	return fmt.Sprintf("Goods balance (%% of GDP) and bilateral balance: the trade matrix of %s (world-2023: BACI 2023 repaired and rescaled to the 2023 BoP goods balances).", dataset)
}

// Write renders the report; the table lists persistent-surplus economies
// only unless all is set (JSON always has every economy).
func (r *SurplusReport) Write(w io.Writer, f report.Format, unitMillions float64, all bool) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	services := r.TradeCoverage == data.CoverageServices
	// The CSV keeps the columns it has always had in their order, the ones
	// added since at its end (scripts read it by position); the text
	// shows each new column beside the one it qualifies.
	order := func(cells []string) []string {
		if f != report.CSV {
			return cells
		}
		// cells: code … mean CA $bn (0–5), latest CA % and $ (6, 7),
		// balance, bal with leader (8, 9), [goods bal with leader (10)],
		// Census, data flag (the last two).
		n := len(cells)
		out := append(append([]string{}, cells[:6]...), cells[8], cells[9], cells[n-2], cells[n-1], cells[6], cells[7])
		if services {
			out = append(out, cells[10])
		}
		return out
	}
	cols := []string{"code", "name", "persistent", "CA years ≥ threshold", "mean CA % GDP", "mean CA $bn", "latest CA % GDP", "latest CA $bn",
		balanceColumn(r.TradeCoverage), "bal with " + r.Leader + " $bn"}
	if services {
		cols = append(cols, "goods bal with "+r.Leader+" $bn")
	}
	cols = order(append(cols, "Census bal with USA $bn", "data flag"))
	t := &report.Table{Title: "Persistent-surplus economies", Columns: cols, Numeric: make([]bool, len(cols))}
	for k, c := range cols {
		t.Numeric[k] = k >= 3 && c != "data flag"
	}
	if all {
		t.Title = "Current-account surplus classification"
	}
	opt := func(p *float64, dec int, scale float64) string {
		if p == nil {
			return "–"
		}
		return report.Num(*p*scale, dec)
	}
	var flagged, unrec []string
	var apart []report.CensusGap
	latestYears := map[int]bool{}
	for _, e := range r.Countries {
		if !all && !e.PersistentSurplus {
			continue
		}
		ev := e.Evidence
		// Census is the US's goods trade: compare it with the dataset's
		// goods balance with the US, never with services in.
		cmp := ev.GoodsBalanceWithLeader
		if cmp == nil {
			cmp = ev.BalanceWithLeader
		}
		if r.Leader == "USA" && cmp != nil && ev.CensusBalanceWithUS != nil {
			if g := censusGap(e.Code, *cmp, ev, unitMillions); g.Apart() {
				apart = append(apart, g)
			}
		}
		flag := ""
		if ev.DataQualityFlag != "" {
			flag = "yes"
			flagged = append(flagged, fmt.Sprintf("%s (%s%%)", e.Code, opt(ev.GoodsBalancePctGDP, 0, 1)))
		}
		bal := opt(ev.GoodsBalancePctGDP, 1, 1)
		if ev.BalanceNotReconciled {
			unrec = append(unrec, fmt.Sprintf("%s (%s%%)", e.Code, bal))
			if f != report.CSV { // a CSV cell keeps one value; the JSON has balance_not_reconciled
				bal += "†"
			}
		}
		if ev.LatestCAYear > 0 {
			latestYears[ev.LatestCAYear] = true
		}
		cells := []string{e.Code, e.Name, yesNo(e.PersistentSurplus), fmt.Sprintf("%d/%d (need %d)", ev.YearsInSurplus, ev.YearsObserved, ev.YearsRequired),
			opt(ev.MeanCAPctGDP, 1, 1), opt(ev.MeanCAUSDbn, 0, 1), opt(ev.LatestCAPctGDP, 1, 1), opt(ev.LatestCAUSDbn, 0, 1),
			bal, opt(ev.BalanceWithLeader, 1, unitMillions/1000)}
		if services {
			cells = append(cells, opt(ev.GoodsBalanceWithLeader, 1, unitMillions/1000))
		}
		t.Add(order(append(cells, opt(ev.CensusBalanceWithUS, 1, 0.001), flag))...)
	}
	t.Notes = []string{
		"Rule: " + r.RuleText + ".",
		fmt.Sprintf("Ranked by mean CA $bn = mean CA %% of GDP over the window × GDP 2024: the decade's typical surplus at today's size, not any year's dollar surplus; latest CA = the last year of the window in the series (%s) and that share × GDP 2024, the surplus the rest of the world absorbs now.", yearList(latestYears)),
		"CA: IMF WEO April 2026 (Taiwan: 2023/2024 only, secondary source). Census: US goods trade 2024, the economy's balance with the US.",
		balanceNote(r.Dataset, r.TradeCoverage, r.Leader),
	}
	if len(unrec) > 0 {
		// "None" is the source table's, not the world's: Slovenia or
		// Malta publish BoP goods balances, the compiled WDI extract
		// the build reads just does not carry them.
		where, none := "", "these have none in the table it reads"
		if r.Dataset == data.DefaultName {
			where = " (the dataset README, step 4)"
			none = "these have none in the World Bank extract it reads (WDI BN.GSR.MRCH.CD for 2023, 61 economies), though many publish one elsewhere"
		}
		t.Notes = append(t.Notes, fmt.Sprintf("† Goods balance not reconciled with the balance of payments: %s rescales the goods balances of the economies with a BoP figure to it%s; %s, and keep their mirror-flow balance, not an official figure: %s.",
			r.Dataset, where, none, strings.Join(unrec, ", ")))
	}
	if len(flagged) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("Data flag: goods balance beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	if len(apart) > 0 {
		t.Notes = append(t.Notes, report.CensusGapNote(r.Dataset, r.TradeCoverage, apart))
	}
	if len(r.Folded) > 0 {
		t.Notes = append(t.Notes, foldedNote(r.Dataset, r.Folded))
	}
	return t.Write(w, f)
}

// censusGap sets an economy's goods balance with the US in the dataset
// (cmp, the dataset's unit) beside Census's, with the flows where the
// evidence has them; report.CensusGap.String names the one further from
// its Census figure: " (US imports from it 98.7 vs 160.4)".
func censusGap(code string, cmp float64, ev Evidence, unitMillions float64) report.CensusGap {
	g := report.CensusGap{Code: code, Balance: cmp * unitMillions / 1000, Census: *ev.CensusBalanceWithUS / 1000}
	if ev.GoodsExportsToLeader == nil || ev.GoodsImportsFromLeader == nil || ev.CensusUSImports == nil || ev.CensusUSExports == nil {
		return g
	}
	g.HasFlows = true
	g.USImports, g.CensusUSImports = *ev.GoodsExportsToLeader*unitMillions/1000, *ev.CensusUSImports/1000 // the US's imports from the economy
	g.USExports, g.CensusUSExports = *ev.GoodsImportsFromLeader*unitMillions/1000, *ev.CensusUSExports/1000
	return g
}

// yearList writes a set of years in order: "2025" or "2024, 2025".
func yearList(set map[int]bool) string {
	ys := make([]int, 0, len(set))
	for y := range set {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	parts := make([]string, len(ys))
	for k, y := range ys {
		parts[k] = strconv.Itoa(y)
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// foldedNote names the persistent-surplus economies folded into aggregate
// units, with their mean CA.
func foldedNote(dataset string, folded []Folded) string {
	var units []string
	by := map[string][]string{}
	for _, f := range folded {
		if _, ok := by[f.Unit]; !ok {
			units = append(units, f.Unit)
		}
		usd := ""
		if f.MeanCAUSDbn != nil {
			usd = ", $" + report.Num(*f.MeanCAUSDbn, 0) + " bn"
		}
		by[f.Unit] = append(by[f.Unit], fmt.Sprintf("%s (%s%%%s)", f.Code, report.Num(f.MeanCAPctGDP, 1), usd))
	}
	parts := make([]string, len(units))
	for k, u := range units {
		parts[k] = fmt.Sprintf("into %s: %s", u, strings.Join(by[u], ", "))
	}
	return fmt.Sprintf("Not listed: persistent-surplus economies by the same rule (IMF current account, world-2023's series; mean CA %% of GDP, $bn) that %s folds %s; they have no row of their own here.",
		dataset, strings.Join(parts, "; "))
}

// censusApart is report.CensusApart, the one rule of every command that
// sets a balance with the US beside Census.
func censusApart(ds, census float64) bool { return report.CensusApart(ds, census) }

// fallNote explains the judged multilateral change, named by what (the
// benchmark's "fall pp" column, the paths' verdicts): the one wording of
// both reports, so that a % of GDP column that rises while the verdict
// says "falls" (China's 3.51 → 3.62 under remove_export_subsidy, a fall of
// 0.01 pp relative to world GDP) is read as the GDP moving, not as a
// contradiction.
func fallNote(what string) string {
	return what + ": the fall of the multilateral balance relative to world GDP, in pp of the economy's GDP before — the change the benchmark judges; the % of GDP columns also move with the economy's GDP relative to the world's, which under fixed deficits is all a tariff moves."
}

// bothBalancesNote says what the two balances of the benchmark table are.
// On a dataset with services the bilateral columns are goods and services,
// which Census's goods figures are not to be read against (DEU's 15.6 on
// icio-2022 against Census's 84.8): the note says so and where the goods
// balance is.
func bothBalancesNote(leader, coverage string) string {
	bil := orGoods(coverage) + ", $bn"
	if coverage == data.CoverageServices {
		bil += "; Census 2024's figures are goods only, so a Census comparison uses the goods balance, services sector excluded: JSON bilateral_goods_balance_with_leader_before/after"
	}
	return "Both balances are shown whatever the rule: bilateral with " + leader + " (" + bil + ") and multilateral (% of the model's GDP)."
}

// noneMovesNote heads a report in which no multilateral balance moves, so
// that a column of "fails" is read as what the closure implies, not as a
// finding about the partners.
const noneMovesNote = "No economy's multilateral balance moves relative to world GDP in this scenario (fall pp 0.00 throughout): with deficits fixed, tariffs move where a surplus lands, not its size, so no persistent-surplus economy can meet the multilateral rule here. `tradebloc benchmark paths PARTNER` prices the moves that do shrink a surplus."

// noneMoves reports whether every economy's judged fall rounds to zero.
func (r *Report) noneMoves() bool {
	for _, c := range r.Countries {
		if math.Abs(c.MultilateralDropPP) >= 0.005 {
			return false
		}
	}
	return len(r.Countries) > 0
}

// meets is a verdict in a word: a partner not asked to adjust neither
// meets nor fails.
func meets(v Verdict) string {
	if !v.AskedToAdjust {
		return "not asked"
	}
	return yesNo(v.MeetsBenchmark)
}

// Write renders the benchmark report.
func (r *Report) Write(w io.Writer, f report.Format, unitMillions float64) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	t := &report.Table{
		Title: fmt.Sprintf("Balanced-trade benchmark, rule %s: %s against %s (before = baseline data, after = the scenario)", r.Rule, r.Scenario, r.Leader),
		Columns: []string{"code", "name", "persistent", "bal with " + r.Leader + " before $bn", "after $bn", "bal % GDP before", "after",
			"fall pp", "meets", "reason"},
		Numeric: []bool{false, false, false, true, true, true, true, true, false, false},
	}
	var flagged, deficit, unrec []string
	for _, c := range r.Countries {
		before := report.Num(c.BalanceGDPPctBefore, 2)
		if c.TradeDeficitDespiteCASurplus {
			ca := ""
			if c.MeanCAPctGDP != nil {
				ca = fmt.Sprintf("; mean CA %+.1f%%", *c.MeanCAPctGDP)
			}
			deficit = append(deficit, fmt.Sprintf("%s (%s%%%s)", c.Code, before, ca))
		}
		// † only on the economies asked to adjust: on world-2023 most
		// small economies are unreconciled, and marking 130 "not asked"
		// rows would bury the ones judged (the JSON flags every economy).
		unreconciled := c.BalanceNotReconciled && c.PersistentSurplus
		if unreconciled {
			unrec = append(unrec, c.Code)
		}
		if f != report.CSV { // a CSV cell keeps one value; the JSON has the flags
			if c.TradeDeficitDespiteCASurplus {
				before += "‡"
			}
			if unreconciled {
				before += "†"
			}
		}
		t.Add(c.Code, c.Name, yesNo(c.PersistentSurplus), bn(c.BalanceWithLeaderBefore, unitMillions), bn(c.BalanceWithLeaderAfter, unitMillions),
			before, report.Num(c.BalanceGDPPctAfter, 2), report.Num(c.MultilateralDropPP, 2), meets(c.Verdict), c.Reason)
		if c.DataQualityFlag != "" {
			flagged = append(flagged, fmt.Sprintf("%s (%s%%)", c.Code, report.Num(c.BalanceGDPPctBefore, 1)))
		}
	}
	switch {
	case r.NoShocks:
		t.Notes = append(t.Notes, fmt.Sprintf("%s has no shocks, so every balance after is its baseline value: there is nothing to judge. A coalition: block is a game, played by `tradebloc coalition` and `tradebloc simulate`; to judge one membership's tariffs, export it as a plain scenario (`tradebloc coalition %s --export CAN+MEX > bloc.yaml`) and benchmark that.", r.Scenario, r.Scenario))
	case r.noneMoves():
		t.Notes = append(t.Notes, noneMovesNote)
	}
	t.Notes = append(t.Notes, "Persistent surplus: "+r.SurplusRule.String()+".", "Benchmark, "+r.RuleText+".")
	t.Notes = append(t.Notes, r.Notes...)
	t.Notes = append(t.Notes, bothBalancesNote(r.Leader, r.TradeCoverage), fallNote("fall pp"))
	if len(deficit) > 0 {
		t.Notes = append(t.Notes, deficitNote(orGoods(r.TradeCoverage), r.DataYear, r.Test.measure(), strings.Join(deficit, ", ")))
	}
	if len(unrec) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("† Goods balance not reconciled with the balance of payments: the dataset has no BoP figure for these and keeps their mirror-flow balance, not the official one (JSON balance_not_reconciled, for every economy): %s.", strings.Join(unrec, ", ")))
	}
	if len(flagged) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("Data flag: %s beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			orGoods(r.TradeCoverage)+" balance", data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	return t.Write(w, f)
}

// deficitNote explains the persistent-surplus economies that run a trade
// deficit in the data: classified on the current account, judged on the
// trade balance. They are judged all the same: with the income flows (and,
// in a goods dataset, services) the model does not carry held fixed, a
// fall of the trade balance is the same fall of the current account, the
// surplus the rule asks to shrink; exempting them would let Japan's
// 3.6%-of-GDP surplus off because it is earned as income.
func deficitNote(coverage string, year int, m Measure, list string) string {
	why := "income the model holds fixed (Japan's: primary income on foreign assets)"
	if coverage == data.CoverageGoods {
		why = "services or income, which goods trade leaves out and the model holds fixed (Japan's: primary income on foreign assets; Spain's and Hong Kong's: services)"
	}
	when := "the data's year"
	if year > 0 {
		when = strconv.Itoa(year)
		if year == 2022 {
			when += " (the year of the energy-price shock)"
		}
	}
	note := fmt.Sprintf("‡ Persistent current-account surplus, %s deficit in the data: %s. Their surplus is earned on %s, or their balance in %s differs from the decade's. They are judged all the same: with those flows fixed, a fall of the trade balance is the same fall of the current account, the surplus the rule asks to shrink",
		coverage, list, why, when)
	if m != Bilateral {
		note += fmt.Sprintf("; but for them the multilateral rule asks a deeper %s deficit, not a trade surplus that closes", coverage)
	}
	return note + " (JSON trade_deficit_despite_ca_surplus)."
}

// Write renders the paths report.
func (r *PathsReport) Write(w io.Writer, f report.Format, unitMillions float64) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	t := &report.Table{
		Title: fmt.Sprintf("%s (%s) under %s: which moves meet %s's balanced-trade benchmark?", r.PartnerName, r.Partner, r.BaseScenario, r.Leader),
		Columns: []string{"path", "bal with " + r.Leader + " before $bn", "after $bn", "bal % GDP before", "after",
			r.Partner + " welfare %", "incl. transfer", r.Leader + " welfare %", "incl. transfer", "real apprec. %", "test", "meets"},
		Numeric: []bool{false, true, true, true, true, true, true, true, true, true, false, false},
	}
	implausible := false
	for _, p := range r.Paths {
		welfare := []string{report.Num(p.PartnerWelfarePct, 2), report.Num(p.PartnerWelfareInclTransferPct, 2),
			report.Num(p.LeaderWelfarePct, 2), report.Num(p.LeaderWelfareInclTransferPct, 2)}
		test, verdict := passFail(p.TestMet), meets(p.Verdict)
		if p.Implausible {
			implausible = true
			// A CSV cell keeps the value (the contract, as the JSON does,
			// with implausible); a table read by a person shows no welfare
			// gain or verdict for a move no policy delivers (Singapore's
			// +9.28% and "yes" beside its 60%-of-GDP swing).
			if f != report.CSV {
				for k := range welfare {
					welfare[k] = notApplicable
				}
				test, verdict = notApplicable, notApplicable+"*"
			}
		}
		t.Add(append(append([]string{p.Name, bn(p.BalanceWithLeaderBefore, unitMillions), bn(p.BalanceWithLeaderAfter, unitMillions),
			report.Num(p.BalanceGDPPctBefore, 2), report.Num(p.BalanceGDPPctAfter, 2)}, welfare...),
			report.Num(p.RealAppreciationPct, 2), test, verdict)...)
	}
	asked := "it is asked to adjust"
	if !r.PersistentSurplus {
		asked = "it is not asked to adjust, so every path 'meets'; the test column says whether the move would pass the test asked of one"
	}
	notes := []string{
		fmt.Sprintf("Before = %s; after = %s.", r.Before, r.After),
		"Welfare: change against before, net of the transfer a deficit target imposes (spending financed by lower saving is not a gain; docs/welfare.md); 'incl. transfer' counts it.",
		fmt.Sprintf("Persistent-surplus economy: %s (%s). Baseline data (before any scenario shock; the data's own tariffs): balance with %s %s bn, %s%% of GDP.",
			yesNo(r.PersistentSurplus), asked, r.Leader, bn(r.BaselineBalanceWithLeader, unitMillions), report.Num(r.BaselineBalanceGDPPct, 2)),
	}
	notes = append(notes, r.Notes...)
	for _, p := range r.Paths {
		note := fmt.Sprintf("%s: %s — %s", p.Name, p.Description, p.Reason)
		if math.Abs(p.PartnerTransferPctGDP) > 0.005 {
			note += fmt.Sprintf("; transfer to %s %s%% of GDP", r.Partner, report.Num(p.PartnerTransferPctGDP, 2))
		}
		notes = append(notes, note+".")
	}
	if implausible {
		notes = append(notes, fmt.Sprintf("* Implausible: the revaluation needs a balance swing beyond %g%% of GDP, more than any large economy's recorded reversal; its welfare and verdict would be the model's arithmetic, not a policy option, so the table shows n/a for them (the JSON and CSV keep the model's figures, with JSON implausible: true).", implausibleSwingPctGDP))
	}
	notes = append(notes, fallNote(`"multilateral balance falls … pp" in the verdicts`), "Benchmark, "+r.RuleText+".")
	if f == report.Markdown {
		for k := range notes {
			notes[k] = "- " + notes[k]
		}
	}
	t.Notes = []string{strings.Join(notes, "\n")}
	return t.Write(w, f)
}
