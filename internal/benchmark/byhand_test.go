package benchmark

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestUnitChangeByHand: a group's balances are its members' together. In
// this made-up world of four economies (levels in the dataset's unit) the
// group of economies 0 and 2 has a balance with the leader of 30 + 10 = 40
// before and 20 + 5 = 25 after, a multilateral balance of (50 − 10)/(400 +
// 100) = 8% of its GDP before and (30 − 15)/(420 + 90) after, and its GDP
// grows from 500 to 510 while the world's grows by 10%: relative to the
// world it is 510/500/1.1. A one-member unit is the country (Change).
func TestUnitChangeByHand(t *testing.T) {
	before := Balance{With: []float64{30, -60, 10, 20}, Level: []float64{50, -60, -10, 20}, GDP: []float64{400, 800, 100, 700}, World: 2000, UnitMillions: 1}
	after := Balance{With: []float64{20, -50, 5, 25}, Level: []float64{30, -40, -15, 25}, GDP: []float64{420, 900, 90, 790}, World: 2200, UnitMillions: 1}
	for _, b := range []*Balance{&before, &after} {
		b.PctGDP = make([]float64, 4)
		for j := range b.Level {
			b.PctGDP[j] = 100 * b.Level[j] / b.GDP[j]
		}
	}
	group := unit{code: "GRP", members: []int{0, 2}}
	got := group.change(before, after)
	want := Balances{BilateralBefore: 40, BilateralAfter: 25, PctGDPBefore: 100 * 40.0 / 500, PctGDPAfter: 100 * 15.0 / 510,
		WorldGDP: 1.1, RelativeGDP: 510.0 / 500 / 1.1, UnitMillions: 1}
	same := func(a, b Balances) bool {
		close := func(x, y float64) bool { return math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y)) }
		return close(a.BilateralBefore, b.BilateralBefore) && close(a.BilateralAfter, b.BilateralAfter) &&
			close(a.PctGDPBefore, b.PctGDPBefore) && close(a.PctGDPAfter, b.PctGDPAfter) &&
			close(a.WorldGDP, b.WorldGDP) && close(a.RelativeGDP, b.RelativeGDP) && a.UnitMillions == b.UnitMillions
	}
	if !same(got, want) {
		t.Errorf("group: %+v, want %+v", got, want)
	}
	// The group's fall relative to world GDP: 8 − 2.941·0.927 = 5.27 pp.
	if v := DefaultTest().Judge(got, true, "USA"); math.Abs(v.MultilateralDropPP-(8-100*15.0/510*510/500/1.1)) > 1e-12 {
		t.Errorf("group's fall %v pp", v.MultilateralDropPP)
	}
	one := unit{code: "C1", members: []int{1}}
	if got, want := one.change(before, after), Change(before, after, 1); !same(got, want) {
		t.Errorf("one member: %+v, want Change's %+v", got, want)
	}
	if w, p, g := group.sum(after); w != 25 || math.Abs(p-100*15.0/510) > 1e-12 || g != 510 {
		t.Errorf("group's sum after: %v, %v%%, GDP %v", w, p, g)
	}
}

// TestTariffCutNoteNames: the note names the persistent-surplus economies
// whose bilateral part is met, in the report's order, at most ten and then
// how many more; none named, it says only what the tariff does.
func TestTariffCutNoteNames(t *testing.T) {
	met := func(code string, cut float64) Country {
		c := cut
		return Country{Code: code, PersistentSurplus: true, Verdict: Verdict{BilateralPart: PartMet, BilateralCutPct: &c}}
	}
	others := []Country{
		{Code: "NOT", PersistentSurplus: false, Verdict: Verdict{BilateralPart: PartMet, BilateralCutPct: new(float64)}},
		{Code: "FLD", PersistentSurplus: true, Verdict: Verdict{BilateralPart: PartFailed, BilateralCutPct: new(float64)}},
		{Code: "NON", PersistentSurplus: true, Verdict: Verdict{BilateralPart: PartNoSurplus}},
	}
	many := func(n int) []Country {
		var cs []Country
		for k := range n {
			cs = append(cs, met(fmt.Sprintf("C%02d", k), 10+float64(k)/4))
		}
		return append(cs, others...)
	}
	for _, tc := range []struct {
		name       string
		cs         []Country
		has, lacks string
	}{
		{"none met", others, "surplus with USA that shrinks here shrinks by the tariff's doing", "persistent-surplus economies whose"},
		{"one", append([]Country{met("CHN", 81.74)}, others...), "USA that shrinks here (persistent-surplus economies whose bilateral part is met: CHN 81.7%) shrinks", "NOT"},
		{"ten, all named", many(10), "met: C00 10.0%, C01 10.2%, C02 10.5%, C03 10.8%, C04 11.0%, C05 11.2%, C06 11.5%, C07 11.8%, C08 12.0%, C09 12.2%) shrinks", "more"},
		{"twelve: ten and 2 more", many(12), "C08 12.0%, C09 12.2%, and 2 more) shrinks", "C10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			note := tariffCutNote("USA", tc.cs)
			if !strings.Contains(note, tc.has) || strings.Contains(note, tc.lacks) || !strings.HasPrefix(note, "Bilateral part under tariffs: USA raises tariffs") {
				t.Errorf("note %q: want %q, not %q", note, tc.has, tc.lacks)
			}
		})
	}
}

// TestCheckScenarioLocatesFile: a purge scenario is bad input at its
// deficits key, or at the scenario's file when the key has no position (a
// scenario built in code); any other closure passes.
func TestCheckScenarioLocatesFile(t *testing.T) {
	for _, tc := range []struct {
		name string
		sc   scenario.Scenario
		file string // "" = accepted
		line int
	}{
		{"no position: the scenario's file", scenario.Scenario{File: "built.yaml", Model: scenario.ModelSpec{Deficits: model.Purge}}, "built.yaml", 0},
		{"the key's position", scenario.Scenario{File: "built.yaml", Model: scenario.ModelSpec{Deficits: model.Purge, DeficitsPos: scenario.Pos{File: "inc.yaml", Line: 7}}}, "inc.yaml", 7},
		{"fixed deficits", scenario.Scenario{File: "built.yaml"}, "", 0},
	} {
		err := CheckScenario(&tc.sc)
		var e *errs.Error
		switch {
		case tc.file == "" && err != nil:
			t.Errorf("%s: refused: %v", tc.name, err)
		case tc.file != "" && (!errors.As(err, &e) || e.File != tc.file || e.Line != tc.line || e.Field != "model.deficits" || errs.ExitCode(err) != 2):
			t.Errorf("%s: %v, want exit 2 at %s:%d naming model.deficits", tc.name, err, tc.file, tc.line)
		}
	}
}

// TestEvaluateCountryFigures: each partner's figures in the benchmark
// report are the equilibrium's, by their definitions: welfare with and
// without the transfer a deficit target imposes (Germany's balance cut by
// 2% of GDP is spending financed by lower saving, so the two differ), and
// the real appreciation against the leader at market wages ŵ·(Y′ − O′)/Y′,
// where China's 10% export subsidy makes the market wage differ from the
// wage. The partners run persistent-surplus economies first, each group by
// its surplus with the leader before, largest first.
func TestEvaluateCountryFigures(t *testing.T) {
	sv := solveYAML(t, "name: figures\nshocks:\n  - export_subsidy: {exporter: CHN, rate: 0.1}\n  - rebalance: {country: DEU, change_pct_gdp: -2}\n  - tariff: {importer: USA, exporter: CHN, add: 0.2}\n")
	rep, err := Evaluate(sv, "figures", "USA", DefaultRule(), DefaultTest())
	if err != nil {
		t.Fatal(err)
	}
	l, _ := sv.Data.Index("USA")
	market := func(c model.CountryResult) float64 { return c.Wage * (c.GDPAfter - c.SubsidyOutlay) / c.GDPAfter }
	wl := market(sv.Result.Countries[l])
	seen := map[string]bool{}
	for k, c := range rep.Countries {
		j, _ := sv.Data.Index(c.Code)
		r := sv.Result.Countries[j]
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"welfare", c.WelfarePct, 100 * (r.Welfare - 1)},
			{"welfare ex transfer", c.WelfareExTransferPct, 100 * (r.WelfareExTransfer - 1)},
			{"real appreciation", c.RealAppreciationPct, 100 * (market(r)/wl - 1)},
		} {
			if math.Abs(f.got-f.want) > 1e-9 {
				t.Errorf("%s %s: %v, want %v", c.Code, f.name, f.got, f.want)
			}
		}
		if k > 0 {
			p := rep.Countries[k-1]
			if p.PersistentSurplus == c.PersistentSurplus && p.BalanceWithLeaderBefore < c.BalanceWithLeaderBefore || !p.PersistentSurplus && c.PersistentSurplus {
				t.Errorf("%s (persistent %v, %.1f) listed after %s (persistent %v, %.1f)", c.Code, c.PersistentSurplus, c.BalanceWithLeaderBefore, p.Code, p.PersistentSurplus, p.BalanceWithLeaderBefore)
			}
		}
		seen[c.Code] = true
		switch c.Code {
		case "DEU":
			if !(math.Abs(c.WelfarePct-c.WelfareExTransferPct) > 0.1) {
				t.Errorf("DEU: welfare %v and %v ex transfer; want the transfer to count", c.WelfarePct, c.WelfareExTransferPct)
			}
		case "CHN":
			if plain := 100 * (r.Wage/sv.Result.Countries[l].Wage - 1); !(math.Abs(c.RealAppreciationPct-plain) > 0.1) {
				t.Errorf("CHN: real appreciation %v, the same as at producer wages %v", c.RealAppreciationPct, plain)
			}
		}
	}
	if !seen["CHN"] || !seen["DEU"] || seen["USA"] {
		t.Errorf("partners %v: want CHN and DEU, not the leader", seen)
	}
}

// TestPathsGroupMissing: on a dataset that has no EU27 group, "EU27" is an
// unknown partner, refused with the message every command gives
// (data.Dataset.CheckCountry), not priced as an empty group.
func TestPathsGroupMissing(t *testing.T) {
	world, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	ds := *world
	ds.Groups = nil
	_, err = Paths(&ds, "EU27", DefaultPathOptions())
	_, cerr := ds.CheckCountry("EU27")
	var e *errs.Error
	if !errors.As(err, &e) || errs.ExitCode(err) != 2 || e.Field != "PARTNER" || cerr == nil || e.Err.Error() != cerr.Error() {
		t.Errorf("err = %v, want exit 2 naming PARTNER with CheckCountry's %v", err, cerr)
	}
}

// TestPathFillByHand: a path's outcome for a group of two members (0 and
// 1; baseline GDP 100 and 300) and for member 1 alone, against leader 2, on
// made-up equilibria. Welfare and the real appreciation are the members'
// means weighted by baseline GDP, welfare both net of and including the
// transfer; the transfer's change is the members' transfers summed over
// their GDP summed (11/414 after, 3/400 before); the appreciation uses
// market wages, member 1's net of its 1% export-subsidy outlay.
func TestPathFillByHand(t *testing.T) {
	cr := func(welfare, ex, transfer, gdp, wage, outlay float64) model.CountryResult {
		return model.CountryResult{Welfare: welfare, WelfareExTransfer: ex, Transfer: transfer, GDPAfter: gdp, Wage: wage, SubsidyOutlay: outlay}
	}
	base := &model.Baseline{GDP: []float64{100, 300, 600}}
	s0 := Solved{Base: base, Result: &model.Result{Countries: []model.CountryResult{
		cr(1, 1, 0, 100, 1, 0), cr(1.02, 1.01, 3, 300, 1, 0), cr(0.99, 0.99, 0, 600, 1, 0)}}}
	sv := Solved{Base: base, Result: &model.Result{Countries: []model.CountryResult{
		cr(1.03, 1.01, 2, 104, 1.04, 0), cr(1.05, 1.00, 9, 310, 1.02, 3.1), cr(1.00, 0.98, 0, 594, 0.99, 0)}}}
	before := Balance{With: []float64{10, 20, -30}, Level: []float64{5, 25, -30}, PctGDP: []float64{5, 25.0 / 3, -5}, GDP: []float64{100, 300, 600}, World: 1000, UnitMillions: 1}
	after := Balance{With: []float64{8, 12, -20}, Level: []float64{4, 16, -20}, PctGDP: []float64{4 / 1.04, 16 / 3.1, -20 / 5.94}, GDP: []float64{104, 310, 594}, World: 1008, UnitMillions: 1}
	mw1 := 1.02 * (310 - 3.1) / 310
	for _, tc := range []struct {
		name                    string
		u                       unit
		welfare, incl, transfer float64
		appreciation            float64
	}{
		{"group", unit{code: "GRP", members: []int{0, 1}},
			(100*100*(1.01-1) + 300*100*(1.00/1.01-1)) / 400, (100*100*(1.03-1) + 300*100*(1.05/1.02-1)) / 400,
			100 * (11.0/414 - 3.0/400), 100 * ((100*1.04+300*mw1)/400/0.99 - 1)},
		{"member 1 alone", unit{code: "M1", members: []int{1}},
			100 * (1.00/1.01 - 1), 100 * (1.05/1.02 - 1), 100 * (9.0/310 - 3.0/300), 100 * (mw1/0.99 - 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p Path
			p.fill(s0, sv, before, after, tc.u, 2, DefaultTest(), true, "USA")
			for _, f := range []struct {
				name      string
				got, want float64
			}{
				{"partner welfare", p.PartnerWelfarePct, tc.welfare},
				{"partner welfare incl. transfer", p.PartnerWelfareInclTransferPct, tc.incl},
				{"leader welfare", p.LeaderWelfarePct, 100 * (0.98/0.99 - 1)},
				{"leader welfare incl. transfer", p.LeaderWelfareInclTransferPct, 100 * (1/0.99 - 1)},
				{"transfer", p.PartnerTransferPctGDP, tc.transfer},
				{"real appreciation", p.RealAppreciationPct, tc.appreciation},
				{"leader balance before", p.LeaderBalanceGDPPctBefore, -5},
				{"leader balance after", p.LeaderBalanceGDPPctAfter, -20 / 5.94},
			} {
				if math.Abs(f.got-f.want) > 1e-12 {
					t.Errorf("%s: %v, want %v", f.name, f.got, f.want)
				}
			}
			ch := tc.u.change(before, after)
			if p.BalanceWithLeaderBefore != ch.BilateralBefore || p.BalanceWithLeaderAfter != ch.BilateralAfter ||
				p.BalanceGDPPctBefore != ch.PctGDPBefore || p.BalanceGDPPctAfter != ch.PctGDPAfter || p.Reason != DefaultTest().Judge(ch, true, "USA").Reason {
				t.Errorf("balances or verdict not the unit's: %+v", p)
			}
		})
	}
}

// TestPathOptionsCheck: each path size is refused outside its range, at
// its edge accepted, with the flag at fault named; the benchmark's test and
// the surplus rule are checked too, each naming its own flag.
func TestPathOptionsCheck(t *testing.T) {
	with := func(f func(o *PathOptions)) PathOptions {
		o := DefaultPathOptions()
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name  string
		o     PathOptions
		field string // "" = accepted
	}{
		{"defaults", DefaultPathOptions(), ""},
		{"subsidy −99%", with(func(o *PathOptions) { o.SubsidyPct = -99 }), ""},
		{"subsidy −100%: prices at zero", with(func(o *PathOptions) { o.SubsidyPct = -100 }), "--subsidy"},
		{"subsidy NaN", with(func(o *PathOptions) { o.SubsidyPct = math.NaN() }), "--subsidy"},
		{"demand 50% of GDP", with(func(o *PathOptions) { o.DemandPctGDP = -50 }), ""},
		{"demand 50.5% of GDP", with(func(o *PathOptions) { o.DemandPctGDP = 50.5 }), "--demand"},
		{"revalue −100%", with(func(o *PathOptions) { o.RevaluePct = -100 }), ""},
		{"revalue 101%", with(func(o *PathOptions) { o.RevaluePct = 101 }), "--revalue"},
		{"revalue infinite", with(func(o *PathOptions) { o.RevaluePct = math.Inf(-1) }), "--revalue"},
		{"capital 50% of GDP", with(func(o *PathOptions) { o.CapitalPctGDP = 50 }), ""},
		{"capital −51% of GDP", with(func(o *PathOptions) { o.CapitalPctGDP = -51 }), "--capital"},
		{"bilateral cut negative", with(func(o *PathOptions) { o.Test.BilateralCutPct = -1 }), "--bilateral-cut"},
		{"rule over no years", with(func(o *PathOptions) { o.Rule.Years = 0 }), "--years"},
	} {
		err := tc.o.check()
		var e *errs.Error
		if tc.field == "" && err != nil || tc.field != "" && (!errors.As(err, &e) || e.Field != tc.field || errs.ExitCode(err) != 2) {
			t.Errorf("%s: %v, want %q refused (\"\": accepted)", tc.name, err, tc.field)
		}
	}
}

// TestRevalueDepreciation: a real depreciation (a negative --revalue) is
// found as a rise of the partner's balance, bracketed from −1% of GDP
// downwards: China's 2% real depreciation against the US under Liberation
// Day, its wage relative to the US's 2% lower to 10⁻⁶ pp, takes a balance
// 1.685% of GDP higher (the rebalance pins the balance, and China has no
// subsidy in force, so the report's % of GDP moves by exactly that).
func TestRevalueDepreciation(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	base, err := scenario.Resolve(BaseScenario)
	if err != nil {
		t.Fatal(err)
	}
	if base, err = engine.Freeze(base, ds); err != nil {
		t.Fatal(err)
	}
	b, err := engine.Baseline(ds)
	if err != nil {
		t.Fatal(err)
	}
	s := &solver{ds: ds, b: b, base: base}
	s0, err := s.solve()
	if err != nil {
		t.Fatal(err)
	}
	s.warm = s0.Result
	l, _ := ds.Index("USA")
	p, _ := ds.Index("CHN")
	u := unit{code: "CHN", members: []int{p}}
	before := BalanceOf(s0, l)
	rebalance := func(change float64) []scenario.Shock {
		return []scenario.Shock{{Kind: scenario.KindRebalance, Rebalance: &scenario.RebalanceShock{
			Country: scenario.Ref{Name: "CHN"}, Value: before.PctGDP[p] - change}}}
	}
	size, sv, err := s.revalue(s0, u, l, -2, rebalance)
	if err != nil {
		t.Fatal(err)
	}
	if a := appreciation(s0.Result, sv.Result, u, b.GDP, l); math.Abs(a+2) > 1e-6 {
		t.Errorf("real appreciation %v%%, want −2", a)
	}
	if rise := BalanceOf(sv, l).PctGDP[p] - before.PctGDP[p]; math.Abs(size+1.685) > 0.01 || math.Abs(rise+size) > 1e-6 {
		t.Errorf("found as a balance cut of %v%% of GDP (the balance moved %+v pp); want a rise of 1.685%%", size, rise)
	}
}

// TestClassifyGroupYears: the EU27's evidence runs over its window in year
// order, so that its latest year is the window's last (2025, 2.4% of GDP in
// the IMF's series), not its first.
func TestClassifyGroupYears(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := ClassifyGroup(ds, data.CommonPolicyGroup, DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	ca := e.Evidence.CurrentAccount
	for k := range ca {
		if ca[k].Year != 2016+k {
			t.Fatalf("EU27 years %v, want 2016–2025 in order", ca)
		}
	}
	if e.Evidence.LatestCAYear != 2025 || e.Evidence.LatestCAPctGDP == nil || *e.Evidence.LatestCAPctGDP != 2.4 {
		t.Errorf("EU27 latest %d %v, want 2025's", e.Evidence.LatestCAYear, e.Evidence.LatestCAPctGDP)
	}
}
