package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// runTariffsCLI runs the root command with args and returns stdout. Every
// root builds fresh commands (register takes constructors), so no flag value
// leaks from one run into the next.
func runTariffsCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	return runCLI(t, args...)
}

// TestTariffsReciprocalGolden compares the command's JSON with the golden
// files of internal/tariffs (rewrite them with
// go test ./internal/tariffs -run TestReciprocalGolden -update).
func TestTariffsReciprocalGolden(t *testing.T) {
	cases := []struct {
		golden string
		args   []string
	}{
		{"reciprocal.golden.json", nil},
		{"reciprocal_phi0.945.golden.json", []string{"--phi", "0.945"}},
	}
	for _, c := range cases {
		got, err := runTariffsCLI(t, append([]string{"tariffs", "reciprocal", "--format", "json"}, c.args...)...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "internal", "tariffs", "testdata", c.golden))
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("tariffs reciprocal %v: output differs from %s", c.args, c.golden)
		}
	}
}

func TestTariffsReciprocalContract(t *testing.T) {
	got, err := runTariffsCLI(t, "tariffs", "reciprocal", "--format", "json", "--half=false", "--floor", "0")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Method   map[string]any   `json:"method"`
		Partners []map[string]any `json:"partners"`
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"epsilon", "phi", "floor_pct", "rounding"} {
		if _, ok := doc.Method[k]; !ok {
			t.Errorf("method lacks %q", k)
		}
	}
	if doc.Method["floor_pct"] != 0.0 || doc.Method["half"] != false {
		t.Errorf("method block %v does not report the values used", doc.Method)
	}
	if len(doc.Partners) != 187 {
		t.Fatalf("%d partners, want 187", len(doc.Partners))
	}
	for _, p := range doc.Partners {
		for _, k := range []string{"code", "name", "us_imports", "us_exports", "deficit_over_imports_pct",
			"formula_rate_pct", "chart_rate_pct", "annex_rate_pct", "rate_2025_08_07_pct"} {
			if _, ok := p[k]; !ok {
				t.Errorf("%v lacks %q", p["code"], k)
			}
		}
		if p["code"] == "CHN" && p["formula_rate_pct"] != 68.0 {
			t.Errorf("CHN without halving: %v, want 68", p["formula_rate_pct"])
		}
		if p["code"] == "CAN" && (p["chart_rate_pct"] != nil || p["annex_rate_pct"] != nil) {
			t.Errorf("CAN published rates %v/%v, want null", p["chart_rate_pct"], p["annex_rate_pct"])
		}
	}
}

func TestTariffsInvalid(t *testing.T) {
	for _, args := range [][]string{
		{"tariffs", "reciprocal", "--epsilon", "0"},
		{"tariffs", "reciprocal", "--phi", "-0.25"},
		{"tariffs", "reciprocal", "--floor", "-1"},
		{"tariffs", "reciprocal", "--format", "xml"},
		{"tariffs", "reciprocal", "extra"},
		{"tariffs", "schedules", "no-such"},
		{"tariffs", "schedules", "a", "b"},
	} {
		_, err := runTariffsCLI(t, args...)
		if errs.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, errs.ExitCode(err), err)
		}
	}
}

func TestTariffsTableOutputs(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "reciprocal")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[3], "CHN ") {
		t.Errorf("first row %q, want China (largest US deficit)", lines[3])
	}
	if !strings.Contains(out, "reproduces 41 of 57 Annex I rates") || !strings.Contains(out, "formula 27 vs annex 26") {
		t.Error("table lacks the summary line or India's flag")
	}
	for _, args := range [][]string{
		{"tariffs", "timeline"}, {"tariffs", "timeline", "--format", "csv"}, {"tariffs", "timeline", "--format", "md"},
		{"tariffs", "timeline", "--format", "json"}, {"tariffs", "schedules"}, {"tariffs", "schedules", "--format", "json"},
		{"tariffs", "schedules", "liberation-day"}, {"tariffs", "schedules", "aug-2025", "--format", "json"},
		{"tariffs", "reciprocal", "--format", "md"}, {"tariffs", "reciprocal", "--format", "csv"},
	} {
		out, err := runTariffsCLI(t, args...)
		if err != nil || out == "" {
			t.Errorf("%v: %v (%d bytes)", args, err, len(out))
		}
	}
	out, _ = runTariffsCLI(t, "tariffs", "schedules", "liberation-day")
	if !strings.Contains(out, "\nCHN ") || !strings.Contains(strings.Join(strings.Fields(out), " "), "CHN China 54.0 additional") {
		t.Errorf("liberation-day lacks CHN 54:\n%s", out)
	}
	for _, code := range []string{"HKG Hong Kong", "MAC Macau"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), code+" 54.0 additional as CHN") {
			t.Errorf("liberation-day lacks %s at China's 54:\n%s", code, out)
		}
	}
	out, _ = runTariffsCLI(t, "tariffs", "schedules", "pause-2025-04", "--format", "json")
	if !strings.Contains(out, `"rate_pct": 145`) {
		t.Errorf("pause-2025-04 lacks CHN 145:\n%s", out)
	}
}

func TestTariffsOutFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	if _, err := runTariffsCLI(t, "tariffs", "reciprocal", "--format", "json", "--out", path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		t.Errorf("--out wrote invalid JSON: %v", err)
	}
}

// TestCodesShownWithNames: economies the world dataset lacks (Liechtenstein,
// Nauru, Tuvalu, Andorra, San Marino) are named, not shown as bare codes.
func TestCodesShownWithNames(t *testing.T) {
	out, err := runTariffsCLI(t, "tariffs", "schedules", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LIE       Liechtenstein", "NRU       Nauru"} {
		if !strings.Contains(out, want) {
			t.Errorf("schedule table lacks %q:\n%s", want, out)
		}
	}
	out, err = runCLI(t, "solve", "liberation-day")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Liechtenstein (LIE) not in dataset") {
		t.Errorf("solve notes do not name LIE:\n%.1500s", out)
	}
	for code, name := range map[string]string{"TUV": "Tuvalu", "AND": "Andorra", "SMR": "San Marino", "NRU": "Nauru", "LIE": "Liechtenstein"} {
		if got, ok := tariffs.Name(code); !ok || got != name {
			t.Errorf("tariffs.Name(%s) = %q, %v", code, got, ok)
		}
	}
}
