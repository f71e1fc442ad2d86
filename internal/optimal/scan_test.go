package optimal

import (
	"math"
	"testing"
)

// TestSinglePeaked: welfare on the scan and at the optimum is single-peaked
// when no point lies below points on both sides of it; a rate without an
// equilibrium is left out, not read as a valley. The shapes are world-
// 2023's US (welfare %): purged, and fixed deficits with the far maximum.
func TestSinglePeaked(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name    string
		rate, w float64   // the optimum
		rates   []float64 // the scan
		ws      []float64 // NaN = no equilibrium
		want    bool
	}{
		{"purged", 0.2617, 0.424, []float64{0, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10},
			[]float64{-0.096, 0.266, 0.423, 0.263, -0.348, -1.207, -1.647, -2.044, -2.326}, true},
		{"fixed", 0.4141, 0.575, []float64{0, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10},
			[]float64{-0.099, 0.290, 0.526, 0.569, 0.547, 1.128, 2.082, nan, nan}, false},
		{"fixed, lower far maximum", 0.4141, 0.575, []float64{0, 0.5, 1, 2},
			[]float64{-0.099, 0.569, 0.547, 0.560}, false},
		{"no equilibrium in between", 0.25, 0.5, []float64{0, 0.5, 1, 2},
			[]float64{0, nan, 0.2, 0.1}, true},
		{"at the lower bound", 0, 0.3, []float64{0, 0.5, 1},
			[]float64{0.3, 0.1, -0.2}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &Result{Rate: c.rate, Welfare: 1 + c.w/100}
			for k, x := range c.rates {
				p := ScanPoint{Rate: x, Welfare: 1 + c.ws[k]/100, Infeasible: math.IsNaN(c.ws[k])}
				r.Scan = append(r.Scan, p)
			}
			if got := r.SinglePeaked(); got != c.want {
				t.Errorf("SinglePeaked() = %v, want %v", got, c.want)
			}
		})
	}
	if (&Result{}).SinglePeaked() {
		t.Error("single-peaked without a scan")
	}
}
