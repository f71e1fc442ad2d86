package scenario

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// compileYAML parses and compiles a scenario against ds.
func compileYAML(t *testing.T, src string, ds *data.Dataset) *Compiled {
	t.Helper()
	sc, err := Parse([]byte(src), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// changed lists the (exporter→importer) pairs whose tariff differs from the
// baseline in sector s, as "EXP>IMP".
func changed(ds *data.Dataset, tar []float64, s int) []string {
	var out []string
	for i, ci := range ds.Countries {
		for j, cj := range ds.Countries {
			if k := ds.At(i, j, s); tar[k] != ds.Tariffs[k] {
				out = append(out, ci.Code+">"+cj.Code)
			}
		}
	}
	return out
}

func TestSelectors(t *testing.T) {
	ds := smallDataset()
	cases := []struct {
		name, importer, exporter string
		want                     string
	}{
		{"code", "USA", "CHN", "CHN>USA"},
		{"list", "USA", "[CHN, JPN]", "CHN>USA JPN>USA"},
		{"star excludes self", "USA", `"*"`, "CHN>USA DEU>USA FRA>USA MEX>USA CAN>USA JPN>USA"},
		{"star as importer", `"*"`, "USA", "USA>CHN USA>DEU USA>FRA USA>MEX USA>CAN USA>JPN"},
		{"group", "EU27", "CHN", "CHN>DEU CHN>FRA"},
		{"group with own member skips domestic pairs", "USMCA", "USA", "USA>MEX USA>CAN"},
		{"group and code overlap counted once", "USA", "[EU27, DEU]", "DEU>USA FRA>USA"},
		{"group to group", "EU27", "EU27", "DEU>FRA FRA>DEU"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := compileYAML(t, "shocks:\n  - tariff: {importer: "+tc.importer+", exporter: "+tc.exporter+", add: 0.1, sector: AGR}\n", ds)
			if got := strings.Join(changed(ds, c.Shocks.Tariff, 0), " "); got != tc.want {
				t.Errorf("changed pairs %q, want %q", got, tc.want)
			}
			if got := changed(ds, c.Shocks.Tariff, 1); len(got) != 0 {
				t.Errorf("sector MAN changed too: %v", got)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		line, col  int
		field, msg string
	}{
		{"unknown country", "shocks:\n  - tariff: {importer: USA, exporter: XXX, rate: 0.1}\n", 2, 39, "shocks[0].tariff.exporter", `unknown country or group "XXX"`},
		{"unknown country in list", "shocks:\n  - tariff: {importer: [USA, XXX], exporter: CHN, rate: 0.1}\n", 2, 30, "shocks[0].tariff.importer[1]", "XXX"},
		{"lower-case code", "shocks:\n  - tariff: {importer: usa, exporter: CHN, rate: 0.1}\n", 2, 24, "shocks[0].tariff.importer", "upper case: USA"},
		{"unknown sector", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1, sector: FOO}\n", 2, 63, "shocks[0].tariff.sector", `unknown sector "FOO"`},
		{"domestic only", "shocks:\n  - tariff: {importer: USA, exporter: USA, rate: 0.1}\n", 2, 5, "shocks[0].tariff", "no pair"},
		{"add below -1", "shocks:\n  - tariff: {importer: USA, exporter: CHN, rate: -0.5}\n  - tariff: {importer: USA, exporter: CHN, add: -0.6}\n", 3, 49, "shocks[1].tariff.add", "must stay > −1"},
		{"unknown numeraire country", "model:\n  numeraire: XXX\n", 2, 14, "model.numeraire", `unknown country "XXX"`},
		{"theta map misses a sector", "model:\n  trade_elasticity: {AGR: 4}\n", 2, 21, "model.trade_elasticity", `no θ for sector "MAN"`},
		{"krugman with elastic labour", "model:\n  competition: krugman\n  labor_supply_elasticity: 0.5\n", 2, 16, "model.competition", "inelastic labour supply only"},
		{"theta map unknown sector", "model:\n  trade_elasticity: {AGR: 4, MAN: 5, FOO: 2}\n", 2, 38, "model.trade_elasticity.FOO", `unknown sector "FOO"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := Parse([]byte(tc.yaml), "case.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Compile(sc, smallDataset())
			e := asInvalid(t, err)
			if e.File != "case.yaml" || e.Line != tc.line || e.Col != tc.col || e.Field != tc.field || !strings.Contains(e.Error(), tc.msg) {
				t.Errorf("got %s:%d:%d field %q: %v\nwant case.yaml:%d:%d field %q containing %q",
					e.File, e.Line, e.Col, e.Field, e, tc.line, tc.col, tc.field, tc.msg)
			}
		})
	}
}

func TestCompileCSVUnknownCountry(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"s.yaml":    "shocks:\n  - tariff: {importer: USA, file: rates.csv}\n",
		"rates.csv": "exporter,rate\nCHN,0.3\nXXX,0.2\n",
	})
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(sc, smallDataset())
	e := asInvalid(t, err)
	if e.File != filepath.Join(dir, "rates.csv") || e.Line != 3 || e.Col != 1 || e.Field != "exporter" {
		t.Errorf("got %v", e)
	}
}

func TestShockOrder(t *testing.T) {
	ds := smallDataset()
	usa, chn, deu := idx(t, ds, "USA"), idx(t, ds, "CHN"), idx(t, ds, "DEU")
	c := compileYAML(t, `shocks:
  - tariff: {importer: USA, exporter: "*", rate: 0.10}
  - tariff: {importer: USA, exporter: CHN, add: 0.20}
  - tariff: {importer: USA, exporter: DEU, add: 0.05, sector: MAN}
`, ds)
	for s := range 2 {
		if got := c.Shocks.Tariff[ds.At(chn, usa, s)]; !near(got, 0.30) {
			t.Errorf("USA on CHN, sector %d: %v, want 0.30 (set 0.10 then add 0.20)", s, got)
		}
	}
	if got := c.Shocks.Tariff[ds.At(deu, usa, 0)]; !near(got, 0.10) {
		t.Errorf("USA on DEU AGR: %v, want 0.10", got)
	}
	if got := c.Shocks.Tariff[ds.At(deu, usa, 1)]; !near(got, 0.15) {
		t.Errorf("USA on DEU MAN: %v, want 0.15", got)
	}
	// The reverse order: add to the baseline, then overwrite.
	c = compileYAML(t, `shocks:
  - tariff: {importer: USA, exporter: CHN, add: 0.20}
  - tariff: {importer: USA, exporter: "*", rate: 0.10}
`, ds)
	if got := c.Shocks.Tariff[ds.At(chn, usa, 0)]; !near(got, 0.10) {
		t.Errorf("add then set: %v, want 0.10", got)
	}
	if ds.Tariffs[ds.At(chn, usa, 0)] == 0.10 {
		t.Fatal("Compile modified the dataset")
	}
}

func TestMirror(t *testing.T) {
	ds := smallDataset()
	usa, chn, deu, jpn := idx(t, ds, "USA"), idx(t, ds, "CHN"), idx(t, ds, "DEU"), idx(t, ds, "JPN")
	c := compileYAML(t, `shocks:
  - tariff: {importer: USA, exporter: CHN, add: 0.25}
  - tariff: {importer: USA, exporter: DEU, add: 0.10, sector: MAN}
  - tariff: {importer: USA, exporter: JPN, add: -0.005}
  - tariff: {importer: "*", exporter: USA, mirror: true}
`, ds)
	tar, base := c.Shocks.Tariff, ds.Tariffs
	check := func(what string, k int, want float64) {
		t.Helper()
		if !near(tar[k], want) {
			t.Errorf("%s: %v, want %v", what, tar[k], want)
		}
	}
	check("CHN on USA AGR", ds.At(usa, chn, 0), base[ds.At(usa, chn, 0)]+0.25)
	check("CHN on USA MAN", ds.At(usa, chn, 1), base[ds.At(usa, chn, 1)]+0.25)
	check("DEU on USA AGR", ds.At(usa, deu, 0), base[ds.At(usa, deu, 0)])
	check("DEU on USA MAN", ds.At(usa, deu, 1), base[ds.At(usa, deu, 1)]+0.10)
	check("JPN on USA (a US cut is not mirrored)", ds.At(usa, jpn, 0), base[ds.At(usa, jpn, 0)])
	// Everyone mirroring everyone reads increases from before the shock, so
	// retaliation does not feed back on itself.
	c = compileYAML(t, `shocks:
  - tariff: {importer: USA, exporter: CHN, add: 0.25}
  - tariff: {importer: "*", exporter: "*", mirror: true}
`, ds)
	tar = c.Shocks.Tariff
	check("CHN on USA", ds.At(usa, chn, 0), base[ds.At(usa, chn, 0)]+0.25)
	check("USA on CHN", ds.At(chn, usa, 0), base[ds.At(chn, usa, 0)]+0.25)
}

func TestTradeCost(t *testing.T) {
	ds := smallDataset()
	jpn, can := idx(t, ds, "JPN"), idx(t, ds, "CAN")
	dir := writeFiles(t, map[string]string{
		"s.yaml": `model: {trade_elasticity: {AGR: 4, MAN: 8}}
shocks:
  - trade_cost: {importer: JPN, exporter: CAN, partial_effect: 0.4}
  - trade_cost: {importer: JPN, exporter: CAN, factor: 0.9, sector: AGR}
  - trade_cost: {file: costs.csv}
`,
		"costs.csv": "exporter,importer,partial_effect,sector\nCAN,JPN,0.8,MAN\nJPN,CAN,0.2,\n",
	})
	sc, err := Load(filepath.Join(dir, "s.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if c.Shocks.Tariff != nil {
		t.Error("no tariff shock, but Shocks.Tariff is set")
	}
	d := c.Shocks.Cost
	for _, tc := range []struct {
		what string
		k    int
		want float64
	}{
		{"CAN→JPN AGR", ds.At(can, jpn, 0), math.Exp(-0.4/4) * 0.9},
		{"CAN→JPN MAN", ds.At(can, jpn, 1), math.Exp(-0.4/8) * math.Exp(-0.8/8)},
		{"JPN→CAN AGR", ds.At(jpn, can, 0), math.Exp(-0.2 / 4)},
		{"JPN→CAN MAN", ds.At(jpn, can, 1), math.Exp(-0.2 / 8)},
		{"CAN→CAN", ds.At(can, can, 0), 1},
	} {
		if !near(d[tc.k], tc.want) {
			t.Errorf("%s: d̂ = %v, want %v", tc.what, d[tc.k], tc.want)
		}
	}
	// A partial effect b means d̂^(−θ) = e^b.
	if got := math.Pow(d[ds.At(jpn, can, 0)], -4); !near(got, math.Exp(0.2)) {
		t.Errorf("d̂^(−θ) = %v, want e^0.2", got)
	}
}

func TestOptions(t *testing.T) {
	ds := smallDataset()
	c := compileYAML(t, `model:
  trade_elasticity: 5
  deficits: zero
  labor_supply_elasticity: 1
  scale_elasticity: 0.2
  tariff_revenue: income_tax
  numeraire: DEU
`, ds)
	o := c.Options
	if o.Theta[0] != 5 || o.Theta[1] != 5 || o.Deficits != model.Zero || o.Kappa != 1 || o.Psi != 0.2 ||
		o.Revenue != model.IncomeTax || o.Numeraire != model.CountryWage || o.NumeraireCountry != idx(t, ds, "DEU") {
		t.Errorf("options %+v", o)
	}
}

// TestCompetition: model.competition reaches the options; Krugman refuses
// a dataset's input–output linkages unless model.io is false.
func TestCompetition(t *testing.T) {
	ds := smallDataset()
	if o := compileYAML(t, "name: x\n", ds).Options; o.Competition != model.Perfect {
		t.Errorf("default competition %v, want perfect", o.Competition)
	}
	if o := compileYAML(t, "model:\n  competition: krugman\n", ds).Options; o.Competition != model.Krugman {
		t.Errorf("competition %v, want krugman", o.Competition)
	}
	io := ds.Clone()
	io.VA = make([]float64, ds.N()*ds.S())
	io.IO = make([]float64, ds.N()*ds.S()*ds.S())
	for k := range io.VA {
		io.VA[k] = 1
	}
	sc, err := Parse([]byte("model:\n  competition: krugman\n"), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Compile(sc, io)
	if e := asInvalid(t, err); e.Line != 2 || e.Field != "model.competition" || !strings.Contains(e.Error(), "set model.io: false") {
		t.Errorf("krugman on an IO dataset: %v at line %d field %q", e, e.Line, e.Field)
	}
	if o := compileYAML(t, "model:\n  competition: krugman\n  io: false\n", io).Options; o.Competition != model.Krugman || !o.NoIO {
		t.Errorf("krugman with io: false: %+v", o)
	}
}

// TestIOVariant: model.io_variant reaches the options, and the
// combinations the model does not build are refused at the line of the
// key: the ILMS variant without input–output linkages or with several
// sectors, and fixed-cost shares with Caliendo–Parro linkages.
func TestIOVariant(t *testing.T) {
	ds := smallDataset() // two sectors
	io := ds.Clone()
	io.VA = make([]float64, ds.N()*ds.S())
	io.IO = make([]float64, ds.N()*ds.S()*ds.S())
	for k := range io.VA {
		io.VA[k] = 1
	}
	one := ds.Clone()
	one.Sectors = one.Sectors[:1]
	one.Trade = make([]float64, one.N()*one.N())
	one.Tariffs = make([]float64, one.N()*one.N())
	for k := range one.Trade {
		one.Trade[k] = 100
	}
	one.VA = make([]float64, one.N())
	one.IO = make([]float64, one.N())
	for k := range one.VA {
		one.VA[k], one.IO[k] = 0.5, 0.5
	}
	if o := compileYAML(t, "model:\n  io_variant: ilms2025\n", one).Options; o.IOVariant != model.ILMS2025IO {
		t.Errorf("io_variant %v, want ilms2025", o.IOVariant)
	}
	if o := compileYAML(t, "name: x\n", one).Options; o.IOVariant != model.CaliendoParroIO {
		t.Errorf("default io_variant %v, want caliendo_parro", o.IOVariant)
	}
	for _, c := range []struct {
		text  string
		ds    *data.Dataset
		line  int
		field string
		want  string
	}{
		{"model:\n  io_variant: leontief\n", one, 2, "model.io_variant", "unknown io_variant"},
		{"model:\n  io_variant: ilms2025\n", ds, 2, "model.io_variant", "has no value-added shares"},
		{"model:\n  io_variant: ilms2025\n  io: false\n", one, 2, "model.io_variant", "model.io is false"},
		{"model:\n  io_variant: ilms2025\n", io, 2, "model.io_variant", "one sector"},
		{"model:\n  fixed_cost_share: 0.1\n", one, 0, "model.fixed_cost_share", "io_variant: ilms2025 only"},
	} {
		sc, err := Parse([]byte(c.text), "case.yaml")
		if err == nil {
			_, err = Compile(sc, c.ds)
		}
		e := asInvalid(t, err)
		if (c.line > 0 && e.Line != c.line) || !strings.HasPrefix(e.Field, c.field) || !strings.Contains(e.Error(), c.want) {
			t.Errorf("%q: %v at line %d field %q", c.text, e, e.Line, e.Field)
		}
	}
}

func TestSchedule(t *testing.T) {
	ds := smallDataset()
	ds.Countries[len(ds.Countries)-1].Code = "VNM" // a listed partner in place of JPN
	usa, chn, deu, fra, mex, vnm := idx(t, ds, "USA"), idx(t, ds, "CHN"), idx(t, ds, "DEU"), idx(t, ds, "FRA"), idx(t, ds, "MEX"), idx(t, ds, "VNM")
	c := compileYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n", ds)
	tar, base := c.Shocks.Tariff, ds.Tariffs
	want := map[int]float64{chn: 0.54, deu: 0.20, fra: 0.20, vnm: 0.46}
	for i := range ds.Countries {
		if i == usa || i == mex {
			continue
		}
		inc, ok := want[i]
		if !ok {
			inc = 0.10 // the default for a partner not listed
		}
		for s := range ds.S() {
			k := ds.At(i, usa, s)
			if !near(tar[k], base[k]+inc) {
				t.Errorf("USA on %s sector %d: %v, want baseline %v + %v", ds.Countries[i].Code, s, tar[k], base[k], inc)
			}
		}
	}
	if got := changed(ds, tar, 0); len(got) != ds.N()-1 {
		t.Errorf("changed %v: want only US imports", got)
	}
	if !strings.Contains(strings.Join(c.Notes, "\n"), "Taiwan (TWN) not in dataset") {
		t.Errorf("notes %q should mention TWN", c.Notes)
	}

	// An all-in entry is a floor on the tariff in force: EU goods pay
	// max(t0, 15%) under aug-2025; with a prior 0.30 the floor does nothing.
	c = compileYAML(t, `shocks:
  - tariff: {importer: USA, exporter: FRA, rate: 0.30}
  - tariff: {importer: USA, schedule: aug-2025, exporter: EU27}
`, ds)
	if got := c.Shocks.Tariff[ds.At(deu, usa, 0)]; !near(got, 0.15) {
		t.Errorf("aug-2025 USA on DEU: %v, want 0.15 all-in", got)
	}
	if got := c.Shocks.Tariff[ds.At(fra, usa, 0)]; !near(got, 0.30) {
		t.Errorf("aug-2025 USA on FRA after 0.30: %v, want 0.30", got)
	}
	if got := c.Shocks.Tariff[ds.At(chn, usa, 0)]; got != base[ds.At(chn, usa, 0)] {
		t.Errorf("exporter restriction ignored: USA on CHN %v", got)
	}
}

func TestScheduleRetaliation(t *testing.T) {
	ds := smallDataset()
	usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
	sc, _ := Builtin("liberation-day-retaliation")
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Shocks.Tariff[ds.At(usa, chn, 0)], ds.Tariffs[ds.At(usa, chn, 0)]+0.54; !near(got, want) {
		t.Errorf("CHN on USA: %v, want %v", got, want)
	}
}

// TestCodeBuilt checks scenarios built in Go, which carry no positions.
func TestCodeBuilt(t *testing.T) {
	ds := smallDataset()
	sc := &Scenario{Shocks: []Shock{
		{Kind: KindTariff, Tariff: &TariffShock{Op: SetRate, Importer: Names("USA"), Exporter: Names("*"), Value: 0.1}},
		{Kind: KindTradeCost, TradeCost: &TradeCostShock{Importer: Names("USA"), Exporter: Names("ZZZ"), Measure: Factor, Value: 0.9}},
	}}
	_, err := Compile(sc, ds)
	if e := asInvalid(t, err); e.Field != "shocks[1].trade_cost.exporter" {
		t.Errorf("code-built error field %q: %v", e.Field, e)
	}
	sc.Shocks[1].Kind = "rebalance"
	if _, err := Compile(sc, ds); asInvalid(t, err).Field != "shocks[1].rebalance" {
		t.Errorf("unknown kind: %v", err)
	}
	sc.Model.Theta = -1
	if _, err := Compile(sc, ds); !strings.Contains(asInvalid(t, err).Error(), "θ must be > 0") {
		t.Errorf("negative θ in code: %v", err)
	}
}

// BenchmarkCompile measures the cost that a coalition game pays per
// membership on the embedded dataset.
func BenchmarkCompile(b *testing.B) {
	ds, err := data.Default()
	if err != nil {
		b.Fatal(err)
	}
	sc, _ := Builtin("liberation-day-retaliation")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(sc, ds); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSchedulesTariffHongKongAsChina: under every US schedule, applied to the
// embedded data, Hong Kong and Macau pay exactly China's US tariff (EO 14257:
// "China, including Hong Kong and Macau"; tariffs.Aliases). Their baseline
// US tariffs equal China's, so the rates after the shock must be identical.
func TestSchedulesTariffHongKongAsChina(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	usa, chn := idx(t, ds, "USA"), idx(t, ds, "CHN")
	// The baselines differ: Section 301 reaches goods of Chinese origin,
	// not Hong Kong's or Macau's; each schedule adds China's duty to them.
	kc := ds.At(chn, usa, 0)
	for _, name := range tariffs.Names() {
		c := compileYAML(t, "shocks:\n  - tariff: {importer: USA, schedule: "+name+"}\n", ds)
		want := c.Shocks.Tariff[kc] - ds.Tariffs[kc]
		for _, code := range []string{"HKG", "MAC"} {
			k := ds.At(idx(t, ds, code), usa, 0)
			if got := c.Shocks.Tariff[k] - ds.Tariffs[k]; !near(got, want) {
				t.Errorf("%s: US tariff on %s +%v, on CHN +%v", name, code, got, want)
			}
		}
	}
}

// TestCompileFixedCostShares: model.fixed_cost_share gives ν per country
// ("*" for the rest) and the ILMS pass-through φ = φ̃ + (1+ψ)ν/(1−ν).
func TestCompileFixedCostShares(t *testing.T) {
	ds := smallDataset()
	sc, err := Parse([]byte("model:\n  scale_elasticity: 0.25\n  firm_passthrough: 0.5\n  fixed_cost_share: {USA: 0.2, \"*\": 0.1}\n"), "m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	o := c.Options
	us := idx(t, ds, "USA")
	for j := range ds.Countries {
		nu := 0.1
		if j == us {
			nu = 0.2
		}
		if !near(o.FixedCostShare[j], nu) || !near(o.Passthrough[j], 0.5+1.25*nu/(1-nu)) {
			t.Errorf("%s: ν %v φ %v, want ν %v φ %v", ds.Countries[j].Code, o.FixedCostShare[j], o.Passthrough[j], nu, 0.5+1.25*nu/(1-nu))
		}
	}
	sc, _ = Parse([]byte("model:\n  fixed_cost_share: {XXX: 0.2}\n"), "m.yaml")
	if _, err := Compile(sc, ds); err == nil || !strings.Contains(err.Error(), "unknown country") {
		t.Errorf("unknown country: %v", err)
	}
	sc, _ = Parse([]byte("name: plain\n"), "m.yaml")
	if c, _ := Compile(sc, ds); c.Options.FixedCostShare != nil || c.Options.Passthrough != nil {
		t.Errorf("no keys, yet ν %v φ %v", c.Options.FixedCostShare, c.Options.Passthrough)
	}
}
