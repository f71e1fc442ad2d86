package model

import (
	"math"
	"testing"
)

func TestGDPWeighted(t *testing.T) {
	gdp := []float64{10, 30, 60, 0}
	welfare := []float64{1, -2, 0.5, 100}
	at := func(xs []float64) func(int) float64 { return func(c int) float64 { return xs[c] } }
	tests := []struct {
		countries []int
		want      float64
	}{
		// (10·1 + 30·(−2) + 60·0.5) / 100 = (10 − 60 + 30) / 100 = −0.2
		{[]int{0, 1, 2}, -0.2},
		// (30·(−2) + 60·0.5) / 90 = −30 / 90
		{[]int{1, 2}, -1.0 / 3},
		// a country without GDP weighs nothing: (10·1 + 0·100) / 10
		{[]int{0, 3}, 1},
		{[]int{2}, 0.5},
	}
	for _, tt := range tests {
		if got := GDPWeighted(tt.countries, at(gdp), at(welfare)); math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("GDPWeighted(%v) = %g, want %g", tt.countries, got, tt.want)
		}
	}
	if got := GDPWeighted([]int{3}, at(gdp), at(welfare)); !math.IsNaN(got) {
		t.Errorf("no weight: %g, want NaN", got)
	}
}
