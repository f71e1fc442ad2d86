package build

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
)

// setTariffs fills the baseline tariffs: importer j charges every exporter
// outside its free-trade zones (freeTradeZones) its trade-weighted applied
// average (World Bank TM.TAX.MRCH.WM.AR.ZS, mostly 2022), the same on all
// partners; inside a zone the rate is 0, and so is the rate of the US's
// FTA partners on US goods (usFTAPartners: their agreements admit nearly
// all US goods duty-free; the few tariff lines still phasing out are
// ignored). EU members without a row carry
// the EU's value; other importers without one get the median of the known
// averages, counting the EU once (its 27 identical values would otherwise
// pull the median towards the EU's low rate). This is an approximation: the true bilateral rates
// vary with preferences and product mix. The dataset records the importers
// given the median (Dataset.TariffFallback, dataset.yaml tariff_fallback),
// since the rate itself cannot tell them apart: Bahrain's own average is
// 3.66% too.
func setTariffs(d *data.Dataset, rep *Report) error {
	pct := map[string]float64{}
	var known []float64
	eu, euKnown := d.Macro["EUU"]
	euKnown = euKnown && !math.IsNaN(eu.TariffAppliedWtd)
	if euKnown {
		known = append(known, eu.TariffAppliedWtd)
	}
	for _, c := range d.Countries {
		inEU := slices.Contains(c.Groups, "EU27")
		m, ok := d.Macro[c.Code]
		switch {
		case ok && !math.IsNaN(m.TariffAppliedWtd):
			pct[c.Code] = m.TariffAppliedWtd
			if !inEU || !euKnown {
				known = append(known, m.TariffAppliedWtd)
			}
		case inEU && euKnown:
			pct[c.Code] = eu.TariffAppliedWtd
		}
	}
	rep.TariffMedianPct = median(known)
	zone := zoneMembership(d)
	d.Tariffs = make([]float64, len(d.Trade))
	for j, cj := range d.Countries {
		p, ok := pct[cj.Code]
		if !ok {
			p = rep.TariffMedianPct
			rep.TariffFallback = append(rep.TariffFallback, cj.Code)
		}
		rate := math.Round(p*1e4) / 1e6 // percent → decimal, rounded to 0.0001 pp
		usFTA := slices.Contains(usFTAPartners, cj.Code)
		if usFTA {
			if rep.USFTAOnUSBefore == nil {
				rep.USFTAOnUSBefore = map[string]float64{}
			}
			rep.USFTAOnUS = append(rep.USFTAOnUS, cj.Code)
			rep.USFTAOnUSBefore[cj.Code] = p
		}
		for i, ci := range d.Countries {
			if i == j || sharesZone(zone[i], zone[j]) || (usFTA && ci.Code == "USA") {
				continue
			}
			d.Tariffs[d.At(i, j, 0)] = rate
		}
	}
	d.TariffFallback = tariffFallback(rep.TariffFallback, rep.TariffMedianPct)
	return nil
}

// tariffFallbackMethod is how the fallback rate is made and charged, as
// dataset.yaml's tariff_fallback says it.
const tariffFallbackMethod = "median of the World Bank trade-weighted applied averages (TM.TAX.MRCH.WM.AR.ZS) of the importers that have one, " +
	"the EU counted once; charged on every partner outside the importer's free-trade zones, 0 inside them and, for the US's free-trade partners, on US goods"

// tariffFallback is the record of the importers given the median rate pct
// (in country order), none (the zero value) when there are none. Its note names the US's
// FTA partners among them, whose rate on US goods is 0, not the median:
// their agreements admit nearly all US goods duty-free.
func tariffFallback(codes []string, pct float64) data.TariffFallback {
	if len(codes) == 0 {
		return data.TariffFallback{}
	}
	tf := data.TariffFallback{Pct: pct, Method: tariffFallbackMethod, Importers: slices.Clone(codes)}
	var fta []string
	for _, c := range codes {
		if slices.Contains(usFTAPartners, c) {
			fta = append(fta, c)
		}
	}
	if len(fta) > 0 {
		tf.Note = fmt.Sprintf("of the %d importers given it, the US's free-trade partners (%s) charge it on every partner but the US: "+
			"their agreements admit nearly all US goods duty-free, so their tariff on US goods is 0, not %.2f%% (the lines still phasing out are ignored)",
			len(codes), strings.Join(fta, ", "), pct)
	}
	return tf
}

// zoneMembership lists for each country the indices of the free-trade zones
// it belongs to.
func zoneMembership(d *data.Dataset) [][]int {
	out := make([][]int, d.N())
	for i, c := range d.Countries {
		for z, groups := range freeTradeZones {
			for _, g := range groups {
				if slices.Contains(c.Groups, g) {
					out[i] = append(out[i], z)
					break
				}
			}
		}
	}
	return out
}

func sharesZone(a, b []int) bool {
	for _, z := range a {
		if slices.Contains(b, z) {
			return true
		}
	}
	return false
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
