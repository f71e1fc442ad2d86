package simulate

import (
	"fmt"
	"sort"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// Player is one decision maker: a candidate (a country, or a group acting as
// one) or a target.
type Player struct {
	Name      string
	Countries []int
	Target    bool
	GDP       float64
}

// World is a scenario with a coalition block resolved against a dataset:
// the fixed part of a simulation, shared by every run on it (read-only once
// built, so runs may share it across goroutines).
type World struct {
	Scenario *scenario.Scenario
	Data     *data.Dataset
	Base     *model.Baseline
	Opt      model.Options
	Spec     *scenario.CoalitionSpec
	Leader   int
	Players  []Player // candidates first (largest first), then targets
	// History names the US schedule in force at the start ("" = none).
	History string

	t0     []float64 // tariffs after the scenario's own shocks (data layout)
	start  []float64 // t0 plus the schedule in force at the start
	threat []float64 // t0 plus the threat on the leader's imports
	cost   []float64
	d0     []float64 // baseline deficit ratio D/Y per country
	before []float64 // baseline balance with the leader, per player
	pctB   []float64 // baseline multilateral balance, % of GDP, per player
	ofC    []int     // player of each country (−1 = none)
}

func invalid(format string, args ...any) error {
	return &errs.Error{Op: "simulate", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
}

// ScheduleInForce is the latest US schedule whose date is on or before
// date, or "" if none.
func ScheduleInForce(date string) string {
	name := ""
	for _, s := range tariffs.Schedules() {
		if s.Date <= date {
			name = s.Name
		}
	}
	return name
}

func parseDate(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }

// NewWorld resolves sc (which needs a coalition block) on ds. top > 0
// replaces the candidates by the top partners of the leader; history applies
// the US schedule in force at start to the leader's imports when the leader
// is the USA.
func NewWorld(sc *scenario.Scenario, ds *data.Dataset, start string, history bool, top int) (*World, error) {
	if sc.Coalition == nil {
		return nil, invalid("scenario %q has no coalition: block (leader, targets, candidates); see docs/scenarios.md", sc.Name)
	}
	spec := *sc.Coalition
	if top > 0 {
		spec.Candidates, spec.Top = nil, top
	}
	sc2 := *sc
	sc2.Coalition = &spec
	comp, err := scenario.Compile(&sc2, ds)
	if err != nil {
		return nil, err
	}
	b, err := engine.Baseline(ds)
	if err != nil {
		return nil, err
	}
	w := &World{Scenario: &sc2, Data: ds, Base: b, Opt: comp.Options, Spec: &spec, cost: comp.Shocks.Cost}
	w.t0 = comp.Shocks.Tariff
	if w.t0 == nil {
		w.t0 = make([]float64, len(ds.Trade))
		copy(w.t0, ds.Tariffs)
	}
	lead, err := scenario.ResolveCountries(ds, scenario.Selector{spec.Leader}, "coalition.leader")
	if err != nil {
		return nil, err
	}
	if len(lead) != 1 {
		return nil, invalid("coalition.leader %q names %d countries; want one", spec.Leader.Name, len(lead))
	}
	w.Leader = lead[0]
	if err := w.resolvePlayers(); err != nil {
		return nil, err
	}
	if w.start, err = w.leaderSchedule(""); err != nil {
		return nil, err
	}
	if history && ds.Countries[w.Leader].Code == "USA" {
		if w.History = ScheduleInForce(start); w.History != "" {
			if w.start, err = w.leaderSchedule(w.History); err != nil {
				return nil, err
			}
		}
	}
	if spec.ThreatSchedule != "" {
		w.threat, err = w.leaderSchedule(spec.ThreatSchedule)
		if err != nil {
			return nil, err
		}
	} else {
		w.threat = append([]float64(nil), w.t0...)
		for c := range ds.Countries {
			if c != w.Leader {
				for s := 0; s < ds.S(); s++ {
					w.threat[ds.At(c, w.Leader, s)] += spec.ThreatRate
				}
			}
		}
	}
	w.d0 = make([]float64, ds.N())
	for j := range w.d0 {
		w.d0[j] = b.D[j] / b.Y[j]
	}
	w.baselineBalances()
	return w, nil
}

// leaderSchedule is t0 with a US schedule applied to the leader's imports
// ("" = t0 itself).
func (w *World) leaderSchedule(name string) ([]float64, error) {
	if name == "" {
		return append([]float64(nil), w.t0...), nil
	}
	sc := &scenario.Scenario{Name: w.Scenario.Name + "/" + name, Model: w.Scenario.Model,
		Shocks: append(append([]scenario.Shock(nil), w.Scenario.Shocks...), scenario.Shock{
			Kind: scenario.KindTariff,
			Tariff: &scenario.TariffShock{Op: scenario.Schedule, Importer: scenario.Names(w.Data.Countries[w.Leader].Code),
				Schedule: scenario.Ref{Name: name}},
		})}
	comp, err := scenario.Compile(sc, w.Data)
	if err != nil {
		return nil, err
	}
	return comp.Shocks.Tariff, nil
}

// resolvePlayers: the candidates (named, or the top partners by two-way
// trade with the leader) and the targets (named, or the largest
// current-account surplus economy).
func (w *World) resolvePlayers() error {
	ds, spec := w.Data, w.Spec
	N := ds.N()
	w.ofC = make([]int, N)
	for i := range w.ofC {
		w.ofC[i] = -1
	}
	add := func(name string, cs []int, target bool) error {
		p := Player{Name: name, Target: target}
		for _, c := range cs {
			if c == w.Leader {
				return invalid("%s: the leader cannot be a player", name)
			}
			if w.ofC[c] >= 0 {
				return invalid("%s appears twice among candidates and targets", ds.Countries[c].Code)
			}
			w.ofC[c] = len(w.Players)
			p.Countries = append(p.Countries, c)
			p.GDP += w.Base.Y[c]
		}
		w.Players = append(w.Players, p)
		return nil
	}
	var targets []int
	if len(spec.Targets) > 0 {
		var err error
		if targets, err = scenario.ResolveCountries(ds, spec.Targets, "coalition.targets"); err != nil {
			return err
		}
	} else {
		targets = []int{largestSurplus(ds, w.Leader)}
	}
	isTarget := map[int]bool{}
	for _, t := range targets {
		isTarget[t] = true
	}
	if len(spec.Candidates) > 0 {
		for _, r := range spec.Candidates {
			idx, err := scenario.ResolveCountries(ds, scenario.Selector{r}, "coalition.candidates")
			if err != nil {
				return err
			}
			if err := add(r.Name, idx, false); err != nil {
				return err
			}
		}
	} else {
		k := spec.Top
		if k == 0 {
			k = 12
		}
		type partner struct {
			c     int
			trade float64
		}
		var ps []partner
		for c := 0; c < N; c++ {
			if c != w.Leader && !isTarget[c] {
				ps = append(ps, partner{c, flow(ds, c, w.Leader) + flow(ds, w.Leader, c)})
			}
		}
		sort.SliceStable(ps, func(a, b int) bool { return ps[a].trade > ps[b].trade })
		for _, p := range ps[:min(k, len(ps))] {
			if err := add(ds.Countries[p.c].Code, []int{p.c}, false); err != nil {
				return err
			}
		}
	}
	for _, t := range targets {
		if err := add(ds.Countries[t].Code, []int{t}, true); err != nil {
			return err
		}
	}
	if len(w.Players) == len(targets) {
		return invalid("no candidates")
	}
	return nil
}

func flow(ds *data.Dataset, i, j int) float64 {
	x := 0.0
	for s := 0; s < ds.S(); s++ {
		x += ds.Trade[ds.At(i, j, s)]
	}
	return x
}

// largestSurplus is the economy with the largest 2024 current-account
// surplus in USD (the coalition game's default target), or else the largest
// goods surplus in the data.
func largestSurplus(ds *data.Dataset, leader int) int {
	best, bestV := -1, 0.0
	for i, c := range ds.Countries {
		if i == leader {
			continue
		}
		v := 0.0
		if m, ok := ds.Macro[c.Code]; ok && m.CAPctGDP2024 == m.CAPctGDP2024 {
			v = m.CAPctGDP2024 * c.GDP
		} else {
			for j := range ds.Countries {
				if j != i {
					v += flow(ds, i, j) - flow(ds, j, i)
				}
			}
		}
		if best < 0 || v > bestV {
			best, bestV = i, v
		}
	}
	return best
}

// baselineBalances values every player's balances in the data.
func (w *World) baselineBalances() {
	ds := w.Data
	w.before = make([]float64, len(w.Players))
	w.pctB = make([]float64, len(w.Players))
	for p, pl := range w.Players {
		lvl, gdp := 0.0, 0.0
		for _, c := range pl.Countries {
			w.before[p] += flow(ds, c, w.Leader) - flow(ds, w.Leader, c)
			for j := range ds.Countries {
				if j != c {
					lvl += flow(ds, c, j) - flow(ds, j, c)
				}
			}
			gdp += w.Base.Y[c]
		}
		w.pctB[p] = 100 * lvl / gdp
	}
}

// PlayerIndex finds a player by name (a code, or a group name such as EU27).
func (w *World) PlayerIndex(name string) (int, bool) {
	for p, pl := range w.Players {
		if pl.Name == name {
			return p, true
		}
	}
	if c, ok := w.Data.Index(name); ok && w.ofC[c] >= 0 {
		return w.ofC[c], true
	}
	return 0, false
}

// Code is the leader's code.
func (w *World) Code() string { return w.Data.Countries[w.Leader].Code }
