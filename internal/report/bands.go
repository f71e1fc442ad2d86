package report

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Band is an output's spread over the points of a sweep: its 10th, 50th and
// 90th percentiles (linear interpolation between the sorted values, numpy's
// and R's default, as the planner's ranges) and its extremes.
type Band struct {
	P10 float64 `json:"p10"`
	P50 float64 `json:"p50"`
	P90 float64 `json:"p90"`
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// NewBand is the band of xs (NaN everywhere for none).
func NewBand(xs []float64) Band {
	if len(xs) == 0 {
		n := math.NaN()
		return Band{n, n, n, n, n}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	q := func(p float64) float64 {
		h := p * float64(len(s)-1)
		lo := int(math.Floor(h))
		hi := min(lo+1, len(s)-1)
		return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
	}
	return Band{P10: q(0.1), P50: q(0.5), P90: q(0.9), Min: s[0], Max: s[len(s)-1]}
}

// Bands is the uncertainty of a result: the band of each output over a
// sweep of the model's parameters (tradebloc sweep; by default in solve and
// coalition, over scenario.DefaultVariants).
type Bands struct {
	// Over says what the sweep varies: "θ ∈ {3, 5}".
	Over string `json:"over"`
	// Draws is true when the points are random draws (the band to read is
	// p10–p90) and false for a grid (min–max: every point counts).
	Draws  bool    `json:"draws"`
	Points []Point `json:"points"`
	// Countries maps a country (or player) code to its outputs' bands:
	// welfare_pct, real_wage_pct, … as in the result's own keys.
	Countries map[string]map[string]Band `json:"countries"`
	// Coalitions is each coalition's share of points at which it is
	// stable (coalition games).
	Coalitions []CoalitionShare `json:"coalitions,omitempty"`
	// Notes say what the band leaves out (a point that did not solve).
	Notes []string `json:"notes,omitempty"`
	// LeadingBreaks (coalition games) names, at each point where the
	// leading coalition is not stable, the move that unsettles it most.
	LeadingBreaks []Break `json:"leading_breaks,omitempty"`
	// CentralIncluded is set when min and max span the central result too
	// (the scenario at its own parameters, printed beside the band; a
	// solve document's bands are written so), not the points alone:
	// welfare need not be monotone in θ, and over θ ∈ {3, 5} alone
	// Ireland's −2.032% at θ = 4 under liberation-day-retaliation sat
	// outside its band of −2.038% to −2.035%. p10, p50 and p90 stay the
	// points' own.
	CentralIncluded bool `json:"central_included,omitempty"`
	// CentralPoint names the central parameters when they are one θ
	// ("θ = 4"); "" when they are more (a sectoral world's own θ).
	CentralPoint string `json:"central_point,omitempty"`
}

// Break is the move that unsettles a coalition at one point of a sweep:
// the member that gains most by leaving it (with the defector penalty) or
// the outsider that gains most by joining it.
type Break struct {
	Point  Point  `json:"point"`
	Player string `json:"player"`
	// Move is "leaves" or "joins".
	Move string `json:"move"`
	// GainPct is what the move gains the player, in percent of real
	// income.
	GainPct float64 `json:"gain_pct"`
}

// Point is one point of a sweep: the model options it sets, with the
// scenario file's keys (the fields of scenario.Variant, which converts to
// it). Zero fields leave the scenario's own choice.
type Point struct {
	Theta        float64 `json:"trade_elasticity,omitempty"`
	ThetaScale   float64 `json:"trade_elasticity_scale,omitempty"`
	Elasticities string  `json:"elasticities,omitempty"`
	Deficits     string  `json:"deficits,omitempty"`
	// ServicesThetaScale scales the services sector's θ alone
	// (scenario.Variant).
	ServicesThetaScale float64 `json:"services_trade_elasticity_scale,omitempty"`
}

// String describes the point: "θ = 3, deficits ratio".
func (v Point) String() string {
	var parts []string
	if v.Elasticities != "" {
		parts = append(parts, "elasticities "+v.Elasticities)
	}
	if v.Theta > 0 {
		parts = append(parts, "θ = "+strconv.FormatFloat(v.Theta, 'g', 4, 64))
	}
	if v.ThetaScale > 0 {
		parts = append(parts, "θ × "+strconv.FormatFloat(v.ThetaScale, 'f', 3, 64))
	}
	if v.Deficits != "" {
		parts = append(parts, "deficits "+v.Deficits)
	}
	if v.ServicesThetaScale > 0 {
		parts = append(parts, "services θ × "+strconv.FormatFloat(v.ServicesThetaScale, 'g', 4, 64))
	}
	if len(parts) == 0 {
		return "as the scenario says"
	}
	return strings.Join(parts, ", ")
}

// CoalitionShare is how often a coalition is stable across a sweep.
type CoalitionShare struct {
	Members     []string `json:"members"`
	StableShare float64  `json:"stable_share"`
	// LeadingShare (sweeps) is the share of points at which it is the
	// leading coalition.
	LeadingShare *float64 `json:"leading_share,omitempty"`
}

// Range is the band to print for an output: min–max over a grid, p10–p90
// over draws.
func (b *Bands) Range(code, output string) (lo, hi float64, ok bool) {
	if b == nil {
		return 0, 0, false
	}
	bd, ok := b.Countries[code][output]
	if !ok || math.IsNaN(bd.Min) {
		return 0, 0, false
	}
	if b.Draws {
		return bd.P10, bd.P90, true
	}
	return bd.Min, bd.Max, true
}

// RangeWith is Range widened to contain central, the result at the
// scenario's own parameters, which a reader sees beside the range and
// must never find outside it (a grid's min–max only; p10–p90 over draws is
// left as it is). For a caller whose bands keep the points alone, as the
// coalition game's JSON does.
func (b *Bands) RangeWith(code, output string, central float64) (lo, hi float64, ok bool) {
	lo, hi, ok = b.Range(code, output)
	if ok && !b.Draws && !math.IsNaN(central) && !math.IsInf(central, 0) {
		lo, hi = min(lo, central), max(hi, central)
	}
	return lo, hi, ok
}

// RangeTextWith is RangeText of RangeWith.
func (b *Bands) RangeTextWith(code, output string, central float64, prec int) string {
	lo, hi, ok := b.RangeWith(code, output, central)
	if !ok {
		return "–"
	}
	return Num(lo, prec) + " to " + Num(hi, prec)
}

// Label names the printed range: "range over θ ∈ {3, 5}", "range over θ ∈
// {3, 5} and the central θ = 4" when min and max include the central
// result (CentralIncluded), or "p10–p90 over 200 draws".
func (b *Bands) Label() string {
	if b.Draws {
		return "p10–p90 over " + b.Over
	}
	return "range over " + b.Over + b.centralText()
}

// LabelWithCentral is Label for a range widened by RangeWith: what it
// spans, the central result included, whether or not the bands' own min
// and max include it.
func (b *Bands) LabelWithCentral() string {
	if b.Draws || b.CentralIncluded {
		return b.Label()
	}
	return "range over " + b.Over + ", the central result included"
}

// centralText is what Label adds for a band that spans the central result.
func (b *Bands) centralText() string {
	switch {
	case !b.CentralIncluded:
		return ""
	case b.CentralPoint != "":
		return " and the central " + b.CentralPoint
	}
	return ", the central result included"
}

// RangeText is a band as a table cell: "−0.41 to −0.22" ("–" when absent).
func (b *Bands) RangeText(code, output string, prec int) string {
	lo, hi, ok := b.Range(code, output)
	if !ok {
		return "–"
	}
	return Num(lo, prec) + " to " + Num(hi, prec)
}

// Describe says in words what a list of points varies: "θ ∈ {3, 5}",
// "elasticities ∈ {CP, BEJK}", or the points themselves.
func Describe(points []Point) string {
	var thetas, scales, sets, closures, services []string
	other := false
	for _, p := range points {
		n := 0
		if p.Theta > 0 {
			thetas = appendNew(thetas, strconv.FormatFloat(p.Theta, 'g', 4, 64))
			n++
		}
		if p.ThetaScale > 0 {
			scales = appendNew(scales, strconv.FormatFloat(p.ThetaScale, 'g', 4, 64))
			n++
		}
		if p.Elasticities != "" {
			sets = appendNew(sets, p.Elasticities)
			n++
		}
		if p.Deficits != "" {
			closures = appendNew(closures, p.Deficits)
			n++
		}
		if p.ServicesThetaScale > 0 {
			services = appendNew(services, strconv.FormatFloat(p.ServicesThetaScale, 'g', 4, 64))
			n++
		}
		if n == 0 {
			other = true
		}
	}
	// Many scales are draws, not a bracket; scales beside θs mix two kinds.
	if other || len(scales) > 4 || len(scales) > 0 && len(thetas) > 0 {
		return strconv.Itoa(len(points)) + " points"
	}
	var parts []string
	if len(scales) > 0 {
		parts = append(parts, "the scenario's θ × {"+strings.Join(scales, ", ")+"}")
	}
	for _, d := range []struct {
		name string
		vals []string
	}{{"θ", thetas}, {"elasticities", sets}, {"deficits", closures}} {
		if len(d.vals) > 0 {
			parts = append(parts, d.name+" ∈ {"+strings.Join(d.vals, ", ")+"}")
		}
	}
	s := strings.Join(parts, " × ")
	if len(services) > 0 {
		// The default band adds the services scales to the central set,
		// not crossed with the others.
		s += " and services θ × {" + strings.Join(services, ", ") + "}"
	}
	return s
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}
