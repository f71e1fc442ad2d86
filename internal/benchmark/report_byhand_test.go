package benchmark

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func ptr(v float64) *float64 { return &v }

// handSurplus is a surplus report made up here: AAA, a persistent-surplus
// economy whose goods balance is not reconciled with the BoP and whose
// balance with the US in the data (240 bn in goods) is far from Census's
// 100 bn, the gap on the US imports side (300 vs 150); BBB, not persistent;
// CCC, persistent and flagged by the plausibility rule, without Census or
// latest-year figures. Levels are in USD mn (unit 1).
func handSurplus(dataset, coverage string) *SurplusReport {
	rule := DefaultRule()
	rule.FirstYear, rule.LastYear = 2016, 2025
	return &SurplusReport{Leader: "USA", Rule: rule, RuleText: rule.String(), Unit: "USD million", TradeCoverage: coverage, Dataset: dataset,
		Countries: []Economy{
			{Code: "AAA", Name: "Aland", PersistentSurplus: true, Evidence: Evidence{YearsInSurplus: 8, YearsObserved: 10, YearsRequired: 7,
				MeanCAPctGDP: ptr(2.5), MeanCAUSDbn: ptr(300), LatestCAYear: 2025, LatestCAPctGDP: ptr(3), LatestCAUSDbn: ptr(360),
				GoodsBalancePctGDP: ptr(4), BalanceWithLeader: ptr(250000), GoodsBalanceWithLeader: ptr(240000), CensusBalanceWithUS: ptr(100000),
				GoodsExportsToLeader: ptr(300000), GoodsImportsFromLeader: ptr(60000), CensusUSImports: ptr(150000), CensusUSExports: ptr(50000),
				BalanceNotReconciled: true}},
			{Code: "BBB", Name: "Bland", Evidence: Evidence{YearsInSurplus: 2, YearsObserved: 10, YearsRequired: 7, MeanCAPctGDP: ptr(-1),
				LatestCAYear: 2024, LatestCAPctGDP: ptr(-2), GoodsBalancePctGDP: ptr(-3), BalanceWithLeader: ptr(-5000), GoodsBalanceWithLeader: ptr(-5000),
				CensusBalanceWithUS: ptr(-4000)}},
			{Code: "CCC", Name: "Cland", PersistentSurplus: true, Evidence: Evidence{YearsInSurplus: 2, YearsObserved: 2, YearsRequired: 2, ShortSeries: true,
				MeanCAPctGDP: ptr(12), GoodsBalancePctGDP: ptr(75), DataQualityFlag: "beyond ±60% of GDP"}},
		}}
}

// TestSurplusReportByHand: the surplus table of a made-up report, cell by
// cell. The CSV keeps its columns in their old order with the ones added
// since at the end (scripts read it by position): latest CA after the data
// flag, the goods-only balance with the leader last on a dataset with
// services. The $bn columns are the dataset's levels times its unit over
// 1000. The text marks the unreconciled balance with † and lists only the
// persistent-surplus economies; its notes name them, the flagged economy,
// the Census gap with the side it is on, and the latest years.
func TestSurplusReportByHand(t *testing.T) {
	render := func(r *SurplusReport, f report.Format, all bool) string {
		var b strings.Builder
		if err := r.Write(&b, f, 1, all); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	goods := handSurplus(data.DefaultName, data.CoverageGoods)
	wantCSV := "code,name,persistent,CA years ≥ threshold,mean CA % GDP,mean CA $bn,goods bal % GDP,bal with USA $bn,Census bal with USA $bn,data flag,latest CA % GDP,latest CA $bn\n" +
		"AAA,Aland,yes,8/10 (need 7),2.5,300,4.0,250.0,100.0,,3.0,360\n" +
		"BBB,Bland,no,2/10 (need 7),-1.0,–,-3.0,-5.0,-4.0,,-2.0,–\n" +
		"CCC,Cland,yes,2/2 (need 2),12.0,–,75.0,–,–,yes,–,–\n"
	if got := render(goods, report.CSV, true); got != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, wantCSV)
	}
	services := handSurplus(data.ICIOName, data.CoverageServices)
	wantServices := "code,name,persistent,CA years ≥ threshold,mean CA % GDP,mean CA $bn,G&S bal % GDP,bal with USA $bn,Census bal with USA $bn,data flag,latest CA % GDP,latest CA $bn,goods bal with USA $bn\n" +
		"AAA,Aland,yes,8/10 (need 7),2.5,300,4.0,250.0,100.0,,3.0,360,240.0\n"
	if got := render(services, report.CSV, false); !strings.HasPrefix(got, wantServices) || strings.Contains(got, "BBB") {
		t.Errorf("CSV with services:\n%s\nwant it to start:\n%s", got, wantServices)
	}
	// Markdown aligns the figures right: the columns from "CA years" on,
	// but not the data flag.
	md := render(goods, report.Markdown, false)
	if !strings.Contains(md, "\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n") {
		t.Errorf("Markdown alignment:\n%s", md)
	}
	text := render(goods, report.Text, false)
	for _, want := range []string{
		"Persistent-surplus economies\n",
		"4.0†",
		"latest CA = the last year of the window in the series (2025)",
		"† Goods balance not reconciled with the balance of payments: world-2023 rescales the goods balances of the economies with a BoP figure to it (the dataset README, step 4); these have none in the World Bank extract it reads (WDI BN.GSR.MRCH.CD for 2023, 61 economies), though many publish one elsewhere, and keep their mirror-flow balance, not an official figure: AAA (4.0%).",
		"Data flag: goods balance beyond ±60% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: CCC (75%).",
		"Goods balance with USA far from Census (dataset vs Census 2024, $bn; gap ≥ $20 bn and ≥ 40%): AAA 240.0 vs 100.0 (US imports from it 300.0 vs 150.0).",
		"Goods balance (% of GDP) and bilateral balance: the trade matrix of world-2023",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "BBB") || !strings.HasPrefix(render(goods, report.Text, true), "Current-account surplus classification\n") {
		t.Errorf("the table without all lists BBB, or the full one has the wrong title:\n%s", text)
	}
	// All listed: both latest years; on icio-2022 the notes name its own
	// concepts and no README step.
	all := render(services, report.Text, true)
	for _, want := range []string{
		"latest CA = the last year of the window in the series (2024, 2025)",
		"Balance (% of GDP) and bal with USA: the trade matrix of icio-2022, goods and services",
		"keep their mirror-flow balance, not an official figure: AAA (4.0%).",
		"icio-2022 rescales the goods balances of the economies with a BoP figure to it; these",
		"Goods balance (services sector excluded) with USA far from Census",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("text with services lacks %q:\n%s", want, all)
		}
	}
}

// TestLatestYears: the latest years are listed in order, "none" without
// any. (The Census-gap note and its edges moved with the code to
// internal/report: TestCensusGapByHand.)
func TestLatestYears(t *testing.T) {
	for _, tc := range []struct {
		set  map[int]bool
		want string
	}{{nil, "none"}, {map[int]bool{2025: true}, "2025"}, {map[int]bool{2025: true, 2023: true, 2024: true}, "2023, 2024, 2025"}} {
		if got := yearList(tc.set); got != tc.want {
			t.Errorf("yearList(%v) = %q, want %q", tc.set, got, tc.want)
		}
	}
}

// handReport is a benchmark report made up here: AAA, a persistent-surplus
// economy with a goods deficit in the data (‡) and an unreconciled balance
// (†), which fails the multilateral rule; BBB, not asked to adjust,
// unreconciled too but not marked (only economies asked are), and flagged.
func handReport() *Report {
	rule := DefaultRule()
	rule.FirstYear, rule.LastYear = 2016, 2025
	test := DefaultTest()
	return &Report{Leader: "USA", Scenario: "hand", Unit: "USD million", SurplusRule: rule, Test: test, Rule: test.Measure, RuleText: test.String(),
		TradeCoverage: data.CoverageGoods, DataYear: 2023, Countries: []Country{
			{Code: "AAA", Name: "Aland", PersistentSurplus: true, BalanceWithLeaderBefore: 250000, BalanceWithLeaderAfter: 200000,
				BalanceGDPPctBefore: -1.234, BalanceGDPPctAfter: -1.5, MeanCAPctGDP: ptr(2.5), TradeDeficitDespiteCASurplus: true, BalanceNotReconciled: true,
				Verdict: Verdict{AskedToAdjust: true, MultilateralDropPP: 0.266, Reason: "fails: hand"}},
			{Code: "BBB", Name: "Bland", BalanceWithLeaderBefore: -5000, BalanceWithLeaderAfter: -4000, BalanceGDPPctBefore: 75.04, BalanceGDPPctAfter: 75,
				BalanceNotReconciled: true, DataQualityFlag: "beyond ±60% of GDP", Verdict: Verdict{MeetsBenchmark: true, Reason: "not asked to adjust: hand"}},
		}}
}

// TestReportByHand: the benchmark table of a made-up report, cell by cell,
// and its notes: ‡ and † mark the "before" balance in the text, not in the
// CSV (a cell keeps one value); the notes name the economies each mark is
// for, the flagged one, and say why a persistent-surplus economy with a
// goods deficit is judged all the same.
func TestReportByHand(t *testing.T) {
	render := func(r *Report, f report.Format) string {
		var b strings.Builder
		if err := r.Write(&b, f, 1); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	r := handReport()
	wantCSV := "code,name,persistent,bal with USA before $bn,after $bn,bal % GDP before,after,fall pp,meets,reason\n" +
		"AAA,Aland,yes,250.0,200.0,-1.23,-1.50,0.27,no,fails: hand\n" +
		"BBB,Bland,no,-5.0,-4.0,75.04,75.00,0.00,not asked,not asked to adjust: hand\n"
	if got := render(r, report.CSV); got != wantCSV {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, wantCSV)
	}
	text := render(r, report.Text)
	for _, want := range []string{
		"-1.23‡†", "75.04 ", "not asked",
		"‡ Persistent current-account surplus, goods deficit in the data: AAA (-1.23%; mean CA +2.5%). Their surplus is earned on services or income, which goods trade leaves out",
		"or their balance in 2023 differs from the decade's",
		"; but for them the multilateral rule asks a deeper goods deficit, not a trade surplus that closes (JSON trade_deficit_despite_ca_surplus).",
		"† Goods balance not reconciled with the balance of payments: the dataset has no BoP figure for these and keeps their mirror-flow balance, not the official one (JSON balance_not_reconciled, for every economy): AAA.",
		"Data flag: goods balance beyond ±60% of GDP, likely ship registrations, aid-financed imports or re-exports; results for these are unreliable: BBB (75.0%).",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "75.04†") || strings.Contains(text, noneMovesNote) {
		t.Errorf("BBB marked †, or the none-moves note with AAA's balance falling 0.27 pp:\n%s", text)
	}
	// The none-moves note: every fall rounds to 0.00 (below 0.005 pp), and
	// there is someone to judge; a scenario without shocks says that instead.
	for _, tc := range []struct {
		name             string
		drops            []float64
		noShocks         bool
		none, noShocksOK bool // want the none-moves note, the no-shocks note
	}{
		{"nothing moves", []float64{0, 0.0049, -0.0049}, false, true, false},
		{"a fall of 0.005 pp shows as 0.01", []float64{0, 0.005}, false, false, false},
		{"a rise of 0.005 pp", []float64{-0.005}, false, false, false},
		{"nobody to judge", nil, false, false, false},
		{"no shocks", []float64{0}, true, false, true},
	} {
		rep := handReport()
		rep.Countries, rep.NoShocks = nil, tc.noShocks
		for _, d := range tc.drops {
			rep.Countries = append(rep.Countries, Country{Code: "AAA", Verdict: Verdict{MultilateralDropPP: d}})
		}
		text := render(rep, report.Text)
		none, noShocks := strings.Contains(text, noneMovesNote), strings.Contains(text, "hand has no shocks, so every balance after is its baseline value")
		if none != tc.none || noShocks != tc.noShocksOK {
			t.Errorf("%s: none-moves note %v, no-shocks note %v; want %v, %v", tc.name, none, noShocks, tc.none, tc.noShocksOK)
		}
		// Nobody marked or flagged: none of those notes, not even empty.
		for _, n := range []string{"‡ Persistent", "† Goods balance", "Data flag:"} {
			if strings.Contains(text, n) {
				t.Errorf("%s: a %q note without anyone to name:\n%s", tc.name, n, text)
			}
		}
	}
	// The ‡ note by coverage, year and rule.
	for _, tc := range []struct {
		coverage string
		year     int
		m        Measure
		has      []string
		hasnt    string
	}{
		{data.CoverageServices, 2022, Multilateral, []string{"goods and services deficit in the data: X.", "income the model holds fixed (Japan's: primary income on foreign assets)", "in 2022 (the year of the energy-price shock)", "asks a deeper goods and services deficit"}, "services or income"},
		{data.CoverageGoods, 0, Bilateral, []string{"services or income", "their balance in the data's year differs"}, "but for them"},
	} {
		note := deficitNote(tc.coverage, tc.year, tc.m, "X")
		for _, h := range tc.has {
			if !strings.Contains(note, h) {
				t.Errorf("%s %d %s: %q lacks %q", tc.coverage, tc.year, tc.m, note, h)
			}
		}
		if strings.Contains(note, tc.hasnt) {
			t.Errorf("%s %d %s: %q has %q", tc.coverage, tc.year, tc.m, note, tc.hasnt)
		}
	}
}

// TestPathsReportNotes: a path's note adds the transfer to the partner when
// the move makes it spend more than it earns (beyond 0.005 pp of GDP, what
// rounds to 0.01), and Markdown lists the notes as bullets.
func TestPathsReportNotes(t *testing.T) {
	test := DefaultTest()
	r := &PathsReport{Partner: "AAA", Leader: "USA", PartnerName: "Aland", BaseScenario: "liberation-day", Before: "b", After: "a",
		Unit: "USD million", PersistentSurplus: true, Rule: test.Measure, RuleText: test.String(),
		Paths: []Path{
			{Name: PathZeroTariffs, Description: "cuts", PartnerTransferPctGDP: 0.004, Verdict: Verdict{Reason: "fails: z"}},
			{Name: PathDemand, Description: "spends", PartnerTransferPctGDP: 1.2, Verdict: Verdict{Reason: "meets: d"}},
		}}
	var text, md strings.Builder
	if err := r.Write(&text, report.Text, 1); err != nil {
		t.Fatal(err)
	}
	if err := r.Write(&md, report.Markdown, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\nzero_tariffs: cuts — fails: z.\n", "\ndomestic_demand: spends — meets: d; transfer to AAA 1.20% of GDP.\n"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if !strings.Contains(md.String(), "\n- zero_tariffs: cuts — fails: z.\n- domestic_demand: spends") || strings.Contains(text.String(), "- zero_tariffs") {
		t.Errorf("notes as bullets in Markdown only:\n%s\n%s", md.String(), text.String())
	}
}

// TestRuleCheckEdges: the surplus rule's settings at the edges of their
// ranges, each refusal naming its flag.
func TestRuleCheckEdges(t *testing.T) {
	with := func(f func(r *Rule)) Rule {
		r := DefaultRule()
		f(&r)
		return r
	}
	for _, tc := range []struct {
		name  string
		r     Rule
		field string // "" = accepted
	}{
		{"default", DefaultRule(), ""},
		{"one year, one of one", with(func(r *Rule) { r.Years, r.MinYears, r.MinObservations = 1, 1, 1 }), ""},
		{"100 years", with(func(r *Rule) { r.Years = 100 }), ""},
		{"no years", with(func(r *Rule) { r.Years = 0 }), "--years"},
		{"101 years", with(func(r *Rule) { r.Years = 101 }), "--years"},
		{"min years = years", with(func(r *Rule) { r.MinYears = 10 }), ""},
		{"min years 0", with(func(r *Rule) { r.MinYears = 0 }), "--min-years"},
		{"min years above years", with(func(r *Rule) { r.MinYears = 11 }), "--min-years"},
		{"min observations 0", with(func(r *Rule) { r.MinObservations = 0 }), "--min-observations"},
		{"threshold NaN", with(func(r *Rule) { r.ThresholdPct = math.NaN() }), "--threshold"},
		{"negative threshold", with(func(r *Rule) { r.ThresholdPct = -2 }), ""},
	} {
		err := tc.r.Check()
		var e *errs.Error
		if tc.field == "" && err != nil || tc.field != "" && (!errors.As(err, &e) || e.Field != tc.field || errs.ExitCode(err) != 2) {
			t.Errorf("%s: %v, want %q refused (\"\": accepted)", tc.name, err, tc.field)
		}
	}
	// The window is stated once Classify has filled it in.
	r := DefaultRule()
	if s := r.String(); strings.Contains(s, "(") {
		t.Errorf("rule without a window: %q", s)
	}
	r.FirstYear, r.LastYear = 2016, 2025
	if s := r.String(); !strings.Contains(s, "on average (2016–2025, actuals only); shorter series at the same share, from 2 observations") {
		t.Errorf("rule with its window: %q", s)
	}
	r.IncludeProjections = true
	if s := r.String(); !strings.Contains(s, "(2016–2025, incl. IMF projections)") {
		t.Errorf("rule with projections: %q", s)
	}
}
