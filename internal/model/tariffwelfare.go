package model

// TariffWelfare solves the counterfactual in which importers' tariffs are t
// (data layout (i*N+j)*S+s, decimals; nil = the baseline's) and nothing else
// changes, and returns every country's welfare change Ŵ_j (ratio new/old)
// with the Result, which warm-starts the next call. It is the objective of
// optimal-tariff and Nash-tariff searches: a search proposes tariffs, reads
// each country's welfare, and moves on from the last solution. Ossa's
// (2014) Table 4 is TariffWelfare of his Nash tariffs on his balanced
// baseline under Krugman competition (docs/krugman.md).
func (b *Baseline) TariffWelfare(opt Options, t []float64, warm *Result) ([]float64, *Result, error) {
	res, err := b.Solve(opt, Shocks{Tariff: t}, warm)
	if err != nil {
		return nil, res, err
	}
	w := make([]float64, len(res.Countries))
	for j, c := range res.Countries {
		w[j] = c.Welfare
	}
	return w, res, nil
}
