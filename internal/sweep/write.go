package sweep

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tradebloc/tradebloc/internal/report"
)

// largest is how many economies the text report's welfare table lists.
const largest = 20

// Tables are the report's tables: coalitions (coalition scenarios), the
// leader's outputs, and real income for the largest economies (text) or
// every band (CSV, when all is set).
func (r *Report) Tables(all bool) []*report.Table {
	var out []*report.Table
	if len(r.Coalitions) > 0 {
		t := &report.Table{Name: "coalitions", Title: fmt.Sprintf("Coalitions stable at some point (%s)", r.Over),
			Columns: []string{"members", "stable share", "leading share"}, Numeric: []bool{false, true, true}}
		for _, c := range r.Coalitions {
			lead := ""
			if c.LeadingShare != nil {
				lead = share(*c.LeadingShare, all)
			}
			t.Add(membersText(c.Members, all), share(c.StableShare, all), lead)
		}
		t.Notes = append(t.Notes, "Stable share: the share of points at which the coalition is internally and externally stable. Leading share: at which it is the leader's best stable coalition (or, with none stable, where the accession path ends).")
		out = append(out, t)
	}
	cols := []string{"code", "output", "p10", "p50", "p90", "min", "max"}
	num := []bool{false, false, true, true, true, true, true}
	if all {
		// CSV keeps every column; the central result is added after them.
		if r.Central != nil {
			cols, num = append(cols, "central"), append(num, true)
		}
		t := &report.Table{Name: "bands", Columns: cols, Numeric: num}
		for _, code := range sortedCodes(r.Countries) {
			for _, name := range sortedKeys(r.Countries[code]) {
				b := r.Countries[code][name]
				row := []string{code, name, report.Full(b.P10), report.Full(b.P50), report.Full(b.P90), report.Full(b.Min), report.Full(b.Max)}
				if r.Central != nil {
					row = append(row, r.centralText(code, name, report.Full))
				}
				t.Add(row...)
			}
		}
		return append(out, t)
	}
	if m, ok := r.Countries[r.leader]; ok {
		what := "every output"
		if len(r.Coalitions) > 0 {
			what = "real income under each point's leading coalition"
		}
		t := &report.Table{Title: fmt.Sprintf("%s (%s): %s", r.names[r.leader], r.leader, what)}
		t.Columns, t.Numeric = r.bandColumns("output")
		for _, name := range Outputs {
			if b, ok := m[name]; ok {
				t.Add(r.bandRow(r.leader, name, b, name)...)
			}
		}
		out = append(out, t)
	}
	codes := r.byGDP()
	title := fmt.Sprintf("Real income (welfare %%), the %d largest economies", min(largest, len(codes)))
	if len(r.Coalitions) > 0 {
		title = "Real income (welfare %) under each point's leading coalition"
	}
	t := &report.Table{Title: title}
	t.Columns, t.Numeric = r.bandColumns("code", "name")
	for k, code := range codes {
		if k == largest {
			break
		}
		b, ok := r.Countries[code]["welfare_pct"]
		if !ok {
			continue
		}
		t.Add(r.bandRow(code, "welfare_pct", b, code, r.names[code])...)
	}
	return append(out, t)
}

// fewPoints reports whether the sweep has too few points for percentiles
// (MinPercentilePoints): the text then shows the central result, when
// there is one, and min–max.
func (r *Report) fewPoints() bool { return len(r.Points) < MinPercentilePoints }

// bandColumns are the text tables' columns after the leading ones: p10,
// p50, p90, min, max; or, with few points, central (when solved), min, max.
func (r *Report) bandColumns(lead ...string) ([]string, []bool) {
	cols := append([]string(nil), lead...)
	switch {
	case !r.fewPoints():
		cols = append(cols, "p10", "p50", "p90")
	case r.Central != nil:
		cols = append(cols, "central")
	}
	cols = append(cols, "min", "max")
	num := make([]bool, len(cols))
	for k := len(lead); k < len(cols); k++ {
		num[k] = true
	}
	return cols, num
}

// bandRow is a text row of b, the band of code's output, as bandColumns
// orders it; lead are the first cells.
func (r *Report) bandRow(code, output string, b report.Band, lead ...string) []string {
	row := append([]string(nil), lead...)
	num := func(x float64) string { return report.Num(x, 3) }
	switch {
	case !r.fewPoints():
		row = append(row, num(b.P10), num(b.P50), num(b.P90))
	case r.Central != nil:
		row = append(row, r.centralText(code, output, num))
	}
	return append(row, num(b.Min), num(b.Max))
}

// centralText is the central result of an output, formatted, or "–".
func (r *Report) centralText(code, output string, format func(float64) string) string {
	if x, ok := r.Central[code][output]; ok {
		return format(x)
	}
	return "–"
}

// byGDP lists the banded codes, largest economy first (players that are
// groups, such as EU27, after the countries).
func (r *Report) byGDP() []string {
	codes := sortedCodes(r.Countries)
	sort.SliceStable(codes, func(a, b int) bool { return r.gdp[codes[a]] > r.gdp[codes[b]] })
	return codes
}

// Write renders the report.
func (r *Report) Write(w io.Writer, f report.Format) error {
	switch f {
	case report.JSON:
		return report.WriteJSON(w, r)
	case report.CSV:
		return report.WriteCSVTables(w, r.Tables(true), "")
	}
	var b strings.Builder
	if f == report.Markdown {
		fmt.Fprintf(&b, "## Sweep: %s\n\n", r.Scenario)
	}
	fmt.Fprintf(&b, "Sweep of %q on %s over %s: %d points, %d model solves in %.1f s.\n", r.Scenario, r.Dataset, r.Over, len(r.Points), r.Solves, r.Seconds)
	switch {
	case r.fewPoints() && r.Central != nil:
		fmt.Fprintf(&b, "With %d points, too few for percentiles, the tables give the central result (the scenario at its own parameters, as solve reports it) and the range min–max over the points; JSON and CSV keep p10/p50/p90, which only interpolate between them.\n", len(r.Points))
	case r.fewPoints():
		fmt.Fprintf(&b, "With %d points, too few for percentiles, the tables give the range min–max over the points; JSON and CSV keep p10/p50/p90, which only interpolate between them.\n", len(r.Points))
	case r.Draws:
		b.WriteString("Bands are p10–p90 of the draws (p50 the median); min and max are the extremes.\n")
	default:
		b.WriteString("Every point counts: min–max is the range; p10/p50/p90 interpolate between the sorted points.\n")
	}
	for _, n := range r.Notes {
		b.WriteString("Note: " + n + "\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	for _, t := range r.Tables(false) {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}

func share(x float64, full bool) string {
	if full {
		return report.Full(x)
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

func membersText(ms []string, csv bool) string {
	if len(ms) == 0 && !csv {
		return "(none)"
	}
	return strings.Join(ms, "+")
}

func sortedCodes(m map[string]map[string]report.Band) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys(m map[string]report.Band) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
