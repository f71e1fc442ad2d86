package data

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestParseRate(t *testing.T) {
	for _, tc := range []struct {
		in      string
		pct     bool
		want    float64
		percent bool
		bad     bool
	}{
		{"0.25", false, 0.25, false, false},
		{"25%", false, 0.25, true, false},
		{" 25 % ", false, 0.25, true, false},
		{"145", true, 1.45, true, false},
		{"-5", true, -0.05, true, false},
		{"1.5e1", true, 0.15, true, false},
		{"25", false, 25, false, false},
		{"abc", false, 0, false, true},
		{"NaN%", false, 0, true, true},
		{"0x10", true, 0, true, true},
		{"", true, 0, true, true},
	} {
		got, percent, err := ParseRate(tc.in, tc.pct)
		if (err != nil) != tc.bad || (!tc.bad && (got != tc.want || percent != tc.percent)) {
			t.Errorf("ParseRate(%q, %v) = %v, %v, %v; want %v, %v, bad %v", tc.in, tc.pct, got, percent, err, tc.want, tc.percent, tc.bad)
		}
	}
}

// TestPercentRoundTrip: a rate written in percent reads back bit for bit,
// which dividing by 100 in floating point would not guarantee.
func TestPercentRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, 1.45, 0.1149, 0.33490000000000003, -0.5, 1e-9, 123.456, 0.07, math.Nextafter(1.45, 2)}
	for range 20000 {
		xs = append(xs, r.Float64()*3-0.9, math.Ldexp(r.Float64(), -r.IntN(40)))
	}
	for _, x := range xs {
		s := FormatPercent(x)
		got, _, err := ParseRate(s, true)
		if err != nil || got != x {
			t.Fatalf("%v → %q → %v (%v)", x, s, got, err)
		}
	}
	if s := FormatPercent(0.1449); s != "14.49" {
		t.Errorf("FormatPercent(0.1449) = %q", s)
	}
	if h := DecimalHint(25); h != "25 means 2500%; write 0.25" {
		t.Errorf("DecimalHint(25) = %q", h)
	}
}

// TestTooHighForDecimalBoundary: a decimal rate of exactly 1 is a 100%
// tariff, which exists (Section 301 on Chinese electric vehicles); only
// above 1 is a likely percent.
func TestTooHighForDecimalBoundary(t *testing.T) {
	for rate, want := range map[float64]bool{0.99: false, 1: false, 1.0000001: true, 25: true} {
		if got := TooHighForDecimal(rate); got != want {
			t.Errorf("TooHighForDecimal(%v) = %v, want %v", rate, got, want)
		}
	}
}
