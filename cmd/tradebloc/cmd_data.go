package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/data/build"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

func init() { register(newDataCommand) }

func newDataCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "data",
		Short: "Show, validate, export and build datasets",
		Long: `Work with datasets: the embedded world-2023 dataset (the default; 195
economies incl. Taiwan, goods trade 2023 from BACI repaired with OECD ICIO and
rescaled to the balance of payments, USD million), the embedded icio-2022
(--data icio-2022: 80 economies incl. Taiwan + ROW × 28 sectors, OECD ICIO
2022 goods and services with input–output linkages), or a dataset directory
in the format of DESIGN §4 (countries.csv, trade.csv, optional tariffs.csv,
sectors.csv, value_added.csv, io.csv, elasticities.csv, members.csv,
dataset.yaml; see docs/datasets.md).`,
	}
	c.AddCommand(newDataShowCommand(), newDataValidateCommand(), newDataExportCommand(), newDataBuildCommand())
	return c
}

func newDataShowCommand() *cobra.Command {
	var df dataFlag
	var of outputFlags
	c := &cobra.Command{
		Use:   "show [--data NAME|DIR]",
		Short: "Summarise a dataset",
		Long: `Print a dataset's name, version, content hash, year, unit, size, trade
totals and sources, and (for tables) the ten largest economies by GDP with
their trade, each economy's goods balance beside its 2023 balance-of-payments
figure where the dataset has one (% of the dataset's GDP), and the economies
flagged by the data-quality rule (|goods balance| > 60% of GDP), and the
importers whose baseline tariffs are a stand-in (dataset.yaml
tariff_fallback: world-2023's 100 without a World Bank average). A
multi-sector dataset adds its sectors with θ, its elasticity sets, and the
economies an aggregate unit (ROW) stands for.`,
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

// dataSummary is the JSON of `data show` (DESIGN §4; keys after sources
// were added with dataset version 2).
type dataSummary struct {
	Name              string              `json:"name"`
	Year              int                 `json:"year"`
	Unit              string              `json:"unit"`
	Countries         int                 `json:"countries"`
	Sectors           int                 `json:"sectors"`
	ForeignTradeTotal float64             `json:"foreign_trade_total"`
	DomesticTotal     float64             `json:"domestic_total"`
	Sources           []string            `json:"sources"`
	Version           int                 `json:"version"`
	Hash              string              `json:"hash"`
	BalanceCheck      []data.BalanceCheck `json:"balance_check"`
	QualityFlags      []data.QualityFlag  `json:"quality_flags"`
	// Added with icio-2022 (issue 11).
	SectorList     []sectorSummary    `json:"sector_list"`
	ElasticitySets []string           `json:"elasticity_sets"`
	InputOutput    bool               `json:"input_output"`
	Aggregates     []aggregateSummary `json:"aggregates"`
	Description    string             `json:"description"`
	Licence        string             `json:"licence"`
	TradeCoverage  string             `json:"trade_coverage"`
	// TariffRecordLicence is the licence note of the embedded US tariff
	// record (tariffs effective, the us-record schedule), shipped with
	// every dataset.
	TariffRecordLicence string `json:"tariff_record_licence"`
	// USRecordInBaseline is the date of the US tariff record whose duties
	// the baseline's US tariffs carry ("" for none); a us-record schedule
	// adds only the change since then.
	USRecordInBaseline string `json:"us_record_in_baseline"`
	// TariffFallback lists the importers whose baseline tariffs are a
	// stand-in rather than their own figure (dataset.yaml
	// tariff_fallback); null when the dataset records none.
	TariffFallback *tariffFallbackSummary `json:"tariff_fallback"`
	// UnreconciledBalances are the economies of at least
	// unreconciledMinGDP whose balances no reference figure constrains
	// (only on datasets that are reconciled to one).
	UnreconciledBalances []data.Unreconciled `json:"unreconciled_balances"`
	// CurrentAccountCheck sets a goods-and-services dataset's balances
	// beside the current account of its year.
	CurrentAccountCheck []data.CACheck `json:"current_account_check"`
}

// unreconciledMinGDP is the GDP, in USD million, from which data show
// names an economy whose balance no reference figure constrains: the UAE
// and Iran on world-2023, not every island economy.
const unreconciledMinGDP = 50_000

// tariffFallbackSummary is data.TariffFallback in `data show`.
type tariffFallbackSummary struct {
	Count     int      `json:"count"`
	Pct       float64  `json:"pct"`
	Method    string   `json:"method"`
	Note      string   `json:"note"`
	Importers []string `json:"importers"`
}

// sectorSummary is one sector in `data show`.
type sectorSummary struct {
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Theta *float64 `json:"trade_elasticity"` // null when the dataset gives none
}

// aggregateSummary is a unit that stands for several economies.
type aggregateSummary struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

func writeDataShow(w io.Writer, f report.Format, d *data.Dataset) error {
	s := dataSummary{Name: d.Name, Year: d.Year, Unit: d.Unit, Countries: d.N(), Sectors: d.S(),
		ForeignTradeTotal: d.ForeignTotal(), DomesticTotal: d.DomesticTotal(), Sources: d.Sources,
		Version: d.Version, Hash: d.Hash(), BalanceCheck: d.BalanceChecks(), QualityFlags: d.QualityFlags(),
		TariffRecordLicence: tariffs.Licence, USRecordInBaseline: d.USRecordInBaseline}
	if s.Sources == nil {
		s.Sources = []string{}
	}
	if s.BalanceCheck == nil {
		s.BalanceCheck = []data.BalanceCheck{}
	}
	if s.QualityFlags == nil {
		s.QualityFlags = []data.QualityFlag{}
	}
	s.UnreconciledBalances = d.Unreconciled(unreconciledMinGDP / d.UnitMillions())
	if s.UnreconciledBalances == nil {
		s.UnreconciledBalances = []data.Unreconciled{}
	}
	s.CurrentAccountCheck = d.CurrentAccountChecks()
	if s.CurrentAccountCheck == nil {
		s.CurrentAccountCheck = []data.CACheck{}
	}
	if tf := d.TariffFallback; len(tf.Importers) > 0 {
		s.TariffFallback = &tariffFallbackSummary{Count: len(tf.Importers), Pct: tf.Pct, Method: tf.Method, Note: tf.Note, Importers: tf.Importers}
	}
	s.Description, s.Licence, s.InputOutput = d.Description, d.Licence, d.HasIO()
	s.TradeCoverage = strings.TrimSuffix(d.BalanceName(), " balance")
	s.ElasticitySets = append([]string{}, d.ElasticitySets...)
	for _, sec := range d.Sectors {
		ss := sectorSummary{Code: sec.Code, Name: sec.Name}
		if sec.Theta > 0 {
			th := sec.Theta
			ss.Theta = &th
		}
		s.SectorList = append(s.SectorList, ss)
	}
	s.Aggregates = []aggregateSummary{}
	for i, c := range d.Countries {
		if d.IsAggregate(i) {
			s.Aggregates = append(s.Aggregates, aggregateSummary{Code: c.Code, Name: c.Name, Members: d.Members[c.Code]})
		}
	}
	if f == report.JSON {
		return report.WriteJSON(w, s)
	}
	num := report.Num
	if f == report.CSV {
		num = func(x float64, _ int) string { return report.Full(x) }
	}
	sum := &report.Table{Name: "dataset", Title: "Dataset " + d.Name, Columns: []string{"item", "value"}}
	sum.Add("version", fmt.Sprint(d.Version))
	sum.Add("hash", s.Hash)
	sum.Add("year", fmt.Sprint(d.Year))
	sum.Add("unit", d.Unit)
	sum.Add("countries", fmt.Sprint(d.N()))
	if len(s.Aggregates) > 0 {
		sum.Add("economies", fmt.Sprintf("%d + %d aggregate", d.N()-len(s.Aggregates), len(s.Aggregates)))
	}
	sum.Add("sectors", fmt.Sprint(d.S()))
	sum.Add("foreign trade total", num(s.ForeignTradeTotal, 0))
	sum.Add("domestic sales total", num(s.DomesticTotal, 0))
	sum.Add("trade coverage", s.TradeCoverage)
	if d.USRecordInBaseline != "" {
		sum.Add("US duties in baseline", fmt.Sprintf("the US record on %s (Section 232, 301); us-record schedules add the change since then", d.USRecordInBaseline))
	}
	if tf := s.TariffFallback; tf != nil {
		sum.Add("tariff fallback", fmt.Sprintf("%d importers at %s%% (dataset.yaml tariff_fallback; * in solve's eff. tariff before)", tf.Count, strconv.FormatFloat(tf.Pct, 'f', -1, 64)))
	}
	if d.HasIO() {
		sum.Add("input-output shares", "yes (value_added.csv, io.csv)")
	}
	if len(d.ElasticitySets) > 0 {
		sum.Add("elasticity sets", strings.Join(d.ElasticitySets, " ")+" (model.elasticities; sectors.csv θ by default)")
	}
	if d.N() <= maxListedUnits {
		codes := make([]string, d.N())
		for i, c := range d.Countries {
			codes[i] = c.Code
		}
		sum.Notes = append(sum.Notes, "units: "+strings.Join(codes, " "))
	}
	for _, a := range s.Aggregates {
		sum.Add("aggregate "+a.Code, fmt.Sprintf("stands for %d economies (members.csv)", len(a.Members)))
		sum.Notes = append(sum.Notes, fmt.Sprintf("%s stands for: %s", a.Code, strings.Join(a.Members, " ")))
	}
	for _, src := range d.Sources {
		sum.Notes = append(sum.Notes, "source: "+src)
	}
	sum.Notes = append(sum.Notes, "US tariff record (tradebloc tariffs effective, schedule us-record): "+tariffs.Licence)
	if tf := s.TariffFallback; tf != nil {
		// Which economies' baseline tariffs are a stand-in: their rate
		// alone cannot tell them (Bahrain's own average is world-2023's
		// fallback 3.66% too).
		n := "tariff fallback: the importers without a tariff figure of their own"
		if tf.Method != "" {
			n += ", given the " + tf.Method
		}
		if tf.Note != "" {
			n += "; " + tf.Note
		}
		sum.Notes = append(sum.Notes, n, "tariff fallback importers: "+strings.Join(tf.Importers, " "))
	}
	tables := []*report.Table{sum, topEconomies(d, 10, num)}
	if d.S() > 1 {
		tables = append(tables, sectorTable(d, num))
	}
	if len(s.BalanceCheck) > 0 {
		tables = append(tables, balanceCheckTable(d, s.BalanceCheck, s.QualityFlags, s.UnreconciledBalances, num))
	}
	if len(s.CurrentAccountCheck) > 0 {
		tables = append(tables, caCheckTable(d, s.CurrentAccountCheck, num))
	}
	if len(s.QualityFlags) > 0 {
		tables = append(tables, flagTable(d, s.QualityFlags, num))
	}
	if f == report.CSV {
		if len(d.Sources) > 0 {
			src := &report.Table{Name: "sources", Columns: []string{"source"}}
			for _, x := range d.Sources {
				src.Add(x)
			}
			tables = append(tables, src)
		}
		if tf := s.TariffFallback; tf != nil {
			fb := &report.Table{Name: "tariff_fallback", Columns: []string{"importer"}}
			for _, c := range tf.Importers {
				fb.Add(c)
			}
			tables = append(tables, fb)
		}
		return report.WriteCSVTables(w, tables, "")
	}
	for k, t := range tables {
		if k > 0 {
			fmt.Fprintln(w)
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}

// balanceCheckTable sets each economy's goods balance beside its
// balance-of-payments figure, largest economies first.
func balanceCheckTable(d *data.Dataset, checks []data.BalanceCheck, flags []data.QualityFlag, unreconciled []data.Unreconciled, num func(float64, int) string) *report.Table {
	sorted := slices.Clone(checks)
	slices.SortStableFunc(sorted, func(a, b data.BalanceCheck) int { return cmp.Compare(b.GDP, a.GDP) })
	t := &report.Table{
		Name:    "balance_check",
		Title:   "Goods balance 2023 vs balance of payments (% of GDP)",
		Columns: []string{"code", "name", "gdp", "dataset %", "BoP %", "diff pp", "flag"},
		Numeric: []bool{false, false, true, true, true, true, false},
	}
	worst := 0.0
	for _, c := range sorted {
		i, _ := d.Index(c.Code)
		flag := ""
		if _, ok := data.QualityFlagOf(flags, c.Code); ok {
			flag = "yes"
		}
		worst = max(worst, math.Abs(c.DiffPP))
		t.Add(c.Code, d.Countries[i].Name, num(c.GDP, 0), num(c.BalancePctGDP, 2), num(c.BoPPctGDP, 2), num(noNegZero(c.DiffPP, 2), 2), flag)
	}
	t.Notes = []string{
		fmt.Sprintf("%d economies with a reference figure; largest gap %.2f pp. Both shares use the dataset's gdp column. The build scales each of these economies' trade (RAS) to its balance-of-payments figure, so a gap of 0 shows the scaling held, not an independent agreement; the trade source's own balances are those of the economies not reconciled.", len(sorted), worst),
		"BoP: IMF balance-of-payments goods balance via World Bank WDI BN.GSR.MRCH.CD; Taiwan: customs basis (MOF, imports CIF).",
	}
	if len(unreconciled) > 0 {
		var names []string
		for _, u := range unreconciled {
			ca := ""
			if u.CAPctGDP2023 != nil {
				ca = fmt.Sprintf(" (current account %s%%)", num(*u.CAPctGDP2023, 1))
			}
			names = append(names, fmt.Sprintf("%s %s%%%s", u.Code, num(u.BalancePctGDP, 1), ca))
		}
		t.Notes = append(t.Notes, fmt.Sprintf("Not reconciled with the balance of payments (no reference figure, or one more than 0.05 pp of GDP away: the trade source's balances, not official ones), among economies with a GDP of $%d bn or more: %s. Read their balances with care where they sit far from the current account, as the UAE's does.",
			unreconciledMinGDP/1000, strings.Join(names, ", ")))
	}
	return t
}

// caCheckTable sets each economy's goods-and-services balance beside its
// current account of the dataset's year, largest economies first.
func caCheckTable(d *data.Dataset, checks []data.CACheck, num func(float64, int) string) *report.Table {
	sorted := slices.Clone(checks)
	slices.SortStableFunc(sorted, func(a, b data.CACheck) int { return cmp.Compare(b.GDP, a.GDP) })
	t := &report.Table{
		Name:    "current_account_check",
		Title:   fmt.Sprintf("Goods and services balance %d vs current account %d (%% of GDP)", d.Year, d.Year),
		Columns: []string{"code", "name", "gdp", "dataset %", "current account %", "income and transfers pp"},
		Numeric: []bool{false, false, true, true, true, true},
	}
	for _, c := range sorted {
		i, _ := d.Index(c.Code)
		t.Add(c.Code, d.Countries[i].Name, num(c.GDP, 0), num(c.BalancePctGDP, 2), num(c.CAPctGDP, 1), num(c.IncomePP, 1))
	}
	t.Notes = []string{
		fmt.Sprintf("%d economies. income and transfers = current account − goods and services balance: net primary income (investment income, wages) and secondary income (remittances, aid), plus statistical differences. The model trades goods and services only, so an economy can run a current-account surplus and a trade deficit here (Japan's surplus is investment income); the benchmark judges persistence on the current account but tests the modelled balance.", len(sorted)),
		"Current account: IMF World Economic Outlook (BCA_NGDPD, % of GDP); the dataset's shares use its own gdp column (value added).",
	}
	return t
}

// noNegZero returns 0 for an x that rounds to zero at decimals, so a table
// shows 0.00, not -0.00.
func noNegZero(x float64, decimals int) float64 {
	if math.Abs(x) < 0.5*math.Pow(10, -float64(decimals)) {
		return 0
	}
	return x
}

// flagTable lists the economies that fail the data-quality rule.
func flagTable(d *data.Dataset, flags []data.QualityFlag, num func(float64, int) string) *report.Table {
	t := &report.Table{
		Name:    "quality_flags",
		Title:   fmt.Sprintf("Data-quality flags (|%s| > %d%% of GDP)", d.BalanceName(), data.MaxBalancePctGDP),
		Columns: []string{"code", "name", "balance % GDP", "reason"},
		Numeric: []bool{false, false, true, false},
	}
	for _, f := range flags {
		i, _ := d.Index(f.Code)
		t.Add(f.Code, d.Countries[i].Name, num(f.BalancePctGDP, 0), f.Reason)
	}
	return t
}

// maxListedUnits is the largest dataset whose unit codes `data show` lists.
const maxListedUnits = 100

// sectorTable lists the sectors with their θ and trade.
func sectorTable(d *data.Dataset, num func(float64, int) string) *report.Table {
	t := &report.Table{
		Name:    "sectors",
		Title:   fmt.Sprintf("Sectors (%s)", d.Unit),
		Columns: []string{"code", "name", "θ", "foreign trade", "domestic"},
		Numeric: []bool{false, false, true, true, true},
	}
	for s, sec := range d.Sectors {
		var foreign, dom float64
		for i := range d.Countries {
			for j := range d.Countries {
				if i == j {
					dom += d.Trade[d.At(i, j, s)]
				} else {
					foreign += d.Trade[d.At(i, j, s)]
				}
			}
		}
		theta := ""
		if sec.Theta > 0 {
			theta = num(sec.Theta, 2)
		}
		t.Add(sec.Code, sec.Name, theta, num(foreign, 0), num(dom, 0))
	}
	return t
}

// topEconomies tabulates the n largest economies by GDP (by total sales
// when the dataset has no GDP); aggregate units (ROW) are not economies
// and are left out.
func topEconomies(d *data.Dataset, n int, num func(float64, int) string) *report.Table {
	idx := make([]int, 0, d.N())
	size := make([]float64, d.N())
	for i, c := range d.Countries {
		if !d.IsAggregate(i) {
			idx = append(idx, i)
		}
		size[i] = c.GDP
		if size[i] == 0 {
			size[i] = d.Domestic(i) + d.Exports(i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return size[idx[a]] > size[idx[b]] })
	t := &report.Table{
		Name:    "largest",
		Title:   fmt.Sprintf("Largest %d economies (%s)", min(n, len(idx)), d.Unit),
		Columns: []string{"code", "name", "gdp", "exports", "imports", "domestic share %"},
		Numeric: []bool{false, false, true, true, true, true},
	}
	for _, i := range idx[:min(n, len(idx))] {
		c := d.Countries[i]
		dom, imp := d.Domestic(i), d.Imports(i)
		t.Add(c.Code, c.Name, num(c.GDP, 0), num(d.Exports(i), 0), num(imp, 0), num(100*dom/(dom+imp), 1))
	}
	t.Notes = []string{"domestic share = domestic sales / (domestic sales + imports)"}
	if d.Coverage != data.CoverageServices {
		// Imports here are goods only, domestic sales are not: the share
		// is the model's home share, far above a goods-only one.
		t.Notes[0] += "; domestic sales are gross output sold at home, services included, while imports are goods only, so the share is the model's home share, well above a goods-only one"
	}
	if d.HasIO() && d.S() > 1 {
		// A reader sets gdp beside the IMF's figure; on an input-output
		// world it is the model's value added, which can differ by a tenth.
		t.Notes = append(t.Notes, "gdp = value added, the sum over sectors of the value-added share times gross output: the model's GDP, not the official figure, from which it can differ (the dataset's README compares the two); every % of GDP of this dataset uses it")
	}
	return t
}

func newDataValidateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate DIR",
		Short: "Check a dataset directory",
		Long: `Load and check a dataset directory, then calibrate the model's baseline
on it (what solve and every analysis do first), so that a dataset that passes
is one the commands accept. On success print a warning line for each
suspicious value (a single flow beyond 60% of its exporter's GDP, with its
trade.csv line) and a one-line summary; on the first error print it with
file, line and field and exit with code 2.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			d, warnings, err := data.LoadWarn(args[0])
			if err != nil {
				return err
			}
			// Warnings first: a flow typo they point at is often what
			// makes the calibration fail.
			for _, w := range warnings {
				fmt.Fprintf(c.OutOrStdout(), "warning: %s\n", w)
			}
			if _, err := model.Calibrate(d); err != nil {
				return &errs.Error{Op: "validate", Kind: errs.KindOf(err), File: args[0], Err: fmt.Errorf("the model cannot calibrate its baseline on this dataset: %w", err)}
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
		Use:   "export DIR [--data NAME|DIR]",
		Short: "Write a dataset as a directory",
		Long: `Write a dataset (by default the embedded world-2023; --data icio-2022 for
the other embedded world) as a dataset directory that can be edited and
loaded with --data. DIR must not exist or be empty; it appears complete or
not at all.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			// Checked before the dataset is loaded, and again by Export.
			if err := checkExportDir(args[0], df.path); err != nil {
				return err
			}
			d, err := df.load()
			if err != nil {
				return err
			}
			if err := data.Export(d, args[0]); err != nil {
				return withField(err, "DIR")
			}
			fmt.Fprintf(c.OutOrStdout(), "wrote %s: %d countries, %d sectors\n", args[0], d.N(), d.S())
			return nil
		},
	}
	df.add(c)
	return c
}

func newDataBuildCommand() *cobra.Command {
	var from, out, world string
	c := &cobra.Command{
		Use:   "build --from DIR --out DIR [--world world-2023|icio-2022]",
		Short: "Generate an embedded dataset from the public tables in ../shared",
		Long: `Generate an embedded dataset and print each step's figures.

world-2023 (the default): from the compiled tables in --from
(../shared/data/compiled) and the OECD ICIO 2022 files in
../external/tariffwar_multisector beside it (icio_trade_2022.csv and
icio_countries.csv, nothing else): the missing block filled, Taiwan added,
the RAS rescaling to the 2023 balance-of-payments goods balances, the
domestic-sales method, the data-quality flags.

icio-2022: from the OECD ICIO 2022 cube in ../external/tariffwar_multisector
(flows, Teti tariffs, sectors, the 8 elasticity sets) and the compiled 2018
value-added and input shares, macro and current-account tables: the tariff
repairs, the input shares scaled down where they exceed 2022 absorption, ROW's
members.

See each dataset's README. An existing --out directory is replaced whole,
all or nothing (its README.md and other files that are not dataset files
are kept); it may not be --from or the ICIO directory the build reads, and
is checked before the build starts; go generate ./internal/data runs this for internal/data/world2023
and internal/data/icio2022. A missing or malformed input table is bad input
(exit code 2, naming the file, line and column).`,
		Args:        usageArgs(cobra.NoArgs),
		Annotations: map[string]string{dirOutput: ""},
		RunE: func(c *cobra.Command, _ []string) error {
			if from == "" || out == "" {
				return &errs.Error{Kind: errs.Invalid, Err: fmt.Errorf("--from and --out are required (see '%s --help')", c.CommandPath())}
			}
			// A bad --out is refused before the seconds a build takes.
			if err := checkBuildOut(out, from); err != nil {
				return err
			}
			switch world {
			case data.DefaultName:
				d, rep, err := build.BuildReport(from)
				if err != nil {
					return err
				}
				if err := build.WriteDir(d, out); err != nil {
					return withField(err, "--out")
				}
				return writeBuildReport(c.OutOrStdout(), out, d, rep)
			case data.ICIOName:
				d, rep, err := build.BuildICIOReport(from)
				if err != nil {
					return err
				}
				if err := build.WriteDir(d, out); err != nil {
					return withField(err, "--out")
				}
				return writeICIOBuildReport(c.OutOrStdout(), out, d, rep)
			}
			return &errs.Error{Kind: errs.Invalid, Field: "--world", Err: fmt.Errorf("unknown world %q (want %s)", world, data.EmbeddedNameList())}
		},
	}
	c.Flags().StringVar(&from, "from", "", "directory of the compiled tables (required)")
	c.Flags().StringVar(&out, "out", "", "dataset directory to write (required)")
	c.Flags().StringVar(&world, "world", data.DefaultName, "which embedded dataset to build: "+data.EmbeddedNameList())
	return c
}

// writeICIOBuildReport prints the figures of each step of icio-2022.
func writeICIOBuildReport(w io.Writer, out string, d *data.Dataset, rep *build.ICIOReport) error {
	fmt.Fprintf(w, "wrote %s: %d units × %d sectors, foreign trade %s (services %s), domestic %s (%s), value added %s, version %d, hash %s\n",
		out, rep.Units, rep.Sectors, report.Num(rep.ForeignTotal, 0), report.Num(rep.ServicesForeign, 0), report.Num(rep.DomesticTotal, 0), d.Unit,
		report.Num(rep.GDP, 0), d.Version, d.Hash())
	fmt.Fprintf(w, "tariffs: %d services rates set to 0\n", rep.ServicesTariffs)
	writeUSDuties(w, rep.USDuties)
	fmt.Fprintf(w, "US food (C10T12): %d partners capped at the MFN rate; trade-weighted %.2f%% → %.2f%% (fallback %.3f%%)\n",
		rep.USFood.Capped, rep.USFood.BeforePct, rep.USFood.AfterPct, rep.USFood.FallbackPct)
	fmt.Fprintf(w, "ROW: exports face %.2f%% (trade-weighted, importers' mean regimes); imports pay %.2f%% (%d of %d members, %.0f%% of their GDP)\n",
		rep.RestExporterRate, rep.RestImport.RatePct, len(rep.RestImport.Members), rep.RestImport.MembersAll, 100*rep.RestImport.GDPShare)
	sh := rep.Shares
	fmt.Fprintf(w, "IO shares 2018: max |β+Σγ−1| %.2g before normalising; %d units carry the source's RoW values: %v\n", sh.MaxSumGap, len(rep.RestValues), rep.RestValues)
	fmt.Fprintf(w, "final demand: %d (unit, sector) cells in %d units repaired; excess intermediate use %s, value added added %s\n",
		sh.Cells, sh.Units, report.Num(sh.Excess, 0), report.Num(sh.VAAdded, 0))
	for _, c := range sh.Largest {
		fmt.Fprintf(w, "  %s %s: intermediate use %s > absorption %s, input shares × %.4f, value added +%s\n",
			c.Unit, c.Sector, report.Num(c.Intermediate, 0), report.Num(c.Absorption, 0), c.Factor, report.Num(c.ValueAddedAdd, 0))
	}
	for _, c := range rep.RestGDP {
		fmt.Fprintf(w, "  %s: value added / GDP 2022 %.3f → %.3f (%d rounds, %d sectors' final demand repaired)\n", c.Unit, c.Before, c.After, c.Iterations, c.RepairCells)
	}
	fmt.Fprintf(w, "elasticity sets %v, default %s; ROW stands for %d economies\n", rep.Elasticities, rep.Default, len(rep.Members))
	for _, f := range rep.Flags {
		fmt.Fprintf(w, "flagged %s: %s\n", f.Code, f.Reason)
	}
	return nil
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
	for _, c := range rep.StaleWDI {
		fmt.Fprintf(w, "GDP of %s: WDI column stale, %s used instead\n", c, rep.GDPSource[c])
	}
	for _, r := range rep.Recoded {
		fmt.Fprintf(w, "recoded %s→%s to %s→%s: %s moved (there before: %s)\n", r.From[0], r.From[1], r.To[0], r.To[1], report.Num(r.Value, 1), report.Num(r.Before, 1))
	}
	fmt.Fprintf(w, "ICIO→BACI bridge: overall %.4f over %d exporters and %d importers\n", rep.Bridge.Overall, len(rep.Bridge.KX), len(rep.Bridge.KM))
	fmt.Fprintf(w, "missing block: %d pairs filled, %s in total\n", rep.BlockPairs, report.Num(rep.BlockFilled, 0))
	fmt.Fprintf(w, "holes: %s\n", build.HoleRule())
	for _, h := range rep.Holes {
		fmt.Fprintf(w, "  hole %s→%s: BACI %s → %s\n", h.Exporter, h.Importer, report.Num(h.BACI, 0), report.Num(h.Filled, 0))
	}
	fmt.Fprintf(w, "holes: %d pairs filled, %s added\n", len(rep.Holes), report.Num(rep.HolesAdded, 0))
	for _, c := range rep.Added {
		fmt.Fprintf(w, "added %s: exports %s, imports %s before RAS\n", c, report.Num(rep.Repaired[c].Exports, 0), report.Num(rep.Repaired[c].Imports, 0))
	}
	fmt.Fprintf(w, "RAS to %d goods targets: %d sweeps, largest relative gap %.2g (no figure: %v)\n", len(rep.Constrained), rep.RASSweeps, rep.RASGap, rep.NoTarget)
	fmt.Fprintf(w, "domestic sales: ICIO 2022 for %d economies, median ratio to GDP %.4f for the other %d (log-log slope on imports/GDP %.3f, R² %.3f)\n",
		len(rep.DomesticFromICIO), rep.DomesticMedian, d.N()-len(rep.DomesticFromICIO), rep.DomesticFit.Slope, rep.DomesticFit.R2)
	for _, f := range rep.Flags {
		fmt.Fprintf(w, "flagged %s: %s\n", f.Code, f.Reason)
	}
	m := rep.USMFN
	fmt.Fprintf(w, "US tariffs by partner: %d FTA partners at 0, %d with their own MFN rate (all-partner %.2f%% for the rest); trade-weighted %.2f%% (the WDI average on every partner: %.2f%%)\n",
		m.FTAZero, m.TableRows, m.FallbackPct, m.MeanPct, m.WDIPct)
	writeUSDuties(w, rep.USDuties)
	fmt.Fprintf(w, "tariffs on US goods: 0 for the US's %d FTA partners outside USMCA %v (their agreements; residual phase-outs ignored)\n", len(rep.USFTAOnUS), rep.USFTAOnUS)
	_, err := fmt.Fprintf(w, "tariff fallback (median %.2f%%): %v\n", rep.TariffMedianPct, rep.TariffFallback)
	return err
}

// writeUSDuties prints what the US record's pre-2025 duties did to the
// US's baseline tariffs.
func writeUSDuties(w io.Writer, u build.USDuties) {
	fmt.Fprintf(w, "US duties of %s (Section 232, 301) added for %d partners: US tariff on goods %.2f%% → %.2f%% (China %.2f%% → %.2f%%), duties %s → %s\n",
		u.Date, u.Partners, u.MeanBeforePct, u.MeanAfterPct, u.ChinaBeforePct, u.ChinaAfterPct, report.Num(u.RevenueBefore, 0), report.Num(u.RevenueAfter, 0))
	if len(u.NoRecord) > 0 {
		fmt.Fprintf(w, "  no US record for sectors %v: no duty added\n", u.NoRecord)
	}
}

// checkExportDir checks the directory `data export` writes, before the
// dataset is loaded: not "-", not the --data directory it exports, and
// absent or an empty directory (data.Export's rule, which Export checks
// again when it writes). Errors name DIR.
func checkExportDir(dir, dataPath string) error {
	if err := checkDirArg("DIR", dir); err != nil {
		return err
	}
	if dataPath != "" && !data.IsEmbeddedName(dataPath) && sameDir(dir, dataPath) {
		return &errs.Error{Op: "export dataset", Kind: errs.Invalid, File: dir, Field: "DIR",
			Err: errors.New("is the dataset it exports (--data): export it to a new directory")}
	}
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // created with its parents
	case err != nil:
		return withField(data.OutputPathError("export dataset", dir, err), "DIR")
	case !st.IsDir():
		return &errs.Error{Op: "export dataset", Kind: errs.Invalid, File: dir, Field: "DIR", Err: errors.New("exists and is not a directory")}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return withField(data.OutputPathError("export dataset", dir, err), "DIR")
	}
	if len(entries) > 0 {
		return &errs.Error{Op: "export dataset", Kind: errs.Invalid, File: dir, Field: "DIR", Err: errors.New("directory exists and is not empty")}
	}
	return nil
}

// checkBuildOut checks the --out directory of `data build` before the
// seconds a build takes: a directory build.WriteDir can write, and not
// one the build reads (--from, or the OECD ICIO tables beside it), which
// it would replace. Errors name --out.
func checkBuildOut(out, from string) error {
	if err := checkDirArg("--out", out); err != nil {
		return err
	}
	for _, in := range []struct{ dir, what string }{
		{from, "is --from, the directory of the tables the build reads"},
		{build.ICIODir(from), "is the directory of the OECD ICIO tables the build reads"},
	} {
		if sameDir(out, in.dir) {
			return &errs.Error{Op: "build", Kind: errs.Invalid, File: out, Field: "--out",
				Err: fmt.Errorf("%s: write the dataset elsewhere", in.what)}
		}
	}
	return withField(build.CheckOut(out), "--out")
}

// sameDir reports whether a and b are one existing directory (through
// links, and bind mounts).
func sameDir(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && sa.IsDir() && os.SameFile(sa, sb)
}

// checkDirArg refuses "-" as a dataset directory: elsewhere it means
// standard output, which a directory of files cannot go to, and taken as a
// name it would create a directory called "-".
func checkDirArg(name, dir string) error {
	if dir == "-" {
		return &errs.Error{Kind: errs.Invalid, Field: name, Err: errors.New(`"-" (standard output) cannot take a dataset: name a directory`)}
	}
	return nil
}
