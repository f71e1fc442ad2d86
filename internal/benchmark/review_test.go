package benchmark

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
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
			// The notes beside it (Census's, on world-2023) are not this test's.
			inJSON := len(rep.Notes) > 0 && strings.Contains(rep.Notes[0], "by the tariff's doing")
			if has != tc.note || inJSON != tc.note {
				t.Fatalf("note in text %v, JSON notes %q; want %v", has, rep.Notes, tc.note)
			}
			if tc.note && !strings.Contains(rep.Notes[0], "bilateral part is met: CHN ") {
				t.Errorf("the note does not name China, whose surplus the tariff cuts: %s", rep.Notes[0])
			}
		})
	}
}

// TestPathsTextImplausible: a path flagged implausible shows n/a for its
// welfare and verdict in the text table, and the footnote says why, while
// the CSV keeps the model's figures (the contract, like the JSON).
func TestPathsTextImplausible(t *testing.T) {
	rep := &PathsReport{Partner: "SGP", Leader: "USA", PartnerName: "Singapore", BaseScenario: BaseScenario, PersistentSurplus: true,
		Paths: []Path{
			{Name: PathDemand, PartnerWelfarePct: 0.29, PartnerWelfareInclTransferPct: 3.12, Verdict: Verdict{AskedToAdjust: true, TestMet: true, MeetsBenchmark: true}},
			{Name: PathRevaluation, PartnerWelfarePct: 9.28, PartnerWelfareInclTransferPct: 98.48, LeaderWelfarePct: -0.06, LeaderWelfareInclTransferPct: -0.33,
				RealAppreciationPct: 10, Implausible: true, Verdict: Verdict{AskedToAdjust: true, TestMet: true, MeetsBenchmark: true}},
		}}
	write := func(f report.Format) string {
		var buf bytes.Buffer
		if err := rep.Write(&buf, f, 1); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	row := func(out, name string) string {
		for line := range strings.SplitSeq(out, "\n") {
			if strings.HasPrefix(line, name) {
				return line
			}
		}
		t.Fatalf("no %s row in\n%s", name, out)
		return ""
	}
	text := write(report.Text)
	rev := strings.Fields(row(text, PathRevaluation))
	// path, 4 balances, 4 welfare, appreciation, test, meets
	if len(rev) != 12 || !slices.Equal(rev[5:9], []string{"n/a", "n/a", "n/a", "n/a"}) || rev[9] != "10.00" || rev[10] != "n/a" || rev[11] != "n/a*" {
		t.Errorf("revaluation row %q: want n/a for welfare, test and verdict", rev)
	}
	if strings.Contains(text, "9.28") || strings.Contains(text, "98.48") {
		t.Errorf("the text prints the implausible welfare:\n%s", text)
	}
	if !strings.Contains(text, "the table shows n/a for them") {
		t.Errorf("the footnote does not say why n/a:\n%s", text)
	}
	if d := strings.Fields(row(text, PathDemand)); d[5] != "0.29" || d[11] != "yes" {
		t.Errorf("a plausible path lost its figures: %q", d)
	}
	csv := row(write(report.CSV), PathRevaluation)
	if !strings.Contains(csv, ",9.28,98.48,-0.06,-0.33,10.00,pass,yes") {
		t.Errorf("CSV revaluation row %q: want the model's figures", csv)
	}
	if md := row(write(report.Markdown), "| "+PathRevaluation); !strings.Contains(md, "| n/a | n/a | n/a | n/a | 10.00 | n/a | n/a* |") {
		t.Errorf("Markdown revaluation row %q", md)
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

// TestGroupPaths: the EU27 is priced as one partner (as nash, coalition and
// playbooks treat it), its balances its members' together and its surplus
// classified on the EU's own current account; a member's paths say that its
// tariffs are the EU's.
func TestGroupPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("solves dozens of equilibria")
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	eu := ds.Groups[data.CommonPolicyGroup]
	rep, err := Paths(ds, "eu27", DefaultPathOptions())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Partner != "EU27" || len(rep.Members) != len(eu) || len(eu) != 27 || rep.PartnerName != "European Union" {
		t.Fatalf("partner %q %q with %d members, want EU27 with %d", rep.Partner, rep.PartnerName, len(rep.Members), len(eu))
	}
	// The IMF's EU current account: ≥ 1% of GDP in 9 of 2016–2025 (0.7% in
	// 2022), a mean of 2.8%.
	// Its notes: how it is priced, then the VAT note of remove_export_subsidy.
	if !rep.PersistentSurplus || len(rep.Notes) != 2 || !strings.Contains(rep.Notes[0], "9 of 10 years") || !strings.Contains(rep.Notes[1], "VAT") {
		t.Errorf("persistent %v, notes %q", rep.PersistentSurplus, rep.Notes)
	}
	// The baseline balances are the members' together.
	b, err := engine.Baseline(ds)
	if err != nil {
		t.Fatal(err)
	}
	l, _ := ds.Index("USA")
	b0 := baselineBalance(ds, b, l)
	with, level, gdp := 0.0, 0.0, 0.0
	for _, code := range eu {
		j, _ := ds.Index(code)
		with, level, gdp = with+b0.With[j], level+b0.Level[j], gdp+b0.GDP[j]
	}
	if math.Abs(rep.BaselineBalanceWithLeader-with) > 1e-6*math.Abs(with) || math.Abs(rep.BaselineBalanceGDPPct-100*level/gdp) > 1e-9 {
		t.Errorf("baseline %v, %v%% of GDP; want the members' %v, %v%%", rep.BaselineBalanceWithLeader, rep.BaselineBalanceGDPPct, with, 100*level/gdp)
	}
	by := map[string]Path{}
	for _, p := range rep.Paths {
		by[p.Name] = p
	}
	// Every member's balance falls by 2% of its GDP, so the union's by 2%
	// of its GDP up to the weights' move.
	if d := by[PathDemand].BalanceGDPPctBefore - by[PathDemand].BalanceGDPPctAfter; math.Abs(d-2) > 0.05 {
		t.Errorf("domestic demand moves the union's balance by %v pp, want about 2", d)
	}
	if a := by[PathRevaluation].RealAppreciationPct; math.Abs(a-10) > 1e-4 {
		t.Errorf("revaluation found %v%%, want 10", a)
	}
	if z := by[PathZeroTariffs]; z.TestMet || !strings.Contains(z.Description, "common external tariff") {
		t.Errorf("zero tariffs: test %v, %q", z.TestMet, z.Description)
	}
	if _, err := Paths(ds, "EU27", PathOptions{Leader: "DEU", SubsidyPct: 10, DemandPctGDP: 2, RevaluePct: 10, CapitalPctGDP: 1, Test: DefaultTest(), Rule: DefaultRule()}); err == nil || !strings.Contains(err.Error(), "member of EU27") {
		t.Errorf("leader DEU, partner EU27: %v", err)
	}
	for _, tc := range []struct {
		partner string
		note    bool
	}{{"DEU", true}, {"CHN", false}} {
		rep, err := Paths(ds, tc.partner, DefaultPathOptions())
		if err != nil {
			t.Fatal(err)
		}
		has := len(rep.Notes) > 0 && strings.Contains(rep.Notes[0], "common commercial policy sets its tariffs") && strings.Contains(rep.Notes[0], "benchmark paths EU27")
		if has != tc.note || rep.Members != nil {
			t.Errorf("%s: EU note %v (%q), members %v", tc.partner, has, rep.Notes, rep.Members)
		}
	}
}

// TestClassifyGroup: the EU27 is classified on the IMF's EU series, not on
// its members'; a group without a series of its own has no data.
func TestClassifyGroup(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := ClassifyGroup(ds, data.CommonPolicyGroup, DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	if !e.PersistentSurplus || e.Evidence.YearsInSurplus != 9 || e.Evidence.YearsObserved != 10 || e.Evidence.MeanCAPctGDP == nil || math.Abs(*e.Evidence.MeanCAPctGDP-2.75) > 1e-9 {
		t.Errorf("EU27: %+v", e.Evidence)
	}
	if e, err := ClassifyGroup(ds, "ASEAN", DefaultRule()); err != nil || e.PersistentSurplus || e.Evidence.YearsObserved != 0 {
		t.Errorf("ASEAN: %v %+v", err, e)
	}
	if !strings.HasSuffix(e.Evidence.CASource, "BCA_NGDPD), EUU") {
		t.Errorf("EU27 on world-2023: source %q, want the dataset's own EUU series", e.Evidence.CASource)
	}
}

// TestClassifyGroupReference: icio-2022 carries the IMF current accounts
// of its 80 economies but not the union's: the EU27 is judged on
// world-2023's copy of the same series over the same window (9 of 10
// years, mean 2.75%: persistent), and its evidence says so. It read "no
// current-account data" there, so `benchmark paths EU27 --data icio-2022`
// and the simulator did not ask it to adjust.
func TestClassifyGroupReference(t *testing.T) {
	ds, _, err := data.Embedded(data.ICIOName)
	if err != nil {
		t.Fatal(err)
	}
	e, err := ClassifyGroup(ds, data.CommonPolicyGroup, DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	ev := e.Evidence
	if !e.PersistentSurplus || ev.YearsInSurplus != 9 || ev.YearsObserved != 10 || ev.MeanCAPctGDP == nil || math.Abs(*ev.MeanCAPctGDP-2.75) > 1e-9 {
		t.Errorf("EU27 on icio-2022: persistent %v, %+v", e.PersistentSurplus, ev)
	}
	if !strings.Contains(ev.CASource, "EUU, from world-2023's series (icio-2022 has none for EU27)") || !strings.HasSuffix(ev.Summary, "persistent surplus; world-2023's series (icio-2022 has none for EU27)") {
		t.Errorf("EU27 on icio-2022: source %q, summary %q, want world-2023's series named", ev.CASource, ev.Summary)
	}
}
