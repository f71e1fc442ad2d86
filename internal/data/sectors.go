package data

// MinTheta and MaxTheta bound a trade elasticity θ in sectors.csv and
// elasticities.csv. Published estimates lie well inside (0.2 to 65 across
// the eight sets of icio-2022's elasticities.csv); a θ of 1e-300 or 1e300
// is a typo or a unit slip, and it drives trade shares to 0 or 1 and the
// solver out of range (the model raises prices to the power −θ). The
// bounds are inclusive.
const (
	MinTheta = 0.1
	MaxTheta = 100
)

// checkTheta refuses a θ outside [MinTheta, MaxTheta] in column c.
func checkTheta(t *table, r row, c string, theta float64) error {
	if theta <= 0 {
		return t.errf(r, c, "trade elasticity must be positive, got %v", theta)
	}
	if theta < MinTheta || theta > MaxTheta {
		return t.errf(r, c, "trade elasticity %v is outside [%g, %g] (published estimates lie between about 0.2 and 65)", theta, float64(MinTheta), float64(MaxTheta))
	}
	return nil
}

// loadSectors reads the optional sectors.csv. Without it the dataset has the
// single sector ALL. A trade_elasticity, when given, must lie in [MinTheta,
// MaxTheta]; an empty cell means the dataset does not set θ for that sector
// (the scenario does), which keeps multi-sector datasets without θ
// exportable.
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
		if given {
			if err := checkTheta(t, r, "trade_elasticity", theta); err != nil {
				return err
			}
		}
		l.sector[code] = len(l.d.Sectors)
		l.d.Sectors = append(l.d.Sectors, Sector{Code: code, Name: t.get(r, "name"), Theta: theta})
	}
	return nil
}
