package coalition

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func f64(x float64) *float64 { return &x }
func bptr(b bool) *bool      { return &b }

// handReport is a report built by hand (no model): three candidates, two of
// five stable coalitions listed, a lock-in, a threat that is not credible
// and one that no tariff up to 100 points makes work.
func handReport() *Report {
	stable := func(ms []string, usa, vs float64) StableDoc {
		return StableDoc{Members: ms, InternallyStable: true, ExternallyStable: true, GroupStable: true,
			WelfarePct: map[string]float64{"USA": usa, "CHN": -1.25}, LeaderObjective: usa, TargetsSurplusWithLeader: 120.5, TargetsWelfarePct: -1.25,
			LeakagePct: 10, LeaderWelfareVsNoBlocPP: vs, Lessons: &LessonsDoc{Unity: UnityDoc{United: true, MaxDefectionGainPct: -0.5}, IntegrationAfterPct: 40}}
	}
	return &Report{
		Scenario: "hand", Leader: "USA", Targets: []string{"CHN"}, Candidates: []string{"AAA", "BBB", "CCC"}, Objective: "welfare",
		Solves: 20, Seconds: 0.5, SolvesPerSecond: 40, MeanIterations: 7,
		Stable:      []StableDoc{stable([]string{"AAA", "BBB", "CCC"}, 0.25, -0.05), stable([]string{"AAA", "BBB"}, 0.2, -0.1)},
		StableCount: 5,
		AccessionPath: []StepDoc{{Candidate: "AAA", LeveragePct: 20, Joins: true, GainPct: 0.75}, {Candidate: "CCC", LeveragePct: 10, Joins: false, GainPct: -0.125},
			{Candidate: "BBB", LeveragePct: 5, Joins: true, GainPct: 0.5}},
		AccessionFinal: []string{"AAA", "BBB"}, LeadingSource: "best stable coalition by the leader's objective",
		Leading: &CoalitionDoc{Members: []string{"AAA", "BBB", "CCC"}, InternallyStable: true, ExternallyStable: true, GroupStable: true,
			WelfarePct: map[string]float64{"USA": 0.25, "CHN": -1.25, "AAA": 0.5, "BBB": 0.25, "CCC": -0.25},
			Targets: []TargetDoc{{Code: "CHN", WelfarePct: -1.25, SurplusWithLeaderBefore: 300, SurplusWithLeaderAfter: 120.5, BalanceBefore: 1300, BalanceAfter: 1290,
				BalanceGDPPctBefore: 7.5, BalanceGDPPctAfter: 7.75}},
			LeakagePct: 10, LeaderWelfareNoBlocPct: 0.3,
			Lessons: LessonsDoc{Unity: UnityDoc{United: true, MaxDefectionGainPct: -0.5, MostTempted: "CCC"}, LeveragePct: map[string]float64{"AAA": 20, "BBB": 5, "CCC": 10},
				IntegrationBeforePct: 30, IntegrationAfterPct: 40}},
		LeaderWelfareNoBlocPct: 0.3,
		LeaderBest:             &PayoffDoc{Members: []string{}, WelfarePct: map[string]float64{"USA": 0.3}},
		CandidatesStatus: []StatusDoc{
			{Code: "AAA", Member: true, Status: StatusJoins, JoinGainPct: 0.625, LeaveGainPct: f64(-1.5), JoinsOnAccessionPath: bptr(true), Reason: "gains +0.625% by joining the other members; joins on the accession path (step 1)"},
			{Code: "CCC", Member: true, Status: StatusLockedIn, JoinGainPct: -0.125, LeaveGainPct: f64(-0.375), JoinsOnAccessionPath: bptr(false), Reason: "joining the other members costs it 0.125%, but leaving would cost it 0.375% with the 10-point defector penalty"},
			{Code: "BBB", Member: true, Status: StatusJoins, JoinGainPct: 0.5, LeaveGainPct: f64(-0.75), JoinsOnAccessionPath: bptr(true), Reason: "gains +0.500% by joining the other members; joins on the accession path (step 3)"},
		},
		AccessionVsLeading: "The accession path ends at AAA+BBB, stable coalition #2 of 5; the leading coalition is AAA+BBB+CCC.",
		RequiredThreatPct:  map[string]*float64{"AAA": f64(11.85), "CCC": f64(0), "BBB": nil},
		RequiredThreats: []ThreatDoc{
			{Code: "AAA", ThreatPct: f64(11.85), LeaderCostPct: f64(0.2), LeaderGainPct: 0.1, CandidateGainUnthreatenedPct: -2.125, Credible: false},
			{Code: "CCC", ThreatPct: f64(0), LeaderCostPct: f64(0), LeaderGainPct: 0.05, CandidateGainUnthreatenedPct: 0.25, Credible: true},
			{Code: "BBB", LeaderGainPct: 0.01, CandidateGainUnthreatenedPct: -3, Credible: false},
		},
		Payoffs: []PayoffDoc{{Members: []string{}, WelfarePct: map[string]float64{"AAA": 0.1, "USA": 0.3}}},
	}
}

// TestReportGolden pins the rendering (text and CSV) of a hand-made report.
func TestReportGolden(t *testing.T) {
	rep := handReport()
	checkGolden(t, "report.golden.txt", func(b *bytes.Buffer) error { return rep.WriteText(b, report.Text) })
	checkGolden(t, "report.golden.csv", func(b *bytes.Buffer) error { return rep.WriteCSV(b, "") })
}

// checkGolden compares what write produces with testdata/file (rewritten
// first with -update).
func checkGolden(t *testing.T, file string, write func(*bytes.Buffer) error) {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs (run go test -update):\n%s", file, b.String())
	}
}

// readSections parses WriteCSV's output into named tables.
func readSections(t *testing.T, s string) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for _, part := range strings.Split(s, "\n\n") {
		name, body, ok := strings.Cut(part, "\n")
		if !ok || !strings.HasPrefix(name, "# table: ") {
			t.Fatalf("section without a name: %q", part)
		}
		r := csv.NewReader(strings.NewReader(body))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[strings.TrimPrefix(name, "# table: ")] = rows
	}
	return out
}

// TestReportNeverContradictsItself plays a small game and checks the report
// against itself: one count of stable coalitions, a status for every
// candidate that matches the leading coalition and the accession path, a
// reconciliation of the two, and the leader's welfare without a bloc.
func TestReportNeverContradictsItself(t *testing.T) {
	sc, ds := parse(t, fiveGame), mustDefault(t)
	rep, err := Analyze(context.Background(), sc, ds, Options{Payoffs: true})
	if err != nil {
		t.Fatal(err)
	}
	g, _ := newGame(sc, ds)
	en, _ := g.enumerate(context.Background(), executor.Local{Workers: 2}, true, nil)
	tab := g.table(en)
	all := tab.Stable(func(m Mask) float64 { return g.objective(en.recs[m]) })
	if rep.StableCount != len(all) || len(rep.Stable) != min(len(all), maxStableReported) {
		t.Errorf("stable_count %d with %d listed; the table has %d", rep.StableCount, len(rep.Stable), len(all))
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text, report.Text); err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`\d+ stable coalition`).FindAllString(text.String(), -1)); n != 1 {
		t.Errorf("%d statements of the number of stable coalitions, want one:\n%s", n, text.String())
	}
	inLeading := map[string]bool{}
	for _, m := range rep.Leading.Members {
		inLeading[m] = true
	}
	onPath := map[string]bool{}
	for _, s := range rep.AccessionPath {
		onPath[s.Candidate] = s.Joins
	}
	if len(rep.CandidatesStatus) != len(rep.Candidates) {
		t.Fatalf("%d statuses for %d candidates", len(rep.CandidatesStatus), len(rep.Candidates))
	}
	for _, s := range rep.CandidatesStatus {
		ok := (s.Member && (s.Status == StatusJoins || s.Status == StatusLockedIn)) || (!s.Member && s.Status == StatusStaysOut)
		if rep.StableCount == 0 { // the leading coalition is the path's end, which need not be stable
			ok = ok || s.Status == StatusWouldLeave || s.Status == StatusWouldJoin
		}
		if s.Member != inLeading[s.Code] || !ok || s.Reason == "" {
			t.Errorf("%s: member %v, status %q, reason %q; in the leading coalition: %v", s.Code, s.Member, s.Status, s.Reason, inLeading[s.Code])
		}
		if s.JoinsOnAccessionPath == nil || *s.JoinsOnAccessionPath != onPath[s.Code] {
			t.Errorf("%s: joins on the path %v, path says %v", s.Code, s.JoinsOnAccessionPath, onPath[s.Code])
		}
		if s.Status == StatusLockedIn && (s.JoinGainPct >= 0 || *s.LeaveGainPct > 0) {
			t.Errorf("%s locked in with join gain %g and leave gain %g", s.Code, s.JoinGainPct, *s.LeaveGainPct)
		}
	}
	if rep.AccessionVsLeading == "" || !strings.Contains(text.String(), rep.AccessionVsLeading) {
		t.Errorf("accession path and leading coalition not reconciled in the text: %q", rep.AccessionVsLeading)
	}
	if o := rep.AccessionOrderToLeading; o != nil {
		var order []int
		for _, name := range o {
			for p, pl := range g.players {
				if pl.Name == name {
					order = append(order, p)
				}
			}
		}
		if _, final := tab.Accession(order); joinNames(g.playerNames(final)) != joinNames(rep.Leading.Members) {
			t.Errorf("order %v ends at %v, not the leading coalition %v", o, g.playerNames(final), rep.Leading.Members)
		}
	}
	var noBloc float64
	for _, p := range rep.Payoffs {
		if len(p.Members) == 0 {
			noBloc = p.WelfarePct[rep.Leader]
		}
	}
	if rep.LeaderWelfareNoBlocPct != noBloc || rep.Leading.LeaderWelfareNoBlocPct != noBloc {
		t.Errorf("leader's welfare with no bloc %g / %g, payoff table %g", rep.LeaderWelfareNoBlocPct, rep.Leading.LeaderWelfareNoBlocPct, noBloc)
	}
	for _, s := range rep.Stable {
		if d := s.WelfarePct[rep.Leader] - noBloc - s.LeaderWelfareVsNoBlocPP; d*d > 1e-24 {
			t.Errorf("%v: vs no bloc %g, welfare %g", s.Members, s.LeaderWelfareVsNoBlocPP, s.WelfarePct[rep.Leader])
		}
	}
	for _, p := range rep.Payoffs {
		if p.WelfarePct[rep.Leader] > rep.LeaderBest.WelfarePct[rep.Leader] {
			t.Errorf("%v gives the leader %g, more than its 'best' %v", p.Members, p.WelfarePct[rep.Leader], rep.LeaderBest.Members)
		}
	}

	// CSV: every table of the text report has a section, with the same
	// rows, and numbers at full precision.
	var out bytes.Buffer
	if err := rep.WriteCSV(&out, ""); err != nil {
		t.Fatal(err)
	}
	secs := readSections(t, out.String())
	for _, s := range rep.Sections() {
		rows, ok := secs[s.Name]
		if !ok {
			t.Errorf("no CSV section %q", s.Name)
			continue
		}
		if s.Text != nil && s.Name != "lessons" && len(rows)-1 != len(s.Text.Rows) {
			t.Errorf("%s: %d CSV rows, %d in the text", s.Name, len(rows)-1, len(s.Text.Rows))
		}
		for _, row := range rows[1:] {
			for k, c := range row {
				if _, err := strconv.ParseFloat(c, 64); s.CSV.Numeric[k] && c != "" && err != nil {
					t.Errorf("%s: column %q holds %q, not a number", s.Name, rows[0][k], c)
				}
			}
		}
	}
	for k, row := range secs["accession"][1:] {
		if v, _ := strconv.ParseFloat(row[5], 64); v != rep.AccessionPath[k].GainPct {
			t.Errorf("accession CSV gain %s, report %v: not full precision", row[5], rep.AccessionPath[k].GainPct)
		}
	}
	for k, row := range secs["threats"][1:] {
		d := rep.RequiredThreats[k]
		if v, _ := strconv.ParseFloat(row[3], 64); row[0] != d.Code || v != d.LeaderGainPct {
			t.Errorf("threats CSV row %v, report %+v", row, d)
		}
	}
	// The payoffs section is a table `coalition stability` reads.
	var pay bytes.Buffer
	if err := rep.WriteCSV(&pay, "payoffs"); err != nil {
		t.Fatal(err)
	}
	if _, err := StabilityFromCSV(&pay, "payoffs.csv", rep.Leader); err != nil {
		t.Errorf("payoffs section does not read back: %v", err)
	}
	if err := rep.WriteCSV(&pay, "nope"); !errs.IsInvalid(err) || !strings.Contains(err.Error(), "threats") {
		t.Errorf("unknown table: %v", err)
	}
}

// TestNewReportFacts: the report names what the dataset's balances cover,
// lists the candidates largest first, and spells out the countries of a
// candidate that is a group (EU27) — not of one that is a country.
func TestNewReportFacts(t *testing.T) {
	y := strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "[CAN, EU27, KOR]", 1)
	g, err := newGame(parse(t, y), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	rep := g.newReport()
	if want := []string{"EU27", "CAN", "KOR"}; !slices.Equal(rep.Candidates, want) {
		t.Errorf("candidates %v, want %v", rep.Candidates, want)
	}
	if len(rep.CandidateMembers) != 1 || len(rep.CandidateMembers["EU27"]) != 27 || !slices.Contains(rep.CandidateMembers["EU27"], "DEU") {
		t.Errorf("candidate members %v, want EU27's 27 countries only", rep.CandidateMembers)
	}
	if rep.TradeCoverage != data.CoverageGoods || rep.balanceWord() != data.CoverageGoods {
		t.Errorf("world-2023 covers %q (%q)", rep.TradeCoverage, rep.balanceWord())
	}
	icio, _, err := data.Embedded("icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	if icio.Coverage == "" || icio.Coverage == data.CoverageGoods {
		t.Fatalf("icio-2022 coverage %q: the test needs goods and services", icio.Coverage)
	}
	gi, err := newGame(parse(t, smallGame), icio)
	if err != nil {
		t.Fatal(err)
	}
	if r := gi.newReport(); r.TradeCoverage != icio.Coverage || r.balanceWord() != icio.Coverage {
		t.Errorf("icio-2022's report covers %q (%q), want %q", r.TradeCoverage, r.balanceWord(), icio.Coverage)
	}
	if r := (&Report{}); r.balanceWord() != data.CoverageGoods {
		t.Errorf("a report without coverage says %q", r.balanceWord())
	}
	// Dollar figures after the game are in the numeraire's units, which
	// the report names from the scenario's model options.
	for _, c := range []struct{ numeraire, want string }{
		{"", "at constant world prices"},
		{", numeraire: world_gdp", "in units of world GDP"},
		{", numeraire: CHN", "in units of CHN's wage"},
	} {
		y := strings.Replace(smallGame, "trade_elasticity: 4}", "trade_elasticity: 4"+c.numeraire+"}", 1)
		if c.numeraire != "" && y == smallGame {
			t.Fatal("smallGame's model block has changed: no numeraire added")
		}
		g, err := newGame(parse(t, y), mustDefault(t))
		if err != nil {
			t.Fatal(err)
		}
		if u := g.newReport().unitsText(); !strings.HasPrefix(u, c.want) {
			t.Errorf("numeraire %q: units %q, want %q", c.numeraire, u, c.want)
		}
	}
}

// TestRateField: an exported rate keeps 12 significant digits, as a decimal
// up to 100% and in percent above.
func TestRateField(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0.1349 + 0.2, "rate: 0.3349"},
		{0.25, "rate: 0.25"},
		{1, "rate: 1"},
		{1.5, "rate_pct: 150"},
		{2.4650000000000003, "rate_pct: 246.5"},
	} {
		if got := rateField(tc.x); got != tc.want {
			t.Errorf("rateField(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

// TestGameReportGolden pins the report of a whole game — the routed game
// with China answering, the counter-bloc what-if and game, the bands, the
// conduits and every payoff — as text, Markdown and CSV. The timings are
// fixed first: they are the only figures that differ between runs.
func TestGameReportGolden(t *testing.T) {
	if raceEnabled {
		t.Skip("a full game; the ordinary run covers it")
	}
	rep, err := Analyze(context.Background(), parse(t, routedGame), mustDefault(t), Options{Counter: true, CounterBloc: "JPN+KOR", Payoffs: true, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	rep.Seconds, rep.SolvesPerSecond, rep.ComparisonSeconds = 2, float64(rep.Solves)/2, 1
	checkGolden(t, "game.golden.txt", func(b *bytes.Buffer) error { return rep.WriteText(b, report.Text) })
	checkGolden(t, "game.golden.md", func(b *bytes.Buffer) error { return rep.WriteText(b, report.Markdown) })
	checkGolden(t, "game.golden.csv", func(b *bytes.Buffer) error { return rep.WriteCSV(b, "") })
}

// TestBandsTextAndPayoffsSection: the bands' sentence gives the leading
// coalition's stable share as a percentage (here half the points) and the
// move that unsettles it where it is not stable, and a
// report without --payoffs has no payoffs table.
func TestBandsTextAndPayoffsSection(t *testing.T) {
	rep := handReport()
	rep.Bands = &report.Bands{Over: "θ ∈ {3, 5}", Coalitions: []report.CoalitionShare{{Members: rep.Leading.Members, StableShare: 0.5}}}
	if s := rep.bandsText(); !strings.Contains(s, "Uncertainty (θ ∈ {3, 5}): the leading coalition is stable at 50% of the points;") {
		t.Errorf("bands text %q", s)
	}
	// Where it is not stable, the move that unsettles it is named.
	rep.Bands.LeadingBreaks = []report.Break{{Point: report.Point{Theta: 3}, Player: "VNM", Move: "joins", GainPct: 0.5061},
		{Point: report.Point{Elasticities: "FGO"}, Player: "CHE", Move: "leaves", GainPct: 0.07}}
	if s := rep.bandsText(); !strings.Contains(s, "stable at 50% of the points (at θ = 3 VNM gains 0.506% by joining it; at elasticities FGO CHE gains 0.070% by leaving it);") {
		t.Errorf("bands text with a break %q", s)
	}
	hasPayoffs := func() bool {
		for _, s := range rep.Sections() {
			if s.Name == "payoffs" {
				return true
			}
		}
		return false
	}
	if !hasPayoffs() {
		t.Fatal("the hand report's payoffs are not listed")
	}
	rep.Payoffs = nil
	if hasPayoffs() {
		t.Error("a payoffs table without payoffs")
	}
}

// TestLargeBalanceFlag: a target's trade balance beyond ±15% of GDP gets a
// sentence that places it in the current account (from the dataset's IMF
// series, else its macro table), naming what the balance leaves out.
func TestLargeBalanceFlag(t *testing.T) {
	ca := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		name string
		doc  TargetDoc
		word string
		want string
	}{
		{"small", TargetDoc{Code: "HKG", BalanceGDPPctBefore: -14.99, CurrentAccountGDPPct2023: ca(8.4)}, data.CoverageGoods, ""},
		{"goods deficit", TargetDoc{Code: "MAC", BalanceGDPPctBefore: -32.94}, data.CoverageGoods,
			"MAC's goods balance of -32.9% of GDP leaves out services and income; the dataset has no current-account figure for it."},
		{"goods deficit with CA", TargetDoc{Code: "MAC", BalanceGDPPctBefore: -32.94, CurrentAccountGDPPct2023: ca(31.4)}, data.CoverageGoods,
			"MAC's goods balance of -32.9% of GDP leaves out services and income: its current account was +31.4% of GDP in 2023."},
		{"surplus, goods and services", TargetDoc{Code: "SGP", BalanceGDPPctBefore: 15, CurrentAccountGDPPct2023: ca(16.4)}, "goods and services",
			"SGP's goods and services balance of +15.0% of GDP leaves out primary and secondary income: its current account was +16.4% of GDP in 2023."},
	} {
		if got := c.doc.largeBalanceText(c.word); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}

	ds := &data.Dataset{
		CurrentAccount: []data.CAObservation{{Code: "MAC", Year: 2022, PctGDP: -20}, {Code: "MAC", Year: 2023, PctGDP: 31.4}},
		Macro:          map[string]data.Macro{"MAC": {CAPctGDP2023: 99}, "HKG": {CAPctGDP2023: 8.4}, "XXX": {CAPctGDP2023: math.NaN()}},
	}
	for code, want := range map[string]float64{"MAC": 31.4, "HKG": 8.4, "XXX": math.NaN(), "YYY": math.NaN()} {
		got := currentAccount2023(ds, code)
		if (got == nil) != math.IsNaN(want) || (got != nil && *got != want) {
			t.Errorf("%s: current account %v, want %v (the 2023 series value first, then the macro table)", code, got, want)
		}
	}
}

// TestLeaderTextExplainsTheCost: the leading coalition's cost to the leader
// is put down to relief only when no bloc is the leader's best membership;
// when some bloc beats none (icio-2022), the sentence says the cost is the
// stable bloc's make-up instead.
func TestLeaderTextExplainsTheCost(t *testing.T) {
	for _, tc := range []struct {
		name       string
		best       *PayoffDoc
		want, lack string
	}{
		{"no bloc is best", &PayoffDoc{Members: []string{}, WelfarePct: map[string]float64{"USA": -0.19}}, "the relief it grants members", "not in granting relief"},
		{"a bloc beats none", &PayoffDoc{Members: []string{"EU27", "JPN"}, WelfarePct: map[string]float64{"USA": -0.10}}, "EU27+JPN would give it more than no bloc", "the relief it grants members gives up"},
	} {
		r := &Report{Leader: "USA", LeaderWelfareNoBlocPct: -0.19, LeaderBest: tc.best}
		s := r.leaderText(-0.25)
		if !strings.Contains(s, tc.want) || strings.Contains(s, tc.lack) {
			t.Errorf("%s: %q\nwant %q, not %q", tc.name, s, tc.want, tc.lack)
		}
	}
}
