package data_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/data/build"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

// TestEmbeddedMatchesGenerator guards against a hand-edited or stale
// embedded dataset: the committed files of each embedded world must be
// exactly what its generator makes from ../shared.
func TestEmbeddedMatchesGenerator(t *testing.T) {
	compiled := filepath.Join(testutil.SharedDir(t), "data", "compiled")
	for _, tc := range []struct {
		name, dir string
		build     func(string) (*data.Dataset, error)
	}{
		{data.DefaultName, "world2023", build.Build},
		{data.ICIOName, "icio2022", build.BuildICIO},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := tc.build(compiled)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), tc.dir)
			if err := data.Export(d, dir); err != nil {
				t.Fatal(err)
			}
			hint := "run `go generate ./internal/data` to rebuild internal/data/" + tc.dir
			embedded := data.EmbeddedFSOf(tc.name)
			generated, _ := os.ReadDir(dir)
			want := []string{"README.md"}
			for _, e := range generated {
				want = append(want, e.Name())
				got, err := fs.ReadFile(embedded, e.Name())
				if err != nil {
					t.Errorf("embedded dataset lacks %s: %v; %s", e.Name(), err, hint)
					continue
				}
				gen, _ := os.ReadFile(filepath.Join(dir, e.Name()))
				if !bytes.Equal(got, gen) {
					t.Errorf("embedded %s differs from the generator's output; %s", e.Name(), hint)
				}
			}
			entries, _ := fs.ReadDir(embedded, ".")
			var have []string
			for _, e := range entries {
				have = append(have, e.Name())
			}
			slices.Sort(want)
			if !slices.Equal(have, want) {
				t.Errorf("embedded files %v, want %v; %s", have, want, hint)
			}
		})
	}
}

func TestDefaultFacts(t *testing.T) {
	d, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if d.N() != 195 || d.S() != 1 || d.Unit != "USD million" || d.Name != "world-2023" || d.Year != 2023 || d.Version != 5 {
		t.Fatalf("N=%d S=%d unit=%q name=%q year=%d version=%d", d.N(), d.S(), d.Unit, d.Name, d.Year, d.Version)
	}
	// BACI 2023 repaired and rescaled to the BoP: USD 22.96 trillion
	// (22.86 before version 5 filled the holes outside the block).
	if got := d.ForeignTotal(); math.Abs(got-22.9564e6) > 1e3 {
		t.Errorf("foreign trade total = %.0f USD mn, want 22,956,400 ± 1,000", got)
	}
	for _, g := range []struct {
		name string
		n    int
	}{{"EU27", 27}, {"USMCA", 3}, {"G7", 7}, {"ASEAN", 10}, {"BRICS", 9}, {"OPEC", 12}, {"GCC", 6}, {"G20", 19}} {
		if got := len(d.Groups[g.name]); got != g.n {
			t.Errorf("group %s has %d members, want %d", g.name, got, g.n)
		}
	}
	for i, c := range d.Countries {
		if dom := d.Domestic(i); !(dom > 0) {
			t.Errorf("%s: domestic sales %v, want > 0", c.Code, dom)
		}
		if !(c.GDP > 0) || c.Name == "" {
			t.Errorf("%s: GDP %v, name %q", c.Code, c.GDP, c.Name)
		}
	}
	idx := func(code string) int {
		i, ok := d.Index(code)
		if !ok {
			t.Fatalf("%s missing", code)
		}
		return i
	}
	usa, can, deu, fra := idx("USA"), idx("CAN"), idx("DEU"), idx("FRA")
	if r := d.Tariffs[d.At(can, usa, 0)]; r != 0 {
		t.Errorf("USA tariff on CAN = %v, want 0 inside USMCA", r)
	}
	if r := d.Tariffs[d.At(fra, deu, 0)]; r != 0 {
		t.Errorf("DEU tariff on FRA = %v, want 0 inside the EU", r)
	}
	// The US's own rates (setUSMFN, TestUSDutiesInBaseline): China's MFN
	// 2.57% plus its pre-2025 duties 10.34% (Section 301 and 232);
	// Germany the EU's MFN average alone; Korea 0 under KORUS.
	for code, want := range map[string]float64{"CHN": 0.129057, "DEU": 0.012354, "KOR": 0, "BGD": 0.150962} {
		if r := d.Tariffs[d.At(idx(code), usa, 0)]; r != want {
			t.Errorf("USA tariff on %s = %v, want %v", code, r, want)
		}
	}
	// The converse since version 5: the US's 20 FTA partners admit US
	// goods at 0 (Korea charged its 5.66% average before), while a partner
	// without an agreement keeps its applied average.
	for _, code := range []string{"AUS", "BHR", "CAN", "CHL", "COL", "CRI", "DOM", "SLV", "GTM", "HND", "ISR", "JOR", "KOR", "MEX", "MAR", "NIC", "OMN", "PAN", "PER", "SGP"} {
		if r := d.Tariffs[d.At(usa, idx(code), 0)]; r != 0 {
			t.Errorf("%s's tariff on US goods = %v, want 0 (FTA with the US)", code, r)
		}
	}
	for _, code := range []string{"JPN", "CHN", "IND", "DEU"} {
		if r := d.Tariffs[d.At(usa, idx(code), 0)]; !(r > 0) {
			t.Errorf("%s's tariff on US goods = %v, want its applied average (no FTA with the US)", code, r)
		}
	}
	if m, ok := d.Macro["TWN"]; !ok || m.CAPctGDP2024 != 15.7 || m.GoodsBalanceBoP2023 != 80.86 {
		t.Errorf("macro TWN = %+v, %v", m, ok)
	}
	// 98 rows of the compiled macro table plus the Dominican Republic, which
	// only the BoP goods-balance table has.
	if len(d.Macro) != 99 || len(d.CurrentAccount) < 7000 {
		t.Errorf("macro rows %d (want 99), current-account rows %d", len(d.Macro), len(d.CurrentAccount))
	}
	// Gross output Y = domestic sales + exports exceeds GDP (value added):
	// the flows are gross since version 2.
	for _, c := range []struct {
		code     string
		min, max float64
	}{{"USA", 1.6, 1.8}, {"CHN", 2.4, 2.7}, {"VNM", 3.5, 4.0}, {"DEU", 1.7, 2.0}} {
		i, _ := d.Index(c.code)
		if r := (d.Domestic(i) + d.Exports(i)) / d.Countries[i].GDP; r < c.min || r > c.max {
			t.Errorf("%s: gross output / GDP = %.2f, want %.1f–%.1f", c.code, r, c.min, c.max)
		}
	}
}

// TestDefaultBalances is the data side of issue 10's acceptance: every
// economy with a 2023 balance-of-payments goods balance has that balance in
// the dataset, within 1 pp of its GDP (the dataset's own GDP, the one every
// "% of GDP" uses); Taiwan is a country; and no economy beyond ±60% of GDP
// goes unflagged.
func TestDefaultBalances(t *testing.T) {
	d, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := d.Index("TWN"); !ok {
		t.Fatal("Taiwan is not a country of world-2023")
	}
	checked := 0
	for i, c := range d.Countries {
		m, ok := d.Macro[c.Code]
		if !ok || math.IsNaN(m.GoodsBalanceBoP2023) {
			continue
		}
		checked++
		pct, _ := d.BalancePctGDP(i)
		bop := 100 * m.GoodsBalanceBoP2023 * 1000 / c.GDP
		if math.Abs(pct-bop) > 1 {
			t.Errorf("%s: goods balance %.2f%% of GDP, BoP %.2f%%", c.Code, pct, bop)
		}
	}
	if checked != 62 {
		t.Errorf("%d economies checked against the BoP, want 62 (61 with a BoP figure and Taiwan)", checked)
	}
	flags := d.QualityFlags()
	for i, c := range d.Countries {
		if pct, ok := d.BalancePctGDP(i); ok && math.Abs(pct) > data.MaxBalancePctGDP {
			if _, flagged := data.QualityFlagOf(flags, c.Code); !flagged {
				t.Errorf("%s: goods balance %.0f%% of GDP without a data-quality flag", c.Code, pct)
			}
		}
	}
	var codes []string
	for _, f := range flags {
		codes = append(codes, f.Code)
	}
	// Gambia since version 5: without Kazakhstan's Georgia flows its goods
	// deficit is 162% of GDP.
	if want := []string{"MHL", "LBR", "DJI", "GMB", "KGZ", "YEM", "TGO", "ATG"}; !slices.Equal(codes, want) {
		t.Errorf("flagged %v, want %v (the world2023 README lists them)", codes, want)
	}
}

func TestDefaultRoundTrip(t *testing.T) {
	d, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "w")
	if err := data.Export(d, dir); err != nil {
		t.Fatal(err)
	}
	back, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *d) != fmt.Sprintf("%+v", *back) {
		t.Fatal("embedded dataset changed in an Export/Load round trip")
	}
}

func ExampleDefault() {
	d, err := data.Default()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %d economies, %s\n", d.Name, d.N(), d.Unit)
	fmt.Printf("foreign goods trade: USD %.2f trillion\n", d.ForeignTotal()*d.UnitMillions()/1e6)
	fmt.Println("USMCA:", d.Groups["USMCA"])
	// Output:
	// world-2023: 195 economies, USD million
	// foreign goods trade: USD 22.96 trillion
	// USMCA: [CAN MEX USA]
}

func ExampleLoad() {
	d, err := data.Load("testdata/example")
	if err != nil {
		panic(err)
	}
	c, _ := d.Index("CCC")
	fmt.Println(d.Name, d.N(), "countries; CCC domestic sales (derived):", d.Domestic(c))
	// Output: example 3 countries; CCC domestic sales (derived): 270
}
