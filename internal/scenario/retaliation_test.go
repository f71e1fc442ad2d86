package scenario

import (
	"strings"
	"testing"
)

// TestRetaliationReciprocal checks the reciprocal rule on the small dataset
// by hand: each partner's tariff on the leader's goods, sector by sector,
// becomes the larger of its own and the one it faces; nothing else moves.
func TestRetaliationReciprocal(t *testing.T) {
	ds := smallDataset()
	N := ds.N()
	base := ds.Tariffs
	usa := idx(t, ds, "USA")
	const shocks = `shocks:
  - tariff: {importer: USA, exporter: CHN, rate: 0.30}
  - tariff: {importer: USA, exporter: MEX, add: 0.05, sector: MAN}
`
	for _, c := range []struct {
		name     string
		block    string
		partners []string
	}{
		{"default partners are those hit", "retaliation: {rule: reciprocal}", []string{"CHN", "MEX"}},
		{"leader given", "retaliation: {rule: reciprocal, leader: USA}", []string{"CHN", "MEX"}},
		{"listed partners", "retaliation: {rule: reciprocal, countries: [CHN]}", []string{"CHN"}},
		{"a group including the leader", "retaliation: {rule: reciprocal, countries: [USMCA]}", []string{"CAN", "MEX"}},
		{"everyone", `retaliation: {rule: reciprocal, countries: "*"}`, []string{"CHN", "DEU", "FRA", "MEX", "CAN", "JPN"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			comp := compileYAML(t, shocks+c.block+"\n", ds)
			r := comp.Retaliation
			if r == nil || r.Rule != RuleReciprocal || r.Leader != usa || r.Pending {
				t.Fatalf("retaliation %+v", r)
			}
			if r.LeaderFound != !strings.Contains(c.block, "leader") {
				t.Errorf("LeaderFound = %v", r.LeaderFound)
			}
			got := map[string]bool{}
			for _, j := range r.Partners {
				got[ds.Countries[j].Code] = true
			}
			want := map[string]bool{}
			for _, code := range c.partners {
				want[code] = true
			}
			if len(got) != len(want) {
				t.Errorf("partners %v, want %v", got, c.partners)
			}
			// The leader's own tariffs after the shocks, by hand.
			leaderRate := func(i, s int) float64 {
				x := base[ds.At(i, usa, s)]
				switch {
				case ds.Countries[i].Code == "CHN":
					x = 0.30
				case ds.Countries[i].Code == "MEX" && s == 1:
					x += 0.05
				}
				return x
			}
			for j := 0; j < N; j++ {
				for s := 0; s < ds.S(); s++ {
					if j == usa {
						continue
					}
					if g := comp.Shocks.Tariff[ds.At(j, usa, s)]; !near(g, leaderRate(j, s)) {
						t.Errorf("USA's tariff on %s moved: %v", ds.Countries[j].Code, g)
					}
					own := base[ds.At(usa, j, s)]
					w := own
					if want[ds.Countries[j].Code] {
						w = max(own, leaderRate(j, s))
					}
					if g := comp.Shocks.Tariff[ds.At(usa, j, s)]; !near(g, w) {
						t.Errorf("%s's tariff on USA in sector %d: %v, want %v", ds.Countries[j].Code, s, g, w)
					}
				}
			}
			// Third-country pairs are untouched.
			chn, deu := idx(t, ds, "CHN"), idx(t, ds, "DEU")
			if g := comp.Shocks.Tariff[ds.At(deu, chn, 0)]; g != base[ds.At(deu, chn, 0)] {
				t.Errorf("CHN's tariff on DEU moved: %v", g)
			}
			if len(comp.Notes) == 0 || !strings.Contains(comp.Notes[len(comp.Notes)-1], "retaliation: reciprocal") {
				t.Errorf("notes %q", comp.Notes)
			}
		})
	}
}

// TestRetaliationKeepsHigherOwnRate: a partner whose tariff on the
// leader's goods is above the one it faces keeps it (retaliation never
// cuts a tariff).
func TestRetaliationKeepsHigherOwnRate(t *testing.T) {
	ds := smallDataset()
	usa, jpn := idx(t, ds, "USA"), idx(t, ds, "JPN")
	comp := compileYAML(t, `shocks:
  - tariff: {importer: JPN, exporter: USA, rate: 0.40, sector: AGR}
  - tariff: {importer: USA, exporter: JPN, rate: 0.20}
retaliation: {rule: reciprocal, leader: USA, countries: [JPN]}
`, ds)
	if g := comp.Shocks.Tariff[ds.At(usa, jpn, 0)]; !near(g, 0.40) {
		t.Errorf("JPN on USA, AGR: %v, want its own 0.40", g)
	}
	if g := comp.Shocks.Tariff[ds.At(usa, jpn, 1)]; !near(g, 0.20) {
		t.Errorf("JPN on USA, MAN: %v, want 0.20 faced", g)
	}
}

// TestRetaliationOptimalRates: without rates the optimal rule is pending
// and leaves tariffs alone; with them (as the engine sets them) each
// partner's rate applies in every sector.
func TestRetaliationOptimalRates(t *testing.T) {
	ds := smallDataset()
	usa, chn, mex := idx(t, ds, "USA"), idx(t, ds, "CHN"), idx(t, ds, "MEX")
	sc, err := Parse([]byte(`shocks:
  - tariff: {importer: USA, exporter: [CHN, MEX], add: 0.25}
retaliation: {rule: optimal}
`), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	comp, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if r := comp.Retaliation; r == nil || !r.Pending || len(r.Partners) != 2 {
		t.Fatalf("retaliation %+v", comp.Retaliation)
	}
	if g := comp.Shocks.Tariff[ds.At(usa, chn, 0)]; g != ds.Tariffs[ds.At(usa, chn, 0)] {
		t.Errorf("pending retaliation moved CHN's tariff: %v", g)
	}
	sc.Retaliation.Rates = map[string]float64{"CHN": 0.17, "MEX": 0.08}
	if comp, err = Compile(sc, ds); err != nil {
		t.Fatal(err)
	}
	if comp.Retaliation.Pending {
		t.Error("still pending with rates")
	}
	for s := 0; s < ds.S(); s++ {
		if g := comp.Shocks.Tariff[ds.At(usa, chn, s)]; g != 0.17 {
			t.Errorf("CHN on USA, sector %d: %v", s, g)
		}
		if g := comp.Shocks.Tariff[ds.At(usa, mex, s)]; g != 0.08 {
			t.Errorf("MEX on USA, sector %d: %v", s, g)
		}
	}
}

// TestRetaliationNone: rule none changes nothing.
func TestRetaliationNone(t *testing.T) {
	ds := smallDataset()
	a := compileYAML(t, "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.3}\n", ds)
	b := compileYAML(t, "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.3}\nretaliation: {rule: none, countries: [CHN]}\n", ds)
	if b.Retaliation != nil {
		t.Errorf("retaliation %+v", b.Retaliation)
	}
	for k := range a.Shocks.Tariff {
		if a.Shocks.Tariff[k] != b.Shocks.Tariff[k] {
			t.Fatalf("tariff %d differs", k)
		}
	}
}

// TestRetaliationErrors: bad blocks name the file, line and key.
func TestRetaliationErrors(t *testing.T) {
	ds := smallDataset()
	for _, c := range []struct {
		name, src, field, msg string
		compile               bool
	}{
		{"missing rule", "retaliation: {countries: [CHN]}\n", "retaliation.rule", "missing key", false},
		{"bad rule", "retaliation: {rule: tit-for-tat}\n", "retaliation.rule", "tit-for-tat", false},
		{"unknown key", "retaliation: {rule: reciprocal, against: USA}\n", "retaliation.against", "against", false},
		{"with coalition", "coalition: {targets: [CHN], candidates: [MEX]}\nretaliation: {rule: reciprocal}\n", "retaliation", "coalition", false},
		{"nothing raised", "retaliation: {rule: reciprocal}\n", "retaliation", "nothing to retaliate against", true},
		{"two leaders", "shocks:\n  - tariff: {importer: [USA, CHN], exporter: DEU, add: 0.1}\nretaliation: {rule: reciprocal}\n", "retaliation", "USA, CHN", true},
		{"unknown leader", "shocks:\n  - tariff: {importer: USA, exporter: DEU, add: 0.1}\nretaliation: {rule: reciprocal, leader: XXX}\n", "retaliation.leader", "XXX", true},
		{"unknown partner", "shocks:\n  - tariff: {importer: USA, exporter: DEU, add: 0.1}\nretaliation: {rule: reciprocal, countries: [ZZZ]}\n", "retaliation.countries[0]", "ZZZ", true},
		{"only the leader", "shocks:\n  - tariff: {importer: USA, exporter: DEU, add: 0.1}\nretaliation: {rule: reciprocal, countries: [USA]}\n", "retaliation", "but the leader", true},
		{"leader raises nothing", "shocks:\n  - tariff: {importer: USA, exporter: DEU, add: 0.1}\nretaliation: {rule: reciprocal, leader: CHN}\n", "retaliation", "raises no tariff", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc, err := Parse([]byte(c.src), "case.yaml")
			if c.compile {
				if err != nil {
					t.Fatal(err)
				}
				_, err = Compile(sc, ds)
			}
			e := asInvalid(t, err)
			if e.File != "case.yaml" || e.Line == 0 || e.Field != c.field || !strings.Contains(e.Error(), c.msg) {
				t.Errorf("error %v (file %q line %d field %q), want field %q mentioning %q", e, e.File, e.Line, e.Field, c.field, c.msg)
			}
		})
	}
}

// TestRetaliationAggregate: an aggregate unit (icio-2022's ROW) answers
// reciprocally like its members, but cannot best-respond as one economy:
// under the optimal rule it keeps its tariffs, and a note says so.
func TestRetaliationAggregate(t *testing.T) {
	ds := smallDataset()
	ds.Members = map[string][]string{"JPN": {"KOR", "TWN"}}
	jpn := idx(t, ds, "JPN")
	const shocks = "shocks:\n  - tariff: {importer: USA, exporter: \"*\", add: 0.1}\n"
	for _, c := range []struct {
		rule, countries string
		withJPN         bool
	}{
		{"reciprocal", "", true},
		{"optimal", "", false},
		{"optimal", ", countries: \"*\"", false},
	} {
		comp := compileYAML(t, shocks+"retaliation: {rule: "+c.rule+c.countries+"}\n", ds)
		has := false
		for _, j := range comp.Retaliation.Partners {
			has = has || j == jpn
		}
		noted := strings.Contains(strings.Join(comp.Notes, "\n"), "JPN, an aggregate")
		if has != c.withJPN || noted == c.withJPN || len(comp.Retaliation.Partners) != 6-btoi(!c.withJPN) {
			t.Errorf("%s%s: partners %v (JPN %v), note %v", c.rule, c.countries, comp.Retaliation.Partners, has, noted)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
