package tariffs

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Authority is a legal authority of the additional US duty: the effective
// rates are split by it.
type Authority int

// The authorities, in the order of the record's columns.
const (
	S232            Authority = iota // Section 232 (steel, aluminium, copper, autos, lumber, …)
	IEEPAReciprocal                  // IEEPA "reciprocal" tariff (ended 2026-02-20)
	IEEPAOther                       // other IEEPA duties: fentanyl/border (CHN, CAN, MEX), Brazil, India
	S122                             // Section 122 surcharge (2026-02-24 – 2026-07-23)
	S301                             // Section 301 (China lists; Brazil and the forced-labour action from July 2026)
	NumAuthorities
)

var authorityNames = [NumAuthorities]string{"s232", "ieepa_reciprocal", "ieepa_other", "s122", "s301"}

// String returns the authority's key, as in the JSON of tariffs effective.
func (a Authority) String() string { return authorityNames[a] }

// ParseAuthority returns the authority with the given key.
func ParseAuthority(s string) (Authority, bool) {
	i := slices.Index(authorityNames[:], s)
	return Authority(i), i >= 0
}

// ByAuthority is an additional US duty split by authority, in percent of
// the import value.
type ByAuthority [NumAuthorities]float64

// Total is the additional duty: the sum over authorities. The stacking rules
// are already applied in each part (a 232 good pays no reciprocal tariff, so
// its value is not in the reciprocal part), so the parts add up.
func (b ByAuthority) Total() float64 {
	t := 0.0
	for _, v := range b {
		t += v
	}
	return t
}

// TableDates are the five dates of the compiled effective-rate table.
var TableDates = []string{"2025-01-01", "2025-04-10", "2025-08-07", "2025-11-15", "2026-02-24"}

// Aggregate codes of the effective rates.
const (
	AllPartners = "ALL"   // all the table's partners together
	TotalSector = "TOTAL" // all sectors together (import-weighted, without chapters 98-99)
	// NASector is HS chapters 98-99 (special provisions): listed, but outside
	// TOTAL, as in the compiled table.
	NASector = "NA_ch98_99"
	// EU27Code is the European Union in the effective-rate table.
	EU27Code = "EU27"
	// euMemberRow is the one EU member the table also lists on its own.
	euMemberRow = "SVK"
)

// day is a date as days since 1970-01-01.
type day int

const openEnd day = 1 << 30

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return t, nil
}

func toDay(t time.Time) day { return day(t.Unix() / 86400) }

func mustDay(s string) day {
	t, err := ParseDate(s)
	if err != nil {
		panic("tariffs: embedded record: " + err.Error())
	}
	return toDay(t)
}

func (d day) String() string { return time.Unix(int64(d)*86400, 0).UTC().Format(time.DateOnly) }

// sectorSet is a path's or event's sectors: "*", a list, or "* -A -B".
type sectorSet struct {
	all    bool
	codes  map[string]bool // the list, or the exceptions when all
	source string
}

func parseSectorSet(s string) sectorSet {
	f := strings.Fields(s)
	set := sectorSet{codes: map[string]bool{}, source: s}
	for _, c := range f {
		switch {
		case c == "*":
			set.all = true
		case strings.HasPrefix(c, "-"):
			set.codes[c[1:]] = true
		default:
			set.codes[c] = true
		}
	}
	return set
}

func (s sectorSet) has(code string) bool {
	if s.all {
		return !s.codes[code]
	}
	return s.codes[code]
}

// ratePath is one segment of a headline rate (record/paths.csv).
type ratePath struct {
	a        Authority
	partner  string
	sectors  sectorSet
	from, to day
	rate     float64
	mode     Mode
	onS122   bool // charged on the Section 122 share of the last table date
	event    string
}

// eff is the duty the segment adds on a covered unit of value with MFN
// tariff mfn: its rate, or for an all-in rate what it adds to the MFN.
func (p ratePath) eff(mfn float64) float64 {
	if p.mode == AllIn {
		return max(0, p.rate-mfn)
	}
	return p.rate
}

// scopeEvent is a date on which a measure changes the share of value an
// authority covers (record/events.csv).
type scopeEvent struct {
	date     day
	id       string
	a        Authority
	partners map[string]bool // nil = all
	sectors  sectorSet
	// via232: the measure is a Section 232 action and a is another
	// authority, whose coverage it moves by taking value over.
	via232 bool
}

// cell is one partner × sector of the effective-rate table.
type cell struct {
	imports, mfn float64
	x            [5]ByAuthority // at the table dates
	cov          [5]float64     // share of value under Section 232
}

// sectoral is the parsed sectoral record.
type sectoral struct {
	dates    []day
	partners []string // table partners, sorted (EU27 and SVK included)
	sectors  []Sector
	cells    map[string]map[string]*cell
	paths    []ratePath
	events   []scopeEvent
	measures []Measure
	pathMemo sync.Map // pathKey → []ratePath
}

type pathKey struct {
	a               Authority
	partner, sector string
	onS122          bool
}

// Sector is an ICIO sector of the effective-rate table.
type Sector struct{ Code, Name string }

var sectoralRecord = sync.OnceValue(func() *sectoral {
	r := &sectoral{cells: map[string]map[string]*cell{}}
	for _, d := range TableDates {
		r.dates = append(r.dates, mustDay(d))
	}
	for _, row := range readRecord("sectors.csv") {
		r.sectors = append(r.sectors, Sector{row["code"], row["name"]})
	}
	for _, row := range readRecord("effective.csv") {
		p, s := row["partner"], row["sector"]
		k := slices.Index(TableDates, row["date"])
		if k < 0 {
			panic("tariffs: embedded record/effective.csv: unknown date " + row["date"])
		}
		if r.cells[p] == nil {
			r.cells[p] = map[string]*cell{}
			r.partners = append(r.partners, p)
		}
		c := r.cells[p][s]
		if c == nil {
			c = &cell{imports: num("effective.csv", row["imports_usd_mn"]), mfn: num("effective.csv", row["mfn_pct"])}
			r.cells[p][s] = c
		}
		for a := range NumAuthorities {
			c.x[k][a] = num("effective.csv", row[a.String()+"_pct"])
		}
		c.cov[k] = num("effective.csv", row["s232_coverage_share"])
	}
	slices.Sort(r.partners)
	for _, row := range readRecord("paths.csv") {
		a, ok := ParseAuthority(row["authority"])
		if !ok {
			panic("tariffs: embedded record/paths.csv: unknown authority " + row["authority"])
		}
		p := ratePath{a: a, partner: row["partner"], sectors: parseSectorSet(row["sectors"]), from: mustDay(row["from"]),
			to: openEnd, rate: num("paths.csv", row["rate_pct"]), mode: parseMode(row["mode"]), onS122: row["base"] == "s122",
			event: row["event"]}
		if row["to"] != "" {
			p.to = mustDay(row["to"])
		}
		r.paths = append(r.paths, p)
	}
	for _, row := range readRecord("measures.csv") {
		r.measures = append(r.measures, measureFrom(row))
	}
	// The Section 232 actions whose effect on another authority is the
	// value they take over; a deal's effect on the reciprocal tariff
	// (the UK and Japan aircraft exemptions) is an exemption of its own.
	is232 := map[string]bool{}
	for _, m := range r.measures {
		is232[m.ID] = strings.HasPrefix(m.Authority, "Section 232") && !strings.Contains(m.Authority, "deal")
	}
	for _, row := range readRecord("events.csv") {
		a, ok := ParseAuthority(row["authority"])
		if !ok {
			panic("tariffs: embedded record/events.csv: unknown authority " + row["authority"])
		}
		e := scopeEvent{date: mustDay(row["date"]), id: row["measure_id"], a: a, sectors: parseSectorSet(row["sectors"]),
			via232: is232[row["measure_id"]] && a != S232}
		if row["partners"] != "*" {
			e.partners = map[string]bool{}
			for _, c := range strings.Fields(row["partners"]) {
				e.partners[c] = true
			}
		}
		r.events = append(r.events, e)
	}
	return r
})

// Sectors returns the ICIO sectors of the effective-rate table (and the
// chapters 98-99 pseudo-sector), sorted by code.
func Sectors() []Sector { return slices.Clone(sectoralRecord().sectors) }

// TablePartners lists the 51 partners of the effective-rate table: 49
// economies, EU27, and Slovakia, listed on its own although inside EU27.
func TablePartners() []string { return slices.Clone(sectoralRecord().partners) }

// isEUMember reports whether code is an EU27 member state.
func isEUMember(code string) bool { return slices.Contains(EU27, code) }

// pathPartner is the code a partner's rates are recorded under for an
// authority: the EU's for its members and the EU27 row, China's for Hong
// Kong and Macau under IEEPA (Annex I: "China, including Hong Kong and
// Macau"; China's Section 301 lists do not cover them).
func pathPartner(code string, a Authority) string {
	if code == EU27Code || isEUMember(code) {
		return EUCode
	}
	if a == IEEPAReciprocal || a == IEEPAOther {
		if al, ok := aliasOf(code); ok {
			return al.RateOf
		}
	}
	return code
}

// pathsFor returns the segments of authority a for a partner and sector:
// the partner's own when the record has any, else the default ("*").
// onS122 selects the actions charged on the Section 122 share.
func (r *sectoral) pathsFor(a Authority, code, sector string, onS122 bool) []ratePath {
	p := pathPartner(code, a)
	key := pathKey{a, p, sector, onS122}
	if v, ok := r.pathMemo.Load(key); ok {
		return v.([]ratePath)
	}
	v, _ := r.pathMemo.LoadOrStore(key, r.findPaths(a, p, sector, onS122))
	return v.([]ratePath)
}

// findPaths is pathsFor without the memo; p is the path partner.
func (r *sectoral) findPaths(a Authority, p, sector string, onS122 bool) []ratePath {
	var own, def []ratePath
	for _, x := range r.paths {
		if x.a != a || x.onS122 != onS122 || !x.sectors.has(sector) {
			continue
		}
		switch x.partner {
		case p:
			own = append(own, x)
		case "*":
			def = append(def, x)
		}
	}
	if len(own) > 0 || onS122 {
		return own
	}
	return def
}

// effAt is the headline duty of the segments in force on d, for a covered
// unit of value with MFN tariff mfn.
func effAt(ps []ratePath, d day, mfn float64) float64 {
	v := 0.0
	for _, p := range ps {
		if p.from <= d && d <= p.to {
			v += p.eff(mfn)
		}
	}
	return v
}

// eventDates lists the distinct dates in (lo, hi] on which a measure moves
// the coverage of authority a for a partner and sector.
func (r *sectoral) eventDates(a Authority, code, sector string, lo, hi day) []day {
	var out []day
	for _, e := range r.events {
		if e.a != a || e.date <= lo || e.date > hi || !e.sectors.has(sector) || !e.appliesTo(code) {
			continue
		}
		if !slices.Contains(out, e.date) {
			out = append(out, e.date)
		}
	}
	return out
}

// passed is the share of the dates in ev that are on or before d (0 when
// ev is empty).
func passed(ev []day, d day) float64 {
	if len(ev) == 0 {
		return 0
	}
	n := 0
	for _, t := range ev {
		if t <= d {
			n++
		}
	}
	return float64(n) / float64(len(ev))
}

// splitEvents is eventDates split by source: the dates of the authority's
// own measures and those of Section 232 actions that move its coverage
// (value a 232 list takes over leaves the reciprocal tariff and the
// Canada/Mexico duties). A date with both counts in both.
func (r *sectoral) splitEvents(a Authority, code, sector string, lo, hi day) (own, via232 []day) {
	for _, t := range r.eventDates(a, code, sector, lo, hi) {
		for _, e := range r.events {
			if e.date != t || e.a != a || !e.sectors.has(sector) || !e.appliesTo(code) {
				continue
			}
			if e.via232 {
				if !slices.Contains(via232, t) {
					via232 = append(via232, t)
				}
			} else if !slices.Contains(own, t) {
				own = append(own, t)
			}
		}
	}
	return own, via232
}

// appliesTo reports whether the event covers a partner (EU members and the
// EU27 row through EUU).
func (e scopeEvent) appliesTo(code string) bool {
	if e.partners == nil || e.partners[code] {
		return true
	}
	return (code == EU27Code || isEUMember(code)) && e.partners[EUCode]
}

// value is the additional duty of authority a on a cell on day d (method:
// record/README.md). Between two table dates T1 < d < T2 a cell's duty is
// b·e(d) + x0: e is the headline rate of the authority's path on d, b the
// share of value it covers and x0 what the path does not explain. b and x0
// are read from the table at T1 and T2 (b = x/e where e > 0) and move from
// their T1 to their T2 values in equal steps on the dates of the measures
// that change the authority's coverage for that partner and sector (none:
// at T2); a Section 232 list moves another authority's share only by the
// value it takes over when that authority has measures of its own in the
// interval (splitEvents). So the table is reproduced on its dates and every
// change between them falls on the date of a measure.
func (r *sectoral) value(c *cell, code, sector string, a Authority, d day) float64 {
	k := 0
	for k+1 < len(r.dates) && r.dates[k+1] <= d {
		k++
	}
	if d == r.dates[k] {
		return c.x[k][a]
	}
	ps := r.pathsFor(a, code, sector, false)
	e1, x1 := effAt(ps, r.dates[k], c.mfn), c.x[k][a]
	ed := effAt(ps, d, c.mfn)
	// Rates enter as ratios (ed/e1), so that an unchanged rate gives back
	// the table's value exactly.
	if k == len(r.dates)-1 {
		if e1 > 0 {
			return x1 * (ed / e1)
		}
		return x1
	}
	t1, t2 := r.dates[k], r.dates[k+1]
	e2, x2 := effAt(ps, t2, c.mfn), c.x[k+1][a]
	frac := passed(r.eventDates(a, code, sector, t1, t2), d)
	switch {
	case e1 > 0 && e2 > 0: // b moves from x1/e1 to x2/e2
		own, via232 := r.splitEvents(a, code, sector, t1, t2)
		if len(via232) == 0 || len(own) == 0 || a == S232 {
			return (1-frac)*x1*(ed/e1) + frac*x2*(ed/e2)
		}
		// A Section 232 action moves another authority's coverage by
		// the value it takes over: at most the table's change in the
		// share under 232, in the direction of the change. The rest
		// (an exemption of the authority's own, such as the farm goods
		// of 2025-11-13) moves on the authority's own measures, so it is
		// not pulled forward to the date of a 232 list. With no measure
		// of its own in the interval the 232 lists carry all of it, as
		// before: the change would otherwise fall on T2, which no
		// measure explains (record/README.md, Limits).
		b1, b2 := x1/e1, x2/e2
		move := b2 - b1
		by232 := max(min(-(c.cov[k+1]-c.cov[k]), max(move, 0)), min(move, 0))
		return ed * (b1 + passed(via232, d)*by232 + passed(own, d)*(move-by232))
	case e2 > 0: // the path starts within the interval: its share is T2's
		return x1 + (x2-x1)*(ed/e2)
	case e1 > 0: // the path ends within the interval
		return frac*x2 + x1*(ed/e1)
	default:
		return (1-frac)*x1 + frac*x2
	}
}

// rates is the duty by authority on a cell on day d, with the actions
// charged on the Section 122 share after the last table date.
func (r *sectoral) rates(c *cell, code, sector string, d day) ByAuthority {
	var out ByAuthority
	for a := range NumAuthorities {
		out[a] = r.value(c, code, sector, a, d)
	}
	last := len(r.dates) - 1
	if d > r.dates[last] {
		e122 := effAt(r.pathsFor(S122, code, sector, false), r.dates[last], c.mfn)
		if e122 > 0 {
			base := c.x[last][S122] / e122
			for a := range NumAuthorities {
				if ps := r.pathsFor(a, code, sector, true); len(ps) > 0 {
					out[a] += base * effAt(ps, d, c.mfn)
				}
			}
		}
	}
	return out
}

// namedForcedLabour counts the economies the forced-labour Section 301
// action is applied to (the EU as its 27 members).
func (r *sectoral) namedForcedLabour() int {
	n := 0
	for _, p := range r.paths {
		if p.a == S301 && p.onS122 && strings.HasPrefix(p.event, "S301-FORCEDLABOR") {
			if p.partner == EUCode {
				n += len(EU27)
			} else {
				n++
			}
		}
	}
	return n
}
