package coalition

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

// Section is one table of the report in two renderings: Text for people
// (rounded, as printed by WriteText; nil for a table that only machines
// get, its content being in the report's sentences) and CSV for machines
// (one value per cell, full precision, units in the headers; CSV.Numeric
// marks the columns that hold numbers, empty where there is none).
type Section struct {
	Name string
	Text *report.Table
	CSV  *report.Table
}

// column is one column of a section: its text and CSV headers; an empty
// header leaves the column out of that rendering.
type column struct {
	text, csv string
	numeric   bool
}

// cell is one value in both renderings.
type cell struct{ text, csv string }

func newSection(name, title string, textOnly bool, cols ...column) *Section {
	s := &Section{Name: name, CSV: &report.Table{Title: title}}
	if !textOnly {
		s.Text = &report.Table{Title: title}
	}
	for _, c := range cols {
		if c.csv != "" {
			s.CSV.Columns = append(s.CSV.Columns, c.csv)
			s.CSV.Numeric = append(s.CSV.Numeric, c.numeric)
		}
		if s.Text != nil && c.text != "" {
			s.Text.Columns = append(s.Text.Columns, c.text)
			s.Text.Numeric = append(s.Text.Numeric, c.numeric)
		}
	}
	return s
}

// add appends a row of cells, one per column of cols.
func (s *Section) add(cols []column, cells ...cell) {
	var tr, cr []string
	for k, c := range cells {
		if cols[k].csv != "" {
			cr = append(cr, c.csv)
		}
		if cols[k].text != "" {
			tr = append(tr, c.text)
		}
	}
	s.CSV.Add(cr...)
	if s.Text != nil {
		s.Text.Add(tr...)
	}
}

func full(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func num(x float64, decimals int) cell { return cell{report.Num(x, decimals), full(x)} }
func txt(s string) cell                { return cell{s, s} }

// memberCell is a membership: "(none)" for people, empty in CSV (as in the
// payoff tables `coalition stability` reads).
func memberCell(ms []string) cell { return cell{members(ms), strings.Join(ms, "+")} }
func yesNo(b bool) cell           { return cell{yes(b), strconv.FormatBool(b)} }

// optNum is a number that may be missing: none in text, empty in CSV.
func optNum(x *float64, decimals int, none string) cell {
	if x == nil {
		return cell{none, ""}
	}
	return num(*x, decimals)
}

// WriteCSV writes every section, each after a "# table: NAME" line and
// separated by a blank line, or with name set only that section, as plain
// CSV. An unknown name is a usage error that lists the names.
func (r *Report) WriteCSV(w io.Writer, name string) error {
	secs, err := r.pick(name)
	if err != nil {
		return err
	}
	return writeSections(w, secs, name == "")
}

// writeSections writes sections as CSV, each introduced by a "# table: NAME"
// line and separated by a blank line when named is set.
func writeSections(w io.Writer, secs []*Section, named bool) error {
	for k, s := range secs {
		if named {
			if k > 0 {
				if _, err := io.WriteString(w, "\n"); err != nil {
					return err
				}
			}
			if _, err := io.WriteString(w, "# table: "+s.Name+"\n"); err != nil {
				return err
			}
		}
		cw := csv.NewWriter(w)
		if err := cw.Write(s.CSV.Columns); err != nil {
			return err
		}
		if err := cw.WriteAll(s.CSV.Rows); err != nil {
			return err
		}
	}
	return nil
}

// WriteTable writes one section for people (text or Markdown); a CSV-only
// section is shown with its CSV headers and full precision.
func (r *Report) WriteTable(w io.Writer, f report.Format, name string) error {
	secs, err := r.pick(name)
	if err != nil {
		return err
	}
	t := secs[0].Text
	if t == nil {
		t = secs[0].CSV
	}
	return t.Write(w, f)
}

// TableNames are the names of every table a coalition report can have
// (conduits with routes-form transshipment, target_response when the
// targets answer, bands unless --no-bands, counter_bloc* with a
// counter-bloc what-if, counter_game with --counter, payoffs with
// --payoffs), in the order of Sections.
var TableNames = []string{"stable", "accession", "candidates", "threats", "lessons", "leading_targets", "conduits", "target_response", "bands",
	"counter_bloc", "counter_bloc_balance", "counter_game", "summary", "payoffs"}

// CheckTableName reports a --table value that no report can have, before
// the game is played.
func CheckTableName(name string) error {
	if name == "" || slices.Contains(TableNames, name) {
		return nil
	}
	return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: fmt.Errorf("no table %q (tables: %s)", name, strings.Join(TableNames, ", "))}
}

// SectionNames lists the names --table accepts for this report.
func (r *Report) SectionNames() []string {
	var out []string
	for _, s := range r.Sections() {
		out = append(out, s.Name)
	}
	return out
}

func (r *Report) pick(name string) ([]*Section, error) {
	secs := r.Sections()
	if name == "" {
		return secs, nil
	}
	for _, s := range secs {
		if s.Name == name {
			return []*Section{s}, nil
		}
	}
	return nil, &errs.Error{Kind: errs.Invalid, Field: "--table", Err: fmt.Errorf("no table %q in this report (tables: %s)", name, strings.Join(r.SectionNames(), ", "))}
}

// WriteExplainCSV writes --explain's tables as CSV sections: why each
// candidate is in or out, and every welfare change.
func WriteExplainCSV(w io.Writer, d *CoalitionDoc) error {
	sc := []column{{"", "candidate", false}, {"", "member", false}, {"", "status", false}, {"", "gain from joining (pp)", true},
		{"", "gain from leaving with the defector penalty (pp)", true}, {"", "reason", false}}
	st := newSection("candidates", "", true, sc...)
	for _, s := range d.CandidatesStatus {
		st.add(sc, txt(s.Code), yesNo(s.Member), txt(s.Status), num(s.JoinGainPct, 3), optNum(s.LeaveGainPct, 3, ""), txt(s.Reason))
	}
	wc := []column{{"", "country or player", false}, {"", "welfare (%)", true}}
	wt := newSection("welfare", "", true, wc...)
	for _, k := range sortedKeys(d.WelfarePct) {
		wt.add(wc, txt(k), num(d.WelfarePct[k], 3))
	}
	vc := []column{{"", "measure", false}, {"", "value", false}}
	vt := newSection("verdicts", "", true, vc...)
	for _, kv := range [][2]string{
		{"members", strings.Join(d.Members, "+")}, {"internally stable", strconv.FormatBool(d.InternallyStable)},
		{"externally stable", strconv.FormatBool(d.ExternallyStable)}, {"group stable", strconv.FormatBool(d.GroupStable)},
		{"leader welfare with no members (%)", full(d.LeaderWelfareNoBlocPct)}, {"transshipment leakage (%)", full(d.LeakagePct)},
		{"model solves (count)", strconv.Itoa(d.Solves)},
	} {
		vt.add(vc, txt(kv[0]), txt(kv[1]))
	}
	return writeSections(w, []*Section{vt, st, wt}, true)
}
