package model_test

import (
	"fmt"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Two symmetric countries; Home puts a 20% tariff on Foreign. A large
// country gains from a moderate tariff (terms of trade), its partner loses.
// (The welfare figures agree with the independent numpy implementation in
// bench/numpy to 1e-8.) Revenue is in the default world-price numeraire.
func Example() {
	ds := &data.Dataset{
		Countries: []data.Country{{Code: "HOM"}, {Code: "FOR"}},
		Sectors:   []data.Sector{{Code: "ALL"}},
		// X_ij: exporter i, importer j (domestic sales on the diagonal).
		Trade: []float64{
			80, 20,
			20, 80,
		},
	}
	base, err := model.Calibrate(ds)
	if err != nil {
		panic(err)
	}
	tariff := []float64{0, 0, 0.20, 0} // Home's tariff on goods from Foreign
	res, err := base.Solve(model.Options{Theta: []float64{4}}, model.Shocks{Tariff: tariff}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Status, res.MaxResidual <= 1e-12)
	for _, c := range res.Countries {
		fmt.Printf("%s welfare %+.3f%%, tariff revenue %.2f\n", c.Code, 100*(c.Welfare-1), c.RevenueAfter)
	}
	// Output:
	// converged true
	// HOM welfare +1.125%, tariff revenue 2.69
	// FOR welfare -1.684%, tariff revenue 0.00
}
