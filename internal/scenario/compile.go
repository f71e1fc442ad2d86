package scenario

import (
	"fmt"
	"strconv"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/tariffs"
	"github.com/tradebloc/tradebloc/internal/transship"
)

// Compiled is a scenario resolved against a dataset: what the solver needs.
type Compiled struct {
	Options model.Options
	Shocks  model.Shocks
	// Notes are caveats worth showing the user, such as schedule entries for
	// economies the dataset does not have.
	Notes []string
	// Transship is the rerouting of the `transshipment:` block (nil = none).
	Transship *transship.Plan
	// Retaliation is the `retaliation:` block resolved (nil = none).
	Retaliation *Retaliation
}

// compiler holds the state of one Compile.
type compiler struct {
	ds     *data.Dataset
	idx    *index
	tariff tariffState
	cost   []float64
	rate   []float64 // schedule scratch, per country
	mode   []tariffs.Mode
	notes  []string
	bal    balanceState // deficit targets and absorption (rebalance.go)
	sub    []float64    // export subsidies, nil until a shock sets one (subsidy.go)
	// transshipPenalty is the extra tariff per importer on goods found
	// transshipped (nil = none), set by schedules that carry one.
	transshipPenalty []float64
}

// Compile resolves sc against ds: codes, groups and "*" become country
// indices, and the shocks are applied in order, starting from the baseline
// tariffs ds.Tariffs. Shocks.Tariff is nil when no shock touches tariffs and
// Shocks.Cost nil when none touches trade costs, so the solver can skip them.
// Compile reads no files and shares nothing between calls, so it may run
// concurrently on the same scenario and dataset.
func Compile(sc *Scenario, ds *data.Dataset) (*Compiled, error) {
	N, S := ds.N(), ds.S()
	if N == 0 || S == 0 || len(ds.Trade) != N*N*S || (ds.Tariffs != nil && len(ds.Tariffs) != N*N*S) {
		return nil, &errs.Error{Op: "compile scenario", Kind: errs.Invalid, File: sc.File,
			Err: fmt.Errorf("dataset %q is malformed: %d countries, %d sectors, %d trade and %d tariff values", ds.Name, N, S, len(ds.Trade), len(ds.Tariffs))}
	}
	c := &compiler{ds: ds, idx: newIndex(ds)}
	opts, err := sc.Model.options(ds, c.idx)
	if err != nil {
		return nil, err
	}
	for k := range sc.Shocks {
		sh := &sc.Shocks[k]
		at := sh.Pos
		if at.Field == "" {
			at.Field = "shocks[" + strconv.Itoa(k) + "]." + string(sh.Kind)
		}
		switch {
		case sh.Kind == KindTariff && sh.Tariff != nil:
			c.startTariffs()
			err = c.applyTariff(sh.Tariff, at)
		case sh.Kind == KindTradeCost && sh.TradeCost != nil:
			err = c.applyTradeCost(sh.TradeCost, at, opts.Theta)
		case sh.Kind == KindRebalance && sh.Rebalance != nil:
			err = c.applyRebalance(sh.Rebalance, at)
		case sh.Kind == KindExportSubsidy && sh.ExportSubsidy != nil:
			err = c.applyExportSubsidy(sh.ExportSubsidy, at)
		case sh.Kind == KindCapitalFlow && sh.CapitalFlow != nil:
			err = c.applyCapitalFlow(sh.CapitalFlow, at)
		case sh.Kind == KindRestriction && sh.Restriction != nil:
			err = c.applyExportRestriction(sh.Restriction, at)
		default:
			err = at.errorf("shock kind %q has no %s settings", sh.Kind, sh.Kind)
		}
		if err != nil {
			return nil, err
		}
	}
	var ret *Retaliation
	if sc.Retaliation != nil {
		if ret, err = c.applyRetaliation(sc.Retaliation); err != nil {
			return nil, err
		}
	}
	var ts *transship.Plan
	if sc.Transship != nil {
		if ts, err = c.applyTransship(sc.Transship); err != nil {
			return nil, err
		}
	}
	return &Compiled{Options: opts, Shocks: model.Shocks{Tariff: c.tariff.cur, Cost: c.cost, Subsidy: c.sub,
		DeficitTarget: c.bal.target, Absorb: c.bal.absorb}, Notes: c.notes, Transship: ts, Retaliation: ret}, nil
}

// startTariffs copies the baseline the first time a tariff shock needs it.
func (c *compiler) startTariffs() {
	st := &c.tariff
	if st.cur != nil {
		return
	}
	st.N, st.S = c.ds.N(), c.ds.S()
	st.base = c.ds.Tariffs
	if st.base == nil {
		st.base = make([]float64, len(c.ds.Trade)) // missing tariffs mean 0 (DESIGN §4)
	}
	st.cur = append([]float64(nil), st.base...)
}

// note records a caveat once.
func (c *compiler) note(s string) {
	for _, n := range c.notes {
		if n == s {
			return
		}
	}
	c.notes = append(c.notes, s)
}
