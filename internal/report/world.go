package report

import "github.com/tradebloc/tradebloc/internal/model"

// WorldWelfarePct is the world's real-income change, %: every country's
// welfare change weighted by its GDP before the shock (model.GDPWeighted).
// NaN when no country has a GDP.
func (d *SolveDoc) WorldWelfarePct() float64 {
	all := make([]int, len(d.Countries))
	for k := range all {
		all[k] = k
	}
	return model.GDPWeighted(all, func(k int) float64 { return d.Countries[k].GDPBefore },
		func(k int) float64 { return d.Countries[k].WelfarePct })
}
