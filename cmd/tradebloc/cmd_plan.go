package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/plan"
	"github.com/tradebloc/tradebloc/internal/report"
)

func init() { register(newPlanCommand) }

type planOptions struct {
	output outputFlags
	data   dataFlag
	nats   natsFlags
	opt    plan.Options
	seed   int64
	html   string
	table  string
}

func newPlanCommand() *cobra.Command {
	var o planOptions
	c := &cobra.Command{
		Use:   "plan PLAN",
		Short: "Contingency plan: branches with probabilities, outcome ranges by Monte Carlo, signposts, winners and losers",
		Long: `Play every branch of a plan forward (tradebloc simulate with the branch's
moves scripted) at parameters drawn by seeded Monte Carlo on all cores, and
report per branch its probability, outcome ranges (p10/p50/p90), membership
frequencies, the signposts that tell it apart early, and the winners and
losers; with a fan chart and a tornado chart in --format md and --html.

PLAN is a plan file or a built-in plan (after-the-ruling). The file format
is in docs/planning.md.

The plan starts on --start, else on the plan file's start: date, else today;
the signposts are dated from it. A plan whose dates are past says so.

--format csv writes every table as a CSV section (blank line between); --table
NAME writes one of them: run, branches, outcomes, winners_losers, signposts,
fan, tornado.`,
		Example: `  tradebloc plan after-the-ruling
  tradebloc plan after-the-ruling --start 2027-01-01 --format json --draws 200 --seed 7
  tradebloc plan after-the-ruling --format csv --table signposts
  tradebloc plan after-the-ruling --html plan.html`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runPlan(c, &o, args) },
	}
	o.output.add(c)
	o.data.add(c)
	c.Flags().IntVar(&o.opt.Draws, "draws", 0, "Monte Carlo draws (default: the plan's)")
	c.Flags().Int64Var(&o.seed, "seed", -1, "random seed ≥ 0; -1 (the default) takes the plan's")
	c.Flags().IntVar(&o.opt.Workers, "workers", 0, "goroutines (default: all cores)")
	o.nats.add(c, "the draws (and the coalition game)")
	c.Flags().StringVar(&o.html, "html", "", "also write an HTML report with the charts to this file")
	c.Flags().StringVar(&o.opt.Start, "start", "", "start date YYYY-MM-DD (default: the plan's start, else today)")
	c.Flags().StringVar(&o.table, "table", "", "with --format csv, write only this table (run, branches, outcomes, winners_losers, signposts, fan, tornado)")
	return c
}

func runPlan(c *cobra.Command, o *planOptions, args []string) error {
	arg := args[0]
	if _, err := report.ParseFormat(o.output.format); err != nil {
		return err
	}
	// 0 is the flag's "unset" (the plan's draws); given, it must be ≥ 1.
	if o.opt.Draws < 0 || o.opt.Draws > plan.MaxDraws || (o.opt.Draws == 0 && c.Flags().Changed("draws")) {
		return &errs.Error{Kind: errs.Invalid, Field: "--draws", Err: fmt.Errorf("want 1 to %d draws (leave it out for the plan's), got %d", plan.MaxDraws, o.opt.Draws)}
	}
	if o.table != "" && o.output.format != string(report.CSV) {
		return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: errString("applies to --format csv only")}
	}
	if o.table != "" && !slices.Contains(plan.CSVTableNames, o.table) {
		return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: fmt.Errorf("no table %q (tables: %s)", o.table, strings.Join(plan.CSVTableNames, ", "))}
	}
	// A seed is a whole number ≥ 0, as a plan file's seed: is; -1 is the
	// flag's "unset", and other negative numbers are refused rather than
	// read as the plan's seed (as -7 was) or wrapped around to 2^64 − 7.
	if o.seed < -1 {
		return &errs.Error{Kind: errs.Invalid, Field: "--seed", Err: fmt.Errorf("want a seed ≥ 0 (or -1, the default, for the plan's), got %d", o.seed)}
	}
	if o.seed >= 0 {
		o.opt.Seed, o.opt.HasSeed = uint64(o.seed), true
	}
	pl, err := plan.Resolve(arg)
	if err != nil {
		return err
	}
	if _, _, err := plan.ResolveStart(pl, o.opt); err != nil {
		return err // a bad --start is refused before a minute of computing
	}
	// The plan's scenario too, and the outputs against the files it reads.
	sc, err := pl.ResolveScenario()
	if err != nil {
		return err
	}
	if err := checkFiles(c, args, scenarioInputs(sc)...); err != nil {
		return err
	}
	ds, err := loadDataset(o.data.path)
	if err != nil {
		return err
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
	rep, err := plan.Run(ctx, pl, ds, o.opt)
	bar.Done()
	if err != nil {
		return err
	}
	var others []report.File
	if o.html != "" {
		// Written with the main output, all or none (outputFlags.emit).
		var b strings.Builder
		if err := rep.WriteHTML(&b); err != nil {
			return err
		}
		others = append(others, report.File{Path: o.html, Data: []byte(b.String())})
	}
	return o.output.emit(c, func(w io.Writer, f report.Format) error {
		switch f {
		case report.JSON:
			return report.WriteJSON(w, rep)
		case report.CSV:
			return report.WriteCSVTables(w, rep.CSVTables(), o.table)
		}
		return rep.Write(w, f)
	}, others...)
}

type errString string

func (e errString) Error() string { return string(e) }
