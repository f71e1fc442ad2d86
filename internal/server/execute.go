package server

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
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

// coalitionPhases maps the coalition game's phases onto one 0..1 scale:
// enumerating the payoffs is nearly all of the work.
var coalitionPhases = map[string][2]float64{
	"payoffs":                {0, 0.75},
	"defector penalties":     {0.75, 0.9},
	"threats":                {0.9, 0.97},
	"counter-coalition game": {0.97, 0.99},
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
		doc := engine.SolveDoc(out, engine.DocOptions{Version: s.cfg.Version, Bilateral: j.bilateral})
		j.target = doc.Target
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
		rep, err := benchmark.Evaluate(benchmark.Solved{Data: out.Data, Base: out.Base, Result: out.Result, Subsidy: out.Compiled.Shocks.Subsidy},
			j.sc.Name, engine.Leader(out), benchmark.DefaultRule(), benchmark.DefaultTest())
		if err != nil {
			return nil, err
		}
		// As the CLI: a scenario without shocks has nothing to judge.
		rep.NoShocks = len(j.sc.Shocks) == 0
		return encode(rep, nil)
	default: // KindCoalition; kinds are checked on submission
		rep, err := coalition.Analyze(ctx, j.sc, j.ds, coalition.Options{
			Workers: s.cfg.CoalitionWorkers, Executor: s.cfg.Executor, NoBands: j.noBands,
			Progress: func(phase string, done, total int) {
				span, ok := coalitionPhases[phase]
				if !ok || total <= 0 {
					return
				}
				j.phase.Store(phase)
				j.setProgress(span[0] + (span[1]-span[0])*float64(done)/float64(total))
			},
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
