package model

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
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

// TestFailedSolveLeavesNothing: a solve refused half-way through preparing
// its shocks (an invalid tariff found after some subsidies were set) must
// not leave those subsidies in the pooled workspace for the next solve,
// which must equal the same scenario on a fresh baseline.
func TestFailedSolveLeavesNothing(t *testing.T) {
	ds := synthetic(6, 2, 52, true)
	b := mustCalibrate(t, ds)
	opt := Options{Theta: []float64{4, 6}}
	N, S := ds.N(), ds.S()
	first := make([]float64, N*N*S)
	first[ds.At(0, 1, 0)] = 0.2
	mustSolve(t, b, opt, Shocks{Subsidy: first})
	// Subsidies on early pairs, then a tariff of −100% on the last one.
	bad := Shocks{Subsidy: make([]float64, N*N*S), Tariff: append([]float64(nil), ds.Tariffs...)}
	bad.Subsidy[ds.At(0, 2, 0)] = 0.3
	bad.Subsidy[ds.At(1, 3, 1)] = 0.3
	bad.Tariff[ds.At(N-1, N-2, S-1)] = -1
	if _, err := b.Solve(opt, bad, nil); !errs.IsInvalid(err) {
		t.Fatalf("tariff of −100%%: %v", err)
	}
	next := make([]float64, N*N*S)
	next[ds.At(4, 5, 1)] = 0.1
	got := mustSolve(t, b, opt, Shocks{Subsidy: next})
	want := mustSolve(t, mustCalibrate(t, ds), opt, Shocks{Subsidy: next})
	for j := range want.Countries {
		if g, w := got.Countries[j], want.Countries[j]; math.Abs(g.Welfare-w.Welfare) > 1e-13 || math.Abs(g.SubsidyOutlay-w.SubsidyOutlay) > 1e-12 {
			t.Errorf("%s after a failed solve: welfare %v, outlay %v; fresh %v, %v", g.Code, g.Welfare, g.SubsidyOutlay, w.Welfare, w.SubsidyOutlay)
		}
	}
}
