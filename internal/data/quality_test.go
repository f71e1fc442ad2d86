package data

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestQualityFlags(t *testing.T) {
	// Four economies with GDP 100 and one without; balances X − M:
	// AAA +70 (surplus beyond 60), BBB −61 (deficit beyond), CCC +60 (at the
	// limit, not flagged), DDD −200, EEE no GDP (never flagged).
	d := &Dataset{
		Countries: []Country{{Code: "AAA", GDP: 100}, {Code: "BBB", GDP: 100}, {Code: "CCC", GDP: 100}, {Code: "DDD", GDP: 100}, {Code: "EEE"}},
		Sectors:   []Sector{DefaultSector},
	}
	n := d.N()
	d.Trade = make([]float64, n*n)
	set := func(i, j int, v float64) { d.Trade[d.At(i, j, 0)] = v }
	set(0, 4, 70)  // AAA exports 70 to EEE
	set(4, 1, 61)  // BBB imports 61 from EEE
	set(2, 4, 60)  // CCC +60
	set(4, 3, 200) // DDD −200
	flags := d.QualityFlags()
	var codes []string
	for _, f := range flags {
		codes = append(codes, f.Code)
	}
	if want := []string{"DDD", "AAA", "BBB"}; !slices.Equal(codes, want) {
		t.Fatalf("flagged %v, want %v (largest |balance| first)", codes, want)
	}
	tests := []struct {
		code   string
		pct    float64
		reason string
	}{
		{"DDD", -200, "deficit"},
		{"AAA", 70, "surplus"},
		{"BBB", -61, "deficit"},
	}
	for _, tt := range tests {
		f, ok := QualityFlagOf(flags, tt.code)
		if !ok || math.Abs(f.BalancePctGDP-tt.pct) > 1e-9 || !strings.Contains(f.Reason, tt.reason) {
			t.Errorf("%s: flag %+v (%v), want %.0f%% and a reason about a %s", tt.code, f, ok, tt.pct, tt.reason)
		}
	}
	if _, ok := QualityFlagOf(flags, "CCC"); ok {
		t.Error("CCC at exactly 60% is flagged")
	}
	if _, ok := d.BalancePctGDP(4); ok {
		t.Error("EEE has no GDP but BalancePctGDP reports a share")
	}
}
