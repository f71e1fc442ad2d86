package model

import "math"

// Decomposition is Caliendo and Parro's (2015) decomposition of a country's
// welfare change into terms-of-trade and volume-of-trade effects (their
// eq. 25, in the discrete form of their code), in shares of baseline income
// I_n (final spending: value added, tariff revenue and the deficit):
//
//	ToT_n = Σ_j,i [E^j_ni (ĉ^j_n − 1) − M^j_ni (ĉ^j_i − 1)] / I_n,
//	VoT_n = Σ_j,i τ^j_ni M^j_ni (M̂^j_ni − ĉ^j_i) / I_n,
//
// with E_ni and M_ni baseline exports to and imports from i at producer
// prices, ĉ unit-cost changes and τ baseline tariffs. A change of iceberg
// costs adds Tech_n = −Σ_j,i (1+τ) M_ni (d̂_ni − 1)/I_n. Their sum CP is what
// Caliendo and Parro report as welfare. It is a first-order approximation
// built from the equilibrium changes, not the exact change in real income
// F̂/P̂ (Welfare), which also counts, for instance, the tariff revenue a
// country gives up; docs/welfare.md compares the two on NAFTA.
type Decomposition struct {
	ToT, VoT, Tech float64
}

// CP is the decomposition's total, ToT + VoT + Tech.
func (d Decomposition) CP() float64 { return d.ToT + d.VoT + d.Tech }

// Decompose returns every country's decomposition for a result of this
// baseline. Nominal changes are measured, as Caliendo and Parro do, with
// world value added held fixed (ΣGDP' = ΣGDP), whatever the result's
// numeraire: the effects are not invariant to it (a numeraire that scales
// prices by k scales both by k, so Mexico's NAFTA total moves from 1.31% to
// 1.30% with Mexico's wage as numeraire), and a reported output must not
// depend on a normalisation. Under Krugman competition it returns nil: the
// decomposition has no term for the profits that tariffs shift between
// countries, so its total would not approximate the welfare change.
func (b *Baseline) Decompose(r *Result) []Decomposition {
	if r.Options.Competition == Krugman {
		return nil
	}
	N, S := b.N, b.S
	flows := b.Flows(r)
	if flows == nil {
		return nil
	}
	gdp := 0.0
	for j := range r.Countries {
		gdp += r.Countries[j].GDPAfter
	}
	k := b.sumGDP / gdp // from the result's numeraire to world GDP
	for m := range flows {
		flows[m] *= k
	}
	// ĉ_i,s from c^(−θ), with world GDP as numeraire.
	chat := make([]float64, N*S)
	for s := 0; s < S; s++ {
		for i := 0; i < N; i++ {
			chat[s*N+i] = math.Pow(r.cth[s*N+i], -1/r.Options.Theta[s]) * r.scale * k
		}
	}
	out := make([]Decomposition, N)
	for i := 0; i < N; i++ { // exporter
		for n := 0; n < N; n++ { // importer
			if i == n {
				continue
			}
			for s := 0; s < S; s++ {
				k := (i*N+n)*S + s
				x0, x1 := b.X[k], flows[k]
				if x0 == 0 {
					continue
				}
				ci := chat[s*N+i]
				// i exports x0 to n: i's terms of trade gain, n's lose.
				out[i].ToT += x0 * (ci - 1)
				out[n].ToT -= x0 * (ci - 1)
				tau := b.tarData[k]
				out[n].VoT += tau * x0 * (x1/x0 - ci)
				if d := r.shocks.Cost; d != nil && d[k] != 1 {
					out[n].Tech -= (1 + tau) * x0 * (d[k] - 1)
				}
			}
		}
	}
	for n := range out {
		I := b.E[n]
		out[n].ToT /= I
		out[n].VoT /= I
		out[n].Tech /= I
	}
	return out
}

// MovesTrade reports whether the result's shocks change any tariff or trade
// cost from the baseline: where Caliendo and Parro's decomposition applies.
func (r *Result) MovesTrade() bool {
	return r.shocks.Tariff != nil || r.shocks.Cost != nil
}
