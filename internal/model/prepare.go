package model

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/errs"
)

func invalid(format string, args ...any) error {
	return &errs.Error{Op: "solve", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
}

// check validates options and shocks against the baseline.
func (b *Baseline) check(opt *Options, sh *Shocks) error {
	N, S := b.N, b.S
	if len(opt.Theta) != S {
		return invalid("trade elasticity: %d values for %d sectors", len(opt.Theta), S)
	}
	for s, th := range opt.Theta {
		if !(th > 0) || math.IsInf(th, 0) {
			return invalid("trade elasticity of sector %d must be positive and finite, got %g", s, th)
		}
	}
	if !(opt.Kappa >= 0) || math.IsInf(opt.Kappa, 0) {
		return invalid("labour supply elasticity must be ≥ 0, got %g", opt.Kappa)
	}
	if !(opt.Psi >= 0) || math.IsInf(opt.Psi, 0) {
		return invalid("scale elasticity must be ≥ 0, got %g", opt.Psi)
	}
	switch opt.Competition {
	case Perfect:
	case Krugman:
		// Profits with elastic labour would need the labour-supply and
		// income-tax conditions rederived for an income that is not all
		// labour income; input–output linkages would need profits on gross
		// output and a markup on intermediate inputs. Neither is built.
		if opt.Kappa > 0 {
			return invalid("model.competition: krugman is built for inelastic labour supply only (labor_supply_elasticity 0, got %g)", opt.Kappa)
		}
		if b.io != nil {
			return invalid("model.competition: krugman is not built with input–output linkages: set model.io: false")
		}
		if b.nu != nil || opt.Passthrough != nil {
			return invalid("model.competition: krugman is not built with ILMS's fixed costs or tariff pass-through")
		}
	default:
		return invalid("unknown competition %d", opt.Competition)
	}
	if err := b.checkMarket(opt); err != nil {
		return err
	}
	if opt.Numeraire == CountryWage && (opt.NumeraireCountry < 0 || opt.NumeraireCountry >= N) {
		return invalid("numeraire country index %d out of range", opt.NumeraireCountry)
	}
	nn := N * N * S
	for name, v := range map[string][]float64{"tariff": sh.Tariff, "trade cost": sh.Cost, "subsidy": sh.Subsidy} {
		if v != nil && len(v) != nn {
			return invalid("%s array has %d values, want %d", name, len(v), nn)
		}
	}
	if sh.DeficitTarget != nil && len(sh.DeficitTarget) != N {
		return invalid("deficit targets: %d values for %d countries", len(sh.DeficitTarget), N)
	}
	if sh.Absorb != nil && len(sh.Absorb) != N {
		return invalid("absorption weights: %d values for %d countries", len(sh.Absorb), N)
	}
	free, wsum := 0, 0.0
	for j := 0; j < N; j++ {
		if sh.DeficitTarget != nil {
			if d := sh.DeficitTarget[j]; !math.IsNaN(d) {
				if !(d > -1) || math.IsInf(d, 0) {
					return invalid("deficit target of %s is %g of GDP: expenditure would be non-positive", b.Codes[j], d)
				}
				continue
			}
		}
		free++
		if sh.Absorb != nil {
			wsum += sh.Absorb[j]
		}
	}
	if free == 0 {
		return invalid("every country has a deficit target: none is left to absorb the counterpart balances")
	}
	// Whoever has no target takes the counterpart of the targets and, under
	// the ratio closure, the closure's own world factor: the weights must
	// leave someone to take them, targets or not.
	if sh.Absorb != nil && !(wsum > 0) {
		return invalid("absorption weights of the countries without targets sum to %g; they must be positive", wsum)
	}
	for j, w := range sh.Absorb {
		if !(w >= 0) || math.IsInf(w, 0) {
			return invalid("absorption weight of %s must be ≥ 0, got %g", b.Codes[j], w)
		}
	}
	return nil
}

// prepare computes the per-scenario kernels: Λ_ij,s = A_ij,s · ĉ_i^(−θ_s)
// with A = λ·[d̂·(1+t')/((1+t)(1+sub'))]^(−θ), and the fractions of
// spending that are tariff revenue (T), producer revenue (B) and subsidy (U).
func (b *Baseline) prepare(w *workspace, opt *Options, sh *Shocks) error {
	N, S := b.N, b.S
	if opt.Competition == Krugman {
		b.prepareKrugman(w, opt)
	}
	w.hasU = sh.Subsidy != nil
	w.hasT = b.hasTariffs
	if w.hasU && w.U == nil {
		w.U = make([]float64, N*N*S)
	}
	// The kernels start from the baseline ones. A pooled workspace still
	// holds the previous scenario, which differs from the baseline only at
	// the entries it shocked: restoring those is far cheaper than copying
	// three N²S arrays.
	if w.prepared {
		for _, k := range w.dirty {
			w.A[k], w.T[k], w.B[k] = b.lam[k], b.lamT[k], b.lamB[k]
			if w.U != nil {
				w.U[k] = 0
			}
		}
	} else {
		copy(w.A, b.lam)
		copy(w.T, b.lamT)
		copy(w.B, b.lamB)
		if w.U != nil {
			clear(w.U)
		}
		w.prepared = true
	}
	w.dirty = w.dirty[:0]
	// The input–output evaluation lags subsidy outlays by one evaluation
	// and never clears them without a subsidy: a pooled workspace must not
	// carry the last scenario's outlays into this one.
	clear(w.outl)
	// Recompute only the pairs whose tariff, cost or subsidy moved, scanning
	// the shock arrays in their own (data) layout.
	for dk := 0; dk < N*N*S; dk++ {
		t0 := b.tarData[dk]
		t1, d, sub := sh.at(dk, t0)
		if t1 == t0 && d == 1 && sub == 0 {
			continue
		}
		s := dk % S
		i, j := dk/(N*S), (dk/S)%N
		// Validated here, in the one pass over the shocks, rather than in a
		// separate sweep: only entries that differ from the (valid)
		// baseline can be invalid.
		switch {
		case !(t1 > -1) || math.IsInf(t1, 0):
			return invalid("tariff of %s on %s must be > −1 and finite, got %g", b.Codes[j], b.Codes[i], t1)
		case !(d > 0) || math.IsInf(d, 0):
			return invalid("trade-cost factor %s→%s must be positive and finite, got %g", b.Codes[i], b.Codes[j], d)
		case !(sub > -1) || math.IsInf(sub, 0):
			return invalid("export subsidy of %s must be > −1 and finite, got %g", b.Codes[i], sub)
		}
		k := (s*N+j)*N + i
		a := shockedShare(b.lam[k], t0, t1, d, sub, opt.Theta[s], opt.passthrough(j))
		w.A[k] = a
		w.T[k] = a * t1 / (1 + t1)
		w.B[k] = a * (1 + sub) / (1 + t1)
		if w.hasU {
			w.U[k] = a * sub / (1 + t1)
		}
		w.dirty = append(w.dirty, k)
		if t1 != 0 {
			w.hasT = true
		}
	}
	for j := 0; j < N; j++ {
		w.target[j] = math.NaN()
		if sh.DeficitTarget != nil {
			w.target[j] = sh.DeficitTarget[j]
		}
		w.absorb[j] = -1 // default weights, set per evaluation
		if sh.Absorb != nil {
			w.absorb[j] = sh.Absorb[j]
		}
	}
	return nil
}

// at returns the tariff, trade-cost factor and subsidy of data-layout entry
// dk, with t0 (the baseline tariff) where the scenario sets no tariffs.
func (sh *Shocks) at(dk int, t0 float64) (t1, d, sub float64) {
	t1, d = t0, 1
	if sh.Tariff != nil {
		t1 = sh.Tariff[dk]
	}
	if sh.Cost != nil {
		d = sh.Cost[dk]
	}
	if sh.Subsidy != nil {
		sub = sh.Subsidy[dk]
	}
	return t1, d, sub
}

// shockedShare is the scenario kernel A = λ·[d̂·(1+t')/((1+t)(1+sub'))]^(−θ)
// of one pair (DESIGN §3: Λ = A·ĉ^(−θ)); with a tariff pass-through φ ≠ 1
// (fixedcost.go) the tariff factor is raised to −θφ instead.
func shockedShare(lam, t0, t1, d, sub, theta, phi float64) float64 {
	if lam == 0 || (t1 == t0 && d == 1 && sub == 0) {
		return lam
	}
	if phi != 1 {
		return lam * math.Pow(d/(1+sub), -theta) * math.Pow((1+t1)/(1+t0), -theta*phi)
	}
	return lam * math.Pow(d*(1+t1)/((1+t0)*(1+sub)), -theta)
}
