package model

import (
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// liberationDay returns the embedded baseline and the US tariffs of the
// 2 April 2025 schedule on top of the baseline ones.
func liberationDay(tb testing.TB) (*data.Dataset, *Baseline, []float64) {
	tb.Helper()
	ds, err := data.Default()
	if err != nil {
		tb.Fatal(err)
	}
	b := mustCalibrate(tb, ds)
	sched, ok := tariffs.Lookup("liberation-day")
	if !ok {
		tb.Fatal("no liberation-day schedule")
	}
	us, _ := ds.Index("USA")
	t := append([]float64(nil), ds.Tariffs...)
	for i, c := range ds.Countries {
		if i == us {
			continue
		}
		e := sched.RateFor(c.Code)
		k := ds.At(i, us, 0)
		t[k] = e.Mode.Apply(t[k], e.RatePct/100)
	}
	return ds, b, t
}

func BenchmarkSolveLiberationDay(bm *testing.B) {
	_, b, t := liberationDay(bm)
	opt := Options{Theta: []float64{4}}
	bm.ResetTimer()
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, Shocks{Tariff: t}, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

func BenchmarkSolveLiberationDayElastic(bm *testing.B) {
	_, b, t := liberationDay(bm)
	opt := Options{Theta: []float64{4}, Kappa: 0.5, Psi: 0.1, Revenue: IncomeTax}
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, Shocks{Tariff: t}, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

func BenchmarkSolveSynthetic194x20(bm *testing.B) {
	ds := synthetic(194, 20, 42, true)
	b := mustCalibrate(bm, ds)
	th := make([]float64, 20)
	for s := range th {
		th[s] = 2 + 0.4*float64(s)
	}
	t := raise(ds, 0, 0.25)
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(Options{Theta: th}, Shocks{Tariff: t}, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

// BenchmarkWarmResolve re-solves Liberation Day after changing the US tariff
// on one partner (Japan), cold and warm-started from the (linearized)
// Liberation Day solution.
func BenchmarkWarmResolve(bm *testing.B) {
	ds, b, t := liberationDay(bm)
	opt := Options{Theta: []float64{4}}
	base, err := b.Solve(opt, Shocks{Tariff: t}, nil)
	if err != nil {
		bm.Fatal(err)
	}
	if err := b.Linearize(base); err != nil {
		bm.Fatal(err)
	}
	us, _ := ds.Index("USA")
	jpn, _ := ds.Index("JPN")
	t2 := append([]float64(nil), t...)
	t2[ds.At(jpn, us, 0)] = ds.Tariffs[ds.At(jpn, us, 0)] + 0.10
	var warmIt, coldIt int
	bm.Run("cold", func(bm *testing.B) {
		for bm.Loop() {
			r, _ := b.Solve(opt, Shocks{Tariff: t2}, nil)
			coldIt = r.Iterations
		}
		bm.ReportMetric(float64(coldIt), "iterations")
	})
	bm.Run("warm", func(bm *testing.B) {
		for bm.Loop() {
			r, _ := b.Solve(opt, Shocks{Tariff: t2}, base)
			warmIt = r.Iterations
		}
		bm.ReportMetric(float64(warmIt), "iterations")
	})
}

func BenchmarkLinearize(bm *testing.B) {
	_, b, t := liberationDay(bm)
	opt := Options{Theta: []float64{4}}
	base, err := b.Solve(opt, Shocks{Tariff: t}, nil)
	if err != nil {
		bm.Fatal(err)
	}
	for bm.Loop() {
		if err := b.Linearize(base); err != nil {
			bm.Fatal(err)
		}
	}
}

// BenchmarkSolveSynthetic81x28IO is the size of the icio-2022 world (81
// units × 28 sectors) with random input–output shares and a 20-point tariff
// raised by one country, cold.
func BenchmarkSolveSynthetic81x28IO(bm *testing.B) {
	ds := withIO(synthetic(81, 28, 9, true), 5, 0.5)
	b := mustCalibrate(bm, ds)
	opt := Options{Theta: UniformTheta(5, 28)}
	sh := Shocks{Tariff: raise(ds, 0, 0.2)}
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

// BenchmarkSolveLiberationDayOneSectorIO is Liberation Day on the embedded
// world with a one-sector input–output structure (β = 0.7).
func BenchmarkSolveLiberationDayOneSectorIO(bm *testing.B) {
	ds, _, t := liberationDay(bm)
	b := mustCalibrate(bm, oneSectorIO(ds, 0.7))
	opt := Options{Theta: []float64{4}}
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, Shocks{Tariff: t}, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

// BenchmarkSolveLiberationDayNoIO is Liberation Day on the embedded world
// without input–output links (model.io: false): the one-sector model the
// numpy reference of bench/numpy implements.
func BenchmarkSolveLiberationDayNoIO(bm *testing.B) {
	ds, _, t := liberationDay(bm)
	b, err := CalibrateWith(ds, CalibrateOptions{NoIO: true})
	if err != nil {
		bm.Fatal(err)
	}
	opt := Options{Theta: []float64{4}, NoIO: true}
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, Shocks{Tariff: t}, nil)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}

// BenchmarkSolveLiberationDayBaselineChord is Liberation Day without IO,
// solved from the baseline with chord steps on the baseline's Jacobian
// (computed once per baseline and θ, outside the timed loop): how batch
// callers (coalition game, plan, sweeps) solve.
func BenchmarkSolveLiberationDayBaselineChord(bm *testing.B) {
	ds, _, t := liberationDay(bm)
	b, err := CalibrateWith(ds, CalibrateOptions{NoIO: true})
	if err != nil {
		bm.Fatal(err)
	}
	opt := Options{Theta: []float64{4}, NoIO: true}
	base, err := b.Solve(opt, Shocks{}, nil)
	if err != nil {
		bm.Fatal(err)
	}
	if err := b.Linearize(base); err != nil {
		bm.Fatal(err)
	}
	warm := base.WarmFrom(base)
	iters := 0
	for bm.Loop() {
		r, err := b.Solve(opt, Shocks{Tariff: t}, warm)
		if err != nil {
			bm.Fatal(err)
		}
		iters = r.Iterations
	}
	bm.ReportMetric(float64(iters), "iterations")
}
