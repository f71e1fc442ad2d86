package data

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Rates (tariffs, subsidies) are decimals: 0.25 is 25%. A rate above 1 is
// far more often a percent written without its sign ("25" for 25%) than a
// tariff over 100%, and read as a decimal it is 2,500% without a word, so
// it is refused unless the percent is explicit: a column or key named
// *_pct, or a value written with a "%" sign. A rate above 100% can still be
// given that way (China's 145% of April 2025 is `rate_pct: 145`).

// ErrNotARate is the cause of ParseRate's error for text that is no number.
var ErrNotARate = errors.New("not a number")

// ParseRate reads a rate written as text: a decimal ("0.25"), or a percent
// when pct is set (a *_pct column: "25") or the text ends in "%" ("25%").
// It returns the rate as a decimal and whether it was written in percent.
// Percent is converted exactly: "145" percent is the float64 nearest to
// 1.45, as ParseFloat("1.45") is, not 145.0/100 rounded twice.
func ParseRate(s string, pct bool) (rate float64, percent bool, err error) {
	s = strings.TrimSpace(s)
	if t, ok := strings.CutSuffix(s, "%"); ok {
		s, pct = strings.TrimSpace(t), true
	}
	var x float64
	if pct {
		x, err = percentToDecimal(s)
	} else {
		x, err = strconv.ParseFloat(s, 64)
	}
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, pct, ErrNotARate
	}
	return x, pct, nil
}

// percentToDecimal parses a number of percent and divides it by 100 by
// moving the decimal exponent, so the division rounds only once.
func percentToDecimal(s string) (float64, error) {
	if s == "" || strings.ContainsAny(s, "xXpP_") || strings.EqualFold(s, "nan") || strings.Contains(strings.ToLower(s), "inf") {
		return 0, ErrNotARate // hexadecimal, underscores, NaN and Inf have no decimal exponent to move
	}
	mant, exp := s, 0
	if k := strings.IndexAny(s, "eE"); k >= 0 {
		e, err := strconv.Atoi(s[k+1:])
		if err != nil {
			return 0, ErrNotARate
		}
		mant, exp = s[:k], e
	}
	if _, err := strconv.ParseFloat(mant, 64); err != nil {
		return 0, ErrNotARate
	}
	return strconv.ParseFloat(mant+"e"+strconv.Itoa(exp-2), 64)
}

// TooHighForDecimal reports whether a rate written as a decimal is above 1
// (100%) and must be refused as a likely percent.
func TooHighForDecimal(rate float64) bool { return rate > 1 }

// DecimalHint explains a decimal rate above 1 and the decimal that was
// probably meant: "25 means 2500%; write 0.25". The caller adds how a
// percent is written where the rate came from, and how to write the
// percent the rate reads as (PercentText: rate_pct: 2500). Both numbers are
// the rate's text with its decimal point moved, not the rate multiplied
// or divided (1.45 → 0.0145, not 0.014499999999999999), and a number too
// long to read is written with an exponent (1e300 → 1e+302%, not 303
// digits).
func DecimalHint(rate float64) string {
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		return fmt.Sprintf("%v is not a rate", rate)
	}
	return fmt.Sprintf("%s means %s%%; write %s", strconv.FormatFloat(rate, 'g', -1, 64),
		shiftPoint(rate, 2, maxHintLen), shiftPoint(rate, -2, maxHintLen))
}

// PercentText is a decimal rate as a number of percent for a hint: exact
// (the decimal point moved), written with an exponent beyond maxHintLen
// characters.
func PercentText(rate float64) string {
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		return fmt.Sprint(rate)
	}
	return shiftPoint(rate, 2, maxHintLen)
}

// maxHintLen bounds a number printed in an error message: longer than
// that, the plain form is mostly zeros.
const maxHintLen = 24

// decimalToPercent writes a decimal rate as a number of percent, exactly:
// the shortest text of rate with its decimal point moved two places right,
// so that ParseRate(decimalToPercent(x), true) gives back x bit for bit.
func decimalToPercent(rate float64) string { return shiftPoint(rate, 2, 0) }

// shiftPoint writes rate × 10^places exactly: the shortest text of rate
// with its decimal point moved places to the right (left when negative).
// If maxLen > 0 and the plain form is longer, it is written as mantissa
// and exponent (1e+302), which is as exact.
func shiftPoint(rate float64, places, maxLen int) string {
	s := strconv.FormatFloat(rate, 'e', -1, 64) // d.ddde±x
	mant, expText, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expText)
	exp += places
	neg := strings.HasPrefix(mant, "-")
	mant = strings.TrimPrefix(mant, "-")
	digits := strings.Replace(mant, ".", "", 1)
	point := 1 + exp // digits before the decimal point
	var out string
	switch {
	case point <= 0:
		out = "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		out = digits + strings.Repeat("0", point-len(digits))
	default:
		out = digits[:point] + "." + digits[point:]
	}
	if maxLen > 0 && len(out) > maxLen {
		out = fmt.Sprintf("%se%+03d", mant, exp)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// FormatPercent writes a decimal rate as a number of percent with full
// precision (0.1449 → "14.49"), for files that carry rates in percent.
func FormatPercent(rate float64) string { return decimalToPercent(rate) }
