package coalition

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// move is one candidate's decision on the accession path, for the reasons.
type move struct {
	step   int  // 1-based
	joins  bool // joins when its turn comes
	gain   float64
	before Mask // the members when its turn comes
}

// statusDocs says why each candidate (in the given order) is in or out of
// coalition m, with a one-line reason in numbers. path, if not nil, holds
// each player's move on the accession path, which the reasons then cite.
func (g *game) statusDocs(tab *Table, m Mask, order []int, path map[int]move) []StatusDoc {
	st := tab.Statuses(m)
	out := make([]StatusDoc, 0, len(order))
	for _, p := range order {
		s := st[p]
		d := StatusDoc{Code: g.players[p].Name, Member: s.Member, Status: s.Kind, JoinGainPct: s.JoinGain}
		if s.Member {
			v := s.LeaveGain
			d.LeaveGainPct = &v
		}
		var why []string
		switch s.Kind {
		case StatusJoins:
			why = append(why, fmt.Sprintf("gains %+.3f%% by joining the other members", s.JoinGain))
		case StatusLockedIn:
			why = append(why, fmt.Sprintf("joining the other members costs it %.3f%%, but leaving would cost it %.3f%% with %s", -s.JoinGain, -s.LeaveGain, g.penaltyText()))
		case StatusWouldLeave:
			why = append(why, fmt.Sprintf("gains %+.3f%% by leaving, even with %s", s.LeaveGain, g.penaltyText()))
		case StatusStaysOut:
			if s.JoinGain < 0 {
				why = append(why, fmt.Sprintf("joining would cost it %.3f%%", -s.JoinGain))
			} else {
				why = append(why, fmt.Sprintf("gains nothing by joining (%+.3f%%)", s.JoinGain))
			}
		case StatusWouldJoin:
			why = append(why, fmt.Sprintf("would gain %+.3f%% by joining", s.JoinGain))
		}
		if mv, ok := path[p]; ok {
			j := mv.joins
			d.JoinsOnAccessionPath = &j
			switch {
			case mv.joins && s.Member:
				why = append(why, fmt.Sprintf("joins on the accession path (step %d)", mv.step))
			case mv.joins:
				why = append(why, fmt.Sprintf("joins on the accession path (step %d, %+.3f%% with %s in) but that is not the leading coalition", mv.step, mv.gain, members(g.playerNames(mv.before))))
			case s.Member:
				why = append(why, fmt.Sprintf("declines on the accession path (step %d: %+.3f%% with %s in)", mv.step, mv.gain, members(g.playerNames(mv.before))))
			}
		}
		d.Reason = strings.Join(why, "; ")
		out = append(out, d)
	}
	return out
}

// penaltyText names the defector penalty for the reasons.
func (g *game) penaltyText() string {
	if g.spec.DefectorPenalty == 0 {
		return "no defector penalty"
	}
	return "the " + strconv.FormatFloat(100*g.spec.DefectorPenalty, 'g', -1, 64) + "-point defector penalty"
}

// reconcile says in words how the accession path's end and the leading
// coalition relate. stable is every stable coalition, ranked; reach is an
// order of accession that ends at the leading coalition (nil if none).
func (g *game) reconcile(final, leading Mask, stable []Verdict, score func(Mask) float64, status []StatusDoc, reach []int) string {
	name := func(m Mask) string { return members(g.playerNames(m)) }
	if len(stable) == 0 {
		return fmt.Sprintf("No coalition is stable, so the leading coalition is where the accession path ends: %s.", name(final))
	}
	if final == leading {
		return fmt.Sprintf("The accession path ends at the leading coalition, %s.", name(leading))
	}
	var b strings.Builder
	rank := -1
	for k, v := range stable {
		if v.Members == final {
			rank = k + 1
		}
	}
	fmt.Fprintf(&b, "The accession path ends at %s", name(final))
	if rank > 0 {
		fmt.Fprintf(&b, ", stable coalition #%d of %d", rank, len(stable))
	} else {
		b.WriteString(", which is not stable")
	}
	fmt.Fprintf(&b, "; the leading coalition is %s, the leader's preferred stable coalition (%s objective %.4g against %.4g).",
		name(leading), g.spec.Objective, score(leading), score(final))
	byCode := map[string]StatusDoc{}
	for _, s := range status {
		byCode[s.Code] = s
	}
	var added, dropped, locked []string
	for p := len(g.players) - 1; p >= 0; p-- {
		code := g.players[p].Name
		switch {
		case leading.Has(p) && !final.Has(p):
			added = append(added, code+" ("+byCode[code].Status+")")
		case final.Has(p) && !leading.Has(p):
			dropped = append(dropped, code)
		}
		if leading.Has(p) && byCode[code].Status == StatusLockedIn {
			locked = append(locked, code)
		}
	}
	if len(added) > 0 {
		fmt.Fprintf(&b, " It adds %s", strings.Join(added, ", "))
		if len(dropped) > 0 {
			fmt.Fprintf(&b, " and leaves out %s (joining it would not pay)", strings.Join(dropped, ", "))
		}
		b.WriteString(".")
	} else if len(dropped) > 0 {
		fmt.Fprintf(&b, " It leaves out %s (joining it would not pay).", strings.Join(dropped, ", "))
	}
	if reach == nil {
		fmt.Fprintf(&b, " No order of accession ends at %s", name(leading))
		if len(locked) > 0 {
			fmt.Fprintf(&b, ": it holds %s only through the defector penalty, which binds a member once it is in", strings.Join(locked, ", "))
		}
		b.WriteString(".")
	} else {
		var ord []string
		for _, p := range reach {
			ord = append(ord, g.players[p].Name)
		}
		fmt.Fprintf(&b, " The order of accession %s ends at it.", strings.Join(ord, ", "))
	}
	return b.String()
}

// leaderWelfare is the leader's welfare change in a record.
func (g *game) leaderWelfare(rec record) float64 { return rec.welfare[g.watchIndex(g.leader)] }

// threatDocs turns the required threats into the report's two forms: the
// contract map of rates (%) and the detailed list, in the given order.
func (g *game) threatDocs(ts []threat, order []int) (map[string]*float64, []ThreatDoc) {
	rates := map[string]*float64{}
	docs := make([]ThreatDoc, 0, len(order))
	for _, p := range order {
		t := ts[p]
		d := ThreatDoc{Code: g.players[p].Name, LeaderGainPct: t.leaderGain, CandidateGainUnthreatenedPct: t.gain0, Credible: t.credible()}
		if t.rate != nil {
			// A grid point of threatStep, written without float noise.
			v := math.Round(*t.rate*1e6) / 1e4
			c := *t.leaderCost
			d.ThreatPct, d.LeaderCostPct = &v, &c
		}
		rates[d.Code] = d.ThreatPct
		docs = append(docs, d)
	}
	return rates, docs
}
