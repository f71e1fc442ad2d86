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

func TestParseSectors(t *testing.T) {
	for in, want := range map[string]string{
		"C24A; C25; (derivatives: C28, C27, C29, C31T33)":           "C24A C25 C28 C27 C29 C31T33",
		"C28; C27; C25; C29; C31T33 (minor C20, C10T12 containers)": "C28 C27 C25 C29 C31T33 C20 C10T12",
		"all goods; energy B06/C19 at 10%":                          "*",
		"C29; C22 (tyres); C27; C28; C23 (glass)":                   "C29 C22 C27 C28 C23",
		"C302T309; C21; B07; A01":                                   "C302T309 C21 B07 A01",
		"":                                                          "",
	} {
		if got := parseSectors(in); got != want {
			t.Errorf("parseSectors(%q) = %q, want %q", in, got, want)
		}
	}
}

// copyCompiled copies the compiled inputs of the record to a temporary
// directory, so a test can alter one.
func copyCompiled(t *testing.T) string {
	t.Helper()
	src := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	dir := t.TempDir()
	for _, f := range []string{reciprocalFile, censusFile, timelineFile, effectiveFile, measuresFile, hs2File} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestSectoralInputsChecked: a measure without a rule, a cell whose
// authorities do not add up, or an aggregate row that is not the mean of
// its cells stops the generator with the file and what is wrong.
func TestSectoralInputsChecked(t *testing.T) {
	edit := func(file string, f func(string) string) string {
		dir := copyCompiled(t)
		p := filepath.Join(dir, file)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	cases := []struct {
		file, want string
		f          func(string) string
	}{
		{measuresFile, "measure S999-NEW has no rule", func(s string) string {
			return s + "S999-NEW,Section 232,,,,,C29,25,,2026-12-01,,,all,,,,,,src\n"
		}},
		{effectiveFile, "the authorities sum to", func(s string) string {
			return strings.Replace(s, "CHN,China,yes,C26,2025-11-15,116081.3,0.126,0.043,1.824,9.999", "CHN,China,yes,C26,2025-11-15,116081.3,0.126,0.043,1.824,19.999", 1)
		}},
		{effectiveFile, "is not the import-weighted mean", func(s string) string {
			return strings.Replace(s, "CHN,China,yes,C26,2025-11-15,116081.3,0.126,0.043,1.824,9.999,0.0,5.366,17.231", "CHN,China,yes,C26,2025-11-15,116081.3,0.126,0.043,1.824,19.999,0.0,5.366,27.231", 1)
		}},
		{timelineFile, "no action with a rate for \"CAN\" on 2025-08-01", func(s string) string {
			return strings.Replace(s, "2025-08-01,2025-07-31,CAN,", "2025-08-02,2025-07-31,CAN,", 1)
		}},
	}
	for _, c := range cases {
		dir := edit(c.file, c.f)
		err := BuildRecord(dir, t.TempDir())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.file, err, c.want)
		}
	}
}

// TestForcedLabourPaths: the forced-labour action's partner list is read
// into per-partner paths: additional rates, and all-in rates for the
// partners whose rate includes MFN.
func TestForcedLabourPaths(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "record", "paths.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{
		"s301,CHN,*,2026-07-24,,12.5,additional,s122,", "s301,MEX,*,2026-07-24,,10,additional,s122,",
		"s301,EUU,*,2026-07-24,,10,all_in,s122,", "s301,JPN,*,2026-07-24,,12.5,all_in,s122,",
		"s122,*,*,2026-02-24,2026-07-23,10,additional,own,", "ieepa_reciprocal,CHN,*,2025-04-10,2025-05-13,125,additional,own,",
		"s232,JPN,C29,2025-09-16,,15,all_in,own,",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("paths.csv lacks %q", want)
		}
	}
	if strings.Contains(s, "s301,HKG,") {
		t.Error("Hong Kong pays a Section 301 rate: China's 301 actions do not cover it")
	}
}

// TestTimelineCorrections: the corrections of the compiled timeline reach
// the record (India's Russian-oil duty ends on 2026-02-06, by the action of
// 2026-02-07 that names it; the IND path ends then), and a correction that
// no longer matches its compiled row, or an ends that names no row, stops
// the generator rather than being dropped silently.
func TestTimelineCorrections(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "record", "paths.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "ieepa_other,IND,*,2025-08-27,2026-02-06,25,additional,own,EO 14329") {
		t.Error("paths.csv: India's Russian-oil duty does not end on 2026-02-06")
	}
	tl, err := loadTimeline(copyCompiled(t))
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := endedOn(tl, "2025-08-27", "IND"); !ok || d != "2026-02-07" {
		t.Errorf("endedOn(2025-08-27 IND) = %q, %v; want 2026-02-07", d, ok)
	}
	if _, ok := endedOn(tl, "2025-08-06", "BRA"); ok {
		t.Error("Brazil's duty is ended by an action of the timeline")
	}
	edit := func(f func(string) string) string {
		dir := copyCompiled(t)
		p := filepath.Join(dir, timelineFile)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(f(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, c := range []struct {
		want string
		f    func(string) string
	}{
		{"no longer contains \"tracker dates the HTS change 2025-11-14\"", func(s string) string {
			return strings.Replace(s, "tracker dates the HTS change 2025-11-14", "tracker dates the HTS change 2026-01-01", 1)
		}},
		{"which names 0 timeline rows", func(s string) string {
			return strings.Replace(s, "2025-08-27,2025-08-06,IND,", "2025-08-28,2025-08-06,IND,", 1)
		}},
	} {
		err := BuildRecord(edit(c.f), t.TempDir())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v, want %q", err, c.want)
		}
	}
}

// TestMeasureAdditions: the bullion exemption of EO 14346 reaches
// measures.csv after the order's other row and events.csv on 2025-09-08 for
// every partner's C31T33 and C24B reciprocal shares; an added measure the compiled
// table now has, or whose neighbour it lacks, stops the generator.
func TestMeasureAdditions(t *testing.T) {
	read := func(f string) string {
		b, err := os.ReadFile(filepath.Join("..", "record", f))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ms := read("measures.csv")
	if i, j := strings.Index(ms, "\nIEEPA-PTAAP-2025-09,"), strings.Index(ms, "\nIEEPA-BULLION-2025-09,"); i < 0 || j < i || strings.Count(ms[i+1:j], "\nIEEPA-") > 0 {
		t.Errorf("measures.csv: IEEPA-BULLION-2025-09 at %d, not right after IEEPA-PTAAP-2025-09 at %d", j, i)
	}
	if !strings.Contains(read("events.csv"), "2025-09-08,IEEPA-BULLION-2025-09,ieepa_reciprocal,*,C31T33 C24B,start") {
		t.Error("events.csv: no reciprocal C31T33 and C24B event on 2025-09-08")
	}
	for _, c := range []struct{ old, new, want string }{
		{"\nIEEPA-AGRI-2025-11,", "\nIEEPA-BULLION-2025-09,", "measure IEEPA-BULLION-2025-09 is now compiled"},
		{"\nIEEPA-PTAAP-2025-09,", "\nIEEPA-PTAAP-2025-10,", "follows IEEPA-PTAAP-2025-09, which"},
	} {
		dir := copyCompiled(t)
		p := filepath.Join(dir, measuresFile)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.old) {
			t.Fatalf("%s lacks %q", measuresFile, c.old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), c.old, c.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := BuildRecord(dir, t.TempDir()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v, want %q", err, c.want)
		}
	}
}
