package model

import (
	"fmt"
	"math"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Status is the outcome of a solve.
type Status int

// The solve outcomes.
const (
	Converged    Status = iota // market clearing holds to the tolerance
	NotConverged               // iterations ran out, or the iteration broke down
	InvalidInput               // the shocks or options cannot be solved
)

func (s Status) String() string {
	return [...]string{"converged", "not converged", "invalid input"}[s]
}

// DefaultTol is the solver's tolerance when Options.Tol is not set: the
// one a result's provenance records.
const DefaultTol = 1e-12

const (
	defaultTol     = DefaultTol
	defaultMaxIter = 2000
	andersonMemory = 6
	// minSlope bounds the diagonal Newton step (the own-wage elasticity of
	// excess demand is at most −1 in theory; this guards rounding).
	minSlope = 0.5
	// chordRate is the contraction per chord step below which the frozen
	// Jacobian is abandoned for Anderson iterations.
	chordRate = 0.8
	// slopeRefresh is how often (in iterations) a cold solve recomputes the
	// diagonal Newton slopes.
	slopeRefresh = 4
	// maxBacktracks bounds the steps back from states the model cannot
	// evaluate in one solve.
	maxBacktracks = 30
)

// Solve computes the counterfactual equilibrium for the shocks. warm, if not
// nil, is an earlier result on the same baseline used as the starting point.
// It returns an error of Kind Invalid for unusable input and of Kind
// NotConverged (with the Result, for diagnosis) when the solver fails.
func (b *Baseline) Solve(opt Options, sh Shocks, warm *Result) (*Result, error) {
	start := time.Now()
	if opt.Tol <= 0 {
		opt.Tol = defaultTol
	}
	if opt.MaxIter <= 0 {
		opt.MaxIter = defaultMaxIter
	}
	if err := b.check(&opt, &sh); err != nil {
		return nil, err
	}
	if opt.NoIO && b.io != nil {
		return nil, invalid("the options ask for the model without input–output linkages but the baseline was calibrated with them (CalibrateOptions.NoIO)")
	}
	if b.explicitFinal && opt.Deficits != Zero {
		return nil, invalid("a baseline calibrated with explicit final shares is not an equilibrium of its data: purge it first (PurgeDeficitsWith)")
	}
	if opt.Deficits == Purge && !b.balanced {
		return nil, invalid("deficits: purge needs a baseline with balanced trade; solve on the dataset model.PurgeDeficits returns")
	}
	w := b.getWorkspace(b.dim(&opt))
	defer b.pool.Put(w)
	if err := b.prepare(w, &opt, &sh); err != nil {
		w.prepared = false // the kernels are half-updated
		return nil, err
	}

	for k := range w.x {
		w.x[k] = 0
	}
	var lin *linearization
	if warm != nil && len(warm.xi) == len(w.x) {
		copy(w.x, warm.xi)
		lin = warm.lin
	}
	w.acc.reset()

	res := &Result{Options: opt, Status: NotConverged}
	best, prev := math.Inf(1), math.Inf(1)
	it, backtracks, damp := 0, 0, 1.0
	// held says slopeHeld holds this solve's slopes: a pooled workspace
	// carries the last solve's, and a warm start that leaves its chord
	// steps must not precondition with another scenario's slopes.
	held := false
	var resid float64
	for ; ; it++ {
		var err error
		var frozen []float64
		switch {
		case lin != nil:
			frozen = lin.slope
		case held && it%slopeRefresh != 0:
			// The diagonal Newton slopes only precondition the wage step and
			// change slowly; reusing them skips a third of an iteration's work.
			frozen = w.slopeHeld
		}
		resid, err = b.eval(w, &opt, w.x, w.g, frozen)
		if err != nil && it == 0 {
			return nil, err
		}
		if err != nil || math.IsNaN(resid) {
			// An accelerated step overshot into a state the model cannot
			// evaluate (non-finite values, spending ≤ 0): step back toward
			// the last good state, by half as much each time, and iterate
			// plainly from there.
			if backtracks < maxBacktracks {
				backtracks++
				damp *= 0.5
				for k := range w.x {
					w.x[k] = w.xGood[k] + damp*(w.gGood[k]-w.xGood[k])
				}
				w.acc.reset()
				lin = nil
				continue
			}
			res.Reason = "the iteration produced a non-finite value"
			if err != nil {
				res.Reason = err.Error()
			}
			break
		}
		if frozen == nil {
			copy(w.slopeHeld, w.slope)
			held = true
		}
		copy(w.xGood, w.x)
		copy(w.gGood, w.g)
		damp = 1
		if resid <= opt.Tol {
			res.Status = Converged
			break
		}
		if it >= opt.MaxIter {
			res.Reason = fmt.Sprintf("max relative residual %.3g after %d iterations (tolerance %.3g)", resid, it, opt.Tol)
			if opt.Kappa*opt.Psi >= 1 {
				// Labour supply that responds to real wages, with costs
				// falling in scale, makes aggregate returns increasing when
				// κψ ≥ 1: the fixed point is unstable and may not exist.
				res.Reason += fmt.Sprintf("; labour-supply elasticity × scale elasticity = %.3g ≥ 1 makes returns to scale increasing in the aggregate, where an equilibrium may not exist or be unique: lower one of them", opt.Kappa*opt.Psi)
			}
			break
		}
		for k := range w.f {
			w.f[k] = w.g[k] - w.x[k]
		}
		if lin != nil && resid > chordRate*prev {
			// The chord (frozen-Jacobian Newton) step from a neighbouring
			// solution stopped contracting fast: go on with Anderson.
			lin = nil
			w.acc.reset()
		}
		prev = resid
		if lin != nil {
			// Chord step: δ = −J⁻¹ f with the neighbour's Jacobian.
			if lin.inv32 != nil && len(w.f32) < len(w.f) {
				w.f32 = make([]float32, len(w.f))
			}
			lin.mulInv(w.xn, w.f, w.f32)
			for k := range w.xn {
				w.xn[k] = -w.xn[k]
			}
			// Anderson mixing on the chord map x + δ mops up what the frozen
			// Jacobian misses.
			for k := range w.xn {
				w.g[k] = w.x[k] + w.xn[k]
				w.f[k] = w.xn[k]
			}
			w.acc.step(w.g, w.f, w.xn)
		} else {
			if resid > 1e3*best {
				// The accelerated path has diverged: restart plain iteration
				// from the map value, which the damping keeps contractive.
				w.acc.reset()
			}
			best = math.Min(best, resid)
			w.acc.step(w.g, w.f, w.xn)
		}
		w.x, w.xn = w.xn, w.x
	}
	res.Iterations = it
	res.MaxResidual = resid
	b.finish(w, &opt, &sh, res)
	res.Seconds = time.Since(start).Seconds()
	if res.Status != Converged {
		return res, &errs.Error{Op: "solve", Kind: errs.NotConverged, Err: fmt.Errorf("the model did not converge: %s", res.Reason)}
	}
	return res, nil
}

// PurgeDeficits solves ds's baseline with every trade deficit set to zero and no
// other change (Ossa 2014; Caliendo–Parro 2015) and returns that balanced
// equilibrium as a dataset: flows, tariffs as in ds, GDP moved with factor
// income. Shocks solved on it with the Purge closure are then measured
// against a world without the imbalances, so that their welfare does not
// mix in the transfer of closing them (the Zero closure's one-step
// experiment). opt gives θ, labour supply, revenue use and numeraire; its
// closure is ignored.
func PurgeDeficits(ds *data.Dataset, opt Options) (*data.Dataset, *Result, error) {
	return PurgeDeficitsWith(ds, opt, CalibrateOptions{})
}

// PurgeDeficitsWith is PurgeDeficits on a baseline calibrated with co. With
// explicit final shares the purged world is the equilibrium of those shares,
// the data's trade shares and input–output coefficients with balanced trade
// (Caliendo and Parro's own procedure).
func PurgeDeficitsWith(ds *data.Dataset, opt Options, co CalibrateOptions) (*data.Dataset, *Result, error) {
	b, err := CalibrateWith(ds, co)
	if err != nil {
		return nil, nil, err
	}
	o := opt
	o.Deficits = Zero
	res, err := b.Solve(o, Shocks{}, nil)
	if err != nil {
		return nil, res, fmt.Errorf("purging the deficits of %s: %w", ds.Name, err)
	}
	out := *ds
	out.Trade = b.Flows(res)
	out.Countries = make([]data.Country, len(ds.Countries))
	for i, c := range ds.Countries {
		c.Groups = append([]string(nil), c.Groups...)
		if c.GDP > 0 {
			c.GDP = res.Countries[i].GDPAfter
		}
		out.Countries[i] = c
	}
	if ds.Tariffs != nil {
		out.Tariffs = append([]float64(nil), ds.Tariffs...)
	}
	return &out, res, nil
}
