package model

import (
	"fmt"
	"math"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// Baseline is a calibrated dataset: the baseline shares and aggregates of
// DESIGN §3. It is read-only after Calibrate and safe to share across
// goroutines; each Solve takes a workspace from an internal pool.
type Baseline struct {
	N, S  int
	Codes []string

	// Internal layout (s*N+j)*N+i: importer-major, so that the sums over
	// exporters that dominate an iteration run over contiguous memory.
	lam []float64 // λ_ij,s
	tar []float64 // baseline tariff t_ij,s
	// Baseline kernels λ·t/(1+t) and λ/(1+t): a scenario starts from copies
	// and recomputes only the pairs it shocks.
	lamT, lamB []float64

	tarData []float64 // baseline tariffs in the data layout, to spot shocked pairs

	hasTariffs bool // any baseline tariff is non-zero

	X []float64 // baseline flows X_ij,s in the data layout (i*N+j)*S+s
	Y []float64 // sales (gross output) Y_i: the model's factor income
	// sales are the sector sales Y_i,s at s*N+i (before any input–output
	// re-expression): Krugman competition splits them into wages and profits.
	sales []float64
	// GDP is value added: the dataset's gdp where it gives one, else sales.
	// A dataset of gross flows (world-2023: domestic sales of goods and
	// services plus goods exports) has Y > GDP; every level or share "of
	// GDP" the model reports uses GDP, which moves with factor income:
	// GDP' = GDP·ŵL̂.
	GDP   []float64
	E     []float64 // expenditure E_j
	R     []float64 // tariff revenue R_j
	D     []float64 // deficit D_j = E_j − R_j − Y_j
	Alpha []float64 // α_j,s at j*S+s
	Exp   []float64 // exports at producer prices (foreign only)
	Imp   []float64 // imports at producer prices (foreign only)

	io *ioTables // input–output linkages; nil without
	nu []float64 // fixed-cost shares ν_j; nil without (fixedcost.go)
	// explicitFinal: final shares were given, so the baseline is not an
	// equilibrium of the data (CalibrateOptions.FinalShares).
	explicitFinal bool
	sumY          float64
	sumGDP        float64
	balanced      bool // every |D_j| ≤ 1e-9·Y_j: a purged baseline
	pool          sync.Pool
}

// Calibrate computes the baseline of a dataset, with input–output linkages
// when the dataset has them. It fails (errs.Invalid) on a dataset the model
// cannot use: no countries, negative or non-finite flows, tariffs ≤ −1, a
// country with no sales or no expenditure, a negative final demand.
func Calibrate(ds *data.Dataset) (*Baseline, error) {
	return CalibrateWith(ds, CalibrateOptions{})
}

// CalibrateOptions are the model options that change the baseline itself.
type CalibrateOptions struct {
	// NoIO ignores the dataset's input–output shares (scenario key
	// model.io: false): flows are then all final goods and sales are income.
	NoIO bool
	// FinalShares, with input–output data, gives the final-demand shares
	// α_j,s (at j*S+s, each country's summing to 1) instead of taking them
	// from the residual of absorption after intermediate use: the repair of
	// Caliendo and Parro's code, which sets negative residuals to zero and
	// renormalises. The baseline is then not an equilibrium of the data and
	// must be purged (PurgeDeficitsWith) before a shock is measured from it.
	FinalShares []float64
	// FixedCostShare is ν per country (Options.FixedCostShare): factor
	// income is then Y_i = Σ_j (1−ν_j) X_ij + ν_i Σ_n X_ni, not sales.
	FixedCostShare []float64
}

// CalibrateWith is Calibrate with options.
func CalibrateWith(ds *data.Dataset, co CalibrateOptions) (*Baseline, error) {
	N, S := ds.N(), ds.S()
	if N == 0 || S == 0 {
		return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("dataset %q has no countries or no sectors", ds.Name)}
	}
	if len(ds.Trade) != N*N*S || (ds.Tariffs != nil && len(ds.Tariffs) != N*N*S) {
		return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("dataset %q: trade/tariff arrays do not match %d countries × %d sectors", ds.Name, N, S)}
	}
	b := &Baseline{
		N: N, S: S, Codes: make([]string, N),
		lam: make([]float64, N*N*S), tar: make([]float64, N*N*S),
		X: ds.Trade,
		Y: make([]float64, N), GDP: make([]float64, N), E: make([]float64, N), R: make([]float64, N), D: make([]float64, N),
		Alpha: make([]float64, N*S), Exp: make([]float64, N), Imp: make([]float64, N),
		sales: make([]float64, N*S),
	}
	for i, c := range ds.Countries {
		b.Codes[i] = c.Code
	}
	if err := b.setFixedCosts(ds, co); err != nil {
		return nil, err
	}
	Ejs := make([]float64, N*S)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				k := (i*N+j)*S + s
				x := ds.Trade[k]
				t := 0.0
				if ds.Tariffs != nil {
					t = ds.Tariffs[k]
				}
				if !(x >= 0) || math.IsInf(x, 0) || !(t > -1) || math.IsInf(t, 0) {
					return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("flow %s→%s sector %d: value %g, tariff %g", b.Codes[i], b.Codes[j], s, x, t)}
				}
				if b.nu == nil {
					b.Y[i] += x
				} else {
					// Fixed costs in j are paid to j's labour (fixedcost.go).
					b.Y[i] += (1 - b.nu[j]) * x
					b.Y[j] += b.nu[j] * x
				}
				b.sales[s*N+i] += x
				Ejs[j*S+s] += (1 + t) * x
				b.R[j] += t * x
				b.tar[(s*N+j)*N+i] = t
				if i != j {
					b.Exp[i] += x
					b.Imp[j] += x
				}
			}
		}
	}
	for j := 0; j < N; j++ {
		for s := 0; s < S; s++ {
			b.E[j] += Ejs[j*S+s]
		}
		if !(b.Y[j] > 0) {
			return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("country %s has no sales in the baseline (trade.csv rows with exporter %s)", b.Codes[j], b.Codes[j])}
		}
		if !(b.E[j] > 0) {
			return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("country %s has no expenditure in the baseline (trade.csv rows with importer %s)", b.Codes[j], b.Codes[j])}
		}
		for s := 0; s < S; s++ {
			b.Alpha[j*S+s] = Ejs[j*S+s] / b.E[j]
		}
		b.D[j] = b.E[j] - b.R[j] - b.Y[j]
		b.sumY += b.Y[j]
		b.GDP[j] = b.Y[j]
		if g := ds.Countries[j].GDP; g > 0 && !math.IsInf(g, 0) {
			b.GDP[j] = g
		}
		b.sumGDP += b.GDP[j]
	}
	b.balanced = true
	for j := 0; j < N; j++ {
		if math.Abs(b.D[j]) > 1e-9*b.Y[j] {
			b.balanced = false
		}
	}
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				if e := Ejs[j*S+s]; e > 0 {
					b.lam[(s*N+j)*N+i] = (1 + b.tar[(s*N+j)*N+i]) * ds.Trade[(i*N+j)*S+s] / e
				}
			}
		}
	}
	b.lamT = make([]float64, N*N*S)
	b.lamB = make([]float64, N*N*S)
	for k, l := range b.lam {
		if b.tar[k] != 0 {
			b.hasTariffs = true
		}
		b.lamT[k] = l * b.tar[k] / (1 + b.tar[k])
		b.lamB[k] = l / (1 + b.tar[k])
	}
	b.tarData = make([]float64, N*N*S)
	if ds.Tariffs != nil {
		copy(b.tarData, ds.Tariffs)
	}
	if ds.HasIO() && !co.NoIO {
		if len(ds.VA) != N*S || len(ds.IO) != N*S*S {
			return nil, &errs.Error{Op: "calibrate", Kind: errs.Invalid, Err: fmt.Errorf("dataset %q: input–output arrays do not match %d countries × %d sectors", ds.Name, N, S)}
		}
		if err := b.calibrateIO(ds, co.FinalShares != nil); err != nil {
			return nil, err
		}
		if co.FinalShares != nil {
			if err := b.finalSharesOverride(co.FinalShares); err != nil {
				return nil, err
			}
		}
	}
	return b, nil
}

// Index returns the position of a country code.
func (b *Baseline) Index(code string) (int, bool) {
	for i, c := range b.Codes {
		if c == code {
			return i, true
		}
	}
	return -1, false
}

// Lambda returns the baseline expenditure share λ_ij,s.
func (b *Baseline) Lambda(i, j, s int) float64 { return b.lam[(s*b.N+j)*b.N+i] }

// Tariffs returns a copy of the baseline tariffs t_ij,s in the data layout
// (i*N+j)*S+s: the tariffs a scenario leaves where it sets none.
func (b *Baseline) Tariffs() []float64 { return append([]float64(nil), b.tarData...) }
