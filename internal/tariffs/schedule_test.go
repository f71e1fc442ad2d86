package tariffs

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func mustLookup(t *testing.T, name string) Schedule {
	t.Helper()
	s, ok := Lookup(name)
	if !ok {
		t.Fatalf("schedule %q not found", name)
	}
	return s
}

func TestScheduleNames(t *testing.T) {
	want := []string{"liberation-day", "pause-2025-04", "geneva-2025-05", "aug-2025", "nov-2025", "section-122"}
	if got := Names(); !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	prev := ""
	for _, s := range Schedules() {
		got := mustLookup(t, s.Name)
		if got.Date < prev {
			t.Errorf("%s: dated %s before %s", s.Name, got.Date, prev)
		}
		prev = got.Date
		if got.Title == "" || got.Description == "" || got.Source == "" || got.Stacking == "" {
			t.Errorf("%s: missing title, description, source or stacking", s.Name)
		}
		if got.DefaultPct != 10 {
			t.Errorf("%s: default %g, want 10", s.Name, got.DefaultPct)
		}
		seen := map[string]bool{}
		for _, e := range got.Entries {
			if seen[e.Exporter] || e.Exporter == "USA" || e.RatePct < 0 {
				t.Errorf("%s: bad entry %+v", s.Name, e)
			}
			seen[e.Exporter] = true
		}
	}
	if _, ok := Lookup("no-such"); ok {
		t.Error(`Lookup("no-such") found a schedule`)
	}
}

func TestScheduleRates(t *testing.T) {
	tests := []struct {
		schedule, exporter string
		rate               float64
		mode               Mode
	}{
		{"liberation-day", "CHN", 54, Additional},
		{"liberation-day", "VNM", 46, Additional},
		{"liberation-day", "EUU", 20, Additional},
		{"liberation-day", "DEU", 20, Additional},
		{"liberation-day", "IND", 26, Additional},
		{"liberation-day", "GBR", 10, Additional},
		{"liberation-day", "CAN", 10, Additional},
		{"liberation-day", "MEX", 17, Additional},
		{"liberation-day", "USA", 0, Additional},
		{"liberation-day", "HKG", 54, Additional},
		{"pause-2025-04", "CHN", 145, Additional},
		{"pause-2025-04", "HKG", 145, Additional},
		{"pause-2025-04", "MAC", 145, Additional},
		{"pause-2025-04", "VNM", 10, Additional},
		{"geneva-2025-05", "CHN", 30, Additional},
		{"aug-2025", "CHN", 30, Additional},
		{"aug-2025", "VNM", 20, Additional},
		{"aug-2025", "EUU", 15, AllIn},
		{"aug-2025", "FRA", 15, AllIn},
		{"aug-2025", "JPN", 15, AllIn},
		{"aug-2025", "CHE", 39, Additional},
		{"aug-2025", "BRA", 50, Additional},
		{"aug-2025", "IND", 50, Additional},
		{"aug-2025", "CAN", 1.94, Additional},
		{"aug-2025", "MEX", 1.91, Additional},
		{"aug-2025", "GBR", 10, Additional},
		{"nov-2025", "CHN", 20, Additional},
		{"nov-2025", "CHE", 15, AllIn},
		{"nov-2025", "LIE", 15, AllIn},
		{"nov-2025", "KOR", 15, AllIn},
		{"nov-2025", "IND", 50, Additional},
		{"section-122", "CHN", 10, Additional},
		{"section-122", "IND", 10, Additional},
		{"section-122", "CAN", 0.2, Additional},
		{"section-122", "MEX", 0.4, Additional},
	}
	for _, tt := range tests {
		e := mustLookup(t, tt.schedule).RateFor(tt.exporter)
		if e.RatePct != tt.rate || e.Mode != tt.mode {
			t.Errorf("%s %s: %g %v, want %g %v", tt.schedule, tt.exporter, e.RatePct, e.Mode, tt.rate, tt.mode)
		}
	}
}

// TestCanMexAgreeWithEffectiveRates: a dated schedule charges Canada and
// Mexico what the effective-rate table (tariffs effective) says their duty
// came to over all their goods on the schedule's table date: the fentanyl
// duty's ieepa_other before the ruling, the Section 122 surcharge after it.
// Liberation Day charges instead the reciprocal formula's rate on Census 2024
// trade, max(10, round(50 (m−x)/m)): 10 and 17, the Ignatenko et al. (2025)
// calculator's applied_tariff. (An earlier record read those two as the
// fentanyl duty's effective rate, 6 and 17 times the table's.)
func TestCanMexAgreeWithEffectiveRates(t *testing.T) {
	tests := []struct {
		schedule, date string
		a              Authority
	}{
		{"pause-2025-04", "2025-04-10", IEEPAOther},
		{"geneva-2025-05", "2025-04-10", IEEPAOther},
		{"aug-2025", "2025-08-07", IEEPAOther},
		{"nov-2025", "2025-11-15", IEEPAOther},
		{"section-122", "2026-02-24", S122},
	}
	for _, tt := range tests {
		eff, err := EffectiveOn(tt.date)
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"CAN", "MEX"} {
			rows, _, _ := eff.Partner(code)
			var total *EffectiveRow
			for i := range rows {
				if rows[i].Sector == "TOTAL" {
					total = &rows[i]
				}
			}
			if total == nil {
				t.Fatalf("%s: no TOTAL row for %s", tt.date, code)
			}
			want := total.Duty[tt.a]
			got := mustLookup(t, tt.schedule).RateFor(code).RatePct
			if math.Abs(got-want) > 0.005 || want <= 0 {
				t.Errorf("%s %s: %g, the effective-rate table's %v on %s is %.3f", tt.schedule, code, got, tt.a, tt.date, want)
			}
		}
	}
	for _, c := range []struct {
		code string
		want float64
	}{{"CAN", 10}, {"MEX", 17}} {
		var p *Partner
		for _, q := range Partners() {
			if q.Code == c.code {
				p = &q
			}
		}
		if p == nil {
			t.Fatalf("no partner %s", c.code)
		}
		formula := math.Max(10, math.Round(50*(p.Imports-p.Exports)/p.Imports))
		if got := mustLookup(t, "liberation-day").RateFor(c.code).RatePct; got != formula || got != c.want {
			t.Errorf("liberation-day %s: %g, the formula gives %g (Ignatenko et al.: %g)", c.code, got, formula, c.want)
		}
	}
}

func TestLiberationDayIsAnnexI(t *testing.T) {
	s := mustLookup(t, "liberation-day")
	for _, p := range Partners() {
		e := s.RateFor(p.Code)
		switch {
		case p.Code == "CHN":
		case p.AnnexListed && e.RatePct != p.AnnexPct:
			t.Errorf("%s: %g, Annex I %g", p.Code, e.RatePct, p.AnnexPct)
		case !p.AnnexListed && p.Code != "CAN" && p.Code != "MEX" && e.RatePct != 10:
			t.Errorf("%s: %g, want the 10%% baseline", p.Code, e.RatePct)
		}
	}
}

func TestExpandEU(t *testing.T) {
	s := mustLookup(t, "aug-2025")
	exp := s.Expand()
	var members []string
	for _, e := range exp {
		if e.Exporter == EUCode {
			t.Fatal("Expand kept the EUU entry")
		}
		if slices.Contains(EU27, e.Exporter) {
			members = append(members, e.Exporter)
			if e.RatePct != 15 || e.Mode != AllIn {
				t.Errorf("%s: %g %v, want 15 all_in", e.Exporter, e.RatePct, e.Mode)
			}
		}
	}
	if len(members) != 27 {
		t.Errorf("%d EU members, want 27", len(members))
	}
	if len(exp) != len(s.Entries)-1+27 {
		t.Errorf("%d expanded entries from %d", len(exp), len(s.Entries))
	}
	if !slices.IsSortedFunc(exp, func(a, b Entry) int {
		if a.Exporter < b.Exporter {
			return -1
		}
		return 1
	}) {
		t.Error("expanded entries not sorted")
	}
}

// TestAliasesPayChinasRate: in every schedule Hong Kong and Macau pay
// exactly China's rate, in the same mode, from an entry of their own (so
// that code iterating over Entries, like scenario's schedule application and
// `tariffs schedules`, sees it too).
func TestAliasesPayChinasRate(t *testing.T) {
	as := Aliases()
	var got []string
	for _, a := range as {
		got = append(got, a.Exporter+"→"+a.RateOf)
		if !strings.Contains(a.Basis, "EO 14257") {
			t.Errorf("alias %s: basis %q does not cite EO 14257", a.Exporter, a.Basis)
		}
	}
	if want := []string{"HKG→CHN", "MAC→CHN"}; !slices.Equal(got, want) {
		t.Fatalf("aliases %v, want %v", got, want)
	}
	if got := AliasesOf("CHN"); !slices.Equal(got, []string{"HKG", "MAC"}) {
		t.Errorf("AliasesOf(CHN) = %v", got)
	}
	for _, s := range Schedules() {
		chn := s.RateFor("CHN")
		for _, code := range []string{"HKG", "MAC"} {
			e := s.RateFor(code)
			if e.RatePct != chn.RatePct || e.Mode != chn.Mode {
				t.Errorf("%s: %s pays %g %v, CHN %g %v", s.Name, code, e.RatePct, e.Mode, chn.RatePct, chn.Mode)
			}
			own := slices.ContainsFunc(s.Entries, func(x Entry) bool { return x.Exporter == code })
			chnOwn := slices.ContainsFunc(s.Entries, func(x Entry) bool { return x.Exporter == "CHN" })
			if own != chnOwn {
				t.Errorf("%s: %s has an entry %v, CHN %v", s.Name, code, own, chnOwn)
			}
		}
	}
	// A schedule built without the aliases' entries still gives them China's rate.
	bare := Schedule{DefaultPct: 10, Entries: []Entry{{Exporter: "CHN", RatePct: 54}}}
	if e := bare.RateFor("MAC"); e.RatePct != 54 || e.Exporter != "MAC" {
		t.Errorf("bare schedule: MAC %+v, want CHN's 54", e)
	}
}

func TestModeApply(t *testing.T) {
	tests := []struct {
		m           Mode
		t0, r, want float64
	}{
		{Additional, 2.5, 10, 12.5},
		{AllIn, 2.5, 15, 15},
		{AllIn, 20, 15, 20},
	}
	for _, tt := range tests {
		if got := tt.m.Apply(tt.t0, tt.r); got != tt.want {
			t.Errorf("%v.Apply(%g, %g) = %g, want %g", tt.m, tt.t0, tt.r, got, tt.want)
		}
	}
}

func TestSchedulesCopy(t *testing.T) {
	a := Schedules()
	a[0].Entries[0].RatePct = -1
	if Schedules()[0].Entries[0].RatePct == -1 {
		t.Error("Schedules returned shared entries")
	}
}
