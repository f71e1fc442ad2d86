package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func init() { register(newCompareCommand) }

func newCompareCommand() *cobra.Command {
	var opts solveOptions
	c := &cobra.Command{
		Use:   "compare SCENARIO_A SCENARIO_B",
		Short: "Solve two scenarios and show their results side by side",
		Long: `Solve two scenarios (files or built-in names) on the same data and show, for
every country, welfare, prices and the balance with the leader under each,
with the difference B − A.`,
		Example: `  tradebloc compare liberation-day liberation-day-retaliation
  tradebloc compare pause-2025-04 aug-2025 --format json`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(c *cobra.Command, args []string) error { return runCompare(c, &opts, args[0], args[1]) },
	}
	opts.output.add(c)
	opts.data.add(c)
	c.Flags().StringVar(&opts.leader, "leader", "USA", "country whose bilateral balances are compared")
	return c
}

// compareDoc is the JSON of `tradebloc compare`.
type compareDoc struct {
	A         *report.SolveDoc `json:"a"`
	B         *report.SolveDoc `json:"b"`
	Countries []compareRow     `json:"countries"`
}

type compareRow struct {
	Code                string  `json:"code"`
	Name                string  `json:"name"`
	WelfarePctA         float64 `json:"welfare_pct_a"`
	WelfarePctB         float64 `json:"welfare_pct_b"`
	WelfareDiff         float64 `json:"welfare_pct_diff"`
	PriceIndexPctA      float64 `json:"price_index_pct_a"`
	PriceIndexPctB      float64 `json:"price_index_pct_b"`
	BalanceWithLeaderA  float64 `json:"bilateral_balance_with_leader_a"`
	BalanceWithLeaderB  float64 `json:"bilateral_balance_with_leader_b"`
	BalanceGDPPctA      float64 `json:"balance_gdp_pct_a"`
	BalanceGDPPctB      float64 `json:"balance_gdp_pct_b"`
	EffectiveTariffPctA float64 `json:"effective_tariff_after_pct_a"`
	EffectiveTariffPctB float64 `json:"effective_tariff_after_pct_b"`
	GDP                 float64 `json:"gdp_before"`
	// DataQualityFlag is the dataset's plausibility rule's reason to
	// distrust this economy's results (as in `benchmark` and `surplus`).
	DataQualityFlag string `json:"data_quality_flag,omitempty"`
}

func runCompare(c *cobra.Command, opts *solveOptions, argA, argB string) error {
	a, unit, err := solveDoc(argA, opts)
	if err != nil {
		return fmt.Errorf("scenario A: %w", err)
	}
	b, _, err := solveDoc(argB, opts)
	if err != nil {
		return fmt.Errorf("scenario B: %w", err)
	}
	doc := compareDoc{A: a, B: b}
	var flags []data.QualityFlag
	if sc, err := scenario.Resolve(argA); err == nil {
		if ds, err := engine.LoadData(sc, opts.data.path); err == nil {
			flags = ds.QualityFlags()
		}
	}
	for k, ca := range a.Countries {
		cb := b.Countries[k]
		doc.Countries = append(doc.Countries, compareRow{
			Code: ca.Code, Name: ca.Name, GDP: ca.GDPBefore,
			WelfarePctA: ca.WelfarePct, WelfarePctB: cb.WelfarePct, WelfareDiff: cb.WelfarePct - ca.WelfarePct,
			PriceIndexPctA: ca.PriceIndexPct, PriceIndexPctB: cb.PriceIndexPct,
			BalanceWithLeaderA: ca.BalanceWithLeaderAfter, BalanceWithLeaderB: cb.BalanceWithLeaderAfter,
			BalanceGDPPctA: ca.BalanceGDPPctAfter, BalanceGDPPctB: cb.BalanceGDPPctAfter,
			EffectiveTariffPctA: ca.EffectiveTariffAfter, EffectiveTariffPctB: cb.EffectiveTariffAfter,
		})
		if f, ok := data.QualityFlagOf(flags, ca.Code); ok {
			doc.Countries[k].DataQualityFlag = f.Reason
		}
	}
	return opts.output.emit(c, func(w io.Writer, f report.Format) error {
		if f == report.JSON {
			return report.WriteJSON(w, doc)
		}
		rows := append([]compareRow(nil), doc.Countries...)
		if f == report.Text || f == report.Markdown {
			// People read the large economies first.
			sort.SliceStable(rows, func(i, j int) bool { return rows[i].GDP > rows[j].GDP })
			fmt.Fprintf(w, "A = %s\nB = %s\n", a.Scenario, b.Scenario)
			fmt.Fprintf(w, "World real income (GDP-weighted): A %+.3f%%, B %+.3f%%.\n\n", a.WorldWelfarePct(), b.WorldWelfarePct())
		}
		t := &report.Table{
			Columns: []string{"code", "name", "welfare % A", "welfare % B", "B − A", "prices % A", "prices % B",
				"bal. with " + opts.leader + " A (bn)", "B (bn)", "balance/GDP % A", "B"},
			Numeric: []bool{false, false, true, true, true, true, true, true, true, true, true},
		}
		for _, r := range rows {
			t.Add(r.Code, r.Name, report.Num(r.WelfarePctA, 3), report.Num(r.WelfarePctB, 3), report.Num(r.WelfareDiff, 3),
				report.Num(r.PriceIndexPctA, 2), report.Num(r.PriceIndexPctB, 2),
				report.Num(r.BalanceWithLeaderA*unit/1000, 2), report.Num(r.BalanceWithLeaderB*unit/1000, 2),
				report.Num(r.BalanceGDPPctA, 2), report.Num(r.BalanceGDPPctB, 2))
		}
		var flagged []string
		for _, r := range rows {
			if r.DataQualityFlag != "" {
				flagged = append(flagged, fmt.Sprintf("%s (A %+.2f%%, B %+.2f%%)", r.Code, r.WelfarePctA, r.WelfarePctB))
			}
		}
		if len(flagged) > 0 {
			t.Notes = append(t.Notes, "Data flag: goods balance beyond ±60% of GDP (likely ship registrations, aid-financed imports or re-exports): results for these are unreliable, so do not read them as winners or losers (as `benchmark` and `surplus` flag them): "+strings.Join(flagged, ", ")+" (JSON data_quality_flag).")
		}
		return t.Write(w, f)
	})
}
