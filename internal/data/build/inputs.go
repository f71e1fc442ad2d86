package build

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

type flow struct {
	exporter, importer string
	value              float64 // USD million
}

// readBACI reads the 194-economy BACI 2023 matrix; the economies are the
// codes that occur in it, sorted.
func readBACI(dir string) ([]string, []flow, error) {
	s, err := readSource(dir, baciFile, []string{"exporter_iso3", "importer_iso3", "value_usd_mn"})
	if err != nil {
		return nil, nil, err
	}
	set := map[string]bool{}
	seen := map[[2]string]int{}
	flows := make([]flow, 0, len(s.rows))
	for k, r := range s.rows {
		f := flow{exporter: s.get(r, "exporter_iso3"), importer: s.get(r, "importer_iso3")}
		for _, c := range []string{"exporter_iso3", "importer_iso3"} {
			if v := s.get(r, c); !data.ValidCode(v) {
				return nil, nil, s.errf(k, c, "bad economy code %s (want 2–8 letters, digits or underscores)", data.Quote(v))
			}
		}
		v, err := s.required(k, "value_usd_mn")
		if err != nil {
			return nil, nil, err
		}
		switch pair := [2]string{f.exporter, f.importer}; {
		case v < 0:
			return nil, nil, s.errf(k, "value_usd_mn", "negative flow %v", v)
		case f.exporter == f.importer:
			return nil, nil, s.errf(k, "importer_iso3", "exporter and importer are both %s: the table holds foreign trade only", f.exporter)
		case seen[pair] > 0:
			return nil, nil, s.errf(k, "importer_iso3", "repeated flow %s→%s (first on line %d)", f.exporter, f.importer, seen[pair])
		}
		seen[[2]string{f.exporter, f.importer}] = s.lines[k]
		f.value = v
		set[f.exporter], set[f.importer] = true, true
		flows = append(flows, f)
	}
	codes := make([]string, 0, len(set))
	for c := range set {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	return codes, flows, nil
}

// nameSources are the compiled tables that carry country names, in order of
// preference: the two WDI-style tables first, then the US Census partner
// names (193 of the 194; all but the USA, which the first table has), then
// the IMF names of the WEO and current-account series.
var nameSources = []struct{ file, code, name string }{
	{macroFile, "iso3", "country"},
	{top60File, "code", "name"},
	{censusFile, "iso3", "partner"},
	{weoFile, "iso3", "country"},
	{caFile, "iso3", "country"},
}

// readNames takes each economy's name from the first compiled table that has
// one (aggregate rows such as the Census "European Union" are skipped).
func readNames(dir string, codes []string) (map[string]string, error) {
	names := map[string]string{}
	for _, ns := range nameSources {
		s, err := readSource(dir, ns.file, []string{ns.code, ns.name}, "is_aggregate")
		if err != nil {
			return nil, err
		}
		hasAgg := s.has("is_aggregate")
		for _, r := range s.rows {
			c, n := s.get(r, ns.code), s.get(r, ns.name)
			if c == "" || n == "" || names[c] != "" || (hasAgg && s.get(r, "is_aggregate") == "True") {
				continue
			}
			names[c] = n
		}
	}
	for _, c := range codes {
		if names[c] == "" {
			return nil, unnamedError(dir, c)
		}
	}
	return names, nil
}

// The GDP sources, in order of preference; Report.GDPSources counts them
// and Report.GDPSource gives each economy's.
const (
	GDPWDI     = "WDI"      // World Bank WDI 2023 (update of 25 Mar 2025)
	GDPWEO2023 = "WEO-2023" // IMF WEO April 2026, NGDPD 2023
	GDPWEOYear = "WEO-"     // prefix: IMF WEO April 2026, NGDPD of the nearest other year, e.g. "WEO-2019"
	GDPImputed = "imputed"  // from goods imports, see imputeGDP
)

// ImputeClasses is the number of size classes (by goods imports) used to
// impute GDP for economies that have none in the compiled tables.
const ImputeClasses = 5

// staleWDI are economies whose value in the compiled "WDI 2023" GDP column
// is not a 2023 figure, with the reason; readGDP skips that column for them
// and takes IMF WEO April 2026 NGDPD 2023, as for the economies the column
// lacks (AFG, ERI, LBN, SSD, YEM). The column comes from the gdp.csv of the
// Ignatenko et al. (2025) replication, which keeps each country's latest
// WDI year.
var staleWDI = map[string]string{
	"VEN": "the replication's gdp.csv holds Venezuela's 2014 WDI value, USD 482.4 bn (the World Bank published none after 2014); " +
		"WB Sep 2026 and IMF WEO give about 102 bn for 2023",
}

// readGDP assembles GDP 2023 in USD million from the compiled tables only:
// World Bank WDI 2023 wherever available (country_macro_2023_2024.csv, then
// trade_matrix_top60_row_2023_countries.csv) and not stale (staleWDI), else IMF WEO April 2026 for
// 2023, else the WEO value of the nearest year (the earlier one on a tie),
// else an imputation from goods imports (imputeGDP).
func readGDP(dir string, codes []string, flows []flow, rep *Report) (map[string]float64, error) {
	m, err := column(dir, macroFile, "iso3", "gdp_usd_mn_2023_wdi_mar2025")
	if err != nil {
		return nil, err
	}
	t60, err := column(dir, top60File, "code", "gdp_usd_mn_2023_wdi")
	if err != nil {
		return nil, err
	}
	weo, err := weoSeries(dir)
	if err != nil {
		return nil, err
	}
	gdp := map[string]float64{}
	var missing []string
	for _, c := range codes {
		src := ""
		_, stale := staleWDI[c]
		if stale {
			rep.StaleWDI = append(rep.StaleWDI, c)
		}
		if x := m[c]; x > 0 && !stale {
			gdp[c], src = x, GDPWDI
		} else if x := t60[c]; x > 0 && !stale {
			gdp[c], src = x, GDPWDI
		} else if y, x, ok := nearestYear(weo[c], 2023); ok {
			gdp[c], src = x, GDPWEOYear+strconv.Itoa(y)
		} else {
			missing = append(missing, c)
			continue
		}
		rep.GDPSource[c] = src
		rep.GDPSources[src]++
	}
	if len(missing) > 0 {
		imputed, ratios := imputeGDP(gdp, missing, flows)
		for _, c := range missing {
			gdp[c] = imputed[c]
			rep.GDPSource[c] = GDPImputed
			rep.GDPSources[GDPImputed]++
		}
		rep.ImputeRatios = ratios
	}
	return gdp, nil
}

// weoSeries reads IMF WEO April 2026 GDP, code → year → USD million
// (the file is in USD billion).
func weoSeries(dir string) (map[string]map[int]float64, error) {
	s, err := readSource(dir, weoFile, []string{"iso3", "year", "gdp_usd_bn"})
	if err != nil {
		return nil, err
	}
	out := map[string]map[int]float64{}
	for k, r := range s.rows {
		x, ok, err := s.num(k, "gdp_usd_bn")
		if err != nil {
			return nil, err
		}
		if !ok || !(x > 0) {
			continue
		}
		y, err := s.year(k, "year")
		if err != nil {
			return nil, err
		}
		c := s.get(r, "iso3")
		if out[c] == nil {
			out[c] = map[int]float64{}
		}
		out[c][y] = x * 1000
	}
	return out, nil
}

// nearestYear returns the value of series for the year closest to want
// (the earlier year on a tie).
func nearestYear(series map[int]float64, want int) (int, float64, bool) {
	best, found := 0, false
	for y := range series {
		d, bd := abs(y-want), abs(best-want)
		if !found || d < bd || (d == bd && y < best) {
			best, found = y, true
		}
	}
	return best, series[best], found
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// imputeGDP estimates GDP for the economies in missing, which have no GDP in
// any compiled table (small territories and Syria), from their BACI goods
// imports: GDP_i = imports_i ÷ r, where r is the median imports/GDP ratio of
// the economies with a known GDP in the same size class. The classes are
// ImputeClasses groups of equal size of the known economies ranked by goods
// imports; an economy joins the class its imports rank falls in. Imports,
// not exports, because these economies live on services, tourism, finance
// or transfers and export few goods (Sint Maarten USD 11 mn, Turks and
// Caicos 21 mn), so an export ratio would make their GDP absurdly small;
// goods imports track their spending. The result is rounded to USD
// thousand. It returns the GDPs and, per class used, the ratio r.
func imputeGDP(gdp map[string]float64, missing []string, flows []flow) (map[string]float64, map[string]float64) {
	imports := map[string]float64{}
	for _, f := range flows {
		imports[f.importer] += f.value
	}
	known := make([]string, 0, len(gdp))
	for c := range gdp {
		known = append(known, c)
	}
	slices.SortFunc(known, func(a, b string) int {
		if d := cmp.Compare(imports[a], imports[b]); d != 0 {
			return d
		}
		return cmp.Compare(a, b)
	})
	n := len(known)
	ratio := make([]float64, ImputeClasses)
	for q := range ImputeClasses {
		class := known[q*n/ImputeClasses : (q+1)*n/ImputeClasses]
		rs := make([]float64, len(class))
		for k, c := range class {
			rs[k] = imports[c] / gdp[c]
		}
		ratio[q] = median(rs)
	}
	out, used := map[string]float64{}, map[string]float64{}
	for _, c := range missing {
		below := 0
		for _, k := range known {
			if imports[k] < imports[c] {
				below++
			}
		}
		q := min(below*ImputeClasses/n, ImputeClasses-1)
		out[c] = math.Round(imports[c]/ratio[q]*1000) / 1000
		used[fmt.Sprintf("class %d of %d", q+1, ImputeClasses)] = ratio[q]
	}
	return out, used
}

// column reads code → value from one file, skipping empty cells.
func column(dir, file, codeCol, valCol string) (map[string]float64, error) {
	s, err := readSource(dir, file, []string{codeCol, valCol})
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for k, r := range s.rows {
		x, ok, err := s.num(k, valCol)
		if err != nil {
			return nil, err
		}
		if ok {
			out[s.get(r, codeCol)] = x
		}
	}
	return out, nil
}

// unnamedError is the error for a BACI economy that no compiled table
// names: most likely a mistyped code, reported at its first line in the
// BACI table.
func unnamedError(dir, code string) error {
	var files []string
	for _, ns := range nameSources {
		files = append(files, ns.file)
	}
	s, err := readSource(dir, baciFile, []string{"exporter_iso3", "importer_iso3"})
	if err == nil {
		for k, r := range s.rows {
			for _, c := range []string{"exporter_iso3", "importer_iso3"} {
				if s.get(r, c) == code {
					return s.errf(k, c, "unknown economy %s: no compiled table names it (%s)", data.Quote(code), strings.Join(files, ", "))
				}
			}
		}
	}
	return &errs.Error{Op: "build", Kind: errs.Invalid, Err: fmt.Errorf("unknown economy %s: no compiled table names it (%s)", data.Quote(code), strings.Join(files, ", "))}
}
