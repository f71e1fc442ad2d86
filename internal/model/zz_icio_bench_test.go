package model

import (
	"os"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

func loadICIO(tb testing.TB) (*data.Dataset, *Baseline, []float64) {
	ds, err := data.Load("/tmp/icio")
	if err != nil {
		tb.Skip(err)
	}
	b := mustCalibrate(tb, ds)
	us, _ := ds.Index("USA")
	t := append([]float64(nil), ds.Tariffs...)
	for i := 0; i < ds.N(); i++ {
		if i == us {
			continue
		}
		for s := 0; s < 27; s++ {
			t[ds.At(i, us, s)] += 0.2
		}
	}
	return ds, b, t
}

func BenchmarkICIOTmp(bm *testing.B) {
	if _, err := os.Stat("/tmp/icio"); err != nil {
		bm.Skip()
	}
	_, b, t := loadICIO(bm)
	opt := Options{Theta: UniformTheta(5, 28)}
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
