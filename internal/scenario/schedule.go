package scenario

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// scheduleGroups maps the bloc codes that US schedules use for a partner
// treated as one (the EU) to the dataset group holding its members.
var scheduleGroups = map[string]string{tariffs.EUCode: "EU27"}

// schedules indexes the embedded US schedules once: tariffs.Lookup returns a
// fresh deep copy of every schedule on each call, too costly for a Compile
// that runs thousands of times. The cached values are only ever read.
var schedules = sync.OnceValue(func() map[string]tariffs.Schedule {
	m := map[string]tariffs.Schedule{}
	for _, s := range tariffs.Schedules() {
		m[s.Name] = s
	}
	return m
})

// censusImports are the US's 2024 goods imports by partner (Census, USD
// mn), the weights of an aggregate unit's members in a schedule.
var censusImports = tariffs.CensusImports

// memberRate is one member's rate in an aggregate unit's schedule.
type memberRate struct {
	rate, weight float64
	mode         tariffs.Mode
}

// aggregateRates returns, for each aggregate unit of the dataset (ROW in
// icio-2022), its members' rates under sch with their weights: the US's
// 2024 imports from each member (Census), so that the unit pays the
// import-weighted mean of its members' tariffs, and the mean additional
// rate that makes on a zero tariff, in percent.
func aggregateRates(ds *data.Dataset, sch tariffs.Schedule) map[int][]memberRate {
	if len(ds.Members) == 0 {
		return nil
	}
	w := censusImports()
	out := map[int][]memberRate{}
	for i, c := range ds.Countries {
		members := ds.Members[c.Code]
		if len(members) == 0 {
			continue
		}
		rs := make([]memberRate, 0, len(members))
		total := 0.0
		for _, m := range members {
			e := sch.RateFor(m)
			rs = append(rs, memberRate{rate: e.RatePct / 100, weight: w[m], mode: e.Mode})
			total += w[m]
		}
		for k := range rs {
			if total > 0 {
				rs[k].weight /= total
			} else { // no member trades with the US: a plain mean
				rs[k].weight = 1 / float64(len(rs))
			}
		}
		out[i] = rs
	}
	return out
}

// applyMembers is the tariff t0 of an aggregate unit under its members'
// rates: Σ_m w_m · mode_m(t0, rate_m).
func applyMembers(rs []memberRate, t0 float64) float64 {
	v := 0.0
	for _, r := range rs {
		v += r.weight * r.mode.Apply(t0, r.rate)
	}
	return v
}

// recordBuiltins are the built-in scenarios that apply the record on a
// named schedule's first day, by that date.
var recordBuiltins = map[string]string{"2025-04-09": "liberation-day-as-applied", "2025-11-15": "us-regime-2025-11-15", "2026-02-24": "section-122-as-applied"}

// lookupSchedule returns the named US schedule.
func lookupSchedule(name string) (tariffs.Schedule, bool) {
	s, ok := schedules()[name]
	return s, ok
}

// applySchedule applies a named US schedule to the importers' tariffs: every
// selected partner gets the schedule's default additional rate unless an
// entry names it (or its bloc), and each rate stacks on the tariff in force
// before this shock (Additional) or acts as a floor on it (AllIn). An
// aggregate unit (members.csv) gets the mean of its members' resulting
// tariffs weighted by US imports.
func (c *compiler) applySchedule(t *TariffShock, at Pos) error {
	sch, ok := lookupSchedule(t.Schedule.Name)
	if !ok {
		return t.Schedule.Pos.orField(sub(at.Field, "schedule")).errorf("unknown tariff schedule %q", t.Schedule.Name)
	}
	importers, err := c.idx.countries(t.Importer, at, "importer")
	if err != nil {
		return err
	}
	sectors, err := c.idx.sectorsOf(t.Sector, at, "sector")
	if err != nil {
		return err
	}
	if len(t.Sector) == 0 {
		sectors = c.goodsSectors(sectors, "schedule "+sch.Name)
		// A named schedule is a list of headline rates; the orders behind
		// it exempted whole product groups, which a user comparing
		// Taiwan's or Ireland's result with the record needs to know.
		asApplied := ""
		if b, ok := recordBuiltins[sch.Date]; ok {
			asApplied = " (scenario " + b + ")"
		}
		c.note(fmt.Sprintf("schedule %s: its headline rates fall on every goods sector, the goods its orders exempted included (Annex II and its successors: energy, pharmaceuticals, semiconductors, bullion, certain minerals; Section 232 goods); `schedule: {name: %s, date: %s}` applies the rates by sector as they were in force that day%s",
			sch.Name, tariffs.USRecord, sch.Date, asApplied))
	}
	var exporters []int // nil = every partner
	if len(t.Exporter) > 0 {
		if exporters, err = c.idx.countries(t.Exporter, at, "exporter"); err != nil {
			return err
		}
	}
	N := c.ds.N()
	rate, mode := c.rates(N)
	for i := range rate {
		rate[i], mode[i] = sch.DefaultPct/100, tariffs.Additional
	}
	// Blocs first, then countries, so a member's own entry wins over its bloc's.
	for pass := range 2 {
		for _, e := range sch.Entries {
			group, isGroup := scheduleGroups[e.Exporter]
			if !isGroup {
				if _, ok := c.ds.Groups[e.Exporter]; ok {
					group, isGroup = e.Exporter, true
				}
			}
			if isGroup != (pass == 0) {
				continue
			}
			if !isGroup {
				i, ok := c.idx.country(e.Exporter)
				if !ok {
					if _, member := c.ds.UnitOf(e.Exporter); member {
						continue // applied through its unit below
					}
					if exporters == nil {
						c.note(fmt.Sprintf("schedule %s: %s not in dataset (its %g%% is not applied)", sch.Name, tariffs.Label(e.Exporter), e.RatePct))
					}
					continue
				}
				rate[i], mode[i] = e.RatePct/100, e.Mode
				continue
			}
			members, ok := c.ds.Groups[group]
			if !ok {
				c.note(fmt.Sprintf("schedule %s: %s needs group %s, which the dataset lacks (its members get the default rate)", sch.Name, e.Exporter, group))
				continue
			}
			for _, code := range members {
				if i, ok := c.idx.country(code); ok {
					rate[i], mode[i] = e.RatePct/100, e.Mode
				}
			}
		}
	}
	c.noteAsIfOnChart(sch, exporters)
	if len(t.Sector) == 0 {
		c.noteExempted(sch, importers, exporters, sectors, rate)
	}
	agg := aggregateRates(c.ds, sch)
	for i := range c.ds.Countries {
		rs, ok := agg[i]
		if !ok {
			continue
		}
		c.note(fmt.Sprintf("schedule %s: %s (an aggregate of %d economies) pays the mean of its members' rates weighted by US imports 2024 (Census): %.1f%% on a zero tariff",
			sch.Name, c.ds.Countries[i].Code, len(rs), 100*applyMembers(rs, 0)))
	}
	st := &c.tariff
	apply := func(i, j int) error {
		for _, s := range sectors {
			k := (i*N+j)*st.S + s
			v := st.cur[k] + rate[i]
			if rs, ok := agg[i]; ok {
				v = applyMembers(rs, st.cur[k])
			} else if mode[i] == tariffs.AllIn {
				v = max(st.cur[k], rate[i])
			}
			if !(v > -1) {
				return at.errorf("schedule %s makes the tariff of %s on %s %v, which must stay > −1", sch.Name, c.ds.Countries[j].Code, c.ds.Countries[i].Code, v)
			}
			st.cur[k] = v
		}
		return nil
	}
	for _, j := range importers {
		if exporters != nil {
			for _, i := range exporters {
				if i != j {
					if err := apply(i, j); err != nil {
						return err
					}
				}
			}
			continue
		}
		for i := range N {
			if i != j {
				if err := apply(i, j); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// asIfOnChart is the phrase with which the record's entry notes mark a
// rate the schedule charges as if the partner were on the order's chart,
// where in law it paid another duty (Liberation Day's Canada and Mexico:
// the reciprocal formula's rates, as Ignatenko et al. 2025 charge them,
// without USMCA preference).
const asIfOnChart = "as if on the chart"

// noteAsIfOnChart notes the entries of sch, among the exporters selected
// (nil = every partner) and present in the dataset, whose record note says
// the schedule charges them as if on the chart: their rate, what it is (the
// note's own words) and the duty they paid in law, which is the rate of the
// next dated schedule of the record that lists them, on its first day. A
// reader of a result needs it: Canada's and Mexico's 10% and 17% on all
// goods are not what they paid (1.72% and 2.76% on 2025-04-10).
func (c *compiler) noteAsIfOnChart(sch tariffs.Schedule, exporters []int) {
	type group struct {
		what, how   string
		rates, laws []string
		lawDate     string
		lawSchedule string
	}
	var groups []*group
	for _, e := range sch.Entries {
		if !strings.Contains(e.Note, asIfOnChart) {
			continue
		}
		i, ok := c.idx.country(e.Exporter)
		if !ok || (exporters != nil && !slices.Contains(exporters, i)) {
			continue
		}
		// "the reciprocal formula's rate as … charge it: …; …; this
		// schedule charges it as if on the chart, without USMCA preference"
		what, _, _ := strings.Cut(e.Note, ":")
		how := e.Note[strings.Index(e.Note, asIfOnChart):]
		law, date, lawSch := lawRate(sch, e.Exporter)
		var g *group
		for _, x := range groups {
			if x.what == what && x.how == how && x.lawDate == date && x.lawSchedule == lawSch {
				g = x
			}
		}
		if g == nil {
			g = &group{what: what, how: how, lawDate: date, lawSchedule: lawSch}
			groups = append(groups, g)
		}
		g.rates = append(g.rates, fmt.Sprintf("%s %g%%", e.Exporter, e.RatePct))
		g.laws = append(g.laws, fmt.Sprintf("%g%%", law))
	}
	for _, g := range groups {
		verb, pronoun, their := "is", "it", "its"
		if len(g.rates) > 1 {
			verb, pronoun, their = "are each", "they", "their"
		}
		n := fmt.Sprintf("schedule %s: %s %s %s, %s", sch.Name, report.AndList(g.rates), verb, g.what, g.how)
		if g.lawSchedule != "" {
			n += fmt.Sprintf("; in law %s paid, on %s, %s of all %s goods (schedule %s", pronoun, g.lawDate, report.AndList(g.laws), their, g.lawSchedule)
			if b, ok := recordBuiltins[sch.Date]; ok {
				n += "; scenario " + b + " applies the duties in force by sector"
			}
			n += ")"
		}
		c.note(n)
	}
}

// lawRate is the rate, first day and name of the first schedule of the
// record after sch that lists exporter ("" when none does): the duty it
// paid in law once sch's rates stood (the dated schedules size Canada's
// and Mexico's fentanyl/border duty as the effective-rate table does).
func lawRate(sch tariffs.Schedule, exporter string) (float64, string, string) {
	for _, name := range tariffs.Names() {
		s, _ := lookupSchedule(name)
		if s.Date <= sch.Date || s.Name == sch.Name {
			continue
		}
		for _, e := range s.Entries {
			if e.Exporter == exporter {
				return e.RatePct, s.Date, s.Name
			}
		}
	}
	return 0, "", ""
}

// goodsSectors drops the services sector (tariffs.ServicesSector) from
// sectors, with a note, on a dataset that has one: the US schedules tax
// goods (as the record does, applyUSRecord), and a schedule's headline
// rate on services imports would be a border tax no order imposed. A shock
// that names SERV in its sector key keeps it.
func (c *compiler) goodsSectors(sectors []int, what string) []int {
	out := sectors[:0:0]
	for _, s := range sectors {
		if c.ds.IsServices(s) {
			c.note(fmt.Sprintf("%s: no duty on sector %s (services; US tariffs are on goods; name sector: %s to tax it)", what, tariffs.ServicesSector, tariffs.ServicesSector))
			continue
		}
		out = append(out, s)
	}
	return out
}

// rates returns per-country scratch slices for a schedule, reused across the
// shocks of one Compile.
func (c *compiler) rates(N int) ([]float64, []tariffs.Mode) {
	if len(c.rate) != N {
		c.rate, c.mode = make([]float64, N), make([]tariffs.Mode, N)
	}
	return c.rate, c.mode
}

// exemptShareOf is the share of the headline rate below which the record's
// duty on a sector counts as an exemption (noteExempted): Annex II's goods
// paid nothing new, not a reduced rate.
const exemptShareOf = 0.25

// noteExempted quantifies, on a dataset whose sectors the record covers,
// what the headline note says in words: how much of the US's goods imports
// the record had exempted on the schedule's date (a duty added since the
// baseline's regime below a quarter of the headline rate: Annex II's energy
// and pharmaceuticals, which no Section 232 duty took either), in all and
// for the partners most exposed. The headline rate falls on those goods
// here, and it makes Ireland, whose sales to the US are mostly
// pharmaceuticals, the largest loser of the headline schedule on icio-2022
// (-3.45%, against -1.28% as applied). No note for a one-sector dataset,
// whose one row cannot separate the exempted goods, or a date outside the
// record.
func (c *compiler) noteExempted(sch tariffs.Schedule, importers, exporters, sectors []int, rate []float64) {
	us, ok := c.ds.Index("USA")
	if !ok || !slices.Contains(importers, us) || c.ds.S() < 2 || sch.Date < tariffs.FirstDate {
		return
	}
	rowOf, matched, _, _ := tariffs.RecordRows(c.ds.SectorCodes())
	if matched == 0 {
		return
	}
	eff, err := tariffs.EffectiveOn(sch.Date)
	if err != nil {
		return
	}
	var since *tariffs.Effective
	if c.ds.USRecordInBaseline != "" {
		if since, err = tariffs.EffectiveOn(c.ds.USRecordInBaseline); err != nil {
			return
		}
	}
	// The partners charged as if on the chart (noteAsIfOnChart: Canada
	// and Mexico) paid less for another reason, USMCA preference, which
	// their own note gives; they are left out of the list.
	onChart := map[string]bool{}
	for _, e := range sch.Entries {
		if strings.Contains(e.Note, asIfOnChart) {
			onChart[e.Exporter] = true
		}
	}
	N, S := c.ds.N(), c.ds.S()
	type share struct {
		code          string
		exempt, total float64
	}
	var all share
	var parts []share
	bySector := make([]float64, S) // exempted imports by sector
	for i, country := range c.ds.Countries {
		if i == us || rate[i] <= 0 || onChart[country.Code] || (exporters != nil && !slices.Contains(exporters, i)) {
			continue
		}
		var duty map[string]float64
		if members := c.ds.Members[country.Code]; len(members) > 0 {
			duty = eff.MembersDuty(members, since)
		} else {
			duty, _ = eff.Duty(country.Code, since)
		}
		p := share{code: country.Code}
		for _, s := range sectors {
			x := c.ds.Trade[(i*N+us)*S+s]
			p.total += x
			if row := rowOf[s]; row != "" && duty[row] < exemptShareOf*100*rate[i] {
				p.exempt += x
				bySector[s] += x
			}
		}
		all.exempt, all.total = all.exempt+p.exempt, all.total+p.total
		parts = append(parts, p)
	}
	if !(all.exempt > 0) {
		return
	}
	// The partners shown are material ones (1% of the US's goods imports
	// or more), most exposed first: a micro-state's one pharmaceutical
	// cargo would head the list otherwise.
	parts = slices.DeleteFunc(parts, func(p share) bool { return p.total < 0.01*all.total || p.exempt <= 0 })
	slices.SortStableFunc(parts, func(a, b share) int { return cmp.Compare(b.exempt/b.total, a.exempt/a.total) })
	var top []string
	for _, p := range parts[:min(5, len(parts))] {
		top = append(top, fmt.Sprintf("%s %.0f%%", p.code, 100*p.exempt/p.total))
	}
	secs := make([]int, S)
	for s := range secs {
		secs[s] = s
	}
	slices.SortStableFunc(secs, func(a, b int) int { return cmp.Compare(bySector[b], bySector[a]) })
	var largest []string
	for _, s := range secs[:3] {
		if bySector[s] > 0 {
			largest = append(largest, fmt.Sprintf("%s %s %.0f%%", c.ds.Sectors[s].Code, strings.ToLower(c.ds.Sectors[s].Name[:1])+c.ds.Sectors[s].Name[1:], 100*bySector[s]/all.exempt))
		}
	}
	aside := ""
	if len(onChart) > 0 {
		aside = " (" + report.AndList(slices.Sorted(maps.Keys(onChart))) + ", charged as if on the chart, aside)"
	}
	c.note(fmt.Sprintf("schedule %s: the goods the record exempted on %s (a US duty added since the baseline below %.0f%% of the headline rate) are %.0f%% of the US's goods imports in the data%s, of which %s. They are more of the imports from the partners most exposed (of those with 1%% of these imports or more): %s. The headline rate falls on them here, which enlarges these partners' losses",
		sch.Name, sch.Date, 100*exemptShareOf, 100*all.exempt/all.total, aside, strings.Join(largest, ", "), strings.Join(top, ", ")))
}
