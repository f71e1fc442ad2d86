package model

import (
	"testing"
)

// TestSolveIndependentOfPoolHistory: a solve's result does not depend on
// what the pooled workspace solved before. A warm start far from the new
// equilibrium drops its chord steps and iterates with diagonal slopes; those
// must be this solve's, not the ones a previous solve left in the
// workspace (they once were, and searches over many solves — Nash
// equilibria, coalition payoffs — then gave answers that depended on the
// order of their solves).
func TestSolveIndependentOfPoolHistory(t *testing.T) {
	ds := synthetic(12, 3, 7, true)
	b := mustCalibrate(t, ds)
	opt := Options{Theta: UniformTheta(4, 3)}
	N, S := b.N, b.S
	uniform := func(rate float64) Shocks {
		tt := make([]float64, N*N*S)
		for k := range tt {
			if i, j := k/(N*S), (k/S)%N; i != j {
				tt[k] = rate
			}
		}
		return Shocks{Tariff: tt}
	}
	near := mustSolve(t, b, opt, uniform(0.01))
	if err := b.Linearize(near); err != nil {
		t.Fatal(err)
	}
	far := uniform(2)
	var want *Result
	for _, before := range []float64{0, 0.5, 5, 0.05} {
		// Each history leaves different slopes in the workspace.
		mustSolve(t, b, opt, uniform(before))
		got, err := b.Solve(opt, far, near)
		if err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want = got
			continue
		}
		for j := range got.Countries {
			if got.Countries[j].Welfare != want.Countries[j].Welfare || got.Countries[j].Wage != want.Countries[j].Wage {
				t.Fatalf("after a solve at %v: %s's welfare %.17g, wage %.17g; first %.17g, %.17g", before, got.Countries[j].Code,
					got.Countries[j].Welfare, got.Countries[j].Wage, want.Countries[j].Welfare, want.Countries[j].Wage)
			}
		}
		if got.Iterations != want.Iterations {
			t.Errorf("after a solve at %v: %d iterations, first %d", before, got.Iterations, want.Iterations)
		}
	}
}
