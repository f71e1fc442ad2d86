package tariffs

import (
	"math"
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
}

var timeline = sync.OnceValue(func() []Action {
	var out []Action
	for _, r := range readRecord("timeline.csv") {
		out = append(out, Action{
			DateEffective: r["date_effective"], DateSigned: r["date_signed"], Scope: r["scope"], Measure: r["measure"],
			RatePct: num("timeline.csv", r["rate_pct"]), Instrument: r["instrument"], Source: r["source"],
		})
	}
	return out
})

// Timeline returns the dated actions in order of effective date. The slice is
// a copy.
func Timeline() []Action { return append([]Action(nil), timeline()...) }

// HasRate reports whether the action sets a single rate.
func (a Action) HasRate() bool { return !math.IsNaN(a.RatePct) }
