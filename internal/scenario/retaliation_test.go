package scenario

import (
	"strings"
	"testing"
)

// TestRetaliationReciprocal checks the reciprocal rule on the small dataset
// against rates worked out by hand: each partner's tariff on the leader's
// goods, sector by sector, becomes the rate it faces; nothing else moves.
func TestRetaliationReciprocal(t *testing.T) {
	ds := smallDataset()
	N := ds.N()
	usa := idx(t, ds, "USA")
	const shocks = `shocks:
  - tariff: {importer: USA, exporter: CHN, rate: 0.30}
  - tariff: {importer: USA, exporter: MEX, add: 0.05, sector: MAN}
`
	// By hand from smallDataset (USA is country 0; the tariff of importer
	// j on exporter i in sector s is 0.01(i+1) + 0.001j + 0.0001s):
	// faced is the USA's tariff on the partner's goods after the shocks
	// (AGR, MAN), own the partner's baseline tariff on US goods. Every
	// partner here faces more than it levies, so a retaliating partner's
	// rate is the one it faces.
	faced := map[string][2]float64{
		"CHN": {0.30, 0.30}, // set to 0.30
		"DEU": {0.03, 0.0301},
		"FRA": {0.04, 0.0401},
		"MEX": {0.05, 0.1001}, // 0.0501 + 0.05 in MAN
		"CAN": {0.06, 0.0601},
		"JPN": {0.07, 0.0701},
	}
	own := map[string][2]float64{
		"CHN": {0.011, 0.0111},
		"DEU": {0.012, 0.0121},
		"FRA": {0.013, 0.0131},
		"MEX": {0.014, 0.0141},
		"CAN": {0.015, 0.0151},
		"JPN": {0.016, 0.0161},
	}
	for _, c := range []struct {
		name     string
		block    string
		partners []string
	}{
		{"default partners are those hit", "retaliation: {rule: reciprocal}", []string{"CHN", "MEX"}},
		{"leader given", "retaliation: {rule: reciprocal, leader: USA}", []string{"CHN", "MEX"}},
		{"listed partners", "retaliation: {rule: reciprocal, countries: [CHN]}", []string{"CHN"}},
		{"a group including the leader", "retaliation: {rule: reciprocal, countries: [USMCA]}", []string{"MEX", "CAN"}},
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
			var got []string
			for _, j := range r.Partners {
				got = append(got, ds.Countries[j].Code)
			}
			if strings.Join(got, " ") != strings.Join(c.partners, " ") {
				t.Errorf("partners %v, want %v (dataset order)", got, c.partners)
			}
			want := map[string]bool{}
			for _, code := range c.partners {
				want[code] = true
			}
			for j := 0; j < N; j++ {
				if j == usa {
					continue
				}
				code := ds.Countries[j].Code
				for s := 0; s < ds.S(); s++ {
					if g := comp.Shocks.Tariff[ds.At(j, usa, s)]; !near(g, faced[code][s]) {
						t.Errorf("USA's tariff on %s, sector %d: %v, want %v", code, s, g, faced[code][s])
					}
					w := own[code][s]
					if want[code] {
						w = faced[code][s]
					}
					if g := comp.Shocks.Tariff[ds.At(usa, j, s)]; !near(g, w) {
						t.Errorf("%s's tariff on USA in sector %d: %v, want %v", code, s, g, w)
					}
				}
			}
			// Third-country pairs are untouched: CHN's tariff on DEU's
			// agriculture is 0.01·3 + 0.001·1.
			chn, deu := idx(t, ds, "CHN"), idx(t, ds, "DEU")
			if g := comp.Shocks.Tariff[ds.At(deu, chn, 0)]; !near(g, 0.031) {
				t.Errorf("CHN's tariff on DEU moved: %v, want 0.031", g)
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

// TestBaselineCaveat: on a dataset whose US tariffs carry the record's
// duties the caveat gives China's trade-weighted tariff on US goods, over
// goods sectors only; on others, or with a leader other than the US, none.
func TestBaselineCaveat(t *testing.T) {
	ds := icioDataset()
	usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
	ds.Tariffs[ds.At(usa, chn, 2)] = 0.5 // SERV: must not count
	if n := BaselineCaveat(ds, usa); n != "" {
		t.Errorf("no us_record_in_baseline: %q", n)
	}
	ds.USRecordInBaseline = "2025-01-01"
	// Goods: C24A 2.0%, C29 2.1%, XYZ 2.3% on equal flows.
	if n := BaselineCaveat(ds, usa); !strings.Contains(n, "China's on US goods: 2.13%") {
		t.Errorf("caveat %q, want China's 2.13%%", n)
	}
	if n := BaselineCaveat(ds, chn); n != "" {
		t.Errorf("leader CHN: %q", n)
	}
}
