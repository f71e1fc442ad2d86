package tariffs

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// Measure is one dated US sectoral action of 2018–2026 (Section 232, 301,
// 122, the IEEPA exemptions and USMCA treatment), as compiled, with how the
// effective rates use it.
type Measure struct {
	ID, Authority, Instrument, Action string
	Sectors                           string // ICIO sectors it names ("*" = all goods)
	RateText, RateBasis               string // as compiled (often several rates)
	Start, End                        string // YYYY-MM-DD; End is the last day in force, "" = open
	Partners, DealRates, USMCA        string
	StackingReciprocal, StackingOther string
	Notes, Source                     string
	// Figures is how tariffs effective uses it: "rate" (sized by its rate
	// on the table's covered share), "scope" (a change of coverage, sized
	// by the table), "none" (sets no duty the figures can show) or
	// "unsized" (a duty after the last table date that the table cannot
	// size: not in the figures).
	Figures, FiguresNote string
}

func measureFrom(r map[string]string) Measure {
	return Measure{ID: r["measure_id"], Authority: r["authority"], Instrument: r["instrument"], Action: r["action"],
		Sectors: r["sectors"], RateText: r["rate_pct"], RateBasis: r["rate_basis"], Start: r["start_date"], End: r["end_date"],
		Partners: r["partners_affected"], DealRates: r["partner_exceptions_and_deal_rates"], USMCA: r["usmca_treatment"],
		StackingReciprocal: r["stacking_with_ieepa_reciprocal"], StackingOther: r["stacking_other"], Notes: r["notes"],
		Source: r["source"], Figures: r["figures"], FiguresNote: r["figures_note"]}
}

// Measures returns the compiled sectoral measures in the record's order.
func Measures() []Measure { return slices.Clone(sectoralRecord().measures) }

// EffectiveRow is the additional US duty on one partner and sector on a
// date, split by authority.
type EffectiveRow struct {
	Code, Sector string
	// ImportsUSDmn is the 2024 US import weight (Census, USD mn); NaN for a
	// partner outside the table, whose rates use the all-partner weights.
	ImportsUSDmn float64
	MFNPct       float64 // import-weighted statutory MFN tariff
	Duty         ByAuthority
}

// AdditionalPct is the additional duty on top of MFN, in percent.
func (r EffectiveRow) AdditionalPct() float64 { return r.Duty.Total() }

// Effective is the US tariff regime on one date by partner and sector.
type Effective struct {
	Date        string // YYYY-MM-DD
	Anchor      string // the latest table date on or before Date
	OnTableDate bool   // Date is one of TableDates: the figures are the table's
	// Rows: ALL (its sectors, then TOTAL), then each table partner in code
	// order (its sectors, then TOTAL).
	Rows  []EffectiveRow
	Notes []string

	rec      *sectoral
	d        day
	defaults sync.Map // code → []EffectiveRow of partners outside the table
}

// FirstDate is the first date of the record.
const FirstDate = "2025-01-01"

var effectiveCache sync.Map // date → *Effective

// EffectiveOn returns the regime on date (YYYY-MM-DD, not before
// FirstDate): on the five table dates the compiled table; between and
// after them the table's coverage shares and weights with the dated
// measures' rates applied (record/README.md). Results are cached and
// shared: treat them as read-only.
func EffectiveOn(date string) (*Effective, error) {
	if v, ok := effectiveCache.Load(date); ok {
		return v.(*Effective), nil
	}
	t, err := ParseDate(date)
	if err != nil {
		return nil, err
	}
	if date < FirstDate {
		return nil, fmt.Errorf("date %s is before the record, which starts on %s", date, FirstDate)
	}
	r := sectoralRecord()
	e := &Effective{Date: date, rec: r, d: toDay(t)}
	for k, td := range r.dates {
		if td <= e.d {
			e.Anchor = TableDates[k]
		}
	}
	e.OnTableDate = e.Anchor == date
	var all []EffectiveRow
	for _, p := range r.partners {
		rows := e.partnerRows(p, r.cells[p])
		e.Rows = append(e.Rows, rows...)
		if p != euMemberRow { // inside EU27
			all = append(all, rows[:len(rows)-1]...)
		}
	}
	var allRows []EffectiveRow
	for _, s := range r.sectors {
		var in []EffectiveRow
		for _, x := range all {
			if x.Sector == s.Code {
				in = append(in, x)
			}
		}
		if len(in) > 0 {
			allRows = append(allRows, weighted(AllPartners, s.Code, in))
		}
	}
	allRows = append(allRows, total(AllPartners, allRows))
	e.Rows = append(allRows, e.Rows...)
	e.Notes = e.notes()
	v, _ := effectiveCache.LoadOrStore(date, e)
	return v.(*Effective), nil
}

// weighted is the import-weighted mean of rows (sector or partner
// aggregate); the weight is the sum.
func weighted(code, sector string, rows []EffectiveRow) EffectiveRow {
	out := EffectiveRow{Code: code, Sector: sector}
	for _, x := range rows {
		out.ImportsUSDmn += x.ImportsUSDmn
	}
	if out.ImportsUSDmn == 0 {
		return out
	}
	for _, x := range rows {
		w := x.ImportsUSDmn / out.ImportsUSDmn
		out.MFNPct += w * x.MFNPct
		for a := range NumAuthorities {
			out.Duty[a] += w * x.Duty[a]
		}
	}
	return out
}

// total is a partner's TOTAL row: its sectors weighted by import value,
// without chapters 98-99 (as the compiled TOTAL_GOODS).
func total(code string, sectors []EffectiveRow) EffectiveRow {
	in := make([]EffectiveRow, 0, len(sectors))
	for _, x := range sectors {
		if x.Sector != NASector {
			in = append(in, x)
		}
	}
	return weighted(code, TotalSector, in)
}

// partnerRows computes a table partner's rows on e's date.
func (e *Effective) partnerRows(code string, cells map[string]*cell) []EffectiveRow {
	var rows []EffectiveRow
	for _, s := range e.rec.sectors {
		c, ok := cells[s.Code]
		if !ok {
			continue
		}
		rows = append(rows, EffectiveRow{Code: code, Sector: s.Code, ImportsUSDmn: c.imports, MFNPct: c.mfn,
			Duty: e.rec.rates(c, code, s.Code, e.d)})
	}
	return append(rows, total(code, rows))
}

// Basis says where a partner's rows come from.
type Basis int

// The bases of a partner's rows.
const (
	FromTable     Basis = iota // the partner's own rows in the table
	FromEU27                   // an EU member: the EU27 rows
	FromAggregate              // the all-partner aggregate (ALL)
	FromDefault                // not in the table: the all-partner coverage shares with the partner's own headline rates
)

// Partner returns the rows for any partner code on e's date: a table
// partner's own; the EU27 rows for an EU member (or "EUU"); ALL; or, for an
// economy the table lacks, rows built from the all-partner coverage shares
// and weights with the partner's own headline rates (its reciprocal rate in
// the record, China's for Macau, the default 10% otherwise; Section 122;
// the forced-labour action if the compiled row names it; Section 232 as the
// all-partner average). known is false when the code is not a US trading
// partner of the record either (it still gets the default rules).
func (e *Effective) Partner(code string) (rows []EffectiveRow, basis Basis, known bool) {
	pick := func(c string) []EffectiveRow {
		var out []EffectiveRow
		for _, r := range e.Rows {
			if r.Code == c {
				out = append(out, r)
			}
		}
		return out
	}
	switch {
	case code == AllPartners:
		return pick(AllPartners), FromAggregate, true
	case e.rec.cells[code] != nil:
		return pick(code), FromTable, true
	case code == EUCode || isEUMember(code):
		rows := pick(EU27Code)
		for i := range rows {
			rows[i].Code = code
		}
		return rows, FromEU27, true
	}
	_, known = Name(code)
	if !known {
		_, known = aliasOf(code)
	}
	if v, ok := e.defaults.Load(code); ok {
		return slices.Clone(v.([]EffectiveRow)), FromDefault, known
	}
	v, _ := e.defaults.LoadOrStore(code, e.defaultRows(code))
	return slices.Clone(v.([]EffectiveRow)), FromDefault, known
}

var defaultCells sync.Map // code + "|" + sector → *cell

// defaultCell builds the table cell of a partner the table lacks: the
// all-partner import weight and MFN of the sector; for each authority with
// a headline rate for the partner, the all-partner covered share (the
// import-weighted mean of each table partner's share under its own rate)
// times the partner's rate; Section 232 elsewhere as the all-partner mean;
// nothing for China's Section 301 lists.
func (r *sectoral) defaultCell(code, sector string) *cell {
	key := code + "|" + sector
	if v, ok := defaultCells.Load(key); ok {
		return v.(*cell)
	}
	c := &cell{}
	var in []string
	for _, p := range r.partners {
		if p == euMemberRow {
			continue
		}
		if q := r.cells[p][sector]; q != nil {
			in = append(in, p)
			c.imports += q.imports
			c.mfn += q.imports * q.mfn
			for k := range c.cov {
				c.cov[k] += q.imports * q.cov[k]
			}
		}
	}
	if c.imports > 0 {
		c.mfn /= c.imports
		// The all-partner share under Section 232, which sizes the
		// reciprocal step of a 232 list (sectoral.value).
		for k := range c.cov {
			c.cov[k] /= c.imports
		}
	}
	for k, t := range r.dates {
		for a := range NumAuthorities {
			ps := r.pathsFor(a, code, sector, false)
			if len(ps) == 0 {
				if a == S232 {
					for _, p := range in {
						q := r.cells[p][sector]
						c.x[k][a] += q.imports / c.imports * q.x[k][a]
					}
				}
				continue
			}
			var w, b float64
			for _, p := range in {
				q := r.cells[p][sector]
				if e := effAt(r.pathsFor(a, p, sector, false), t, q.mfn); e > 0 {
					w += q.imports
					b += q.imports * q.x[k][a] / e
				}
			}
			if w > 0 {
				c.x[k][a] = b / w * effAt(ps, t, c.mfn)
			}
		}
	}
	v, _ := defaultCells.LoadOrStore(key, c)
	return v.(*cell)
}

// defaultRows computes the rows of a partner the table lacks.
func (e *Effective) defaultRows(code string) []EffectiveRow {
	var rows []EffectiveRow
	for _, s := range e.rec.sectors {
		c := e.rec.defaultCell(code, s.Code)
		if c.imports == 0 {
			continue
		}
		rows = append(rows, EffectiveRow{Code: code, Sector: s.Code, ImportsUSDmn: c.imports, MFNPct: c.mfn,
			Duty: e.rec.rates(c, code, s.Code, e.d)})
	}
	t := total(code, rows)
	for i := range rows {
		rows[i].ImportsUSDmn = math.NaN()
	}
	t.ImportsUSDmn = math.NaN()
	return append(rows, t)
}

// Licence is the licence note of the effective-rate table, to be shown
// wherever its figures or anything derived from them are.
const Licence = "The sectoral effective rates derive from us_effective_sectoral_rates.csv, whose product scopes use " +
	"global-trade-alert/us-tariff-barrier-estimates (CC BY-NC 4.0: attribution, non-commercial use only); " +
	"Census 2024 imports (public domain), Budget Lab tariff-rate-tracker and Tariff-ETRs (MIT)."

// notes are the caveats of the figures on e's date.
func (e *Effective) notes() []string {
	n := []string{"Additional US duty on top of MFN, % of the 2024 import value (statutory duties due, not collections); " +
		"TOTAL is import-weighted over sectors without HS 98-99, ALL over the table's 49 economies and EU27 (Slovakia, listed too, is inside EU27)."}
	if e.OnTableDate {
		n = append(n, "A date of the compiled table: its figures.")
	} else {
		n = append(n, fmt.Sprintf("Between or after the table dates: the dated measures' rates applied to the table's coverage shares and 2024 weights, from the table of %s (method: docs/us-tariff-record.md; the measures: tradebloc tariffs timeline). Fixed weights: no trade diversion.", e.Anchor))
	}
	if e.d > e.rec.dates[len(e.rec.dates)-1] {
		n = append(n, fmt.Sprintf("After %s the coverage shares of that date are held.", TableDates[len(TableDates)-1]))
	}
	var ieepaLast, s122Start day
	for _, m := range e.rec.measures {
		switch m.ID {
		case ieepaMeasure:
			ieepaLast = mustDay(m.End)
		case "S122-2026-02":
			s122Start = mustDay(m.Start)
		}
	}
	// An IEEPA duty a later action ended before the IEEPA duties ended
	// (India's Russian-oil duty, from 2026-02-07): said while the other
	// IEEPA duties are still charged, so a reader does not look for it.
	for _, a := range timeline() {
		if a.Ends != "" && mustDay(a.DateEffective) <= e.d && e.d <= ieepaLast {
			n = append(n, fmt.Sprintf("%s from %s, %s: %s.", Label(a.Scope), a.DateEffective, a.Instrument, a.Measure))
		}
	}
	if e.d > ieepaLast && e.d < s122Start {
		n = append(n, fmt.Sprintf("No IEEPA duty after %s (Learning Resources v. Trump; EO Ending Certain Tariff Actions) and no Section 122 surcharge before %s; CBP collected the IEEPA duties until then.", ieepaLast, s122Start))
	}
	for _, m := range e.rec.measures {
		if m.Figures == "unsized" && m.Start != "" && mustDay(m.Start) <= e.d {
			n = append(n, fmt.Sprintf("%s (in force from %s) is %s.", m.ID, m.Start, m.FiguresNote))
		}
		if m.ID == "S301-FORCEDLABOR-2026-07" && mustDay(m.Start) <= e.d {
			n = append(n, fmt.Sprintf("%s lists 60 economies; the compiled row names %d (EU members counted singly), the others are not applied.", m.ID, e.rec.namedForcedLabour()))
		}
	}
	return append(n, Licence)
}

// Today is the current date, YYYY-MM-DD (UTC), for "today" in scenarios and
// the default of tariffs timeline --as-of.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// USRecord is the name of the dated schedule built from the sectoral
// record: `schedule: {name: us-record, date: YYYY-MM-DD}` in a scenario.
const USRecord = "us-record"
