package model

import (
	"fmt"
	"math"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Input–output linkages (Caliendo–Parro 2015; DESIGN §3 "Input–output").
//
// Production of sector s in country i uses labour with share β_i,s and the
// composite goods of every sector k with shares γ_i,s,k (Σ_k γ + β = 1), so
//
//	ĉ_i,s = (ŵ_i L̂_i^(−ψ))^β_i,s · Π_k P̂_i,k^γ_i,s,k.
//
// Trade flows are gross (intermediate and final). Absorption of sector s in
// j is intermediate use plus final demand,
//
//	E'_j,s = Σ_k γ_j,k,s Y'_j,k + α_j,s F'_j,   F'_j = V'_j + R'_j + D'_j,
//
// where Y'_j,k is gross output, V'_j = ŵ_j L̂_j V_j value added (GDP), R'_j
// the tariff revenue on all purchases and α_j,s the final-demand shares.
// Markets clear when Y'_i,s = Σ_j λ'_ij,s E'_j,s/(1+t'_ij,s) and labour is
// paid its share, V'_i = Σ_s β_i,s Y'_i,s.
//
// The solver iterates jointly on wages (and employment), the sectoral price
// indices P̂_j,s and gross outputs Ŷ_i,s: one Anderson-accelerated fixed
// point whose pieces are a diagonal Newton step for wages, the price
// aggregator for P̂ and the goods-market map for Ŷ. Both inner maps are
// contractions at rate max Σ_k γ (the Leontief feedback), which Anderson
// mixing turns into a handful of iterations; nesting them would repeat the
// N²S price aggregation dozens of times per wage step instead.
//
// A calibrated IO baseline stores value added in Baseline.Y and GDP, final
// spending in E and final-demand shares in Alpha, so that closures, the
// numeraire, labour supply and welfare (real final spending F̂/P̂^F) read
// the same fields as without IO.

// ioTables is the input–output structure of a calibrated baseline.
type ioTables struct {
	beta  []float64 // β_i,s at i*S+s
	gamma []float64 // γ_i,s,k at (i*S+s)*S+k
	gross []float64 // baseline cost base at s*N+i: gross output Y_i,s, net of fixed costs ν paid in the destinations (ilmsio.go)
	absn  []float64 // baseline absorption E_j,s at s*N+j (gross of tariffs)

	// Layouts for the evaluation's inner loops (derived once, read only):
	gammaT []float64 // γ_i,k,s at (i*S+s)*S+k: what sector s sells to each of i's sectors k
	beta2  []float64 // β_i,s² at s*N+i, the labour-demand elasticity weight
}

// deriveLayouts fills the tables' evaluation layouts from β and γ.
func (io *ioTables) deriveLayouts(N, S int) {
	io.gammaT = make([]float64, N*S*S)
	io.beta2 = make([]float64, N*S)
	for i := 0; i < N; i++ {
		for s := 0; s < S; s++ {
			io.beta2[s*N+i] = io.beta[i*S+s] * io.beta[i*S+s]
			for k := 0; k < S; k++ {
				io.gammaT[(i*S+s)*S+k] = io.gamma[(i*S+k)*S+s]
			}
		}
	}
}

// ioWork holds the per-solve buffers of the IO iteration.
type ioWork struct {
	lnPnew []float64 // ln P̂_j,s from the costs of this evaluation, s*N+j
	rhoS   []float64 // tariff revenue share of sector spending, s*N+j
	level  []float64 // gross output levels Y'_i,s of the state, s*N+i
	inter  []float64 // intermediate demand Σ_k γ_j,k,s Y'_j,k, s*N+j
	sales  []float64 // demand for i's sector-s output Σ_j λ'E'/(1+t'), s*N+i
	dsum   []float64 // own-wage elasticity sums of labour demand, per country
	local  []float64 // one country's S values gathered from a by-sector layout
}

func newIOWork(N, S int) *ioWork {
	return &ioWork{
		lnPnew: make([]float64, N*S), rhoS: make([]float64, N*S), level: make([]float64, N*S),
		inter: make([]float64, N*S), sales: make([]float64, N*S), dsum: make([]float64, N), local: make([]float64, S),
	}
}

// HasIO reports whether the baseline has input–output linkages.
func (b *Baseline) HasIO() bool { return b.io != nil }

// calibrateIO adds the input–output structure of ds to a baseline calibrated
// on its flows, and re-expresses income and spending as value added and
// final spending. A negative final demand (intermediate use above
// absorption) is a data error: it is reported, never clipped.
func (b *Baseline) calibrateIO(ds *data.Dataset, explicitFinal bool) error {
	N, S := b.N, b.S
	io := &ioTables{
		beta: append([]float64(nil), ds.VA...), gamma: append([]float64(nil), ds.IO...),
		gross: make([]float64, N*S), absn: make([]float64, N*S),
	}
	if err := b.closeCostShares(ds, io); err != nil {
		return err
	}
	purch := make([]float64, N) // purchases at producer prices, for fixed costs
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			net := 1.0
			if b.nu != nil {
				net = 1 - b.nu[j]
			}
			for s := 0; s < S; s++ {
				k := (i*N+j)*S + s
				io.gross[s*N+i] += net * ds.Trade[k]
				io.absn[s*N+j] += (1 + b.tarData[k]) * ds.Trade[k]
				purch[j] += ds.Trade[k]
			}
		}
	}
	for j := 0; j < N; j++ {
		V, F := 0.0, 0.0
		if b.nu != nil {
			V = b.nu[j] * purch[j] // fixed costs paid to j's labour
		}
		fin := make([]float64, S)
		for s := 0; s < S; s++ {
			V += io.beta[j*S+s] * io.gross[s*N+j]
			inter := 0.0
			for k := 0; k < S; k++ {
				inter += io.gamma[(j*S+k)*S+s] * io.gross[k*N+j]
			}
			fin[s] = io.absn[s*N+j] - inter
			if fin[s] < -1e-9*io.absn[s*N+j] && !explicitFinal {
				return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf(
					"country %s, sector %s: intermediate use %.6g exceeds absorption %.6g, so final demand would be negative (%.3g%% of absorption): the input shares do not fit the trade flows (intermediate use is the input shares of value_added.csv/io.csv times %s's sales, the trade.csv rows with exporter %s; absorption is the rows with importer %s): look there for a typo, repair the dataset (e.g. rescale γ) or set model.io: false",
					b.Codes[j], ds.Sectors[s].Code, inter, io.absn[s*N+j], 100*fin[s]/io.absn[s*N+j], b.Codes[j], b.Codes[j], b.Codes[j])}
			}
			fin[s] = math.Max(fin[s], 0) // rounding only: the check above bounds it
			F += fin[s]
		}
		// V > 0 already: every β > 0 (closeCostShares) and every country
		// sells (Calibrate).
		if !(F > 0) && !explicitFinal {
			return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("country %s has no final demand: intermediate use takes all of its absorption", b.Codes[j])}
		}
		b.Y[j], b.E[j], b.GDP[j] = V, F, V
		for s := 0; s < S; s++ {
			b.Alpha[j*S+s] = fin[s] / F
		}
	}
	io.deriveLayouts(N, S)
	b.io = io
	b.sumY, b.sumGDP = 0, 0
	b.balanced = true
	for j := 0; j < N; j++ {
		b.sumY += b.Y[j]
		b.sumGDP += b.GDP[j]
		if math.Abs(b.D[j]) > 1e-9*b.Y[j] {
			b.balanced = false
		}
	}
	return nil
}

// costShareTolerance is how far β + Σ_k γ may be from 1: the dataset
// loader's tolerance (io.csv shares are often rounded to six or seven
// digits).
const costShareTolerance = 1e-6

// closeCostShares makes β_i,s + Σ_k γ_i,s,k = 1 exactly by rescaling the
// input shares γ (β, value added, is kept). Rounded shares within the
// tolerance would otherwise leave a sliver of every sale paid to no one:
// income would fall short of spending by that sliver, no equilibrium would
// exist and the solver would stall at a residual of its size (1e-8 on
// Caliendo and Parro's data, whose input shares have seven digits). Unit
// costs also keep constant returns, so real results do not depend on the
// numeraire. A sector with no input shares at all has β within the
// tolerance of 1 and is set to 1. A larger gap is an error.
func (b *Baseline) closeCostShares(ds *data.Dataset, io *ioTables) error {
	S := b.S
	for i := 0; i < b.N; i++ {
		for s := 0; s < S; s++ {
			beta := io.beta[i*S+s]
			gr := io.gamma[(i*S+s)*S : (i*S+s)*S+S]
			sum := 0.0
			for _, g := range gr {
				sum += g
			}
			if !(beta > 0 && beta <= 1) || math.Abs(beta+sum-1) > costShareTolerance {
				return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf(
					"country %s, sector %s: value-added share %.9g and input shares %.9g sum to %.9g, want 1 (±%g)",
					b.Codes[i], ds.Sectors[s].Code, beta, sum, beta+sum, costShareTolerance)}
			}
			if sum == 0 {
				io.beta[i*S+s] = 1
				continue
			}
			f := (1 - beta) / sum
			for k := range gr {
				gr[k] *= f
			}
		}
	}
	return nil
}

// ioPrices sets the unit costs c^(−θ) of state x (wages, labour) with input
// prices lnPs, and from them the price indices ln P̂_j,s (lnPnew), the
// tariff revenue shares and the final-demand price index.
func (b *Baseline) ioPrices(w *workspace, opt *Options, x, lnPs []float64) error {
	N, S := b.N, b.S
	io, iw := b.io, w.io
	elastic := opt.Kappa > 0
	lnW := x[:N]
	// Unit costs ln ĉ_i,s = β(ln ŵ − ψ ln L̂) + Σ_k γ ln P̂_i,k, or in ILMS's
	// variant β ln ŵ + Σ_k γ ln P̂_i,k − ψ(Σ_k γ (ln ŵ − ln P̂_i,k) + ln L̂).
	composite := opt.IOVariant == ILMS2025IO
	pi := iw.local // i's sector prices, gathered once: lnPs is by sector
	for i := 0; i < N; i++ {
		lw, lnL := lnW[i], 0.0
		if elastic {
			lnL = x[N+i]
			if !composite {
				lw -= opt.Psi * lnL
			}
		}
		for k := 0; k < S; k++ {
			pi[k] = lnPs[k*N+i]
		}
		for s := 0; s < S; s++ {
			beta, gam := io.beta[i*S+s], io.gamma[(i*S+s)*S:(i*S+s)*S+S]
			gp := dot(gam, pi)
			lc := beta*lw + gp
			if composite {
				lc -= opt.Psi * ((1-beta)*lw - gp + lnL)
			}
			w.cth[s*N+i] = math.Exp(-opt.Theta[s] * lc)
		}
	}
	// Price indices P̂_j,s = (Σ_i Λ_ij,s)^(−1/θ_s), revenue shares, and the
	// final-demand price index P̂^F_j = Π_s P̂_j,s^α_j,s.
	for j := 0; j < N; j++ {
		w.lnP[j] = 0
	}
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		for j := 0; j < N; j++ {
			row := (s*N + j) * N
			A := w.A[row : row+N]
			var sl, st float64
			if w.hasT {
				sl, st = dot2(A, w.T[row:row+N], c)
			} else {
				sl = dot(A, c)
			}
			if !(sl > 0) {
				return invalid("importer %s buys nothing in sector %d after the shock (prohibitive costs on every source, including itself)", b.Codes[j], s)
			}
			w.sumL[s*N+j] = sl
			lp := -math.Log(sl) / opt.Theta[s]
			iw.lnPnew[s*N+j] = lp
			iw.rhoS[s*N+j] = st / sl
			w.lnP[j] += b.Alpha[j*S+s] * lp
		}
	}
	return nil
}

// evaluateIO is evaluate for a baseline with input–output linkages. The
// state x is (ln ŵ, [ln L̂], ln P̂_j,s, ln Ŷ_i,s); g receives the next
// iterate, normalised to ΣV' = ΣV. It returns the max relative residual of
// the labour market, the price indices and the goods markets (and of labour
// supply when elastic).
func (b *Baseline) evaluateIO(w *workspace, opt *Options, x, g []float64, frozen []float64) (float64, error) {
	N, S := b.N, b.S
	io, iw := b.io, w.io
	elastic := opt.Kappa > 0
	nw := N
	if elastic {
		nw = 2 * N
	}
	lnW := x[:N]
	lnPs := x[nw : nw+N*S]
	lnYs := x[nw+N*S : nw+2*N*S]
	if err := b.ioPrices(w, opt, x, lnPs); err != nil {
		return math.NaN(), err
	}
	// Gross output levels of the state and intermediate demand
	// Σ_k γ_j,k,s Y'_j,k.
	for k := range iw.level {
		iw.level[k] = io.gross[k] * math.Exp(lnYs[k])
	}
	yj := iw.local
	for j := 0; j < N; j++ {
		for k := 0; k < S; k++ {
			yj[k] = iw.level[k*N+j]
		}
		for s := 0; s < S; s++ {
			iw.inter[s*N+j] = dot(io.gammaT[(j*S+s)*S:(j*S+s)*S+S], yj)
		}
	}
	// Value added V'_i = ŵ_i L̂_i V_i, deficits, then final spending
	// F' = (V' + D' − O' + Σ_s ρ_s I'_s)/(1 − Σ_s ρ_s α_s), which makes
	// R' = Σ_s ρ_s E'_s with E'_s = I'_s + α_s F'.
	for i := 0; i < N; i++ {
		lny := lnW[i]
		if elastic {
			lny += x[N+i]
		}
		w.Yn[i] = b.Y[i] * math.Exp(lny)
	}
	b.deficits(w, opt)
	for j := 0; j < N; j++ {
		num, den := w.Yn[j]+w.Dn[j]-w.outl[j], 1.0
		for s := 0; s < S; s++ {
			r := iw.rhoS[s*N+j]
			num += r * iw.inter[s*N+j]
			den -= r * b.Alpha[j*S+s]
		}
		F := num / den
		if !(F > 0) {
			return math.NaN(), invalid("final spending of %s would be non-positive (value added %.4g, deficit %.4g, subsidy outlay %.4g)", b.Codes[j], w.Yn[j], w.Dn[j], w.outl[j])
		}
		w.En[j] = F
		rev, abs := 0.0, 0.0
		for s := 0; s < S; s++ {
			e := iw.inter[s*N+j] + b.Alpha[j*S+s]*F
			rev += iw.rhoS[s*N+j] * e
			abs += e
			w.v[s*N+j] = e / w.sumL[s*N+j]
		}
		w.rho[j] = rev / F
		b.ioVarietyEffect(w, opt, j, abs, lnW[j])
	}
	// Sales Σ_j λ'_ij,s E'_j,s (1+sub')/(1+t'), imports, subsidy outlays
	// (used at the next evaluation: they converge with the rest), and the
	// own-wage elasticity of labour demand for the wage step.
	for k := range iw.sales {
		iw.sales[k] = 0
	}
	for i := 0; i < N; i++ {
		w.dem[i], w.rowSum[i], iw.dsum[i] = 0, 0, 0
	}
	for s := 0; s < S; s++ {
		c := w.cth[s*N : s*N+N]
		th := opt.Theta[s]
		sales := iw.sales[s*N : s*N+N]
		for j := 0; j < N; j++ {
			vj := w.v[s*N+j]
			if vj == 0 {
				continue
			}
			row := (s*N + j) * N
			B := w.B[row : row+N]
			// With fixed costs, sellers in j keep 1 − ν_j of their sales
			// for their own labour and inputs (ilmsio.go); j's purchases
			// stay gross.
			net := 1.0
			if b.nu != nil {
				net = 1 - b.nu[j]
			}
			rs := 0.0
			if frozen != nil {
				rs = scatter(sales, B, c, vj*net) / net
			} else {
				A := w.A[row : row+N]
				inv := 1 / w.sumL[s*N+j]
				b2 := io.beta2[s*N : s*N+N]
				ds := iw.dsum[:N]
				for i, bb := range B {
					x := bb * vj * c[i]
					sales[i] += net * x
					rs += x
					ds[i] += b2[i] * net * x * th * (1 - A[i]*c[i]*inv)
				}
			}
			w.rowSum[j] += rs
		}
	}
	if w.hasU {
		for i := 0; i < N; i++ {
			o := 0.0
			for s := 0; s < S; s++ {
				ci := w.cth[s*N+i]
				for j := 0; j < N; j++ {
					o += w.U[(s*N+j)*N+i] * w.v[s*N+j] * ci
				}
			}
			w.outl[i] = o
		}
	}
	resid := 0.0
	for k := range iw.sales {
		if io.gross[k] == 0 {
			g[nw+N*S+k] = 0 // no output ever: a fixed state, not a free one
			continue
		}
		r := iw.sales[k]/iw.level[k] - 1
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return math.NaN(), nil
		}
		resid = math.Max(resid, math.Abs(r))
		g[nw+N*S+k] = math.Log(iw.sales[k] / io.gross[k])
	}
	for k, lp := range iw.lnPnew {
		resid = math.Max(resid, math.Abs(lp-lnPs[k]))
		g[nw+k] = lp
	}
	for i := 0; i < N; i++ {
		labour, own := 0.0, 0.0
		if b.nu != nil {
			labour = b.nu[i] * w.rowSum[i] // fixed costs of every seller in i
		}
		for s := 0; s < S; s++ {
			beta := io.beta[i*S+s]
			labour += beta * iw.sales[s*N+i]
			w.dem[i] += iw.sales[s*N+i]
			own += beta * w.B[(s*N+i)*N+i] * w.v[s*N+i] * w.cth[s*N+i]
		}
		r := labour/w.Yn[i] - 1
		if math.IsNaN(r) || math.IsInf(r, 0) {
			return math.NaN(), nil
		}
		resid = math.Max(resid, math.Abs(r))
		var slope float64
		if frozen != nil {
			slope = frozen[i]
		} else {
			// Labour demand falls with the own wage through the β share of
			// costs; own sales feed back through own final spending.
			slope = -iw.dsum[i]/labour + own/labour*w.Yn[i]/(w.En[i]*(1-w.rho[i])) - 1
			if slope > -minSlope {
				slope = -minSlope
			}
			w.slope[i] = slope
		}
		g[i] = lnW[i] - math.Log(labour/w.Yn[i])/slope
	}
	if elastic {
		b.taxFactors(w, opt)
		for i := 0; i < N; i++ {
			target := opt.Kappa * (math.Log(w.tauHat[i]) + lnW[i] - w.lnP[i])
			resid = math.Max(resid, math.Abs(target-x[N+i]))
			g[N+i] = target
		}
	}
	// Normalise nominal values: ΣV' = ΣV. Wages, prices and gross outputs
	// move together (the system is homogeneous of degree one in them).
	num := 0.0
	for i := 0; i < N; i++ {
		lny := g[i]
		if elastic {
			lny += g[N+i]
		}
		num += b.Y[i] * math.Exp(lny)
	}
	shift := math.Log(b.sumY / num)
	for i := 0; i < N; i++ {
		g[i] += shift
	}
	for k := nw; k < nw+2*N*S; k++ {
		g[k] += shift
	}
	return resid, nil
}

// finalSharesOverride replaces the residual final-demand shares by given
// ones (CalibrateOptions.FinalShares) and sets final spending to its
// identity F = V + R + D. The baseline is then not an equilibrium of the
// data (absorption need not equal intermediate use plus final demand), so
// it must be solved — purged — before a shock is measured against it.
func (b *Baseline) finalSharesOverride(alpha []float64) error {
	N, S := b.N, b.S
	if len(alpha) != N*S {
		return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("final shares: %d values for %d countries × %d sectors", len(alpha), N, S)}
	}
	for j := 0; j < N; j++ {
		sum := 0.0
		for s := 0; s < S; s++ {
			a := alpha[j*S+s]
			if !(a >= 0) || math.IsInf(a, 0) {
				return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("final share of %s in sector %d is %g", b.Codes[j], s, a)}
			}
			sum += a
		}
		if math.Abs(sum-1) > 1e-9 {
			return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("final shares of %s sum to %g, want 1", b.Codes[j], sum)}
		}
		copy(b.Alpha[j*S:j*S+S], alpha[j*S:j*S+S])
		b.E[j] = b.Y[j] + b.R[j] + b.D[j]
		if !(b.E[j] > 0) {
			return &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("final spending of %s (value added + revenue + deficit) is not positive", b.Codes[j])}
		}
	}
	b.explicitFinal = true
	return nil
}
