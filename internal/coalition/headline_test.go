package coalition

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// chnUnderCANMEX is China under CAN+MEX on world-2023 (the main job's
// leading coalition), as coalitionDoc reports it.
func chnUnderCANMEX() TargetDoc {
	return TargetDoc{Code: "CHN", WelfarePct: -0.5818, WelfareValuationPct: f64(-0.1872),
		SurplusWithLeaderBefore: 294.74, SurplusWithLeaderAfter: 111.59, BalanceBefore: 593.90, BalanceAfter: 591.24,
		BalanceGDPPctBefore: 3.3375, BalanceGDPPctAfter: 3.5198, GDPBeforeBn: 17794.78, GDPAfterBn: 16797.78,
		GoodsExportsToLeaderBefore: 440.21, GoodsExportsToLeaderAfter: 120.99, GoodsImportsFromLeaderBefore: 145.47, GoodsImportsFromLeaderAfter: 9.398}
}

// headlineOf is the headline of a report whose leading coalition has the
// targets ts.
func headlineOf(ts ...TargetDoc) string {
	r := &Report{Leader: "USA", Targets: []string{"CHN"}, Numeraire: scenario.NumeraireWorldPrice, TradeCoverage: data.CoverageGoods,
		Provenance: &report.Provenance{Dataset: data.DefaultName, Model: report.ModelDoc{TradeElasticity: map[string]float64{"ALL": 4}}},
		Leading:    &CoalitionDoc{Members: []string{"CAN", "MEX"}, WelfarePct: map[string]float64{"USA": -0.086}, Targets: ts}}
	return r.Headline()
}

// TestTargetValuationAsSolve: a target's real income in the headline
// carries the valuation of its fixed balance exactly when solve gives it
// for a headline economy (report.HeadlineValuation): China's −0.19 pp of
// −0.58%, a third of it, is given as solve gives it ("-0.39% without");
// an immaterial one is not.
func TestTargetValuationAsSolve(t *testing.T) {
	for _, v := range []*float64{f64(-0.1872), f64(0.83), f64(0.004), nil} {
		tg := chnUnderCANMEX()
		tg.WelfareValuationPct = v
		h := headlineOf(tg)
		solve := &report.SolveDoc{Leader: "USA", Countries: []report.CountryDoc{{Code: "USA"}, {Code: "CHN", WelfarePct: tg.WelfarePct, WelfareValuationPct: v}}}
		solveGives := strings.Contains(solve.WinnersValuationNote(5), "CHN -0.58% (of which")
		if got := strings.Contains(h, "its real income changes by -0.58% (of which"); got != solveGives {
			t.Errorf("valuation %v: the headline gives it %v, solve %v:\n%s", v, got, solveGives, h)
		}
	}
	if h := headlineOf(chnUnderCANMEX()); !strings.Contains(h, "its real income changes by -0.58% (of which -0.19 pp is the valuation of its balance kept fixed relative to world GDP; -0.39% without it).") {
		t.Errorf("China's headline:\n%s", h)
	}
}

// TestLeaderLevelsWithoutValuation: the leader's two levels, under the
// leading coalition and with no bloc, each come with the figure without the
// valuation of its fixed deficit (world-2023: −0.09% and +0.15%, +0.22% and
// +0.48% without), and the sentence says their gap is what survives the
// closure; without the valuation, or with an immaterial one, the sentence
// is the plain one.
func TestLeaderLevelsWithoutValuation(t *testing.T) {
	plain := "USA's real income changes by -0.09% under it, against +0.15% with no members (every candidate facing the threat): -0.24 pp."
	for _, c := range []struct {
		name    string
		ex, ex0 *float64
		want    []string
		notWant []string
	}{
		{"world-2023", f64(0.2231), f64(0.4818), []string{
			"USA's real income changes by -0.09% under it (+0.22% without the valuation of its deficit kept fixed relative to world GDP), against +0.15% with no members (+0.48% without it; every candidate facing the threat): -0.24 pp (-0.26 pp without it).",
			"the valuation is -0.31 pp of the level under it and -0.33 pp of the level with no members, and model.deficits: ratio has none; the gap between bloc and no bloc is what survives the closure."}, nil},
		{"no valuation", nil, nil, []string{plain}, []string{"without the valuation"}},
		{"immaterial", f64(-0.0889), f64(0.1457), []string{plain}, []string{"without the valuation"}},
	} {
		r := &Report{Leader: "USA", LeaderWelfareNoBlocPct: 0.1497, LeaderWelfareNoBlocExValuationPct: c.ex0,
			Leading: &CoalitionDoc{LeaderWelfareExValuationPct: c.ex}}
		s := r.leaderText(-0.0862)
		for _, w := range c.want {
			if !strings.Contains(s, w) {
				t.Errorf("%s: lacks %q:\n%s", c.name, w, s)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(s, w) {
				t.Errorf("%s: has %q:\n%s", c.name, w, s)
			}
		}
	}
}

// TestTargetHeadlineGoodsFirst: on a world with services the target's
// balance with the leader is headlined on goods, which the tariffs reach
// (icio-2022: China's $326 bn → $80 bn, −75%, as world-2023's $295 bn →
// $112 bn, −62%, is goods), the whole balance second, with why services
// move; on a goods world the sentence is as before.
func TestTargetHeadlineGoodsFirst(t *testing.T) {
	tg := TargetDoc{Code: "CHN", WelfarePct: -0.568, SurplusWithLeaderBefore: 309.67, SurplusWithLeaderAfter: 117.60,
		GoodsSurplusWithLeaderBefore: f64(325.58), GoodsSurplusWithLeaderAfter: f64(79.77),
		BalanceBefore: 554.82, BalanceAfter: 552.63, BalanceGDPPctBefore: 3.055, BalanceGDPPctAfter: 3.149, GDPBeforeBn: 18158, GDPAfterBn: 17551}
	r := &Report{Leader: "USA", TradeCoverage: data.CoverageServices, Numeraire: scenario.NumeraireWorldPrice}
	want := "Under it CHN's goods surplus with USA goes from $326 bn to $80 bn (-75%); goods and services together, from $310 bn to $118 bn (services, which no tariff reaches, move to keep the overall balance at its fixed level); its overall goods and services balance from +3.1% to +3.1% of GDP"
	if s := r.targetText(tg); !strings.HasPrefix(s, want) {
		t.Errorf("services world:\n%s\nwant prefix\n%s", s, want)
	}
	if s := headlineOf(chnUnderCANMEX()); !strings.Contains(s, "Under it CHN's surplus with USA goes from $295 bn to $112 bn (-62%); its overall goods balance from +3.3% to +3.5% of GDP") {
		t.Errorf("goods world:\n%s", s)
	}
}

// TestShareAgainstDollars: a share of GDP that moves against its dollars
// (China's goods surplus +3.3% → +3.5% of GDP as it falls $594 bn → $591
// bn) or without them is put down to the GDP in the numeraire's units; a
// share that moves with them is not.
func TestShareAgainstDollars(t *testing.T) {
	r := &Report{Leader: "USA", Numeraire: scenario.NumeraireWorldPrice}
	chn := chnUnderCANMEX()
	if s := r.shareText(chn); s != " — the share moves against the dollars because CHN's GDP falls 5.6% in world-price units (the model's numeraire)" {
		t.Errorf("against: %q", s)
	}
	hkg := TargetDoc{Code: "HKG", BalanceBefore: -16.12, BalanceAfter: -16.05, BalanceGDPPctBefore: -4.23, BalanceGDPPctAfter: -4.43, GDPBeforeBn: 380.8, GDPAfterBn: 361.8}
	if s := r.shareText(hkg); s != " — the share moves while the dollars stay put because HKG's GDP falls 5.0% in world-price units (the model's numeraire)" {
		t.Errorf("still: %q", s)
	}
	with := TargetDoc{Code: "XXX", BalanceBefore: 100, BalanceAfter: 80, BalanceGDPPctBefore: 5, BalanceGDPPctAfter: 4, GDPBeforeBn: 2000, GDPAfterBn: 2000}
	small := chn
	small.BalanceGDPPctAfter = small.BalanceGDPPctBefore + 0.01
	for _, tg := range []TargetDoc{with, small} {
		if s := r.shareText(tg); s != "" {
			t.Errorf("%s: %q", tg.Code, s)
		}
	}
	if h := headlineOf(chn); !strings.Contains(h, "($594 bn → $591 bn) — the share moves against the dollars because CHN's GDP falls 5.6% in world-price units (the model's numeraire); its real income") {
		t.Errorf("headline:\n%s", h)
	}
}

// TestHorizonAndTradeWithLeader: the headline says its figures are the
// long run, and gives the target's goods trade with the leader each way
// (world-2023: China's exports to the US −72.5%, the US's to China −93.5%);
// a target whose trade with the leader is under $1 bn each way (Macau) has
// no such line.
func TestHorizonAndTradeWithLeader(t *testing.T) {
	mac := TargetDoc{Code: "MAC", GoodsExportsToLeaderBefore: 0.107, GoodsExportsToLeaderAfter: 0.023, GoodsImportsFromLeaderBefore: 0.64, GoodsImportsFromLeaderAfter: 0.376}
	h := headlineOf(chnUnderCANMEX(), mac)
	for _, w := range []string{
		"Horizon: the long run. Every figure is the equilibrium once trade has fully adjusted to the new tariffs, at long-run trade elasticities, θ = 4.",
		"\nCHN's goods exports to USA fall 72.5% ($440.2 bn → $121.0 bn); USA's to CHN fall 93.5% ($145.5 bn → $9.4 bn).\n",
	} {
		if !strings.Contains(h, w) {
			t.Errorf("headline lacks %q:\n%s", w, h)
		}
	}
	if strings.Contains(h, "MAC's goods exports") {
		t.Errorf("a trade line for Macau:\n%s", h)
	}
}

// TestLeakageBases: the lessons' transshipment line says the goods are
// rerouted in the model (not that they "can escape"), on which base, and on
// both: 3.2% of the sales to the bloc after the shock ($5.1 bn of $160 bn)
// is 0.85% of the sales before it ($603 bn); the conduits' note too.
func TestLeakageBases(t *testing.T) {
	r := handReport()
	r.Leading.ReroutedToBlocBn, r.Leading.TargetsGoodsSalesToBlocBeforeBn, r.Leading.TargetsGoodsSalesToBlocAfterBn = 5.1365, 602.90, 159.93
	r.Leading.LeakagePct = 3.2117
	r.Leading.Conduits = []ConduitDoc{{Code: "KOR", Name: "South Korea", ValueBn: 4}, {Code: "JPN", Name: "Japan", ValueBn: 1.1365}}
	var b strings.Builder
	if err := r.WriteText(&b, report.Text); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, w := range []string{
		"3.2% of the targets' goods sales to the bloc after the shock is rerouted through third countries in the model ($5.1 bn of $160 bn); against their sales before it ($603 bn), 0.85%",
		"2 conduits, $5.1 bn in all (3.2% of the targets' goods sales to the bloc after the shock, 0.85% of those before it); all are shown.",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "can escape") {
		t.Errorf("the text says goods can escape:\n%s", out)
	}
}

// TestEveryTableCanBePicked: --table accepts every table a report can
// print (conduits and target_response were refused), and the conduits'
// CSV lists every conduit where the text shows the largest 15.
func TestEveryTableCanBePicked(t *testing.T) {
	r := handReport()
	for k := range 20 {
		r.Leading.Conduits = append(r.Leading.Conduits, ConduitDoc{Code: fmt.Sprintf("C%02d", k), ValueBn: float64(20 - k)})
	}
	r.TargetResponseComparison = &ResponseDoc{TargetResponse: "reciprocal"}
	r.Bands = &report.Bands{Over: "θ ∈ {3, 5}"}
	r.CounterBloc = &CounterDoc{Members: []string{"CHN", "JPN"}, CostPct: map[string]float64{"JPN": 0.1}}
	r.CounterGame = &CounterGameDoc{Assignments: 9}
	seen := map[string]bool{}
	for _, s := range r.Sections() {
		seen[s.Name] = true
		if err := CheckTableName(s.Name); err != nil {
			t.Errorf("table %s: %v", s.Name, err)
		}
		if s.Name == "conduits" {
			if len(s.CSV.Rows) != 20 || len(s.Text.Rows) != maxConduitsText {
				t.Errorf("conduits: %d CSV rows, %d text rows; want 20 and %d", len(s.CSV.Rows), len(s.Text.Rows), maxConduitsText)
			}
		}
	}
	for _, n := range TableNames {
		if !seen[n] {
			t.Errorf("TableNames lists %s, which no section of the full report has", n)
		}
	}
}

// TestSummaryNoneInCSV: the CSV summary writes an empty membership as the
// text does, "(none)", where an empty cell would read as missing.
func TestSummaryNoneInCSV(t *testing.T) {
	r := handReport()
	r.AccessionFinal = []string{}
	var b strings.Builder
	if err := r.WriteCSV(&b, "summary"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\nUSA's best membership,(none)\n", "\naccession path ends at,(none)\n"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, b.String())
		}
	}
}

// TestTargetCensusGap: a target whose baseline goods balance with the US is
// far from Census by `surplus --all`'s rule (Canada on world-2023: 114.6
// against 63.3) is named under the targets' sentences with surplus's
// words; China (294.7 against 295.4) is not.
func TestTargetCensusGap(t *testing.T) {
	y := strings.NewReplacer("targets: [CHN]", "targets: [CAN]", "candidates: [CAN, MEX, JPN, KOR]", "candidates: [MEX, JPN]").Replace(smallGame)
	g, err := newGame(parse(t, y), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 1}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.coalitionDoc(g.table(en), en, 0b01)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Targets) != 1 || d.Targets[0].CensusGap == nil || d.Targets[0].CensusGap.String() != "CAN 114.6 vs 63.3 (US exports to it 302.2 vs 349.4)" {
		t.Fatalf("CAN's gap to Census: %+v", d.Targets)
	}
	r := g.newReport()
	r.Leading = d
	if h := r.Headline(); !strings.Contains(h, "\nGoods balance with USA far from Census (dataset vs Census 2024, $bn; gap ≥ $20 bn and ≥ 40%): CAN 114.6 vs 63.3 (US exports to it 302.2 vs 349.4). The dataset's come from BACI 2023") {
		t.Errorf("headline without the Census note:\n%s", h)
	}
	if h := headlineOf(chnUnderCANMEX()); strings.Contains(h, "far from Census") {
		t.Errorf("a Census note for China:\n%s", h)
	}
}

// TestReroutedDollars: the leakage's dollars under CAN+MEX in the routed
// game: the goods rerouted to the bloc are part of what the conduits carry,
// the base before the shock is the targets' goods sales to the leader and
// the members in the data, and the base after it holds the rerouted goods.
func TestReroutedDollars(t *testing.T) {
	g, err := newGame(parse(t, routedGame), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 1}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := g.parseMembers("CAN+MEX")
	if err != nil {
		t.Fatal(err)
	}
	d, err := g.coalitionDoc(g.table(en), en, m)
	if err != nil {
		t.Fatal(err)
	}
	conduits := 0.0
	for _, c := range d.Conduits {
		conduits += c.ValueBn
	}
	before := 0.0
	for _, tg := range g.targets {
		for _, c := range g.blocCountries(m) {
			before += g.ds.GoodsFlow(nil, tg, c) * g.ds.UnitMillions() / 1000
		}
	}
	if d.ReroutedToBlocBn <= 0 || d.ReroutedToBlocBn > conduits+1e-9 || d.ReroutedToBlocBn > d.TargetsGoodsSalesToBlocAfterBn ||
		d.TargetsGoodsSalesToBlocAfterBn >= d.TargetsGoodsSalesToBlocBeforeBn || math.Abs(d.TargetsGoodsSalesToBlocBeforeBn-before) > 1e-9*before {
		t.Errorf("rerouted %g (conduits %g), goods sales to the bloc %g → %g (data %g)", d.ReroutedToBlocBn, conduits,
			d.TargetsGoodsSalesToBlocBeforeBn, d.TargetsGoodsSalesToBlocAfterBn, before)
	}
}

// TestNumeraireWords: the two sentences that name the numeraire read one
// table and say, word for word, what they said when each had its own.
func TestNumeraireWords(t *testing.T) {
	for _, tc := range []struct{ numeraire, units, text string }{
		{"", "the model's numeraire", ""},
		{scenario.NumeraireWorldPrice, "world-price units (the model's numeraire)", "at constant world prices (the model's numeraire: the world consumer price index is held at its level in the data)"},
		{scenario.NumeraireWorldGDP, "units of world GDP (the model's numeraire)", "in units of world GDP (the model's numeraire: world GDP is held at its level in the data)"},
		{scenario.NumeraireWorldWage, "units of the world wage (the model's numeraire)", "in units of the world wage (the model's numeraire: world wages are held at their level in the data)"},
		{"CHN", "units of CHN's wage (the model's numeraire)", "in units of CHN's wage (the model's numeraire)"},
	} {
		r := &Report{Numeraire: tc.numeraire}
		if got := r.numeraireUnits(); got != tc.units {
			t.Errorf("%q: numeraireUnits %q, want %q", tc.numeraire, got, tc.units)
		}
		if got := r.unitsText(); got != tc.text {
			t.Errorf("%q: unitsText %q, want %q", tc.numeraire, got, tc.text)
		}
	}
}

// TestTargetsSurplusColumnCoverage: the stable table's "targets' surplus"
// column sums the model's flows over every sector, so on a world with
// services its note says goods and services (icio-2022: 129 against 82 in
// goods), and on a goods world it says goods.
func TestTargetsSurplusColumnCoverage(t *testing.T) {
	for _, tc := range []struct {
		coverage, want, lack string
	}{
		{data.CoverageServices, "their goods and services (the services untaxed) by origin", "their goods by origin"},
		{data.CoverageGoods, "their goods by origin", "goods and services"},
	} {
		r := &Report{Leader: "USA", Targets: []string{"CHN"}, Objective: "welfare", TradeCoverage: tc.coverage,
			Stable: []StableDoc{{Members: []string{"CAN"}, LeakagePct: 2.5}}}
		notes := strings.Join(r.stableSection().Text.Notes, "\n")
		if !strings.Contains(notes, "Targets' surplus with USA: "+tc.want) || strings.Contains(notes, "Targets' surplus with USA: "+tc.lack) {
			t.Errorf("%s: notes %q, want %q", tc.coverage, notes, tc.want)
		}
	}
}
