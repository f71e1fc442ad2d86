package playbook

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/report"
)

// unityText is the unity lesson in words (Lessons.UnityText). The defining feature is measured
// with every member taking part, unity asks whether each would rather not:
// a feature can hold while the coalition is not united, and the text says
// what that means instead of leaving "holds" beside "not united". Where
// defecting has a price (cocom's penalty) the text says that the gain is
// net of it.
func (r *Result) unityText() string {
	l := r.Lessons
	how, then := "", "the feature holds only as long as members are held to it (by carrots, penalties or enforcement)"
	if p := r.Playbook; p != nil {
		if p.defection != "" {
			how = " (" + p.defection + ")"
		}
		if p.notUnited != "" {
			then = p.notUnited
		}
	}
	switch {
	case l.United:
		return fmt.Sprintf("united: no member gains by defecting%s (the most tempted, %s, would change %+.3f pp)", how, l.MostTempted, l.MaxDefectionGainPct)
	case r.Feature.Holds:
		return fmt.Sprintf("not united: %s gains %.3f pp by defecting%s while the others take part, so %s", l.MostTempted, l.MaxDefectionGainPct, how, then)
	}
	return fmt.Sprintf("not united: %s gains %.3f pp by defecting%s while the others take part", l.MostTempted, l.MaxDefectionGainPct, how)
}

// line is the feature with its verdict and the setting it is measured in:
// "holds when every member takes part" suits a feature measured with the
// whole coalition acting, not one measured with members defecting or
// leaking (league-sanctions, cocom), which says who does what instead.
func (f Feature) line() string {
	verdict := map[bool]string{true: "holds", false: "does not hold"}[f.Holds]
	if f.Setting == "" {
		return fmt.Sprintf("%s (%s)", f.Text, verdict)
	}
	return fmt.Sprintf("%s (%s when %s)", f.Text, verdict, f.Setting)
}

// Write renders a playbook run as text or Markdown (CSV: the welfare table).
func (r *Result) Write(w io.Writer, f report.Format) error {
	acc := &report.Table{Title: fmt.Sprintf("%s (%s): %s", r.Name, r.Period, r.Summary), Columns: []string{"", ""}}
	acc.Add("history", fmt.Sprintf("%s — %s", r.Account.Dates, r.Account.Outcome))
	acc.Add("then", r.Account.Members)
	acc.Add("sources", strings.Join(r.Account.Sources, "; "))
	acc.Add("today", r.Mechanism)
	acc.Add("coalition", strings.Join(r.Members, " "))
	if len(r.Special) > 0 {
		acc.Add("special", strings.Join(r.Special, " "))
	}
	acc.Add("defining feature", r.Feature.line())
	acc.Add("unity", r.Lessons.UnityText)
	l := r.Lessons
	share := fmt.Sprintf("coalition's share of its exports %.1f%%", l.CoalitionShareOfExpts)
	if s := l.SanctioningShareOfExpts; s != nil {
		// The defectors trade on: the whole coalition's share would count
		// exports the sanctions never reach (46.8% against 26.7% for
		// China's, EU27 and JPN defecting).
		share = fmt.Sprintf("share of its exports the sanctioning members buy %.1f%% (%.1f%% with the defectors %s, which trade on)", *s, l.CoalitionShareOfExpts, strings.Join(r.Special, " and "))
	}
	if r.Playbook.ImportSide || r.Playbook.Reverse {
		// The measure cuts what the side under pressure buys (a producers'
		// embargo cuts the leader's purchases).
		share = fmt.Sprintf("coalition's share of its imports %.1f%%", l.CoalitionShareOfImpts)
	}
	acc.Add("leverage", fmt.Sprintf("welfare of the side under pressure %.3f%%; %s", l.TargetWelfarePct, share))
	acc.Add("integration", fmt.Sprintf("coalition's internal share of its members' trade %.1f%% → %.1f%%", l.IntegrationBeforePct, l.IntegrationAfterPct))
	market := "the coalition's market"
	if r.Playbook.Reverse {
		market = "the leader's market" // the producers' sales to the side under pressure
	}
	acc.Add("absorption", absorptionText(l.AbsorbedByRestPct, market))
	if s := r.SanctionsData; s != nil {
		acc.Add("TIES v4.1", fmt.Sprintf("%d imposed sanctions 1945–2005: success %.1f%% of resolved cases; US-led %.1f%%; against a formal ally %.1f%%", s.TIESCases, s.TIESSuccessPct, s.TIESUSSuccessPct, s.TIESAllySuccessPct))
		var parts []string
		keys := make([]string, 0, len(s.MartinCaseCount))
		for k := range s.MartinCaseCount {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s sender(s): %d cases, mean cost %.2f, high cooperation %.0f%%", k, s.MartinCaseCount[k], s.MartinMeanCost[k], s.MartinHighCoop[k]))
		}
		acc.Add("Martin (1992)", strings.Join(parts, "; ")+" (cost 1 = net gain … 4 = major loss to senders)")
	}
	acc.Notes = r.Notes
	wt := &report.Table{Title: "Welfare, % change", Columns: []string{"code", "role", "welfare %"}, Numeric: []bool{false, false, true}}
	for _, x := range r.Welfare {
		wt.Add(x.Code, x.Role, report.Num(x.Pct, 3))
	}
	if f == report.CSV {
		return wt.WriteCSV(w)
	}
	if err := acc.Write(w, f); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return wt.Write(w, f)
}

// absorptionText says what share of the sales lost in market (the
// coalition's; the leader's in a producers' embargo) the rest of the world
// takes. A negative share means that it takes none: the sales there fall as
// well, and a "share taken" below zero would read as nonsense.
func absorptionText(pct float64, market string) string {
	if pct < 0 {
		return fmt.Sprintf("the rest of the world takes none of the sales lost in %s: sales there fall too, by a further %.1f%% of that loss", market, -pct)
	}
	return fmt.Sprintf("%.1f%% of the sales lost in %s are taken by the rest of the world", pct, market)
}
