package scenario

import (
	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/transship"
)

// TransshipSpec is the `transshipment:` block: the origins whose goods
// reroute through conduit economies to escape tariffs (package transship).
type TransshipSpec struct {
	Origins    Selector
	Elasticity float64 // ε, default DefaultTransshipElasticity
	Cost       float64 // κ, ad valorem; default DefaultTransshipCost
	Capacity   float64 // share of a conduit's imports from the origin; default DefaultTransshipCapacity
	Pos        Pos
}

// The transshipment defaults: re-routing responds to the price gap with the
// trade elasticity's usual size; a 5% rules-of-origin and relabelling cost
// (the order of the cost-of-origin estimates surveyed by Cadot et al. 2006);
// a conduit can re-export up to a tenth of what it imports from the origin
// (Vietnam's estimated re-exports of Chinese goods to the US in 2019–24 were
// of that order of its imports from China).
const (
	DefaultTransshipElasticity = 4
	DefaultTransshipCost       = 0.05
	DefaultTransshipCapacity   = 0.1
)

var transshipKeys = []string{"origins", "elasticity", "cost", "cost_pct", "capacity"}

// transshipment parses the `transshipment:` block.
func (p *parser) transshipment(n *yaml.Node) (*TransshipSpec, error) {
	const path = "transshipment"
	f, err := p.mapping(n, path, transshipKeys)
	if err != nil {
		return nil, err
	}
	ts := &TransshipSpec{Elasticity: DefaultTransshipElasticity, Cost: DefaultTransshipCost, Capacity: DefaultTransshipCapacity, Pos: p.posOf(deref(n), path)}
	if ts.Origins, err = p.reqSelector(f, "origins", " (whose goods reroute, e.g. [CHN])"); err != nil {
		return nil, err
	}
	if v, ok := f.get("elasticity"); ok {
		if ts.Elasticity, err = p.number(v, sub(path, "elasticity")); err != nil {
			return nil, err
		}
		if !(ts.Elasticity > 0) {
			return nil, p.posOf(deref(v), sub(path, "elasticity")).errorf("want an elasticity > 0, got %v", ts.Elasticity)
		}
	}
	if form, err := p.atMostOne(f, "cost", "cost_pct"); err != nil {
		return nil, err
	} else if form != "" {
		v, _ := f.get(form)
		base, pct := rateForm(form)
		if ts.Cost, err = p.rateValue(v, sub(path, form), base, pct, false); err != nil {
			return nil, err
		}
		if ts.Cost < 0 {
			return nil, p.posOf(deref(v), sub(path, form)).errorf("want a cost ≥ 0, got %v", ts.Cost)
		}
	}
	if v, ok := f.get("capacity"); ok {
		if ts.Capacity, err = p.number(v, sub(path, "capacity")); err != nil {
			return nil, err
		}
		if !(ts.Capacity > 0 && ts.Capacity <= 1) {
			return nil, p.posOf(deref(v), sub(path, "capacity")).errorf("want a share in (0, 1], got %v", ts.Capacity)
		}
	}
	return ts, nil
}

// applyTransship reroutes the origins' goods on the tariffs the shocks left,
// folding each rerouted pair into a composite tariff and trade cost.
func (c *compiler) applyTransship(ts *TransshipSpec) (*transship.Plan, error) {
	origins, err := c.idx.countries(ts.Origins, ts.Pos, "origins")
	if err != nil {
		return nil, err
	}
	c.startTariffs()
	if c.cost == nil {
		c.cost = make([]float64, len(c.ds.Trade))
		for k := range c.cost {
			c.cost[k] = 1
		}
	}
	p := transship.Params{Origins: origins, Elasticity: ts.Elasticity, Cost: ts.Cost, Capacity: ts.Capacity, Penalty: c.transshipPenalty}
	t := transship.Table{N: c.ds.N(), S: c.ds.S(), Flows: c.ds.Trade, Base: c.tariff.base, Tariffs: append([]float64(nil), c.tariff.cur...)}
	routes := p.Routes(t)
	p.Apply(t, routes, c.tariff.cur, c.cost)
	return &transship.Plan{Params: p, Table: t, Routes: routes}, nil
}
