package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func init() { register(newBenchmarkCommand) }

// testFlags are the benchmark-rule flags.
type testFlags struct {
	test    benchmark.Test
	measure string
}

func (t *testFlags) add(c *cobra.Command) {
	d := benchmark.DefaultTest()
	c.Flags().StringVar(&t.measure, "rule", string(d.Measure), "what a persistent-surplus economy is judged on: multilateral (its overall balance), bilateral (its surplus with the leader) or both")
	c.Flags().Float64Var(&t.test.BilateralCutPct, "bilateral-cut", d.BilateralCutPct, "bilateral part: the surplus with the leader must shrink by at least this % of itself")
	c.Flags().Float64Var(&t.test.MultilateralCutPP, "multilateral-cut", d.MultilateralCutPP, "multilateral part: the overall balance must fall by at least this many pp of GDP")
}

// get returns the test the flags set; an unknown --rule is bad usage.
func (t *testFlags) get() (benchmark.Test, error) {
	m, ok := benchmark.ParseMeasure(t.measure)
	if !ok {
		return benchmark.Test{}, &errs.Error{Op: "benchmark", Kind: errs.Invalid, Field: "--rule", Err: fmt.Errorf("unknown rule %q (want multilateral, bilateral or both)", t.measure)}
	}
	tt := t.test
	tt.Measure = m
	return tt, tt.Check()
}

type benchmarkOptions struct {
	output outputFlags
	data   dataFlag
	rule   ruleFlags
	test   testFlags
	leader string
}

func newBenchmarkCommand() *cobra.Command {
	var opts benchmarkOptions
	c := &cobra.Command{
		Use:   "benchmark SCENARIO",
		Short: "Test a scenario against the balanced-trade benchmark",
		Long: `Solve a scenario and, for every partner of the leader, report its balance with
the leader and its multilateral balance (% of GDP) before (the baseline data)
and after (the scenario), whether it is a persistent-surplus economy (the
surplus rule on the IMF current account, as in 'tradebloc surplus'), and
whether the scenario meets the balanced-trade benchmark.

Only persistent-surplus economies are asked to adjust; the others are
reported as "not asked". Under --rule multilateral (the default) a
persistent-surplus economy meets the benchmark when its overall balance in the
model falls by at least --multilateral-cut pp of GDP, whatever the sign of its
goods balance; under --rule bilateral when its surplus with the leader shrinks
by at least --bilateral-cut % (no surplus with the leader before or after:
nothing to cut; one that appears fails); --rule both asks both, and the
reason names each part's verdict. Under a rule with a bilateral part, a
scenario that raises the leader's tariffs cuts surpluses with it by the
tariff, not by a move of the partner: a note says so. Both balances are
always shown. Persistent-surplus
economies are listed first. A scenario under 'deficits: purge' is refused
(exit 2): the purge removes the imbalances the benchmark judges.

'benchmark paths PARTNER' prices the moves a partner can offer.

Exit codes: 0 success, 1 the model did not converge, 2 bad usage or input.`,
		Example: `  tradebloc benchmark liberation-day
  tradebloc benchmark my-rebalance.yaml --leader USA --format json
  tradebloc benchmark paths VNM`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runBenchmark(c, &opts, args) },
	}
	opts.output.add(c)
	opts.data.add(c)
	opts.rule.add(c)
	opts.test.add(c)
	c.Flags().StringVar(&opts.leader, "leader", "USA", "the country whose partners are tested")
	c.AddCommand(newBenchmarkPathsCommand())
	return c
}

func runBenchmark(c *cobra.Command, opts *benchmarkOptions, args []string) error {
	test, err := opts.test.get()
	if err != nil {
		return err
	}
	sc, err := resolveScenario(c, args, args[0])
	if err != nil {
		return err
	}
	if err := benchmark.CheckScenario(sc); err != nil {
		return err
	}
	ds, err := loadScenarioData(sc, opts.data.path)
	if err != nil {
		return err
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		return sc.LocateSolveError(err)
	}
	if err := requireLeader(c, out.Data, opts.leader); err != nil {
		return err
	}
	rep, err := benchmark.Evaluate(benchmark.Solved{Data: out.Data, Base: out.Base, Result: out.Result, Subsidy: out.Compiled.Shocks.Subsidy},
		sc.Name, opts.leader, opts.rule.get(c), test)
	if err != nil {
		return err
	}
	rep.NoShocks = len(sc.Shocks) == 0
	return opts.output.emit(c, func(w io.Writer, f report.Format) error { return rep.Write(w, f, out.Data.UnitMillions()) })
}

type pathsOptions struct {
	output outputFlags
	data   dataFlag
	rule   ruleFlags
	test   testFlags
	paths  benchmark.PathOptions
}

func newBenchmarkPathsCommand() *cobra.Command {
	var opts pathsOptions
	d := benchmark.DefaultPathOptions()
	c := &cobra.Command{
		Use:   "paths PARTNER",
		Short: "Price the moves a partner can offer under Liberation Day",
		Long: `With the built-in liberation-day scenario in force, solve five moves and test
each against the balanced-trade benchmark ("before" = Liberation Day without
the move, "after" = with it):

  zero_tariffs           the partner cuts its tariffs on the leader's goods to 0
  remove_export_subsidy  it puts an export tax of --subsidy % on all its exports
                         (modelled as removing an export subsidy of that size;
                         a VAT's border rebate is no subsidy, and for an EU
                         partner a note says so)
  domestic_demand        its trade balance falls by --demand % of GDP
  revaluation            it revalues by --revalue % in real terms against the
                         leader (the balance cut that implies it is searched for)
  capital_flow_measure   the leader cuts its deficit by --capital % of its GDP

PARTNER is a country code, or EU27: the EU as one partner (its common
commercial policy sets one external tariff), every member making each move,
its balances the union's and its welfare its members' GDP-weighted mean,
classified on the EU's own current account. For an EU member a note says
that its tariffs are the EU's.

Each move is judged by the same rule as 'tradebloc benchmark' (--rule). A
partner that is not a persistent-surplus economy is not asked to adjust; the
"test" column still says whether each move would pass the test asked of one.
A revaluation flagged implausible (*) shows n/a for its welfare and verdict
in the table; JSON and CSV keep the model's figures.
Welfare excludes the transfer a deficit target imposes (a bigger deficit
financed by lower saving is not a gain); "incl. transfer" counts it.

This table is the answer to "why were Vietnam's and Israel's zero-tariff offers
refused?": with saving fixed, tariffs move where a surplus lands, not its size.

Exit codes: 0 success, 1 a solve failed, 2 bad usage or input.`,
		Example: `  tradebloc benchmark paths VNM
  tradebloc benchmark paths EU27
  tradebloc benchmark paths CHN --demand 3 --revalue 5 --format json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runPaths(c, &opts, args[0]) },
	}
	opts.output.add(c)
	opts.data.add(c)
	opts.rule.add(c)
	opts.test.add(c)
	c.Flags().StringVar(&opts.paths.Leader, "leader", d.Leader, "the country whose benchmark is applied")
	c.Flags().Float64Var(&opts.paths.SubsidyPct, "subsidy", d.SubsidyPct, "export tax (export subsidy removed), % ad valorem")
	c.Flags().Float64Var(&opts.paths.DemandPctGDP, "demand", d.DemandPctGDP, "balance cut by domestic demand, % of the partner's GDP")
	c.Flags().Float64Var(&opts.paths.RevaluePct, "revalue", d.RevaluePct, "real revaluation against the leader, %")
	c.Flags().Float64Var(&opts.paths.CapitalPctGDP, "capital", d.CapitalPctGDP, "the leader's deficit cut, % of its GDP")
	return c
}

func runPaths(c *cobra.Command, opts *pathsOptions, partner string) error {
	ds, err := opts.data.load()
	if err != nil {
		return err
	}
	if err := requireLeader(c, ds, opts.paths.Leader); err != nil {
		return err
	}
	po := opts.paths
	if po.Test, err = opts.test.get(); err != nil {
		return err
	}
	po.Rule = opts.rule.get(c)
	if !(po.SubsidyPct <= maxSubsidyPct) {
		return &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: "--subsidy",
			Err: fmt.Errorf("want a percentage above −100 and at most %g (an export subsidy or VAT rebate of more than %g%% ad valorem is beyond any on record), got %v", maxSubsidyPct, maxSubsidyPct, po.SubsidyPct)}
	}
	rep, err := benchmark.Paths(ds, partner, po)
	if err != nil {
		return blamePathFlag(err, po)
	}
	return opts.output.emit(c, func(w io.Writer, f report.Format) error { return rep.Write(w, f, ds.UnitMillions()) })
}

// maxSubsidyPct bounds --subsidy: China's VAT rebates, the largest export
// subsidies the seed essay discusses, reach 17%; a removal of more than
// 100% ad valorem prices nothing real, and one of 1e308% left a subsidy of
// exactly −1 that the scenario refused as its own (builtin/liberation-day.yaml).
const maxSubsidyPct float64 = 100

// pathFlags is the flag that sizes each path (zero_tariffs has none).
var pathFlags = []struct{ path, flag string }{
	{benchmark.PathRemoveSubsidy, "--subsidy"}, {benchmark.PathDemand, "--demand"},
	{benchmark.PathRevaluation, "--revalue"}, {benchmark.PathCapitalFlow, "--capital"},
}

// blamePathFlag names the flag whose size made a path's scenario invalid.
// The paths are built as scenario shocks on top of the built-in
// liberation-day scenario, so such an error names an internal key
// ("shocks[1].rebalance", builtin/liberation-day.yaml) the user never
// wrote; the flag is what they can change. Other errors (a model that did
// not converge, exit 1) are returned as they are.
func blamePathFlag(err error, po benchmark.PathOptions) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Field == "" || strings.HasPrefix(e.Field, "--") {
		return err
	}
	values := map[string]float64{"--subsidy": po.SubsidyPct, "--demand": po.DemandPctGDP, "--revalue": po.RevaluePct, "--capital": po.CapitalPctGDP}
	for _, pf := range pathFlags {
		if strings.HasPrefix(err.Error(), "path "+pf.path+": ") {
			return &errs.Error{Op: "benchmark paths", Kind: errs.Invalid, Field: pf.flag,
				Err: fmt.Errorf("%s %g cannot be priced (path %s): %v; try a smaller size", pf.flag, values[pf.flag], pf.path, e.Err)}
		}
	}
	return err
}

// requireLeader is checkLeaderFlag for a command that cannot run without a
// leader: where the default, USA, is not in a dataset of the user's own and
// --leader was not given, it asks for --leader by name (and suggests the
// dataset's largest economy) instead of failing on a flag the user never
// set. The rule is engine.RequireLeader's, which the HTTP API's benchmark
// runs apply too.
func requireLeader(c *cobra.Command, ds *data.Dataset, code string) error {
	_, err := engine.RequireLeader(ds, code, c.Flags().Changed("leader"), "--leader")
	return err
}
