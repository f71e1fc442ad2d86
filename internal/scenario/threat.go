package scenario

import "github.com/tradebloc/tradebloc/internal/data"

// ScheduleShock is the tariff shock that puts a US schedule on importer's
// imports, as a scenario's `schedule:` shock writes it: a named schedule
// (date and since ""), or the dated record tariffs.USRecord in force on
// date (since, when not "", an earlier date whose record the change is
// measured from).
func ScheduleShock(importer, name, date, since string) Shock {
	return Shock{Kind: KindTariff, Tariff: &TariffShock{Op: Schedule, Importer: Names(importer),
		Schedule: Ref{Name: name}, ScheduleDate: date, ScheduleSince: since}}
}

// WithShocks returns the scenario whose tariffs are sc's with add applied
// after sc's own shocks, named name. Only the model options and the shocks
// carry over: the coalition, retaliation and transshipment blocks are what
// the coalition game and the simulation play on the tariffs it compiles
// to, so they are not part of them.
func (sc *Scenario) WithShocks(name string, add ...Shock) *Scenario {
	return &Scenario{Name: name, Model: sc.Model, Shocks: append(append([]Shock(nil), sc.Shocks...), add...)}
}

// ThreatShock is the shock the threat stands for when it is a US schedule
// (ThreatSchedule, dated by ThreatScheduleDate and ThreatScheduleSince):
// that schedule on the imports of leader (a code). ok is false for a
// threat given as a rate (ThreatRate), which is no shock of a scenario:
// ThreatTariffs adds it to the leader's tariffs on goods.
func (cs *CoalitionSpec) ThreatShock(leader string) (sh Shock, ok bool) {
	if cs.ThreatSchedule == "" {
		return Shock{}, false
	}
	return ScheduleShock(leader, cs.ThreatSchedule, cs.ThreatScheduleDate, cs.ThreatScheduleSince), true
}

// ThreatTariffs returns the tariffs (data layout) under the threat, where
// leader is the leader's index in ds and t0 the tariffs of sc on ds before
// it: sc with ThreatShock compiled on ds, with the notes of that
// compilation (the schedule's exemptions, its rates on sectors), or for a
// threat given as a rate, t0 plus ThreatRate on the leader's imports of
// goods (data.Dataset.GoodsSectors) from every other country, and no notes.
// t0 is not modified.
func (cs *CoalitionSpec) ThreatTariffs(sc *Scenario, ds *data.Dataset, leader int, t0 []float64) ([]float64, []string, error) {
	if sh, ok := cs.ThreatShock(ds.Countries[leader].Code); ok {
		comp, err := Compile(sc.WithShocks(sc.Name+"/threat", sh), ds)
		if err != nil {
			return nil, nil, err
		}
		return comp.Shocks.Tariff, comp.Notes, nil
	}
	t := append([]float64(nil), t0...)
	goods := ds.GoodsSectors()
	for c := range ds.Countries {
		if c == leader {
			continue
		}
		for s, g := range goods {
			if g {
				t[ds.At(c, leader, s)] += cs.ThreatRate
			}
		}
	}
	return t, nil, nil
}
