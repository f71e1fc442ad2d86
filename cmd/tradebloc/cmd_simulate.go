package main

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

func init() { register(newSimulateCommand) }

type simulateOptions struct {
	output   outputFlags
	data     dataFlag
	prm      simulate.Params
	moves    []string
	top      int
	noHist   bool
	scripted bool
}

func newSimulateCommand() *cobra.Command {
	o := simulateOptions{prm: simulate.DefaultParams()}
	c := &cobra.Command{
		Use:   "simulate SCENARIO",
		Short: "Play the trade war forward in quarterly rounds: offers, rebalancing, joining, retaliation, relief",
		Long: `Play the scenario's coalition game forward from a start date in quarterly
rounds. Round 0 is the record: the US schedule in force at the start date;
each later round plays the record on its own date (a lapse within the
horizon, such as Section 122's on 2026-07-23, lapses in the game).
Each round every player (the coalition block's candidates and targets) waits,
cuts its tariffs on the leader, commits to rebalancing, joins the bloc,
retaliates or joins the targets' counter-bloc, by a best response on model
payoffs with political costs and inertia (or as scripted with --move). The
leader grants relief on joining or once the balanced-trade benchmark has
held for --q consecutive rounds (a tariff-only offer does not count), and
escalates to the threat on retaliators and stallers. The rules are in
docs/planning.md.`,
		Example: `  tradebloc simulate coalition-of-the-compelled
  tradebloc simulate coalition-of-the-compelled --move VNM=cut --move KOR=rebalance:2 --scripted
  tradebloc simulate coalition-of-the-compelled --rounds 12 --q 3 --format json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runSimulate(c, &o, args[0]) },
	}
	o.output.add(c)
	o.data.add(c)
	f := c.Flags()
	f.StringVar(&o.prm.Start, "start", o.prm.Start, "start date (YYYY-MM-DD); the record on it sets round 0, the record on each later round's date that round")
	f.IntVar(&o.prm.Rounds, "rounds", o.prm.Rounds, "quarterly rounds")
	f.IntVar(&o.prm.Q, "q", o.prm.Q, "consecutive rounds the benchmark must hold before relief")
	f.IntVar(&o.prm.Grace, "grace", o.prm.Grace, "rounds before the leader escalates on stallers")
	f.Float64Var(&o.prm.Speed, "speed", o.prm.Speed, "share of a rebalancing gap closed each quarter")
	f.Float64Var(&o.prm.Discount, "discount", o.prm.Discount, "players' discount factor per quarter")
	f.Float64Var(&o.prm.Theta, "theta", 0, "trade elasticity θ (default: the scenario's)")
	f.Float64Var(&o.prm.Costs.Join, "cost-join", o.prm.Costs.Join, "political cost of joining the bloc (welfare pp)")
	f.Float64Var(&o.prm.Costs.Retaliate, "cost-retaliate", o.prm.Costs.Retaliate, "political cost of retaliating (welfare pp)")
	f.Float64Var(&o.prm.Costs.Counter, "cost-counter", o.prm.Costs.Counter, "political cost of joining the counter-bloc (welfare pp)")
	f.Float64Var(&o.prm.Costs.RebalancePerPP, "cost-rebalance", o.prm.Costs.RebalancePerPP, "political cost per pp of GDP of rebalancing (welfare pp)")
	f.Float64Var(&o.prm.Costs.Inertia, "inertia", o.prm.Costs.Inertia, "cost of changing stance (welfare pp)")
	f.StringArrayVar(&o.moves, "move", nil, "scripted move CODE=ACTION[:SIZE][@ROUND] (actions: wait, cut, rebalance, join, retaliate, counter); repeatable")
	f.BoolVar(&o.scripted, "scripted", false, "only scripted moves: players without one wait")
	f.IntVar(&o.top, "top", 0, "players = the top K partners of the leader instead of the scenario's candidates")
	f.BoolVar(&o.noHist, "no-history", false, "start from the scenario's tariffs, not the US schedule in force at --start")
	f.IntVar(&o.prm.Workers, "workers", 0, "solver goroutines (default: all cores)")
	return c
}

func runSimulate(c *cobra.Command, o *simulateOptions, arg string) error {
	for _, m := range o.moves {
		mv, err := simulate.ParseMove(m)
		if err != nil {
			return err
		}
		o.prm.Moves = append(o.prm.Moves, mv)
	}
	o.prm.Scripted, o.prm.History = o.scripted, !o.noHist
	if err := o.prm.Check(); err != nil {
		return err
	}
	if err := o.prm.CheckMoves(); err != nil {
		return err
	}
	if _, err := report.ParseFormat(o.output.format); err != nil {
		return err
	}
	sc, err := resolveScenario(c, []string{arg}, arg)
	if err != nil {
		return err
	}
	ds, err := loadScenarioData(sc, o.data.path)
	if err != nil {
		return err
	}
	start := time.Now()
	w, err := simulate.NewWorld(sc, ds, o.prm.Start, o.prm.History, o.top)
	if err != nil {
		return err
	}
	bar := report.NewProgress(os.Stderr)
	o.prm.Progress = bar.Update
	tr, err := w.Run(context.Background(), o.prm)
	bar.Done()
	if err != nil {
		return err
	}
	rep := tr.Report(time.Since(start).Seconds())
	return o.output.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			return report.WriteJSON(w, rep)
		}
		return rep.Write(w, f)
	})
}
