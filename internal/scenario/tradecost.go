package scenario

import (
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"
)

var tradeCostKeys = []string{"importer", "exporter", "partial_effect", "factor", "file", "sector"}

// tradeCost parses a `trade_cost:` shock.
func (p *parser) tradeCost(n *yaml.Node, path string) (*TradeCostShock, error) {
	f, err := p.mapping(n, path, tradeCostKeys)
	if err != nil {
		return nil, err
	}
	form, err := p.exactlyOne(f, "partial_effect", "factor", "file")
	if err != nil {
		return nil, err
	}
	d := &TradeCostShock{}
	if form == "file" {
		if err := p.forbid(f, form, "importer", "exporter", "sector"); err != nil {
			return nil, err // the file's rows name them
		}
		name, b, err := p.readCSV(f)
		if err != nil {
			return nil, err
		}
		v, _ := f.get("file")
		d.File = deref(v).Value
		if d.Rows, err = readCosts(name, b); err != nil {
			return nil, err
		}
		return d, nil
	}
	if d.Importer, err = p.reqSelector(f, "importer", ""); err != nil {
		return nil, err
	}
	if d.Exporter, err = p.reqSelector(f, "exporter", ""); err != nil {
		return nil, err
	}
	if d.Sector, err = p.optSelector(f, "sector"); err != nil {
		return nil, err
	}
	v, _ := f.get(form)
	field := sub(path, form)
	if d.Value, err = p.number(v, field); err != nil {
		return nil, err
	}
	d.Measure = PartialEffect
	if form == "factor" {
		d.Measure = Factor
	}
	if err := checkCost(d.Measure, d.Value); err != nil {
		return nil, p.posOf(deref(v), field).errorf("%v", err)
	}
	return d, nil
}

// Bounds of a trade-cost change as written in a scenario (DESIGN §4,
// docs/scenarios.md). A partial effect b multiplies trade flows at given
// prices by e^b: estimated effects of trade agreements and borders are a
// few log points, and at |b| = 20 a flow moves by a factor of 5·10^8, far
// beyond any of them. Beyond that, e^b soon overflows (b ≈ 710) or
// vanishes, and the solver fails with a message about expenditure that
// points nowhere. A factor d̂ multiplies the iceberg cost; its bounds are
// of the same order at θ = 4 (0.001^−4 = 10^12).
const (
	MaxPartialEffect float64 = 20
	MinCostFactor    float64 = 0.001
	MaxCostFactor    float64 = 1000
)

// checkCost checks a written trade-cost change against the bounds above.
func checkCost(m CostMeasure, v float64) error {
	if m == Factor {
		if !(v >= MinCostFactor && v <= MaxCostFactor) {
			return fmt.Errorf("factor must be from %g to %g (a change of the iceberg trade cost), got %v", MinCostFactor, MaxCostFactor, v)
		}
		return nil
	}
	if !(math.Abs(v) <= MaxPartialEffect) {
		return fmt.Errorf("partial_effect must be from −%g to %g (trade flows at given prices times e^b; e^%g ≈ 5·10^8), got %v", MaxPartialEffect, MaxPartialEffect, MaxPartialEffect, v)
	}
	return nil
}

// applyTradeCost multiplies the trade-cost changes of the selected pairs.
func (c *compiler) applyTradeCost(d *TradeCostShock, at Pos, theta []float64) error {
	if c.cost == nil {
		c.cost = make([]float64, len(c.ds.Trade))
		for k := range c.cost {
			c.cost[k] = 1
		}
	}
	N, S := c.ds.N(), c.ds.S()
	if d.Rows != nil {
		for _, row := range d.Rows {
			i, ok := c.idx.country(row.Exporter.Name)
			if !ok {
				return row.Exporter.Pos.orField(sub(at.Field, "file")).errorf("%s", c.ds.UnknownCountry(row.Exporter.Name))
			}
			j, ok := c.idx.country(row.Importer.Name)
			if !ok {
				return row.Importer.Pos.orField(sub(at.Field, "file")).errorf("%s", c.ds.UnknownCountry(row.Importer.Name))
			}
			if i == j {
				return row.Exporter.Pos.orField(sub(at.Field, "file")).errorf("exporter and importer are both %s: domestic trade costs are never shocked", row.Exporter.Name)
			}
			s0, err := c.idx.sectorOne(row.Sector, at, "file")
			if err != nil {
				return err
			}
			if !validCost(row.Measure, row.Value) {
				return row.Pos.orField(sub(at.Field, "file")).errorf("trade-cost change must be finite (and a factor > 0), got %v", row.Value)
			}
			c.forSectors(s0, func(s int) { c.cost[(i*N+j)*S+s] *= costFactor(row.Measure, row.Value, theta[s]) })
		}
		return nil
	}
	if !validCost(d.Measure, d.Value) {
		return at.errorf("trade-cost change must be finite (and a factor > 0), got %v", d.Value)
	}
	importers, err := c.idx.countries(d.Importer, at, "importer")
	if err != nil {
		return err
	}
	exporters, err := c.idx.countries(d.Exporter, at, "exporter")
	if err != nil {
		return err
	}
	sectors, err := c.idx.sectorsOf(d.Sector, at, "sector")
	if err != nil {
		return err
	}
	pairs := 0
	for _, i := range exporters {
		for _, j := range importers {
			if i == j {
				continue
			}
			pairs++
			for _, s := range sectors {
				c.cost[(i*N+j)*S+s] *= costFactor(d.Measure, d.Value, theta[s])
			}
		}
	}
	if pairs == 0 {
		return at.errorf("selects no pair of different countries")
	}
	return nil
}

// validCost repeats the parser's range check for shocks built in code.
func validCost(m CostMeasure, v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (m != Factor || v > 0)
}

// costFactor is d̂ for one sector: a partial effect b means d̂^(−θ) = e^b.
func costFactor(m CostMeasure, v, theta float64) float64 {
	if m == Factor {
		return v
	}
	return math.Exp(-v / theta)
}
