package tariffs

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Action is one dated US tariff action of 2025–26, as compiled from the
// executive orders, proclamations and HTSUS revisions.
type Action struct {
	DateEffective string  // YYYY-MM-DD
	DateSigned    string  // YYYY-MM-DD, or YYYY-MM when only the month is known
	Scope         string  // partners affected
	Measure       string  // what changed
	RatePct       float64 // the rate set by the action; NaN when it sets many (see Measure)
	Instrument    string  // EO, proclamation or arrangement
	Source        string
	// Ends names the earlier action this one ends before the IEEPA duties
	// end, by its effective date and scope ("2025-08-27 IND": the EO of
	// 2026-02-06 ended India's Russian-oil duty); "" for most actions.
	Ends string
}

var timeline = sync.OnceValue(func() []Action {
	var out []Action
	for _, r := range readRecord("timeline.csv") {
		out = append(out, Action{
			DateEffective: r["date_effective"], DateSigned: r["date_signed"], Scope: r["scope"], Measure: r["measure"],
			RatePct: num("timeline.csv", r["rate_pct"]), Instrument: r["instrument"], Source: r["source"], Ends: r["ends"],
		})
	}
	return out
})

// Timeline returns the dated actions in order of effective date. The slice is
// a copy.
func Timeline() []Action { return append([]Action(nil), timeline()...) }

// HasRate reports whether the action sets a single rate.
func (a Action) HasRate() bool { return !math.IsNaN(a.RatePct) }

// TimelineEntry is one dated action of the full timeline: a country-level
// action of the timeline or a sectoral measure.
type TimelineEntry struct {
	Date       string // effective date, YYYY-MM-DD; "" when the record has none
	End        string // last day in force, YYYY-MM-DD; "" = open (or replaced by a later action)
	Kind       string // "country" or "sectoral"
	ID         string // the measure's id (sectoral)
	Authority  string
	Scope      string // partners
	Measure    string // what it does
	RateText   string // the rate as compiled ("" when none)
	Instrument string
	Source     string
	// Figures and FiguresNote: how tariffs effective uses a sectoral
	// measure (see Measure).
	Figures, FiguresNote string
	// Ends is set on a country action that sets no duty but ends an
	// earlier one (Action.Ends): that action's effective date and scope.
	Ends string
}

// Status of an entry on date asOf: "upcoming", "in force", "lapsed" (its
// last day is before asOf), "no date", or "took effect" for an action that
// sets no duty of its own but ends others (the end of the IEEPA duties, the
// end of India's Russian-oil duty: "in force" would read as a duty still
// collected). A country action "in force" may have been replaced by a later
// action for the same partner.
func (e TimelineEntry) Status(asOf string) string {
	switch {
	case e.Date == "":
		return "no date"
	case e.Date > asOf:
		return "upcoming"
	case e.Authority == ieepaEnded || e.Ends != "":
		return "took effect"
	case e.End != "" && e.End < asOf:
		return "lapsed"
	}
	return "in force"
}

// ieepaMeasure is the sectoral measure whose end date is the last day of
// the IEEPA duties: 2026-02-20, the day of the Supreme Court's ruling and of
// the EO "Ending Certain Tariff Actions" (CBP collected them until the
// Section 122 surcharge replaced them on 2026-02-24).
const ieepaMeasure = "IEEPA-ANNEXII-2025-04"

// ieepaEnded is the authority of the action that ended the IEEPA duties.
const ieepaEnded = "IEEPA (ended)"

// sameAction names the sectoral measures that record a country-level action
// of the timeline again, with its id and figures: the timeline would
// otherwise list the Section 122 surcharge and the USMCA treatment of the
// Canada/Mexico duties twice, on the same day. The value is the country
// action's authority in FullTimeline.
var sameAction = map[string]string{
	"S122-2026-02":          "Section 122",
	"IEEPA-FENT-CAMX-USMCA": "IEEPA",
}

// IEEPALastDay is the last day of the IEEPA duties (YYYY-MM-DD): the end
// date of their measure in the record, 2026-02-20.
func IEEPALastDay() string {
	for _, m := range sectoralRecord().measures {
		if m.ID == ieepaMeasure {
			return m.End
		}
	}
	panic("tariffs: embedded record/measures.csv lacks " + ieepaMeasure)
}

// FullTimeline merges the country-level actions and the sectoral measures,
// by effective date (entries without a date last). Country actions under
// IEEPA end with the IEEPA duties, or the day before a later action ends
// them (Action.Ends); the Section 122 action with its measure.
func FullTimeline() []TimelineEntry {
	var s122End string
	for _, m := range sectoralRecord().measures {
		if m.ID == "S122-2026-02" {
			s122End = m.End
		}
	}
	endedBy := map[string]string{} // "date scope" → effective date of the action ending it
	for _, a := range timeline() {
		if a.Ends != "" {
			endedBy[a.Ends] = a.DateEffective
		}
	}
	var out []TimelineEntry
	for _, a := range timeline() {
		e := TimelineEntry{Date: a.DateEffective, Kind: "country", Authority: "IEEPA", Scope: a.Scope, Measure: a.Measure,
			Instrument: a.Instrument, Source: a.Source, Ends: a.Ends}
		if a.HasRate() {
			e.RateText = strconv.FormatFloat(a.RatePct, 'f', -1, 64)
		}
		switch {
		case strings.Contains(a.Measure, "Section 122"):
			e.Authority, e.End = "Section 122", s122End
		case a.RatePct == 0 && strings.Contains(a.Measure, "invalidates IEEPA"):
			e.Authority = ieepaEnded
		case a.Ends != "":
			// Sets no duty: nothing of its own to end.
		case endedBy[a.DateEffective+" "+a.Scope] != "":
			e.End = (mustDay(endedBy[a.DateEffective+" "+a.Scope]) - 1).String()
		default:
			e.End = IEEPALastDay()
		}
		out = append(out, e)
	}
	for _, m := range sectoralRecord().measures {
		e := TimelineEntry{Date: m.Start, End: m.End, Kind: "sectoral", ID: m.ID, Authority: m.Authority,
			Scope: m.Partners, Measure: m.Action, RateText: m.RateText, Instrument: m.Instrument, Source: m.Source,
			Figures: m.Figures, FiguresNote: m.FiguresNote}
		if auth, ok := sameAction[m.ID]; ok {
			out = absorb(out, &e, auth)
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int {
		switch {
		case a.Date == b.Date:
			return 0
		case a.Date == "":
			return 1
		case b.Date == "":
			return -1
		}
		return strings.Compare(a.Date, b.Date)
	})
	return out
}

// absorb removes from entries the country action that the sectoral entry
// e records again (same effective date, authority auth) and keeps its
// wording and source in e, so the merged row says all either said.
func absorb(entries []TimelineEntry, e *TimelineEntry, auth string) []TimelineEntry {
	return slices.DeleteFunc(entries, func(c TimelineEntry) bool {
		if c.Kind != "country" || c.Date != e.Date || c.Authority != auth {
			return false
		}
		e.Measure += " (" + c.Measure + ")"
		if c.Source != "" && !strings.Contains(e.Source, c.Source) {
			e.Source += "; " + c.Source
		}
		return true
	})
}
