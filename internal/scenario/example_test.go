package scenario_test

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func Example() {
	sc, err := scenario.Parse([]byte(`name: china-plus
model: {trade_elasticity: 5}
shocks:
  - tariff: {importer: USA, exporter: CHN, add: 0.25}
  - tariff: {importer: CHN, exporter: USA, mirror: true}
`), "china-plus.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	ds, err := data.Default()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := scenario.Compile(sc, ds)
	if err != nil {
		fmt.Println(err)
		return
	}
	usa, _ := ds.Index("USA")
	chn, _ := ds.Index("CHN")
	up := func(i, j int) float64 { k := ds.At(i, j, 0); return c.Shocks.Tariff[k] - ds.Tariffs[k] }
	fmt.Printf("%s: θ = %g; USA on CHN %+.2f, CHN on USA %+.2f\n", sc.Name, c.Options.Theta[0], up(chn, usa), up(usa, chn))

	// A typo is reported with its place in the file.
	_, err = scenario.Parse([]byte("shocks:\n  - traiff: {importer: USA}\n"), "typo.yaml")
	fmt.Println(err)
	// Output:
	// china-plus: θ = 5; USA on CHN +0.25, CHN on USA +0.25
	// typo.yaml:2:5: field "shocks[0].traiff": unknown key "traiff" (did you mean "tariff"?)
}
