package coalition

import (
	"fmt"
	"io"
	"strings"

	"github.com/tradebloc/tradebloc/internal/report"
)

func members(ms []string) string {
	if len(ms) == 0 {
		return "(none)"
	}
	return strings.Join(ms, "+")
}

// WriteText renders the report for people (text or Markdown tables).
func (r *Report) WriteText(w io.Writer, f report.Format) error {
	var b strings.Builder
	if f == report.Markdown {
		fmt.Fprintf(&b, "## Coalition game: %s\n\n", r.Scenario)
	}
	fmt.Fprintf(&b, "Coalition game %q: leader %s, targets %s, %d candidates (%s).\n", r.Scenario, r.Leader, strings.Join(r.Targets, "+"), len(r.Candidates), strings.Join(r.Candidates, ", "))
	fmt.Fprintf(&b, "%d model solves in %.1f s (%.0f solves/s; %.1f iterations per solve of the %d memberships).\n", r.Solves, r.Seconds, r.SolvesPerSecond, r.MeanIterations, 1<<len(r.Candidates))
	switch n := len(r.Stable); n {
	case 0:
		b.WriteString("No coalition is both internally and externally stable: someone always wants in or out.\n")
	default:
		fmt.Fprintf(&b, "%d stable coalition(s); the leader (%s objective) prefers %s.\n", n, r.Objective, members(r.Stable[0].Members))
	}
	if l := r.Leading; l != nil {
		fmt.Fprintf(&b, "Leading coalition (%s): %s.\n", r.LeadingSource, members(l.Members))
		for _, t := range l.Targets {
			fmt.Fprintf(&b, "Under it %s's surplus with %s goes from $%.0f bn to $%.0f bn; its overall goods balance from %+.1f%% to %+.1f%% of GDP ($%.0f bn → $%.0f bn); its real income changes by %+.2f%%.\n",
				t.Code, r.Leader, t.SurplusWithLeaderBefore, t.SurplusWithLeaderAfter, t.BalanceGDPPctBefore, t.BalanceGDPPctAfter, t.BalanceBefore, t.BalanceAfter, t.WelfarePct)
			if t.BalanceGDPPctAfter > t.BalanceGDPPctBefore-0.5 {
				fmt.Fprintf(&b, "The bloc moves where %s's surplus lands, not its size: with saving unchanged, tariffs cannot close an overall surplus; only rebalancing moves can (see 'tradebloc benchmark paths %s').\n", t.Code, t.Code)
			}
		}
		if v, ok := l.WelfarePct[r.Leader]; ok {
			fmt.Fprintf(&b, "%s's real income changes by %+.2f%%.\n", r.Leader, v)
		}
	}
	for _, n := range r.Notes {
		b.WriteString("Note: " + n + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, t := range r.Tables() {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}

// Tables are the report's tables: stable coalitions, the accession path
// with required threats, the lessons, and the counter-bloc.
func (r *Report) Tables() []*report.Table {
	var out []*report.Table
	st := &report.Table{Title: "Stable coalitions (ranked by the leader's objective)",
		Columns: []string{"#", "members", "internal", "external", "group", r.Leader + " welfare %", strings.Join(r.Targets, "+") + " welfare %", "targets' surplus with " + r.Leader + " ($bn)", "leakage %", "max defection gain %", "integration %"},
		Numeric: []bool{true, false, false, false, false, true, true, true, true, true, true}}
	for k, s := range r.Stable {
		tw := 0.0
		for _, t := range r.Targets {
			tw += s.WelfarePct[t]
		}
		unity, integ := "–", "–"
		if l := s.Lessons; l != nil {
			unity, integ = report.Num(l.Unity.MaxDefectionGainPct, 3), report.Num(l.IntegrationAfterPct, 1)
		}
		st.Add(fmt.Sprint(k+1), members(s.Members), yes(s.InternallyStable), yes(s.ExternallyStable), yes(s.GroupStable),
			report.Num(s.WelfarePct[r.Leader], 3), report.Num(tw/float64(len(r.Targets)), 3), report.Num(s.TargetsSurplusWithLeader, 1), report.Num(s.LeakagePct, 1),
			unity, integ)
	}
	if len(r.Stable) == 0 {
		st.Notes = append(st.Notes, "(none)")
	}
	st.Notes = append(st.Notes, "Max defection gain: the most any member gains by leaving (unity; negative = united). Integration: intra-bloc share of the bloc's trade after.")
	out = append(out, st)

	ap := &report.Table{Title: "Accession path (most dependent on " + r.Leader + " first) and the threat that compels each candidate",
		Columns: []string{"candidate", "exports to " + r.Leader + " / GDP %", "joins", "gain from joining %", "required threat %", "in leading coalition"},
		Numeric: []bool{false, true, false, true, true, false}}
	inLeading := map[string]bool{}
	if r.Leading != nil {
		for _, m := range r.Leading.Members {
			inLeading[m] = true
		}
	}
	for _, s := range r.AccessionPath {
		thr := "> 100"
		if v := r.RequiredThreatPct[s.Candidate]; v != nil {
			thr = report.Num(*v, 1)
		}
		ap.Add(s.Candidate, report.Num(s.LeveragePct, 2), yes(s.Joins), report.Num(s.GainPct, 3), thr, yes(inLeading[s.Candidate]))
	}
	ap.Notes = append(ap.Notes, "Accession path ends at: "+members(r.AccessionFinal),
		"Required threat: the smallest flat tariff on outsiders that makes joining the leading coalition a best response (0 = joins unthreatened).")
	out = append(out, ap)

	if l := r.Leading; l != nil {
		ls := &report.Table{Title: "Lessons of history, measured on the leading coalition", Columns: []string{"lesson", "measure"}}
		u := l.Lessons.Unity
		unity := fmt.Sprintf("united: no member gains by leaving (largest gain from defecting %.3f%%)", u.MaxDefectionGainPct)
		if !u.United {
			unity = fmt.Sprintf("NOT united: %s gains %.3f%% by defecting", u.MostTempted, u.MaxDefectionGainPct)
		}
		ls.Add("unity", unity)
		var lev []string
		for _, k := range sortedKeys(l.Lessons.LeveragePct) {
			lev = append(lev, fmt.Sprintf("%s %.1f%%", k, l.Lessons.LeveragePct[k]))
		}
		if len(lev) == 0 {
			lev = []string{"(no members)"}
		}
		ls.Add("leverage (exports to "+r.Leader+" / GDP)", strings.Join(lev, ", "))
		ls.Add("integration (intra-bloc share of members' trade)", fmt.Sprintf("%.1f%% before → %.1f%% after", l.Lessons.IntegrationBeforePct, l.Lessons.IntegrationAfterPct))
		ls.Add("transshipment leakage", fmt.Sprintf("%.1f%% of the targets' exports to the bloc can escape the bloc tariff", l.LeakagePct))
		if c := r.CounterBloc; c != nil {
			ls.Add("counter-bloc absorption ("+strings.Join(c.Members, "+")+")", c.Verdict)
		}
		out = append(out, ls)
	}
	if c := r.CounterBloc; c != nil {
		ct := &report.Table{Title: "Counter-bloc what-if: " + strings.Join(c.Members, "+") + " (welfare change vs the leading coalition)",
			Columns: []string{"member", "welfare change %"}, Numeric: []bool{false, true}}
		for _, k := range sortedKeys(c.CostPct) {
			ct.Add(k, report.Num(c.CostPct[k], 3))
		}
		ct.Add(r.Leader+" (leader)", report.Num(c.LeaderWelfarePctChange, 3))
		ct.Notes = append(ct.Notes, fmt.Sprintf("Combined goods balance: $%.0f bn (%.1f%% of GDP) → $%.0f bn (%.1f%%); %d of %d members in surplus; surplus = %.2f%% of the rest of the world's absorption.",
			c.CombinedBalanceBefore, c.CombinedBalanceGDPPctBefore, c.CombinedBalanceAfter, c.CombinedBalanceGDPPctAfter, c.MembersInSurplus, len(c.CostPct), c.ShareOfRestAbsorptionPctAfter))
		out = append(out, ct)
	}
	if cg := r.CounterGame; cg != nil {
		t := &report.Table{Title: fmt.Sprintf("Counter-coalition game: Nash-stable assignments (of %d)", cg.Assignments),
			Columns: []string{"leader's bloc", "counter-bloc", "neither"}}
		for _, e := range cg.Stable {
			t.Add(members(e.Leader), members(e.Counter), members(e.Neither))
		}
		out = append(out, t)
	}
	return out
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteExplain renders one coalition in detail.
func WriteExplain(w io.Writer, f report.Format, d *CoalitionDoc) error {
	fmt.Fprintf(w, "Members: %s (internally stable %s, externally stable %s, group stable %s); transshipment leakage %.1f%%.\n",
		members(d.Members), yes(d.InternallyStable), yes(d.ExternallyStable), yes(d.GroupStable), d.LeakagePct)
	for _, t := range d.Targets {
		fmt.Fprintf(w, "%s: welfare %+.3f%%, surplus with the leader $%.1f bn → $%.1f bn, balance %+.2f%% → %+.2f%% of GDP.\n",
			t.Code, t.WelfarePct, t.SurplusWithLeaderBefore, t.SurplusWithLeaderAfter, t.BalanceGDPPctBefore, t.BalanceGDPPctAfter)
	}
	t := &report.Table{Columns: []string{"country/player", "welfare %"}, Numeric: []bool{false, true}}
	for _, k := range sortedKeys(d.WelfarePct) {
		t.Add(k, report.Num(d.WelfarePct[k], 3))
	}
	fmt.Fprintln(w)
	return t.Write(w, f)
}
