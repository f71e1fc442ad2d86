package build

import (
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/testutil"
)

func TestBuildReport(t *testing.T) {
	d, rep, err := BuildReport(filepath.Join(testutil.SharedDir(t), "data", "compiled"))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, n := range rep.GDPSources {
		total += n
	}
	if total != d.N() || d.N() != 194 {
		t.Errorf("GDP sources cover %d economies, dataset has %d, want 194", total, d.N())
	}
	// GDP sources, as listed in world2023/README.md.
	wantSources := map[string]int{GDPWDI: 96, GDPWEO2023: 88, "WEO-2019": 1, GDPImputed: 9}
	if !maps.Equal(rep.GDPSources, wantSources) {
		t.Errorf("GDP sources %v, want %v (update world2023/README.md if this changes)", rep.GDPSources, wantSources)
	}
	var imputed []string
	for c, src := range rep.GDPSource {
		if src == GDPImputed {
			imputed = append(imputed, c)
		}
	}
	slices.Sort(imputed)
	if want := []string{"BMU", "CUW", "CYM", "GRL", "NCL", "PYF", "SXM", "SYR", "TCA"}; !slices.Equal(imputed, want) {
		t.Errorf("imputed GDP for %v, want %v", imputed, want)
	}
	if rep.GDPSource["ERI"] != "WEO-2019" || rep.GDPSource["USA"] != GDPWDI || rep.GDPSource["SDN"] != GDPWEO2023 {
		t.Errorf("GDP source ERI %q, USA %q, SDN %q", rep.GDPSource["ERI"], rep.GDPSource["USA"], rep.GDPSource["SDN"])
	}
	for i, c := range d.Countries {
		if !(c.GDP > 0) || d.Domestic(i) < MinDomesticShare*c.GDP*(1-1e-9) {
			t.Errorf("%s: GDP %v, domestic sales %v", c.Code, c.GDP, d.Domestic(i))
		}
	}
	// Economies whose gross goods exports exceed 75% of GDP; the README lists them.
	want := []string{"COG", "GIN", "GMB", "LBY", "MHL", "MYS", "SVK", "SVN", "VNM"}
	if !slices.Equal(rep.Floored, want) {
		t.Errorf("floored economies %v, want %v (update world2023/README.md if this changes)", rep.Floored, want)
	}
	if rep.TariffMedianPct != 3.66 || len(rep.TariffFallback) != 99 {
		t.Errorf("tariff fallback: median %v%% for %d importers, want 3.66%% for 99 (README)", rep.TariffMedianPct, len(rep.TariffFallback))
	}
	for _, g := range groups {
		for _, m := range g.members {
			if _, ok := d.Index(m); !ok && m != "LIE" && m != "STP" {
				t.Errorf("group %s: %s is not among the 194 economies", g.name, m)
			}
		}
	}
}

func TestBuildMissingInput(t *testing.T) {
	if _, err := Build(t.TempDir()); err == nil {
		t.Fatal("Build of an empty directory succeeded")
	}
}

// TestBuildReadsCompiledOnly copies only the compiled tables to a temporary
// directory with no external/ beside it: the generator must still produce the
// same dataset, proving it reads nothing from ../shared/data/external.
func TestBuildReadsCompiledOnly(t *testing.T) {
	src := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	dst := filepath.Join(t.TempDir(), "data", "compiled")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	want, err := Build(src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Build(dst)
	if err != nil {
		t.Fatalf("build from compiled tables alone: %v", err)
	}
	if fmt.Sprintf("%+v", *got) != fmt.Sprintf("%+v", *want) {
		t.Error("build from a copy of compiled/ alone differs from the build in ../shared")
	}
}

func TestImputeGDP(t *testing.T) {
	// Ten known economies with imports/GDP 0.1…1.0 (imports 1…10), in
	// classes of two: class 1 = {1, 2} has median ratio 0.15.
	gdp := map[string]float64{}
	var flows []flow
	for k := 1; k <= 10; k++ {
		c := fmt.Sprintf("K%02d", k)
		gdp[c] = 10
		flows = append(flows, flow{"X", c, float64(k)})
	}
	flows = append(flows, flow{"X", "NEW", 1.5}, flow{"X", "BIG", 100})
	got, ratios := imputeGDP(gdp, []string{"NEW", "BIG"}, flows)
	if math.Abs(got["NEW"]-10) > 1e-9 {
		t.Errorf("NEW: GDP %v, want 1.5 / 0.15 = 10", got["NEW"])
	}
	// BIG is above every known economy: top class {9, 10}, ratio 0.95.
	if math.Abs(got["BIG"]-math.Round(100/0.95*1000)/1000) > 1e-9 {
		t.Errorf("BIG: GDP %v, want 100 / 0.95", got["BIG"])
	}
	if len(ratios) != 2 {
		t.Errorf("ratios %v, want two classes", ratios)
	}
}
