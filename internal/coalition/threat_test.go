package coalition

import (
	"errors"
	"math"
	"testing"
)

// TestCompel runs the threat bisection on hand-made outcomes: the candidate
// outside loses `slope` points of payoff per unit of tariff from `out0`, and
// the leader's welfare outside moves by `leaderSlope` per unit.
func TestCompel(t *testing.T) {
	tests := []struct {
		name                 string
		in                   outcome
		out0, slope          float64
		leader0, leaderSlope float64
		wantPct              float64 // NaN = no threat compels
		wantCost, wantGain   float64
		wantCredible         bool
		maxSolves            int
		wantGain0            float64 // the candidate's gain from joining unthreatened
	}{
		// In: 0.5. Out: 1 − 10x, so x* = 0.05 exactly, a grid point.
		// Leader: 0.3 outside unthreatened, loses 2 per unit of threat
		// (cost 0.1 at 5%), 0.35 with the candidate in (gain 0.05):
		// the cost exceeds the gain, not credible.
		{"not credible", outcome{0.5, 0.35}, 1, 10, 0.3, -2, 5, 0.1, 0.05, false, 13, 0.5 - 1},
		// The same candidate; the tariff raises the leader's welfare (terms
		// of trade): a negative cost, credible.
		{"pays for itself", outcome{0.5, 0.35}, 1, 10, 0.3, 1, 5, -0.05, 0.05, true, 13, 0.5 - 1},
		// x* = 0.123 is a grid point (246 steps): the threshold compels.
		{"on the grid", outcome{0, 0}, 1.23, 10, 0, 0, 12.3, 0, 0, true, 13, -1.23},
		// x* = 0.12345: the smallest grid point above it is 0.1235.
		{"between grid points", outcome{0, 0}, 1.2345, 10, 0, 0, 12.35, 0, 0, true, 13, -1.2345},
		// Joins unthreatened: 0, no solve beyond the first, credible.
		{"joins unthreatened", outcome{2, 0.4}, 1, 10, 0.3, -2, 0, 0, 0.1, true, 1, 2 - 1},
		// Indifferent unthreatened (1 in, 1 outside): joining is a best
		// response at equality, so no threat is needed.
		{"indifferent", outcome{1, 0.4}, 1, 10, 0.3, -2, 0, 0, 0.1, true, 1, 0},
		// Outside payoff 20 − 10x reaches 10, the payoff in, exactly at 100
		// points: the largest threat compels, and costs the leader 0.3 −
		// (0.3 − 2·1) = 2, more than its gain of 0.1.
		{"compels at 100 points", outcome{10, 0.4}, 20, 10, 0.3, -2, 100, 2, 0.1, false, 13, 10 - 20},
		// Outside payoff 20 − 10x never falls below 5 within 100 points.
		{"no threat compels", outcome{5, 0.4}, 20, 10, 0.3, -2, math.NaN(), 0, 0.1, false, 2, 5 - 20},
		// Outsiders' payoffs need not be zero: a candidate at −3 outside
		// and −3.2 in needs 0.2 / 4 = 5 points.
		{"negative payoffs", outcome{-3.2, 0.1}, -3, 4, 0.1, 0, 5, 0, 0, true, 13, -3.2 + 3},
	}
	for _, tt := range tests {
		solves := 0
		outside := func(n int) (outcome, error) {
			solves++
			x := float64(n) * threatStep
			return outcome{tt.out0 - tt.slope*x, tt.leader0 + tt.leaderSlope*x}, nil
		}
		th, err := compel(tt.in, outside)
		if err != nil {
			t.Fatal(err)
		}
		if solves > tt.maxSolves {
			t.Errorf("%s: %d solves, want at most %d (bisection on 2000 grid steps)", tt.name, solves, tt.maxSolves)
		}
		if math.IsNaN(tt.wantPct) {
			if th.rate != nil || th.leaderCost != nil || th.credible() {
				t.Errorf("%s: got a threat %v, want none", tt.name, *th.rate)
			}
		} else {
			if th.rate == nil {
				t.Errorf("%s: no threat found, want %g%%", tt.name, tt.wantPct)
				continue
			}
			if math.Abs(100**th.rate-tt.wantPct) > 1e-9 || math.Abs(*th.leaderCost-tt.wantCost) > 1e-9 {
				t.Errorf("%s: threat %g%% cost %g, want %g%% cost %g", tt.name, 100**th.rate, *th.leaderCost, tt.wantPct, tt.wantCost)
			}
			// The reported threat compels and one grid step less does not.
			if n := int(math.Round(*th.rate / threatStep)); n > 0 {
				if o, _ := outside(n); tt.in.candidate < o.candidate {
					t.Errorf("%s: %g%% does not compel", tt.name, 100**th.rate)
				}
				if o, _ := outside(n - 1); tt.in.candidate >= o.candidate {
					t.Errorf("%s: one step below %g%% already compels", tt.name, 100**th.rate)
				}
			}
		}
		if math.Abs(th.gain0-tt.wantGain0) > 1e-9 {
			t.Errorf("%s: candidate's gain unthreatened %g, want %g", tt.name, th.gain0, tt.wantGain0)
		}
		if math.Abs(th.leaderGain-tt.wantGain) > 1e-9 || th.credible() != tt.wantCredible {
			t.Errorf("%s: leader gain %g credible %v, want %g %v", tt.name, th.leaderGain, th.credible(), tt.wantGain, tt.wantCredible)
		}
	}
}

func TestCompelPassesSolveErrors(t *testing.T) {
	boom := errors.New("did not converge")
	calls := 0
	_, err := compel(outcome{0, 0}, func(n int) (outcome, error) {
		calls++
		if calls == 3 {
			return outcome{}, boom
		}
		return outcome{1 - 10*float64(n)*threatStep, 0}, nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want the solve's", err)
	}
}
