package coalition

import (
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// config is one configuration of the game: who is in the leader's bloc, who
// has joined the targets' counter-bloc, who is punished as a defector, and
// whether one outsider faces a threat of its own instead of the spec's.
type config struct {
	members   Mask
	counter   Mask
	penalized int // player leaving the bloc and penalised (−1: none)
	// threatened is an outsider that faces the flat additional tariff
	// threat instead of the spec's threat (−1: none; the required threat
	// is a tariff on that candidate alone).
	threatened int
	threat     float64
}

func plain(m Mask) config { return config{members: m, penalized: -1, threatened: -1} }

// tariffs writes the tariffs of a configuration into dst (data layout). The
// rules, in order (docs/scenarios.md has them for users):
//
//  1. the leader's tariff on a member is its tariff before the game plus its
//     member rate (member_terms.rates, else .rate; or unchanged with member_terms.baseline); on everyone else,
//     targets included, the threat (a schedule or a flat rate), except that a
//     threatened outsider (cfg.threatened) pays its tariff before the game
//     plus cfg.threat; a penalised defector pays the defector penalty on top;
//  2. each member adds to its tariff on each target the leader's increase on
//     that target (external_tariff: match) or the given rate;
//  3. transshipment: a share σ of a target's exports to a bloc country b can
//     be re-routed through the candidates that stayed out; that share pays
//     b's trade-weighted tariff on those outsiders plus the re-routing cost
//     instead of b's tariff on the target, in proportion o = the outsiders'
//     share of the candidates' imports from the target. The bite of the bloc
//     tariff is thus (1 − σo)·t + σo·(t_outsiders + cost);
//  4. a counter-bloc member is treated by the leader's bloc as a target, and
//     trades freely with the targets and other counter members;
//  5. retaliation: targets answering reciprocally (and counter-bloc members
//     using tariffs) raise their tariffs on the leader by its increase on
//     them (mirror_leader), and on each member by that member's increase
//     (mirror_all). An optimal answer is solved for instead (solveAnswered);
//     a restricting counter-bloc taxes its exports (restrictions).
//
// Transshipment in the routes form is applied on top, by shocks.
func (g *game) tariffs(cfg config, dst []float64) {
	ds, spec := g.ds, g.spec
	N, S := ds.N(), ds.S()
	L := g.leader
	copy(dst, g.t0)
	member := func(c int) bool { p := g.inPlay[c]; return p >= 0 && cfg.members.Has(p) }
	inCounter := func(c int) bool { p := g.inPlay[c]; return p >= 0 && cfg.counter.Has(p) }
	isTarget := make([]bool, N)
	for _, t := range g.targets {
		isTarget[t] = true
	}
	// The bloc's adversaries: targets plus counter-bloc members.
	adversaries := append([]int(nil), g.targets...)
	for c := 0; c < N; c++ {
		if inCounter(c) {
			adversaries = append(adversaries, c)
		}
	}
	// 1. The leader's tariffs.
	for c := 0; c < N; c++ {
		if c == L {
			continue
		}
		for s := 0; s < S; s++ {
			if !g.goods[s] {
				continue // services: no tariff of the game's
			}
			k := ds.At(c, L, s)
			switch {
			case member(c):
				if !spec.MemberBaseline {
					dst[k] = g.t0[k] + g.players[g.inPlay[c]].MemberRate
				}
			case isTarget[c] || inCounter(c) || cfg.threatened < 0 || g.inPlay[c] != cfg.threatened:
				dst[k] = g.threat[k]
				if inCounter(c) && !isTarget[c] {
					// A counter-bloc member gets the harshest target rate.
					dst[k] = math.Max(dst[k], g.t0[k]+g.maxTargetIncrease(s))
				}
			default:
				dst[k] = g.t0[k] + cfg.threat
			}
			if cfg.penalized >= 0 && g.inPlay[c] == cfg.penalized {
				dst[k] += spec.DefectorPenalty
			}
		}
	}
	// 2. Members' external tariff on the adversaries.
	for m := 0; m < N; m++ {
		if !member(m) {
			continue
		}
		for _, a := range adversaries {
			for s := 0; s < S; s++ {
				if !g.goods[s] {
					continue
				}
				inc := spec.ExternalRate
				if spec.ExternalMatch {
					inc = dst[ds.At(a, L, s)] - g.t0[ds.At(a, L, s)]
				}
				dst[ds.At(a, m, s)] = g.t0[ds.At(a, m, s)] + inc
			}
		}
	}
	// 3. Transshipment through the candidates that stayed out.
	if spec.TransshipShare > 0 {
		g.transship(cfg, dst, member, inCounter)
	}
	// 4. The counter-bloc trades freely inside.
	if cfg.counter != 0 {
		for _, a := range adversaries {
			for _, b := range adversaries {
				if a != b {
					for s := 0; s < S; s++ {
						dst[ds.At(a, b, s)] = 0
					}
				}
			}
		}
	}
	// 5. Retaliation in kind: by the targets when they answer
	// reciprocally (an optimal answer is a best response, solveAnswered),
	// by counter-bloc members unless they restrict exports instead.
	if spec.Retaliation != scenario.RetaliationNone {
		for _, a := range adversaries {
			if isTarget[a] && (g.optimalAnswer() || !g.answers(a)) || !isTarget[a] && g.counterRestricts() {
				continue
			}
			for s := 0; s < S; s++ {
				if inc := dst[ds.At(a, L, s)] - g.t0[ds.At(a, L, s)]; inc > 0 {
					dst[ds.At(L, a, s)] = g.t0[ds.At(L, a, s)] + inc
				}
				if spec.Retaliation != scenario.RetaliationMirrorAll {
					continue
				}
				for m := 0; m < N; m++ {
					if member(m) {
						if inc := dst[ds.At(a, m, s)] - g.t0[ds.At(a, m, s)]; inc > 0 {
							dst[ds.At(m, a, s)] = g.t0[ds.At(m, a, s)] + inc
						}
					}
				}
			}
		}
	}
}

// answers says target t answers the bloc (it is not an alias territory).
func (g *game) answers(t int) bool { return slices.Contains(g.answering, t) }

// maxTargetIncrease is the largest increase the threat puts on a target.
func (g *game) maxTargetIncrease(s int) float64 {
	inc := 0.0
	for _, t := range g.targets {
		k := g.ds.At(t, g.leader, s)
		inc = math.Max(inc, g.threat[k]-g.t0[k])
	}
	return inc
}

// leakage is the share of the targets' exports to the bloc that escapes the
// bloc tariff by re-routing, for a membership: σ·o in the legacy form (see
// tariffs, rule 3), the rerouted share in the routes form (routedLeakage).
func (g *game) leakage(members Mask) float64 {
	if g.routesForm() {
		return g.routedLeakage(members)
	}
	if g.spec.TransshipShare == 0 {
		return 0
	}
	in, out := 0.0, 0.0
	for _, t := range g.targets {
		for p, pl := range g.players {
			for _, c := range pl.Countries {
				x := g.flow(t, c)
				if members.Has(p) {
					in += x
				} else {
					out += x
				}
			}
		}
	}
	if in+out == 0 {
		return 0
	}
	return g.spec.TransshipShare * out / (in + out)
}

func (g *game) transship(cfg config, dst []float64, member, inCounter func(int) bool) {
	ds, spec := g.ds, g.spec
	N, S := ds.N(), ds.S()
	so := g.leakage(cfg.members)
	if so == 0 {
		return
	}
	for b := 0; b < N; b++ {
		if b != g.leader && !member(b) {
			continue
		}
		for s := 0; s < S; s++ {
			// b's trade-weighted tariff on the candidates that stayed out.
			num, den := 0.0, 0.0
			for c := 0; c < N; c++ {
				if p := g.inPlay[c]; p < 0 || member(c) || inCounter(c) {
					continue
				}
				w := ds.Trade[ds.At(c, b, s)]
				num += w * dst[ds.At(c, b, s)]
				den += w
			}
			if den == 0 {
				continue
			}
			via := num/den + spec.TransshipCost
			for _, t := range g.targets {
				k := ds.At(t, b, s)
				if via < dst[k] {
					dst[k] = (1-so)*dst[k] + so*via
				}
			}
		}
	}
}
