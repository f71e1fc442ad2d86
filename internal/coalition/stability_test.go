package coalition

import (
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
