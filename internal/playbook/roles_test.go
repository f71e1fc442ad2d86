package playbook

import (
	"errors"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestRunRefusesRoles: a playbook's leader and target are checked as every
// other command checks a country code (data.Dataset.CheckCountry), so that
// the message is the one solve and benchmark give, hints included: the
// upper-case code a lower-case one means, a group (EU27) or an aggregate
// unit (ROW) that is no country, an economy folded into ROW. Before, Run
// said only "unknown country" for all of them but the aggregate. Each is
// bad usage (exit 2) naming the flag.
func TestRunRefusesRoles(t *testing.T) {
	world, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	pb, err := Lookup("cocom")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ds             *data.Dataset
		leader, target string
		flag           string
		bad            string // the code CheckCountry refuses ("" = a rule of playbooks)
		want           string
	}{
		{world, "XXX", "CHN", "--leader", "XXX", `unknown country "XXX" (not in dataset world-2023)`},
		{world, "usa", "CHN", "--leader", "usa", "country codes are upper case: USA"},
		{world, "EU27", "CHN", "--leader", "EU27", "EU27 is a group of 27 countries in world-2023, not a country"},
		{world, "USA", "chn", "--target", "chn", "country codes are upper case: CHN"},
		{world, "USA", "EU27", "--target", "EU27", "EU27 is a group of 27 countries"},
		{icio, "ROW", "CHN", "--leader", "ROW", "ROW stands for"},
		{icio, "USA", "ROW", "--target", "ROW", "ROW stands for"},
		{icio, "USA", "KWT", "--target", "KWT", "KWT is part of ROW in icio-2022"},
		{world, "USA", "USA", "--target", "", "the target USA is the leader itself"},
		{world, "FRA", "DEU", "--target", "", "are both in the EU27"},
	} {
		t.Run(tc.ds.Name+" "+tc.leader+" vs "+tc.target, func(t *testing.T) {
			_, err := Run(pb, tc.ds, tc.leader, tc.target, "")
			var e *errs.Error
			if !errors.As(err, &e) || errs.ExitCode(err) != 2 || e.Field != tc.flag || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v (exit %d), want exit 2 naming %s and %q", err, errs.ExitCode(err), tc.flag, tc.want)
			}
			if tc.bad == "" {
				return
			}
			// The very message of CheckCountry, the one the other commands give.
			_, cerr := tc.ds.CheckCountry(tc.bad)
			if cerr == nil || e.Err.Error() != cerr.Error() {
				t.Errorf("message %q, want CheckCountry's %v", e.Err, cerr)
			}
		})
	}
	l, tg, err := CheckRoles(world, "USA", "CHN")
	if err != nil || world.Countries[l].Code != "USA" || world.Countries[tg].Code != "CHN" {
		t.Errorf("CheckRoles(USA, CHN) = %d, %d, %v", l, tg, err)
	}
}
