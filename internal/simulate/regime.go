package simulate

import (
	"fmt"
	"strings"

	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// authorityNames name the record's legal authorities for people, in the
// order of tariffs.Authority.
var authorityNames = [tariffs.NumAuthorities]string{"Section 232", "IEEPA reciprocal", "other IEEPA", "Section 122", "Section 301"}

// endings are the measures whose end a description of the regime names once
// it is past: the two whose lapse changed what a standoff means (the IEEPA
// duties struck down, then the Section 122 surcharge that replaced them for
// 150 days).
var endings = []struct {
	what, verb string
	auth       []tariffs.Authority
	match      func(tariffs.TimelineEntry) bool
}{
	{"the IEEPA duties", "ended", []tariffs.Authority{tariffs.IEEPAReciprocal, tariffs.IEEPAOther},
		func(e tariffs.TimelineEntry) bool { return e.Kind == "country" && e.Authority == "IEEPA" }},
	{"the Section 122 surcharge", "lapsed", []tariffs.Authority{tariffs.S122},
		func(e tariffs.TimelineEntry) bool { return strings.HasPrefix(e.Authority, "Section 122") }},
}

// RegimeSummary describes for people the US regime in force on date (the
// record's, as RegimeInForce names it): the additional duty on all US
// imports by legal authority, and the IEEPA duties or Section 122
// surcharge when they have ended by then. It is computed from the record
// rather than written into a plan, because a text fixed when the plan was
// written ("beyond the Section 122 surcharge") goes stale when a measure
// lapses. "" before the record begins.
func RegimeSummary(date string) string {
	if RegimeInForce(date) == "" {
		return ""
	}
	e, err := tariffs.EffectiveOn(date)
	if err != nil {
		return ""
	}
	var duty tariffs.ByAuthority
	for _, r := range e.Rows {
		if r.Code == tariffs.AllPartners && r.Sector == tariffs.TotalSector {
			duty = r.Duty
			break
		}
	}
	var in []string
	for a, v := range duty {
		if v >= 0.05 { // shown to one decimal
			in = append(in, fmt.Sprintf("%s %.1f%%", authorityNames[a], v))
		}
	}
	s := "no additional duty"
	if len(in) > 0 {
		s = report.AndList(in) + " additional duty on average over all US imports"
	}
	var ended []string
	for _, x := range endings {
		off := true
		for _, a := range x.auth {
			off = off && duty[a] < 0.005
		}
		last := ""
		for _, te := range tariffs.FullTimeline() {
			if x.match(te) && te.Status(date) == "lapsed" && te.End > last {
				last = te.End
			}
		}
		if off && last != "" {
			ended = append(ended, fmt.Sprintf("%s %s on %s", x.what, x.verb, last))
		}
	}
	if len(ended) > 0 {
		s += "; " + report.AndList(ended)
	}
	return s
}
