package recordgen

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// path is one segment of a headline rate: from when to when (inclusive;
// "" = open) an authority charges a partner rate_pct on some sectors. The
// effective-rate computation multiplies it by the table's covered share
// (base "own": the authority's own share; "s122": the Section 122 share of
// the last table date, for actions that start after it).
type path struct {
	authority, partner, sectors, from, to string
	rate                                  float64
	mode, base, event                     string
}

// timelineRate returns the rate of the timeline action effective on date
// whose scope starts with scope, so that every rate of a path comes from a
// sourced row.
func timelineRate(tl [][]string, date, scope string) (float64, string, error) {
	for _, r := range tl[1:] {
		if r[0] == date && strings.HasPrefix(r[2], scope) && r[4] != "" {
			v, err := strconv.ParseFloat(r[4], 64)
			return v, r[5], err
		}
	}
	return 0, "", fmt.Errorf("%s: no action with a rate for %q on %s", timelineFile, scope, date)
}

// measureRate returns the leading number of a measure's rate_pct.
func measureRate(ms []measure, id string) (float64, measure, error) {
	for _, m := range ms {
		if m.col["measure_id"] == id {
			s := m.col["rate_pct"]
			if v := leadingNum.FindStringSubmatch(s); v != nil {
				f, err := strconv.ParseFloat(v[1], 64)
				return f, m, err
			}
			return 0, m, fmt.Errorf("%s:%d: measure %s: field \"rate_pct\" %q has no leading number", measuresFile, m.line, id, s)
		}
	}
	return 0, measure{}, fmt.Errorf("%s: no measure %s", measuresFile, id)
}

// Dates of the country-level timeline the paths are cut at.
const (
	dBaseline = "2025-04-05" // 10% baseline reciprocal tariff
	dAnnexI   = "2025-04-09" // Annex I rates, one day
	dPause    = "2025-04-10" // 90-day pause; China 125
	dGeneva   = "2025-05-14" // China back to 10
	dEO14326  = "2025-08-07"
)

// dayBefore returns the date before d (YYYY-MM-DD).
func dayBefore(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// ftParts matches one rate group of the forced-labour row's partner list:
// "10%: ARG, BGD, … (+EU, TWN net of MFN)".
var ftParts = regexp.MustCompile(`^\s*([0-9.]+)%:\s*(.*?)\s*(?:\(\+([^)]*) net of MFN\))?\s*$`)

var iso3 = regexp.MustCompile(`\b[A-Z]{3}\b|\bEU\b`)

// pathBuilder collects paths and the first error, so that the sequence of
// look-ups below reads as the timeline it encodes.
type pathBuilder struct {
	tl  [][]string
	ms  []measure
	out []path
	err error
	// lastIEEPA is the last day of the IEEPA duties: the end_date of the
	// IEEPA measures (the day of the Supreme Court ruling and of the EO
	// ending them; CBP collected them until the Section 122 surcharge
	// replaced them on 2026-02-24).
	lastIEEPA string
}

func (b *pathBuilder) add(p path) { b.out = append(b.out, p) }

func (b *pathBuilder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// rate is the rate of a timeline action (see timelineRate).
func (b *pathBuilder) rate(date, scope string) (float64, string) {
	v, inst, err := timelineRate(b.tl, date, scope)
	if err != nil {
		b.fail(err)
	}
	return v, inst
}

// measure is the leading rate of a measure and its row (see measureRate).
func (b *pathBuilder) measure(id string) (float64, measure) {
	v, m, err := measureRate(b.ms, id)
	if err != nil {
		b.fail(err)
		m.col = map[string]string{}
	}
	return v, m
}

// row is a measure's row, for rates written in words.
func (b *pathBuilder) row(id string) measure {
	for _, m := range b.ms {
		if m.col["measure_id"] == id {
			return m
		}
	}
	b.fail(fmt.Errorf("%s: no measure %s", measuresFile, id))
	return measure{col: map[string]string{}}
}

// match returns the first submatch of re in a measure's field, as a number.
func (b *pathBuilder) match(m measure, field, re string) float64 {
	sub := regexp.MustCompile(re).FindStringSubmatch(m.col[field])
	if sub == nil {
		b.fail(fmt.Errorf("%s:%d: %s: field %q (%q) does not match %s", measuresFile, m.line, m.col["measure_id"], field, m.col[field], re))
		return 0
	}
	v, _ := strconv.ParseFloat(sub[1], 64)
	return v
}

// buildPaths turns the partner table, the country timeline and the sectoral
// measures into the headline-rate paths of every authority. Every rate is
// read from a sourced row, so a change in the compiled tables changes the
// paths or fails here.
func buildPaths(partners []partner, tl [][]string, ms []measure) ([]path, error) {
	if len(tl) == 0 || tl[0][0] != "date_effective" || tl[0][2] != "scope" || tl[0][4] != "rate_pct" || tl[0][5] != "instrument" {
		return nil, fmt.Errorf("%s: unexpected columns", timelineFile)
	}
	b := &pathBuilder{tl: tl, ms: ms}
	b.lastIEEPA = b.row("IEEPA-ANNEXII-2025-04").col["end_date"]
	if v, _ := b.rate(b.lastIEEPA, "all"); v != 0 {
		b.fail(fmt.Errorf("%s: the action of %s should end IEEPA duties (rate 0)", timelineFile, b.lastIEEPA))
	}
	b.reciprocal(partners)
	b.other()
	b.sectoral()
	if b.err != nil {
		return nil, b.err
	}
	for _, p := range b.out {
		if p.to != "" && p.to < p.from {
			return nil, fmt.Errorf("recordgen: path %s %s %s ends (%s) before it starts (%s)", p.authority, p.partner, p.sectors, p.to, p.from)
		}
		if math.IsNaN(p.rate) || !slices.Contains(Authorities, p.authority) {
			return nil, fmt.Errorf("recordgen: bad path %+v", p)
		}
		if p.base == "s122" && p.from <= TableDates[len(TableDates)-1] {
			return nil, fmt.Errorf("recordgen: path %s %s on the Section 122 share starts before the last table date", p.authority, p.partner)
		}
	}
	return b.out, nil
}

// reciprocal writes the IEEPA reciprocal rate of every partner of the
// 2 April table (zero rows included, so that Canada and Mexico do not fall
// back on the default) and the default for all others.
func (b *pathBuilder) reciprocal(partners []partner) {
	_, baseInst := b.rate(dBaseline, "all partners")
	chn84, inst84 := b.rate(dAnnexI, "CHN")
	chn125, inst125 := b.rate(dPause, "CHN")
	chnGeneva, instGeneva := b.rate(dGeneva, "CHN")
	che, instCHE := b.rate("2025-11-14", "CHE")
	kor, instKOR := b.rate("2025-11-15", "KOR")
	for _, p := range partners {
		r := func(from, to string, v float64, mode, event string) {
			b.add(path{"ieepa_reciprocal", p.code, "*", from, to, v, mode, "own", event})
		}
		r(dBaseline, dayBefore(dAnnexI), p.rate0405, "additional", baseInst)
		switch {
		case p.code == "CHN":
			r(dAnnexI, dAnnexI, chn84, "additional", inst84)
			r(dPause, dayBefore(dGeneva), chn125, "additional", inst125)
			r(dGeneva, dayBefore(dEO14326), chnGeneva, "additional", instGeneva)
		case p.annexListed:
			r(dAnnexI, dAnnexI, p.annexPct, "additional", "EO 14257 Annex I")
			r(dPause, dayBefore(dEO14326), p.rate0410, "additional", "EO 14266 (pause)")
		default:
			r(dAnnexI, dayBefore(dEO14326), p.rate0410, "additional", baseInst)
		}
		ev := "EO 14326 Annex I"
		if p.note0807 != "" {
			ev += ": " + p.note0807
		}
		switch p.code {
		case "CHE", "LIE":
			r(dEO14326, "2025-11-13", p.rate0807, p.mode0807, ev)
			r("2025-11-14", b.lastIEEPA, che, "all_in", instCHE)
		case "KOR":
			r(dEO14326, "2025-11-14", p.rate0807, p.mode0807, ev)
			r("2025-11-15", b.lastIEEPA, kor, "all_in", instKOR)
		default:
			r(dEO14326, b.lastIEEPA, p.rate0807, p.mode0807, ev)
		}
	}
	b.add(path{"ieepa_reciprocal", "*", "*", dBaseline, b.lastIEEPA, 10, "additional", "own", baseInst + "; EO 14326 (10% for unlisted partners)"})
}

// other writes the other IEEPA duties: China's fentanyl duty, Canada's and
// Mexico's border duties (Canadian energy at its lower rate), Brazil's and
// India's country duties.
func (b *pathBuilder) other() {
	f1, i1 := b.rate("2025-02-04", "CHN")
	f2, i2 := b.rate("2025-03-04", "CHN")
	f3, i3 := b.rate("2025-11-10", "CHN")
	b.add(path{"ieepa_other", "CHN", "*", "2025-02-04", "2025-03-03", f1, "additional", "own", i1})
	b.add(path{"ieepa_other", "CHN", "*", "2025-03-04", "2025-11-09", f2, "additional", "own", i2})
	b.add(path{"ieepa_other", "CHN", "*", "2025-11-10", b.lastIEEPA, f3, "additional", "own", i3})
	cm, icm := b.rate("2025-03-04", "CAN, MEX")
	can35, ican := b.rate("2025-08-01", "CAN")
	usmca := b.row("IEEPA-FENT-CAMX-USMCA")
	energy := b.match(usmca, "rate_pct", `energy/potash ([0-9]+)`)
	b.add(path{"ieepa_other", "CAN", "B06 C19", "2025-03-04", b.lastIEEPA, energy, "additional", "own", icm + " (energy: IEEPA-FENT-CAMX-USMCA)"})
	b.add(path{"ieepa_other", "CAN", "* -B06 -C19", "2025-03-04", "2025-07-31", cm, "additional", "own", icm})
	b.add(path{"ieepa_other", "CAN", "* -B06 -C19", "2025-08-01", b.lastIEEPA, can35, "additional", "own", ican})
	b.add(path{"ieepa_other", "MEX", "*", "2025-03-04", b.lastIEEPA, cm, "additional", "own", icm})
	bra, ibra := b.rate("2025-08-06", "BRA")
	ind, iind := b.rate("2025-08-27", "IND")
	b.add(path{"ieepa_other", "BRA", "*", "2025-08-06", b.until("2025-08-06", "BRA"), bra, "additional", "own", ibra})
	b.add(path{"ieepa_other", "IND", "*", "2025-08-27", b.until("2025-08-27", "IND"), ind, "additional", "own", iind})
}

// until is the last day of the timeline action of date and scope: the day
// before a later action that ends it (India's Russian-oil duty: the EO of
// 2026-02-06, from 2026-02-07), else the last day of the IEEPA duties. The
// ending action must set rate 0, so that it is read as an end and not as a
// new rate.
func (b *pathBuilder) until(date, scope string) string {
	end, ok := endedOn(b.tl, date, scope)
	if !ok {
		return b.lastIEEPA
	}
	if v, _ := b.rate(end, scope); v != 0 {
		b.fail(fmt.Errorf("%s: the action of %s ending %s %s sets rate %g, want 0", timelineFile, end, date, scope, v))
	}
	if end > b.lastIEEPA {
		return b.lastIEEPA
	}
	return dayBefore(end)
}

// sectoral writes the Section 122, 232 and 301 paths.
func (b *pathBuilder) sectoral() {
	s122, sm := b.measure("S122-2026-02")
	b.add(path{"s122", "*", "*", sm.col["start_date"], sm.col["end_date"], s122, "additional", "own", "S122-2026-02"})

	// Section 232, in the sectors where one instrument sets the rate on
	// the covered share: metals in C24A, C24B, C25; autos in C29; softwood
	// lumber in C16.
	steel, st := b.measure("S232-STEEL-2025-03")
	metals, mt := b.measure("S232-METALS-2025-06")
	if !strings.Contains(mt.col["partner_exceptions_and_deal_rates"], "GBR stays at 25%") {
		b.fail(fmt.Errorf("%s:%d: S232-METALS-2025-06 no longer keeps GBR at 25%%", measuresFile, mt.line))
	}
	const metalSectors = "C24A C24B C25"
	b.add(path{"s232", "*", metalSectors, st.col["start_date"], dayBefore(mt.col["start_date"]), steel, "additional", "own", "S232-STEEL-2025-03, S232-ALU-2025-03"})
	b.add(path{"s232", "*", metalSectors, mt.col["start_date"], "", metals, "additional", "own",
		"S232-METALS-2025-06 (on metal content; kept after its end on 2026-04-05 because S232-METALS-2026-04 is not in the figures)"})
	b.add(path{"s232", "GBR", metalSectors, st.col["start_date"], "", steel, "additional", "own", "S232-STEEL-2025-03; GBR stays at 25% under S232-METALS-2025-06 (EPD)"})

	autos, at := b.measure("S232-AUTOS-2025-04")
	b.add(path{"s232", "*", "C29", at.col["start_date"], "", autos, "additional", "own", "S232-AUTOS-2025-04"})
	for _, d := range []struct{ partner, id, allIn string }{
		{"GBR", "S232-AUTOS-UK-2025-06", `\+ ?[0-9.]+ MFN = ([0-9.]+) all-in`},
		{EUCode, "S232-AUTOS-EU-2025-08", `^([0-9.]+) all-in`},
		{"JPN", "S232-AUTOS-JP-2025-09", `^([0-9.]+) all-in`},
		{"KOR", "S232-AUTOS-KR-2025-11", `^([0-9.]+) all-in`},
	} {
		dm := b.row(d.id)
		v := b.match(dm, "rate_pct", d.allIn)
		start := dm.col["start_date"]
		b.add(path{"s232", d.partner, "C29", at.col["start_date"], dayBefore(start), autos, "additional", "own", "S232-AUTOS-2025-04"})
		b.add(path{"s232", d.partner, "C29", start, "", v, "all_in", "own", d.id})
	}
	lumber, lt := b.measure("S232-LUMBER-SOFTWOOD-2025-10")
	b.add(path{"s232", "*", "C16", lt.col["start_date"], "", lumber, "additional", "own", "S232-LUMBER-SOFTWOOD-2025-10"})

	// Section 301 actions after the last table date, on the Section 122
	// share (all goods but 232 goods, USMCA goods and the exemptions).
	bra301, bm := b.measure("S301-BRA-2026-07")
	b.add(path{"s301", "BRA", "*", bm.col["start_date"], "", bra301, "additional", "s122", "S301-BRA-2026-07"})
	fl := b.row("S301-FORCEDLABOR-2026-07")
	n := 0
	for _, part := range strings.Split(fl.col["partners_affected"], ";") {
		m := ftParts.FindStringSubmatch(part)
		if m == nil {
			b.fail(fmt.Errorf("%s:%d: S301-FORCEDLABOR-2026-07: cannot read partner group %q", measuresFile, fl.line, part))
			return
		}
		v, _ := strconv.ParseFloat(m[1], 64)
		for _, c := range iso3.FindAllString(m[2], -1) {
			b.add(path{"s301", c, "*", fl.col["start_date"], "", v, "additional", "s122", "S301-FORCEDLABOR-2026-07"})
			n++
		}
		for _, c := range iso3.FindAllString(m[3], -1) {
			if c == "EU" {
				c = EUCode
			}
			b.add(path{"s301", c, "*", fl.col["start_date"], "", v, "all_in", "s122", "S301-FORCEDLABOR-2026-07 (all-in incl. MFN)"})
			n++
		}
	}
	if n < 25 {
		b.fail(fmt.Errorf("%s:%d: S301-FORCEDLABOR-2026-07: read only %d partners", measuresFile, fl.line, n))
	}
}

// EUCode is the code the record uses for the EU as one partner.
const EUCode = "EUU"

func pathsCSV(ps []path) [][]string {
	out := [][]string{{"authority", "partner", "sectors", "from", "to", "rate_pct", "mode", "base", "event"}}
	for _, p := range ps {
		out = append(out, []string{p.authority, p.partner, p.sectors, p.from, p.to, fmtNum(p.rate), p.mode, p.base, p.event})
	}
	return out
}
