package benchmark

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/report"
)

// TestTariffCutNote: under a rule with a bilateral part, a scenario that
// raises the leader's tariffs says that the bilateral cut is the tariff's
// doing and points to `paths`, naming the persistent-surplus economies whose
// bilateral part it meets; under the multilateral rule, or without a tariff
// rise of the leader, there is no such note.
func TestTariffCutNote(t *testing.T) {
	tariff := solveYAML(t, "name: t\nshocks:\n  - tariff: {importer: USA, exporter: CHN, add: 0.5}\n")
	demand := solveYAML(t, "name: d\nshocks:\n  - rebalance: {country: CHN, change_pct_gdp: -2}\n")
	// The leader's tariff falls: no cut to explain.
	relief := solveYAML(t, "name: r\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0}\n")
	for _, tc := range []struct {
		name string
		sv   Solved
		m    Measure
		note bool
	}{
		{"tariff, bilateral", tariff, Bilateral, true},
		{"tariff, both", tariff, Both, true},
		{"tariff, multilateral", tariff, Multilateral, false},
		{"demand, bilateral", demand, Bilateral, false},
		{"relief, bilateral", relief, Bilateral, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test := DefaultTest()
			test.Measure = tc.m
			rep, err := Evaluate(tc.sv, tc.name, "USA", DefaultRule(), test)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := rep.Write(&buf, report.Text, 1); err != nil {
				t.Fatal(err)
			}
			has := strings.Contains(buf.String(), "by the tariff's doing, not by a durable move") && strings.Contains(buf.String(), "`tradebloc benchmark paths CODE`")
			if has != tc.note || (len(rep.Notes) > 0) != tc.note {
				t.Fatalf("note in text %v, JSON notes %q; want %v", has, rep.Notes, tc.note)
			}
			if tc.note && !strings.Contains(rep.Notes[0], "bilateral part is met: CHN ") {
				t.Errorf("the note does not name China, whose surplus the tariff cuts: %s", rep.Notes[0])
			}
		})
	}
}

// TestBenchmarkTextNoNegativeZero: balances that round to zero print
// without a sign (Kiribati's −$0.0 bn with the US printed "-0.0 -0.0").
func TestBenchmarkTextNoNegativeZero(t *testing.T) {
	rep := &Report{Leader: "USA", Scenario: "s", Rule: Multilateral, Countries: []Country{{
		Code: "KIR", Name: "Kiribati", BalanceWithLeaderBefore: -1.2, BalanceWithLeaderAfter: -0.4,
		BalanceGDPPctBefore: -0.001, BalanceGDPPctAfter: -0.004, Verdict: Verdict{MultilateralDropPP: -0.003},
	}}}
	var buf bytes.Buffer
	if err := rep.Write(&buf, report.Text, 1); err != nil {
		t.Fatal(err)
	}
	for line := range strings.SplitSeq(buf.String(), "\n") {
		if strings.HasPrefix(line, "KIR") && (strings.Contains(line, "-0.0") || strings.Count(line, "0.00") != 3 || strings.Count(line, " 0.0 ") != 2) {
			t.Errorf("KIR row %q: want 0.0 and 0.00 without a sign", line)
		}
	}
}
