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
