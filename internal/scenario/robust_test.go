package scenario

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// TestRateFileOwnImporter: a rates file row whose exporter is the shock's
// only importer selects no pair, and is refused at the row as the same
// shock written in YAML is ("selects no pair"); with several importers the
// row still sets the others' rates.
func TestRateFileOwnImporter(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"one.yaml":  "shocks:\n  - tariff: {importer: USA, file: rates.csv}\n",
		"many.yaml": "shocks:\n  - tariff: {importer: [USA, CHN], file: rates.csv}\n",
		"yaml.yaml": "shocks:\n  - tariff: {importer: USA, exporter: USA, rate: 0.1}\n",
		"rates.csv": "exporter,rate\nCHN,0.3\nUSA,0.2\n",
	})
	ds := smallDataset()
	sc, err := Load(filepath.Join(dir, "one.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(sc, ds)
	e := asInvalid(t, err)
	if e.File != filepath.Join(dir, "rates.csv") || e.Line != 3 || e.Field != "exporter" || !strings.Contains(e.Error(), "selects no pair of different countries") {
		t.Errorf("got %v", e)
	}
	sc, _ = Load(filepath.Join(dir, "yaml.yaml"))
	if _, err := Compile(sc, ds); !strings.Contains(err.Error(), "selects no pair") {
		t.Errorf("YAML: %v", err)
	}
	sc, err = Load(filepath.Join(dir, "many.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Shocks.Tariff[ds.At(idx(t, ds, "USA"), idx(t, ds, "CHN"), 0)]; !near(got, 0.2) {
		t.Errorf("CHN on USA = %v, want 0.2", got)
	}
}

// TestLoadUnreadable: a scenario path that is a directory, or lies under a
// file, is bad input (exit 2) naming it, as a missing one is; before, the
// directory was an I/O error (exit 1) reading "read DIR: is a directory".
func TestLoadUnreadable(t *testing.T) {
	dir := writeFiles(t, map[string]string{"file.yaml": "name: x\n"})
	for _, tc := range []struct{ name, path, want string }{
		{"a directory", dir, "is a directory, not a scenario file"},
		{"under a file", filepath.Join(dir, "file.yaml", "x.yaml"), "cannot read the scenario file: not a directory"},
		{"missing", filepath.Join(dir, "none.yaml"), "cannot read the scenario file: no such file or directory"},
	} {
		for _, load := range []func(string) (*Scenario, error){Load, Resolve} {
			_, err := load(tc.path)
			if errs.ExitCode(err) != 2 || !strings.HasPrefix(err.Error(), tc.path+": ") || !strings.Contains(err.Error(), tc.want) {
				if tc.name == "missing" && strings.Contains(err.Error(), "not a built-in scenario") {
					continue // Resolve's own message for a missing file
				}
				t.Errorf("%s: %v (exit %d), want exit 2 naming the path and %q", tc.name, err, errs.ExitCode(err), tc.want)
			}
		}
	}
}

// TestInputsAndDataDir: a scenario records the files it was read from, and
// a dataset directory that is not there is reported at the `data` key.
func TestInputsAndDataDir(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"s.yaml":    "name: s\ndata: ./nope\nshocks:\n  - tariff: {importer: USA, file: rates.csv}\n",
		"f.yaml":    "data: rates.csv\n",
		"ok.yaml":   "data: ds\n",
		"rates.csv": "exporter,rate\nCHN,0.3\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "ds"), 0o755); err != nil {
		t.Fatal(err)
	}
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "s.yaml"), filepath.Join(dir, "rates.csv")}; !slices.Equal(sc.Inputs, want) {
		t.Errorf("Inputs %v, want %v", sc.Inputs, want)
	}
	e := asInvalid(t, sc.CheckDataDir())
	if e.File != filepath.Join(dir, "s.yaml") || e.Line != 2 || e.Col != 7 || e.Field != "data" ||
		!strings.Contains(e.Error(), "no dataset directory "+filepath.Join(dir, "nope")+" (./nope resolved against the scenario's directory)") {
		t.Errorf("missing data: %v", e)
	}
	sc, _ = Load(filepath.Join(dir, "f.yaml"))
	if e := asInvalid(t, sc.CheckDataDir()); e.Line != 1 || !strings.Contains(e.Error(), "is a file, not a dataset directory") {
		t.Errorf("data names a file: %v", e)
	}
	sc, _ = Load(filepath.Join(dir, "ok.yaml"))
	if err := sc.CheckDataDir(); err != nil {
		t.Errorf("existing directory: %v", err)
	}
	b, _ := Builtin("liberation-day")
	if err := b.CheckDataDir(); err != nil || len(b.Inputs) != 0 {
		t.Errorf("built-in: %v, inputs %v", err, b.Inputs)
	}
}
