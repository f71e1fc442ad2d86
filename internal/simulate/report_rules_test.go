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

// TestCensusNote: with the players the leader's top eight partners in
// world-2023, Taiwan is left out (its US trade there is 2023 mirror data,
// ICIO 2022 for Taiwan), though Census 2024 ranks it sixth; the report says
// so. With the scenario's named candidates it says nothing.
func TestCensusNote(t *testing.T) {
	n := builtinWorld(t, "2026-03-01", 8).censusNote()
	if !strings.Contains(n, "USA's 8 largest partners") || !strings.Contains(n, "TWN (6th by Census, $159 bn; 9th by the dataset's goods trade") {
		t.Errorf("top 8: %q", n)
	}
	if n := builtinWorld(t, "2026-03-01", 0).censusNote(); n != "" {
		t.Errorf("named candidates: %q", n)
	}
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 111: "111th"} {
		if got := ordinal(n); got != want {
			t.Errorf("ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}
