package report

import "testing"

// TestThetaText: a sectoral world whose scenario sets one θ for every sector
// must say so; "per sector" would pass the scenario's θ off as the world's.
func TestThetaText(t *testing.T) {
	for _, c := range []struct {
		m    map[string]float64
		want string
	}{
		{map[string]float64{"ALL": 4}, "= 4"},
		{map[string]float64{"A01": 4, "C24": 4, "SERV": 4}, "= 4 in every sector (3 sectors)"},
		{map[string]float64{"A01": 4, "C24": 9.6, "SERV": 4}, "per sector (3 sectors)"},
	} {
		if got := thetaText(c.m); got != c.want {
			t.Errorf("thetaText(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}
