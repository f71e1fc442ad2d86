package simulate_test

import (
	"context"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/plan"
)

// BenchmarkPlanDraws runs 100 draws of the built-in after-the-ruling plan:
// a profile of the simulation's solves in a few seconds, where the plan
// package's benchmark runs all 1,000 draws.
func BenchmarkPlanDraws(b *testing.B) {
	ds, err := data.Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		pl, _ := plan.Builtin("after-the-ruling")
		rep, err := plan.Run(context.Background(), pl, ds, plan.Options{Draws: 100, Start: "2026-11-28"})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(rep.Solves), "solves")
		b.ReportMetric(rep.SolvesPerSecond, "solves/s")
	}
}
