package model

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// balanced makes a synthetic dataset's trade balanced (symmetric foreign
// flows), where Caliendo and Parro's decomposition is the first-order
// change in real income.
func balanced(ds *data.Dataset) *data.Dataset {
	N, S := ds.N(), ds.S()
	for s := 0; s < S; s++ {
		for i := 0; i < N; i++ {
			for j := i + 1; j < N; j++ {
				m := 0.5 * (ds.Trade[ds.At(i, j, s)] + ds.Trade[ds.At(j, i, s)])
				ds.Trade[ds.At(i, j, s)], ds.Trade[ds.At(j, i, s)] = m, m
			}
		}
	}
	return ds
}

// TestDecompositionIsFirstOrderWelfare: for small tariff changes the
// terms-of-trade plus volume-of-trade effects equal the exact welfare
// change up to second-order terms, with and without input–output links: the
// gap shrinks four-fold when the shock halves.
func TestDecompositionIsFirstOrderWelfare(t *testing.T) {
	base := balanced(synthetic(6, 2, 41, true))
	for k := range base.Tariffs {
		base.Tariffs[k] *= 4 // tariffs up to 40%, so that the volume-of-trade term matters
	}
	// A tariff rise on importer 1, or iceberg costs into importer 1 that
	// rise by eps (the technology term Tech then carries the first-order
	// loss of the resources the extra costs use up).
	costs := func(ds *data.Dataset, eps float64) []float64 {
		d := make([]float64, len(ds.Trade))
		for k := range d {
			d[k] = 1
		}
		for i := 0; i < ds.N(); i++ {
			for s := 0; s < ds.S(); s++ {
				if i != 1 {
					d[ds.At(i, 1, s)] = 1 + eps
				}
			}
		}
		return d
	}
	for _, c := range []struct {
		name string
		ds   *data.Dataset
		cost bool
	}{{"no IO", base, false}, {"IO", withIO(base, 3, 0.4), false}, {"no IO, trade cost", base, true}, {"IO, trade cost", withIO(base, 3, 0.4), true}} {
		name, ds := c.name, c.ds
		b := mustCalibrate(t, ds)
		gap := func(eps float64) (float64, float64) {
			sh := Shocks{Tariff: raise(ds, 1, eps)}
			if c.cost {
				sh = Shocks{Cost: costs(ds, eps)}
			}
			r := mustSolve(t, b, Options{Theta: []float64{4, 7}, Numeraire: WorldGDP}, sh)
			if !r.MovesTrade() {
				t.Fatalf("%s: MovesTrade false for a shock to trade", name)
			}
			dec := b.Decompose(r)
			worst, size := 0.0, 0.0
			for j, c := range r.Countries {
				worst = math.Max(worst, math.Abs(dec[j].CP()-(c.Welfare-1)))
				size = math.Max(size, math.Abs(c.Welfare-1))
			}
			return worst, size
		}
		g1, s1 := gap(0.004)
		g2, _ := gap(0.002)
		t.Logf("%s: gap %g (size %g), half %g", name, g1, s1, g2)
		if !(g1 < 0.05*s1) {
			t.Errorf("%s: decomposition misses welfare by %g for changes up to %g", name, g1, s1)
		}
		if r := g1 / g2; r < 3.5 || r > 4.5 {
			t.Errorf("%s: the gap falls by %g when the shock halves, want ≈ 4 (second order)", name, r)
		}
	}
}

// TestDecompositionIndependentOfNumeraire: the decomposition is measured
// with world GDP fixed, as Caliendo and Parro do, whatever numeraire the
// solve used; otherwise a numeraire that scales prices by k would scale
// both effects by k.
func TestDecompositionIndependentOfNumeraire(t *testing.T) {
	ds := withIO(balanced(synthetic(6, 2, 42, true)), 5, 0.4)
	b := mustCalibrate(t, ds)
	sh := Shocks{Tariff: raise(ds, 2, 0.25)}
	var ref []Decomposition
	for _, num := range []Options{{Numeraire: WorldGDP}, {Numeraire: WorldPrice}, {Numeraire: CountryWage, NumeraireCountry: 2}, {Numeraire: CountryWage, NumeraireCountry: 4}} {
		r := mustSolve(t, b, Options{Theta: []float64{4, 7}, Numeraire: num.Numeraire, NumeraireCountry: num.NumeraireCountry}, sh)
		dec := b.Decompose(r)
		if ref == nil {
			ref = dec
			continue
		}
		for j := range dec {
			if math.Abs(dec[j].ToT-ref[j].ToT) > 1e-12 || math.Abs(dec[j].VoT-ref[j].VoT) > 1e-12 {
				t.Errorf("numeraire %v/%d, %s: ToT %g VoT %g, with world GDP %g %g", num.Numeraire, num.NumeraireCountry, b.Codes[j], dec[j].ToT, dec[j].VoT, ref[j].ToT, ref[j].VoT)
			}
		}
	}
}
