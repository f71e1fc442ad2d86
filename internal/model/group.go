package model

// GDPWeighted is the GDP-weighted mean of a per-country quantity over the
// given countries: Σ gdp(c)·v(c) / Σ gdp(c). It is the one definition of a
// group's welfare change — a coalition player made of several countries,
// the targets of a game, a plan's player, the world — whatever holds the
// per-country numbers (a Result, a coalition record, a report). NaN when the
// weights sum to zero.
func GDPWeighted(countries []int, gdp, v func(c int) float64) float64 {
	num, den := 0.0, 0.0
	for _, c := range countries {
		w := gdp(c)
		num += w * v(c)
		den += w
	}
	return num / den
}
