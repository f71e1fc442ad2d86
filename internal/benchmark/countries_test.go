package benchmark

import (
	"errors"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestPathsRefusesCountries: benchmark paths checks its PARTNER and
// --leader as every other command checks a country code
// (data.Dataset.CheckCountry), so the message is the same everywhere, hints
// included; an aggregate partner is also told that no policy path applies.
// Before, a lower-case code or a group got a plain "unknown country". Each is
// bad usage (exit 2) naming the argument, found before anything is solved.
func TestPathsRefusesCountries(t *testing.T) {
	world, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ds              *data.Dataset
		partner, leader string
		field           string
		bad             string // the code CheckCountry refuses
		want            string
	}{
		{world, "XXX", "USA", "PARTNER", "XXX", `unknown country "XXX" (not in dataset world-2023)`},
		{world, "vnm", "USA", "PARTNER", "vnm", "country codes are upper case: VNM"},
		// EU27 as PARTNER is priced as one partner (TestGroupPaths); as --leader it is refused below.
		{icio, "KWT", "USA", "PARTNER", "KWT", "KWT is part of ROW in icio-2022"},
		{icio, "ROW", "USA", "PARTNER", "ROW", "ROW stands for"},
		{world, "VNM", "usa", "--leader", "usa", "country codes are upper case: USA"},
		{world, "VNM", "EU27", "--leader", "EU27", "EU27 is a group"},
		{icio, "VNM", "ROW", "--leader", "ROW", "ROW stands for"},
	} {
		t.Run(tc.ds.Name+" "+tc.partner+" "+tc.leader, func(t *testing.T) {
			opt := DefaultPathOptions()
			opt.Leader = tc.leader
			_, err := Paths(tc.ds, tc.partner, opt)
			var e *errs.Error
			if !errors.As(err, &e) || errs.ExitCode(err) != 2 || e.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v (exit %d), want exit 2 naming %s and %q", err, errs.ExitCode(err), tc.field, tc.want)
			}
			// CheckCountry's very message, with the aggregate partner's reason after it.
			_, cerr := tc.ds.CheckCountry(tc.bad)
			if cerr == nil || !strings.HasPrefix(e.Err.Error(), cerr.Error()) {
				t.Errorf("message %q, want CheckCountry's %v", e.Err, cerr)
			}
			if aggregate := tc.field == "PARTNER" && tc.bad == "ROW"; aggregate != strings.HasSuffix(e.Err.Error(), ": no policy path applies to it") {
				t.Errorf("message %q: the reason for an aggregate partner, and only for one", e.Err)
			}
		})
	}
}
