package data

import "testing"

// TestPolicyUnit: an EU member's trade-policy unit is the EU27, with all 27
// members in both embedded worlds; a customs-union member outside the EU
// (Russia, EAEU) and a country in no union act alone.
func TestPolicyUnit(t *testing.T) {
	for _, name := range []string{"world-2023", "icio-2022"} {
		ds, _, err := Embedded(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			code, unit string
			members    int
		}{{"DEU", "EU27", 27}, {"IRL", "EU27", 27}, {"RUS", "RUS", 1}, {"USA", "USA", 1}} {
			i, ok := ds.Index(tc.code)
			if !ok {
				t.Fatalf("%s: no %s", name, tc.code)
			}
			u, members := ds.PolicyUnit(i)
			if u != tc.unit || len(members) != tc.members {
				t.Errorf("%s: %s's unit %s with %d members, want %s with %d", name, tc.code, u, len(members), tc.unit, tc.members)
			}
		}
	}
}

// TestPolicyUnits: every non-aggregate country is in exactly one unit, the
// EU27 is one unit of 27, and ROW (an aggregate) is in none.
func TestPolicyUnits(t *testing.T) {
	ds, _, err := Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	eu := 0
	for _, u := range ds.PolicyUnits() {
		if u.Name == CommonPolicyGroup {
			eu = len(u.Members)
		}
		for _, c := range u.Members {
			seen[c]++
		}
	}
	for c := range ds.Countries {
		if want := map[bool]int{true: 0, false: 1}[ds.IsAggregate(c)]; seen[c] != want {
			t.Errorf("%s in %d units, want %d", ds.Countries[c].Code, seen[c], want)
		}
	}
	if eu != 27 {
		t.Errorf("EU27 unit of %d members", eu)
	}
}
