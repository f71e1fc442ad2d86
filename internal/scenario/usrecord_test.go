package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// recordDuty is the additional duty (a decimal) of the US record on a
// partner's sector row on a date.
func recordDuty(t *testing.T, date, code, sector string) float64 {
	t.Helper()
	e, err := tariffs.EffectiveOn(date)
	if err != nil {
		t.Fatal(err)
	}
	rows, _, _ := e.Partner(code)
	for _, r := range rows {
		if r.Sector == sector {
			return r.AdditionalPct() / 100
		}
	}
	t.Fatalf("no %s %s row on %s", code, sector, date)
	return 0
}

// icioDataset is a small dataset whose sectors carry ICIO codes (as the
// icio-2022 world does), plus a services sector and one code the record
// lacks.
func icioDataset() *data.Dataset {
	ds := &data.Dataset{Name: "icio-test", Unit: "USD million"}
	for _, c := range []string{"USA", "CHN", "DEU", "JPN", "MEX", "ARM"} {
		ds.Countries = append(ds.Countries, data.Country{Code: c, Name: c})
	}
	ds.Sectors = []data.Sector{{Code: "C24A", Theta: 4}, {Code: "C29", Theta: 4}, {Code: "SERV", Theta: 4}, {Code: "XYZ", Theta: 4}}
	N, S := ds.N(), ds.S()
	ds.Trade = make([]float64, N*N*S)
	ds.Tariffs = make([]float64, N*N*S)
	for i := range N {
		for j := range N {
			for s := range S {
				ds.Trade[ds.At(i, j, s)] = 100
				if i != j {
					ds.Tariffs[ds.At(i, j, s)] = 0.02 + 0.001*float64(s)
				}
			}
		}
	}
	ds.Groups = map[string][]string{"EU27": {"DEU"}}
	return ds
}

// TestUSRecordBySector: on a dataset with ICIO sector codes each exporter
// gets the record's duty sector by sector, on top of the baseline, on US
// imports only; SERV and codes the record lacks get none, with a note.
func TestUSRecordBySector(t *testing.T) {
	ds := icioDataset()
	c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-10-01}}\n", ds)
	usa := idx(t, ds, "USA")
	for _, code := range []string{"CHN", "DEU", "JPN", "MEX", "ARM"} {
		rowCode := code
		if code == "DEU" {
			rowCode = tariffs.EU27Code
		}
		i := idx(t, ds, code)
		for s, sec := range ds.Sectors {
			k := ds.At(i, usa, s)
			want := ds.Tariffs[k]
			if sec.Code == "C24A" || sec.Code == "C29" {
				want += recordDuty(t, "2025-10-01", rowCode, sec.Code)
			}
			if !near(c.Shocks.Tariff[k], want) {
				t.Errorf("USA on %s %s: %v, want %v", code, sec.Code, c.Shocks.Tariff[k], want)
			}
		}
		// Other importers keep their baseline.
		k := ds.At(i, idx(t, ds, "JPN"), 1)
		if code != "JPN" && c.Shocks.Tariff[k] != ds.Tariffs[k] {
			t.Errorf("JPN on %s changed", code)
		}
	}
	// Japan's cars pay the 15% all-in deal rate, China's steel far more.
	if jp := recordDuty(t, "2025-10-01", "JPN", "C29"); jp > 0.15 || jp < 0.10 {
		t.Errorf("JPN C29 duty %v, want the 15%% all-in deal rate less MFN", jp)
	}
	notes := strings.Join(c.Notes, "\n")
	for _, want := range []string{"no US duty on sector SERV", "no US record for sectors XYZ", "1 economies are not in the sectoral table (ARM)", "CC BY-NC 4.0", "since: 2025-01-01"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// TestUSRecordOneSector: on world-2023 (one sector) each partner gets its
// import-weighted total; EU members the EU's, Hong Kong its own row,
// economies outside the table the default rules; each less the duty of
// 2025-01-01, which the baseline already carries.
func TestUSRecordOneSector(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := Builtin("us-regime-2025-11-15")
	if !ok {
		t.Fatal("no built-in us-regime-2025-11-15")
	}
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	usa := idx(t, ds, "USA")
	for code, row := range map[string]string{"CHN": "CHN", "HKG": "HKG", "DEU": tariffs.EU27Code, "SVK": "SVK", "MEX": "MEX", "TWN": "TWN", "ARM": "ARM"} {
		k := ds.At(idx(t, ds, code), usa, 0)
		want := ds.Tariffs[k] + recordDuty(t, "2025-11-15", row, tariffs.TotalSector) - recordDuty(t, tariffs.FirstDate, row, tariffs.TotalSector)
		if !near(c.Shocks.Tariff[k], want) {
			t.Errorf("USA on %s: %v, want %v", code, c.Shocks.Tariff[k], want)
		}
	}
	// The table's 30.6% on China on 2025-11-15, of which 10.3% was there
	// before 2025: 1.49% MFN + 30.6% in all.
	if k := ds.At(idx(t, ds, "CHN"), usa, 0); c.Shocks.Tariff[k]-ds.Tariffs[k] < 0.20 || c.Shocks.Tariff[k] < 0.32 {
		t.Errorf("USA on CHN: %v (+%v), want 32.1%% (+20.3%%)", c.Shocks.Tariff[k], c.Shocks.Tariff[k]-ds.Tariffs[k])
	}
}

// TestUSRecordSinceTheBaseline: on a dataset whose baseline carries the
// record's duties of a date (both embedded worlds: 2025-01-01), us-record
// adds only the change since then: on that date nothing changes (no
// shock, no change), and the whole duty on a copy that carries none is the
// baseline's duty more. An explicit since that differs from the
// baseline's date is applied, with a note saying what is left out.
func TestUSRecordSinceTheBaseline(t *testing.T) {
	w, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	ic, ok, err := data.Embedded(data.ICIOName)
	if err != nil || !ok {
		t.Fatalf("icio-2022: %v, %v", ok, err)
	}
	for _, ds := range []*data.Dataset{w, ic} {
		if ds.USRecordInBaseline != tariffs.FirstDate {
			t.Fatalf("%s: us_record_in_baseline %q", ds.Name, ds.USRecordInBaseline)
		}
		c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-01-01}}\n", ds)
		for k, v := range c.Shocks.Tariff {
			if v != ds.Tariffs[k] {
				t.Fatalf("%s: us-record on the baseline's date changes tariff %d: %v → %v", ds.Name, k, ds.Tariffs[k], v)
			}
		}
		if !hasNote(c.Notes, "whose regime") {
			t.Errorf("%s: no note on the baseline's regime: %q", ds.Name, c.Notes)
		}
	}
	// The same world without the claim: the whole duty, counted again.
	bare := w.Clone()
	bare.USRecordInBaseline = ""
	usa, chn := idx(t, w, "USA"), idx(t, w, "CHN")
	k := w.At(chn, usa, 0)
	src := "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-11-15}}\n"
	withBase, whole := compileYAML(t, src, w), compileYAML(t, src, bare)
	if d := whole.Shocks.Tariff[k] - withBase.Shocks.Tariff[k]; !near(d, recordDuty(t, tariffs.FirstDate, "CHN", tariffs.TotalSector)) {
		t.Errorf("whole duty − change since the baseline on China = %v, want the 2025-01-01 duty", d)
	}
	if !hasNote(whole.Notes, "the whole additional duty") {
		t.Errorf("no whole-duty note: %q", whole.Notes)
	}
	c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-11-15, since: 2025-08-07}}\n", w)
	if !hasNote(c.Notes, "left out (or counted twice)") {
		t.Errorf("no note on a since that differs from the baseline's date: %q", c.Notes)
	}
}

func hasNote(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestUSRecordSinceAndToday: since applies the change between two dates;
// today is the date the scenario is compiled.
func TestUSRecordSinceAndToday(t *testing.T) {
	ds := icioDataset()
	c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: \"2026-02-24\", since: 2025-11-15}}\n", ds)
	usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
	k := ds.At(chn, usa, 1) // C29
	want := ds.Tariffs[k] + recordDuty(t, "2026-02-24", "CHN", "C29") - recordDuty(t, "2025-11-15", "CHN", "C29")
	if !near(c.Shocks.Tariff[k], want) || c.Shocks.Tariff[k] >= ds.Tariffs[k] {
		t.Errorf("since: %v, want %v (below the baseline: the IEEPA duties ended)", c.Shocks.Tariff[k], want)
	}
	c = compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: today}}\n", ds)
	if want := ds.Tariffs[k] + recordDuty(t, tariffs.Today(), "CHN", "C29"); !near(c.Shocks.Tariff[k], want) {
		t.Errorf("today: %v, want %v", c.Shocks.Tariff[k], want)
	}
}

func TestUSRecordErrors(t *testing.T) {
	for src, want := range map[string]string{
		"{importer: USA, schedule: us-record}":                                              "needs a date",
		"{importer: USA, schedule: {name: us-record}}":                                      "needs a date",
		"{importer: USA, schedule: {name: us-record, date: 2024-12-31}}":                    "before the US record",
		"{importer: USA, schedule: {name: us-record, date: 2025-02-30}}":                    "want a date",
		"{importer: USA, schedule: {name: us-record, date: 20250101}}":                      "want a date",
		"{importer: USA, schedule: {name: us-record, date: 2025-05-01, since: 2025-06-01}}": "must be a date before",
		"{importer: USA, schedule: {name: nov-2025, date: 2025-05-01}}":                     "has its own date",
		"{importer: USA, schedule: {name: us-record, day: 2025-05-01}}":                     "unknown key \"day\"",
		"{importer: USA, schedule: {date: 2025-05-01}}":                                     "missing key \"name\"",
	} {
		_, err := Parse([]byte("name: x\nshocks:\n  - tariff: "+src+"\n"), "case.yaml")
		if e := asInvalid(t, err); !strings.Contains(e.Error(), want) || !strings.Contains(e.Error(), "case.yaml:3") {
			t.Errorf("%s: %v, want %q at line 3", src, e, want)
		}
	}
	// A dataset whose sectors are not ICIO codes cannot take the record by sector.
	sc, err := Parse([]byte("name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: 2025-11-15}}\n"), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(sc, smallDataset())
	if e := asInvalid(t, err); !strings.Contains(e.Error(), "needs a one-sector dataset or ICIO sector codes") {
		t.Errorf("AGR/MAN dataset: %v", e)
	}
}

// TestSchedulesTaxGoodsOnly: a named US schedule leaves the services
// sector's tariffs alone (with a note), as the record does; other sectors,
// even codes the record lacks, take its rate; a shock that names SERV
// taxes it.
func TestSchedulesTaxGoodsOnly(t *testing.T) {
	ds := icioDataset()
	usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
	c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n", ds)
	for s, sec := range ds.Sectors {
		k := ds.At(chn, usa, s)
		moved := c.Shocks.Tariff[k] != ds.Tariffs[k]
		if moved == (sec.Code == "SERV") {
			t.Errorf("%s: %v → %v", sec.Code, ds.Tariffs[k], c.Shocks.Tariff[k])
		}
	}
	if !hasNote(c.Notes, "no duty on sector SERV") {
		t.Errorf("no services note: %q", c.Notes)
	}
	c = compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day, sector: SERV}\n", ds)
	if k := ds.At(chn, usa, 2); c.Shocks.Tariff[k] == ds.Tariffs[k] {
		t.Error("a schedule that names SERV does not tax it")
	}
}

// TestUSRecordIndiaRussianOilEnd: a us-record schedule dated inside
// 2026-02-07 – 2026-02-20 charges India without the 25% over Russian oil
// (EO 14329), which the EO of 2026-02-06 ended from 2026-02-07: on the
// one-sector default world US imports from India pay 14.544 pp less than
// on 2026-02-06 (the duty's share of India's TOTAL), the reciprocal 25%
// still charged.
func TestUSRecordIndiaRussianOilEnd(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	k := ds.At(idx(t, ds, "IND"), idx(t, ds, "USA"), 0)
	on := func(date string) float64 {
		c := compileYAML(t, "name: x\nshocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: "+date+"}}\n", ds)
		return c.Shocks.Tariff[k]
	}
	eve, after := on("2026-02-06"), on("2026-02-10")
	if d := eve - after; math.Abs(d-0.14544) > 1e-5 {
		t.Errorf("USA on IND: %.5f on 2026-02-06, %.5f on 2026-02-10: drop %.5f, want 0.14544", eve, after, d)
	}
	if want := ds.Tariffs[k] + recordDuty(t, "2026-02-10", "IND", tariffs.TotalSector) - recordDuty(t, tariffs.FirstDate, "IND", tariffs.TotalSector); !near(after, want) {
		t.Errorf("USA on IND on 2026-02-10: %v, want %v", after, want)
	}
}
