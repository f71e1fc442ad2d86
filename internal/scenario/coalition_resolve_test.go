package scenario

import (
	"slices"
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
	// largest partners by two-way trade, as trade-policy units, lead with
	// the EU27 (its members' trade together), Mexico and Canada, China
	// being the target; no EU member is a candidate of its own.
	if !rc.DefaultTargets || ds.Countries[rc.Targets[0]].Code != "CHN" {
		t.Errorf("default target %v", rc.Targets)
	}
	if len(rc.Candidates) != DefaultTop || rc.Candidates[0].Name != "EU27" || len(rc.Candidates[0].Countries) != 27 ||
		rc.Candidates[1].Name != "MEX" || rc.Candidates[2].Name != "CAN" {
		t.Errorf("default candidates %+v", rc.Candidates[:3])
	}
	for _, c := range rc.Candidates {
		if c.Name == "CHN" || c.Name == "USA" || c.Name == "DEU" {
			t.Errorf("candidate %s", c.Name)
		}
	}
}

// TestCoalitionTargetsIncludeHongKongMacau: a block that targets China
// targets Hong Kong and Macau with it (US tariffs count them as China,
// tariffs.Aliases), whether China is named or the default target, and
// they are never candidates.
func TestCoalitionTargetsIncludeHongKongMacau(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	chn, _ := ds.Index("CHN")
	for _, block := range []string{"leader: USA\n  targets: [CHN]", "leader: USA", "leader: USA\n  targets: [CHN, JPN]"} {
		sc, err := Parse([]byte("name: x\ncoalition:\n  "+block+"\n"), "")
		if err != nil {
			t.Fatal(err)
		}
		rc, err := sc.Coalition.Resolve(ds)
		if err != nil {
			t.Fatalf("%q: %v", block, err)
		}
		var codes []string
		for _, i := range rc.Targets {
			codes = append(codes, ds.Countries[i].Code)
		}
		for _, code := range []string{"CHN", "HKG", "MAC"} {
			if !slices.Contains(codes, code) {
				t.Errorf("%q: targets %v lack %s", block, codes, code)
			}
		}
		for _, code := range []string{"HKG", "MAC"} {
			i, _ := ds.Index(code)
			if rc.AliasOf[i] != chn {
				t.Errorf("%q: %s is not recorded as part of CHN (%v)", block, code, rc.AliasOf)
			}
		}
		for _, c := range rc.Candidates {
			if c.Name == "HKG" || c.Name == "MAC" {
				t.Errorf("%q: %s is a candidate", block, c.Name)
			}
		}
	}
	// Targeting Japan alone adds no one.
	sc, _ := Parse([]byte("name: x\ncoalition:\n  leader: USA\n  targets: [JPN]\n"), "")
	rc, err := sc.Coalition.Resolve(ds)
	if err != nil || len(rc.Targets) != 1 || rc.AliasOf != nil {
		t.Errorf("targets [JPN]: %v, alias %v, %v", rc.Targets, rc.AliasOf, err)
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
		{"leader: USA\n  targets: [CHN]\n  candidates: [CAN, HKG]", "part of CHN"},
		{"leader: USA\n  candidates: [CAN, USMCA]", "appears twice"},
		{"leader: G7", "want one"},
		{"leader: USA\n  candidates: [CAN, MEX]\n  member_terms: {rates: {JPN: 0.05}}", `field "coalition.member_terms.rates.JPN": "JPN" is not a candidate, so it has no member terms (candidates: CAN, MEX)`},
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

// TestMemberRatesResolve: a candidate named in member_terms.rates gets its
// own rate, the others the common one, a group by its written name.
func TestMemberRatesResolve(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := Parse([]byte("name: x\ncoalition:\n  candidates: [CAN, MEX, EU27, JPN]\n  member_terms: {rate: 0.1, rates: {CAN: 0.04, EU27: 0.05}}\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	rc, err := sc.Coalition.Resolve(ds)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"CAN": 0.04, "MEX": 0.1, "EU27": 0.05, "JPN": 0.1}
	for _, c := range rc.Candidates {
		if c.MemberRate != want[c.Name] {
			t.Errorf("%s: member rate %v, want %v", c.Name, c.MemberRate, want[c.Name])
		}
	}
	// A rate for a non-candidate is refused at its line in the file.
	sc, err = Parse([]byte("name: x\ncoalition:\n  candidates: [CAN]\n  member_terms:\n    rates: {KOR: 0.05}\n"), "bloc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = sc.Coalition.Resolve(ds)
	if err == nil || !strings.HasPrefix(err.Error(), "bloc.yaml:5:13: ") {
		t.Errorf("rate for KOR, not a candidate: %v, want an error at bloc.yaml:5:13", err)
	}
	// With the candidates the leader's top K (--top), a rate for a partner
	// outside them is its terms as a candidate, not an error.
	sc.Coalition.Candidates, sc.Coalition.Top = nil, 2
	rc, err = sc.Coalition.Resolve(ds)
	if err != nil {
		t.Fatalf("top 2 with a rate for KOR: %v", err)
	}
	for _, c := range rc.Candidates {
		if c.Name == "KOR" || c.MemberRate != sc.Coalition.MemberRate {
			t.Errorf("top 2: %s with member rate %v", c.Name, c.MemberRate)
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
