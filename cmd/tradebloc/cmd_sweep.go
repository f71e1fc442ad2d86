package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

func init() { register(newSweepCommand) }

type sweepOptions struct {
	output outputFlags
	data   dataFlag
	nats   natsFlags
	opt    sweep.Options
	thetas []string
	seed   int64
}

func newSweepCommand() *cobra.Command {
	var o sweepOptions
	c := &cobra.Command{
		Use:   "sweep SCENARIO",
		Short: "Run a scenario across trade elasticities, elasticity sets and closures: each output's band, each coalition's stable share",
		Long: fmt.Sprintf(`Solve SCENARIO at every point of a sweep and report each output's band:
p10, p50 and p90 across the points, and the extremes. With fewer than %d
points, percentiles only interpolate between them: the scenario is also
solved at its own parameters and the text shows that central result with
min and max (JSON and CSV keep the percentiles). For a scenario with a
coalition: block, the coalition game is played at every point and the report
gives the share of points at which each coalition is stable (and is the
leading one), and the leading coalition's payoffs.

The points: --theta LIST (one θ for every sector), or --draws N --seed S
(θ drawn uniformly from [%g, %g], the literature's range; on a multi-sector
world every sector's θ is scaled by one draw, keeping their ranking),
crossed with --elasticities (the dataset's named sets; all for every set)
and --deficits (closures). With none of them, the default sweep that solve
and coalition print as bands: θ ∈ {3, 5}, or the elasticity sets of a
multi-sector world.

With --nats URL the points (and each game's memberships) are computed by
tradebloc workers on a NATS server (docs/distributed.md).`, sweep.MinPercentilePoints, sweep.ThetaLow, sweep.ThetaHigh),
		Example: `  tradebloc sweep coalition-of-the-compelled --theta 3,4,5,6
  tradebloc sweep liberation-day --draws 200 --seed 7 --format json
  tradebloc sweep liberation-day --theta 4 --deficits fixed,ratio,zero
  tradebloc sweep liberation-day --data icio-2022 --elasticities all`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runSweep(c, &o, args[0]) },
	}
	o.output.add(c)
	o.data.add(c)
	o.nats.add(c, "the points")
	c.Flags().StringSliceVar(&o.thetas, "theta", nil, "trade elasticities to sweep, comma-separated (e.g. 3,4,5,6)")
	c.Flags().IntVar(&o.opt.Draws, "draws", 0, "draw θ this many times from its prior instead")
	c.Flags().Int64Var(&o.seed, "seed", 1, "random seed of --draws")
	c.Flags().StringSliceVar(&o.opt.Elasticities, "elasticities", nil, "the dataset's elasticity sets to sweep (all = every set)")
	c.Flags().StringSliceVar(&o.opt.Deficits, "deficits", nil, "deficit closures to sweep: fixed, ratio, zero")
	c.Flags().IntVar(&o.opt.Workers, "workers", 0, "solver goroutines without --nats (default: all cores)")
	c.Flags().StringVar(&o.opt.Leader, "leader", "USA", "country the text report leads with")
	return c
}

func runSweep(c *cobra.Command, o *sweepOptions, arg string) error {
	if _, err := report.ParseFormat(o.output.format); err != nil {
		return err
	}
	if o.seed < 0 {
		return &errs.Error{Kind: errs.Invalid, Field: "--seed", Err: fmt.Errorf("must not be negative")}
	}
	if c.Flags().Changed("seed") && o.opt.Draws == 0 {
		return &errs.Error{Kind: errs.Invalid, Field: "--seed", Err: fmt.Errorf("applies to --draws only")}
	}
	o.opt.Seed = uint64(o.seed)
	var err error
	if o.opt.Thetas, err = sweep.ParseThetas(o.thetas); err != nil {
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
	if err := checkLeaderFlag(c, ds, o.opt.Leader); err != nil {
		return err
	}
	if _, _, err := o.opt.Points(ds); err != nil {
		return err // refused before connecting or computing
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
	rep, err := sweep.Run(ctx, sc, ds, o.opt)
	bar.Done()
	if err != nil {
		return err
	}
	return o.output.emit(c, func(w io.Writer, f report.Format) error { return rep.Write(w, f) })
}
