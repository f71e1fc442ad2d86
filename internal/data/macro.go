package data

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// macroColumns are the value columns of macro.csv, in the order Export
// writes them, with the Macro field each one fills.
var macroColumns = []struct {
	name  string
	field func(*Macro) *float64
}{
	{"ca_pct_gdp_2023", func(m *Macro) *float64 { return &m.CAPctGDP2023 }},
	{"ca_pct_gdp_2024", func(m *Macro) *float64 { return &m.CAPctGDP2024 }},
	{"gdp_usd_bn_2024", func(m *Macro) *float64 { return &m.GDPUSDbn2024 }},
	{"tariff_applied_weighted_pct", func(m *Macro) *float64 { return &m.TariffAppliedWtd }},
	{"tariff_simple_mean_pct", func(m *Macro) *float64 { return &m.TariffSimpleMean }},
	{"tariff_mfn_weighted_pct", func(m *Macro) *float64 { return &m.TariffMFNWeighted }},
	{"goods_balance_bop_usd_bn_2023", func(m *Macro) *float64 { return &m.GoodsBalanceBoP2023 }},
}

// loadMacro reads the optional macro.csv; empty cells are NaN. A code need
// not be a country of the dataset — the surplus analysis classifies every
// economy macro.csv lists, and world-2023 lists the EU's own figures under
// EUU — but it must name an economy: a country of countries.csv, an economy
// an aggregate stands for (members.csv), or an economy by its ISO 3166
// alpha-3 code, XKX or EUU (KnownEconomy). A code that is none of them is a
// typo whose row no analysis could match.
func (l *loader) loadMacro() error {
	var optional = []string{"name"}
	for _, c := range macroColumns {
		optional = append(optional, c.name)
	}
	t, err := l.readTable(macroFile, false, []string{"code"}, optional)
	if err != nil || t == nil {
		return err
	}
	l.d.Macro = make(map[string]Macro, len(t.rows))
	for _, r := range t.rows {
		code, err := t.code(r, "code")
		if err != nil {
			return err
		}
		if _, dup := l.d.Macro[code]; dup {
			return t.errf(r, "code", "duplicate code %s", code)
		}
		if !l.macroCode(code) {
			if err := l.caseMismatch(t, r, "code", code); err != nil {
				return err
			}
			return t.errf(r, "code", "unknown economy code %s (not in %s or %s, and no ISO 3166 alpha-3 code, XKX or EUU)",
				Quote(code), countriesFile, membersFile)
		}
		m := Macro{Name: t.get(r, "name")}
		for _, c := range macroColumns {
			x, given, err := t.number(r, c.name, true)
			if err != nil {
				return err
			}
			if !given {
				x = math.NaN()
			}
			*c.field(&m) = x
		}
		l.d.Macro[code] = m
	}
	return nil
}

// loadCurrentAccount reads the optional current_account.csv, one row per
// economy and year.
func (l *loader) loadCurrentAccount() error {
	t, err := l.readTable(currentAccountFile, false, []string{"code", "year", "ca_pct_gdp"}, []string{"is_projection"})
	if err != nil || t == nil {
		return err
	}
	type key struct {
		code string
		year int
	}
	seen := map[key]bool{}
	for _, r := range t.rows {
		code, err := t.code(r, "code")
		if err != nil {
			return err
		}
		year, err := strconv.Atoi(t.get(r, "year"))
		if err != nil {
			return t.errf(r, "year", "not a whole year: %s", Quote(t.get(r, "year")))
		}
		if year < MinYear || year > MaxYear {
			return t.errf(r, "year", "year %d outside %d–%d", year, MinYear, MaxYear)
		}
		if seen[key{code, year}] {
			return t.errf(r, "year", "duplicate year %d for %s", year, code)
		}
		seen[key{code, year}] = true
		pct, _, err := t.number(r, "ca_pct_gdp", false)
		if err != nil {
			return err
		}
		proj := false
		if s := t.get(r, "is_projection"); s != "" {
			if proj, err = strconv.ParseBool(strings.ToLower(s)); err != nil {
				return t.errf(r, "is_projection", "want true or false, got %s", Quote(s))
			}
		}
		l.d.CurrentAccount = append(l.d.CurrentAccount, CAObservation{Code: code, Year: year, PctGDP: pct, Projection: proj})
	}
	return nil
}

// macroRows renders Macro as macro.csv records, sorted by code so that
// exports are reproducible.
func macroRows(ms map[string]Macro) [][]string {
	head := []string{"code", "name"}
	for _, c := range macroColumns {
		head = append(head, c.name)
	}
	codes := make([]string, 0, len(ms))
	for c := range ms {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	out := [][]string{head}
	for _, code := range codes {
		m := ms[code]
		rec := []string{code, m.Name}
		for _, c := range macroColumns {
			x := *c.field(&m)
			if math.IsNaN(x) {
				rec = append(rec, "")
			} else {
				rec = append(rec, formatFloat(x))
			}
		}
		out = append(out, rec)
	}
	return out
}

// currentAccountRows renders the CA series as current_account.csv records.
func currentAccountRows(obs []CAObservation) [][]string {
	out := [][]string{{"code", "year", "ca_pct_gdp", "is_projection"}}
	for _, o := range obs {
		out = append(out, []string{o.Code, strconv.Itoa(o.Year), formatFloat(o.PctGDP), strconv.FormatBool(o.Projection)})
	}
	return out
}

// macroCode reports whether macro.csv may list code (see loadMacro).
func (l *loader) macroCode(code string) bool {
	if _, ok := l.country[code]; ok {
		return true
	}
	for _, ms := range l.d.Members {
		if slices.Contains(ms, code) {
			return true
		}
	}
	return KnownEconomy(code)
}
