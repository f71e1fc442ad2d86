package report

import "testing"

// TestDescribe: what a band's points vary, in words; a bracket of scales
// around the scenario's own θ names them, many scales (draws) or a mix of
// kinds are counted.
func TestDescribe(t *testing.T) {
	for _, c := range []struct {
		pts  []Point
		want string
	}{
		{[]Point{{Theta: 3}, {Theta: 5}}, "θ ∈ {3, 5}"},
		{[]Point{{Elasticities: "CP"}, {Elasticities: "BSY"}}, "elasticities ∈ {CP, BSY}"},
		{[]Point{{ThetaScale: 0.75}, {ThetaScale: 1.25}}, "the scenario's θ × {0.75, 1.25}"},
		{[]Point{{ThetaScale: 0.75}, {Theta: 5}}, "2 points"},
		{[]Point{{ThetaScale: 0.7}, {ThetaScale: 0.8}, {ThetaScale: 0.9}, {ThetaScale: 1.1}, {ThetaScale: 1.2}}, "5 points"},
		{[]Point{{Theta: 4, Deficits: "fixed"}, {Theta: 4, Deficits: "zero"}}, "θ ∈ {4} × deficits ∈ {fixed, zero}"},
		{[]Point{{Elasticities: "BSY"}, {Elasticities: "CP"}, {ServicesThetaScale: 0.5}, {ServicesThetaScale: 2}}, "elasticities ∈ {BSY, CP} and services θ × {0.5, 2}"},
	} {
		if got := Describe(c.pts); got != c.want {
			t.Errorf("Describe(%v) = %q, want %q", c.pts, got, c.want)
		}
	}
}
