package recordgen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
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

func TestAliasesFrom(t *testing.T) {
	head := []string{"date_effective", "date_signed", "scope", "measure", "rate_pct", "instrument", "source"}
	row := func(scope, instrument string) []string {
		return []string{"2025-01-01", "", scope, "", "0", instrument, ""}
	}
	got, err := aliasesFrom([][]string{head,
		row("CHN (incl. HKG, MAC)", "EO 1"), row("CAN, MEX", "EO 2"), row("CHN (incl. HKG, MAC)", "EO 3"), row("CHN (incl. HKG, MAC)", "EO 1")})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].exporter != "HKG" || got[1].exporter != "MAC" || got[0].rateOf != "CHN" ||
		!strings.Contains(got[0].basis, "EO 1, EO 3 is CHN incl. HKG") {
		t.Errorf("aliases %+v", got)
	}
	if _, err := aliasesFrom([][]string{head, row("CAN, MEX", "EO 2")}); err == nil {
		t.Error("a timeline without any (incl. …) scope gave no error")
	}
}

func TestApplyAliases(t *testing.T) {
	al := []alias{{"HKG", "CHN", "basis"}}
	scheds := []schedule{
		{name: "with", entries: []entry{{"CHN", 54, "additional", "Annex I 34 + 20"}, {"VNM", 46, "additional", ""}}},
		{name: "without", entries: []entry{{"CAN", 4, "additional", ""}}},
	}
	if err := applyAliases(scheds, al); err != nil {
		t.Fatal(err)
	}
	if n := len(scheds[0].entries); n != 3 || scheds[0].entries[2] != (entry{"HKG", 54, "additional", "as CHN (record/aliases.csv): Annex I 34 + 20"}) {
		t.Errorf("with CHN: entries %+v", scheds[0].entries)
	}
	if len(scheds[1].entries) != 1 {
		t.Errorf("without CHN: entries %+v, want no HKG entry (both pay the default)", scheds[1].entries)
	}
	clash := []schedule{{name: "clash", entries: []entry{{"CHN", 54, "additional", ""}, {"HKG", 10, "additional", ""}}}}
	if err := applyAliases(clash, al); err == nil {
		t.Error("an alias with its own entry gave no error")
	}
}
