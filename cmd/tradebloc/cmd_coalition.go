package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func init() { register(newCoalitionCommand) }

type coalitionOptions struct {
	output  outputFlags
	data    dataFlag
	nats    natsFlags
	opt     coalition.Options
	explain string
	export  string
	table   string
}

func newCoalitionCommand() *cobra.Command {
	var o coalitionOptions
	c := &cobra.Command{
		Use:   "coalition SCENARIO",
		Short: "Play the coalition game: who joins the bloc, which coalitions hold, what compels each country",
		Long: `Solve every membership configuration of the scenario's candidates (2^K model
solves, on all cores, with a progress bar on stderr) and report the stable
coalitions (internal, external and group stability), the sequential accession
path and how it relates to the leading coalition, why each candidate is in or
out (joins, locked in by the defector penalty, stays out), the tariff on each
candidate alone that compels it to join with what carrying it out costs the
leader, the lessons of history (unity, leverage, integration, transshipment
leakage) and a counter-bloc what-if. docs/coalition.md defines every measure.

--format csv writes every table as its own section ("# table: NAME" lines);
--table NAME prints one table only (` + strings.Join(coalition.TableNames, ", ") + `).

Beside the central result it prints bands: at θ = 3 and θ = 5 (the elasticity
sets of a multi-sector world) each listed stable coalition is checked again
(its stable share) and the leading coalition's payoffs are re-solved;
--no-bands leaves them out, tradebloc sweep plays the whole game per point.

When the targets answer the bloc (coalition.target_response: reciprocal, the
default, or optimal) the game is played a second time with the targets silent
and the two leading coalitions are set side by side, with what the answer
costs each member; --no-response-comparison leaves that second game out.

With --nats URL the memberships, defector penalties and threats are computed
by tradebloc workers on a NATS server (docs/distributed.md); the report is
the same, bit for bit.

--explain MEMBERS reports one membership with the full run's stability
verdicts: it solves the memberships those verdicts read (every subset of the
members and each outsider joining), not all 2^K.

SCENARIO is a file or a built-in name with a coalition: block (see
'tradebloc scenarios'; coalition-of-the-compelled is built in).`,
		Example: `  tradebloc coalition coalition-of-the-compelled
  tradebloc coalition coalition-of-the-compelled --format json --payoffs
  tradebloc coalition coalition-of-the-compelled --explain CAN+MEX+JPN
  tradebloc coalition coalition-of-the-compelled --format csv --table threats
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
	c.Flags().BoolVar(&o.opt.NoResponseComparison, "no-response-comparison", false, "leave out the second game, with the targets silent, that the report sets beside the leading coalition when the targets answer (target_response)")
	c.Flags().BoolVar(&o.opt.NoBands, "no-bands", false, "leave out the uncertainty bands (each stable coalition re-checked and the leading one's payoffs at θ = 3 and 5)")
	o.nats.add(c, "the game's memberships, defector penalties and threats")
	c.Flags().BoolVar(&o.opt.NoWarm, "no-warm", false, "solve every membership cold (to measure the warm-start speed-up)")
	c.Flags().StringVar(&o.explain, "explain", "", "report one membership (codes joined by +) in detail instead of the whole game")
	c.Flags().StringVar(&o.export, "export", "", "print the plain scenario (YAML) for one membership (codes joined by +)")
	c.Flags().StringVar(&o.table, "table", "", "print only this table of the report (e.g. threats; see above)")
	c.AddCommand(newCoalitionStabilityCommand())
	return c
}

func runCoalition(c *cobra.Command, o *coalitionOptions, arg string) error {
	for _, m := range []struct{ flag, value string }{{"--explain", o.explain}, {"--export", o.export}, {"--counter-bloc", o.opt.CounterBloc}} {
		if _, err := coalition.SplitMembers(m.value); err != nil {
			return &errs.Error{Kind: errs.Invalid, Field: m.flag, Err: errors.Unwrap(err)}
		}
	}
	sc, err := resolveScenario(c, []string{arg}, arg)
	if err != nil {
		return err
	}
	ds, err := loadScenarioData(sc, o.data.path)
	if err != nil {
		return err
	}
	sc = engine.WithData(sc, o.data.path)
	// An empty --export or --explain would read as no flag at all and play
	// the whole game (4,096 memberships on the built-in one): refuse it.
	for _, f := range []struct{ name, value string }{{"export", o.export}, {"explain", o.explain}} {
		if c.Flags().Changed(f.name) && strings.TrimSpace(f.value) == "" {
			return &errs.Error{Kind: errs.Invalid, Field: "--" + f.name, Err: errors.New("empty; name a membership: candidate codes joined by +, or none for the empty coalition")}
		}
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
		if o.table != "" {
			return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: errors.New("--table applies to the full report, not --explain")}
		}
		d, _, err := coalition.Explain(sc, ds, o.explain)
		if err != nil {
			return err
		}
		return o.output.emit(c, func(w io.Writer, f report.Format) error {
			switch f {
			case report.JSON:
				return report.WriteJSON(w, d)
			case report.CSV:
				return coalition.WriteExplainCSV(w, d)
			}
			return coalition.WriteExplain(w, f, d)
		})
	}
	if err := coalition.CheckTableName(o.table); err != nil {
		return err
	}
	if o.table != "" && o.output.format == string(report.JSON) {
		return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: errors.New("--table chooses a table of the text, Markdown or CSV report; JSON has them all")}
	}
	ctx := context.Background()
	ex, closeEx, err := o.nats.executor(ctx)
	if err != nil {
		return err
	}
	defer closeEx()
	o.opt.Executor = ex
	bar := report.NewProgress(os.Stderr)
	o.opt.Progress = bar.Update
	o.opt.Version = version
	rep, err := coalition.Analyze(ctx, sc, ds, o.opt)
	bar.Done()
	if err != nil {
		return err
	}
	return o.output.emit(c, func(w io.Writer, f report.Format) error {
		switch {
		case f == report.JSON:
			return report.WriteJSON(w, rep)
		case f == report.CSV:
			return rep.WriteCSV(w, o.table)
		case o.table != "":
			return rep.WriteTable(w, f, o.table)
		}
		return rep.WriteText(w, f)
	})
}
