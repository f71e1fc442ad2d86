package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// rowDataset is smallDataset with its last country an aggregate, ROW,
// standing for Vietnam, Cambodia, Japan, Ethiopia and an economy the Census
// table does not have, as icio-2022's ROW does for the world-2023
// economies it lacks.
func rowDataset() *data.Dataset {
	ds := smallDataset()
	ds.Name = "rowtoy"
	ds.Countries[6] = data.Country{Code: "ROW", Name: "Rest of the world"}
	ds.Groups["G7"] = []string{"USA", "DEU", "FRA", "CAN"}
	ds.Members = map[string][]string{"ROW": {"VNM", "KHM", "JPN", "ETH", "ZZZ"}}
	return ds
}

// TestScheduleOnAggregate: under aug-2025 the US charges Vietnam 20 and
// Cambodia 19 points on top of the tariff in force and Japan an all-in 15%;
// ROW pays the mean of the three results weighted by the US's 2024 imports
// from each (Census, USD mn: 136,561.156, 12,661.807 and 148,208.567;
// Ethiopia, at the 10% default, 465.844; ZZZ has no figure and no weight).
func TestScheduleOnAggregate(t *testing.T) {
	ds := rowDataset()
	sc, err := Parse([]byte("name: s\nshocks:\n  - tariff: {importer: USA, schedule: aug-2025}\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	comp, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	w := censusImports()
	wV, wK, wJ, wE := 136561.156, 12661.807, 148208.567, w["ETH"]
	if w["VNM"] != wV || w["KHM"] != wK || w["JPN"] != wJ || w["ZZZ"] != 0 {
		t.Fatalf("Census weights VNM %v KHM %v JPN %v ZZZ %v", w["VNM"], w["KHM"], w["JPN"], w["ZZZ"])
	}
	eth := ratePct(t, "aug-2025", "ETH") / 100 // the 10% default: no entry of its own
	usa, row := idx(t, ds, "USA"), idx(t, ds, "ROW")
	for s := range ds.S() {
		t0 := ds.Tariffs[ds.At(row, usa, s)]
		want := (wV*(t0+0.20) + wK*(t0+0.19) + wJ*math.Max(t0, 0.15) + wE*(t0+eth)) / (wV + wK + wJ + wE)
		if got := comp.Shocks.Tariff[ds.At(row, usa, s)]; math.Abs(got-want) > 1e-15 {
			t.Errorf("sector %d: US tariff on ROW %.15g, want %.15g", s, got, want)
		}
	}
	notes := strings.Join(comp.Notes, "\n")
	if !strings.Contains(notes, "ROW (an aggregate of 5 economies)") || strings.Contains(notes, "VNM not in dataset") {
		t.Errorf("notes %q: want ROW's weighting explained and no note on its members", notes)
	}
}

// ratePct is a schedule's rate on an exporter, percent.
func ratePct(t *testing.T, schedule, exporter string) float64 {
	t.Helper()
	s, ok := lookupSchedule(schedule)
	if !ok {
		t.Fatalf("no schedule %s", schedule)
	}
	return s.RateFor(exporter).RatePct
}

// TestMemberIsNotAUnit: a scenario naming an economy that an aggregate
// stands for gets an error that says so, at the place it was written.
func TestMemberIsNotAUnit(t *testing.T) {
	ds := rowDataset()
	for _, tc := range []struct{ yaml, field string }{
		{"name: s\nshocks:\n  - tariff: {importer: USA, exporter: ETH, rate: 0.1}\n", "shocks[0].tariff.exporter"},
		{"name: s\nmodel:\n  numeraire: KHM\n", "model.numeraire"},
	} {
		sc, err := Parse([]byte(tc.yaml), "s.yaml")
		if err != nil {
			t.Fatal(err)
		}
		_, err = Compile(sc, ds)
		e := asInvalid(t, err)
		if e.Field != tc.field || !strings.Contains(err.Error(), "is part of ROW in rowtoy") {
			t.Errorf("error %q (field %q), want it at %s saying the economy is part of ROW in rowtoy", err, e.Field, tc.field)
		}
	}
	// A code no one stands for names the dataset.
	sc, _ := Parse([]byte("name: s\nshocks:\n  - tariff: {importer: USA, exporter: STP, rate: 0.1}\n"), "s.yaml")
	if _, err := Compile(sc, ds); err == nil || !strings.Contains(err.Error(), `"STP" in dataset rowtoy`) {
		t.Errorf("unknown code: %v", err)
	}
}

// TestCoalitionSkipsAggregates: ROW is not a country, so it is no default
// candidate however much it trades with the leader, and naming it is an
// error.
func TestCoalitionSkipsAggregates(t *testing.T) {
	ds := rowDataset()
	row := idx(t, ds, "ROW")
	usa := idx(t, ds, "USA")
	for s := range ds.S() { // make ROW the US's largest partner by far
		ds.Trade[ds.At(row, usa, s)] = 1e6
	}
	cs := &CoalitionSpec{Leader: Ref{Name: "USA"}, Targets: Names("CHN"), Top: 3}
	rc, err := cs.Resolve(ds)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rc.Candidates {
		if c.Name == "ROW" {
			t.Fatalf("ROW is a default candidate: %+v", rc.Candidates)
		}
	}
	if len(rc.Candidates) != 3 {
		t.Errorf("%d candidates, want 3", len(rc.Candidates))
	}
	for _, spec := range []*CoalitionSpec{
		{Leader: Ref{Name: "USA"}, Targets: Names("CHN"), Candidates: Names("MEX", "ROW")},
		{Leader: Ref{Name: "USA"}, Targets: Names("ROW"), Candidates: Names("MEX")},
		{Leader: Ref{Name: "ROW"}, Targets: Names("CHN"), Candidates: Names("MEX")},
	} {
		if _, err := spec.Resolve(ds); err == nil || !strings.Contains(err.Error(), "ROW stands for 5 economies") {
			t.Errorf("%+v: error %v, want ROW refused as a player", spec, err)
		}
	}
}

// TestUSRecordOnAggregate: the dated US record gives an aggregate the mean
// of its members' additional duties weighted by US imports 2024, as the
// named schedules do (one-sector data: the record's total row).
func TestUSRecordOnAggregate(t *testing.T) {
	ds := rowDataset()
	// One sector: keep AGR's flows and tariffs.
	N := ds.N()
	trade, tar := make([]float64, N*N), make([]float64, N*N)
	for i := range N {
		for j := range N {
			trade[i*N+j], tar[i*N+j] = ds.Trade[ds.At(i, j, 0)], ds.Tariffs[ds.At(i, j, 0)]
		}
	}
	ds.Sectors, ds.Trade, ds.Tariffs = []data.Sector{data.DefaultSector}, trade, tar
	const date = "2025-08-07"
	sc, err := Parse([]byte("name: r\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: "+date+"}}\n"), "r.yaml")
	if err != nil {
		t.Fatal(err)
	}
	comp, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	eff, err := tariffs.EffectiveOn(date)
	if err != nil {
		t.Fatal(err)
	}
	w := map[string]float64{"VNM": 136561.156, "KHM": 12661.807, "JPN": 148208.567, "ETH": 465.844}
	num, den := 0.0, 0.0
	for code, wm := range w {
		rows, _, _ := eff.Partner(code)
		total := rows[len(rows)-1]
		if total.Sector != tariffs.TotalSector {
			t.Fatalf("%s: last row %s, want the total", code, total.Sector)
		}
		num += wm * total.AdditionalPct() / 100
		den += wm
	}
	usa, row := idx(t, ds, "USA"), idx(t, ds, "ROW")
	want := ds.Tariffs[ds.At(row, usa, 0)] + num/den
	if got := comp.Shocks.Tariff[ds.At(row, usa, 0)]; math.Abs(got-want) > 1e-12 {
		t.Errorf("US tariff on ROW %.12g, want %.12g", got, want)
	}
}
