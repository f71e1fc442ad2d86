// Package benchmark implements the balanced-trade benchmark of the seed
// essay: the test for tariff relief is a partner's surplus shrinking
// durably, not a bilateral tariff cut.
//
// It has four parts, judging one concept: the surplus Rule names who is
// asked to adjust (persistent current-account surplus economies), and the
// Test judges what they do to their overall balance in the model (by
// default; Measure selects the bilateral surplus with the leader, or both):
//   - surplus.go classifies persistent-surplus economies from the IMF
//     current-account series with a configurable Rule, and gathers the
//     evidence (current-account years, goods balance from the world matrix,
//     Census 2024 balance with the United States);
//   - test.go is the benchmark Test and its Verdict, part by part;
//   - benchmark.go evaluates a solved scenario: for every partner of the
//     leader, its bilateral balance with the leader and its multilateral
//     balance (% of GDP) before and after, and the verdict;
//   - paths.go prices the menu of moves a partner can offer under
//     Liberation Day (zero tariffs, export-subsidy removal, domestic demand,
//     revaluation, a capital-flow measure by the leader), with welfare net
//     of the transfer a deficit target imposes.
//
// Conventions: a balance is exports − imports of the country named (positive
// = surplus), valued at world prices — what the buyer pays net of tariffs,
// which equals the producer price unless an export subsidy is in force — so
// that balances sum to zero and equal minus the model's deficit D'. Levels
// are in the dataset's unit; "% of GDP" uses GDP at market prices of the same
// equilibrium (MarketGDP: the model's GDP less the export-subsidy outlay),
// which is the model's GDP — the one rebalance targets are stated against —
// whenever no subsidy is in force; the baseline uses the model's GDP too.
// Changes of levels between two equilibria are taken relative to world GDP
// (see Balances). Percent changes are 100·(x̂ − 1).
package benchmark
