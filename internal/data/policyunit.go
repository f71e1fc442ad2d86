package data

import "slices"

// CommonPolicyGroup is the dataset group (countries.csv) whose members have
// no trade policy of their own: the European Union's common commercial
// policy (Art. 3(1)(e) and 207 TFEU) sets their tariffs, and its sanctions
// are Council decisions (Art. 215 TFEU). No EU member sets a tariff war's
// rate, joins a bloc or embargoes alone; the EU27 does, as one. Other
// customs unions in the data (EAEU, MERCOSUR, SACU, GCC) share an external
// tariff with many national exceptions and leave sanctions and export
// controls to their members, who stay players of their own.
const CommonPolicyGroup = "EU27"

// CommonPolicySeries is the code under which the IMF (World Economic
// Outlook, BCA_NGDPD) and the World Bank give CommonPolicyGroup's own
// figures, in current_account.csv and macro.csv: the European Union as one
// economy, whose current account is the union's with the rest of the world
// (trade among members nets out), not the sum of its members'. It is not
// an economy of the trade matrix.
const CommonPolicySeries = "EUU"

// PolicyUnit is the trade-policy unit of country c: the EU27 (its members
// in the dataset, in dataset order, aggregates left out) when c is in it,
// else c alone under its code.
func (ds *Dataset) PolicyUnit(c int) (name string, members []int) {
	if slices.Contains(ds.Countries[c].Groups, CommonPolicyGroup) {
		for _, code := range ds.Groups[CommonPolicyGroup] {
			if i, ok := ds.Index(code); ok && !ds.IsAggregate(i) {
				members = append(members, i)
			}
		}
		if len(members) > 0 {
			return CommonPolicyGroup, members
		}
	}
	return ds.Countries[c].Code, []int{c}
}

// Unit is a trade-policy unit: a country, or the EU27 as one.
type Unit struct {
	Name    string
	Members []int // dataset order
}

// PolicyUnits lists the dataset's trade-policy units in the order of their
// first country, aggregates (ROW) left out: the players of a tariff war,
// a playbook or a coalition game's default candidates.
func (ds *Dataset) PolicyUnits() []Unit {
	var out []Unit
	seen := map[string]bool{}
	for c := range ds.Countries {
		if ds.IsAggregate(c) {
			continue
		}
		if name, members := ds.PolicyUnit(c); !seen[name] {
			seen[name] = true
			out = append(out, Unit{name, members})
		}
	}
	return out
}
