package model

import "math"

// Closure is the rule that sets each country's trade deficit in the
// counterfactual (DESIGN §3, scenario key `deficits`).
type Closure int

// The deficit closures.
const (
	// Fixed keeps D'_j = D_j·ΣY'/ΣY: deficits fixed relative to world GDP
	// (Dekle–Eaton–Kortum; ge_gravity's "additive" imbalances).
	Fixed Closure = iota
	// Ratio keeps (E'_j − R'_j)/Y'_j at its baseline value, up to one world
	// factor that makes deficits sum to zero (ge_gravity's "multiplicative").
	Ratio
	// Zero sets every deficit to zero (balanced trade) in the same step as
	// the shock: Dekle–Eaton–Kortum's "unbalanced trade" experiment, whose
	// welfare includes the transfer from closing each deficit.
	Zero
	// Purge applies the shock to a baseline whose deficits were first set
	// to zero with no other change (Ossa 2014; Caliendo–Parro 2015): see
	// PurgeDeficits. On that balanced baseline it keeps deficits at zero.
	Purge
)

var closureNames = []string{"fixed", "ratio", "zero", "purge"}

func (c Closure) String() string { return closureNames[c] }

// ParseClosure parses a `deficits` value.
func ParseClosure(s string) (Closure, bool) {
	for i, n := range closureNames {
		if n == s {
			return Closure(i), true
		}
	}
	return 0, false
}

// RevenueUse says how tariff revenue reaches households when labour supply is
// elastic (scenario key `tariff_revenue`).
type RevenueUse int

// The revenue uses.
const (
	LumpSum   RevenueUse = iota // handed back as a lump sum
	IncomeTax                   // cuts an income tax τ' = R'/Y'
)

var revenueNames = []string{"lump_sum", "income_tax"}

func (r RevenueUse) String() string { return revenueNames[r] }

// ParseRevenueUse parses a `tariff_revenue` value.
func ParseRevenueUse(s string) (RevenueUse, bool) {
	for i, n := range revenueNames {
		if n == s {
			return RevenueUse(i), true
		}
	}
	return 0, false
}

// WelfareMeasure selects how real income is measured when labour supply is
// elastic (scenario key `model.welfare`); with κ = 0 both are Ê/P̂.
type WelfareMeasure int

// The welfare measures.
const (
	// ExactWelfare is the change in the utility U = C − κ/(κ+1)·L^((1+κ)/κ)
	// of DESIGN §3, derived in docs/welfare.md.
	ExactWelfare WelfareMeasure = iota
	// ILMS2025Welfare is the published formula of Ignatenko, Lashkaripour,
	// Macedoni & Simonovska (2025), kept to reproduce their tables: it
	// leaves the change of the income tax out of its second term.
	ILMS2025Welfare
)

var welfareNames = []string{"exact", "ilms2025"}

func (m WelfareMeasure) String() string { return welfareNames[m] }

// ParseWelfareMeasure parses a `model.welfare` value.
func ParseWelfareMeasure(s string) (WelfareMeasure, bool) {
	for i, n := range welfareNames {
		if n == s {
			return WelfareMeasure(i), true
		}
	}
	return 0, false
}

// IOVariant selects the production structure of the input–output model
// (scenario key `model.io_variant`); it matters only with input–output
// linkages.
type IOVariant int

// The input–output variants.
const (
	// CaliendoParroIO is the model of io.go: scale economies on labour,
	// ĉ = (ŵL̂^(−ψ))^β · Π_k P̂_k^γ_k.
	CaliendoParroIO IOVariant = iota
	// ILMS2025IO is the one-sector input–output model of Ignatenko,
	// Lashkaripour, Macedoni & Simonovska (2025, §5.5): scale economies on
	// the composite of labour and inputs that pays for entry,
	// ĉ = ŵ^β P̂^(1−β) / ((ŵ/P̂)^(1−β) L̂)^ψ, with their fixed costs ν and
	// tariff pass-through φ (ilmsio.go).
	ILMS2025IO
)

var ioVariantNames = []string{"caliendo_parro", "ilms2025"}

func (v IOVariant) String() string { return ioVariantNames[v] }

// ParseIOVariant parses a `model.io_variant` value.
func ParseIOVariant(s string) (IOVariant, bool) {
	for i, n := range ioVariantNames {
		if n == s {
			return IOVariant(i), true
		}
	}
	return 0, false
}

// Competition is the market structure of production (scenario key
// `model.competition`).
type Competition int

// The market structures.
const (
	// Perfect competition: every sale is factor income (the
	// Armington/Eaton–Kortum model of DESIGN §3).
	Perfect Competition = iota
	// Krugman is monopolistic competition with a fixed mass of firms (Ossa
	// 2014): the trade elasticity is θ_s = σ_s − 1 and a share 1/σ_s of
	// sales is profit income of the producing country (krugman.go,
	// docs/krugman.md).
	Krugman
)

var competitionNames = []string{"perfect", "krugman"}

func (c Competition) String() string { return competitionNames[c] }

// ParseCompetition parses a `model.competition` value.
func ParseCompetition(s string) (Competition, bool) {
	for i, n := range competitionNames {
		if n == s {
			return Competition(i), true
		}
	}
	return 0, false
}

// NumeraireKind selects the price normalisation (scenario key `numeraire`).
// Real results do not depend on it.
type NumeraireKind int

// The numeraires.
const (
	WorldPrice  NumeraireKind = iota // Σ_j E_j (P̂_j − 1) = 0
	WorldGDP                         // ΣGDP' = ΣGDP
	CountryWage                      // ŵ of one country fixed at 1
	// WorldWage: the GDP-weighted mean wage change is nil, Σ_i GDP_i (ŵ_i − 1)
	// = 0 (ILMS's input–output code). Unlike WorldGDP it leaves out the
	// change in employment.
	WorldWage
)

// Options are the model settings of a scenario.
type Options struct {
	// Theta is the trade elasticity θ_s per sector (len S, each > 0).
	Theta []float64
	// Deficits is the deficit closure.
	Deficits Closure
	// Kappa is the labour-supply elasticity κ ≥ 0 (0 = inelastic labour).
	Kappa float64
	// Psi is the scale elasticity ψ ≥ 0 (0 = constant returns).
	Psi float64
	// Revenue says how tariff revenue is used when Kappa > 0.
	Revenue RevenueUse
	// Welfare selects the welfare measure when Kappa > 0.
	Welfare WelfareMeasure
	// Competition is the market structure; under Krugman, Theta[s] is
	// σ_s − 1 and labour supply must be inelastic, without input–output
	// linkages.
	Competition Competition
	// NoIO asks for the model without input–output linkages on a dataset
	// that has them (scenario key model.io: false). It is a calibration
	// choice (CalibrateOptions.NoIO); Solve checks that the baseline agrees.
	NoIO bool
	// IOVariant is the input–output production structure (default
	// CaliendoParroIO); ILMS2025IO needs a one-sector baseline with
	// input–output linkages.
	IOVariant IOVariant
	// FixedCostShare is ν_j, the share of sales in market j that pays for
	// fixed costs in j's own labour (Ignatenko, Lashkaripour, Macedoni &
	// Simonovska 2025; nil = 0 everywhere, the Eaton–Kortum case). It moves
	// the baseline's factor income, so it is a calibration choice
	// (CalibrateOptions.FixedCostShare); Solve checks that the baseline
	// agrees. See fixedcost.go.
	FixedCostShare []float64
	// Passthrough is φ_j, the pass-through of importer j's tariffs to its
	// import price index (nil = 1 everywhere): trade shares respond to
	// (1+t)^(−θφ) and P̂_j carries the factor (Ê_j/ŵ_j)^(1−φ_j). See
	// fixedcost.go and ILMSPassthrough.
	Passthrough []float64
	// Numeraire and, for CountryWage, NumeraireCountry (an index).
	Numeraire        NumeraireKind
	NumeraireCountry int
	// Tol is the convergence tolerance on the max relative market-clearing
	// residual (default 1e-12); MaxIter caps iterations (default 2000).
	Tol     float64
	MaxIter int
}

// UniformTheta returns θ repeated for S sectors.
func UniformTheta(theta float64, S int) []float64 {
	t := make([]float64, S)
	for s := range t {
		t[s] = theta
	}
	return t
}

// Shocks is one counterfactual: the instruments that move away from the
// baseline. A nil slice means "as in the baseline". Bilateral slices use the
// data layout (i*N+j)*S+s with exporter i, importer j.
type Shocks struct {
	// Tariff is the new ad valorem tariff t'_ij,s (> −1).
	Tariff []float64
	// Cost is the iceberg trade-cost change d̂_ij,s (> 0).
	Cost []float64
	// Subsidy is an ad valorem export subsidy sub_ij,s (> −1) paid by the
	// exporter's government: buyers pay (1+t)/(1+sub) times the producer
	// price, and the outlay X·sub/(1+sub) comes out of the exporter's income.
	// The baseline has no subsidies.
	Subsidy []float64
	// DeficitTarget is, per country, a target for the trade deficit D'_j as a
	// share of its GDP after the shock (NaN = the closure applies). Countries without a
	// target absorb the residual so that deficits sum to zero, in proportion
	// to Absorb (nil = to GDP).
	DeficitTarget []float64
	// Absorb weights (≥ 0, per country) for spreading the residual of the
	// deficit targets; only countries without a target receive any.
	Absorb []float64
}

// NoTarget is the DeficitTarget value meaning "no target".
var NoTarget = math.NaN()
