package benchmark

import (
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// TestCAInDollarsWithoutMacroGDP: an economy without a 2024 GDP in the
// macro table (Afghanistan on world-2023) has its mean and latest current
// account in USD bn on the dataset's GDP, $17.25 bn (17,250 USD mn).
func TestCAInDollarsWithoutMacroGDP(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := ds.Macro["AFG"]; ok && m.GDPUSDbn2024 > 0 {
		t.Fatalf("AFG has a macro GDP %v: the case is not exercised", m.GDPUSDbn2024)
	}
	ecs, _, err := Classify(ds, nil, "", DefaultRule())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ecs {
		if e.Code != "AFG" {
			continue
		}
		ev := e.Evidence
		if ev.MeanCAPctGDP == nil || ev.MeanCAUSDbn == nil || ev.LatestCAPctGDP == nil || ev.LatestCAUSDbn == nil ||
			math.Abs(*ev.MeanCAUSDbn-*ev.MeanCAPctGDP/100*17.25) > 1e-12 || math.Abs(*ev.LatestCAUSDbn-*ev.LatestCAPctGDP/100*17.25) > 1e-12 {
			t.Errorf("AFG: %+v, want the CA shares times $17.25 bn", ev)
		}
		return
	}
	t.Error("AFG not classified")
}
