package engine

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/testutil"
)

func TestRunBuiltinAndCachedBaseline(t *testing.T) {
	sc, ok := scenario.Builtin("liberation-day")
	if !ok {
		t.Fatal("no liberation-day")
	}
	out, err := Run(sc, "", Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if out.Result.MaxResidual > 1e-10 || len(out.Result.Countries) != 195 {
		t.Fatalf("residual %g, %d countries", out.Result.MaxResidual, len(out.Result.Countries))
	}
	again, err := Baseline(out.Data)
	if err != nil || again != out.Base {
		t.Errorf("the embedded dataset's calibration is not cached: %v", err)
	}
	doc := SolveDoc(out, DocOptions{Leader: "USA", Version: "test"})
	if doc.Scenario != "liberation-day" || !doc.Converged || doc.Provenance.Model.Numeraire != "world_price" {
		t.Errorf("doc %+v", doc.Provenance)
	}
}

func TestRunOnUserDataAndErrors(t *testing.T) {
	root, err := testutil.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "internal", "data", "testdata", "example")
	ds, err := data.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	code := ds.Countries[0].Code
	sc, err := scenario.Parse([]byte("name: x\nshocks:\n  - tariff: {importer: "+code+", exporter: \"*\", add: 0.1}\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Run(sc, dir, Settings{})
	if err != nil || out.Data.Name == data.DefaultName {
		t.Fatalf("--data override: %v", err)
	}
	// A solver that runs out of iterations returns the outcome with the error.
	if out, err := RunOn(sc, ds, Settings{MaxIter: 1}); err == nil || errs.KindOf(err) != errs.NotConverged || out == nil {
		t.Errorf("1 iteration: %v", err)
	}
	// A rebalance that leaves no expenditure is located at its scenario line.
	bad, err := scenario.Parse([]byte("name: x\nshocks:\n  - rebalance: {country: "+code+", target_pct_gdp: 150}\n"), "bad.yaml")
	if err == nil {
		_, err = RunOn(bad, ds, Settings{})
	}
	if err == nil || !errs.IsInvalid(err) || !strings.Contains(err.Error(), "bad.yaml:3") {
		t.Errorf("impossible rebalance: %v", err)
	}
}

// TestPurgeClosure: under `deficits: purge` a scenario without shocks
// changes nothing against the purged baseline, whose balances are all zero;
// the purged dataset is cached for the embedded data, and outputs say what
// the purge did.
func TestPurgeClosure(t *testing.T) {
	sc, err := scenario.Parse([]byte("name: purge\nmodel: {deficits: purge}\nshocks: []\n"), "purge.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Run(sc, "", Settings{})
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := data.Default()
	if out.Data == ds {
		t.Fatal("purge solved on the data, not on the purged baseline")
	}
	for _, c := range out.Result.Countries {
		if d := c.BalanceBefore(); d*d > 1e-12*c.GDPBefore*c.GDPBefore {
			t.Errorf("%s: purged baseline balance %g", c.Code, d)
		}
		for name, v := range map[string]float64{"welfare": c.Welfare, "wage": c.Wage, "price": c.PriceIndex} {
			if v < 1-1e-12 || v > 1+1e-12 {
				t.Errorf("%s: %s changed by %g with no shock", c.Code, name, v-1)
			}
		}
	}
	again, err := Run(sc, "", Settings{})
	if err != nil || again.Data != out.Data || again.Base != out.Base {
		t.Errorf("the purged baseline of the embedded data is not cached: %v", err)
	}
	if n := out.Compiled.Notes; len(n) == 0 || n[len(n)-1] != PurgeNote {
		t.Errorf("notes %q do not say the baseline was purged", n)
	}
}

// TestLoadDataNames: --data and the scenario's `data` name an embedded
// world or a directory, the override winning; WithData records the
// override so an exported scenario names the data it ran on.
func TestLoadDataNames(t *testing.T) {
	def, _ := data.Default()
	ic, _, err := data.Embedded(data.ICIOName)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := testutil.ModuleRoot()
	dir := filepath.Join(root, "internal", "data", "testdata", "example")
	onICIO, _ := scenario.Parse([]byte("name: x\ndata: icio-2022\n"), "")
	onDir, _ := scenario.Parse([]byte("name: x\ndata: "+dir+"\n"), "")
	plain, _ := scenario.Parse([]byte("name: x\n"), "")
	for _, tc := range []struct {
		name     string
		sc       *scenario.Scenario
		override string
		want     string
	}{
		{"default", plain, "", data.DefaultName},
		{"scenario names icio-2022", onICIO, "", data.ICIOName},
		{"override", plain, "icio-2022", data.ICIOName},
		{"override wins", onICIO, "embedded", data.DefaultName},
		{"scenario directory", onDir, "", "example"},
		{"override directory", onICIO, dir, "example"},
	} {
		d, err := LoadData(tc.sc, tc.override)
		if err != nil || d.Name != tc.want {
			t.Errorf("%s: %v, %v; want %s", tc.name, d, err, tc.want)
			continue
		}
		if embedded := tc.want != "example"; embedded != (d == def || d == ic) {
			t.Errorf("%s: the embedded world is not the shared one", tc.name)
		}
	}
	if got := WithData(onICIO, "").Data; got != "icio-2022" {
		t.Errorf("WithData without override: %q", got)
	}
	if got := WithData(plain, "icio-2022").Data; got != "icio-2022" {
		t.Errorf("WithData(icio-2022): %q", got)
	}
	if got := WithData(plain, "rel/dir").Data; !filepath.IsAbs(got) {
		t.Errorf("WithData(rel/dir): %q, want an absolute path", got)
	}
}

// TestNumeraireNames: every numeraire a scenario can name compiles to its
// model option and is written back under the same name (the provenance of
// a solve and the scenario YAML of a coalition report use NumeraireName).
func TestNumeraireNames(t *testing.T) {
	ds := tinyWorld([]string{"AAA", "BBB"}, []float64{300, 30, 30, 100})
	for _, c := range []struct {
		name, written string
		kind          model.NumeraireKind
	}{
		{"", scenario.NumeraireWorldPrice, model.WorldPrice},
		{scenario.NumeraireWorldPrice, scenario.NumeraireWorldPrice, model.WorldPrice},
		{scenario.NumeraireWorldGDP, scenario.NumeraireWorldGDP, model.WorldGDP},
		{scenario.NumeraireWorldWage, scenario.NumeraireWorldWage, model.WorldWage},
		{"BBB", "BBB", model.CountryWage},
	} {
		src := "name: n\n"
		if c.name != "" {
			src += "model:\n  numeraire: " + c.name + "\n"
		}
		comp, err := scenario.Compile(parse(t, src), ds)
		if err != nil {
			t.Fatalf("%q: %v", c.name, err)
		}
		if comp.Options.Numeraire != c.kind {
			t.Errorf("%q compiles to numeraire %v, want %v", c.name, comp.Options.Numeraire, c.kind)
		}
		if got := NumeraireName(comp.Options, ds); got != c.written {
			t.Errorf("%q is written back as %q, want %q", c.name, got, c.written)
		}
	}
}
