package recordgen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestRecordUpToDate regenerates the record from shared/data/compiled and
// requires the committed files to be byte-identical, so the embedded record
// never drifts from its sources (run go generate ./internal/tariffs to fix).
func TestRecordUpToDate(t *testing.T) {
	compiled := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	out := t.TempDir()
	if err := BuildRecord(compiled, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range Files {
		got, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "record", f))
		if err != nil {
			t.Fatalf("%v (run go generate ./internal/tariffs)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("record/%s is stale: run go generate ./internal/tariffs", f)
		}
	}
	entries, err := os.ReadDir(filepath.Join("..", "record"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(Files) {
		t.Errorf("record/ holds %d files, the generator writes %d", len(entries), len(Files))
	}
}

func TestParseRateCell(t *testing.T) {
	tests := []struct {
		in         string
		rate       float64
		mode, note string
	}{
		{"20", 20, "additional", ""},
		{"10 (24 pp of the 34% suspended, to 2025-11-10 then to 2026-11-10)", 10, "additional", "10 (24 pp of the 34% suspended, to 2025-11-10 then to 2026-11-10)"},
		{"15% all-in floor: 15% minus MFN (0 if MFN>=15%)", 15, "all_in", "15% all-in floor: 15% minus MFN (0 if MFN>=15%)"},
		{"0 (not subject to reciprocal tariff; IEEPA fentanyl duties instead)", 0, "additional", "0 (not subject to reciprocal tariff; IEEPA fentanyl duties instead)"},
	}
	for _, tt := range tests {
		r, m, n, err := parseRateCell(tt.in)
		if err != nil || r != tt.rate || m != tt.mode || n != tt.note {
			t.Errorf("parseRateCell(%q) = %g, %q, %q, %v", tt.in, r, m, n, err)
		}
	}
	if _, _, _, err := parseRateCell("see annex"); err == nil {
		t.Error("parseRateCell accepted a cell without a number")
	}
}

func TestBuildRecordErrors(t *testing.T) {
	if err := BuildRecord(t.TempDir(), t.TempDir()); err == nil {
		t.Error("BuildRecord on an empty directory succeeded")
	}
}
