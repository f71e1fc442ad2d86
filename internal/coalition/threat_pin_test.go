package coalition

import "testing"

// TestCredible: a threat is credible when carrying it out costs the leader
// no more than the candidate's joining gains it, within tol; one that need
// not be carried out (rate 0) always is, one that does not exist never.
func TestCredible(t *testing.T) {
	p := func(x float64) *float64 { return &x }
	for _, tt := range []struct {
		name string
		th   threat
		want bool
	}{
		{"no threat compels", threat{leaderGain: 1}, false},
		{"joins unthreatened, however costly", threat{rate: p(0), leaderCost: p(5), leaderGain: 1}, true},
		{"cost below the gain", threat{rate: p(0.1), leaderCost: p(0.5), leaderGain: 1}, true},
		{"cost exactly the gain plus tol", threat{rate: p(0.1), leaderCost: p(1 + tol), leaderGain: 1}, true},
		{"cost above the gain", threat{rate: p(0.1), leaderCost: p(1 + 2*tol), leaderGain: 1}, false},
		{"a leader that loses from the joining", threat{rate: p(0.1), leaderCost: p(-0.2), leaderGain: -0.1}, true},
	} {
		if got := tt.th.credible(); got != tt.want {
			t.Errorf("%s: credible %v, want %v", tt.name, got, tt.want)
		}
	}
}
