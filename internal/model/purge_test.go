package model

import (
	"math"
	"testing"
)

// TestPurge: the purged dataset has balanced trade, solving it with no
// shock changes nothing, the purge needs a balanced baseline, and a shock
// on the purged world differs from the one-step zero-deficit experiment
// exactly by the purge: applying the shock to the purged baseline gives the
// same final equilibrium as the one-step experiment of shock + zero
// deficits (the model has one equilibrium), but welfare is measured from a
// different starting point.
func TestPurge(t *testing.T) {
	ds := synthetic(7, 2, 21, true)
	for _, opt := range []Options{{Theta: []float64{4, 6}}, {Theta: []float64{4, 6}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax}} {
		pds, pres, err := PurgeDeficits(ds, opt)
		if err != nil {
			t.Fatal(err)
		}
		pb := mustCalibrate(t, pds)
		for j := range pb.D {
			if math.Abs(pb.D[j]) > 1e-9*pb.Y[j] {
				t.Errorf("purged deficit of %s = %g", pb.Codes[j], pb.D[j])
			}
			if got, want := pb.GDP[j], pres.Countries[j].GDPAfter; got != want && ds.Countries[j].GDP > 0 {
				t.Errorf("%s: purged GDP %g, want %g", pb.Codes[j], got, want)
			}
		}
		o := opt
		o.Deficits = Purge
		r := mustSolve(t, pb, o, Shocks{})
		for _, c := range r.Countries {
			if math.Abs(c.Welfare-1) > 1e-12 || math.Abs(c.Wage-1) > 1e-12 || math.Abs(c.DeficitAfter) > 1e-9*c.GDPAfter {
				t.Errorf("no shock on the purged baseline: %s welfare %g wage %g deficit %g", c.Code, c.Welfare, c.Wage, c.DeficitAfter)
			}
		}
		// The shock on the purged world against the one-step experiment:
		// the same final real allocation, so welfare relative to the data
		// factorises as purge × shock.
		b := mustCalibrate(t, ds)
		sh := Shocks{Tariff: raise(ds, 3, 0.3)}
		shocked := mustSolve(t, pb, o, sh)
		z := opt
		z.Deficits = Zero
		oneStep := mustSolve(t, b, z, sh)
		for j := range shocked.Countries {
			got := pres.Countries[j].Welfare * shocked.Countries[j].Welfare
			if opt.Kappa > 0 {
				// Elastic welfare is not multiplicative across steps; the
				// real allocation still is.
				got = pres.Countries[j].Employment * shocked.Countries[j].Employment
				if want := oneStep.Countries[j].Employment; math.Abs(got-want) > 1e-9 {
					t.Errorf("κ>0 %s: employment purge×shock %g, one step %g", pb.Codes[j], got, want)
				}
				continue
			}
			if want := oneStep.Countries[j].Welfare; math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: welfare purge×shock %g, one step %g", pb.Codes[j], got, want)
			}
		}
		if _, err := b.Solve(o, sh, nil); err == nil {
			t.Error("purge closure on an unbalanced baseline: want an error")
		}
	}
}
