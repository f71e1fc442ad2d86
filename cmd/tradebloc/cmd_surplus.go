package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

func init() { register(newSurplusCommand) }

// ruleFlags are the persistent-surplus rule flags shared by `surplus` and
// `benchmark`.
type ruleFlags struct{ rule benchmark.Rule }

func (r *ruleFlags) add(c *cobra.Command) {
	d := benchmark.DefaultRule()
	c.Flags().Float64Var(&r.rule.ThresholdPct, "threshold", d.ThresholdPct, "a surplus year has a current account ≥ this % of GDP")
	c.Flags().IntVar(&r.rule.Years, "years", d.Years, "window: the last n years of the current-account series")
	c.Flags().IntVar(&r.rule.MinYears, "min-years", d.MinYears, "surplus years needed in the window")
	c.Flags().BoolVar(&r.rule.IncludeProjections, "include-projections", false, "let the window run into IMF projections")
	c.Flags().IntVar(&r.rule.MinObservations, "min-observations", d.MinObservations, "fewest years a short series needs to be judged")
	c.Flags().Float64Var(&r.rule.MinMeanPct, "min-mean", d.MinMeanPct, "the mean current account over the window must be ≥ this % of GDP (default: --threshold)")
}

// get returns the rule the flags set: without --min-mean the mean must
// reach --threshold, so that one number states what a surplus is.
func (r *ruleFlags) get(c *cobra.Command) benchmark.Rule {
	rule := r.rule
	if !c.Flags().Changed("min-mean") {
		rule.MinMeanPct = rule.ThresholdPct
	}
	return rule
}

type surplusOptions struct {
	output outputFlags
	data   dataFlag
	rule   ruleFlags
	leader string
	all    bool
}

func newSurplusCommand() *cobra.Command {
	var opts surplusOptions
	c := &cobra.Command{
		Use:   "surplus",
		Short: "Classify persistent-surplus economies from current-account data",
		Long: `List the economies that run persistent current-account surpluses under a
documented rule (default: CA ≥ 1% of GDP in at least 7 of the last 10 actual
years of the IMF series, and ≥ 1% on average over them), with the evidence: CA years, the
mean and the latest year's CA (in % of GDP and in dollars at 2024 GDP), the
trade balance from the world matrix, the bilateral balance with the leader
and, for the US, the Census 2024 goods balance, compared with the dataset's
goods-only balance (icio-2022 leaves its services sector out for it). Balances
the dataset did not reconcile with the balance of payments are marked (†), and
the persistent-surplus economies a dataset folds into an aggregate (icio-2022's
ROW) are named in a note.

Exit codes: 0 success, 2 bad usage or input.`,
		Example: `  tradebloc surplus
  tradebloc surplus --threshold 2 --years 5 --min-years 4 --all
  tradebloc surplus --format json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, args []string) error { return runSurplus(c, &opts) },
	}
	opts.output.add(c)
	opts.data.add(c)
	opts.rule.add(c)
	c.Flags().StringVar(&opts.leader, "leader", "USA", "country whose bilateral balances are shown")
	c.Flags().BoolVar(&opts.all, "all", false, "table: list every economy, not only persistent-surplus ones")
	return c
}

func runSurplus(c *cobra.Command, opts *surplusOptions) error {
	ds, err := opts.data.load()
	if err != nil {
		return err
	}
	if err := checkLeaderFlag(c, ds, opts.leader); err != nil {
		return err
	}
	ecs, rule, err := benchmark.Classify(ds, tariffs.Census(), opts.leader, opts.rule.get(c))
	if err != nil {
		return err
	}
	var folded []benchmark.Folded
	if len(ds.Members) > 0 {
		// The dataset has no current account for the economies its
		// aggregates stand for; world-2023 has the same IMF series for all.
		ref, err := data.Default()
		if err != nil {
			return err
		}
		if folded, err = benchmark.FoldedSurplus(ds, ref, rule); err != nil {
			return err
		}
	}
	rep := benchmark.NewSurplusReport(ds, opts.leader, rule, ecs, folded)
	return opts.output.emit(c, func(w io.Writer, f report.Format) error { return rep.Write(w, f, ds.UnitMillions(), opts.all) })
}
