package build

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// source is one input CSV read whole, with columns looked up by name so
// that the generator does not depend on column order.
type source struct {
	path string
	col  map[string]int
	rows [][]string
}

func readSource(dir, name string) (*source, error) {
	p := filepath.Join(dir, name)
	f, err := os.Open(p)
	if err != nil {
		// A missing input means a wrong --from: bad usage, exit code 2.
		return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: p, Err: err}
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("build: %s: %w", p, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("build: %s: no data rows", p)
	}
	s := &source{path: p, col: map[string]int{}, rows: recs[1:]}
	for i, h := range recs[0] {
		s.col[strings.TrimSpace(h)] = i
	}
	return s, nil
}

// get returns column c of row r; it panics on a column the file lacks, which
// is a bug in the generator, not bad data.
func (s *source) get(r []string, c string) string {
	i, ok := s.col[c]
	if !ok {
		panic(fmt.Sprintf("build: %s has no column %q", s.path, c))
	}
	return strings.TrimSpace(r[i])
}

// num parses column c of row k (0-based data row); ok is false for an empty cell.
func (s *source) num(k int, c string) (float64, bool, error) {
	v := s.get(s.rows[k], c)
	if v == "" {
		return 0, false, nil
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, fmt.Errorf("build: %s:%d: %s: %w", s.path, k+2, c, err)
	}
	return x, true, nil
}
