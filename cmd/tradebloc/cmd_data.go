package main

import (
	"fmt"
	"io"
	"sort"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/data/build"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
)

func init() { register(newDataCommand) }

func newDataCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "data",
		Short: "Show, validate, export and build datasets",
		Long: `Work with datasets: the embedded world-2023 dataset (194 economies, BACI
2023 goods trade, USD million) or a dataset directory in the format of
DESIGN §4 (countries.csv, trade.csv, optional tariffs.csv, sectors.csv,
dataset.yaml).`,
	}
	c.AddCommand(newDataShowCommand(), newDataValidateCommand(), newDataExportCommand(), newDataBuildCommand())
	return c
}

func newDataShowCommand() *cobra.Command {
	var df dataFlag
	var of outputFlags
	c := &cobra.Command{
		Use:   "show [--data DIR]",
		Short: "Summarise a dataset",
		Long: `Print a dataset's name, year, unit, size, trade totals and sources, and
(for tables) the ten largest economies by GDP with their trade.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			d, err := df.load()
			if err != nil {
				return err
			}
			return of.emit(c, func(w io.Writer, f report.Format) error { return writeDataShow(w, f, d) })
		},
	}
	df.add(c)
	of.add(c)
	return c
}

// dataSummary is the JSON of `data show` (DESIGN §4).
type dataSummary struct {
	Name              string   `json:"name"`
	Year              int      `json:"year"`
	Unit              string   `json:"unit"`
	Countries         int      `json:"countries"`
	Sectors           int      `json:"sectors"`
	ForeignTradeTotal float64  `json:"foreign_trade_total"`
	DomesticTotal     float64  `json:"domestic_total"`
	Sources           []string `json:"sources"`
}

func writeDataShow(w io.Writer, f report.Format, d *data.Dataset) error {
	s := dataSummary{d.Name, d.Year, d.Unit, d.N(), d.S(), d.ForeignTotal(), d.DomesticTotal(), d.Sources}
	if s.Sources == nil {
		s.Sources = []string{}
	}
	if f == report.JSON {
		return report.WriteJSON(w, s)
	}
	sum := &report.Table{Title: "Dataset " + d.Name, Columns: []string{"item", "value"}}
	sum.Add("year", fmt.Sprint(d.Year))
	sum.Add("unit", d.Unit)
	sum.Add("countries", fmt.Sprint(d.N()))
	sum.Add("sectors", fmt.Sprint(d.S()))
	sum.Add("foreign trade total", report.Num(s.ForeignTradeTotal, 0))
	sum.Add("domestic sales total", report.Num(s.DomesticTotal, 0))
	for _, src := range d.Sources {
		sum.Notes = append(sum.Notes, "source: "+src)
	}
	if err := sum.Write(w, f); err != nil {
		return err
	}
	if f == report.CSV { // one table per CSV stream
		return nil
	}
	fmt.Fprintln(w)
	return topEconomies(d, 10).Write(w, f)
}

// topEconomies tabulates the n largest economies by GDP (by total sales
// when the dataset has no GDP).
func topEconomies(d *data.Dataset, n int) *report.Table {
	idx := make([]int, d.N())
	size := make([]float64, d.N())
	for i, c := range d.Countries {
		idx[i] = i
		size[i] = c.GDP
		if size[i] == 0 {
			size[i] = d.Domestic(i) + d.Exports(i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return size[idx[a]] > size[idx[b]] })
	t := &report.Table{
		Title:   fmt.Sprintf("Largest %d economies (%s)", min(n, d.N()), d.Unit),
		Columns: []string{"code", "name", "gdp", "exports", "imports", "domestic share %"},
		Numeric: []bool{false, false, true, true, true, true},
	}
	for _, i := range idx[:min(n, len(idx))] {
		c := d.Countries[i]
		dom, imp := d.Domestic(i), d.Imports(i)
		t.Add(c.Code, c.Name, report.Num(c.GDP, 0), report.Num(d.Exports(i), 0), report.Num(imp, 0), report.Num(100*dom/(dom+imp), 1))
	}
	t.Notes = []string{"domestic share = domestic sales / (domestic sales + imports)"}
	return t
}

func newDataValidateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate DIR",
		Short: "Check a dataset directory",
		Long: `Load and check a dataset directory. On success print a one-line summary;
on the first error print it with file, line and field and exit with code 2.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			d, err := data.Load(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "%s: valid: %d countries, %d sectors, foreign trade %s, domestic sales %s (%s)\n",
				args[0], d.N(), d.S(), report.Num(d.ForeignTotal(), 0), report.Num(d.DomesticTotal(), 0), d.Unit)
			return nil
		},
	}
}

func newDataExportCommand() *cobra.Command {
	var df dataFlag
	c := &cobra.Command{
		Use:   "export DIR [--data DIR]",
		Short: "Write a dataset as a directory",
		Long: `Write a dataset (by default the embedded world-2023) as a dataset directory
that can be edited and loaded with --data. DIR must not exist or be empty;
it appears complete or not at all.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			d, err := df.load()
			if err != nil {
				return err
			}
			if err := data.Export(d, args[0]); err != nil {
				return err
			}
			fmt.Fprintf(c.OutOrStdout(), "wrote %s: %d countries, %d sectors\n", args[0], d.N(), d.S())
			return nil
		},
	}
	df.add(c)
	return c
}

func newDataBuildCommand() *cobra.Command {
	var from, out string
	c := &cobra.Command{
		Use:   "build --from DIR --out DIR",
		Short: "Generate the world-2023 dataset from the compiled public tables",
		Long: `Generate the embedded world-2023 dataset from the compiled tables in
../shared/data/compiled (only those: GDP is World Bank WDI where compiled,
else IMF WEO, else imputed from imports; see the dataset README). An existing --out directory is updated in place (its README.md is
kept); go generate ./internal/data runs this for internal/data/world2023.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			if from == "" || out == "" {
				return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("--from and --out are required (see '%s --help')", c.CommandPath())}
			}
			d, rep, err := build.BuildReport(from)
			if err != nil {
				return err
			}
			if err := build.WriteDir(d, out); err != nil {
				return err
			}
			return writeBuildReport(c.OutOrStdout(), out, d, rep)
		},
	}
	c.Flags().StringVar(&from, "from", "", "directory of the compiled tables (required)")
	c.Flags().StringVar(&out, "out", "", "dataset directory to write (required)")
	return c
}

func writeBuildReport(w io.Writer, out string, d *data.Dataset, rep *build.Report) error {
	fmt.Fprintf(w, "wrote %s: %d countries, foreign trade %s, domestic sales %s (%s), version %d, hash %s\n",
		out, d.N(), report.Num(d.ForeignTotal(), 0), report.Num(d.DomesticTotal(), 0), d.Unit, d.Version, d.Hash())
	srcs := make([]string, 0, len(rep.GDPSources))
	for s := range rep.GDPSources {
		srcs = append(srcs, s)
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		fmt.Fprintf(w, "GDP from %s: %d\n", s, rep.GDPSources[s])
	}
	fmt.Fprintf(w, "ICIO→BACI bridge: overall %.4f over %d exporters and %d importers\n", rep.Bridge.Overall, len(rep.Bridge.KX), len(rep.Bridge.KM))
	fmt.Fprintf(w, "missing block: %d pairs filled, %s in total\n", rep.BlockPairs, report.Num(rep.BlockFilled, 0))
	for _, c := range rep.Added {
		fmt.Fprintf(w, "added %s: exports %s, imports %s before RAS\n", c, report.Num(rep.Repaired[c].Exports, 0), report.Num(rep.Repaired[c].Imports, 0))
	}
	fmt.Fprintf(w, "RAS to %d goods targets: %d sweeps, largest relative gap %.2g (no figure: %v)\n", len(rep.Constrained), rep.RASSweeps, rep.RASGap, rep.NoTarget)
	fmt.Fprintf(w, "domestic sales: ICIO 2022 for %d economies, median ratio to GDP %.4f for the other %d (log-log slope on imports/GDP %.3f, R² %.3f)\n",
		len(rep.DomesticFromICIO), rep.DomesticMedian, d.N()-len(rep.DomesticFromICIO), rep.DomesticFit.Slope, rep.DomesticFit.R2)
	for _, f := range rep.Flags {
		fmt.Fprintf(w, "flagged %s: %s\n", f.Code, f.Reason)
	}
	_, err := fmt.Fprintf(w, "tariff fallback (median %.2f%%): %v\n", rep.TariffMedianPct, rep.TariffFallback)
	return err
}
