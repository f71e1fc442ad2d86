package build

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// source is one input CSV read whole, with columns looked up by name so
// that the generator does not depend on column order. Every problem with an
// input table — missing, unreadable, malformed, a column or a value missing
// — is bad input (exit code 2) naming the file, and the line and column
// where there is one: the compiled tables are data the user can edit.
type source struct {
	path  string // as opened: relative to the working directory when --from is
	col   map[string]int
	rows  [][]string
	lines []int           // lines[k] is the 1-based line data row k starts on
	cols  map[string]bool // the columns the caller declared (see get)
}

// readSource reads dir/name, whose header must hold every column in
// required; optional columns may be absent (get returns "" for them).
func readSource(dir, name string, required []string, optional ...string) (*source, error) {
	p := filepath.Join(dir, name)
	if readHook != nil {
		readHook(p, required)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, inputError(p, err)
	}
	return parseSource(p, b, required, optional...)
}

// readHook, when set (by tests), sees every table the generator reads with
// the columns it requires.
var readHook func(path string, required []string)

// inputError reports an input file that cannot be read: a wrong --from,
// a missing or unreadable table. The message gives the absolute path, so
// that the file is found whatever the working directory and however --from
// was written (the ICIO files are looked up beside it: ICIODir).
func inputError(p string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := "cannot read the input table: " + err.Error()
	if errors.Is(err, fs.ErrNotExist) {
		msg = "missing input table"
	}
	if abs, aerr := filepath.Abs(p); aerr == nil && abs != p {
		msg += " (" + abs + ")"
	}
	return &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Err: errors.New(msg)}
}

// parseSource parses the content b of the table at path p (see readSource).
func parseSource(p string, b []byte, required []string, optional ...string) (*source, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	header, err := r.Read()
	if err == io.EOF {
		return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Line: 1, Err: fmt.Errorf("empty file: want a header row with %s", strings.Join(required, ","))}
	}
	if err != nil {
		return nil, csvError(p, err)
	}
	s := &source{path: p, col: map[string]int{}, cols: map[string]bool{}}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := s.col[h]; !dup {
			s.col[h] = i
		}
	}
	for _, c := range required {
		s.cols[c] = true
		if _, ok := s.col[c]; !ok {
			return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Line: 1, Field: c,
				Err: fmt.Errorf("missing column (the generator reads %s)", strings.Join(required, ", "))}
		}
	}
	for _, c := range optional {
		s.cols[c] = true
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(p, err)
		}
		line, _ := r.FieldPos(0)
		s.rows = append(s.rows, rec)
		s.lines = append(s.lines, line)
	}
	if len(s.rows) == 0 {
		return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Line: 2, Err: errors.New("no data rows")}
	}
	return s, nil
}

// csvError turns an encoding/csv error (wrong field count, bad quoting)
// into bad input at the line the parser reports.
func csvError(p string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		e := data.CSVError(p, pe)
		e.Op = "build"
		return e
	}
	return &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Err: err}
}

// get returns column c of row r, trimmed; "" for an optional column the
// file lacks. It panics on a column the caller did not declare to
// readSource, whatever the file holds: that is a bug in the generator,
// which every build finds, not bad data.
func (s *source) get(r []string, c string) string {
	if !s.cols[c] {
		panic(fmt.Sprintf("build: column %q of %s read but not declared to readSource", c, filepath.Base(s.path)))
	}
	i, ok := s.col[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r[i])
}

// has reports whether the file has the (optional) column c.
func (s *source) has(c string) bool {
	_, ok := s.col[c]
	return ok
}

// errf is bad input at data row k (0-based), column c.
func (s *source) errf(k int, c, format string, args ...any) error {
	return &errs.Error{Op: "build", Kind: errs.Invalid, File: s.path, Line: s.lines[k], Field: c, Err: fmt.Errorf(format, args...)}
}

// num parses column c of row k (0-based data row) as a finite number; ok
// is false for an empty cell.
func (s *source) num(k int, c string) (float64, bool, error) {
	v := s.get(s.rows[k], c)
	if v == "" {
		return 0, false, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, s.errf(k, c, "not a number: %s", data.Quote(v))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false, s.errf(k, c, "not a finite number: %s", data.Quote(v))
	}
	return x, true, nil
}

// required is num for a cell that must hold a number.
func (s *source) required(k int, c string) (float64, error) {
	x, ok, err := s.num(k, c)
	if err == nil && !ok {
		err = s.errf(k, c, "missing value")
	}
	return x, err
}

// year parses column c of row k as a whole year.
func (s *source) year(k int, c string) (int, error) {
	v := s.get(s.rows[k], c)
	y, err := strconv.Atoi(v)
	if err != nil {
		return 0, s.errf(k, c, "not a whole year: %s", data.Quote(v))
	}
	return y, nil
}
