package simulate

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/tariffs"
)

// Player is one decision maker: a candidate (a country, or a group acting as
// one) or a target.
type Player struct {
	Name      string
	Countries []int
	Target    bool
	// Territory marks a target added because US law gives it a target's
	// rate (Hong Kong and Macau with China): a free port with no tariffs
	// of its own to raise, so it never answers in kind (as in package
	// coalition).
	Territory bool
	// Follows is, for a Territory, the index in World.Players of the
	// target whose US rate it takes (−1 for every other player). US law
	// sets the territory's rate by China's, so the leader never treats it
	// as a negotiator of its own: it is escalated and relieved with that
	// target, and never judged by the benchmark alone (a relief of its own
	// would open a transshipment route around the target's tariff).
	Follows int
	GDP     float64
	// MemberRate is the leader's additional tariff on a member (the
	// coalition block's member terms for this candidate).
	MemberRate float64
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
	// History names the US regime in force at the start, "us-record
	// <date>" ("" = none: --no-history, a leader other than the US, or a
	// start before the record).
	History string

	t0    []float64 // tariffs after the scenario's own shocks (data layout)
	start []float64 // t0 plus the schedule in force at the start (regimes[0])
	// from is the start date; with History, round t's regime is the
	// record on from + 3t months (regimeAt), computed as rounds need it.
	from    time.Time
	regMu   sync.Mutex
	regimes [][]float64 // by round; a round whose record is unchanged shares the slice of the round before
	asked   []bool      // by player: asked to adjust (a persistent-surplus economy in it)
	edge    []string    // by player: its classification is within one year of the threshold (knifeEdge; nil without macro data)
	threat  []float64   // t0 plus the threat on the leader's imports
	// threatNotes are the notes of compiling the threat (ThreatNotes).
	threatNotes []string
	// goods marks the sectors the game's tariffs reach: all but services
	// on a multi-sector dataset (data.Dataset.GoodsSectors, as in package
	// coalition).
	goods  []bool
	cost   []float64
	d0     []float64 // baseline deficit ratio D/Y per country
	before []float64 // baseline balance with the leader, per player
	pctB   []float64 // baseline multilateral balance, % of GDP, per player
	ofC    []int     // player of each country (−1 = none)

	// ref is the start state solved at the world's own θ with its Jacobian
	// inverted (model.Baseline.LinearizeShared), set once by reference.
	// A round moves many tariffs at once (a bloc's escalation, relief for
	// many players): Anderson mixing from the last round's solution takes
	// ~50 iterations for that, chord steps with ref's Jacobian from ref
	// itself ~10, at any θ of a plan's range.
	refOnce sync.Once
	ref     *model.Result
	cache   solveCache // equilibria solved from ref (World.equilibrium)
}

func invalid(format string, args ...any) error {
	return &errs.Error{Op: "simulate", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
}

// RegimeInForce names the US regime in force on date, with which history
// starts: the dated record (tariffs.USRecord) on that date, "" before the
// record begins. The record knows when each measure ended (the Section
// 122 surcharge lapsed on 2026-07-23), what the deals changed and the
// Section 232 duties of 2025–26, which the named schedules, each a
// snapshot of headline rates, do not.
func RegimeInForce(date string) string {
	if date < tariffs.FirstDate {
		return ""
	}
	return tariffs.USRecord + " " + date
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
	ds, comp, err := engine.Prepare(&sc2, ds)
	if err != nil {
		return nil, err
	}
	b, err := engine.BaselineFor(ds, comp.Options)
	if err != nil {
		return nil, err
	}
	w := &World{Scenario: &sc2, Data: ds, Base: b, Opt: comp.Options, Spec: &spec, cost: comp.Shocks.Cost}
	w.goods = ds.GoodsSectors()
	w.t0 = comp.Shocks.Tariff
	if w.t0 == nil {
		w.t0 = make([]float64, len(ds.Trade))
		copy(w.t0, ds.Tariffs)
	}
	rc, err := spec.Resolve(ds)
	if err != nil {
		return nil, err
	}
	w.Leader = rc.Leader
	w.resolvePlayers(rc)
	if err := w.resolveAsked(); err != nil {
		return nil, err
	}
	w.start = append([]float64(nil), w.t0...)
	if history && ds.Countries[w.Leader].Code == "USA" {
		if w.History = RegimeInForce(start); w.History != "" {
			if w.start, err = w.leaderRecord(start); err != nil {
				return nil, err
			}
			if w.from, err = parseDate(start); err != nil {
				return nil, invalid("start %q: want a date YYYY-MM-DD", start)
			}
		}
	}
	w.regimes = [][]float64{w.start}
	if w.threat, w.threatNotes, err = spec.ThreatTariffs(w.Scenario, ds, w.Leader, w.t0); err != nil {
		return nil, err
	}
	w.d0 = make([]float64, ds.N())
	for j := range w.d0 {
		w.d0[j] = b.D[j] / b.GDP[j]
	}
	w.baselineBalances()
	return w, nil
}

// leaderRecord is t0 with the US record on date applied to the leader's
// imports (on a dataset whose baseline carries the record's duties of an
// earlier date, the change since then: scenario.applyUSRecord).
func (w *World) leaderRecord(date string) ([]float64, error) {
	sh := scenario.ScheduleShock(w.Code(), tariffs.USRecord, date, "")
	comp, err := scenario.Compile(w.Scenario.WithShocks(w.Scenario.Name+"/"+tariffs.USRecord, sh), w.Data)
	if err != nil {
		return nil, err
	}
	return comp.Shocks.Tariff, nil
}

// ThreatNotes are the notes of the threat's schedule as it was compiled for
// the world (scenario.CoalitionSpec.ThreatTariffs): the rates it applies
// and the goods it spares; none for a threat given as a rate.
func (w *World) ThreatNotes() []string { return w.threatNotes }

// RoundDate is the date of round t: the start plus t quarters.
func RoundDate(start time.Time, t int) string { return start.AddDate(0, 3*t, 0).Format("2006-01-02") }

// regimeAt is the leader's tariffs in force in round t before the game's
// own treatment of each player: the record on the round's date when the
// simulation starts from history (a measure that lapses within the horizon
// lapses in the game, and a dated step in the record takes effect), else
// the start's. Safe for concurrent runs on one World.
func (w *World) regimeAt(t int) []float64 {
	if w.History == "" || t <= 0 {
		return w.start
	}
	w.regMu.Lock()
	defer w.regMu.Unlock()
	for len(w.regimes) <= t {
		prev := w.regimes[len(w.regimes)-1]
		v, err := w.leaderRecord(RoundDate(w.from, len(w.regimes)))
		if err != nil || slices.Equal(v, prev) {
			// The record compiled on the start date, so a later date
			// fails only if the record itself is broken: keep the regime
			// in force rather than stop the game (TestRegimeFollowsRecord
			// pins the change on the real record).
			v = prev
		}
		w.regimes = append(w.regimes, v)
	}
	return w.regimes[t]
}

// RegimeChange is a round in which the record's regime differs from the
// round before: a measure began or ended between their dates.
type RegimeChange struct {
	Round   int    `json:"round"`
	Date    string `json:"date"`
	Summary string `json:"regime"` // RegimeSummary of the round's date
}

// RegimeChanges lists the rounds 1..rounds whose regime changes (none
// without history).
func (w *World) RegimeChanges(rounds int) []RegimeChange {
	var out []RegimeChange
	if w.History == "" {
		return nil
	}
	for t := 1; t <= rounds; t++ {
		if w.regimeChanged(t) {
			d := RoundDate(w.from, t)
			out = append(out, RegimeChange{Round: t, Date: d, Summary: RegimeSummary(d)})
		}
	}
	return out
}

// regimeMovers names the players whose tariff from the leader the change of
// regime in round t moves most (at least half a point, the five largest),
// before the game's treatment: an average over all US imports hides that
// one partner's tariff doubles (Brazil's 10.8% → 20.8% when the
// forced-labour and Brazil Section 301 actions replace the surcharge).
func (w *World) regimeMovers(t int) string {
	type mover struct {
		name     string
		from, to float64
	}
	var ms []mover
	prev, cur := w.regimeAt(t-1), w.regimeAt(t)
	for _, pl := range w.Players {
		a, b := w.tariffPair(pl, prev).ByLeader, w.tariffPair(pl, cur).ByLeader
		if math.Abs(b-a) >= 0.5 {
			ms = append(ms, mover{pl.Name, a, b})
		}
	}
	if len(ms) == 0 {
		return ""
	}
	slices.SortStableFunc(ms, func(x, y mover) int { return cmp.Compare(math.Abs(y.to-y.from), math.Abs(x.to-x.from)) })
	var parts []string
	for k, m := range ms {
		if k == 5 {
			break
		}
		parts = append(parts, fmt.Sprintf("%s %.1f%% → %.1f%%", m.name, m.from, m.to))
	}
	return "; before the game's treatment, the largest moves: " + strings.Join(parts, ", ")
}

// regimeChanged reports whether round t's regime differs from round t−1's.
func (w *World) regimeChanged(t int) bool {
	cur, prev := w.regimeAt(t), w.regimeAt(t-1)
	return t > 0 && len(cur) > 0 && &cur[0] != &prev[0]
}

// resolveAsked marks the players the leader asks to adjust: the
// persistent-surplus economies by the rule of `tradebloc surplus`
// (benchmark.DefaultRule). The EU27, which plays as one, is classified as
// one, on the union's own current account with the rest of the world
// (benchmark.ClassifyGroup, as `benchmark paths EU27` classifies it), not
// as a persistent-surplus economy whenever one member is: its members'
// surpluses with each other net out in the union's, and Germany's or the
// Netherlands' surplus alone is not the EU27's. Another player of several
// countries is asked when one of them is a persistent-surplus economy. The
// others are judged as `benchmark` judges them: not asked, so the
// benchmark holds for them and the leader does not escalate on them for a
// surplus they do not run.
func (w *World) resolveAsked() error {
	w.asked = make([]bool, len(w.Players))
	if len(w.Data.Macro) == 0 {
		// No current accounts to classify by (a user's dataset without
		// macro.csv): every player is asked, as the simulator always did.
		for p := range w.asked {
			w.asked[p] = true
		}
		return nil
	}
	ecs, rule, err := benchmark.Classify(w.Data, nil, "", benchmark.DefaultRule())
	if err != nil {
		return err
	}
	by := map[string]*benchmark.Economy{}
	for k := range ecs {
		by[ecs[k].Code] = &ecs[k]
	}
	w.edge = make([]string, len(w.Players))
	for p, pl := range w.Players {
		var members []*benchmark.Economy
		if pl.Name == data.CommonPolicyGroup {
			e, err := benchmark.ClassifyGroup(w.Data, pl.Name, benchmark.DefaultRule())
			if err != nil {
				return err
			}
			w.asked[p] = e.PersistentSurplus
			w.edge[p] = knifeEdge(pl.Name, w.asked[p], []*benchmark.Economy{&e}, rule)
			continue
		}
		for _, c := range pl.Countries {
			if e := by[w.Data.Countries[c].Code]; e != nil {
				members = append(members, e)
				w.asked[p] = w.asked[p] || e.PersistentSurplus
			}
		}
		w.edge[p] = knifeEdge(pl.Name, w.asked[p], members, rule)
	}
	return nil
}

// knifeEdge says when a player's classification, which decides whether the
// leader asks it to adjust at all, is within one year of the surplus rule's
// threshold: not asked, but a member one surplus year short with a mean
// that already qualifies (Vietnam on world-2023: CA ≥ 1% of GDP in 6 of
// 10 years, 7 needed, so the benchmark holds for it whatever it does); or
// asked only by members with exactly the years needed. "" otherwise. The
// rule itself is not changed: the clause tells the reader that the
// player's relief rests on one year of data.
func knifeEdge(player string, asked bool, members []*benchmark.Economy, rule benchmark.Rule) string {
	years := func(e *benchmark.Economy) string {
		ev := e.Evidence
		return fmt.Sprintf("%s: CA ≥ %g%% of GDP in %d of %d years, %d needed", e.Code, rule.ThresholdPct, ev.YearsInSurplus, ev.YearsObserved, ev.YearsRequired)
	}
	var edge []string
	for _, e := range members {
		ev := e.Evidence
		if ev.MeanCAPctGDP == nil || ev.YearsObserved < rule.MinObservations {
			continue
		}
		switch {
		case asked && e.PersistentSurplus && ev.YearsInSurplus > ev.YearsRequired:
			return "" // asked whatever one year does
		case asked && e.PersistentSurplus:
			edge = append(edge, years(e))
		case !asked && ev.YearsInSurplus == ev.YearsRequired-1 && *ev.MeanCAPctGDP >= rule.MinMeanPct:
			edge = append(edge, fmt.Sprintf("%s; mean %.1f%%", years(e), *ev.MeanCAPctGDP))
		}
	}
	if len(edge) == 0 {
		return ""
	}
	if asked {
		return fmt.Sprintf("%s is asked to adjust by one year of data (%s): one surplus year fewer and the benchmark would hold for it whatever it did", player, strings.Join(edge, "; "))
	}
	return fmt.Sprintf("%s misses the persistent-surplus test by one year (%s): one more such year and it would be asked to adjust, its relief then resting on its own rebalancing", player, strings.Join(edge, "; "))
}

// KnifeEdge is the clause that says player p's classification is within
// one year of the surplus rule's threshold ("" = it is not): its relief
// rests on one year of current-account data (knifeEdge).
func (w *World) KnifeEdge(p int) string {
	if w.edge == nil {
		return ""
	}
	return w.edge[p]
}

// Asked reports whether the leader asks player p to adjust: a
// persistent-surplus economy (the EU27 on the union's own current account,
// resolveAsked). One that is not asked
// meets the benchmark whatever it does, so a branch's tariff-only offer or
// rebalancing cannot change its relief.
func (w *World) Asked(p int) bool { return w.asked[p] }

// resolvePlayers lists the players: the candidates (as the coalition block
// resolves them, shared with the coalition game), then the targets.
func (w *World) resolvePlayers(rc *scenario.ResolvedCoalition) {
	w.ofC = make([]int, w.Data.N())
	for i := range w.ofC {
		w.ofC[i] = -1
	}
	add := func(name string, cs []int, target bool, rate float64) {
		p := Player{Name: name, Target: target, MemberRate: rate, Follows: -1}
		for _, c := range cs {
			w.ofC[c] = len(w.Players)
			p.Countries = append(p.Countries, c)
			p.GDP += w.Base.GDP[c]
		}
		w.Players = append(w.Players, p)
	}
	for _, c := range rc.Candidates {
		add(c.Name, c.Countries, false, c.MemberRate)
	}
	for _, t := range rc.Targets {
		add(w.Data.Countries[t].Code, []int{t}, true, w.Spec.MemberRate) // a target given relief gets the common terms
		_, w.Players[len(w.Players)-1].Territory = rc.AliasOf[t]
	}
	// Each territory follows the target whose rate it takes (once every
	// target has its index), on that target's relief terms.
	for p := range w.Players {
		pl := &w.Players[p]
		if !pl.Territory {
			continue
		}
		if q := w.ofC[rc.AliasOf[pl.Countries[0]]]; q >= 0 && q != p {
			pl.Follows, pl.MemberRate = q, w.Players[q].MemberRate
		}
	}
}

// territoriesOf names the territories that follow player q ("" = none), for
// the events about q.
func (w *World) territoriesOf(q int) string {
	var names []string
	for _, pl := range w.Players {
		if pl.Territory && pl.Follows == q {
			names = append(names, pl.Name)
		}
	}
	return report.AndList(names)
}

// follows reports whether player p is a territory whose treatment is its
// target's.
func (w *World) follows(p int) bool { return w.Players[p].Follows >= 0 }

// baselineBalances values every player's balances in the data.
func (w *World) baselineBalances() {
	ds := w.Data
	w.before = make([]float64, len(w.Players))
	w.pctB = make([]float64, len(w.Players))
	for p, pl := range w.Players {
		lvl, gdp := 0.0, 0.0
		for _, c := range pl.Countries {
			w.before[p] += ds.Flow(c, w.Leader) - ds.Flow(w.Leader, c)
			for j := range ds.Countries {
				if j != c {
					lvl += ds.Flow(c, j) - ds.Flow(j, c)
				}
			}
			gdp += w.Base.GDP[c]
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

// SoloMemberNote is scenario.SoloMemberNote for the world's candidates: an
// EU member that plays alone, with a trade policy no EU member has ("" when
// none does).
func (w *World) SoloMemberNote() string {
	var cands []scenario.Candidate
	for _, p := range w.Players {
		if !p.Target {
			cands = append(cands, scenario.Candidate{Name: p.Name, Countries: p.Countries})
		}
	}
	return scenario.SoloMemberNote(w.Data, cands)
}
