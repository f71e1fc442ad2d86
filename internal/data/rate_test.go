package data

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
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

// TestDecimalHint: the hint moves the decimal point in the number's text
// rather than dividing (1.45 → 0.0145, not 0.014499999999999999), and a
// huge number is written with an exponent, not as 300 digits.
func TestDecimalHint(t *testing.T) {
	for _, c := range []struct {
		rate      float64
		hint, pct string
	}{
		{25, "25 means 2500%; write 0.25", "2500"},
		{1.45, "1.45 means 145%; write 0.0145", "145"},
		{1.0000001, "1.0000001 means 100.00001%; write 0.010000001", "100.00001"},
		{-5, "-5 means -500%; write -0.05", "-500"},
		{1e300, "1e+300 means 1e+302%; write 1e+298", "1e+302"},
		{123456789012345678, "1.2345678901234568e+17 means 12345678901234568000%; write 1234567890123456.8", "12345678901234568000"},
		{1e30, "1e+30 means 1e+32%; write 1e+28", "1e+32"},
		{math.Inf(1), "+Inf is not a rate", "+Inf"},
	} {
		if h, p := DecimalHint(c.rate), PercentText(c.rate); h != c.hint || p != c.pct {
			t.Errorf("DecimalHint(%v) = %q, PercentText %q; want %q, %q", c.rate, h, p, c.hint, c.pct)
		}
	}
}

// FuzzDecimalHint: for any rate the hint's decimal is the rate's text read
// as a percent (exactly what rate_pct would give), its percent reads back
// as the rate, and the hint stays short.
func FuzzDecimalHint(f *testing.F) {
	for _, x := range []float64{1.45, 25, 1e300, -7.5, math.MaxFloat64, 1.0000000000000002, 5e-324} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		h := DecimalHint(x)
		if len(h) > 120 {
			t.Fatalf("DecimalHint(%v) is %d bytes: %q", x, len(h), h)
		}
		_, dec, ok := strings.Cut(h, "; write ")
		if !ok {
			t.Fatalf("DecimalHint(%v) = %q", x, h)
		}
		want, _, err := ParseRate(strconv.FormatFloat(x, 'g', -1, 64), true)
		got, perr := strconv.ParseFloat(dec, 64)
		if err == nil && (perr != nil || got != want) {
			t.Fatalf("DecimalHint(%v) = %q: writes %q = %v, want %v", x, h, dec, got, want)
		}
		p := PercentText(x)
		if back, _, err := ParseRate(p, true); err != nil || back != x || len(p) > 40 {
			t.Fatalf("PercentText(%v) = %q reads back as %v (%v)", x, p, back, err)
		}
	})
}
