package coalition

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
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
	b.WriteString(r.Headline())
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

// Headline is the prose the text output prints above its tables, one
// sentence group a line: the game, the count of stable coalitions, the
// leading coalition and what it does to the targets and the leader. The
// web UI shows it as the run's summary.
func (r *Report) Headline() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Coalition game %q: leader %s, targets %s, %d candidates (%s).\n", r.Scenario, r.Leader, strings.Join(r.Targets, "+"), len(r.Candidates), strings.Join(r.Candidates, ", "))
	if s := r.aliasText(); s != "" {
		b.WriteString(s + "\n")
	}
	if r.Terms != "" {
		fmt.Fprintf(&b, "Terms: %s.\n", r.Terms)
	}
	fmt.Fprintf(&b, "%d model solves in %.1f s (%.0f solves/s; %.1f iterations per solve of the %d memberships).\n", r.Solves, r.Seconds, r.SolvesPerSecond, r.MeanIterations, 1<<len(r.Candidates))
	b.WriteString(r.countText() + "\n")
	if l := r.Leading; l != nil {
		fmt.Fprintf(&b, "Leading coalition (%s): %s.\n", r.LeadingSource, members(l.Members))
		if r.AccessionVsLeading != "" {
			b.WriteString(r.AccessionVsLeading + "\n")
		}
		if u := r.unitsText(); u != "" && len(l.Targets) > 0 {
			fmt.Fprintf(&b, "Dollar figures under a coalition, here and in the tables, are %s.\n", u)
		}
		b.WriteString(r.horizonText() + "\n")
		var gaps []report.CensusGap
		for _, t := range l.Targets {
			b.WriteString(r.targetText(t) + "\n")
			// Only a surplus can be said to land somewhere; a deficit
			// territory (HKG, MAC) gets no such sentence.
			if t.BalanceGDPPctBefore > 0 && t.BalanceGDPPctAfter > t.BalanceGDPPctBefore-0.5 {
				fmt.Fprintf(&b, "The bloc moves where %s's surplus lands, not its size: with saving unchanged, tariffs cannot close an overall surplus; only rebalancing moves can (see 'tradebloc benchmark paths %s').\n", t.Code, t.Code)
			}
			if s := t.tradeText(r.Leader); s != "" {
				b.WriteString(s + "\n")
			}
			if s := t.largeBalanceText(r.balanceWord()); s != "" {
				b.WriteString(s + "\n")
			}
			if t.CensusGap != nil {
				gaps = append(gaps, *t.CensusGap)
			}
		}
		if n := report.CensusGapNote(r.dataset(), r.TradeCoverage, gaps); n != "" {
			b.WriteString(n + "\n")
		}
		if v, ok := l.WelfarePct[r.Leader]; ok {
			b.WriteString(r.leaderText(v) + "\n")
		}
		if t := r.bandsText(); t != "" {
			b.WriteString(t + "\n")
		}
	}
	return b.String()
}

// aliasText says which targets the game added to the named ones: "Targets
// extended: HKG and MAC pay CHN's US tariff rate, ... (CHN → CHN, HKG,
// MAC)." ("" when none was added).
func (r *Report) aliasText() string {
	if len(r.TargetAliases) == 0 {
		return ""
	}
	by := map[string][]string{}
	var named []string
	for _, t := range r.Targets {
		if a, ok := r.TargetAliases[t]; ok {
			by[a] = append(by[a], t)
		} else {
			named = append(named, t)
		}
	}
	var parts []string
	for _, t := range named {
		if as := by[t]; len(as) > 0 {
			parts = append(parts, fmt.Sprintf("%s → %s", t, strings.Join(append([]string{t}, as...), ", ")))
		}
	}
	return "Targets extended: US tariff law charges these territories their named target's rate, so the bloc's tariffs could be escaped through them; they are targets too (" +
		strings.Join(parts, "; ") + ")."
}

// bn writes billions of dollars with the sign before the currency
// ("-$8 bn", not "$-8 bn"); a figure that rounds to zero is "$0 bn".
func bn(x float64) string { return report.USDbn(x) }

// countText is the one statement of how many coalitions are stable.
func (r *Report) countText() string {
	n := r.StableCount
	switch {
	case n == 0:
		return "No coalition is both internally and externally stable: someone always wants in or out."
	case n == 1:
		return fmt.Sprintf("1 stable coalition: %s.", members(r.Stable[0].Members))
	case n > len(r.Stable):
		return fmt.Sprintf("%d stable coalitions; the %d best by the leader's objective (%s) are listed; the leader prefers %s.", n, len(r.Stable), r.Objective, members(r.Stable[0].Members))
	}
	return fmt.Sprintf("%d stable coalitions, all listed; the leader (%s objective) prefers %s.", n, r.Objective, members(r.Stable[0].Members))
}

// leaderText sets the leader's welfare in the leading coalition beside its
// welfare with no bloc and its best membership.
func (r *Report) leaderText(v float64) string {
	s := r.leaderLevels(v)
	if bst := r.LeaderBest; bst != nil {
		if len(bst.Members) == 0 {
			s += fmt.Sprintf(" No membership gives %s more real income than no bloc at all: on its own welfare the leader gains nothing from the bloc.", r.Leader)
		} else if w := bst.WelfarePct[r.Leader]; w > v+5e-4 {
			about := ""
			if math.Abs(w-r.LeaderWelfareNoBlocPct) < 5e-3 {
				about = ", about what no bloc gives"
			}
			s += fmt.Sprintf(" Its real income would be highest with %s (%+.2f%%%s), which is not a stable coalition.", members(bst.Members), w, about)
		}
	}
	if v < r.LeaderWelfareNoBlocPct-5e-3 {
		if bst := r.LeaderBest; bst != nil && len(bst.Members) > 0 && bst.WelfarePct[r.Leader] > r.LeaderWelfareNoBlocPct+5e-3 {
			// Some bloc beats none, so relief as such is not what costs the
			// leader (icio-2022: a seven-member bloc gives it more than no
			// bloc); the stable bloc's make-up is.
			s += fmt.Sprintf(" The leading coalition costs %s real income against no bloc, yet %s would give it more than no bloc does: the cost lies in which members the stable bloc holds, not in granting relief as such; what it buys is the bloc's other aims, the targets' surplus above all.", r.Leader, members(bst.Members))
		} else {
			s += fmt.Sprintf(" The bloc costs %s real income: the relief it grants members gives up part of the terms-of-trade gain its tariffs bring; what it buys is the bloc's other aims, the targets' surplus above all.", r.Leader)
		}
		// The first candidate that joins an empty bloc on the accession
		// path shows that no bloc at all is not an outcome the leader can
		// hold.
		for _, st := range r.AccessionPath {
			if st.Joins {
				s += fmt.Sprintf(" No bloc at all is not stable: %s gains %+.2f%% by joining it alone.", st.Candidate, st.GainPct)
				break
			}
		}
	}
	return s
}

// Tables are the report's tables for people, in order (see Sections).
func (r *Report) Tables() []*report.Table {
	var out []*report.Table
	for _, s := range r.Sections() {
		if s.Text != nil {
			out = append(out, s.Text)
		}
	}
	return out
}

// Sections are the report's tables: stable coalitions, the accession path,
// each candidate's status, the required threats, the lessons, the
// counter-bloc, the counter game, and for machines the leading coalition's
// targets, a summary and (with --payoffs) every payoff.
func (r *Report) Sections() []*Section {
	out := []*Section{r.stableSection(), r.accessionSection(), r.statusSection(), r.threatSection()}
	if r.Leading != nil {
		out = append(out, r.lessonsSection(), r.targetsSection())
		if len(r.Leading.Conduits) > 0 {
			out = append(out, r.conduitsSection())
		}
		if r.TargetResponseComparison != nil {
			out = append(out, r.responseSection())
		}
		if r.Bands != nil {
			out = append(out, r.bandsSection())
		}
	}
	if c := r.CounterBloc; c != nil {
		out = append(out, r.counterSections()...)
	}
	if cg := r.CounterGame; cg != nil {
		cols := []column{{"leader's bloc", "leader_bloc", false}, {"counter-bloc", "counter_bloc", false}, {"neither", "neither", false}, {"", "leader_objective", true}}
		t := newSection("counter_game", fmt.Sprintf("Counter-coalition game: Nash-stable assignments (of %d)", cg.Assignments), false, cols...)
		for _, e := range cg.Stable {
			t.add(cols, memberCell(e.Leader), memberCell(e.Counter), memberCell(e.Neither), num(e.LeaderObjective, 4))
		}
		out = append(out, t)
	}
	out = append(out, r.summarySection())
	if len(r.Payoffs) > 0 {
		// The columns of `coalition stability --payoffs`, so the table
		// round-trips; payoffs are welfare changes in %.
		cols := []column{{"", "members", false}, {"", "country", false}, {"", "payoff", true}}
		t := newSection("payoffs", "Every membership's payoffs (welfare change, %)", true, cols...)
		for _, p := range r.Payoffs {
			for _, k := range sortedKeys(p.WelfarePct) {
				t.add(cols, txt(strings.Join(p.Members, "+")), txt(k), num(p.WelfarePct[k], 4))
			}
		}
		out = append(out, t)
	}
	return out
}

func (r *Report) stableSection() *Section {
	L, T := r.Leader, strings.Join(r.Targets, "+")
	cols := []column{{"#", "rank", true}, {"members", "members", false}, {"internal", "internally_stable", false}, {"external", "externally_stable", false}, {"group", "group_stable", false},
		{L + " welfare %", L + " welfare (%)", true}, {"vs no bloc, pp", L + " welfare vs no members (pp)", true},
		{T + " welfare %", T + " welfare (%, GDP-weighted)", true}, {"targets' surplus with " + L + " ($bn)", "targets' surplus with " + L + " (USD bn)", true},
		{"leakage %", "transshipment leakage (%)", true}, {"max defection gain %", "max defection gain (pp)", true}, {"integration %", "integration after (%)", true},
		{"", "leader objective (" + r.Objective + ")", true}}
	title := "Stable coalitions (ranked by the leader's objective)"
	if r.StableCount > len(r.Stable) {
		title = fmt.Sprintf("Stable coalitions: the %d best of %d by the leader's objective", len(r.Stable), r.StableCount)
	}
	if r.Bands != nil {
		cols = append(cols, column{"stable share", "stable share (" + r.Bands.Over + ")", true})
	}
	st := newSection("stable", title, false, cols...)
	for k, s := range r.Stable {
		unity, integ := cell{"–", ""}, cell{"–", ""}
		if l := s.Lessons; l != nil {
			unity, integ = num(l.Unity.MaxDefectionGainPct, 3), num(l.IntegrationAfterPct, 1)
		}
		cells := []cell{txt(fmt.Sprint(k + 1)), memberCell(s.Members), yesNo(s.InternallyStable), yesNo(s.ExternallyStable), yesNo(s.GroupStable),
			num(s.WelfarePct[L], 3), num(s.LeaderWelfareVsNoBlocPP, 3), num(s.TargetsWelfarePct, 3), num(s.TargetsSurplusWithLeader, 1), num(s.LeakagePct, 1),
			unity, integ, num(s.LeaderObjective, 4)}
		if r.Bands != nil {
			cells = append(cells, optNum(s.StableShare, 2, "–"))
		}
		st.add(cols, cells...)
	}
	if len(r.Stable) == 0 {
		st.Text.Notes = append(st.Text.Notes, "(none)")
	}
	st.Text.Notes = append(st.Text.Notes,
		fmt.Sprintf("%s's welfare with no members (every candidate facing the threat): %+.3f%%; 'vs no bloc' is each coalition's difference from it.", L, r.LeaderWelfareNoBlocPct),
		"Max defection gain: the most any member gains by leaving (unity; negative = united). Integration: intra-bloc share of the bloc's trade after.")
	if anyLeakage(r.Stable) {
		// On a world with services the column is the balance in goods
		// and services (payoffs.go record), which a "goods" label would
		// misstate by the services surplus (icio-2022: 129 against 82).
		what := "their goods by origin, those"
		if r.TradeCoverage == data.CoverageServices {
			what = "their goods and services (the services untaxed) by origin, the goods"
		}
		st.Text.Notes = append(st.Text.Notes, fmt.Sprintf("Targets' surplus with %s: %s rerouted through conduits included; "+
			"the sentences above the table count direct flows, where rerouted goods are the conduits' exports.", L, what))
	}
	if l := r.Leading; l != nil && l.TargetsGoodsSalesToBlocBeforeBn > 0 {
		// The column's rate is the lessons' (goods rerouted over goods
		// sales after the shock), which the reader must not take for a
		// share of the sales before it or of goods and services.
		st.Text.Notes = append(st.Text.Notes, "Leakage: the targets' goods rerouted to the bloc through third countries, as a share of their goods sales to the bloc after the shock (each coalition at its own equilibrium; services, which no tariff reaches, left out), the lessons' figure; the lessons give the leading coalition's dollars and the share of the sales before the shock too.")
	}
	if r.Bands != nil {
		st.Text.Notes = append(st.Text.Notes, fmt.Sprintf("Stable share: the share of the points %s at which the coalition is stable too (1 = at every point).", r.Bands.Over))
	}
	return st
}

// bandsText is the sentence on the bands: does the leading coalition hold
// across the sweep, and what does the leader get.
func (r *Report) bandsText() string {
	bd := r.Bands
	if bd == nil || r.Leading == nil {
		return ""
	}
	s := fmt.Sprintf("Uncertainty (%s):", bd.Over)
	if len(r.Stable) > 0 && len(bd.Coalitions) > 0 && joinNames(bd.Coalitions[0].Members) == joinNames(r.Leading.Members) {
		s += fmt.Sprintf(" the leading coalition is stable at %.0f%% of the points", 100*bd.Coalitions[0].StableShare)
		var at []string
		for _, b := range bd.LeadingBreaks {
			verb := "leaving"
			if b.Move == "joins" {
				verb = "joining"
			}
			at = append(at, fmt.Sprintf("at %s %s gains %.3f%% by %s it", b.Point, b.Player, b.GainPct, verb))
		}
		if len(at) > 0 {
			s += " (" + strings.Join(at, "; ") + ")"
		}
		s += ";"
	}
	if lo, hi, ok := bd.RangeWith(r.Leader, "welfare_pct", r.Leading.WelfarePct[r.Leader]); ok {
		s += fmt.Sprintf(" %s's real income under it %+.2f%% to %+.2f%%.", r.Leader, lo, hi)
	}
	for _, n := range bd.Notes {
		s += " " + n + "."
	}
	return s
}

// bandsSection is the leading coalition's payoffs across the bands' points.
func (r *Report) bandsSection() *Section {
	bd := r.Bands
	// The printed range holds the central payoff beside it (welfare is
	// not monotone in θ); the JSON's p10–max stay the points' own.
	cols := []column{{"code", "code", false}, {"welfare %", "welfare (%)", true}, {bd.LabelWithCentral(), "", false},
		{"", "p10", true}, {"", "p50", true}, {"", "p90", true}, {"", "min", true}, {"", "max", true}}
	t := newSection("bands", "The leading coalition's payoffs: "+bd.LabelWithCentral(), false, cols...)
	for _, code := range sortedKeys(r.Leading.WelfarePct) {
		b, ok := bd.Countries[code]["welfare_pct"]
		if !ok {
			continue
		}
		t.add(cols, txt(code), num(r.Leading.WelfarePct[code], 3), txt(bd.RangeTextWith(code, "welfare_pct", r.Leading.WelfarePct[code], 3)),
			num(b.P10, 4), num(b.P50, 4), num(b.P90, 4), num(b.Min, 4), num(b.Max, 4))
	}
	return t
}

func (r *Report) accessionSection() *Section {
	cols := []column{{"step", "step", true}, {"candidate", "candidate", false}, {"exports to " + r.Leader + " / GDP %", "exports to " + r.Leader + " / GDP (%)", true},
		{"members when it moves", "members when it moves", false}, {"joins", "joins", false}, {"gain from joining %", "gain from joining (pp)", true}}
	ap := newSection("accession", "Accession path (most dependent on "+r.Leader+" first)", false, cols...)
	var in []string
	for k, s := range r.AccessionPath {
		ap.add(cols, txt(fmt.Sprint(k+1)), txt(s.Candidate), num(s.LeveragePct, 2), memberCell(in), yesNo(s.Joins), num(s.GainPct, 3))
		if s.Joins {
			in = append(in, s.Candidate)
		}
	}
	ap.Text.Notes = append(ap.Text.Notes, "Each candidate joins if it gains given those already in. The path ends at: "+members(r.AccessionFinal)+".")
	return ap
}

func (r *Report) statusSection() *Section {
	cols := []column{{"candidate", "candidate", false}, {"", "member", false}, {"status", "status", false}, {"gain from joining %", "gain from joining (pp)", true},
		{"gain from leaving %", "gain from leaving with the defector penalty (pp)", true}, {"", "joins on the accession path", false}, {"why", "reason", false}}
	t := newSection("candidates", "Why each candidate is in or out of the leading coalition", false, cols...)
	for _, s := range r.CandidatesStatus {
		onPath := cell{}
		if s.JoinsOnAccessionPath != nil {
			onPath = yesNo(*s.JoinsOnAccessionPath)
		}
		t.add(cols, txt(s.Code), yesNo(s.Member), txt(s.Status), num(s.JoinGainPct, 3), optNum(s.LeaveGainPct, 3, "–"), onPath, txt(s.Reason))
	}
	t.Text.Notes = append(t.Text.Notes, "joins: a member that gains by joining the others. locked in: a member for which joining does not pay, held in because leaving with the defector penalty costs more. stays out: joining would not pay.")
	return t
}

func (r *Report) threatSection() *Section {
	L := r.Leader
	cols := []column{{"candidate", "candidate", false}, {"required threat %", "required threat (additional tariff, %)", true},
		{L + "'s cost (−: a gain), pp", L + "'s welfare cost of carrying it out (pp)", true}, {L + "'s gain if it joins, pp", L + "'s welfare gain from it joining (pp)", true},
		{"credible", "credible", false}, {"its gain from joining unthreatened, pp", "candidate's gain from joining, unthreatened (pp)", true}}
	t := newSection("threats", "Required threat: an additional tariff on that candidate alone", false, cols...)
	for _, d := range r.RequiredThreats {
		cred := yesNo(d.Credible)
		switch {
		case d.ThreatPct == nil:
			// No threat up to 100 points compels: nothing to carry out.
			cred.text = "no threat compels"
		case !d.Credible:
			cred.text = "NOT credible"
		}
		t.add(cols, txt(d.Code), optNum(d.ThreatPct, 2, "> 100"), optNum(d.LeaderCostPct, 3, "–"), num(d.LeaderGainPct, 3), cred, num(d.CandidateGainUnthreatenedPct, 3))
	}
	t.Text.Notes = append(t.Text.Notes,
		"Required threat: the smallest additional tariff on that candidate alone (its tariff before the game plus the threat; other outsiders and the targets keep the scenario's threat) that makes joining the leading coalition a best response; 0 = joins unthreatened.",
		"Cost: "+L+"'s welfare with the candidate outside and not threatened minus outside and threatened; negative when the threat's tariff raises "+L+"'s own welfare (its terms of trade), so carrying it out costs nothing. Gain: with it in minus outside and not threatened. NOT credible: the cost exceeds the gain. > 100: no additional tariff up to 100 points makes joining pay.")
	return t
}

func (r *Report) lessonsSection() *Section {
	l := r.Leading
	cols := []column{{"lesson", "lesson", false}, {"", "subject", false}, {"", "measure", false}, {"", "value", true}, {"measure", "", false}}
	ls := newSection("lessons", "Lessons of history, measured on the leading coalition", false, cols...)
	// The text column is a sentence; the CSV gets the numbers behind it.
	row := func(lesson, subject, measure string, v float64, sentence string) {
		ls.add(cols, txt(lesson), txt(subject), txt(measure), num(v, 3), txt(sentence))
	}
	u := l.Lessons.Unity
	unity := fmt.Sprintf("united: no member gains by leaving (largest gain from defecting %.3f%%)", u.MaxDefectionGainPct)
	if u.MaxDefectionGainPct < 0 && u.MostTempted != "" {
		// A negative "gain" reads as a typo; say who is closest to leaving and what leaving would cost it.
		unity = fmt.Sprintf("united: no member gains by leaving (leaving would cost the most tempted, %s, %.3f%%)", u.MostTempted, -u.MaxDefectionGainPct)
	}
	if !u.United {
		unity = fmt.Sprintf("NOT united: %s gains %.3f%% by defecting", u.MostTempted, u.MaxDefectionGainPct)
	}
	row("unity", u.MostTempted, "largest gain from defecting (pp)", u.MaxDefectionGainPct, unity)
	var lev []string
	for _, k := range sortedKeys(l.Lessons.LeveragePct) {
		lev = append(lev, fmt.Sprintf("%s %.1f%%", k, l.Lessons.LeveragePct[k]))
	}
	if len(lev) == 0 {
		lev = []string{"(no members)"}
	}
	ls.Text.Add("leverage (exports to "+r.Leader+" / GDP)", strings.Join(lev, ", "))
	for _, k := range sortedKeys(l.Lessons.LeveragePct) {
		ls.CSV.Add("leverage", k, "exports to "+r.Leader+" / GDP (%)", full(l.Lessons.LeveragePct[k]))
	}
	ls.Text.Add("integration (intra-bloc share of members' trade)", fmt.Sprintf("%.1f%% before → %.1f%% after", l.Lessons.IntegrationBeforePct, l.Lessons.IntegrationAfterPct))
	ls.CSV.Add("integration", "bloc", "intra-bloc share of the bloc's trade before (%)", full(l.Lessons.IntegrationBeforePct))
	ls.CSV.Add("integration", "bloc", "intra-bloc share of the bloc's trade after (%)", full(l.Lessons.IntegrationAfterPct))
	// The measure's CSV label is kept as scripts know it; the sentence
	// says what the model does: the goods are rerouted.
	row("transshipment leakage", "bloc", "targets' exports to the bloc that can escape the bloc tariff (%)", l.LeakagePct, l.leakageText())
	if l.TargetsGoodsSalesToBlocBeforeBn > 0 {
		ls.CSV.Add("transshipment leakage", "bloc", "targets' goods rerouted to the bloc, after the shock (USD bn)", full(l.ReroutedToBlocBn))
		ls.CSV.Add("transshipment leakage", "bloc", "targets' goods sales to the bloc before the shock (USD bn)", full(l.TargetsGoodsSalesToBlocBeforeBn))
		ls.CSV.Add("transshipment leakage", "bloc", "targets' goods sales to the bloc after the shock (USD bn)", full(l.TargetsGoodsSalesToBlocAfterBn))
	}
	if c := r.CounterBloc; c != nil {
		ls.Text.Add("counter-bloc absorption ("+strings.Join(c.Members, "+")+")", c.Verdict)
		ls.CSV.Add("counter-bloc absorption", strings.Join(c.Members, "+"), "surplus as a share of the rest of the world's absorption, after (%)", full(c.ShareOfRestAbsorptionPctAfter))
	}
	return ls
}

func (r *Report) targetsSection() *Section {
	L := r.Leader
	cols := []column{{"", "target", false}, {"", "welfare (%)", true}, {"", "surplus with " + L + " before (USD bn)", true}, {"", "surplus with " + L + " after (USD bn)", true},
		{"", r.balanceWord() + " balance before (USD bn)", true}, {"", r.balanceWord() + " balance after (USD bn)", true}, {"", r.balanceWord() + " balance before (% of GDP)", true}, {"", r.balanceWord() + " balance after (% of GDP)", true},
		// Added columns go last (scripts read by position).
		{"", "GDP before (USD bn)", true}, {"", "GDP after (USD bn)", true},
		{"", "goods exports to " + L + " before (USD bn)", true}, {"", "goods exports to " + L + " after (USD bn)", true},
		{"", "goods imports from " + L + " before (USD bn)", true}, {"", "goods imports from " + L + " after (USD bn)", true}}
	t := newSection("leading_targets", "The targets under the leading coalition", true, cols...)
	for _, d := range r.Leading.Targets {
		t.add(cols, txt(d.Code), num(d.WelfarePct, 3), num(d.SurplusWithLeaderBefore, 1), num(d.SurplusWithLeaderAfter, 1),
			num(d.BalanceBefore, 1), num(d.BalanceAfter, 1), num(d.BalanceGDPPctBefore, 2), num(d.BalanceGDPPctAfter, 2),
			num(d.GDPBeforeBn, 1), num(d.GDPAfterBn, 1), num(d.GoodsExportsToLeaderBefore, 1), num(d.GoodsExportsToLeaderAfter, 1),
			num(d.GoodsImportsFromLeaderBefore, 1), num(d.GoodsImportsFromLeaderAfter, 1))
	}
	return t
}

// conduitsSection lists where the targets' goods reroute under the leading
// coalition, candidates or not.
func (r *Report) conduitsSection() *Section {
	cols := []column{{"conduit", "conduit", false}, {"name", "name", false}, {"candidate", "candidate", false}, {"rerouted (USD bn)", "rerouted (USD bn)", true}}
	t := newSection("conduits", "Transshipment under the leading coalition: the targets' goods rerouted, by conduit", false, cols...)
	total := 0.0
	for k, c := range r.Leading.Conduits {
		total += c.ValueBn
		cells := []cell{txt(c.Code), txt(c.Name), txt(c.Candidate), num(c.ValueBn, 2)}
		if k < maxConduitsText {
			t.add(cols, cells...)
			continue
		}
		// People get the largest; machines every one, as the note says.
		var row []string
		for j, c := range cells {
			if cols[j].csv != "" {
				row = append(row, c.csv)
			}
		}
		t.CSV.Add(row...)
	}
	share := fmt.Sprintf("%.1f%% of the targets' sales to the bloc", r.Leading.LeakagePct)
	if l := r.Leading; l.TargetsGoodsSalesToBlocBeforeBn > 0 && l.TargetsGoodsSalesToBlocAfterBn > 0 {
		share = fmt.Sprintf("%.1f%% of the targets' goods sales to the bloc after the shock, %.2f%% of those before it", 100*l.ReroutedToBlocBn/l.TargetsGoodsSalesToBlocAfterBn, 100*l.ReroutedToBlocBn/l.TargetsGoodsSalesToBlocBeforeBn)
		if fmt.Sprintf("%.1f", l.ReroutedToBlocBn) != fmt.Sprintf("%.1f", total) {
			// Some goods reroute to buyers outside the bloc: the shares
			// are of the part that reaches it.
			share = fmt.Sprintf("$%.1f bn of it to the bloc: ", l.ReroutedToBlocBn) + share
		}
	}
	shown := fmt.Sprintf("the %d largest are shown, --format csv or json lists every one", maxConduitsText)
	if len(r.Leading.Conduits) <= maxConduitsText {
		shown = "all are shown"
	}
	t.Text.Notes = append(t.Text.Notes, fmt.Sprintf("%d conduits, $%.1f bn in all (%s); %s.", len(r.Leading.Conduits), total, share, shown))
	return t
}

// maxConduitsText is the number of conduits the text and Markdown table
// shows; CSV and JSON list every one.
const maxConduitsText = 15

// responseSection sets the leading coalition with the targets' answer beside
// the one without.
func (r *Report) responseSection() *Section {
	c := r.TargetResponseComparison
	cols := []column{{"measure", "measure", false}, {"with " + c.TargetResponse + " answer", "with_answer", false}, {"targets silent", "without_answer", false}}
	t := newSection("target_response", "The leading coalition with and without the targets' answer", false, cols...)
	t.add(cols, txt("leading coalition"), memberCell(c.With.Leading), memberCell(c.Without.Leading))
	t.add(cols, txt("stable coalitions"), num(float64(c.With.StableCount), 0), num(float64(c.Without.StableCount), 0))
	t.add(cols, txt(r.Leader+" welfare (%)"), num(c.With.LeaderWelfarePct, 3), num(c.Without.LeaderWelfarePct, 3))
	t.add(cols, txt("targets' welfare (%)"), num(c.With.TargetsWelfarePct, 3), num(c.Without.TargetsWelfarePct, 3))
	t.add(cols, txt("targets' tariff on the bloc (+pp)"), num(c.With.AnswerPct, 1), num(c.Without.AnswerPct, 1))
	t.Text.Notes = append(t.Text.Notes, c.Explanation)
	return t
}

func (r *Report) counterSections() []*Section {
	c := r.CounterBloc
	cols := []column{{"member", "member", false}, {"welfare change %", "welfare change vs the leading coalition (pp)", true}}
	ct := newSection("counter_bloc", "Counter-bloc what-if: "+strings.Join(c.Members, "+")+" (welfare change vs the leading coalition)", false, cols...)
	for _, k := range sortedKeys(c.CostPct) {
		ct.add(cols, txt(k), num(c.CostPct[k], 3))
	}
	ct.add(cols, txt(r.Leader+" (leader)"), num(c.LeaderWelfarePctChange, 3))
	ct.Text.Notes = append(ct.Text.Notes, "Members: "+c.MembersSource+"; instrument: "+c.Instrument+".")
	if c.Note != "" {
		ct.Text.Notes = append(ct.Text.Notes, "Export restriction: "+c.Note+".")
	}
	ct.Text.Notes = append(ct.Text.Notes, fmt.Sprintf("Combined %s balance: $%.0f bn (%.1f%% of GDP) → $%.0f bn (%.1f%%); %d of %d members in surplus; surplus = %.2f%% of the rest of the world's absorption.",
		r.balanceWord(), c.CombinedBalanceBefore, c.CombinedBalanceGDPPctBefore, c.CombinedBalanceAfter, c.CombinedBalanceGDPPctAfter, c.MembersInSurplus, len(c.CostPct), c.ShareOfRestAbsorptionPctAfter))
	bcols := []column{{"", "measure", false}, {"", "value", true}}
	bt := newSection("counter_bloc_balance", "Counter-bloc what-if: combined balance", true, bcols...)
	for _, kv := range []struct {
		k string
		v float64
	}{
		{"combined " + r.balanceWord() + " balance before (USD bn)", c.CombinedBalanceBefore}, {"combined " + r.balanceWord() + " balance after (USD bn)", c.CombinedBalanceAfter},
		{"combined " + r.balanceWord() + " balance before (% of GDP)", c.CombinedBalanceGDPPctBefore}, {"combined " + r.balanceWord() + " balance after (% of GDP)", c.CombinedBalanceGDPPctAfter},
		{"surplus as a share of the rest of the world's absorption before (%)", c.ShareOfRestAbsorptionPctBefore},
		{"surplus as a share of the rest of the world's absorption after (%)", c.ShareOfRestAbsorptionPctAfter},
		{"members in surplus after (count)", float64(c.MembersInSurplus)},
	} {
		bt.add(bcols, txt(kv.k), num(kv.v, 3))
	}
	return []*Section{ct, bt}
}

func (r *Report) summarySection() *Section {
	cols := []column{{"", "measure", false}, {"", "value", false}}
	t := newSection("summary", "Summary", true, cols...)
	add := func(k, v string) { t.add(cols, txt(k), txt(v)) }
	add("stable coalitions (count)", strconv.Itoa(r.StableCount))
	add("stable coalitions listed (count)", strconv.Itoa(len(r.Stable)))
	if r.Leading != nil {
		add("leading coalition", members(r.Leading.Members))
		add(r.Leader+" welfare in the leading coalition (%)", full(r.Leading.WelfarePct[r.Leader]))
	}
	add("accession path ends at", members(r.AccessionFinal))
	add(r.Leader+" welfare with no members (%)", full(r.LeaderWelfareNoBlocPct))
	if b := r.LeaderBest; b != nil {
		// A value cell, not a membership column read back: "(none)" as in
		// the text, where an empty cell would read as missing.
		add(r.Leader+"'s best membership", members(b.Members))
		add(r.Leader+" welfare in its best membership (%)", full(b.WelfarePct[r.Leader]))
	}
	add("model solves (count)", strconv.Itoa(r.Solves))
	add("seconds", full(r.Seconds))
	return t
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// WriteExplain renders one coalition in detail: its stability verdicts,
// the targets, the leader's welfare beside its welfare with no bloc, why
// each candidate is in or out, and every welfare change.
func WriteExplain(w io.Writer, f report.Format, d *CoalitionDoc) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Members: %s (internally stable %s, externally stable %s, group stable %s); transshipment leakage %.1f%%.\n",
		members(d.Members), yes(d.InternallyStable), yes(d.ExternallyStable), yes(d.GroupStable), d.LeakagePct)
	for _, t := range d.Targets {
		fmt.Fprintf(&b, "%s: welfare %+.3f%%, surplus with the leader $%.1f bn → $%.1f bn, balance %+.2f%% → %+.2f%% of GDP.\n",
			t.Code, t.WelfarePct, t.SurplusWithLeaderBefore, t.SurplusWithLeaderAfter, t.BalanceGDPPctBefore, t.BalanceGDPPctAfter)
	}
	if d.Solves > 0 {
		fmt.Fprintf(&b, "Verdicts by the full run's payoff table and stability test: %d model solves in %.1f s, covering every membership they read (this one, every subset of its members, each outsider joining, each member leaving with the defector penalty).\n", d.Solves, d.Seconds)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	if len(d.CandidatesStatus) > 0 {
		st := &report.Table{Title: "Why each candidate is in or out", Columns: []string{"candidate", "status", "gain from joining %", "gain from leaving %", "why"},
			Numeric: []bool{false, false, true, true, false}}
		for _, s := range d.CandidatesStatus {
			leave := "–"
			if s.LeaveGainPct != nil {
				leave = report.Num(*s.LeaveGainPct, 3)
			}
			st.Add(s.Code, s.Status, report.Num(s.JoinGainPct, 3), leave, s.Reason)
		}
		fmt.Fprintln(w)
		if err := st.Write(w, f); err != nil {
			return err
		}
	}
	t := &report.Table{Title: "Welfare", Columns: []string{"country/player", "welfare %"}, Numeric: []bool{false, true}}
	for _, k := range sortedKeys(d.WelfarePct) {
		t.Add(k, report.Num(d.WelfarePct[k], 3))
	}
	t.Notes = append(t.Notes, fmt.Sprintf("Leader's welfare with no members (every candidate facing the threat): %+.3f%%.", d.LeaderWelfareNoBlocPct))
	fmt.Fprintln(w)
	return t.Write(w, f)
}

// largeBalanceText flags a trade balance beyond ±report.LargeBalancePct % of GDP (Macau's goods
// deficit, a re-export hub's surplus): such a balance is real but is only
// part of the external account, so the sentence gives the current account
// where the dataset has it.
func (t *TargetDoc) largeBalanceText(word string) string {
	if math.Abs(t.BalanceGDPPctBefore) < report.LargeBalancePct {
		return ""
	}
	left := "primary and secondary income"
	if word == data.CoverageGoods {
		left = "services and income"
	}
	s := fmt.Sprintf("%s's %s balance of %+.1f%% of GDP leaves out %s", t.Code, word, t.BalanceGDPPctBefore, left)
	if t.CurrentAccountGDPPct2023 == nil {
		return s + "; the dataset has no current-account figure for it."
	}
	return s + fmt.Sprintf(": its current account was %+.1f%% of GDP in 2023.", *t.CurrentAccountGDPPct2023)
}

// anyLeakage says whether any coalition's targets reroute goods through
// conduits, which makes the by-origin and direct surplus figures differ.
func anyLeakage(ss []StableDoc) bool {
	for _, s := range ss {
		if s.LeakagePct > 0 {
			return true
		}
	}
	return false
}
