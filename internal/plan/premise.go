package plan

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/simulate"
)

// moveText is a branch's move as the report lists it. A move named for a
// member of a player of several (DEU in the EU27, which plays as one)
// says that the group plays it: a rebalancing gives its size in the
// group's GDP too, the size the simulation plays
// (simulate.World.MemberShare), since "DEU rebalance 1 pp of GDP" alone
// read as Germany's while the model played 1 pp of the EU27's; any other
// move is the whole group's ("DEU cut" is the EU27's zero tariffs, all 27
// members').
func moveText(w *simulate.World, m Move) string {
	s := fmt.Sprintf("%s %s", m.Player, m.Action)
	if m.Action == "rebalance" {
		s += fmt.Sprintf(" %g pp of GDP", m.Size)
		if g, size, _, ok := w.MemberShare(m.Player, m.Size); ok && g != m.Player {
			s += fmt.Sprintf(" (%g pp of %s's GDP: %s plays as one)", size, g, g)
		}
	} else if p, ok := w.PlayerIndex(m.Player); ok && w.Players[p].Name != m.Player {
		s += fmt.Sprintf(" (played by %s as a whole)", w.Players[p].Name)
	}
	return s + fmt.Sprintf(" in round %d", m.Round)
}

// branchNotes says what a branch's premises do in the model where that is
// not what their words suggest:
//   - a rebalancing named for a member of a player of several is that
//     member's GDP share of the group's, and relief needs the group as a
//     whole to meet the benchmark (the review's "Germany rebalances 1 pp",
//     played as 1 pp of the EU27's GDP, bought the whole union's relief);
//   - any other move named for a member is played by the whole group
//     (DEU cut: the EU27's common commercial policy sets every member's
//     tariffs, so all 27 cut), and an exclusion naming a member keeps the
//     whole group out of the bloc (excluded);
//   - a move of a coalition member's own in the branch's join round takes
//     the place of its joining (params: one move a round);
//   - a tariff-only offer or a rebalancing by a player the leader does not
//     ask to adjust cannot change the leader's treatment of it: the
//     benchmark holds for it whatever it does (the review's Vietnam, whose
//     US tariff was 12.47% in all six branches), flagged when the
//     classification is one year from the threshold.
func branchNotes(w *simulate.World, b *Branch, members []string, cutPP float64) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range b.Moves {
		p, ok := w.PlayerIndex(m.Player)
		if !ok {
			continue
		}
		g := w.Players[p].Name
		if m.Action == "rebalance" && g != m.Player {
			_, size, share, _ := w.MemberShare(m.Player, m.Size)
			n := fmt.Sprintf("%s is a member of %s, which plays as one (%s): %s's rebalancing of %g pp of its own GDP is %g pp of %s's (%s is %.1f%% of %s's GDP), and relief depends on %s as a whole meeting the benchmark",
				m.Player, g, w.AsOneReason(p), m.Player, m.Size, size, g, m.Player, 100*share, g, g)
			if size < cutPP {
				n += fmt.Sprintf(" (a fall of its balance of at least %g pp of its GDP), which this move alone does not bring", cutPP)
			}
			out = append(out, n)
		}
		if a, _ := simulate.ParseAction(m.Action); a != simulate.Rebalance {
			if n := w.MemberMoveNote(m.Player, a, m.Round); n != "" {
				out = append(out, n)
			}
		}
		if (m.Action == "cut" || m.Action == "rebalance") && !w.Players[p].Target && !w.Asked(p) && !seen[g] {
			seen[g] = true
			n := fmt.Sprintf("the premise that %s moves (%s) cannot change the leader's treatment of it: %s is not asked to adjust (not a persistent-surplus economy), so the benchmark holds for it whatever it offers, and its relief comes with or without the move",
				g, m.Action, g)
			if e := w.KnifeEdge(p); e != "" {
				n += "; " + e
			}
			out = append(out, n)
		}
	}
	for _, e := range b.Exclude {
		if p, ok := w.PlayerIndex(e); ok && w.Players[p].Name != e {
			g := w.Players[p].Name
			out = append(out, fmt.Sprintf("exclude names %s, a member of %s, which plays as one (%s): %s as a whole is kept out of the bloc, all %d members",
				e, g, w.AsOneReason(p), g, len(w.Players[p].Countries)))
		}
	}
	if b.Coalition {
		for _, m := range members {
			if excluded(w, b, m) || !movesAt(w, b, m, b.JoinRound) {
				continue
			}
			out = append(out, fmt.Sprintf("%s, a member of the coalition game's leading coalition, has a move of its own in round %d, the branch's join round: the move takes the place of its joining the bloc (a player makes one move a round)",
				m, b.JoinRound))
		}
	}
	return out
}

// definitional reports whether indicator in is set directly by branch b's
// own premises rather than found by the model: a signpost on it would
// restate the branch's assumption (the review's "CAN tariff on the
// targets above 28.37" for the branch in which Canada joins the bloc, or
// "VNM tariff on USA below 0.54" for the one in which Vietnam cuts its
// tariffs to zero). members are the coalition game's members the branch
// makes join. The leader's tariff on a player that joins, retaliates or
// joins the counter-bloc is the leader's rule applied to the move (relief
// on joining, escalation on retaliators), and in a branch without
// escalation the leader's tariffs are the premise itself.
func definitional(w *simulate.World, b *Branch, members []string, in indicator) bool {
	if in.kind == 4 {
		return false // the leader's balance: the model's
	}
	if in.kind == 0 && !b.Escalation {
		return true
	}
	acts := map[string]bool{}
	for _, m := range b.Moves {
		if p, ok := w.PlayerIndex(m.Player); ok && p == in.p {
			acts[m.Action] = true
		}
	}
	if b.Coalition {
		for _, m := range members {
			if p, ok := w.PlayerIndex(m); ok && p == in.p && !excluded(w, b, m) && !movesAt(w, b, m, b.JoinRound) {
				acts["join"] = true
			}
		}
	}
	switch in.kind {
	case 0: // the leader's tariff on the player
		return acts["join"] || acts["retaliate"] || acts["counter"]
	case 1: // the player's tariff on the leader
		return acts["cut"] || acts["retaliate"] || acts["counter"]
	case 2: // the player's tariff on the targets
		return acts["join"] || acts["counter"]
	case 3: // the player's balance, pinned by its commitment
		return acts["rebalance"]
	}
	return false
}
