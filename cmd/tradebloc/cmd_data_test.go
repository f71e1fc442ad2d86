package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// runDataCLI runs the root command in-process with args and returns stdout,
// the exit code main would use and the error.
func runDataCLI(t *testing.T, args ...string) (string, int, error) {
	t.Helper()
	out, err := runCLI(t, args...)
	return out, errs.ExitCode(err), err
}

func TestDataShowJSON(t *testing.T) {
	out, code, err := runDataCLI(t, "data", "show", "--format", "json")
	if err != nil || code != 0 {
		t.Fatalf("data show: exit %d, %v", code, err)
	}
	var s struct {
		Countries         int     `json:"countries"`
		ForeignTradeTotal float64 `json:"foreign_trade_total"`
		DomesticTotal     float64 `json:"domestic_total"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("data show JSON: %v\n%s", err, out)
	}
	if s.Countries != 194 {
		t.Errorf("countries = %d, want 194", s.Countries)
	}
	// BACI 2023, 194 economies: USD 21.75 trillion.
	if math.Abs(s.ForeignTradeTotal-21_750_000) > 10_000 {
		t.Errorf("foreign_trade_total = %.0f, want 21,750,000 ± 10,000", s.ForeignTradeTotal)
	}
	if !(s.DomesticTotal > 0) {
		t.Errorf("domestic_total = %v, want > 0", s.DomesticTotal)
	}
}

// copyExample copies internal/data/testdata/example to a fresh directory.
func copyExample(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "example")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join("..", "..", "internal", "data", "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestDataValidateExample(t *testing.T) {
	dir := copyExample(t)
	out, code, err := runDataCLI(t, "data", "validate", dir)
	if code != 0 || err != nil {
		t.Fatalf("validate valid example: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "valid: 3 countries") {
		t.Errorf("validate output %q", out)
	}
}

func TestDataValidateNegativeValue(t *testing.T) {
	dir := copyExample(t)
	path := filepath.Join(dir, "trade.csv")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) < 7 {
		t.Fatalf("%s has %d lines, need at least 7", path, len(lines))
	}
	// Line 7 (1-based, header on line 1) gets a negative value.
	f := strings.Split(lines[6], ",")
	f[len(f)-1] = "-" + f[len(f)-1]
	lines[6] = strings.Join(f, ",")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, code, err := runDataCLI(t, "data", "validate", dir)
	if code != 2 {
		t.Errorf("validate with a negative flow: exit %d (%v), want 2", code, err)
	}
	t.Logf("validate error: %v", err)
	if err == nil || !strings.Contains(err.Error(), "trade.csv:7") {
		t.Errorf("error %v, want it to name trade.csv:7", err)
	}
}

func TestDataExportValidate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "world")
	out, code, err := runDataCLI(t, "data", "export", dir)
	if code != 0 || err != nil {
		t.Fatalf("data export: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "194 countries") {
		t.Errorf("export output %q", out)
	}
	out, code, err = runDataCLI(t, "data", "validate", dir)
	if code != 0 || err != nil {
		t.Fatalf("validate exported dataset: exit %d, %v", code, err)
	}
	if !strings.Contains(out, "valid: 194 countries") {
		t.Errorf("validate output %q", out)
	}
}
