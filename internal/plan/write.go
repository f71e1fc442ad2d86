package plan

import (
	"fmt"
	"html"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func q3(q Quantiles, d int) string {
	return fmt.Sprintf("%s / %s / %s", report.Num(q.P10, d), report.Num(q.P50, d), report.Num(q.P90, d))
}

// Tables renders the plan for people: the branches, then each branch's
// signposts, and the tornado.
func (r *Report) Tables() []*report.Table {
	L := r.Leader
	head := &report.Table{Title: fmt.Sprintf("Plan %s: %d draws × %d branches from %s (%d quarters), seed %d — %.1f s, %d solves (%.0f/s on %d workers)",
		r.Plan, r.Draws, len(r.Branches), r.Start, r.Rounds, r.Seed, r.Seconds, r.Solves, r.SolvesPerSecond, r.Workers),
		Columns: []string{"branch", "probability", L + " welfare % p10/p50/p90", L + " balance %GDP p10/p50/p90", "bloc members (frequency)",
			fmt.Sprintf("%d largest gains among the %d largest economies", rankedPerSide, majorEconomies),
			fmt.Sprintf("%d largest losses among the %d largest economies", rankedPerSide, majorEconomies)},
		Numeric: []bool{false, true, true, true, false, false, false}}
	sig := &report.Table{Title: "Signposts (what to watch, and the value that tells each branch apart)",
		Columns: []string{"branch", "indicator", "date", "watch for", "branch p10/p50/p90", "others p50", "hit rate", "set by"},
		Numeric: []bool{false, false, false, false, true, true, true, false}}
	definitional := false
	for _, b := range r.Branches {
		var mem []string
		for _, k := range sortedKeys(b.Outcomes.MembershipFrequency) {
			if f := b.Outcomes.MembershipFrequency[k]; f > 0 {
				mem = append(mem, fmt.Sprintf("%s %.0f%%", k, 100*f))
			}
		}
		head.Add(b.Name, report.Num(b.Probability, 2), q3(b.Outcomes.WelfarePct[L], 2), q3(b.Outcomes.BalancesGDPPct[L], 2),
			orDash(strings.Join(mem, ", ")), codes(b.Winners), codes(b.Losers))
		for _, s := range b.Signposts {
			by := "the model"
			if s.Definitional {
				by, definitional = "premise (definitional)", true
			}
			sig.Add(b.Name, s.Indicator, s.Date, fmt.Sprintf("%s %s", s.Direction, report.Num(s.Threshold, 2)), q3(s.Branch, 2), report.Num(s.OthersP50, 2), report.Num(s.HitRate, 2), by)
		}
		if len(b.Signposts) == 0 {
			sig.Notes = append(sig.Notes, fmt.Sprintf("%s has no signpost: no indicator's median sets it %g or more apart from the other branches'", b.Name, MinSeparation))
		} else if b.Signposts[0].Definitional {
			// Ranked first whenever there is one, so the first is
			// definitional only when all are.
			sig.Notes = append(sig.Notes, fmt.Sprintf("%s: no indicator the model determines sets it %g or more apart from the other branches'; its signposts only restate its premises", b.Name, MinSeparation))
		}
	}
	if definitional {
		sig.Notes = append(sig.Notes, "set by: premise (definitional) marks an indicator the branch's own premises set (its scripted moves, the coalition it assumes, no escalation, and the leader's rule applied to them: relief on joining, escalation on retaliators): watching it checks that the branch is happening, but it restates the assumption rather than a consequence, so it ranks after every indicator the model determines (balances, tariffs of players the branch does not move).")
	}
	sig.Notes = append(sig.Notes, fmt.Sprintf("An indicator is a signpost only if the branch's median differs from each other branch's by at least %g (tariff points, or %% of GDP for balances): balances are revised by about that much after they are first published.", MinSeparation))
	for _, b := range r.Branches {
		// First: a branch that mostly does not show what its name says
		// changes how every number in its row reads.
		if b.Warning != "" {
			head.Notes = append(head.Notes, "Warning: "+b.Warning)
		}
	}
	for _, b := range r.Branches {
		for _, n := range b.Notes {
			head.Notes = append(head.Notes, b.Name+": "+n)
		}
	}
	if r.Description != "" {
		// The plan's own account of its rules (the legal authority its
		// escalation assumes, among them) belongs beside its numbers.
		head.Notes = append(head.Notes, "About this plan: "+strings.TrimSpace(r.Description))
	}
	// Once, before the notes that name winners and losers by it: simulate's
	// welfare % counts the transfer, so the two would otherwise be read as
	// the same measure (Korea rebalancing: +0.81% there, -0.13% here).
	head.Notes = append(head.Notes, welfareNote)
	head.Notes = append(head.Notes, r.Notes...)
	for _, b := range r.Branches {
		if !b.Escalation && r.Regime != "" {
			head.Notes = append(head.Notes, fmt.Sprintf("%s: no escalation on stallers, who %s; a retaliator still gets the threat", b.Name, standoffText(r.Start, r.Regime, r.RegimeChanges)))
		}
	}
	for _, c := range r.RegimeChanges {
		head.Notes = append(head.Notes, fmt.Sprintf("the US regime in force changes with the record in round %d (%s: %s); every branch plays it, the game's relief and escalation on top", c.Round, c.Date, c.Summary))
	}
	if r.Coalition != nil {
		head.Notes = append(head.Notes, coalitionNote(r.Coalition))
	}
	for _, k := range sortedKeys(r.Parameters) {
		g := r.Parameters[k]
		// Nothing is drawn when low = high: a range from 0.25 to 0.25
		// would read as uncertainty the plan does not have.
		n := fmt.Sprintf("%s fixed at %g", k, g.Low)
		if g.Low != g.High {
			n = fmt.Sprintf("%s drawn uniformly from %g to %g", k, g.Low, g.High)
		}
		if k == "trade_elasticity" && r.ThetaScale != nil {
			// One θ for every sector would give services the θ of goods.
			n += fmt.Sprintf(", applied as a common scale of the sectors' own θ (θ/%g): every sector's θ × %s, their ranking kept",
				float64(scenario.DefaultTheta), rangeText(*r.ThetaScale))
		}
		head.Notes = append(head.Notes, n)
	}
	out := []*report.Table{head, sig}
	if r.Tornado != nil {
		tt := &report.Table{Title: "Sensitivity (tornado): " + r.Tornado.Outcome + fmt.Sprintf("; at central values %s", report.Num(r.Tornado.Base, 3)),
			Columns: []string{"parameter", "low", "high", "outcome at low", "outcome at high"}, Numeric: []bool{false, true, true, true, true}}
		for _, b := range r.Tornado.Bars {
			tt.Add(b.Parameter, report.Num(b.Low, 2), report.Num(b.High, 2), report.Num(b.AtLow, 3), report.Num(b.AtHigh, 3))
		}
		if len(r.Tornado.Fixed) > 0 {
			tt.Notes = append(tt.Notes, fmt.Sprintf("no bar for %s: fixed by the plan", strings.Join(r.Tornado.Fixed, ", ")))
		}
		out = append(out, tt)
	}
	return out
}

// welfareNote says what every welfare figure of the plan measures.
const welfareNote = "welfare % (the leader's, the players', the largest gains and losses): real income at the last round net of the transfer a rebalancing commitment finances by lower saving (docs/welfare.md), so that borrowed spending is not a gain; simulate's welfare % counts that transfer, and its ex transfer % is this measure"

// rangeText is "0.75 to 1.5", or "1" when the range is one value.
func rangeText(g Range) string {
	if g.Low == g.High {
		return fmt.Sprintf("%g", g.Low)
	}
	return fmt.Sprintf("%g to %g", g.Low, g.High)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func codes(rs []Ranked) string {
	var s []string
	for _, r := range rs {
		s = append(s, fmt.Sprintf("%s %s%%", r.Code, report.Num(r.WelfarePct.P50, 2)))
	}
	return strings.Join(s, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CSVTableNames are the names of CSVTables, in order.
var CSVTableNames = []string{"run", "branches", "outcomes", "winners_losers", "signposts", "fan", "tornado"}

// CSVTables are the report's tables for machines: one number per cell at
// the report's full precision, units in the headers, and every table of
// the text report (the signposts too). Their names select one with
// `tradebloc plan --table NAME`.
func (r *Report) CSVTables() []*report.Table {
	L, f := r.Leader, report.Full
	q3 := func(prefix string) []string { return []string{prefix + "_p10", prefix + "_p50", prefix + "_p90"} }
	qv := func(q Quantiles) []string { return []string{f(q.P10), f(q.P50), f(q.P90)} }
	cols := func(parts ...any) []string {
		var out []string
		for _, p := range parts {
			switch v := p.(type) {
			case string:
				out = append(out, v)
			case []string:
				out = append(out, v...)
			}
		}
		return out
	}
	run := &report.Table{Name: "run", Columns: []string{"key", "value"}}
	for _, kv := range [][2]string{{"plan", r.Plan}, {"scenario", r.Scenario}, {"leader", L}, {"start", r.Start},
		{"rounds", fmt.Sprint(r.Rounds)}, {"seed", fmt.Sprint(r.Seed)}, {"draws", fmt.Sprint(r.Draws)}} {
		run.Add(kv[0], kv[1])
	}
	if r.Regime != "" {
		run.Add("regime_at_start", r.Regime)
	}
	for _, c := range r.RegimeChanges {
		run.Add("regime_change", fmt.Sprintf("round %d, %s: %s", c.Round, c.Date, c.Summary))
	}
	for _, n := range r.Notes {
		run.Add("note", n)
	}
	for _, b := range r.Branches {
		if b.Warning != "" {
			run.Add("warning", b.Warning)
		}
	}
	branches := &report.Table{Name: "branches", Columns: cols("branch", "probability", "coalition", "escalation",
		q3(L+"_welfare_pct"), q3(L+"_balance_gdp_pct"), "moves", "event", "event_frequency", "notes")}
	outcomes := &report.Table{Name: "outcomes", Columns: cols("branch", "player", q3("welfare_pct"), q3("balance_gdp_pct"),
		q3(L+"_tariff_on_player_pct"), "membership_frequency", "relief_frequency")}
	ranked := &report.Table{Name: "winners_losers", Columns: cols("branch", "side", "rank", "code", "name", q3("welfare_pct"))}
	sig := &report.Table{Name: "signposts", Columns: cols("branch", "indicator", "round", "date", "direction", "threshold",
		q3("branch"), "others_p50", "hit_rate", "definitional")}
	fanT := &report.Table{Name: "fan", Columns: cols("branch", "t", "date", q3(L+"_balance_gdp_pct"))}
	for _, b := range r.Branches {
		o := b.Outcomes
		ef := ""
		if b.EventFrequency != nil {
			ef = f(*b.EventFrequency)
		}
		branches.Add(cols(b.Name, f(b.Probability), fmt.Sprint(b.Coalition), fmt.Sprint(b.Escalation),
			qv(o.WelfarePct[L]), qv(o.BalancesGDPPct[L]), strings.Join(b.Moves, "; "), b.Event, ef, strings.Join(b.Notes, " | "))...)
		for _, p := range sortedKeys(o.BalancesGDPPct) {
			if p == L {
				continue
			}
			mem := ""
			if v, ok := o.MembershipFrequency[p]; ok {
				mem = f(v)
			}
			outcomes.Add(cols(b.Name, p, qv(o.WelfarePct[p]), qv(o.BalancesGDPPct[p]), qv(o.TariffsPct[L+" on "+p]), mem, f(o.ReliefFrequency[p]))...)
		}
		for k, x := range b.Winners {
			ranked.Add(cols(b.Name, "winner", fmt.Sprint(k+1), x.Code, x.Name, qv(x.WelfarePct))...)
		}
		for k, x := range b.Losers {
			ranked.Add(cols(b.Name, "loser", fmt.Sprint(k+1), x.Code, x.Name, qv(x.WelfarePct))...)
		}
		for _, s := range b.Signposts {
			sig.Add(cols(b.Name, s.Indicator, fmt.Sprint(s.Round), s.Date, s.Direction, f(s.Threshold), qv(s.Branch), f(s.OthersP50), f(s.HitRate), fmt.Sprint(s.Definitional))...)
		}
		for _, p := range b.Fan {
			fanT.Add(cols(b.Name, fmt.Sprint(p.T), p.Date, qv(p.Quantiles))...)
		}
	}
	out := []*report.Table{run, branches, outcomes, ranked, sig, fanT}
	if r.Tornado != nil {
		tt := &report.Table{Name: "tornado", Columns: []string{"outcome", "parameter", "low", "high", "outcome_at_low", "outcome_at_high", "outcome_at_central"}}
		for _, b := range r.Tornado.Bars {
			tt.Add(r.Tornado.Outcome, b.Parameter, f(b.Low), f(b.High), f(b.AtLow), f(b.AtHigh), f(r.Tornado.Base))
		}
		out = append(out, tt)
	}
	return out
}

// Write renders text, Markdown (with the SVG charts inline as HTML) or CSV
// (every table, see CSVTables).
func (r *Report) Write(w io.Writer, f report.Format) error {
	if f == report.CSV {
		return report.WriteCSVTables(w, r.CSVTables(), "")
	}
	ts := r.Tables()
	for k, t := range ts {
		if k > 0 {
			fmt.Fprintln(w)
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	if f == report.Markdown {
		fmt.Fprintf(w, "\n## Fan chart: %s balance, %% of GDP (p10–p90 band, median line)\n\n%s\n", r.Leader, r.FanSVG())
		fmt.Fprintf(w, "\n## Tornado: %s\n\n%s\n", r.Tornado.Outcome, r.TornadoSVG())
	}
	return nil
}

// WriteHTML writes a self-contained HTML report with the charts.
func (r *Report) WriteHTML(w io.Writer) error {
	fmt.Fprintf(w, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Plan %s</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px}</style></head><body>\n", html.EscapeString(r.Plan))
	fmt.Fprintf(w, "<h1>Plan %s</h1>\n<p>%s</p>\n", html.EscapeString(r.Plan), html.EscapeString(r.Description))
	for _, t := range r.Tables() {
		fmt.Fprintf(w, "<h2>%s</h2>\n<table><tr>", html.EscapeString(t.Title))
		for _, c := range t.Columns {
			fmt.Fprintf(w, "<th>%s</th>", html.EscapeString(c))
		}
		fmt.Fprintln(w, "</tr>")
		for _, row := range t.Rows {
			fmt.Fprint(w, "<tr>")
			for _, c := range row {
				fmt.Fprintf(w, "<td>%s</td>", html.EscapeString(c))
			}
			fmt.Fprintln(w, "</tr>")
		}
		fmt.Fprintln(w, "</table>")
		for _, n := range t.Notes {
			fmt.Fprintf(w, "<p><small>%s</small></p>\n", html.EscapeString(n))
		}
	}
	fmt.Fprintf(w, "<h2>Fan chart: %s balance, %% of GDP</h2>\n%s\n", r.Leader, r.FanSVG())
	fmt.Fprintf(w, "<h2>Tornado</h2>\n%s\n</body></html>\n", r.TornadoSVG())
	return nil
}

var palette = []string{"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"}

// FanSVG draws each branch's p10–p90 band and median of the leader's
// balance by round.
func (r *Report) FanSVG() string {
	const W, H, pad = 720.0, 320.0, 50.0
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, b := range r.Branches {
		for _, p := range b.Fan {
			lo, hi = math.Min(lo, p.P10), math.Max(hi, p.P90)
		}
		n = max(n, len(b.Fan))
	}
	if n < 2 || !(hi > lo) {
		hi = lo + 1
		n = max(n, 2)
	}
	x := func(t int) float64 { return pad + (W-2*pad)*float64(t)/float64(n-1) }
	y := func(v float64) float64 { return H - pad - (H-2*pad)*(v-lo)/(hi-lo) }
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-size="11">`, W, H)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#444"/>`, pad, H-pad, W-pad, H-pad)
	fmt.Fprintf(&s, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#444"/>`, pad, pad, pad, H-pad)
	for k := 0; k <= 4; k++ {
		v := lo + (hi-lo)*float64(k)/4
		fmt.Fprintf(&s, `<text x="%.0f" y="%.1f" text-anchor="end">%.2f</text>`, pad-4, y(v)+4, v)
	}
	for b, br := range r.Branches {
		c := palette[b%len(palette)]
		var band, line []string
		for _, p := range br.Fan {
			band = append(band, fmt.Sprintf("%.1f,%.1f", x(p.T), y(p.P90)))
			line = append(line, fmt.Sprintf("%.1f,%.1f", x(p.T), y(p.P50)))
		}
		for k := len(br.Fan) - 1; k >= 0; k-- {
			band = append(band, fmt.Sprintf("%.1f,%.1f", x(br.Fan[k].T), y(br.Fan[k].P10)))
		}
		fmt.Fprintf(&s, `<polygon points="%s" fill="%s" fill-opacity="0.15"/>`, strings.Join(band, " "), c)
		fmt.Fprintf(&s, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(line, " "), c)
		fmt.Fprintf(&s, `<text x="%.0f" y="%.0f" fill="%s">%s (p=%.2f)</text>`, W-pad-180, pad+14*float64(b), c, html.EscapeString(br.Name), br.Probability)
	}
	if len(r.Branches) > 0 {
		for _, p := range r.Branches[0].Fan {
			fmt.Fprintf(&s, `<text x="%.1f" y="%.0f" text-anchor="middle">%s</text>`, x(p.T), H-pad+16, p.Date[:7])
		}
	}
	s.WriteString("</svg>")
	return s.String()
}

// TornadoSVG draws the sensitivity bars around the central outcome.
func (r *Report) TornadoSVG() string {
	const W, pad, rowH = 720.0, 160.0, 34.0
	t := r.Tornado
	H := 60 + rowH*float64(len(t.Bars))
	lo, hi := t.Base, t.Base
	for _, b := range t.Bars {
		lo, hi = math.Min(lo, math.Min(b.AtLow, b.AtHigh)), math.Max(hi, math.Max(b.AtLow, b.AtHigh))
	}
	if !(hi > lo) {
		lo, hi = lo-1, hi+1
	}
	x := func(v float64) float64 { return pad + (W-pad-40)*(v-lo)/(hi-lo) }
	bars := append([]Bar(nil), t.Bars...)
	sort.SliceStable(bars, func(i, j int) bool {
		return math.Abs(bars[i].AtHigh-bars[i].AtLow) > math.Abs(bars[j].AtHigh-bars[j].AtLow)
	})
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" font-size="11">`, W, H)
	for k, b := range bars {
		yy := 20 + rowH*float64(k)
		for _, v := range []struct {
			val   float64
			color string
			label string
		}{{b.AtLow, "#1f77b4", fmt.Sprintf("low %g", b.Low)}, {b.AtHigh, "#d62728", fmt.Sprintf("high %g", b.High)}} {
			x0, x1 := x(t.Base), x(v.val)
			if x1 < x0 {
				x0, x1 = x1, x0
			}
			fmt.Fprintf(&s, `<rect x="%.1f" y="%.1f" width="%.1f" height="12" fill="%s"><title>%s: %.3f</title></rect>`, x0, yy, math.Max(x1-x0, 1), v.color, v.label, v.val)
			yy += 12
		}
		fmt.Fprintf(&s, `<text x="%.0f" y="%.1f" text-anchor="end">%s</text>`, pad-6, 20+rowH*float64(k)+15, b.Parameter)
	}
	fmt.Fprintf(&s, `<line x1="%.1f" y1="10" x2="%.1f" y2="%.0f" stroke="#000"/>`, x(t.Base), x(t.Base), H-30)
	fmt.Fprintf(&s, `<text x="%.1f" y="%.0f" text-anchor="middle">%.3f (central)</text>`, x(t.Base), H-12, t.Base)
	s.WriteString("</svg>")
	return s.String()
}

// coalitionNote is the report's line on the plan's coalition game: what it
// found, and whose join gain decides a member (the game's, in which every
// non-member faces the threat, where the simulation relieves a partner that
// meets the benchmark without its joining).
func coalitionNote(c *CoalitionDoc) string {
	at := fmt.Sprintf("θ = %g", c.Theta)
	if c.ThetaScale > 0 {
		at = fmt.Sprintf("every sector's θ × %g", c.ThetaScale)
	}
	return fmt.Sprintf("coalition game (K = %d, %s, %d solves, %.1f s): leading coalition %s; a member joins in a draw if its gain from joining exceeds the drawn political cost. "+
		"That gain is the game's, in which every non-member faces the threat; in the simulation a partner that meets the benchmark gets relief without joining, "+
		"so for it the branch's join is a premise, not a best response (it may lose by joining)",
		c.Candidates, at, c.Solves, c.Seconds, orDash(strings.Join(c.Members, "+")))
}
