package benchmark

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// bn formats a level in the dataset's unit as billions of USD.
func bn(x, unitMillions float64) string { return report.Num(x*unitMillions/1000, 1) }

// pp prints a change in pp of GDP, without the sign of a rounding-sized
// residual ("-0.00").
func pp(x float64) string {
	if math.Abs(x) < 0.005 {
		x = 0
	}
	return report.Num(x, 2)
}

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
func balanceNote(dataset, coverage string) string {
	if coverage == data.CoverageServices {
		return fmt.Sprintf("Balance (%% of GDP) and bilateral balance: the trade matrix of %s, goods and services (the concept closest to the current account).", dataset)
	}
	return fmt.Sprintf("Goods balance (%% of GDP) and bilateral balance: the trade matrix of %s (world-2023: BACI 2023 repaired and rescaled to the 2023 BoP goods balances).", dataset)
}

// Write renders the report; the table lists persistent-surplus economies
// only unless all is set (JSON always has every economy).
func (r *SurplusReport) Write(w io.Writer, f report.Format, unitMillions float64, all bool) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	t := &report.Table{
		Title:   "Persistent-surplus economies",
		Columns: []string{"code", "name", "persistent", "CA years ≥ threshold", "mean CA % GDP", "mean CA $bn", balanceColumn(r.TradeCoverage), "bal with " + r.Leader + " $bn", "Census bal with USA $bn", "data flag"},
		Numeric: []bool{false, false, false, true, true, true, true, true, true, false},
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
	var flagged, apart []string
	for _, e := range r.Countries {
		if !all && !e.PersistentSurplus {
			continue
		}
		ev := e.Evidence
		if ev.BalanceWithLeader != nil && ev.CensusBalanceWithUS != nil {
			if ds, census := *ev.BalanceWithLeader*unitMillions/1000, *ev.CensusBalanceWithUS/1000; censusApart(ds, census) {
				apart = append(apart, fmt.Sprintf("%s %.1f vs %.1f", e.Code, ds, census))
			}
		}
		flag := ""
		if ev.DataQualityFlag != "" {
			flag = "yes"
			flagged = append(flagged, fmt.Sprintf("%s (%s%%)", e.Code, opt(ev.GoodsBalancePctGDP, 0, 1)))
		}
		t.Add(e.Code, e.Name, yesNo(e.PersistentSurplus), fmt.Sprintf("%d/%d (need %d)", ev.YearsInSurplus, ev.YearsObserved, ev.YearsRequired),
			opt(ev.MeanCAPctGDP, 1, 1), opt(ev.MeanCAUSDbn, 0, 1), opt(ev.GoodsBalancePctGDP, 1, 1), opt(ev.BalanceWithLeader, 1, unitMillions/1000), opt(ev.CensusBalanceWithUS, 1, 0.001), flag)
	}
	t.Notes = []string{
		"Rule: " + r.RuleText + ".",
		"Ranked by mean CA in USD (mean CA % of GDP × GDP 2024): the surplus the rest of the world must absorb.",
		"CA: IMF WEO April 2026 (Taiwan: 2023/2024 only, secondary source). Census: US goods trade 2024, the economy's balance with the US.",
		balanceNote(r.Dataset, r.TradeCoverage),
	}
	if len(flagged) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("Data flag: goods balance beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	if len(apart) > 0 {
		src := "the trade matrix of " + r.Dataset
		if r.Dataset == data.DefaultName {
			src = "BACI 2023 mirror flows (Taiwan's from ICIO 2022)"
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Balance with %s far from Census (dataset vs Census 2024, $bn; gap ≥ $%g bn and ≥ %g%%): %s. The dataset's come from %s, not the same year; Census counts US re-exports and values some goods differently (see the dataset README).",
			r.Leader, censusGapBn, censusGapPct, strings.Join(apart, ", "), src))
	}
	return t.Write(w, f)
}

// Gaps between a dataset's bilateral balance with the US and the Census
// figure worth a note: at least censusGapBn and censusGapPct of the Census
// figure, so that a year's drift on a small balance is not named.
const (
	censusGapBn  = 20.0
	censusGapPct = 40.0
)

// censusApart reports whether a dataset balance and the Census one (both
// $bn) differ by at least censusGapBn and censusGapPct of the Census figure.
func censusApart(ds, census float64) bool {
	gap := math.Abs(ds - census)
	return gap >= censusGapBn && gap >= censusGapPct/100*math.Abs(census)
}

// fallNote explains the judged multilateral change.
const fallNote = "fall pp: the fall of the multilateral balance relative to world GDP, in pp of the economy's GDP before — the change the benchmark judges; the % of GDP columns also move with the economy's GDP relative to the world's, which under fixed deficits is all a tariff moves."

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
	var flagged []string
	for _, c := range r.Countries {
		t.Add(c.Code, c.Name, yesNo(c.PersistentSurplus), bn(c.BalanceWithLeaderBefore, unitMillions), bn(c.BalanceWithLeaderAfter, unitMillions),
			report.Num(c.BalanceGDPPctBefore, 2), report.Num(c.BalanceGDPPctAfter, 2), pp(c.MultilateralDropPP), meets(c.Verdict), c.Reason)
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
	t.Notes = append(t.Notes, "Persistent surplus: "+r.SurplusRule.String()+".", "Benchmark, "+r.RuleText+".",
		"Both balances are shown whatever the rule: bilateral with "+r.Leader+" ("+orGoods(r.TradeCoverage)+", $bn) and multilateral (% of the model's GDP).",
		fallNote)
	if len(flagged) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("Data flag: %s beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			orGoods(r.TradeCoverage)+" balance", data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	return t.Write(w, f)
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
		verdict := meets(p.Verdict)
		if p.Implausible {
			implausible = true
			if f != report.CSV { // a CSV cell keeps one value; the JSON has implausible
				verdict += "*"
			}
		}
		t.Add(p.Name, bn(p.BalanceWithLeaderBefore, unitMillions), bn(p.BalanceWithLeaderAfter, unitMillions),
			report.Num(p.BalanceGDPPctBefore, 2), report.Num(p.BalanceGDPPctAfter, 2),
			report.Num(p.PartnerWelfarePct, 2), report.Num(p.PartnerWelfareInclTransferPct, 2),
			report.Num(p.LeaderWelfarePct, 2), report.Num(p.LeaderWelfareInclTransferPct, 2),
			report.Num(p.RealAppreciationPct, 2), passFail(p.TestMet), verdict)
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
	for _, p := range r.Paths {
		note := fmt.Sprintf("%s: %s — %s", p.Name, p.Description, p.Reason)
		if math.Abs(p.PartnerTransferPctGDP) > 0.005 {
			note += fmt.Sprintf("; transfer to %s %s%% of GDP", r.Partner, report.Num(p.PartnerTransferPctGDP, 2))
		}
		notes = append(notes, note+".")
	}
	if implausible {
		notes = append(notes, fmt.Sprintf("* Implausible: the revaluation needs a balance swing beyond %g%% of GDP, more than any large economy's recorded reversal; its verdict and welfare are the model's arithmetic, not a policy option (JSON implausible).", implausibleSwingPctGDP))
	}
	notes = append(notes, "Benchmark, "+r.RuleText+".")
	if f == report.Markdown {
		for k := range notes {
			notes[k] = "- " + notes[k]
		}
	}
	t.Notes = []string{strings.Join(notes, "\n")}
	return t.Write(w, f)
}
