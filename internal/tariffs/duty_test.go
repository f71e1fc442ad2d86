package tariffs

import (
	"math"
	"slices"
	"testing"
)

// TestDuty: a partner's duty is its rows' additional duty; with since, the
// change between the two dates, row by row; a partner outside the table is
// flagged as built by the default rules.
func TestDuty(t *testing.T) {
	first, err := EffectiveOn(FirstDate)
	if err != nil {
		t.Fatal(err)
	}
	later, err := EffectiveOn("2025-11-15")
	if err != nil {
		t.Fatal(err)
	}
	rows, _, _ := first.Partner("CHN")
	whole, dflt := first.Duty("CHN", nil)
	if dflt || len(whole) != len(rows) {
		t.Fatalf("CHN: %d rows (want %d), default %v", len(whole), len(rows), dflt)
	}
	for _, r := range rows {
		if whole[r.Sector] != r.AdditionalPct() {
			t.Errorf("CHN %s: %v, want %v", r.Sector, whole[r.Sector], r.AdditionalPct())
		}
	}
	// China's pre-2025 duty: Section 301 and 232, 10.34% of its 2024 imports.
	if v := whole[TotalSector]; math.Abs(v-10.338) > 0.001 {
		t.Errorf("CHN total on %s: %.4f%%, want 10.338%%", FirstDate, v)
	}
	now, _ := later.Duty("CHN", nil)
	change, _ := later.Duty("CHN", first)
	for row, v := range now {
		if math.Abs(change[row]-(v-whole[row])) > 1e-12 {
			t.Errorf("CHN %s: change %v, want %v − %v", row, change[row], v, whole[row])
		}
	}
	if _, dflt := first.Duty("ZWE", nil); !dflt {
		t.Error("ZWE: not flagged as built by the default rules")
	}
}

// TestMembersDuty: an aggregate pays its members' duties weighted by the
// US's 2024 imports from each; members the US does not import from weigh
// nothing, and a plain mean is taken when none of them trades with it.
func TestMembersDuty(t *testing.T) {
	e, err := EffectiveOn("2025-11-15")
	if err != nil {
		t.Fatal(err)
	}
	w := CensusImports()
	chn, _ := e.Duty("CHN", nil)
	jpn, _ := e.Duty("JPN", nil)
	got := e.MembersDuty([]string{"CHN", "JPN"}, nil)
	for _, row := range []string{TotalSector, "C29"} {
		want := (w["CHN"]*chn[row] + w["JPN"]*jpn[row]) / (w["CHN"] + w["JPN"])
		if math.Abs(got[row]-want) > 1e-9 || got[row] <= min(chn[row], jpn[row]) && chn[row] != jpn[row] {
			t.Errorf("%s: %v, want %v", row, got[row], want)
		}
	}
	if w["XXA"] != 0 || w["XXB"] != 0 {
		t.Fatal("test codes trade with the US")
	}
	a, _ := e.Duty("XXA", nil)
	mean := e.MembersDuty([]string{"XXA", "XXB"}, nil)
	if a[TotalSector] <= 0 || math.Abs(mean[TotalSector]-a[TotalSector]) > 1e-9 {
		t.Errorf("no member trades with the US: %v, want the plain mean %v", mean[TotalSector], a[TotalSector])
	}
}

func TestRecordRows(t *testing.T) {
	for _, tc := range []struct {
		codes, rows, unmatched []string
		matched                int
		services               bool
	}{
		{[]string{"ALL"}, []string{TotalSector}, nil, 1, false},
		{[]string{"C24A", "C29", ServicesSector, "XYZ"}, []string{"C24A", "C29", "", ""}, []string{"XYZ"}, 2, true},
		{[]string{"AAA", "BBB"}, []string{"", ""}, []string{"AAA", "BBB"}, 0, false},
	} {
		rows, matched, services, unmatched := RecordRows(tc.codes)
		if !slices.Equal(rows, tc.rows) || matched != tc.matched || services != tc.services || !slices.Equal(unmatched, tc.unmatched) {
			t.Errorf("%v: %v %d %v %v, want %v %d %v %v", tc.codes, rows, matched, services, unmatched, tc.rows, tc.matched, tc.services, tc.unmatched)
		}
	}
}

// TestMembersDutyByHand pins the weights of an aggregate unit to the Census
// figures themselves (USD mn, record/census.csv), not to CensusImports, so
// that a map that lost its partners fails here: China weighs 438,947.386,
// Tuvalu 0.224. A member the US does not import from weighs nothing, so a
// unit of China and such a member pays China's duty exactly; a unit none of
// whose members trades with the US pays their plain mean, a finite figure
// (0/0 weights would give NaN, which no comparison would catch).
func TestMembersDutyByHand(t *testing.T) {
	w := CensusImports()
	for code, want := range map[string]float64{"CHN": 438947.386, "JPN": 148208.567, "TUV": 0.224} {
		if w[code] != want {
			t.Errorf("CensusImports()[%s] = %v, Census 2024 says %v", code, w[code], want)
		}
	}
	e, err := EffectiveOn("2025-11-15")
	if err != nil {
		t.Fatal(err)
	}
	chn, _ := e.Duty("CHN", nil)
	jpn, _ := e.Duty("JPN", nil)
	xxa, _ := e.Duty("XXA", nil)
	xxb, _ := e.Duty("XXB", nil)
	for _, tc := range []struct {
		name    string
		members []string
		want    func(row string) float64
	}{
		{"China and Japan by their imports", []string{"CHN", "JPN"}, func(r string) float64 {
			return (438947.386*chn[r] + 148208.567*jpn[r]) / (438947.386 + 148208.567)
		}},
		{"a member without US imports weighs nothing", []string{"CHN", "XXA"}, func(r string) float64 { return chn[r] }},
		{"no member trades with the US: plain mean", []string{"XXA", "XXB"}, func(r string) float64 { return (xxa[r] + xxb[r]) / 2 }},
	} {
		got := e.MembersDuty(tc.members, nil)
		for _, row := range []string{TotalSector, "C29", "C24A"} {
			if want := tc.want(row); !(math.Abs(got[row]-want) <= 1e-9) || want <= 0 {
				t.Errorf("%s: %s %v, want %v", tc.name, row, got[row], want)
			}
		}
	}
}
