package model

import (
	"math"
	"testing"
)

// TestLambdaIsExpenditureShare: Baseline.Lambda(i, j, s) is DESIGN §3's
// λ_ij,s = (1+t_ij,s)X_ij,s / Σ_k (1+t_kj,s)X_kj,s, read off the dataset's
// flows and tariffs, for every pair and sector of a three-sector world.
func TestLambdaIsExpenditureShare(t *testing.T) {
	ds := synthetic(4, 3, 21, true)
	b := mustCalibrate(t, ds)
	N, S := ds.N(), ds.S()
	for s := 0; s < S; s++ {
		for j := 0; j < N; j++ {
			E := 0.0
			for k := 0; k < N; k++ {
				E += (1 + ds.Tariffs[ds.At(k, j, s)]) * ds.Trade[ds.At(k, j, s)]
			}
			for i := 0; i < N; i++ {
				want := (1 + ds.Tariffs[ds.At(i, j, s)]) * ds.Trade[ds.At(i, j, s)] / E
				if got := b.Lambda(i, j, s); math.Abs(got-want) > 1e-15 {
					t.Fatalf("λ(%d→%d, sector %d) = %v, want %v", i, j, s, got, want)
				}
			}
		}
	}
	if i, ok := b.Index("C02"); i != 2 || !ok {
		t.Errorf("Index(C02) = %d, %v", i, ok)
	}
	if i, ok := b.Index("ZZZ"); i != -1 || ok {
		t.Errorf("Index(ZZZ) = %d, %v, want -1, false", i, ok)
	}
}

// TestSectorNotBought: a country that buys nothing of a sector (not even
// from itself) has zero expenditure shares there, not 0/0.
func TestSectorNotBought(t *testing.T) {
	ds := synthetic(3, 2, 22, true)
	for i := 0; i < 3; i++ {
		ds.Trade[ds.At(i, 2, 1)] = 0 // country 2 buys nothing of sector 1
	}
	b := mustCalibrate(t, ds)
	for i := 0; i < 3; i++ {
		if l := b.Lambda(i, 2, 1); l != 0 {
			t.Fatalf("λ(%d→2, sector 1) = %v, want 0", i, l)
		}
	}
	if a := b.Alpha[2*2+1]; a != 0 {
		t.Errorf("α(2, sector 1) = %v, want 0", a)
	}
}
