package benchmark_test

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
)

// Example prices Vietnam's menu under Liberation Day: a zero-tariff offer
// leaves its multilateral balance where it was, so it fails the test a
// persistent-surplus economy is held to, while domestic demand passes it;
// and the revaluation's welfare is reported net of the transfer that
// finances its deficit.
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
	fmt.Printf("persistent surplus: %v (asked to adjust: %v)\n", rep.PersistentSurplus, rep.Paths[0].AskedToAdjust)
	for _, p := range rep.Paths {
		fmt.Printf("%-22s balance %6.1f%% → %6.1f%% of GDP, test: %-5v welfare %6.1f%% (incl. transfer %6.1f%%)\n",
			p.Name, p.BalanceGDPPctBefore, p.BalanceGDPPctAfter, p.TestMet, p.PartnerWelfarePct, p.PartnerWelfareInclTransferPct)
	}
	// Output:
	// persistent surplus: false (asked to adjust: false)
	// zero_tariffs           balance   11.2% →   11.2% of GDP, test: false welfare   -0.0% (incl. transfer   -0.0%)
	// remove_export_subsidy  balance   11.2% →   11.2% of GDP, test: false welfare    3.4% (incl. transfer    3.4%)
	// domestic_demand        balance   11.2% →    9.2% of GDP, test: true  welfare    0.2% (incl. transfer    2.4%)
	// revaluation            balance   11.2% →  -41.4% of GDP, test: true  welfare    6.4% (incl. transfer   66.9%)
	// capital_flow_measure   balance   11.2% →    9.8% of GDP, test: true  welfare    0.0% (incl. transfer    1.5%)
}
