package server

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

// The kinds of run, each the JSON document of the CLI command of that name.
const (
	KindSolve     = "solve"
	KindBenchmark = "benchmark"
	KindCoalition = "coalition"
)

// Kinds lists the kinds of run in the order the UI offers them.
var Kinds = []string{KindSolve, KindBenchmark, KindCoalition, KindSimulate, KindPlaybook, KindPlan}

// coalitionPhases maps the coalition game's phases, in the order
// coalition.Analyze runs them, onto one 0..1 scale: enumerating the payoffs
// is nearly all of the work. The bands report no progress of their own
// (they run between the defector penalties and the threats).
var coalitionPhases = map[string][2]float64{
	"payoffs":                {0, 0.75},
	"defector penalties":     {0.75, 0.9},
	"threats":                {0.9, 0.97},
	"counter-coalition game": {0.97, 0.99},
}

// coalitionPhasesSilent is coalitionPhases for a game whose targets answer
// the bloc: it is played again with the targets silent after the threats,
// and that second enumeration takes about as long as the first (measured
// on coalition-of-the-compelled: payoffs 0–42%, defector penalties to 50%,
// bands and threats to 52%, the silent game's payoffs to 96%).
var coalitionPhasesSilent = map[string][2]float64{
	"payoffs":                                 {0, 0.42},
	"defector penalties":                      {0.42, 0.5},
	"threats":                                 {0.5, 0.52},
	"payoffs (targets silent)":                {0.52, 0.96},
	"defector penalties (targets silent)":     {0.96, 0.98},
	"counter-coalition game":                  {0.98, 0.99},
	"counter-coalition game (targets silent)": {0.98, 0.99},
}

// playsSilentGame reports whether coalition.Analyze plays the game of sc a
// second time with the targets silent (Options.NoResponseComparison unset).
func playsSilentGame(sc *scenario.Scenario) bool {
	return sc != nil && sc.Coalition != nil && sc.Coalition.TargetResponse != scenario.ResponseNone
}

// coalitionProgress is the Progress callback of a coalition game run by j:
// its phases fill [lo, hi] of j's progress, and the phase shown is label +
// the phase's name. A phase the map does not know is shown by its name and
// count rather than dropped, with the progress left where it is.
func (j *job) coalitionProgress(silent bool, lo, hi float64, label string) func(phase string, done, total int) {
	phases := coalitionPhases
	if silent {
		phases = coalitionPhasesSilent
	}
	return func(phase string, done, total int) {
		if total <= 0 {
			return
		}
		span, ok := phases[phase]
		if !ok {
			j.phase.Store(fmt.Sprintf("%s%s %d/%d", label, phase, done, total))
			return
		}
		j.phase.Store(label + phase)
		f := span[0] + (span[1]-span[0])*float64(min(done, total))/float64(total)
		j.setProgress(lo + (hi-lo)*f)
	}
}

// execute runs a job and returns its result document, encoded as the CLI
// encodes it (report.WriteJSON). A solve that did not converge returns its
// document together with the error, as the CLI prints both.
func (s *Server) execute(ctx context.Context, j *job) (json.RawMessage, error) {
	switch j.kind {
	case KindSimulate:
		return s.executeSimulate(ctx, j)
	case KindPlaybook:
		return s.executePlaybook(j)
	case KindPlan:
		return s.executePlan(ctx, j)
	case KindSolve:
		out, err := engine.RunOn(j.sc, j.ds, engine.Settings{})
		if out == nil {
			return nil, err
		}
		// The leader as the CLI's solve without --leader takes it (a solve
		// run has no leader key): USA, or none on a dataset without it.
		leader, ok := engine.ReportedLeader(out.Data, engine.DefaultLeader, false)
		doc := engine.SolveDoc(out, engine.DocOptions{Leader: leader, NoLeader: !ok, Version: s.cfg.Version, Bilateral: j.bilateral})
		j.target, j.fallback = doc.Target, doc.TariffFallback
		if !j.noBands && err == nil {
			// A handful of solves: this process's cores, as the CLI.
			if doc.Bands, err = sweep.Bands(ctx, nil, j.sc, j.ds); err != nil {
				return nil, err
			}
		}
		return encode(doc, err)
	case KindBenchmark:
		out, err := engine.RunOn(j.sc, j.ds, engine.Settings{})
		if err != nil {
			return nil, err
		}
		// The leader the request named, else the scenario's (checked on
		// submission: a dataset without USA needs one named).
		leader := cmp.Or(j.leader, engine.Leader(out))
		rep, err := benchmark.Evaluate(benchmark.Solved{Data: out.Data, Base: out.Base, Result: out.Result, Subsidy: out.Compiled.Shocks.Subsidy},
			j.sc.Name, leader, benchmark.DefaultRule(), benchmark.DefaultTest())
		if err != nil {
			return nil, err
		}
		// As the CLI: a scenario without shocks has nothing to judge.
		rep.NoShocks = len(j.sc.Shocks) == 0
		return encode(rep, nil)
	default: // KindCoalition; kinds are checked on submission
		rep, err := coalition.Analyze(ctx, j.sc, j.ds, coalition.Options{
			Workers: s.cfg.CoalitionWorkers, Executor: s.cfg.Executor, NoBands: j.noBands, Version: s.cfg.Version,
			Progress: j.coalitionProgress(playsSilentGame(j.sc), 0, 1, ""),
		})
		if err != nil {
			return nil, err
		}
		return encode(rep, nil)
	}
}

func encode(v any, runErr error) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := report.WriteJSON(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), runErr
}
