package scenario

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

var requiredBuiltins = []string{"liberation-day", "pause-2025-04", "aug-2025", "section-122", "liberation-day-retaliation", "geneva-2025-05", "nov-2025",
	"us-regime-today", "us-regime-2025-11-15", "after-section-122", "counter-bloc-critical-minerals", "counter-bloc-chips",
	"liberation-day-reciprocal-retaliation", "liberation-day-optimal-retaliation", "liberation-day-as-applied", "section-122-as-applied"}

func TestBuiltinsCompileOnEmbeddedData(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, sc := range Builtins() {
		got[sc.Name] = true
		t.Run(sc.Name, func(t *testing.T) {
			if sc.Description == "" || strings.Contains(sc.Description, "\n") || sc.Source == "" || !data.IsEmbeddedName(sc.Data) {
				t.Errorf("want a one-line description, a source and an embedded world as data: %+v", sc)
			}
			ds := ds
			if sc.Data != Embedded {
				// A built-in that needs sectors names its world (icio-2022).
				d, ok, err := data.Embedded(sc.Data)
				if !ok || err != nil {
					t.Fatalf("data %q: %v", sc.Data, err)
				}
				ds = d
			}
			if sc.File != "builtin/"+sc.Name+".yaml" {
				t.Errorf("name %q does not match file %q", sc.Name, sc.File)
			}
			c, err := Compile(sc, ds)
			if err != nil {
				t.Fatal(err)
			}
			o := c.Options
			if (ds.S() == 1 && o.Theta[0] != 4) || o.Deficits != model.Fixed || o.Kappa != 0 || o.Psi != 0 || o.Revenue != model.LumpSum || o.Numeraire != model.WorldPrice {
				t.Errorf("options %+v", o)
			}
			if sc.Coalition != nil {
				return // a coalition game: its tariffs come from the game, not from shocks
			}
			if c.Shocks.Subsidy != nil && c.Shocks.Tariff == nil {
				return // supply coercion only: export_restriction, no tariffs
			}
			if c.Shocks.Tariff == nil || len(c.Shocks.Tariff) != len(ds.Trade) {
				t.Fatalf("tariffs not set")
			}
			for k, v := range c.Shocks.Tariff {
				if !(v > -1) || v > 5 {
					t.Fatalf("tariff %d = %v", k, v)
				}
			}
		})
	}
	for _, n := range requiredBuiltins {
		if !got[n] {
			t.Errorf("missing built-in %s", n)
		}
	}
}

func TestLiberationDayOnEmbeddedData(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := Builtin("liberation-day")
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	usa := idx(t, ds, "USA")
	for code, inc := range map[string]float64{"CHN": 0.54, "HKG": 0.54, "MAC": 0.54, "TWN": 0.32, "BRA": 0.10, "DEU": 0.20, "ITA": 0.20, "VNM": 0.46} {
		k := ds.At(idx(t, ds, code), usa, 0)
		if got, want := c.Shocks.Tariff[k], ds.Tariffs[k]+inc; !near(got, want) {
			t.Errorf("USA on %s: %v, want %v", code, got, want)
		}
	}
	// Taiwan is in world-2023 since version 2; of the Annex I partners only
	// tiny ones remain outside it.
	notes := strings.Join(c.Notes, "\n")
	if strings.Contains(notes, "TWN") || !strings.Contains(notes, "(NRU) not in dataset") {
		t.Errorf("notes %q", c.Notes)
	}
}

func TestResolve(t *testing.T) {
	sc, err := Resolve("aug-2025")
	if err != nil || sc.Name != "aug-2025" {
		t.Fatalf("built-in: %v %v", sc, err)
	}
	dir := writeFiles(t, map[string]string{"mine.yaml": "name: mine\n"})
	if sc, err := Resolve(filepath.Join(dir, "mine.yaml")); err != nil || sc.Name != "mine" {
		t.Fatalf("file: %v %v", sc, err)
	}
	_, err = Resolve("liberation-dya")
	if e := asInvalid(t, err); !strings.Contains(e.Error(), "liberation-day-retaliation") {
		t.Errorf("missing name should list built-ins: %v", e)
	}
	if _, ok := Builtin("../builtin/aug-2025"); ok {
		t.Error("Builtin accepted a path")
	}
	_, err = Load(filepath.Join(dir, "none.yaml"))
	if e := asInvalid(t, err); !errors.Is(e, fs.ErrNotExist) {
		t.Errorf("missing file: %v", e)
	}
}

func TestBuiltinSourceMatchesParse(t *testing.T) {
	for _, n := range BuiltinNames() {
		b, ok := BuiltinSource(n)
		if !ok || !strings.Contains(string(b), "name: "+n+"\n") {
			t.Errorf("source of %s", n)
		}
	}
}
