package coalition

import (
	"strings"
	"testing"
)

// FuzzStabilityFromCSV feeds arbitrary bytes to the payoff-table reader: it
// must never panic, and whatever it accepts must come back with stable
// coalitions whose flags are consistent.
func FuzzStabilityFromCSV(f *testing.F) {
	f.Add("members,country,payoff\n,A,0\nA,A,1\n")
	f.Add("members,country,payoff\n,A,0\n,B,0\nA,A,1\nA,B,0\nB,A,0\nB,B,1\nA+B,A,2\nA+B,B,2\n")
	f.Add("members,country,payoff\nA+A,A,1\n")
	f.Add("country,payoff,members\nA,1,A\nA,0,\n")
	f.Add("members,country,payoff\n\"A,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		res, err := StabilityFromCSV(strings.NewReader(in), "fuzz.csv", "")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, s := range res.Stable {
			if !s.InternallyStable || !s.ExternallyStable {
				t.Fatalf("unstable coalition listed: %+v", s)
			}
		}
	})
}
