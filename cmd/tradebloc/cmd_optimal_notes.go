package main

import (
	"fmt"
	"math"
	"strings"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/optimal"
)

// Which tariff differences a note names: a partner whose tariff is at least
// minPremiumPP from the importer's average and which sells it at least
// minPremiumShare of its imports, the maxPremiums largest by the revenue
// the difference is worth (optimal.Premiums' order). On icio-2022 the US's
// are China (+10.03 pp), Mexico and Canada (−3.73 pp, USMCA).
const (
	minPremiumPP    = 1
	minPremiumShare = 0.01
	maxPremiums     = 3
)

// namedPremiums keeps the premiums a note names (see minPremiumPP).
func namedPremiums(prem []optimal.Premium) []optimal.Premium {
	var out []optimal.Premium
	for _, p := range prem {
		if len(out) == maxPremiums {
			break
		}
		if math.Abs(p.PremiumPP) >= minPremiumPP && p.ImportShare >= minPremiumShare {
			out = append(out, p)
		}
	}
	return out
}

// usRecordNote says where the US's tariff differences come from on a
// dataset whose US tariffs carry the US tariff record's pre-2025 duties
// (data.Dataset.USRecordInBaseline); "" for another importer or dataset.
func usRecordNote(ds *data.Dataset, importer int) string {
	if ds.USRecordInBaseline == "" || ds.Countries[importer].Code != "USA" {
		return ""
	}
	return fmt.Sprintf("the dataset's US tariffs carry the pre-2025 Section 232 and 301 duties of the US tariff record of %s", ds.USRecordInBaseline)
}

// tariffBase is what an optimal rate replaces, or is added to.
type tariffBase struct {
	Code string
	// Mode is "uniform" or "by_partner"; Additional: the rate is added to
	// the scenario's tariffs (--additional).
	Mode       string
	Additional bool
	// Goods: the rate taxes the goods sectors only.
	Goods bool
	// AvgPct is the country's average tariff of the scenario in the
	// sectors taxed, Premiums the partners furthest from it.
	AvgPct   float64
	Premiums []premiumDoc
	// USRecord is usRecordNote's sentence, "" when it does not apply.
	USRecord string
	// Welfare is each partner's welfare change at the optimum (%).
	Welfare map[string]float64
	// RatePct is the uniform rate found (nil by partner).
	RatePct *float64
}

// tariffBaseNote says that an optimal rate is the whole tariff, which
// replaces the country's tariffs of the scenario and the differences
// between partners they carry (or, under --additional, is added to
// them), and names the largest of these: on icio-2022 the US's uniform
// optimum of 15.97% drops China's premium of pre-2025 Section 232 and 301
// duties, and China gains from it (+0.066%) where with the premium kept it
// would lose.
func tariffBaseNote(t tariffBase) string {
	where := ""
	if t.Goods {
		where = " on goods"
	}
	base := fmt.Sprintf("%s's tariffs of the scenario%s (%.2f%% on average, weighted by imports)", t.Code, where, t.AvgPct)
	var parts, above []string
	positive := ""
	for k, p := range t.Premiums {
		if w, ok := t.Welfare[p.Code]; ok && p.PremiumPP > 0 {
			above = append(above, fmt.Sprintf("%s %+.3f%%", p.Code, w))
		}
		dir := "below"
		if p.PremiumPP > 0 {
			dir = "above"
			if positive == "" {
				positive = p.Code
			}
		}
		if k == 0 {
			dir += " that average"
		}
		parts = append(parts, fmt.Sprintf("%s's %.2f pp %s (%.2f%%)", p.Code, math.Abs(p.PremiumPP), dir, p.TariffPct))
	}
	var diffs string
	if len(parts) > 0 {
		diffs = strings.Join(parts, ", ")
		if t.USRecord != "" && positive != "" {
			diffs += fmt.Sprintf("; %s, the source of %s's premium", t.USRecord, positive)
		}
	}
	at := ""
	if t.RatePct != nil {
		// The same weights: the average of t + r is the average plus r.
		at = fmt.Sprintf("; at the optimum they average %.2f%%", t.AvgPct+*t.RatePct)
	}
	switch {
	case t.Additional && diffs == "":
		return fmt.Sprintf("--additional: the rate is added to %s, which differ little between its main suppliers%s. Without --additional the rate replaces them", base, at)
	case t.Additional:
		return fmt.Sprintf("--additional: the rate is added to %s, which keep the differences between partners they carry: %s%s. Without --additional the rate replaces them", base, diffs, at)
	case t.Mode == "by_partner" && diffs == "":
		return fmt.Sprintf("The rates are the whole tariffs: they replace %s", base)
	case t.Mode == "by_partner":
		return fmt.Sprintf("The rates are the whole tariffs: they replace %s and the differences between partners they carry: %s", base, diffs)
	case diffs == "":
		return fmt.Sprintf("The rate is the whole tariff: it replaces %s, which differ little between its main suppliers; --additional keeps them and finds the uniform rate added on top", base)
	}
	gain := ""
	if len(above) > 0 {
		gain = " (at this optimum: " + strings.Join(above, ", ") + ")"
	}
	return fmt.Sprintf("The rate is the whole tariff: it replaces %s, and with them the differences between partners they carry: %s. At the optimum every partner pays the same rate, so one that paid more than the average loses its premium over its competitors, which softens its loss or turns it into a gain%s; --additional keeps the scenario's tariffs and finds the uniform rate added on top", base, diffs, gain)
}

// dataFlagColumnNote explains the data_flag column of the tables of other
// countries (optimal-tariff) and of non-players (nash).
var dataFlagColumnNote = fmt.Sprintf("data_flag: the economy's balance in the data lies beyond ±%d%% of its GDP (data quality rule; likely ship registrations, aid-financed imports or re-exports): its result is unreliable, whatever its rank here.", data.MaxBalancePctGDP)

// dataFlagCell is a country's entry in a data_flag column: its balance in
// percent of GDP when flagged, else "".
func dataFlagCell(flags []data.QualityFlag, code string) string {
	if f, ok := data.QualityFlagOf(flags, code); ok {
		return fmt.Sprintf("balance %+.0f%% of GDP", f.BalancePctGDP)
	}
	return ""
}

// additionalFloorNote says that --additional's rate sits at the search's
// lower bound 0 (headline: the optimum shown; purged: the optimum on
// purged imbalances beside it): the search only adds to the scenario's
// tariffs, so a 0 there means they already exceed the optimum rather than
// that it is 0. A US scenario of 100% on every partner with deficits
// purged stops there (world-2023: the optimum that replaces them is about
// 26%). "" when neither is at the bound.
func additionalFloorNote(code string, avgPct float64, headline, purged bool) string {
	which, optimum := "the added rate sits at its lower bound 0", "the optimum"
	switch {
	case headline && purged:
		which += ", here and with imbalances purged"
	case purged:
		which, optimum = "with imbalances purged the added rate sits at its lower bound 0", "the optimum on balanced trade"
	case !headline:
		return ""
	}
	return fmt.Sprintf("--additional: %s: the scenario's own tariffs (%s's, %.2f%% on average) already exceed %s; a cut would raise welfare further, which a search that only adds cannot find: without --additional the rate replaces them", which, code, avgPct, optimum)
}

// scanFacts are the figures scanNote is written from.
type scanFacts struct {
	Code    string
	Closure model.Closure
	// Surplus: the country runs a surplus (the valuation named is of it).
	Surplus bool
	// Additional: the rate is added to the scenario's tariffs, whose
	// average in the sectors taxed is AvgPct; ByPartner: the optimum is
	// one rate per partner and the scan's rates are uniform.
	Additional, ByPartner bool
	AvgPct                float64
	// RatePct and WelfarePct are the optimum and the country's welfare
	// there; MaxRatePct the search's bound.
	RatePct, WelfarePct, MaxRatePct float64
	// Elsewhere, Near and Scan are optimalDoc's higher_welfare_elsewhere,
	// near_maximum and welfare_scan; Edge the optimum's (optimal.Result).
	Elsewhere, Near *scanPointDoc
	Scan            []scanPointDoc
	Edge            string
	// PurgedRatePct is the optimum on purged imbalances, and
	// PurgedSinglePeaked whether welfare is single-peaked there (nil when
	// not computed).
	PurgedRatePct      *float64
	PurgedSinglePeaked *bool
}

// scanNote says that the country's welfare is not single-peaked in the
// rate, when the scan after the search finds a point above the optimum
// (Elsewhere) or the optimum is the far one of two maxima (Near); "" when
// it finds neither.
//
// Under the fixed-deficit closure a deficit country's welfare has a second
// maximum at prohibitive rates (world-2023's US: +0.575% at 41.41%, +0.532%
// at 80%, +2.106% at 302.38%): its exports vanish (−99.5% at 300%) while
// the imports its fixed deficit finances stay (−64.6%), delivered by the
// rest of the world whatever the rate, so the tariff taxes a transfer; its
// welfare without the valuation of the deficit rises throughout (+3.98% at
// 300%). It rises until a surplus country's fixed surplus exceeds its
// income and the model has no equilibrium (Guinea, just above 302.38%).
// The note keeps the local optimum as the result and reports the other.
func scanNote(f scanFacts) string {
	if f.Elsewhere == nil && f.Near == nil {
		return ""
	}
	kept := f.Closure == model.Fixed || f.Closure == model.Ratio
	welfare := func(p *scanPointDoc) string {
		s := fmt.Sprintf("%+.3f%%", *p.WelfarePct)
		if p.WelfareExValuationPct != nil {
			balance := "deficit"
			if f.Surplus {
				balance = "surplus"
			}
			s += fmt.Sprintf(" (%+.2f%% without the valuation of its fixed %s)", *p.WelfareExValuationPct, balance)
		}
		return s
	}
	rate := func(r float64) string {
		switch {
		case !f.Additional:
			return fmt.Sprintf("%.2f%%", r)
		case r >= 0:
			return fmt.Sprintf("%.2f%% added", r)
		}
		return fmt.Sprintf("a cut of %.2f pp in the scenario's tariffs (to %.2f%% on average)", -r, f.AvgPct+r)
	}
	edge := func(why string) string {
		if why == "" {
			return ""
		}
		return fmt.Sprintf("; welfare still rises there until the model has no equilibrium just above it (%s)", shortReason(why))
	}
	var s string
	far := ", a second maximum at prohibitive rates"
	if kept {
		far = fmt.Sprintf(", a second maximum of the closure that keeps imbalances (deficits: %s) at prohibitive rates: %s's exports vanish while the imports its fixed deficit finances stay, delivered by the rest of the world whatever the rate, so the tariff taxes a transfer", f.Closure, f.Code)
	}
	switch {
	case f.Elsewhere != nil && f.ByPartner:
		s = fmt.Sprintf("welfare is not single-peaked in the rates: the rates per partner above, a local maximum that coordinate ascent reaches from the uniform optimum, give %+.3f%%, but one uniform rate of %s gives %s%s%s. The rates reported stay the local optimum",
			f.WelfarePct, rate(f.Elsewhere.RatePct), welfare(f.Elsewhere), far, edge(f.Elsewhere.Edge))
	case f.Elsewhere != nil:
		s = fmt.Sprintf("welfare is not single-peaked in the rate: the optimum above, %s, is a local maximum (%+.3f%%), but at %s it is %s%s%s. The rate reported stays the local optimum",
			rate(f.RatePct), f.WelfarePct, rate(f.Elsewhere.RatePct), welfare(f.Elsewhere), far, edge(f.Elsewhere.Edge))
	default:
		what := "the far maximum"
		if kept {
			what = fmt.Sprintf("the far maximum: under the closure that keeps imbalances (deficits: %s), at prohibitive rates %s's exports vanish while the imports its fixed deficit finances stay, delivered by the rest of the world whatever the rate, so the tariff taxes a transfer", f.Closure, f.Code)
		}
		s = fmt.Sprintf("welfare is not single-peaked in the rate, and the rate found, %s (%+.3f%%), is %s%s. The near maximum, across a valley, is %s, with welfare %s",
			rate(f.RatePct), f.WelfarePct, what, edge(f.Edge), rate(f.Near.RatePct), welfare(f.Near))
		if f.Additional && f.Near.RatePct < 0 {
			s += ": the search, which only adds to the scenario's tariffs and starts at 10% added, cannot reach it; without --additional the rate replaces them"
		}
	}
	if f.PurgedRatePct != nil && f.PurgedSinglePeaked != nil {
		if *f.PurgedSinglePeaked {
			s += fmt.Sprintf("; with imbalances purged (model.deficits: purge) the optimum is %s and welfare is single-peaked in the rate", rate(*f.PurgedRatePct))
		} else {
			s += fmt.Sprintf("; with imbalances purged (model.deficits: purge) the optimum is %s, and welfare is not single-peaked there either", rate(*f.PurgedRatePct))
		}
	}
	var none []string
	for _, p := range f.Scan {
		if p.NoEquilibrium != "" {
			none = append(none, fmt.Sprintf("%g%%", p.RatePct))
		}
	}
	if f.Additional {
		s += fmt.Sprintf(" (scan of uniform rates added, 0 to %g%%, and of cuts down to the lowest tariff's 0", f.MaxRatePct)
	} else {
		s += fmt.Sprintf(" (scan of uniform rates 0 to %g%%", f.MaxRatePct)
	}
	if len(none) > 0 {
		s += "; no equilibrium at " + strings.Join(none, ", ")
	}
	return s + "; docs/optimal-tariffs.md, Welfare is not single-peaked)"
}

// shortReason is the model's error without its figures and prefixes:
// "final spending of GIN would be non-positive".
func shortReason(msg string) string {
	if i := strings.Index(msg, " ("); i > 0 {
		msg = msg[:i]
	}
	if j := strings.LastIndex(msg, ": "); j >= 0 {
		msg = msg[j+2:]
	}
	return msg
}
