package benchmark

import (
	"fmt"
	"io"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// bn formats a level in the dataset's unit as billions of USD.
func bn(x, unitMillions float64) string { return report.Num(x*unitMillions/1000, 1) }

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
}

// Write renders the report; the table lists persistent-surplus economies
// only unless all is set (JSON always has every economy).
func (r *SurplusReport) Write(w io.Writer, f report.Format, unitMillions float64, all bool) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	t := &report.Table{
		Title:   "Persistent-surplus economies",
		Columns: []string{"code", "name", "persistent", "CA years ≥ threshold", "mean CA % GDP", "mean CA $bn", "goods bal % GDP", "bal with " + r.Leader + " $bn", "Census bal with USA $bn", "data flag"},
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
	var flagged []string
	for _, e := range r.Countries {
		if !all && !e.PersistentSurplus {
			continue
		}
		ev := e.Evidence
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
		"CA: IMF WEO April 2026 (Taiwan: 2023/2024 only, secondary source). Goods balance (% of GDP) and bilateral balance: the dataset's trade matrix (world-2023: BACI 2023 repaired and rescaled to the 2023 BoP goods balances). Census: US goods trade 2024, the economy's balance with the US.",
	}
	if len(flagged) > 0 {
		t.Notes = append(t.Notes, fmt.Sprintf("Data flag: goods balance beyond ±%d%% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: %s.",
			data.MaxBalancePctGDP, strings.Join(flagged, ", ")))
	}
	return t.Write(w, f)
}

// Write renders the benchmark report.
func (r *Report) Write(w io.Writer, f report.Format, unitMillions float64) error {
	if f == report.JSON {
		return report.WriteJSON(w, r)
	}
	t := &report.Table{
		Title: fmt.Sprintf("Balanced-trade benchmark: %s against %s (before = baseline data, after = the scenario)", r.Scenario, r.Leader),
		Columns: []string{"code", "name", "persistent", "bal with " + r.Leader + " before $bn", "after $bn", "bal % GDP before", "after",
			"meets", "reason"},
		Numeric: []bool{false, false, false, true, true, true, true, false, false},
	}
	for _, c := range r.Countries {
		t.Add(c.Code, c.Name, yesNo(c.PersistentSurplus), bn(c.BalanceWithLeaderBefore, unitMillions), bn(c.BalanceWithLeaderAfter, unitMillions),
			report.Num(c.BalanceGDPPctBefore, 2), report.Num(c.BalanceGDPPctAfter, 2), yesNo(c.MeetsBenchmark), c.Reason)
	}
	t.Notes = []string{"Persistent surplus: " + r.SurplusRule.String() + ".", "Benchmark: " + r.Test.String() + "."}
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
			r.Partner + " welfare %", r.Leader + " welfare %", "real apprec. %", "meets"},
		Numeric: []bool{false, true, true, true, true, true, true, true, false},
	}
	for _, p := range r.Paths {
		t.Add(p.Name, bn(p.BalanceWithLeaderBefore, unitMillions), bn(p.BalanceWithLeaderAfter, unitMillions),
			report.Num(p.BalanceGDPPctBefore, 2), report.Num(p.BalanceGDPPctAfter, 2),
			report.Num(p.PartnerWelfarePct, 2), report.Num(p.LeaderWelfarePct, 2), report.Num(p.RealAppreciationPct, 2), yesNo(p.MeetsBenchmark))
	}
	notes := []string{
		fmt.Sprintf("Before = %s; after = %s. Welfare: change against before.", r.Before, r.After),
		fmt.Sprintf("Persistent-surplus economy: %s. Baseline data (no tariffs): balance with %s %s bn, %s%% of GDP.",
			yesNo(r.PersistentSurplus), r.Leader, bn(r.BaselineBalanceWithLeader, unitMillions), report.Num(r.BaselineBalanceGDPPct, 2)),
	}
	for _, p := range r.Paths {
		notes = append(notes, fmt.Sprintf("%s: %s — %s.", p.Name, p.Description, p.Reason))
	}
	notes = append(notes, "Benchmark: "+r.Settings.Test.String()+".")
	if f == report.Markdown {
		for k := range notes {
			notes[k] = "- " + notes[k]
		}
	}
	t.Notes = []string{strings.Join(notes, "\n")}
	return t.Write(w, f)
}
