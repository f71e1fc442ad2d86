package simulate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

// Report is the JSON of `tradebloc simulate` (DESIGN §4: keys may be added,
// never renamed).
type Report struct {
	Scenario string   `json:"scenario"`
	Leader   string   `json:"leader"`
	Targets  []string `json:"targets"`
	Players  []string `json:"players"`
	Start    string   `json:"start"`
	History  string   `json:"history_schedule,omitempty"`
	// Unit is the dataset's unit of balance_with_leader (e.g. USD million).
	Unit   string `json:"unit"`
	Params Params `json:"params"`
	// ThetaUsed is the trade elasticity the model ran with, by sector
	// (params.trade_elasticity is 0 when the scenario's own applies).
	ThetaUsed []float64 `json:"trade_elasticity_used"`
	Rounds    []Round   `json:"rounds"`
	// ReliefFrom is the first round each player's relief was in force
	// (members: the round they joined); null = never.
	ReliefFrom map[string]*int `json:"relief_from_round"`
	// Territories maps each territory to the target whose US rate it
	// takes (HKG and MAC to CHN): escalated and relieved with it, never
	// judged on its own, so its meets_benchmark is always false.
	Territories map[string]string `json:"territories,omitempty"`
	Solves      int               `json:"solves"`
	Seconds     float64           `json:"seconds"`
	Rules       []string          `json:"rules"`
}

// Round is one round of the report.
type Round struct {
	T               int                   `json:"t"`
	Date            string                `json:"date"`
	Tariffs         map[string]TariffPair `json:"tariffs"`
	Members         Members               `json:"members"`
	BalancesGDPPct  map[string]float64    `json:"balances_gdp_pct"`
	BalanceWithLead map[string]float64    `json:"balance_with_leader"`
	WelfarePct      map[string]float64    `json:"welfare_pct"`
	// WelfareExTransferPct is welfare_pct net of the transfer a
	// rebalancing commitment finances by lower saving, for the players
	// (and leader) for which the two differ.
	WelfareExTransferPct map[string]float64 `json:"welfare_ex_transfer_pct,omitempty"`
	MeetsBenchmark       map[string]bool    `json:"meets_benchmark"`
	Actions              map[string]string  `json:"actions,omitempty"`
	Events               []Event            `json:"events"`
}

// TariffPair is the trade-weighted tariff of the leader on a player and of
// the player on the leader (percent).
type TariffPair struct {
	ByLeader float64 `json:"by_leader_pct"`
	OnLeader float64 `json:"on_leader_pct"`
}

// Members lists the players by treatment in a round.
type Members struct {
	Bloc      []string `json:"bloc"`
	Counter   []string `json:"counter_bloc"`
	Relief    []string `json:"relief"`
	Escalated []string `json:"escalated"`
	// ReliefNoChange are the players in Relief (not members) whose relief
	// lowers none of the leader's tariffs on them that round
	// (Trace.ReliefLowers): the member terms are not below the rates in
	// force and the relief lifted no escalation, so it only spares them
	// escalation.
	ReliefNoChange []string `json:"relief_no_change,omitempty"`
}

// Rules states the rules in force, for the report.
func (prm Params) Rules() []string {
	return []string{
		fmt.Sprintf("relief (member terms) once the benchmark holds %d consecutive quarters, or on joining; a tariff-only offer does not count", prm.Q),
		fmt.Sprintf("escalation to the threat on retaliators (a retaliating candidate or counter-bloc member +%.0f pp on top; a target gets the threat alone), counter-bloc members and stallers after a %d-quarter grace period", 100*prm.EscalationStep, prm.Grace),
		fmt.Sprintf("rebalancing commitments close %.0f%% of the remaining gap each quarter", 100*prm.Speed),
		prm.Test.Condition(),
		"each quarter is the model's equilibrium at that quarter's tariffs: trade and prices respond fully (the long-run trade elasticity) within the quarter, so the rounds show where each move leads, not how fast trade adjusts",
		fmt.Sprintf("behaviour: %s", map[bool]string{true: "scripted moves only", false: fmt.Sprintf("best response on model payoffs, discount %.2f/quarter, political costs join %.2f, cut %.2f, retaliate %.2f, counter %.2f, rebalance %.2f+%.2f per pp, inertia %.2f", prm.Discount, prm.Costs.Join, prm.Costs.Cut, prm.Costs.Retaliate, prm.Costs.Counter, prm.Costs.RebalancePerPP, prm.Costs.SavingPerPP, prm.Costs.Inertia)}[prm.Scripted]),
	}
}

// Report turns a trace into its report.
func (tr *Trace) Report(seconds float64) *Report {
	w := tr.World
	rep := &Report{Scenario: w.Scenario.Name, Leader: w.Code(), Start: tr.Params.Start, History: w.History, Unit: w.Data.Unit,
		Params: tr.Params, ReliefFrom: map[string]*int{}, Solves: tr.Solves, Seconds: seconds, Rules: tr.Params.Rules(),
		ThetaUsed: w.modelOptions(&tr.Params).Theta}
	if n := w.censusNote(); n != "" {
		rep.Rules = append(rep.Rules, n)
	}
	// A move named for an EU member is the EU27's, all its members acting:
	// said once among the notes, whether or not the move changes a stance
	// (an event says so only when it does).
	rep.Rules = append(rep.Rules, w.MemberMoveNotes(tr.Params.Moves)...)
	if n := w.SoloMemberNote(); n != "" {
		rep.Rules = append(rep.Rules, n)
	}
	for p := range w.Players {
		// Whether the leader asks a player to adjust at all decides its
		// relief; on one year of data that is a finding to read with care.
		if e := w.KnifeEdge(p); e != "" {
			rep.Rules = append(rep.Rules, "classification within one year of the surplus rule's threshold: "+e)
		}
	}
	for p, pl := range w.Players {
		rep.Players = append(rep.Players, pl.Name)
		if pl.Target {
			rep.Targets = append(rep.Targets, pl.Name)
		}
		rep.ReliefFrom[pl.Name] = nil
		if ts := w.territoriesOf(p); ts != "" {
			exports := "Their goods exports in the data are largely re-exports, which the model counts as their own output, so a tariff on them (the leader's, or the bloc members' matching it) costs them more in the model than it would"
			if w.Data.Coverage == data.CoverageServices {
				// ICIO strips re-exports; what is left of their trade with
				// the leader is mostly services, which no tariff reaches.
				exports = "The data remove re-exports, so their trade in the data is their own goods and, above all, services, which no tariff of the game reaches: they can gain from the services the leader's rising wage buys"
			}
			rep.Rules = append(rep.Rules, fmt.Sprintf("%s get %s's treatment (US law gives them its rate): escalated and relieved with %s, never judged by the benchmark on their own; each keeps its own tariff before the game under that treatment (%s's carries duties on %s-origin goods, such as Section 301's, that theirs do not). %s", ts, pl.Name, pl.Name, pl.Name, pl.Name, exports))
		}
		if w.follows(p) {
			if rep.Territories == nil {
				rep.Territories = map[string]string{}
			}
			rep.Territories[pl.Name] = w.Players[pl.Follows].Name
		}
	}
	start, _ := parseDate(tr.Params.Start)
	buf := make([]float64, len(w.t0))
	for t, st := range tr.States {
		eq := tr.Eqs[t]
		w.tariffs(st, tr.Params.EscalationStep, buf)
		r := Round{T: t, Date: RoundDate(start, t), Tariffs: map[string]TariffPair{},
			BalancesGDPPct: map[string]float64{w.Code(): round2(eq.LeaderBal)}, BalanceWithLead: map[string]float64{},
			WelfarePct: map[string]float64{w.Code(): round3(eq.LeaderW)}, MeetsBenchmark: map[string]bool{},
			Members: Members{Bloc: []string{}, Counter: []string{}, Relief: []string{}, Escalated: []string{}}, Events: tr.Events[t]}
		if eq.Result != nil {
			// The leader absorbs part of the partners' commitments too, and
			// its welfare heads the report: plan's is net of the transfer.
			if ex := 100 * (eq.Result.Countries[w.Leader].WelfareExTransfer - 1); math.Abs(ex-eq.LeaderW) >= 5e-4 {
				r.WelfareExTransferPct = map[string]float64{w.Code(): round3(ex)}
			}
		}
		for p, pl := range w.Players {
			ps := st.Players[p]
			r.Tariffs[pl.Name] = w.tariffPair(pl, buf)
			r.BalancesGDPPct[pl.Name] = round2(eq.PctGDP[p])
			r.BalanceWithLead[pl.Name] = math.Round(eq.With[p])
			r.WelfarePct[pl.Name] = round3(eq.Welfare[p])
			if eq.WelfareEx != nil && math.Abs(eq.WelfareEx[p]-eq.Welfare[p]) >= 5e-4 {
				if r.WelfareExTransferPct == nil {
					r.WelfareExTransferPct = map[string]float64{}
				}
				r.WelfareExTransferPct[pl.Name] = round3(eq.WelfareEx[p])
			}
			r.MeetsBenchmark[pl.Name] = eq.Meets[p]
			if a := tr.Actions[t][p]; a != "" {
				if r.Actions == nil {
					r.Actions = map[string]string{}
				}
				r.Actions[pl.Name] = a
			}
			if ps.Member {
				r.Members.Bloc = append(r.Members.Bloc, pl.Name)
			}
			if ps.Counter {
				r.Members.Counter = append(r.Members.Counter, pl.Name)
			}
			if ps.Member || (ps.Relief && !ps.Retaliating) {
				r.Members.Relief = append(r.Members.Relief, pl.Name)
				if !ps.Member && !tr.ReliefLowers(t, p) {
					r.Members.ReliefNoChange = append(r.Members.ReliefNoChange, pl.Name)
				}
				if rep.ReliefFrom[pl.Name] == nil {
					v := t
					rep.ReliefFrom[pl.Name] = &v
				}
			}
			if ps.Escalated && !ps.Member {
				r.Members.Escalated = append(r.Members.Escalated, pl.Name)
			}
		}
		rep.Rounds = append(rep.Rounds, r)
	}
	return rep
}

// ReliefLowers reports whether player p's relief in round t lowers the
// leader's tariff on it, as the reports print it (to 0.1 point), against
// the same round without the relief. Relief alone lifts an escalation
// (joining aside), so a player that was escalated when its relief began is
// escalated in that round without it: China's relief from round 5 of the
// built-in plan's china-negotiates takes its US tariff from 66.9% to 22.9%
// and Macau's, which follows it, from 56.1% to 7.0%, though Macau's 7.0% is
// the rate in force. A relief whose member terms are not below the rates in
// force on a player that was not escalated lowers none (relief_no_change:
// it only spares the player escalation should its benchmark fail later);
// nor does a relief in round t of a retaliator, a counter-bloc member or a
// player without one. The leader's tariff on p depends on p's stance alone,
// so only p's is changed: re-deriving the territories (follow) would hand a
// territory its target's relief back and compare the relief with itself.
func (tr *Trace) ReliefLowers(t, p int) bool {
	st := tr.States[t]
	if ps := st.Players[p]; !ps.Relief || ps.Retaliating || ps.Counter {
		return false // no relief, or one the tariffs do not apply (tariffs)
	}
	w, step := tr.World, tr.Params.EscalationStep
	t0 := t // the round the relief began
	for t0 > 0 && tr.States[t0-1].Players[p].Relief {
		t0--
	}
	without := st.clone()
	without.Players[p].Relief = false
	without.Players[p].Escalated = t0 > 0 && tr.States[t0-1].Players[p].Escalated
	with := w.tariffPair(w.Players[p], w.Tariffs(st, step)).ByLeader
	return fmt.Sprintf("%.1f", w.tariffPair(w.Players[p], w.Tariffs(without, step)).ByLeader) != fmt.Sprintf("%.1f", with)
}

// tariffPair is the trade-weighted tariff between the leader and a player,
// over goods: on a world with services, which no tariff of the game
// reaches, weighting them in would dilute it (Hong Kong, 95% of whose trade
// with the US is services on icio-2022, showed 2.6% while paying 54 points
// on its goods).
func (w *World) tariffPair(pl Player, t []float64) TariffPair {
	ds := w.Data
	var by, byW, on, onW float64
	for _, c := range pl.Countries {
		n, d := ds.GoodsTariffSums(t, c, w.Leader)
		by, byW = by+n, byW+d
		n, d = ds.GoodsTariffSums(t, w.Leader, c)
		on, onW = on+n, onW+d
	}
	return TariffPair{ByLeader: round2(100 * by / math.Max(byW, 1e-300)), OnLeader: round2(100 * on / math.Max(onW, 1e-300))}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Tables renders the report: one row per round, then one per player and
// round.
func (r *Report) Tables() []*report.Table { return r.tables(false) }

// tables renders the report for text and Markdown, or with csv for the CSV
// of the by-player table, whose cells hold values and no placeholder
// dashes (the text's "–" and "-" read alike as missing there).
func (r *Report) tables(csv bool) []*report.Table {
	transfers := false
	for _, rd := range r.Rounds {
		transfers = transfers || len(rd.WelfareExTransferPct) > 0
	}
	rounds := &report.Table{Title: fmt.Sprintf("Simulation of %s from %s (leader %s, targets %s)", r.Scenario, r.Start, r.Leader, strings.Join(r.Targets, ", ")),
		Columns: []string{"t", "date", "bloc", "relief", "escalated", "counter-bloc", r.Leader + " balance %GDP", r.Leader + " welfare %"},
		Numeric: []bool{true, false, false, false, false, false, true, true}, Notes: r.Rules}
	if transfers {
		// welfare % counts borrowed spending as income, plan's welfare does
		// not: a reader comparing the two must know which column is which
		// before reading a number (Korea rebalancing 2 pp: +1.83% here,
		// -0.00% without the transfer).
		rounds.Title += "; " + transferHeadline
		rounds.Columns = append(rounds.Columns, r.Leader+" ex transfer %")
		rounds.Numeric = append(rounds.Numeric, true)
	}
	events := &report.Table{Title: "Events", Columns: []string{"t", "player", "event"}, Numeric: []bool{true, false, false}}
	idle := false
	for _, rd := range r.Rounds {
		for _, e := range rd.Events {
			events.Add(fmt.Sprint(rd.T), e.Player, e.Text)
		}
		relief := make([]string, len(rd.Members.Relief))
		for k, p := range rd.Members.Relief {
			relief[k] = p
			if slices.Contains(rd.Members.ReliefNoChange, p) {
				relief[k], idle = p+"*", true
			}
		}
		row := []string{fmt.Sprint(rd.T), rd.Date, list(rd.Members.Bloc), list(relief), list(rd.Members.Escalated), list(rd.Members.Counter),
			report.Num(rd.BalancesGDPPct[r.Leader], 2), report.Num(rd.WelfarePct[r.Leader], 3)}
		if transfers {
			row = append(row, exTransfer(rd, r.Leader))
		}
		rounds.Add(row...)
	}
	if idle {
		rounds.Notes = append([]string{fmt.Sprintf("relief: * marks a relief that lowers none of %s's tariffs on the player that round (the member terms are not below the rates in force): no change, though it spares the player escalation should its benchmark fail later", r.Leader)}, rounds.Notes...)
	}
	players := &report.Table{Title: "By player and round",
		Columns: []string{"player", "t", "action", "tariff by " + r.Leader + " %", "tariff on " + r.Leader + " %", "balance %GDP", "balance with " + r.Leader + ", " + r.unit(), "welfare %", "ex transfer %", "benchmark"},
		Numeric: []bool{false, true, false, true, true, true, true, true, true, false}}
	if transfers {
		players.Title += "; " + transferHeadline
	}
	for _, p := range r.Players {
		for _, rd := range r.Rounds {
			tp := rd.Tariffs[p]
			ex := exTransfer(rd, p)
			bm := yes(rd.MeetsBenchmark[p])
			if csv {
				// Where the transfer changes nothing the ex transfer
				// figure is welfare % itself, not a missing value.
				if _, ok := rd.WelfareExTransferPct[p]; !ok {
					ex = report.Num(rd.WelfarePct[p], 3)
				}
			}
			if t, ok := r.Territories[p]; ok {
				bm = "as " + t // not judged on its own
			}
			players.Add(p, fmt.Sprint(rd.T), rd.Actions[p], report.Num(tp.ByLeader, 1), report.Num(tp.OnLeader, 1),
				report.Num(rd.BalancesGDPPct[p], 2), report.Num(rd.BalanceWithLead[p], 0), report.Num(rd.WelfarePct[p], 3), ex, bm)
		}
	}
	if transfers {
		players.Notes = append(players.Notes, "welfare % counts the spending a rebalancing commitment finances by lower saving as income; ex transfer % is real income without it (docs/welfare.md), shown where the two differ: for the committing player, and on the other side for the economies whose balances absorb its commitment. The transfer is measured against the balance the fixed closure alone would give, so it also includes that closure's valuation. A player's choice already charges the saving given up (saving_per_pp).")
	}
	return []*report.Table{rounds, events, players}
}

// transferHeadline says, in the titles, which welfare column is which.
const transferHeadline = "welfare % counts the spending a rebalancing commitment finances by lower saving as income; ex transfer % does not, and is the one comparable with plan's welfare"

// exTransfer is the ex transfer % cell of player (or leader) p in a round:
// "–" where the transfer does not change its welfare % (the CSV writes
// welfare % there).
func exTransfer(rd Round, p string) string {
	if v, ok := rd.WelfareExTransferPct[p]; ok {
		return report.Num(v, 3)
	}
	return "–"
}

// unit names the unit of the balances with the leader.
func (r *Report) unit() string {
	if r.Unit == "" {
		return "USD million" // the dataset default (DESIGN §4)
	}
	return r.Unit
}

func list(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, " ")
}

// yes is a benchmark verdict in the words of both the text and the CSV:
// a "-" beside "meets" read as missing (the review's Japan, escalated for
// "the benchmark does not hold" with "-" in its column).
func yes(b bool) string {
	if b {
		return "meets"
	}
	return "does not meet"
}

// Write renders the report as text, Markdown or CSV (the by-player table).
func (r *Report) Write(w io.Writer, f report.Format) error {
	if f == report.CSV {
		return r.tables(true)[2].WriteCSV(w)
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
	return nil
}

// Tariffs returns the tariff matrix of a state (data layout).
func (w *World) Tariffs(st State, step float64) []float64 {
	t := make([]float64, len(w.t0))
	w.tariffs(st, step, t)
	return t
}

// TariffPair is the trade-weighted tariff between the leader and player p
// under the tariff matrix t.
func (w *World) TariffPair(p int, t []float64) TariffPair { return w.tariffPair(w.Players[p], t) }

// TariffOnTargets is player p's trade-weighted tariff on the targets' goods
// under t (percent; weights: baseline flows of goods).
func (w *World) TariffOnTargets(p int, t []float64) float64 {
	ds := w.Data
	var num, den float64
	for _, c := range w.Players[p].Countries {
		for q, pl := range w.Players {
			if !pl.Target || q == p {
				continue
			}
			for _, a := range pl.Countries {
				n, d := ds.GoodsTariffSums(t, a, c)
				num, den = num+n, den+d
			}
		}
	}
	if den == 0 {
		return 0
	}
	return round2(100 * num / den)
}
