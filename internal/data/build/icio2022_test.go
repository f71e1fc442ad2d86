package build

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestBuildICIOReport checks the figures of each step of icio-2022 as
// icio2022/README.md quotes them.
func TestBuildICIOReport(t *testing.T) {
	d, rep, err := BuildICIOReport(filepath.Join(testutil.SharedDir(t), "data", "compiled"))
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %g (update icio2022/README.md if this changes)", name, got, want, tol)
		}
	}
	if rep.Units != 81 || rep.Sectors != 28 || d.N() != 81 || d.S() != 28 {
		t.Fatalf("%d units × %d sectors", rep.Units, rep.Sectors)
	}
	near("foreign trade", rep.ForeignTotal, 27110736, 1)
	near("of which services", rep.ServicesForeign, 9640941, 1)
	near("domestic", rep.DomesticTotal, 172580582, 1)
	near("value added", rep.GDP, 101971188, 1)
	// The pre-2025 US duties (Section 232, 301), as in world-2023.
	u := rep.USDuties
	near("US tariff on goods before duties", u.MeanBeforePct, 1.71, 0.005)
	near("US tariff on goods after duties", u.MeanAfterPct, 3.73, 0.005)
	near("US tariff on China after duties", u.ChinaAfterPct, 13.77, 0.005)
	if u.Partners != 29 || !slices.Equal(u.NoRecord, []string{"B09"}) || d.USRecordInBaseline != USDutyAnchor {
		t.Errorf("US duties for %d partners (want 29), no record for %v (want B09), dataset says %q", u.Partners, u.NoRecord, d.USRecordInBaseline)
	}
	if rep.ServicesTariffs != 5084 {
		t.Errorf("%d services rates set to 0, want 5084", rep.ServicesTariffs)
	}
	near("US food tariff before", rep.USFood.BeforePct, 36.68, 0.005)
	near("US food tariff after", rep.USFood.AfterPct, 1.30, 0.005)
	if rep.USFood.Capped != 57 {
		t.Errorf("%d partners capped, want 57", rep.USFood.Capped)
	}
	near("ROW export tariff", rep.RestExporterRate, 2.81, 0.005)
	near("ROW import tariff", rep.RestImport.RatePct, 8.03, 1e-9)
	if len(rep.RestImport.Members) != 22 || rep.RestImport.MembersAll != 116 {
		t.Errorf("ROW import tariff from %d of %d members, want 22 of 116", len(rep.RestImport.Members), rep.RestImport.MembersAll)
	}
	sh := rep.Shares
	if sh.Cells != 413 || sh.Units != 73 || sh.MaxSumGap > 1e-6 {
		t.Errorf("final-demand repair: %d cells in %d units (max share gap %g), want 413 in 73", sh.Cells, sh.Units, sh.MaxSumGap)
	}
	near("excess intermediate use", sh.Excess, 1017034, 1)
	if len(rep.RestValues) != 44 || !slices.Contains(rep.RestValues, "VNM") || !slices.Contains(rep.RestValues, "ROW") {
		t.Errorf("%d units with rest-of-world shares, want 44 incl. VNM and ROW", len(rep.RestValues))
	}
	if len(rep.RestGDP) != 44 {
		t.Errorf("%d units calibrated to GDP, want 44", len(rep.RestGDP))
	}
	for _, c := range rep.RestGDP {
		if math.Abs(c.After-1) > restGDPTolerance {
			t.Errorf("%s: value added / GDP %v after calibration", c.Unit, c.After)
		}
		if c.Unit == "VNM" {
			near("VNM value added / GDP before", c.Before, 1.779, 0.0005)
		}
	}
	if len(rep.Members) != 116 || !slices.Contains(rep.Members, "ETH") || slices.Contains(rep.Members, "VNM") {
		t.Errorf("ROW members: %d, want 116 incl. ETH, not VNM", len(rep.Members))
	}
}

// toyTables is one unit with two sectors: gross output Y = (100, 50) and
// absorption (60, 40) of each sector.
func toyTables(beta, gamma []float64) *shareTables {
	return &shareTables{units: []string{"AAA"}, sectors: []cubeSector{{code: "G"}, {code: "S"}}, n: 1, s: 2,
		beta: beta, gamma: gamma, gross: []float64{100, 50}, absn: []float64{60, 40}}
}

// TestRepairFinalDemand: sector G is used as an input worth 0.5·100 +
// 0.4·50 = 70 > its absorption 60, so both its input shares are scaled by
// (1 − 1e-6)·60/70 and the cost removed goes to value added; sector S
// (used 0.1·100 + 0.2·50 = 20 < 40) is left alone.
func TestRepairFinalDemand(t *testing.T) {
	beta := []float64{0.4, 0.4}
	gamma := []float64{0.5, 0.1, 0.4, 0.2} // (s,k): G←G, G←S, S←G, S←S
	tb := toyTables(beta, gamma)
	var sr ShareRepair
	repairFinalDemand(tb, &sr)
	f := (1 - finalDemandFloor) * 60 / 70
	want := []struct {
		name      string
		got, want float64
	}{
		{"γ G←G", gamma[0], 0.5 * f}, {"γ S←G", gamma[2], 0.4 * f},
		{"γ G←S", gamma[1], 0.1}, {"γ S←S", gamma[3], 0.2},
		{"β G", beta[0], 0.4 + 0.5*(1-f)}, {"β S", beta[1], 0.4 + 0.4*(1-f)},
		{"excess", sr.Excess, 10}, {"value added added", sr.VAAdded, 70 * (1 - f)},
	}
	for _, w := range want {
		if math.Abs(w.got-w.want) > 1e-12 {
			t.Errorf("%s = %.15g, want %.15g", w.name, w.got, w.want)
		}
	}
	if sr.Cells != 1 || sr.Units != 1 || sr.Largest[0].Sector != "G" {
		t.Errorf("repair %+v, want one cell (AAA, G)", sr)
	}
	for s := range 2 {
		if sum := beta[s] + gamma[2*s] + gamma[2*s+1]; math.Abs(sum-1) > 1e-15 {
			t.Errorf("sector %d: β + Σγ = %v", s, sum)
		}
	}
}

// TestCalibrateUnit: a unit's value added Σβ·Y = 0.4·100 + 0.4·50 = 60 is
// brought to a GDP of 45 by scaling every β by 0.75, the input shares of
// each sector keeping their mix; raising it to 90 runs into the final
// demand of sector G, whose repair the calibration counts.
func TestCalibrateUnit(t *testing.T) {
	beta := []float64{0.4, 0.4}
	gamma := []float64{0.3, 0.3, 0.2, 0.4}
	tb := toyTables(beta, gamma)
	tb.absn = []float64{1e6, 1e6} // no final-demand repair in the way
	c := tb.calibrateUnit(0, 45)
	if math.Abs(beta[0]-0.3) > 1e-9 || math.Abs(beta[1]-0.3) > 1e-9 || math.Abs(gamma[0]/gamma[1]-1) > 1e-12 || math.Abs(gamma[2]/gamma[3]-0.5) > 1e-12 {
		t.Errorf("β %v γ %v, want β = 0.3 and the input mix kept", beta, gamma)
	}
	if math.Abs(c.Before-60.0/45) > 1e-12 || math.Abs(c.After-1) > restGDPTolerance || c.RepairCells != 0 {
		t.Errorf("calibration %+v", c)
	}
	for s := range 2 {
		if sum := beta[s] + gamma[2*s] + gamma[2*s+1]; math.Abs(sum-1) > 1e-12 {
			t.Errorf("sector %d: β + Σγ = %v", s, sum)
		}
	}
	// Lowering value added from 75 to 40 raises every input share from 0.25
	// to about 0.37, so sector G is used about 0.37·(100 + 50) = 55 > its
	// absorption 30, and is repaired on the way.
	beta2 := []float64{0.5, 0.5}
	gamma2 := []float64{0.25, 0.25, 0.25, 0.25}
	tb2 := toyTables(beta2, gamma2)
	tb2.absn = []float64{30, 1e6}
	c2 := tb2.calibrateUnit(0, 40)
	if math.Abs(c2.After-1) > restGDPTolerance || c2.RepairCells != 1 {
		t.Errorf("calibration with a repair %+v, want value added = GDP and one repaired sector", c2)
	}
	if inter := gamma2[0]*100 + gamma2[2]*50; inter > 30 {
		t.Errorf("intermediate use of G %v exceeds its absorption 30", inter)
	}
}
