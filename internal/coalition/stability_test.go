package coalition

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// table builds a Table from a payoff function.
func table(K int, f func(m Mask, p int) float64) *Table {
	t := &Table{Players: make([]string, K), Payoff: make([][]float64, 1<<K)}
	for p := range t.Players {
		t.Players[p] = string(rune('A' + p))
	}
	for m := range t.Payoff {
		t.Payoff[m] = make([]float64, K)
		for p := 0; p < K; p++ {
			t.Payoff[m][p] = f(Mask(m), p)
		}
	}
	return t
}

func masks(vs []Verdict) []Mask {
	var out []Mask
	for _, v := range vs {
		out = append(out, v.Members)
	}
	return out
}

func TestStableOnHandBuiltTables(t *testing.T) {
	bySize := func(Mask) float64 { return 0 }
	tests := []struct {
		name string
		tab  *Table
		want []Mask
	}{
		{
			// Joining always pays: only the grand coalition is stable.
			name: "grand coalition",
			tab:  table(3, func(m Mask, p int) float64 { return float64(m.Size()) }),
			want: []Mask{7},
		},
		{
			// Members lose from membership and outsiders gain nothing from
			// joining: only the empty coalition is stable.
			name: "empty",
			tab: table(3, func(m Mask, p int) float64 {
				if m.Has(p) {
					return -1
				}
				return 0
			}),
			want: []Mask{0},
		},
	}
	// A cyclic 2-player table: {} → {A} (A joins) → {A,B} (B joins) →
	// {B} (A leaves) → {} (B leaves), so no coalition is stable.
	cyc := table(2, func(Mask, int) float64 { return 0 })
	cyc.Payoff[0] = []float64{0, 0}
	cyc.Payoff[1] = []float64{1, 0}
	cyc.Payoff[3] = []float64{0, 1}
	cyc.Payoff[2] = []float64{1, -1}
	tests = append(tests, struct {
		name string
		tab  *Table
		want []Mask
	}{"none (cycle)", cyc, nil})
	for _, tt := range tests {
		got := masks(tt.tab.Stable(bySize))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: stable = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSeveralStableRankedByScore(t *testing.T) {
	// Two players who each want to be in only alone: {A} and {B} are stable.
	tb := table(2, func(m Mask, p int) float64 {
		if !m.Has(p) {
			return 0
		}
		if m.Size() == 1 {
			return 1
		}
		return -1
	})
	score := func(m Mask) float64 { return float64(m) } // prefer {B}
	got := masks(tb.Stable(score))
	if want := []Mask{2, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("stable = %v, want %v", got, want)
	}
}

func TestPenaltyMakesGrandCoalitionStable(t *testing.T) {
	// Free riding: each player gains 1 from leaving the grand coalition
	// unless a defector penalty of 2 applies.
	payoff := func(m Mask, p int) float64 {
		switch {
		case m == 7:
			return 2
		case !m.Has(p):
			return float64(m.Size()) + 0.5 // outsiders free-ride on the bloc
		default:
			return float64(m.Size())
		}
	}
	tb := table(3, payoff)
	if v := tb.Check(7); v.InternallyStable {
		t.Fatalf("grand coalition internally stable without penalty: %+v", v)
	}
	tb.Defect = func(m Mask, p int) float64 { return tb.Payoff[m&^(1<<p)][p] - 2 }
	v := tb.Check(7)
	if !v.InternallyStable || !v.ExternallyStable || !v.GroupStable {
		t.Fatalf("grand coalition not stable with the penalty: %+v", v)
	}
	if v.DefectGain != 0.5-2 {
		t.Errorf("unity: largest defection gain %g, want −1.5", v.DefectGain)
	}
}

func TestGroupDeviation(t *testing.T) {
	// {A,B,C} is internally stable (no single member gains by leaving) but A
	// and B together gain by leaving to {C}.
	tb := table(3, func(m Mask, p int) float64 { return 0 })
	tb.Payoff[7] = []float64{1, 1, 1}
	tb.Payoff[6] = []float64{0, 1, 1} // A leaves: A 0 < 1
	tb.Payoff[5] = []float64{1, 0, 1} // B leaves: B 0 < 1
	tb.Payoff[3] = []float64{1, 1, 0} // C leaves: C 0 < 1
	tb.Payoff[4] = []float64{2, 2, 0} // A and B leave together: both 2 > 1
	v := tb.Check(7)
	if !v.InternallyStable || v.GroupStable {
		t.Fatalf("want internally but not group stable: %+v", v)
	}
}

func TestAccessionPath(t *testing.T) {
	// Joining pays only once someone else is in, except for player 2.
	tb := table(3, func(m Mask, p int) float64 {
		if !m.Has(p) {
			return 0
		}
		if p == 2 || m.Size() >= 2 {
			return 1
		}
		return -1
	})
	// Player 0 moves first and stays out; 2 joins alone; 1 then joins.
	steps, final := tb.Accession([]int{0, 2, 1})
	if final != 6 {
		t.Errorf("final %v, want {1,2} = 6", final)
	}
	if steps[0].Joins || !steps[1].Joins || !steps[2].Joins {
		t.Errorf("steps %+v", steps)
	}
}

// lockIn is a three-player table where outsiders' payoffs are not zero (a
// bloc hurts those it leaves out) and C is a lock-in: {A,B,C} is stable only
// because leaving costs C the defector penalty (2), while joining {A,B}
// costs C 0.5.
func lockIn() *Table {
	tb := table(3, func(m Mask, p int) float64 {
		switch {
		case m.Has(p) && p == 2:
			return 1.0 // C as a member
		case m.Has(p):
			return float64(m.Size()) // A and B like a bigger bloc
		default:
			return 1.5 - 0.25*float64(m.Size()) // outsiders lose as the bloc grows
		}
	})
	tb.Defect = func(m Mask, p int) float64 { return tb.Payoff[m&^(1<<p)][p] - 2 }
	return tb
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		name string
		tab  *Table
		m    Mask
		want []string // by player
		gain []float64
	}{
		// {A,B,C}: A outside {B,C} gets 1.5 − 0.5 = 1.0, in 3: +2 (B the
		// same); C gets 1.0 outside {A,B} and 1.0 in: a zero gain, and a
		// member that loses nothing by staying joins (weakly).
		{"grand coalition", lockIn(), 7, []string{StatusJoins, StatusJoins, StatusJoins}, []float64{2, 2, 0}},
		// {A,B}: C outside gets 1.5 − 0.5 = 1.0; joining gives 1.0: no gain.
		{"C stays out", lockIn(), 3, []string{StatusJoins, StatusJoins, StatusStaysOut}, []float64{2 - 1.25, 2 - 1.25, 0}},
		// {}: everyone outside gets 1.5; joining alone gives 1: stays out.
		{"nobody in", lockIn(), 0, []string{StatusStaysOut, StatusStaysOut, StatusStaysOut}, []float64{-0.5, -0.5, -0.5}},
		// {A,C}: A gains 2 − 1.25 = 0.75 by joining {C}; C in gets 1 vs 1.25
		// outside {A}: joining costs it 0.25, but leaving with the penalty
		// leaves it 1.25 − 2 = −0.75, so C is locked in; B outside gets 1.0,
		// in 3: it would join.
		{"C locked in", lockIn(), 5, []string{StatusJoins, StatusWouldJoin, StatusLockedIn}, []float64{0.75, 2, -0.25}},
	}
	// Without the penalty C would leave {A,C}.
	noPen := lockIn()
	noPen.Defect = nil
	tests = append(tests, struct {
		name string
		tab  *Table
		m    Mask
		want []string
		gain []float64
	}{"C would leave", noPen, 5, []string{StatusJoins, StatusWouldJoin, StatusWouldLeave}, []float64{0.75, 2, -0.25}})
	for _, tt := range tests {
		got := tt.tab.Statuses(tt.m)
		for p, s := range got {
			if s.Kind != tt.want[p] || math.Abs(s.JoinGain-tt.gain[p]) > 1e-12 || s.Member != tt.m.Has(p) {
				t.Errorf("%s: player %d = %+v, want %s with join gain %g", tt.name, p, s, tt.want[p], tt.gain[p])
			}
			if s.Member == math.IsNaN(s.LeaveGain) {
				t.Errorf("%s: player %d leave gain %g (member %v)", tt.name, p, s.LeaveGain, s.Member)
			}
		}
	}
}

// randomTable has payoffs for insiders and outsiders alike drawn at random,
// with or without a defector penalty.
func randomTable(rng *rand.Rand, K int, penalty float64) *Table {
	tb := table(K, func(Mask, int) float64 { return math.Round(rng.NormFloat64()*4) / 4 })
	if penalty > 0 {
		tb.Defect = func(m Mask, p int) float64 { return tb.Payoff[m&^(1<<p)][p] - penalty }
	}
	return tb
}

// TestStatusesAgreeWithCheck: on random tables (payoffs on a coarse grid, so
// ties occur), a coalition is internally stable exactly when no member
// would leave and externally stable exactly when no outsider would join;
// a locked-in member appears only with a penalty.
func TestStatusesAgreeWithCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := 0; trial < 200; trial++ {
		pen := []float64{0, 0.5}[trial%2]
		tb := randomTable(rng, 4, pen)
		for m := Mask(0); m < 16; m++ {
			v := tb.Check(m)
			leave, join, locked := false, false, false
			for _, s := range tb.Statuses(m) {
				leave = leave || s.Kind == StatusWouldLeave
				join = join || s.Kind == StatusWouldJoin
				locked = locked || s.Kind == StatusLockedIn
			}
			if v.InternallyStable == leave || v.ExternallyStable == join || (locked && pen == 0) {
				t.Fatalf("trial %d mask %b: verdict %+v, statuses %+v", trial, m, v, tb.Statuses(m))
			}
		}
	}
}

func TestAccessionOrder(t *testing.T) {
	// In lockIn, C gains at best 0 by joining (with both others in), and a
	// zero gain is no gain: no order brings C in.
	tb := lockIn()
	if o := tb.AccessionOrder(7, []int{0, 1, 2}); o != nil {
		t.Errorf("grand coalition reached by %v; C never gains by joining", o)
	}
	// Nobody joins an empty bloc there (1 in against 1.5 out), so {A,B} is
	// not reached either, though it is stable.
	if o := tb.AccessionOrder(3, []int{2, 0, 1}); o != nil {
		t.Errorf("{A,B} reached by %v; nobody joins an empty bloc", o)
	}
	// A table where the order matters: B joins only once A is in, A joins
	// alone. The preferred order (B first) fails; A first works.
	ord := table(2, func(m Mask, p int) float64 {
		if !m.Has(p) {
			return 0
		}
		if p == 0 || m.Size() == 2 {
			return 1
		}
		return -1
	})
	if o := ord.AccessionOrder(3, []int{1, 0}); !reflect.DeepEqual(o, []int{0, 1}) {
		t.Errorf("order %v, want [0 1]", o)
	}
	// {A} needs B to move first, while the bloc is empty, and decline.
	if o := ord.AccessionOrder(1, []int{0, 1}); !reflect.DeepEqual(o, []int{1, 0}) {
		t.Errorf("order %v, want [1 0]", o)
	}
}

// TestAccessionOrderByBruteForce checks AccessionOrder against every one of
// the K! orders on random tables: it finds an order exactly when one exists,
// and the order it returns does end at the target.
func TestAccessionOrderByBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	const K = 4
	var perms [][]int
	var perm func(cur []int, used Mask)
	perm = func(cur []int, used Mask) {
		if len(cur) == K {
			perms = append(perms, append([]int(nil), cur...))
			return
		}
		for p := 0; p < K; p++ {
			if !used.Has(p) {
				perm(append(cur, p), used|1<<p)
			}
		}
	}
	perm(nil, 0)
	reachedSome := 0
	for trial := 0; trial < 100; trial++ {
		tb := randomTable(rng, K, 0)
		reach := map[Mask]bool{}
		for _, o := range perms {
			_, final := tb.Accession(o)
			reach[final] = true
		}
		for m := Mask(0); m < 1<<K; m++ {
			o := tb.AccessionOrder(m, []int{3, 2, 1, 0})
			if (o != nil) != reach[m] {
				t.Fatalf("trial %d target %b: order %v, reachable by brute force %v", trial, m, o, reach[m])
			}
			if o != nil {
				reachedSome++
				if _, final := tb.Accession(o); final != m {
					t.Fatalf("trial %d: order %v ends at %b, not %b", trial, o, final, m)
				}
			}
		}
	}
	if reachedSome == 0 {
		t.Fatal("no target reached in any trial: the test exercises nothing")
	}
}

// TestExplainMasksCoverTheVerdicts: a table holding only the payoffs
// explainMasks lists (every other row nil, so a read of one panics) gives
// the same verdicts and statuses as the full table, for every coalition.
func TestExplainMasksCoverTheVerdicts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	const K = 5
	for trial := 0; trial < 20; trial++ {
		fullTab := randomTable(rng, K, 0.25*float64(trial%2))
		for m := Mask(0); m < 1<<K; m++ {
			part := &Table{Players: fullTab.Players, Payoff: make([][]float64, 1<<K)}
			for _, mm := range explainMasks(m, K) {
				part.Payoff[mm] = fullTab.Payoff[mm]
			}
			if fullTab.Defect != nil {
				part.Defect = func(m Mask, p int) float64 { return part.Payoff[m&^(1<<p)][p] - 0.25 }
			}
			if a, b := part.Check(m), fullTab.Check(m); a != b {
				t.Fatalf("mask %b: partial table %+v, full %+v", m, a, b)
			}
			a, b := part.Statuses(m), fullTab.Statuses(m)
			for p := range a {
				if a[p].Kind != b[p].Kind || a[p].JoinGain != b[p].JoinGain {
					t.Fatalf("mask %b player %d: partial %+v, full %+v", m, p, a[p], b[p])
				}
			}
		}
	}
}
