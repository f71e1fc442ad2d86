package main

import (
	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// checkCountry returns the index of code in ds when it names a country
// that can play the role flag gives it, and bad usage (exit 2) naming flag
// otherwise: an unknown code, a group of countries (EU27) or an aggregate
// unit (ROW), as data.Dataset.CheckCountry says.
func checkCountry(ds *data.Dataset, flag, code string) (int, error) {
	i, err := ds.CheckCountry(code)
	if err != nil {
		return -1, &errs.Error{Kind: errs.Invalid, Field: flag, Err: err}
	}
	return i, nil
}

// checkLeaderFlag checks a command's --leader against ds (checkCountry).
// The flag's default, USA, is checked only when ds has it: on a dataset of
// its own without the US a command runs as before, without a leader.
func checkLeaderFlag(c *cobra.Command, ds *data.Dataset, code string) error {
	return checkLeader(ds, code, c.Flags().Changed("leader"))
}

// checkLeader is checkLeaderFlag with the flag's state given: given is
// whether the user set --leader.
func checkLeader(ds *data.Dataset, code string, given bool) error {
	if _, ok := engine.ReportedLeader(ds, code, given); !ok {
		return nil // no leader to check: the command reports none
	}
	_, err := checkCountry(ds, "--leader", code)
	return err
}

// checkSectorCountry is checkCountry for a --sectors code, which may name an
// aggregate unit: ROW's sector results are a unit's like any other's.
func checkSectorCountry(ds *data.Dataset, code string) (int, error) {
	if i, ok := ds.Index(code); ok {
		return i, nil
	}
	return checkCountry(ds, "--sectors", code)
}
