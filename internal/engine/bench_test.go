package engine

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// icioLiberationDay compiles the built-in liberation-day on icio-2022 and
// returns its baseline, options and shocks.
func icioLiberationDay(tb testing.TB) (*model.Baseline, model.Options, model.Shocks, *data.Dataset) {
	tb.Helper()
	sc, ok := scenario.Builtin("liberation-day")
	if !ok {
		tb.Fatal("no built-in liberation-day")
	}
	ds, err := LoadData(sc, "icio-2022")
	if err != nil {
		tb.Fatal(err)
	}
	ds, comp, err := Prepare(sc, ds)
	if err != nil {
		tb.Fatal(err)
	}
	b, err := BaselineFor(ds, comp.Options)
	if err != nil {
		tb.Fatal(err)
	}
	return b, comp.Options, comp.Shocks, ds
}

// BenchmarkICIOLiberationDay is the issue-11 speed target: Liberation Day on
// icio-2022 (81 units × 28 sectors, input–output linkages), one solve, cold
// (from the baseline), single goroutine.
func BenchmarkICIOLiberationDay(bm *testing.B) {
	b, opt, sh, _ := icioLiberationDay(bm)
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, sh, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

// BenchmarkICIOLiberationDayWarm re-solves Liberation Day with ten more
// points on Japan's goods, warm-started from the Liberation Day solution:
// how the coalition game and sweeps move between neighbouring scenarios.
func BenchmarkICIOLiberationDayWarm(bm *testing.B) {
	b, opt, sh, ds := icioLiberationDay(bm)
	base, err := b.Solve(opt, sh, nil)
	if err != nil {
		bm.Fatal(err)
	}
	// As the coalition game and sweeps do: chord steps only where they pay
	// (not on icio-2022, whose 4,617² factor costs more than the
	// iterations it saves); otherwise Anderson from the neighbour.
	if b.ChordPays(opt) {
		_ = b.Linearize(base)
	}
	jpn, _ := ds.Index("JPN")
	us, _ := ds.Index("USA")
	t := append([]float64(nil), sh.Tariff...)
	for s := 0; s < ds.S(); s++ {
		if ds.Sectors[s].Code != "SERV" {
			t[ds.At(jpn, us, s)] += 0.1
		}
	}
	nb := sh
	nb.Tariff = t
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, nb, base)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}
