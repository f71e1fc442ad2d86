package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"syscall"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// The files of a dataset directory (DESIGN §4).
const (
	countriesFile      = "countries.csv"
	tradeFile          = "trade.csv"
	tariffsFile        = "tariffs.csv"
	sectorsFile        = "sectors.csv"
	macroFile          = "macro.csv"
	currentAccountFile = "current_account.csv"
)

// DefaultSector is the one sector of a dataset without sectors.csv.
var DefaultSector = Sector{Code: "ALL", Name: "All goods"}

// Load reads and validates the dataset directory dir. Errors are *errs.Error
// of kind Invalid naming the file, line and field at fault (also when a file
// is a directory, a looping link or unreadable; kind IO only when the disk
// fails); on error the dataset is nil, never half-loaded.
func Load(dir string) (*Dataset, error) {
	d, _, err := LoadWarn(dir)
	return d, err
}

// LoadWarn is Load that also returns the warnings: legal but suspicious
// values, each as file:line: field "f": message (a single flow beyond
// MaxBalancePctGDP % of its exporter's GDP, most likely a typo or a unit
// mix-up). `data validate` prints them.
func LoadWarn(dir string) (*Dataset, []string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, nil, &errs.Error{Op: "load dataset", Kind: errs.Invalid, File: dir, Err: err}
	}
	if !st.IsDir() {
		return nil, nil, &errs.Error{Op: "load dataset", Kind: errs.Invalid, File: dir, Err: errors.New("not a directory")}
	}
	return loadFS(os.DirFS(dir), dir)
}

// LoadFS reads and validates a dataset from the root of fsys. label prefixes
// the file names in error messages (the directory, or "embedded").
func LoadFS(fsys fs.FS, label string) (*Dataset, error) {
	d, _, err := loadFS(fsys, label)
	return d, err
}

// loadFS is LoadFS with the warnings.
func loadFS(fsys fs.FS, label string) (*Dataset, []string, error) {
	l := &loader{fsys: fsys, label: label}
	d, err := l.load()
	if err != nil {
		var e *errs.Error
		if errors.As(err, &e) && e.Op == "" {
			e.Op = "load dataset"
		}
		return nil, nil, err
	}
	return d, l.warnings, nil
}

// loader carries what the steps of one load share.
type loader struct {
	fsys  fs.FS
	label string
	d     *Dataset

	country    map[string]int // code → index
	countryRow []int          // index → line in countries.csv
	sector     map[string]int // code → index

	fallbackLines []int // line in dataset.yaml of each tariff_fallback importer

	warnings []string // see LoadWarn
}

func (l *loader) load() (*Dataset, error) {
	l.d = &Dataset{}
	steps := []func() error{l.checkFileNames, l.loadMeta, l.loadCountries, l.checkTariffFallback, l.loadSectors, l.loadTrade, l.loadTariffs, l.loadValueAdded, l.loadElasticities, l.loadMembers, l.loadMacro, l.loadCurrentAccount}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	l.d.Groups = groupsOf(l.d.Countries)
	return l.d, nil
}

// knownFiles are the CSV files a dataset directory may hold; checkFileNames
// refuses any other.
var knownFiles = []string{countriesFile, tradeFile, tariffsFile, sectorsFile, valueAddedFile, ioFile,
	elasticitiesFile, membersFile, macroFile, currentAccountFile}

// checkFileNames refuses a CSV file in the dataset directory that is not one
// of knownFiles. Optional files are read only by name, so a misspelt
// "tarrifs.csv" would otherwise be skipped without a word and every result
// computed on zero tariffs. Other files (README.md, scenario YAML) and
// subdirectories are left alone.
func (l *loader) checkFileNames() error {
	entries, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		return readError(l.label, err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.EqualFold(path.Ext(name), ".csv") || slices.Contains(knownFiles, name) {
			continue
		}
		msg := fmt.Sprintf("unknown dataset file %s", name)
		if s := errs.Suggest(strings.ToLower(name), knownFiles); s != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", s)
		} else {
			msg += "; a dataset directory holds only " + strings.Join(knownFiles, ", ") + " (and dataset.yaml, README.md)"
		}
		return &errs.Error{Kind: errs.Invalid, File: l.name(name), Err: errors.New(msg)}
	}
	return nil
}

// name is the file name shown in errors.
func (l *loader) name(file string) string {
	if l.label == "" {
		return file
	}
	return path.Join(l.label, file)
}

// read returns a file's bytes; ok is false when an optional file is absent.
func (l *loader) read(file string, required bool) ([]byte, bool, error) {
	b, err := fs.ReadFile(l.fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		if _, lerr := fs.Lstat(l.fsys, file); lerr == nil {
			// A link to a missing file: the user meant to give the file.
			return nil, false, &errs.Error{Kind: errs.Invalid, File: l.name(file), Err: errors.New("symbolic link to a missing file")}
		}
		if required {
			return nil, false, &errs.Error{Kind: errs.Invalid, File: l.name(file), Err: errors.New("missing file")}
		}
		return nil, false, nil
	}
	if err != nil {
		return nil, false, readError(l.name(file), err)
	}
	return b, true, nil
}

// readError reports a dataset file that exists but cannot be read. Where the
// file itself is at fault — a directory in its place, a symbolic link that
// loops or leads nowhere, no read permission — the dataset is bad input
// (exit code 2), as a malformed row would be; only a failing disk is an I/O
// error. The cause is stripped of the path the file system adds ("read
// trade.csv: …"), since the error names the file already.
func readError(file string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, syscall.EISDIR):
		return &errs.Error{Kind: errs.Invalid, File: file, Err: errors.New("is a directory, want a file")}
	case errors.Is(err, syscall.ELOOP):
		return &errs.Error{Kind: errs.Invalid, File: file, Err: errors.New("symbolic link loop (too many levels of symbolic links)")}
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.ENAMETOOLONG), errors.Is(err, fs.ErrInvalid):
		return &errs.Error{Kind: errs.Invalid, File: file, Err: fmt.Errorf("cannot read the file: %w", err)}
	}
	return &errs.Error{Kind: errs.IO, File: file, Err: err}
}

// readTable reads an optional or required CSV file; t is nil when an
// optional file is absent.
func (l *loader) readTable(file string, required bool, cols, optional []string) (*table, error) {
	b, ok, err := l.read(file, required)
	if err != nil || !ok {
		return nil, err
	}
	return readTable(l.name(file), b, cols, optional)
}

func (l *loader) loadMeta() error {
	b, ok, err := l.read(metaFile, false)
	if err != nil {
		return err
	}
	m := meta{Unit: DefaultUnit}
	if ok {
		if m, err = parseMeta(b); err != nil {
			var e *errs.Error
			if errors.As(err, &e) {
				e.File = l.name(metaFile)
			}
			return err
		}
	}
	l.d.Name, l.d.Version, l.d.Year, l.d.Unit = m.Name, m.Version, m.Year, m.Unit
	l.d.Description, l.d.Sources, l.d.Licence, l.d.Coverage = m.Description, m.Sources, m.Licence, m.Coverage
	l.d.USRecordInBaseline = m.USRecordInBaseline
	if tf := m.TariffFallback; tf != nil {
		l.d.TariffFallback = TariffFallback{Pct: tf.Pct, Method: tf.Method, Note: tf.Note, Importers: tf.Importers}
		l.fallbackLines = tf.lines
	}
	return nil
}

// checkTariffFallback refuses a tariff_fallback importer that is not a
// country of countries.csv: outputs mark the importers by code, and a
// misspelt one would leave its economy unmarked without a word.
func (l *loader) checkTariffFallback() error {
	for k, code := range l.d.TariffFallback.Importers {
		if _, ok := l.country[code]; !ok {
			return errs.Invalidf(l.name(metaFile), l.fallbackLines[k], "tariff_fallback.importers", "%s is not a country of %s", Quote(code), countriesFile)
		}
	}
	return nil
}

// groupsOf maps each group to its members in country order.
func groupsOf(cs []Country) map[string][]string {
	g := map[string][]string{}
	for _, c := range cs {
		for _, name := range c.Groups {
			g[name] = append(g[name], c.Code)
		}
	}
	return g
}
