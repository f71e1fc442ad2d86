package tariffs

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestMethodRate(t *testing.T) {
	noHalf := Method{Epsilon: 4, Phi: 0.25, FloorPct: 0}
	critics := Method{Epsilon: 4, Phi: 0.945, FloorPct: 10, Half: true}
	tests := []struct {
		name    string
		m       Method
		imports float64
		exports float64
		want    float64
	}{
		// 0.673 · 50 = 33.65 → 34, the published rate.
		{"china census 2024", USTR, 438947.4, 143545.7, 34},
		// (87416.4 − 41752.7)/87416.4 · 50 = 26.12 → 27; the Annex says 26.
		{"india rounds up to 27", USTR, 87416.4, 41752.7, 27},
		{"surplus partner gets floor", USTR, 100, 150, 10},
		{"balanced trade gets floor", USTR, 100, 100, 10},
		{"small deficit below floor", USTR, 100, 90, 10},
		// 28% deficit → 14 exactly; without the tolerance fp gives 14.000000000000002 → 15.
		{"exact integer after halving", USTR, 100, 72, 14},
		// 14% → 14.000000000000002 in floating point; must stay 14.
		{"exact integer without halving", noHalf, 100, 86, 14},
		{"no halving rounds up", noHalf, 100, 85.5, 15},
		{"zero floor, surplus", noHalf, 100, 200, 0},
		{"no imports gets floor", USTR, 0, 5, 10},
		{"only imports: 50%", USTR, 100, 0, 50},
		// ε·φ = 3.78: (1/3.78)·50 = 13.23 → 14.
		{"critics' pass-through", critics, 100, 0, 14},
		{"critics' pass-through, china", critics, 438947.4, 143545.7, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Rate(tt.imports, tt.exports); got != tt.want {
				t.Errorf("Rate(%g, %g) = %g, want %g", tt.imports, tt.exports, got, tt.want)
			}
		})
	}
}

func TestMethodValidate(t *testing.T) {
	bad := []Method{
		{Epsilon: 0, Phi: 0.25, FloorPct: 10},
		{Epsilon: -4, Phi: 0.25, FloorPct: 10},
		{Epsilon: 4, Phi: 0, FloorPct: 10},
		{Epsilon: 4, Phi: 0.25, FloorPct: -1},
		{Epsilon: math.NaN(), Phi: 0.25, FloorPct: 10},
		{Epsilon: 4, Phi: math.Inf(1), FloorPct: 10},
	}
	for _, m := range bad {
		if m.Validate() == nil {
			t.Errorf("%+v: Validate() = nil, want an error", m)
		}
	}
	if err := USTR.Validate(); err != nil {
		t.Errorf("USTR.Validate() = %v", err)
	}
}

// TestAnnexAcceptance is the acceptance check of the reciprocal formula: for
// each of the 57 Annex I partners the formula rate is max(10, ⌈½·100·(m−x)/m⌉)
// from Census 2024 trade, and the published rates are carried unchanged.
func TestAnnexAcceptance(t *testing.T) {
	census := map[string]CensusRow{}
	for _, c := range Census() {
		census[c.Code] = c
	}
	rows := USTR.Table()
	if len(rows) != 187 {
		t.Fatalf("%d partners, want 187", len(rows))
	}
	listed := 0
	for _, r := range rows {
		if !r.AnnexListed {
			continue
		}
		listed++
		c, ok := census[r.Code]
		if !ok {
			t.Errorf("%s: not in census", r.Code)
			continue
		}
		if c.Imports != r.Imports || c.Exports != r.Exports {
			t.Errorf("%s: trade %g/%g, census %g/%g", r.Code, r.Imports, r.Exports, c.Imports, c.Exports)
		}
		want := math.Max(10, math.Ceil(0.5*100*(c.Imports-c.Exports)/c.Imports-1e-9))
		if r.FormulaPct != want {
			t.Errorf("%s: formula %g, want %g", r.Code, r.FormulaPct, want)
		}
		if r.ChartReciprocalPct != r.AnnexPct {
			t.Errorf("%s: chart %g != annex %g", r.Code, r.ChartReciprocalPct, r.AnnexPct)
		}
		if got := r.FormulaMatchesAnnex; got != (r.FormulaPct == r.AnnexPct) {
			t.Errorf("%s: FormulaMatchesAnnex = %v", r.Code, got)
		}
	}
	if listed != 57 {
		t.Errorf("%d Annex I partners, want 57", listed)
	}
	published := map[string]float64{"CHN": 34, "VNM": 46, "EUU": 20, "JPN": 24, "TWN": 32, "IND": 26, "KOR": 25,
		"CHE": 31, "THA": 36, "KHM": 49, "LSO": 50, "ZAF": 30, "IDN": 32, "MYS": 24, "ISR": 17}
	for _, r := range rows {
		if want, ok := published[r.Code]; ok {
			if r.AnnexPct != want || r.ChartReciprocalPct != want {
				t.Errorf("%s: annex %g chart %g, want %g", r.Code, r.AnnexPct, r.ChartReciprocalPct, want)
			}
			delete(published, r.Code)
		}
	}
	if len(published) > 0 {
		t.Errorf("partners missing: %v", published)
	}
	matched, n := AnnexMatches(rows)
	if matched != 41 || n != 57 {
		t.Errorf("formula reproduces %d of %d Annex I rates, want 41 of 57", matched, n)
	}
}

func TestFlags(t *testing.T) {
	rows := map[string]Row{}
	for _, r := range USTR.Table() {
		rows[r.Code] = r
	}
	tests := []struct{ code, flag string }{
		{"IND", "formula 27 vs annex 26"},
		{"KOR", "formula 26 vs annex 25"},
		{"CHN", ""},
		{"VNM", ""},
		{"GBR", ""},
		{"AFG", "formula 25 vs chart 10"}, // chart 10 with a 49% deficit: not in Annex I
		{"CAN", ""},                       // never on the chart
	}
	for _, tt := range tests {
		if got := rows[tt.code].Flag(); got != tt.flag {
			t.Errorf("%s: Flag() = %q, want %q", tt.code, got, tt.flag)
		}
	}
	if r := rows["CAN"]; !math.IsNaN(r.ChartReciprocalPct) || !math.IsNaN(r.AnnexPct) {
		t.Errorf("CAN has published rates %g/%g, want none", r.ChartReciprocalPct, r.AnnexPct)
	}
}

func TestVariants(t *testing.T) {
	for _, m := range []Method{{Epsilon: 4, Phi: 0.25, FloorPct: 10}, {Epsilon: 4, Phi: 0.945, FloorPct: 10, Half: true}} {
		for _, r := range m.Table() {
			if r.FormulaPct < m.FloorPct || r.FormulaPct != math.Trunc(r.FormulaPct) {
				t.Errorf("%+v %s: rate %g not a whole percent at or above the floor", m, r.Code, r.FormulaPct)
			}
			if u := USTR.Rate(r.Imports, r.Exports); m.Phi > USTR.Phi && r.FormulaPct > u {
				t.Errorf("%+v %s: higher pass-through raised the rate %g > %g", m, r.Code, r.FormulaPct, u)
			}
		}
	}
}

func reciprocalJSON(t *testing.T, m Method) []byte {
	t.Helper()
	rows := m.Table()
	SortByDeficit(rows)
	// encoding/json as report.WriteJSON calls it (every figure here is
	// finite, so the bytes are the CLI's): report imports this package, so
	// the test cannot import report.
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	rep := NewReciprocalReport(m, rows)
	// The world dataset's names, as the command gives them.
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep.SetDatasetNames(func(code string) (string, bool) {
		if i, ok := ds.Index(code); ok {
			return ds.Countries[i].Name, true
		}
		return "", false
	})
	if err := enc.Encode(rep); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestReciprocalGolden pins the JSON of `tradebloc tariffs reciprocal` (the
// CLI test compares the command's output with the same files). Run with
// -update to rewrite them.
func TestReciprocalGolden(t *testing.T) {
	cases := []struct {
		file string
		m    Method
	}{
		{"reciprocal.golden.json", USTR},
		{"reciprocal_phi0.945.golden.json", Method{Epsilon: 4, Phi: 0.945, FloorPct: 10, Half: true}},
	}
	for _, c := range cases {
		got := reciprocalJSON(t, c.m)
		path := filepath.Join("testdata", c.file)
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestReciprocalGolden -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the output; run go test -run TestReciprocalGolden -update and review the diff", path)
		}
	}
}

// TestDeltaTau: the unrounded formula Δτ = (x − m)/(ε·φ·m), a decimal,
// negative for a US deficit; NaN where the US imports nothing (the formula
// divides by m: no infinite tariff).
func TestDeltaTau(t *testing.T) {
	critics := Method{Epsilon: 4, Phi: 0.945, FloorPct: 10, Half: true}
	for _, tc := range []struct {
		name             string
		m                Method
		imports, exports float64
		want             float64 // NaN: undefined
	}{
		{"USTR, a 28% deficit", USTR, 100, 72, -0.28},
		{"USTR, a surplus", USTR, 100, 150, 0.5},
		{"critics' pass-through: ε·φ = 3.78", critics, 100, 72, -28.0 / 378},
		{"no imports", USTR, 0, 5, math.NaN()},
		{"no trade", USTR, 0, 0, math.NaN()},
	} {
		got := tc.m.DeltaTau(tc.imports, tc.exports)
		if math.IsNaN(tc.want) != math.IsNaN(got) || !math.IsNaN(got) && math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: DeltaTau(%g, %g) = %v, want %v", tc.name, tc.imports, tc.exports, got, tc.want)
		}
	}
}

// TestLabel: reports name a partner of the record by name and code, and
// show an unknown code as it is.
func TestLabel(t *testing.T) {
	for code, want := range map[string]string{"LIE": "Liechtenstein (LIE)", "CHN": "China (CHN)", "XXX": "XXX"} {
		if got := Label(code); got != want {
			t.Errorf("Label(%q) = %q, want %q", code, got, want)
		}
	}
}

// TestMethodValidateZeroFloor: a zero floor is in the formula's domain (the
// rate is then the formula's alone, as the noHalf cases use it).
func TestMethodValidateZeroFloor(t *testing.T) {
	if err := (Method{Epsilon: 4, Phi: 0.25, FloorPct: 0}).Validate(); err != nil {
		t.Errorf("a zero floor refused: %v", err)
	}
}

// TestSortByDeficitTies: the printed table runs from the largest US deficit
// down, partners with the same deficit by code.
func TestSortByDeficitTies(t *testing.T) {
	rows := []Row{{Partner: Partner{Code: "BBB"}, Deficit: 10}, {Partner: Partner{Code: "CCC"}, Deficit: -5},
		{Partner: Partner{Code: "AAA"}, Deficit: 10}, {Partner: Partner{Code: "DDD"}, Deficit: 20}}
	SortByDeficit(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Code)
	}
	if want := []string{"DDD", "AAA", "BBB", "CCC"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
