package tariffs

import (
	"fmt"
	"math"
	"sort"
)

// Method is the USTR reciprocal-tariff formula of 2 April 2025:
//
//	Δτ = (x − m) / (ε · φ · m)
//
// with x US exports to and m US imports from the partner, ε the import
// demand elasticity and φ the pass-through of tariffs to import prices. The
// published rate is half of −Δτ ("discounted"), rounded up to a whole
// percent, with a floor: rate = max(floor, ⌈½ · (−Δτ) · 100⌉).
type Method struct {
	Epsilon  float64 // ε, import demand elasticity (USTR: 4)
	Phi      float64 // φ, tariff pass-through to import prices (USTR: 0.25; critics: 0.945)
	FloorPct float64 // minimum rate in percent (USTR: 10)
	Half     bool    // halve −Δτ, the "discount" of the published chart
}

// USTR is the method as published: ε = 4, φ = 0.25 (so ε·φ = 1 and −Δτ is
// the deficit over imports), floor 10%, halved.
var USTR = Method{Epsilon: 4, Phi: 0.25, FloorPct: 10, Half: true}

// ceilTol absorbs floating-point error before rounding up: (m−x)/m·50 for a
// deficit of exactly 28% evaluates to 14.000000000000002, and a naive ceil
// would publish 15.
const ceilTol = 1e-9

// Validate reports a parameter outside the formula's domain.
func (m Method) Validate() error {
	switch {
	case !(m.Epsilon > 0) || math.IsInf(m.Epsilon, 0):
		return fmt.Errorf("epsilon must be positive and finite, got %g", m.Epsilon)
	case !(m.Phi > 0) || math.IsInf(m.Phi, 0):
		return fmt.Errorf("phi must be positive and finite, got %g", m.Phi)
	case !(m.FloorPct >= 0) || math.IsInf(m.FloorPct, 0):
		return fmt.Errorf("floor must be zero or positive, got %g", m.FloorPct)
	}
	return nil
}

// Rate returns the formula rate in whole percent for a partner with US
// imports and exports (same unit). Surplus partners (x ≥ m) and partners the
// US does not import from (m ≤ 0, where Δτ is undefined) get the floor.
func (m Method) Rate(imports, exports float64) float64 {
	if !(imports > 0) {
		return m.FloorPct
	}
	v := -m.DeltaTau(imports, exports) * 100
	if m.Half {
		v /= 2
	}
	return math.Max(m.FloorPct, math.Ceil(v-ceilTol))
}

// DeltaTau is the unrounded tariff change Δτ = (x − m)/(ε·φ·m) as a
// decimal; negative for a US deficit. NaN when imports are not positive.
func (m Method) DeltaTau(imports, exports float64) float64 {
	if !(imports > 0) {
		return math.NaN()
	}
	return (exports - imports) / (m.Epsilon * m.Phi * imports)
}

// Rounding names the rounding rule, as reported in the method block of
// `tradebloc tariffs reciprocal`.
func (m Method) Rounding() string {
	if m.Half {
		return "ceil(0.5*(-dtau)*100) to a whole percent, then max with floor"
	}
	return "ceil((-dtau)*100) to a whole percent, then max with floor"
}

// Row is one partner of the reciprocal table: its trade, the formula rate
// under a Method and the published rates (NaN when the partner has none).
type Row struct {
	Partner
	Deficit             float64 // US imports − exports, USD mn
	DeficitOverImports  float64 // 100·(m − x)/m; NaN when m = 0
	FormulaPct          float64
	FormulaMatchesAnnex bool // Annex I partners only: formula == Annex I rate
}

// Flag explains where the formula and the published rates differ: "" when
// they agree or the partner has no published country rate.
func (r Row) Flag() string {
	switch {
	case r.AnnexListed && !r.FormulaMatchesAnnex:
		return fmt.Sprintf("formula %g vs annex %g", r.FormulaPct, r.AnnexPct)
	case !r.AnnexListed && !math.IsNaN(r.ChartReciprocalPct) && r.ChartReciprocalPct != r.FormulaPct:
		return fmt.Sprintf("formula %g vs chart %g", r.FormulaPct, r.ChartReciprocalPct)
	}
	return ""
}

// Table applies the method to every partner of the record, in record order.
func (m Method) Table() []Row {
	ps := partners()
	rows := make([]Row, len(ps))
	for i, p := range ps {
		r := Row{Partner: p, Deficit: p.Imports - p.Exports, DeficitOverImports: math.NaN()}
		if p.Imports > 0 {
			r.DeficitOverImports = 100 * (p.Imports - p.Exports) / p.Imports
		}
		r.FormulaPct = m.Rate(p.Imports, p.Exports)
		r.FormulaMatchesAnnex = p.AnnexListed && r.FormulaPct == p.AnnexPct
		rows[i] = r
	}
	return rows
}

// SortByDeficit orders rows by US deficit, largest first (ties by code), the
// order of the printed table.
func SortByDeficit(rows []Row) {
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Deficit != rows[j].Deficit {
			return rows[i].Deficit > rows[j].Deficit
		}
		return rows[i].Code < rows[j].Code
	})
}

// AnnexMatches counts the Annex I partners among rows and how many of their
// published rates the formula reproduces exactly.
func AnnexMatches(rows []Row) (matched, listed int) {
	for _, r := range rows {
		if r.AnnexListed {
			listed++
			if r.FormulaMatchesAnnex {
				matched++
			}
		}
	}
	return matched, listed
}
