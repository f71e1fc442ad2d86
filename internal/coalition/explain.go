package coalition

import (
	"context"
	"strings"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Explain reports one membership in full, with the stability verdicts of
// the full run and why each candidate is in or out.
//
// The verdicts come from the same payoff table and the same functions
// (Table.Check, Table.Statuses) as the full run, with every payoff they read
// solved: this membership, each outsider joining, each member leaving with
// the defector penalty, and every subset of the members (group stability
// reads them all). That is 2^|members| + (K − |members|) solves plus one per
// member with a penalty, instead of 2^K; when it would be more than half of
// 2^K the whole enumeration is solved instead. Payoffs it does not need stay
// unsolved, and reading one would panic rather than pass for a zero.
func Explain(sc *scenario.Scenario, ds *data.Dataset, members string) (*CoalitionDoc, *Report, error) {
	start := time.Now()
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, nil, err
	}
	ctx, ex := context.Background(), executor.Local{}
	var en *enumeration
	need := explainMasks(m, len(g.players))
	if 2*len(need) > 1<<len(g.players) {
		en, err = g.enumerate(ctx, ex, true, nil)
	} else {
		en, err = g.solveMasks(ctx, ex, need)
	}
	if err != nil {
		return nil, nil, err
	}
	tab := g.table(en)
	var leave []defection
	for p := range g.players {
		if m.Has(p) {
			leave = append(leave, defection{m, p})
		}
	}
	if err := g.solveDefections(ctx, ex, en, leave, nil); err != nil {
		return nil, nil, err
	}
	d, err := g.coalitionDoc(tab, en, m)
	if err != nil {
		return nil, nil, err
	}
	order := make([]int, 0, len(g.players))
	for p := len(g.players) - 1; p >= 0; p-- { // largest first, as listed
		order = append(order, p)
	}
	d.CandidatesStatus = g.statusDocs(tab, m, order, nil)
	if err := en.failed(); err != nil {
		return nil, nil, err
	}
	d.Solves = int(en.solves) // coalitionDoc's re-solve included
	d.Seconds = time.Since(start).Seconds()
	rep := g.newReport()
	return d, rep, nil
}

// explainMasks lists the memberships whose payoffs the stability verdicts of
// m read: every subset of m (m itself, each member leaving, and the group
// deviations) and m with each outsider added.
func explainMasks(m Mask, K int) []Mask {
	out := []Mask{m}
	for sub := (m - 1) & m; ; sub = (sub - 1) & m {
		out = append(out, sub)
		if sub == 0 {
			break
		}
	}
	if m == 0 {
		out = out[:1]
	}
	for p := 0; p < K; p++ {
		if !m.Has(p) {
			out = append(out, m|1<<p)
		}
	}
	return out
}

// solveMasks solves the given memberships (the empty one among them or not)
// on the executor, each warm-started from the linearized empty coalition as
// the enumeration is; the others stay unsolved (nil welfare).
func (g *game) solveMasks(ctx context.Context, ex executor.Executor, masks []Mask) (*enumeration, error) {
	p, spec, err := g.prepare(true)
	if err != nil {
		return nil, err
	}
	en := &enumeration{recs: make([]record, 1<<len(g.players)), lin: p.lin, spec: spec, defect: map[defection]float64{}}
	en.recs[0] = g.record(p.r0)
	en.solves, en.iterations = 1, int64(p.r0.Iterations)
	var cfgs []configSpec
	for _, m := range masks {
		if m != 0 {
			cfgs = append(cfgs, configSpec{Members: m, Penalized: -1})
		}
	}
	err = g.solveConfigs(ctx, ex, en, "payoffs", cfgs, false, nil, func(k int, rec record) {
		en.recs[cfgs[k].Members] = rec
		en.iterations += int64(rec.iterations)
	})
	if err != nil {
		return nil, err
	}
	return en, nil
}

// Export returns the plain scenario (no coalition block) for one membership:
// the model options and every tariff that differs from the dataset's baseline
// as an explicit rate, so `tradebloc solve` on it gives the same result.
func Export(sc *scenario.Scenario, ds *data.Dataset, members string) ([]byte, error) {
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	m, err := g.parseMembers(members)
	if err != nil {
		return nil, err
	}
	// The configuration's shocks as the game solves them: rerouted pairs
	// as composite tariffs and trade costs, an optimal answer as the
	// targets' tariffs it settles on.
	t := make([]float64, len(g.t0))
	sh, _, _ := g.shocks(plain(m), t)
	if g.optimalAnswer() {
		if _, err := g.solveAnswered(plain(m), sh, nil); err != nil {
			return nil, err
		}
	}
	return g.exportYAML(m, t, sh.Cost), nil
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "+")
}
