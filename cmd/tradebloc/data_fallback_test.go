package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDataShowTariffFallback: data show lists world-2023's fallback
// importers (count, rate, method and the codes) in JSON and text; a dataset
// without the record shows none (JSON null).
func TestDataShowTariffFallback(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show", "--format", "json")
	if err != nil || code != 0 {
		t.Fatalf("data show: exit %d, %v", code, err)
	}
	var s struct {
		TariffFallback *struct {
			Count     int      `json:"count"`
			Pct       float64  `json:"pct"`
			Method    string   `json:"method"`
			Note      string   `json:"note"`
			Importers []string `json:"importers"`
		} `json:"tariff_fallback"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	tf := s.TariffFallback
	if tf == nil || tf.Count != 100 || len(tf.Importers) != 100 || tf.Pct != 3.66 || !strings.HasPrefix(tf.Method, "median of") ||
		!slices.Contains(tf.Importers, "TWN") || slices.Contains(tf.Importers, "BHR") || !strings.Contains(tf.Note, "CRI") {
		t.Fatalf("tariff_fallback = %+v", tf)
	}
	txt, _, _ := runDataCLI(t, "data", "show")
	for _, want := range []string{`tariff fallback +100 importers at 3\.66% `, `tariff fallback: the importers without a tariff figure of their own, given the median of`,
		`tariff fallback importers: ABW AFG .*TWN`} {
		if !regexp.MustCompile(want).MatchString(txt) {
			t.Errorf("data show output lacks %q", want)
		}
	}
	csv, _, _ := runDataCLI(t, "data", "show", "--format", "csv")
	if !strings.Contains(csv, "importer\nABW\n") {
		t.Errorf("data show CSV lacks the tariff_fallback section")
	}

	example := filepath.Join("..", "..", "internal", "data", "testdata", "example")
	out, code, err = runDataCLI(t, "data", "show", "--data", example, "--format", "json")
	if err != nil || code != 0 {
		t.Fatalf("data show --data example: exit %d, %v", code, err)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	if v, ok := raw["tariff_fallback"]; !ok || v != nil {
		t.Errorf("example's tariff_fallback = %v (present %v), want null", v, ok)
	}
	if txt, _, _ := runDataCLI(t, "data", "show", "--data", example); strings.Contains(txt, "tariff fallback") {
		t.Errorf("example shows a tariff fallback:\n%s", txt)
	}
}

// TestDataValidateTariffFallback: a tariff_fallback importer that is not a
// country of the dataset is bad input: exit 2, with file, line and field.
func TestDataValidateTariffFallback(t *testing.T) {
	dir := t.TempDir()
	example := filepath.Join("..", "..", "internal", "data", "testdata", "example")
	for _, f := range []string{"countries.csv", "trade.csv", "tariffs.csv"} {
		b, err := os.ReadFile(filepath.Join(example, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write := func(yaml string) {
		if err := os.WriteFile(filepath.Join(dir, "dataset.yaml"), []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("name: x\ntariff_fallback:\n  pct: 3.66\n  importers: [AAA]\n")
	if _, code, err := runDataCLI(t, "data", "validate", dir); code != 0 {
		t.Fatalf("valid key: exit %d, %v", code, err)
	}
	write("name: x\ntariff_fallback:\n  pct: 3.66\n  importers:\n    - AAA\n    - TWN\n")
	_, code, err := runDataCLI(t, "data", "validate", dir)
	if code != 2 || err == nil || !strings.Contains(err.Error(), "dataset.yaml:6") || !strings.Contains(err.Error(), `field "tariff_fallback.importers"`) {
		t.Errorf("unknown importer: exit %d, %v; want 2 naming dataset.yaml:6 and the field", code, err)
	}
}
