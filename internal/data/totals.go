package data

import (
	"maps"
	"slices"
)

// ForeignTotal is the sum of all trade between different countries, in the
// dataset's unit.
func (d *Dataset) ForeignTotal() float64 { return d.sumTrade(false) }

// DomesticTotal is the sum of all domestic sales (exporter = importer).
func (d *Dataset) DomesticTotal() float64 { return d.sumTrade(true) }

func (d *Dataset) sumTrade(domestic bool) float64 {
	total := 0.0
	for i := range d.Countries {
		for j := range d.Countries {
			if (i == j) != domestic {
				continue
			}
			for s := range d.Sectors {
				total += d.Trade[d.At(i, j, s)]
			}
		}
	}
	return total
}

// Flow is the baseline flow from exporter i to importer j, all sectors.
func (d *Dataset) Flow(i, j int) float64 {
	x := 0.0
	for s := range d.Sectors {
		x += d.Trade[d.At(i, j, s)]
	}
	return x
}

// GoodsFlow is exporter i's sales of goods to importer j under flows f in
// the data layout (the baseline's when f is nil): every sector but the
// services sector (IsServices), which tariffs and embargoes do not reach
// and which goods statistics such as Census's leave out.
func (d *Dataset) GoodsFlow(f []float64, i, j int) float64 {
	if f == nil {
		f = d.Trade
	}
	x := 0.0
	for s := range d.Sectors {
		if !d.IsServices(s) {
			x += f[d.At(i, j, s)]
		}
	}
	return x
}

// GoodsTariffSums returns the sums behind importer j's trade-weighted
// tariff on exporter i's goods: Σ X·t and Σ X over the goods sectors, the
// weights the baseline flows X, t in the data layout (the dataset's
// tariffs when nil; none when the dataset has no tariff table). The
// services sector, which no tariff of the scenarios' schedules or games
// reaches, is left out: weighted in, it diluted the averages on icio-2022.
func (d *Dataset) GoodsTariffSums(t []float64, i, j int) (num, den float64) {
	if t == nil {
		t = d.Tariffs
	}
	for s := range d.Sectors {
		if d.IsServices(s) {
			continue
		}
		k := d.At(i, j, s)
		if len(t) > 0 {
			num += d.Trade[k] * t[k]
		}
		den += d.Trade[k]
	}
	return num, den
}

// Exports is country i's sales to other countries, all sectors.
func (d *Dataset) Exports(i int) float64 {
	x := 0.0
	for j := range d.Countries {
		if j != i {
			for s := range d.Sectors {
				x += d.Trade[d.At(i, j, s)]
			}
		}
	}
	return x
}

// Imports is country j's purchases from other countries, all sectors.
func (d *Dataset) Imports(j int) float64 {
	x := 0.0
	for i := range d.Countries {
		if i != j {
			for s := range d.Sectors {
				x += d.Trade[d.At(i, j, s)]
			}
		}
	}
	return x
}

// Domestic is country i's domestic sales, all sectors.
func (d *Dataset) Domestic(i int) float64 {
	x := 0.0
	for s := range d.Sectors {
		x += d.Trade[d.At(i, i, s)]
	}
	return x
}

// Clone returns a deep copy of d, for callers that modify a dataset obtained
// from Default (which is shared).
func (d *Dataset) Clone() *Dataset {
	c := *d
	c.Sources = slices.Clone(d.Sources)
	c.Countries = make([]Country, len(d.Countries))
	for i, x := range d.Countries {
		x.Groups = slices.Clone(x.Groups)
		c.Countries[i] = x
	}
	c.Sectors = slices.Clone(d.Sectors)
	c.Trade = slices.Clone(d.Trade)
	c.Tariffs = slices.Clone(d.Tariffs)
	c.VA = slices.Clone(d.VA)
	c.IO = slices.Clone(d.IO)
	c.ElasticitySets = slices.Clone(d.ElasticitySets)
	if d.Elasticities != nil {
		c.Elasticities = make(map[string][]float64, len(d.Elasticities))
		for k, v := range d.Elasticities {
			c.Elasticities[k] = slices.Clone(v)
		}
	}
	if d.Groups != nil {
		c.Groups = make(map[string][]string, len(d.Groups))
		for k, v := range d.Groups {
			c.Groups[k] = slices.Clone(v)
		}
	}
	if d.Members != nil {
		c.Members = make(map[string][]string, len(d.Members))
		for k, v := range d.Members {
			c.Members[k] = slices.Clone(v)
		}
	}
	c.Macro = maps.Clone(d.Macro)
	c.CurrentAccount = slices.Clone(d.CurrentAccount)
	c.TariffFallback.Importers = slices.Clone(d.TariffFallback.Importers)
	return &c
}
