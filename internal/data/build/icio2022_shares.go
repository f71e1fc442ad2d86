package build

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// finalDemandFloor is the final demand, as a share of absorption, that the
// repair of the input shares leaves in a sector where the 2018 structure
// would use more than the 2022 flows supply: the smallest change that makes
// final demand positive, with a margin that survives rounding.
const finalDemandFloor = 1e-6

// ShareRepair records step 3.
type ShareRepair struct {
	MaxSumGap float64 // largest |β + Σγ − 1| in the compiled tables, before normalising
	Cells     int     // (unit, supplying sector) pairs whose input shares were scaled down
	Units     int     // units with at least one such pair
	// Excess is Σ (intermediate use − absorption) over those pairs before
	// the repair, USD million; VAAdded the value added the repair creates
	// (Σ of the input cost removed, which goes to value added).
	Excess, VAAdded float64
	Largest         []ShareCell // the largest repairs by VAAdded, at most 10
}

// ShareCell is one repaired (unit, supplying sector).
type ShareCell struct {
	Unit, Sector  string
	Intermediate  float64 // 2018 shares × 2022 gross output, USD million
	Absorption    float64 // 2022, tariffs included
	Factor        float64 // the scale applied to the input shares of the sector
	ValueAddedAdd float64
}

// setShares reads β and γ for every unit and sector (step 3), normalises
// γ so that β + Σ_k γ = 1, and repairs negative final demand
// (repairFinalDemand). It records the units whose shares are the source's
// rest-of-world values.
func setShares(compiledDir string, cb *cube, d *data.Dataset, rep *ICIOReport) error {
	N, S := cb.n(), cb.s()
	unit := map[string]int{}
	for i, u := range cb.units {
		unit[u] = i
	}
	sector := map[string]int{}
	for s, sec := range cb.sectors {
		sector[sec.code] = s
	}
	beta := make([]float64, N*S)
	gamma := make([]float64, N*S*S)
	for k := range beta {
		beta[k] = math.NaN()
	}
	va, err := readSource(compiledDir, vaSharesFile, []string{"country", "sector", "va_share", "source_unit"})
	if err != nil {
		return err
	}
	rest := map[string]bool{}
	for k, r := range va.rows {
		i, ok1 := unit[va.get(r, "country")]
		s, ok2 := sector[va.get(r, "sector")]
		switch {
		case !ok1:
			return va.errf(k, "country", "unknown unit %s (not an ICIO unit)", data.Quote(va.get(r, "country")))
		case !ok2:
			return va.errf(k, "sector", "unknown sector %s (not an ICIO sector)", data.Quote(va.get(r, "sector")))
		}
		b, err := va.required(k, "va_share")
		if err != nil {
			return err
		}
		switch {
		case !(b > 0 && b <= 1):
			return va.errf(k, "va_share", "value-added share %v outside (0, 1]", b)
		case !math.IsNaN(beta[i*S+s]):
			return va.errf(k, "sector", "repeated row for %s, sector %s", cb.units[i], cb.sectors[s].code)
		}
		beta[i*S+s] = b
		if va.get(r, "source_unit") == "RoW" {
			rest[cb.units[i]] = true
		}
	}
	if slices.ContainsFunc(beta, math.IsNaN) {
		return &errs.Error{Op: "build", Kind: errs.Invalid, File: va.path, Err: fmt.Errorf("does not cover every unit and sector")}
	}
	io, err := readSource(compiledDir, ioSharesFile, []string{"country", "using_sector", "supplying_sector", "share"})
	if err != nil {
		return err
	}
	for k, r := range io.rows {
		i, ok1 := unit[io.get(r, "country")]
		s, ok2 := sector[io.get(r, "using_sector")]
		in, ok3 := sector[io.get(r, "supplying_sector")]
		switch {
		case !ok1:
			return io.errf(k, "country", "unknown unit %s (not an ICIO unit)", data.Quote(io.get(r, "country")))
		case !ok2:
			return io.errf(k, "using_sector", "unknown sector %s (not an ICIO sector)", data.Quote(io.get(r, "using_sector")))
		case !ok3:
			return io.errf(k, "supplying_sector", "unknown sector %s (not an ICIO sector)", data.Quote(io.get(r, "supplying_sector")))
		}
		g, err := io.required(k, "share")
		if err != nil {
			return err
		}
		if g < 0 || g > 1 {
			return io.errf(k, "share", "input share %v outside [0, 1]", g)
		}
		gamma[(i*S+s)*S+in] += g
	}
	sh := &rep.Shares
	for m := 0; m < N*S; m++ {
		row := gamma[m*S : m*S+S]
		sum := 0.0
		for _, g := range row {
			sum += g
		}
		sh.MaxSumGap = max(sh.MaxSumGap, math.Abs(beta[m]+sum-1))
		if sum > 0 {
			f := (1 - beta[m]) / sum
			for k := range row {
				row[k] *= f
			}
		}
	}
	for _, u := range cb.units {
		if rest[u] {
			rep.RestValues = append(rep.RestValues, u)
		}
	}
	tables := newShareTables(cb, d, beta, gamma)
	repairFinalDemand(tables, sh)
	if err := calibrateRestGDP(compiledDir, tables, rep); err != nil {
		return err
	}
	for k := range beta {
		beta[k] = round10(beta[k])
	}
	for k := range gamma {
		gamma[k] = round10(gamma[k])
	}
	d.VA, d.IO = beta, gamma
	return nil
}

// repairFinalDemand makes final demand — absorption (tariffs included)
// minus intermediate use — positive in every unit and sector. The 2018
// shares times 2022 gross output can use more of a sector than the unit
// absorbs in 2022 (a different year and edition, and shares split from 14
// to 28 sectors in proportion to absorption, or copied from the source's
// rest of the world). Where they do, every input share γ_j,k,s of that
// supplying sector s is scaled by one factor so that intermediate use is
// (1 − finalDemandFloor) of absorption, and the cost removed goes to the
// using sectors' value added β_j,k, keeping β + Σγ = 1. Gross output and
// flows are unchanged; only the split of costs between inputs and value
// added moves.
func repairFinalDemand(sh *shareTables, sr *ShareRepair) {
	units := map[int]bool{}
	var cells []ShareCell
	for j := range sh.n {
		for _, c := range sh.repairUnit(j) {
			units[j] = true
			sr.Excess += max(c.Intermediate-c.Absorption, 0)
			sr.VAAdded += c.ValueAddedAdd
			cells = append(cells, c)
		}
	}
	sr.Cells, sr.Units = len(cells), len(units)
	slices.SortStableFunc(cells, func(a, b ShareCell) int { return cmp.Compare(b.ValueAddedAdd, a.ValueAddedAdd) })
	sr.Largest = cells[:min(10, len(cells))]
}

// shareTables are β and γ with the 2022 gross output and absorption they
// are checked against.
type shareTables struct {
	units       []string
	sectors     []cubeSector
	n, s        int
	beta, gamma []float64 // i*S+s, (i*S+s)*S+k
	gross, absn []float64 // i*S+s
}

func newShareTables(cb *cube, d *data.Dataset, beta, gamma []float64) *shareTables {
	N, S := cb.n(), cb.s()
	t := &shareTables{units: cb.units, sectors: cb.sectors, n: N, s: S, beta: beta, gamma: gamma,
		gross: make([]float64, N*S), absn: make([]float64, N*S)}
	for i := range N {
		for j := range N {
			for s := range S {
				k := d.At(i, j, s)
				t.gross[i*S+s] += d.Trade[k]
				t.absn[j*S+s] += (1 + d.Tariffs[k]) * d.Trade[k]
			}
		}
	}
	return t
}

// repairUnit applies the repair of repairFinalDemand to unit j and returns
// the cells it changed.
func (t *shareTables) repairUnit(j int) []ShareCell {
	S := t.s
	var cells []ShareCell
	for s := range S {
		inter := 0.0
		for k := range S {
			inter += t.gamma[(j*S+k)*S+s] * t.gross[j*S+k]
		}
		a := t.absn[j*S+s]
		target := (1 - finalDemandFloor) * a
		if inter <= target {
			continue
		}
		f := target / inter
		added := 0.0
		for k := range S {
			m := (j*S+k)*S + s
			cut := t.gamma[m] * (1 - f)
			t.gamma[m] -= cut
			t.beta[j*S+k] += cut
			added += cut * t.gross[j*S+k]
		}
		cells = append(cells, ShareCell{Unit: t.units[j], Sector: t.sectors[s].code, Intermediate: inter, Absorption: a, Factor: f, ValueAddedAdd: added})
	}
	return cells
}

// valueAdded is Σ_s β·Y of unit i.
func (t *shareTables) valueAdded(i int) float64 {
	v := 0.0
	for s := range t.s {
		v += t.beta[i*t.s+s] * t.gross[i*t.s+s]
	}
	return v
}

// round10 rounds a share to ten significant digits (the compiled tables
// have eight), so that the files stay small and exact on reload.
func round10(x float64) float64 {
	if x == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 10, 64), 64)
	return v
}

// maxRestBeta caps a value-added share raised by calibrateRestGDP, so that
// every sector keeps some input use.
const maxRestBeta = 0.999

// restGDPTolerance is how close calibrateRestGDP brings value added to GDP
// (relative).
const restGDPTolerance = 1e-6

// RestCalibration is one unit whose shares are the source's rest-of-world
// values, calibrated to its GDP by calibrateRestGDP.
type RestCalibration struct {
	Unit        string
	GDP         float64 // WEO 2022 GDP (ROW: the sum over its members), USD million
	Before      float64 // value added / GDP with the source's shares (after the final-demand repair)
	After       float64
	Iterations  int
	RepairCells int // (unit, sector) cells whose final demand the calibration had to repair
}

// calibrateRestGDP rescales β of the units that carry the source's
// rest-of-world shares so that their value added equals their GDP in 2022
// (IMF WEO; for ROW the sum over its members). Those shares are no
// economy's structure: with them value added is 0.64 (Egypt) to 2.4
// (Luxembourg) times GDP and Vietnam's 1.78 times, while the units with
// their own 2018 shares come within 0.85–1.13. Every β of a unit is
// multiplied by one factor (at most maxRestBeta), its input shares scaled
// by (1 − β')/(1 − β) so that their mix is kept, and final demand is
// repaired again where more inputs now exceed absorption; this is repeated
// until value added is within restGDPTolerance of GDP.
func calibrateRestGDP(compiledDir string, t *shareTables, rep *ICIOReport) error {
	weo, err := weoSeries(compiledDir)
	if err != nil {
		return err
	}
	for _, u := range rep.RestValues {
		i := slices.Index(t.units, u)
		target := weo[u][2022]
		if u == icioRest {
			target = 0
			for _, m := range rep.Members {
				target += weo[m][2022]
			}
		}
		if !(target > 0) {
			return fmt.Errorf("build: no WEO 2022 GDP for %s", u)
		}
		c := t.calibrateUnit(i, target)
		if math.Abs(c.After-1) > restGDPTolerance {
			return fmt.Errorf("build: %s: value added %.6g of GDP after %d rounds, want 1", u, c.After, c.Iterations)
		}
		rep.RestGDP = append(rep.RestGDP, c)
	}
	return nil
}

// calibrateUnit brings unit i's value added to target (calibrateRestGDP).
func (t *shareTables) calibrateUnit(i int, target float64) RestCalibration {
	S := t.s
	c := RestCalibration{Unit: t.units[i], GDP: target, Before: t.valueAdded(i) / target}
	repaired := map[string]bool{}
	for c.Iterations = 1; c.Iterations <= 100; c.Iterations++ {
		r := target / t.valueAdded(i)
		for s := range S {
			b := t.beta[i*S+s]
			nb := min(b*r, maxRestBeta)
			if b >= 1 || nb == b {
				continue
			}
			f := (1 - nb) / (1 - b)
			for k := range S {
				t.gamma[(i*S+s)*S+k] *= f
			}
			t.beta[i*S+s] = nb
		}
		for _, cell := range t.repairUnit(i) {
			repaired[cell.Sector] = true
		}
		if math.Abs(t.valueAdded(i)/target-1) < restGDPTolerance {
			break
		}
	}
	c.Iterations = min(c.Iterations, 100)
	c.RepairCells = len(repaired)
	c.After = t.valueAdded(i) / target
	return c
}
