package data

// loadTariffs reads the optional tariffs.csv: rates above −1 (−100 %), zero
// on domestic pairs, one row per (importer, exporter, sector). Missing pairs
// keep the rate 0. The rate column is "rate" (decimals, 0.25 = 25 %) or
// "rate_pct" (percent, 25 = 25 %); a value with a "%" sign is percent in
// either. A decimal rate above 1 is refused as a likely percent.
func (l *loader) loadTariffs() error {
	d := l.d
	d.Tariffs = make([]float64, len(d.Trade))
	t, err := l.readTable(tariffsFile, false, []string{"importer", "exporter"}, []string{"rate", "rate_pct", "sector"})
	if err != nil || t == nil {
		return err
	}
	col, pct := "rate", false
	_, hasRate := t.col["rate"]
	_, hasPct := t.col["rate_pct"]
	switch {
	case hasRate && hasPct:
		return t.errf(row{line: 1}, "rate_pct", "give one of the columns rate (decimals) or rate_pct (percent), not both")
	case hasPct:
		col, pct = "rate_pct", true
	case !hasRate:
		return t.errf(row{line: 1}, "rate", "missing column: want rate (decimals, 0.25 = 25%%) or rate_pct (percent)")
	}
	unit := "as decimals in column rate, 0.25 = 25%"
	if pct {
		unit = "in percent in column rate_pct, 25 = 25%"
	}
	seen := make(map[pairKey]int, len(t.rows))
	for _, r := range t.rows {
		i, j, s, err := l.pairOf(t, r, seen, "importer")
		if err != nil {
			return err
		}
		cell := t.get(r, col)
		if cell == "" {
			return t.errf(r, col, "missing value")
		}
		rate, percent, err := ParseRate(cell, pct)
		if err != nil {
			return t.errf(r, col, "not a rate: %s (this file gives rates %s)", Quote(cell), unit)
		}
		if !percent && TooHighForDecimal(rate) {
			return t.errf(r, col, "rate %s, \"%s%%\", or name the column rate_pct (this file gives rates %s); for %s%% write \"%s%%\"",
				DecimalHint(rate), Clip(cell), unit, PercentText(rate), PercentText(rate))
		}
		if rate <= -1 {
			return t.errf(r, col, "rate %s is at or below −100%% (this file gives rates %s)", Clip(cell), unit)
		}
		if i == j && rate != 0 {
			return t.errf(r, col, "a country's tariff on itself must be 0, got %s", Clip(cell))
		}
		d.Tariffs[d.At(i, j, s)] = rate
	}
	return nil
}
