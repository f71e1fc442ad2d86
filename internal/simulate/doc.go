// Package simulate plays the trade war forward in quarterly rounds from a
// start date: the negotiation simulator of `tradebloc simulate`.
//
// # State
//
// The state of a round is the tariff matrix, each player's stance (waiting,
// a tariff-only offer to the leader, a rebalancing commitment of a given size,
// membership of the leader's bloc, retaliation, membership of the targets'
// counter-bloc), the leader's treatment of each player (relief, escalation)
// and each player's deficit path. Players are the coalition block's
// candidates (a group such as EU27 is one player) and its targets.
//
// History is the real record: round 0 is the equilibrium at the start date,
// with the leader's tariffs set by the latest dated US schedule in force on
// that date (package tariffs; e.g. `section-122` from 24 February 2026)
// applied on top of the scenario's own shocks. Each later round plays the
// record on its own date (the start plus t quarters), so a measure that
// lapses within the horizon lapses in the game (World.RegimeChanges).
//
// # A round
//
//  1. Every player picks an action (the behavioural rule below, or a scripted
//     move).
//  2. Stances change; rebalancing players' balances move towards their
//     commitment at the adjustment speed λ: x_t = x_{t−1} + λ(x* − x_{t−1})
//     (percentage points of GDP by which the balance falls; the model pins
//     the player's deficit ratio D'/Y' = D/Y + x_t/100).
//  3. The leader applies its rule: relief (the member terms: the pre-2025
//     tariff plus the member rate) on joining; escalation to the threat
//     (the coalition block's schedule or rate) on every player that retaliates
//     or joins the counter-bloc (plus an extra step for retaliators), and on
//     stallers — players without relief whose benchmark does not hold once
//     the grace period is over. A tariff-only offer changes nothing.
//  4. The round's equilibrium is solved; each player's balances are judged by
//     the balanced-trade benchmark as partners asked to adjust (package
//     benchmark, Test.Meets: by default the multilateral balance falls
//     ≥ 0.5 pp of GDP against the data, whatever its sign).
//     When it has held for q consecutive rounds the leader grants relief from
//     the next round, so relief is in force exactly q rounds after the
//     benchmark first holds.
//
// # Behavioural rule
//
// A player's payoff from action a is a best response on model payoffs with
// political costs and inertia:
//
//	U(a) = W₀ + δ^d(a)·(W(a) − W₀) − c(a) − ι·[a changes the stance]
//
// where W₀ is its welfare change (%) in the state the round brings whatever
// anyone chooses (World.pending: the leader's escalations due this round,
// the round's regime, the deficit paths' next step), W(a) its
// welfare change in the state that a leads to once the leader has responded
// by its rule (relief, escalation) and a rebalancing commitment is fully in
// place, others' stances held fixed; d(a) the rounds until that response
// (rebalancing: the rounds the deficit path needs to cover three quarters of
// the way, plus q); δ the quarterly discount factor; c(a) the political
// cost of a (per percentage point of GDP for rebalancing, which also pays
// the value of the saving given up: one point of welfare per point of GDP,
// since a static model counts lower saving as a pure gain in absorption);
// ι the inertia cost of changing stance. The action with the largest U is
// taken if it beats waiting (ties: wait). Members stay members.
package simulate
