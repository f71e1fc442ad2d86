package scenario

import (
	"math"
	"strings"
	"testing"
)

func TestInstrumentParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		line       int
		field, msg string
	}{
		{"unknown rebalance key", "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 0, counterpat: gdp}\n", 2, "shocks[0].rebalance.counterpat", `did you mean "counterpart"`},
		{"unknown subsidy key", "shocks:\n  - export_subsidy: {exporter: CHN, rat: 0.1}\n", 2, "shocks[0].export_subsidy.rat", "unknown key"},
		{"unknown capital key", "shocks:\n  - capital_flow_measure: {leader: USA, cut: 1}\n", 2, "shocks[0].capital_flow_measure.cut", "unknown key"},
		{"misspelt instrument", "shocks:\n  - rebalence: {country: CHN, target_pct_gdp: 0}\n", 2, "shocks[0].rebalence", `did you mean "rebalance"`},
		{"rebalance surplus of 100% of GDP", "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 100}\n", 2, "shocks[0].rebalance.target_pct_gdp", "non-positive"},
		{"rebalance target and change", "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 1, change_pct_gdp: 1}\n", 2, "shocks[0].rebalance.change_pct_gdp", "cannot be combined"},
		{"rebalance no country", "shocks:\n  - rebalance: {target_pct_gdp: 1}\n", 2, "shocks[0].rebalance.country", "missing key"},
		{"subsidy -100%", "shocks:\n  - export_subsidy: {exporter: CHN, rate: -1}\n", 2, "shocks[0].export_subsidy.rate", "> −1"},
		{"subsidy below -100%", "shocks:\n  - export_subsidy: {exporter: CHN, rate: -1.5}\n", 2, "shocks[0].export_subsidy.rate", "> −1"},
		{"remove -100%", "shocks:\n  - export_subsidy: {exporter: CHN, remove: -1}\n", 2, "shocks[0].export_subsidy.remove", "> −1"},
		{"subsidy rate as text", "shocks:\n  - export_subsidy: {exporter: CHN, rate: \"0.1\"}\n", 2, "shocks[0].export_subsidy.rate", "want a number"},
		{"capital no cut", "shocks:\n  - capital_flow_measure: {leader: USA}\n", 2, "shocks[0].capital_flow_measure.cut_pct_gdp", "missing key"},
		{"capital recyclers number", "shocks:\n  - capital_flow_measure: {leader: USA, cut_pct_gdp: 1, recyclers: 3}\n", 2, "shocks[0].capital_flow_measure.recyclers", "want surplus"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.yaml), "case.yaml")
			e := asInvalid(t, err)
			if e.File != "case.yaml" || e.Line != tc.line || e.Field != tc.field || !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("got %s:%d field %q: %v\nwant case.yaml:%d field %q containing %q", e.File, e.Line, e.Field, e, tc.line, tc.field, tc.msg)
			}
		})
	}
}

func TestInstrumentCompileErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		line       int
		field, msg string
	}{
		{"unknown rebalance country", "shocks:\n  - rebalance: {country: XXX, target_pct_gdp: 0}\n", 2, "shocks[0].rebalance.country", "unknown country"},
		// The small dataset is balanced, so a change of −100 pp is a surplus
		// of 100% of GDP: no expenditure left.
		{"change to a surplus of 100% of GDP", "shocks:\n  - rebalance: {country: CHN, change_pct_gdp: 100}\n", 2, "shocks[0].rebalance.change_pct_gdp", "non-positive"},
		{"counterpart only itself", "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 0, counterpart: [CHN]}\n", 2, "shocks[0].rebalance.counterpart", "names no country"},
		{"no recycler with a surplus", "shocks:\n  - capital_flow_measure: {leader: USA, cut_pct_gdp: 1}\n", 2, "shocks[0].capital_flow_measure.recyclers", "no recycler"},
		{"subsidy domestic only", "shocks:\n  - export_subsidy: {exporter: CHN, importer: CHN, rate: 0.1}\n", 2, "shocks[0].export_subsidy", "no pair"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse([]byte(tc.yaml), "case.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Compile(sc, smallDataset())
			e := asInvalid(t, err)
			if e.File != "case.yaml" || e.Line != tc.line || e.Field != tc.field || !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("got %s:%d field %q: %v\nwant case.yaml:%d field %q containing %q", e.File, e.Line, e.Field, e, tc.line, tc.field, tc.msg)
			}
		})
	}
}

func TestInstrumentCompile(t *testing.T) {
	ds := smallDataset()
	// Make CHN a surplus and USA a deficit economy: CHN sells USA 100 more.
	usa, chn, deu, mex := idx(t, ds, "USA"), idx(t, ds, "CHN"), idx(t, ds, "DEU"), idx(t, ds, "MEX")
	ds.Trade[ds.At(chn, usa, 0)] += 100
	c := compileYAML(t, `shocks:
  - rebalance: {country: CHN, target_pct_gdp: 2.5, counterpart: [DEU, MEX]}
  - export_subsidy: {exporter: CHN, importer: USA, rate: 0.1, sector: MAN}
  - export_subsidy: {exporter: CHN, remove: 0.1}
`, ds)
	sh := c.Shocks
	if got := sh.DeficitTarget[chn]; !near(got, -0.025) {
		t.Errorf("CHN target %v, want −0.025 (a 2.5%% surplus)", got)
	}
	for j, d := range sh.DeficitTarget {
		if j != chn && !math.IsNaN(d) {
			t.Errorf("country %d has target %v", j, d)
		}
	}
	for j, w := range sh.Absorb {
		if want := j == deu || j == mex; (w > 0) != want {
			t.Errorf("absorb weight of %s = %v", ds.Countries[j].Code, w)
		}
	}
	// Set 10% on CHN→USA MAN, then remove 10% everywhere: 1.1/1.1 − 1 = 0
	// there, 1/1.1 − 1 elsewhere; domestic sales untouched.
	if got := sh.Subsidy[ds.At(chn, usa, 1)]; !near(got, 0) {
		t.Errorf("CHN→USA MAN subsidy %v, want 0", got)
	}
	if got := sh.Subsidy[ds.At(chn, usa, 0)]; !near(got, 1/1.1-1) {
		t.Errorf("CHN→USA AGR subsidy %v, want %v", got, 1/1.1-1)
	}
	if got := sh.Subsidy[ds.At(chn, chn, 0)]; got != 0 {
		t.Errorf("domestic subsidy %v", got)
	}

	// Capital-flow measure: USA's deficit ratio falls by 1 pp from the
	// baseline; CHN, the only surplus economy, absorbs it all.
	c = compileYAML(t, "shocks:\n  - capital_flow_measure: {leader: USA, cut_pct_gdp: 1}\n", ds)
	var y, d float64
	for j := range ds.Countries {
		for s := range 2 {
			y += ds.Trade[ds.At(usa, j, s)]
		}
	}
	d = 100 // USA imports 100 more than it exports
	if got, want := c.Shocks.DeficitTarget[usa], d/y-0.01; !near(got, want) {
		t.Errorf("USA target %v, want %v", got, want)
	}
	for j, w := range c.Shocks.Absorb {
		if (w > 0) != (j == chn) {
			t.Errorf("recycler weight of %s = %v", ds.Countries[j].Code, w)
		}
	}
	// A change compounds on an earlier target.
	c = compileYAML(t, "shocks:\n  - rebalance: {country: CHN, target_pct_gdp: 3}\n  - rebalance: {country: CHN, change_pct_gdp: -1}\n", ds)
	if got := c.Shocks.DeficitTarget[chn]; !near(got, -0.02) {
		t.Errorf("CHN target after change %v, want −0.02", got)
	}
	if c.Shocks.Absorb != nil {
		t.Errorf("default counterparts set weights %v", c.Shocks.Absorb)
	}
}

func TestLocateSolveError(t *testing.T) {
	sc, err := Parse([]byte("shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1}\n  - rebalance: {country: CHN, target_pct_gdp: 50}\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	e := asInvalid(t, sc.LocateSolveError(Pos{}.errorf("expenditure of CHN would be non-positive")))
	if e.File != "s.yaml" || e.Line != 3 || e.Field != "shocks[1].rebalance" {
		t.Errorf("got %v", e)
	}
}
