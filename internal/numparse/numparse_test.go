package numparse

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

func TestFloat(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		err  error
	}{
		{"12", 12, nil},
		{"-0.5", -0.5, nil},
		{"+.5", 0.5, nil},
		{"1.", 1, nil},
		{"1e-3", 1e-3, nil},
		{"1.5E+3", 1500, nil},
		{"007", 7, nil},
		{"0", 0, nil},
		{"-0.000", 0, nil},
		{"0e-400", 0, nil},          // zero written small is still zero
		{"1e-320", 1e-320, nil},     // subnormal, but not zero
		{"1e-400", 0, ErrUnderflow}, // would silently become 0
		{"-0.0001e-330", 0, ErrUnderflow},
		{"1e400", 0, ErrRange},
		{"-1e309", 0, ErrRange},
		{"1_000", 0, ErrSyntax},
		{"1_0.5", 0, ErrSyntax}, // strconv.ParseFloat reads 10.5
		{"0x1p4", 0, ErrSyntax},
		{"0x10", 0, ErrSyntax},
		{"0b101", 0, ErrSyntax},
		{"0o17", 0, ErrSyntax},
		{"Inf", 0, ErrSyntax},
		{"-infinity", 0, ErrSyntax},
		{"NaN", 0, ErrSyntax},
		{".inf", 0, ErrSyntax},
		{"", 0, ErrSyntax},
		{".", 0, ErrSyntax},
		{"-", 0, ErrSyntax},
		{"1e", 0, ErrSyntax},
		{"1e+", 0, ErrSyntax},
		{"e5", 0, ErrSyntax},
		{" 1", 0, ErrSyntax},
		{"1 ", 0, ErrSyntax},
		{"1,5", 0, ErrSyntax},
		{"25%", 0, ErrSyntax},
	} {
		got, err := Float(c.in)
		if !errors.Is(err, c.err) || (err == nil && got != c.want) {
			t.Errorf("Float(%q) = %v, %v; want %v, %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestInt(t *testing.T) {
	for _, c := range []struct {
		in   string
		bits int
		want int64
		err  error
	}{
		{"12", 0, 12, nil},
		{"-7", 64, -7, nil},
		{"+3", 0, 3, nil},
		{"010", 0, 10, nil}, // decimal, not octal (strconv base 0 reads 8)
		{"0x10", 0, 0, ErrSyntax},
		{"1_000", 0, 0, ErrSyntax},
		{"1.0", 0, 0, ErrSyntax},
		{"1e3", 0, 0, ErrSyntax},
		{"", 0, 0, ErrSyntax},
		{"-", 0, 0, ErrSyntax},
		{"128", 8, 0, ErrRange},
		{"99999999999999999999", 64, 0, ErrRange},
	} {
		got, err := Int(c.in, c.bits)
		if !errors.Is(err, c.err) || (err == nil && got != c.want) {
			t.Errorf("Int(%q, %d) = %v, %v; want %v, %v", c.in, c.bits, got, err, c.want, c.err)
		}
	}
}

func TestLeadingZero(t *testing.T) {
	for in, want := range map[string]bool{"0777": true, "-01": true, "+00.5": true, "0": false, "0.5": false, "-0.5": false, "10": false, "0e5": false, "": false} {
		if got := LeadingZero(in); got != want {
			t.Errorf("LeadingZero(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzFloat checks Float against strconv: whatever it accepts, strconv
// reads to the same finite value, and a value it refuses for range is one
// strconv cannot represent either.
func FuzzFloat(f *testing.F) {
	for _, s := range []string{"12", "-0.5", "1e-400", "1e400", "0x1p4", "1_000", "Inf", ".5", "1.", "1e-320"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, err := Float(s)
		if err != nil {
			return
		}
		y, perr := strconv.ParseFloat(s, 64)
		if perr != nil || x != y || math.IsInf(x, 0) || math.IsNaN(x) {
			t.Fatalf("Float(%q) = %v; strconv gives %v, %v", s, x, y, perr)
		}
		for k := 0; k < len(s); k++ {
			if c := s[k]; !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				t.Fatalf("Float(%q) accepted byte %q", s, c)
			}
		}
	})
}
