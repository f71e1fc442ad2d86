package optimal

import (
	"math"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// servicesWorld is three countries trading goods (G01) and services (SERV),
// services taxed at 5% in the baseline, goods free.
func servicesWorld(t *testing.T, serv string) (*data.Dataset, *model.Baseline) {
	t.Helper()
	ds := &data.Dataset{Name: "serv", Countries: []data.Country{{Code: "AAA"}, {Code: "BBB"}, {Code: "CCC"}},
		Sectors: []data.Sector{{Code: "G01"}, {Code: serv}}}
	x := func(g, s float64) []float64 { return []float64{g, s} }
	for _, row := range [][]float64{x(200, 300), x(30, 25), x(20, 15), x(30, 20), x(150, 250), x(10, 10), x(25, 10), x(10, 10), x(120, 200)} {
		ds.Trade = append(ds.Trade, row...)
	}
	N, S := ds.N(), ds.S()
	ds.Tariffs = make([]float64, N*N*S)
	for i := range N {
		for j := range N {
			if i != j {
				ds.Tariffs[ds.At(i, j, 1)] = 0.05
			}
		}
	}
	b, err := model.Calibrate(ds)
	if err != nil {
		t.Fatal(err)
	}
	return ds, b
}

func TestGoodsSectors(t *testing.T) {
	ds, _ := servicesWorld(t, "SERV")
	if m := GoodsSectors(ds, false); !slices.Equal(m, []bool{true, false}) || SectorsTaxed(m) != "goods" {
		t.Errorf("services world: mask %v (%s), want goods only", m, SectorsTaxed(m))
	}
	if m := GoodsSectors(ds, true); m != nil || SectorsTaxed(m) != "all" {
		t.Errorf("--include-services: mask %v, want nil", m)
	}
	// WIOD's codes mark no services sector: Lashkaripour's war taxes every
	// sector, as he computes it.
	wiod, _ := servicesWorld(t, "W16")
	if m := GoodsSectors(wiod, false); m != nil {
		t.Errorf("no services sector: mask %v, want nil", m)
	}
}

// TestOptimaLeaveServices: with the goods mask the optimal tariff, the
// by-partner optimum and the Nash rates leave the services sector at its
// baseline rate (5%): the reported welfare is the equilibrium with the
// rates on goods and services untouched, solved here independently, and
// differs from the optimum that taxes services too.
func TestOptimaLeaveServices(t *testing.T) {
	ds, b := servicesWorld(t, "SERV")
	opt := model.Options{Theta: []float64{4, 6}}
	N, S := b.N, b.S
	// welfareAt is country c's welfare with rate[i] on goods from every
	// exporter i ≠ c, services at the baseline (or at rate[i] too).
	welfareAt := func(c int, rate []float64, services bool) float64 {
		tar := b.Tariffs()
		for i := range N {
			if i == c {
				continue
			}
			for s := range S {
				if s == 0 || services {
					tar[(i*N+c)*S+s] = rate[i]
				}
			}
		}
		r, err := b.Solve(opt, model.Shocks{Tariff: tar}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r.Countries[c].Welfare
	}
	mask := GoodsSectors(ds, false)
	for _, c := range []struct {
		name string
		run  func(sectors []bool) (rates []float64, welfare float64)
	}{
		{"uniform", func(sectors []bool) ([]float64, float64) {
			r, err := Uniform(Problem{Base: b, Options: opt, Country: 0, Sectors: sectors}, Settings{})
			if err != nil || !r.Converged {
				t.Fatalf("err %v", err)
			}
			return r.Rates, r.Welfare
		}},
		{"by-partner", func(sectors []bool) ([]float64, float64) {
			r, err := ByPartner(Problem{Base: b, Options: opt, Country: 0, Sectors: sectors}, 0, Settings{})
			if err != nil || !r.Converged {
				t.Fatalf("err %v", err)
			}
			return r.Rates, r.Welfare
		}},
		{"nash", func(sectors []bool) ([]float64, float64) {
			g := Game{Base: b, Options: opt, Players: []Player{{Country: 0}}, Sectors: sectors}
			r, err := Nash(g, NashSettings{Verify: true})
			if err != nil || !r.Converged {
				t.Fatalf("err %v", err)
			}
			return []float64{0, r.Rates[0], r.Rates[0]}, r.Outcome.Countries[0].Welfare
		}},
	} {
		goods, wg := c.run(mask)
		all, wa := c.run(nil)
		if got := welfareAt(0, goods, false); math.Abs(got-wg) > 1e-10 {
			t.Errorf("%s, goods: reported welfare %.12f, with services at the baseline %.12f", c.name, wg, got)
		}
		if got := welfareAt(0, all, true); math.Abs(got-wa) > 1e-10 {
			t.Errorf("%s, all sectors: reported welfare %.12f, with services taxed %.12f", c.name, wa, got)
		}
		if math.Abs(goods[1]-all[1]) < 1e-3 {
			t.Errorf("%s: the goods-only rate %.5f is the all-sector rate %.5f: the mask changes nothing", c.name, goods[1], all[1])
		}
	}
	if _, err := Uniform(Problem{Base: b, Options: opt, Country: 0, Sectors: []bool{true}}, Settings{}); err == nil {
		t.Error("a mask of the wrong length is accepted")
	}
}
