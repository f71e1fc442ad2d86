package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// supplyWorld has four economies and two sectors: in DIV every supplier
// sells alike to TGT, in CON supplier RES is nearly the only foreign source.
// With io, sector MAN uses CON as an input.
func supplyWorld(io bool) *data.Dataset {
	codes := []string{"TGT", "RES", "AAA", "BBB"}
	d := &data.Dataset{Name: "supply", Sectors: []data.Sector{{Code: "DIV", Theta: 4}, {Code: "CON", Theta: 4}}}
	for _, c := range codes {
		d.Countries = append(d.Countries, data.Country{Code: c})
	}
	N, S := 4, 2
	d.Trade = make([]float64, N*N*S)
	d.Tariffs = make([]float64, N*N*S)
	for i := 0; i < N; i++ {
		for j := 0; j < N; j++ {
			for s := 0; s < S; s++ {
				v := 20.0
				if i == j {
					v = 400
				}
				if s == 1 && i != j && i != 1 {
					v = 1 // CON: only RES exports much
				}
				if s == 1 && i == 1 && j != 1 {
					v = 60
				}
				d.Trade[d.At(i, j, s)] = v
			}
		}
	}
	if io {
		d.VA = make([]float64, N*S)
		d.IO = make([]float64, N*S*S)
		for i := 0; i < N; i++ {
			d.VA[i*S+0], d.IO[(i*S+0)*S+1] = 0.7, 0.3 // DIV uses CON
			d.VA[i*S+1] = 1
		}
	}
	return d
}

func solveRestriction(t *testing.T, ds *data.Dataset, src string) *model.Result {
	t.Helper()
	c := compileYAML(t, src, ds)
	b, err := model.Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Solve(c.Options, c.Shocks, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestBanOnConcentratedSupplyHurtsMore: a ban on a sector the target can
// buy from many origins costs it less than a ban on one it buys almost only
// from the restricting exporter.
func TestBanOnConcentratedSupplyHurtsMore(t *testing.T) {
	ds := supplyWorld(false)
	div := solveRestriction(t, ds, "shocks:\n  - export_restriction: {exporter: RES, importer: TGT, sector: DIV, ban: true}\n")
	con := solveRestriction(t, ds, "shocks:\n  - export_restriction: {exporter: RES, importer: TGT, sector: CON, ban: true}\n")
	lDiv, lCon := 1-div.Countries[0].Welfare, 1-con.Countries[0].Welfare
	if !(lDiv > 0 && lCon > lDiv) {
		t.Errorf("target's loss: ban on the diversified sector %g, on the concentrated one %g; want 0 < diversified < concentrated", lDiv, lCon)
	}
}

// TestRestrictionRentGoesToExporter: a 50% export tax is paid by the
// buyers and its revenue, e·X', is the exporter's income (the model books it
// as a negative subsidy outlay).
func TestRestrictionRentGoesToExporter(t *testing.T) {
	ds := supplyWorld(false)
	c := compileYAML(t, "shocks:\n  - export_restriction: {exporter: RES, importer: [TGT, AAA], sector: CON, rate: 0.5}\n", ds)
	b, _ := model.Calibrate(ds)
	r, err := b.Solve(c.Options, c.Shocks, nil)
	if err != nil {
		t.Fatal(err)
	}
	flows := b.Flows(r)
	rent := 0.0
	for _, j := range []int{0, 2} {
		rent += 0.5 * flows[ds.At(1, j, 1)]
	}
	if got := -r.Countries[1].SubsidyOutlay; math.Abs(got-rent) > 1e-9*rent {
		t.Errorf("exporter's rent %g, want 0.5 × restricted sales = %g", got, rent)
	}
	for _, j := range []int{0, 2} {
		if !(flows[ds.At(1, j, 1)] < ds.Trade[ds.At(1, j, 1)]) {
			t.Errorf("restricted flow RES→%s did not fall", ds.Countries[j].Code)
		}
	}
}

// TestRestrictionRaisesDownstreamCosts: with input–output links a cut-off
// of CON raises the target's price of DIV, which uses CON as an input, by
// more than without them.
func TestRestrictionRaisesDownstreamCosts(t *testing.T) {
	src := "shocks:\n  - export_restriction: {exporter: RES, importer: TGT, sector: CON, ban: true}\n"
	priceDIV := func(io bool) float64 {
		ds := supplyWorld(io)
		c := compileYAML(t, src, ds)
		b, _ := model.Calibrate(ds)
		r, err := b.Solve(c.Options, c.Shocks, nil)
		if err != nil {
			t.Fatal(err)
		}
		sec := b.Sectors(r)
		// Relative to the target's wage: a real input-cost effect.
		return sec[0][0].PriceIndex / r.Countries[0].Wage
	}
	without, with := priceDIV(false), priceDIV(true)
	if !(with > without) {
		t.Errorf("target's price of DIV relative to its wage: %g without IO, %g with; want a higher price with IO", without, with)
	}
}

func TestRestrictionParseErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"shocks:\n  - export_restriction: {exporter: RES, rate: -0.1}\n", "≥ 0"},
		{"shocks:\n  - export_restriction: {exporter: RES, ban: false}\n", "restricts nothing"},
		{"shocks:\n  - export_restriction: {exporter: RES, rate: 0.1, ban: true}\n", "ban"},
		{"shocks:\n  - export_restriction: {importer: TGT, rate: 0.1}\n", "exporter"},
		{"shocks:\n  - export_restriction: {exporter: RES, rate: 25}\n", "2500%"},
	} {
		_, err := Parse([]byte(tc.src), "case.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "case.yaml:2") {
			t.Errorf("%q: error %v, want one at case.yaml:2 containing %q", tc.src, err, tc.want)
		}
	}
}

// TestTransshipmentBlock: the block parses with defaults, validates its
// values, and compiles into routes that lower the effective tariff on the
// origin's goods only where a tariff changed.
func TestTransshipmentBlock(t *testing.T) {
	sc, err := Parse([]byte("shocks:\n  - tariff: {importer: TGT, exporter: RES, add: 0.5}\ntransshipment: {origins: [RES]}\n"), "case.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if ts := sc.Transship; ts == nil || ts.Elasticity != DefaultTransshipElasticity || ts.Cost != DefaultTransshipCost || ts.Capacity != DefaultTransshipCapacity {
		t.Fatalf("defaults: %+v", sc.Transship)
	}
	ds := supplyWorld(false)
	c, err := Compile(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	if c.Transship == nil || len(c.Transship.Routes) == 0 {
		t.Fatal("no routes for a 50-point tariff")
	}
	for _, r := range c.Transship.Routes {
		if r.Origin != 1 || r.Importer != 0 {
			t.Errorf("route %+v: only RES → TGT had a tariff change", r)
		}
	}
	for s := 0; s < 2; s++ {
		k := ds.At(1, 0, s)
		if !(c.Shocks.Tariff[k] < 0.5) || !(c.Shocks.Cost[k] > 1) {
			t.Errorf("sector %d: composite tariff %g, cost factor %g; want a tariff below 50%% and a detour cost", s, c.Shocks.Tariff[k], c.Shocks.Cost[k])
		}
	}
	for _, tc := range []struct{ src, want string }{
		{"transshipment: {elasticity: 2}\n", "origins"},
		{"transshipment: {origins: [RES], elasticity: 0}\n", "elasticity > 0"},
		{"transshipment: {origins: [RES], capacity: 1.5}\n", "(0, 1]"},
		{"transshipment: {origins: [RES], cost: -0.1}\n", "≥ 0"},
		{"transshipment: {origins: [RES], share: 0.1}\n", "unknown key"},
	} {
		if _, err := Parse([]byte(tc.src), "case.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "case.yaml:1") {
			t.Errorf("%q: %v, want an error at case.yaml:1 with %q", tc.src, err, tc.want)
		}
	}
}

// TestTransshipPenalty: a schedule's transship_penalty (EO 14326's 40%, or a
// rate) is charged on the rerouted share, so less reroutes, and a higher
// penalty still less; bad values are errors at their line.
func TestTransshipPenalty(t *testing.T) {
	ds := supplyWorld(false)
	rerouted := func(pen string) float64 {
		t.Helper()
		src := "shocks:\n  - tariff: {importer: TGT, schedule: {name: liberation-day" + pen + "}}\n  - tariff: {importer: TGT, exporter: RES, add: 0.5}\ntransshipment: {origins: [RES]}\n"
		sc, err := Parse([]byte(src), "case.yaml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		if pen != "" && !strings.Contains(strings.Join(c.Notes, "\n"), "transship_penalty") {
			t.Errorf("%q: no note on the penalty: %q", pen, c.Notes)
		}
		total := 0.0
		for _, r := range c.Transship.Routes {
			total += r.Share
		}
		return total
	}
	none, low, eo := rerouted(""), rerouted(", transship_penalty: 0.02"), rerouted(", transship_penalty: true")
	if !(none > 0 && low < none && eo < low) {
		t.Errorf("rerouted shares: no penalty %g, 2%% %g, EO 14326 %g; want falling", none, low, eo)
	}
	for _, tc := range []struct{ pen, want string }{
		{"false", "default"},
		{"-0.1", "(0, 10]"},
		{"forty", "number"},
	} {
		src := "shocks:\n  - tariff: {importer: TGT, schedule: {name: liberation-day, transship_penalty: " + tc.pen + "}}\n"
		if _, err := Parse([]byte(src), "case.yaml"); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "case.yaml:2") {
			t.Errorf("%q: %v, want an error at case.yaml:2 with %q", tc.pen, err, tc.want)
		}
	}
}

// TestCounterBlocBuiltins: the supply-coercion built-ins restrict exactly
// the named exporters' sectors to the bloc on icio-2022, leave every other
// pair alone, and say what share of the bloc's purchases they cut off.
func TestCounterBlocBuiltins(t *testing.T) {
	ds, ok, err := data.Embedded("icio-2022")
	if !ok || err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		exporters []string
		sectors   []string
		bloc      []string
	}{
		{"counter-bloc-critical-minerals", []string{"CHN"}, []string{"B07", "C24B"}, []string{"USA", "CAN", "MEX", "EU27", "GBR", "JPN", "KOR", "IND", "AUS"}},
		{"counter-bloc-chips", []string{"JPN", "KOR", "TWN"}, []string{"C26"}, []string{"USA", "CAN", "MEX", "EU27", "GBR", "IND", "AUS"}},
	} {
		sc, _ := Builtin(tc.name)
		c, err := Compile(sc, ds)
		if err != nil {
			t.Fatal(err)
		}
		N, S := ds.N(), ds.S()
		var bloc []string
		for _, m := range tc.bloc {
			if members, ok := ds.Groups[m]; ok {
				bloc = append(bloc, members...)
			} else {
				bloc = append(bloc, m)
			}
		}
		restricted := map[int]bool{}
		for _, e := range tc.exporters {
			for _, m := range bloc {
				for _, s := range tc.sectors {
					restricted[(idx(t, ds, e)*N+idx(t, ds, m))*S+sectorIdx(t, ds, s)] = true
				}
			}
		}
		for k, sub := range c.Shocks.Subsidy {
			want := 0.0
			if restricted[k] {
				want = 1/(1+BanRate) - 1
			}
			if restricted[k] != (sub != 0) || (restricted[k] && !near(sub, want)) {
				t.Errorf("%s: pair %d restriction %g, want %g", tc.name, k, sub, want)
			}
		}
		if notes := strings.Join(c.Notes, "\n"); !strings.Contains(notes, "% of the importers' purchases") || !strings.Contains(notes, "Cobb–Douglas") {
			t.Errorf("%s notes: %q", tc.name, c.Notes)
		}
	}
}

func sectorIdx(t *testing.T, ds *data.Dataset, code string) int {
	t.Helper()
	for s, sec := range ds.Sectors {
		if sec.Code == code {
			return s
		}
	}
	t.Fatalf("no sector %s", code)
	return -1
}
