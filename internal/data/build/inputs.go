package build

import (
	"fmt"
	"math"
	"slices"
)

type flow struct {
	exporter, importer string
	value              float64 // USD million
}

// readBACI reads the 194-economy BACI 2023 matrix; the economies are the
// codes that occur in it, sorted.
func readBACI(dir string) ([]string, []flow, error) {
	s, err := readSource(dir, baciFile)
	if err != nil {
		return nil, nil, err
	}
	set := map[string]bool{}
	seen := map[[2]string]bool{}
	flows := make([]flow, 0, len(s.rows))
	for k, r := range s.rows {
		f := flow{exporter: s.get(r, "exporter_iso3"), importer: s.get(r, "importer_iso3")}
		v, ok, err := s.num(k, "value_usd_mn")
		if err != nil {
			return nil, nil, err
		}
		if !ok || v < 0 || f.exporter == f.importer || seen[[2]string{f.exporter, f.importer}] {
			return nil, nil, fmt.Errorf("build: %s:%d: bad or repeated flow", s.path, k+2)
		}
		seen[[2]string{f.exporter, f.importer}] = true
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

// readNames takes names from the replication's country labels (they cover
// all 194 economies in one consistent style).
func readNames(dir string, codes []string) (map[string]string, error) {
	s, err := readSource(wdiDir(dir), labelsFile)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, r := range s.rows {
		names[s.get(r, "iso3")] = s.get(r, "CountryName")
	}
	for _, c := range codes {
		if names[c] == "" {
			return nil, fmt.Errorf("build: no name for %s in %s", c, s.path)
		}
	}
	return names, nil
}

// The GDP sources, in order of preference.
const (
	gdpCompiled = "World Bank WDI 2023 (compiled country_macro_2023_2024.csv)"
	gdpTop60    = "World Bank WDI 2023 (compiled trade_matrix_top60_row_2023_countries.csv)"
	gdpExternal = "World Bank WDI 2023 (replication gdp.csv)"
	gdpWEO      = "IMF WEO April 2026, 2023"
)

// readGDP assembles GDP 2023 in USD million: World Bank WDI (update of 25 Mar
// 2025) wherever available, in any of its three copies, and IMF WEO only for
// economies WDI lacks, so that all 194 come from one source where possible.
func readGDP(dir string, codes []string, rep *Report) (map[string]float64, error) {
	var layers []map[string]float64
	m, err := column(dir, macroFile, "iso3", "gdp_usd_mn_2023_wdi_mar2025", 1, nil)
	if err != nil {
		return nil, err
	}
	t60, err := column(dir, top60File, "code", "gdp_usd_mn_2023_wdi", 1, nil)
	if err != nil {
		return nil, err
	}
	ext, err := externalGDP(dir)
	if err != nil {
		return nil, err
	}
	weo, err := column(dir, weoFile, "iso3", "gdp_usd_bn", 1000, func(s *source, r []string) bool { return s.get(r, "year") == "2023" })
	if err != nil {
		return nil, err
	}
	layers = append(layers, m, t60, ext, weo)
	labels := []string{gdpCompiled, gdpTop60, gdpExternal, gdpWEO}
	gdp := map[string]float64{}
	for _, c := range codes {
		for k, l := range layers {
			if x, ok := l[c]; ok && x > 0 {
				gdp[c] = x
				rep.GDPSources[labels[k]]++
				break
			}
		}
		if gdp[c] == 0 {
			return nil, fmt.Errorf("build: no GDP 2023 for %s in any source", c)
		}
	}
	return gdp, nil
}

// column reads code → value·scale from one file, skipping empty cells and
// rows that keep rejects.
func column(dir, file, codeCol, valCol string, scale float64, keep func(*source, []string) bool) (map[string]float64, error) {
	s, err := readSource(dir, file)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for k, r := range s.rows {
		if keep != nil && !keep(s, r) {
			continue
		}
		x, ok, err := s.num(k, valCol)
		if err != nil {
			return nil, err
		}
		if ok {
			out[s.get(r, codeCol)] = x * scale
		}
	}
	return out, nil
}

// externalGDP reads the replication's gdp.csv (current USD, one value a
// line, in the row order of country_labels.csv).
func externalGDP(dir string) (map[string]float64, error) {
	labels, err := readSource(wdiDir(dir), labelsFile)
	if err != nil {
		return nil, err
	}
	g, err := readSource(wdiDir(dir), wdiGDPFile)
	if err != nil {
		return nil, err
	}
	if len(g.rows) != len(labels.rows) {
		return nil, fmt.Errorf("build: %s has %d rows, %s %d", g.path, len(g.rows), labels.path, len(labels.rows))
	}
	out := map[string]float64{}
	for k, r := range labels.rows {
		x, ok, err := g.num(k, "gdp")
		if err != nil {
			return nil, err
		}
		if ok {
			// USD → USD million, rounded to USD thousand like the other flows.
			out[labels.get(r, "iso3")] = math.Round(x/1e3) / 1e3
		}
	}
	return out, nil
}
