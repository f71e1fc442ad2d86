package optimal

import (
	"math"
	"sort"

	"github.com/tradebloc/tradebloc/internal/model"
)

// Premium is one partner's place in an importer's tariffs: the tariff its
// goods pay, averaged over the sectors taxed, against the importer's
// average on every partner. A uniform optimal rate that replaces the
// importer's tariffs (Problem, Player) removes these differences: on
// icio-2022 the US rate of 15.97% drops China's 10.34 pp of pre-2025
// Section 232 and 301 duties above the US average, and China gains from
// the US optimum (+0.066%) where it would lose with them kept (−0.102%).
type Premium struct {
	Exporter int
	// TariffPct is the importer's tariff on the exporter's goods in the
	// sectors taxed, weighted by the baseline flows (%); PremiumPP is
	// TariffPct less the importer's average on every partner (pp).
	TariffPct, PremiumPP float64
	// ImportShare is the exporter's share of the importer's baseline
	// imports in the sectors taxed.
	ImportShare float64
}

// Premiums returns the importer's average tariff (%) on every partner in
// the sectors of mask (nil = all), weighted by the baseline flows, and each
// partner's premium over it, largest first by the tariff revenue the
// premium is worth at baseline (|premium| × import share): a small
// partner's large premium weighs little. importers is one country or a
// customs union's members (whose flows among themselves are left out:
// their tariffs are the union's internal ones); tariffs are the scenario's
// in the data layout (nil = the baseline's).
func Premiums(b *model.Baseline, tariffs []float64, importers []int, mask []bool) (avgPct float64, out []Premium) {
	if tariffs == nil {
		tariffs = b.Tariffs()
	}
	N, S := b.N, b.S
	in := make([]bool, N)
	for _, j := range importers {
		in[j] = true
	}
	num, den := make([]float64, N), make([]float64, N)
	var allNum, allDen float64
	for i := 0; i < N; i++ {
		if in[i] {
			continue
		}
		for _, j := range importers {
			for k := 0; k < S; k++ {
				if !taxed(mask, k) {
					continue
				}
				x := (i*N+j)*S + k
				num[i] += b.X[x] * tariffs[x]
				den[i] += b.X[x]
			}
		}
		allNum += num[i]
		allDen += den[i]
	}
	if !(allDen > 0) {
		return 0, nil
	}
	avg := allNum / allDen
	for i := 0; i < N; i++ {
		if in[i] || !(den[i] > 0) {
			continue
		}
		t := num[i] / den[i]
		out = append(out, Premium{Exporter: i, TariffPct: 100 * t, PremiumPP: 100 * (t - avg), ImportShare: den[i] / allDen})
	}
	sort.SliceStable(out, func(a, z int) bool {
		return math.Abs(out[a].PremiumPP)*out[a].ImportShare > math.Abs(out[z].PremiumPP)*out[z].ImportShare
	})
	return 100 * avg, out
}
