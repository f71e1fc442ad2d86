// Package report renders results for people and machines: aligned text
// tables, CSV, Markdown and JSON, written atomically (temp file + rename) so a
// failed run never leaves a half-written output.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Format is an output format.
type Format string

// The output formats of `--format`.
const (
	Text     Format = "table"
	JSON     Format = "json"
	CSV      Format = "csv"
	Markdown Format = "md"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, JSON, CSV, Markdown:
		return f, nil
	}
	return "", &errs.Error{Kind: errs.Invalid, Field: "--format", Err: fmt.Errorf("unknown format %q (want table, json, csv or md)", s)}
}

// Table is a titled grid of cells. Right-aligned columns are those whose
// header is listed in NumericCols (or all but the first when NumericCols is nil
// and AutoAlign is true).
type Table struct {
	// Name identifies the table in a CSV of several sections and for
	// --table (lower case, underscores); "" for a report of one table.
	Name    string
	Title   string
	Columns []string
	Rows    [][]string
	Notes   []string // printed under the table in text and Markdown
	// Numeric marks columns to right-align in text output (by index).
	Numeric []bool
}

// Add appends a row.
func (t *Table) Add(cells ...string) { t.Rows = append(t.Rows, cells) }

// WriteText writes the table aligned for a terminal.
func (t *Table) WriteText(w io.Writer) error {
	width := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		width[i] = utf8.RuneCountInString(c)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			if i < len(width) && utf8.RuneCountInString(c) > width[i] {
				width[i] = utf8.RuneCountInString(c)
			}
		}
	}
	var b strings.Builder
	if t.Title != "" {
		b.WriteString(t.Title + "\n")
	}
	line := func(cells []string) {
		for i := range t.Columns {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if i < len(t.Numeric) && t.Numeric[i] {
				b.WriteString(pad + c)
			} else if i == len(t.Columns)-1 {
				b.WriteString(c)
			} else {
				b.WriteString(c + pad)
			}
		}
		b.WriteString("\n")
	}
	line(t.Columns)
	sep := make([]string, len(t.Columns))
	for i := range sep {
		sep[i] = strings.Repeat("-", width[i])
	}
	line(sep)
	for _, r := range t.Rows {
		line(r)
	}
	for _, n := range t.Notes {
		b.WriteString(n + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteCSV writes the header and rows as CSV (no title, no notes).
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Columns); err != nil {
		return err
	}
	if err := cw.WriteAll(t.Rows); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes a GitHub-flavoured Markdown table.
func (t *Table) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	if t.Title != "" {
		b.WriteString("### " + t.Title + "\n\n")
	}
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	b.WriteString("|")
	for _, c := range t.Columns {
		b.WriteString(" " + esc(c) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Columns {
		if i < len(t.Numeric) && t.Numeric[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for i := range t.Columns {
			c := ""
			if i < len(r) {
				c = r[i]
			}
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
	}
	if len(t.Notes) > 0 {
		b.WriteString("\n")
		for _, n := range t.Notes {
			b.WriteString(n + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Write writes the table in a tabular format (text, csv or md).
func (t *Table) Write(w io.Writer, f Format) error {
	switch f {
	case CSV:
		return t.WriteCSV(w)
	case Markdown:
		return t.WriteMarkdown(w)
	case NotesOnly:
		for _, n := range t.Notes {
			if _, err := io.WriteString(w, n+"\n"); err != nil {
				return err
			}
		}
		return nil
	}
	return t.WriteText(w)
}

// WriteCSVTables writes tables as CSV sections, each introduced by a
// "# table: NAME" line (the convention of every multi-table CSV output:
// coalition, plan, data show) and separated by one blank line; with name
// set, only that table, as a plain CSV file. An unknown name is bad usage
// naming the tables there are.
func WriteCSVTables(w io.Writer, tables []*Table, name string) error {
	if name != "" {
		var names []string
		for _, t := range tables {
			if t.Name == name {
				return t.WriteCSV(w)
			}
			names = append(names, t.Name)
		}
		return &errs.Error{Kind: errs.Invalid, Field: "--table", Err: fmt.Errorf("no table %q (tables: %s)", name, strings.Join(names, ", "))}
	}
	for k, t := range tables {
		if k > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if t.Name != "" {
			if _, err := io.WriteString(w, "# table: "+t.Name+"\n"); err != nil {
				return err
			}
		}
		if err := t.WriteCSV(w); err != nil {
			return err
		}
	}
	return nil
}

// Full formats a number for CSV with full precision (the shortest text that
// reads back the same float64); a non-finite number is an empty cell.
func Full(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// USDbn writes an amount in billions of US dollars for prose, the sign
// before the currency ("-$8 bn", never "$-8 bn") and none on a rounded 0.
func USDbn(x float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(x))
	if x < 0 && s != "0" {
		return "-$" + s + " bn"
	}
	return "$" + s + " bn"
}

// Num formats a number for a table with the given decimals; NaN prints "–".
// A value that rounds to zero prints without a sign: a residual of −0.001
// (or a negative zero) at 2 decimals is "0.00", not "-0.00", which reads as
// a direction where there is none.
func Num(x float64, decimals int) string {
	if x != x {
		return "–"
	}
	s := fmt.Sprintf("%.*f", decimals, x)
	if s[0] == '-' && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}
