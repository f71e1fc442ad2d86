package plan

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// Options control a run.
type Options struct {
	Workers int // goroutines of the local executor (0 = all cores)
	// Executor plays the draws (nil = the local executor with Workers
	// goroutines).
	Executor executor.Executor
	Progress func(phase string, done, total int)
	Draws    int    // overrides the plan's draws when > 0
	Seed     uint64 // overrides the plan's seed when HasSeed
	HasSeed  bool
	// Start (YYYY-MM-DD) overrides the plan's start date; without either,
	// the plan starts today. The dated signposts move with it.
	Start string
	// Today is the date a plan's dates are compared with (zero: now).
	Today time.Time
}

// Where a run's start date came from (Report.StartFrom).
const (
	StartFromOption = "option" // --start, or "start" in an API request
	StartFromPlan   = "plan"   // the plan file's start:
	StartFromToday  = "today"  // neither: the day of the run
)

// ResolveStart returns the date a run of pl starts on and where it came
// from: opt.Start, else the plan's start, else today.
func ResolveStart(pl *Plan, opt Options) (start, from string, err error) {
	switch {
	case opt.Start != "":
		if _, err := dateOf(opt.Start); err != nil {
			return "", "", &errs.Error{Op: "plan", Kind: errs.Invalid, Field: "--start", Err: fmt.Errorf("want a date YYYY-MM-DD, got %q", opt.Start)}
		}
		return opt.Start, StartFromOption, nil
	case pl.Start != "":
		return pl.Start, StartFromPlan, nil
	}
	return opt.today().Format("2006-01-02"), StartFromToday, nil
}

func (opt Options) today() time.Time {
	if opt.Today.IsZero() {
		return time.Now()
	}
	return opt.Today
}

// pastNotes says when a plan's dates are already past: its rounds are then
// a replay to check against the record, not a forecast.
func pastNotes(pl *Plan, today time.Time) []string {
	start, err := dateOf(pl.Start)
	if err != nil {
		return nil
	}
	day := today.Format("2006-01-02")
	if pl.Start >= day {
		return nil
	}
	last := start.AddDate(0, 3*pl.Rounds, 0).Format("2006-01-02")
	signpost := start.AddDate(0, 3*pl.SignpostRound, 0).Format("2006-01-02")
	if last < day {
		return []string{fmt.Sprintf("This plan's dates are all past: it starts on %s and its last round (%s) is before today (%s). Its outcomes replay the past rather than forecast; compare them with the record, or run it from today (--start %s).",
			pl.Start, last, day, day)}
	}
	past := 0
	for t := 1; t <= pl.Rounds && start.AddDate(0, 3*t, 0).Format("2006-01-02") <= day; t++ {
		past = t
	}
	msg := fmt.Sprintf("This plan starts on %s, before today (%s): ", pl.Start, day)
	if past > 0 {
		msg += fmt.Sprintf("its first %d quarter(s) are past", past)
	} else {
		msg += "its start is past"
	}
	if signpost <= day {
		msg += fmt.Sprintf(", and so are its signposts (dated %s): check them against what happened", signpost)
	}
	return []string{msg + fmt.Sprintf(". Run it from today with --start %s.", day)}
}

// draw is one parameter draw (common to all branches: common random numbers
// make branch comparisons sharper).
type draw struct{ theta, speed, cost float64 }

// sample is what one (draw, branch) run records.
type sample struct {
	welfare []float64 // every country, final round, %
	// valuation is the part of each country's welfare that the valuation
	// of a deficit held fixed relative to world GDP contributes (pp; zero
	// under other closures; model.CountryResult.WelfareExValuation).
	valuation []float64
	balances  []float64 // players then leader, % of GDP, final round
	byLeader  []float64 // leader's tariff on each player, final round, %
	members   []bool    // in the bloc at the end, per player
	relief    []bool    // membership, or a relief that lowered the leader's tariff, at the end, per player
	signals   []float64 // the signpost indicators at the signpost round
	path      []float64 // leader's balance % of GDP, rounds 0..R
	leaderW   float64   // leader's welfare, final round
}

// ResolveScenario finds the plan's scenario: a built-in name, or a path
// relative to the plan file. A scenario that cannot be found or read, or
// that has no coalition: block (which gives a plan its players), is bad
// input located at the plan's `scenario` key; an error inside a scenario
// file that was read stays located there.
func (pl *Plan) ResolveScenario() (*scenario.Scenario, error) { return pl.resolveScenario() }

func (pl *Plan) resolveScenario() (*scenario.Scenario, error) {
	sc, ok := scenario.Builtin(pl.Scenario)
	if !ok {
		path := pl.Scenario
		if !filepath.IsAbs(path) && pl.Dir != "" {
			path = filepath.Join(pl.Dir, path)
		}
		var err error
		if sc, err = scenario.Resolve(path); err != nil {
			var e *errs.Error
			if errors.As(err, &e) && e.Line > 0 {
				return nil, err // located in the scenario file
			}
			return nil, pl.scenarioError("%v", err)
		}
	}
	if sc.Coalition == nil {
		return nil, pl.scenarioError("scenario %q has no coalition: block (leader, targets, candidates), which gives a plan its players; name one that has (e.g. coalition-of-the-compelled; see docs/scenarios.md)", sc.Name)
	}
	return sc, nil
}

// scenarioError is bad input at the plan's `scenario` key (the top of the
// file when the plan takes the default scenario).
func (pl *Plan) scenarioError(format string, args ...any) error {
	line := max(pl.ScenarioLine, 1)
	return &errs.Error{Op: "plan", Kind: errs.Invalid, File: pl.File, Line: line, Col: pl.ScenarioCol, Field: "scenario", Err: fmt.Errorf(format, args...)}
}

// NewWorld resolves the plan's scenario sc on ds from the start date with
// the plan's players:
// the leader's Top largest partners (when Top > 0) and every country of ds
// a branch names (in moves or exclude), so that a branch's players play on
// any dataset. Which partners are largest depends on the data: on
// icio-2022, whose balances include services, Vietnam is not among the US's
// eight largest partners as it is on world-2023, yet a branch moves it.
func NewWorld(pl *Plan, sc *scenario.Scenario, ds *data.Dataset, start string) (*simulate.World, error) {
	if pl.Top == 0 || sc.Coalition == nil {
		return simulate.NewWorld(sc, ds, start, true, pl.Top)
	}
	spec := *sc.Coalition
	spec.Candidates, spec.Top = nil, pl.Top
	rc, err := spec.Resolve(ds)
	if err != nil {
		return nil, err
	}
	taken := map[int]bool{rc.Leader: true}
	for _, t := range rc.Targets {
		taken[t] = true
	}
	var names []string
	for _, c := range rc.Candidates {
		names = append(names, c.Name)
		for _, i := range c.Countries {
			taken[i] = true
		}
	}
	for _, n := range branchPlayers(pl) {
		i, ok := ds.Index(n)
		if !ok || taken[i] || ds.IsAggregate(i) {
			continue
		}
		// A country enters as its trade-policy unit, as the top K's
		// do: a branch naming DEU, with the EU27 outside the top K,
		// adds the EU27 (which plays DEU's moves as a whole), not a
		// Germany with a trade policy of its own. A unit some of whose
		// members already have a role (a target) leaves the country
		// alone.
		unit, members := ds.PolicyUnit(i)
		if slices.ContainsFunc(members, func(c int) bool { return taken[c] }) {
			unit, members = n, []int{i}
		}
		for _, c := range members {
			taken[c] = true
		}
		names = append(names, unit)
	}
	spec.Candidates, spec.Top = scenario.Names(names...), 0
	sc2 := *sc
	sc2.Coalition = &spec
	return simulate.NewWorld(&sc2, ds, start, true, 0)
}

// Run plays the plan on ds.
func Run(ctx context.Context, pl *Plan, ds *data.Dataset, opt Options) (*Report, error) {
	start := time.Now()
	if opt.Draws > 0 {
		pl.Draws = opt.Draws
	}
	day, from, err := ResolveStart(pl, opt)
	if err != nil {
		return nil, err
	}
	pl.Start = day
	if opt.HasSeed {
		pl.Seed = opt.Seed
	}
	sc, err := pl.resolveScenario()
	if err != nil {
		return nil, err
	}
	w, err := NewWorld(pl, sc, ds, pl.Start)
	if err != nil {
		return nil, err
	}
	defer w.DropCache() // the world may outlive the plan in the package's worlds
	for _, b := range pl.Branches {
		for _, m := range append(b.Moves, movesFor(b.Exclude)...) {
			p, ok := w.PlayerIndex(m.Player)
			if !ok {
				hint := ""
				if _, ok := w.PlayerIndex(strings.ToUpper(m.Player)); ok {
					hint = " (country codes are upper case: " + strings.ToUpper(m.Player) + ")"
				}
				return nil, invalidAt(pl, b.Line, "branch %q: %q is not a player of scenario %s%s (players: %s)", b.Name, m.Player, sc.Name, hint, names(w))
			}
			// Refused here, with the branch's line, rather than by the
			// simulation in every draw.
			if f := w.Players[p].Follows; f >= 0 && m.Action != "" && m.Action != "wait" {
				return nil, invalidAt(pl, b.Line, "branch %q: %s takes %s's US rate (US law) and is treated as %s is; it has no moves of its own", b.Name, m.Player, w.Players[f].Name, w.Players[f].Name)
			}
		}
		// What the simulation would refuse in every draw (rebalancing
		// moves naming two members of the EU27, which has one
		// commitment), refused once with the branch's line.
		if err := w.CheckScript(params(w, pl, &b, draw{theta: pl.Theta.Mid(), speed: pl.Speed.Mid()}, nil, nil).Moves); err != nil {
			var e *errs.Error
			if errors.As(err, &e) && e.Err != nil {
				err = e.Err
			}
			return nil, invalidAt(pl, b.Line, "branch %q: %v", b.Name, err)
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ex := opt.Executor
	if ex == nil {
		ex = executor.Local{Workers: workers}
	}
	rep := &Report{Plan: pl.Name, Description: pl.Description, Source: pl.Source, Scenario: sc.Name, Seed: pl.Seed,
		Draws: pl.Draws, Start: pl.Start, StartFrom: from, Notes: pastNotes(pl, opt.today()), Rounds: pl.Rounds, Leader: w.Code(), Workers: workers,
		Parameters: map[string]Range{"trade_elasticity": pl.Theta, "adjustment_speed": pl.Speed, "political_cost": pl.Cost}}
	if ds.S() > 1 {
		g := scaleRange(pl.Theta)
		rep.ThetaScale = &g
	}
	// The notes of the leader's threat schedule, the rates an escalation
	// applies (as package coalition reports them): the Liberation Day
	// schedule's headline rates fall on every goods sector, the
	// pharmaceuticals its orders exempted included, which makes Ireland the
	// largest loser of every escalating branch on icio-2022.
	rep.Notes = appendNew(rep.Notes, w.ThreatNotes()...)
	if n := w.SoloMemberNote(); n != "" {
		rep.Notes = append(rep.Notes, n)
	}
	for p := range w.Players {
		// Whether the leader asks a player to adjust decides its relief in
		// every branch; resting on one year of data, that is a finding to
		// read with care (Vietnam: 6 of 10 surplus years, 7 needed).
		if e := w.KnifeEdge(p); e != "" {
			rep.Notes = append(rep.Notes, knifeEdgeNotePrefix+", in every branch: "+e)
		}
	}
	if w.History != "" {
		rep.Regime = simulate.RegimeSummary(pl.Start)
		rep.RegimeChanges = w.RegimeChanges(pl.Rounds)
	}
	var gains map[string]float64
	var members []string
	for _, b := range pl.Branches {
		if b.Coalition {
			cd, err := coalitionGame(ctx, pl, sc, ds, w, ex, opt.Progress)
			if err != nil {
				return nil, err
			}
			rep.Coalition, members, gains = cd, cd.Members, cd.GainPct
			rep.Solves += cd.Solves
			break
		}
	}
	// Draws: one seeded stream per draw, so the output does not depend on
	// how draws are spread over workers.
	nb := len(pl.Branches)
	jobs := make([]job, 0, nb*pl.Draws)
	for d := range pl.Draws {
		r := rand.New(rand.NewPCG(pl.Seed, uint64(d)))
		dr := draw{theta: uni(r, pl.Theta), speed: uni(r, pl.Speed), cost: uni(r, pl.Cost)}
		for b := range nb {
			jobs = append(jobs, job{Branch: b, Theta: dr.theta, Speed: dr.speed, Cost: dr.cost})
		}
	}
	run, err := newRunner(announce(ex, ""), ds, sc, pl, w, members, gains, opt.Progress)
	if err != nil {
		return nil, err
	}
	samples := make([][]sample, nb)
	for b := range samples {
		samples[b] = make([]sample, pl.Draws)
	}
	err = run.run(ctx, "draws", jobs, func(k int, s sample, n int) {
		samples[k%nb][k/nb] = s
		rep.Solves += n
	})
	if err != nil {
		return nil, err
	}
	ind := indicators(w)
	rep.summarise(pl, w, samples, ind)
	tor, n, err := tornado(ctx, run, w, pl)
	if err != nil {
		return nil, err
	}
	rep.Tornado, rep.Solves = tor, rep.Solves+n
	rep.Seconds = time.Since(start).Seconds()
	rep.SolvesPerSecond = float64(rep.Solves) / rep.Seconds
	return rep, nil
}

// thetaScale is the common scale of the sectors' trade elasticities that
// a drawn θ stands for on a multi-sector world, as `sweep` draws there:
// θ/4, so the plan's range of aggregate elasticities around the default 4
// (3 to 6) scales every sector's θ (the dataset's, or the scenario's) by
// 0.75 to 1.5. One θ for all sectors would erase their ranking: on
// icio-2022 services would get the θ of goods, and the coalition game's
// payoffs and the bloc it picks change with it.
func thetaScale(theta float64) float64 { return theta / scenario.DefaultTheta }

// scaleRange is the plan's θ range as the scales of thetaScale.
func scaleRange(g Range) Range { return Range{thetaScale(g.Low), thetaScale(g.High)} }

func uni(r *rand.Rand, g Range) float64 {
	if g.High == g.Low {
		return g.Low
	}
	return g.Low + (g.High-g.Low)*r.Float64()
}

// branchPlayers are the names pl's branches give players, in moves or
// exclude, each once, in the order the branches give them.
func branchPlayers(pl *Plan) []string {
	var out []string
	for _, b := range pl.Branches {
		for _, m := range append(b.Moves, movesFor(b.Exclude)...) {
			if !slices.Contains(out, m.Player) {
				out = append(out, m.Player)
			}
		}
	}
	return out
}

func movesFor(players []string) []Move {
	out := make([]Move, len(players))
	for k, p := range players {
		out[k] = Move{Player: p}
	}
	return out
}

func names(w *simulate.World) string {
	s := ""
	for k, p := range w.Players {
		if k > 0 {
			s += ", "
		}
		s += p.Name
	}
	return s
}

// params builds the simulation parameters of a branch at one draw on w.
// A member of the coalition joins in the branch's join round unless the
// branch keeps it out (excluded) or gives it a move of its own in that
// round, which takes the join's place (a player makes one move a round;
// branchNotes says so).
func params(w *simulate.World, pl *Plan, b *Branch, d draw, members []string, gains map[string]float64) simulate.Params {
	prm := simulate.DefaultParams()
	prm.Start, prm.Rounds, prm.Q, prm.Grace = pl.Start, pl.Rounds, pl.Q, pl.Grace
	prm.Speed, prm.Scripted, prm.Workers = d.speed, true, 1
	if w.Data.S() > 1 {
		prm.ThetaScale = thetaScale(d.theta)
	} else {
		prm.Theta = d.theta
	}
	if !b.Escalation {
		prm.Grace = pl.Rounds + 1
	}
	if b.Coalition {
		for _, m := range members {
			if excluded(w, b, m) || movesAt(w, b, m, b.JoinRound) {
				continue
			}
			if g, ok := gains[m]; ok && g < d.cost {
				continue // the gain from joining does not cover the political cost
			}
			prm.Moves = append(prm.Moves, simulate.Move{Player: m, Action: simulate.Join, Round: b.JoinRound})
		}
	}
	for _, m := range b.Moves {
		a, _ := simulate.ParseAction(m.Action)
		prm.Moves = append(prm.Moves, simulate.Move{Player: m.Player, Action: a, Size: m.Size, Round: m.Round})
	}
	return prm
}

// excluded reports whether branch b keeps player m out of the coalition:
// its exclude list names m, or a member of m (exclude: [DEU] keeps the
// EU27 out, as Germany cannot stay out of a bloc the EU27 joins;
// branchNotes says so). Before, only the player's own name counted, and
// exclude: [DEU] left the EU27 in the bloc without a word.
func excluded(w *simulate.World, b *Branch, m string) bool {
	return slices.ContainsFunc(b.Exclude, func(e string) bool { return samePlayer(w, e, m) })
}

// movesAt reports whether branch b gives player m a move of its own in
// round t (a move naming m or a member of m).
func movesAt(w *simulate.World, b *Branch, m string, t int) bool {
	return slices.ContainsFunc(b.Moves, func(mv Move) bool { return mv.Round == t && samePlayer(w, mv.Player, m) })
}

// samePlayer reports whether names a and b are one player of w (DEU and
// EU27 are).
func samePlayer(w *simulate.World, a, b string) bool {
	if a == b {
		return true
	}
	p, ok := w.PlayerIndex(a)
	q, ok2 := w.PlayerIndex(b)
	return ok && ok2 && p == q
}

// runOne plays one branch at one draw.
func runOne(ctx context.Context, w *simulate.World, pl *Plan, b *Branch, d draw, members []string, gains map[string]float64, ind []indicator) (sample, int, error) {
	tr, err := w.Run(ctx, params(w, pl, b, d, members, gains))
	if err != nil {
		return sample{}, 0, err
	}
	R := len(tr.States) - 1
	eq := tr.Eqs[R]
	np := len(w.Players)
	s := sample{welfare: make([]float64, len(eq.Result.Countries)), valuation: make([]float64, len(eq.Result.Countries)), balances: make([]float64, np+1), byLeader: make([]float64, np),
		members: make([]bool, np), relief: make([]bool, np), path: make([]float64, R+1), leaderW: 100 * (eq.Result.Countries[w.Leader].WelfareExTransfer - 1)}
	for c, cr := range eq.Result.Countries {
		// Real income net of the transfer a rebalancing commitment finances
		// by lower saving (docs/welfare.md): borrowed spending is not a
		// branch's gain. Without commitments the two are the same.
		s.welfare[c] = 100 * (cr.WelfareExTransfer - 1)
		s.valuation[c] = 100 * (cr.Welfare - cr.WelfareExValuation)
	}
	copy(s.balances, eq.PctGDP)
	s.balances[np] = eq.LeaderBal
	tFinal := w.Tariffs(tr.States[R], tr.Params.EscalationStep)
	for p := range w.Players {
		s.byLeader[p] = w.TariffPair(p, tFinal).ByLeader
		ps := tr.States[R].Players[p]
		s.members[p] = ps.Member
		// Relief counts where it lowered the leader's tariff on the player
		// (simulate's relief_no_change is none): "relief in 80% of draws"
		// reads as a US tariff that fell, not as a partner merely spared
		// escalation at member terms no lower than the rates in force. A
		// member counts as before, whatever its terms change.
		s.relief[p] = ps.Member || tr.ReliefLowers(R, p)
	}
	for t := 0; t <= R; t++ {
		s.path[t] = tr.Eqs[t].LeaderBal
	}
	r := min(pl.SignpostRound, R)
	tSig := w.Tariffs(tr.States[r], tr.Params.EscalationStep)
	s.signals = make([]float64, len(ind))
	for k, in := range ind {
		s.signals[k] = in.value(w, tr.Eqs[r], tSig)
	}
	return s, tr.Solves, nil
}

// gameScenario is sc at the centre of the plan's θ range, where the
// coalition game is solved: on a multi-sector world the sectors' own θ
// times the draws' central scale (returned; params), else θ itself.
func gameScenario(pl *Plan, sc *scenario.Scenario, ds *data.Dataset) (*scenario.Scenario, float64, error) {
	if ds.S() > 1 {
		scale := thetaScale(pl.Theta.Mid())
		game, err := (scenario.Variant{ThetaScale: scale}).Apply(sc, ds)
		return game, scale, err
	}
	game := *sc
	game.Model.Theta, game.Model.SectorTheta = pl.Theta.Mid(), nil
	return &game, 0, nil
}

// knifeEdgeNotePrefix begins the report's note on a player whose
// classification as a persistent-surplus economy is within one year of the
// rule's threshold (simulate.World.KnifeEdge), so that a reader of
// Report.Notes can pick it out.
const knifeEdgeNotePrefix = "classification within one year of the surplus rule's threshold"

// appendNew appends the notes of add that notes does not hold yet.
func appendNew(notes []string, add ...string) []string {
	for _, n := range add {
		if !slices.Contains(notes, n) {
			notes = append(notes, n)
		}
	}
	return notes
}

// coalitionGame solves the scenario's coalition game once, at the central
// parameters, with the plan's players as candidates (K = top, 8 by default).
func coalitionGame(ctx context.Context, pl *Plan, sc *scenario.Scenario, ds *data.Dataset, w *simulate.World, ex executor.Executor, progress func(string, int, int)) (*CoalitionDoc, error) {
	sc2 := *sc
	spec := *sc.Coalition
	spec.Candidates, spec.Top = nil, 0
	for _, p := range w.Players {
		if !p.Target {
			spec.Candidates = append(spec.Candidates, scenario.Ref{Name: p.Name})
		}
	}
	sc2.Coalition = &spec
	game, scale, err := gameScenario(pl, &sc2, ds)
	if err != nil {
		return nil, err
	}
	rep, err := coalition.Analyze(ctx, game, ds, coalition.Options{Executor: announce(ex, "coalition game: "), Progress: progress, NoBands: true})
	if err != nil {
		return nil, err
	}
	cd := &CoalitionDoc{Members: rep.Leading.Members, Source: rep.LeadingSource, GainPct: map[string]float64{}, Solves: rep.Solves, Seconds: rep.Seconds,
		Theta: pl.Theta.Mid(), ThetaScale: scale, Candidates: len(spec.Candidates)}
	for _, st := range rep.AccessionPath {
		cd.GainPct[st.Candidate] = st.GainPct
	}
	if cd.Members == nil {
		cd.Members = []string{}
	}
	return cd, nil
}
