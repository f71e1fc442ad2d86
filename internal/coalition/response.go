package coalition

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// ResponseDoc sets the leading coalition with the targets' answer
// (coalition.target_response) beside the one the same game gives when the
// targets take the bloc's tariffs without answering.
type ResponseDoc struct {
	TargetResponse string       `json:"target_response"`
	With           ResponseSide `json:"with_answer"`
	Without        ResponseSide `json:"without_answer"`
	// MembersCostPct is, for each member of the leading coalition with the
	// answer, its payoff with the answer minus its payoff in the same
	// coalition without (pp): what the answer costs it.
	MembersCostPct map[string]float64 `json:"members_answer_cost_pp"`
	Explanation    string             `json:"explanation"`

	solves int // of the silent game
}

// ResponseSide is one side of the comparison.
type ResponseSide struct {
	Leading          []string `json:"leading"`
	LeadingSource    string   `json:"leading_source"`
	StableCount      int      `json:"stable_count"`
	LeaderWelfarePct float64  `json:"leader_welfare_pct"`
	// TargetsWelfarePct is the targets' GDP-weighted welfare change.
	TargetsWelfarePct float64 `json:"targets_welfare_pct"`
	// AnswerPct is the targets' answer in the leading coalition
	// (TargetDoc.AnswerPct, GDP-weighted over targets).
	AnswerPct float64 `json:"answer_tariff_pct"`
}

// core is what the game's first stage yields: the payoffs of every
// membership, the table with defector penalties, the stable coalitions and
// the leading one.
type core struct {
	en      *enumeration
	tab     *Table
	stable  []Verdict
	order   []int
	steps   []Step
	final   Mask
	leading Mask
	source  string
}

// play runs the enumeration, the defections, stability and accession.
func (g *game) play(ctx context.Context, ex executor.Executor, warm bool, progress progressFunc) (*core, error) {
	en, err := g.enumerate(ctx, ex, warm, progress)
	if err != nil {
		return nil, err
	}
	tab := g.table(en)
	// In two batches: each stable-looking membership's most tempted member,
	// then the others of the memberships it does not settle.
	if err := g.solveDefections(ctx, ex, en, tab.defectionsFirst(), progress); err != nil {
		return nil, err
	}
	if err := g.solveDefections(ctx, ex, en, tab.defectionsRest(), progress); err != nil {
		return nil, err
	}
	c := &core{en: en, tab: tab}
	c.stable = tab.Stable(func(m Mask) float64 { return g.objective(en.recs[m]) })
	c.order = g.leverageOrder()
	c.steps, c.final = tab.Accession(c.order)
	c.leading, c.source = leadingOf(c.stable, c.final)
	return c, nil
}

// leadingOf picks the leading coalition: the best stable one (stable is
// ranked by the leader's objective), or where the accession path ends
// when none is stable, with the reason the report gives.
func leadingOf(stable []Verdict, final Mask) (Mask, string) {
	if len(stable) > 0 {
		return stable[0].Members, "best stable coalition by the leader's objective"
	}
	return final, "accession path (no stable coalition)"
}

// side summarises a game's leading coalition.
func (g *game) side(c *core) ResponseSide {
	rec := c.en.recs[c.leading]
	s := ResponseSide{Leading: g.playerNames(c.leading), LeadingSource: c.source, StableCount: len(c.stable), LeaderWelfarePct: g.leaderWelfare(rec)}
	if s.Leading == nil {
		s.Leading = []string{}
	}
	gdp := func(c int) float64 { return g.base.GDP[c] }
	s.TargetsWelfarePct = model.GDPWeighted(g.targets, gdp, func(t int) float64 { return rec.welfare[g.watchIndex(t)] })
	if !g.optimalAnswer() && len(g.answering) > 0 {
		buf := make([]float64, len(g.t0))
		g.tariffs(plain(c.leading), buf)
		s.AnswerPct = model.GDPWeighted(g.answering, gdp, func(t int) float64 { return g.answerPct(t, c.leading, buf) })
	}
	return s
}

// compareResponse plays the game again with the targets silent and sets its
// leading coalition beside this one's.
func (g *game) compareResponse(ctx context.Context, ex executor.Executor, sc *scenario.Scenario, ds *data.Dataset, with *core, leadingDoc *CoalitionDoc, warm bool, progress progressFunc) (*ResponseDoc, error) {
	silent := *sc
	spec := *sc.Coalition
	spec.TargetResponse, spec.Retaliation = scenario.ResponseNone, scenario.RetaliationNone
	silent.Coalition = &spec
	g2, err := newGame(&silent, ds)
	if err != nil {
		return nil, err
	}
	if progress != nil {
		inner := progress
		progress = func(phase string, done, total int) { inner(phase+" (targets silent)", done, total) }
	}
	without, err := g2.play(ctx, ex, warm, progress)
	if err != nil {
		return nil, err
	}
	d := &ResponseDoc{TargetResponse: g.spec.TargetResponse, With: g.side(with), Without: g2.side(without), MembersCostPct: map[string]float64{}}
	if leadingDoc != nil && len(g.answering) > 0 {
		answer := map[int]float64{}
		for k, t := range leadingDoc.Targets {
			answer[g.targets[k]] = t.AnswerPct
		}
		d.With.AnswerPct = model.GDPWeighted(g.answering, func(c int) float64 { return g.base.GDP[c] }, func(c int) float64 { return answer[c] })
	}
	for p := range g.players {
		if with.leading.Has(p) {
			d.MembersCostPct[g.players[p].Name] = with.tab.Payoff[with.leading][p] - without.tab.Payoff[with.leading][p]
		}
	}
	d.Explanation = g.explainResponse(d, with, without)
	d.solves = int(without.en.solves)
	return d, nil
}

// explainResponse says in words what the answer changes.
func (g *game) explainResponse(d *ResponseDoc, with, without *core) string {
	tn := strings.Join(g.names(g.answering), "+")
	var b strings.Builder
	switch {
	case with.leading == without.leading:
		fmt.Fprintf(&b, "The leading coalition is the same with and without %s's %s answer (%s).", tn, d.TargetResponse, joinNames(d.With.Leading))
	default:
		fmt.Fprintf(&b, "%s's %s answer changes the leading coalition from %s to %s.", tn, d.TargetResponse, joinNames(d.Without.Leading), joinNames(d.With.Leading))
		if out := g.playerNames(without.leading &^ with.leading); len(out) > 0 {
			fmt.Fprintf(&b, " %s no longer %s: the answer hits members' exports to %s, so joining pays less.", strings.Join(out, ", "), plural(len(out), "joins", "join"), tn)
		}
		if in := g.playerNames(with.leading &^ without.leading); len(in) > 0 {
			fmt.Fprintf(&b, " %s now %s: with the answer, other members' choices shift and staying out no longer pays as much.", strings.Join(in, ", "), plural(len(in), "joins", "join"))
		}
	}
	// The targets' welfare is all of them together (China with Hong Kong
	// and Macau), which the sentence must say.
	whose := tn + "'s"
	if len(g.targets) > 1 {
		whose = "the targets' (" + strings.Join(g.names(g.targets), "+") + ")"
	}
	fmt.Fprintf(&b, " %s's tariff on the bloc rises by %.1f pp on average; the leader's welfare is %+.3f%% with the answer vs %+.3f%% without, %s %+.3f%% vs %+.3f%%.",
		tn, d.With.AnswerPct, d.With.LeaderWelfarePct, d.Without.LeaderWelfarePct, whose, d.With.TargetsWelfarePct, d.Without.TargetsWelfarePct)
	type cost struct {
		name string
		pp   float64
	}
	var cs []cost
	for k, v := range d.MembersCostPct {
		cs = append(cs, cost{k, v})
	}
	sort.Slice(cs, func(a, b int) bool { return cs[a].pp < cs[b].pp })
	if len(cs) > 0 {
		fmt.Fprintf(&b, " In the same coalition the answer changes its members' welfare by %s.", costList(cs[:min(3, len(cs))], func(c cost) (string, float64) { return c.name, c.pp }))
	}
	fmt.Fprintf(&b, " Stable coalitions: %d with the answer, %d without.", d.With.StableCount, d.Without.StableCount)
	return b.String()
}

func costList[T any](xs []T, f func(T) (string, float64)) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		n, v := f(x)
		parts[i] = fmt.Sprintf("%s %+.3f pp", n, v)
	}
	return strings.Join(parts, ", ")
}

// plural picks the verb form that agrees with n subjects.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
