package simulate

import (
	"strings"
	"testing"
)

// TestRulesSayRoundsAreEquilibria: a round is the model's equilibrium at
// that quarter's tariffs, with the long-run trade elasticity; the report's
// rules say so, since a quarter-on-quarter fall in a surplus of a half (the
// review's EU27 case) reads as a forecast of speed otherwise.
func TestRulesSayRoundsAreEquilibria(t *testing.T) {
	found := false
	for _, r := range (Params{Q: 2, Grace: 1}).Rules() {
		found = found || strings.Contains(r, "long-run trade elasticity") && strings.Contains(r, "not how fast")
	}
	if !found {
		t.Error("the rules do not say that each round is a long-run equilibrium")
	}
}
