package scenario

import (
	"testing"
)

// TestTariffOnServicesNote: a tariff shock without a sector key keeps its
// meaning (every sector, services included) but, where it moves the
// services sector's tariffs on a world that has one, a note says so and
// names the goods sectors to restrict it; naming sectors, or a world
// without a services sector, gives no note.
func TestTariffOnServicesNote(t *testing.T) {
	const note = "with no sector key the rate applies to every sector, services (SERV) included"
	noServ := icioDataset()
	noServ.Sectors[2].Code = "S99" // a sector, but not the services sector
	for _, c := range []struct {
		name     string
		shock    string
		services bool // the dataset has SERV
		note     bool
		taxed    bool // SERV's tariff moves
	}{
		{"star", `{importer: USA, exporter: "*", rate: 0.2876}`, true, true, true},
		{"add", `{importer: USA, exporter: CHN, add: 0.1}`, true, true, true},
		{"goods named", `{importer: USA, exporter: "*", rate: 0.2876, sector: [C24A, C29, XYZ]}`, true, false, false},
		{"services named", `{importer: USA, exporter: "*", rate: 0.2876, sector: SERV}`, true, false, true},
		{"unchanged", `{importer: USA, exporter: CHN, add: 0}`, true, false, false},
		{"no services sector", `{importer: USA, exporter: "*", rate: 0.2876}`, false, false, true},
	} {
		ds := icioDataset()
		if !c.services {
			ds = noServ
		}
		comp := compileYAML(t, "name: x\nshocks:\n  - tariff: "+c.shock+"\n", ds)
		if got := hasNote(comp.Notes, note); got != c.note {
			t.Errorf("%s: note %v, want %v: %q", c.name, got, c.note, comp.Notes)
		}
		if c.note && !hasNote(comp.Notes, "tariff at line 3") || c.note && !hasNote(comp.Notes, "sector: [C24A, C29, XYZ]") {
			t.Errorf("%s: the note does not name the line and the goods sectors: %q", c.name, comp.Notes)
		}
		k := ds.At(idx(t, ds, "CHN"), idx(t, ds, "USA"), 2)
		if got := comp.Shocks.Tariff[k] != ds.Tariffs[k]; got != c.taxed {
			t.Errorf("%s: sector 2 %v → %v, taxed %v", c.name, ds.Tariffs[k], comp.Shocks.Tariff[k], c.taxed)
		}
	}
}

// TestOptimalRetaliationRatesOnGoods: the rates the engine finds for
// `retaliation: {rule: optimal}` are tariffs on the leader's goods, as its
// search set them (optimal.GoodsSectors): the services sector keeps its
// tariffs; on a world without one every sector takes the rate.
func TestOptimalRetaliationRatesOnGoods(t *testing.T) {
	for _, services := range []bool{true, false} {
		ds := icioDataset()
		if !services {
			ds.Sectors[2].Code = "S99"
		}
		sc, err := Parse([]byte("name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.3}\nretaliation: {rule: optimal}\n"), "case.yaml")
		if err != nil {
			t.Fatal(err)
		}
		sc.Retaliation.Rates = map[string]float64{"CHN": 0.25}
		comp, err := Compile(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
		for s, sec := range ds.Sectors {
			k := ds.At(usa, chn, s)
			want := 0.25
			if services && s == 2 {
				want = ds.Tariffs[k]
			}
			if comp.Shocks.Tariff[k] != want {
				t.Errorf("services %v, %s: CHN's tariff on US goods %v, want %v", services, sec.Code, comp.Shocks.Tariff[k], want)
			}
		}
	}
}
