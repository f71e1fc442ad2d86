package scenario

import (
	"slices"
	"testing"
)

// TestThreatTariffs: a threat given as a schedule is the scenario's own
// shocks plus that schedule on the leader's imports, as a scenario file
// writes it (tariffs and notes alike); a threat given as a rate adds it to
// the leader's tariffs on every other country's goods, services and every
// other importer untouched, and leaves t0 as it was.
func TestThreatTariffs(t *testing.T) {
	const base = "name: x\nshocks:\n  - tariff: {importer: CHN, exporter: USA, rate: 0.3}\n"
	ds := icioDataset()
	usa, serv := idx(t, ds, "USA"), 2
	sc, err := Parse([]byte(base), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	t0 := compileYAML(t, base, ds).Shocks.Tariff
	for _, c := range []struct {
		name string
		spec CoalitionSpec
		// written is the threat as a tariff shock of a scenario file;
		// "" for a rate.
		written string
	}{
		{"named schedule", CoalitionSpec{ThreatSchedule: "liberation-day"}, "{importer: USA, schedule: liberation-day}"},
		{"dated record", CoalitionSpec{ThreatSchedule: "us-record", ThreatScheduleDate: "2025-08-07"}, "{importer: USA, schedule: {name: us-record, date: 2025-08-07}}"},
		{"record since", CoalitionSpec{ThreatSchedule: "us-record", ThreatScheduleDate: "2025-08-07", ThreatScheduleSince: "2025-04-01"}, "{importer: USA, schedule: {name: us-record, date: 2025-08-07, since: 2025-04-01}}"},
		{"rate", CoalitionSpec{ThreatRate: 0.25}, ""},
	} {
		keep := slices.Clone(t0)
		got, notes, err := c.spec.ThreatTariffs(sc, ds, usa, t0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(t0, keep) {
			t.Errorf("%s: t0 modified", c.name)
		}
		if _, ok := c.spec.ThreatShock("USA"); ok != (c.written != "") {
			t.Errorf("%s: ThreatShock ok = %v", c.name, ok)
		}
		if c.written != "" {
			want := compileYAML(t, base+"  - tariff: "+c.written+"\n", ds)
			if !slices.Equal(got, want.Shocks.Tariff) || !slices.Equal(notes, want.Notes) {
				t.Errorf("%s: tariffs or notes differ from the written schedule's\nnotes %q\nwant  %q", c.name, notes, want.Notes)
			}
			if slices.Equal(got, t0) {
				t.Errorf("%s: the schedule moved no tariff", c.name)
			}
			continue
		}
		if notes != nil {
			t.Errorf("%s: notes %q, want none", c.name, notes)
		}
		for i := range ds.Countries {
			for j := range ds.Countries {
				for s := range ds.Sectors {
					k, want := ds.At(i, j, s), t0[ds.At(i, j, s)]
					if j == usa && i != usa && s != serv {
						want += 0.25
					}
					if got[k] != want {
						t.Errorf("%s: %s>%s sector %d: %v, want %v", c.name, ds.Countries[i].Code, ds.Countries[j].Code, s, got[k], want)
					}
				}
			}
		}
	}
}
