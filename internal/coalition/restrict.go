package coalition

import (
	"fmt"
	"math"
	"sort"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// counterSetup is the counter-bloc what-if resolved against the dataset:
// who sides with the targets by default and the instrument they use.
type counterSetup struct {
	members    Mask   // default members (scenario key, else the largest CA surpluses)
	source     string // how the members were chosen, for the report
	instrument string
	sectors    []int   // restricted sectors (export_restriction)
	rate       float64 // export tax (scenario.BanRate for a ban)
}

// counterRestricts says the counter-bloc restricts exports rather than
// answering in kind.
func (g *game) counterRestricts() bool {
	return g.counter.instrument == scenario.InstrumentExportRestriction
}

// resolveCounter resolves coalition.counter_bloc: members named in the
// scenario, or else the two candidates with the largest current-account
// surpluses in USD (the economies a counter-bloc of surplus countries would
// form around); the instrument and, for export restrictions, the sectors
// (default: the vital inputs where the dataset has them, else every sector)
// and the tax (default: a ban on vital inputs, DefaultCounterRestriction on
// every sector otherwise).
func (g *game) resolveCounter() error {
	cs := g.spec.CounterBloc
	if cs == nil {
		cs = &scenario.CounterBlocSpec{Instrument: scenario.InstrumentTariff}
	}
	g.counter.instrument = cs.Instrument
	if len(cs.Members) > 0 {
		var names []string
		for _, r := range cs.Members {
			names = append(names, r.Name)
		}
		m, err := g.parseMembers(joinNames(names))
		if err != nil {
			return err
		}
		g.counter.members, g.counter.source = m, "named in the scenario (coalition.counter_bloc.members)"
	} else {
		g.counter.members = g.largestSurplusPlayers(2)
		g.counter.source = "the two candidates with the largest current-account surpluses (USD, IMF WEO 2024)"
	}
	if cs.Instrument != scenario.InstrumentExportRestriction {
		return nil
	}
	switch {
	case len(cs.Sectors) > 0:
		s, err := scenario.ResolveSectors(g.ds, cs.Sectors, "coalition.counter_bloc.sectors")
		if err != nil {
			return err
		}
		g.counter.sectors = s
	case len(g.ds.VitalInputs()) > 0:
		g.counter.sectors = g.ds.VitalInputs()
	default:
		for s := 0; s < g.ds.S(); s++ {
			g.counter.sectors = append(g.counter.sectors, s)
		}
	}
	g.counter.rate = cs.Rate
	if g.counter.rate == 0 {
		g.counter.rate = scenario.DefaultCounterRestriction
		if len(cs.Sectors) == 0 && len(g.ds.VitalInputs()) > 0 {
			g.counter.rate = scenario.BanRate
		}
	}
	return nil
}

// largestSurplusPlayers are the k candidates with the largest
// current-account surpluses in USD (2024, IMF WEO), surplus economies only.
func (g *game) largestSurplusPlayers(k int) Mask {
	type ranked struct {
		p  int
		ca float64
	}
	var rs []ranked
	for p, pl := range g.players {
		ca, known := 0.0, false
		for _, c := range pl.Countries {
			m, ok := g.ds.Macro[g.ds.Countries[c].Code]
			if ok && !math.IsNaN(m.CAPctGDP2024) {
				ca += m.CAPctGDP2024 / 100 * g.ds.Countries[c].GDP
				known = true
			}
		}
		if known && ca > 0 {
			rs = append(rs, ranked{p, ca})
		}
	}
	sort.SliceStable(rs, func(a, b int) bool { return rs[a].ca > rs[b].ca })
	var m Mask
	for i := 0; i < k && i < len(rs); i++ {
		m |= 1 << rs[i].p
	}
	return m
}

// sellers are the countries of a configuration's counter-bloc: the targets
// and the counter members.
func (g *game) sellers(cfg config) []int {
	out := append([]int(nil), g.targets...)
	for p, pl := range g.players {
		if cfg.counter.Has(p) {
			out = append(out, pl.Countries...)
		}
	}
	return out
}

// restrictions are the export taxes of a restricting counter-bloc: the
// targets and the counter members tax (or ban) their sales of the
// restricted sectors to the leader and the members, compounded with the
// scenario's own subsidies as an export subsidy 1/(1+e) − 1.
func (g *game) restrictions(cfg config) []float64 {
	ds := g.ds
	out := make([]float64, len(ds.Trade))
	copy(out, g.sub)
	for _, a := range g.sellers(cfg) {
		for _, b := range g.blocCountries(cfg.members) {
			for _, s := range g.counter.sectors {
				k := ds.At(a, b, s)
				out[k] = (1+out[k])/(1+g.counter.rate) - 1
			}
		}
	}
	return out
}

// restrictionNote is what the restriction cuts off: the restricted flows'
// share of the bloc's purchases of those sectors (home production
// included), and the model's limit.
func (g *game) restrictionNote(cfg config) (cutPct float64, note string) {
	ds := g.ds
	isSeller := map[int]bool{}
	for _, a := range g.sellers(cfg) {
		isSeller[a] = true
	}
	var cut, total float64
	for _, b := range g.blocCountries(cfg.members) {
		for _, s := range g.counter.sectors {
			for i := 0; i < ds.N(); i++ {
				v := ds.Trade[ds.At(i, b, s)]
				total += v
				if isSeller[i] && i != b {
					cut += v
				}
			}
		}
	}
	if total > 0 {
		cutPct = 100 * cut / total
	}
	var codes []string
	for _, s := range g.counter.sectors {
		codes = append(codes, ds.Sectors[s].Code)
	}
	what := fmt.Sprintf("tax their sales by %.0f%%", 100*g.counter.rate)
	if g.counter.rate >= scenario.BanRate {
		what = "ban their sales"
	}
	note = fmt.Sprintf("the counter-bloc and the targets %s of %v to the leader and its members: %.2f%% of the bloc's purchases of those sectors, home production included. "+
		"With Cobb–Douglas shares across sectors and CES across origins within one, buyers switch to other origins and to home production: the model prices the switch, not the shortages of a true embargo, so a cut-off of a few percent of inputs has bounded effects",
		what, codes, cutPct)
	return cutPct, note
}
