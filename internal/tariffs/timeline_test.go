package tariffs

import (
	"sort"
	"testing"
)

func TestTimeline(t *testing.T) {
	acts := Timeline()
	if len(acts) != 22 {
		t.Fatalf("%d actions, want 22", len(acts))
	}
	if !sort.SliceIsSorted(acts, func(i, j int) bool { return acts[i].DateEffective < acts[j].DateEffective }) {
		t.Error("timeline not sorted by effective date")
	}
	for _, a := range acts {
		if a.DateEffective == "" || a.Scope == "" || a.Measure == "" || a.Instrument == "" || a.Source == "" {
			t.Errorf("incomplete action %+v", a)
		}
	}
	last := acts[len(acts)-1]
	if last.DateEffective != "2026-02-24" || last.RatePct != 10 {
		t.Errorf("last action %s %g, want the Section 122 10%% of 2026-02-24", last.DateEffective, last.RatePct)
	}
}

func TestPartnersRecord(t *testing.T) {
	ps := Partners()
	if len(ps) != 187 {
		t.Fatalf("%d partners, want 187", len(ps))
	}
	by := map[string]Partner{}
	for _, p := range ps {
		by[p.Code] = p
	}
	if p := by["EUU"]; p.Rate20250807Pct != 15 || p.Mode20250807 != AllIn || p.Note20250807 == "" {
		t.Errorf("EU 7 Aug rate %g %v %q, want 15 all_in with note", p.Rate20250807Pct, p.Mode20250807, p.Note20250807)
	}
	if p := by["CHN"]; p.Rate20250807Pct != 10 || p.Rate20250410Pct != 125 || p.Note20250807 == "" {
		t.Errorf("CHN rates %g/%g %q", p.Rate20250807Pct, p.Rate20250410Pct, p.Note20250807)
	}
	if p := by["CAN"]; p.Rate20250807Pct != 0 || p.Mode20250807 != Additional || p.Note20250807 == "" {
		t.Errorf("CAN 7 Aug %g %v %q", p.Rate20250807Pct, p.Mode20250807, p.Note20250807)
	}
	if p := by["JPN"]; p.Mode20250807 != AllIn {
		t.Errorf("JPN 7 Aug mode %v, want all_in", p.Mode20250807)
	}
	if RecordReadme() == "" {
		t.Error("record README missing")
	}
}
