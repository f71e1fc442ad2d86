package build

import "math"

// DomesticFit is the log-log regression of domestic sales/GDP on
// imports/GDP over the ICIO economies, reported to show whether openness
// predicts the domestic ratio (it does not on the data: R² ≈ 0, which is
// why the other economies get the median rather than a fitted value).
type DomesticFit struct {
	Slope, Intercept, R2 float64
}

// domesticSales returns each economy's domestic sales (gross output sold
// at home, goods and services), USD million, and the median ratio used for
// economies outside ICIO.
//
// For an ICIO economy c: ICIO 2022's domestic flow of c (all 28 sectors,
// intermediate and final use) × GDP2023/GDP2022 (IMF WEO, current USD),
// i.e. the 2022 structure at 2023 prices and size. For the others: GDP ×
// the median over the ICIO economies of domestic flow/GDP (GDP as in the
// dataset). Either way there is no floor. weo holds WEO GDP by code and
// year; an ICIO economy without WEO 2022 and 2023 GDP falls back to the
// median.
func domesticSales(codes []string, gdp map[string]float64, ic *icio, weo map[string]map[int]float64) (dom map[string]float64, fromICIO []string, med float64) {
	dom = map[string]float64{}
	var ratios []float64
	for _, c := range codes {
		g22, g23 := weo[c][2022], weo[c][2023]
		if !ic.economy[c] || !(g22 > 0 && g23 > 0) || !(gdp[c] > 0) {
			continue
		}
		dom[c] = ic.domestic[c] * g23 / g22
		fromICIO = append(fromICIO, c)
		ratios = append(ratios, dom[c]/gdp[c])
	}
	med = median(ratios)
	for _, c := range codes {
		if _, ok := dom[c]; !ok {
			dom[c] = gdp[c] * med
		}
	}
	return dom, fromICIO, med
}

// fitDomestic regresses log(domestic/GDP) on log(imports/GDP) over codes.
func fitDomestic(codes []string, dom, imports, gdp map[string]float64) DomesticFit {
	var xs, ys []float64
	for _, c := range codes {
		if dom[c] > 0 && imports[c] > 0 && gdp[c] > 0 {
			xs = append(xs, math.Log(imports[c]/gdp[c]))
			ys = append(ys, math.Log(dom[c]/gdp[c]))
		}
	}
	n := float64(len(xs))
	if n < 2 {
		return DomesticFit{}
	}
	mx, my := mean(xs), mean(ys)
	var sxy, sxx, syy float64
	for k := range xs {
		sxy += (xs[k] - mx) * (ys[k] - my)
		sxx += (xs[k] - mx) * (xs[k] - mx)
		syy += (ys[k] - my) * (ys[k] - my)
	}
	f := DomesticFit{Slope: sxy / sxx}
	f.Intercept = my - f.Slope*mx
	if syy > 0 {
		f.R2 = sxy * sxy / (sxx * syy)
	}
	return f
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
