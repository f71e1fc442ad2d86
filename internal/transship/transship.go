// Package transship models transshipment: goods of an origin (a tariffed
// target such as China) that reach an importer through a conduit economy
// which imports and re-exports them, to escape the importer's tariff on the
// origin.
//
// The data are taken to hold whatever rerouting the baseline tariffs made
// worth it: at baseline prices the detour through any conduit C is no cheaper
// than the direct route. Rerouting responds to how the scenario changes the
// two routes' prices. For an origin O, an importer M and a conduit C the
// direct route's price moves by (1 + t'_OM)/(1 + t_OM); the detour's by
//
//	r_C = (1 + t'_OC)/(1 + t_OC) · (1 + t'_CM + p_M)/(1 + t_CM) · (1 + κ),
//
// with C's tariff on O, M's tariff on C's goods plus the penalty p_M that M
// puts on goods it finds transshipped (e.g. the 40% of EO 14326), and a
// rules-of-origin and enforcement cost κ. With the price gap
// g_C = (1 + t'_OM)/(1 + t_OM)/r_C, the share of O's sales to M that
// reroutes through C is
//
//	s_C = cap_C · (1 − g_C^(−ε))   when g_C > 1, else 0,
//
// rising with the gap at the elasticity ε and capped by the conduit's
// capacity cap_C = capacity × min(X_OC · X_CM/X_C, X_CM)/X_OM: a share of
// the conduit's own imports from the origin in the data, shared among the
// importers in proportion to its sales to them (X_C: its foreign sales
// other than to the origin), so that no more than capacity × X_OC passes
// through it in all, and no more than the same share of what it already
// sells to the importer (a conduit with no trade links to the importer
// cannot relabel much for it), expressed against the direct flow.
// If the shares of all conduits would exceed MaxShare they are scaled down in
// proportion.
//
// The rerouted goods still come from O and still reach M, so multilateral
// balances do not change; bilateral ones do (O sells to C, C to M). In the
// equilibrium the importer sees one composite route with an effective
// tariff, the revenue it collects per unit, t_eff = (1 − S) t'_OM +
// Σ s_C (t'_CM + p_M), and an iceberg factor d that makes the buyer's price
// (1 + t_eff)·d equal the share-weighted price of the routes,
// (1 − S)(1 + t'_OM) + Σ s_C (1 + t_OM) r_C; the change of the conduit's own
// tariff and κ are real costs of the detour. Without a tariff change nothing
// reroutes; with κ → ∞ nothing reroutes either.
package transship

import (
	"math"
	"sort"
)

// MaxShare bounds the share of an origin's sales to an importer that can
// reroute through all conduits together.
const MaxShare = 0.95

// Params are the transshipment settings of a scenario.
type Params struct {
	Origins    []int     // the economies whose goods reroute (indices)
	Elasticity float64   // ε > 0: response of the rerouted share to the price gap
	Cost       float64   // κ ≥ 0: rules-of-origin and enforcement cost, ad valorem
	Capacity   float64   // share (0..1] of a conduit's imports from the origin that can be re-exported
	Penalty    []float64 // per importer, the extra tariff on goods found transshipped (nil = none)
}

// Table is the data the routes are computed from: N economies, S sectors,
// flows and tariffs in the data layout (i*N+j)*S+s.
type Table struct {
	N, S    int
	Flows   []float64 // baseline flows X (for the capacities)
	Base    []float64 // the baseline tariffs t (nil = 0)
	Tariffs []float64 // the tariffs in force (t', after the scenario's shocks)
}

// base is the baseline tariff at k.
func (t Table) base(k int) float64 {
	if t.Base == nil {
		return 0
	}
	return t.Base[k]
}

// detour is r_C of the package doc: how the price of the route from o to m
// through c moves, with penalty pen.
func (t Table) detour(o, m, c, s int, pen, cost float64) float64 {
	N, S := t.N, t.S
	oc, cm := (o*N+c)*S+s, (c*N+m)*S+s
	return (1 + t.Tariffs[oc]) / (1 + t.base(oc)) * (1 + t.Tariffs[cm] + pen) / (1 + t.base(cm)) * (1 + cost)
}

// Route is the rerouting of one origin's sales to one importer in one
// sector through one conduit.
type Route struct {
	Origin, Importer, Conduit, Sector int
	Share                             float64 // s_C of the origin's sales to the importer
}

// Routes returns every route with a positive share, ordered by origin,
// importer, sector and conduit.
func (p Params) Routes(t Table) []Route {
	var out []Route
	N, S := t.N, t.S
	at := func(i, j, s int) int { return (i*N+j)*S + s }
	// Every detour's price moves by at least floor = (1 + κ)·m², m the
	// smallest tariff factor (1 + t')/(1 + t) of the table: where the
	// direct route's price rises by no more, no conduit is cheaper, and the
	// importer is skipped without trying its N conduits (most importers in
	// a scenario that tariffs a few).
	m := 1.0
	for k, v := range t.Tariffs {
		m = math.Min(m, (1+v)/(1+t.base(k)))
	}
	pmin := 0.0
	for _, v := range p.Penalty {
		pmin = math.Min(pmin, v)
	}
	floor := (1 + p.Cost) * m * m
	if pmin < 0 {
		floor = 0 // a negative penalty is a subsidy: try every conduit
	}
	// sales[c*S+s] is conduit c's foreign sales in sector s, over which its
	// capacity is shared.
	sales := make([]float64, N*S)
	for c := 0; c < N; c++ {
		for m := 0; m < N; m++ {
			if m != c {
				for s := 0; s < S; s++ {
					sales[c*S+s] += t.Flows[at(c, m, s)]
				}
			}
		}
	}
	for _, o := range p.Origins {
		for m := 0; m < N; m++ {
			if m == o {
				continue
			}
			for s := 0; s < S; s++ {
				direct := t.Flows[at(o, m, s)]
				if direct <= 0 {
					continue
				}
				tOM := t.Tariffs[at(o, m, s)]
				if (1+tOM)/(1+t.base(at(o, m, s))) <= floor {
					continue
				}
				first := len(out)
				total := 0.0
				for c := 0; c < N; c++ {
					if c == o || c == m {
						continue
					}
					// The conduit's capacity is shared among the importers
					// it sells to, in proportion to its sales: counted
					// whole for each importer, 79 conduits' capacities
					// summed to the 95% ceiling for a small importer.
					xoc, xcm := t.Flows[at(o, c, s)], t.Flows[at(c, m, s)]
					if xoc <= 0 || xcm <= 0 {
						continue
					}
					pen := 0.0
					if p.Penalty != nil {
						pen = p.Penalty[m]
					}
					route := t.detour(o, m, c, s, pen, p.Cost)
					gap := (1 + tOM) / (1 + t.base(at(o, m, s))) / route
					if !(gap > 1) || math.IsInf(route, 0) {
						continue
					}
					// sales ≥ xcm > 0, so the share of the capacity is in (0, 1].
					capC := p.Capacity * math.Min(xoc*xcm/(sales[c*S+s]-t.Flows[at(c, o, s)]), xcm) / direct
					share := capC * (1 - math.Pow(gap, -p.Elasticity))
					out = append(out, Route{Origin: o, Importer: m, Conduit: c, Sector: s, Share: share})
					total += share
				}
				if total > MaxShare {
					for k := first; k < len(out); k++ {
						out[k].Share *= MaxShare / total
					}
				}
			}
		}
	}
	return out
}

// Apply turns the routes into the composite tariff and iceberg factor of
// each rerouted (origin, importer, sector) pair: it overwrites tariffs and
// multiplies cost (both in the data layout; cost may not be nil).
func (p Params) Apply(t Table, routes []Route, tariffs, cost []float64) {
	N, S := t.N, t.S
	at := func(i, j, s int) int { return (i*N+j)*S + s }
	key := func(r Route) [3]int { return [3]int{r.Origin, r.Importer, r.Sector} }
	less := func(a, b Route) bool {
		ka, kb := key(a), key(b)
		for i := range ka {
			if ka[i] != kb[i] {
				return ka[i] < kb[i]
			}
		}
		return false
	}
	// Routes returns them grouped by (origin, importer, sector); others are
	// sorted into groups first.
	if !sort.SliceIsSorted(routes, func(a, b int) bool { return less(routes[a], routes[b]) }) {
		routes = append([]Route(nil), routes...)
		sort.SliceStable(routes, func(a, b int) bool { return less(routes[a], routes[b]) })
	}
	for lo := 0; lo < len(routes); {
		hi := lo + 1
		for hi < len(routes) && key(routes[hi]) == key(routes[lo]) {
			hi++
		}
		k := routes[lo]
		idx := at(k.Origin, k.Importer, k.Sector)
		tOM, t0 := t.Tariffs[idx], t.base(idx)
		pen := 0.0
		if p.Penalty != nil {
			pen = p.Penalty[k.Importer]
		}
		stay := 1.0
		rev := 0.0   // revenue per unit: the effective tariff
		price := 0.0 // buyer's price per unit
		for _, r := range routes[lo:hi] {
			tCM := t.Tariffs[at(r.Conduit, k.Importer, k.Sector)] + pen
			stay -= r.Share
			rev += r.Share * tCM
			price += r.Share * (1 + t0) * t.detour(k.Origin, k.Importer, r.Conduit, k.Sector, pen, p.Cost)
		}
		rev += stay * tOM
		price += stay * (1 + tOM)
		tariffs[idx] = rev
		cost[idx] *= price / (1 + rev)
		lo = hi
	}
}

// Plan is a scenario's rerouting: its parameters, the data and tariffs the
// routes were computed on, and the routes.
type Plan struct {
	Params Params
	Table  Table
	Routes []Route
}

// Leak is the value rerouted through one conduit in an equilibrium: the
// origin's sales to the importers that pass through it.
type Leak struct {
	Conduit int
	Value   float64 // in the dataset's unit, at producer prices
}

// Leaks sums the rerouted values by conduit given the equilibrium flows
// (data layout, the origin's total sales to each importer), largest first.
func Leaks(t Table, routes []Route, flows []float64) []Leak {
	N, S := t.N, t.S
	by := map[int]float64{}
	for _, r := range routes {
		by[r.Conduit] += r.Share * flows[(r.Origin*N+r.Importer)*S+r.Sector]
	}
	out := make([]Leak, 0, len(by))
	for c, v := range by {
		out = append(out, Leak{Conduit: c, Value: v})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Value != out[b].Value {
			return out[a].Value > out[b].Value
		}
		return out[a].Conduit < out[b].Conduit
	})
	return out
}

// Reroute moves the rerouted part of the origins' flows onto their routes
// in a copy of flows: origin → importer falls by the rerouted value, origin
// → conduit and conduit → importer rise by it. Multilateral balances are
// unchanged; bilateral ones show where the goods go through.
func Reroute(t Table, routes []Route, flows []float64) []float64 {
	N, S := t.N, t.S
	at := func(i, j, s int) int { return (i*N+j)*S + s }
	out := append([]float64(nil), flows...)
	for _, r := range routes {
		v := r.Share * flows[at(r.Origin, r.Importer, r.Sector)]
		out[at(r.Origin, r.Importer, r.Sector)] -= v
		out[at(r.Origin, r.Conduit, r.Sector)] += v
		out[at(r.Conduit, r.Importer, r.Sector)] += v
	}
	return out
}
