package coalition

import (
	"math"
	"reflect"
	"testing"
)

// The tests in this file pin the game's rules on small payoff tables written
// out in full, with every expected value worked out by hand in the comments.
// Outsiders' payoffs are not zero (a bloc hurts or helps those it leaves
// out), so a gain — payoff in minus payoff out — differs from a payoff, and
// a rule that read one for the other gives another answer.

// pinTable is three players A, B, C (bits 0, 1, 2). Row m is the payoffs
// [A, B, C] when the members are m.
//
//	m    members   A      B      C
//	0    {}       −1.0   −2.0    0.5
//	1    {A}      −0.5   −2.5    0.2
//	2    {B}      −1.5   −1.0    0.3
//	3    {A,B}     0.4   −0.5   −0.1
//	4    {C}      −1.2   −2.2    0.4
//	5    {A,C}    −0.3   −2.8    0.1
//	6    {B,C}    −1.6   −0.8    0.0
//	7    {A,B,C}   0.6   −0.4   −0.3
func pinTable() *Table {
	return &Table{Players: []string{"A", "B", "C"}, Payoff: [][]float64{
		{-1.0, -2.0, 0.5},
		{-0.5, -2.5, 0.2},
		{-1.5, -1.0, 0.3},
		{0.4, -0.5, -0.1},
		{-1.2, -2.2, 0.4},
		{-0.3, -2.8, 0.1},
		{-1.6, -0.8, 0.0},
		{0.6, -0.4, -0.3},
	}}
}

// TestCheckPinned checks every verdict of pinTable against the hand
// computation. A member's gain from leaving m is its payoff in m without it
// minus its payoff in m; an outsider's gain from joining is its payoff in m
// with it minus its payoff in m.
//
// Only Check decides external stability for {A} and {B}: both are
// internally stable, so a Check that never marked a coalition externally
// unstable would call them stable (Stable filters with its own
// externallyStable and would not notice).
func TestCheckPinned(t *testing.T) {
	tests := []struct {
		m        Mask
		in, ex   bool
		group    bool
		defGain  float64
		defector int
		joinGain float64
		joiner   int
	}{
		// {}: A joins −0.5 − (−1) = +0.5, B −1 − (−2) = +1.0, C 0.4 − 0.5
		// = −0.1: B gains most; no member, so defection gain 0 by
		// convention, and no subgroup to deviate.
		{m: 0, in: true, ex: false, group: true, defGain: 0, defector: -1, joinGain: 1.0, joiner: 1},
		// {A}: A leaves −1 − (−0.5) = −0.5; B joins −0.5 − (−2.5) = +2.0,
		// C 0.1 − 0.2 = −0.1. Internally stable, not externally.
		{m: 1, in: true, ex: false, group: true, defGain: -0.5, defector: 0, joinGain: 2.0, joiner: 1},
		// {B}: B leaves −2 − (−1) = −1; A joins 0.4 − (−1.5) = +1.9, C 0 −
		// 0.3 = −0.3.
		{m: 2, in: true, ex: false, group: true, defGain: -1.0, defector: 1, joinGain: 1.9, joiner: 0},
		// {A,B}: A leaves −1.5 − 0.4 = −1.9, B −2.5 − (−0.5) = −2.0; C joins
		// −0.3 − (−0.1) = −0.2. Stable; A and B leaving together get −1
		// and −2 in {}, worse: group stable.
		{m: 3, in: true, ex: true, group: true, defGain: -1.9, defector: 0, joinGain: -0.2, joiner: 2},
		// {C}: C leaves 0.5 − 0.4 = +0.1; A joins −0.3 − (−1.2) = +0.9, B
		// −0.8 − (−2.2) = +1.4.
		{m: 4, in: false, ex: false, group: false, defGain: 0.1, defector: 2, joinGain: 1.4, joiner: 1},
		// {A,C}: A leaves −1.2 − (−0.3) = −0.9, C 0.2 − 0.1 = +0.1; B joins
		// −0.4 − (−2.8) = +2.4.
		{m: 5, in: false, ex: false, group: false, defGain: 0.1, defector: 2, joinGain: 2.4, joiner: 1},
		// {B,C}: B leaves −2.2 − (−0.8) = −1.4, C 0.3 − 0 = +0.3; A joins
		// 0.6 − (−1.6) = +2.2.
		{m: 6, in: false, ex: false, group: false, defGain: 0.3, defector: 2, joinGain: 2.2, joiner: 0},
		// {A,B,C}: A leaves −1.6 − 0.6 = −2.2, B −2.8 − (−0.4) = −2.4, C
		// −0.1 − (−0.3) = +0.2; no outsider: join gain 0 by convention.
		{m: 7, in: false, ex: true, group: false, defGain: 0.2, defector: 2, joinGain: 0, joiner: -1},
	}
	tb := pinTable()
	for _, tt := range tests {
		v := tb.Check(tt.m)
		if v.Members != tt.m || v.InternallyStable != tt.in || v.ExternallyStable != tt.ex || v.GroupStable != tt.group ||
			v.DefectPlayer != tt.defector || v.JoinPlayer != tt.joiner ||
			math.Abs(v.DefectGain-tt.defGain) > 1e-12 || math.Abs(v.JoinGain-tt.joinGain) > 1e-12 {
			t.Errorf("Check(%03b) = %+v, want %+v", tt.m, v, tt)
		}
	}
	// Stable lists exactly the coalitions both tests pass: {A,B}.
	if got := masks(tb.Stable(func(Mask) float64 { return 0 })); !reflect.DeepEqual(got, []Mask{3}) {
		t.Errorf("Stable = %v, want [{A,B}]", got)
	}
}

// TestCheckWithPenaltyPinned: a defector penalty of 0.15 lowers every
// payoff after leaving, so C, which gains +0.1 by leaving {C} and {A,C},
// gains 0.1 − 0.15 = −0.05 with it; {C} becomes internally stable, still
// not externally (B joins at +1.4). C still leaves {B,C} (0.3 − 0.15 =
// +0.15) and {A,B,C} (0.2 − 0.15 = +0.05).
func TestCheckWithPenaltyPinned(t *testing.T) {
	tb := pinTable()
	tb.Defect = func(m Mask, p int) float64 { return tb.Payoff[m&^(1<<p)][p] - 0.15 }
	tests := []struct {
		m       Mask
		in, ex  bool
		defGain float64
	}{
		{4, true, false, -0.05},
		{5, true, false, -0.05},
		{6, false, false, 0.15},
		{7, false, true, 0.05},
		{3, true, true, -1.9 - 0.15},
	}
	for _, tt := range tests {
		v := tb.Check(tt.m)
		if v.InternallyStable != tt.in || v.ExternallyStable != tt.ex || math.Abs(v.DefectGain-tt.defGain) > 1e-12 {
			t.Errorf("Check(%03b) with penalty = %+v, want internal %v external %v defection gain %g", tt.m, v, tt.in, tt.ex, tt.defGain)
		}
	}
}

// TestAccessionByGainPinned plays pinTable's accession path in the order
// C, A, B. A candidate joins when its gain, not its payoff, is positive:
//
//	C, nobody in: 0.4 in {C} against 0.5 outside {}: −0.1, stays out
//	  (its payoff in, 0.4, is positive);
//	A, nobody in: −0.5 in {A} against −1 outside: +0.5, joins (its
//	  payoff in, −0.5, is negative);
//	B, A in: −0.5 in {A,B} against −2.5 outside {A}: +2.0, joins.
//
// The path ends at {A,B}. Joining on a positive payoff would have taken C
// alone and then neither A (−0.3 in {A,C}) nor B (−0.8 in {B,C}): {C}.
func TestAccessionByGainPinned(t *testing.T) {
	steps, final := pinTable().Accession([]int{2, 0, 1})
	if final != 3 {
		t.Errorf("accession ends at %03b, want {A,B} = 011", final)
	}
	want := []Step{{Player: 2, GainPct: -0.1}, {Player: 0, Joins: true, GainPct: 0.5}, {Player: 1, Joins: true, GainPct: 2.0}}
	if len(steps) != len(want) {
		t.Fatalf("steps %+v", steps)
	}
	for k, st := range steps {
		w := want[k]
		if st.Player != w.Player || st.Joins != w.Joins || math.Abs(st.GainPct-w.GainPct) > 1e-12 {
			t.Errorf("step %d = %+v, want %+v", k, st, w)
		}
	}
	// The order that ends at {A,B} closest to C, A, B is that order; a
	// preference that names only C gets the others after it, in index
	// order.
	for _, prefer := range [][]int{{2, 0, 1}, {2}} {
		if o := pinTable().AccessionOrder(3, prefer); !reflect.DeepEqual(o, []int{2, 0, 1}) {
			t.Errorf("accession order to {A,B} preferring %v = %v, want [2 0 1]", prefer, o)
		}
	}
}

// TestStatusesPinned: why each player is in or out of pinTable's {A,B} and
// {A,C}.
func TestStatusesPinned(t *testing.T) {
	tests := []struct {
		m     Mask
		kind  []string
		join  []float64
		leave []float64 // NaN for outsiders
	}{
		// {A,B}: A joins {B}: 0.4 − (−1.5) = +1.9, leaving gives −1.9; B
		// joins {A}: −0.5 − (−2.5) = +2.0; C outside would get −0.3 − (−0.1)
		// = −0.2 by joining.
		{3, []string{StatusJoins, StatusJoins, StatusStaysOut}, []float64{1.9, 2.0, -0.2}, []float64{-1.9, -2.0, math.NaN()}},
		// {A,C}: A joins {C}: −0.3 − (−1.2) = +0.9; C joins {A}: 0.1 − 0.2 =
		// −0.1 and leaving gives +0.1: would leave; B would join at +2.4.
		{5, []string{StatusJoins, StatusWouldJoin, StatusWouldLeave}, []float64{0.9, 2.4, -0.1}, []float64{-0.9, math.NaN(), 0.1}},
	}
	for _, tt := range tests {
		for p, s := range pinTable().Statuses(tt.m) {
			if s.Kind != tt.kind[p] || math.Abs(s.JoinGain-tt.join[p]) > 1e-12 ||
				math.IsNaN(tt.leave[p]) != math.IsNaN(s.LeaveGain) || math.Abs(s.LeaveGain-tt.leave[p]) > 1e-12 {
				t.Errorf("Statuses(%03b)[%d] = %+v, want %s, join %g, leave %g", tt.m, p, s, tt.kind[p], tt.join[p], tt.leave[p])
			}
		}
	}
}

// TestGroupDeviationNeedsStrictGains: a subgroup deviates only if every one
// of its members is strictly better off. In {A,B,C}, no player gains by
// leaving alone (each gets 0 instead of 1); A and B leaving together to {C}
// give B 2 > 1 but A exactly 1 (or 1 plus solver noise of 1e-12, below tol):
// A is indifferent, so {A,B,C} is group stable. With A at 1.5 the pair
// deviates.
func TestGroupDeviationNeedsStrictGains(t *testing.T) {
	for _, tt := range []struct {
		aInC  float64 // A's payoff in {C}, i.e. after A and B leave
		group bool
	}{
		{1, true},
		{1 + 1e-12, true},
		{1 + tol, true},
		{1.5, false},
	} {
		tb := table(3, func(m Mask, p int) float64 { return 0 })
		tb.Payoff[7] = []float64{1, 1, 1}
		tb.Payoff[6] = []float64{0, 1, 1}
		tb.Payoff[5] = []float64{1, 0, 1}
		tb.Payoff[3] = []float64{1, 1, 0}
		tb.Payoff[4] = []float64{tt.aInC, 2, 0}
		v := tb.Check(7)
		if !v.InternallyStable || v.GroupStable != tt.group {
			t.Errorf("A gets %g after A and B leave: %+v, want internally stable, group stable %v", tt.aInC, v, tt.group)
		}
	}
}

// TestStableTieBreakBySize: with equal scores, the larger coalition ranks
// first. Players A, B, C; A cannot share a bloc (any member of a bloc of A
// and others gets −1), A alone gets 1, B and C get 0.5 per member of {B,C}
// in the bloc, and outsiders get 0.1 per member (they free-ride). Then:
//
//	{A}: A leaving gets 0 < 1; B or C joining gets −1 < 0.1: stable;
//	{B,C}: B leaving gets 0.1 < 1 (C alike); A joining gets −1 < 0.2: stable;
//	{}: A joins (1 > 0); {B}: C joins (1 > 0.1); {C} alike;
//	{A,B}, {A,C}, {A,B,C}: A leaves (0.1 or 0.2 > −1).
//
// Stable lists {B,C} before {A} at equal scores (enumeration order alone
// would put {A} first), and {A} first when the score prefers it.
func TestStableTieBreakBySize(t *testing.T) {
	tb := table(3, func(m Mask, p int) float64 {
		switch {
		case !m.Has(p):
			return 0.1 * float64(m.Size())
		case m.Has(0) && m.Size() > 1:
			return -1
		case p == 0:
			return 1
		default:
			return 0.5 * float64(m.Size())
		}
	})
	if got := masks(tb.Stable(func(Mask) float64 { return 0 })); !reflect.DeepEqual(got, []Mask{6, 1}) {
		t.Errorf("equal scores: stable = %v, want [{B,C} {A}] = [6 1]", got)
	}
	if got := masks(tb.Stable(func(m Mask) float64 { return float64(m & 1) })); !reflect.DeepEqual(got, []Mask{1, 6}) {
		t.Errorf("score prefers {A}: stable = %v, want [1 6]", got)
	}
}

// TestGainOfExactlyTolIsNoGain: tol absorbs solver noise, and a gain of
// exactly tol is still noise — for leaving, joining, the accession path,
// the statuses and Stable alike. Two players; B is outside throughout.
// A alone gets tol and 0 outside, so A gains exactly tol by joining {} and
// loses exactly tol by leaving {A}; B gets tol in {A,B} and 0 outside {A};
// A gets 0 in {A,B} and tol outside {B}.
func TestGainOfExactlyTolIsNoGain(t *testing.T) {
	tb := table(2, func(Mask, int) float64 { return 0 })
	tb.Payoff[1] = []float64{tol, 0}   // {A}
	tb.Payoff[3] = []float64{0, tol}   // {A,B}
	tb.Payoff[2] = []float64{tol, tol} // {B}: A outside keeps tol; B in gets tol
	// {}: A's join gain tol, B's tol; {A}: A's leave gain −tol, B's join
	// gain tol; {B}: B's leave gain −tol, A's join gain −tol; {A,B}: A's
	// leave gain tol, B's −tol. No one gains anywhere: all four are stable.
	for m := Mask(0); m < 4; m++ {
		if v := tb.Check(m); !v.InternallyStable || !v.ExternallyStable {
			t.Errorf("Check(%02b) = %+v: a gain of exactly tol counted", m, v)
		}
	}
	if got := masks(tb.Stable(func(Mask) float64 { return 0 })); !reflect.DeepEqual(got, []Mask{3, 1, 2, 0}) {
		t.Errorf("stable %v, want all four, largest first: [3 1 2 0]", got)
	}
	if _, final := tb.Accession([]int{0, 1}); final != 0 {
		t.Errorf("accession ends at %02b: a gain of tol joined", final)
	}
	if o := tb.AccessionOrder(0, []int{0, 1}); !reflect.DeepEqual(o, []int{0, 1}) {
		t.Errorf("order to {} = %v, want [0 1]: nobody joins for tol", o)
	}
	for _, s := range tb.Statuses(0) {
		if s.Kind != StatusStaysOut {
			t.Errorf("status in {}: %+v", s)
		}
	}
	// One player, 0 in {A} and tol outside: as a member it loses tol by
	// joining and gains tol by leaving, neither a gain: it joins (weakly),
	// neither would leave nor is locked in.
	one := table(1, func(m Mask, _ int) float64 { return tol * float64(1-m.Size()) })
	if s := one.Statuses(1)[0]; s.Kind != StatusJoins || s.JoinGain != -tol || s.LeaveGain != tol {
		t.Errorf("status of a member indifferent within tol: %+v", s)
	}
}

// TestVerdictTiesNameTheFirstPlayer: when two members gain equally by
// leaving (or two outsiders by joining), the verdict names the first.
// Three players; in {A,B} both A and B get 1 and 2 after leaving (gain +1),
// C outside {A,B} gets 0 and 1 by joining; in {C} A and B each gain 1 by
// joining.
func TestVerdictTiesNameTheFirstPlayer(t *testing.T) {
	tb := table(3, func(Mask, int) float64 { return 0 })
	tb.Payoff[3] = []float64{1, 1, 0}
	tb.Payoff[2] = []float64{2, 0, 0} // A left {A,B}
	tb.Payoff[1] = []float64{0, 2, 0} // B left {A,B}
	tb.Payoff[7] = []float64{0, 0, 1}
	tb.Payoff[5] = []float64{1, 0, 0}
	tb.Payoff[6] = []float64{0, 1, 0}
	if v := tb.Check(3); v.DefectPlayer != 0 || v.DefectGain != 1 || v.JoinPlayer != 2 || v.JoinGain != 1 {
		t.Errorf("Check({A,B}) = %+v, want A most tempted (+1), C the joiner (+1)", v)
	}
	if v := tb.Check(4); v.JoinPlayer != 0 || v.JoinGain != 1 {
		t.Errorf("Check({C}) = %+v, want A the joiner (+1, tied with B)", v)
	}
}

// TestStableKeepsOutsidersThatGainNothing: an outsider better off outside
// — 1 outside against 0.5 in, both positive — leaves the coalition stable;
// Stable must compare its payoffs, not add them. Two players: A alone gets
// 1, B outside {A} 1 and in {A,B} 0.5 (A gets 0.5 there too); {} and {B}
// are unstable (A joins at +1 from 0).
func TestStableKeepsOutsidersThatGainNothing(t *testing.T) {
	tb := table(2, func(Mask, int) float64 { return 0 })
	tb.Payoff[1] = []float64{1, 1}
	tb.Payoff[3] = []float64{0.5, 0.5}
	tb.Payoff[2] = []float64{1, 0} // A outside {B} gets 1: A joining gives 0.5, no
	// {B}: B leaving gets 0 = 0 in: internally stable; A joining 0.5 < 1:
	// externally stable. So {A} and {B} are stable; {} is not (A joins at
	// +1), {A,B} is not (A leaves at +0.5).
	if got := masks(tb.Stable(func(Mask) float64 { return 0 })); !reflect.DeepEqual(got, []Mask{1, 2}) {
		t.Errorf("stable %v, want [{A} {B}]", got)
	}
}

// TestDefectionsReadOnlyExternallyStable: Stable reads defection payoffs
// (each a solve with a defector penalty) only for coalitions that are
// externally stable; in pinTable those are {A,B} and {A,B,C}.
func TestDefectionsReadOnlyExternallyStable(t *testing.T) {
	want := []defection{{3, 0}, {3, 1}, {7, 0}, {7, 1}, {7, 2}}
	if got := pinTable().defectionsRead(); !reflect.DeepEqual(got, want) {
		t.Errorf("defections read %v, want %v", got, want)
	}
	// And Stable reads no others.
	tb := pinTable()
	read := map[defection]bool{}
	tb.Defect = func(m Mask, p int) float64 {
		read[defection{m, p}] = true
		return tb.Payoff[m&^(1<<p)][p]
	}
	tb.Stable(func(Mask) float64 { return 0 })
	for d := range read {
		if d.Members != 3 && d.Members != 7 {
			t.Errorf("Stable read the defection %+v of a coalition that is not externally stable", d)
		}
	}
}

// TestBreakerPinned: the move a band reports as unsettling a coalition is
// the largest gain of any member leaving or any outsider joining, worked
// out by hand on pinTable; none for a stable coalition.
func TestBreakerPinned(t *testing.T) {
	tests := []struct {
		m      Mask
		player int
		joins  bool
		gain   float64
	}{
		// {}: B joins for −1 − (−2) = +1.0, more than A's +0.5.
		{0, 1, true, 1.0},
		// {A}: B joins for −0.5 − (−2.5) = +2.0; A leaves for −1 − (−0.5)
		// = −0.5; C joins for 0.1 − 0.2 = −0.1.
		{1, 1, true, 2.0},
		// {A,B}: A leaves for −1.5 − 0.4 = −1.9, B for −0.5 − (−0.5) = 0,
		// C joins for −0.3 − (−0.1) = −0.2: stable.
		{3, -1, false, 0},
		// {A,B,C}: C leaves for −0.1 − (−0.3) = +0.2, A for −1.6 − 0.6,
		// B for −2.8 − (−0.4): C leaves.
		{7, 2, false, 0.2},
		// {B,C}: A joins for 0.6 − (−1.6) = +2.2; B leaves for −2.2 −
		// (−0.8) = −1.4, C for 0.3 − 0 = +0.3: A's joining is the larger
		// move.
		{6, 0, true, 2.2},
	}
	tab := pinTable()
	for _, tt := range tests {
		p, joins, gain := tab.breaker(tt.m)
		if p != tt.player || joins != tt.joins || math.Abs(gain-tt.gain) > 1e-12 {
			t.Errorf("breaker(%03b) = (%d, %v, %g), want (%d, %v, %g)", tt.m, p, joins, gain, tt.player, tt.joins, tt.gain)
		}
		if stable := tab.stableAt(tt.m); stable != (tt.player < 0) {
			t.Errorf("stableAt(%03b) = %v with breaker %d", tt.m, stable, p)
		}
	}
}
