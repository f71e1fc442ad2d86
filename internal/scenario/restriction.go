package scenario

import (
	"fmt"
	"math"

	"go.yaml.in/yaml/v3"
)

// BanRate is the export tax a `ban: true` restriction stands for: a tariff
// equivalent of a million-fold price, near-prohibitive for every θ the
// model takes (the flow falls by 10^(−6θ)) while keeping every number finite.
const BanRate = 1e6 - 1

// ExportRestrictionShock is supply coercion (the OPEC chapter of the seed
// essay): the exporters tax, or practically ban, their sales of the chosen
// sectors to the chosen importers. The tax's revenue, or the rent of the
// quota it stands for, goes to the exporter. In the model it is an export
// subsidy of 1/(1+e) − 1 (see ExportSubsidyShock): buyers pay (1+t)(1+e) times
// the producer price and the exporter's income gains e·X'. Restrictions
// compound with subsidies and with each other multiplicatively.
type ExportRestrictionShock struct {
	Exporter Selector
	Importer Selector // empty = every other country
	Sector   Selector // empty = every sector
	Rate     float64  // e ≥ 0, a decimal; BanRate for `ban: true`
	Ban      bool
	RatePos  Pos
}

var exportRestrictionKeys = []string{"exporter", "importer", "sector", "rate", "rate_pct", "ban"}

// exportRestriction parses an `export_restriction:` shock.
func (p *parser) exportRestriction(n *yaml.Node, path string) (*ExportRestrictionShock, error) {
	f, err := p.mapping(n, path, exportRestrictionKeys)
	if err != nil {
		return nil, err
	}
	form, err := p.exactlyOne(f, "rate", "rate_pct", "ban")
	if err != nil {
		return nil, err
	}
	x := &ExportRestrictionShock{}
	if x.Exporter, err = p.reqSelector(f, "exporter", " (who restricts its exports)"); err != nil {
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
	x.RatePos = p.posOf(deref(v), field)
	if form == "ban" {
		ban, err := p.boolean(v, field)
		if err != nil {
			return nil, err
		}
		if !ban {
			return nil, x.RatePos.errorf("ban: false restricts nothing; remove the shock or give a rate")
		}
		x.Ban, x.Rate = true, BanRate
		return x, nil
	}
	base, pct := rateForm(form)
	if x.Rate, err = p.rateValue(v, field, base, pct, false); err != nil {
		return nil, err
	}
	if x.Rate < 0 {
		return nil, x.RatePos.errorf("an export restriction's rate must be ≥ 0 (a tax on the exporter's sales; use export_subsidy for a subsidy), got %v", x.Rate)
	}
	return x, nil
}

// applyExportRestriction divides 1+sub on the selected foreign pairs by 1+e.
func (c *compiler) applyExportRestriction(x *ExportRestrictionShock, at Pos) error {
	if !(x.Rate >= 0) || math.IsInf(x.Rate, 0) {
		return x.RatePos.orField(at.Field).errorf("an export restriction's rate must be ≥ 0 and finite, got %v", x.Rate)
	}
	if err := c.applyToExports(x.Exporter, x.Importer, x.Sector, at, func(sub float64) float64 { return (1+sub)/(1+x.Rate) - 1 }); err != nil {
		return err
	}
	c.noteRestriction(x, at)
	return nil
}

// noteRestriction says how much trade a restriction covers and what the
// model can and cannot make of it: the restricted flows' share of the
// importers' purchases of those sectors bounds the price rise, because
// every buyer can switch to the next-best origin or to home production.
func (c *compiler) noteRestriction(x *ExportRestrictionShock, at Pos) {
	exporters, err1 := c.idx.countries(x.Exporter, at, "exporter")
	sectors, err2 := c.idx.sectorsOf(x.Sector, at, "sector")
	if err1 != nil || err2 != nil {
		return
	}
	N, S := c.ds.N(), c.ds.S()
	importers := make([]int, 0, N)
	if len(x.Importer) > 0 {
		if importers, err1 = c.idx.countries(x.Importer, at, "importer"); err1 != nil {
			return
		}
	} else {
		for j := 0; j < N; j++ {
			importers = append(importers, j)
		}
	}
	isExp := make([]bool, N)
	for _, i := range exporters {
		isExp[i] = true
	}
	var cut, total float64
	for _, j := range importers {
		for _, s := range sectors {
			for i := 0; i < N; i++ {
				v := c.ds.Trade[(i*N+j)*S+s]
				total += v
				if isExp[i] && i != j {
					cut += v
				}
			}
		}
	}
	if total <= 0 {
		return
	}
	what := "taxed"
	if x.Ban {
		what = "cut off"
	}
	c.note(fmt.Sprintf("export_restriction: the flows %s are %.2f%% of the importers' purchases of the sectors named (%.0f of %.0f %s, home production included). "+
		"Final demand is Cobb–Douglas across sectors and CES across origins within a sector, so buyers switch to the next-best origin or to home production: "+
		"the model prices that switch, not the shortages of a true embargo, and a cut-off of a few percent of inputs has bounded effects. "+
		"How easily buyers switch is the sectors' trade elasticity θ (the dataset's, e.g. BSY's on icio-2022, estimated on years of adjustment): "+
		"for a short-run view set a low one (model.trade_elasticity: 1, or sweep --theta 1,2); even then the model has no shortages, so a sudden cut-off costs more than it shows",
		what, 100*cut/total, cut, total, c.ds.Unit))
}
