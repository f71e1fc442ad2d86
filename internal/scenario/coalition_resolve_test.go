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

// TestMissingSectorElasticity: a dataset that gives θ for some sectors but
// not others needs the missing ones; without a scenario θ that is an error
// naming sectors.csv, not a silent default.
func TestMissingSectorElasticity(t *testing.T) {
	ds := &data.Dataset{
		Name:      "two-sector",
		Countries: []data.Country{{Code: "AAA"}, {Code: "BBB"}},
		Sectors:   []data.Sector{{Code: "AGR", Theta: 8}, {Code: "MAN"}},
		Trade:     []float64{5, 1, 5, 1, 1, 5, 1, 5},
	}
	sc, err := Parse([]byte("name: x\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Compile(sc, ds); err == nil || !strings.Contains(err.Error(), "sectors.csv") || !strings.Contains(err.Error(), `"MAN"`) {
		t.Errorf("missing θ: %v", err)
	}
	sc.Model.Theta = 5
	c, err := Compile(sc, ds)
	if err != nil || c.Options.Theta[0] != 5 || c.Options.Theta[1] != 5 {
		t.Errorf("scenario θ: %v %v", err, c)
	}
	ds.Sectors[0].Theta = 0 // none given: the default for all
	sc.Model.Theta = 0
	if c, err := Compile(sc, ds); err != nil || c.Options.Theta[1] != DefaultTheta {
		t.Errorf("default θ: %v", err)
	}
}
