package testutil

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// Ossa2014 is the world of Ossa (2014), "Trade Wars and Trade Talks with
// Data", AER 104(12), from the inputs in
// ../shared/data/external/ossa2014 (see SOURCES.md there): 7 regions × 33
// GTAP industries, trade and tariffs of 2007.
type Ossa2014 struct {
	// Raw is trade_ijs.csv with the factual tariffs tariff_ijs.csv: the data
	// before Ossa's purge of trade imbalances.
	Raw *data.Dataset
	// Balanced is balanced_trade_ijs.csv (Ossa's DATA.mat TRADE, the data
	// after his purge, the baseline of his Tables 3–4) with the factual
	// tariffs.
	Balanced *data.Dataset
	// Sigma is σ_s, the first column of sigma_s.csv (Ossa's main
	// estimates); each dataset's sector carries θ_s = σ_s − 1.
	Sigma []float64
	// Nash are the Nash tariffs without political-economy weights
	// (nash_tariff_bas_ijs.csv) and Optimal each region's unilateral
	// optimal tariffs (optimal_tariff_bas_ijs.csv: importer j's column holds
	// j's tariffs, to be set with everyone else's factual), both in the
	// dataset layout (i*N+j)*S+s as decimals.
	Nash, Optimal []float64
}

// Ossa2014Regions are the region codes in Ossa's order (regions.csv).
var Ossa2014Regions = []string{"BRA", "CHN", "EU", "IND", "JPN", "ROW", "USA"}

// ossa2014Names are the names regions.csv gives them, checked on load.
var ossa2014Names = []string{"Brazil", "China", "EU", "India", "Japan", "ROW", "US"}

// LoadOssa2014 converts Ossa's files. The (33·7)×7 matrices have one row per
// (industry s, exporter i) with the exporter fastest and one column per
// importer j, as his mycalculations.m reads them. It fails the test (never
// skips) when the files are missing or malformed; errors name the file,
// line and field.
func LoadOssa2014(t testing.TB) *Ossa2014 {
	t.Helper()
	o, err := loadOssa2014(filepath.Join(SharedDir(t), "data", "external", "ossa2014"))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func loadOssa2014(dir string) (*Ossa2014, error) {
	N := len(Ossa2014Regions)
	regions, err := readOssaCSV(filepath.Join(dir, "regions.csv"), true)
	if err != nil {
		return nil, err
	}
	if len(regions) != N {
		return nil, fmt.Errorf("%s: %d regions, want %d", filepath.Join(dir, "regions.csv"), len(regions), N)
	}
	for i, r := range regions {
		if len(r) < 2 || strings.Trim(r[1], `"`) != ossa2014Names[i] {
			return nil, fmt.Errorf("%s:%d: field String: want region %q", filepath.Join(dir, "regions.csv"), i+2, ossa2014Names[i])
		}
	}
	labels, err := readOssaCSV(filepath.Join(dir, "labels.csv"), false)
	if err != nil {
		return nil, err
	}
	S := len(labels)
	sigma, err := readOssaMatrix(filepath.Join(dir, "sigma_s.csv"), S, -1)
	if err != nil {
		return nil, err
	}
	o := &Ossa2014{Sigma: make([]float64, S)}
	sectors := make([]data.Sector, S)
	for s := range sectors {
		o.Sigma[s] = sigma[s][0]
		if !(o.Sigma[s] > 1) {
			return nil, fmt.Errorf("%s:%d: field 1: σ = %g, want > 1", filepath.Join(dir, "sigma_s.csv"), s+1, o.Sigma[s])
		}
		code := strings.Trim(labels[s][0], `" `)
		sectors[s] = data.Sector{Code: code, Name: code, Theta: o.Sigma[s] - 1}
	}
	cube := func(name string) ([]float64, error) {
		m, err := readOssaMatrix(filepath.Join(dir, name), S*N, N)
		if err != nil {
			return nil, err
		}
		out := make([]float64, N*N*S)
		for s := 0; s < S; s++ {
			for i := 0; i < N; i++ {
				for j := 0; j < N; j++ {
					out[(i*N+j)*S+s] = m[s*N+i][j]
				}
			}
		}
		return out, nil
	}
	var raw, balanced, tariffs []float64
	for _, f := range []struct {
		name string
		dst  *[]float64
	}{{"trade_ijs.csv", &raw}, {"balanced_trade_ijs.csv", &balanced}, {"tariff_ijs.csv", &tariffs},
		{"nash_tariff_bas_ijs.csv", &o.Nash}, {"optimal_tariff_bas_ijs.csv", &o.Optimal}} {
		if *f.dst, err = cube(f.name); err != nil {
			return nil, err
		}
	}
	countries := make([]data.Country, N)
	for i, c := range Ossa2014Regions {
		countries[i] = data.Country{Code: c, Name: ossa2014Names[i]}
	}
	mk := func(name string, trade []float64) *data.Dataset {
		return &data.Dataset{
			Name: name, Year: 2007, Unit: "USD million",
			Description: "Ossa (2014), 7 regions × 33 GTAP industries",
			Countries:   append([]data.Country(nil), countries...),
			Sectors:     append([]data.Sector(nil), sectors...),
			Trade:       trade, Tariffs: append([]float64(nil), tariffs...),
		}
	}
	o.Raw = mk("ossa2014", raw)
	o.Balanced = mk("ossa2014-balanced", balanced)
	return o, nil
}

// readOssaCSV reads a small comma-separated file into fields, skipping the
// header row when header is set.
func readOssaCSV(path string, header bool) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if header && line == 1 {
			continue
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		out = append(out, strings.Split(strings.TrimSpace(sc.Text()), ","))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// readOssaMatrix reads a headerless numeric CSV with the given rows and,
// unless cols < 0, columns. Values must be finite and ≥ 0.
func readOssaMatrix(path string, rows, cols int) ([][]float64, error) {
	rec, err := readOssaCSV(path, false)
	if err != nil {
		return nil, err
	}
	if len(rec) != rows {
		return nil, fmt.Errorf("%s: %d rows, want %d", path, len(rec), rows)
	}
	out := make([][]float64, rows)
	for r, fields := range rec {
		if cols >= 0 && len(fields) != cols {
			return nil, fmt.Errorf("%s:%d: %d fields, want %d", path, r+1, len(fields), cols)
		}
		out[r] = make([]float64, len(fields))
		for k, s := range fields {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil || !(v >= 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%s:%d: field %d: %q is not a finite number ≥ 0", path, r+1, k+1, s)
			}
			out[r][k] = v
		}
	}
	return out, nil
}
