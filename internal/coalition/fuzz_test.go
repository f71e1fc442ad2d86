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
		if err == nil {
			// Exactly the three columns, as a dataset file's.
			header, _, _ := strings.Cut(strings.TrimPrefix(in, "\ufeff"), "\n")
			if n := len(strings.Split(header, ",")); n != 3 {
				t.Fatalf("accepted a header of %d columns: %q", n, header)
			}
		}
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

// FuzzSplitMembers: a membership the command line accepts has no empty
// code, no code twice, no + or surrounding space in a code, and reads
// back the same when its codes are joined again.
func FuzzSplitMembers(f *testing.F) {
	for _, s := range []string{"CAN+MEX+JPN", "", "none", "CAN+CAN", "CAN++MEX", " CAN + MEX ", "+", "EU27"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		codes, err := SplitMembers(s)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if c == "" || strings.Contains(c, "+") || strings.TrimSpace(c) != c || seen[c] {
				t.Fatalf("SplitMembers(%q) = %q", s, codes)
			}
			seen[c] = true
		}
		again, err := SplitMembers(strings.Join(codes, "+"))
		if err != nil || strings.Join(again, "+") != strings.Join(codes, "+") {
			t.Fatalf("SplitMembers(%q) = %q, read back as %q, %v", s, codes, again, err)
		}
	})
}
