package coalition

import (
	"math"
	"math/bits"
	"sort"
)

// Mask is a membership configuration: bit p set = player p is a member.
type Mask uint32

// MaxPlayers is the largest K the exhaustive game accepts (2^K solves).
const MaxPlayers = 20

// Has reports whether player p is in the mask.
func (m Mask) Has(p int) bool { return m&(1<<p) != 0 }

// Size is the number of members.
func (m Mask) Size() int { return bits.OnesCount32(uint32(m)) }

// Table is a payoff table: Payoff[m][p] is player p's payoff (welfare change,
// %) when the members are m. Defect, if set, is p's payoff after leaving m
// when that differs from Payoff[m without p][p] (a defector penalty).
type Table struct {
	Players []string
	Payoff  [][]float64
	Defect  func(m Mask, p int) float64
	// PenaltyHurts says a defector penalty never raises the leaver's
	// payoff (it is an extra tariff on the leaver's exports): a member that
	// does not gain by leaving unpenalised does not gain with the penalty
	// either, so Stable and defectionsRead need its penalised payoff only
	// where the unpenalised one is a gain. Verdicts of the coalitions
	// Stable returns are still exact (Check reads every defection).
	PenaltyHurts bool
}

// mayDefect says whether member p's leaving m must be read with the
// penalty to decide stability.
func (t *Table) mayDefect(m Mask, p int) bool {
	return !t.PenaltyHurts || t.Payoff[m&^(1<<p)][p]-t.Payoff[m][p] > tol
}

// defectOrder lists the members of m whose leaving must be read with the
// penalty (mayDefect), the most tempted unpenalised first: if any member
// gains by leaving with the penalty, that one most likely does.
func (t *Table) defectOrder(m Mask) []int {
	var out []int
	for p := 0; p < t.K(); p++ {
		if m.Has(p) && t.mayDefect(m, p) {
			out = append(out, p)
		}
	}
	gain := func(p int) float64 { return t.Payoff[m&^(1<<p)][p] - t.Payoff[m][p] }
	sort.SliceStable(out, func(a, b int) bool { return gain(out[a]) > gain(out[b]) })
	return out
}

// internallyStable decides internal stability reading the defections of
// defectOrder, in that order, up to the first gain.
func (t *Table) internallyStable(m Mask) bool {
	for _, p := range t.defectOrder(m) {
		if t.defect(m, p)-t.Payoff[m][p] > tol {
			return false
		}
	}
	return true
}

// defectionsFirst lists, for each externally stable membership, the first
// defection of its defectOrder: solved first, it settles most memberships.
func (t *Table) defectionsFirst() []defection {
	var out []defection
	for m := Mask(0); m < Mask(1)<<t.K(); m++ {
		if t.externallyStable(m) {
			if o := t.defectOrder(m); len(o) > 0 {
				out = append(out, defection{m, o[0]})
			}
		}
	}
	return out
}

// defectionsRest lists the defections Stable still reads once those of
// defectionsFirst are known: the rest of defectOrder for every externally
// stable membership whose most tempted member does not gain by leaving.
func (t *Table) defectionsRest() []defection {
	var out []defection
	for m := Mask(0); m < Mask(1)<<t.K(); m++ {
		if !t.externallyStable(m) {
			continue
		}
		o := t.defectOrder(m)
		if len(o) < 2 || t.defect(m, o[0])-t.Payoff[m][o[0]] > tol {
			continue
		}
		for _, p := range o[1:] {
			out = append(out, defection{m, p})
		}
	}
	return out
}

// K is the number of players.
func (t *Table) K() int { return len(t.Players) }

// tol absorbs solver noise: a "gain" below it is no gain.
const tol = 1e-9

func (t *Table) defect(m Mask, p int) float64 {
	if t.Defect != nil {
		return t.Defect(m, p)
	}
	return t.Payoff[m&^(1<<p)][p]
}

// Verdict is the stability of one coalition.
type Verdict struct {
	Members          Mask
	InternallyStable bool
	ExternallyStable bool
	GroupStable      bool
	DefectGain       float64 // largest gain any member gets by leaving (unity; ≤ 0 when united)
	DefectPlayer     int     // who gains most by leaving (−1 if no member)
	JoinGain         float64 // largest gain any outsider gets by joining
	JoinPlayer       int
}

// Check evaluates one coalition: internal stability (no member gains by
// leaving), external stability (no outsider gains by joining) and, for
// internally stable ones, group stability (no subgroup of members all gain
// by leaving together).
func (t *Table) Check(m Mask) Verdict {
	v := Verdict{Members: m}
	v.DefectPlayer, v.DefectGain, v.JoinPlayer, v.JoinGain = t.bestMoves(m)
	v.InternallyStable, v.ExternallyStable = v.DefectGain <= tol, v.JoinGain <= tol
	if v.DefectPlayer < 0 {
		v.DefectGain = 0
	}
	if v.JoinPlayer < 0 {
		v.JoinGain = 0
	}
	v.GroupStable = v.InternallyStable && t.groupStable(m)
	return v
}

// bestMoves reads m's neighbours only: the member that gains most by
// leaving m (with the defector penalty) and the outsider that gains most by
// joining it, with their gains (player −1 and gain negInf when there is
// none).
func (t *Table) bestMoves(m Mask) (defectP int, defectG float64, joinP int, joinG float64) {
	defectP, defectG, joinP, joinG = -1, negInf, -1, negInf
	for p := 0; p < t.K(); p++ {
		if m.Has(p) {
			if g := t.defect(m, p) - t.Payoff[m][p]; g > defectG {
				defectP, defectG = p, g
			}
		} else if g := t.Payoff[m|1<<p][p] - t.Payoff[m][p]; g > joinG {
			joinP, joinG = p, g
		}
	}
	return defectP, defectG, joinP, joinG
}

const negInf = -1e300

func (t *Table) externallyStable(m Mask) bool {
	for p := 0; p < t.K(); p++ {
		if !m.Has(p) && t.Payoff[m|1<<p][p]-t.Payoff[m][p] > tol {
			return false
		}
	}
	return true
}

// groupStable reports whether no subgroup T of m (|T| ≥ 2) has every member
// strictly better off in m \ T. Singletons are internal stability.
func (t *Table) groupStable(m Mask) bool {
	for sub := (m - 1) & m; sub > 0; sub = (sub - 1) & m {
		if sub.Size() < 2 {
			continue
		}
		rest := m &^ sub
		all := true
		for p := 0; p < t.K() && all; p++ {
			if sub.Has(p) && t.Payoff[rest][p] <= t.Payoff[m][p]+tol {
				all = false
			}
		}
		if all {
			return false
		}
	}
	return true
}

// defectionsRead lists, in order, the defections Stable reads with a
// defector penalty: each member leaving each externally stable membership
// (with PenaltyHurts, each member that gains by leaving unpenalised).
func (t *Table) defectionsRead() []defection {
	var out []defection
	for m := Mask(0); m < Mask(1)<<t.K(); m++ {
		if !t.externallyStable(m) {
			continue
		}
		for p := 0; p < t.K(); p++ {
			if m.Has(p) && t.mayDefect(m, p) {
				out = append(out, defection{m, p})
			}
		}
	}
	return out
}

// Stable returns every internally and externally stable coalition, ranked by
// score (higher first; e.g. the leader's objective), then by size.
func (t *Table) Stable(score func(Mask) float64) []Verdict {
	var out []Verdict
	for m := Mask(0); m < Mask(1)<<t.K(); m++ {
		// External stability needs only the table; checking it first keeps
		// the (possibly solved-on-demand) defection payoffs to a minimum.
		if !t.externallyStable(m) || !t.internallyStable(m) {
			continue
		}
		if v := t.Check(m); v.InternallyStable && v.ExternallyStable {
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		sa, sb := score(out[a].Members), score(out[b].Members)
		if sa != sb {
			return sa > sb
		}
		return out[a].Members.Size() > out[b].Members.Size()
	})
	return out
}

// Step is one candidate's decision on the accession path.
type Step struct {
	Player     int
	Joins      bool
	GainPct    float64 // its payoff in the bloc minus out of it, given those already in
	MembersPct float64 // unused by the logic; reporting hook
}

// Accession plays the sequential accession path: candidates in the given
// order, each joining if it gains given the members already in. It returns
// the steps and the final coalition.
func (t *Table) Accession(order []int) ([]Step, Mask) {
	var m Mask
	steps := make([]Step, 0, len(order))
	for _, p := range order {
		g := t.Payoff[m|1<<p][p] - t.Payoff[m][p]
		st := Step{Player: p, GainPct: g}
		if g > tol {
			st.Joins = true
			m |= 1 << p
		}
		steps = append(steps, st)
	}
	return steps, m
}

// The reasons a candidate is in or out of a coalition (Status.Kind).
const (
	// StatusJoins: a member that gains by joining the other members, so its
	// membership is a best response with or without a defector penalty.
	StatusJoins = "joins"
	// StatusLockedIn: a member that would not join the others (joining costs
	// it) but stays because leaving, with the defector penalty, costs more.
	StatusLockedIn = "locked in"
	// StatusStaysOut: an outsider that does not gain by joining.
	StatusStaysOut = "stays out"
	// StatusWouldLeave: a member that gains by leaving even with the penalty
	// (only in a coalition that is not internally stable).
	StatusWouldLeave = "would leave"
	// StatusWouldJoin: an outsider that gains by joining (only in a
	// coalition that is not externally stable).
	StatusWouldJoin = "would join"
)

// Status is why one player is in or out of a coalition m.
type Status struct {
	Player int
	Member bool
	Kind   string
	// JoinGain is the player's gain from joining: for a member, its payoff
	// in m minus its payoff in m without it (as if it had never joined);
	// for an outsider, its payoff in m with it minus its payoff in m.
	JoinGain float64
	// LeaveGain (members only) is its payoff after leaving, with the
	// defector penalty where there is one, minus its payoff in m. NaN for
	// outsiders.
	LeaveGain float64
}

// Statuses classifies every player relative to coalition m: a member joins,
// is locked in, or would leave; an outsider stays out or would join. The
// thresholds are those of Check (gains below tol are no gains), so the
// statuses never disagree with the stability verdicts: m is internally
// stable iff no member would leave, externally stable iff no outsider would
// join.
func (t *Table) Statuses(m Mask) []Status {
	out := make([]Status, t.K())
	for p := range out {
		s := Status{Player: p, Member: m.Has(p), LeaveGain: math.NaN()}
		if s.Member {
			s.JoinGain = t.Payoff[m][p] - t.Payoff[m&^(1<<p)][p]
			s.LeaveGain = t.defect(m, p) - t.Payoff[m][p]
			switch {
			case s.LeaveGain > tol:
				s.Kind = StatusWouldLeave
			case -s.JoinGain > tol:
				// Without the penalty leaving would pay (−JoinGain is the
				// unpenalised gain from leaving); with it, it does not.
				s.Kind = StatusLockedIn
			default:
				s.Kind = StatusJoins
			}
		} else {
			s.JoinGain = t.Payoff[m|1<<p][p] - t.Payoff[m][p]
			s.Kind = StatusStaysOut
			if s.JoinGain > tol {
				s.Kind = StatusWouldJoin
			}
		}
		out[p] = s
	}
	return out
}

// AccessionOrder returns an order of all players whose sequential accession
// (Accession: each player joins if it gains given those already in) ends
// exactly at target, or nil if no order does. Orders are tried in the
// preference order given (players missing from prefer come last), so the
// answer is the one closest to it.
//
// Along any such path the members are the processed players that belong to
// target, so the search runs over the 2^K sets of processed players.
func (t *Table) AccessionOrder(target Mask, prefer []int) []int {
	K := t.K()
	order := append([]int(nil), prefer...)
	seen := map[int]bool{}
	for _, p := range order {
		seen[p] = true
	}
	for p := 0; p < K; p++ {
		if !seen[p] {
			order = append(order, p)
		}
	}
	all := Mask(1)<<K - 1
	dead := make([]bool, 1<<K)
	path := make([]int, 0, K)
	var dfs func(done Mask) bool
	dfs = func(done Mask) bool {
		if done == all {
			return true
		}
		if dead[done] {
			return false
		}
		in := done & target
		for _, p := range order {
			if done.Has(p) {
				continue
			}
			joins := t.Payoff[in|1<<p][p]-t.Payoff[in][p] > tol
			if joins != target.Has(p) {
				continue
			}
			path = append(path, p)
			if dfs(done | 1<<p) {
				return true
			}
			path = path[:len(path)-1]
		}
		dead[done] = true
		return false
	}
	if !dfs(0) {
		return nil
	}
	return path
}
