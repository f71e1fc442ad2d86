// Package recordgen builds the embedded US tariff record of package tariffs
// (internal/tariffs/record) from the compiled public tables in
// shared/data/compiled. The record is generated rather than hand-edited so
// that every number in it can be traced back to a sourced row, and a test
// regenerates it and demands byte-identical files.
package recordgen

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The compiled input files, relative to the compiled directory.
const (
	reciprocalFile = "reciprocal_tariffs_2025.csv"
	censusFile     = "us_goods_trade_by_partner_2024.csv"
	timelineFile   = "us_tariff_timeline_2025_2026.csv"
)

// Files lists the files BuildRecord writes, in the order it writes them.
var Files = []string{"partners.csv", "census.csv", "timeline.csv", "aliases.csv", "schedules.csv", "schedule_entries.csv",
	"effective.csv", "sectors.csv", "measures.csv", "events.csv", "paths.csv", "README.md"}

// table is a CSV file read into header-indexed rows.
type table struct {
	file string
	head map[string]int
	rows [][]string
}

func readTable(path string, need ...string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty file", path)
	}
	t := &table{file: filepath.Base(path), head: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		t.head[strings.TrimSpace(h)] = i
	}
	for _, n := range need {
		if _, ok := t.head[n]; !ok {
			return nil, fmt.Errorf("%s: missing column %q", path, n)
		}
	}
	return t, nil
}

func (t *table) get(row []string, col string) string { return strings.TrimSpace(row[t.head[col]]) }

// num parses a numeric cell; empty cells are NaN.
func (t *table) num(row []string, line int, col string) (float64, error) {
	s := t.get(row, col)
	if s == "" {
		return math.NaN(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%s:%d: field %q: %v", t.file, line, col, err)
	}
	return v, nil
}

// fmtNum writes a number in the shortest form that round-trips; NaN is an
// empty cell.
func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// censusRow is one partner of the Census 2024 table.
type censusRow struct {
	code, name, source        string
	exports, imports, balance float64
}

// partner is one row of the reciprocal-tariff table, as written to partners.csv.
type partner struct {
	code, name                     string
	imports, exports               float64
	chartCharged, chartRecip       float64
	annexListed                    bool
	annexPct, rate0405, rate0410   float64
	rate0807                       float64
	mode0807, note0807, note, srce string
}

// leadingNum matches the number a text rate cell starts with ("10 (24 pp …)",
// "15% all-in floor: …").
var leadingNum = regexp.MustCompile(`^\s*([0-9]+(?:\.[0-9]+)?)\s*%?`)

// parseRateCell maps a rate cell of the compiled table to a number and a mode.
// A plain number is an additional duty. A text cell keeps its number, is an
// all-in floor when it says so, and is kept verbatim as the note, so that no
// qualification of the published rate is lost.
func parseRateCell(s string) (rate float64, mode, note string, err error) {
	s = strings.TrimSpace(s)
	if v, perr := strconv.ParseFloat(s, 64); perr == nil {
		return v, "additional", "", nil
	}
	m := leadingNum.FindStringSubmatch(s)
	if m == nil {
		return 0, "", "", fmt.Errorf("rate cell %q does not start with a number", s)
	}
	rate, _ = strconv.ParseFloat(m[1], 64)
	mode = "additional"
	if strings.Contains(strings.ToLower(s), "all-in") {
		mode = "all_in"
	}
	return rate, mode, s, nil
}

// allInOverrides are 7 Aug 2025 rates printed as plain numbers in EO 14326
// that later instruments turned into all-in floors retroactively: Japan's 15%
// became "15% minus MFN (0 if MFN ≥ 15%)" by the EO of 4 Sep 2025, effective
// from 7 Aug 2025 (timeline row JPN 2025-08-07).
var allInOverrides = map[string]string{
	"JPN": "15% all-in floor (15% minus MFN; 0 if MFN>=15%), retroactive to 2025-08-07: EO of 2025-09-04 implementing the US-Japan agreement",
}

func loadCensus(dir string) ([]censusRow, map[string]censusRow, error) {
	t, err := readTable(filepath.Join(dir, censusFile), "partner", "iso3", "is_aggregate", "us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn", "source")
	if err != nil {
		return nil, nil, err
	}
	var rows []censusRow
	by := map[string]censusRow{}
	for i, r := range t.rows {
		line := i + 2
		code := t.get(r, "iso3")
		// Keep countries and the EU: the EU is the one aggregate the tariff
		// schedules address as a single partner.
		if t.get(r, "is_aggregate") != "False" && code != "EUU" {
			continue
		}
		if code == "" {
			return nil, nil, fmt.Errorf("%s:%d: field \"iso3\": empty for a country row", t.file, line)
		}
		c := censusRow{code: code, name: t.get(r, "partner"), source: t.get(r, "source")}
		if c.exports, err = t.num(r, line, "us_exports_usd_mn"); err != nil {
			return nil, nil, err
		}
		if c.imports, err = t.num(r, line, "us_imports_usd_mn"); err != nil {
			return nil, nil, err
		}
		if c.balance, err = t.num(r, line, "us_balance_usd_mn"); err != nil {
			return nil, nil, err
		}
		if _, dup := by[code]; dup {
			return nil, nil, fmt.Errorf("%s:%d: duplicate iso3 %s", t.file, line, code)
		}
		by[code] = c
		rows = append(rows, c)
	}
	return rows, by, nil
}

func loadPartners(dir string, census map[string]censusRow) ([]partner, error) {
	t, err := readTable(filepath.Join(dir, reciprocalFile), "iso3", "country", "chart_tariffs_charged_to_usa_pct",
		"chart_reciprocal_tariff_pct", "annex_I_listed", "rate_from_2025_04_05_pct", "annex_I_rate_2025_04_09_pct",
		"rate_2025_04_10_to_08_06_pct", "rate_from_2025_08_07", "census2024_us_imports_usd_mn",
		"census2024_us_exports_usd_mn", "notes", "source")
	if err != nil {
		return nil, err
	}
	var out []partner
	for i, r := range t.rows {
		line := i + 2
		p := partner{code: t.get(r, "iso3"), name: t.get(r, "country"), note: t.get(r, "notes"), srce: t.get(r, "source")}
		fields := []struct {
			col string
			dst *float64
		}{
			{"chart_tariffs_charged_to_usa_pct", &p.chartCharged},
			{"chart_reciprocal_tariff_pct", &p.chartRecip},
			{"annex_I_rate_2025_04_09_pct", &p.annexPct},
			{"rate_from_2025_04_05_pct", &p.rate0405},
			{"rate_2025_04_10_to_08_06_pct", &p.rate0410},
		}
		for _, f := range fields {
			if *f.dst, err = t.num(r, line, f.col); err != nil {
				return nil, err
			}
		}
		switch t.get(r, "annex_I_listed") {
		case "True":
			p.annexListed = true
			if math.IsNaN(p.annexPct) {
				return nil, fmt.Errorf("%s:%d: field \"annex_I_rate_2025_04_09_pct\": empty for an Annex I partner", t.file, line)
			}
		case "False":
		default:
			return nil, fmt.Errorf("%s:%d: field \"annex_I_listed\": want True or False", t.file, line)
		}
		if p.rate0807, p.mode0807, p.note0807, err = parseRateCell(t.get(r, "rate_from_2025_08_07")); err != nil {
			return nil, fmt.Errorf("%s:%d: field \"rate_from_2025_08_07\": %v", t.file, line, err)
		}
		if n, ok := allInOverrides[p.code]; ok {
			p.mode0807, p.note0807 = "all_in", n
		}
		// Trade comes from the Census table at full precision; the compiled
		// table's one-decimal copy must agree with it.
		c, ok := census[p.code]
		if !ok {
			return nil, fmt.Errorf("%s:%d: partner %s not in %s", t.file, line, p.code, censusFile)
		}
		m1, err := t.num(r, line, "census2024_us_imports_usd_mn")
		if err != nil {
			return nil, err
		}
		x1, err := t.num(r, line, "census2024_us_exports_usd_mn")
		if err != nil {
			return nil, err
		}
		if math.Abs(m1-c.imports) > 0.051 || math.Abs(x1-c.exports) > 0.051 {
			return nil, fmt.Errorf("%s:%d: %s trade %v/%v disagrees with %s %v/%v", t.file, line, p.code, m1, x1, censusFile, c.imports, c.exports)
		}
		p.imports, p.exports = c.imports, c.exports
		out = append(out, p)
	}
	return out, nil
}

func writeCSV(path string, rows [][]string) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// BuildRecord reads the compiled tables in compiledDir and writes the record
// files (see Files) to outDir, replacing any that exist. The output depends on
// the inputs only, so regenerating from unchanged inputs is byte-identical.
func BuildRecord(compiledDir, outDir string) error {
	census, byCode, err := loadCensus(compiledDir)
	if err != nil {
		return err
	}
	partners, err := loadPartners(compiledDir, byCode)
	if err != nil {
		return err
	}
	timeline, err := loadTimeline(compiledDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}

	prow := [][]string{{"code", "name", "us_imports_usd_mn", "us_exports_usd_mn", "chart_tariffs_charged_pct",
		"chart_reciprocal_pct", "annex_listed", "annex_rate_pct", "rate_2025_04_05_pct", "rate_2025_04_10_pct",
		"rate_2025_08_07_pct", "rate_2025_08_07_mode", "rate_2025_08_07_note", "note", "source"}}
	for _, p := range partners {
		prow = append(prow, []string{p.code, p.name, fmtNum(p.imports), fmtNum(p.exports), fmtNum(p.chartCharged),
			fmtNum(p.chartRecip), boolStr(p.annexListed), fmtNum(p.annexPct), fmtNum(p.rate0405), fmtNum(p.rate0410),
			fmtNum(p.rate0807), p.mode0807, p.note0807, p.note, p.srce})
	}
	if err := writeCSV(filepath.Join(outDir, "partners.csv"), prow); err != nil {
		return err
	}

	crow := [][]string{{"code", "name", "us_exports_usd_mn", "us_imports_usd_mn", "us_balance_usd_mn", "source"}}
	for _, c := range census {
		crow = append(crow, []string{c.code, c.name, fmtNum(c.exports), fmtNum(c.imports), fmtNum(c.balance), c.source})
	}
	if err := writeCSV(filepath.Join(outDir, "census.csv"), crow); err != nil {
		return err
	}

	if err := writeCSV(filepath.Join(outDir, "timeline.csv"), timeline); err != nil {
		return err
	}

	aliases, err := aliasesFrom(timeline)
	if err != nil {
		return err
	}
	arow := [][]string{{"exporter", "rate_of", "basis"}}
	for _, a := range aliases {
		arow = append(arow, []string{a.exporter, a.rateOf, a.basis})
	}
	if err := writeCSV(filepath.Join(outDir, "aliases.csv"), arow); err != nil {
		return err
	}

	cells, err := loadEffective(compiledDir)
	if err != nil {
		return err
	}
	scheds, err := buildSchedules(partners, canMexTotals(cells))
	if err != nil {
		return err
	}
	if err := applyAliases(scheds, aliases); err != nil {
		return err
	}
	srow := [][]string{{"name", "date", "title", "default_pct", "stacking", "description", "source"}}
	erow := [][]string{{"schedule", "exporter", "rate_pct", "mode", "note"}}
	for _, s := range scheds {
		srow = append(srow, []string{s.name, s.date, s.title, fmtNum(s.defaultPct), s.stacking, s.description, s.source})
		sort.SliceStable(s.entries, func(i, j int) bool { return s.entries[i].exporter < s.entries[j].exporter })
		for _, e := range s.entries {
			erow = append(erow, []string{s.name, e.exporter, fmtNum(e.rate), e.mode, e.note})
		}
	}
	if err := writeCSV(filepath.Join(outDir, "schedules.csv"), srow); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(outDir, "schedule_entries.csv"), erow); err != nil {
		return err
	}
	if err := buildSectoral(compiledDir, outDir, cells, partners, timeline); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(outDir, "README.md"), []byte(readme), 0o644)
}

// loadTimeline copies the dated actions with the corrections of
// corrections.go applied and the record's ends column added, sorted by
// effective date (stable, so same-day actions keep the compiled order).
func loadTimeline(dir string) ([][]string, error) {
	cols := []string{"date_effective", "date_signed", "scope", "measure", "rate_pct", "instrument", "source"}
	t, err := readTable(filepath.Join(dir, timelineFile), cols...)
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for i, r := range t.rows {
		line := i + 2
		out := make([]string, len(cols), len(cols)+1)
		for k, c := range cols {
			out[k] = t.get(r, c)
		}
		out = append(out, "") // ends: only corrections set it
		v, err := t.num(r, line, "rate_pct")
		if err != nil {
			return nil, err
		}
		out[4] = fmtNum(v)
		if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(out[0]) {
			return nil, fmt.Errorf("%s:%d: field \"date_effective\": want YYYY-MM-DD, got %q", t.file, line, out[0])
		}
		rows = append(rows, out)
	}
	all, err := correctTimeline(append([][]string{append(cols, timelineEnds)}, rows...))
	if err != nil {
		return nil, err
	}
	rows = all[1:]
	sort.SliceStable(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	return all, nil
}
