package coalition

import (
	"context"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func compelled(tb testing.TB) (*scenario.Scenario, *data.Dataset) {
	tb.Helper()
	sc, ok := scenario.Builtin("coalition-of-the-compelled")
	if !ok {
		tb.Fatal("no built-in coalition-of-the-compelled")
	}
	ds, err := data.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return sc, ds
}

// BenchmarkEnumerate12 solves the 4,096 memberships of the built-in game
// (K = 12) on all cores, warm-started; see BenchmarkEnumerate12Cold.
func BenchmarkEnumerate12(b *testing.B) { benchEnumerate(b, true) }

// BenchmarkEnumerate12Cold is the same enumeration with every solve cold.
func BenchmarkEnumerate12Cold(b *testing.B) { benchEnumerate(b, false) }

func benchEnumerate(b *testing.B, warm bool) {
	sc, ds := compelled(b)
	g, err := newGame(sc, ds)
	if err != nil {
		b.Fatal(err)
	}
	var en *enumeration
	for b.Loop() {
		if en, err = g.enumerate(context.Background(), executor.Local{}, warm, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(en.solves)/b.Elapsed().Seconds()*float64(b.N), "solves/s")
	b.ReportMetric(float64(en.iterations)/float64(en.solves), "iter/solve")
}

func mustDefault(tb testing.TB) *data.Dataset {
	tb.Helper()
	ds, err := data.Default()
	if err != nil {
		tb.Fatal(err)
	}
	return ds
}
