package report

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"reflect"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/transship"
)

// SolveDoc is the JSON result of `tradebloc solve` (DESIGN §4; keys may be
// added, never renamed).
type SolveDoc struct {
	Scenario    string `json:"scenario"`
	Description string `json:"description,omitempty"`
	Converged   bool   `json:"converged"`
	// NoShocks is set when the scenario has no shocks: every result is the
	// baseline (notes says so), and there is nothing to chart.
	NoShocks     bool           `json:"no_shocks,omitempty"`
	Status       string         `json:"status"`
	Reason       string         `json:"reason,omitempty"`
	Iterations   int            `json:"iterations"`
	MaxResidual  float64        `json:"max_residual"`
	SolveSeconds float64        `json:"solve_seconds"`
	Leader       string         `json:"leader,omitempty"` // "" (absent) without a leader: see CountryDoc.BalanceWithLeaderBefore
	Provenance   Provenance     `json:"provenance"`
	Notes        []string       `json:"notes,omitempty"`
	Countries    []CountryDoc   `json:"countries"`
	Bilateral    []BilateralDoc `json:"bilateral,omitempty"`
	// Transshipment lists, with a transshipment block, the value rerouted
	// through each conduit (largest first).
	Transshipment []ConduitDoc `json:"transshipment,omitempty"`
	// Retaliation is the partners' answer of a retaliation block.
	Retaliation *RetaliationDoc `json:"retaliation,omitempty"`
	// Bands is the result's uncertainty over a small sweep of the model's
	// parameters (absent with --no-bands).
	Bands *Bands `json:"bands,omitempty"`
	// SectorNames names each sector code of a multi-sector dataset, so that
	// a reader of sectors[].code need not look the codes up.
	SectorNames map[string]string `json:"sector_names,omitempty"`

	// SectorCountries lists the countries whose sector tables the text and
	// CSV outputs print (solve --sectors); JSON always carries sectors.
	SectorCountries []string `json:"-"`
	// Target is the surplus economy the text and tables show beside the
	// leader ("" = none); JSON carries every country alike.
	Target string `json:"-"`
	// TariffFallback is the dataset's record of the importers whose
	// baseline tariffs are a stand-in (data.Dataset.TariffFallback), for
	// the note under the tables that mark them (nil when it has none);
	// JSON marks each such country (CountryDoc.BaselineTariffFallback).
	TariffFallback *data.TariffFallback `json:"-"`
}

// centralBands is d.Bands with every band widened to contain the
// document's own result: min and max over the points and this central
// solution (Bands.CentralIncluded), a copy; nil without bands. The table
// prints the central value beside its range, and welfare need not be
// monotone in θ: over θ ∈ {3, 5} alone, 30 economies' real income under
// liberation-day-retaliation lay outside their band (Ireland −2.032%
// against −2.038% to −2.035%). p10, p50 and p90 stay the points' own.
func (d *SolveDoc) centralBands() *Bands {
	bd := d.Bands
	if bd == nil || bd.CentralIncluded {
		return bd
	}
	out := *bd
	out.Countries = make(map[string]map[string]Band, len(bd.Countries))
	for code, m := range bd.Countries {
		out.Countries[code] = maps.Clone(m)
	}
	for _, c := range d.Countries {
		m := out.Countries[c.Code]
		for _, o := range []struct {
			name string
			v    float64
		}{{"welfare_pct", c.WelfarePct}, {"real_wage_pct", c.RealWagePct}, {"price_index_pct", c.PriceIndexPct},
			{"exports_pct", c.ExportsPct}, {"imports_pct", c.ImportsPct}, {"balance_gdp_pct_after", c.BalanceGDPPctAfter}} {
			b, ok := m[o.name]
			if !ok || math.IsNaN(b.Min) || math.IsNaN(o.v) || math.IsInf(o.v, 0) {
				continue // no band (every point failed), or no value to include
			}
			b.Min, b.Max = min(b.Min, o.v), max(b.Max, o.v)
			m[o.name] = b
		}
	}
	out.CentralIncluded = true
	out.CentralPoint = centralPoint(d.Provenance.Model.TradeElasticity)
	return &out
}

// solveDocJSON is SolveDoc without its MarshalJSON: encoding/json's own
// encoding of the same fields, in the same order.
type solveDocJSON SolveDoc

// MarshalJSON writes the document with its bands widened to contain the
// central result (centralBands), however they were attached: the CLI's
// solve and compare and the server's solve runs write the same bands. A
// non-finite number is written as null, as WriteJSON does.
func (d SolveDoc) MarshalJSON() ([]byte, error) {
	c := solveDocJSON(d)
	c.Bands = d.centralBands()
	b, err := json.Marshal(&c)
	var unsupported *json.UnsupportedValueError
	if errors.As(err, &unsupported) {
		b, err = json.Marshal(finite(reflect.ValueOf(&c)))
	}
	return b, err
}

// centralPoint names the central parameters of a band when they are one
// θ: "θ = 4" (or "θ = 8 in every sector"), else "".
func centralPoint(m map[string]float64) string {
	first := math.NaN()
	for _, v := range m {
		if math.IsNaN(first) {
			first = v
		} else if v != first {
			return ""
		}
	}
	switch {
	case math.IsNaN(first):
		return ""
	case len(m) == 1:
		return "θ = " + strconv.FormatFloat(first, 'g', 4, 64)
	}
	return "θ = " + strconv.FormatFloat(first, 'g', 4, 64) + " in every sector"
}

// Provenance records what produced a result: data, code and model options.
type Provenance struct {
	Dataset          string   `json:"dataset"`
	DatasetHash      string   `json:"dataset_hash"`
	Unit             string   `json:"unit"`
	TradeblocVersion string   `json:"tradebloc_version"`
	Model            ModelDoc `json:"model"`
	// TradeCoverage is what the flows, and so every trade balance, cover:
	// "goods" or "goods and services" (icio-2022: the concept closest to
	// the current account).
	TradeCoverage string `json:"trade_coverage"`
}

// ModelDoc is the model options in force, with the scenario file's keys.
type ModelDoc struct {
	TradeElasticity       map[string]float64 `json:"trade_elasticity"`
	Deficits              string             `json:"deficits"`
	LaborSupplyElasticity float64            `json:"labor_supply_elasticity"`
	ScaleElasticity       float64            `json:"scale_elasticity"`
	TariffRevenue         string             `json:"tariff_revenue"`
	Welfare               string             `json:"welfare"`
	Competition           string             `json:"competition"`
	// IOVariant is model.io_variant when it is not the default
	// (caliendo_parro): ilms2025.
	IOVariant string  `json:"io_variant,omitempty"`
	Numeraire string  `json:"numeraire"`
	Tolerance float64 `json:"tolerance"`
}

// CountryDoc is one country's outcome. All *_pct are 100·(x̂ − 1), except
// effective tariffs, which are levels in percent.
type CountryDoc struct {
	Code          string  `json:"code"`
	Name          string  `json:"name,omitempty"`
	WelfarePct    float64 `json:"welfare_pct"`
	RealWagePct   float64 `json:"real_wage_pct"`
	WagePct       float64 `json:"wage_pct"`
	PriceIndexPct float64 `json:"price_index_pct"`
	EmploymentPct float64 `json:"employment_pct"`
	ExportsPct    float64 `json:"exports_pct"`
	ImportsPct    float64 `json:"imports_pct"`
	// GoodsExportsPct and GoodsImportsPct are the changes of exports and
	// imports of goods alone, on a dataset whose flows include an untaxed
	// services sector (icio-2022): there the totals mix the goods the
	// tariffs hit with services, which move with wages (the US under
	// liberation-day: imports −19.4%, of goods −42.4%, of services +32.4%).
	GoodsExportsPct       *float64 `json:"goods_exports_pct,omitempty"`
	GoodsImportsPct       *float64 `json:"goods_imports_pct,omitempty"`
	ExportsGDPPct         float64  `json:"exports_gdp_pct"`
	ImportsGDPPct         float64  `json:"imports_gdp_pct"`
	TradeBalanceBefore    float64  `json:"trade_balance_before"`
	TradeBalanceAfter     float64  `json:"trade_balance_after"`
	TariffRevenueBefore   float64  `json:"tariff_revenue_before"`
	TariffRevenueAfter    float64  `json:"tariff_revenue_after"`
	GDPBefore             float64  `json:"gdp_before"`
	GDPAfter              float64  `json:"gdp_after"`
	BalanceGDPPctBefore   float64  `json:"balance_gdp_pct_before"`
	BalanceGDPPctAfter    float64  `json:"balance_gdp_pct_after"`
	EffectiveTariffBefore float64  `json:"effective_tariff_before_pct"`
	EffectiveTariffAfter  float64  `json:"effective_tariff_after_pct"`
	// EffectiveTariffGoods… are the effective tariffs on goods imports
	// alone, on a dataset whose flows include an untaxed services sector
	// (icio-2022), where the rate over all imports is diluted by services.
	EffectiveTariffGoodsBefore *float64 `json:"effective_tariff_goods_before_pct,omitempty"`
	EffectiveTariffGoodsAfter  *float64 `json:"effective_tariff_goods_after_pct,omitempty"`
	// EffectiveTariffAfterBaseWeights is the tariffs after the shock
	// weighted by the baseline imports (a fixed basket, as the US
	// effective-rate tables are), in percent: effective_tariff_after_pct
	// divides revenue by the imports after the shock, which shift away
	// from the goods taxed most, so it rises less (or even falls). The
	// goods variant is its rate on goods alone (with a services sector).
	EffectiveTariffAfterBaseWeights      float64  `json:"effective_tariff_after_base_weights_pct"`
	EffectiveTariffGoodsAfterBaseWeights *float64 `json:"effective_tariff_goods_after_base_weights_pct,omitempty"`
	// BalanceWithLeader… is the country's balance with the leader (0 for
	// the leader itself); nil, and absent from JSON, when there is no
	// leader (a dataset of its own without the default leader, USA).
	BalanceWithLeaderBefore *float64 `json:"bilateral_balance_with_leader_before,omitempty"`
	BalanceWithLeaderAfter  *float64 `json:"bilateral_balance_with_leader_after,omitempty"`
	// GoodsBalanceWithLeader… are the same balance on goods alone, on a
	// world with a services sector: there services, which no tariff
	// reaches, can fill a fixed deficit and swing the balance with the
	// leader without any goods moving.
	GoodsBalanceWithLeaderBefore *float64 `json:"bilateral_goods_balance_with_leader_before,omitempty"`
	GoodsBalanceWithLeaderAfter  *float64 `json:"bilateral_goods_balance_with_leader_after,omitempty"`
	SubsidyOutlay                float64  `json:"export_subsidy_outlay,omitempty"`
	// Transfer and WelfareExTransferPct appear when deficit targets move a
	// country's balance beyond what the closure sets: the spending financed
	// by that change of saving, and real income without it.
	Transfer             float64  `json:"transfer,omitempty"`
	WelfareExTransferPct *float64 `json:"welfare_ex_transfer_pct,omitempty"`
	// WelfareValuationPct is the part of welfare_pct (pp) that comes from
	// keeping the deficit fixed relative to world GDP while the country's
	// own income moves (model.deficits: fixed; model.CountryResult.
	// WelfareExValuation).
	WelfareValuationPct *float64 `json:"welfare_deficit_valuation_pct,omitempty"`
	// Caliendo–Parro's decomposition of welfare into terms-of-trade and
	// volume-of-trade effects (and their sum, what they report as welfare),
	// wherever tariffs or trade costs change; welfare_pct stays the exact
	// change in real income (docs/welfare.md).
	WelfareToTPct  *float64 `json:"welfare_tot_pct,omitempty"`
	WelfareVoTPct  *float64 `json:"welfare_vot_pct,omitempty"`
	WelfareTechPct *float64 `json:"welfare_tech_pct,omitempty"`
	WelfareCPPct   *float64 `json:"welfare_cp_pct,omitempty"`
	// Sectors appear when the dataset has more than one sector.
	Sectors []SectorDoc `json:"sectors,omitempty"`
	// Aggregate marks a unit that stands for several economies (icio-2022's
	// ROW; members.csv): it is solved like any unit, but rankings of
	// countries leave it out.
	Aggregate bool `json:"aggregate,omitempty"`
	// DataQualityFlag is the dataset's plausibility rule's reason to
	// distrust this economy's results (|balance| beyond
	// data.MaxBalancePctGDP % of GDP), as `benchmark` and `compare` carry
	// it; absent when not flagged.
	DataQualityFlag string `json:"data_quality_flag,omitempty"`
	// CurrentAccountGDPPct is the economy's current account (% of GDP) in
	// CurrentAccountYear, the dataset's year, where the dataset has it
	// (IMF WEO): the account a trade balance leaves income flows out of.
	CurrentAccountGDPPct *float64 `json:"current_account_gdp_pct,omitempty"`
	CurrentAccountYear   int      `json:"current_account_year,omitempty"`
	// BaselineTariffFallback marks an importer whose baseline tariffs are
	// the dataset's stand-in, not a figure of its own (dataset.yaml
	// tariff_fallback: world-2023's importers without a World Bank applied
	// average, given the median), so that effective_tariff_before_pct is
	// not read as data; absent otherwise.
	BaselineTariffFallback bool `json:"baseline_tariff_fallback,omitempty"`
}

// SectorDoc is one country's outcome in one sector (DESIGN §4), percent
// changes 100·(x̂ − 1).
type SectorDoc struct {
	Code          string  `json:"code"`
	OutputPct     float64 `json:"output_pct"`
	ValueAddedPct float64 `json:"value_added_pct"`
	ExportsPct    float64 `json:"exports_pct"`
	ImportsPct    float64 `json:"imports_pct"`
	PriceIndexPct float64 `json:"price_index_pct"`
	EmploymentPct float64 `json:"employment_pct"`
	// ImportSharePct is the baseline share of imports in the country's
	// purchases of the sector; TariffBeforePct and TariffAfterPct its
	// tariff on them, weighted by baseline imports. Together they explain
	// price_index_pct (added fields).
	ImportSharePct  float64 `json:"import_share_pct"`
	TariffBeforePct float64 `json:"tariff_before_pct"`
	TariffAfterPct  float64 `json:"tariff_after_pct"`
}

// RetaliationDoc is the answer of a scenario's `retaliation:` block.
type RetaliationDoc struct {
	Rule   string `json:"rule"`
	Leader string `json:"leader"`
	// LeaderFound is set when the leader was not given but found as the
	// only country whose import tariffs the shocks raise.
	LeaderFound bool            `json:"leader_found"`
	Partners    []RetaliatorDoc `json:"partners"`
	// Rounds and Solves describe the search of the optimal rule.
	Rounds int `json:"rounds,omitempty"`
	Solves int `json:"solves,omitempty"`
}

// RetaliatorDoc is one retaliating partner: its tariff on the leader's
// goods after retaliation and the leader's tariff on its goods, in
// percent, each averaged over sectors with the baseline flows as weights.
type RetaliatorDoc struct {
	Code     string  `json:"code"`
	RatePct  float64 `json:"rate_pct"`
	FacedPct float64 `json:"faced_pct"`
}

// ConduitDoc is the value of an origin's goods rerouted through one conduit
// economy to the importers, in the dataset's unit at producer prices.
type ConduitDoc struct {
	Code  string  `json:"code"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// BilateralDoc is one foreign flow before and after, at producer prices.
type BilateralDoc struct {
	Exporter  string  `json:"exporter"`
	Importer  string  `json:"importer"`
	Sector    string  `json:"sector"`
	Before    float64 `json:"before"`
	After     float64 `json:"after"`
	ChangePct float64 `json:"change_pct"`
}

// SolveInput gathers what a solve document is built from.
type SolveInput struct {
	Scenario, Description string
	Leader                string // the country whose bilateral balances are reported
	Target                string // the surplus economy shown beside the leader ("" = none)
	Version               string
	Numeraire             string // as written in the scenario
	Notes                 []string
	Data                  *data.Dataset
	Base                  *model.Baseline
	Result                *model.Result
	Bilateral             bool
	Transship             *transship.Plan // the rerouting of a transshipment block (nil = none)
}

// ServicesSector is the code of the services sector of a dataset with
// goods and services (icio-2022's SERV), which no tariff reaches.
const ServicesSector = "SERV"

// goodsTariffs returns, on a dataset with a services sector, a function
// giving importer j's effective tariff on goods alone (%), before (the
// dataset's tariffs on its flows) and after (the result's tariffs on the
// flows after); nil on a goods-only dataset. tariffs nil means the
// dataset's.
func goodsTariffs(ds *data.Dataset, tariffs, flows []float64) func(j int) (*float64, *float64) {
	serv := servicesIndex(ds)
	if serv < 0 || flows == nil {
		return nil
	}
	if tariffs == nil {
		tariffs = ds.Tariffs
	}
	N, S := ds.N(), ds.S()
	rate := func(t, x []float64, j int) *float64 {
		num, den := 0.0, 0.0
		for i := 0; i < N; i++ {
			for s := 0; s < S; s++ {
				if i == j || s == serv {
					continue
				}
				k := ds.At(i, j, s)
				tk := 0.0
				if t != nil {
					tk = t[k]
				}
				num += tk * x[k]
				den += x[k]
			}
		}
		v := 0.0
		if den > 0 {
			v = 100 * num / den
		}
		return &v
	}
	return func(j int) (*float64, *float64) {
		return rate(ds.Tariffs, ds.Trade, j), rate(tariffs, flows, j)
	}
}

// goodsTradeChange returns, on a dataset with a services sector (serv ≥ 0),
// a function giving country j's change of goods exports and imports (%),
// from the dataset's flows to flows (after the shock, at producer prices,
// as the totals); nil without services or flows. A country without goods
// exports (or imports) before gets nil for that change.
func goodsTradeChange(ds *data.Dataset, flows []float64, serv int) func(j int) (exp, imp *float64) {
	if serv < 0 || flows == nil {
		return nil
	}
	N, S := ds.N(), ds.S()
	return func(j int) (*float64, *float64) {
		var expB, expA, impB, impA float64
		for i := range N {
			if i == j {
				continue
			}
			for s := range S {
				if s == serv {
					continue
				}
				out, in := ds.At(j, i, s), ds.At(i, j, s)
				expB, expA = expB+ds.Trade[out], expA+flows[out]
				impB, impA = impB+ds.Trade[in], impA+flows[in]
			}
		}
		change := func(after, before float64) *float64 {
			if before <= 0 {
				return nil
			}
			v := 100 * (after/before - 1)
			return &v
		}
		return change(expA, expB), change(impA, impB)
	}
}

// baseWeightTariff is importer j's tariffs (nil = none) weighted by its
// baseline imports, in percent: over every sector, or over every sector but
// skip (-1 = none).
func baseWeightTariff(ds *data.Dataset, tariffs []float64, j, skip int) float64 {
	num, den := 0.0, 0.0
	for i := range ds.N() {
		for s := range ds.S() {
			if i == j || s == skip {
				continue
			}
			k := ds.At(i, j, s)
			if tariffs != nil {
				num += tariffs[k] * ds.Trade[k]
			}
			den += ds.Trade[k]
		}
	}
	if den == 0 {
		return 0
	}
	return 100 * num / den
}

// servicesIndex is the position of the services sector, -1 when the
// dataset has none (data.Dataset.ServicesIndex).
func servicesIndex(ds *data.Dataset) int {
	if s, ok := ds.ServicesIndex(); ok {
		return s
	}
	return -1
}

func pct(x float64) float64 { return 100 * (x - 1) }

func pctChange(after, before float64) float64 {
	if before == 0 {
		if after == 0 {
			return 0
		}
		return math.Inf(1)
	}
	return 100 * (after/before - 1)
}

func sectorsOf(all [][]model.SectorResult, j int) []model.SectorResult {
	if all == nil {
		return nil
	}
	return all[j]
}

// coverage is the dataset's trade coverage as outputs name it.
func coverage(ds *data.Dataset) string {
	if ds.Coverage == "" {
		return data.CoverageGoods
	}
	return ds.Coverage
}

// NewProvenance records the data and model options of a result solved on
// ds under opt (numeraire as the scenario writes it, version tradebloc's).
// An unset tolerance is the solver's default, which is the one in force.
func NewProvenance(ds *data.Dataset, opt model.Options, version, numeraire string) Provenance {
	tol := opt.Tol
	if tol <= 0 {
		tol = model.DefaultTol
	}
	p := Provenance{
		Dataset: ds.Name, DatasetHash: ds.Hash(), Unit: ds.Unit, TradeblocVersion: version,
		TradeCoverage: coverage(ds),
		Model: ModelDoc{
			TradeElasticity: map[string]float64{}, Deficits: opt.Deficits.String(),
			LaborSupplyElasticity: opt.Kappa, ScaleElasticity: opt.Psi,
			TariffRevenue: opt.Revenue.String(), Welfare: opt.Welfare.String(), Competition: opt.Competition.String(),
			Numeraire: numeraire, Tolerance: tol,
		},
	}
	if opt.IOVariant != model.CaliendoParroIO {
		p.Model.IOVariant = opt.IOVariant.String()
	}
	for s, sec := range ds.Sectors {
		p.Model.TradeElasticity[sec.Code] = opt.Theta[s]
	}
	return p
}

// NewSolveDoc builds the document for a solved scenario.
func NewSolveDoc(in SolveInput) *SolveDoc {
	r, ds, b := in.Result, in.Data, in.Base
	opt := r.Options
	doc := &SolveDoc{
		Scenario: in.Scenario, Description: in.Description,
		Converged: r.Status == model.Converged, Status: r.Status.String(), Reason: r.Reason,
		Iterations: r.Iterations, MaxResidual: r.MaxResidual, SolveSeconds: r.Seconds,
		Leader: in.Leader, Target: in.Target, Notes: in.Notes,
		Provenance: NewProvenance(ds, opt, in.Version, in.Numeraire),
	}
	if tf := ds.TariffFallback; len(tf.Importers) > 0 {
		doc.TariffFallback = &tf
	}
	for _, sec := range ds.Sectors {
		if ds.S() > 1 && sec.Name != "" {
			if doc.SectorNames == nil {
				doc.SectorNames = map[string]string{}
			}
			doc.SectorNames[sec.Code] = sec.Name
		}
	}
	flags := ds.QualityFlags()
	N, S := ds.N(), ds.S()
	flows := b.Flows(r)
	goodsRate := goodsTariffs(ds, r.Tariffs(), flows)
	after := r.Tariffs()
	if after == nil {
		after = ds.Tariffs
	}
	serv := servicesIndex(ds)
	// Goods trade from the flows before any rerouting, which moves
	// bilateral flows but no economy's total (as ImportsPct).
	goodsTrade := goodsTradeChange(ds, flows, serv)
	if ts := in.Transship; ts != nil && flows != nil {
		// Rerouted goods travel origin → conduit → importer: bilateral
		// balances (and flows) show the detour; multilateral ones do not move.
		for _, l := range transship.Leaks(ts.Table, ts.Routes, flows) {
			doc.Transshipment = append(doc.Transshipment, ConduitDoc{Code: ds.Countries[l.Conduit].Code, Name: ds.Countries[l.Conduit].Name, Value: l.Value})
		}
		flows = transship.Reroute(ts.Table, ts.Routes, flows)
	}
	leader, hasLeader := ds.Index(in.Leader)
	var dec []model.Decomposition
	if r.MovesTrade() {
		dec = b.Decompose(r)
	}
	var sectors [][]model.SectorResult
	if S > 1 {
		sectors = b.Sectors(r)
	}
	for j, c := range r.Countries {
		cd := CountryDoc{
			Code: c.Code, Name: ds.Countries[j].Name,
			WelfarePct: pct(c.Welfare), RealWagePct: pct(c.RealWage), WagePct: pct(c.Wage),
			PriceIndexPct: pct(c.PriceIndex), EmploymentPct: pct(c.Employment),
			ExportsPct:         pctChange(c.ExportsAfter, c.ExportsBefore),
			ImportsPct:         pctChange(c.ImportsAfter, c.ImportsBefore),
			ExportsGDPPct:      pctChange(c.ExportsAfter/c.GDPAfter, c.ExportsBefore/c.GDPBefore),
			ImportsGDPPct:      pctChange(c.ImportsAfter/c.GDPAfter, c.ImportsBefore/c.GDPBefore),
			TradeBalanceBefore: c.BalanceBefore(), TradeBalanceAfter: c.BalanceAfter(),
			TariffRevenueBefore: c.RevenueBefore, TariffRevenueAfter: c.RevenueAfter,
			GDPBefore: c.GDPBefore, GDPAfter: c.GDPAfter,
			BalanceGDPPctBefore:   100 * c.BalanceBefore() / c.GDPBefore,
			BalanceGDPPctAfter:    100 * c.BalanceAfter() / c.GDPAfter,
			EffectiveTariffBefore: 100 * c.EffectiveTariffBefore, EffectiveTariffAfter: 100 * c.EffectiveTariffAfter,
			SubsidyOutlay: c.SubsidyOutlay,
			Aggregate:     ds.IsAggregate(j),

			BaselineTariffFallback: ds.IsTariffFallback(c.Code),
		}
		if dec != nil {
			d := dec[j]
			tot, vot, cp := 100*d.ToT, 100*d.VoT, 100*d.CP()
			cd.WelfareToTPct, cd.WelfareVoTPct, cd.WelfareCPPct = &tot, &vot, &cp
			if d.Tech != 0 {
				tech := 100 * d.Tech
				cd.WelfareTechPct = &tech
			}
		}
		for s, sr := range sectorsOf(sectors, j) {
			cd.Sectors = append(cd.Sectors, SectorDoc{
				Code: ds.Sectors[s].Code, OutputPct: pct(sr.Output), ValueAddedPct: pct(sr.ValueAdded),
				ExportsPct: pct(sr.Exports), ImportsPct: pct(sr.Imports), PriceIndexPct: pct(sr.PriceIndex),
				EmploymentPct: pct(sr.Employment), ImportSharePct: 100 * sr.ImportShare,
				TariffBeforePct: 100 * sr.TariffBefore, TariffAfterPct: 100 * sr.TariffAfter,
			})
		}
		if math.Abs(c.Transfer) > 1e-9*math.Abs(c.GDPAfter) {
			cd.Transfer = c.Transfer
			v := pct(c.WelfareExTransfer)
			cd.WelfareExTransferPct = &v
		}
		if goodsTrade != nil {
			cd.GoodsExportsPct, cd.GoodsImportsPct = goodsTrade(j)
		}
		cd.EffectiveTariffAfterBaseWeights = baseWeightTariff(ds, after, j, -1)
		if goodsRate != nil {
			cd.EffectiveTariffGoodsBefore, cd.EffectiveTariffGoodsAfter = goodsRate(j)
			if serv >= 0 {
				v := baseWeightTariff(ds, after, j, serv)
				cd.EffectiveTariffGoodsAfterBaseWeights = &v
			}
		}
		if v := 100 * (c.Welfare - c.WelfareExValuation); math.Abs(v) > 1e-9 {
			cd.WelfareValuationPct = &v
		}
		if f, ok := data.QualityFlagOf(flags, c.Code); ok {
			cd.DataQualityFlag = f.Reason
		}
		if ca, year, ok := ds.CurrentAccountPct(c.Code); ok {
			cd.CurrentAccountGDPPct, cd.CurrentAccountYear = &ca, year
		}
		if hasLeader {
			before, after := 0.0, 0.0
			for s := 0; j != leader && s < S; s++ {
				before += ds.Trade[ds.At(j, leader, s)] - ds.Trade[ds.At(leader, j, s)]
				after += flows[ds.At(j, leader, s)] - flows[ds.At(leader, j, s)]
			}
			cd.BalanceWithLeaderBefore, cd.BalanceWithLeaderAfter = &before, &after
			if serv >= 0 && j != leader {
				gb := before - (ds.Trade[ds.At(j, leader, serv)] - ds.Trade[ds.At(leader, j, serv)])
				ga := after - (flows[ds.At(j, leader, serv)] - flows[ds.At(leader, j, serv)])
				cd.GoodsBalanceWithLeaderBefore, cd.GoodsBalanceWithLeaderAfter = &gb, &ga
			}
		}
		doc.Countries = append(doc.Countries, cd)
	}
	if in.Bilateral {
		for i := 0; i < N; i++ {
			for j := 0; j < N; j++ {
				if i == j {
					continue
				}
				for s := 0; s < S; s++ {
					k := ds.At(i, j, s)
					if ds.Trade[k] == 0 && flows[k] == 0 {
						continue
					}
					doc.Bilateral = append(doc.Bilateral, BilateralDoc{
						Exporter: ds.Countries[i].Code, Importer: ds.Countries[j].Code, Sector: ds.Sectors[s].Code,
						Before: ds.Trade[k], After: flows[k], ChangePct: pctChange(flows[k], ds.Trade[k]),
					})
				}
			}
		}
	}
	return doc
}
