package sweep

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// The parameter priors of --draws: θ uniform on [ThetaLow, ThetaHigh], the
// range of aggregate trade elasticities in the literature that the
// planner's built-in plan also draws from; on a multi-sector world every
// sector's θ is scaled by one draw from [ThetaLow, ThetaHigh] / DefaultTheta,
// which keeps the sectors' ranking.
const (
	ThetaLow  = 3.0
	ThetaHigh = 6.0
)

// MaxPoints bounds a sweep.
const MaxPoints = 100000

// Grid says which points to sweep; the zero value is the default sweep
// (scenario.DefaultVariants).
type Grid struct {
	Thetas []float64 // θ for every sector, one point each
	Draws  int       // seeded draws from the priors (instead of Thetas)
	Seed   uint64
	// Elasticities are the dataset's elasticity sets to cross with the
	// rest ("all" for every set).
	Elasticities []string
	Deficits     []string // closures to cross with the rest
}

// Points lists the grid's points on ds: the θ values or draws, crossed with
// the elasticity sets and the closures. draws reports whether they are
// random draws.
func (gr Grid) Points(ds *data.Dataset) (pts []scenario.Variant, draws bool, err error) {
	bad := func(field, format string, args ...any) error {
		return &errs.Error{Op: "sweep", Kind: errs.Invalid, Field: field, Err: fmt.Errorf(format, args...)}
	}
	if len(gr.Thetas) > 0 && gr.Draws > 0 {
		return nil, false, bad("--theta", "give a θ grid or --draws, not both")
	}
	if gr.Draws < 0 || gr.Draws > MaxPoints {
		return nil, false, bad("--draws", "want 1 to %d draws, got %d", MaxPoints, gr.Draws)
	}
	for _, th := range gr.Thetas {
		if !(th > 0) || th > 100 {
			return nil, false, bad("--theta", "θ must be in (0, 100], got %v", th)
		}
	}
	sets := gr.Elasticities
	if slices.Contains(sets, "all") {
		if len(ds.ElasticitySets) == 0 {
			return nil, false, bad("--elasticities", "dataset %s has no elasticity sets", ds.Name)
		}
		sets = ds.ElasticitySets
	}
	for _, s := range sets {
		if _, ok := ds.Elasticities[s]; !ok {
			return nil, false, bad("--elasticities", "dataset %s has no elasticity set %q (it has: %v)", ds.Name, s, ds.ElasticitySets)
		}
	}
	for _, d := range gr.Deficits {
		if c, ok := model.ParseClosure(d); !ok || c == model.Purge {
			return nil, false, bad("--deficits", "unknown closure %q (want fixed, ratio or zero)", d)
		}
	}
	if gr.isDefault() {
		return scenario.DefaultVariants(ds), false, nil
	}
	// θ: the grid, or the draws (one seeded stream per draw, so a point
	// does not depend on how many there are).
	var thetas []scenario.Variant
	for _, th := range gr.Thetas {
		thetas = append(thetas, scenario.Variant{Theta: th})
	}
	for d := range gr.Draws {
		r := rand.New(rand.NewPCG(gr.Seed, uint64(d)))
		th := ThetaLow + (ThetaHigh-ThetaLow)*r.Float64()
		if ds.S() > 1 {
			thetas = append(thetas, scenario.Variant{ThetaScale: th / scenario.DefaultTheta})
		} else {
			thetas = append(thetas, scenario.Variant{Theta: th})
		}
	}
	if len(thetas) == 0 {
		thetas = []scenario.Variant{{}}
	}
	pts = thetas
	if len(sets) > 0 {
		pts = cross(pts, sets, func(v *scenario.Variant, s string) { v.Elasticities = s })
	}
	if len(gr.Deficits) > 0 {
		pts = cross(pts, gr.Deficits, func(v *scenario.Variant, s string) { v.Deficits = s })
	}
	if len(pts) > MaxPoints {
		return nil, false, bad("--draws", "%d points, more than %d", len(pts), MaxPoints)
	}
	return pts, gr.Draws > 0, nil
}

// asPoints converts variants to the report's points.
func asPoints(vs []scenario.Variant) []report.Point {
	out := make([]report.Point, len(vs))
	for k, v := range vs {
		out[k] = report.Point(v)
	}
	return out
}

// describe says what the grid varies, in words.
func (gr Grid) describe(ds *data.Dataset, pts []scenario.Variant) string {
	if gr.Draws == 0 {
		return report.Describe(asPoints(pts))
	}
	s := fmt.Sprintf("%d draws of θ ~ U[%g, %g]", gr.Draws, ThetaLow, ThetaHigh)
	if ds.S() > 1 {
		s = fmt.Sprintf("%d draws of every sector's θ × U[%g, %g]", gr.Draws, ThetaLow/scenario.DefaultTheta, ThetaHigh/scenario.DefaultTheta)
	}
	var rest []report.Point
	for _, p := range pts[:len(pts)/gr.Draws] {
		rest = append(rest, report.Point{Elasticities: p.Elasticities, Deficits: p.Deficits})
	}
	if len(rest) > 1 {
		s += " × " + report.Describe(rest)
	}
	return s
}

func cross(pts []scenario.Variant, vals []string, set func(*scenario.Variant, string)) []scenario.Variant {
	var out []scenario.Variant
	for _, p := range pts {
		for _, v := range vals {
			q := p
			set(&q, v)
			out = append(out, q)
		}
	}
	return out
}

// ParseThetas reads "3,4,5,6".
func ParseThetas(list []string) ([]float64, error) {
	var out []float64
	for _, s := range list {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, &errs.Error{Op: "sweep", Kind: errs.Invalid, Field: "--theta", Err: fmt.Errorf("%q is not a number", s)}
		}
		out = append(out, v)
	}
	return out, nil
}

// isDefault reports whether the grid names no points, so that the sweep is
// the default one solve prints as bands.
func (gr Grid) isDefault() bool {
	return len(gr.Thetas) == 0 && gr.Draws == 0 && len(gr.Elasticities) == 0 && len(gr.Deficits) == 0
}
