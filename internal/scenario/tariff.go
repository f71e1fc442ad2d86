package scenario

import (
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/tradebloc/tradebloc/internal/tariffs"
)

var tariffKeys = []string{"importer", "exporter", "rate", "rate_pct", "add", "add_pct", "file", "schedule", "mirror", "sector"}

// tariff parses a `tariff:` shock.
func (p *parser) tariff(n *yaml.Node, path string) (*TariffShock, error) {
	f, err := p.mapping(n, path, tariffKeys)
	if err != nil {
		return nil, err
	}
	form, err := p.exactlyOne(f, "rate", "rate_pct", "add", "add_pct", "file", "schedule", "mirror")
	if err != nil {
		return nil, err
	}
	t := &TariffShock{}
	if t.Importer, err = p.reqSelector(f, "importer", " (whose tariff changes)"); err != nil {
		return nil, err
	}
	switch form {
	case "file":
		if err := p.forbid(f, form, "exporter", "sector"); err != nil {
			return nil, err // the file's rows name them
		}
	case "schedule":
		// exporter is optional: it restricts the schedule to some partners.
	default:
		if t.Exporter, err = p.reqSelector(f, "exporter", " (whose goods are taxed)"); err != nil {
			return nil, err
		}
	}
	if t.Exporter == nil {
		if t.Exporter, err = p.optSelector(f, "exporter"); err != nil {
			return nil, err
		}
	}
	if t.Sector, err = p.optSelector(f, "sector"); err != nil {
		return nil, err
	}
	v, _ := f.get(form)
	field := sub(path, form)
	switch form {
	case "rate", "rate_pct", "add", "add_pct":
		base, pct := rateForm(form)
		t.Op = SetRate
		if base == "add" {
			t.Op = AddRate
		}
		if t.Value, err = p.rateValue(v, field, base, pct, base == "add"); err != nil {
			return nil, err
		}
		t.ValuePos = p.posOf(deref(v), field)
		if base == "rate" && t.Value <= -1 {
			return nil, t.ValuePos.errorf("tariff rate must be > −1 (−100%%; a decimal: 0.25 = 25%%), got %s", deref(v).Value)
		}
	case "file":
		t.Op = RateFile
		name, b, err := p.readCSV(f)
		if err != nil {
			return nil, err
		}
		t.File = deref(v).Value
		if t.Rows, err = readRates(name, b); err != nil {
			return nil, err
		}
	case "schedule":
		t.Op = Schedule
		if err := p.schedule(t, v, field); err != nil {
			return nil, err
		}
	case "mirror":
		t.Op = Mirror
		on, err := p.boolean(v, field)
		if err != nil {
			return nil, err
		}
		if !on {
			return nil, p.posOf(deref(v), field).errorf("mirror: false has no effect; delete the shock instead")
		}
	}
	return t, nil
}

// schedule reads a tariff shock's schedule: a name, or {name, date[, since]}
// for the dated US record (us-record), which needs a date that named
// schedules, dated by themselves, must not have.
func (p *parser) schedule(t *TariffShock, v *yaml.Node, field string) error {
	var err error
	var date, since *yaml.Node
	if deref(v).Kind == yaml.MappingNode {
		f, err := p.mapping(v, field, []string{"name", "date", "since", "transship_penalty"})
		if err != nil {
			return err
		}
		n, ok := f.get("name")
		if !ok {
			return p.missing(f, "name", " (a schedule name, e.g. us-record)")
		}
		v = n
		date, _ = f.get("date")
		since, _ = f.get("since")
		if pen, ok := f.get("transship_penalty"); ok {
			if err := p.transshipPenalty(t, pen, sub(field, "transship_penalty")); err != nil {
				return err
			}
		}
	}
	if t.Schedule, err = p.ref(v, field); err != nil {
		return err
	}
	if t.Schedule.Name == tariffs.USRecord {
		if date == nil {
			return t.Schedule.Pos.errorf("schedule %s needs a date: schedule: {name: %s, date: YYYY-MM-DD} (or date: today)", tariffs.USRecord, tariffs.USRecord)
		}
		t.ScheduleDatePos = p.posOf(deref(date), sub(field, "date"))
		if t.ScheduleDate, err = p.recordDate(date, sub(field, "date")); err != nil || since == nil {
			return err
		}
		t.ScheduleSincePos = p.posOf(deref(since), sub(field, "since"))
		if t.ScheduleSince, err = p.recordDate(since, sub(field, "since")); err != nil {
			return err
		}
		if t.ScheduleSince == "today" || (t.ScheduleDate != "today" && t.ScheduleSince >= t.ScheduleDate) {
			return t.ScheduleSincePos.errorf("since (%s) must be a date before the schedule's date (%s)", t.ScheduleSince, t.ScheduleDate)
		}
		return nil
	}
	if _, ok := lookupSchedule(t.Schedule.Name); !ok {
		return t.Schedule.Pos.errorf("unknown tariff schedule %q (want one of %s, or %s with a date)", t.Schedule.Name, strings.Join(tariffs.Names(), ", "), tariffs.USRecord)
	}
	for _, k := range []struct {
		key string
		n   *yaml.Node
	}{{"date", date}, {"since", since}} {
		if k.n != nil {
			return p.posOf(deref(k.n), sub(field, k.key)).errorf("schedule %s has its own date; only %s takes %s", t.Schedule.Name, tariffs.USRecord, k.key)
		}
	}
	return nil
}

// transshipPenalty reads a schedule's `transship_penalty`: true for EO
// 14326's 40%, or a rate (a decimal ≥ 0).
func (p *parser) transshipPenalty(t *TariffShock, n *yaml.Node, field string) error {
	t.TransshipPenaltyPos = p.posOf(deref(n), field)
	if d := deref(n); d.Kind == yaml.ScalarNode && d.Tag == "!!bool" {
		on, err := p.boolean(n, field)
		if err != nil {
			return err
		}
		if !on {
			return t.TransshipPenaltyPos.errorf("transship_penalty: false is the default; delete the key")
		}
		t.TransshipPenalty = EO14326Penalty
		return nil
	}
	r, err := p.number(n, field)
	if err != nil {
		return err
	}
	if !(r > 0) || r > 10 {
		return t.TransshipPenaltyPos.errorf("want true (EO 14326's 40%%) or a rate in (0, 10] as a decimal, got %v", r)
	}
	t.TransshipPenalty = r
	return nil
}

// recordDate reads the date of the US record: YYYY-MM-DD (a YAML date or
// text) not before the record's first date, or "today".
func (p *parser) recordDate(n *yaml.Node, field string) (string, error) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!timestamp") {
		return "", p.posOf(n, field).errorf("want a date YYYY-MM-DD or today, got %s", kindName(n))
	}
	s := strings.TrimSpace(n.Value)
	if s == "today" {
		return s, nil
	}
	if _, err := tariffs.ParseDate(s); err != nil {
		return "", p.posOf(n, field).errorf("want a date YYYY-MM-DD or today, got %q", n.Value)
	}
	if s < tariffs.FirstDate {
		return "", p.posOf(n, field).errorf("date %s is before the US record, which starts on %s", s, tariffs.FirstDate)
	}
	return s, nil
}

// tariffState is the tariff schedule being built by Compile: the baseline
// (never modified) and the rates in force after the shocks so far.
type tariffState struct {
	base, cur []float64
	N, S      int
}

// applyTariff applies one tariff shock to st.cur.
func (c *compiler) applyTariff(t *TariffShock, at Pos) error {
	st := &c.tariff
	switch t.Op {
	case RateFile:
		return c.applyRateFile(t, at)
	case Schedule:
		if err := c.applyPenalty(t, at); err != nil {
			return err
		}
		if t.Schedule.Name == tariffs.USRecord {
			return c.applyUSRecord(t, at)
		}
		return c.applySchedule(t, at)
	}
	importers, err := c.idx.countries(t.Importer, at, "importer")
	if err != nil {
		return err
	}
	exporters, err := c.idx.countries(t.Exporter, at, "exporter")
	if err != nil {
		return err
	}
	sectors, err := c.idx.sectorsOf(t.Sector, at, "sector")
	if err != nil {
		return err
	}
	if t.Op == Mirror {
		return c.applyMirror(importers, exporters, sectors)
	}
	pairs, services := 0, false
	for _, i := range exporters {
		for _, j := range importers {
			if i == j {
				continue // domestic sales carry no tariff
			}
			pairs++
			for _, s := range sectors {
				k := (i*st.N+j)*st.S + s
				v := t.Value
				if t.Op == AddRate {
					v += st.cur[k]
				}
				if v <= -1 {
					return t.ValuePos.orField(at.Field).errorf("the tariff of %s on %s becomes %v, which must stay > −1",
						c.ds.Countries[j].Code, c.ds.Countries[i].Code, v)
				}
				if v != st.cur[k] && c.ds.IsServices(s) {
					services = true
				}
				st.cur[k] = v
			}
		}
	}
	if pairs == 0 {
		return at.errorf("selects no pair of different countries")
	}
	if services && len(t.Sector) == 0 {
		c.noteServices(at)
	}
	return nil
}

// noteServices says that a tariff shock without a sector key changed the
// tariffs on services, on a world that has a services sector: the rate is
// then a border tax on services that no schedule levies (the US's tax
// goods), and on icio-2022 most of what such a tariff does. The semantics
// stay (every sector); the note says how to restrict it.
func (c *compiler) noteServices(at Pos) {
	var goods []string
	serv := ""
	for s, sec := range c.ds.Sectors {
		if c.ds.IsServices(s) {
			serv = sec.Code
			continue
		}
		goods = append(goods, sec.Code)
	}
	where := "tariff"
	if at.Line > 0 {
		where = fmt.Sprintf("tariff at line %d", at.Line)
	}
	c.note(fmt.Sprintf("%s: with no sector key the rate applies to every sector, services (%s) included, which the US schedules leave untaxed; to tax goods only, name them: sector: [%s]",
		where, serv, strings.Join(goods, ", ")))
}

// applyRateFile sets the importers' rates on each exporter of the file.
func (c *compiler) applyRateFile(t *TariffShock, at Pos) error {
	st := &c.tariff
	importers, err := c.idx.countries(t.Importer, at, "importer")
	if err != nil {
		return err
	}
	for _, row := range t.Rows {
		i, ok := c.idx.country(row.Exporter.Name)
		if !ok {
			return row.Exporter.Pos.orField(sub(at.Field, "file")).errorf("%s", c.ds.UnknownCountry(row.Exporter.Name))
		}
		s0, err := c.idx.sectorOne(row.Sector, at, "file")
		if err != nil {
			return err
		}
		if !(row.Rate > -1) {
			return row.Pos.orField(sub(at.Field, "file")).errorf("tariff rate must be > −1, got %v", row.Rate)
		}
		pairs := 0
		for _, j := range importers {
			if i == j {
				continue
			}
			pairs++
			c.forSectors(s0, func(s int) { st.cur[(i*st.N+j)*st.S+s] = row.Rate })
		}
		if pairs == 0 {
			// As `tariff: {importer: X, exporter: X}` is refused: the row
			// would set nothing, most likely a slip.
			return row.Exporter.Pos.orField(sub(at.Field, "file")).errorf("exporter %s is the shock's only importer: the row selects no pair of different countries (domestic sales carry no tariff)", row.Exporter.Name)
		}
	}
	return nil
}

// applyMirror is retaliation in kind: each importer j raises its tariff on
// exporter x by the increase, over the baseline, of x's tariff on j as it
// stands now. Only increases are mirrored (a cut by x is not retaliated
// against, nor does it make j cut). A write to x→j can only be read later
// by this loop if x and j are both importers and exporters; then increases
// are read from a snapshot, so the result does not depend on loop order.
func (c *compiler) applyMirror(importers, exporters, sectors []int) error {
	st := &c.tariff
	src := st.cur
	if common(importers, exporters) >= 2 {
		src = append([]float64(nil), st.cur...)
	}
	for _, x := range exporters {
		for _, j := range importers {
			if x == j {
				continue
			}
			for _, s := range sectors {
				theirs := (j*st.N+x)*st.S + s // x's tariff on goods from j
				if inc := src[theirs] - st.base[theirs]; inc > 0 {
					st.cur[(x*st.N+j)*st.S+s] += inc
				}
			}
		}
	}
	return nil
}

// common counts the elements shared by two sorted index lists.
func common(a, b []int) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// forSectors calls f for sector s0, or for every sector when s0 is -1.
func (c *compiler) forSectors(s0 int, f func(s int)) {
	if s0 >= 0 {
		f(s0)
		return
	}
	for s := 0; s < c.ds.S(); s++ {
		f(s)
	}
}

// applyPenalty records a schedule's transshipment penalty for its
// importers; the scenario's `transshipment:` block charges it on rerouted
// goods.
func (c *compiler) applyPenalty(t *TariffShock, at Pos) error {
	if t.TransshipPenalty == 0 {
		return nil
	}
	importers, err := c.idx.countries(t.Importer, at, "importer")
	if err != nil {
		return err
	}
	if c.transshipPenalty == nil {
		c.transshipPenalty = make([]float64, c.ds.N())
	}
	for _, j := range importers {
		c.transshipPenalty[j] = math.Max(c.transshipPenalty[j], t.TransshipPenalty)
	}
	what := fmt.Sprintf("a %g%% penalty", 100*t.TransshipPenalty)
	if t.TransshipPenalty == EO14326Penalty {
		what = "EO 14326's 40% penalty"
	}
	c.note(fmt.Sprintf("transship_penalty: %s on goods the importers find transshipped, charged on the rerouted share instead of nothing; it applies only through the scenario's transshipment: block, and is charged as if every rerouted good were caught (raise transshipment.cost for detection that is costly but incomplete)", what))
	if t.Schedule.Name == tariffs.USRecord && t.ScheduleDate != "today" && t.ScheduleDate < eo14326Start {
		c.note(fmt.Sprintf("transship_penalty: EO 14326 took effect on %s, after the schedule's date %s; applied as asked", eo14326Start, t.ScheduleDate))
	}
	return nil
}
