// Package build generates the embedded world-2023 dataset from the compiled
// public tables in ../shared/data/compiled (see that directory's README for
// sources). It reads nothing else: in particular not ../shared/data/external,
// whose files are for tests only. It is the only code that knows those tables' layout; the rest of
// tradebloc reads the result through package data. Run it with
// `go generate ./internal/data` or `tradebloc data build`.
package build

import (
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
)

// The input files, relative to the compiled directory.
const (
	baciFile   = "baci2023_bilateral_194.csv"
	macroFile  = "country_macro_2023_2024.csv"
	top60File  = "trade_matrix_top60_row_2023_countries.csv"
	weoFile    = "gdp_usd_series_weo_apr2026.csv"
	caFile     = "current_account_series.csv"
	censusFile = "us_goods_trade_by_partner_2024.csv" // country names only
)

// MinDomesticShare is the floor on domestic sales as a share of GDP. The
// proxy GDP − goods exports treats GDP as gross goods output; for entrepôts
// and assembly hubs, whose gross exports (with imported content and
// re-exports) approach or exceed GDP, it gives near-zero or negative
// domestic sales and thus absurd domestic expenditure shares. A quarter of
// GDP keeps such economies open but not degenerate.
const MinDomesticShare = 0.25

// Report says how the dataset was assembled, for the build command's output
// and the dataset README.
type Report struct {
	GDPSources      map[string]int     // GDP source (GDPWDI, GDPWEO2023, "WEO-<year>", GDPImputed) → number of economies
	GDPSource       map[string]string  // code → its GDP source
	ImputeRatios    map[string]float64 // size class used for imputation → median imports/GDP ratio
	Floored         []string           // codes whose domestic sales were raised to the floor
	TariffFallback  []string           // importers without a tariff average, given the median
	TariffMedianPct float64            // that median, percent
}

// Build reads the compiled tables in compiledDir and returns world-2023.
func Build(compiledDir string) (*data.Dataset, error) {
	d, _, err := BuildReport(compiledDir)
	return d, err
}

// BuildReport is Build that also says which sources and fallbacks it used.
func BuildReport(compiledDir string) (*data.Dataset, *Report, error) {
	rep := &Report{GDPSources: map[string]int{}, GDPSource: map[string]string{}}
	codes, flows, err := readBACI(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	names, err := readNames(compiledDir, codes)
	if err != nil {
		return nil, nil, err
	}
	gdp, err := readGDP(compiledDir, codes, flows, rep)
	if err != nil {
		return nil, nil, err
	}
	d := &data.Dataset{
		Name:        data.DefaultName,
		Year:        2023,
		Unit:        "USD million",
		Description: description,
		Sources:     sources,
		Licence:     licence,
		Sectors:     []data.Sector{data.DefaultSector},
	}
	index := map[string]int{}
	for i, c := range codes {
		index[c] = i
		d.Countries = append(d.Countries, data.Country{Code: c, Name: names[c], GDP: gdp[c], Groups: groupsOf(c)})
	}
	n := len(codes)
	d.Trade = make([]float64, n*n)
	for _, f := range flows {
		d.Trade[d.At(index[f.exporter], index[f.importer], 0)] = f.value
	}
	rep.Floored = fillDomestic(d)
	d.Groups = groupMap(d)
	macro, err := readMacro(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	d.Macro = macro
	if err := setTariffs(d, rep); err != nil {
		return nil, nil, err
	}
	if d.CurrentAccount, err = readCurrentAccount(compiledDir); err != nil {
		return nil, nil, err
	}
	return d, rep, nil
}

// fillDomestic sets X_ii = max(GDP_i − exports_i, MinDomesticShare·GDP_i),
// rounded to USD thousand (BACI's precision), and returns the floored codes.
func fillDomestic(d *data.Dataset) []string {
	var floored []string
	for i, c := range d.Countries {
		dom := c.GDP - d.Exports(i)
		if floor := MinDomesticShare * c.GDP; dom < floor {
			dom = floor
			floored = append(floored, c.Code)
		}
		d.Trade[d.At(i, i, 0)] = math.Round(dom*1000) / 1000
	}
	return floored
}

// groupsOf lists the groups of a code, in the order of groups.
func groupsOf(code string) []string {
	var out []string
	for _, g := range groups {
		if slices.Contains(g.members, code) {
			out = append(out, g.name)
		}
	}
	return out
}

func groupMap(d *data.Dataset) map[string][]string {
	m := map[string][]string{}
	for _, c := range d.Countries {
		for _, g := range c.Groups {
			m[g] = append(m[g], c.Code)
		}
	}
	return m
}
