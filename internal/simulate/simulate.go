package simulate

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

// Event is something that happened in a round.
type Event struct {
	Player string `json:"player,omitempty"`
	Kind   string `json:"kind"`
	Text   string `json:"text"`
}

// Trace is a run: the state as solved and the equilibrium of every round
// (round 0 is the start), the events, and each player's chosen actions.
// Relief granted at the end of round t shows in the state of round t+1.
type Trace struct {
	World   *World
	Params  Params
	States  []State
	Eqs     []*Eq
	Events  [][]Event
	Actions [][]string // per round, per player ("" = none)
	Solves  int
}

// Run plays prm.Rounds rounds on w.
func (w *World) Run(ctx context.Context, prm Params) (*Trace, error) {
	if err := prm.Check(); err != nil {
		return nil, err
	}
	script, err := w.script(prm.Moves)
	if err != nil {
		return nil, err
	}
	tr := &Trace{World: w, Params: prm}
	st := w.initial()
	eq, err := w.solve(st, &prm, nil, true)
	if err != nil {
		return nil, err
	}
	tr.Solves++
	ev0 := []Event{}
	if w.History != "" {
		ev0 = append(ev0, Event{Kind: "history", Text: fmt.Sprintf("the record to %s: the US regime in force that day (%s: %s; deals as dated) on %s's imports", prm.Start, w.History, RegimeSummary(prm.Start), w.Code())})
	}
	ev0 = append(ev0, w.answersAtStart(st)...)
	tr.add(st, eq, ev0, make([]string, len(w.Players)))
	for t := 1; t <= prm.Rounds; t++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if prm.Progress != nil {
			prm.Progress("rounds", t-1, prm.Rounds)
		}
		choice := make([]choice, len(w.Players))
		for p := range w.Players {
			if mv, ok := script[[2]int{p, t}]; ok {
				choice[p] = mv
			}
		}
		if !prm.Scripted {
			if err := w.bestResponses(ctx, st, eq, &prm, script, t, choice, &tr.Solves); err != nil {
				return nil, err
			}
		}
		var events []Event
		if w.regimeChanged(t) {
			d := RoundDate(w.from, t)
			events = append(events, Event{Kind: "history", Text: fmt.Sprintf("the record to %s: the US regime in force changes (%s: %s)%s: the game's relief and escalation apply on top of it", d, RegimeInForce(d), RegimeSummary(d), w.regimeMovers(t))})
		}
		var ev []Event
		st, ev = w.advance(st, t, choice, &prm)
		events = append(events, ev...)
		eq, err = w.solve(st, &prm, eq.Result, true)
		if err != nil {
			return nil, fmt.Errorf("round %d: %w", t, err)
		}
		tr.Solves++
		solved := st.clone() // the state as solved; judge's relief applies from the next round
		events = append(events, w.judge(&st, eq, t, &prm)...)
		acts := make([]string, len(w.Players))
		for p, c := range choice {
			if c.set {
				acts[p] = c.label()
			}
		}
		tr.add(solved, eq, events, acts)
	}
	if prm.Progress != nil {
		prm.Progress("rounds", prm.Rounds, prm.Rounds)
	}
	return tr, nil
}

func (tr *Trace) add(st State, eq *Eq, ev []Event, acts []string) {
	tr.States = append(tr.States, st.clone())
	tr.Eqs = append(tr.Eqs, eq)
	tr.Events = append(tr.Events, ev)
	tr.Actions = append(tr.Actions, acts)
}

type choice struct {
	set    bool
	action Action
	size   float64
	// named is the country a scripted move named when it is a member of a
	// player of several (DEU for the EU27): the move is the player's.
	named string
	// own is, for a rebalancing named by a member, the size the move gave
	// in pp of the member's own GDP; size is then that share of the
	// player's GDP (World.MemberShare).
	own float64
}

func (c choice) label() string {
	if c.action == Rebalance {
		return fmt.Sprintf("rebalance %g pp", c.size)
	}
	return c.action.String()
}

// script indexes the moves by (player, round).
func (w *World) script(moves []Move) (map[[2]int]choice, error) {
	out := map[[2]int]choice{}
	given := map[[2]int]Move{}     // the move that set each (player, round)
	rebalancer := map[int]string{} // the name a player's rebalancing moves give
	for _, m := range moves {
		p, ok := w.PlayerIndex(m.Player)
		if !ok {
			hint := ""
			if up := strings.ToUpper(m.Player); up != m.Player {
				if _, ok := w.PlayerIndex(up); ok {
					hint = " (country codes are upper case: " + up + ")"
				}
			}
			return nil, invalid("move %s=%s: %q is not a player%s (players: %s)", m.Player, m.Action, m.Player, hint, w.playerNames())
		}
		if w.Players[p].Target && (m.Action == Join || m.Action == Counter) {
			return nil, invalid("move %s=%s: a target cannot %s", m.Player, m.Action, m.Action)
		}
		if w.Players[p].Territory && m.Action == Retaliate {
			return nil, invalid("move %s=%s: %s is a free port that takes a target's US rate, with no tariffs of its own to raise", m.Player, m.Action, m.Player)
		}
		if w.follows(p) && m.Action != Wait {
			return nil, invalid("move %s=%s: %s takes %s's US rate (US law), so the leader treats it as %s is treated; it does not negotiate on its own", m.Player, m.Action, m.Player, w.Players[w.Players[p].Follows].Name, w.Players[w.Players[p].Follows].Name)
		}
		c := choice{set: true, action: m.Action, size: m.Size}
		if m.Player != w.Players[p].Name {
			c.named = m.Player
			if m.Action == Rebalance {
				// "Germany rebalances 1 pp of its GDP" is 1 pp of
				// Germany's, not of the EU27's four times larger one:
				// read as the group's, one member's move bought the
				// whole union's relief.
				_, c.size, _, _ = w.MemberShare(m.Player, m.Size)
				c.own = m.Size
			}
		}
		if m.Action == Rebalance {
			// A player of several has one commitment: rebalancing moves
			// named for two of its members (or for a member and the
			// group) would each overwrite it, not add up.
			if prev, ok := rebalancer[p]; ok && prev != m.Player {
				return nil, &errs.Error{Op: "simulate", Kind: errs.Invalid, Field: "--move", Err: fmt.Errorf("moves %s=rebalance and %s=rebalance: %s plays as one, with one rebalancing commitment; give one move naming %s with the combined size (a member's pp of its own GDP is its GDP share of %s's)",
					prev, m.Player, w.Players[p].Name, w.Players[p].Name, w.Players[p].Name)}
			}
			rebalancer[p] = m.Player
		}
		// A player makes one move a round: a second, different one for
		// it (DEU=cut@1 and FRA=retaliate@1 are both the EU27's) would
		// replace the first without a word.
		k := [2]int{p, m.Round}
		if prev, ok := given[k]; ok && prev != m {
			return nil, &errs.Error{Op: "simulate", Kind: errs.Invalid, Field: "--move", Err: fmt.Errorf("moves %s and %s: both are %s's in round %d%s, and a player makes one move a round; give one",
				moveLabel(prev), moveLabel(m), w.Players[p].Name, m.Round, w.asOne(p, prev.Player, m.Player))}
		}
		given[k] = m
		out[k] = c
	}
	return out, nil
}

// moveLabel is a move as --move spells it.
func moveLabel(m Move) string {
	s := m.Player + "=" + m.Action.String()
	if m.Action == Rebalance {
		s += fmt.Sprintf(":%g", m.Size)
	}
	return fmt.Sprintf("%s@%d", s, m.Round)
}

// asOne is the clause that says why moves naming names are player p's,
// when one of them names a member of it ("" when all name p itself).
func (w *World) asOne(p int, names ...string) string {
	for _, n := range names {
		if n != w.Players[p].Name {
			return fmt.Sprintf(" (%s plays as one: %s)", w.Players[p].Name, w.AsOneReason(p))
		}
	}
	return ""
}

// AsOneReason says why player p, a player of several countries, acts as
// one: the EU27's common commercial policy (data.CommonPolicyGroup; Art.
// 207 TFEU) sets its members' tariffs, so no member cuts, retaliates or
// joins a bloc alone; another group plays as one because the scenario's
// coalition block names it as one candidate.
func (w *World) AsOneReason(p int) string {
	if w.Players[p].Name == data.CommonPolicyGroup {
		return "its common commercial policy sets its members' tariffs"
	}
	return "the scenario's coalition block makes it one candidate"
}

// MemberMoveNote is the note for a move other than a rebalancing named for
// a member of a player of several (DEU for the EU27): the move is the
// whole player's, every member acting at once — DEU=cut is the EU27's
// zero tariffs on the leader's goods, all 27 members' — which the move's
// name does not say. "" for a move named for a player itself, for a
// rebalancing (whose size the event converts, MemberShare) and for a name
// that is no player's.
func (w *World) MemberMoveNote(name string, a Action, round int) string {
	p, ok := w.PlayerIndex(name)
	if !ok || a == Rebalance || name == w.Players[p].Name {
		return ""
	}
	g, L, n := w.Players[p].Name, w.Code(), len(w.Players[p].Countries)
	what := map[Action]string{
		Wait:      "waiting",
		Cut:       fmt.Sprintf("offering zero tariffs on %s goods", L),
		Join:      fmt.Sprintf("joining the bloc and matching %s's tariffs on the targets", L),
		Retaliate: fmt.Sprintf("retaliating in kind against %s", L),
		Counter:   fmt.Sprintf("joining the targets' counter-bloc, with mirror tariffs on %s", L),
	}[a]
	return fmt.Sprintf("the move %s=%s@%d names %s, a member of %s, which plays as one (%s): it is played by %s as a whole, all %d members %s",
		name, a, round, name, g, w.AsOneReason(p), g, n, what)
}

// MemberMoveNotes are the notes of MemberMoveNote for moves, in their
// order, each once.
func (w *World) MemberMoveNotes(moves []Move) []string {
	var out []string
	for _, m := range moves {
		if n := w.MemberMoveNote(m.Player, m.Action, m.Round); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// CheckScript refuses moves that no run on w can play (CheckMoves aside):
// a player that is none of w's, a move its role does not allow, or
// rebalancing moves naming two members of one player. A plan checks its
// branches with it before any draw, to name the branch's line.
func (w *World) CheckScript(moves []Move) error {
	_, err := w.script(moves)
	return err
}

// MemberShare converts a rebalancing of size pp of the GDP of the country
// named into pp of the GDP of the player that country plays in: the same
// size for a player of its own, size × (the member's GDP / the player's)
// for a member of a player of several (DEU in the EU27, which plays as
// one), rounded to three significant digits so that the reports print the
// size the model plays. ok is false when name is no player's.
func (w *World) MemberShare(name string, size float64) (player string, groupSize, share float64, ok bool) {
	p, ok := w.PlayerIndex(name)
	if !ok {
		return "", 0, 0, false
	}
	pl := w.Players[p]
	c, member := w.Data.Index(name)
	if name == pl.Name || !member || pl.GDP <= 0 {
		return pl.Name, size, 1, true
	}
	share = w.Base.GDP[c] / pl.GDP
	groupSize, _ = strconv.ParseFloat(strconv.FormatFloat(size*share, 'g', 3, 64), 64)
	return pl.Name, groupSize, share, true
}

func (w *World) playerNames() string {
	s := ""
	for p, pl := range w.Players {
		if p > 0 {
			s += ", "
		}
		s += pl.Name
	}
	return s
}

// advance applies the players' actions and the leader's immediate responses
// (relief on joining, escalation on retaliators, counter-bloc members and
// stallers) and moves deficits along their paths.
func (w *World) advance(prev State, t int, ch []choice, prm *Params) (State, []Event) {
	st := prev.clone()
	st.Round = t
	var ev []Event
	L := w.Code()
	for p, c := range ch {
		ps := &st.Players[p]
		name := w.Players[p].Name
		if !c.set || ps.Member {
			continue
		}
		// A move named for a member is the whole player's: its event says
		// so (a rebalancing's says more, below).
		member := ""
		if c.named != "" && c.action != Rebalance {
			member = fmt.Sprintf(" (the move named %s, a member of %s: all %d members act, as %s)", c.named, name, len(w.Players[p].Countries), w.AsOneReason(p))
		}
		switch c.action {
		case Cut:
			if !ps.Cut {
				// Zero tariffs on the leader's goods end an answer in kind:
				// a player cannot cut to zero and retaliate at once, and a
				// retaliator is never judged by the benchmark (judge), so
				// without this a target that answered from the start could
				// never earn relief however far it rebalanced.
				text := fmt.Sprintf("%s offers zero tariffs on %s goods: a tariff-only offer, which does not count towards relief", name, L)
				if ps.Retaliating && !ps.Counter {
					text = fmt.Sprintf("%s drops its answer in kind and offers zero tariffs on %s goods: a tariff-only offer, which does not count towards relief, though the benchmark now judges it", name, L)
					ps.Retaliating = false
				}
				ps.Cut = true
				ev = append(ev, Event{name, "offer", text + member})
			}
		case Rebalance:
			if c.size > ps.Commitment {
				ps.Commitment = c.size
				text := fmt.Sprintf("%s commits to shrinking its balance by %g pp of GDP (domestic demand / revaluation), %.0f%% of the gap closed each quarter", name, c.size, 100*prm.Speed)
				if c.named != "" {
					text += fmt.Sprintf(" (the move named %s, a member of %s, which plays as one: %s's %g pp of its own GDP is %g pp of %s's; relief depends on %s as a whole meeting the benchmark)",
						c.named, name, c.named, c.own, c.size, name, name)
				}
				ev = append(ev, Event{name, "rebalance", text})
			}
		case Join:
			ps.Member, ps.Relief, ps.Escalated, ps.Retaliating, ps.Counter = true, true, false, false, false
			before := prev.clone()
			before.Round = t
			note, changed := w.reliefNote(p, before, prm.EscalationStep)
			what := "relief on joining"
			if !changed {
				what = fmt.Sprintf("joining lowers no tariff of %s's on it", L)
			}
			ev = append(ev, Event{name, "join", fmt.Sprintf("%s joins the bloc and matches %s's tariffs on the targets: %s%s%s", name, L, what, note, member)})
		case Retaliate:
			if !ps.Retaliating {
				ps.Retaliating = true
				ev = append(ev, Event{name, "retaliate", fmt.Sprintf("%s retaliates in kind against %s%s", name, L, member)})
			}
		case Counter:
			if !ps.Counter {
				ps.Counter, ps.Retaliating, ps.Relief = true, true, false
				ev = append(ev, Event{name, "counter", fmt.Sprintf("%s joins the targets' counter-bloc (free trade inside, mirror tariffs on %s)%s", name, L, member)})
			}
		}
	}
	for p := range st.Players {
		ps := &st.Players[p]
		ps.Adjusted += prm.Speed * (ps.Commitment - ps.Adjusted)
		if math.Abs(ps.Commitment-ps.Adjusted) < 1e-12 {
			ps.Adjusted = ps.Commitment
		}
		name := w.Players[p].Name
		if w.follows(p) {
			continue // escalated with its target (follow, below)
		}
		switch {
		case ps.Member:
		case (ps.Retaliating || ps.Counter) && !ps.Escalated:
			ps.Escalated, ps.Relief = true, false
			what := fmt.Sprintf("the threat plus %.0f pp", 100*prm.EscalationStep)
			if w.Players[p].Target {
				what = "the threat (it retaliates)"
			}
			ev = append(ev, Event{name, "escalation", fmt.Sprintf("%s escalates on %s: %s%s", L, name, what, w.withTerritories(p))})
		case !ps.Relief && !ps.Escalated && ps.Held == 0 && t > prm.Grace && credible(ps, prm):
			// Not a staller: its commitment, once in place, meets the
			// benchmark. Escalating while the path is under way would
			// punish the size the benchmark asks for (a 1 pp commitment
			// was escalated in rounds 2–4 and a 2 pp one was not, so the
			// rule that values a commitment at its end state chose 1 pp
			// and lost the difference).
			if t == prm.Grace+1 || ch[p].set && ch[p].action == Rebalance {
				ev = append(ev, Event{name, "hold", fmt.Sprintf("%s does not escalate on %s: its commitment of %g pp of GDP, once in place, meets the benchmark (%.2f pp in place)", L, name, ps.Commitment, ps.Adjusted)})
			}
		case !ps.Relief && !ps.Escalated && ps.Held == 0 && t > prm.Grace:
			ps.Escalated = true
			text := fmt.Sprintf("%s escalates on %s: the benchmark does not hold after the %d-round grace period", L, name, prm.Grace)
			if !w.threatRaises(p, t) {
				text += fmt.Sprintf("; the threat is no higher than the rates in force, so %s's tariffs on %s do not change", L, name)
			}
			text += w.deficitCaveat(p, prm)
			if e := w.KnifeEdge(p); e != "" {
				text += "; " + e
			}
			ev = append(ev, Event{name, "escalation", text + w.withTerritories(p)})
		}
	}
	w.follow(&st)
	return st, ev
}

// deficitCaveat is the clause an escalation on player p adds when p is
// asked to adjust for a persistent current-account surplus but runs a
// trade deficit in the data (benchmark.DeficitDespiteSurplus: Japan on
// world-2023, −1.16% of GDP, whose surplus is income on foreign assets):
// the benchmark report's ‡. Under a rule with a multilateral part the
// escalation then asks for a deeper trade deficit, not for a surplus to
// close. "" otherwise.
func (w *World) deficitCaveat(p int, prm *Params) string {
	if prm.Test.Measure == benchmark.Bilateral || !benchmark.DeficitDespiteSurplus(w.asked[p], w.pctB[p]) {
		return ""
	}
	cov := benchmark.Coverage(w.Data)
	return fmt.Sprintf("; ‡ %s runs a persistent current-account surplus but a %s deficit in the data (%.2f%% of GDP): the multilateral rule asks it for a deeper %s deficit, not for a trade surplus to close (as `benchmark` marks it ‡)",
		w.Players[p].Name, cov, w.pctB[p], cov)
}

// credible reports whether a player's rebalancing commitment, once in
// place, meets the benchmark: the commitment pins its balance's fall
// relative to world GDP, which is what the multilateral rule judges. Under
// a rule with a bilateral part the fall of one balance says nothing of the
// other, so no commitment is credible in advance.
func credible(ps *Stance, prm *Params) bool {
	m := prm.Test.Measure
	return ps.Commitment > 0 && (m == "" || m == benchmark.Multilateral) && ps.Commitment >= prm.Test.MultilateralCutPP
}

// withTerritories is the clause an event about player q's treatment adds
// for the territories that follow q ("" = none): they are treated with q,
// not as negotiators of their own.
func (w *World) withTerritories(q int) string {
	if ts := w.territoriesOf(q); ts != "" {
		return fmt.Sprintf("; %s, which US law gives %s's rate, with it", ts, w.Players[q].Name)
	}
	return ""
}

// judge applies the benchmark to the round's equilibrium and grants relief
// (from the next round) after q consecutive rounds.
func (w *World) judge(st *State, eq *Eq, t int, prm *Params) []Event {
	var ev []Event
	for p := range st.Players {
		ps := &st.Players[p]
		name := w.Players[p].Name
		if ps.Member || w.follows(p) {
			continue // a territory is not judged on its own (follow)
		}
		if !eq.Meets[p] || ps.Retaliating {
			ps.Held, ps.FirstHeld = 0, 0
			continue
		}
		ps.Held++
		if ps.Held == 1 {
			ps.FirstHeld = t
			if !ps.Relief {
				text := fmt.Sprintf("the benchmark holds for %s (%s; measured against the data, not the last round)", name, eq.Reason[p])
				if !w.asked[p] {
					// Not asked: the test's own verdict would read as a contradiction.
					text = fmt.Sprintf("the benchmark holds for %s: it is not asked to adjust (not a persistent-surplus economy)", name)
					if e := w.KnifeEdge(p); e != "" {
						text += "; " + e
					}
				}
				ev = append(ev, Event{name, "benchmark", text})
			}
		}
		if ps.Held >= prm.Q && !ps.Relief {
			before := st.clone()
			before.Round = t + 1
			ps.Relief, ps.Escalated = true, false
			note, changed := w.reliefNote(p, before, prm.EscalationStep)
			text := fmt.Sprintf("relief for %s from round %d: the benchmark has held %d consecutive rounds since round %d%s%s", name, t+1, prm.Q, ps.FirstHeld, note, w.withTerritories(p))
			if !changed {
				// Relief that lowers no tariff is no relief to read: it
				// only spares the player escalation later.
				text = fmt.Sprintf("%s qualifies for relief from round %d (the benchmark has held %d consecutive rounds since round %d), which changes no tariff%s; it spares %s escalation should its benchmark fail later%s",
					name, t+1, prm.Q, ps.FirstHeld, note, name, w.withTerritories(p))
			}
			ev = append(ev, Event{name, "relief", text})
		}
	}
	w.follow(st)
	return ev
}

// pending is the state round t brings whatever anyone chooses (advance
// with nobody moving) and its equilibrium: the leader's escalation on
// retaliators, counter-bloc members and stallers past the grace period,
// the round's regime and the deficit paths' next step. Every action is
// judged in it. Judged in the state before it, Vietnam joined in round 1
// to match a US tariff on China that the escalation on China (retaliating
// since round 0) raised in that same round: +0.31% expected, −2.09%
// realised (TestJudgedInTheRoundsState).
func (w *World) pending(st State, eq *Eq, t int, prm *Params) (State, *Eq, error) {
	st, _ = w.advance(st, t, make([]choice, len(w.Players)), prm)
	e, err := w.solve(st, prm, eq.Result, false)
	if err != nil {
		return st, nil, fmt.Errorf("round %d, the state before anyone moves: %w", t, err)
	}
	return st, e, nil
}

// bestResponses fills in the choices of players without a scripted move by
// the behavioural rule (doc.go), evaluating actions on all workers.
func (w *World) bestResponses(ctx context.Context, st State, eq *Eq, prm *Params, script map[[2]int]choice, t int, ch []choice, solves *int) error {
	type job struct {
		p int
		c choice
	}
	st, eq, err := w.pending(st, eq, t, prm)
	*solves++
	if err != nil {
		return err
	}
	var jobs []job
	for p := range w.Players {
		if ch[p].set || st.Players[p].Member || w.follows(p) {
			continue // a territory has no choice of its own (follow)
		}
		for _, c := range w.options(st, p, prm) {
			jobs = append(jobs, job{p, c})
		}
	}
	utils := make([]float64, len(jobs))
	errs := make([]error, len(jobs))
	counts := make([]int, len(jobs))
	workers := prm.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				utils[k], counts[k], errs[k] = recoveredUtility(func() (float64, int, error) {
					if optionHook != nil {
						optionHook(jobs[k].p, jobs[k].c)
					}
					return w.utility(st, eq, jobs[k].p, jobs[k].c, prm)
				})
			}
		}()
	}
	for k := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	best := map[int]int{}
	for k, j := range jobs {
		*solves += counts[k]
		if errs[k] != nil {
			return fmt.Errorf("round %d, %s %s: %w", t, w.Players[j.p].Name, j.c.label(), errs[k])
		}
		if b, ok := best[j.p]; !ok || utils[k] > utils[b]+1e-9 {
			best[j.p] = k
		}
	}
	for p, k := range best {
		if c := jobs[k].c; c.action != Wait {
			ch[p] = c
		}
	}
	return nil
}

// options lists the actions open to a player (Wait first, so that ties wait).
func (w *World) options(st State, p int, prm *Params) []choice {
	ps := st.Players[p]
	out := []choice{{set: true, action: Wait}}
	if w.follows(p) {
		return out
	}
	if !ps.Cut && !w.Players[p].Target {
		out = append(out, choice{set: true, action: Cut})
	}
	for _, x := range prm.Sizes {
		if x > ps.Commitment {
			out = append(out, choice{set: true, action: Rebalance, size: x})
		}
	}
	if !w.Players[p].Target {
		out = append(out, choice{set: true, action: Join})
		if !ps.Counter {
			out = append(out, choice{set: true, action: Counter})
		}
	}
	if !ps.Retaliating && !w.Players[p].Territory {
		out = append(out, choice{set: true, action: Retaliate})
	}
	return out
}

// utility is U(a) of the behavioural rule for player p (doc.go).
func (w *World) utility(st State, eq *Eq, p int, c choice, prm *Params) (float64, int, error) {
	h := st.clone()
	ps := &h.Players[p]
	cost, delay := 0.0, 0
	switch c.action {
	case Cut:
		ps.Cut, cost = true, prm.Costs.Cut
	case Rebalance:
		cost = (prm.Costs.RebalancePerPP + prm.Costs.SavingPerPP) * (c.size - ps.Commitment)
		ps.Commitment = c.size
		delay = roundsToCover(prm.Speed, 0.75) + prm.Q
	case Join:
		ps.Member, ps.Relief, ps.Escalated, ps.Retaliating, ps.Counter = true, true, false, false, false
		cost = prm.Costs.Join
	case Retaliate:
		ps.Retaliating, ps.Escalated, ps.Relief = true, true, false
		cost = prm.Costs.Retaliate
	case Counter:
		ps.Counter, ps.Retaliating, ps.Escalated, ps.Relief = true, true, true, false
		cost = prm.Costs.Counter
	}
	if c.action != Wait {
		cost += prm.Costs.Inertia
	}
	ps.Adjusted = ps.Commitment
	w.follow(&h) // the target's territories share its treatment
	solves := 0
	if !ps.Member && !ps.Retaliating && !ps.Counter && !ps.Relief {
		// The leader's response: relief if the benchmark holds once the
		// commitment is in place, else escalation after the grace period.
		e1, err := w.solve(h, prm, eq.Result, true)
		solves++
		if err != nil {
			return 0, solves, err
		}
		if e1.Meets[p] {
			ps.Relief, ps.Escalated = true, false
			if c.action != Rebalance {
				delay = prm.Q
			}
		} else {
			ps.Escalated = true
		}
		w.follow(&h)
	}
	e2, err := w.solve(h, prm, eq.Result, false)
	solves++
	if err != nil {
		return 0, solves, err
	}
	w0 := eq.Welfare[p]
	return w0 + math.Pow(prm.Discount, float64(delay))*(e2.Welfare[p]-w0) - cost, solves, nil
}

// roundsToCover is the number of rounds a path closing speed of the gap each
// round needs to cover share of it.
func roundsToCover(speed, share float64) int {
	if speed >= 1 {
		return 1
	}
	return int(math.Ceil(math.Log(1-share) / math.Log(1-speed)))
}

// optionHook, set only by tests, runs in the round's pool before each
// option is valued: TestRoundPoolRecoversPanic makes one panic there to
// check that the pool itself recovers it. Set it before a run, never
// during one.
var optionHook func(p int, c choice)

// recoveredUtility runs f and turns a panic into its error: a goroutine of
// the round's pool that panicked would take down the whole process,
// `serve` and every user's runs with it, where one failed run is enough.
func recoveredUtility(f func() (float64, int, error)) (u float64, n int, err error) {
	defer func() {
		if v := recover(); v != nil {
			value, _ := executor.RecoveredPanic(v)
			err = fmt.Errorf("a player's option panicked: %s (a bug in tradebloc; please report it)", value)
		}
	}()
	return f()
}
