package data

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// membersFile is the optional file that says which economies an aggregate
// unit of the dataset stands for (an addition to DESIGN §4, see
// docs/datasets.md).
const membersFile = "members.csv"

// IsAggregate reports whether country i is an aggregate of other economies
// (a unit with rows in members.csv, such as icio-2022's ROW) rather than a
// country: analyses that pick players, targets or surplus economies skip it.
func (d *Dataset) IsAggregate(i int) bool {
	_, ok := d.Members[d.Countries[i].Code]
	return ok
}

// UnitOf returns the aggregate unit that stands for an economy that is not
// a unit of its own (ETH → ROW in icio-2022); ok is false when none does.
func (d *Dataset) UnitOf(member string) (unit string, ok bool) {
	for _, c := range d.Countries {
		if slices.Contains(d.Members[c.Code], member) {
			return c.Code, true
		}
	}
	return "", false
}

// UnknownCountry explains why code is not a country of d, for error
// messages: "unknown country "ETH": ETH is part of ROW in icio-2022" when an
// aggregate stands for it, else "unknown country "XYZ" (not in dataset
// world-2023)".
func (d *Dataset) UnknownCountry(code string) string {
	if u, ok := d.UnitOf(code); ok {
		return fmt.Sprintf("unknown country %s: %s is part of %s in %s (run on another dataset to treat it as an economy of its own)", strconv.Quote(code), code, u, d.label())
	}
	return fmt.Sprintf("unknown country %s (not in dataset %s)", strconv.Quote(code), d.label())
}

// CheckCountry returns the index of code in d when it names a country that
// can play a role of its own (a leader, a country whose results are asked
// for), and an error saying why not otherwise: an unknown code
// (UnknownCountry, which says when an aggregate such as icio-2022's ROW
// stands for it, or which country a lower-case code means), a group of
// countries (EU27) or an aggregate unit (AggregateError). Left unchecked,
// such a code leaves every bilateral balance with it at zero, which reads
// as a result. The error is plain: callers name the flag or key it came in.
func (d *Dataset) CheckCountry(code string) (int, error) {
	i, ok := d.Index(code)
	if ok {
		if d.IsAggregate(i) {
			return -1, d.AggregateError(i)
		}
		return i, nil
	}
	if g := strings.ToUpper(code); len(d.Groups[g]) > 0 {
		return -1, fmt.Errorf("%s is a group of %d countries in %s, not a country: name one of them (e.g. %s)", g, len(d.Groups[g]), d.Name, d.Groups[g][0])
	}
	if j, ok := d.Index(strings.ToUpper(code)); ok {
		return -1, fmt.Errorf("%s (country codes are upper case: %s)", d.UnknownCountry(code), d.Countries[j].Code)
	}
	return -1, fmt.Errorf("%s", d.UnknownCountry(code))
}

// AggregateError is the error for aggregate unit i (IsAggregate) named
// where a country is wanted: "ROW stands for 56 economies in icio-2022,
// not a country".
func (d *Dataset) AggregateError(i int) error {
	code := d.Countries[i].Code
	return fmt.Errorf("%s stands for %d economies in %s, not a country", code, len(d.Members[code]), d.Name)
}

// label is the dataset's name for messages.
func (d *Dataset) label() string {
	if d.Name == "" {
		return "(unnamed)"
	}
	return d.Name
}

// loadMembers reads the optional members.csv (unit,member): each row says
// that the unit, a country of countries.csv, stands for the member economy,
// which must not be a unit itself nor belong to two units.
func (l *loader) loadMembers() error {
	t, err := l.readTable(membersFile, false, []string{"unit", "member"}, nil)
	if err != nil || t == nil {
		return err
	}
	d := l.d
	d.Members = map[string][]string{}
	first := map[string]int{}
	for _, r := range t.rows {
		u, err := l.countryOf(t, r, "unit")
		if err != nil {
			return err
		}
		m, err := t.code(r, "member")
		if err != nil {
			return err
		}
		if _, isUnit := l.country[m]; isUnit {
			return t.errf(r, "member", "%s is a country of %s, not a member of an aggregate", m, countriesFile)
		}
		if line, dup := first[m]; dup {
			return t.errf(r, "member", "member %s given twice (first at line %d)", m, line)
		}
		first[m] = r.line
		code := d.Countries[u].Code
		d.Members[code] = append(d.Members[code], m)
	}
	return nil
}

// memberRows writes members.csv, units in country order, members as given.
func memberRows(d *Dataset) [][]string {
	recs := [][]string{{"unit", "member"}}
	for _, c := range d.Countries {
		for _, m := range d.Members[c.Code] {
			recs = append(recs, []string{c.Code, m})
		}
	}
	return recs
}
