// Package build generates the embedded world-2023 dataset from the compiled
// public tables in ../shared/data/compiled (see that directory's README for
// sources) and, for the repairs of issue 10, two files of the OECD ICIO 2022
// cube in ../shared/data/external/tariffwar_multisector (ICIODir). It reads
// nothing else. It is the only code that knows those tables' layout; the
// rest of tradebloc reads the result through package data. Run it with
// `go generate ./internal/data` or `tradebloc data build`.
//
// The steps, each recorded in Report and in world2023/README.md:
//  1. BACI 2023 bilateral goods trade, 194 economies (FOB, mirror-reconciled),
//     with mis-coded partners moved to the right one (miscoded);
//  2. fill the block of 19 economies with no trade among themselves in the
//     BACI extract from ICIO 2022 goods flows, bridged to BACI (Bridge),
//     and the pairs outside it where BACI holds a fraction of ICIO
//     (fillHoles);
//  3. add Taiwan from ICIO 2022, bridged the same way;
//  4. rescale (RAS) the flows of every economy with a 2023 balance-of-payments
//     goods balance (Taiwan: customs totals) so that its goods balance is that
//     figure and its gross trade X+M is that of the repaired matrix;
//  5. domestic sales from ICIO 2022 (gross output sold at home, services
//     included) scaled to 2023 GDP; the median ratio to GDP elsewhere; no floor;
//  6. baseline tariffs, groups, macro and current-account tables as before,
//     the US's FTA partners charging 0 on US goods (setTariffs);
//     the US's tariffs by partner (FTA 0, MFN otherwise: setUSMFN) with the
//     US record's pre-2025 duties (Section 232, 301) added (addUSDuties);
//  7. value-added shares β = GDP / gross output (value_added.csv), which make
//     the flows those of the one-sector input–output model of Ignatenko et
//     al. (2025): GDP is value added and the rest of gross output buys the
//     composite good as an input.
package build

import (
	"fmt"
	"math"
	"slices"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
)

// The input files, relative to the compiled directory.
const (
	baciFile   = "baci2023_bilateral_194.csv"
	macroFile  = "country_macro_2023_2024.csv"
	top60File  = "trade_matrix_top60_row_2023_countries.csv"
	weoFile    = "gdp_usd_series_weo_apr2026.csv"
	caFile     = "current_account_series.csv"
	censusFile = "us_goods_trade_by_partner_2024.csv" // country names only
)

// AnchorEconomy is the economy whose row and column RAS leaves alone once
// each is scaled to its step-4 target (gross trade kept, BoP balance): the leader of the tariff game, whose
// bilateral balances the reciprocal formula and the coalition game read.
// Its partner shares stay BACI's, which rest on US customs records.
const AnchorEconomy = "USA"

// Version is world-2023's revision, written to dataset.yaml: 1 was the
// BACI-only build, 2 the repaired one of issue 10, 3 the one whose RAS
// leaves the US's partner flows at BACI's shares (AnchorEconomy), 4 the
// one whose US tariffs are its own by partner (setUSMFN) and carry the
// pre-2025 Section 232 and 301 duties (addUSDuties), 5 the one with the
// data review's corrections: Venezuela's GDP (staleWDI), Kazakhstan's
// Georgia flows (miscoded), the holes outside the block (fillHoles) and
// the US's FTA partners' zero tariff on US goods (setTariffs).
const Version = 5

// addedEconomies are ICIO economies that BACI lacks and the dataset adds.
// Taiwan is BACI's "Other Asia, nes", which the replication extract drops
// for want of a WDI GDP. São Tomé and Príncipe, the only other ICIO economy
// outside the extract, is left out: its GDP is USD 0.6 bn.
var addedEconomies = []string{"TWN"}

// Totals are an economy's foreign goods trade, USD million.
type Totals struct{ Exports, Imports float64 }

// Balance is exports − imports.
func (t Totals) Balance() float64 { return t.Exports - t.Imports }

// Report says how the dataset was assembled, for the build command's output
// and the dataset README.
type Report struct {
	GDPSources      map[string]int     // GDP source (GDPWDI, GDPWEO2023, "WEO-<year>", GDPImputed) → number of economies
	GDPSource       map[string]string  // code → its GDP source
	ImputeRatios    map[string]float64 // size class used for imputation → median imports/GDP ratio
	TariffFallback  []string           // importers without a tariff average, given the median
	TariffMedianPct float64            // that median, percent
	USMFN           USMFN              // step 6: the US's partner-specific MFN rates
	USDuties        USDuties           // step 6: the US record's pre-2025 duties added to the US's tariffs
	// USFTAOnUS are the US's FTA partners outside USMCA whose tariff on US
	// goods setTariffs sets to 0 (usFTAPartners), USFTAOnUSBefore the
	// rate each would charge without its agreement, percent.
	USFTAOnUS       []string
	USFTAOnUSBefore map[string]float64

	// Recoded are the BACI flows moved to the partner they belong to
	// (step 1, miscoded), StaleWDI the economies whose WDI-column GDP is
	// not 2023's (staleWDI), which take WEO 2023 instead.
	Recoded  []Recode
	StaleWDI []string

	BACI     map[string]Totals // step 1: BACI 2023 as compiled, recoded (zero for added economies)
	Repaired map[string]Totals // steps 2–3: after the block fill and the added economies, before RAS

	Bridge      Bridge  // step 2: ICIO → BACI factors
	BlockPairs  int     // step 2: ordered pairs filled
	BlockFilled float64 // step 2: their total, USD million
	// Holes are the pairs outside the block that step 2 also takes from
	// ICIO (fillHoles), HolesAdded what that adds to BACI, USD million.
	Holes      []Hole
	HolesAdded float64
	Added      []string

	Constrained []string // step 4: economies with a goods target (sorted)
	NoTarget    []string // step 4: rows of the BoP table without a figure
	Targets     map[string]Totals
	RASSweeps   int
	RASGap      float64 // largest relative gap to a target at the end
	// AnchorExportScale and AnchorImportScale are the factors that take
	// AnchorEconomy's row and column to its targets before RAS (step 4).
	AnchorExportScale, AnchorImportScale float64

	DomesticFromICIO []string // step 5: economies with ICIO domestic sales (the rest use the median)
	DomesticMedian   float64  // step 5: median ICIO domestic sales / GDP
	DomesticFit      DomesticFit

	Flags []data.QualityFlag // economies beyond ±data.MaxBalancePctGDP % of GDP

	ValueAdded []float64 // step 7: β per economy, in country order
}

// Build reads the compiled tables in compiledDir (and the ICIO files in
// ICIODir(compiledDir)) and returns world-2023.
func Build(compiledDir string) (*data.Dataset, error) {
	d, _, err := BuildReport(compiledDir)
	return d, err
}

// BuildReport is Build that also says which sources, fallbacks and repairs
// it used.
func BuildReport(compiledDir string) (*data.Dataset, *Report, error) {
	rep := &Report{GDPSources: map[string]int{}, GDPSource: map[string]string{}}
	baciCodes, flows, err := readBACI(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	if flows, rep.Recoded, err = recodeFlows(flows); err != nil {
		return nil, nil, err
	}
	ic, err := readICIO(ICIODir(compiledDir))
	if err != nil {
		return nil, nil, err
	}
	// GDP of the BACI economies first, so that the added ones (which have no
	// BACI imports) do not shift the size classes of the GDP imputation.
	gdp, err := readGDP(compiledDir, baciCodes, flows, rep)
	if err != nil {
		return nil, nil, err
	}
	weo, err := weoSeries(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	codes := slices.Clone(baciCodes)
	for _, c := range addedEconomies {
		g, ok := weo[c][2023]
		if !ok || !ic.economy[c] || slices.Contains(baciCodes, c) {
			return nil, nil, fmt.Errorf("build: cannot add %s: needs WEO 2023 GDP, ICIO data and no BACI data", c)
		}
		gdp[c] = g
		rep.GDPSource[c] = GDPWEO2023
		rep.GDPSources[GDPWEO2023]++
		codes = append(codes, c)
	}
	slices.Sort(codes)
	names, err := readNames(compiledDir, codes)
	if err != nil {
		return nil, nil, err
	}
	m, err := repairTrade(compiledDir, codes, flows, ic, rep)
	if err != nil {
		return nil, nil, err
	}
	d := &data.Dataset{
		Name:        data.DefaultName,
		Version:     Version,
		Year:        2023,
		Unit:        "USD million",
		Description: description,
		Sources:     sources,
		Licence:     licence,
		Sectors:     []data.Sector{data.DefaultSector},
	}
	for _, c := range codes {
		d.Countries = append(d.Countries, data.Country{Code: c, Name: names[c], GDP: gdp[c], Groups: groupsOf(c)})
	}
	n := len(codes)
	d.Trade = make([]float64, n*n)
	for i := range n {
		for j := range n {
			if i != j {
				d.Trade[d.At(i, j, 0)] = roundUSD(m.v[i*n+j])
			}
		}
	}
	dom, fromICIO, med := domesticSales(codes, gdp, ic, weo)
	rep.DomesticFromICIO, rep.DomesticMedian = fromICIO, med
	for i, c := range codes {
		d.Trade[d.At(i, i, 0)] = roundUSD(dom[c])
	}
	_, imports := m.totalsBy()
	rep.DomesticFit = fitDomestic(fromICIO, dom, imports, gdp)
	d.Groups = groupMap(d)
	macro, err := readMacro(compiledDir)
	if err != nil {
		return nil, nil, err
	}
	for c, t := range rep.Targets {
		mc, ok := macro[c]
		if !ok {
			mc = data.Macro{Name: names[c], CAPctGDP2023: math.NaN(), CAPctGDP2024: math.NaN(), GDPUSDbn2024: math.NaN(),
				TariffAppliedWtd: math.NaN(), TariffSimpleMean: math.NaN(), TariffMFNWeighted: math.NaN()}
		}
		mc.GoodsBalanceBoP2023 = t.Balance() / 1000
		macro[c] = mc
	}
	d.Macro = macro
	if err := setTariffs(d, rep); err != nil {
		return nil, nil, err
	}
	if err := setUSMFN(compiledDir, d, &rep.USMFN); err != nil {
		return nil, nil, err
	}
	if rep.USDuties, err = addUSDuties(d); err != nil {
		return nil, nil, err
	}
	if d.CurrentAccount, err = readCurrentAccount(compiledDir); err != nil {
		return nil, nil, err
	}
	rep.Flags = d.QualityFlags()
	if err := setValueAdded(d, rep); err != nil {
		return nil, nil, err
	}
	return d, rep, nil
}

// setValueAdded sets β_i = GDP_i / Y_i, Y_i the economy's gross output
// (domestic sales plus goods exports), and γ_i = 1 − β_i (step 7). With it
// the model's GDP is the dataset's GDP and its income the value added, not
// gross sales.
func setValueAdded(d *data.Dataset, rep *Report) error {
	n := d.N()
	d.VA, d.IO = make([]float64, n), make([]float64, n)
	for i, c := range d.Countries {
		y := d.Domestic(i) + d.Exports(i)
		beta := c.GDP / y
		if !(beta > 0 && beta < 1) {
			return fmt.Errorf("build: value-added share of %s is GDP %.6g / gross output %.6g = %.4g, outside (0, 1)", c.Code, c.GDP, y, beta)
		}
		d.VA[i], d.IO[i] = beta, 1-beta
		rep.ValueAdded = append(rep.ValueAdded, beta)
	}
	return nil
}

// repairTrade runs steps 1–4: the BACI matrix over codes, the block fill,
// the added economies and the RAS rescaling to the goods targets.
func repairTrade(dir string, codes []string, flows []flow, ic *icio, rep *Report) (*matrix, error) {
	baci := newMatrix(codes)
	for _, f := range flows {
		baci.set(f.exporter, f.importer, f.value)
	}
	rep.BACI = totalsMap(baci)
	block := map[string]bool{}
	for _, c := range missingBlock {
		block[c] = true
	}
	br, err := bridgeFactors(baci, ic, block)
	if err != nil {
		return nil, err
	}
	rep.Bridge = br
	m := baci.clone()
	if rep.BlockFilled, err = fillBlock(m, baci, ic, missingBlock, br); err != nil {
		return nil, err
	}
	rep.BlockPairs = len(missingBlock) * (len(missingBlock) - 1)
	rep.Holes = fillHoles(m, baci, ic, block, br)
	for _, h := range rep.Holes {
		rep.HolesAdded += h.Filled - h.BACI
	}
	for _, c := range addedEconomies {
		addEconomy(m, baci, ic, c, br)
		rep.Added = append(rep.Added, c)
	}
	rep.Repaired = totalsMap(m)

	targets, without, err := readGoodsTargets(dir)
	if err != nil {
		return nil, err
	}
	rep.NoTarget = without
	rep.Targets = map[string]Totals{}
	n := m.n()
	tx, tm := make([]float64, n), make([]float64, n)
	for i := range n {
		tx[i], tm[i] = math.NaN(), math.NaN()
	}
	for _, t := range targets {
		i, ok := m.index[t.code]
		if !ok {
			return nil, &errs.Error{Op: "build", Kind: errs.Invalid, File: t.file, Line: t.line, Field: "iso3",
				Err: fmt.Errorf("%s has a goods balance but is not an economy of the dataset", data.Quote(t.code))}
		}
		tot := Totals{Exports: t.exports, Imports: t.imports}
		if math.IsNaN(tot.Exports) {
			// Keep the repaired gross trade X+M, set X−M to the BoP balance.
			gross := rep.Repaired[t.code].Exports + rep.Repaired[t.code].Imports
			tot = Totals{Exports: (gross + t.balance) / 2, Imports: (gross - t.balance) / 2}
		}
		tx[i], tm[i] = tot.Exports, tot.Imports
		rep.Targets[t.code] = tot
		rep.Constrained = append(rep.Constrained, t.code)
	}
	slices.Sort(rep.Constrained)
	// The US's partner flows are anchored before RAS (AnchorEconomy): without
	// it, every other economy's gap to its BoP balance is spread over its US
	// flows too, and Singapore's merchanting turned a US surplus with it
	// into a deficit.
	fixed := make([]bool, n*n)
	if u, ok := m.index[AnchorEconomy]; ok {
		rep.AnchorExportScale, rep.AnchorImportScale = anchor(m, fixed, u, tx[u], tm[u])
	}
	if rep.RASSweeps, rep.RASGap, err = ras(m, fixed, tx, tm, RASTolerance, RASMaxSweeps); err != nil {
		return nil, err
	}
	return m, nil
}

func totalsMap(m *matrix) map[string]Totals {
	x, im := m.totals()
	out := make(map[string]Totals, m.n())
	for i, c := range m.codes {
		out[c] = Totals{x[i], im[i]}
	}
	return out
}

// roundUSD rounds a value in USD million to the dollar, BACI's precision.
func roundUSD(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// groupsOf lists the groups of a code, in the order of groups.
func groupsOf(code string) []string {
	var out []string
	for _, g := range groups {
		if slices.Contains(g.members, code) {
			out = append(out, g.name)
		}
	}
	return out
}

func groupMap(d *data.Dataset) map[string][]string {
	m := map[string][]string{}
	for _, c := range d.Countries {
		for _, g := range c.Groups {
			m[g] = append(m[g], c.Code)
		}
	}
	return m
}
