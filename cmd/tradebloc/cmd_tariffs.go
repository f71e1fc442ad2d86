package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

func init() { register(newTariffsCommand) }

func newTariffsCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "tariffs",
		Short: "The 2025-26 US tariffs: reciprocal formula, schedules, timeline",
		Long: `The US tariff record of 2025-26 (Census 2024 trade, the 2 April 2025 chart and
Annex I, later executive orders) and what is computed from it.`,
		Args: usageArgs(cobra.NoArgs),
	}
	c.AddCommand(newTariffsReciprocalCommand(), newTariffsTimelineCommand(), newTariffsSchedulesCommand())
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
	c.Flags().Float64Var(&o.method.Epsilon, "epsilon", tariffs.USTR.Epsilon, "import demand elasticity ε")
	c.Flags().Float64Var(&o.method.Phi, "phi", tariffs.USTR.Phi, "tariff pass-through to import prices φ")
	c.Flags().Float64Var(&o.method.FloorPct, "floor", tariffs.USTR.FloorPct, "minimum rate in percent")
	c.Flags().BoolVar(&o.method.Half, "half", tariffs.USTR.Half, "halve the rate (the chart's \"discount\")")
	o.add(c)
	return c
}

func runTariffsReciprocal(c *cobra.Command, o tariffsReciprocalOptions) error {
	if err := o.method.Validate(); err != nil {
		return &errs.Error{Op: "tariffs reciprocal", Kind: errs.Invalid, Err: err}
	}
	rows := o.method.Table()
	tariffs.SortByDeficit(rows)
	return o.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			return report.WriteJSON(w, tariffs.NewReciprocalReport(o.method, rows))
		}
		return reciprocalTable(o.method, rows).Write(w, f)
	})
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
		t.Add(r.Code, r.Name, report.Num(r.Imports, 1), report.Num(r.Exports, 1), report.Num(r.Deficit, 1),
			report.Num(r.DeficitOverImports, 1), report.Num(r.FormulaPct, 0), optPct(r.ChartReciprocalPct),
			optPct(r.AnnexPct), aug, r.Flag())
	}
	matched, listed := tariffs.AnnexMatches(rows)
	t.Notes = append(t.Notes,
		fmt.Sprintf("The formula reproduces %d of %d Annex I rates exactly; the flag column shows where formula and published rates differ.", matched, listed),
		"Canada and Mexico were not on the chart (IEEPA fentanyl duties instead).")
	return t
}

func newTariffsTimelineCommand() *cobra.Command {
	var o outputFlags
	c := &cobra.Command{
		Use:   "timeline",
		Short: "List the dated US tariff actions of 2025-26",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			acts := tariffs.Timeline()
			return o.emit(c, func(w io.Writer, f report.Format) error {
				if f == report.JSON {
					return report.WriteJSON(w, timelineJSON(acts))
				}
				return timelineTable(acts, f).Write(w, f)
			})
		},
	}
	o.add(c)
	return c
}

type actionJSON struct {
	DateEffective string   `json:"date_effective"`
	DateSigned    string   `json:"date_signed"`
	Scope         string   `json:"scope"`
	Measure       string   `json:"measure"`
	RatePct       *float64 `json:"rate_pct"`
	Instrument    string   `json:"instrument"`
	Source        string   `json:"source"`
}

func timelineJSON(acts []tariffs.Action) map[string][]actionJSON {
	out := make([]actionJSON, 0, len(acts))
	for _, a := range acts {
		j := actionJSON{DateEffective: a.DateEffective, DateSigned: a.DateSigned, Scope: a.Scope, Measure: a.Measure,
			Instrument: a.Instrument, Source: a.Source}
		if a.HasRate() {
			r := a.RatePct
			j.RatePct = &r
		}
		out = append(out, j)
	}
	return map[string][]actionJSON{"actions": out}
}

func timelineTable(acts []tariffs.Action, f report.Format) *report.Table {
	t := &report.Table{
		Title:   "US tariff actions 2025-26",
		Columns: []string{"effective", "signed", "scope", "rate %", "instrument", "measure"},
		Numeric: []bool{false, false, false, true, false, false},
	}
	if f == report.CSV {
		t.Columns = append(t.Columns, "source")
	}
	for _, a := range acts {
		rate := ""
		if a.HasRate() {
			rate = report.Num(a.RatePct, 0)
		}
		row := []string{a.DateEffective, a.DateSigned, a.Scope, rate, a.Instrument, a.Measure}
		if f == report.CSV {
			row = append(row, a.Source)
		}
		t.Add(row...)
	}
	if f != report.CSV {
		t.Notes = append(t.Notes, "Sources: see --format csv or json.")
	}
	return t
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
	t.Notes = append(t.Notes, "Show one with: tradebloc tariffs schedules NAME")
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
		name, _ := tariffs.Name(e.Exporter)
		t.Add(e.Exporter, name, report.Num(e.RatePct, 1), e.Mode.String(), e.Note)
	}
	t.Notes = append(t.Notes,
		fmt.Sprintf("All other partners (except the US): %g%% additional. EUU applies to all 27 EU members.", s.DefaultPct))
	for _, a := range tariffs.Aliases() {
		t.Notes = append(t.Notes, fmt.Sprintf("%s pays %s's rate in every schedule (%s).", a.Exporter, a.RateOf, a.Basis))
	}
	t.Notes = append(t.Notes,
		"Stacking: "+s.Stacking,
		s.Description,
		"Source: "+s.Source)
	return t.Write(w, f)
}
