package coalition

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// MaxExhaustive is the largest number of candidates solved exhaustively
// (2^16 = 65,536 solves, a few minutes on two cores).
const MaxExhaustive = 16

// player is one candidate: a country, or a group acting as one (EU27 under
// its common commercial policy). Its payoff is its members' GDP-weighted
// welfare change.
type player struct {
	Name      string
	Countries []int
	GDP       float64
	// MemberRate is the leader's additional tariff on it as a member.
	MemberRate float64
}

// game is a coalition scenario resolved against a dataset.
type game struct {
	sc   *scenario.Scenario
	spec *scenario.CoalitionSpec
	// ds0 is the dataset the game was asked to play on, which units name;
	// ds is the one it is solved on (under deficits: purge, ds0's balanced
	// equilibrium).
	ds0     *data.Dataset
	ds      *data.Dataset
	base    *model.Baseline
	opt     model.Options
	leader  int
	targets []int
	// answering are the targets that answer the bloc (target_response):
	// not the territories added because US law gives them a target's rate
	// (Hong Kong and Macau, free ports with no tariffs of their own to
	// raise).
	answering []int
	// aliasOf maps each target added because US tariff law counts it with
	// a named target (HKG, MAC with CHN) to that target.
	aliasOf map[int]int
	players []player
	inPlay  []int // player of each country, −1 if none

	t0     []float64 // tariffs after the scenario's own shocks (data layout)
	cost   []float64 // trade costs after the scenario's own shocks (nil = none)
	sub    []float64 // export subsidies (and restrictions) of the scenario's own shocks (nil = none)
	threat []float64 // the leader's tariff on each partner under the threat (data layout, leader column only)
	// goods marks the sectors the game's tariffs reach: all but services
	// (data.Dataset.GoodsSectors) on a multi-sector dataset, as the US
	// schedules (scenario.applySchedule) and the record do.
	goods []bool
	watch []int // countries whose welfare is recorded per solve
	notes []string

	counter counterSetup // the counter-bloc what-if

	refOnce sync.Once
	dsRef   executor.DatasetRef // ds0's, for units
}

func invalid(format string, args ...any) error {
	return &errs.Error{Op: "coalition", Kind: errs.Invalid, Err: fmt.Errorf(format, args...)}
}

// newGame resolves sc (which must have a coalition block) on ds.
func newGame(sc *scenario.Scenario, ds0 *data.Dataset) (*game, error) {
	spec := sc.Coalition
	if spec == nil {
		return nil, invalid("scenario %q has no coalition block", sc.Name)
	}
	ds, comp, err := engine.Prepare(sc, ds0)
	if err != nil {
		return nil, err
	}
	b, err := engine.BaselineFor(ds, comp.Options)
	if err != nil {
		return nil, err
	}
	g := &game{sc: sc, spec: spec, ds0: ds0, ds: ds, base: b, opt: comp.Options, notes: comp.Notes}
	g.t0 = comp.Shocks.Tariff
	if g.t0 == nil {
		g.t0 = append([]float64(nil), ds.Tariffs...)
		if len(g.t0) == 0 {
			g.t0 = make([]float64, len(ds.Trade))
		}
	}
	g.cost, g.sub = comp.Shocks.Cost, comp.Shocks.Subsidy
	g.goods = ds.GoodsSectors()
	rc, err := spec.Resolve(ds)
	if err != nil {
		return nil, err
	}
	g.leader, g.targets, g.aliasOf = rc.Leader, rc.Targets, rc.AliasOf
	for _, t := range g.targets {
		if _, alias := rc.AliasOf[t]; !alias {
			g.answering = append(g.answering, t)
		}
	}
	if spec.Retaliation != scenario.RetaliationNone {
		if n := scenario.BaselineCaveat(ds, g.leader); n != "" {
			g.notes = append(g.notes, n)
		}
	}
	if rc.DefaultTargets {
		g.notes = append(g.notes, fmt.Sprintf("targets not given: the largest current-account surplus economy, %s", ds.Countries[g.targets[0]].Code))
	}
	if err := g.resolvePlayers(rc.Candidates); err != nil {
		return nil, err
	}
	if n := scenario.SoloMemberNote(ds, rc.Candidates); n != "" {
		g.notes = append(g.notes, n)
	}
	if err := g.resolveThreat(); err != nil {
		return nil, err
	}
	if err := g.resolveCounter(); err != nil {
		return nil, err
	}
	g.notes = append(g.notes, g.noReliefNote()...)
	seen := map[int]bool{}
	for _, c := range append(append([]int{g.leader}, g.targets...), g.playerCountries()...) {
		if !seen[c] {
			seen[c] = true
			g.watch = append(g.watch, c)
		}
	}
	return g, nil
}

// noReliefNote names the candidates whose member terms are no better than
// the threat they escape by joining (both trade-weighted over their goods
// exports to the leader): for them joining buys no tariff relief, only the
// cost of the external tariff, so only the defector penalty can hold them.
// The partners on Liberation Day's 10% baseline under a 10% member rate are
// the case in point, and Canada, whose threat spares its USMCA goods, if its
// member rate is charged on its whole base.
func (g *game) noReliefNote() []string {
	if g.spec.MemberBaseline {
		return nil
	}
	var none []string
	for p := len(g.players) - 1; p >= 0; p-- {
		pl := g.players[p]
		x, inc := 0.0, 0.0
		for _, c := range pl.Countries {
			for s := 0; s < g.ds.S(); s++ {
				if g.goods[s] {
					k := g.ds.At(c, g.leader, s)
					x += g.ds.Trade[k]
					inc += g.ds.Trade[k] * (g.threat[k] - g.t0[k])
				}
			}
		}
		if x > 0 && pl.MemberRate >= inc/x-1e-9 {
			none = append(none, fmt.Sprintf("%s (+%s as a member, +%s under the threat)", pl.Name, ratePct(pl.MemberRate), ratePct(inc/x)))
		}
	}
	if len(none) == 0 {
		return nil
	}
	return []string{"member terms give no tariff relief to " + strings.Join(none, ", ") +
		", trade-weighted: joining only costs them the external tariff, and only the defector penalty can hold them in (member_terms.rates sets a candidate's own rate)"}
}

// ratePct writes a decimal rate as a percent with at most one decimal.
func ratePct(r float64) string { return strconv.FormatFloat(math.Round(1000*r)/10, 'f', -1, 64) + "%" }

func (g *game) playerCountries() []int {
	var out []int
	for _, p := range g.players {
		out = append(out, p.Countries...)
	}
	return out
}

// resolvePlayers turns the resolved candidates into players, ordered by
// size, and checks that the exhaustive search is feasible.
func (g *game) resolvePlayers(cands []scenario.Candidate) error {
	g.inPlay = make([]int, g.ds.N())
	for i := range g.inPlay {
		g.inPlay[i] = -1
	}
	for _, c := range cands {
		p := player{Name: c.Name, Countries: c.Countries, MemberRate: c.MemberRate}
		for _, i := range c.Countries {
			p.GDP += g.base.GDP[i]
		}
		g.players = append(g.players, p)
	}
	// Bit order follows size, smallest first: along the Gray-code path of the
	// enumeration low bits flip often and high bits rarely, so the players
	// that move equilibria most should sit on the high bits.
	sort.SliceStable(g.players, func(a, b int) bool { return g.players[a].GDP < g.players[b].GDP })
	for p, pl := range g.players {
		for _, c := range pl.Countries {
			g.inPlay[c] = p
		}
	}
	if K := len(g.players); K > MaxExhaustive {
		return invalid("coalition: %d candidates need %s solves; the exhaustive search is limited to %d candidates — name fewer, group some (e.g. EU27 as one player) or use candidates: {top: 12}", K, SolveCount(K), MaxExhaustive)
	}
	return nil
}

// resolveThreat computes the leader's tariff on every partner under the
// threat: the named US schedule applied on top of the scenario's tariffs, or
// a flat additional rate (scenario.CoalitionSpec.ThreatTariffs).
func (g *game) resolveThreat() error {
	t, notes, err := g.spec.ThreatTariffs(g.sc, g.ds, g.leader, g.t0)
	if err != nil {
		return err
	}
	g.threat = t
	g.notes = append(g.notes, notes...)
	return nil
}

// names lists the codes of countries.
func (g *game) names(cs []int) []string {
	out := make([]string, len(cs))
	for k, c := range cs {
		out[k] = g.ds.Countries[c].Code
	}
	return out
}

// playerNames lists the players of a mask, largest economy first.
func (g *game) playerNames(m Mask) []string {
	out := []string{} // the empty coalition is [] in JSON, not null
	// Players are stored smallest first (see resolvePlayers); people read
	// the largest first.
	for p := len(g.players) - 1; p >= 0; p-- {
		if m.Has(p) {
			out = append(out, g.players[p].Name)
		}
	}
	return out
}

// SplitMembers reads a membership written on the command line, codes
// joined by + ("CAN+MEX+JPN"; "" or "none" is the empty coalition), into
// its codes. An empty code ("CAN++MEX", a trailing +) and a code given
// twice are refused: the second would be silently the same membership.
func SplitMembers(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "none" {
		return nil, nil
	}
	var out []string
	for _, name := range strings.Split(s, "+") {
		name = strings.TrimSpace(name)
		switch {
		case name == "":
			return nil, invalid("members %q: empty code (want codes joined by +, e.g. CAN+MEX)", s)
		case slices.Contains(out, name):
			return nil, invalid("members %q: %s given twice", s, name)
		}
		out = append(out, name)
	}
	return out, nil
}

// parseMembers reads "CAN+MEX+JPN" into a mask ("" or "none" = empty;
// SplitMembers).
func (g *game) parseMembers(s string) (Mask, error) {
	names, err := SplitMembers(s)
	if err != nil {
		return 0, err
	}
	var m Mask
	for _, name := range names {
		found := false
		for p, pl := range g.players {
			if pl.Name == name {
				m |= 1 << p
				found = true
			}
		}
		if !found {
			hint := ""
			c, isCountry := g.ds.Index(name)
			for _, pl := range g.players {
				if up := strings.ToUpper(name); up != name && pl.Name == up {
					hint = " (country codes are upper case: " + up + ")"
				}
				if isCountry && len(pl.Countries) > 1 && slices.Contains(pl.Countries, c) {
					// A member cannot join alone: its group plays as one.
					hint = fmt.Sprintf(" (%s is a member of %s, which plays as one: name %s)", name, pl.Name, pl.Name)
				}
			}
			return 0, invalid("members %q: %q is not a candidate%s (candidates: %s)", strings.TrimSpace(s), name, hint, strings.Join(g.playerNames(Mask(1)<<len(g.players)-1), ", "))
		}
	}
	return m, nil
}

// flow is the baseline flow i→j summed over sectors.
func (g *game) flow(i, j int) float64 { return g.ds.Flow(i, j) }
