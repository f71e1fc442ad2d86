package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// table is one CSV file of a dataset read whole: the header mapped to column
// positions and every record with the line it starts on, so that every later
// check can name file, line and field.
type table struct {
	file string
	col  map[string]int
	rows []row
}

// row is one record and its 1-based line in the file.
type row struct {
	line   int
	fields []string
}

// readTable parses a CSV file whose header must hold every column in
// required and may hold those in optional, in any order. An unknown or
// repeated column is an error at line 1; so is a file with no data rows.
func readTable(file string, b []byte, required, optional []string) (*table, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // tolerate a UTF-8 byte-order mark from spreadsheets
	r := csv.NewReader(bytes.NewReader(b))
	r.ReuseRecord = false
	header, err := r.Read()
	if err == io.EOF {
		return nil, errs.Invalidf(file, 1, "", "empty file: want a header row with %s", strings.Join(required, ","))
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	t := &table{file: file, col: map[string]int{}}
	known := map[string]bool{}
	for _, c := range required {
		known[c] = true
	}
	for _, c := range optional {
		known[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			return nil, errs.Invalidf(file, 1, "", "empty column name in the header, column %d (a trailing comma?); want %s", i+1, columnList(required, optional))
		}
		if !known[h] {
			return nil, errs.Invalidf(file, 1, Clip(h), "unknown column (want %s)", columnList(required, optional))
		}
		if _, dup := t.col[h]; dup {
			return nil, errs.Invalidf(file, 1, h, "column given twice")
		}
		t.col[h] = i
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, errs.Invalidf(file, 1, c, "missing column (want %s)", columnList(required, optional))
		}
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		t.rows = append(t.rows, row{line: line, fields: rec})
	}
	if len(t.rows) == 0 {
		return nil, errs.Invalidf(file, 2, "", "no data rows")
	}
	return t, nil
}

func columnList(required, optional []string) string {
	s := strings.Join(required, ",")
	if len(optional) > 0 {
		s += " and optionally " + strings.Join(optional, ",")
	}
	return s
}

// csvError turns an encoding/csv error (wrong field count, bad quoting) into
// an Invalid error at the line the parser reports.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return CSVError(file, pe)
	}
	return &errs.Error{Kind: errs.Invalid, File: file, Err: err}
}

// CSVError is bad input at the line and column where encoding/csv found
// a fault (a wrong field count, bad quoting). When the record began on an
// earlier line, the message says so: a quote left open there is where the
// fault lies, though the parser notices only where the quoted field runs
// out, often at the end of the file.
func CSVError(file string, pe *csv.ParseError) *errs.Error {
	line, cause := pe.Line, pe.Err
	if line == 0 {
		line = pe.StartLine
	}
	if pe.StartLine != 0 && pe.StartLine != line {
		cause = fmt.Errorf("%w (in the record that starts on line %d: a quote left open there?)", pe.Err, pe.StartLine)
	}
	return &errs.Error{Kind: errs.Invalid, File: file, Line: line, Col: pe.Column, Err: cause}
}

// get returns column c of r, trimmed; "" when the file has no such column.
func (t *table) get(r row, c string) string {
	i, ok := t.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// errf is an Invalid error at row r, column c of this file.
func (t *table) errf(r row, c, format string, args ...any) error {
	return errs.Invalidf(t.file, r.line, c, format, args...)
}

// number parses column c of r as a finite float. With allowEmpty, an empty
// cell gives (0, false, nil).
func (t *table) number(r row, c string, allowEmpty bool) (float64, bool, error) {
	s := t.get(r, c)
	if s == "" {
		if allowEmpty {
			return 0, false, nil
		}
		return 0, false, t.errf(r, c, "missing value")
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, t.errf(r, c, "not a number: %s", Quote(s))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false, t.errf(r, c, "not a finite number: %s", Quote(s))
	}
	return x, true, nil
}

// nonNegative parses column c as a finite number ≥ 0 (empty allowed when
// allowEmpty, giving 0).
func (t *table) nonNegative(r row, c string, allowEmpty bool) (float64, error) {
	x, _, err := t.number(r, c, allowEmpty)
	if err != nil {
		return 0, err
	}
	if x < 0 {
		return 0, t.errf(r, c, "negative value %v", x)
	}
	return x, nil
}

// codePattern is the shape of a country or sector code (DESIGN §4): short
// enough for tables, safe in file names and scenario selectors.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9_]{2,8}$`)

// ValidCode reports whether s has the shape of a country or sector code
// (DESIGN §4: 2–8 letters, digits or underscores).
func ValidCode(s string) bool { return codePattern.MatchString(s) }

// groupPattern is the shape of a group name.
var groupPattern = regexp.MustCompile(`^[A-Za-z0-9_+\-]{1,32}$`)

// code validates a country or sector code in column c.
func (t *table) code(r row, c string) (string, error) {
	s := t.get(r, c)
	if !codePattern.MatchString(s) {
		return "", t.errf(r, c, "bad code %s (want 2–8 letters, digits or underscores)", Quote(s))
	}
	return s, nil
}

// formatFloat writes x so that strconv.ParseFloat gives back the same bits.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// clipRunes is how much of an input value an error message quotes.
const clipRunes = 40

// Clip shortens s to its first 40 characters and "…" for an error
// message: a cell or key can be megabytes long (a stray quote swallows the
// rest of a file), and the message must stay one readable line.
func Clip(s string) string {
	if utf8.RuneCountInString(s) <= clipRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == clipRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Quote is strconv.Quote of Clip(s): how error messages show an input value.
func Quote(s string) string { return strconv.Quote(Clip(s)) }
