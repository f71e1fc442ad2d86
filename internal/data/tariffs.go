package data

// loadTariffs reads the optional tariffs.csv: rates as decimals above −1
// (−100 %), zero on domestic pairs, one row per (importer, exporter, sector).
// Missing pairs keep the rate 0.
func (l *loader) loadTariffs() error {
	d := l.d
	d.Tariffs = make([]float64, len(d.Trade))
	t, err := l.readTable(tariffsFile, false, []string{"importer", "exporter", "rate"}, []string{"sector"})
	if err != nil || t == nil {
		return err
	}
	seen := make(map[pairKey]int, len(t.rows))
	for _, r := range t.rows {
		i, j, s, err := l.pairOf(t, r, seen, "importer")
		if err != nil {
			return err
		}
		rate, _, err := t.number(r, "rate", false)
		if err != nil {
			return err
		}
		if rate <= -1 {
			return t.errf(r, "rate", "rate %v is at or below −1 (−100 %%); rates are decimals (0.25 = 25 %%)", rate)
		}
		if i == j && rate != 0 {
			return t.errf(r, "rate", "a country's tariff on itself must be 0, got %v", rate)
		}
		d.Tariffs[d.At(i, j, s)] = rate
	}
	return nil
}
