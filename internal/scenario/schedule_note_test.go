package scenario

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// TestScheduleAsIfOnChartNote: a schedule whose record entries charge a
// partner as if on the chart (Liberation Day's Canada and Mexico, at the
// reciprocal formula's 10% and 17% on all goods, as Ignatenko et al. 2025
// do) says so in the notes, with what they paid in law: the rates of the
// next dated schedule of the record (pause-2025-04: 1.72% and 2.76% on
// 2025-04-10), which are the figures the entries' own notes cite. Every
// number comes from the record. A schedule without such entries, or a
// shock that leaves those partners out, gets no such note.
func TestScheduleAsIfOnChartNote(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	lib, law := "liberation-day", "pause-2025-04"
	want := fmt.Sprintf("schedule %s: CAN %g%% and MEX %g%% are each the reciprocal formula's rate as Ignatenko et al. (2025) charge it, as if on the chart, without USMCA preference; in law they paid, on 2025-04-10, %g%% and %g%% of all their goods (schedule %s; scenario liberation-day-as-applied applies the duties in force by sector)",
		lib, ratePct(t, lib, "CAN"), ratePct(t, lib, "MEX"), ratePct(t, law, "CAN"), ratePct(t, law, "MEX"), law)
	if !strings.Contains(want, "CAN 10% and MEX 17%") || !strings.Contains(want, "1.72% and 2.76%") {
		t.Fatalf("the record's rates moved: %s", want)
	}
	// The law rates are the ones the Liberation Day entries cite.
	sch, _ := tariffs.Lookup(lib)
	for _, code := range []string{"CAN", "MEX"} {
		if cite := fmt.Sprintf("%.2f%% of all its goods on 2025-04-10", ratePct(t, law, code)); !strings.Contains(sch.RateFor(code).Note, cite) {
			t.Errorf("%s: the entry's note %q does not cite %q", code, sch.RateFor(code).Note, cite)
		}
	}
	for _, tc := range []struct {
		name, yaml string
		want       string
	}{
		{"liberation-day", "shocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n", want},
		{"Mexico alone", "shocks:\n  - tariff: {importer: USA, schedule: liberation-day, exporter: [MEX, CHN]}\n",
			fmt.Sprintf("schedule %s: MEX 17%% is the reciprocal formula's rate as Ignatenko et al. (2025) charge it, as if on the chart, without USMCA preference; in law it paid, on 2025-04-10, 2.76%% of all its goods (schedule %s;", lib, law)},
		{"partners left out", "shocks:\n  - tariff: {importer: USA, schedule: liberation-day, exporter: [CHN]}\n", ""},
		{"a dated schedule", "shocks:\n  - tariff: {importer: USA, schedule: pause-2025-04}\n", ""},
	} {
		c := compileYAML(t, tc.yaml, ds)
		notes := strings.Join(c.Notes, "\n")
		if tc.want == "" {
			if strings.Contains(notes, "as if on the chart") {
				t.Errorf("%s: notes %q", tc.name, notes)
			}
			continue
		}
		if !strings.Contains(notes, tc.want) {
			t.Errorf("%s: notes lack\n%s\nhave\n%s", tc.name, tc.want, notes)
		}
	}
}

// TestScheduleNamesItsAsAppliedScenario: a named schedule's headline rates
// fall on every good; its note names the built-in that applies the record
// of the schedule's first day by sector, and that built-in does. The
// section-122 schedule charged 10% on all goods (+7.1 pp at world-2023's
// baseline weights) where the surcharge as applied reached 2.95% of US
// imports; until section-122-as-applied its note named no scenario, and
// its description did not say "headline".
func TestScheduleNamesItsAsAppliedScenario(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for date, name := range recordBuiltins {
		sc, ok := Builtin(name)
		if !ok {
			t.Errorf("%s: no built-in %s", date, name)
			continue
		}
		if len(sc.Shocks) != 1 || sc.Shocks[0].Tariff == nil || sc.Shocks[0].Tariff.Schedule.Name != tariffs.USRecord || sc.Shocks[0].Tariff.ScheduleDate != date {
			t.Errorf("%s: built-in %s is not the us-record of that day", date, name)
		}
	}
	c := compileYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: section-122}\n", ds)
	if want := "`schedule: {name: us-record, date: 2026-02-24}` applies the rates by sector as they were in force that day (scenario section-122-as-applied)"; !strings.Contains(strings.Join(c.Notes, "\n"), want) {
		t.Errorf("section-122 notes lack %q:\n%s", want, strings.Join(c.Notes, "\n"))
	}
	// The shares the descriptions cite are the record's Section 122 part
	// on 2026-02-24 (tariffs effective --date 2026-02-24).
	eff, err := tariffs.EffectiveOn("2026-02-24")
	if err != nil {
		t.Fatal(err)
	}
	var shares []string
	for _, p := range []struct{ code, text string }{{tariffs.AllPartners, "%.2f%% of US imports"}, {"CHN", "China %.2f%%"}, {tariffs.EU27Code, "the EU %.2f%%"}, {"JPN", "Japan %.2f%%"}} {
		rows, _, _ := eff.Partner(p.code)
		shares = append(shares, fmt.Sprintf(p.text, rows[len(rows)-1].Duty[tariffs.S122]))
	}
	if shares[0] != "2.95% of US imports" {
		t.Errorf("the record's Section 122 share moved: %s", shares[0])
	}
	for _, name := range []string{"section-122", "section-122-as-applied"} {
		sc, ok := Builtin(name)
		if !ok {
			t.Errorf("no built-in %s", name)
			continue
		}
		for _, want := range append([]string{"headline", "section-122"}, shares...) {
			if !strings.Contains(sc.Description, want) {
				t.Errorf("%s description lacks %q: %s", name, want, sc.Description)
			}
		}
	}
	if sc, _ := Builtin("section-122"); !strings.Contains(sc.Description, "headline rate on all goods") || !strings.Contains(sc.Description, "section-122-as-applied") {
		t.Errorf("section-122 description: %s", sc.Description)
	}
}

// TestUSRecordNoteRulesOfTheDay: the note on the economies outside the
// sectoral table names the headline rules in force on the schedule's date
// only. A run on 2025-04-09 cited the Section 122 surcharge of 2026 and the
// forced-labour action of July 2026 beside the reciprocal rate.
func TestUSRecordNoteRulesOfTheDay(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	recip, s122, fl := "its IEEPA reciprocal rate", "the Section 122 surcharge", "the forced-labour Section 301 rate"
	for _, tc := range []struct {
		date     string
		want     string
		notWants []string
	}{
		{"2025-04-09", "(" + recip + "; Section 232 as the all-partner average)", []string{s122, fl, "2026"}},
		{"2026-02-20", "(" + recip + "; Section 232", []string{s122, fl}},
		{"2026-02-22", "(none that day; Section 232", []string{recip, s122, fl}},
		{"2026-02-24", "(" + s122 + "; Section 232", []string{recip, fl}},
		{"2026-07-24", "(" + fl + " if the compiled row names it; Section 232", []string{recip, s122}},
		{"2025-03-01", "(none that day; Section 232", []string{recip, s122, fl}},
	} {
		c := compileYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: {name: us-record, date: "+tc.date+"}}\n", ds)
		var note string
		for _, n := range c.Notes {
			if strings.Contains(n, "not in the sectoral table") {
				note = n
			}
		}
		if !strings.Contains(note, "its own headline rates in force that day "+tc.want) {
			t.Errorf("%s: note %q lacks %q", tc.date, note, tc.want)
		}
		for _, nw := range tc.notWants {
			if strings.Contains(note, nw) {
				t.Errorf("%s: note %q names %q, not in force that day", tc.date, note, nw)
			}
		}
	}
}
