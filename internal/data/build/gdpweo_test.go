package build

import (
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/testutil"
)

// gdpFarFromWEO are the economies whose GDP may differ from IMF WEO
// April 2026's 2023 figure by more than maxGDPGapWEO, with the reason.
// None does since Venezuela's stale WDI value (+373%) was replaced; the
// largest gaps left are vintages, the WDI of March 2025 against the WEO of
// April 2026 after devaluations and rebasings: Nigeria −25%, Angola −25%,
// Saudi Arabia −12%.
var gdpFarFromWEO = map[string]string{}

// maxGDPGapWEO is the largest relative gap TestGDPNearWEO allows between a
// GDP and the WEO's: twice the vintage gaps above, far below a wrong year's.
const maxGDPGapWEO = 0.5

// TestGDPNearWEO: no economy's GDP is more than maxGDPGapWEO from IMF
// WEO 2023 unless gdpFarFromWEO says why; the economies without a WEO 2023
// figure are exactly Eritrea (its WEO 2019) and the nine imputed; and every
// staleWDI entry is one the check would catch in the WDI column.
func TestGDPNearWEO(t *testing.T) {
	dir := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	d, rep, err := BuildReport(dir)
	if err != nil {
		t.Fatal(err)
	}
	weo, err := weoSeries(dir)
	if err != nil {
		t.Fatal(err)
	}
	var without []string
	for _, c := range d.Countries {
		w, ok := weo[c.Code][2023]
		if !ok {
			without = append(without, c.Code)
			continue
		}
		gap := c.GDP/w - 1
		if _, listed := gdpFarFromWEO[c.Code]; math.Abs(gap) > maxGDPGapWEO && !listed {
			t.Errorf("%s: GDP %.0f is %+.0f%% from WEO 2023 %.0f (source %s)", c.Code, c.GDP, 100*gap, w, rep.GDPSource[c.Code])
		}
	}
	if want := []string{"BMU", "CUW", "CYM", "ERI", "GRL", "NCL", "PYF", "SXM", "SYR", "TCA"}; !slices.Equal(without, want) {
		t.Errorf("economies without WEO 2023 GDP %v, want %v", without, want)
	}
	wdi, err := column(dir, macroFile, "iso3", "gdp_usd_mn_2023_wdi_mar2025")
	if err != nil {
		t.Fatal(err)
	}
	for c := range staleWDI {
		if gap := wdi[c]/weo[c][2023] - 1; !(math.Abs(gap) > maxGDPGapWEO) {
			t.Errorf("%s is listed as stale but its WDI column is only %+.0f%% from WEO", c, 100*gap)
		}
	}
	if !slices.Equal(rep.StaleWDI, []string{"VEN"}) || rep.GDPSource["VEN"] != GDPWEO2023 {
		t.Errorf("stale WDI %v, VEN's source %q; want [VEN] and WEO 2023", rep.StaleWDI, rep.GDPSource["VEN"])
	}
	if v, _ := d.Index("VEN"); d.Countries[v].GDP != 102000 {
		t.Errorf("VEN GDP %v, want WEO 2023's 102,000 (the WDI column's 482,359 is 2014's)", d.Countries[v].GDP)
	}
}
