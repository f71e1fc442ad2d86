package plan

import (
	"context"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
)

// BenchmarkAfterTheRuling runs the built-in plan (1,000 draws × 6 branches,
// the coalition game at K = 8) and reports solves per second:
//
//	go test ./internal/plan -run X -bench AfterTheRuling -benchtime 1x
func BenchmarkAfterTheRuling(b *testing.B) {
	ds, err := data.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		pl, _ := Builtin("after-the-ruling")
		rep, err := Run(context.Background(), pl, ds, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rep.SolvesPerSecond, "solves/s")
		b.ReportMetric(rep.Seconds, "s/plan")
	}
}
