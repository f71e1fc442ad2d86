package tariffs

import (
	"slices"
	"sync"
)

// Mode is how a schedule's rate combines with the baseline US tariff t0 on
// that partner. The 2025 deals with the EU, Japan, Switzerland and Korea set
// a floor on the total tariff instead of adding a duty, so adding every rate
// to t0 would overstate those partners' tariffs.
type Mode int

// The modes of combining a rate with the baseline tariff t0.
const (
	Additional Mode = iota // t' = t0 + rate
	AllIn                  // t' = max(t0, rate)
)

// String returns the mode as written in the record: "additional" or "all_in".
func (m Mode) String() string {
	if m == AllIn {
		return "all_in"
	}
	return "additional"
}

// Apply combines a rate with the baseline tariff t0; both are in the same
// unit (percent or decimal).
func (m Mode) Apply(t0, rate float64) float64 {
	if m == AllIn {
		return max(t0, rate)
	}
	return t0 + rate
}

// Entry is the US duty on one exporter under a schedule.
type Entry struct {
	Exporter string  // ISO3; "EUU" = all EU27 members
	RatePct  float64 // total additional US duty, stacking applied
	Mode     Mode
	Note     string // what the rate is made of
}

// Schedule is a named, dated set of US import duties by exporter, as
// scenarios apply it to US imports.
type Schedule struct {
	Name        string
	Date        string // first day the schedule was in force (YYYY-MM-DD)
	Title       string
	Description string // what is included and what is not
	Source      string
	Stacking    string  // how duties under different instruments add up
	DefaultPct  float64 // additional rate on every partner not listed (besides the US itself)
	Entries     []Entry // sorted by exporter
}

// EUCode is the exporter code of the European Union as one partner.
const EUCode = "EUU"

// EU27 are the member states an "EUU" entry applies to (since 1 Feb 2020).
var EU27 = []string{"AUT", "BEL", "BGR", "CYP", "CZE", "DEU", "DNK", "ESP", "EST", "FIN", "FRA", "GRC", "HRV", "HUN",
	"IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "SWE"}

var schedules = sync.OnceValue(func() []Schedule {
	var out []Schedule
	idx := map[string]int{}
	for _, r := range readRecord("schedules.csv") {
		idx[r["name"]] = len(out)
		out = append(out, Schedule{
			Name: r["name"], Date: r["date"], Title: r["title"], Description: r["description"],
			Source: r["source"], Stacking: r["stacking"], DefaultPct: num("schedules.csv", r["default_pct"]),
		})
	}
	for _, r := range readRecord("schedule_entries.csv") {
		i, ok := idx[r["schedule"]]
		if !ok {
			panic("tariffs: embedded record/schedule_entries.csv: unknown schedule " + r["schedule"])
		}
		out[i].Entries = append(out[i].Entries, Entry{
			Exporter: r["exporter"], RatePct: num("schedule_entries.csv", r["rate_pct"]),
			Mode: parseMode(r["mode"]), Note: r["note"],
		})
	}
	return out
})

// Schedules returns the named schedules in date order. The result is a deep
// copy, so callers may modify it.
func Schedules() []Schedule {
	src := schedules()
	out := make([]Schedule, len(src))
	for i, s := range src {
		s.Entries = slices.Clone(s.Entries)
		out[i] = s
	}
	return out
}

// Lookup returns the schedule with the given name.
func Lookup(name string) (Schedule, bool) {
	for _, s := range Schedules() {
		if s.Name == name {
			return s, true
		}
	}
	return Schedule{}, false
}

// Names lists the schedule names in date order.
func Names() []string {
	var out []string
	for _, s := range schedules() {
		out = append(out, s.Name)
	}
	return out
}

// Expand returns the entries with the "EUU" entry replaced by one entry per
// EU27 member (a member listed on its own keeps its own entry), sorted by
// exporter. Models with member states rather than the EU need this form.
func (s Schedule) Expand() []Entry {
	own := map[string]bool{}
	for _, e := range s.Entries {
		own[e.Exporter] = true
	}
	var out []Entry
	for _, e := range s.Entries {
		if e.Exporter != EUCode {
			out = append(out, e)
			continue
		}
		for _, c := range EU27 {
			if !own[c] {
				m := e
				m.Exporter = c
				out = append(out, m)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Entry) int {
		switch {
		case a.Exporter < b.Exporter:
			return -1
		case a.Exporter > b.Exporter:
			return 1
		}
		return 0
	})
	return out
}

// Alias is a customs territory that US tariff instruments treat as part of
// another partner: it pays that partner's rate in every schedule. The record
// (record/aliases.csv) has one rule: Hong Kong and Macau pay China's rate
// (EO 14257 Annex I lists "China, including Hong Kong and Macau", and every
// China action of the timeline has the scope "CHN (incl. HKG, MAC)"). They
// stay separate economies in the data, with their own balances; only the US
// duty follows China's.
type Alias struct {
	Exporter string // the territory, e.g. "HKG"
	RateOf   string // the partner whose rate it pays, e.g. "CHN"
	Basis    string // the legal basis, as written in the record
}

var aliases = sync.OnceValue(func() []Alias {
	var out []Alias
	for _, r := range readRecord("aliases.csv") {
		out = append(out, Alias{Exporter: r["exporter"], RateOf: r["rate_of"], Basis: r["basis"]})
	}
	return out
})

// Aliases returns the record's alias rules, sorted by territory. The slice
// is a copy.
func Aliases() []Alias { return slices.Clone(aliases()) }

// AliasesOf lists the territories that pay code's rate (HKG and MAC for
// CHN), in the record's order; nil for a partner without any.
func AliasesOf(code string) []string {
	var out []string
	for _, a := range aliases() {
		if a.RateOf == code {
			out = append(out, a.Exporter)
		}
	}
	return out
}

// aliasOf is the partner whose rate code pays, if code is an alias.
func aliasOf(code string) (Alias, bool) {
	for _, a := range aliases() {
		if a.Exporter == code {
			return a, true
		}
	}
	return Alias{}, false
}

// RateFor returns the entry that applies to exporter: its own, its
// partner's for an alias (HKG, MAC → CHN; the record writes these entries
// out, so this matters only for a schedule built without them), the EU's
// for an EU27 member, or DefaultPct (Additional). The US does not tariff
// itself: "USA" gets a zero Additional entry.
func (s Schedule) RateFor(exporter string) Entry {
	if exporter == "USA" {
		return Entry{Exporter: exporter, Mode: Additional, Note: "domestic"}
	}
	var eu *Entry
	for i, e := range s.Entries {
		if e.Exporter == exporter {
			return e
		}
		if e.Exporter == EUCode {
			eu = &s.Entries[i]
		}
	}
	if a, ok := aliasOf(exporter); ok {
		e := s.RateFor(a.RateOf)
		e.Exporter = exporter
		return e
	}
	if eu != nil && slices.Contains(EU27, exporter) {
		e := *eu
		e.Exporter = exporter
		return e
	}
	return Entry{Exporter: exporter, RatePct: s.DefaultPct, Mode: Additional, Note: "default"}
}
