package coalition

import (
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
	K := t.K()
	v := Verdict{Members: m, InternallyStable: true, ExternallyStable: true, DefectPlayer: -1, JoinPlayer: -1, DefectGain: negInf, JoinGain: negInf}
	for p := 0; p < K; p++ {
		if m.Has(p) {
			g := t.defect(m, p) - t.Payoff[m][p]
			if g > v.DefectGain {
				v.DefectGain, v.DefectPlayer = g, p
			}
			if g > tol {
				v.InternallyStable = false
			}
		} else {
			g := t.Payoff[m|1<<p][p] - t.Payoff[m][p]
			if g > v.JoinGain {
				v.JoinGain, v.JoinPlayer = g, p
			}
			if g > tol {
				v.ExternallyStable = false
			}
		}
	}
	if v.DefectPlayer < 0 {
		v.DefectGain = 0
	}
	if v.JoinPlayer < 0 {
		v.JoinGain = 0
	}
	v.GroupStable = v.InternallyStable && t.groupStable(m)
	return v
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

// Stable returns every internally and externally stable coalition, ranked by
// score (higher first; e.g. the leader's objective), then by size.
func (t *Table) Stable(score func(Mask) float64) []Verdict {
	var out []Verdict
	for m := Mask(0); m < Mask(1)<<t.K(); m++ {
		// External stability needs only the table; checking it first keeps
		// the (possibly solved-on-demand) defection payoffs to a minimum.
		if !t.externallyStable(m) {
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
