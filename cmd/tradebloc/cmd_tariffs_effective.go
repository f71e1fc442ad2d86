package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

type tariffsEffectiveOptions struct {
	outputFlags
	date, partner, sector string
}

func newTariffsEffectiveCommand() *cobra.Command {
	var o tariffsEffectiveOptions
	c := &cobra.Command{
		Use:   "effective",
		Short: "The additional US duty by partner and sector on a date, split by authority",
		Long: `Print the additional US duty (on top of MFN, % of the 2024 import value) by partner and
ICIO sector on a date, split by authority: Section 232, the IEEPA reciprocal tariff, other
IEEPA duties (fentanyl/border, Brazil, India until 2026-02-06), the Section 122 surcharge and
Section 301.

On the five dates of the compiled table (2025-01-01, 2025-04-10, 2025-08-07, 2025-11-15,
2026-02-24) the figures are the table's. On any other date from 2025-01-01 they are computed
from the dated measures (rates, start and end dates, stacking rules) on the table's coverage
shares and 2024 import weights; every change falls on the date of a measure. After 2026-02-24
the coverage shares of that date are held; measures the table cannot size are listed in the
notes. ALL is the table's 49 economies and EU27 together (Slovakia, listed too, is in EU27); TOTAL is a partner's sectors together
(import-weighted, without HS chapters 98-99). A partner outside the table (--partner NZL is in
it, --partner LIE is not) gets the all-partner coverage shares with its own headline rates.

Without --partner or --sector, the table shows each partner's TOTAL; json and csv show every
partner and sector.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runTariffsEffective(c, o) },
	}
	c.Flags().StringVar(&o.date, "date", tariffs.Today(), "the date, YYYY-MM-DD (from "+tariffs.FirstDate+")")
	c.Flags().StringVar(&o.partner, "partner", "", "one partner: an ISO3 code, EU27 (or EUU), or ALL")
	c.Flags().StringVar(&o.sector, "sector", "", "one ICIO sector (e.g. C29) or TOTAL")
	o.add(c)
	return c
}

func runTariffsEffective(c *cobra.Command, o tariffsEffectiveOptions) error {
	bad := func(err error) error { return &errs.Error{Op: "tariffs effective", Kind: errs.Invalid, Err: err} }
	if _, err := report.ParseFormat(o.format); err != nil {
		return err
	}
	eff, err := tariffs.EffectiveOn(o.date)
	if err != nil {
		return bad(fmt.Errorf("--date: %v", err))
	}
	// This command has always read its filters in either case (kor, c29),
	// and scripts rely on it; they name nothing a later command reads.
	sector := strings.ToUpper(o.sector)
	knownSector := func(code string) bool {
		return code == tariffs.TotalSector || slices.ContainsFunc(tariffs.Sectors(), func(s tariffs.Sector) bool { return s.Code == code })
	}
	if sector != "" && !knownSector(sector) {
		codes := []string{tariffs.TotalSector}
		for _, s := range tariffs.Sectors() {
			codes = append(codes, s.Code)
		}
		return bad(fmt.Errorf("--sector: unknown sector %q (want one of %s)", o.sector, strings.Join(codes, ", ")))
	}
	rows := eff.Rows
	var basis tariffs.Basis = tariffs.FromTable
	partner := strings.ToUpper(o.partner)
	if partner != "" {
		var known bool
		rows, basis, known = eff.Partner(partner)
		if !known {
			return bad(fmt.Errorf("--partner: %q is not a US trading partner of the record (want an ISO3 code, EU27 or ALL)", o.partner))
		}
	}
	if sector != "" {
		rows = slices.DeleteFunc(slices.Clone(rows), func(r tariffs.EffectiveRow) bool { return r.Sector != sector })
		if len(rows) == 0 {
			return bad(fmt.Errorf("--partner %s has no US imports in sector %s", partner, sector))
		}
	}
	notes := slices.Clone(eff.Notes)
	switch basis {
	case tariffs.FromEU27:
		notes = append([]string{partner + " is an EU member: the EU27 rows (imports are the EU's)."}, notes...)
	case tariffs.FromDefault:
		notes = append([]string{partner + " is not in the sectoral table: the all-partner coverage shares and sector weights with " +
			partner + "'s own headline rates (reciprocal rate, Section 122, the forced-labour 301 rate if named; Section 232 as the all-partner average)."}, notes...)
	}
	return o.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			return report.WriteJSON(w, effectiveJSON(eff, rows, notes))
		}
		shown := rows
		if partner == "" && sector == "" && f != report.CSV {
			shown = slices.DeleteFunc(slices.Clone(rows), func(r tariffs.EffectiveRow) bool { return r.Sector != tariffs.TotalSector })
			notes = append([]string{"Each partner's TOTAL; --partner C for its sectors, --sector S for one sector, --format json or csv for all."}, notes...)
		}
		return effectiveTable(eff, shown, notes).Write(w, f)
	})
}

// r3 rounds to the table's precision, so JSON carries no float noise.
func r3(x float64) float64 { return math.Round(x*1000) / 1000 }

type effectiveRowJSON struct {
	Code          string             `json:"code"`
	Sector        string             `json:"sector"`
	ImportsUSDmn  float64            `json:"imports_usd_mn"`
	AdditionalPct float64            `json:"additional_pct"`
	ByAuthority   map[string]float64 `json:"by_authority"`
	MFNPct        float64            `json:"mfn_pct"`
}

type effectiveJSONDoc struct {
	Date        string             `json:"date"`
	AnchorDate  string             `json:"anchor_date"`
	OnTableDate bool               `json:"on_table_date"`
	Partners    []effectiveRowJSON `json:"partners"`
	Notes       []string           `json:"notes"`
}

func effectiveJSON(eff *tariffs.Effective, rows []tariffs.EffectiveRow, notes []string) effectiveJSONDoc {
	doc := effectiveJSONDoc{Date: eff.Date, AnchorDate: eff.Anchor, OnTableDate: eff.OnTableDate, Notes: notes,
		Partners: make([]effectiveRowJSON, 0, len(rows))}
	for _, r := range rows {
		j := effectiveRowJSON{Code: r.Code, Sector: r.Sector, ImportsUSDmn: r.ImportsUSDmn, AdditionalPct: r3(r.AdditionalPct()),
			MFNPct: r3(r.MFNPct), ByAuthority: map[string]float64{}}
		if !math.IsNaN(j.ImportsUSDmn) {
			j.ImportsUSDmn = math.Round(j.ImportsUSDmn*10) / 10
		}
		for a := range tariffs.NumAuthorities {
			j.ByAuthority[a.String()] = r3(r.Duty[a])
		}
		doc.Partners = append(doc.Partners, j)
	}
	return doc
}

func effectiveTable(eff *tariffs.Effective, rows []tariffs.EffectiveRow, notes []string) *report.Table {
	how := "computed from the dated measures on the table of " + eff.Anchor
	if eff.OnTableDate {
		how = "a date of the compiled table"
	}
	t := &report.Table{
		Title: fmt.Sprintf("Additional US duty on %s (%s), %% of 2024 imports, by authority", eff.Date, how),
		Columns: []string{"code", "name", "sector", "imports_usd_mn", "additional_pct", "s232", "ieepa_reciprocal", "ieepa_other",
			"s122", "s301"},
		Numeric: []bool{false, false, false, true, true, true, true, true, true, true},
	}
	for _, r := range rows {
		name := ""
		switch r.Code {
		case tariffs.AllPartners:
			name = "all partners"
		case tariffs.EU27Code:
			name = "European Union"
		default:
			name = partnerName(r.Code)
		}
		imports := "–"
		if !math.IsNaN(r.ImportsUSDmn) {
			imports = report.Num(r.ImportsUSDmn, 0)
		}
		row := []string{r.Code, name, r.Sector, imports, report.Num(r.AdditionalPct(), 2)}
		for a := range tariffs.NumAuthorities {
			row = append(row, report.Num(r.Duty[a], 2))
		}
		t.Add(row...)
	}
	t.Notes = notes
	return t
}
