package scenario

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/numparse"
)

// csvTable is a CSV file named by a scenario, read whole with the position of
// every cell, so that a bad value is reported as file:line:column and column
// name, not as "bad rates file".
type csvTable struct {
	file string
	col  map[string]int
	rows []csvRow
}

type csvRow struct {
	cells []string
	pos   []Pos // per cell
}

// readCSVTable parses b, whose header must hold every column of required
// and may hold those of optional; header says in words what the header row
// holds, for an empty file.
func readCSVTable(file string, b []byte, required, optional []string, header string) (*csvTable, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // spreadsheets write a byte-order mark
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1 // checked below with a better message
	r.TrimLeadingSpace = true
	cols, err := r.Read()
	if err == io.EOF {
		return nil, Pos{File: file, Line: 1}.errorf("empty file: want a header row with the columns %s", header)
	}
	if err != nil {
		return nil, csvSyntax(file, err)
	}
	t := &csvTable{file: file, col: make(map[string]int, len(cols))}
	for k, h := range cols {
		h = strings.TrimSpace(h)
		_, col := r.FieldPos(k)
		at := Pos{File: file, Line: 1, Col: col, Field: h}
		if h == "" {
			return nil, at.errorf("empty column name in the header (a trailing comma?); want %s", columnList(required, optional))
		}
		if !contains(required, h) && !contains(optional, h) {
			return nil, at.errorf("unknown column %q (want %s)", h, columnList(required, optional))
		}
		if _, dup := t.col[h]; dup {
			return nil, at.errorf("column %q given twice", h)
		}
		t.col[h] = k
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, Pos{File: file, Line: 1, Field: c}.errorf("missing column %q (want %s)", c, columnList(required, optional))
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvSyntax(file, err)
		}
		row := csvRow{cells: rec, pos: make([]Pos, len(cols))}
		for k, h := range cols {
			line, col := r.FieldPos(min(k, len(rec)-1))
			row.pos[k] = Pos{File: file, Line: line, Col: col, Field: strings.TrimSpace(h)}
		}
		if len(rec) != len(cols) {
			line, _ := r.FieldPos(0)
			return nil, Pos{File: file, Line: line}.errorf("%d fields, want %d as in the header", len(rec), len(cols))
		}
		t.rows = append(t.rows, row)
	}
	if len(t.rows) == 0 {
		return nil, Pos{File: file, Line: 2}.errorf("no data rows")
	}
	return t, nil
}

// csvSyntax locates a parse error of encoding/csv.
func csvSyntax(file string, err error) error {
	if pe, ok := err.(*csv.ParseError); ok {
		return Pos{File: file, Line: pe.Line, Col: pe.Column}.errorf("CSV: %v", pe.Err)
	}
	return Pos{File: file}.errorf("CSV: %v", err)
}

func columnList(required, optional []string) string {
	s := strings.Join(required, ",")
	if len(optional) > 0 {
		s += " and optionally " + strings.Join(optional, ",")
	}
	return s
}

// has reports whether the table has column c.
func (t *csvTable) has(c string) bool { _, ok := t.col[c]; return ok }

// text returns a cell (trimmed) and its position; "" when the column is absent.
func (t *csvTable) text(row csvRow, c string) (string, Pos) {
	k, ok := t.col[c]
	if !ok {
		return "", Pos{}
	}
	return strings.TrimSpace(row.cells[k]), row.pos[k]
}

// ref returns a required name cell.
func (t *csvTable) ref(row csvRow, c string) (Ref, error) {
	s, at := t.text(row, c)
	if s == "" {
		return Ref{}, at.errorf("empty %s", c)
	}
	return Ref{Name: s, Pos: at}, nil
}

// optRef returns an optional name cell (Name "" when empty or absent).
func (t *csvTable) optRef(row csvRow, c string) Ref {
	s, at := t.text(row, c)
	return Ref{Name: s, Pos: at}
}

// number returns a finite number cell.
func (t *csvTable) number(row csvRow, c string) (float64, Pos, error) {
	s, at := t.text(row, c)
	x, err := numparse.Float(s)
	if err != nil {
		return 0, at, at.errorf("%s", numparse.Explain(s, err))
	}
	return x, at, nil
}

// readRates parses a tariff rates file: exporter, rate (decimals) or
// rate_pct (percent), and optionally sector. A value with a "%" sign is a
// percent in either column; a decimal above 1 is refused as a likely
// percent, as in a scenario's `rate:`.
func readRates(file string, b []byte) ([]RateRow, error) {
	t, err := readCSVTable(file, b, []string{"exporter"}, []string{"rate", "rate_pct", "sector"}, "exporter,rate (or rate_pct for percent) and optionally sector")
	if err != nil {
		return nil, err
	}
	col, pct := "rate", false
	switch {
	case t.has("rate") && t.has("rate_pct"):
		return nil, Pos{File: file, Line: 1, Field: "rate_pct"}.errorf("give one of the columns rate (decimals) or rate_pct (percent), not both")
	case t.has("rate_pct"):
		col, pct = "rate_pct", true
	case !t.has("rate"):
		return nil, Pos{File: file, Line: 1, Field: "rate"}.errorf("missing column: want rate (decimals, 0.25 = 25%%) or rate_pct (percent)")
	}
	unit := "as decimals in column rate, 0.25 = 25%"
	if pct {
		unit = "in percent in column rate_pct, 25 = 25%"
	}
	out := make([]RateRow, 0, len(t.rows))
	first := map[[2]string]int{} // exporter, sector → line: a second row would silently win
	for _, row := range t.rows {
		var rr RateRow
		if rr.Exporter, err = t.ref(row, "exporter"); err != nil {
			return nil, err
		}
		rr.Sector = t.optRef(row, "sector")
		if err := noDuplicate(first, [2]string{rr.Exporter.Name, rr.Sector.Name}, rr.Exporter.Pos, "exporter "+rr.Exporter.Name, rr.Sector.Name); err != nil {
			return nil, err
		}
		cell, at := t.text(row, col)
		rr.Pos = at
		if err := decimalRate(cell); err != nil {
			return nil, at.errorf("%s (this file gives rates %s)", numparse.Explain(cell, err), unit)
		}
		rate, percent, err := data.ParseRate(cell, pct)
		if err != nil {
			return nil, at.errorf("want a rate, got %q (this file gives rates %s)", cell, unit)
		}
		if !percent && data.TooHighForDecimal(rate) {
			return nil, at.errorf("rate %s, \"%s%%\", or name the column rate_pct (this file gives rates %s); for %s%% write \"%s%%\"", data.DecimalHint(rate), cell, unit, data.PercentText(rate), data.PercentText(rate))
		}
		if rate <= -1 {
			return nil, at.errorf("tariff rate must be > −1 (−100%%), got %s (this file gives rates %s)", cell, unit)
		}
		rr.Rate = rate
		out = append(out, rr)
	}
	return out, nil
}

// decimalRate checks that a rate written as text ("0.25", "25%") is a
// plain decimal number, with an optional % sign: data.ParseRate, as
// strconv, would also take 0x1p-2 or 1_0 and read 1e-400 as 0.
func decimalRate(s string) error {
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	_, err := numparse.Float(t)
	return err
}

// noDuplicate refuses a second row for the same key (first maps each key to
// its line): the later row would silently override the earlier, which is
// more likely a copy-paste slip than intent. Different spellings of one
// country (a code and a group holding it, "*" and a code) stay allowed:
// "everyone 10%, CHN 50%" is a natural file.
func noDuplicate(first map[[2]string]int, key [2]string, at Pos, what, sector string) error {
	if line, dup := first[key]; dup {
		if sector != "" {
			what += ", sector " + sector
		}
		return at.errorf("duplicate row for %s (first on line %d)", what, line)
	}
	first[key] = at.Line
	return nil
}

// readCosts parses a trade-cost file: exporter,importer and one of
// partial_effect or factor, and optionally sector.
func readCosts(file string, b []byte) ([]CostRow, error) {
	t, err := readCSVTable(file, b, []string{"exporter", "importer"}, []string{"partial_effect", "factor", "sector"}, "exporter,importer,partial_effect (or factor) and optionally sector")
	if err != nil {
		return nil, err
	}
	measure, col := PartialEffect, "partial_effect"
	switch {
	case t.has("partial_effect") && t.has("factor"):
		return nil, Pos{File: file, Line: 1, Field: "factor"}.errorf("give one of the columns partial_effect or factor, not both")
	case t.has("factor"):
		measure, col = Factor, "factor"
	case !t.has("partial_effect"):
		return nil, Pos{File: file, Line: 1, Field: "partial_effect"}.errorf("missing column: want partial_effect or factor")
	}
	out := make([]CostRow, 0, len(t.rows))
	first := map[[2]string]int{} // exporter>importer, sector → line
	for _, row := range t.rows {
		cr := CostRow{Measure: measure}
		if cr.Exporter, err = t.ref(row, "exporter"); err != nil {
			return nil, err
		}
		if cr.Importer, err = t.ref(row, "importer"); err != nil {
			return nil, err
		}
		cr.Sector = t.optRef(row, "sector")
		pair := cr.Exporter.Name + ">" + cr.Importer.Name
		if err := noDuplicate(first, [2]string{pair, cr.Sector.Name}, cr.Exporter.Pos, "exporter "+cr.Exporter.Name+", importer "+cr.Importer.Name, cr.Sector.Name); err != nil {
			return nil, err
		}
		if cr.Value, cr.Pos, err = t.number(row, col); err != nil {
			return nil, err
		}
		if err := checkCost(measure, cr.Value); err != nil {
			return nil, cr.Pos.errorf("%v", err)
		}
		out = append(out, cr)
	}
	return out, nil
}
