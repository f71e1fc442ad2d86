package benchmark

import (
	"fmt"
	"math"
	"sort"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// Rule classifies an economy as a persistent-surplus economy from its
// current-account (CA) series: it is one when its CA balance is at least
// ThresholdPct of GDP in at least MinYears of the last Years years and its
// mean CA over those years is at least MinMeanPct of GDP.
//
// The mean condition is what makes "persistent surplus" mean a surplus:
// counting surplus years alone called Turkmenistan persistent (CA ≥ 1% in 7
// of 10 years, but −26.8% and −16.4% in 2016–17, a mean of −0.6%), an
// economy that over the decade imported saving rather than exported it.
//
// The window ends at the latest actual year of the whole series (latest
// projected year with IncludeProjections), the same for every economy, so a
// series that stopped long ago cannot qualify on old data. A series with
// fewer than Years observations in the window (Taiwan has only 2023 and 2024
// in the embedded data) is judged on what it has, at the same share:
// ceil(MinYears·k/Years) surplus years out of its k, provided k ≥
// MinObservations; with fewer it is not classified as persistent.
//
// The default (CA ≥ 1% of GDP in ≥ 7 of the last 10 actual years, 2016–2025
// on the embedded data) is calibrated so that "persistent" means a decade of
// sizeable surpluses with room for a few weak years: China's CA was 0.2% and
// 0.7% in 2018–19 and 1.4–3.7% otherwise (8 of 10), Korea dipped to 1.3% in
// 2022, and a 1% threshold excludes economies hovering around balance.
// The CA, not the goods balance, is the measure because it is what the
// seed's "surplus" means: excess saving exported abroad.
type Rule struct {
	ThresholdPct       float64 `json:"threshold_pct_gdp"`
	Years              int     `json:"years"`
	MinYears           int     `json:"min_years"`
	IncludeProjections bool    `json:"include_projections"`
	MinObservations    int     `json:"min_observations"`
	// MinMeanPct is the least mean CA (% of GDP) over the window; the
	// command line sets it to ThresholdPct unless --min-mean is given.
	MinMeanPct float64 `json:"min_mean_pct_gdp"`
	// FirstYear and LastYear are the window, filled in by Classify.
	FirstYear int `json:"first_year,omitempty"`
	LastYear  int `json:"last_year,omitempty"`
}

// DefaultRule is the rule of `tradebloc surplus` without flags.
func DefaultRule() Rule {
	return Rule{ThresholdPct: 1, Years: 10, MinYears: 7, MinObservations: 2, MinMeanPct: 1}
}

// Check validates the rule's settings; errors name the flag at fault.
func (r Rule) Check() error {
	bad := func(field, format string, args ...any) error {
		return &errs.Error{Op: "surplus rule", Kind: errs.Invalid, Field: field, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case math.IsNaN(r.ThresholdPct) || math.IsInf(r.ThresholdPct, 0):
		return bad("--threshold", "want a finite percentage of GDP, got %v", r.ThresholdPct)
	case math.IsNaN(r.MinMeanPct) || math.IsInf(r.MinMeanPct, 0):
		return bad("--min-mean", "want a finite percentage of GDP, got %v", r.MinMeanPct)
	case r.Years < 1 || r.Years > 100:
		return bad("--years", "want 1 to 100 years, got %d", r.Years)
	case r.MinYears < 1 || r.MinYears > r.Years:
		return bad("--min-years", "want 1 to --years (%d), got %d", r.Years, r.MinYears)
	case r.MinObservations < 1:
		return bad("--min-observations", "want at least 1, got %d", r.MinObservations)
	}
	return nil
}

// String states the rule in a line, for table notes.
func (r Rule) String() string {
	s := fmt.Sprintf("current account ≥ %g%% of GDP in ≥ %d of the last %d years and ≥ %g%% on average", r.ThresholdPct, r.MinYears, r.Years, r.MinMeanPct)
	if r.LastYear > 0 {
		s += fmt.Sprintf(" (%d–%d", r.FirstYear, r.LastYear)
		if r.IncludeProjections {
			s += ", incl. IMF projections"
		} else {
			s += ", actuals only"
		}
		s += ")"
	}
	return s + fmt.Sprintf("; shorter series at the same share, from %d observations", r.MinObservations)
}

// CAYear is one year of an economy's current account.
type CAYear struct {
	Year       int     `json:"year"`
	PctGDP     float64 `json:"pct_gdp"`
	Projection bool    `json:"projection,omitempty"`
}

// Evidence is what an economy's classification rests on. Pointers are nil
// (JSON null) where the data do not have the figure.
type Evidence struct {
	CurrentAccount []CAYear `json:"current_account"`
	CASource       string   `json:"ca_source,omitempty"`
	YearsObserved  int      `json:"years_observed"`
	YearsInSurplus int      `json:"years_in_surplus"`
	YearsRequired  int      `json:"years_required"`
	ShortSeries    bool     `json:"short_series"`
	MeanCAPctGDP   *float64 `json:"mean_ca_pct_gdp"`
	// Goods trade from the world matrix (dataset year, dataset unit).
	InTradeMatrix       bool     `json:"in_trade_matrix"`
	GoodsBalance        *float64 `json:"goods_balance"`
	GoodsBalancePctGDP  *float64 `json:"goods_balance_pct_gdp"`
	BalanceWithLeader   *float64 `json:"bilateral_balance_with_leader"`
	CensusBalanceWithUS *float64 `json:"census_2024_balance_with_usa"` // the economy's goods balance with the US, USD mn (Census 2024)
	// DataQualityFlag is the reason the dataset's plausibility rule flags
	// the economy's data (|goods balance| > data.MaxBalancePctGDP % of
	// GDP), empty when it is not flagged.
	DataQualityFlag string `json:"data_quality_flag,omitempty"`
	// MeanCAUSDbn is the mean CA % of GDP over the window times GDP (USD bn,
	// 2024 where known, else the dataset's): the decade's typical surplus at
	// today's size, the ranking of the table. It is no year's dollar
	// surplus: China's mean of 1.7% gives about $320 bn, while its latest
	// year, 3.7%, is about $700 bn (LatestCAUSDbn).
	MeanCAUSDbn *float64 `json:"mean_ca_usd_bn,omitempty"`
	// LatestCAYear and LatestCAPctGDP are the last year of the window the
	// series has, LatestCAUSDbn that share times the same GDP as
	// MeanCAUSDbn: the surplus the rest of the world absorbs now.
	LatestCAYear   int      `json:"latest_ca_year,omitempty"`
	LatestCAPctGDP *float64 `json:"latest_ca_pct_gdp,omitempty"`
	LatestCAUSDbn  *float64 `json:"latest_ca_usd_bn,omitempty"`
	// GoodsBalanceWithLeader is the bilateral balance with the leader over
	// goods sectors only (dataset unit): on a dataset with services
	// (icio-2022) it leaves out the services sector, so that it is the
	// concept of the Census figure; on a goods dataset it equals
	// BalanceWithLeader.
	GoodsBalanceWithLeader *float64 `json:"goods_bilateral_balance_with_leader,omitempty"`
	// GoodsExportsToLeader and GoodsImportsFromLeader are the two flows of
	// GoodsBalanceWithLeader, and CensusUSImports and CensusUSExports the
	// Census 2024 flows (USD mn, the US's imports from and exports to the
	// economy), so that a gap to Census can be traced to one side.
	GoodsExportsToLeader   *float64 `json:"goods_exports_to_leader,omitempty"`
	GoodsImportsFromLeader *float64 `json:"goods_imports_from_leader,omitempty"`
	CensusUSImports        *float64 `json:"census_2024_usa_imports,omitempty"`
	CensusUSExports        *float64 `json:"census_2024_usa_exports,omitempty"`
	// BalanceNotReconciled marks an economy whose goods balance the dataset
	// did not reconcile with the balance of payments although it reconciles
	// others (world-2023 rescales 62 economies and leaves 133, among them
	// ARE and IRN, which have no BoP goods figure: README step 4): its
	// balance is the mirror-flow figure, not an official one.
	BalanceNotReconciled bool   `json:"balance_not_reconciled,omitempty"`
	Summary              string `json:"summary"`
}

// Economy is one classified economy.
type Economy struct {
	Code              string   `json:"code"`
	Name              string   `json:"name"`
	PersistentSurplus bool     `json:"persistent_surplus"`
	Evidence          Evidence `json:"evidence"`
}

// aggregates are codes of the CA data that are not economies of their own.
var aggregates = map[string]bool{data.CommonPolicySeries: true}

// groupSeries names the current-account series of a dataset group that acts
// as one economy: the IMF's European Union (data.CommonPolicySeries), the
// union's balance with the rest of the world, for the EU27.
var groupSeries = map[string]string{data.CommonPolicyGroup: data.CommonPolicySeries}

// ClassifyGroup applies rule to a group that acts as one economy (the
// EU27, whose members share one trade policy) on the group's own current
// account (groupSeries), not on its members': the union's surplus with the
// rest of the world is what it would be asked to shrink. A dataset with
// current accounts of its own but not the group's (icio-2022 carries the
// IMF rows of its 80 economies, not the union's) is judged on world-2023's
// copy of the same IMF series, over the dataset's window, and the evidence
// names it as the source: without it the EU27 read "no current-account
// data" there and was not asked to adjust, while every member with a
// surplus was. A group without a series of its own (or a dataset without
// current accounts) has no current-account data and is not classified
// persistent. The Economy's Code is the group's name.
func ClassifyGroup(ds *data.Dataset, group string, rule Rule) (Economy, error) {
	_, rule, err := Classify(ds, nil, "", rule) // fills the rule's window
	if err != nil {
		return Economy{}, err
	}
	code := groupSeries[group]
	e := Economy{Code: group, Name: group}
	if m, ok := ds.Macro[code]; ok && m.Name != "" {
		e.Name = m.Name
	}
	obs := seriesOf(ds, code, "IMF WEO April 2026 (BCA_NGDPD), "+code)
	borrowed := ""
	if len(obs) == 0 && code != "" && len(ds.CurrentAccount) > 0 {
		ref, err := data.Default()
		if err != nil {
			return Economy{}, err
		}
		if ref != ds {
			borrowed = fmt.Sprintf("%s's series (%s has none for %s)", data.DefaultName, ds.Name, group)
			obs = seriesOf(ref, code, fmt.Sprintf("IMF WEO April 2026 (BCA_NGDPD), %s, from %s", code, borrowed))
		}
	}
	e.PersistentSurplus = rule.assess(obs, &e.Evidence)
	if borrowed != "" && len(e.Evidence.CurrentAccount) > 0 {
		e.Evidence.Summary += "; " + borrowed
	}
	return e, nil
}

// seriesOf is the current-account series of code in ds, by year, each
// observation with source ("" names none: no series).
func seriesOf(ds *data.Dataset, code, source string) []sourcedCA {
	var obs []sourcedCA
	for _, o := range ds.CurrentAccount {
		if code != "" && o.Code == code {
			obs = append(obs, sourcedCA{o, source})
		}
	}
	sort.Slice(obs, func(a, b int) bool { return obs[a].Year < obs[b].Year })
	return obs
}

// Classify applies rule to every economy of ds with current-account data
// (the dataset's countries, and economies outside its trade matrix such as
// Taiwan) and returns them with their evidence, persistent-surplus economies
// first (by mean CA in USD, largest first), then the rest by code, together with the
// rule with its window filled in. census (may be nil) gives the Census 2024
// balances with the US; leader names the country whose bilateral balance is
// shown ("" for none).
func Classify(ds *data.Dataset, census []tariffs.CensusRow, leader string, rule Rule) ([]Economy, Rule, error) {
	if err := rule.Check(); err != nil {
		return nil, rule, err
	}
	series := caSeries(ds)
	for _, obs := range series {
		for _, o := range obs {
			if (rule.IncludeProjections || !o.Projection) && o.Year > rule.LastYear {
				rule.LastYear = o.Year
			}
		}
	}
	rule.FirstYear = rule.LastYear - rule.Years + 1
	censusBy := map[string]tariffs.CensusRow{}
	for _, c := range census {
		censusBy[c.Code] = c
	}
	li, hasLeader := ds.Index(leader)
	flags := ds.QualityFlags()
	unrec := Unreconciled(ds)
	codes := make([]string, 0, len(series))
	for code := range series {
		codes = append(codes, code)
	}
	for i, c := range ds.Countries {
		// An aggregate (icio-2022's ROW) has no current account and is
		// not an economy to classify.
		if _, ok := series[c.Code]; !ok && !ds.IsAggregate(i) {
			codes = append(codes, c.Code)
		}
	}
	out := make([]Economy, 0, len(codes))
	for _, code := range codes {
		e := Economy{Code: code, Name: name(ds, code)}
		ev := &e.Evidence
		e.PersistentSurplus = rule.assess(series[code], ev)
		if c, ok := censusBy[code]; ok {
			bal, x, m := -c.Balance, c.Exports, c.Imports // the Census balance is the US's; flip to the partner's
			ev.CensusBalanceWithUS, ev.CensusUSExports, ev.CensusUSImports = &bal, &x, &m
		}
		if ev.MeanCAPctGDP != nil {
			gdp := 0.0
			if m, ok := ds.Macro[code]; ok && m.GDPUSDbn2024 > 0 {
				gdp = m.GDPUSDbn2024
			} else if i, ok := ds.Index(code); ok {
				gdp = ds.Countries[i].GDP * ds.UnitMillions() / 1000
			}
			if gdp > 0 {
				v := *ev.MeanCAPctGDP / 100 * gdp
				ev.MeanCAUSDbn = &v
				if ev.LatestCAPctGDP != nil {
					l := *ev.LatestCAPctGDP / 100 * gdp
					ev.LatestCAUSDbn = &l
				}
			}
		}
		if i, ok := ds.Index(code); ok {
			ev.InTradeMatrix = true
			// In percent of GDP (value added, the countries.csv gdp column),
			// the share the IMF publishes; datasets without GDP fall back
			// to total sales.
			bal, sales := goodsBalance(ds, i)
			ev.GoodsBalance = &bal
			if pct, ok := ds.BalancePctGDP(i); ok {
				ev.GoodsBalancePctGDP = &pct
			} else if sales > 0 {
				pct := 100 * bal / sales
				ev.GoodsBalancePctGDP = &pct
			}
			if f, ok := data.QualityFlagOf(flags, code); ok {
				ev.DataQualityFlag = f.Reason
			}
			if hasLeader && i != li {
				b := bilateral(ds, i, li)
				x, m := ds.GoodsFlow(nil, i, li), ds.GoodsFlow(nil, li, i) // Census's concept: goods only
				g := x - m
				ev.BalanceWithLeader, ev.GoodsBalanceWithLeader = &b, &g
				ev.GoodsExportsToLeader, ev.GoodsImportsFromLeader = &x, &m
			}
			ev.BalanceNotReconciled = unrec[code]
		}
		out = append(out, e)
	}
	sort.Slice(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if x.PersistentSurplus != y.PersistentSurplus {
			return x.PersistentSurplus
		}
		if x.PersistentSurplus {
			// Largest surpluses in dollars first; economies without a GDP
			// figure go last, by their CA share.
			xu, yu := x.Evidence.MeanCAUSDbn, y.Evidence.MeanCAUSDbn
			switch {
			case xu != nil && yu != nil:
				return *xu > *yu
			case (xu != nil) != (yu != nil):
				return xu != nil
			}
			return *x.Evidence.MeanCAPctGDP > *y.Evidence.MeanCAPctGDP
		}
		return x.Code < y.Code
	})
	return out, rule, nil
}

// assess counts surplus years of one series in the rule's window.
func (r Rule) assess(obs []sourcedCA, ev *Evidence) bool {
	sum := 0.0
	ev.CurrentAccount = []CAYear{}
	for _, o := range obs {
		if o.Year < r.FirstYear || o.Year > r.LastYear || (o.Projection && !r.IncludeProjections) {
			continue
		}
		ev.CurrentAccount = append(ev.CurrentAccount, CAYear{Year: o.Year, PctGDP: o.PctGDP, Projection: o.Projection})
		ev.CASource = o.source
		sum += o.PctGDP
		if o.PctGDP >= r.ThresholdPct {
			ev.YearsInSurplus++
		}
	}
	k := len(ev.CurrentAccount)
	if k > 0 {
		last := ev.CurrentAccount[k-1]
		ev.LatestCAYear, ev.LatestCAPctGDP = last.Year, &last.PctGDP
	}
	ev.YearsObserved = k
	ev.ShortSeries = k < r.Years
	ev.YearsRequired = r.MinYears
	if ev.ShortSeries {
		ev.YearsRequired = (r.MinYears*k + r.Years - 1) / r.Years // ceil(m·k/n)
	}
	if k == 0 {
		ev.Summary = fmt.Sprintf("no current-account data for %d–%d", r.FirstYear, r.LastYear)
		return false
	}
	mean := sum / float64(k)
	ev.MeanCAPctGDP = &mean
	span := fmt.Sprintf("%d of %d years", ev.YearsInSurplus, k)
	if k < r.MinObservations {
		ev.Summary = fmt.Sprintf("CA ≥ %g%% of GDP in %s: too few observations to judge (need %d)", r.ThresholdPct, span, r.MinObservations)
		return false
	}
	enoughYears, enoughMean := ev.YearsInSurplus >= ev.YearsRequired, mean >= r.MinMeanPct
	ok := enoughYears && enoughMean
	verdict := "persistent surplus"
	switch {
	case !enoughYears:
		verdict = "not persistent"
	case !enoughMean:
		verdict = fmt.Sprintf("not persistent: mean below %g%%", r.MinMeanPct)
	}
	ev.Summary = fmt.Sprintf("CA ≥ %g%% of GDP in %s (need %d; mean %.1f%%, need %g%%): %s", r.ThresholdPct, span, ev.YearsRequired, mean, r.MinMeanPct, verdict)
	if ev.ShortSeries {
		ev.Summary += " (short series)"
	}
	return ok
}

// sourcedCA is a CA observation with where it came from.
type sourcedCA struct {
	data.CAObservation
	source string
}

// caSeries gathers each economy's CA series, sorted by year: the IMF series,
// or, for economies it lacks (Taiwan), the 2023/2024 values of macro.csv.
func caSeries(ds *data.Dataset) map[string][]sourcedCA {
	out := map[string][]sourcedCA{}
	for _, o := range ds.CurrentAccount {
		if aggregates[o.Code] {
			continue
		}
		out[o.Code] = append(out[o.Code], sourcedCA{o, "IMF WEO April 2026 (BCA_NGDPD)"})
	}
	for code, m := range ds.Macro {
		if _, ok := out[code]; ok || aggregates[code] {
			continue
		}
		for _, y := range []struct {
			year int
			v    float64
		}{{2023, m.CAPctGDP2023}, {2024, m.CAPctGDP2024}} {
			if !math.IsNaN(y.v) {
				out[code] = append(out[code], sourcedCA{data.CAObservation{Code: code, Year: y.year, PctGDP: y.v}, "macro.csv 2023/2024 (secondary source)"})
			}
		}
	}
	for _, obs := range out {
		sort.Slice(obs, func(a, b int) bool { return obs[a].Year < obs[b].Year })
	}
	return out
}

// name is an economy's name from the dataset, its macro table or the US
// tariff record (which names every US trading partner, including those a
// dataset leaves out, such as Liechtenstein or Tuvalu).
func name(ds *data.Dataset, code string) string {
	if i, ok := ds.Index(code); ok {
		return ds.Countries[i].Name
	}
	if m, ok := ds.Macro[code]; ok && m.Name != "" {
		return m.Name
	}
	if n, ok := tariffs.Name(code); ok {
		return n
	}
	return code
}

// goodsBalance is country i's foreign goods balance and GDP in the dataset.
func goodsBalance(ds *data.Dataset, i int) (bal, gdp float64) {
	bal, gdp = ds.GoodsBalance(i), ds.Domestic(i)+ds.Exports(i) // sales
	if g := ds.Countries[i].GDP; g > 0 && !math.IsInf(g, 0) {
		gdp = g // the model's GDP (model.Baseline.GDP): value added, not sales
	}
	return bal, gdp
}

// bilateral is i's balance with l in the dataset, every sector.
func bilateral(ds *data.Dataset, i, l int) float64 { return ds.Flow(i, l) - ds.Flow(l, i) }

// Unreconciled returns the economies of ds's trade matrix (aggregates
// aside) whose goods balance is not reconciled with the balance of
// payments, on a dataset that reconciles some: world-2023 rescales 62
// economies to their BoP goods balance and leaves the other 133 (among them
// ARE, IRN and SDN, which have no BoP figure) at their mirror-flow balance. A dataset that reconciles none
// (icio-2022, whose balances are the ICIO's own) returns nil: its notes
// already say where its balances come from.
func Unreconciled(ds *data.Dataset) map[string]bool {
	ok := ds.Reconciled()
	if ok == nil {
		return nil
	}
	out := map[string]bool{}
	for i, c := range ds.Countries {
		if !ok[c.Code] && !ds.IsAggregate(i) {
			out[c.Code] = true
		}
	}
	return out
}

// PersistentSet returns the codes the rule classifies as persistent-surplus
// economies.
func PersistentSet(ds *data.Dataset, rule Rule) (map[string]bool, error) {
	ecs, _, err := Classify(ds, nil, "", rule)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, e := range ecs {
		if e.PersistentSurplus {
			set[e.Code] = true
		}
	}
	return set, nil
}

// Folded is a persistent-surplus economy that a dataset does not model on
// its own but folds into an aggregate unit (Kuwait, Qatar, Macau, Iran in
// icio-2022's ROW): Classify cannot list it, since the dataset has no
// current account for it, and a reader would otherwise not know it exists.
type Folded struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Unit is the aggregate's code, for the text; JSON names the unit by
	// UnitName only, so that no consumer finds the aggregate's code where
	// it looks for economies.
	Unit           string   `json:"-"`
	UnitName       string   `json:"unit_name"`
	YearsInSurplus int      `json:"years_in_surplus"`
	YearsObserved  int      `json:"years_observed"`
	MeanCAPctGDP   float64  `json:"mean_ca_pct_gdp"`
	MeanCAUSDbn    *float64 `json:"mean_ca_usd_bn,omitempty"`
}

// FoldedSurplus classifies, on ref's current-account series (the same IMF
// series; world-2023 for icio-2022), the members of ds's aggregate units
// and returns the persistent-surplus ones, largest mean CA in USD first.
// rule is the rule Classify returned for ds, so that the window is the
// same. ds without aggregates gives none.
func FoldedSurplus(ds, ref *data.Dataset, rule Rule) ([]Folded, error) {
	if len(ds.Members) == 0 || ref == nil {
		return nil, nil
	}
	ecs, _, err := Classify(ref, nil, "", rule)
	if err != nil {
		return nil, err
	}
	var out []Folded
	for _, e := range ecs { // persistent first, ranked
		if !e.PersistentSurplus {
			break
		}
		unit, ok := ds.UnitOf(e.Code)
		if !ok {
			continue
		}
		f := Folded{Code: e.Code, Name: e.Name, Unit: unit, UnitName: name(ds, unit),
			YearsInSurplus: e.Evidence.YearsInSurplus, YearsObserved: e.Evidence.YearsObserved,
			MeanCAPctGDP: *e.Evidence.MeanCAPctGDP, MeanCAUSDbn: e.Evidence.MeanCAUSDbn}
		out = append(out, f)
	}
	return out, nil
}
