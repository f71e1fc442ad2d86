package scenario

import (
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

func TestCoalitionResolveDefaults(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse([]byte("name: x\ncoalition:\n  leader: USA\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := sc.Coalition.Resolve(ds)
	if err != nil {
		t.Fatal(err)
	}
	// The largest current-account surplus in dollars is China's; the US's
	// largest partners by two-way trade lead with Mexico, Canada and China
	// (China being the target, the top 12 start with Mexico and Canada).
	if !rc.DefaultTargets || ds.Countries[rc.Targets[0]].Code != "CHN" {
		t.Errorf("default target %v", rc.Targets)
	}
	if len(rc.Candidates) != DefaultTop || rc.Candidates[0].Name != "MEX" || rc.Candidates[1].Name != "CAN" {
		t.Errorf("default candidates %+v", rc.Candidates[:3])
	}
	for _, c := range rc.Candidates {
		if c.Name == "CHN" || c.Name == "USA" {
			t.Errorf("candidate %s", c.Name)
		}
	}
}

func TestCoalitionResolveErrors(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ block, want string }{
		{"leader: USA\n  targets: [USA]", "cannot be a target"},
		{"leader: USA\n  targets: [CHN]\n  candidates: [CAN, CHN]", "both a candidate and a target"},
		{"leader: USA\n  candidates: [USMCA]", "is the leader"},
		{"leader: USA\n  candidates: [CAN, USMCA]", "appears twice"},
		{"leader: G7", "want one"},
	}
	for _, tt := range tests {
		sc, err := Parse([]byte("name: x\ncoalition:\n  "+tt.block+"\n"), "")
		if err != nil {
			t.Fatalf("%s: %v", tt.block, err)
		}
		if _, err := sc.Coalition.Resolve(ds); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.block, err, tt.want)
		}
	}
}
