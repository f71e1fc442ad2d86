package recordgen

import (
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// The compiled sectoral inputs, relative to the compiled directory.
const (
	effectiveFile = "us_effective_sectoral_rates.csv"
	measuresFile  = "us_sectoral_measures_2025_2026.csv"
	hs2File       = "hs2_to_icio.csv"
)

// TableDates are the five dates of the compiled effective-rate table.
var TableDates = []string{"2025-01-01", "2025-04-10", "2025-08-07", "2025-11-15", "2026-02-24"}

// Authorities are the legal authorities the effective-rate table splits the
// additional duty by, in its column order.
var Authorities = []string{"s232", "ieepa_reciprocal", "ieepa_other", "s122", "s301"}

// The table's aggregate rows, recomputed at run time rather than embedded.
const (
	allPartners = "ALL_51"
	totalSector = "TOTAL_GOODS"
	// naSector is HS chapters 98-99 (special classification provisions):
	// the table keeps it out of TOTAL_GOODS, and so do we.
	naSector = "NA_ch98_99"
)

// effRow is one partner × sector × date cell of the effective-rate table.
type effRow struct {
	partner, sector, date string
	imports, mfn, cov     float64
	x                     [5]float64 // by Authorities
	total                 float64
}

// loadEffective reads the effective-rate table, checks it (five dates per
// cell, authorities summing to the total, the aggregate rows equal to the
// import-weighted means of the cells) and returns the cells without the
// aggregate rows, sorted by partner, sector and date.
func loadEffective(dir string) ([]effRow, error) {
	cols := []string{"partner_iso3", "icio_sector", "date", "us_imports_2024_usd_mn", "mfn_statutory_avg_pct",
		"s232_pct", "ieepa_reciprocal_pct", "ieepa_other_pct", "s122_pct", "s301_pct", "total_additional_pct", "s232_coverage_share"}
	t, err := readTable(filepath.Join(dir, effectiveFile), cols...)
	if err != nil {
		return nil, err
	}
	isDate := map[string]bool{}
	for _, d := range TableDates {
		isDate[d] = true
	}
	var cells, aggs []effRow
	seen := map[[3]string]bool{}
	for i, r := range t.rows {
		line := i + 2
		e := effRow{partner: t.get(r, "partner_iso3"), sector: t.get(r, "icio_sector"), date: t.get(r, "date")}
		if e.partner == "" || e.sector == "" {
			return nil, fmt.Errorf("%s:%d: empty partner or sector", t.file, line)
		}
		if !isDate[e.date] {
			return nil, fmt.Errorf("%s:%d: field \"date\": %q is not one of the table dates %v", t.file, line, e.date, TableDates)
		}
		k := [3]string{e.partner, e.sector, e.date}
		if seen[k] {
			return nil, fmt.Errorf("%s:%d: duplicate %s %s %s", t.file, line, e.partner, e.sector, e.date)
		}
		seen[k] = true
		for _, f := range []struct {
			col string
			dst *float64
		}{{"us_imports_2024_usd_mn", &e.imports}, {"mfn_statutory_avg_pct", &e.mfn}, {"s232_coverage_share", &e.cov},
			{"total_additional_pct", &e.total}} {
			if *f.dst, err = t.num(r, line, f.col); err != nil {
				return nil, err
			}
			if math.IsNaN(*f.dst) || *f.dst < 0 {
				return nil, fmt.Errorf("%s:%d: field %q: want a number >= 0", t.file, line, f.col)
			}
		}
		sum := 0.0
		for a, name := range Authorities {
			if e.x[a], err = t.num(r, line, name+"_pct"); err != nil {
				return nil, err
			}
			if math.IsNaN(e.x[a]) || e.x[a] < 0 {
				return nil, fmt.Errorf("%s:%d: field %q: want a number >= 0", t.file, line, name+"_pct")
			}
			sum += e.x[a]
		}
		// The table rounds each column to 3 decimals.
		if math.Abs(sum-e.total) > 0.0025 {
			return nil, fmt.Errorf("%s:%d: the authorities sum to %.4f, total_additional_pct is %g", t.file, line, sum, e.total)
		}
		if e.partner == allPartners || e.sector == totalSector {
			aggs = append(aggs, e)
			continue
		}
		cells = append(cells, e)
	}
	// Every cell has all five dates, with the same 2024 import weight.
	byCell := map[[2]string][]effRow{}
	for _, e := range cells {
		k := [2]string{e.partner, e.sector}
		byCell[k] = append(byCell[k], e)
	}
	for k, rs := range byCell {
		if len(rs) != len(TableDates) {
			return nil, fmt.Errorf("%s: %s %s has %d dates, want %d", t.file, k[0], k[1], len(rs), len(TableDates))
		}
		for _, e := range rs[1:] {
			if e.imports != rs[0].imports || e.mfn != rs[0].mfn {
				return nil, fmt.Errorf("%s: %s %s: imports or MFN differ between dates", t.file, k[0], k[1])
			}
		}
	}
	if err := checkAggregates(t.file, cells, aggs); err != nil {
		return nil, err
	}
	sort.Slice(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if a.partner != b.partner {
			return a.partner < b.partner
		}
		if a.sector != b.sector {
			return a.sector < b.sector
		}
		return a.date < b.date
	})
	return cells, nil
}

// checkAggregates verifies that the table's ALL_51 and TOTAL_GOODS rows are
// the import-weighted means of its cells (TOTAL_GOODS without chapters
// 98-99; ALL_51 without Slovakia, which is inside EU27), so that the record
// can drop them and recompute them.
func checkAggregates(file string, cells, aggs []effRow) error {
	type acc struct{ w, x float64 }
	sums := map[[3]string]*acc{}
	add := func(p, s, d string, w, x float64) {
		k := [3]string{p, s, d}
		if sums[k] == nil {
			sums[k] = &acc{}
		}
		sums[k].w += w
		sums[k].x += w * x
	}
	for _, e := range cells {
		if e.sector != naSector {
			add(e.partner, totalSector, e.date, e.imports, e.total)
		}
		if e.partner != euMemberRow {
			add(allPartners, e.sector, e.date, e.imports, e.total)
			if e.sector != naSector {
				add(allPartners, totalSector, e.date, e.imports, e.total)
			}
		}
	}
	for _, g := range aggs {
		s := sums[[3]string{g.partner, g.sector, g.date}]
		if s == nil || s.w == 0 {
			return fmt.Errorf("%s: aggregate row %s %s %s has no cells", file, g.partner, g.sector, g.date)
		}
		// Cell imports are rounded to 0.1, so their sum may differ by a few tenths.
		if math.Abs(s.w-g.imports) > max(1, 1e-5*g.imports) || math.Abs(s.x/s.w-g.total) > 0.01 {
			return fmt.Errorf("%s: aggregate row %s %s %s (imports %g, total %g) is not the import-weighted mean of its cells (%.1f, %.3f)",
				file, g.partner, g.sector, g.date, g.imports, g.total, s.w, s.x/s.w)
		}
	}
	return nil
}

// euMemberRow is the one EU member the table also lists on its own (it is
// included in EU27 as well).
const euMemberRow = "SVK"

// loadSectors returns the ICIO sectors with their names, from the HS
// concordance, plus the chapters 98-99 pseudo-sector of the effective table.
func loadSectors(dir string, cells []effRow) ([][]string, error) {
	t, err := readTable(filepath.Join(dir, hs2File), "icio_sector", "icio_sector_description")
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, r := range t.rows {
		if c := t.get(r, "icio_sector"); c != "" {
			names[c] = t.get(r, "icio_sector_description")
		}
	}
	names[naSector] = "HS chapters 98-99: special classification provisions (US goods returned, temporary entries); outside TOTAL"
	used := map[string]bool{}
	for _, e := range cells {
		used[e.sector] = true
	}
	var codes []string
	for c := range used {
		if _, ok := names[c]; !ok {
			return nil, fmt.Errorf("%s: sector %s is not in %s", effectiveFile, c, hs2File)
		}
		codes = append(codes, c)
	}
	sort.Strings(codes)
	out := [][]string{{"code", "name"}}
	for _, c := range codes {
		out = append(out, []string{c, names[c]})
	}
	return out, nil
}

// effectiveCSV writes the cells as record/effective.csv.
func effectiveCSV(cells []effRow) [][]string {
	head := []string{"partner", "sector", "date", "imports_usd_mn", "mfn_pct"}
	for _, a := range Authorities {
		head = append(head, a+"_pct")
	}
	head = append(head, "s232_coverage_share")
	out := [][]string{head}
	for _, e := range cells {
		row := []string{e.partner, e.sector, e.date, fmtNum(e.imports), fmtNum(e.mfn)}
		for _, v := range e.x {
			row = append(row, fmtNum(v))
		}
		out = append(out, append(row, fmtNum(e.cov)))
	}
	return out
}

// measure is one row of the compiled sectoral measures table.
type measure struct {
	line int
	col  map[string]string
}

var measureCols = []string{"measure_id", "authority", "instrument", "action", "product_scope", "icio_sectors_main", "rate_pct",
	"rate_basis", "start_date", "end_date", "partners_affected", "partner_exceptions_and_deal_rates", "usmca_treatment",
	"stacking_with_ieepa_reciprocal", "stacking_other", "notes", "source"}

func loadMeasures(dir string) ([]measure, error) {
	t, err := readTable(filepath.Join(dir, measuresFile), measureCols...)
	if err != nil {
		return nil, err
	}
	var out []measure
	seen := map[string]bool{}
	for i, r := range t.rows {
		m := measure{line: i + 2, col: map[string]string{}}
		for _, c := range measureCols {
			m.col[c] = t.get(r, c)
		}
		id := m.col["measure_id"]
		if id == "" || seen[id] {
			return nil, fmt.Errorf("%s:%d: field \"measure_id\": empty or duplicate %q", t.file, m.line, id)
		}
		seen[id] = true
		for _, c := range []string{"start_date", "end_date"} {
			if v := m.col[c]; v != "" {
				if _, err := time.Parse(time.DateOnly, v); err != nil {
					return nil, fmt.Errorf("%s:%d: field %q: want YYYY-MM-DD, got %q", t.file, m.line, c, v)
				}
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// sectorToken matches the ICIO sector codes written in a measure's
// icio_sectors_main text.
var sectorToken = regexp.MustCompile(`\b(A0[1-3]|B0[5-8]|C10T12|C13T15|C16|C17_18|C19|C2[0-9][AB]?|C301|C302T309|C31T33|SERV)\b`)

// parseSectors lists the sector codes a measure names, in order of first
// mention; "*" when its text says it covers all goods.
func parseSectors(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "all goods") {
		return "*"
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range sectorToken.FindAllString(s, -1) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return strings.Join(out, " ")
}

// How the effective-rate computation uses a measure (measures.csv column
// "figures").
const (
	figRate    = "rate"    // sized by its rate (a rate path in paths.csv)
	figScope   = "scope"   // changes product coverage: its step is sized by the table's change in coverage
	figNone    = "none"    // sets no duty the figures can show
	figUnsized = "unsized" // a duty after the last table date that the table cannot size: not in the figures
)

// affect is a coverage change of a measure: the authority whose covered
// share it moves, for which partners and sectors, from when.
type affect struct {
	authority string
	partners  string // "*" or codes; EUU = the EU members
	sectors   string // "" = the measure's sectors; "*" = all
	start     string // "" = the measure's start_date
}

// rule says how the computation uses one measure of the compiled table.
type rule struct {
	figures string
	affects []affect
	note    string
}

// all232 are the authorities a Section 232 product action moves: its own
// coverage, and that of the duties it takes precedence over (the
// reciprocal tariff, and the Canada/Mexico IEEPA duties, per EO 14257
// s.3(b) and EO 14289).
func all232(partners string) []affect {
	return []affect{{"s232", partners, "", ""}, {"ieepa_reciprocal", partners, "", ""}, {"ieepa_other", "CAN MEX", "", ""}}
}

// rules is the machine reading of the 45 compiled measures (their free-text
// rates, scopes and stacking rules). Every measure needs one; the generator
// fails when the compiled table gains a measure without a rule.
var rules = map[string]rule{
	"S232-STEEL-2018":    {figScope, []affect{{"s232", "*", "", ""}}, "in force before the record (in the 2025-01-01 figures); its end on 2025-03-11 is a coverage step"},
	"S232-ALU-2018":      {figScope, []affect{{"s232", "*", "", ""}}, "in force before the record (in the 2025-01-01 figures); its end on 2025-03-11 is a coverage step"},
	"S232-STEEL-2025-03": {figRate, []affect{{"s232", "*", "", ""}, {"ieepa_other", "CAN MEX", "", ""}}, "metals path 25% in C24A, C25 from 2025-03-12; the derivative list moves 232 coverage"},
	"S232-ALU-2025-03":   {figRate, []affect{{"s232", "*", "", ""}, {"ieepa_other", "CAN MEX", "", ""}}, "metals path 25% in C24B, C25 from 2025-03-12; the derivative list moves 232 coverage"},
	"S232-STACK-EO14289": {figScope, []affect{{"s232", "*", "", ""}, {"ieepa_other", "CAN MEX", "", ""}}, "stacking rule: moves value between 232 and the CAN/MEX IEEPA duty"},
	"S232-METALS-2025-06": {figRate, all232("*"),
		"metals path 25% -> 50% (GBR 25%) in C24A, C24B, C25 on the table's covered share; in other sectors and for the reciprocal/CAN-MEX duties a coverage step"},
	"S232-DERIV-2025-06-23": {figScope, all232("*"), ""},
	"S232-DERIV-2025-08-18": {figScope, all232("*"), ""},
	"S232-METALS-2026-04": {figUnsized, nil,
		"not in the figures: the table does not split metal goods by annex (I-A 50, I-B 25, II 0, III 15 all-in) nor give their full value; after 2026-04-05 the figures keep the content-basis metal duties of 2026-02-24"},
	"S232-METALS-2026-06":    {figUnsized, nil, "not in the figures: the table has no Annex I-C (agricultural and capital equipment) share"},
	"S232-ALU-2026-07":       {figNone, nil, "company-specific quantities; no date"},
	"S232-COPPER-2025-08":    {figScope, all232("*"), ""},
	"S232-AUTOS-2025-04":     {figRate, all232("*"), "autos path 25% in C29 from 2025-04-03 on the table's covered share"},
	"S232-AUTOPARTS-2025-05": {figScope, all232("*"), ""},
	"S232-AUTOS-UK-2025-06": {figRate, []affect{{"s232", "GBR", "C302T309", ""}, {"ieepa_reciprocal", "GBR", "C302T309", ""}},
		"GBR autos path 10% all-in (7.5 + 2.5 MFN, in quota) in C29 from 2025-06-30; aerospace exemption a coverage step"},
	"S232-AUTOS-EU-2025-08": {figRate, nil, "EU autos path 15% all-in in C29 from 2025-08-01"},
	"S232-AUTOS-JP-2025-09": {figRate, []affect{{"s232", "JPN", "C302T309", ""}, {"ieepa_reciprocal", "JPN", "C302T309", ""}},
		"JPN autos path 15% all-in in C29 from 2025-09-16; aircraft exemption a coverage step"},
	"S232-AUTOS-KR-2025-11":           {figRate, nil, "KOR autos path 15% all-in in C29 from 2025-11-01"},
	"S232-MHDV-2025-11":               {figScope, all232("*"), ""},
	"S232-LUMBER-SOFTWOOD-2025-10":    {figRate, all232("*"), "lumber path 10% in C16 from 2025-10-14; in A02 a coverage step"},
	"S232-LUMBER-UPHOLSTERED-2025-10": {figScope, all232("*"), "the increase to 30% from 2027-01-01 is not in the figures"},
	"S232-LUMBER-CABINETS-2025-10":    {figScope, all232("*"), "the increase to 50% from 2027-01-01 is not in the figures"},
	"S232-SEMI-2026-01":               {figNone, nil, "end-use exemptions: set to 0 in the table"},
	"S232-CRITMIN-2026-01":            {figNone, nil, "negotiations, no tariff"},
	"S232-PHARMA-2026":                {figUnsized, nil, "not in the figures: company-specific rates, and the table has no patented-drug share of C21"},
	"S232-AIRCRAFT-2026-07":           {figNone, nil, "negotiations, no tariff"},
	"S232-POLYSILICON-2026-12":        {figUnsized, nil, "not in the figures: minimum import prices and the polysilicon/solar share are not in the table"},
	"S232-DRONES-2026-09":             {figUnsized, nil, "not in the figures: the table has no drone (UAS) share"},
	"IEEPA-ANNEXII-2025-04":           {figScope, []affect{{"ieepa_reciprocal", "*", "", ""}}, ""},
	"IEEPA-ELECTRONICS-2025-04-11":    {figScope, []affect{{"ieepa_reciprocal", "*", "", ""}}, ""},
	"IEEPA-PTAAP-2025-09": {figScope, []affect{{"ieepa_reciprocal", "EUU JPN KOR", "", "2025-09-01"}, {"ieepa_reciprocal", "CHE LIE", "", "2025-11-14"}},
		"EU, JPN, KOR from 2025-09-01; CHE, LIE from 2025-11-14"},
	"IEEPA-AGRI-2025-11":    {figScope, []affect{{"ieepa_reciprocal", "*", "", ""}, {"ieepa_other", "BRA", "", ""}}, ""},
	"IEEPA-FENT-CAMX-USMCA": {figScope, []affect{{"ieepa_other", "CAN MEX", "*", ""}}, "USMCA-qualifying goods leave the CAN/MEX duty (rates: paths.csv)"},
	"S122-2026-02":          {figRate, nil, "10% on the table's Section 122 share (2026-02-24) through 2026-07-23"},
	"S301-CHN-LISTS1-3":     {figScope, []affect{{"s301", "CHN", "", ""}}, "in force before the record"},
	"S301-CHN-LIST4A":       {figScope, []affect{{"s301", "CHN", "", ""}}, "in force before the record"},
	"S301-CHN-4YR-2024-09":  {figScope, []affect{{"s301", "CHN", "", ""}}, "in force before the record"},
	"S301-CHN-4YR-2025-01":  {figScope, []affect{{"s301", "CHN", "", ""}}, "in the 2025-01-01 figures"},
	"S301-CHN-4YR-2026-01":  {figScope, []affect{{"s301", "CHN", "", ""}}, ""},
	"S301-CHN-MARITIME":     {figUnsized, nil, "not in the figures: the table has no share for cranes and chassis"},
	"S301-BRA-2026-07":      {figRate, nil, "25% on Brazil's Section 122 share of 2026-02-24 (all goods but 232 goods and exemptions) from 2026-07-22"},
	"S301-FORCEDLABOR-2026-07": {figRate, nil,
		"10% or 12.5% (EU, TWN 10% all-in; JPN, KOR, CHE 12.5% all-in) on each partner's Section 122 share of 2026-02-24 from 2026-07-24; only the economies the compiled row names"},
	"S201-SOLAR":          {figNone, nil, "Section 201 is not one of the table's authorities"},
	"S201-QUARTZ-2026-07": {figNone, nil, "no rate or date extracted"},
	"S338-CAN-2026-08":    {figUnsized, nil, "not in the figures: the three baskets are not in the table (tradewartracker estimates +1.85 pp on Canada)"},
}

// dayAfter returns the date after d (YYYY-MM-DD).
func dayAfter(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// measuresCSV writes the measures with how the figures use them, and the
// coverage events their rules give: a measure's start and the day after its
// end, when they fall inside the record (after 2025-01-01).
func measuresCSV(ms []measure) (measures, events [][]string, err error) {
	measures = [][]string{append(append([]string(nil), measureCols...), "sectors", "figures", "figures_note")}
	events = [][]string{{"date", "measure_id", "authority", "partners", "sectors", "what"}}
	known := map[string]bool{}
	for _, m := range ms {
		id := m.col["measure_id"]
		known[id] = true
		r, ok := ruleFor(id)
		if !ok {
			return nil, nil, fmt.Errorf("%s:%d: measure %s has no rule in recordgen (how the figures use it)", measuresFile, m.line, id)
		}
		sectors := parseSectors(m.col["icio_sectors_main"])
		row := make([]string, 0, len(measureCols)+3)
		for _, c := range measureCols {
			row = append(row, m.col[c])
		}
		measures = append(measures, append(row, sectors, r.figures, r.note))
		for _, a := range r.affects {
			sec := a.sectors
			if sec == "" {
				sec = sectors
			}
			if sec == "" {
				return nil, nil, fmt.Errorf("%s:%d: measure %s names no sector", measuresFile, m.line, id)
			}
			start := a.start
			if start == "" {
				start = m.col["start_date"]
			}
			if start > TableDates[0] {
				events = append(events, []string{start, id, a.authority, a.partners, sec, "start"})
			}
			if end := m.col["end_date"]; end != "" && end >= TableDates[0] {
				events = append(events, []string{dayAfter(end), id, a.authority, a.partners, sec, "end"})
			}
		}
	}
	for id := range rules {
		if !known[id] {
			return nil, nil, fmt.Errorf("recordgen: rule for %s, which %s lacks", id, measuresFile)
		}
	}
	body := events[1:]
	sort.SliceStable(body, func(i, j int) bool { return body[i][0] < body[j][0] })
	return measures, events, nil
}

// buildSectoral writes the sectoral part of the record: the effective-rate
// cells (as loadEffective read them), the sector names, the measures with
// their rules, the coverage events and the rate paths.
func buildSectoral(compiledDir, outDir string, cells []effRow, partners []partner, timeline [][]string) error {
	sectors, err := loadSectors(compiledDir, cells)
	if err != nil {
		return err
	}
	ms, err := loadMeasures(compiledDir)
	if err != nil {
		return err
	}
	if ms, err = addMeasures(ms); err != nil {
		return err
	}
	measures, events, err := measuresCSV(ms)
	if err != nil {
		return err
	}
	paths, err := buildPaths(partners, timeline, ms)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		rows [][]string
	}{{"effective.csv", effectiveCSV(cells)}, {"sectors.csv", sectors}, {"measures.csv", measures},
		{"events.csv", events}, {"paths.csv", pathsCSV(paths)}} {
		if err := writeCSV(filepath.Join(outDir, f.name), f.rows); err != nil {
			return err
		}
	}
	return nil
}
