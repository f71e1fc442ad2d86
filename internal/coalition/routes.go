package coalition

import (
	"sort"

	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/transship"
)

// routesForm says the game reroutes the targets' goods through conduits
// (coalition.transshipment with an elasticity) rather than by the legacy
// share σ·o.
func (g *game) routesForm() bool { return g.spec.TransshipElasticity > 0 }

// transshipParams are the routes form's settings: the targets are the
// origins; every other economy can be a conduit.
func (g *game) transshipParams() transship.Params {
	return transship.Params{Origins: g.targets, Elasticity: g.spec.TransshipElasticity, Cost: g.spec.TransshipCost, Capacity: g.spec.TransshipCapacity}
}

// routeTable is the table the routes are computed on: the baseline flows,
// the dataset's tariffs as the baseline (the data hold the rerouting those
// tariffs made worth it) and the configuration's tariffs.
func (g *game) routeTable(tariffs []float64) transship.Table {
	return transship.Table{N: g.ds.N(), S: g.ds.S(), Flows: g.ds.Trade, Base: g.ds.Tariffs, Tariffs: tariffs}
}

// shocks builds the model shocks of a configuration: its tariffs in buf,
// the scenario's trade costs and subsidies, a restricting counter-bloc's
// export taxes, and the targets' goods rerouted through conduits (routes
// form), folded into composite tariffs and trade costs. It returns the
// routes (nil without the routes form) and the table they were found on.
func (g *game) shocks(cfg config, buf []float64) (model.Shocks, []transship.Route, transship.Table) {
	g.tariffs(cfg, buf)
	sh := model.Shocks{Tariff: buf, Cost: g.cost, Subsidy: g.sub}
	if cfg.counter != 0 && g.counterRestricts() {
		sh.Subsidy = g.restrictions(cfg)
	}
	if !g.routesForm() {
		return sh, nil, transship.Table{}
	}
	p := g.transshipParams()
	t := g.routeTable(buf)
	routes := p.Routes(t)
	if len(routes) == 0 {
		return sh, nil, t
	}
	// Apply reads the tariffs of the detours while it writes the rerouted
	// pairs: it reads from a copy.
	t.Tariffs = append([]float64(nil), buf...)
	cost := make([]float64, len(buf))
	if g.cost != nil {
		copy(cost, g.cost)
	} else {
		for k := range cost {
			cost[k] = 1
		}
	}
	p.Apply(t, routes, buf, cost)
	sh.Cost = cost
	return sh, routes, t
}

// routedLeakage is the routes form's leakage before a configuration is
// solved: the share of the targets' baseline goods sales to the bloc
// (leader and members) that the configuration's tariffs reroute through
// conduits. Goods only, as routes are: services, which no tariff reaches,
// would dilute it. A solved coalition reports the share at its
// equilibrium instead (coalitionDoc), the lessons' figure.
func (g *game) routedLeakage(members Mask) float64 {
	buf := make([]float64, len(g.t0))
	_, routes, _ := g.shocks(plain(members), buf)
	bloc := g.blocSet(members)
	ds := g.ds
	rerouted, total := 0.0, 0.0
	for _, r := range routes {
		if bloc[r.Importer] {
			rerouted += r.Share * ds.Trade[ds.At(r.Origin, r.Importer, r.Sector)]
		}
	}
	for _, t := range g.targets {
		for _, c := range g.blocCountries(members) {
			total += ds.GoodsFlow(nil, t, c)
		}
	}
	if total == 0 {
		return 0
	}
	return rerouted / total
}

// blocCountries are the leader and the members' countries, in dataset
// order.
func (g *game) blocCountries(members Mask) []int {
	out := []int{g.leader}
	for p, pl := range g.players {
		if members.Has(p) {
			out = append(out, pl.Countries...)
		}
	}
	sort.Ints(out)
	return out
}

// blocSet is blocCountries as a set.
func (g *game) blocSet(members Mask) map[int]bool {
	in := map[int]bool{}
	for _, c := range g.blocCountries(members) {
		in[c] = true
	}
	return in
}

// conduitDocs values the rerouting of an equilibrium by conduit, at its
// flows, largest first, and returns the flows with the rerouted goods on
// their detour (origin → conduit → importer) for bilateral balances.
func (g *game) conduitDocs(r *model.Result, routes []transship.Route, t transship.Table) ([]ConduitDoc, []float64) {
	flows := g.base.Flows(r)
	if flows == nil || len(routes) == 0 {
		return nil, flows
	}
	unit := g.ds.UnitMillions() / 1000
	var out []ConduitDoc
	for _, l := range transship.Leaks(t, routes, flows) {
		c := g.ds.Countries[l.Conduit]
		d := ConduitDoc{Code: c.Code, Name: c.Name, ValueBn: l.Value * unit}
		if p := g.inPlay[l.Conduit]; p >= 0 {
			d.Candidate = g.players[p].Name
		}
		out = append(out, d)
	}
	return out, transship.Reroute(t, routes, flows)
}
