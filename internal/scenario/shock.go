package scenario

// Kind names a shock's instrument; it is the single key of a `shocks:` item.
// New instruments (rebalance, export_subsidy, capital_flow_measure,
// coalition) are added as new kinds with a sub-struct of their own, so the
// existing ones never change shape.
type Kind string

// The shock kinds.
const (
	KindTariff        Kind = "tariff"
	KindTradeCost     Kind = "trade_cost"
	KindRebalance     Kind = "rebalance"
	KindExportSubsidy Kind = "export_subsidy"
	KindCapitalFlow   Kind = "capital_flow_measure"
	KindRestriction   Kind = "export_restriction"
)

// Shock is one item of `shocks:`. Exactly the sub-struct named by Kind is set.
type Shock struct {
	Kind Kind
	Pos  Pos // the item's key, field `shocks[k].<kind>`

	Tariff        *TariffShock
	TradeCost     *TradeCostShock
	Rebalance     *RebalanceShock
	ExportSubsidy *ExportSubsidyShock
	CapitalFlow   *CapitalFlowShock
	Restriction   *ExportRestrictionShock
}

// TariffOp is how a tariff shock sets the new rates.
type TariffOp int

// The tariff operations.
const (
	SetRate  TariffOp = iota // `rate`: t' = Value
	AddRate                  // `add`: t' = t + Value
	RateFile                 // `file`: t' = the row's rate, per exporter (and sector)
	Schedule                 // `schedule`: a named US schedule of package tariffs
	Mirror                   // `mirror: true`: retaliation in kind
)

// TariffShock changes the importers' tariffs on the exporters. Each one is
// applied to the rates in force after the shocks before it, not to the
// baseline, so "set then add" means what it says.
type TariffShock struct {
	Op       TariffOp
	Importer Selector
	Exporter Selector // empty for RateFile; optional (no restriction) for Schedule
	Sector   Selector // empty = every sector

	Value    float64 // the rate (SetRate) or increment (AddRate), a decimal
	ValuePos Pos     // where Value was written, for "rate ≤ −1" at compile time

	File string    // RateFile: the CSV path as written
	Rows []RateRow // RateFile: its rows, read at parse time

	Schedule Ref // Schedule: the schedule's name
	// ScheduleDate is the date of the us-record schedule (YYYY-MM-DD, or
	// "today", resolved when the scenario is compiled); "" for a named
	// schedule, which has its own date.
	ScheduleDate    string
	ScheduleDatePos Pos
	// ScheduleSince (us-record, optional) applies only the change of the
	// duty between this date and ScheduleDate; "" = the change since the
	// regime the dataset's baseline carries (data.Dataset.USRecordInBaseline),
	// or the whole duty on a dataset that carries none.
	ScheduleSince    string
	ScheduleSincePos Pos
	// TransshipPenalty (a schedule option) is the extra tariff the
	// importers put on goods they find transshipped: `transship_penalty:
	// true` is EO 14326's 40% (from 2025-08-07), or a rate. It acts through
	// the scenario's `transshipment:` block; 0 = none.
	TransshipPenalty    float64
	TransshipPenaltyPos Pos
}

// EO14326Penalty is the additional duty of EO 14326 (31 July 2025, in force
// 7 August 2025) on goods US Customs finds transshipped to evade the
// reciprocal tariffs: 40% ad valorem, in lieu of the origin's rate.
const EO14326Penalty = 0.40

// eo14326Start is the date EO 14326's transshipment penalty took effect.
const eo14326Start = "2025-08-07"

// RateRow is one row of a tariff rates CSV (`exporter,rate[,sector]`).
type RateRow struct {
	Exporter Ref
	Sector   Ref // Name "" = every sector
	Rate     float64
	Pos      Pos // the rate cell
}

// CostMeasure is how a trade-cost change is expressed.
type CostMeasure int

// The trade-cost measures.
const (
	// PartialEffect b: d̂^(−θ_s) = e^b, so d̂ = exp(−b/θ_s) — the form in which
	// gravity estimates (e.g. of a trade agreement) are published.
	PartialEffect CostMeasure = iota
	// Factor f: d̂ = f directly.
	Factor
)

// TradeCostShock changes iceberg trade costs. Changes compound: a second
// shock on the same pair multiplies the first's d̂.
type TradeCostShock struct {
	Importer, Exporter Selector
	Sector             Selector // empty = every sector
	Measure            CostMeasure
	Value              float64

	File string    // the CSV path as written; when set, Rows replace the selectors
	Rows []CostRow // its rows, read at parse time
}

// CostRow is one row of a trade-cost CSV
// (`exporter,importer,partial_effect|factor[,sector]`).
type CostRow struct {
	Exporter, Importer Ref
	Sector             Ref // Name "" = every sector
	Measure            CostMeasure
	Value              float64
	Pos                Pos // the value cell
}
