package model

import "math"

// The input–output model of Ignatenko, Lashkaripour, Macedoni & Simonovska
// (2025, §5.5 and Table 4, "roundabout production"; Options.IOVariant =
// ILMS2025IO). It is the input–output model of io.go with three changes,
// written here from their equations:
//
//   - Scale economies act on the composite that pays for entry, labour and
//     inputs together: a firm's unit cost is w^β P^(1−β) and productivity
//     rises with ((w/P)^(1−β) L)^ψ, so
//     ĉ_i = ŵ_i^β P̂_i^(1−β) · ((ŵ_i/P̂_i)^(1−β) L̂_i)^(−ψ)
//     (with several input sectors, P̂^(1−β) is Π_k P̂_k^γ_k). In io.go's
//     Caliendo–Parro structure only labour carries them,
//     ĉ = (ŵL̂^(−ψ))^β P̂^(1−β); the two agree when ψ = 0.
//   - Their fixed costs ν (fixedcost.go) are paid out of gross sales to the
//     destination's labour; the rest, (1−ν_j)X_ij, pays i's labour (β) and
//     inputs (1−β). Value added is V_i = β Σ_j (1−ν_j)X_ij + ν_i Σ_n X_ni and
//     intermediate demand (1−β) Σ_j (1−ν_j)X_ij. io.go's gross-output state
//     becomes that cost base.
//   - Their tariff pass-through φ: the price index, of inputs and of final
//     goods alike, carries the variety factor (Ê_j/ŵ_j)^(1−φ_j) with E_j
//     the whole absorption, intermediate and final.
//
// Welfare is measured on final spending F = V + R + D as in io.go, which
// is what their formula does (its "Ec"). Their data construction — the
// domestic flow divided by β, so that trade flows are gross output, and
// β = 0.49 for every country — belongs to the dataset (value_added.csv
// and io.csv), not to the model.
//
// Scope: one sector, their model. Several sectors would need a choice of
// composite and of the absorption that moves the variety factor which
// they did not make; it is refused.

// checkIOVariant validates Options.IOVariant against the baseline.
func (b *Baseline) checkIOVariant(opt *Options) error {
	switch opt.IOVariant {
	case CaliendoParroIO:
		return nil
	case ILMS2025IO:
	default:
		return invalid("unknown input–output variant %d", opt.IOVariant)
	}
	if b.io == nil {
		return invalid("model.io_variant: ilms2025 needs input–output linkages: the dataset has no value-added shares, or model.io is false")
	}
	if b.S != 1 {
		return invalid("model.io_variant: ilms2025 is built for one sector (ILMS 2025, §5.5); the dataset has %d", b.S)
	}
	return nil
}

// ioVarietyEffect adds the factor (Ê_j/ŵ_j)^(1−φ_j) to importer j's price
// indices once its absorption abs (intermediate and final, solver units) is
// known: to the sector prices that the next iterate takes as input prices,
// and to the final-demand index.
func (b *Baseline) ioVarietyEffect(w *workspace, opt *Options, j int, abs, lnW float64) {
	if opt.Passthrough == nil {
		return
	}
	phi := opt.Passthrough[j]
	if phi == 1 {
		return
	}
	N, S := b.N, b.S
	base := 0.0
	for s := 0; s < S; s++ {
		base += b.io.absn[s*N+j]
	}
	v := (1 - phi) * (math.Log(abs/base) - lnW)
	for s := 0; s < S; s++ {
		w.io.lnPnew[s*N+j] += v
	}
	w.lnP[j] += v
}
