package playbook

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/numparse"
	"github.com/tradebloc/tradebloc/internal/report"
)

// Sanctions dataset files. The files themselves are not in the repository
// (they are reference data in ../shared/data/external); the statistics
// computed from them are (sanctions_stats.json), so a playbook run shows
// them whatever directory tradebloc is started from. --sanctions-dir
// recomputes them from the files.
const (
	TIESFile   = "ties_v4_1_imposed_sanctions_extract.csv"
	MartinFile = "martin1992_multilateral_sanctions.csv"
)

// SanctionsStats are statistics computed from TIES v4.1 (imposed sanctions
// 1945–2005 with a primary sender) and Martin (1992) (78 multilateral
// sanctions cases 1939–1983).
type SanctionsStats struct {
	// Dir is the directory the files were read from; "" for the embedded
	// statistics. Source says where the numbers come from in words.
	Dir    string `json:"dir"`
	Source string `json:"source"`
	// TIES: cases, the share that succeeded (the target acquiesced or a
	// settlement was negotiated, TIES's `success` flag) among cases with a
	// known outcome, and the same for US-led cases and for cases where sender
	// and target were formal allies.
	TIESCases          int     `json:"ties_cases"`
	TIESSuccessPct     float64 `json:"ties_success_pct"`
	TIESUSSuccessPct   float64 `json:"ties_us_sender_success_pct"`
	TIESAllySuccessPct float64 `json:"ties_allied_target_success_pct"`
	// Martin: mean cost to the senders (1 net gain … 4 major loss) and the
	// share of cases with high cooperation (coop ≥ 3), for one sender, 2–4
	// and 5 or more: the cost of more senders.
	MartinCases     int                `json:"martin_cases"`
	MartinMeanCost  map[string]float64 `json:"martin_mean_cost_by_senders"`
	MartinHighCoop  map[string]float64 `json:"martin_high_cooperation_pct_by_senders"`
	MartinCaseCount map[string]int     `json:"martin_cases_by_senders"`
}

// sanctionsTable is one of the sanctions CSV files: the cells of the
// columns tradebloc reads, with the line of each row, for errors.
type sanctionsTable struct {
	file string
	rows []sanctionsRow
}

type sanctionsRow struct {
	line  int
	cells map[string]string // the columns asked for, trimmed
}

// readSanctionsCSV reads path, which must have a header row holding every
// column of cols (others are allowed: the published files have dozens) and
// at least one data row. Errors are bad input naming the file, line and
// column.
func readSanctionsCSV(path string, cols []string) (*sanctionsTable, error) {
	b, err := report.ReadInput("sanctions", "sanctions", path)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a spreadsheet's byte-order mark
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, errs.Invalidf(path, 1, "", "empty file: want a header row with the columns %s", strings.Join(cols, ", "))
	}
	if err != nil {
		return nil, csvError(path, err)
	}
	idx := map[string]int{}
	for k, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := idx[h]; dup && slices.Contains(cols, h) {
			return nil, errs.Invalidf(path, 1, h, "column %q given twice", h)
		}
		idx[h] = k
	}
	for _, c := range cols {
		if _, ok := idx[c]; !ok {
			return nil, errs.Invalidf(path, 1, c, "missing column %q (want the columns %s)", c, strings.Join(cols, ", "))
		}
	}
	t := &sanctionsTable{file: path}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(path, err)
		}
		line, _ := r.FieldPos(0)
		row := sanctionsRow{line: line, cells: make(map[string]string, len(cols))}
		for _, c := range cols {
			row.cells[c] = strings.TrimSpace(rec[idx[c]])
		}
		t.rows = append(t.rows, row)
	}
	if len(t.rows) == 0 {
		return nil, errs.Invalidf(path, 2, "", "no data rows")
	}
	return t, nil
}

// csvError locates a syntax error of encoding/csv (a stray quote, a row
// with another number of fields than the header).
func csvError(path string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &errs.Error{Op: "sanctions", Kind: errs.Invalid, File: path, Line: pe.Line, Col: pe.Column, Err: fmt.Errorf("malformed CSV: %v", pe.Err)}
	}
	return errs.Invalidf(path, 0, "", "malformed CSV: %v", err)
}

// flag reads a 0/1 cell; NA or empty is an unknown value (known false).
func (t *sanctionsTable) flag(row sanctionsRow, col, what string) (v, known bool, err error) {
	switch s := row.cells[col]; s {
	case "0", "1":
		return s == "1", true, nil
	case "NA", "":
		return false, false, nil
	default:
		return false, false, errs.Invalidf(t.file, row.line, col, "want 1, 0 or NA (%s), got %q", what, s)
	}
}

// whole reads a whole number from lo to hi.
func (t *sanctionsTable) whole(row sanctionsRow, col string, lo, hi int64, what string) (int64, error) {
	s := row.cells[col]
	v, err := numparse.Int(s, 64)
	if err != nil || v < lo || v > hi {
		return 0, errs.Invalidf(t.file, row.line, col, "want a whole number from %d to %d (%s), got %q", lo, hi, what, s)
	}
	return v, nil
}

// Columns ReadSanctions reads; the files may have others.
var (
	tiesColumns   = []string{"sender", "success", "formal_alliance"}
	martinColumns = []string{"num", "cost", "coop"}
)

// EmbeddedSource is the Source of the embedded statistics.
const EmbeddedSource = "computed from " + TIESFile + " (TIES v4.1, Morgan, Bapat & Kobayashi) and " + MartinFile +
	" (Martin 1992, as shipped in R Zelig) and embedded in tradebloc (internal/playbook/sanctions_stats.json)"

//go:embed sanctions_stats.json
var embeddedStats []byte

// EmbeddedSanctions returns the statistics embedded in the binary, computed
// from the shared files by ReadSanctions (a test checks they agree).
func EmbeddedSanctions() (*SanctionsStats, error) {
	var st SanctionsStats
	if err := json.Unmarshal(embeddedStats, &st); err != nil {
		return nil, fmt.Errorf("embedded sanctions statistics: %w", err)
	}
	st.Dir, st.Source = "", EmbeddedSource
	return &st, nil
}

// ReadSanctions computes the statistics from the two files in dir. A
// directory that is missing or lacks a file, a file without the columns
// read (TIES: sender, success, formal_alliance; Martin: num, cost, coop)
// and a cell that is not what its column holds are bad input (exit 2)
// naming the file, line and column: nothing is skipped silently. TIES's
// success and formal_alliance are 1, 0 or NA (unknown; empty is unknown
// too); Martin's num (senders) is a whole number ≥ 1, cost and coop whole
// numbers on his scales of 1 to 4.
func ReadSanctions(dir string) (*SanctionsStats, error) {
	if dir == "" {
		return nil, &errs.Error{Op: "sanctions", Kind: errs.Invalid, Err: errors.New("no sanctions directory")}
	}
	switch st, err := os.Stat(dir); {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &errs.Error{Op: "sanctions", Kind: errs.Invalid, File: dir, Err: fmt.Errorf("no such directory (want one holding %s and %s)", TIESFile, MartinFile)}
	case err != nil:
		return nil, report.InputError("sanctions", "sanctions", dir, err)
	case !st.IsDir():
		return nil, &errs.Error{Op: "sanctions", Kind: errs.Invalid, File: dir, Err: fmt.Errorf("not a directory (want one holding %s and %s)", TIESFile, MartinFile)}
	}
	ties, err := readSanctionsCSV(filepath.Join(dir, TIESFile), tiesColumns)
	if err != nil {
		return nil, err
	}
	mar, err := readSanctionsCSV(filepath.Join(dir, MartinFile), martinColumns)
	if err != nil {
		return nil, err
	}
	st := &SanctionsStats{Dir: dir, Source: "computed from " + TIESFile + " and " + MartinFile + " in the directory given", TIESCases: len(ties.rows), MartinCases: len(mar.rows),
		MartinMeanCost: map[string]float64{}, MartinHighCoop: map[string]float64{}, MartinCaseCount: map[string]int{}}
	// TIES: success among cases with a known outcome, overall, with the US
	// as sender and between formal allies.
	var n, s, nUS, sUS, nAlly, sAlly int
	for _, r := range ties.rows {
		success, known, err := ties.flag(r, "success", "the target acquiesced or settled")
		if err != nil {
			return nil, err
		}
		ally, allyKnown, err := ties.flag(r, "formal_alliance", "sender and target formal allies")
		if err != nil {
			return nil, err
		}
		if !known {
			continue
		}
		add := func(n, s *int) {
			*n++
			if success {
				*s++
			}
		}
		add(&n, &s)
		if r.cells["sender"] == "USA" {
			add(&nUS, &sUS)
		}
		if ally && allyKnown {
			add(&nAlly, &sAlly)
		}
	}
	if n == 0 {
		return nil, errs.Invalidf(ties.file, 0, "success", "no case with a known outcome (success 1 or 0): no success share to compute")
	}
	share := func(s, n int) float64 {
		if n == 0 {
			return math.NaN() // no such case in the file: no share (JSON null)
		}
		return r3(100 * float64(s) / float64(n))
	}
	st.TIESSuccessPct, st.TIESUSSuccessPct, st.TIESAllySuccessPct = share(s, n), share(sUS, nUS), share(sAlly, nAlly)
	sum := map[string]float64{}
	coop := map[string]int{}
	for _, r := range mar.rows {
		senders, err := mar.whole(r, "num", 1, 1000, "the number of senders")
		if err != nil {
			return nil, err
		}
		c, err := mar.whole(r, "cost", 1, 4, "the cost to the senders, 1 net gain to 4 major loss")
		if err != nil {
			return nil, err
		}
		co, err := mar.whole(r, "coop", 1, 4, "the cooperation among senders, 1 to 4")
		if err != nil {
			return nil, err
		}
		k := "1"
		switch {
		case senders >= 5:
			k = "5+"
		case senders >= 2:
			k = "2-4"
		}
		st.MartinCaseCount[k]++
		sum[k] += float64(c)
		if co >= 3 {
			coop[k]++
		}
	}
	for k, n := range st.MartinCaseCount {
		st.MartinMeanCost[k] = r3(sum[k] / float64(n))
		st.MartinHighCoop[k] = r3(100 * float64(coop[k]) / float64(n))
	}
	return st, nil
}
