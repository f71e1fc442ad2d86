package coalition

import (
	"context"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Options control an analysis.
type Options struct {
	Payoffs bool // include every membership's payoffs in the report
	// Counter plays the 3^K counter-coalition game (each candidate joins the
	// leader, the targets' counter-bloc, or neither); K ≤ MaxCounter.
	Counter bool
	// CounterBloc names the candidates (joined by "+") that form a
	// counter-bloc with the targets in the what-if; "" = JPN+KOR where they
	// are candidates.
	CounterBloc string
	Workers     int  // goroutines of the local executor (0 = all cores)
	NoWarm      bool // solve every membership cold (to measure warm starts)
	// Executor runs the game's units (nil = the local executor with
	// Workers goroutines).
	Executor executor.Executor
	// NoBands skips the uncertainty bands (BandThetas).
	NoBands bool
	// NoResponseComparison skips the second game, with the targets silent,
	// that the report sets beside the leading coalition when the targets
	// answer (target_response: reciprocal or optimal).
	NoResponseComparison bool
	// Progress, if set, is called as solves complete (from any goroutine).
	Progress func(phase string, done, total int)
	// Version is the tradebloc version the report's provenance records.
	Version string
}

// MaxCounter bounds the counter-coalition game (3^8 = 6,561 solves).
const MaxCounter = 8

// Analyze plays the coalition game of a scenario with a coalition block.
func Analyze(ctx context.Context, sc *scenario.Scenario, ds *data.Dataset, opt Options) (*Report, error) {
	start := time.Now()
	g, err := newGame(sc, ds)
	if err != nil {
		return nil, err
	}
	if opt.Counter && len(g.players) > MaxCounter {
		return nil, invalid("the counter-coalition game needs 3^%d = %d solves; it is limited to %d candidates — drop --counter or name fewer candidates", len(g.players), pow3(len(g.players)), MaxCounter)
	}
	ex := opt.Executor
	if ex == nil {
		ex = executor.Local{Workers: opt.Workers}
	}
	c, err := g.play(ctx, ex, !opt.NoWarm, opt.Progress)
	if err != nil {
		return nil, err
	}
	en, tab, stable := c.en, c.tab, c.stable
	meanIter := float64(en.iterations) / float64(en.solves) // of the enumeration and defections
	rep := g.newReport()
	rep.Provenance.TradeblocVersion = opt.Version
	rep.Objective = g.spec.Objective
	rep.TargetResponse = g.spec.TargetResponse
	rep.StableCount = len(stable)
	noBloc := g.leaderWelfare(en.recs[0])
	rep.LeaderWelfareNoBlocPct = noBloc
	for k, v := range stable {
		if k == maxStableReported {
			break
		}
		d := g.stableDoc(tab, en, v)
		full, err := g.coalitionDoc(tab, en, v.Members)
		if err != nil {
			return nil, err
		}
		d.Lessons = &full.Lessons
		d.LeakagePct = full.LeakagePct // measured at the coalition's equilibrium, as the headline's
		rep.Stable = append(rep.Stable, d)
	}
	best := Mask(0)
	for m := range en.recs {
		if g.leaderWelfare(en.recs[m]) > g.leaderWelfare(en.recs[best]) {
			best = Mask(m)
		}
	}
	rep.LeaderBest = &PayoffDoc{Members: g.playerNames(best), WelfarePct: g.welfareMap(en.recs[best], tab, best)}
	if rep.LeaderBest.Members == nil {
		rep.LeaderBest.Members = []string{}
	}

	order := c.order
	steps, final := c.steps, c.final
	path := map[int]move{}
	var in Mask
	for k, st := range steps {
		rep.AccessionPath = append(rep.AccessionPath, StepDoc{
			Candidate: g.players[st.Player].Name, Joins: st.Joins, GainPct: st.GainPct,
			LeveragePct: g.leverage(st.Player),
		})
		path[st.Player] = move{step: k + 1, joins: st.Joins, gain: st.GainPct, before: in}
		if st.Joins {
			in |= 1 << st.Player
		}
	}
	rep.AccessionFinal = g.playerNames(final)

	leading := c.leading
	rep.LeadingSource = c.source
	rep.Leading, err = g.coalitionDoc(tab, en, leading)
	if err != nil {
		return nil, err
	}
	if rep.Leading.LeaderWelfareExValuationPct != nil {
		// The closure values the leader's fixed deficit: the headline sets
		// both its levels beside their figures without it.
		if rep.LeaderWelfareNoBlocExValuationPct, err = g.leaderExValuationNoBloc(en); err != nil {
			return nil, err
		}
		rep.Leading.LeaderWelfareNoBlocExValuationPct = rep.LeaderWelfareNoBlocExValuationPct
	}
	rep.CandidatesStatus = g.statusDocs(tab, leading, order, path)
	reach := tab.AccessionOrder(leading, order)
	for _, p := range reach {
		rep.AccessionOrderToLeading = append(rep.AccessionOrderToLeading, g.players[p].Name)
	}
	score := func(m Mask) float64 { return g.objective(en.recs[m]) }
	rep.AccessionVsLeading = g.reconcile(final, leading, stable, score, rep.CandidatesStatus, reach)

	if !opt.NoBands {
		var masks []Mask
		for k := range rep.Stable {
			masks = append(masks, stable[k].Members)
		}
		bd, n, err := g.bands(ctx, ex, masks, leading)
		if err != nil {
			return nil, err
		}
		rep.Bands, rep.extraSolves = bd, rep.extraSolves+n
		for k := range rep.Stable {
			rep.Stable[k].StableShare = &bd.Coalitions[k].StableShare
		}
	}

	threats, err := g.requiredThreats(ctx, ex, tab, leading, en, opt.Progress)
	if err != nil {
		return nil, err
	}
	rep.RequiredThreatPct, rep.RequiredThreats = g.threatDocs(threats, order)

	if g.spec.TargetResponse != scenario.ResponseNone && !opt.NoResponseComparison {
		// A second game with the targets silent: its enumeration and
		// defections, not its threats or bands.
		before := time.Now()
		if rep.TargetResponseComparison, err = g.compareResponse(ctx, ex, sc, ds, c, rep.Leading, !opt.NoWarm, opt.Progress); err != nil {
			return nil, err
		}
		rep.extraSolves += rep.TargetResponseComparison.solves
		rep.ComparisonSeconds = time.Since(before).Seconds()
	}

	if cb, err := g.counterWhatIf(leading, en, opt.CounterBloc); err != nil {
		return nil, err
	} else if cb != nil {
		rep.CounterBloc = cb
	}
	if opt.Counter {
		if rep.CounterGame, err = g.counterGame(ctx, en, opt.Progress); err != nil {
			return nil, err
		}
	}
	if opt.Payoffs {
		for m := range en.recs {
			rep.Payoffs = append(rep.Payoffs, PayoffDoc{Members: g.playerNames(Mask(m)), WelfarePct: g.welfareMap(en.recs[m], tab, Mask(m))})
		}
	}
	rep.Solves = int(en.solves) + rep.extraSolves
	rep.Seconds = time.Since(start).Seconds()
	rep.MeanIterations = meanIter
	rep.SolvesPerSecond = float64(rep.Solves) / rep.Seconds
	return rep, nil
}

const maxStableReported = 10

func pow3(k int) int {
	n := 1
	for ; k > 0; k-- {
		n *= 3
	}
	return n
}
