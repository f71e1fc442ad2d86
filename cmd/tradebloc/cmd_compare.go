package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
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
with the difference B − A. The text first says what both were solved on
(dataset, θ, deficit closure) and gives each scenario's notes once, marked
"A only" or "B only" when one scenario alone has them.

Exit codes: 0 success, 1 the model did not converge, 2 bad usage or input.`,
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
	Code                string   `json:"code"`
	Name                string   `json:"name"`
	WelfarePctA         float64  `json:"welfare_pct_a"`
	WelfarePctB         float64  `json:"welfare_pct_b"`
	WelfareDiff         float64  `json:"welfare_pct_diff"`
	PriceIndexPctA      float64  `json:"price_index_pct_a"`
	PriceIndexPctB      float64  `json:"price_index_pct_b"`
	BalanceWithLeaderA  *float64 `json:"bilateral_balance_with_leader_a,omitempty"` // nil without a leader
	BalanceWithLeaderB  *float64 `json:"bilateral_balance_with_leader_b,omitempty"`
	BalanceGDPPctA      float64  `json:"balance_gdp_pct_a"`
	BalanceGDPPctB      float64  `json:"balance_gdp_pct_b"`
	EffectiveTariffPctA float64  `json:"effective_tariff_after_pct_a"`
	EffectiveTariffPctB float64  `json:"effective_tariff_after_pct_b"`
	// …BaseWeights… are the new tariffs at baseline import weights (solve's
	// effective_tariff_after_base_weights_pct); the two above are revenue
	// over the imports after the shock.
	EffectiveTariffBaseWeightsPctA float64 `json:"effective_tariff_after_base_weights_pct_a"`
	EffectiveTariffBaseWeightsPctB float64 `json:"effective_tariff_after_base_weights_pct_b"`
	GDP                            float64 `json:"gdp_before"`
	// DataQualityFlag is the dataset's plausibility rule's reason to
	// distrust this economy's results (as in `benchmark` and `surplus`).
	DataQualityFlag string `json:"data_quality_flag,omitempty"`
}

func runCompare(c *cobra.Command, opts *solveOptions, argA, argB string) error {
	var flags []data.QualityFlag
	if sc, err := scenario.Resolve(argA); err == nil {
		if ds, err := engine.LoadData(sc, opts.data.path); err == nil {
			// Checked before either solve, and not as scenario A's fault.
			if err := checkLeaderFlag(c, ds, opts.leader); err != nil {
				return err
			}
			flags = ds.QualityFlags()
		}
	}
	opts.leaderGiven = c.Flags().Changed("leader")
	args := []string{argA, argB}
	// Both scenarios are read, and --out checked against their files,
	// before either is solved: a mistake in B must not cost A's solve.
	if _, err := resolveScenario(c, args, argB); err != nil {
		return fmt.Errorf("scenario B: %w", err)
	}
	a, unit, _, err := solveDoc(c, args, argA, opts)
	if err != nil {
		return fmt.Errorf("scenario A: %w", err)
	}
	b, _, _, err := solveDoc(c, args, argB, opts)
	if err != nil {
		return fmt.Errorf("scenario B: %w", err)
	}
	doc := compareDoc{A: a, B: b}
	for k, ca := range a.Countries {
		cb := b.Countries[k]
		doc.Countries = append(doc.Countries, compareRow{
			Code: ca.Code, Name: ca.Name, GDP: ca.GDPBefore,
			WelfarePctA: ca.WelfarePct, WelfarePctB: cb.WelfarePct, WelfareDiff: cb.WelfarePct - ca.WelfarePct,
			PriceIndexPctA: ca.PriceIndexPct, PriceIndexPctB: cb.PriceIndexPct,
			BalanceWithLeaderA: ca.BalanceWithLeaderAfter, BalanceWithLeaderB: cb.BalanceWithLeaderAfter,
			BalanceGDPPctA: ca.BalanceGDPPctAfter, BalanceGDPPctB: cb.BalanceGDPPctAfter,
			EffectiveTariffPctA: ca.EffectiveTariffAfter, EffectiveTariffPctB: cb.EffectiveTariffAfter,
			EffectiveTariffBaseWeightsPctA: ca.EffectiveTariffAfterBaseWeights, EffectiveTariffBaseWeightsPctB: cb.EffectiveTariffAfterBaseWeights,
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
			fmt.Fprintln(w, compareContext(a, b))
			fmt.Fprintf(w, "World real income (GDP-weighted): A %+.3f%%, B %+.3f%%.\n", a.WorldWelfarePct(), b.WorldWelfarePct())
			for _, n := range compareNotes(a.Notes, b.Notes) {
				fmt.Fprintln(w, n)
			}
			fmt.Fprintln(w)
		}
		t := &report.Table{
			Columns: []string{"code", "name", "welfare % A", "welfare % B", "B − A", "prices % A", "prices % B",
				"bal. with " + cmp.Or(a.Leader, "leader") + " A (bn)", "B (bn)", "balance/GDP % A", "B"},
			Numeric: []bool{false, false, true, true, true, true, true, true, true, true, true},
		}
		for _, r := range rows {
			// The leader has no balance with itself: a 0.00 would read as one.
			balA, balB := "–", "–"
			if r.Code != a.Leader && r.BalanceWithLeaderA != nil && r.BalanceWithLeaderB != nil {
				balA, balB = report.Num(*r.BalanceWithLeaderA*unit/1000, 2), report.Num(*r.BalanceWithLeaderB*unit/1000, 2)
			}
			t.Add(r.Code, r.Name, report.Num(r.WelfarePctA, 3), report.Num(r.WelfarePctB, 3), report.Num(r.WelfareDiff, 3),
				report.Num(r.PriceIndexPctA, 2), report.Num(r.PriceIndexPctB, 2),
				balA, balB, report.Num(r.BalanceGDPPctA, 2), report.Num(r.BalanceGDPPctB, 2))
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

// compareContext is the line that says what the two results were solved
// on: the dataset and its coverage, θ and the deficit closure, once when the
// scenarios share them.
func compareContext(a, b *report.SolveDoc) string {
	pa, pb := a.Provenance, b.Provenance
	ma, mb := a.ModelText(), b.ModelText()
	if pa.Dataset != pb.Dataset {
		return fmt.Sprintf("A on %s (%s), %s; B on %s (%s), %s.", pa.Dataset, pa.TradeCoverage, ma, pb.Dataset, pb.TradeCoverage, mb)
	}
	if ma == mb {
		return fmt.Sprintf("Both on %s (%s trade), %s.", pa.Dataset, pa.TradeCoverage, ma)
	}
	return fmt.Sprintf("Both on %s (%s trade); A %s; B %s.", pa.Dataset, pa.TradeCoverage, ma, mb)
}

// compareNotes is the two scenarios' notes as "Note: …" lines, each once:
// a note both results carry is given once, one only A's (or B's) says so.
func compareNotes(a, b []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(n, who string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, fmt.Sprintf("Note (%s): %s", who, n))
		}
	}
	for _, n := range a {
		if slices.Contains(b, n) {
			add(n, "A and B")
		} else {
			add(n, "A only")
		}
	}
	for _, n := range b {
		add(n, "B only")
	}
	return out
}
