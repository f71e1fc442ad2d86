package tariffs_test

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// The USTR formula on Census 2024 trade: China's 34% is reproduced, India's
// formula rate is one point above its published 26%.
func ExampleMethod_Rate() {
	fmt.Println(tariffs.USTR.Rate(438947.4, 143545.7)) // China
	fmt.Println(tariffs.USTR.Rate(87416.4, 41752.7))   // India
	fmt.Println(tariffs.USTR.Rate(68084.5, 79941.3))   // UK, a US surplus: the floor
	// Output:
	// 34
	// 27
	// 10
}

func ExampleLookup() {
	s, _ := tariffs.Lookup("aug-2025")
	for _, c := range []string{"CHN", "DEU", "BRA", "GBR"} {
		e := s.RateFor(c)
		fmt.Printf("%s %g %v\n", c, e.RatePct, e.Mode)
	}
	// Output:
	// CHN 30 additional
	// DEU 15 all_in
	// BRA 50 additional
	// GBR 10 additional
}
