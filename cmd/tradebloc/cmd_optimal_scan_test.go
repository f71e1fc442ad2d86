package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// optimalScanJSON is the part of optimal-tariff's JSON the scan fills in.
type optimalScanJSON struct {
	UniformRatePct         *float64       `json:"uniform_rate_pct"`
	WelfarePct             float64        `json:"welfare_pct"`
	WelfareScan            []scanPointDoc `json:"welfare_scan"`
	HigherWelfareElsewhere *scanPointDoc  `json:"higher_welfare_elsewhere"`
	NearMaximum            *scanPointDoc  `json:"near_maximum"`
	PurgedSinglePeaked     *bool          `json:"purged_single_peaked"`
	Notes                  []string       `json:"notes"`
}

// TestOptimalWelfareNotSinglePeaked: on world-2023 under fixed deficits
// the US's welfare has a second maximum at prohibitive rates, at the edge
// of the rates with an equilibrium (+2.165% at 307.02%, where Guinea's
// final spending would turn non-positive, against +0.576% at the local
// optimum 41.52%). The local search keeps 41.52%, and the scan after it
// reports the other in higher_welfare_elsewhere and a note, text and JSON;
// with imbalances purged welfare is single-peaked (26.16%) and there is
// no note. --additional on the US at 100%, whose search starts past the
// valley, finds the far maximum (207.02% added) and reports the near one
// (a cut of 58.48 pp: 41.52%, +0.576%).
func TestOptimalWelfareNotSinglePeaked(t *testing.T) {
	if testing.Short() {
		t.Skip("solves the embedded world")
	}
	purge := writeTemp(t, "purge.yaml", "name: purged\nmodel:\n  deficits: purge\nshocks: []\n")
	high := "name: us-high\ndescription: the US at 100%% on every partner\n%sshocks:\n  - tariff: {importer: USA, exporter: \"*\", rate: 1.0}\n"
	usHigh := writeTemp(t, "us-high.yaml", fmt.Sprintf(high, ""))
	usHighPurged := writeTemp(t, "us-high-purged.yaml", fmt.Sprintf(high, "model:\n  deficits: purge\n"))
	type point struct{ rate, welfare float64 } // percent; NaN rate = none
	none := point{math.NaN(), 0}
	for _, c := range []struct {
		name      string
		args      []string
		rate      string // the rate reported, as printed (%.2f)
		welfare   string // its welfare (%.3f)
		elsewhere point
		near      point
		scan      int      // points in the scan
		want      []string // in the note ("" none)
	}{
		{"fixed", []string{"USA"}, "41.52", "0.576", point{307.02, 2.165}, none, 9, []string{
			"welfare is not single-peaked in the rate: the optimum above, 41.52%, is a local maximum (+0.576%), but at 307.02% it is +2.165% (+4.08% without the valuation of its fixed deficit)",
			"a second maximum of the closure that keeps imbalances (deficits: fixed) at prohibitive rates",
			"the tariff taxes a transfer", "until the model has no equilibrium just above it (final spending of GIN would be non-positive)",
			"with imbalances purged (model.deficits: purge) the optimum is 26.16% and welfare is single-peaked in the rate",
			"no equilibrium at 500%, 1000%"}},
		{"purged", []string{"USA", purge}, "26.16", "0.424", none, none, 9, nil},
		{"additional, far", []string{"USA", usHigh, "--additional"}, "207.02", "2.165", none, point{-58.48, 0.576}, 13, []string{
			"welfare is not single-peaked in the rate, and the rate found, 207.02% added (+2.165%), is the far maximum: under the closure that keeps imbalances (deficits: fixed)",
			"The near maximum, across a valley, is a cut of 58.48 pp in the scenario's tariffs (to 41.52% on average), with welfare +0.576%",
			"cannot reach it; without --additional the rate replaces them"}},
		{"additional, purged", []string{"USA", usHighPurged, "--additional"}, "0.00", "-0.348", none, none, 13, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := runCLI(t, append(append([]string{"optimal-tariff"}, c.args...), "--format", "json", "--quiet")...)
			if err != nil {
				t.Fatal(err)
			}
			var d optimalScanJSON
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			// The local optimum is the result, unchanged by the scan.
			if r, w := fmt.Sprintf("%.2f", *d.UniformRatePct), fmt.Sprintf("%.3f", d.WelfarePct); r != c.rate || w != c.welfare {
				t.Errorf("optimum %s%% (%s%%), want %s%% (%s%%)", r, w, c.rate, c.welfare)
			}
			if len(d.WelfareScan) != c.scan {
				t.Errorf("%d points in the scan, want %d: %+v", len(d.WelfareScan), c.scan, d.WelfareScan)
			}
			for _, p := range d.WelfareScan {
				if (p.WelfarePct == nil) != (p.NoEquilibrium != "") {
					t.Errorf("scan point %+v: welfare and no_equilibrium disagree", p)
				}
			}
			check := func(what string, got *scanPointDoc, want point) {
				switch {
				case math.IsNaN(want.rate) && got != nil:
					t.Errorf("%s %+v, want none", what, *got)
				case math.IsNaN(want.rate):
				case got == nil || got.WelfarePct == nil:
					t.Errorf("%s missing, want %.2f%% (%+.3f%%)", what, want.rate, want.welfare)
				case math.Abs(got.RatePct-want.rate) > 0.01 || math.Abs(*got.WelfarePct-want.welfare) > 5e-4:
					t.Errorf("%s %.4f%% (%+.4f%%), want %.2f%% (%+.3f%%)", what, got.RatePct, *got.WelfarePct, want.rate, want.welfare)
				}
			}
			check("higher_welfare_elsewhere", d.HigherWelfareElsewhere, c.elsewhere)
			check("near_maximum", d.NearMaximum, c.near)
			if e := d.HigherWelfareElsewhere; e != nil && !strings.Contains(e.Edge, "final spending of GIN would be non-positive") {
				t.Errorf("the far maximum is not the edge of the equilibria: %q", e.Edge)
			}
			notes := strings.Join(d.Notes, "\n")
			if len(c.want) == 0 {
				if strings.Contains(notes, "single-peaked") {
					t.Errorf("a note on single-peakedness where welfare is single-peaked:\n%s", notes)
				}
				return
			}
			text, err := runCLI(t, append(append([]string{"optimal-tariff"}, c.args...), "--quiet")...)
			if err != nil {
				t.Fatal(err)
			}
			text = strings.Join(strings.Fields(text), " ") // the text wraps notes
			for _, w := range c.want {
				if !strings.Contains(notes, w) {
					t.Errorf("JSON notes lack %q:\n%s", w, notes)
				}
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q", w)
				}
			}
		})
	}
}
