package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Encode renders d in the dataset directory format: file name → content.
// Numbers are written with the shortest representation that parses back to
// the same float64, so Load(Export(d)) reproduces d exactly. Zero flows and
// zero tariffs are left out (missing means 0); domestic sales are written
// explicitly.
func Encode(d *Dataset) (map[string][]byte, error) {
	files := map[string][]byte{}
	put := func(name string, recs [][]string) error {
		b, err := encodeCSV(recs)
		files[name] = b
		return err
	}
	multi := d.S() > 1
	if err := put(countriesFile, countryRows(d)); err != nil {
		return nil, err
	}
	if err := put(tradeFile, flowRows(d, d.Trade, []string{"exporter", "importer"}, "value", multi, false)); err != nil {
		return nil, err
	}
	if recs := tariffRows(d, multi); len(recs) > 1 {
		if err := put(tariffsFile, recs); err != nil {
			return nil, err
		}
	}
	if !(d.S() == 1 && d.Sectors[0] == DefaultSector) {
		if err := put(sectorsFile, sectorRows(d)); err != nil {
			return nil, err
		}
	}
	if d.HasIO() {
		if err := put(valueAddedFile, valueAddedRows(d)); err != nil {
			return nil, err
		}
		if !impliedIO(d) {
			if err := put(ioFile, ioRows(d)); err != nil {
				return nil, err
			}
		}
	}
	if len(d.ElasticitySets) > 0 {
		if err := put(elasticitiesFile, elasticityRows(d)); err != nil {
			return nil, err
		}
	}
	if len(d.Members) > 0 {
		if err := put(membersFile, memberRows(d)); err != nil {
			return nil, err
		}
	}
	if len(d.Macro) > 0 {
		if err := put(macroFile, macroRows(d.Macro)); err != nil {
			return nil, err
		}
	}
	if len(d.CurrentAccount) > 0 {
		if err := put(currentAccountFile, currentAccountRows(d.CurrentAccount)); err != nil {
			return nil, err
		}
	}
	m, err := encodeMeta(d)
	if err != nil {
		return nil, err
	}
	files[metaFile] = m
	return files, nil
}

func countryRows(d *Dataset) [][]string {
	out := [][]string{{"code", "name", "gdp", "group"}}
	for _, c := range d.Countries {
		gdp := ""
		if c.GDP != 0 {
			gdp = formatFloat(c.GDP)
		}
		out = append(out, []string{c.Code, c.Name, gdp, strings.Join(c.Groups, ";")})
	}
	return out
}

// flowRows renders a bilateral array. For tariffs the first column is the
// importer (swapped says the array is still indexed exporter first).
func flowRows(d *Dataset, xs []float64, head []string, value string, multi, swapped bool) [][]string {
	h := append([]string{}, head...)
	if multi {
		h = append(h, "sector")
	}
	out := [][]string{append(h, value)}
	n := d.N()
	for a := 0; a < n; a++ {
		for b := 0; b < n; b++ {
			i, j := a, b
			if swapped {
				i, j = b, a
			}
			for s := range d.Sectors {
				x := xs[d.At(i, j, s)]
				if x == 0 {
					continue
				}
				rec := []string{d.Countries[a].Code, d.Countries[b].Code}
				if multi {
					rec = append(rec, d.Sectors[s].Code)
				}
				out = append(out, append(rec, formatFloat(x)))
			}
		}
	}
	return out
}

// tariffRows renders the tariffs as decimals, or in percent (column
// rate_pct, written exactly) when a rate above 100% would otherwise be
// refused on loading as a likely percent.
func tariffRows(d *Dataset, multi bool) [][]string {
	recs := flowRows(d, d.Tariffs, []string{"importer", "exporter"}, "rate", multi, true)
	high := false
	for _, x := range d.Tariffs {
		high = high || TooHighForDecimal(x)
	}
	if !high {
		return recs
	}
	last := len(recs[0]) - 1
	recs[0][last] = "rate_pct"
	for _, r := range recs[1:] {
		x, _ := strconv.ParseFloat(r[last], 64)
		r[last] = FormatPercent(x)
	}
	return recs
}

func sectorRows(d *Dataset) [][]string {
	out := [][]string{{"code", "name", "trade_elasticity"}}
	for _, s := range d.Sectors {
		theta := ""
		if s.Theta != 0 {
			theta = formatFloat(s.Theta)
		}
		out = append(out, []string{s.Code, s.Name, theta})
	}
	return out
}

func encodeCSV(recs [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Export writes d as a dataset directory at dir. It writes into a temporary
// directory beside dir and renames it into place, so dir either does not
// appear or holds the whole dataset. It refuses to overwrite a non-empty
// directory: a dataset directory is replaced deliberately, not by accident.
// A dir that cannot be written (under a file, no permission, a file in its
// place) is bad input, exit code 2, like any output path; errors name dir,
// never the temporary directory.
func Export(d *Dataset, dir string) error {
	files, err := Encode(d)
	if err != nil {
		return &errs.Error{Op: "export dataset", Kind: errs.Other, File: dir, Err: err}
	}
	if err := checkExportTarget(dir); err != nil {
		return err
	}
	tmp, err := WriteTemp(files, dir)
	if err != nil {
		return err
	}
	os.Remove(dir) // an empty existing directory; a no-op when absent
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return OutputPathError("export dataset", dir, err)
	}
	return nil
}

func checkExportTarget(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case errors.Is(err, syscall.ENOTDIR):
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return &errs.Error{Op: "export dataset", Kind: errs.Invalid, File: dir, Err: errors.New("exists and is not a directory")}
		}
		return OutputPathError("export dataset", dir, err) // a parent is a file
	case err != nil:
		return OutputPathError("export dataset", dir, err)
	case len(entries) > 0:
		return &errs.Error{Op: "export dataset", Kind: errs.Invalid, File: dir, Err: fmt.Errorf("directory exists and is not empty")}
	}
	return nil
}

// OutputPathError reports that the output path the user named (a dataset
// directory, or a file in it) cannot be written. The cause is stripped of
// the path the operating system adds, which may be a temporary one the user
// never named. A path at fault — a missing or read-only parent, a file
// where a directory is wanted or the reverse, no permission, a link loop —
// is bad input (exit code 2), as for every command's --out; anything else
// (a full or failing disk) is an I/O error.
func OutputPathError(op, path string, err error) error {
	err = PathCause(err)
	kind := errs.IO
	if PathAtFault(err) {
		kind = errs.Invalid
	}
	return &errs.Error{Op: op, Kind: kind, File: path, Err: fmt.Errorf("cannot write here: %w", err)}
}

// PathCause is err without the path the operating system adds (an
// *fs.PathError's or *os.LinkError's), which may name a temporary file or
// directory the user never named: the caller's error names the path the
// user gave. Every command's output and input errors use it (package
// report too, which imports this one).
func PathCause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// PathAtFault reports whether a file-system error says the path given is
// wrong — missing, or a missing or read-only parent, a file where a
// directory is wanted or the reverse, a non-empty directory or a file in
// the way, no permission, a link loop, a name too long — which is bad
// input (exit code 2), rather than that the machine failed (a full or
// failing disk: an I/O error).
func PathAtFault(err error) bool {
	for _, bad := range []error{fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, syscall.ENOTDIR, syscall.EISDIR,
		syscall.EROFS, syscall.ELOOP, syscall.ENAMETOOLONG, syscall.ENOTEMPTY} {
		if errors.Is(err, bad) {
			return true
		}
	}
	return false
}

// WriteTemp writes files into a new temporary directory beside dir (same
// file system, so it can be renamed into place) and returns its path.
// Errors name dir, not the temporary directory (OutputPathError).
func WriteTemp(files map[string][]byte, dir string) (string, error) {
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", OutputPathError("export dataset", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return "", OutputPathError("export dataset", dir, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return "", OutputPathError("export dataset", dir, err)
	}
	for _, name := range FileNames(files) {
		if err := os.WriteFile(filepath.Join(tmp, name), files[name], 0o644); err != nil {
			os.RemoveAll(tmp)
			return "", OutputPathError("export dataset", filepath.Join(dir, name), err)
		}
	}
	return tmp, nil
}

// FileNames returns the names of an encoded dataset, sorted.
func FileNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// DataFiles lists every file name a dataset directory may hold, so that a
// tool replacing a dataset in place knows which old files to remove.
var DataFiles = []string{countriesFile, tradeFile, tariffsFile, sectorsFile, valueAddedFile, ioFile, elasticitiesFile, membersFile, metaFile, macroFile, currentAccountFile}
