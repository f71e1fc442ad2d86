package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

func init() { register(newSolveCommand) }

type solveOptions struct {
	output    outputFlags
	data      dataFlag
	bilateral bool
	leader    string
	// leaderGiven is whether --leader was set (checkLeader).
	leaderGiven bool
	tol         float64
	tolGiven    bool // --tolerance was set: then it must be > 0
	maxIter     int
	shocksOut   string
	sectors     []string
	noBands     bool
}

func newSolveCommand() *cobra.Command {
	var opts solveOptions
	c := &cobra.Command{
		Use:   "solve SCENARIO",
		Short: "Solve a scenario with the general-equilibrium model",
		Long: `Solve a scenario (a YAML file or a built-in name; see 'tradebloc scenarios')
and report welfare, prices, wages, employment, trade, balances and tariff
revenue for every country, with the uncertainty band of each country's real
income: the scenario solved again at θ = 3 and θ = 5 (on a multi-sector
world with elasticity sets, at each set), the range shown beside the central
result; --no-bands leaves it out, tradebloc sweep runs bigger sweeps.

Exit codes: 0 success, 1 the model did not converge, 2 bad usage or input.`,
		Example: `  tradebloc solve liberation-day
  tradebloc solve liberation-day --format json --bilateral --out result.json
  tradebloc solve my-scenario.yaml --data ./mydata --format md`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error { return runSolve(c, &opts, args[0]) },
	}
	opts.output.add(c)
	opts.data.add(c)
	c.Flags().BoolVar(&opts.bilateral, "bilateral", false, "include every bilateral flow before and after")
	c.Flags().StringVar(&opts.leader, "leader", engine.DefaultLeader, "country whose bilateral balances with every partner are reported")
	c.Flags().Float64Var(&opts.tol, "tolerance", 0, "max relative residual of the equilibrium conditions (default 1e-12, at most 1e-6)")
	c.Flags().IntVar(&opts.maxIter, "max-iterations", 0, "iteration cap of the solver (0 = the default, 2000)")
	c.Flags().StringSliceVar(&opts.sectors, "sectors", nil, "print a country × sector table for these countries: --sectors USA,CHN (or --sectors=USA,CHN); --sectors \"\" for the leader and the surplus economy shown beside it (needs a multi-sector dataset, e.g. --data icio-2022)")
	c.Flags().BoolVar(&opts.noBands, "no-bands", false, "leave out the uncertainty bands (the scenario solved again at θ = 3 and 5, or at the elasticity sets of a multi-sector world)")
	c.Flags().StringVar(&opts.shocksOut, "shocks-out", "", "also write the tariffs and trade costs the scenario changed, pair by pair, to this CSV file")
	return c
}

// maxTolerance is the loosest --tolerance: a relative residual of the
// equilibrium conditions beyond it is of the order of the welfare changes
// reported (hundredths of a percent), so a "converged" result would mean
// nothing.
const maxTolerance = 1e-6

// solveDoc runs a scenario argument and builds its result document, and
// the --shocks-out CSV (nil without the flag). The document is returned
// with the error when the model did not converge.
func solveDoc(c *cobra.Command, args []string, arg string, opts *solveOptions) (*report.SolveDoc, float64, []byte, error) {
	// Checked before anything is solved: a NaN tolerance is never met, so
	// the solver would run to its cap and fail as if it did not converge.
	if math.IsNaN(opts.tol) || math.IsInf(opts.tol, 0) || opts.tol < 0 || (opts.tolGiven && opts.tol == 0) || opts.tol > maxTolerance {
		return nil, 0, nil, &errs.Error{Kind: errs.Invalid, Field: "--tolerance", Err: fmt.Errorf("want a finite tolerance > 0 and at most %g (default 1e-12), got %v", maxTolerance, opts.tol)}
	}
	if opts.maxIter < 0 {
		return nil, 0, nil, &errs.Error{Kind: errs.Invalid, Field: "--max-iterations", Err: fmt.Errorf("want a whole number ≥ 1 (0 = the default, 2000), got %d", opts.maxIter)}
	}
	sc, err := resolveScenario(c, args, arg)
	if err != nil {
		return nil, 0, nil, err
	}
	ds, err := loadScenarioData(sc, opts.data.path)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := checkLeader(ds, opts.leader, opts.leaderGiven); err != nil {
		return nil, 0, nil, err
	}
	if opts.sectors != nil && ds.S() < 2 {
		return nil, 0, nil, &errs.Error{Kind: errs.Invalid, Field: "--sectors", Err: fmt.Errorf("dataset %s has one sector; --sectors needs a multi-sector dataset (e.g. --data icio-2022)", ds.Name)}
	}
	for _, code := range opts.sectors {
		if _, err := checkSectorCountry(ds, code); err != nil {
			return nil, 0, nil, err
		}
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{Tol: opts.tol, MaxIter: opts.maxIter})
	if out == nil {
		return nil, 0, nil, err
	}
	var shocks []byte
	if opts.shocksOut != "" {
		// Written with the main output, all or none (outputFlags.emit).
		var b bytes.Buffer
		if err := report.WriteShocksCSV(&b, out.Data, out.Compiled.Shocks); err != nil {
			return nil, 0, nil, err
		}
		shocks = b.Bytes()
	}
	// The default leader on a dataset without it: no leader lines, rather
	// than balances "with USA" of $0 bn for everyone.
	leader, hasLeader := engine.ReportedLeader(out.Data, opts.leader, opts.leaderGiven)
	doc := engine.SolveDoc(out, engine.DocOptions{Leader: leader, NoLeader: !hasLeader, Version: version, Bilateral: opts.bilateral})
	if opts.sectors != nil {
		codes := opts.sectors
		if len(codes) == 0 {
			// --sectors "" (or --sectors=): the countries the headline shows.
			codes = nil
			for _, code := range []string{doc.Leader, doc.Target} {
				if _, ok := out.Data.Index(code); ok && !slices.Contains(codes, code) {
					codes = append(codes, code)
				}
			}
		}
		doc.SectorCountries = codes
	}
	if !opts.noBands && err == nil {
		bd, berr := sweep.Bands(context.Background(), nil, sc, ds)
		if berr != nil {
			return nil, 0, nil, berr
		}
		doc.Bands = bd
	}
	return doc, out.Data.UnitMillions(), shocks, err
}

func runSolve(c *cobra.Command, opts *solveOptions, arg string) error {
	opts.leaderGiven = c.Flags().Changed("leader")
	opts.tolGiven = c.Flags().Changed("tolerance")
	if !c.Flags().Changed("sectors") {
		opts.sectors = nil
	} else if opts.sectors == nil {
		opts.sectors = []string{} // given empty: the default countries
	}
	for k, code := range opts.sectors {
		opts.sectors[k] = strings.TrimSpace(code) // "USA, CHN"
	}
	doc, unit, shocks, solveErr := solveDoc(c, []string{arg}, arg, opts)
	if doc == nil {
		return solveErr
	}
	var others []report.File
	if shocks != nil {
		others = append(others, report.File{Path: opts.shocksOut, Data: shocks})
	}
	if err := opts.output.emit(c, func(w io.Writer, f report.Format) error { return doc.Write(w, f, unit) }, others...); err != nil {
		return err
	}
	return solveErr
}
