package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// This file holds the two instruments that move trade balances directly:
// `rebalance` (a partner's stronger domestic demand or real revaluation) and
// `capital_flow_measure` (the leader restricts foreign purchases of its
// assets). In a model with exogenous saving the trade balance is saving minus
// investment, so both become deficit targets of model.Shocks: the targeted
// country's D'/Y' is pinned, and the counterpart balances are spread over the
// other countries by absorption weights.

// CounterpartRule says which countries absorb the balance a rebalance moves.
type CounterpartRule int

// The counterpart rules.
const (
	// CounterpartDefault leaves the absorption weights as they are: pro rata
	// to GDP under `fixed` and `zero`, to φY' under `ratio`, unless an
	// earlier shock named counterparts or recyclers.
	CounterpartDefault CounterpartRule = iota
	// CounterpartGDP (`counterpart: gdp`) spreads it over every other country
	// in proportion to baseline GDP.
	CounterpartGDP
	// CounterpartNamed spreads it over the named countries only, in
	// proportion to their baseline GDP.
	CounterpartNamed
)

// RebalanceShock moves one country's trade balance (exports − imports, % of
// GDP) to a target or by a change. The model's target is the deficit
// D'/Y' = −balance/100.
type RebalanceShock struct {
	Country Ref
	// Change is true for `change_pct_gdp` (Value is added to the balance as
	// it stands: an earlier target, or else the baseline) and false for
	// `target_pct_gdp` (Value is the balance).
	Change   bool
	Value    float64 // percent of GDP; for a change, negative shrinks a surplus
	ValuePos Pos

	Counterpart     CounterpartRule
	Counterparts    Selector // CounterpartNamed: who absorbs
	CounterpartsPos Pos
}

// RecyclerRule says whose surpluses shrink when the leader's deficit is cut.
type RecyclerRule int

// The recycler rules.
const (
	// RecyclersSurplus: every country with a baseline surplus, in proportion
	// to that surplus (the default).
	RecyclersSurplus RecyclerRule = iota
	// RecyclersNamed: the named countries, in proportion to their baseline
	// surpluses.
	RecyclersNamed
)

// CapitalFlowShock cuts the leader's trade deficit by CutPctGDP percent of
// its GDP (a tax on, or limit to, foreign purchases of its assets: less
// capital flows in, so less net import can be financed). The counterpart
// surpluses shrink in proportion to the surplus each recycler runs, since
// those are the countries whose saving was being parked in the leader.
type CapitalFlowShock struct {
	Leader    Ref
	CutPctGDP float64 // percent of the leader's GDP; negative widens the deficit
	CutPos    Pos

	Recyclers    RecyclerRule
	Named        Selector // RecyclersNamed
	RecyclersPos Pos
}

var (
	rebalanceKeys   = []string{"country", "target_pct_gdp", "change_pct_gdp", "counterpart"}
	capitalFlowKeys = []string{"leader", "cut_pct_gdp", "recyclers"}
)

// maxPctGDP bounds balance values: a balance beyond ±1000% of GDP is a typo
// (a decimal where percent was meant is the other way round and passes).
const maxPctGDP = 1000

// rebalance parses a `rebalance:` shock.
func (p *parser) rebalance(n *yaml.Node, path string) (*RebalanceShock, error) {
	f, err := p.mapping(n, path, rebalanceKeys)
	if err != nil {
		return nil, err
	}
	r := &RebalanceShock{}
	cn, ok := f.get("country")
	if !ok {
		return nil, p.missing(f, "country", " (whose trade balance moves)")
	}
	if r.Country, err = p.ref(cn, sub(path, "country")); err != nil {
		return nil, err
	}
	form, err := p.exactlyOne(f, "target_pct_gdp", "change_pct_gdp")
	if err != nil {
		return nil, err
	}
	v, _ := f.get(form)
	field := sub(path, form)
	if r.Value, err = p.number(v, field); err != nil {
		return nil, err
	}
	r.ValuePos = p.posOf(deref(v), field)
	r.Change = form == "change_pct_gdp"
	if math.Abs(r.Value) > maxPctGDP {
		return nil, r.ValuePos.errorf("%v%% of GDP is out of range (percent of GDP: 2 = 2%%)", r.Value)
	}
	if !r.Change && r.Value >= 100 {
		return nil, r.ValuePos.errorf("a trade surplus of %v%% of GDP leaves expenditure (GDP − surplus) non-positive: want < 100", r.Value)
	}
	if cp, ok := f.get("counterpart"); ok {
		field := sub(path, "counterpart")
		r.CounterpartsPos = p.posOf(deref(cp), field)
		if c := deref(cp); c.Kind == yaml.ScalarNode && c.Tag == "!!str" && c.Value == "gdp" {
			r.Counterpart = CounterpartGDP
		} else {
			r.Counterpart = CounterpartNamed
			if r.Counterparts, err = p.selector(cp, field); err != nil {
				return nil, p.posOf(deref(cp), field).errorf("want gdp or the countries that absorb the counterpart balance (a code, group or list)")
			}
		}
	}
	return r, nil
}

// capitalFlow parses a `capital_flow_measure:` shock.
func (p *parser) capitalFlow(n *yaml.Node, path string) (*CapitalFlowShock, error) {
	f, err := p.mapping(n, path, capitalFlowKeys)
	if err != nil {
		return nil, err
	}
	m := &CapitalFlowShock{}
	ln, ok := f.get("leader")
	if !ok {
		return nil, p.missing(f, "leader", " (whose deficit is cut, e.g. USA)")
	}
	if m.Leader, err = p.ref(ln, sub(path, "leader")); err != nil {
		return nil, err
	}
	cn, ok := f.get("cut_pct_gdp")
	if !ok {
		return nil, p.missing(f, "cut_pct_gdp", " (the cut of the leader's deficit, % of its GDP)")
	}
	field := sub(path, "cut_pct_gdp")
	if m.CutPctGDP, err = p.number(cn, field); err != nil {
		return nil, err
	}
	m.CutPos = p.posOf(deref(cn), field)
	if math.Abs(m.CutPctGDP) > maxPctGDP {
		return nil, m.CutPos.errorf("%v%% of GDP is out of range (percent of GDP: 1 = 1%%)", m.CutPctGDP)
	}
	if rn, ok := f.get("recyclers"); ok {
		field := sub(path, "recyclers")
		m.RecyclersPos = p.posOf(deref(rn), field)
		if c := deref(rn); c.Kind == yaml.ScalarNode && c.Tag == "!!str" && c.Value == "surplus" {
			m.Recyclers = RecyclersSurplus
		} else {
			m.Recyclers = RecyclersNamed
			if m.Named, err = p.selector(rn, field); err != nil {
				return nil, p.posOf(deref(rn), field).errorf("want surplus or the countries whose surpluses shrink (a code, group or list)")
			}
		}
	}
	return m, nil
}

// balanceState is what the balance instruments have set during one Compile.
type balanceState struct {
	target   []float64 // D'/Y' per country, NaN = none; nil until a target is set
	absorb   []float64 // absorption weights; nil = the model's default
	absorbBy string    // the shock that set absorb, for the note on a conflict
	d0, y0   []float64 // baseline deficit (imports − exports) and GDP
}

// baseline computes the baseline deficits and GDPs the instruments are
// measured against, exactly as model.Calibrate does: D = imports − exports
// at producer prices, GDP = the dataset's gdp where it gives one, else sales
// (the model meets a target as a share of that GDP).
func (c *compiler) baseline() {
	b := &c.bal
	if b.d0 != nil {
		return
	}
	N := c.ds.N()
	b.d0, b.y0 = make([]float64, N), make([]float64, N)
	for i := 0; i < N; i++ {
		b.d0[i] = -c.ds.GoodsBalance(i)
		b.y0[i] = c.ds.Domestic(i) + c.ds.Exports(i) // sales
		if g := c.ds.Countries[i].GDP; g > 0 && !math.IsInf(g, 0) {
			b.y0[i] = g
		}
	}
	b.target = make([]float64, N)
	for j := range b.target {
		b.target[j] = math.NaN()
	}
}

// currentDeficit is country j's deficit ratio as the shocks so far leave it:
// its target if one was set, else the baseline D/Y.
func (c *compiler) currentDeficit(j int) float64 {
	if t := c.bal.target[j]; !math.IsNaN(t) {
		return t
	}
	return c.bal.d0[j] / c.bal.y0[j]
}

// setTarget pins country j's deficit ratio, refusing a target that leaves
// no expenditure (E' − R' = Y'(1 + D'/Y') must stay positive).
func (c *compiler) setTarget(j int, d float64, at Pos, what string) error {
	if !(d > -1) {
		return at.errorf("%s: the trade surplus of %s would be %.4g%% of GDP, leaving expenditure (GDP − surplus) non-positive",
			what, c.ds.Countries[j].Code, -100*d)
	}
	c.bal.target[j] = d
	return nil
}

// setAbsorb sets the absorption weights; the model has one rule per solve,
// so a later rule replaces an earlier one, with a note.
func (c *compiler) setAbsorb(w []float64, by string) {
	if c.bal.absorb != nil && c.bal.absorbBy != by {
		c.note(fmt.Sprintf("%s replaces the counterpart rule of %s: the model spreads every target's counterpart balance by one rule", by, c.bal.absorbBy))
	}
	c.bal.absorb, c.bal.absorbBy = w, by
}

// gdpWeights is baseline GDP for the selected countries and 0 elsewhere.
func (c *compiler) gdpWeights(sel []int) []float64 {
	w := make([]float64, c.ds.N())
	for _, j := range sel {
		w[j] = c.bal.y0[j]
	}
	return w
}

// applyRebalance sets a deficit target for the country and, if the shock
// names them, the counterparts that absorb the change.
func (c *compiler) applyRebalance(r *RebalanceShock, at Pos) error {
	c.baseline()
	j, ok := c.idx.country(r.Country.Name)
	if !ok {
		return r.Country.Pos.orField(sub(at.Field, "country")).errorf("%s", c.idx.unknownCountry(r.Country.Name))
	}
	vpos := r.ValuePos.orField(at.Field)
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return vpos.errorf("want a finite percentage of GDP, got %v", r.Value)
	}
	d := -r.Value / 100
	if r.Change {
		d = c.currentDeficit(j) - r.Value/100
	}
	if err := c.setTarget(j, d, vpos, "rebalance"); err != nil {
		return err
	}
	switch r.Counterpart {
	case CounterpartGDP:
		all := make([]int, 0, c.ds.N())
		for k := 0; k < c.ds.N(); k++ {
			all = append(all, k)
		}
		c.setAbsorb(c.gdpWeights(all), at.Field)
	case CounterpartNamed:
		cpos := r.CounterpartsPos.orField(sub(at.Field, "counterpart"))
		sel, err := c.idx.countries(r.Counterparts, at, "counterpart")
		if err != nil {
			return err
		}
		free := 0
		for _, k := range sel {
			if k != j && math.IsNaN(c.bal.target[k]) {
				free++
			}
		}
		if free == 0 {
			return cpos.errorf("names no country other than %s without a target of its own to absorb the counterpart balance", r.Country.Name)
		}
		c.setAbsorb(c.gdpWeights(sel), at.Field)
	}
	return nil
}

// applyCapitalFlow cuts the leader's deficit ratio and weights the
// counterparts by their baseline surpluses.
func (c *compiler) applyCapitalFlow(m *CapitalFlowShock, at Pos) error {
	c.baseline()
	l, ok := c.idx.country(m.Leader.Name)
	if !ok {
		return m.Leader.Pos.orField(sub(at.Field, "leader")).errorf("%s", c.idx.unknownCountry(m.Leader.Name))
	}
	cpos := m.CutPos.orField(at.Field)
	if math.IsNaN(m.CutPctGDP) || math.IsInf(m.CutPctGDP, 0) {
		return cpos.errorf("want a finite percentage of GDP, got %v", m.CutPctGDP)
	}
	if err := c.setTarget(l, c.currentDeficit(l)-m.CutPctGDP/100, cpos, "capital_flow_measure"); err != nil {
		return err
	}
	var sel []int
	rpos := m.RecyclersPos
	if rpos.Line == 0 { // not written: locate the error at the shock
		rpos = at
		rpos.Field = sub(at.Field, "recyclers")
	}
	if m.Recyclers == RecyclersNamed {
		var err error
		if sel, err = c.idx.countries(m.Named, at, "recyclers"); err != nil {
			return err
		}
	} else {
		for k := 0; k < c.ds.N(); k++ {
			sel = append(sel, k)
		}
	}
	w := make([]float64, c.ds.N())
	sum := 0.0
	for _, k := range sel {
		if k != l && math.IsNaN(c.bal.target[k]) {
			w[k] = math.Max(-c.bal.d0[k], 0)
			sum += w[k]
		}
	}
	if !(sum > 0) {
		return rpos.errorf("no recycler runs a trade surplus in the baseline, so none can absorb the cut")
	}
	c.setAbsorb(w, at.Field)
	return nil
}

// LocateSolveError attaches a place in the scenario file to a solver error
// of Kind Invalid that carries none, such as "expenditure of X would be
// non-positive": the deficit instruments are the shocks that can cause it
// once the equilibrium moves incomes, so the error points at the first of
// them. Other errors are returned unchanged.
func (sc *Scenario) LocateSolveError(err error) error {
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid || e.File != "" || e.Line != 0 {
		return err
	}
	for k := range sc.Shocks {
		sh := &sc.Shocks[k]
		if sh.Kind != KindRebalance && sh.Kind != KindCapitalFlow && sh.Kind != KindExportSubsidy && sh.Kind != KindRestriction {
			continue
		}
		at := sh.Pos
		if at.Field == "" {
			at.Field = "shocks[" + strconv.Itoa(k) + "]." + string(sh.Kind)
		}
		located := *e
		located.File, located.Line, located.Col, located.Field = sc.File, at.Line, at.Col, at.Field
		return &located
	}
	return err
}
