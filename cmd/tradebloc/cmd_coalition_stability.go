package main

import (
	"errors"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func newCoalitionStabilityCommand() *cobra.Command {
	var out outputFlags
	var path, leader string
	c := &cobra.Command{
		Use:   "stability --payoffs FILE",
		Short: "Find stable coalitions in a payoff table from another model (CSV members,country,payoff)",
		Long: `Run tradebloc's solution concepts (internal, external and group stability) on a
payoff table computed elsewhere (GTAP, your own model). The CSV has columns
members (player codes joined by +, empty for none), country and payoff, with a
row for every membership and every player. --leader names a country whose
payoff ranks the stable coalitions (default: larger coalitions first).`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			if path == "" {
				return &errs.Error{Kind: errs.Invalid, Field: "--payoffs", Err: errRequired}
			}
			f, err := os.Open(path)
			if err != nil {
				return report.InputError("coalition stability", "payoff", path, err)
			}
			defer f.Close()
			res, err := coalition.StabilityFromCSV(f, path, leader)
			if err != nil {
				return err
			}
			return out.emit(c, func(w io.Writer, fm report.Format) error {
				if fm == report.JSON {
					return report.WriteJSON(w, res)
				}
				return res.Table().Write(w, fm)
			})
		},
	}
	out.add(c)
	c.Flags().StringVar(&path, "payoffs", "", "CSV file with columns members,country,payoff")
	c.Flags().StringVar(&leader, "leader", "", "country whose payoff ranks the stable coalitions")
	return c
}

var errRequired = errors.New("required: the payoff table to analyse")
