package main

import (
	"context"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func init() { register(newCoalitionCommand) }

type coalitionOptions struct {
	output  outputFlags
	data    dataFlag
	opt     coalition.Options
	explain string
	export  string
}

func newCoalitionCommand() *cobra.Command {
	var o coalitionOptions
	c := &cobra.Command{
		Use:   "coalition SCENARIO",
		Short: "Play the coalition game: who joins the bloc, which coalitions hold, what compels each country",
		Long: `Solve every membership configuration of the scenario's candidates (2^K model
solves, on all cores, with a progress bar on stderr) and report the stable
coalitions (internal, external and group stability), the sequential accession
path, the threat that compels each candidate, the lessons of history (unity,
leverage, integration, transshipment leakage) and a counter-bloc what-if.

SCENARIO is a file or a built-in name with a coalition: block (see
'tradebloc scenarios'; coalition-of-the-compelled is built in).`,
		Example: `  tradebloc coalition coalition-of-the-compelled
  tradebloc coalition coalition-of-the-compelled --format json --payoffs
  tradebloc coalition coalition-of-the-compelled --explain CAN+MEX+JPN
  tradebloc coalition coalition-of-the-compelled --export CAN+MEX+JPN > plain.yaml && tradebloc solve plain.yaml
  tradebloc coalition stability --payoffs gtap.csv`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runCoalition(c, &o, args[0]) },
	}
	o.output.add(c)
	o.data.add(c)
	c.Flags().BoolVar(&o.opt.Payoffs, "payoffs", false, "include every membership's payoffs")
	c.Flags().BoolVar(&o.opt.Counter, "counter", false, "also play the 3^K counter-coalition game (at most 8 candidates)")
	c.Flags().StringVar(&o.opt.CounterBloc, "counter-bloc", "", "candidates joining the targets in the counter-bloc what-if, joined by + (default JPN+KOR)")
	c.Flags().IntVar(&o.opt.Workers, "workers", 0, "solver goroutines (default: all cores)")
	c.Flags().BoolVar(&o.opt.NoWarm, "no-warm", false, "solve every membership cold (to measure the warm-start speed-up)")
	c.Flags().StringVar(&o.explain, "explain", "", "report one membership (codes joined by +) in detail instead of the whole game")
	c.Flags().StringVar(&o.export, "export", "", "print the plain scenario (YAML) for one membership (codes joined by +)")
	c.AddCommand(newCoalitionStabilityCommand())
	return c
}

func runCoalition(c *cobra.Command, o *coalitionOptions, arg string) error {
	sc, err := scenario.Resolve(arg)
	if err != nil {
		return err
	}
	ds, err := engine.LoadData(sc, o.data.path)
	if err != nil {
		return err
	}
	if o.export != "" {
		y, err := coalition.Export(sc, ds, o.export)
		if err != nil {
			return err
		}
		out := report.NewOutput(o.output.out, c.OutOrStdout())
		out.Write(y)
		return out.Commit()
	}
	if o.explain != "" {
		d, _, err := coalition.Explain(sc, ds, o.explain)
		if err != nil {
			return err
		}
		return o.output.emit(c, func(w io.Writer, f report.Format) error {
			if f == report.JSON {
				return report.WriteJSON(w, d)
			}
			return coalition.WriteExplain(w, f, d)
		})
	}
	bar := report.NewProgress(os.Stderr)
	o.opt.Progress = bar.Update
	rep, err := coalition.Analyze(context.Background(), sc, ds, o.opt)
	bar.Done()
	if err != nil {
		return err
	}
	return o.output.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			return report.WriteJSON(w, rep)
		}
		if f == report.CSV {
			return rep.Tables()[0].WriteCSV(w)
		}
		return rep.WriteText(w, f)
	})
}
