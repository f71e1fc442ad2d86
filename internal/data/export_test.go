package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// sameDataset compares datasets field by field; fmt prints maps sorted and
// floats exactly, and treats NaN (missing macro values) as equal to NaN.
func sameDataset(t *testing.T, want, got *Dataset) {
	t.Helper()
	w, g := fmt.Sprintf("%+v", *want), fmt.Sprintf("%+v", *got)
	if w == g {
		return
	}
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	lo := max(0, i-80)
	t.Fatalf("datasets differ at byte %d:\nwant …%s…\ngot  …%s…", i, w[lo:min(len(w), i+80)], g[lo:min(len(g), i+80)])
}

func roundTrip(t *testing.T, d *Dataset) *Dataset {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	if err := Export(d, dir); err != nil {
		t.Fatal(err)
	}
	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestRoundTripExample(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	sameDataset(t, d, roundTrip(t, d))
}

func TestRoundTripMultiSector(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	// Split the example into two sectors, one without θ, and add extras.
	d2 := d.Clone()
	d2.Sectors = []Sector{{Code: "AGR", Name: "Agriculture", Theta: 8.5}, {Code: "MAN", Name: "Manufacturing"}}
	n := d.N()
	d2.Trade = make([]float64, n*n*2)
	d2.Tariffs = make([]float64, n*n*2)
	for i := range n {
		for j := range n {
			x := d.Trade[d.At(i, j, 0)]
			d2.Trade[d2.At(i, j, 0)] = x / 3
			d2.Trade[d2.At(i, j, 1)] = x - x/3
			d2.Tariffs[d2.At(i, j, 1)] = d.Tariffs[d.At(i, j, 0)]
		}
	}
	d2.Macro = map[string]Macro{"TWN": {Name: "Taiwan", CAPctGDP2023: 14, CAPctGDP2024: 15.7, GDPUSDbn2024: nan(), TariffAppliedWtd: 1.1, TariffSimpleMean: nan(), TariffMFNWeighted: nan()}}
	d2.CurrentAccount = []CAObservation{{"USA", 2024, -4, false}, {"USA", 2026, -3.5, true}}
	back := roundTrip(t, d2)
	sameDataset(t, d2, back)
	if d2.Hash() != back.Hash() {
		t.Error("hash changed in the round trip")
	}
}

// TestRoundTripTariffAbove100: a tariff over 100% (China's 145% of April
// 2025) is exported in percent, so that loading does not refuse it as a
// likely percent, and reads back bit for bit.
func TestRoundTripTariffAbove100(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	d.Tariffs[d.At(0, 2, 0)] = 1.45
	d.Tariffs[d.At(1, 2, 0)] = 0.33490000000000003
	files, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(files["tariffs.csv"]), "importer,exporter,rate_pct\n") || !strings.Contains(string(files["tariffs.csv"]), ",145\n") {
		t.Errorf("tariffs.csv:\n%s", files["tariffs.csv"])
	}
	sameDataset(t, d, roundTrip(t, d))
}

func TestExportRefusesNonEmptyDir(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("x"), 0o644)
	if err := Export(d, dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("Export into a non-empty directory: err = %v", err)
	}
	empty := t.TempDir()
	if err := Export(d, empty); err != nil {
		t.Fatalf("Export into an empty directory: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(empty))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary directory %s left behind", e.Name())
		}
	}
}

// TestExportBadTarget: a target that cannot be written is bad input (exit
// code 2, like every command's --out) naming the path given, never the
// temporary directory; nothing is left behind.
func TestExportBadTarget(t *testing.T) {
	d, err := Load("testdata/example")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	file := filepath.Join(root, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, dir, want string }{
		{"a file", file, "exists and is not a directory"},
		{"under a file", filepath.Join(file, "x"), "not a directory"},
		{"deeper under a file", filepath.Join(file, "x", "y"), "not a directory"},
	} {
		err := Export(d, tc.dir)
		if errs.ExitCode(err) != 2 {
			t.Errorf("%s: exit code %d (%v), want 2", tc.name, errs.ExitCode(err), err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, ".tmp-") {
			t.Errorf("%s: error %q, want %q and no temporary name", tc.name, msg, tc.want)
		}
	}
	left, _ := filepath.Glob(filepath.Join(root, ".*tmp-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestOutputPathErrorKinds: path faults are bad input, the rest I/O.
func TestOutputPathErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{&os.LinkError{Op: "rename", Old: ".x.tmp-1", New: "x", Err: fs.ErrPermission}, 2},
		{&fs.PathError{Op: "mkdir", Path: ".x.tmp-1", Err: syscall.EROFS}, 2},
		{&fs.PathError{Op: "mkdir", Path: "p", Err: syscall.ENOTDIR}, 2},
		{&fs.PathError{Op: "write", Path: ".x.tmp-1/trade.csv", Err: syscall.ENOSPC}, 1},
	} {
		err := OutputPathError("export dataset", "x", tc.err)
		if got := errs.ExitCode(err); got != tc.want {
			t.Errorf("%v: exit code %d, want %d", tc.err, got, tc.want)
		}
		if !strings.HasPrefix(err.Error(), "x: ") || strings.Contains(err.Error(), ".tmp-") {
			t.Errorf("message %q should name x and no temporary path", err)
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Op != "export dataset" {
			t.Errorf("%#v is not an *errs.Error of op export dataset", err)
		}
	}
}
