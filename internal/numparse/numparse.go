// Package numparse reads numbers written by people (scenario and plan
// files, CSV cells, command-line flags) in plain decimal notation only.
//
// strconv and the YAML library accept more: hexadecimal (0x1p4), octal
// (0o17, and 0777 in YAML), binary (0b101), digit separators (1_000), Inf
// and NaN, and they turn a nonzero literal too small for a float64
// (1e-400) into 0 without a word. In a tariff file each of those is far
// more likely a slip than intent, and a silent 0 changes the result, so
// these functions refuse them with an error that says why.
package numparse

import (
	"errors"
	"math"
	"strconv"
)

// The reasons a text is refused; the errors returned wrap one of them.
var (
	// ErrSyntax: not a plain decimal number.
	ErrSyntax = errors.New("want a decimal number (digits, an optional point and exponent: 12, -0.5, 1e-3)")
	// ErrRange: too large in magnitude for a float64 (or for the integer
	// type asked for).
	ErrRange = errors.New("number out of range")
	// ErrUnderflow: a nonzero number too small for a float64, which
	// would become 0.
	ErrUnderflow = errors.New("nonzero number too small to represent: it would become 0")
)

// Float parses s (no surrounding space) as a decimal number: an optional
// sign, digits with an optional decimal point (at least one digit), and an
// optional exponent e or E with an optional sign and digits. Leading zeros
// are decimal (007 is 7). The result is finite; a nonzero literal that
// would round to 0 is ErrUnderflow.
func Float(s string) (float64, error) {
	nonzero, ok := scanDecimal(s)
	if !ok {
		return 0, ErrSyntax
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		// The syntax is decimal, so the only failure left is overflow.
		return 0, ErrRange
	}
	if x == 0 && nonzero {
		return 0, ErrUnderflow
	}
	return x, nil
}

// Int parses s as a decimal whole number (an optional sign and digits)
// that fits in bitSize bits (0 means int). Leading zeros are decimal.
func Int(s string, bitSize int) (int64, error) {
	if len(s) == 0 {
		return 0, ErrSyntax
	}
	t := s
	if t[0] == '+' || t[0] == '-' {
		t = t[1:]
	}
	if t == "" {
		return 0, ErrSyntax
	}
	for k := 0; k < len(t); k++ {
		if t[k] < '0' || t[k] > '9' {
			return 0, ErrSyntax
		}
	}
	v, err := strconv.ParseInt(s, 10, bitSize)
	if err != nil {
		return 0, ErrRange
	}
	return v, nil
}

// LeadingZero reports whether the integer part of the decimal s has a
// leading zero followed by another digit (007, -0.5 does not). YAML 1.1
// reads such a number as octal (0777 = 511), so a YAML file refuses it as
// ambiguous rather than guess.
func LeadingZero(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return len(s) > 1 && s[0] == '0' && s[1] >= '0' && s[1] <= '9'
}

// scanDecimal reports whether s is a decimal number and whether its
// mantissa has a nonzero digit.
func scanDecimal(s string) (nonzero, ok bool) {
	k := 0
	if k < len(s) && (s[k] == '+' || s[k] == '-') {
		k++
	}
	digits := 0
	for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
		digits++
		nonzero = nonzero || s[k] != '0'
	}
	if k < len(s) && s[k] == '.' {
		k++
		for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
			digits++
			nonzero = nonzero || s[k] != '0'
		}
	}
	if digits == 0 {
		return false, false
	}
	if k < len(s) && (s[k] == 'e' || s[k] == 'E') {
		k++
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		exp := 0
		for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
			exp++
		}
		if exp == 0 {
			return false, false
		}
	}
	return nonzero, k == len(s)
}

// Explain says why s was refused with err (one of Float's or Int's), in
// words for an error message: `want a decimal number (…), got "0x1p4"`.
func Explain(s string, err error) string {
	switch {
	case errors.Is(err, ErrUnderflow):
		return "number " + s + " is too small to represent and would become 0 (write 0 for zero)"
	case errors.Is(err, ErrRange):
		return "number " + s + " is too large to represent"
	}
	return ErrSyntax.Error() + ", got " + strconv.Quote(s)
}
