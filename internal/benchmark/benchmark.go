package benchmark

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Solved is one solved equilibrium with what is needed to value its trade:
// the compiled export subsidies (nil for none), since flows at producer
// prices are divided by 1+sub to value them at world prices.
type Solved struct {
	Data    *data.Dataset
	Base    *model.Baseline
	Result  *model.Result
	Subsidy []float64
}

// Report is the JSON of `tradebloc benchmark SCENARIO` (DESIGN §4; keys may
// be added, never renamed).
type Report struct {
	Leader      string `json:"leader"`
	Scenario    string `json:"scenario"`
	Unit        string `json:"unit"`
	SurplusRule Rule   `json:"surplus_rule"`
	Test        Test   `json:"benchmark_rule"`
	// Rule is the measure in force (Test.Measure), RuleText the whole test
	// in words.
	Rule      Measure   `json:"rule"`
	RuleText  string    `json:"rule_text"`
	Countries []Country `json:"countries"`
	// TradeCoverage is what the balances cover: "goods" or "goods and
	// services" (icio-2022, the concept closest to the current account).
	TradeCoverage string `json:"trade_coverage"`
	// NoShocks marks a scenario without shocks (one that has only a
	// coalition: block, a game played by `coalition` and `simulate`):
	// every balance is its baseline value, which the report says rather
	// than blame the closure.
	NoShocks bool `json:"no_shocks,omitempty"`
	// DataYear is the year of the dataset's trade flows (the "before"
	// balances), which need not be a year of the surplus rule's window.
	DataYear int `json:"data_year,omitempty"`
	// Notes are caveats on reading the verdicts that the table does not
	// show (the text prints them among its notes): under a rule with a
	// bilateral part, a scenario that raises the leader's tariffs cuts
	// surpluses with it by the tariff, not by the partner's doing.
	Notes []string `json:"notes,omitempty"`
	// CensusComparison names the dataset balance set beside Census 2024's
	// in the notes: "goods", or "goods (services sector excluded)" on a
	// dataset with services; empty unless the leader is the USA (as
	// SurplusReport.CensusComparison).
	CensusComparison string `json:"census_comparison,omitempty"`
}

// Country is one partner of the leader. Before is the baseline data, after
// the scenario's equilibrium. The embedded Verdict carries
// `meets_benchmark`, `reason` and the verdict of each part.
type Country struct {
	Code                    string  `json:"code"`
	Name                    string  `json:"name"`
	PersistentSurplus       bool    `json:"persistent_surplus"`
	BalanceWithLeaderBefore float64 `json:"bilateral_balance_with_leader_before"`
	BalanceWithLeaderAfter  float64 `json:"bilateral_balance_with_leader_after"`
	BalanceGDPPctBefore     float64 `json:"balance_gdp_pct_before"`
	BalanceGDPPctAfter      float64 `json:"balance_gdp_pct_after"`
	// GoodsBalanceWithLeaderBefore and …After are the bilateral balance on
	// goods alone (the services sector excluded), on a dataset with
	// services (icio-2022), where the bilateral columns are goods and
	// services; nil otherwise. Census's figures are goods, so a reader
	// sets them beside these (DEU's 15.6 with services is 84.8 in Census's
	// goods). The names are solve's.
	GoodsBalanceWithLeaderBefore *float64 `json:"bilateral_goods_balance_with_leader_before,omitempty"`
	GoodsBalanceWithLeaderAfter  *float64 `json:"bilateral_goods_balance_with_leader_after,omitempty"`
	Verdict
	// WelfarePct is real income including any transfer a deficit target
	// imposes (as `solve` reports it); WelfareExTransferPct excludes it, so
	// that a cut in saving does not count as a gain (docs/welfare.md).
	WelfarePct           float64 `json:"welfare_pct"`
	WelfareExTransferPct float64 `json:"welfare_ex_transfer_pct"`
	// RealAppreciationPct is the wage change relative to the leader's,
	// 100·(ŵ_j/ŵ_leader − 1): the real appreciation the move implies (wages
	// at market prices; see marketWage).
	RealAppreciationPct float64 `json:"real_appreciation_vs_leader_pct"`
	// DataQualityFlag is the reason the dataset's plausibility rule flags
	// the economy (a trade balance beyond ±data.MaxBalancePctGDP % of GDP);
	// its figures are unreliable. Absent when not flagged.
	DataQualityFlag string `json:"data_quality_flag,omitempty"`
	// MeanCAPctGDP is the mean current account (% of GDP) over the surplus
	// rule's window, the figure the economy is classified on; nil without
	// CA data.
	MeanCAPctGDP *float64 `json:"mean_ca_pct_gdp,omitempty"`
	// TradeDeficitDespiteCASurplus marks a persistent-surplus economy whose
	// trade balance in the data (the "before" balance) is a deficit:
	// Japan's current-account surplus is primary income, Korea's, Italy's,
	// Thailand's and Lithuania's 2022 balances in icio-2022 carry the
	// energy-price shock. The multilateral rule still judges it — a fall
	// of the trade balance is a fall of the current account with income
	// held fixed — but its "fails" asks for a deeper trade deficit, not for
	// a trade surplus to close, which the report says.
	TradeDeficitDespiteCASurplus bool `json:"trade_deficit_despite_ca_surplus,omitempty"`
	// BalanceNotReconciled: the dataset did not reconcile the economy's
	// goods balance with the balance of payments (see Evidence).
	BalanceNotReconciled bool `json:"balance_not_reconciled,omitempty"`
}

// Balance is the trade position of every country in one equilibrium, at
// world prices: With[j] is j's balance with the leader, PctGDP[j] its
// multilateral balance in % of its GDP, Level[j] that balance in the
// dataset's unit, GDP[j] the GDP it is a share of and World their sum.
type Balance struct {
	With, PctGDP, Level, GDP []float64
	// GoodsWith[j] is j's balance with the leader on goods alone (the
	// services sector excluded); nil when the dataset has no services
	// sector, where With is already goods.
	GoodsWith []float64
	World     float64
	// UnitMillions is the dataset's unit in USD millions (Balances).
	UnitMillions float64
}

// Change is country j's balances from before to after, with the GDP
// scales Test.Judge needs to compare levels across the two equilibria.
func Change(before, after Balance, j int) Balances {
	g := after.World / before.World
	return Balances{
		BilateralBefore: before.With[j], BilateralAfter: after.With[j],
		PctGDPBefore: before.PctGDP[j], PctGDPAfter: after.PctGDP[j],
		WorldGDP: g, RelativeGDP: after.GDP[j] / before.GDP[j] / g,
		UnitMillions: before.UnitMillions,
	}
}

// DeficitDespiteSurplus reports whether an economy the surplus rule
// classifies persistent (persistent) runs a trade deficit in the data
// (pctGDPBefore, its multilateral balance before, % of GDP): the
// multilateral rule's "fails" then asks it for a deeper trade deficit, not
// for a surplus to close (Country.TradeDeficitDespiteCASurplus; the ‡ of
// the benchmark report). The simulator marks its escalations by the same
// test.
func DeficitDespiteSurplus(persistent bool, pctGDPBefore float64) bool {
	// A deficit that rounds to −0.00% is balance, not a deficit.
	return persistent && pctGDPBefore <= -0.005
}

// baselineBalance values the dataset's own flows, in % of the model's
// baseline GDP, the same measure BalanceOf uses after a shock: a "before"
// on another denominator (sales) would show a change where there is none.
func baselineBalance(ds *data.Dataset, b *model.Baseline, leader int) Balance {
	return balanceOf(ds, ds.Trade, nil, b.GDP, leader)
}

// BalanceOf values the equilibrium of sv. leader is an index of the dataset.
func BalanceOf(sv Solved, leader int) Balance {
	gdp := make([]float64, sv.Data.N())
	for j := range sv.Result.Countries {
		gdp[j] = MarketGDP(&sv.Result.Countries[j])
	}
	return balanceOf(sv.Data, sv.Base.Flows(sv.Result), sv.Subsidy, gdp, leader)
}

func balanceOf(ds *data.Dataset, flows, sub, gdp []float64, leader int) Balance {
	N, S := ds.N(), ds.S()
	b := Balance{With: make([]float64, N), PctGDP: make([]float64, N), Level: make([]float64, N), GDP: gdp, UnitMillions: ds.UnitMillions()}
	serv, hasServ := ds.ServicesIndex()
	if hasServ {
		b.GoodsWith = make([]float64, N)
	}
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			if i == j {
				continue
			}
			for s := 0; s < S; s++ {
				k := (i*N+j)*S + s
				x := flows[k]
				if sub != nil {
					x /= 1 + sub[k] // world price: what the buyer pays net of the tariff
				}
				b.Level[i] += x
				b.Level[j] -= x
				goods := hasServ && s != serv
				if j == leader {
					b.With[i] += x
					if goods {
						b.GoodsWith[i] += x
					}
				} else if i == leader {
					b.With[j] -= x
					if goods {
						b.GoodsWith[j] -= x
					}
				}
			}
		}
	}
	for j := range b.PctGDP {
		b.PctGDP[j] = 100 * b.Level[j] / gdp[j]
		b.World += gdp[j]
	}
	return b
}

// MarketGDP is GDP at market prices: value added at producer prices less
// the export-subsidy outlay (plus the saved outlay of a removed subsidy,
// which the model books as a negative outlay). Without subsidies it is the
// model's GDP.
func MarketGDP(c *model.CountryResult) float64 { return c.GDPAfter - c.SubsidyOutlay }

// marketWage is the wage change measured by income per unit of labour at
// market prices, so that a removed subsidy's restored producer revenue
// counts: ŵ·(Y' − O')/Y'.
func marketWage(c *model.CountryResult) float64 { return c.Wage * MarketGDP(c) / c.GDPAfter }

// Coverage is what a dataset's trade balances cover, as reports name it:
// "goods" or "goods and services".
func Coverage(ds *data.Dataset) string {
	if ds.Coverage == "" {
		return data.CoverageGoods
	}
	return ds.Coverage
}

// leaderIndex resolves the leader code, as bad usage when it is no country
// that can lead (data.Dataset.CheckCountry, the check and message of every
// command's --leader).
func leaderIndex(ds *data.Dataset, leader string) (int, error) {
	l, err := ds.CheckCountry(leader)
	if err != nil {
		return 0, &errs.Error{Op: "benchmark", Kind: errs.Invalid, Field: "--leader", Err: err}
	}
	return l, nil
}

// Evaluate judges a solved scenario against the baseline for every partner
// of the leader: persistent-surplus economies first (largest surplus with the
// leader first), then the rest likewise. A scenario solved under
// `deficits: purge` is refused (see CheckScenario).
func Evaluate(sv Solved, scenarioName, leader string, rule Rule, test Test) (*Report, error) {
	if err := test.Check(); err != nil {
		return nil, err
	}
	if sv.Result.Options.Deficits == model.Purge {
		return nil, purgeError(errs.Error{Field: "model.deficits"})
	}
	ds := sv.Data
	l, err := leaderIndex(ds, leader)
	if err != nil {
		return nil, err
	}
	ecs, rule, err := Classify(ds, nil, "", rule)
	if err != nil {
		return nil, err
	}
	persistent, meanCA := map[string]bool{}, map[string]*float64{}
	for _, e := range ecs {
		persistent[e.Code], meanCA[e.Code] = e.PersistentSurplus, e.Evidence.MeanCAPctGDP
	}
	unrec := Unreconciled(ds)
	test.Measure = test.measure()
	before, after := baselineBalance(ds, sv.Base, l), BalanceOf(sv, l)
	rep := &Report{Leader: leader, Scenario: scenarioName, Unit: ds.Unit, SurplusRule: rule, Test: test,
		Rule: test.Measure, RuleText: test.String(), TradeCoverage: Coverage(ds), DataYear: ds.Year}
	wl := marketWage(&sv.Result.Countries[l])
	flags := ds.QualityFlags()
	for j, c := range ds.Countries {
		// An aggregate (icio-2022's ROW) is no country to judge.
		if j == l || ds.IsAggregate(j) {
			continue
		}
		b := Change(before, after, j)
		r := sv.Result.Countries[j]
		rep.Countries = append(rep.Countries, Country{
			Code: c.Code, Name: c.Name, PersistentSurplus: persistent[c.Code],
			BalanceWithLeaderBefore: b.BilateralBefore, BalanceWithLeaderAfter: b.BilateralAfter,
			BalanceGDPPctBefore: b.PctGDPBefore, BalanceGDPPctAfter: b.PctGDPAfter,
			Verdict:    test.Judge(b, persistent[c.Code], leader),
			WelfarePct: 100 * (r.Welfare - 1), WelfareExTransferPct: 100 * (r.WelfareExTransfer - 1),
			RealAppreciationPct:          100 * (marketWage(&r)/wl - 1),
			MeanCAPctGDP:                 meanCA[c.Code],
			TradeDeficitDespiteCASurplus: DeficitDespiteSurplus(persistent[c.Code], b.PctGDPBefore),
			BalanceNotReconciled:         unrec[c.Code],
		})
		last := &rep.Countries[len(rep.Countries)-1]
		if f, ok := data.QualityFlagOf(flags, c.Code); ok {
			last.DataQualityFlag = f.Reason
		}
		if before.GoodsWith != nil {
			gb, ga := before.GoodsWith[j], after.GoodsWith[j]
			last.GoodsBalanceWithLeaderBefore, last.GoodsBalanceWithLeaderAfter = &gb, &ga
		}
	}
	sort.SliceStable(rep.Countries, func(a, b int) bool {
		x, y := rep.Countries[a], rep.Countries[b]
		if x.PersistentSurplus != y.PersistentSurplus {
			return x.PersistentSurplus
		}
		return x.BalanceWithLeaderBefore > y.BalanceWithLeaderBefore
	})
	if test.Measure != Multilateral && leaderTariffsRise(sv, l) {
		rep.Notes = append(rep.Notes, tariffCutNote(leader, rep.Countries))
	}
	rep.CensusComparison = censusComparison(rep.TradeCoverage, leader)
	if n := censusNote(ds, l, rep.Countries); n != "" {
		rep.Notes = append(rep.Notes, n)
	}
	return rep, nil
}

// censusNote names, in the table's order, the partners whose baseline
// goods balance with the leader is far from Census 2024 — the rule and
// words of solve, coalition and `surplus --all` (report.CensusGapOf,
// CensusGapNote): a "before" column read as the US's own statistics
// (Canada's 114.6 on world-2023 against Census's 63.3) would mislead. On a
// dataset with services the goods balance is compared, never the column's
// goods and services. "" unless the leader is the USA, or when none is
// apart.
func censusNote(ds *data.Dataset, l int, cs []Country) string {
	var gaps []report.CensusGap
	for _, c := range cs {
		j, ok := ds.Index(c.Code)
		if !ok {
			continue
		}
		if g, ok := report.CensusGapOf(ds, j, l); ok && g.Apart() {
			gaps = append(gaps, g)
		}
	}
	return report.CensusGapNote(ds.Name, Coverage(ds), gaps)
}

// leaderTariffsRise reports whether the scenario sets a tariff of the leader
// on some partner's goods above the baseline's.
func leaderTariffsRise(sv Solved, l int) bool {
	after := sv.Result.Tariffs()
	if after == nil {
		return false
	}
	before := sv.Base.Tariffs()
	ds := sv.Data
	for i := range ds.N() {
		if i == l {
			continue
		}
		for s := range ds.S() {
			if k := ds.At(i, l, s); after[k] > before[k]+1e-12 {
				return true
			}
		}
	}
	return false
}

// maxNamed bounds the economies a note names.
const maxNamed = 10

// tariffCutNote says what a bilateral cut means in a scenario that raises
// the leader's tariffs: the tariff cuts the leader's imports from the
// partner, so the surplus with it shrinks while the tariff stands and comes
// back when it is lifted as relief — no durable move by the partner, which
// is what the benchmark asks. It names the persistent-surplus economies
// whose bilateral part the scenario meets (China's surplus with the US
// shrinks 81.7% under Liberation Day).
func tariffCutNote(leader string, cs []Country) string {
	var met []string
	n := 0
	for _, c := range cs {
		if c.PersistentSurplus && c.BilateralPart == PartMet && c.BilateralCutPct != nil {
			if n++; n <= maxNamed {
				met = append(met, fmt.Sprintf("%s %.1f%%", c.Code, *c.BilateralCutPct))
			}
		}
	}
	which := ""
	if n > 0 {
		if n > maxNamed {
			met = append(met, fmt.Sprintf("and %d more", n-maxNamed))
		}
		which = " (persistent-surplus economies whose bilateral part is met: " + strings.Join(met, ", ") + ")"
	}
	return fmt.Sprintf("Bilateral part under tariffs: %s raises tariffs in this scenario, so a surplus with %s that shrinks here%s shrinks by the tariff's doing, not by a durable move of the partner, and would come back if the tariff were lifted as relief. `tradebloc benchmark paths CODE` measures the partner's own moves (its tariffs, an export subsidy, domestic demand, revaluation) with the tariffs in force.",
		leader, leader, which)
}

// CheckScenario refuses a scenario the benchmark cannot judge: one under
// `deficits: purge`. The purge first sets every trade balance to zero, so
// there is no surplus left to shrink and every partner's "before" would be
// balanced trade; the benchmark judges imbalances, which the purge removes.
// The error is bad input (exit code 2) located at the scenario file.
func CheckScenario(sc *scenario.Scenario) error {
	if sc.Model.Deficits != model.Purge {
		return nil
	}
	at := sc.Model.DeficitsPos
	if at.File == "" {
		at.File = sc.File
	}
	return purgeError(errs.Error{File: at.File, Line: at.Line, Col: at.Col, Field: "model.deficits"})
}

func purgeError(e errs.Error) error {
	e.Op, e.Kind = "benchmark", errs.Invalid
	e.Err = fmt.Errorf("the benchmark judges trade imbalances, and deficits: purge removes them before the shock (every balance is zero in the purged baseline); use fixed, ratio or zero")
	return &e
}
