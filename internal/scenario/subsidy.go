package scenario

import (
	"math"

	"go.yaml.in/yaml/v3"
)

// SubsidyOp is how an export_subsidy shock sets the subsidies.
type SubsidyOp int

// The subsidy operations.
const (
	// SetSubsidy (`rate: s`): the exporter pays an ad valorem subsidy s on the
	// selected sales (s > −1; a negative s is an export tax).
	SetSubsidy SubsidyOp = iota
	// RemoveSubsidy (`remove: s`): a subsidy s assumed present in the baseline
	// is withdrawn.
	RemoveSubsidy
)

// ExportSubsidyShock sets or removes an ad valorem export subsidy (a VAT
// rebate on exports is the same instrument) on the exporters' sales to the
// importers.
//
// The baseline data carry no subsidy, so a removal is modelled relative to
// it: if the data were generated with a subsidy s, buyers paid 1/(1+s) of the
// producer price and the exporter's government paid the rest, a transfer that
// nets out of national income. Withdrawing it raises buyer prices by (1+s)
// and ends the outlay. In the model's hat algebra that is a subsidy
// sub' = 1/(1+s) − 1 = −s/(1+s) on the data: buyers pay (1+t)(1+s) times the
// producer price, and the "outlay" X'·sub'/(1+sub') = −s·X' is income the
// exporter's government no longer spends on the subsidy. Removing a subsidy
// of 0 is no change at all. Successive shocks compound multiplicatively on
// 1+sub, like trade costs.
type ExportSubsidyShock struct {
	Op       SubsidyOp
	Exporter Selector
	Importer Selector // empty = every other country
	Sector   Selector // empty = every sector
	Value    float64  // s, a decimal (0.1 = 10%)
	ValuePos Pos
}

var exportSubsidyKeys = []string{"exporter", "importer", "rate", "rate_pct", "remove", "remove_pct", "sector"}

// exportSubsidy parses an `export_subsidy:` shock.
func (p *parser) exportSubsidy(n *yaml.Node, path string) (*ExportSubsidyShock, error) {
	f, err := p.mapping(n, path, exportSubsidyKeys)
	if err != nil {
		return nil, err
	}
	form, err := p.exactlyOne(f, "rate", "rate_pct", "remove", "remove_pct")
	if err != nil {
		return nil, err
	}
	base, pct := rateForm(form)
	x := &ExportSubsidyShock{}
	if base == "remove" {
		x.Op = RemoveSubsidy
	}
	if x.Exporter, err = p.reqSelector(f, "exporter", " (who pays the subsidy)"); err != nil {
		return nil, err
	}
	if x.Importer, err = p.optSelector(f, "importer"); err != nil {
		return nil, err
	}
	if x.Sector, err = p.optSelector(f, "sector"); err != nil {
		return nil, err
	}
	v, _ := f.get(form)
	field := sub(path, form)
	if x.Value, err = p.rateValue(v, field, base, pct, false); err != nil {
		return nil, err
	}
	x.ValuePos = p.posOf(deref(v), field)
	if x.Value <= -1 {
		return nil, x.ValuePos.errorf("export subsidy must be > −1 (a decimal: 0.1 = 10%%; −1 or less would make the good free or pay buyers to take it), got %v", x.Value)
	}
	return x, nil
}

// applyExportSubsidy multiplies 1+sub on the selected pairs by (1+s) (set:
// replaces) or by 1/(1+s) (removal).
func (c *compiler) applyExportSubsidy(x *ExportSubsidyShock, at Pos) error {
	vpos := x.ValuePos.orField(at.Field)
	if !(x.Value > -1) || math.IsInf(x.Value, 0) {
		return vpos.errorf("export subsidy must be > −1 and finite, got %v", x.Value)
	}
	return c.applyToExports(x.Exporter, x.Importer, x.Sector, at, func(sub float64) float64 {
		if x.Op == SetSubsidy {
			return x.Value
		}
		return (1+sub)/(1+x.Value) - 1
	})
}

// applyToExports sets the subsidy of every selected foreign pair (exporters
// to importers, every importer when none is named, in the selected sectors)
// to next(its current subsidy).
func (c *compiler) applyToExports(exporter, importer, sector Selector, at Pos, next func(float64) float64) error {
	exporters, err := c.idx.countries(exporter, at, "exporter")
	if err != nil {
		return err
	}
	importers := make([]int, c.ds.N())
	for j := range importers {
		importers[j] = j
	}
	if len(importer) > 0 {
		if importers, err = c.idx.countries(importer, at, "importer"); err != nil {
			return err
		}
	}
	sectors, err := c.idx.sectorsOf(sector, at, "sector")
	if err != nil {
		return err
	}
	if c.sub == nil {
		c.sub = make([]float64, len(c.ds.Trade))
	}
	N, S := c.ds.N(), c.ds.S()
	pairs := 0
	for _, i := range exporters {
		for _, j := range importers {
			if i == j {
				continue // domestic sales are never taxed or subsidised as exports
			}
			pairs++
			for _, s := range sectors {
				k := (i*N+j)*S + s
				c.sub[k] = next(c.sub[k])
			}
		}
	}
	if pairs == 0 {
		return at.errorf("selects no pair of different countries")
	}
	return nil
}
