package scenario

import "github.com/tradebloc/tradebloc/internal/data"

// DefaultLeader is the country a report or a playbook takes as the leader
// when none is named: the largest economy by GDP that is not an aggregate
// unit (the United States on both embedded worlds). −1 if no country has a
// GDP.
func DefaultLeader(ds *data.Dataset) int {
	best := -1
	for i, c := range ds.Countries {
		if ds.IsAggregate(i) || !(c.GDP > 0) {
			continue
		}
		if best < 0 || c.GDP > ds.Countries[best].GDP {
			best = i
		}
	}
	return best
}

// DefaultTarget is the surplus economy a report or a playbook sets against
// a leader when none is named: the coalition block's default target, the
// economy with the largest current-account surplus (China on today's data;
// see largestSurplus). −1 if there is none.
func DefaultTarget(ds *data.Dataset, leader int) int { return largestSurplus(ds, leader) }

// LeaderOf is the leader a scenario names — its coalition block's or its
// retaliation block's — or, when it names none, DefaultLeader.
func LeaderOf(sc *Scenario, ds *data.Dataset) int {
	for _, name := range []string{coalitionLeader(sc), retaliationLeader(sc)} {
		if name == "" {
			continue
		}
		if i, ok := ds.Index(name); ok {
			return i
		}
	}
	return DefaultLeader(ds)
}

func coalitionLeader(sc *Scenario) string {
	if sc.Coalition == nil {
		return ""
	}
	return sc.Coalition.Leader.Name
}

func retaliationLeader(sc *Scenario) string {
	if sc.Retaliation == nil {
		return ""
	}
	return sc.Retaliation.Leader.Name
}
