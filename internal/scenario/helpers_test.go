package scenario

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// smallCodes are the countries of the hand-made test dataset.
var smallCodes = []string{"USA", "CHN", "DEU", "FRA", "MEX", "CAN", "JPN"}

// smallDataset is a 7-country, 2-sector dataset with distinct baseline
// tariffs on every foreign pair, so that "baseline + x" checks cannot pass by
// accident with zeros.
func smallDataset() *data.Dataset {
	ds := &data.Dataset{Name: "small", Unit: "USD million"}
	for _, c := range smallCodes {
		ds.Countries = append(ds.Countries, data.Country{Code: c, Name: c})
	}
	ds.Sectors = []data.Sector{{Code: "AGR", Name: "Agriculture", Theta: 4}, {Code: "MAN", Name: "Manufacturing", Theta: 6}}
	N, S := ds.N(), ds.S()
	ds.Trade = make([]float64, N*N*S)
	ds.Tariffs = make([]float64, N*N*S)
	for i := range N {
		for j := range N {
			for s := range S {
				ds.Trade[ds.At(i, j, s)] = 100
				if i != j {
					ds.Tariffs[ds.At(i, j, s)] = 0.01*float64(i+1) + 0.001*float64(j) + 0.0001*float64(s)
				}
			}
		}
	}
	ds.Groups = map[string][]string{"EU27": {"DEU", "FRA"}, "USMCA": {"USA", "MEX", "CAN"}, "G7": {"USA", "DEU", "FRA", "CAN", "JPN"}}
	return ds
}

// idx returns the index of a code in the small dataset.
func idx(t testing.TB, ds *data.Dataset, code string) int {
	t.Helper()
	i, ok := ds.Index(code)
	if !ok {
		t.Fatalf("no %s in dataset", code)
	}
	return i
}

// writeFiles writes name → content into a temporary directory and returns it.
func writeFiles(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// asInvalid checks that err is an Invalid *errs.Error and returns it.
func asInvalid(t testing.TB, err error) *errs.Error {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var e *errs.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is %T, not *errs.Error", err, err)
	}
	if e.Kind != errs.Invalid {
		t.Fatalf("error %v has kind %v, want Invalid", err, e.Kind)
	}
	return e
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
