package transship

import (
	"math"
	"slices"
	"testing"
)

// handWorld has two sectors and baseline tariffs. Economies: the origin
// O = 0, a conduit C1 = 1, the importer M = 2, and C2 = 3, a conduit of O
// and itself an origin, last in the layout. Flows by sector:
//
//	s0: O→M 100, O→C1 40, O→C2 10, C1→M 30, C2→M 20, C1→O 10, C1→C2 20, C2→C1 5, M→O 5
//	s1: O→M 50, O→C1 20, C1→M 10
//
// Baseline tariffs: O→M 10% (s0) and 20% (s1), O→C1 5% and C1→M 2% (s0).
// In force: O→M 60% and 50%, C2→M 10% (s0); C1 cuts its tariff on O to 4%
// in s0 and raises it to 2% in s1, and M raises its tariff on C1 to 3% in
// s1.
func handWorld() Table {
	const N, S = 4, 2
	t := Table{N: N, S: S, Flows: make([]float64, N*N*S), Base: make([]float64, N*N*S), Tariffs: make([]float64, N*N*S)}
	set := func(a []float64, i, j, s int, v float64) { a[(i*N+j)*S+s] = v }
	for _, f := range []struct {
		i, j, s int
		v       float64
	}{{0, 2, 0, 100}, {0, 1, 0, 40}, {0, 3, 0, 10}, {1, 2, 0, 30}, {3, 2, 0, 20}, {1, 0, 0, 10}, {1, 3, 0, 20}, {3, 1, 0, 5}, {2, 0, 0, 5},
		{0, 2, 1, 50}, {0, 1, 1, 20}, {1, 2, 1, 10}} {
		set(t.Flows, f.i, f.j, f.s, f.v)
	}
	set(t.Base, 0, 2, 0, 0.1)
	set(t.Base, 0, 2, 1, 0.2)
	set(t.Base, 0, 1, 0, 0.05)
	set(t.Base, 1, 2, 0, 0.02)
	copy(t.Tariffs, t.Base)
	set(t.Tariffs, 0, 2, 0, 0.6)
	set(t.Tariffs, 0, 2, 1, 0.5)
	set(t.Tariffs, 3, 2, 0, 0.1)
	set(t.Tariffs, 0, 1, 0, 0.04)
	set(t.Tariffs, 0, 1, 1, 0.02)
	set(t.Tariffs, 1, 2, 1, 0.03)
	return t
}

// TestRoutesByHand works the package doc's formulas on handWorld (ε = 2,
// κ = 5%, capacity 0.5), with O and C2 as origins:
//
//   - O to M, s0, through C1: r = (1.04/1.05)·(1.02/1.02)·1.05 = 1.04, the
//     gap (1.6/1.1)/1.04. C1's foreign sales other than to O are 30 + 20 =
//     50, so M's part of its capacity is 0.5 · min(40·30/50, 30)/100 = 0.12.
//   - O to M, s0, through C2: M's tariff on C2 rose to 10%, r = 1.1 · 1.05;
//     C2 sells 25, capacity 0.5 · min(10·20/25, 20)/100 = 0.04.
//   - O to M, s1, through C1: r = 1.02 · 1.03 · 1.05, the gap (1.5/1.2)/r,
//     capacity 0.5 · min(20·10/10, 10)/50 = 0.1; C2 imports nothing from O
//     in s1.
//   - C2 to M, s0, through C1: r = 1.05, the gap 1.1/1.05; C1's sales other
//     than to C2 are 40, capacity 0.5 · min(5·30/40, 30)/20 = 0.09375.
//
// O's sales to C1 and C2 face no rise above the floor (the smallest
// factor, 1.04/1.05, squared, times 1.05): none of them reroutes. Apply then
// charges M the revenue per unit and the share-weighted price of the
// routes, where a detour's price is the baseline price (1 + t_OM) times r.
func TestRoutesByHand(t *testing.T) {
	tb := handWorld()
	p := Params{Origins: []int{0, 3}, Elasticity: 2, Cost: 0.05, Capacity: 0.5}
	share := func(capC, gap float64) float64 { return capC * (1 - 1/(gap*gap)) }
	direct0, direct1 := 1.6/1.1, 1.5/1.2
	r1 := 1.02 * 1.03 * 1.05
	want := []Route{
		{Origin: 0, Importer: 2, Conduit: 1, Sector: 0, Share: share(0.12, direct0/1.04)},
		{Origin: 0, Importer: 2, Conduit: 3, Sector: 0, Share: share(0.04, direct0/(1.1*1.05))},
		{Origin: 0, Importer: 2, Conduit: 1, Sector: 1, Share: share(0.1, direct1/r1)},
		{Origin: 3, Importer: 2, Conduit: 1, Sector: 0, Share: share(0.09375, 1.1/1.05)},
	}
	got := p.Routes(tb)
	if len(got) != len(want) {
		t.Fatalf("routes %+v, want %+v", got, want)
	}
	for k := range want {
		g, w := got[k], want[k]
		if g.Origin != w.Origin || g.Importer != w.Importer || g.Conduit != w.Conduit || g.Sector != w.Sector || math.Abs(g.Share-w.Share) > 1e-12 {
			t.Errorf("route %d: %+v, want %+v", k, g, w)
		}
	}

	tariffs := slices.Clone(tb.Tariffs)
	cost := make([]float64, len(tb.Flows))
	for k := range cost {
		cost[k] = 1
	}
	p.Apply(tb, got, tariffs, cost)
	sa, sb, s1, s3 := want[0].Share, want[1].Share, want[2].Share, want[3].Share
	at := func(i, j, s int) int { return (i*4+j)*2 + s }
	for _, c := range []struct {
		k          int
		rev, price float64
	}{
		{at(0, 2, 0), (1-sa-sb)*0.6 + sa*0.02 + sb*0.1, (1-sa-sb)*1.6 + sa*1.1*1.04 + sb*1.1*(1.1*1.05)},
		{at(0, 2, 1), (1-s1)*0.5 + s1*0.03, (1-s1)*1.5 + s1*1.2*r1},
		{at(3, 2, 0), (1-s3)*0.1 + s3*0.02, (1-s3)*1.1 + s3*1*1.05},
	} {
		if math.Abs(tariffs[c.k]-c.rev) > 1e-12 || math.Abs((1+tariffs[c.k])*cost[c.k]-c.price) > 1e-12 {
			t.Errorf("pair %d: tariff %v, buyer's price %v; want %v, %v", c.k, tariffs[c.k], (1+tariffs[c.k])*cost[c.k], c.rev, c.price)
		}
	}
	for k := range tariffs {
		if k != at(0, 2, 0) && k != at(0, 2, 1) && k != at(3, 2, 0) && (tariffs[k] != tb.Tariffs[k] || cost[k] != 1) {
			t.Errorf("pair %d changed: %v, cost %v", k, tariffs[k], cost[k])
		}
	}

	// Leaks: each conduit's shares times the origin's sales to the
	// importer, summed over origins and sectors, largest first.
	leaks := Leaks(tb, got, tb.Flows)
	wantLeaks := []Leak{{1, sa*100 + s1*50 + s3*20}, {3, sb * 100}}
	if len(leaks) != 2 || leaks[0].Conduit != 1 || leaks[1].Conduit != 3 ||
		math.Abs(leaks[0].Value-wantLeaks[0].Value) > 1e-12 || math.Abs(leaks[1].Value-wantLeaks[1].Value) > 1e-12 {
		t.Errorf("leaks %+v, want %+v", leaks, wantLeaks)
	}
	// Reroute moves those values sector by sector: origin → M falls,
	// origin → conduit and conduit → M rise.
	after := Reroute(tb, got, tb.Flows)
	moved := map[int]float64{
		at(0, 2, 0): -(sa + sb) * 100, at(0, 1, 0): sa * 100, at(1, 2, 0): sa*100 + s3*20,
		at(0, 3, 0): sb * 100, at(3, 2, 0): sb*100 - s3*20, at(3, 1, 0): s3 * 20,
		at(0, 2, 1): -s1 * 50, at(0, 1, 1): s1 * 50, at(1, 2, 1): s1 * 50,
	}
	for k := range after {
		if math.Abs(after[k]-tb.Flows[k]-moved[k]) > 1e-12 {
			t.Errorf("flow %d: %v → %v, want a move of %v", k, tb.Flows[k], after[k], moved[k])
		}
	}
}

// fourWorld is world's layout (O = 0, M = 1, conduits 2 and 3) with M's
// tariff on O raised to tOM, changed by edit.
func fourWorld(tOM float64, edit func(t *Table)) Table {
	t := world(tOM)
	t.Base = make([]float64, len(t.Flows))
	if edit != nil {
		edit(&t)
	}
	return t
}

// TestWhoReroutes: which conduits carry O's goods to M, case by case, each
// decided by the package doc's rules: a detour no dearer than the direct
// route carries nothing, nor does a conduit without trade on both legs, nor
// an importer that buys nothing from the origin; a detour that becomes
// cheaper through its own legs (the conduit's tariff on the origin cut, a
// negative penalty) carries goods even when the direct tariff rises by less
// than κ.
func TestWhoReroutes(t *testing.T) {
	set := func(a []float64, i, j int, v float64) { a[i*4+j] = v }
	cases := []struct {
		name     string
		tb       Table
		p        Params
		conduits []int // of O's routes to M, in order; nil = none
	}{
		{"an unchanged tariff, however high, reroutes nothing", fourWorld(0.5, func(t *Table) { set(t.Base, 0, 1, 0.5) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5}, nil},
		{"a detour exactly as dear as the direct route", fourWorld(0.1, func(t *Table) { set(t.Tariffs, 2, 1, 0.1); set(t.Tariffs, 3, 1, 0.1) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5}, nil},
		{"C2 imports nothing from O", fourWorld(0.5, func(t *Table) { set(t.Flows, 0, 3, 0) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}, []int{2}},
		{"C1 sells nothing to M", fourWorld(0.5, func(t *Table) { set(t.Flows, 2, 1, 0); set(t.Flows, 2, 3, 5) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}, []int{3}},
		{"M buys nothing from O", fourWorld(0.5, func(t *Table) { set(t.Flows, 0, 1, 0) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}, nil},
		// O and C1 cut C1's 20% tariff on O: a 4% rise at M, below κ = 5%,
		// makes the detour through C1 cheaper (1.04 against 1.05/1.2), not
		// the one through C2.
		{"the conduit's tariff on O cut", fourWorld(0.04, func(t *Table) { set(t.Base, 0, 2, 0.2) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}, []int{2}},
		// M removes a 20% import subsidy on O's goods: the direct price
		// rises by 1/0.8 = 1.25, as a 25% tariff would raise it.
		{"an import subsidy removed", fourWorld(0, func(t *Table) { set(t.Base, 0, 1, -0.2) }),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05}, []int{2, 3}},
		// A 10% subsidy on goods M finds transshipped: a 2% rise at M, below
		// κ, against 0.9 · 1.05 through either conduit.
		{"a negative penalty", fourWorld(0.02, nil),
			Params{Origins: []int{0}, Elasticity: 3, Capacity: 0.5, Cost: 0.05, Penalty: []float64{0, -0.1, 0, 0}}, []int{2, 3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			for _, r := range tc.p.Routes(tc.tb) {
				if r.Origin != 0 || r.Importer != 1 || !(r.Share > 0) || math.IsInf(r.Share, 0) {
					t.Errorf("route %+v: want O's to M with a positive, finite share", r)
				}
				got = append(got, r.Conduit)
			}
			if !slices.Equal(got, tc.conduits) {
				t.Errorf("conduits %v, want %v", got, tc.conduits)
			}
		})
	}
}

// TestMaxShare: conduits large against the direct flow would carry more
// than all of it; their shares are scaled down in proportion to MaxShare
// together. With capacity 1, ε = 1 and a doubled price (gap 2), C1 (40 from
// O, 30 to M, its only buyer) would carry 1 · min(40, 30)/10 · ½ = 1.5 of
// O's 10 to M and C2 (10 from O, 20 to M) 1 · 10/10 · ½ = 0.5: 3 to 1.
func TestMaxShare(t *testing.T) {
	tb := world(1)
	tb.Flows[0*4+1] = 10
	p := Params{Origins: []int{0}, Elasticity: 1, Capacity: 1}
	rs := p.Routes(tb)
	if len(rs) != 2 || rs[0].Conduit != 2 || rs[1].Conduit != 3 {
		t.Fatalf("routes %+v, want through C1 and C2", rs)
	}
	if math.Abs(rs[0].Share-MaxShare*0.75) > 1e-12 || math.Abs(rs[1].Share-MaxShare*0.25) > 1e-12 {
		t.Errorf("shares %v and %v, want %v and %v", rs[0].Share, rs[1].Share, MaxShare*0.75, MaxShare*0.25)
	}
}

// TestApplyGroupsAnyOrder: routes given in any order are grouped by
// (origin, importer, sector) before they are applied, so that an importer's
// composite tariff is computed once from all its routes.
func TestApplyGroupsAnyOrder(t *testing.T) {
	tb := handWorld()
	p := Params{Origins: []int{0}, Elasticity: 2, Cost: 0.05, Capacity: 0.5}
	rs := p.Routes(tb)
	if len(rs) != 3 {
		t.Fatalf("%d routes, want 3", len(rs))
	}
	apply := func(rs []Route) ([]float64, []float64) {
		tariffs, cost := slices.Clone(tb.Tariffs), make([]float64, len(tb.Flows))
		for k := range cost {
			cost[k] = 1
		}
		p.Apply(tb, rs, tariffs, cost)
		return tariffs, cost
	}
	t0, c0 := apply(rs)
	// s0 through C1, s1 through C1, s0 through C2: the s0 group split.
	t1, c1 := apply([]Route{rs[0], rs[2], rs[1]})
	for k := range t0 {
		if math.Abs(t1[k]-t0[k]) > 1e-15 || math.Abs(c1[k]-c0[k]) > 1e-15 {
			t.Errorf("pair %d: %v, cost %v given out of order; %v, %v in order", k, t1[k], c1[k], t0[k], c0[k])
		}
	}
}

// TestLeaksTie: conduits that carry the same value are listed by index, so
// that reports come out the same on every run.
func TestLeaksTie(t *testing.T) {
	tb := world(0.5)
	rs := []Route{{Origin: 0, Importer: 1, Conduit: 3, Share: 0.1}, {Origin: 0, Importer: 1, Conduit: 2, Share: 0.1}}
	leaks := Leaks(tb, rs, tb.Flows)
	if len(leaks) != 2 || leaks[0].Conduit != 2 || leaks[1].Conduit != 3 || leaks[0].Value != 10 || leaks[1].Value != 10 {
		t.Errorf("leaks %+v, want C1 then C2, 10 each", leaks)
	}
}
