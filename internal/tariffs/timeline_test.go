package tariffs

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestTimeline(t *testing.T) {
	acts := Timeline()
	// 22 compiled actions and the end of India's Russian-oil duty
	// (2026-02-07), added by recordgen's corrections.
	if len(acts) != 23 {
		t.Fatalf("%d actions, want 23", len(acts))
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

// TestFullTimelineOrderAndMerge: the full timeline runs by effective date
// with the two measures that have no date yet last; a country action that a
// measure records again is merged into it with its wording and its source
// (the attribution of the row); a country action's single rate is written
// as in the record ("10", not "10.0"), and one that sets many has none.
func TestFullTimelineOrderAndMerge(t *testing.T) {
	tl := FullTimeline()
	var undated []string
	for i, e := range tl {
		if e.Date == "" {
			undated = append(undated, e.ID)
			continue
		}
		if len(undated) > 0 {
			t.Fatalf("entry %d (%s %s) dated after the undated %v", i, e.Date, e.ID, undated)
		}
		if i > 0 && e.Date < tl[i-1].Date {
			t.Errorf("entry %d: %s after %s", i, e.Date, tl[i-1].Date)
		}
	}
	if want := []string{"S232-ALU-2026-07", "S201-QUARTZ-2026-07"}; !slices.Equal(undated, want) {
		t.Errorf("undated entries %v, want %v last", undated, want)
	}
	byID := map[string]TimelineEntry{}
	for _, e := range tl {
		byID[e.ID] = e
	}
	merged := 0
	for _, a := range Timeline() {
		for _, id := range []string{"S122-2026-02", "IEEPA-FENT-CAMX-USMCA"} {
			m := byID[id]
			if a.DateEffective != m.Date || !strings.Contains(m.Measure, "("+a.Measure+")") {
				continue
			}
			merged++
			if a.Source == "" || !strings.Contains(m.Source, a.Source) {
				t.Errorf("%s: source %q lacks the merged action's %q", id, m.Source, a.Source)
			}
		}
	}
	if merged != 2 {
		t.Errorf("%d country actions merged into a measure, want 2", merged)
	}
	// The action that ended the IEEPA duties (rate 0) is the one entry
	// under "IEEPA (ended)": it took effect, it is not a duty in force.
	var ended []string
	for _, e := range tl {
		if e.Authority == ieepaEnded {
			ended = append(ended, e.Date+" "+e.Status("2026-11-28"))
		}
	}
	if want := []string{"2026-02-20 took effect"}; !slices.Equal(ended, want) {
		t.Errorf("entries under %q: %v, want %v", ieepaEnded, ended, want)
	}
	rates := map[string]string{}
	for _, e := range tl {
		if e.Kind == "country" && (e.Date == "2025-04-05" || e.Date == "2025-04-09") {
			rates[e.Date] += "[" + e.RateText + "]"
		}
	}
	if want := map[string]string{"2025-04-05": "[10]", "2025-04-09": "[][84]"}; !maps.Equal(rates, want) {
		t.Errorf("country rates %v, want %v", rates, want)
	}
}

// TestIndiaDutyEndInTimeline: India's Russian-oil duty of 2025-08-27 ends
// on 2026-02-06, the day before the EO of 2026-02-06 took effect, not with
// the other IEEPA duties on 2026-02-20; the action ending it is dated
// 2026-02-07, names the action it ends, sets no duty ("took effect", not
// "in force") and cites the order's section 2. The row ending all IEEPA
// duties no longer lists India's duty among them, and the Swiss floor cites
// the tracker's date of the HTS change, 2026-01-01.
func TestIndiaDutyEndInTimeline(t *testing.T) {
	var duty, end *TimelineEntry
	tl := FullTimeline()
	for i, e := range tl {
		switch {
		case e.Kind == "country" && e.Date == "2025-08-27" && e.Scope == "IND":
			duty = &tl[i]
		case e.Kind == "country" && e.Date == "2026-02-07" && e.Scope == "IND":
			end = &tl[i]
		}
	}
	if duty == nil || end == nil {
		t.Fatalf("India's duty %v or its end %v missing from the timeline", duty, end)
	}
	if duty.End != "2026-02-06" || duty.Status("2026-02-06") != "in force" || duty.Status("2026-02-07") != "lapsed" {
		t.Errorf("India's duty: last day %q, status %s on 02-06 and %s on 02-07; want 2026-02-06, in force, lapsed",
			duty.End, duty.Status("2026-02-06"), duty.Status("2026-02-07"))
	}
	if end.Ends != "2025-08-27 IND" || end.RateText != "0" || end.End != "" ||
		end.Status("2026-02-06") != "upcoming" || end.Status("2026-02-07") != "took effect" || end.Status("2026-11-28") != "took effect" {
		t.Errorf("the end of India's duty: %+v, status %s/%s", *end, end.Status("2026-02-06"), end.Status("2026-02-07"))
	}
	if !strings.Contains(end.Source, "2026-02-06-modifying-duties-to-address-threats-to-the-united-states-by-the-government-of-the-russian-federation-04b2.md, sec. 2") ||
		!strings.Contains(end.Measure, "9903.01.84-9903.01.89") || !strings.Contains(end.Measure, `"will" go to 18%`) {
		t.Errorf("the end of India's duty lacks its source, headings or the 18%% caveat: %q / %q", end.Measure, end.Source)
	}
	for _, a := range Timeline() {
		if a.DateEffective == "2026-02-20" && strings.Contains(a.Measure, "India-Russia oil,") {
			t.Errorf("the end of the IEEPA duties still lists India's Russian-oil duty: %q", a.Measure)
		}
		if a.DateEffective == "2025-11-14" && (strings.Contains(a.Measure, "tracker dates the HTS change 2025-11-14") || !strings.Contains(a.Measure, "2026-01-01")) {
			t.Errorf("the Swiss floor cites the tracker's date wrongly: %q", a.Measure)
		}
	}
	if got := IEEPALastDay(); got != "2026-02-20" {
		t.Errorf("IEEPALastDay() = %s, want 2026-02-20", got)
	}
}
