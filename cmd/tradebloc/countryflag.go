package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// checkCountry returns the index of code in ds when it names a country
// that can play the role flag gives it, and bad usage (exit 2) naming flag
// otherwise: an unknown code (ds.UnknownCountry, which says when an
// aggregate such as icio-2022's ROW stands for it), a group of countries
// (EU27) or an aggregate unit (ROW). Left unchecked, such a code leaves every
// bilateral balance with it at zero, which reads as a result.
func checkCountry(ds *data.Dataset, flag, code string) (int, error) {
	bad := func(format string, args ...any) error {
		return &errs.Error{Kind: errs.Invalid, Field: flag, Err: fmt.Errorf(format, args...)}
	}
	i, ok := ds.Index(code)
	switch {
	case !ok && len(ds.Groups[strings.ToUpper(code)]) > 0:
		g := strings.ToUpper(code)
		return -1, bad("%s is a group of %d countries in %s, not a country: name one of them (e.g. %s)", g, len(ds.Groups[g]), ds.Name, ds.Groups[g][0])
	case !ok:
		if j, ok := ds.Index(strings.ToUpper(code)); ok {
			return -1, bad("%s (country codes are upper case: %s)", ds.UnknownCountry(code), ds.Countries[j].Code)
		}
		return -1, bad("%s", ds.UnknownCountry(code))
	case ds.IsAggregate(i):
		return -1, bad("%s stands for %d economies in %s, not a country", code, len(ds.Members[code]), ds.Name)
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
	if _, ok := ds.Index(code); !ok && !given {
		return nil
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
