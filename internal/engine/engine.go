// Package engine runs a scenario end to end: load its dataset, compile it to
// model shocks, calibrate and solve. It is the one path from a scenario to a
// result shared by the CLI, the HTTP server and the analyses built on solves,
// so that they cannot disagree about what a scenario means.
package engine

import (
	"fmt"
	"path/filepath"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// Outcome is a solved scenario with everything needed to report it.
type Outcome struct {
	Scenario *scenario.Scenario
	Data     *data.Dataset
	Compiled *scenario.Compiled
	Base     *model.Baseline
	Result   *model.Result
}

// LoadData returns the dataset for a scenario: dataOverride if given (an
// embedded dataset's name — "embedded", world-2023, icio-2022 — or a
// directory), else the scenario's own `data`. Embedded datasets are parsed
// once per process and shared.
func LoadData(sc *scenario.Scenario, dataOverride string) (*data.Dataset, error) {
	name := dataOverride
	if name == "" {
		if dir := sc.DataDir(); dir != "" {
			return data.Load(dir)
		}
		name = sc.Data
	}
	if d, ok, err := data.Embedded(name); ok {
		return d, err
	}
	return data.Load(name)
}

// WithData returns sc with `data` replaced by dataOverride (unchanged when
// it is ""), so that what a command writes about the scenario (an exported
// scenario file) names the dataset it ran on. A directory is made absolute.
func WithData(sc *scenario.Scenario, dataOverride string) *scenario.Scenario {
	if dataOverride == "" {
		return sc
	}
	c := *sc
	c.Data = dataOverride
	if !data.IsEmbeddedName(dataOverride) {
		if abs, err := filepath.Abs(dataOverride); err == nil {
			c.Data = abs
		}
	}
	return &c
}

var (
	mu        sync.Mutex
	baselines = map[baselineKey]*model.Baseline{}
	purged    = map[purgeKey]*data.Dataset{}
	retained  = map[*data.Dataset]bool{}
)

// Retain marks ds as long-lived, like the embedded datasets: its baselines
// are calibrated once per process and kept. A worker retains the datasets
// it serves, so that every unit on one does not calibrate it again.
func Retain(ds *data.Dataset) {
	mu.Lock()
	defer mu.Unlock()
	retained[ds] = true
}

type baselineKey struct {
	ds   *data.Dataset
	noIO bool
	nu   string // the fixed-cost shares, which move factor income
}

// Baseline calibrates ds once per process (datasets are read-only once
// loaded, so the pointer identifies the data), with input–output linkages
// when the dataset has them.
func Baseline(ds *data.Dataset) (*model.Baseline, error) {
	return BaselineFor(ds, model.Options{})
}

// BaselineFor is Baseline for the calibration choices of opt (model.io).
func BaselineFor(ds *data.Dataset, opt model.Options) (*model.Baseline, error) {
	noIO := opt.NoIO && ds.HasIO()
	key := baselineKey{ds, noIO, fmt.Sprint(opt.FixedCostShare)}
	mu.Lock()
	defer mu.Unlock()
	if b, ok := baselines[key]; ok {
		return b, nil
	}
	b, err := model.CalibrateWith(ds, model.CalibrateOptions{NoIO: noIO, FixedCostShare: opt.FixedCostShare})
	if err != nil {
		return nil, err
	}
	if isEmbedded(ds) || isCachedPurge(ds) || retained[ds] {
		baselines[key] = b // only the shared embedded datasets are worth keeping
	}
	return b, nil
}

// purgeKey identifies a purged dataset: the data and every option that
// moves the balanced equilibrium.
type purgeKey struct {
	ds      *data.Dataset
	options string
}

func isCachedPurge(ds *data.Dataset) bool {
	for _, p := range purged {
		if p == ds {
			return true
		}
	}
	return false
}

// PurgeNote says in outputs what `deficits: purge` did.
const PurgeNote = "deficits: purge — the baseline was first solved with every trade deficit set to zero and nothing else changed (Ossa 2014, Caliendo–Parro 2015); the shock is applied to that balanced world and every change, level and 'before' value is against it, not against the data"

// Prepare compiles sc on ds and returns the dataset its shocks apply to:
// ds itself, or under `deficits: purge` the balanced equilibrium of ds
// (model.PurgeDeficits), on which sc is compiled again. Every analysis that
// solves a scenario goes through here, so that purge means one thing.
//
// A `retaliation: {rule: optimal}` block is resolved here too, on the
// dataset the shocks apply to: the partners' best responses to each other
// (retaliate), compiled in as tariffs. Reciprocal retaliation needs no
// solve and is applied by scenario.Compile itself.
func Prepare(sc *scenario.Scenario, ds *data.Dataset) (*data.Dataset, *scenario.Compiled, error) {
	ds, comp, err := prepare(sc, ds)
	if err != nil {
		return nil, nil, err
	}
	if r := comp.Retaliation; r != nil && r.Pending {
		if comp, err = retaliate(sc, ds, comp); err != nil {
			return nil, nil, err
		}
	}
	return ds, comp, nil
}

// prepare is Prepare without the optimal retaliation.
func prepare(sc *scenario.Scenario, ds *data.Dataset) (*data.Dataset, *scenario.Compiled, error) {
	comp, err := scenario.Compile(sc, ds)
	if err != nil {
		return nil, nil, err
	}
	if comp.Options.Deficits != model.Purge {
		return ds, comp, nil
	}
	o := comp.Options
	key := purgeKey{ds, fmt.Sprint(o.Theta, o.Kappa, o.Psi, o.Revenue, o.Numeraire, o.NumeraireCountry, o.NoIO, o.Competition, o.FixedCostShare, o.Passthrough, o.IOVariant)}
	mu.Lock()
	pds, ok := purged[key]
	mu.Unlock()
	if !ok {
		if pds, _, err = model.PurgeDeficitsWith(ds, o, model.CalibrateOptions{NoIO: o.NoIO && ds.HasIO(), FixedCostShare: o.FixedCostShare}); err != nil {
			return nil, nil, err
		}
		if isEmbedded(ds) || retainedLocked(ds) {
			mu.Lock()
			if p, ok := purged[key]; ok {
				pds = p
			} else {
				purged[key] = pds
			}
			mu.Unlock()
		}
	}
	comp, err = scenario.Compile(sc, pds)
	if err != nil {
		return nil, nil, err
	}
	comp.Notes = append(comp.Notes, PurgeNote)
	return pds, comp, nil
}

func retainedLocked(ds *data.Dataset) bool {
	mu.Lock()
	defer mu.Unlock()
	return retained[ds]
}

// isEmbedded reports whether ds is one of the shared embedded datasets.
func isEmbedded(ds *data.Dataset) bool { return data.IsEmbedded(ds) }

// Settings are solver settings that are not part of a scenario (0 = default).
type Settings struct {
	Tol     float64
	MaxIter int
}

// Run solves sc. On a solver failure it returns the Outcome (with the
// non-converged Result, for diagnosis) together with the error.
func Run(sc *scenario.Scenario, dataOverride string, set Settings) (*Outcome, error) {
	ds, err := LoadData(sc, dataOverride)
	if err != nil {
		return nil, err
	}
	return RunOn(sc, ds, set)
}

// RunOn solves sc on a dataset already loaded.
func RunOn(sc *scenario.Scenario, ds *data.Dataset, set Settings) (*Outcome, error) {
	ds, comp, err := Prepare(sc, ds)
	if err != nil {
		return nil, err
	}
	comp.Options.Tol, comp.Options.MaxIter = set.Tol, set.MaxIter
	b, err := BaselineFor(ds, comp.Options)
	if err != nil {
		return nil, err
	}
	res, err := b.Solve(comp.Options, comp.Shocks, nil)
	if err != nil {
		// Point model-level input errors (a rebalance that leaves no
		// expenditure) at the scenario line that caused them.
		err = sc.LocateSolveError(err)
	}
	out := &Outcome{Scenario: sc, Data: ds, Compiled: comp, Base: b, Result: res}
	if res == nil {
		return nil, err
	}
	return out, err
}

// NumeraireName is the numeraire as a scenario file writes it.
func NumeraireName(o model.Options, ds *data.Dataset) string {
	switch o.Numeraire {
	case model.WorldGDP:
		return scenario.NumeraireWorldGDP
	case model.WorldWage:
		return scenario.NumeraireWorldWage
	case model.CountryWage:
		return ds.Countries[o.NumeraireCountry].Code
	}
	return scenario.NumeraireWorldPrice
}
