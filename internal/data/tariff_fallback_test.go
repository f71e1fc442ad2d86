package data

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// fallbackYAML is a dataset.yaml with a valid tariff_fallback for validFS.
const fallbackYAML = "name: x\ntariff_fallback:\n  pct: 3.66\n  method: median of the others\n  note: about 0 on US goods\n  importers: [CCC, AAA]\n"

// TestTariffFallbackLoads: the key is accepted and read whole (the
// importers in the file's order, which need not be countries.csv's); a
// dataset without it has none and no importer is a fallback.
func TestTariffFallbackLoads(t *testing.T) {
	fsys := validFS()
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte(fallbackYAML)}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	want := TariffFallback{Pct: 3.66, Method: "median of the others", Note: "about 0 on US goods", Importers: []string{"CCC", "AAA"}}
	tf := d.TariffFallback
	if tf.Pct != want.Pct || tf.Method != want.Method || tf.Note != want.Note || !slices.Equal(tf.Importers, want.Importers) {
		t.Fatalf("tariff_fallback = %+v, want %+v", tf, want)
	}
	for code, want := range map[string]bool{"AAA": true, "CCC": true, "BBB": false, "ZZZ": false} {
		if got := d.IsTariffFallback(code); got != want {
			t.Errorf("IsTariffFallback(%s) = %v, want %v", code, got, want)
		}
	}
	plain, err := LoadFS(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.TariffFallback.Importers) != 0 || plain.IsTariffFallback("AAA") {
		t.Errorf("dataset without the key: tariff_fallback %+v", plain.TariffFallback)
	}
	// Minimal form: pct (with a % sign) and importers only.
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte("tariff_fallback: {pct: 5%, importers: [BBB]}\n")}
	if d, err = LoadFS(fsys, ""); err != nil || d.TariffFallback.Pct != 5 || !d.IsTariffFallback("BBB") {
		t.Errorf("minimal key: %+v, %v", d, err)
	}
}

// TestTariffFallbackErrors: a bad value is refused with the line and the
// field at fault, as any other key of dataset.yaml (exit code 2).
func TestTariffFallbackErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"not a mapping", "name: x\ntariff_fallback: 3.66\n", []string{"dataset.yaml:2", `"tariff_fallback"`, "want a mapping"}},
		{"pct not a number", "tariff_fallback:\n  pct: lots\n  importers: [AAA]\n", []string{"dataset.yaml:2", `"tariff_fallback.pct"`, `"lots"`}},
		{"pct negative", "tariff_fallback:\n  pct: -1\n  importers: [AAA]\n", []string{"dataset.yaml:2", `"tariff_fallback.pct"`, "≥ 0"}},
		{"pct NaN", "tariff_fallback:\n  pct: .nan\n  importers: [AAA]\n", []string{"dataset.yaml:2", `"tariff_fallback.pct"`}},
		{"pct a list", "tariff_fallback:\n  pct: [3]\n  importers: [AAA]\n", []string{"dataset.yaml:2", `"tariff_fallback.pct"`, "single value"}},
		{"pct missing", "tariff_fallback:\n  importers: [AAA]\n", []string{"dataset.yaml:2", `"tariff_fallback"`, "missing key pct"}},
		{"importers missing", "name: x\ntariff_fallback:\n  pct: 3\n", []string{"dataset.yaml:3", `"tariff_fallback"`, "missing key importers"}},
		{"importers empty", "tariff_fallback:\n  pct: 3\n  importers: []\n", []string{"dataset.yaml:3", `"tariff_fallback.importers"`, "at least one"}},
		{"importers a string", "tariff_fallback:\n  pct: 3\n  importers: AAA\n", []string{"dataset.yaml:3", `"tariff_fallback.importers"`}},
		{"importer not a country", "tariff_fallback:\n  pct: 3\n  importers:\n    - AAA\n    - ZZZ\n", []string{"dataset.yaml:5", `"tariff_fallback.importers"`, `"ZZZ"`, "not a country of countries.csv"}},
		{"importer twice", "tariff_fallback:\n  pct: 3\n  importers:\n    - AAA\n    - AAA\n", []string{"dataset.yaml:5", `"tariff_fallback.importers"`, "twice"}},
		{"importer a mapping", "tariff_fallback:\n  pct: 3\n  importers:\n    - {code: AAA}\n", []string{"dataset.yaml:4", `"tariff_fallback.importers"`}},
		{"unknown sub-key", "tariff_fallback:\n  pct: 3\n  importers: [AAA]\n  rate: 3\n", []string{"dataset.yaml:4", `"tariff_fallback.rate"`, "unknown key"}},
		{"sub-key twice", "tariff_fallback:\n  pct: 3\n  pct: 4\n  importers: [AAA]\n", []string{"dataset.yaml:3", `"tariff_fallback.pct"`, "twice"}},
		{"method a list", "tariff_fallback:\n  pct: 3\n  method: [a]\n  importers: [AAA]\n", []string{"dataset.yaml:3", `"tariff_fallback.method"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := validFS()
			fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte(tc.yaml)}
			d, err := LoadFS(fsys, "")
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || d != nil {
				t.Fatalf("got %v, %v; want an Invalid error and no dataset", d, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestTariffFallbackRoundTrip: export writes the key back and a load of
// the export reads the same record; a clone's record is its own.
func TestTariffFallbackRoundTrip(t *testing.T) {
	fsys := validFS()
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte(fallbackYAML)}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[metaFile]), "tariff_fallback:") {
		t.Fatalf("exported dataset.yaml lacks the key:\n%s", files[metaFile])
	}
	back := fstest.MapFS{}
	for name, b := range files {
		back[name] = &fstest.MapFile{Data: b}
	}
	d2, err := LoadFS(back, "")
	if err != nil {
		t.Fatalf("%v\n%s", err, files[metaFile])
	}
	a, b := d.TariffFallback, d2.TariffFallback
	if a.Pct != b.Pct || a.Method != b.Method || a.Note != b.Note || !slices.Equal(a.Importers, b.Importers) {
		t.Errorf("round trip: %+v → %+v", a, b)
	}
	if d2.Hash() != d.Hash() {
		t.Errorf("round trip changed the hash")
	}
	c := d.Clone()
	c.TariffFallback.Importers[0] = "BBB"
	if d.TariffFallback.Importers[0] != "CCC" {
		t.Errorf("clone's edit reached the original's fallback importers: %v", d.TariffFallback.Importers)
	}
	// Without the key, export writes none.
	plain, _ := LoadFS(validFS(), "")
	if files, err := Encode(plain); err != nil || strings.Contains(string(files[metaFile]), "tariff_fallback") {
		t.Errorf("export of a dataset without the key:\n%s (%v)", files[metaFile], err)
	}
}

// TestTariffFallbackNotInHash: the record describes how tariffs.csv was
// made and does not change a result, so it leaves the hash (which results
// carry as provenance) as it is.
func TestTariffFallbackNotInHash(t *testing.T) {
	fsys := validFS()
	plain, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	fsys["dataset.yaml"] = &fstest.MapFile{Data: []byte(fallbackYAML)}
	d, err := LoadFS(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Hash() != plain.Hash() {
		t.Errorf("hash %s with tariff_fallback, %s without", d.Hash(), plain.Hash())
	}
}

// TestDefaultTariffFallback: world-2023 records its 100 importers without
// a World Bank applied average, each charging the 3.66% median outside its
// free-trade zones; Bahrain, whose own average is 3.66% too, is not one.
func TestDefaultTariffFallback(t *testing.T) {
	d, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tf := d.TariffFallback
	if tf.Pct != 3.66 || len(tf.Importers) != 100 || tf.Method == "" {
		t.Fatalf("tariff_fallback = %+v, want 100 importers at 3.66%%", tf)
	}
	for code, want := range map[string]bool{"TWN": true, "CRI": true, "IRQ": true, "URY": true, "BHR": false, "USA": false, "DEU": false} {
		if got := d.IsTariffFallback(code); got != want {
			t.Errorf("IsTariffFallback(%s) = %v, want %v", code, got, want)
		}
	}
	if m := d.Macro["BHR"]; m.TariffAppliedWtd != 3.66 {
		t.Errorf("Bahrain's own average %v, want 3.66 (the case the record tells apart)", m.TariffAppliedWtd)
	}
	for _, code := range []string{"CRI", "DOM", "GTM", "HND", "PAN", "SLV"} {
		if !strings.Contains(tf.Note, code) {
			t.Errorf("note %q does not name the US FTA partner %s", tf.Note, code)
		}
	}
	idx := func(code string) int {
		i, ok := d.Index(code)
		if !ok {
			t.Fatalf("%s missing", code)
		}
		return i
	}
	// The median outside the zone (Taiwan on China, Uruguay on the US), 0
	// inside it (Uruguay on Brazil, MERCOSUR).
	for _, p := range []struct {
		importer, exporter string
		want               float64
	}{{"TWN", "CHN", 0.0366}, {"URY", "USA", 0.0366}, {"URY", "BRA", 0}} {
		if got := d.Tariffs[d.At(idx(p.exporter), idx(p.importer), 0)]; got != p.want {
			t.Errorf("%s's tariff on %s = %v, want %v", p.importer, p.exporter, got, p.want)
		}
	}
}
