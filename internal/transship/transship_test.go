package transship

import (
	"math"
	"testing"
)

// world has an origin O=0, an importer M=1 that tariffs O at tOM, and two
// conduits C1=2, C2=3 that import from O and sell to M duty-free.
func world(tOM float64) Table {
	N, S := 4, 1
	t := Table{N: N, S: S, Flows: make([]float64, N*N), Tariffs: make([]float64, N*N)}
	set := func(a []float64, i, j int, v float64) { a[i*N+j] = v }
	set(t.Flows, 0, 1, 100) // O → M
	set(t.Flows, 0, 2, 40)  // O → C1
	set(t.Flows, 0, 3, 10)  // O → C2
	set(t.Flows, 2, 1, 30)
	set(t.Flows, 3, 1, 20)
	set(t.Tariffs, 0, 1, tOM)
	return t
}

func totalShare(rs []Route) float64 {
	s := 0.0
	for _, r := range rs {
		s += r.Share
	}
	return s
}

func TestInfiniteCostLeaksNothing(t *testing.T) {
	p := Params{Origins: []int{0}, Elasticity: 4, Capacity: 0.5, Cost: math.Inf(1)}
	if rs := p.Routes(world(0.5)); len(rs) != 0 {
		t.Errorf("with an infinite re-routing cost %d routes remain: %+v", len(rs), rs)
	}
	p.Cost = 1e12
	if rs := p.Routes(world(0.5)); len(rs) != 0 {
		t.Errorf("with a prohibitive cost %d routes remain", len(rs))
	}
}

func TestLeakageRisesWithTheGap(t *testing.T) {
	p := Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}
	prev := -1.0
	for _, tOM := range []float64{0, 0.03, 0.06, 0.1, 0.25, 0.5, 1, 2} {
		s := totalShare(p.Routes(world(tOM)))
		if tOM <= 0.05 && s != 0 {
			t.Errorf("tariff %g below the re-routing cost: share %g, want 0", tOM, s)
		}
		if s < prev || (tOM > 0.05 && !(s > prev)) {
			t.Errorf("tariff %g: rerouted share %g after %g; want it rising with the gap", tOM, s, prev)
		}
		prev = s
	}
	// Capped by the conduits' capacity: half of the lesser of their imports
	// from O and their sales to M, against the direct flow of 100.
	if want := 0.5 * (30 + 10) / 100; prev > want+1e-12 {
		t.Errorf("share %g above the capacity %g", prev, want)
	}
}

// TestApplyKeepsTheBuyersPrice: the composite tariff and iceberg factor
// charge the buyer the share-weighted price of the routes, and the tariff is
// the revenue the importer collects per unit.
func TestApplyKeepsTheBuyersPrice(t *testing.T) {
	tb := world(0.5)
	tb.Tariffs[3*4+1] = 0.1 // M taxes C2's goods at 10%
	p := Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05, Penalty: []float64{0, 0.2, 0, 0}}
	rs := p.Routes(tb)
	tar := append([]float64(nil), tb.Tariffs...)
	cost := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	p.Apply(tb, rs, tar, cost)
	stay, rev, price := 1.0, 0.0, 0.0
	for _, r := range rs {
		tCM := tb.Tariffs[r.Conduit*4+1] + 0.2
		stay -= r.Share
		rev += r.Share * tCM
		price += r.Share * (1 + tCM) * 1.05
	}
	rev += stay * 0.5
	price += stay * 1.5
	if math.Abs(tar[1]-rev) > 1e-15 || math.Abs((1+tar[1])*cost[1]-price) > 1e-12 {
		t.Errorf("composite tariff %g (want %g), buyer's price %g (want %g)", tar[1], rev, (1+tar[1])*cost[1], price)
	}
	for k := range tar {
		if k != 1 && (tar[k] != tb.Tariffs[k] || cost[k] != 1) {
			t.Errorf("pair %d changed", k)
		}
	}
}

func TestRerouteKeepsMultilateralBalances(t *testing.T) {
	tb := world(0.5)
	p := Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}
	rs := p.Routes(tb)
	after := Reroute(tb, rs, tb.Flows)
	bal := func(f []float64, i int) float64 {
		b := 0.0
		for j := 0; j < 4; j++ {
			if j != i {
				b += f[i*4+j] - f[j*4+i]
			}
		}
		return b
	}
	for i := 0; i < 4; i++ {
		if d := bal(after, i) - bal(tb.Flows, i); math.Abs(d) > 1e-12 {
			t.Errorf("economy %d: multilateral balance moved by %g", i, d)
		}
	}
	leaks := Leaks(tb, rs, tb.Flows)
	if len(leaks) != 2 || leaks[0].Conduit != 2 || !(leaks[0].Value > leaks[1].Value) {
		t.Errorf("leaks %+v: want both conduits, the larger capacity (C1) first", leaks)
	}
	if got := after[0*4+1]; math.Abs(got-100*(1-totalShare(rs))) > 1e-12 {
		t.Errorf("direct flow after rerouting %g", got)
	}
}

// TestCapacityIsSharedAmongImporters: a conduit's capacity is a share of
// its imports from the origin in all, shared among the importers it sells
// to, so however many importers tariff the origin, no more than capacity ×
// X_OC passes through it. Counted whole for each importer, the conduit of
// this world (O → C 40, C selling 30 to each of three importers) would
// carry three times its capacity.
func TestCapacityIsSharedAmongImporters(t *testing.T) {
	const N, S = 5, 1 // O = 0, C = 1, importers 2, 3, 4
	tb := Table{N: N, S: S, Flows: make([]float64, N*N), Tariffs: make([]float64, N*N)}
	set := func(a []float64, i, j int, v float64) { a[i*N+j] = v }
	set(tb.Flows, 0, 1, 40)
	for m := 2; m < N; m++ {
		set(tb.Flows, 0, m, 100) // O's direct sales to each importer
		set(tb.Flows, 1, m, 30)  // C's sales to each importer
		set(tb.Tariffs, 0, m, 5) // a prohibitive tariff on O: the gap is huge
	}
	p := Params{Origins: []int{0}, Elasticity: 50, Capacity: 0.5}
	through := 0.0
	for _, r := range p.Routes(tb) {
		if r.Conduit != 1 {
			t.Fatalf("route through %d: only C can carry", r.Conduit)
		}
		through += r.Share * tb.Flows[r.Origin*N+r.Importer]
	}
	// The gap is so large that each route runs at its capacity: the three
	// importers share 0.5 × 40 = 20 equally.
	if want := 0.5 * 40.0; math.Abs(through-want) > 1e-6*want {
		t.Errorf("%.4f of O's goods pass through C, want its capacity %.4f", through, want)
	}
}
