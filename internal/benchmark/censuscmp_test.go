package benchmark

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestCensusComparison: the surplus report names what it sets beside the
// Census figures: goods, services excluded on a dataset with services, and
// nothing for a leader other than the US (Census balances are the US's).
func TestCensusComparison(t *testing.T) {
	for _, tc := range []struct{ coverage, leader, want string }{
		{data.CoverageGoods, "USA", "goods"},
		{data.CoverageServices, "USA", "goods (services sector excluded)"},
		{data.CoverageServices, "CHN", ""},
		{data.CoverageGoods, "CHN", ""},
	} {
		if got := censusComparison(tc.coverage, tc.leader); got != tc.want {
			t.Errorf("%s, %s: %q, want %q", tc.coverage, tc.leader, got, tc.want)
		}
	}
}
