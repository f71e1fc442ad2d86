package simulate

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Stance is one player's position and the leader's treatment of it.
type Stance struct {
	Member      bool    // in the leader's bloc
	Counter     bool    // in the targets' counter-bloc
	Retaliating bool    // mirrors the leader's increase on it
	Cut         bool    // has cut its tariffs on the leader to zero
	Commitment  float64 // rebalancing commitment x*, pp of GDP
	Adjusted    float64 // x_t, the part in place, pp of GDP

	Relief    bool // the leader grants the member terms
	Escalated bool // the leader applies the threat
	Held      int  // consecutive rounds the benchmark has held
	FirstHeld int  // round the current run of holds began (0 = none)
}

// State is the whole game in one round.
type State struct {
	Round   int
	Players []Stance
}

func (s State) clone() State {
	return State{Round: s.Round, Players: append([]Stance(nil), s.Players...)}
}

// initial is round 0: targets retaliate when the scenario says they do.
func (w *World) initial() State {
	st := State{Players: make([]Stance, len(w.Players))}
	for p, pl := range w.Players {
		if pl.Target && !pl.Territory && w.Spec.Retaliation != "none" {
			st.Players[p].Retaliating = true
		}
	}
	w.follow(&st)
	return st
}

// follow gives every territory its target's treatment by the leader:
// escalated when the target is, relieved when the target is (and not
// answering in kind, as the tariffs require of relief), never on a run of
// benchmark holds of its own. US law sets its rate by the target's, so a
// separate relief or escalation would be a rate no law gives it.
func (w *World) follow(st *State) {
	for p, pl := range w.Players {
		if !w.follows(p) {
			continue
		}
		t, ps := st.Players[pl.Follows], &st.Players[p]
		ps.Relief = (t.Relief || t.Member) && !t.Retaliating && !t.Counter
		ps.Escalated = t.Escalated || t.Counter
		ps.Member, ps.Counter, ps.Retaliating, ps.Cut = false, false, false, false
		ps.Held, ps.FirstHeld = 0, 0
	}
}

// tariffs writes the tariff matrix of a state into dst (data layout).
func (w *World) tariffs(st State, step float64, dst []float64) {
	ds := w.Data
	N, S, L := ds.N(), ds.S(), w.Leader
	start := w.regimeAt(st.Round)
	copy(dst, start)
	at := ds.At
	// The leader's tariffs on each player.
	for p, pl := range w.Players {
		ps := &st.Players[p]
		for _, c := range pl.Countries {
			for s := 0; s < S; s++ {
				if !w.goods[s] {
					continue // services: no tariff of the game's
				}
				k := at(c, L, s)
				switch {
				case (ps.Member || ps.Relief) && !ps.Retaliating && !ps.Counter:
					// Member terms, never above the rate in force.
					dst[k] = w.t0[k]
					if !w.Spec.MemberBaseline {
						dst[k] = math.Min(start[k], w.t0[k]+pl.MemberRate)
					}
				case ps.Escalated || ps.Counter:
					dst[k] = math.Max(w.threat[k], start[k])
					if ps.Retaliating && !pl.Target || ps.Counter {
						dst[k] += step
					}
				}
			}
		}
	}
	adversary := make([]bool, N)
	for p, pl := range w.Players {
		if pl.Target || st.Players[p].Counter {
			for _, c := range pl.Countries {
				adversary[c] = true
			}
		}
	}
	for p, pl := range w.Players {
		ps := &st.Players[p]
		for _, c := range pl.Countries {
			for s := 0; s < S; s++ {
				if ps.Cut {
					dst[at(L, c, s)] = 0
				}
				if ps.Member && w.goods[s] {
					// The external tariff: match the leader's increase on each adversary.
					for a := 0; a < N; a++ {
						if adversary[a] {
							inc := w.Spec.ExternalRate
							if w.Spec.ExternalMatch {
								inc = math.Max(0, dst[at(a, L, s)]-w.t0[at(a, L, s)])
							}
							dst[at(a, c, s)] = w.t0[at(a, c, s)] + inc
						}
					}
				}
				if ps.Retaliating || ps.Counter {
					if inc := dst[at(c, L, s)] - w.t0[at(c, L, s)]; inc > 0 {
						dst[at(L, c, s)] = math.Max(dst[at(L, c, s)], w.t0[at(L, c, s)]+inc)
					}
				}
			}
		}
	}
	// The counter-bloc trades freely inside (only when someone has joined it).
	anyCounter := false
	for p := range w.Players {
		anyCounter = anyCounter || st.Players[p].Counter
	}
	if anyCounter {
		for a := 0; a < N; a++ {
			for b := 0; b < N; b++ {
				if a != b && adversary[a] && adversary[b] {
					for s := 0; s < S; s++ {
						dst[at(a, b, s)] = 0
					}
				}
			}
		}
	}
}

// shocks builds the model shocks of a state.
func (w *World) shocks(st State, prm *Params) model.Shocks {
	sh := model.Shocks{Tariff: make([]float64, len(w.t0)), Cost: w.cost}
	w.tariffs(st, prm.EscalationStep, sh.Tariff)
	for p, pl := range w.Players {
		if x := st.Players[p].Adjusted; x != 0 {
			if sh.DeficitTarget == nil {
				sh.DeficitTarget = make([]float64, w.Data.N())
				for j := range sh.DeficitTarget {
					sh.DeficitTarget[j] = model.NoTarget
				}
			}
			for _, c := range pl.Countries {
				sh.DeficitTarget[c] = w.d0[c] + x/100
			}
		}
	}
	return sh
}

// modelOptions returns the model options with θ overridden when
// prm.Theta > 0 (one θ for every sector) or scaled when prm.ThetaScale > 0
// (every sector's θ times the scale, so the sectors keep their ranking).
func (w *World) modelOptions(prm *Params) model.Options {
	opt := w.Opt
	switch {
	case prm.Theta > 0:
		opt.Theta = model.UniformTheta(prm.Theta, w.Data.S())
	case prm.ThetaScale > 0 && prm.ThetaScale != 1:
		opt.Theta = make([]float64, len(w.Opt.Theta))
		for s, th := range w.Opt.Theta {
			opt.Theta[s] = th * prm.ThetaScale
		}
	}
	return opt
}

// Eq is a solved state with each player's outcomes.
type Eq struct {
	Result  *model.Result
	Welfare []float64 // per player, % (GDP-weighted over its countries)
	// WelfareEx is Welfare net of the transfer a rebalancing commitment
	// imposes (model.CountryResult.WelfareExTransfer): spending financed
	// by lower saving is not counted as a gain.
	WelfareEx  []float64
	With       []float64 // balance with the leader per player
	PctGDP     []float64 // multilateral balance per player, % of GDP
	Meets      []bool
	Reason     []string
	LeaderW    float64 // leader's welfare change, %
	LeaderBal  float64 // leader's balance, % of GDP
	CountryPct []float64
}

// reference returns the world's linearized start state (World.ref), nil
// when the state is too large for chord steps to pay
// (model.Baseline.ChordPays) or the start does not solve. It is the same
// for every run on w whatever its θ, so results do not depend on which run
// computed it or on how runs are spread over goroutines.
func (w *World) reference() *model.Result {
	w.refOnce.Do(func() {
		if !w.Base.ChordPays(w.Opt) {
			return
		}
		// The start state's shocks do not read the parameters (no one is
		// escalated by a step yet): the defaults stand for any run's.
		prm := DefaultParams()
		res, err := w.Base.Solve(w.Opt, w.shocks(w.initial(), &prm), nil)
		if err != nil || w.Base.LinearizeShared(res) != nil {
			return
		}
		w.ref = res
	})
	return w.ref
}

// equilibrium solves the model at opt and sh, with the balances when full.
// With a reference state (World.reference) every solve starts from it,
// taking chord steps on its Jacobian, rather than from warm: the result is
// then a function of the state alone, not of the path that led to it, and
// the world caches it for the other runs that reach the same state (a
// plan's branches at one draw). Without one it starts from warm.
func (w *World) equilibrium(opt model.Options, sh model.Shocks, warm *model.Result, full bool) (*model.Result, *benchmark.Balance, error) {
	balance := func(res *model.Result) *benchmark.Balance {
		bal := benchmark.BalanceOf(benchmark.Solved{Data: w.Data, Base: w.Base, Result: res}, w.Leader)
		return &bal
	}
	ref := w.reference()
	if ref == nil {
		res, err := w.Base.Solve(opt, sh, warm)
		if err != nil || !full {
			return res, nil, err
		}
		return res, balance(res), nil
	}
	h := shockHash(&opt, &sh)
	e := w.cache.get(h, &opt, &sh)
	if e == nil {
		res, err := w.Base.Solve(opt, sh, ref.WarmFrom(ref))
		if err != nil {
			return nil, nil, err
		}
		e = &solved{theta: opt.Theta, tariff: sh.Tariff, target: sh.DeficitTarget, res: res}
		if full {
			e.bal = balance(res)
		}
		w.cache.put(h, e)
		return e.res, e.bal, nil
	}
	bal := w.cache.balance(e)
	if full && bal == nil {
		bal = balance(e.res)
		w.cache.setBalance(e, bal)
	}
	return e.res, bal, nil
}

// solve solves state st (warm: a neighbouring solution, used only by
// worlds without a reference state) into each player's outcomes.
func (w *World) solve(st State, prm *Params, warm *model.Result, full bool) (*Eq, error) {
	res, bal, err := w.equilibrium(w.modelOptions(prm), w.shocks(st, prm), warm, full)
	if err != nil {
		return nil, err
	}
	eq := &Eq{Result: res, Welfare: make([]float64, len(w.Players)), WelfareEx: make([]float64, len(w.Players))}
	for p, pl := range w.Players {
		gdp := func(c int) float64 { return w.Base.GDP[c] }
		eq.Welfare[p] = model.GDPWeighted(pl.Countries, gdp, func(c int) float64 { return 100 * (res.Countries[c].Welfare - 1) })
		eq.WelfareEx[p] = model.GDPWeighted(pl.Countries, gdp, func(c int) float64 { return 100 * (res.Countries[c].WelfareExTransfer - 1) })
	}
	eq.LeaderW = 100 * (res.Countries[w.Leader].Welfare - 1)
	if !full {
		return eq, nil
	}
	eq.CountryPct = bal.PctGDP
	eq.LeaderBal = bal.PctGDP[w.Leader]
	n := len(w.Players)
	eq.With, eq.PctGDP, eq.Meets, eq.Reason = make([]float64, n), make([]float64, n), make([]bool, n), make([]string, n)
	for p, pl := range w.Players {
		lvl, gdp := 0.0, 0.0
		for _, c := range pl.Countries {
			eq.With[p] += bal.With[c]
			lvl += bal.Level[c]
			gdp += res.Countries[c].GDPAfter
		}
		eq.PctGDP[p] = 100 * lvl / gdp
		if w.follows(p) {
			// Not judged on its own: its treatment is its target's.
			eq.Reason[p] = fmt.Sprintf("not judged on its own: it takes %s's US rate", w.Players[pl.Follows].Name)
			continue
		}
		v := prm.Test.Judge(benchmark.Balances{
			BilateralBefore: w.before[p], BilateralAfter: eq.With[p],
			PctGDPBefore: w.pctB[p], PctGDPAfter: eq.PctGDP[p],
		}, w.asked[p], w.Code())
		eq.Meets[p], eq.Reason[p] = v.MeetsBenchmark, v.Reason
	}
	return eq, nil
}

// threatRaises reports whether the threat would raise the leader's tariff on
// any of player p's goods above the rates in force in round t: an
// escalation on a partner whose threat rate is the floor already in force
// (a deficit partner's 10%) changes nothing.
func (w *World) threatRaises(p, t int) bool {
	start := w.regimeAt(t)
	for _, c := range w.Players[p].Countries {
		for s := 0; s < w.Data.S(); s++ {
			if k := w.Data.At(c, w.Leader, s); w.threat[k] > start[k] {
				return true
			}
		}
	}
	return false
}

// reliefNote is the clause a relief or join event adds for player p,
// whose stance before the relief is before (its Round the round the relief
// takes effect): how the leader's tariff on p moves, and, when the member
// terms lower none of p's tariffs, that they do not. Since the IEEPA duties
// ended, the rates in force on many partners are at or below the pre-2025
// tariff plus the member rate, and a relief that changes nothing must not
// read as a concession; one that lifts an escalation must not read as
// changing nothing. changed reports whether the tariff moves as printed.
func (w *World) reliefNote(p int, before State, step float64) (note string, changed bool) {
	tb, ta, changed := w.reliefChange(p, before, step)
	pl := w.Players[p]
	if !changed {
		return fmt.Sprintf("; the member terms (+%.3g%%) are not below the rates in force, so %s's tariff on %s stays %.1f%%", 100*pl.MemberRate, w.Code(), pl.Name, ta), false
	}
	what := "relief"
	if before.Players[p].Escalated {
		what = "the escalation lifted"
	}
	return fmt.Sprintf("; %s: %s's tariff on %s %.1f%% → %.1f%%", what, w.Code(), pl.Name, tb, ta), true
}

// reliefChange is the leader's tariff on player p (%) before and after
// relief from state before, and whether relief changes it as the reports
// print it (to 0.1 point): "relief: 7.6% → 7.6%" is no relief.
func (w *World) reliefChange(p int, before State, step float64) (tb, ta float64, changed bool) {
	after := before.clone()
	after.Players[p].Relief, after.Players[p].Escalated = true, false
	w.follow(&after)
	pl := w.Players[p]
	tb = w.tariffPair(pl, w.Tariffs(before, step)).ByLeader
	ta = w.tariffPair(pl, w.Tariffs(after, step)).ByLeader
	return tb, ta, fmt.Sprintf("%.1f", tb) != fmt.Sprintf("%.1f", ta)
}

// answersAtStart lists, for round 0, the players that answer in kind from
// the start (the targets, when the coalition block says they retaliate)
// and what that does to their tariffs on the leader: the mirror is part of
// round 0, so round 0 is not the record alone.
func (w *World) answersAtStart(st State) []Event {
	var ev []Event
	t := w.Tariffs(st, 0)
	for p, pl := range w.Players {
		if !st.Players[p].Retaliating || w.follows(p) {
			continue
		}
		before, now := w.tariffPair(pl, w.t0).OnLeader, w.tariffPair(pl, t).OnLeader
		ev = append(ev, Event{pl.Name, "retaliation", fmt.Sprintf("%s answers in kind from the start: its tariff on %s's goods %.2f%% → %.2f%% (trade-weighted), mirroring %s's increase over the baseline", pl.Name, w.Code(), before, now, w.Code())})
	}
	return ev
}
