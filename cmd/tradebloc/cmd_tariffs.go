package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

func init() { register(newTariffsCommand) }

func newTariffsCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "tariffs",
		Short: "The 2025-26 US tariffs: reciprocal formula, schedules, timeline, effective rates by sector",
		Long: `The US tariff record of 2025-26 (Census 2024 trade, the 2 April 2025 chart and
Annex I, later executive orders) and what is computed from it. Tables name a
partner as the embedded world dataset does (as solve and coalition do: Burma,
Russian Federation), the record's name where the dataset lacks the economy;
the reciprocal JSON keeps the record's name in name and adds dataset_name.`,
		Args: usageArgs(cobra.NoArgs),
	}
	c.AddCommand(newTariffsReciprocalCommand(), newTariffsTimelineCommand(), newTariffsSchedulesCommand(), newTariffsEffectiveCommand())
	return c
}

type tariffsReciprocalOptions struct {
	outputFlags
	method tariffs.Method
}

func newTariffsReciprocalCommand() *cobra.Command {
	var o tariffsReciprocalOptions
	c := &cobra.Command{
		Use:   "reciprocal",
		Short: "Recompute the reciprocal-tariff formula for every partner",
		Long: `Recompute USTR's reciprocal tariff, dtau = (x - m)/(epsilon*phi*m), for each of the 187
partners of the 2 April 2025 chart from Census 2024 trade, rate = max(floor, ceil(1/2 * -dtau * 100)),
and compare it with the published chart, Annex I and 7 August 2025 rates.
--phi 0.945 is the import-price pass-through critics proposed instead of 0.25.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error { return runTariffsReciprocal(c, o) },
	}
	c.Flags().Float64Var(&o.method.Epsilon, "epsilon", tariffs.USTR.Epsilon, "import demand elasticity ε (0.1 to 50)")
	c.Flags().Float64Var(&o.method.Phi, "phi", tariffs.USTR.Phi, "tariff pass-through to import prices φ (0.01 to 1)")
	c.Flags().Float64Var(&o.method.FloorPct, "floor", tariffs.USTR.FloorPct, "minimum rate in percent (0 to 100)")
	c.Flags().BoolVar(&o.method.Half, "half", tariffs.USTR.Half, "halve the rate (the chart's \"discount\")")
	o.add(c)
	return c
}

// The formula flags' ranges. ε is an import demand elasticity: estimates
// run from about 1 to 10 (USTR took 4). φ is the share of a tariff passed
// through to import prices, by definition at most 1 (USTR took 0.25,
// critics 0.945). Outside them the formula divides by a number near zero:
// --phi 1e-320 gave a rate of +Inf (CSV) or null (JSON, where null means
// "no published rate").
var reciprocalRanges = []struct {
	flag    string
	get     func(tariffs.Method) float64
	lo, hi  float64
	meaning string
}{
	{"--epsilon", func(m tariffs.Method) float64 { return m.Epsilon }, 0.1, 50, "an import demand elasticity"},
	{"--phi", func(m tariffs.Method) float64 { return m.Phi }, 0.01, 1, "a pass-through share"},
	{"--floor", func(m tariffs.Method) float64 { return m.FloorPct }, 0, 100, "a rate in percent"},
}

func runTariffsReciprocal(c *cobra.Command, o tariffsReciprocalOptions) error {
	for _, r := range reciprocalRanges {
		if v := r.get(o.method); !(v >= r.lo && v <= r.hi) {
			return &errs.Error{Op: "tariffs reciprocal", Kind: errs.Invalid, Field: r.flag, Err: fmt.Errorf("want %s from %g to %g, got %v", r.meaning, r.lo, r.hi, v)}
		}
	}
	if err := o.method.Validate(); err != nil {
		return &errs.Error{Op: "tariffs reciprocal", Kind: errs.Invalid, Err: err}
	}
	rows := o.method.Table()
	for _, r := range rows {
		// Unreachable within the ranges above; kept so that a change of
		// them can never publish an infinite rate as "no rate".
		if math.IsNaN(r.FormulaPct) || math.IsInf(r.FormulaPct, 0) {
			return &errs.Error{Op: "tariffs reciprocal", Kind: errs.Invalid, Field: "--epsilon/--phi",
				Err: fmt.Errorf("the formula gives %s a rate of %v at ε = %g, φ = %g", r.Code, r.FormulaPct, o.method.Epsilon, o.method.Phi)}
		}
	}
	tariffs.SortByDeficit(rows)
	return o.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			rep := tariffs.NewReciprocalReport(o.method, rows)
			rep.SetDatasetNames(worldName)
			return report.WriteJSON(w, rep)
		}
		return reciprocalTable(o.method, rows).Write(w, f)
	})
}

// worldNames maps the code of every economy of the embedded world dataset
// to its name (nil if it does not load, which its own commands report).
var worldNames = sync.OnceValue(func() map[string]string {
	ds, err := data.Default()
	if err != nil {
		return nil
	}
	m := make(map[string]string, len(ds.Countries))
	for _, c := range ds.Countries {
		m[c.Code] = c.Name
	}
	return m
})

// worldName is the embedded world dataset's name for code, if it has one.
func worldName(code string) (string, bool) {
	n, ok := worldNames()[code]
	return n, ok
}

// partnerName is the name the tariffs commands print for a partner of the
// US tariff record: the world dataset's where it has the code, so that a
// partner reads as it does in solve, nash or coalition ("Burma", "Russian
// Federation", not the record's "Myanmar (Burma)", "Russia"), else the
// record's (Liechtenstein, Tuvalu: economies the dataset lacks), else "".
func partnerName(code string) string {
	if n, ok := worldName(code); ok {
		return n
	}
	n, _ := tariffs.Name(code)
	return n
}

// optPct prints a published rate, "–" when the partner has none.
func optPct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return report.Num(v, 0)
}

func reciprocalTable(m tariffs.Method, rows []tariffs.Row) *report.Table {
	t := &report.Table{
		Title: fmt.Sprintf("Reciprocal tariff formula (ε=%g, φ=%g, floor %g%%, half=%v), Census 2024, USD mn, by US deficit",
			m.Epsilon, m.Phi, m.FloorPct, m.Half),
		Columns: []string{"code", "name", "us_imports", "us_exports", "deficit", "deficit/imports %", "formula %",
			"chart %", "annex %", "7 Aug 2025 %", "flag"},
		Numeric: []bool{false, false, true, true, true, true, true, true, true, true, false},
	}
	for _, r := range rows {
		aug := optPct(r.Rate20250807Pct)
		if r.Mode20250807 == tariffs.AllIn {
			aug += " all-in"
		}
		name, ok := worldName(r.Code)
		if !ok {
			name = r.Name
		}
		t.Add(r.Code, name, report.Num(r.Imports, 1), report.Num(r.Exports, 1), report.Num(r.Deficit, 1),
			report.Num(r.DeficitOverImports, 1), report.Num(r.FormulaPct, 0), optPct(r.ChartReciprocalPct),
			optPct(r.AnnexPct), aug, r.Flag())
	}
	matched, listed := tariffs.AnnexMatches(rows)
	t.Notes = append(t.Notes,
		fmt.Sprintf("The formula reproduces %d of %d Annex I rates exactly; the flag column shows where formula and published rates differ.", matched, listed),
		"Canada and Mexico were not on the chart (IEEPA fentanyl duties instead).",
		"EUU is the European Union as one partner, as Census counts it and the chart taxed it: the EU27 of 'tariffs effective', the datasets' groups and the coalition game.",
		"7 Aug 2025 %: the EO 14326 reciprocal rate alone; the other IEEPA duties of that date (China's 20% fentanyl duty, Canada's 35% and Mexico's 25% fentanyl/border duties on goods outside USMCA, which is why they show 0 here, Brazil's +40%, India's +25% from 27 Aug) come on top: the aug-2025 schedule and 'tariffs effective' stack them.")
	return t
}

func newTariffsTimelineCommand() *cobra.Command {
	var o outputFlags
	var asOf string
	c := &cobra.Command{
		Use:   "timeline",
		Short: "List the dated US tariff actions of 2025-26, country-level and sectoral, as of a date",
		Long: `List every dated US tariff action of the record: the country-level IEEPA and Section 122
actions and the sectoral measures (Section 232, 301, 122, the IEEPA exemptions, USMCA
treatment), by effective date, each with its last day and its status as of --as-of (default
today): in force, lapsed or upcoming. The notes say what lapsed and what lapses when. The
column "figures" says how tariffs effective uses a sectoral measure (rate: sized by its rate;
scope: a change of coverage sized by the compiled table; none: sets no duty; unsized: a duty
the table cannot size, not in the figures).`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			// Two names of one date: given both, the later on the command
			// line silently won.
			if c.Flags().Changed("as-of") && c.Flags().Changed("date") {
				return &errs.Error{Op: "tariffs timeline", Kind: errs.Invalid, Field: "--as-of/--date", Err: errors.New("give one of them: --date is another name of --as-of")}
			}
			if _, err := tariffs.ParseDate(asOf); err != nil {
				flag := "--as-of"
				if c.Flags().Changed("date") {
					flag = "--date"
				}
				return &errs.Error{Op: "tariffs timeline", Kind: errs.Invalid, Err: fmt.Errorf("%s: %v", flag, err)}
			}
			entries := tariffs.FullTimeline()
			return o.emit(c, func(w io.Writer, f report.Format) error {
				if f == report.JSON {
					return report.WriteJSON(w, timelineJSON(entries, asOf))
				}
				return timelineTable(entries, asOf, f).Write(w, f)
			})
		},
	}
	c.Flags().StringVar(&asOf, "as-of", tariffs.Today(), "the date the status of each action refers to, YYYY-MM-DD")
	// --date is the name `tariffs effective` uses for its date.
	c.Flags().StringVar(&asOf, "date", tariffs.Today(), "the same as --as-of")
	o.add(c)
	return c
}

type actionJSON struct {
	DateEffective string   `json:"date_effective"`
	DateSigned    string   `json:"date_signed"`
	DateEnd       string   `json:"date_end"`
	Status        string   `json:"status"`
	Kind          string   `json:"kind"`
	ID            string   `json:"id,omitempty"`
	Authority     string   `json:"authority"`
	Scope         string   `json:"scope"`
	Measure       string   `json:"measure"`
	RatePct       *float64 `json:"rate_pct"`
	RateText      string   `json:"rate_text"`
	Instrument    string   `json:"instrument"`
	Figures       string   `json:"figures,omitempty"`
	FiguresNote   string   `json:"figures_note,omitempty"`
	Source        string   `json:"source"`
	// Ends: on an action that ends an earlier one, that action's
	// effective date and scope ("2025-08-27 IND").
	Ends string `json:"ends,omitempty"`
}

type timelineDoc struct {
	AsOf    string       `json:"as_of"`
	Actions []actionJSON `json:"actions"`
	Notes   []string     `json:"notes"`
}

func timelineJSON(entries []tariffs.TimelineEntry, asOf string) timelineDoc {
	signed := map[string]string{} // country actions: date + instrument → date signed
	for _, a := range tariffs.Timeline() {
		signed[a.DateEffective+"|"+a.Instrument+"|"+a.Measure] = a.DateSigned
	}
	doc := timelineDoc{AsOf: asOf, Actions: make([]actionJSON, 0, len(entries)), Notes: lapseNotes(entries, asOf)}
	for _, e := range entries {
		j := actionJSON{DateEffective: e.Date, DateEnd: e.End, Status: e.Status(asOf), Kind: e.Kind, ID: e.ID,
			Authority: e.Authority, Scope: e.Scope, Measure: e.Measure, RateText: e.RateText, Instrument: e.Instrument,
			Figures: e.Figures, FiguresNote: e.FiguresNote, Source: e.Source, Ends: e.Ends}
		if e.Kind == "country" {
			j.DateSigned = signed[e.Date+"|"+e.Instrument+"|"+e.Measure]
		}
		if v, err := strconv.ParseFloat(e.RateText, 64); err == nil {
			j.RatePct = &v
		}
		doc.Actions = append(doc.Actions, j)
	}
	return doc
}

// lapseNotes say what lapsed by asOf and what lapses or starts after it.
// The country actions that end with the IEEPA duties are reported once;
// one that a later action ended earlier (India's Russian-oil duty, last day
// 2026-02-06) is reported on its own, with its instrument.
func lapseNotes(entries []tariffs.TimelineEntry, asOf string) []string {
	var lapsed, lapses, starts []string
	ieepa, anyIEEPA := tariffs.IEEPALastDay(), false
	for _, e := range entries {
		name := e.ID
		switch {
		case e.Ends != "":
			name = "the end of the " + e.Ends + " action"
		case name == "":
			name = e.Authority + " " + e.Scope
		}
		lapseName := name
		if e.Kind == "country" && e.Instrument != "" {
			lapseName += " (" + e.Instrument + ")"
		}
		switch {
		case e.Kind == "country" && e.Authority == "IEEPA" && e.End == ieepa:
			anyIEEPA = true // reported once below
		case e.End != "" && e.End < asOf:
			lapsed = append(lapsed, fmt.Sprintf("%s (last day %s)", lapseName, e.End))
		case e.End != "" && e.Date <= asOf:
			lapses = append(lapses, fmt.Sprintf("%s after %s", lapseName, e.End))
		}
		if e.Date > asOf {
			starts = append(starts, fmt.Sprintf("%s from %s", name, e.Date))
		}
	}
	var n []string
	if anyIEEPA {
		what := "Every IEEPA duty still in force (reciprocal, fentanyl/border, Brazil) lapses after " + ieepa
		if ieepa < asOf {
			what = "Lapsed: every IEEPA duty still in force then (reciprocal, fentanyl/border, Brazil), last day " + ieepa
		}
		n = append(n, what+" (Supreme Court, Learning Resources v. Trump, and the EO Ending Certain Tariff Actions, both 2026-02-20; CBP collected them until the Section 122 surcharge began on 2026-02-24).")
	}
	if len(lapsed) > 0 {
		n = append(n, "Lapsed by "+asOf+": "+strings.Join(lapsed, "; ")+".")
	}
	if len(lapses) > 0 {
		n = append(n, "In force on "+asOf+" and lapsing: "+strings.Join(lapses, "; ")+".")
	}
	if len(starts) > 0 {
		n = append(n, "Upcoming after "+asOf+": "+strings.Join(starts, "; ")+".")
	}
	return n
}

func timelineTable(entries []tariffs.TimelineEntry, asOf string, f report.Format) *report.Table {
	t := &report.Table{
		Title:   "US tariff actions 2025-26, as of " + asOf,
		Columns: []string{"effective", "last day", "status", "authority", "id", "scope", "rate", "figures", "measure"},
		Numeric: []bool{false, false, false, false, false, false, false, false, false},
	}
	if f == report.CSV {
		t.Columns = append(t.Columns, "instrument", "figures_note", "source")
	}
	for _, e := range entries {
		scope, rate := e.Scope, e.RateText
		if f != report.CSV {
			scope, rate = clip(scope, 40), clip(rate, 30)
		}
		row := []string{e.Date, e.End, e.Status(asOf), e.Authority, e.ID, scope, rate, e.Figures, e.Measure}
		if f == report.CSV {
			row = append(row, e.Instrument, e.FiguresNote, e.Source)
		}
		t.Add(row...)
	}
	t.Notes = lapseNotes(entries, asOf)
	if f != report.CSV {
		t.Notes = append(t.Notes, "Full scope, rate, instrument and sources: --format csv or json.")
	}
	return t
}

// clip shortens s to n runes for a table cell.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func newTariffsSchedulesCommand() *cobra.Command {
	var o outputFlags
	c := &cobra.Command{
		Use:   "schedules [NAME]",
		Short: "List the named tariff schedules, or one schedule's rates",
		Long: `Without NAME, list the named, dated schedules scenarios can apply to US imports.
With NAME, print its rates by exporter: the total additional US duty with stacking
applied, "additional" (added to the baseline tariff) or "all_in" (a floor on the total).
Names: ` + strings.Join(tariffs.Names(), ", ") + ".",
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return o.emit(c, func(w io.Writer, f report.Format) error { return writeScheduleList(w, f) })
			}
			s, ok := tariffs.Lookup(args[0])
			if !ok {
				return &errs.Error{Op: "tariffs schedules", Kind: errs.Invalid,
					Err: fmt.Errorf("unknown schedule %q (known: %s)", args[0], strings.Join(tariffs.Names(), ", "))}
			}
			return o.emit(c, func(w io.Writer, f report.Format) error { return writeSchedule(w, f, s) })
		},
	}
	o.add(c)
	return c
}

type entryJSON struct {
	Exporter string  `json:"exporter"`
	RatePct  float64 `json:"rate_pct"`
	Mode     string  `json:"mode"`
	Note     string  `json:"note"`
}

type scheduleJSON struct {
	Name        string      `json:"name"`
	Date        string      `json:"date"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Source      string      `json:"source"`
	Stacking    string      `json:"stacking"`
	DefaultPct  float64     `json:"default_pct"`
	Entries     []entryJSON `json:"entries,omitempty"`
}

func toScheduleJSON(s tariffs.Schedule, entries bool) scheduleJSON {
	j := scheduleJSON{Name: s.Name, Date: s.Date, Title: s.Title, Description: s.Description, Source: s.Source,
		Stacking: s.Stacking, DefaultPct: s.DefaultPct}
	if entries {
		j.Entries = []entryJSON{}
		for _, e := range s.Entries {
			j.Entries = append(j.Entries, entryJSON{e.Exporter, e.RatePct, e.Mode.String(), e.Note})
		}
	}
	return j
}

func writeScheduleList(w io.Writer, f report.Format) error {
	all := tariffs.Schedules()
	if f == report.JSON {
		out := make([]scheduleJSON, 0, len(all))
		for _, s := range all {
			out = append(out, toScheduleJSON(s, false))
		}
		return report.WriteJSON(w, map[string]any{"schedules": out})
	}
	t := &report.Table{
		Title:   "US tariff schedules",
		Columns: []string{"name", "date", "default %", "entries", "title"},
		Numeric: []bool{false, false, true, true, false},
	}
	for _, s := range all {
		t.Add(s.Name, s.Date, report.Num(s.DefaultPct, 0), fmt.Sprint(len(s.Entries)), s.Title)
	}
	t.Notes = append(t.Notes, "Show one with: tradebloc tariffs schedules NAME",
		"These hold country-level rates only. The whole regime by sector on any date (Section 232, 301, 122 and IEEPA): tradebloc tariffs effective --date D; in a scenario, schedule: {name: "+tariffs.USRecord+", date: YYYY-MM-DD}.")
	return t.Write(w, f)
}

func writeSchedule(w io.Writer, f report.Format, s tariffs.Schedule) error {
	if f == report.JSON {
		return report.WriteJSON(w, toScheduleJSON(s, true))
	}
	t := &report.Table{
		Title:   fmt.Sprintf("%s (%s): %s", s.Name, s.Date, s.Title),
		Columns: []string{"exporter", "name", "rate %", "mode", "note"},
		Numeric: []bool{false, false, true, false, false},
	}
	for _, e := range s.Entries {
		t.Add(e.Exporter, partnerName(e.Exporter), report.Num(e.RatePct, 1), e.Mode.String(), e.Note)
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("All other partners (except the US): %g%% additional. EUU (the code of the US record and of Census) applies to all 27 EU members: the EU27 of 'tariffs effective', the datasets' groups and the coalition game.", s.DefaultPct))
	for _, a := range tariffs.Aliases() {
		t.Notes = append(t.Notes, fmt.Sprintf("%s pays %s's rate in every schedule (%s).", a.Exporter, a.RateOf, a.Basis))
	}
	t.Notes = append(t.Notes,
		"Stacking: "+s.Stacking,
		s.Description,
		"Source: "+s.Source)
	return t.Write(w, f)
}
