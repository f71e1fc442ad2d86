package data

// loadSectors reads the optional sectors.csv. Without it the dataset has the
// single sector ALL. A trade_elasticity, when given, must be positive; an
// empty cell means the dataset does not set θ for that sector (the scenario
// does), which keeps multi-sector datasets without θ exportable.
func (l *loader) loadSectors() error {
	l.sector = map[string]int{}
	t, err := l.readTable(sectorsFile, false, []string{"code"}, []string{"name", "trade_elasticity"})
	if err != nil {
		return err
	}
	if t == nil {
		l.d.Sectors = []Sector{DefaultSector}
		l.sector[DefaultSector.Code] = 0
		return nil
	}
	for _, r := range t.rows {
		code, err := t.code(r, "code")
		if err != nil {
			return err
		}
		if _, dup := l.sector[code]; dup {
			return t.errf(r, "code", "duplicate sector code %s", code)
		}
		theta, given, err := t.number(r, "trade_elasticity", true)
		if err != nil {
			return err
		}
		if given && theta <= 0 {
			return t.errf(r, "trade_elasticity", "trade elasticity must be positive, got %v", theta)
		}
		l.sector[code] = len(l.d.Sectors)
		l.d.Sectors = append(l.d.Sectors, Sector{Code: code, Name: t.get(r, "name"), Theta: theta})
	}
	return nil
}
