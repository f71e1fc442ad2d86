package build

import (
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
