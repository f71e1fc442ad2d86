package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Destination fixed costs and tariff pass-through: the market structure of
// Ignatenko, Lashkaripour, Macedoni & Simonovska (2025, JIE 157, "ILMS"),
// a Melitz–Pareto model with fixed costs paid in the destination's labour.
// Two parameters per country generalise the Eaton–Kortum/Armington kernel:
//
//   - ν_j (Options.FixedCostShare): the share of sales in market j that pays
//     fixed costs to j's labour. Labour income is then
//     Y'_i = Σ_j (1−ν_j) X'_ij + ν_i Σ_n X'_ni            (ILMS eq. 2)
//     rather than sales, and part of a deficit is endogenous (ILMS eq. 7).
//   - φ_j (Options.Passthrough): the pass-through of j's tariffs to its
//     import price index. Trade shares respond to (1+t'_nj)^(−θφ_j)
//     (ILMS eq. 1) and the price index is
//     P̂_j = (Ê_j/ŵ_j)^(1−φ_j) · (Σ_n Λ_nj)^(−1/θ)          (ILMS eq. 4)
//     where the first factor is the variety effect of entry.
//
// With ν = 0 and φ = 1 the model is the one of DESIGN §3, exactly (a test).
// ILMS calibrate φ_j = φ̃ + (1+ψ)·ν_j/(1−ν_j) with firm-level pass-through
// φ̃ = 1 (their §4); ILMSPassthrough computes it.
//
// Scope: one or several sectors without input–output linkages, or ILMS's
// own one-sector input–output model (Options.IOVariant = ILMS2025IO,
// ilmsio.go), which puts scale economies on a composite of labour and
// inputs. With tradebloc's Caliendo–Parro structure ν and φ are refused
// rather than combined in a way nobody has written down.

// ILMSPassthrough returns φ_j = firm + (1+ψ)·ν_j/(1−ν_j), the variety-adjusted
// tariff pass-through of ILMS (2025, §4) for firm-level pass-through firm
// (1 = complete) and scale elasticity psi.
func ILMSPassthrough(nu []float64, psi, firm float64) []float64 {
	phi := make([]float64, len(nu))
	for j, v := range nu {
		phi[j] = firm + (1+psi)*v/(1-v)
	}
	return phi
}

// setFixedCosts validates and records co.FixedCostShare.
func (b *Baseline) setFixedCosts(ds *data.Dataset, co CalibrateOptions) error {
	nu := co.FixedCostShare
	if nu == nil {
		return nil
	}
	bad := func(format string, args ...any) error {
		return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
	}
	if len(nu) != b.N {
		return bad("fixed-cost shares: %d values for %d countries", len(nu), b.N)
	}
	for j, v := range nu {
		if !(v >= 0 && v < 1) {
			return bad("fixed-cost share of %s must be in [0, 1), got %g", b.Codes[j], v)
		}
	}
	// With input–output linkages the shares are calibrated here (io.go) and
	// solved only in ILMS's own variant: checkMarket refuses the others.
	b.nu = append([]float64(nil), nu...)
	return nil
}

// FixedCostShare returns the baseline's ν (nil without fixed costs).
func (b *Baseline) FixedCostShare() []float64 { return b.nu }

// checkMarket validates the fixed-cost and pass-through options against
// the baseline.
func (b *Baseline) checkMarket(opt *Options) error {
	if err := b.checkIOVariant(opt); err != nil {
		return err
	}
	if !slices.Equal(opt.FixedCostShare, b.nu) {
		return invalid("the options' fixed-cost shares differ from the baseline's: calibrate with CalibrateOptions.FixedCostShare")
	}
	if b.io != nil && opt.IOVariant != ILMS2025IO {
		if b.nu != nil {
			return invalid("fixed-cost shares (ILMS 2025) with input–output linkages are built for model.io_variant: ilms2025 only: set it, or model.io: false")
		}
		if opt.Passthrough != nil {
			return invalid("tariff pass-through φ with input–output linkages is built for model.io_variant: ilms2025 only: set it, or model.io: false")
		}
	}
	if opt.Passthrough == nil {
		return nil
	}
	if len(opt.Passthrough) != b.N {
		return invalid("tariff pass-through: %d values for %d countries", len(opt.Passthrough), b.N)
	}
	for j, p := range opt.Passthrough {
		if !(p > 0) || math.IsInf(p, 0) {
			return invalid("tariff pass-through of %s must be positive and finite, got %g", b.Codes[j], p)
		}
	}
	return nil
}

// passthrough returns φ of importer j (1 without the option).
func (opt *Options) passthrough(j int) float64 {
	if opt.Passthrough == nil {
		return 1
	}
	return opt.Passthrough[j]
}

// varietyEffect adds to ln P̂ the factor (Ê_j/ŵ_j)^(1−φ_j) of ILMS eq. 4,
// once spending is known. Ê/ŵ is free of the nominal normalisation.
func (b *Baseline) varietyEffect(w *workspace, opt *Options, lnW []float64) {
	if opt.Passthrough == nil {
		return
	}
	for j := 0; j < b.N; j++ {
		if phi := opt.Passthrough[j]; phi != 1 {
			w.lnP[j] += (1 - phi) * (math.Log(w.En[j]/b.E[j]) - lnW[j])
		}
	}
}

// fixedCostIncome adds to each country's labour demand the fixed costs that
// sellers in its market pay to its labour, ν_i Σ_n X'_ni (ILMS eq. 2);
// w.rowSum holds Σ_n X'_ni.
func (b *Baseline) fixedCostIncome(w *workspace) {
	for i, v := range b.nu {
		w.dem[i] += v * w.rowSum[i]
	}
}

// salesAt returns each country's sales Σ_j X'_ij at producer prices at the
// last evaluation: with fixed costs, labour demand (w.dem) is not sales.
func (b *Baseline) salesAt(w *workspace) []float64 {
	N, S := b.N, b.S
	out := make([]float64, N)
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		for j := 0; j < N; j++ {
			vj := w.v[s*N+j]
			row := (s*N + j) * N
			for i, bb := range w.B[row : row+N] {
				out[i] += bb * vj * c[i]
			}
		}
	}
	return out
}
