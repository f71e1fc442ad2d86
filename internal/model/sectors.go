package model

import "math"

// SectorResult is one country's outcome in one sector, as ratios new/old
// (in the result's numeraire, like every nominal change).
type SectorResult struct {
	Output     float64 // gross output Ŷ_i,s
	ValueAdded float64 // value added β·Y: with a fixed β it moves with output
	Exports    float64 // foreign sales at producer prices
	Imports    float64 // foreign purchases at producer prices
	PriceIndex float64 // the sector's price index P̂_i,s
	// Employment is the sector's labour, L̂_i,s = V̂_i,s/ŵ_i: it moves even
	// with inelastic aggregate labour, as workers change sector.
	Employment float64
	// ImportShare is the baseline share of imports in the country's
	// purchases of the sector (producer prices): with TariffBefore and
	// TariffAfter it explains the price index — a tariff raises it roughly
	// by the import share times the tariff change, so a high tariff on a
	// sector bought mostly at home moves prices less than a moderate one
	// on a sector bought mostly abroad.
	ImportShare float64
	// TariffBefore and TariffAfter are the country's tariffs on its
	// imports in the sector, weighted by baseline imports (a fixed basket,
	// as the US effective-rate tables are), as rates (0.1 = 10%).
	TariffBefore, TariffAfter float64
}

// Sectors returns every country's sector results ([country][sector]) for a
// result of this baseline. It recomputes flows and price indices from the
// solution (one pass over the N²S flows), so it is for reports, not for
// enumerations. A ratio whose baseline value is zero is 1 when the new value
// is zero too, and +Inf otherwise.
func (b *Baseline) Sectors(r *Result) [][]SectorResult {
	N, S := b.N, b.S
	flows := b.Flows(r)
	if flows == nil {
		return nil
	}
	w := b.getWorkspace(b.dim(&r.Options)) // the solve's size, so the pool keeps one kind
	defer b.pool.Put(w)
	opt := r.Options
	if err := b.prepare(w, &opt, &r.shocks); err != nil {
		w.prepared = false
		return nil
	}
	out := make([][]SectorResult, N)
	for i := range out {
		out[i] = make([]SectorResult, S)
	}
	for s := 0; s < S; s++ {
		for i := 0; i < N; i++ {
			var y0, y1, x0, x1, m0, m1, t0, t1 float64
			for j := 0; j < N; j++ {
				k := (i*N+j)*S + s
				y0 += b.X[k]
				y1 += flows[k]
				if j != i {
					x0 += b.X[k]
					x1 += flows[k]
				}
				if kk := (j*N+i)*S + s; j != i {
					m0 += b.X[kk]
					m1 += flows[kk]
					t0 += b.X[kk] * b.tarData[kk]
					ta := b.tarData[kk]
					if r.shocks.Tariff != nil {
						ta = r.shocks.Tariff[kk]
					}
					t1 += b.X[kk] * ta
				}
			}
			// P̂_i,s = (Σ_k Λ_ki,s)^(−1/θ_s), in the numeraire.
			row := (s*N + i) * N
			sl := 0.0
			for k := 0; k < N; k++ {
				sl += w.A[row+k] * r.cth[s*N+k]
			}
			sr := &out[i][s]
			sr.Output = hatOf(y1, y0)
			sr.ValueAdded = sr.Output
			sr.Exports = hatOf(x1, x0)
			sr.Imports = hatOf(m1, m0)
			sr.PriceIndex = math.Pow(sl, -1/opt.Theta[s]) * r.scale
			sr.Employment = sr.ValueAdded / math.Exp(r.lnW[i])
			if m0 > 0 {
				sr.TariffBefore, sr.TariffAfter = t0/m0, t1/m0
				sr.ImportShare = m0 / (m0 + b.X[(i*N+i)*S+s])
			}
		}
	}
	return out
}

func hatOf(after, before float64) float64 {
	if before == 0 {
		if after == 0 {
			return 1
		}
		return math.Inf(1)
	}
	return after / before
}
