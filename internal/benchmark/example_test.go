package benchmark_test

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
)

// Example prices Vietnam's menu under Liberation Day: a zero-tariff offer
// leaves its multilateral surplus where it was, which is why it is refused.
func Example() {
	ds, err := data.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := benchmark.Paths(ds, "VNM", benchmark.DefaultPathOptions())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range rep.Paths[:3] {
		fmt.Printf("%-22s balance %5.1f%% → %5.1f%% of GDP, meets benchmark: %v\n", p.Name, p.BalanceGDPPctBefore, p.BalanceGDPPctAfter, p.MeetsBenchmark)
	}
	// Output:
	// zero_tariffs           balance  36.8% →  36.8% of GDP, meets benchmark: false
	// remove_export_subsidy  balance  36.8% →  36.6% of GDP, meets benchmark: false
	// domestic_demand        balance  36.8% →  34.8% of GDP, meets benchmark: false
}
