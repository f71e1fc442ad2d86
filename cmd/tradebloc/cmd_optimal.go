package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

func init() { register(newOptimalCommand) }

type optimalOptions struct {
	output    outputFlags
	data      dataFlag
	uniform   bool
	byPartner bool
	top       int
	maxRate   float64
	quiet     bool
	// services taxes the services sector too (--include-services).
	services bool
	// additional keeps the scenario's tariffs and searches for the
	// uniform rate added on top of them (--additional).
	additional bool
}

func newOptimalCommand() *cobra.Command {
	var opts optimalOptions
	c := &cobra.Command{
		Use:   "optimal-tariff COUNTRY [SCENARIO]",
		Short: "Find a country's welfare-maximising import tariff given everyone else's",
		Long: `Find the import tariff that maximises COUNTRY's welfare in the model, holding
every other country's tariffs (and every other shock) as in SCENARIO (default:
the dataset's baseline). --uniform (the default) gives one rate on every
partner; --by-partner one rate per partner, or with --top N one rate for each
of the N largest suppliers and one for the rest. The search solves the
equilibrium at each trial rate, warm-started from the last (see
docs/optimal-tariffs.md). Every model option of the scenario applies.

On a world with a services sector (icio-2022's SERV) the rate is a tariff
on goods, as the US schedules are: services keep the scenario's tariffs.
--include-services taxes every sector, as Lashkaripour (2021) does.

Under the scenario's closure for trade imbalances (the dataset's baseline:
deficits fixed) a deficit country's optimum also counts the transfer its
tariff extracts; a uniform optimum is reported beside the optimum on the
same world with imbalances purged (model.deficits: purge), as the
literature computes it.

The rate is the whole tariff: it replaces the country's tariffs of SCENARIO
in the sectors taxed, and with them the differences between partners they
carry (on icio-2022 the US's pre-2025 Section 232 and 301 duties on China),
which a note names. --additional keeps those tariffs and finds the uniform
rate added on top of them.

Reported: the rate(s), the country's welfare change at the optimum and under
the scenario as given (both against the dataset's baseline), every other
country's welfare change, the Proposition 2 formula rate where it applies (one
sector, no input–output linkages) and convergence.

Exit codes: 0 success, 1 the search or a solve failed, 2 bad usage or input.`,
		Example: `  tradebloc optimal-tariff USA
  tradebloc optimal-tariff USA --by-partner --top 10 liberation-day --format json
  tradebloc optimal-tariff USA --data icio-2022 --additional
  tradebloc optimal-tariff CHN my-scenario.yaml --data ./mydata`,
		Args: usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(c *cobra.Command, args []string) error { return runOptimal(c, &opts, args) },
	}
	opts.output.add(c)
	opts.data.add(c)
	c.Flags().BoolVar(&opts.uniform, "uniform", false, "one rate on every partner (the default)")
	c.Flags().BoolVar(&opts.byPartner, "by-partner", false, "one rate per partner (or per top partner with --top)")
	c.Flags().IntVar(&opts.top, "top", 0, "with --by-partner: own rates for the N largest suppliers, one rate for the rest (0 = every partner)")
	c.Flags().Float64Var(&opts.maxRate, "max-rate", 10, "upper bound of the search, as a decimal (10 = 1000%)")
	c.Flags().BoolVar(&opts.quiet, "quiet", false, "no progress on stderr")
	c.Flags().BoolVar(&opts.services, "include-services", false, "on a world with a services sector, tax it too (default: goods only)")
	c.Flags().BoolVar(&opts.additional, "additional", false, "keep the scenario's tariffs and find the uniform rate added on top of them (default: the rate replaces them)")
	return c
}

// optimalDoc is the JSON of `optimal-tariff` (DESIGN §4).
type optimalDoc struct {
	Country  string `json:"country"`
	Scenario string `json:"scenario"`
	Mode     string `json:"mode"`
	// Additional is true when the rate is added to the scenario's tariffs
	// (--additional) rather than replacing them.
	Additional bool `json:"additional"`
	// ScenarioTariffPct is the country's import-weighted average tariff of
	// the scenario in the sectors taxed, which the rate replaces (or is
	// added to), and TariffPremiums the partners whose tariff differs most
	// from it (optimal.Premiums): the differences a replacing rate removes.
	ScenarioTariffPct *float64     `json:"scenario_tariff_pct,omitempty"`
	TariffPremiums    []premiumDoc `json:"tariff_premiums,omitempty"`
	// DataFlags are the other countries the dataset's plausibility rule
	// flags (data.Dataset.QualityFlags: a balance beyond ±60% of GDP),
	// marked in the text's table too: their results are unreliable.
	DataFlags          []data.QualityFlag `json:"data_flags,omitempty"`
	UniformRatePct     *float64           `json:"uniform_rate_pct,omitempty"`
	RatesPct           map[string]float64 `json:"rates_pct,omitempty"`
	RestRatePct        *float64           `json:"rest_rate_pct,omitempty"`
	WelfarePct         float64            `json:"welfare_pct"`
	ScenarioWelfarePct float64            `json:"scenario_welfare_pct"`
	OthersWelfarePct   map[string]float64 `json:"others_welfare_pct"`
	// OthersWelfareExValuationPct is each other country's change without
	// the valuation of its fixed deficit or surplus (present when the
	// closure has one): a small oil exporter's -10% is mostly that.
	OthersWelfareExValuationPct map[string]float64 `json:"others_welfare_ex_valuation_pct,omitempty"`
	FormulaRatePct              *float64           `json:"formula_rate_pct"`
	// FormulaIncomeRatePct is the same formula with factor income less home
	// sales in place of imports (optimal.FormulaRateFactorIncome).
	FormulaIncomeRatePct *float64 `json:"formula_income_rate_pct"`
	// FormulaNote says why the formula rates are null.
	FormulaNote string `json:"formula_note,omitempty"`
	// SectorsTaxed is "goods" where the rate leaves a services sector at
	// the scenario's tariffs (the default on icio-2022), else "all".
	SectorsTaxed string `json:"sectors_taxed"`
	// PurgedRatePct and PurgedWelfarePct are the uniform optimum, and the
	// country's welfare there against the purged baseline, on the same
	// scenario with trade imbalances purged: reported (uniform mode) when
	// the scenario keeps them, whose optimum counts a deficit's transfer.
	PurgedRatePct    *float64 `json:"purged_rate_pct,omitempty"`
	PurgedWelfarePct *float64 `json:"purged_welfare_pct,omitempty"`
	// WelfareValuationPct is the part of welfare_pct (pp) that is the
	// valuation of the country's fixed deficit, as solve's
	// welfare_deficit_valuation_pct; WelfareExValuationPct its welfare at
	// the optimum without it (both absent when there is none: a closure
	// other than fixed, or no imbalance).
	WelfareValuationPct   *float64 `json:"welfare_deficit_valuation_pct,omitempty"`
	WelfareExValuationPct *float64 `json:"welfare_ex_valuation_pct,omitempty"`
	// WelfareScan is the country's welfare at the uniform rates of the
	// scan after the search (0 to the search's bound; with --additional
	// cuts of the scenario's tariffs too, as negative rates), which checks
	// that the optimum, a local maximum, is the only one (optimal.Result's
	// Scan). HigherWelfareElsewhere is its best point when that beats the
	// optimum, NearMaximum a lower maximum below the optimum across a
	// valley (the optimum is then the far one), each narrowed to 0.01
	// percentage points; both absent when the scan finds none. With
	// imbalances kept, PurgedSinglePeaked says whether welfare is
	// single-peaked in the scan of the purged optimum.
	WelfareScan            []scanPointDoc `json:"welfare_scan,omitempty"`
	HigherWelfareElsewhere *scanPointDoc  `json:"higher_welfare_elsewhere,omitempty"`
	NearMaximum            *scanPointDoc  `json:"near_maximum,omitempty"`
	PurgedSinglePeaked     *bool          `json:"purged_single_peaked,omitempty"`
	Converged              bool           `json:"converged"`
	Note                   string         `json:"note,omitempty"`
	Notes                  []string       `json:"notes,omitempty"`
	Solves                 int            `json:"solves"`
	Sweeps                 int            `json:"sweeps,omitempty"`
	Seconds                float64        `json:"seconds"`

	// surplus: the country runs a surplus, whose valuation the text names.
	surplus bool
	// names are the countries' names, for the text's table of the others.
	names map[string]string
}

// scanPointDoc is the country's welfare at one uniform rate of the scan
// (optimal.ScanPoint), in percent; the welfare fields are null where the
// model has no equilibrium, which no_equilibrium says why, and
// welfare_ex_valuation_pct is absent where there is no valuation. Edge is,
// for a maximum, why the model has no equilibrium just above it: welfare
// still rises where the rates with an equilibrium end.
type scanPointDoc struct {
	RatePct               float64  `json:"rate_pct"`
	WelfarePct            *float64 `json:"welfare_pct"`
	WelfareExValuationPct *float64 `json:"welfare_ex_valuation_pct,omitempty"`
	NoEquilibrium         string   `json:"no_equilibrium,omitempty"`
	Edge                  string   `json:"edge,omitempty"`
}

func newScanPointDoc(p optimal.ScanPoint) scanPointDoc {
	d := scanPointDoc{RatePct: 100 * p.Rate, NoEquilibrium: p.Why, Edge: p.Edge}
	if !p.Infeasible {
		w := pct(p.Welfare)
		d.WelfarePct = &w
		if p.WelfareExValuation != p.Welfare {
			ex := pct(p.WelfareExValuation)
			d.WelfareExValuationPct = &ex
		}
	}
	return d
}

// premiumDoc is one partner's tariff against the importer's average.
type premiumDoc struct {
	Code        string  `json:"code"`
	TariffPct   float64 `json:"tariff_pct"`
	PremiumPP   float64 `json:"premium_pp"`
	ImportShare float64 `json:"import_share"`
}

func runOptimal(c *cobra.Command, opts *optimalOptions, args []string) error {
	if opts.uniform && opts.byPartner {
		return &errs.Error{Kind: errs.Invalid, Field: "--uniform/--by-partner", Err: fmt.Errorf("give one of them")}
	}
	if opts.top < 0 || (opts.top > 0 && !opts.byPartner) {
		return &errs.Error{Kind: errs.Invalid, Field: "--top", Err: fmt.Errorf("--top takes a count ≥ 1 and needs --by-partner")}
	}
	if !(opts.maxRate > 0) {
		return &errs.Error{Kind: errs.Invalid, Field: "--max-rate", Err: fmt.Errorf("must be > 0")}
	}
	if opts.additional && opts.byPartner {
		return &errs.Error{Kind: errs.Invalid, Field: "--additional", Err: fmt.Errorf("adds one uniform rate: it cannot be combined with --by-partner")}
	}
	code := args[0]
	sc := &scenario.Scenario{Name: "baseline", Description: "the dataset's baseline"}
	if len(args) == 2 {
		var err error
		if sc, err = resolveScenario(c, args, args[1]); err != nil {
			return err
		}
	}
	ds, err := loadScenarioData(sc, opts.data.path)
	if err != nil {
		return err
	}
	pds, comp, err := engine.Prepare(sc, ds)
	if err != nil {
		return err
	}
	// A country that sets its own tariff, with the hints every command
	// gives (a lower-case code, a member of ROW); a group (EU27) or an
	// aggregate unit (icio-2022's ROW) is refused, as nash refuses them
	// as players one by one.
	ci, err := checkCountry(pds, "COUNTRY", code)
	if err != nil {
		return err
	}
	b, err := engine.BaselineFor(pds, comp.Options)
	if err != nil {
		return err
	}
	set := optimal.Settings{MaxRate: opts.maxRate}
	var prog *report.Progress
	if !opts.quiet {
		prog = report.NewProgress(os.Stderr)
		set.Progress = func(p optimal.Progress) {
			phase := "optimal tariff: uniform rate"
			if p.Sweep > 0 {
				phase = fmt.Sprintf("optimal tariff: sweep %d", p.Sweep)
			}
			prog.Update(phase, p.Solves, 0)
		}
	}
	prob := optimal.Problem{Base: b, Options: comp.Options, Shocks: comp.Shocks, Country: ci,
		Sectors: optimal.GoodsSectors(pds, opts.services), Additional: opts.additional}
	var res *optimal.Result
	mode := "uniform"
	if opts.byPartner {
		mode = "by_partner"
		res, err = optimal.ByPartner(prob, opts.top, set)
	} else {
		res, err = optimal.Uniform(prob, set)
	}
	if prog != nil {
		prog.Done()
	}
	if err != nil {
		return &errs.Error{Op: "optimal-tariff", Kind: errs.NotConverged, Err: err}
	}
	doc := optimalDoc{Country: code, Scenario: sc.Name, Mode: mode, Converged: res.Converged, Note: res.Reason,
		Solves: res.Solves, Sweeps: res.Sweeps, Seconds: res.Seconds, SectorsTaxed: optimal.SectorsTaxed(prob.Sectors),
		WelfarePct: pct(res.Welfare), ScenarioWelfarePct: pct(res.ScenarioWelfare), OthersWelfarePct: map[string]float64{},
		Additional: opts.additional, surplus: b.D[ci] < 0, names: map[string]string{}}
	for _, c := range ds.Countries {
		doc.names[c.Code] = c.Name
	}
	{
		// What the rate replaces (or is added to): the country's average
		// tariff of the scenario and the partners furthest from it.
		avg, prem := optimal.Premiums(b, comp.Shocks.Tariff, []int{ci}, prob.Sectors)
		doc.ScenarioTariffPct = &avg
		for _, p := range namedPremiums(prem) {
			doc.TariffPremiums = append(doc.TariffPremiums, premiumDoc{Code: b.Codes[p.Exporter], TariffPct: p.TariffPct, PremiumPP: p.PremiumPP, ImportShare: p.ImportShare})
		}
		tb := tariffBase{Code: code, Mode: mode, Additional: opts.additional, Goods: prob.Sectors != nil,
			AvgPct: avg, Premiums: doc.TariffPremiums, USRecord: usRecordNote(ds, ci), Welfare: map[string]float64{}}
		if !opts.byPartner {
			r := 100 * res.Rate
			tb.RatePct = &r
		}
		for _, p := range doc.TariffPremiums {
			if j, ok := b.Index(p.Code); ok {
				tb.Welfare[p.Code] = pct(res.Outcome.Countries[j].Welfare)
			}
		}
		doc.Notes = append(doc.Notes, tariffBaseNote(tb))
	}
	if sv, ok := pds.ServicesIndex(); ok {
		if prob.Sectors != nil {
			doc.Notes = append(doc.Notes, fmt.Sprintf("sectors taxed: goods — the rate leaves services (%s) at the scenario's tariffs, as the US schedules do; --include-services taxes every sector, as Lashkaripour (2021) does", pds.Sectors[sv].Code))
		} else {
			doc.Notes = append(doc.Notes, fmt.Sprintf("sectors taxed: all, services (%s) included (--include-services): a border tax on services that no country levies, as Lashkaripour (2021) computes it", pds.Sectors[sv].Code))
		}
	}
	purgedAtFloor := false // the purged optimum's added rate is 0 (additionalFloorNote)
	if d := comp.Options.Deficits; d == model.Fixed || d == model.Ratio {
		if !opts.byPartner {
			// One more optimisation: the optimum on balanced trade, which
			// differs from the headline wherever a deficit's transfer or a
			// surplus's valuation moves with the tariff (world-2023's US:
			// 41% against 26%).
			// Scanned only when the headline's scan finds welfare not
			// single-peaked, to say whether the purge makes it so: the
			// scan's solves are the slow ones, far apart.
			pr, err := purgedOptimum(sc, ds, code, prob.Sectors, opts.additional, set.MaxRate, res.Elsewhere != nil || res.Nearer != nil)
			// Its work counts in the run's: the solves and seconds reported
			// are everything the command did.
			doc.Solves += pr.Solves
			doc.Seconds += pr.Seconds
			if err != nil {
				doc.Notes = append(doc.Notes, "the optimum on purged imbalances, usually shown beside this one, could not be computed: "+err.Error())
			} else {
				rp, wp := 100*pr.Rate, pct(pr.Welfare)
				doc.PurgedRatePct, doc.PurgedWelfarePct = &rp, &wp
				purgedAtFloor = opts.additional && pr.AtLowerBound
				if len(pr.Scan) > 0 {
					sp := pr.SinglePeaked()
					doc.PurgedSinglePeaked = &sp
				}
			}
		}
	}
	for _, p := range res.Scan {
		doc.WelfareScan = append(doc.WelfareScan, newScanPointDoc(p))
	}
	if p := res.Elsewhere; p != nil {
		d := newScanPointDoc(*p)
		doc.HigherWelfareElsewhere = &d
	}
	if p := res.Nearer; p != nil {
		d := newScanPointDoc(*p)
		doc.NearMaximum = &d
	}
	if n := scanNote(scanFacts{Code: code, Closure: comp.Options.Deficits, Surplus: doc.surplus, Edge: res.Edge, Additional: opts.additional, ByPartner: opts.byPartner,
		RatePct: 100 * res.Rate, WelfarePct: pct(res.Welfare), AvgPct: *doc.ScenarioTariffPct, MaxRatePct: 100 * set.MaxRate,
		Elsewhere: doc.HigherWelfareElsewhere, Near: doc.NearMaximum, Scan: doc.WelfareScan,
		PurgedRatePct: doc.PurgedRatePct, PurgedSinglePeaked: doc.PurgedSinglePeaked}); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	if n := additionalFloorNote(code, *doc.ScenarioTariffPct, opts.additional && !opts.byPartner && res.AtLowerBound, purgedAtFloor); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	if opts.byPartner {
		doc.RatesPct = map[string]float64{}
		for i, r := range res.Rates {
			if i != ci {
				doc.RatesPct[b.Codes[i]] = 100 * r
			}
		}
		if opts.top > 0 {
			v := 100 * res.Rate
			doc.RestRatePct = &v
		}
	} else {
		v := 100 * res.Rate
		doc.UniformRatePct = &v
	}
	cr := res.Outcome.Countries[ci]
	if v := 100 * (cr.Welfare - cr.WelfareExValuation); v != 0 {
		ex := pct(cr.WelfareExValuation)
		doc.WelfareValuationPct, doc.WelfareExValuationPct = &v, &ex
	}
	if d := comp.Options.Deficits; (d == model.Fixed || d == model.Ratio) && b.D[ci] != 0 {
		// A deficit country's tariff also moves the transfer it receives,
		// a surplus country's the one it pays: its optimum under kept
		// imbalances includes that (docs/optimal-tariffs.md, Deficits).
		world := 0.0
		for _, g := range b.GDP {
			world += g
		}
		closure := closureNote(closureFacts{Closure: d, Code: code, Surplus: b.D[ci] < 0, ExportsToImports: b.Exp[ci] / b.Imp[ci], WorldGDPShare: b.GDP[ci] / world,
			RatePct: doc.UniformRatePct, PurgedRatePct: doc.PurgedRatePct, ValuationPct: doc.WelfareValuationPct, ExValuationPct: doc.WelfareExValuationPct})
		if doc.Note != "" {
			closure = doc.Note + "; " + closure
		}
		doc.Note = closure
	}
	if n := smallEconomyNote(b, ci, comp.Options.Theta); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	for _, f := range ds.QualityFlags() {
		// From the dataset as loaded: a purged world has no imbalance left
		// to flag.
		if f.Code != code {
			doc.DataFlags = append(doc.DataFlags, f)
		}
	}
	for j, cr := range res.Outcome.Countries {
		if j != ci {
			doc.OthersWelfarePct[cr.Code] = pct(cr.Welfare)
			if cr.WelfareExValuation != cr.Welfare {
				if doc.OthersWelfareExValuationPct == nil {
					doc.OthersWelfareExValuationPct = map[string]float64{}
				}
				doc.OthersWelfareExValuationPct[cr.Code] = pct(cr.WelfareExValuation)
			}
		}
	}
	if n := report.ValuationNote(res.Outcome, 5, ci); n != "" {
		doc.Notes = append(doc.Notes, n)
	}
	switch {
	case b.S > 1:
		doc.FormulaNote = "n/a (several sectors)"
	case b.HasIO():
		doc.FormulaNote = "n/a (input–output linkages)"
	}
	if f, ok := optimal.FormulaRate(b, comp.Options, nil, ci); ok {
		v := 100 * f
		doc.FormulaRatePct = &v
	}
	if f, ok := optimal.FormulaRateFactorIncome(b, comp.Options, nil, ci); ok {
		v := 100 * f
		doc.FormulaIncomeRatePct = &v
	}
	if err := opts.output.emit(c, func(w io.Writer, f report.Format) error { return doc.write(w, f, res) }); err != nil {
		return err
	}
	if !res.Converged {
		return &errs.Error{Op: "optimal-tariff", Kind: errs.NotConverged, Err: fmt.Errorf("%s", res.Reason)}
	}
	return nil
}

func pct(x float64) float64 { return 100 * (x - 1) }

// closureFacts are the figures the closure note on a deficit country's
// optimum is written from.
type closureFacts struct {
	Closure model.Closure
	Code    string
	// Surplus: the country runs a surplus, which the closure keeps and
	// its tariff makes it pay more of, where a deficit's is extracted.
	Surplus bool
	// ExportsToImports is X/M at the baseline, WorldGDPShare the country's
	// share of world GDP.
	ExportsToImports, WorldGDPShare float64
	// RatePct and PurgedRatePct are the optimum and the optimum on purged
	// imbalances (nil when not computed); ValuationPct and ExValuationPct
	// the valuation of the fixed deficit at the optimum (pp) and the
	// welfare without it (nil without one).
	RatePct, PurgedRatePct, ValuationPct, ExValuationPct *float64
}

// smallShare is the share of world GDP below which a country's tariff
// moves world GDP, and so its fixed deficit, by next to nothing.
const smallShare = 0.01

// closureNote says what a closure that keeps the imbalances does to a
// deficit country's optimum, in the direction it has on the result:
//
// Under `fixed` the deficit is a share of world GDP, the country's own
// included: a tariff that raises its wages raises world GDP against its
// partners' wages, and with it the transfer they finance, in proportion to
// the country's share (world-2023's US, 26.3% of world GDP: 41.41% against
// 26.17% on balanced trade; 29.20% with the deficit indexed to its
// partners' GDP alone; Iceland, whose X/M is the US's 0.64: 25.03% under
// both, so the import base X/M is not what raises the US rate;
// docs/optimal-tariffs.md, Deficits). The valuation of the fixed deficit
// measures it against a deficit moving with the country's own income,
// which would extract more still: a cost that grows with the rate. On
// icio-2022, goods only, the optimum lies below the balanced-trade one
// (15.97% against 16.33%; 14.89% without the transfer): purging also
// changes the trade shares the optimum rests on.
func closureNote(f closureFacts) string {
	if f.Surplus {
		return surplusClosureNote(f)
	}
	s := fmt.Sprintf("deficits: %s — %s runs a deficit (exports/imports X/M = %.2f)", f.Closure, f.Code, f.ExportsToImports)
	if f.Closure == model.Ratio {
		return s + ", which the closure holds fixed relative to its own income: a tariff that raises its wages raises the deficit its partners finance with them, so its optimum also counts the transfer the tariff extracts, and can run to the search's bound (--max-rate); model.deficits: purge gives the optimum on balanced trade, as the literature computes it"
	}
	s += fmt.Sprintf(", which the closure holds fixed relative to world GDP, %s of which is its own: a tariff that raises its wages raises world GDP against its partners' wages, and with it the deficit they finance, so its optimum also counts the transfer the tariff extracts, in proportion to that share (docs/optimal-tariffs.md, Deficits)", worldShare(f.WorldGDPShare))
	if f.RatePct != nil && f.PurgedRatePct != nil {
		r, p := *f.RatePct, *f.PurgedRatePct
		switch {
		case math.Abs(r-p) < 0.05 && f.WorldGDPShare < smallShare:
			s += fmt.Sprintf(". Here the optimum is the one on balanced trade (%.2f%% against %.2f%%): a share this small extracts next to nothing", r, p)
		case math.Abs(r-p) < 0.05:
			s += fmt.Sprintf(". Here the optimum is about the one on balanced trade (%.2f%% against %.2f%%)", r, p)
		case r > p:
			s += fmt.Sprintf(". Here it lies above the optimum on balanced trade (%.2f%% against %.2f%%)", r, p)
		default:
			s += fmt.Sprintf(". Here it lies below the optimum on balanced trade (%.2f%% against %.2f%%): purging the imbalances also changes the trade shares the optimum rests on, by more than the transfer adds", r, p)
		}
	}
	if v, ex := f.ValuationPct, f.ExValuationPct; v != nil && ex != nil && math.Abs(*v) >= 0.01 {
		s += fmt.Sprintf(". The valuation of its fixed deficit, %+.2f pp of its welfare at the optimum (%+.2f%% without it), measures it against a deficit moving with its own income, which its tariff would raise", *v, *ex)
		if *v < 0 {
			s += ": a cost that grows with the rate, not a gain that raises it"
		}
	}
	return s + "; model.deficits: purge gives the optimum on balanced trade, as the literature computes it"
}

// worldShare formats a share of world GDP, with two significant digits
// when it is under smallShare.
func worldShare(x float64) string {
	if x < smallShare {
		return fmt.Sprintf("%.2g%%", 100*x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// surplusClosureNote is closureNote's mirror for a surplus country: the
// closure keeps the surplus it pays out, so a tariff that raises its wages
// raises, through world GDP, the surplus it finances — a transfer it pays,
// in proportion to its share of world GDP, which holds its optimum below
// the balanced-trade one (world-2023's China, 16.8% of world GDP: 25.72%
// against 26.27%; 19.63% under `ratio`, where the surplus moves one for
// one with its income). The valuation of the fixed surplus, measured
// against a surplus moving with its own income, is the mirror of a
// deficit's: a gain that grows with the rate (China: +0.09 pp at 10%,
// +0.25 at 26%, +0.35 at 40%), which is why `ratio`, without it, gives the
// lower rate. On icio-2022, goods only, China's optimum lies above the
// balanced-trade one (18.21% against 17.52%): purging also changes the
// trade shares.
func surplusClosureNote(f closureFacts) string {
	s := fmt.Sprintf("deficits: %s — %s runs a surplus (exports/imports X/M = %.2f)", f.Closure, f.Code, f.ExportsToImports)
	if f.Closure == model.Ratio {
		return s + ", which the closure holds fixed relative to its own income: a tariff that raises its wages raises the surplus it pays out with them, so its optimum also counts that transfer, which holds it down; model.deficits: purge gives the optimum on balanced trade, as the literature computes it"
	}
	s += fmt.Sprintf(", which the closure holds fixed relative to world GDP, %s of which is its own: a tariff that raises its wages raises world GDP, and with it the surplus it pays out, so its optimum also counts that transfer, in proportion to that share (docs/optimal-tariffs.md, Deficits)", worldShare(f.WorldGDPShare))
	if f.RatePct != nil && f.PurgedRatePct != nil {
		r, p := *f.RatePct, *f.PurgedRatePct
		switch {
		case math.Abs(r-p) < 0.05 && f.WorldGDPShare < smallShare:
			s += fmt.Sprintf(". Here the optimum is the one on balanced trade (%.2f%% against %.2f%%): a share this small pays next to nothing", r, p)
		case math.Abs(r-p) < 0.05:
			s += fmt.Sprintf(". Here the optimum is about the one on balanced trade (%.2f%% against %.2f%%)", r, p)
		case r < p:
			s += fmt.Sprintf(". Here it lies below the optimum on balanced trade (%.2f%% against %.2f%%)", r, p)
		default:
			s += fmt.Sprintf(". Here it lies above the optimum on balanced trade (%.2f%% against %.2f%%): purging the imbalances also changes the trade shares the optimum rests on, by more than the transfer takes away", r, p)
		}
	}
	if v, ex := f.ValuationPct, f.ExValuationPct; v != nil && ex != nil && math.Abs(*v) >= 0.01 {
		s += fmt.Sprintf(". The valuation of its fixed surplus, %+.2f pp of its welfare at the optimum (%+.2f%% without it), measures it against a surplus moving with its own income, which its tariff would raise", *v, *ex)
		if *v > 0 {
			s += ": a gain that grows with the rate, which a surplus moving with its income (model.deficits: ratio) would not give"
		}
	}
	return s + "; model.deficits: purge gives the optimum on balanced trade, as the literature computes it"
}

// smallImportShare is the share of world imports below which the optimum
// is said to be a small economy's.
const smallImportShare = 0.01

// smallEconomyNote explains, for a country that buys under 1% of world
// imports, why its optimum is not near zero: in the Armington model it has
// market power over its own variety, and t* → 1/θ as its share goes to
// zero (docs/optimal-tariffs.md, TestSmallEconomy: t* = 1/θ for θ = 4, 10,
// 50, 250, falling toward zero only as θ → ∞). Iceland on world-2023:
// 25.03%, welfare +1.05%, above the US's gain.
func smallEconomyNote(b *model.Baseline, c int, theta []float64) string {
	world := 0.0
	for _, m := range b.Imp {
		world += m
	}
	share := b.Imp[c] / world
	if !(share < smallImportShare) {
		return ""
	}
	limit := armingtonLimit(theta)
	return fmt.Sprintf("%s buys %.2f%% of world imports: in the Armington model every country has market power over its own variety, which no other country makes, so even a small economy's optimal tariff tends to %s as its share of world trade goes to zero, not to the zero of the textbook's price-taking small open economy, which the model reaches only as goods become perfect substitutes (θ → ∞; docs/optimal-tariffs.md, TestSmallEconomy)",
		b.Codes[c], 100*share, limit)
}

// armingtonLimit is the limit of a small economy's optimal tariff: 1/θ
// (with its value for one θ).
func armingtonLimit(theta []float64) string {
	if len(theta) > 0 && !slices.ContainsFunc(theta, func(x float64) bool { return x != theta[0] }) {
		return fmt.Sprintf("1/θ = %.4g%% at θ = %g", 100/theta[0], theta[0])
	}
	return "1/θ in each sector (θ per sector)"
}

// purgedOptimum is country code's uniform optimum, and its welfare there,
// on scenario sc with trade imbalances purged (model.deficits: purge),
// taxing the sectors of mask (added to its tariffs if additional), with
// the scan after the search if scan. An error says why it is left out: the purged
// scenario does not compile (a deficit target, which a purge contradicts)
// or the search fails.
func purgedOptimum(sc *scenario.Scenario, ds *data.Dataset, code string, mask []bool, additional bool, maxRate float64, scan bool) (*optimal.Result, error) {
	sc2 := *sc
	sc2.Model.Deficits = model.Purge
	pds, comp, err := engine.Prepare(&sc2, ds)
	if err != nil {
		return &optimal.Result{}, err
	}
	ci, found := pds.Index(code)
	if !found {
		return &optimal.Result{}, fmt.Errorf("%s is not in the purged world", code)
	}
	b, err := engine.BaselineFor(pds, comp.Options)
	if err != nil {
		return &optimal.Result{}, err
	}
	res, err := optimal.Uniform(optimal.Problem{Base: b, Options: comp.Options, Shocks: comp.Shocks, Country: ci, Sectors: mask, Additional: additional}, optimal.Settings{MaxRate: maxRate, NoScan: !scan})
	if err != nil {
		return &optimal.Result{}, err
	}
	if !res.Converged {
		return res, fmt.Errorf("the search did not converge (%s)", res.Reason)
	}
	return res, nil
}

func (d *optimalDoc) write(w io.Writer, f report.Format, res *optimal.Result) error {
	if f == report.JSON {
		return report.WriteJSON(w, d)
	}
	num := func(x float64, prec int) string {
		s := fmt.Sprintf("%.*f", prec, x)
		if strings.Trim(s, "-0.") == "" {
			s = strings.TrimPrefix(s, "-") // no "-0.000"
		}
		return s
	}
	sum := &report.Table{Name: "optimum", Title: fmt.Sprintf("Optimal %s import tariff of %s (scenario %s)", d.Mode, d.Country, d.Scenario),
		Columns: []string{"measure", "value"}, Numeric: []bool{false, true}}
	rate := "uniform rate"
	if d.Additional {
		rate = "uniform rate added to the scenario's tariffs"
	}
	if d.UniformRatePct != nil {
		sum.Add(rate+" (%)", num(*d.UniformRatePct, 2))
	}
	if d.PurgedRatePct != nil {
		sum.Add(rate+", imbalances purged (%)", num(*d.PurgedRatePct, 2))
	}
	if d.RestRatePct != nil {
		sum.Add("rate on the other partners (%)", num(*d.RestRatePct, 2))
	}
	sum.Add("welfare at the optimum (%)", num(d.WelfarePct, 3))
	if d.WelfareExValuationPct != nil {
		// Beside the welfare, so that a deficit economy's figure is read
		// with the valuation of its fixed deficit it contains.
		balance := "deficit"
		if d.surplus {
			balance = "surplus"
		}
		sum.Add("welfare at the optimum, without the valuation of its fixed "+balance+" (%)", num(*d.WelfareExValuationPct, 3))
	}
	sum.Add("welfare under the scenario as given (%)", num(d.ScenarioWelfarePct, 3))
	if d.PurgedWelfarePct != nil {
		sum.Add("welfare at the purged optimum, vs purged baseline (%)", num(*d.PurgedWelfarePct, 3))
	}
	sum.Add("sectors taxed", d.SectorsTaxed)
	if d.FormulaRatePct != nil {
		sum.Add("formula rate at the baseline (%)", num(*d.FormulaRatePct, 2))
	}
	if d.FormulaIncomeRatePct != nil {
		sum.Add("formula rate, factor-income form (%)", num(*d.FormulaIncomeRatePct, 2))
	}
	if d.FormulaNote != "" {
		sum.Add("formula rate at the baseline (%)", d.FormulaNote)
		sum.Notes = append(sum.Notes, "The formula rate (ILMS 2025, Proposition 2) holds in one sector without input–output linkages; model.io: false removes them (docs/optimal-tariffs.md).")
	}
	sum.Add("converged", fmt.Sprint(d.Converged))
	sum.Add("solves", fmt.Sprint(d.Solves))
	if d.Note != "" {
		sum.Notes = append(sum.Notes, d.Note)
	}
	sum.Notes = append(sum.Notes, d.Notes...)
	sum.Notes = append(sum.Notes, "Welfare changes are against the dataset's baseline.")
	if d.FormulaRatePct != nil {
		sum.Notes = append(sum.Notes, "The formula rate is ILMS (2025) Proposition 2 at the baseline equilibrium, a first-order guide (docs/optimal-tariffs.md); its factor-income form divides by factor income less home sales instead of imports, as their proof does, and is lower where a transfer finances part of the deficit.")
	}
	tables := []*report.Table{sum}
	if d.RatesPct != nil {
		rt := &report.Table{Name: "rates", Title: "Rate per partner (%), largest suppliers first", Columns: []string{"partner", "rate_pct"}, Numeric: []bool{false, true}}
		shown := map[int]bool{}
		for _, i := range res.Partners {
			shown[i] = true
			rt.Add(res.Outcome.Countries[i].Code, num(100*res.Rates[i], 2))
		}
		if len(res.Partners) == 0 || d.RestRatePct == nil {
			for i, r := range res.Rates {
				if i != res.Country && !shown[i] {
					rt.Add(res.Outcome.Countries[i].Code, num(100*r, 2))
				}
			}
		}
		tables = append(tables, rt)
	}
	ot := &report.Table{Name: "others", Title: "Other countries' welfare at the optimum (%), largest losses first", Columns: []string{"country", "welfare_pct"}, Numeric: []bool{false, true}}
	codes := make([]string, 0, len(d.OthersWelfarePct))
	for c := range d.OthersWelfarePct {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(a, z int) bool {
		wa, wz := d.OthersWelfarePct[codes[a]], d.OthersWelfarePct[codes[z]]
		if wa != wz {
			return wa < wz
		}
		return codes[a] < codes[z]
	})
	if d.OthersWelfareExValuationPct != nil {
		ot.Columns = append(ot.Columns, "welfare_ex_valuation_pct")
		ot.Numeric = append(ot.Numeric, true)
		ot.Notes = append(ot.Notes, "welfare_ex_valuation_pct: the change without the valuation of the country's deficit or surplus kept fixed relative to world GDP (the valuation note above); the losses at the top of the list are mostly that valuation when the two columns differ most.")
	}
	// The name and the data flag go last, as new CSV columns do: the
	// largest losses are often small economies' or flagged ones' (world-
	// 2023's US optimum: Guyana first, the Marshall Islands last).
	ot.Columns = append(ot.Columns, "name", "data_flag")
	ot.Numeric = append(ot.Numeric, false, false)
	if len(d.DataFlags) > 0 {
		ot.Notes = append(ot.Notes, dataFlagColumnNote)
	}
	for _, c := range codes {
		row := []string{c, num(d.OthersWelfarePct[c], 3)}
		if d.OthersWelfareExValuationPct != nil {
			v, ok := d.OthersWelfareExValuationPct[c]
			if !ok {
				v = d.OthersWelfarePct[c]
			}
			row = append(row, num(v, 3))
		}
		row = append(row, d.names[c], dataFlagCell(d.DataFlags, c))
		ot.Add(row...)
	}
	tables = append(tables, ot)
	if f == report.CSV {
		return report.WriteCSVTables(w, tables, "")
	}
	for k, t := range tables {
		if k > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}
