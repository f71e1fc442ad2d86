package scenario

import (
	"fmt"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
)

// Variant is one point of a sweep: the model options it sets on a scenario,
// the rest unchanged. Zero fields leave the scenario's own choice.
type Variant struct {
	// Theta sets one trade elasticity for every sector.
	Theta float64 `json:"trade_elasticity,omitempty"`
	// ThetaScale multiplies every sector's trade elasticity (a parameter
	// draw on a multi-sector world keeps the sectors' ranking).
	ThetaScale float64 `json:"trade_elasticity_scale,omitempty"`
	// Elasticities names one of the dataset's elasticity sets.
	Elasticities string `json:"elasticities,omitempty"`
	// Deficits is a closure: fixed, ratio or zero.
	Deficits string `json:"deficits,omitempty"`
	// ServicesThetaScale multiplies the services sector's trade elasticity
	// alone (data.ServicesSector), the others unchanged: on icio-2022 the
	// elasticity sets agree on services (θ = 4 in seven of eight), yet the
	// US's result turns on it (services imports respond to the wage that
	// goods tariffs raise).
	ServicesThetaScale float64 `json:"services_trade_elasticity_scale,omitempty"`
}

// String describes the variant: "θ = 3, deficits ratio" (report.Point's
// words, which a band's breaks use too).
func (v Variant) String() string { return report.Point(v).String() }

// BandThetas are the trade elasticities of the default band on a one-sector
// world: the range most estimates of the aggregate trade elasticity fall in
// (Head and Mayer 2014; Simonovska and Waugh 2014), around the default 4.
var BandThetas = []float64{3, 5}

// BandScales bracket a trade elasticity the scenario sets itself, as
// BandThetas bracket the default 4 (3 = 0.75·4, 5 = 1.25·4).
var BandScales = []float64{0.75, 1.25}

// ServicesBandScales bracket the services sector's trade elasticity in the
// default band of a world with services and elasticity sets: half and
// twice the default set's (2 and 8 around icio-2022's 4). Estimates for
// services are fewer and more dispersed than for goods, and the sets
// themselves barely vary it.
var ServicesBandScales = []float64{0.5, 2}

// DefaultVariantsFor is DefaultVariants for scenario sc: when sc sets its
// own trade elasticity (one θ, or one per sector), the band brackets it by
// BandScales, so that the central result lies inside its band (a scenario
// at θ = 8 banded over θ ∈ {3, 5} put the US's −0.12% outside its band of
// +0.09% to +0.34%); else the dataset's default band.
func DefaultVariantsFor(sc *Scenario, ds *data.Dataset) []Variant {
	if sc == nil || sc.Model.Theta <= 0 && len(sc.Model.SectorTheta) == 0 {
		return DefaultVariants(ds)
	}
	var out []Variant
	for _, k := range BandScales {
		if sc.Model.Theta > 0 {
			out = append(out, Variant{Theta: k * sc.Model.Theta})
		} else {
			out = append(out, Variant{ThetaScale: k})
		}
	}
	return out
}

// DefaultVariants is the small sweep behind the uncertainty bands solve and
// coalition print by default: the dataset's elasticity sets on a
// multi-sector world that has them, else θ ∈ BandThetas.
func DefaultVariants(ds *data.Dataset) []Variant {
	var out []Variant
	if ds.S() > 1 && len(ds.ElasticitySets) > 0 {
		for _, name := range ds.ElasticitySets {
			out = append(out, Variant{Elasticities: name})
		}
		if _, ok := ds.ServicesIndex(); ok {
			for _, k := range ServicesBandScales {
				out = append(out, Variant{ServicesThetaScale: k})
			}
		}
		return out
	}
	for _, th := range BandThetas {
		out = append(out, Variant{Theta: th})
	}
	return out
}

// Apply returns a copy of sc with the variant's options, checked against ds.
func (v Variant) Apply(sc *Scenario, ds *data.Dataset) (*Scenario, error) {
	c := *sc
	c.Model = sc.Model
	bad := func(field, format string, args ...any) error {
		return &errs.Error{Op: "sweep", Kind: errs.Invalid, Field: field, Err: fmt.Errorf(format, args...)}
	}
	if v.Deficits != "" {
		cl, ok := model.ParseClosure(v.Deficits)
		if !ok || cl == model.Purge {
			return nil, bad("deficits", "unknown closure %q (want fixed, ratio or zero)", v.Deficits)
		}
		c.Model.Deficits = cl
	}
	if v.Elasticities != "" {
		if _, ok := ds.Elasticities[v.Elasticities]; !ok {
			avail := "none"
			if len(ds.ElasticitySets) > 0 {
				avail = strings.Join(ds.ElasticitySets, ", ")
			}
			return nil, bad("elasticities", "dataset %s has no elasticity set %q (it has: %s)", ds.Name, v.Elasticities, avail)
		}
		c.Model.Elasticities = Ref{Name: v.Elasticities}
		c.Model.Theta, c.Model.SectorTheta = 0, nil
	}
	if v.Theta < 0 || v.ThetaScale < 0 {
		return nil, bad("trade_elasticity", "θ must be > 0, got %v", min(v.Theta, v.ThetaScale))
	}
	if v.Theta > 0 {
		c.Model.Theta, c.Model.SectorTheta, c.Model.Elasticities = v.Theta, nil, Ref{}
	}
	if v.ServicesThetaScale < 0 {
		return nil, bad("services_trade_elasticity_scale", "must be > 0, got %v", v.ServicesThetaScale)
	}
	serv := -1
	if v.ServicesThetaScale > 0 {
		s, ok := ds.ServicesIndex()
		if !ok {
			return nil, bad("services_trade_elasticity_scale", "dataset %s has no services sector %s", ds.Name, data.ServicesSector)
		}
		serv = s
	}
	if v.ThetaScale > 0 || serv >= 0 {
		// Scale the θ the scenario would run with, sector by sector: every
		// sector by ThetaScale, the services sector by ServicesThetaScale.
		comp, err := Compile(&c, ds)
		if err != nil {
			return nil, err
		}
		c.Model.SectorTheta = make([]SectorTheta, ds.S())
		for s, th := range comp.Options.Theta {
			if v.ThetaScale > 0 {
				th *= v.ThetaScale
			}
			if s == serv {
				th *= v.ServicesThetaScale
			}
			c.Model.SectorTheta[s] = SectorTheta{Sector: Ref{Name: ds.Sectors[s].Code}, Theta: th}
		}
		c.Model.Theta, c.Model.Elasticities = 0, Ref{}
	}
	return &c, nil
}
