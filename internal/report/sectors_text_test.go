package report

import (
	"strings"
	"testing"
)

// TestSectorTextTable: the people's sector table labels the nominal
// changes and their unit with the country's wage change, leaves out value
// added (equal to output) with a note saying why, and says the import share
// is the baseline's; the CSV table keeps its header (a contract).
func TestSectorTextTable(t *testing.T) {
	d := &SolveDoc{Provenance: Provenance{Model: ModelDoc{Numeraire: "world_price"}}, Countries: []CountryDoc{{
		Code: "USA", Name: "United States", WagePct: 4.38,
		Sectors: []SectorDoc{{Code: "A01", OutputPct: 5.6, ValueAddedPct: 5.6, EmploymentPct: 1.17, ImportSharePct: 8.3}},
	}}}
	tb, ok := d.sectorTextTable("USA")
	if !ok {
		t.Fatal("no table")
	}
	var b strings.Builder
	if err := tb.Write(&b, Text); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, tc := range []struct {
		what string
		ok   bool
	}{
		{"nominal, in world-price units", true},
		{"USA's wage moves +4.38%", true},
		{"fixed share β of gross output", true},
		{"import share before %", true},
		{"value added %  ", false},
		{"import share %", false},
		// Perfectly mobile labour: US textiles +61.6% under Liberation Day
		// on icio-2022 is an upper bound, and the table says so.
		{"Labour moves freely across sectors in the long run", true},
		{"upper bounds of the reallocation", true},
	} {
		if strings.Contains(out, tc.what) != tc.ok {
			t.Errorf("text has %q: %v, want %v:\n%s", tc.what, !tc.ok, tc.ok, out)
		}
	}
	csv, _ := d.SectorTable("USA")
	if got := strings.Join(csv.Columns, ","); got != "country,sector,output %,value added %,exports %,imports %,price index %,employment %,import share %,tariff before %,tariff after %" {
		t.Errorf("CSV header changed: %s", got)
	}
}

// TestEmploymentNote: a column of zero employment changes is explained
// when labour supply is fixed, and only then.
func TestEmploymentNote(t *testing.T) {
	for _, tc := range []struct {
		kappa   float64
		sectors int
		want    string
	}{
		{0, 1, "employment % is 0 by assumption: labour supply is fixed (model.labor_supply_elasticity κ = 0)."},
		{0, 28, "employment % is 0 by assumption: labour supply is fixed (model.labor_supply_elasticity κ = 0); workers still move between sectors (solve --sectors)."},
		{0.5, 1, ""},
	} {
		d := docOf("AAA", []string{"AAA", "BBB"}, []float64{0.1, -0.1})
		d.Provenance.Model.LaborSupplyElasticity = tc.kappa
		if tc.sectors > 1 {
			d.Provenance.Model.TradeElasticity = map[string]float64{}
			for k := range tc.sectors {
				d.Provenance.Model.TradeElasticity[string(rune('A'+k))] = 4
			}
		}
		if got := d.employmentNote(); got != tc.want {
			t.Errorf("κ %g, %d sectors: %q, want %q", tc.kappa, tc.sectors, got, tc.want)
		}
		head := d.Tables(1, 5)[0]
		if has := strings.Contains(strings.Join(head.Notes, "\n"), "employment % is 0"); has != (tc.want != "") {
			t.Errorf("κ %g: headline notes %q", tc.kappa, head.Notes)
		}
	}
}
