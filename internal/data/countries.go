package data

import "strings"

// loadCountries reads countries.csv: unique valid codes, a name, an optional
// non-negative gdp and optional ';'-separated groups.
func (l *loader) loadCountries() error {
	t, err := l.readTable(countriesFile, true, []string{"code", "name"}, []string{"gdp", "group"})
	if err != nil {
		return err
	}
	l.country = map[string]int{}
	for _, r := range t.rows {
		code, err := t.code(r, "code")
		if err != nil {
			return err
		}
		if prev, dup := l.country[code]; dup {
			return t.errf(r, "code", "duplicate country code %s (first on line %d)", code, l.countryRow[prev])
		}
		gdp, err := t.nonNegative(r, "gdp", true)
		if err != nil {
			return err
		}
		groups, err := parseGroups(t, r)
		if err != nil {
			return err
		}
		l.country[code] = len(l.d.Countries)
		l.countryRow = append(l.countryRow, r.line)
		l.d.Countries = append(l.d.Countries, Country{Code: code, Name: t.get(r, "name"), GDP: gdp, Groups: groups})
	}
	// A group named like a country would make scenario selectors ambiguous.
	for i, c := range l.d.Countries {
		for _, g := range c.Groups {
			if _, clash := l.country[g]; clash {
				return t.errf(row{line: l.countryRow[i]}, "group", "group %s has the name of a country code", g)
			}
		}
	}
	return nil
}

// parseGroups splits the group cell on ';', dropping empty parts and
// repeats.
func parseGroups(t *table, r row) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, g := range strings.Split(t.get(r, "group"), ";") {
		g = strings.TrimSpace(g)
		if g == "" || seen[g] {
			continue
		}
		if !groupPattern.MatchString(g) {
			return nil, t.errf(r, "group", "bad group name %s (want 1–32 letters, digits, '_', '-' or '+')", Quote(g))
		}
		seen[g] = true
		out = append(out, g)
	}
	return out, nil
}
