package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// applyUSRecord applies the US regime on the shock's date (package
// tariffs, EffectiveOn) to the importers' tariffs: the additional duty of
// each exporter stacks on the rate in force before this shock. The duty is
// the change since the schedule's since date or, without one, since the
// regime the dataset's baseline carries (Dataset.USRecordInBaseline); the
// whole duty only for a dataset that carries none. A dataset
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
	// A dataset whose baseline tariffs already carry the record's duties
	// on some date (dataset.yaml us_record_in_baseline) gets, by default,
	// only the change since then: the whole duty would count those twice.
	var since *tariffs.Effective
	sinceDate, fromBaseline := t.ScheduleSince, false
	if sinceDate == "" && c.ds.USRecordInBaseline != "" {
		sinceDate, fromBaseline = c.ds.USRecordInBaseline, true
	}
	if sinceDate != "" {
		if !fromBaseline && sinceDate >= date {
			return t.ScheduleSincePos.orField(sub(at.Field, "schedule.since")).errorf("since (%s) must be before the schedule's date (%s)", sinceDate, date)
		}
		if since, err = tariffs.EffectiveOn(sinceDate); err != nil {
			if fromBaseline {
				return t.Schedule.Pos.orField(sub(at.Field, "schedule")).errorf("the dataset's us_record_in_baseline: %v", err)
			}
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
	rowOf, matched, services, unmatched := tariffs.RecordRows(c.ds.SectorCodes())
	if matched == 0 {
		return t.Schedule.Pos.orField(sub(at.Field, "schedule")).errorf(
			"%s needs a one-sector dataset or ICIO sector codes (%s); the dataset's sectors are %s",
			tariffs.USRecord, strings.Join(recordSectorCodes(), ", "), sectorList(c.ds))
	}
	if services {
		c.note(fmt.Sprintf("%s %s: no US duty on sector %s (services; the record's %s row is goods such as electricity)", tariffs.USRecord, date, tariffs.ServicesSector, tariffs.ServicesSector))
	}
	if len(unmatched) > 0 {
		c.note(fmt.Sprintf("%s %s: no US record for sectors %s: no duty applied to them", tariffs.USRecord, date, strings.Join(unmatched, ", ")))
	}
	N := c.ds.N()
	duty := make([]map[string]float64, N) // by exporter: record row → additional duty, %
	var defaults []string
	for i, country := range c.ds.Countries {
		if country.Code == "USA" {
			continue // the US does not tariff itself
		}
		if members := c.ds.Members[country.Code]; len(members) > 0 {
			duty[i] = eff.MembersDuty(members, since)
			c.note(fmt.Sprintf("%s %s: %s (an aggregate of %d economies) pays the mean of its members' duties weighted by US imports 2024 (Census)",
				tariffs.USRecord, date, country.Code, len(members)))
			continue
		}
		m, dflt := eff.Duty(country.Code, since)
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
			"with its own headline rates in force that day (%s; Section 232 as the all-partner average)",
			tariffs.USRecord, date, len(defaults), abbreviate(defaults, 12), headlineRulesOn(date)))
	}
	first, _ := tariffs.EffectiveOn(tariffs.FirstDate)
	all, _, _ := first.Partner(tariffs.AllPartners)
	chn, _, _ := first.Partner("CHN")
	pre2025 := fmt.Sprintf("the Section 232 and 301 duties in force before 2025 (on %s: %.2f%% averaged over all partners, none on most of the EU, Japan, Canada and Mexico; %.2f%% on China)",
		tariffs.FirstDate, all[len(all)-1].AdditionalPct(), chn[len(chn)-1].AdditionalPct())
	switch {
	case fromBaseline:
		c.note(fmt.Sprintf("%s %s: the change of the additional duty since %s, whose regime (%s) the dataset's baseline tariffs already carry",
			tariffs.USRecord, date, sinceDate, pre2025))
	case since == nil:
		c.note(fmt.Sprintf("%s %s: the whole additional duty, including %s, which the data year's flows already carry; "+
			"add since: %s to the schedule to apply only the changes since then", tariffs.USRecord, date, pre2025, tariffs.FirstDate))
	case c.ds.USRecordInBaseline != "" && sinceDate != c.ds.USRecordInBaseline:
		c.note(fmt.Sprintf("%s %s since %s: the change of the additional duty between the two dates; the dataset's baseline tariffs carry the regime of %s, "+
			"so the changes between %s and %s are left out (or counted twice)", tariffs.USRecord, date, sinceDate, c.ds.USRecordInBaseline,
			min(sinceDate, c.ds.USRecordInBaseline), max(sinceDate, c.ds.USRecordInBaseline)))
	default:
		c.note(fmt.Sprintf("%s %s since %s: the change of the additional duty between the two dates", tariffs.USRecord, date, sinceDate))
	}
	c.note(fmt.Sprintf("%s %s: %s", tariffs.USRecord, date, strings.Join(eff.Notes[1:], " ")))
	return nil
}

// headlineRules are the record's measures that give a partner outside the
// sectoral table a headline rate of its own (tariffs.Effective.Partner),
// by measure id, with what the note calls each.
var headlineRules = []struct{ id, text string }{
	{"IEEPA-ANNEXII-2025-04", "its IEEPA reciprocal rate"},
	{"S122-2026-02", "the Section 122 surcharge"},
	{"S301-FORCEDLABOR-2026-07", "the forced-labour Section 301 rate if the compiled row names it"},
}

// headlineRulesOn names the headline rules in force on date (YYYY-MM-DD),
// from the measures' own dates in the record: a note on a 2025 regime
// must not cite the rules of 2026.
func headlineRulesOn(date string) string {
	var in []string
	for _, r := range headlineRules {
		for _, m := range tariffs.Measures() {
			if m.ID == r.id && m.Start != "" && m.Start <= date && (m.End == "" || date <= m.End) {
				in = append(in, r.text)
			}
		}
	}
	if len(in) == 0 {
		return "none that day"
	}
	return strings.Join(in, ", ")
}

// abbreviate lists codes, at most n of them, with a count of the rest.
func abbreviate(codes []string, n int) string {
	if len(codes) <= n {
		return strings.Join(codes, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(codes[:n], ", "), len(codes)-n)
}

// recordSectorCodes lists the record's ICIO sector codes, sorted.
func recordSectorCodes() []string {
	var codes []string
	for _, s := range tariffs.Sectors() {
		if s.Code != tariffs.NASector {
			codes = append(codes, s.Code)
		}
	}
	slices.Sort(codes)
	return codes
}
