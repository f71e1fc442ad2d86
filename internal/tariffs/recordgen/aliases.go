package recordgen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// alias is a customs territory that US tariff instruments treat as part of
// another partner, so that it pays that partner's rate in every schedule.
// The rule is stated once, in record/aliases.csv, and applied to every
// schedule here, rather than spelled out schedule by schedule.
type alias struct {
	exporter, rateOf, basis string
}

// scopeIncl matches a timeline scope that names a partner together with the
// territories it includes, e.g. "CHN (incl. HKG, MAC)".
var scopeIncl = regexp.MustCompile(`^([A-Z]{3}) \(incl\. ([A-Z]{3}(?:, [A-Z]{3})*)\)$`)

// annexIncl is the part of the basis the timeline cannot carry: Annex I of
// EO 14257 itself lists China with Hong Kong and Macau (HTSUS 99-III US note
// 2(v)(xiii); quoted in shared/data/compiled/README.md).
const annexIncl = `EO 14257 Annex I: "China, including Hong Kong and Macau"`

// aliasesFrom derives the aliases from the timeline scopes of the form
// "CHN (incl. HKG, MAC)": each included territory pays the named partner's
// rate, on the authority of every instrument with that scope. Rows are the
// timeline as written (header first).
func aliasesFrom(timeline [][]string) ([]alias, error) {
	head := timeline[0]
	col := func(name string) int { return slices.Index(head, name) }
	scope, instrument := col("scope"), col("instrument")
	type key struct{ exporter, rateOf string }
	instruments := map[key][]string{}
	var order []key
	for _, r := range timeline[1:] {
		m := scopeIncl.FindStringSubmatch(r[scope])
		if m == nil {
			continue
		}
		for _, c := range strings.Split(m[2], ", ") {
			k := key{c, m[1]}
			if _, seen := instruments[k]; !seen {
				order = append(order, k)
			}
			if !slices.Contains(instruments[k], r[instrument]) {
				instruments[k] = append(instruments[k], r[instrument])
			}
		}
	}
	var out []alias
	for _, k := range order {
		basis := annexIncl + "; the scope of " + strings.Join(instruments[k], ", ") + " is " + k.rateOf + " incl. " + k.exporter
		out = append(out, alias{k.exporter, k.rateOf, basis})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no scope of the form \"CHN (incl. HKG, MAC)\"; the Hong Kong/Macau rule would be lost", timelineFile)
	}
	slices.SortStableFunc(out, func(a, b alias) int { return strings.Compare(a.exporter, b.exporter) })
	return out, nil
}

// applyAliases gives each alias the entry of the partner it belongs to in
// every schedule where that partner has one (elsewhere both pay the
// default). An alias with an entry of its own would contradict the rule, so
// it is an error.
func applyAliases(scheds []schedule, aliases []alias) error {
	for s := range scheds {
		sc := &scheds[s]
		for _, a := range aliases {
			var of *entry
			for i := range sc.entries {
				switch sc.entries[i].exporter {
				case a.exporter:
					return fmt.Errorf("schedule %s: %s has its own entry, but the record says it pays %s's rate", sc.name, a.exporter, a.rateOf)
				case a.rateOf:
					of = &sc.entries[i]
				}
			}
			if of == nil {
				continue
			}
			sc.entries = append(sc.entries, entry{a.exporter, of.rate, of.mode, fmt.Sprintf("as %s (record/aliases.csv): %s", a.rateOf, of.note)})
		}
	}
	return nil
}
