package data

import (
	"fmt"
	"math"
	"path"
	"strings"
)

// sectorOf returns the sector index of row r. An absent or empty sector
// cell means the only sector of a single-sector dataset.
func (l *loader) sectorOf(t *table, r row) (int, error) {
	s := t.get(r, "sector")
	if s == "" {
		if len(l.d.Sectors) == 1 {
			return 0, nil
		}
		return 0, t.errf(r, "sector", "missing sector (the dataset has %d sectors)", len(l.d.Sectors))
	}
	k, ok := l.sector[s]
	if !ok {
		return 0, t.errf(r, "sector", "unknown sector %s", Quote(s))
	}
	return k, nil
}

// countryOf returns the index of the country in column c of row r.
func (l *loader) countryOf(t *table, r row, c string) (int, error) {
	code := t.get(r, c)
	i, ok := l.country[code]
	if !ok {
		return 0, l.unknownCountry(t, r, c, code)
	}
	return i, nil
}

// unknownCountry is the error for a code in column c of row r that is not
// in countries.csv. Codes are case-sensitive; when countries.csv has the
// code in another case, the file with the lower-case spelling is blamed,
// with the upper-case one as the fix: countries.csv when it wrote "usa" and
// this file "USA", which would otherwise read as an error in this file.
func (l *loader) unknownCountry(t *table, r row, c, code string) error {
	if err := l.caseMismatch(t, r, c, code); err != nil {
		return err
	}
	return t.errf(r, c, "unknown country code %s (not in %s)", Quote(code), countriesFile)
}

// caseMismatch is unknownCountry's error when countries.csv has code in
// another case, nil when it does not.
func (l *loader) caseMismatch(t *table, r row, c, code string) error {
	for k, known := range l.d.Countries {
		if !strings.EqualFold(known.Code, code) {
			continue
		}
		upper := strings.ToUpper(code)
		if known.Code != upper {
			return errAt(l.name(countriesFile), row{line: l.countryRow[k]}, "code",
				"country code %s is not upper case while %s:%d names %s: country codes are upper case (write %s)",
				Quote(known.Code), path.Base(t.file), r.line, Quote(code), upper)
		}
		return t.errf(r, c, "unknown country code %s (country codes are upper case: %s)", Quote(code), known.Code)
	}
	return nil
}

// pairKey identifies one (exporter, importer, sector) row for duplicate checks.
type pairKey struct{ i, j, s int }

// pairOf resolves a row's exporter, importer and sector, and rejects a second
// row for the same triple (seen maps each triple to its first line); field
// names the column an error points at.
func (l *loader) pairOf(t *table, r row, seen map[pairKey]int, field string) (i, j, s int, err error) {
	if i, err = l.countryOf(t, r, "exporter"); err != nil {
		return
	}
	if j, err = l.countryOf(t, r, "importer"); err != nil {
		return
	}
	if s, err = l.sectorOf(t, r); err != nil {
		return
	}
	if prev, dup := seen[pairKey{i, j, s}]; dup {
		d := l.d
		return 0, 0, 0, t.errf(r, field, "duplicate row for exporter %s, importer %s, sector %s (first on line %d)",
			d.Countries[i].Code, d.Countries[j].Code, d.Sectors[s].Code, prev)
	}
	seen[pairKey{i, j, s}] = r.line
	return i, j, s, nil
}

// loadTrade reads trade.csv, derives missing domestic sales and checks that
// every country sells something.
func (l *loader) loadTrade() error {
	t, err := l.readTable(tradeFile, true, []string{"exporter", "importer", "value"}, []string{"sector"})
	if err != nil {
		return err
	}
	d := l.d
	n, ns := d.N(), d.S()
	d.Trade = make([]float64, n*n*ns)
	seen := make(map[pairKey]int, len(t.rows))
	hasDomestic := make([]bool, n)
	// Running totals, so that values too large to add up are blamed on the
	// trade.csv row whose value makes a sum overflow, not on a country.
	sales, bought := make([]float64, n), make([]float64, n)
	world := 0.0
	for _, r := range t.rows {
		i, j, s, err := l.pairOf(t, r, seen, "exporter")
		if err != nil {
			return err
		}
		v, err := t.nonNegative(r, "value", false)
		if err != nil {
			return err
		}
		d.Trade[d.At(i, j, s)] = v
		sales[i] += v
		bought[j] += v
		world += v
		switch {
		case math.IsInf(sales[i], 0):
			return t.errf(r, "value", "%s's total sales overflow with this value (values too large: is the unit right?)", d.Countries[i].Code)
		case math.IsInf(bought[j], 0):
			return t.errf(r, "value", "%s's total purchases overflow with this value (values too large: is the unit right?)", d.Countries[j].Code)
		case math.IsInf(world, 0):
			return t.errf(r, "value", "the world total of flows overflows with this value (values too large: is the unit right?)")
		}
		if i == j {
			hasDomestic[i] = true
		} else if g := d.Countries[i].GDP; g > 0 && v > float64(MaxBalancePctGDP)/100*g {
			// Legal but most likely a typo (1e12 for 1e6) or a unit mix-up:
			// one flow alone beyond the balance rule's share of GDP.
			l.warnings = append(l.warnings, t.errf(r, "value", "%s→%s %s is %.0f%% of %s's gdp %s (beyond %d%%): a typo or a unit mix-up?",
				d.Countries[i].Code, d.Countries[j].Code, Clip(t.get(r, "value")), 100*v/g, d.Countries[i].Code, formatFloat(g), MaxBalancePctGDP).Error())
		}
	}
	if err := l.deriveDomestic(hasDomestic); err != nil {
		return err
	}
	return l.checkSales(hasDomestic)
}

// deriveDomestic fills X_ii = GDP_i − Σ_{j≠i} X_ij for countries without a
// domestic row (DESIGN §4: GDP as the value of production). It needs one
// sector, since GDP cannot be split across sectors.
func (l *loader) deriveDomestic(hasDomestic []bool) error {
	d := l.d
	for i, c := range d.Countries {
		if hasDomestic[i] {
			continue
		}
		at := row{line: l.countryRow[i]}
		if d.S() > 1 {
			return errAt(l.name(countriesFile), at, "code",
				"country %s has no domestic sales row in %s; with %d sectors they cannot be derived from gdp", c.Code, tradeFile, d.S())
		}
		if c.GDP == 0 {
			return errAt(l.name(countriesFile), at, "gdp",
				"country %s has no domestic sales row in %s and no gdp to derive them from", c.Code, tradeFile)
		}
		exports := 0.0
		for j := range d.Countries {
			if j != i {
				exports += d.Trade[d.At(i, j, 0)]
			}
		}
		dom := c.GDP - exports
		if !(dom > 0) {
			return errAt(l.name(countriesFile), at, "gdp",
				"country %s: domestic sales gdp − exports = %s − %s is not positive; add a domestic row (exporter = importer) to %s",
				c.Code, formatFloat(c.GDP), formatFloat(exports), tradeFile)
		}
		d.Trade[d.At(i, i, 0)] = dom
	}
	return nil
}

// checkSales rejects a country whose total sales (domestic and exports, all
// sectors) or total purchases are zero: the model divides by both (a
// country that buys nothing has no expenditure to take shares of). The
// rows of trade.csv are summed as they are read (loadTrade); a sum that
// overflows only here does so with domestic sales derived from a gdp
// (hasDomestic false), so the error points at the gdp.
func (l *loader) checkSales(hasDomestic []bool) error {
	d := l.d
	overflowField := func(i int) string {
		if hasDomestic[i] {
			return "code"
		}
		return "gdp"
	}
	for i, c := range d.Countries {
		total := 0.0
		for j := range d.Countries {
			for s := range d.Sectors {
				total += d.Trade[d.At(i, j, s)]
			}
		}
		if !(total > 0) {
			return errAt(l.name(countriesFile), row{line: l.countryRow[i]}, "code", "country %s has zero total sales in %s", c.Code, tradeFile)
		}
		if math.IsInf(total, 0) {
			return errAt(l.name(countriesFile), row{line: l.countryRow[i]}, overflowField(i), "country %s: total sales overflow (values too large)", c.Code)
		}
	}
	// Purchases and the world total must be finite too: the model sums them.
	world := 0.0
	for j, c := range d.Countries {
		bought := 0.0
		for i := range d.Countries {
			for s := range d.Sectors {
				bought += d.Trade[d.At(i, j, s)]
			}
		}
		world += bought
		if !(bought > 0) {
			return errAt(l.name(countriesFile), row{line: l.countryRow[j]}, "code",
				"country %s has zero total purchases in %s (no row with importer %s has a positive value): the model needs its expenditure", c.Code, tradeFile, c.Code)
		}
		if math.IsInf(bought, 0) {
			return errAt(l.name(countriesFile), row{line: l.countryRow[j]}, overflowField(j), "country %s: total purchases overflow (values too large)", c.Code)
		}
		if math.IsInf(world, 0) {
			return errAt(l.name(countriesFile), row{line: l.countryRow[j]}, overflowField(j), "the world total of flows overflows at country %s (values too large)", c.Code)
		}
	}
	return nil
}

// errAt is an Invalid error at a row of a file other than the one being read.
func errAt(file string, r row, field, format string, args ...any) error {
	t := &table{file: file}
	return t.errf(r, field, "%s", fmt.Sprintf(format, args...))
}
