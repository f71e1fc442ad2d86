package testutil

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// ILMS is the dataset of Ignatenko, Lashkaripour, Macedoni & Simonovska
// (2025, JIE 157, 104138) rebuilt from their inputs in
// ../shared/data/external/ignatenko2025_liberation_day the way their code
// does (main_baseline.m, as ported in JoeLoera/liberation-day-replication
// code_python/analysis/main_baseline.py and utils/solver_utils.py):
//
//   - BACI 2023 goods trade X (thousands USD, row exporter, column importer,
//     blank = 0) and WDI GDP divided by 1000 to the same unit;
//   - ν_US and ν_nonUS solved (solve_nu) so that the sales-weighted
//     fixed-cost share of US firms is 0.26 and of other firms 0.12 in the
//     two-region aggregate;
//   - transfers T_i = (1−ν_i)(M_i − Σ_n (1−ν_n)·X_in), with M_i imports
//     and X_in exports to n net of the fixed-cost share of the destination
//     n (their repmat((1-nu)',N,1) indexes ν by the importer; the
//     exporter's ν would move US welfare in Table 1 case 1 by 0.005 points);
//     expenditure E_i = GDP_i + T_i; domestic sales X_ii = E_i − M_i,
//     floored at 0.
//
// The baseline has no tariffs. Factor income follows from the flows and ν
// in the model (model.CalibrateOptions.FixedCostShare); with ν = 0 it is
// sales, their "Eaton–Kortum specification".
type ILMS struct {
	Data *data.Dataset
	// NuUS and NuOther are the solved fixed-cost shares (ILMS §4: 0.27 and
	// 0.11); Nu is the per-country vector.
	NuUS, NuOther float64
	Nu            []float64
	// US is the index of the United States; EU the indices of the 25 EU
	// members of their code (id_EU).
	US int
	EU []int
	// USTR is the Liberation Day schedule of their code: importer USA's
	// tariff on each exporter, max(tariffs.csv, 0.10), 0 on itself (data
	// layout (i*N+j)*S+s with S = 1; other importers 0).
	USTR []float64
	// GDP is their Y_i, WDI GDP in thousands of USD as read. It is not the
	// dataset's factor income (which their ν and transfers move away from
	// GDP); their input–output tables average the other countries with it
	// (print_tables_io.m).
	GDP []float64
}

// Others lists the economies other than the USA, the "non-US" of their
// tables.
func (m *ILMS) Others() []int {
	n := len(m.GDP)
	out := make([]int, 0, n-1)
	for j := 0; j < n; j++ {
		if j != m.US {
			out = append(out, j)
		}
	}
	return out
}

// ILMSData builds the ILMS dataset. It fails the test, never skips, when
// ../shared is missing.
func ILMSData(t testing.TB) *ILMS {
	t.Helper()
	m, err := LoadILMS(filepath.Join(SharedDir(t), "data", "external", "ignatenko2025_liberation_day"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// LoadILMS builds the ILMS dataset from the directory of their inputs.
func LoadILMS(dir string) (*ILMS, error) {
	labels, err := readCSV(filepath.Join(dir, "country_labels.csv"))
	if err != nil {
		return nil, err
	}
	trade, err := readCSV(filepath.Join(dir, "trade_cepii.csv"))
	if err != nil {
		return nil, err
	}
	gdpRows, err := readCSV(filepath.Join(dir, "gdp.csv"))
	if err != nil {
		return nil, err
	}
	tarRows, err := readCSV(filepath.Join(dir, "tariffs.csv"))
	if err != nil {
		return nil, err
	}
	N := len(labels) - 1
	if len(trade) != N+1 || len(gdpRows) != N+1 || len(tarRows) != N+1 {
		return nil, fmt.Errorf("ILMS inputs: %d labels, %d trade rows, %d GDP rows, %d tariff rows", N, len(trade)-1, len(gdpRows)-1, len(tarRows)-1)
	}
	num := func(file string, line int, s string) (float64, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Errorf("%s line %d: %v", file, line, err)
		}
		return x, nil
	}
	X := make([]float64, N*N) // row exporter, column importer
	for i := 0; i < N; i++ {
		if len(trade[i+1]) != N {
			return nil, fmt.Errorf("trade_cepii.csv line %d: %d values, want %d", i+2, len(trade[i+1]), N)
		}
		for j := 0; j < N; j++ {
			if X[i*N+j], err = num("trade_cepii.csv", i+2, trade[i+1][j]); err != nil {
				return nil, err
			}
		}
		X[i*N+i] = 0
	}
	gdp := make([]float64, N)
	tariff := make([]float64, N)
	m := &ILMS{US: -1, GDP: gdp}
	countries := make([]data.Country, N)
	for i := 0; i < N; i++ {
		if gdp[i], err = num("gdp.csv", i+2, gdpRows[i+1][0]); err != nil {
			return nil, err
		}
		gdp[i] /= 1000 // trade is in thousands of USD
		if tariff[i], err = num("tariffs.csv", i+2, tarRows[i+1][0]); err != nil {
			return nil, err
		}
		code := labels[i+1][0]
		countries[i] = data.Country{Code: code, Name: labels[i+1][2]}
		if code == "USA" {
			m.US = i
		}
	}
	if m.US < 0 {
		return nil, fmt.Errorf("country_labels.csv has no USA")
	}
	// id_EU of their code (1-based positions in country_labels.csv).
	for _, k := range []int{10, 13, 17, 45, 47, 50, 56, 57, 59, 61, 71, 78, 80, 83, 88, 107, 108, 109, 119, 133, 144, 145, 149, 164, 165} {
		m.EU = append(m.EU, k-1)
	}
	m.NuOther, m.NuUS, err = solveNu(X, gdp, m.US)
	if err != nil {
		return nil, err
	}
	m.Nu = make([]float64, N)
	for i := range m.Nu {
		m.Nu[i] = m.NuOther
	}
	m.Nu[m.US] = m.NuUS
	for i := 0; i < N; i++ {
		imports, exportsNet := 0.0, 0.0
		for n := 0; n < N; n++ {
			imports += X[n*N+i]
			exportsNet += (1 - m.Nu[n]) * X[i*N+n] // ν of the destination
		}
		T := (1 - m.Nu[i]) * (imports - exportsNet)
		if x := gdp[i] + T - imports; x > 0 {
			X[i*N+i] = x
		}
	}
	m.Data = &data.Dataset{
		Name: "ignatenko2025", Year: 2023, Unit: "USD thousand",
		Description: "Ignatenko, Lashkaripour, Macedoni & Simonovska (2025) inputs: BACI 2023 goods trade, WDI GDP, domestic sales as their code builds them",
		Countries:   countries,
		Sectors:     []data.Sector{{Code: "ALL", Name: "All goods"}},
		Trade:       X,
		Tariffs:     make([]float64, N*N), // no tariffs in their baseline
	}
	m.USTR = make([]float64, N*N)
	for n := 0; n < N; n++ {
		if n != m.US {
			m.USTR[n*N+m.US] = math.Max(0.1, tariff[n])
		}
	}
	return m, nil
}

// solveNu is solve_nu of their code: in the two-region aggregate (rest of
// the world, USA) it finds ν = (ν_RoW, ν_US) such that the fixed-cost share
// of each region's firms, weighted by where they sell, is 0.12 (RoW) and
// 0.26 (US). Newton's method from their starting point (0.1, 0.24).
func solveNu(X, Y []float64, us int) (nuRoW, nuUS float64, err error) {
	N := len(Y)
	var xa [2][2]float64
	var ya [2]float64
	reg := func(i int) int {
		if i == us {
			return 1
		}
		return 0
	}
	for i := 0; i < N; i++ {
		ya[reg(i)] += Y[i]
		for j := 0; j < N; j++ {
			xa[reg(i)][reg(j)] += X[i*N+j]
		}
	}
	F := func(nu [2]float64) [2]float64 {
		var E [2]float64
		for r := 0; r < 2; r++ {
			row := xa[r][0] + xa[r][1]
			E[r] = ya[r] + (1-nu[r])*(row-(1-nu[r])*row)
		}
		r11 := (E[0] - xa[1][0]) / (E[0] - xa[1][0] + xa[0][1])
		r22 := (E[1] - xa[0][1]) / (E[1] - xa[0][1] + xa[1][0])
		return [2]float64{(1-r11)*nu[1] + r11*nu[0] - 0.12, r22*nu[1] + (1-r22)*nu[0] - 0.26}
	}
	nu := [2]float64{0.1, 0.24}
	for it := 0; it < 100; it++ {
		f := F(nu)
		if math.Abs(f[0])+math.Abs(f[1]) < 1e-15 {
			return math.Max(nu[0], 0), math.Max(nu[1], 0), nil
		}
		const h = 1e-7
		var J [2][2]float64
		for k := 0; k < 2; k++ {
			p := nu
			p[k] += h
			fp := F(p)
			J[0][k] = (fp[0] - f[0]) / h
			J[1][k] = (fp[1] - f[1]) / h
		}
		det := J[0][0]*J[1][1] - J[0][1]*J[1][0]
		nu[0] -= (J[1][1]*f[0] - J[0][1]*f[1]) / det
		nu[1] -= (J[0][0]*f[1] - J[1][0]*f[0]) / det
	}
	return 0, 0, fmt.Errorf("solve_nu: no convergence from (0.1, 0.24)")
}

func readCSV(file string) ([][]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return recs, nil
}

// ILMSIOBeta is β, the value-added share of gross output in their
// input–output model (main_io.m), the same for every country.
const ILMSIOBeta = 0.49

// IOData returns the dataset of their one-sector input–output model
// (main_io.m): the same flows with the domestic flow divided by beta —
// the data's domestic sales are value added, the model's are gross output —
// value-added share beta and input share 1 − beta everywhere. Solve it with
// model.Options.IOVariant = model.ILMS2025IO.
func (m *ILMS) IOData(beta float64) *data.Dataset {
	ds := m.Data.Clone()
	N := ds.N()
	ds.Name = "ignatenko2025-io"
	ds.VA = make([]float64, N)
	ds.IO = make([]float64, N)
	for i := 0; i < N; i++ {
		ds.Trade[i*N+i] /= beta
		ds.VA[i] = beta
		ds.IO[i] = 1 - beta
	}
	return ds
}
