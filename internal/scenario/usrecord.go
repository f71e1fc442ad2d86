package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// servicesSector is the ICIO code of services and utilities. The record's
// SERV row holds the few goods ICIO classes there (electricity, works of
// art, 0.4% of US goods imports); a dataset's SERV flows are mostly
// services, which US tariffs do not reach, so none is applied to them.
const servicesSector = "SERV"

// applyUSRecord applies the whole US regime on the shock's date (package
// tariffs, EffectiveOn) to the importers' tariffs: the additional duty of
// each exporter stacks on the rate in force before this shock. A dataset
// whose sectors carry the record's ICIO codes gets the duty sector by
// sector; a one-sector dataset gets each partner's import-weighted total.
// The dataset is asked for its sector codes; nothing depends on which
// dataset it is.
func (c *compiler) applyUSRecord(t *TariffShock, at Pos) error {
	date := t.ScheduleDate
	if date == "today" {
		date = tariffs.Today()
	}
	eff, err := tariffs.EffectiveOn(date)
	if err != nil {
		return t.ScheduleDatePos.orField(sub(at.Field, "schedule.date")).errorf("%v", err)
	}
	var since *tariffs.Effective
	if t.ScheduleSince != "" {
		if t.ScheduleSince >= date {
			return t.ScheduleSincePos.orField(sub(at.Field, "schedule.since")).errorf("since (%s) must be before the schedule's date (%s)", t.ScheduleSince, date)
		}
		if since, err = tariffs.EffectiveOn(t.ScheduleSince); err != nil {
			return t.ScheduleSincePos.orField(sub(at.Field, "schedule.since")).errorf("%v", err)
		}
	}
	importers, err := c.idx.countries(t.Importer, at, "importer")
	if err != nil {
		return err
	}
	sectors, err := c.idx.sectorsOf(t.Sector, at, "sector")
	if err != nil {
		return err
	}
	var exporters []int // nil = every partner
	if len(t.Exporter) > 0 {
		if exporters, err = c.idx.countries(t.Exporter, at, "exporter"); err != nil {
			return err
		}
	}
	// Which row of the record each dataset sector takes: "" = none.
	S := c.ds.S()
	rowOf := make([]string, S)
	if S == 1 {
		rowOf[0] = tariffs.TotalSector
	} else {
		known := map[string]bool{}
		for _, s := range tariffs.Sectors() {
			if s.Code != tariffs.NASector {
				known[s.Code] = true
			}
		}
		var matched int
		var unmatched []string
		for s, sec := range c.ds.Sectors {
			switch {
			case sec.Code == servicesSector:
				c.note(fmt.Sprintf("%s %s: no US duty on sector %s (services; the record's %s row is goods such as electricity)", tariffs.USRecord, date, servicesSector, servicesSector))
			case known[sec.Code]:
				rowOf[s] = sec.Code
				matched++
			default:
				unmatched = append(unmatched, sec.Code)
			}
		}
		if matched == 0 {
			codes := make([]string, 0, len(known))
			for k := range known {
				codes = append(codes, k)
			}
			slices.Sort(codes)
			return t.Schedule.Pos.orField(sub(at.Field, "schedule")).errorf(
				"%s needs a one-sector dataset or ICIO sector codes (%s); the dataset's sectors are %s",
				tariffs.USRecord, strings.Join(codes, ", "), sectorList(c.ds))
		}
		if len(unmatched) > 0 {
			c.note(fmt.Sprintf("%s %s: no US record for sectors %s: no duty applied to them", tariffs.USRecord, date, strings.Join(unmatched, ", ")))
		}
	}
	N := c.ds.N()
	duty := make([]map[string]float64, N) // by exporter: record row → additional duty, %
	var defaults []string
	// partnerDuty is one partner's additional duty by record row, %, and
	// whether the sectoral table lacks it.
	partnerDuty := func(code string) (map[string]float64, bool) {
		rows, basis, _ := eff.Partner(code)
		m := make(map[string]float64, len(rows))
		for _, r := range rows {
			m[r.Sector] = r.AdditionalPct()
		}
		if since != nil {
			before, _, _ := since.Partner(code)
			for _, r := range before {
				m[r.Sector] -= r.AdditionalPct()
			}
		}
		return m, basis == tariffs.FromDefault
	}
	for i, country := range c.ds.Countries {
		if country.Code == "USA" {
			continue // the US does not tariff itself
		}
		if members := c.ds.Members[country.Code]; len(members) > 0 {
			duty[i] = c.memberDuty(members, partnerDuty)
			c.note(fmt.Sprintf("%s %s: %s (an aggregate of %d economies) pays the mean of its members' duties weighted by US imports 2024 (Census)",
				tariffs.USRecord, date, country.Code, len(members)))
			continue
		}
		m, dflt := partnerDuty(country.Code)
		if dflt {
			defaults = append(defaults, country.Code)
		}
		duty[i] = m
	}
	st := &c.tariff
	add := func(i, j int) error {
		for _, s := range sectors {
			if code := rowOf[s]; code != "" {
				k := (i*N+j)*st.S + s
				v := st.cur[k] + duty[i][code]/100
				if !(v > -1) {
					return at.errorf("%s makes the tariff of %s on %s %v, which must stay > −1", tariffs.USRecord, c.ds.Countries[j].Code, c.ds.Countries[i].Code, v)
				}
				st.cur[k] = v
			}
		}
		return nil
	}
	for _, j := range importers {
		for i := range N {
			if i == j || duty[i] == nil || (exporters != nil && !slices.Contains(exporters, i)) {
				continue
			}
			if err := add(i, j); err != nil {
				return err
			}
		}
	}
	if len(defaults) > 0 {
		c.note(fmt.Sprintf("%s %s: %d economies are not in the sectoral table (%s): each gets the all-partner coverage shares "+
			"with its own headline rates (its reciprocal rate, the Section 122 surcharge, the forced-labour 301 rate if named; "+
			"Section 232 as the all-partner average)", tariffs.USRecord, date, len(defaults), abbreviate(defaults, 12)))
	}
	if since == nil {
		first, _ := tariffs.EffectiveOn(tariffs.FirstDate)
		all, _, _ := first.Partner(tariffs.AllPartners)
		chn, _, _ := first.Partner("CHN")
		c.note(fmt.Sprintf("%s %s: the whole additional duty, including the Section 232 and 301 duties in force before 2025 "+
			"(on %s: %.2f%% on all partners, %.2f%% on China), which the data year's flows already carry; "+
			"add since: %s to the schedule to apply only the changes since then", tariffs.USRecord, date, tariffs.FirstDate,
			all[len(all)-1].AdditionalPct(), chn[len(chn)-1].AdditionalPct(), tariffs.FirstDate))
	} else {
		c.note(fmt.Sprintf("%s %s since %s: the change of the additional duty between the two dates", tariffs.USRecord, date, t.ScheduleSince))
	}
	c.note(fmt.Sprintf("%s %s: %s", tariffs.USRecord, date, strings.Join(eff.Notes[1:], " ")))
	return nil
}

// memberDuty is an aggregate unit's duty by record row: the mean of its
// members' duties weighted by the US's 2024 imports from each (Census), as
// for the named schedules (aggregateRates); a plain mean when none of them
// trades with the US.
func (c *compiler) memberDuty(members []string, partnerDuty func(string) (map[string]float64, bool)) map[string]float64 {
	w := censusImports()
	total := 0.0
	for _, m := range members {
		total += w[m]
	}
	out := map[string]float64{}
	for _, m := range members {
		wm := 1 / float64(len(members))
		if total > 0 {
			wm = w[m] / total
		}
		d, _ := partnerDuty(m)
		for row, v := range d {
			out[row] += wm * v
		}
	}
	return out
}

// abbreviate lists codes, at most n of them, with a count of the rest.
func abbreviate(codes []string, n int) string {
	if len(codes) <= n {
		return strings.Join(codes, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(codes[:n], ", "), len(codes)-n)
}
