package optimal

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
)

// Player is a country, or a customs union, that sets one uniform import
// tariff in a tariff game.
type Player struct {
	Country int
	// Targets are the exporters whose goods the rate applies to, in the
	// sectors of Game.Sectors (nil = every partner, as in a tariff war; the leader alone for
	// retaliation against it).
	Targets []int
	// Members are the other countries of a customs union that plays as one
	// (the EU27: one commercial policy). Each applies the player's rate to
	// the targets outside the union; tariffs inside it do not change, and
	// the player's welfare is its members' (Country's included) weighted by
	// baseline GDP. Nil for a country playing alone.
	Members []int
	// Name names a customs union in messages ("" = Country's code).
	Name string
}

// name is how messages call player p.
func (n *nash) name(p int) string {
	if pl := n.g.Players[p]; pl.Name != "" {
		return pl.Name
	}
	return n.g.Base.Codes[n.g.Players[p].Country]
}

// countries lists the player's countries: Country, then the Members.
func (pl Player) countries() []int { return append([]int{pl.Country}, pl.Members...) }

// Game is a tariff game: each player sets its rate to maximise its own
// welfare given the others' (a best response); a Nash equilibrium is a set
// of rates that are best responses to each other. Countries that are not
// players keep the tariffs of Shocks, as does every tariff a player does
// not set.
type Game struct {
	Base    *model.Baseline
	Options model.Options
	// Shocks is the scenario the game is played in; nil tariffs mean the
	// baseline's.
	Shocks  model.Shocks
	Players []Player
	// Start is each player's starting rate (nil = 0.25 for every player).
	Start []float64
	// Sectors marks the sectors the players' rates apply to (nil = every
	// sector); in the others the tariffs of Shocks stay (GoodsSectors).
	Sectors []bool
}

// NashSettings tune the equilibrium search (zero values mean the defaults).
type NashSettings struct {
	// Tol is the tolerance on a rate of the Newton phase (default 1e-6,
	// 0.0001 percentage points).
	Tol float64
	// MinRate and MaxRate bound every rate (defaults 0 and 10 = 1000%).
	MinRate, MaxRate float64
	// MaxRounds caps the Newton rounds of each phase (default 60).
	MaxRounds int
	// Verify finishes with every player's exact best response, found by
	// golden-section search holding the others at the equilibrium; the
	// equilibrium counts as converged only if each best response lies
	// within VerifyTol of the player's rate (default 1e-4, 0.01 percentage
	// points) or gains the player less than VerifyGain in welfare (default
	// 1e-8, on a welfare surface too flat to pin the rate finer). Without
	// it the certificate is the first- and second-order conditions.
	Verify     bool
	VerifyTol  float64
	VerifyGain float64
	// MaxSweeps caps the best-response sweeps after which the Newton phase
	// is restarted from the best responses (default 10).
	MaxSweeps int
	// Workers is the number of solves run at once (default GOMAXPROCS).
	Workers int
	// Progress, if set, is called after each round and each sweep.
	Progress func(NashProgress)
}

// NashProgress reports the search as it goes.
type NashProgress struct {
	Phase   string // "newton" or "best responses"
	Round   int    // Newton round, or sweep
	Solves  int
	MaxMove float64 // the largest change of a rate in the round
}

// NashResult is the outcome of a tariff game.
type NashResult struct {
	// Rates is each player's rate, in the order of Game.Players.
	Rates []float64
	// Gradient and Curvature are each player's dŴ/dt and d²Ŵ/dt² at the
	// end, from finite differences: at an interior equilibrium the first
	// is ~0 and the second negative.
	Gradient, Curvature []float64
	// BestResponse is each player's exact best response to the others'
	// final rates (Verify; nil otherwise), Gap the largest distance of a
	// best response from the player's rate and Gain the largest welfare a
	// player gains by moving to it (NaN without Verify).
	BestResponse []float64
	Gap, Gain    float64
	// Outcome is the equilibrium at the final rates, solved from a cold
	// start so that it does not depend on the search path.
	Outcome   *model.Result
	Converged bool
	Reason    string // why not converged, or notes (rates at a bound)
	Rounds    int    // Newton rounds in all
	Sweeps    int    // best-response sweeps
	Solves    int
	// Infeasible counts trial rates at which the model had no equilibrium
	// (treated as the worst outcome for the player trying them).
	Infeasible int
	Seconds    float64
}

func (s *NashSettings) defaults() {
	if s.Tol <= 0 {
		s.Tol = 1e-6
	}
	if s.MaxRate <= s.MinRate {
		s.MinRate, s.MaxRate = 0, 10
	}
	if s.MaxRounds <= 0 {
		s.MaxRounds = 60
	}
	if s.VerifyTol <= 0 {
		s.VerifyTol = 1e-4
	}
	if s.VerifyGain <= 0 {
		s.VerifyGain = 1e-8
	}
	if s.MaxSweeps <= 0 {
		s.MaxSweeps = 10
	}
	if s.Workers <= 0 {
		s.Workers = runtime.GOMAXPROCS(0)
	}
}

const (
	// fdStep is the finite-difference step on a rate. With welfare solved
	// to ~1e-13 the derivative's noise is ~1e-9 and its truncation error
	// ~1e-8·Ŵ''', both far below what moves a rate by the tolerance.
	fdStep = 1e-4
	// flatGradient is the marginal welfare (per unit of rate) below which
	// a player with no curvature is left where it is: its welfare does not
	// depend on the rate to the solver's precision (a player that hardly
	// trades with its targets).
	flatGradient = 1e-10
	// firstStep caps a player's first Newton move; the cap halves whenever
	// the player's step reverses (damping against oscillation).
	firstStep = 0.25
	// flatGain is the welfare gain (Ŵ, to second order ½|Ŵ'·Δt|) below
	// which a Newton step counts as settled: the rate is then undetermined
	// beyond the solver's precision.
	flatGain = 1e-11
	// maxBacktracks bounds the halvings toward feasible rates when the
	// model has no equilibrium at the rates a round proposes.
	maxBacktracks = 20
)

// nash holds the state of one equilibrium search.
type nash struct {
	g    Game
	set  NashSettings
	base []float64 // the scenario's tariffs in the data layout
	res  *NashResult
	mu   sync.Mutex
}

// Nash finds the equilibrium of the game: simultaneous Newton steps on the
// players' first-order conditions, dŴ_p/dt_p = 0, with the derivatives
// from finite differences around the current rates (each perturbed solve
// warm-started from the current equilibrium and run in parallel), then,
// with Settings.Verify, exact best responses as the certificate (and as the
// fallback when Newton does not settle). See docs/nash.md.
func Nash(g Game, set NashSettings) (*NashResult, error) {
	start := time.Now()
	set.defaults()
	b := g.Base
	if b == nil {
		return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("no baseline")}
	}
	if len(g.Players) == 0 {
		return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("no players")}
	}
	seen := map[int]bool{}
	for _, p := range g.Players {
		for _, c := range p.countries() {
			if c < 0 || c >= b.N || seen[c] {
				return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("player country %d out of range or repeated", c)}
			}
			seen[c] = true
		}
		for _, i := range p.Targets {
			if i < 0 || i >= b.N {
				return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("target %d out of range", i)}
			}
		}
	}
	if g.Sectors != nil && len(g.Sectors) != b.S {
		return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("sector mask of %d sectors for %d", len(g.Sectors), b.S)}
	}
	P := len(g.Players)
	if g.Start != nil && len(g.Start) != P {
		return nil, &errs.Error{Op: "nash", Kind: errs.Invalid, Err: fmt.Errorf("%d starting rates for %d players", len(g.Start), P)}
	}
	n := &nash{g: g, set: set, res: &NashResult{Gap: math.NaN(), Gain: math.NaN()}}
	n.base = g.Shocks.Tariff
	if n.base == nil {
		n.base = b.Tariffs()
	}
	r := make([]float64, P)
	for p := range r {
		r[p] = 0.25
		if g.Start != nil {
			r[p] = g.Start[p]
		}
		r[p] = math.Min(math.Max(r[p], set.MinRate), set.MaxRate)
	}
	converged := false
	prevGap := math.Inf(1)
	for sweep := 0; ; sweep++ {
		var err error
		var ok bool
		r, ok, err = n.newton(r)
		if err != nil {
			return n.res, err
		}
		if !set.Verify {
			converged = ok
			if !ok {
				n.res.Reason = fmt.Sprintf("the Newton rounds did not settle within %d rounds (a rate still moved by more than %.2g)", set.MaxRounds, set.Tol) + n.unsettled(r)
			}
			break
		}
		br, gain, err := n.bestResponses(r)
		if err != nil {
			return n.res, err
		}
		n.res.Sweeps++
		gap, worstGain, settled := 0.0, 0.0, true
		for p := range r {
			d := math.Abs(br[p] - r[p])
			gap, worstGain = math.Max(gap, d), math.Max(worstGain, gain[p])
			if d > set.VerifyTol && gain[p] > set.VerifyGain {
				settled = false
			}
		}
		n.res.BestResponse, n.res.Gap, n.res.Gain = br, gap, worstGain
		n.progress("best responses", n.res.Sweeps, gap)
		if settled {
			converged = true
			break
		}
		if sweep+1 >= set.MaxSweeps || gap > prevGap/2 {
			n.res.Reason = fmt.Sprintf("after %d rounds of best responses a player's best response is still %.3g percentage points from its rate and gains it %.3g in welfare", n.res.Sweeps, 100*gap, worstGain)
			if gap > prevGap/2 {
				n.res.Reason += " (the last round made no progress)"
			}
			n.res.Reason += n.unsettled(r)
			break
		}
		prevGap = gap
		// Newton did not settle (or settled on a point that is not a best
		// response): restart it from the best responses, a step of
		// best-response iteration.
		r = br
	}
	return n.finish(r, converged, start)
}

// unsettled explains a failure: the players whose welfare still rises
// with their rate where it stopped (convex or climbing), and the trial
// rates without an equilibrium, whose edge is where such a climb ends —
// typically with fixed nominal deficits, whose transfer a tariff extracts.
func (n *nash) unsettled(r []float64) string {
	var climbing []string
	for p := range r {
		if p < len(n.res.Gradient) && n.res.Gradient[p] > 0 && !(n.res.Curvature[p] < 0) {
			climbing = append(climbing, fmt.Sprintf("%s at %.1f%%", n.name(p), 100*r[p]))
		}
	}
	out := ""
	if len(climbing) > 0 {
		out += "; welfare still rises with the rate of " + strings.Join(climbing, ", ")
	}
	if n.res.Infeasible > 0 {
		out += fmt.Sprintf("; %d trial rates had no equilibrium (a country's spending would turn negative), so a player may be climbing to that edge", n.res.Infeasible)
	}
	return out
}

// tariffs returns the scenario's tariffs with each player's rate on its
// targets.
func (n *nash) tariffs(r []float64) []float64 {
	b := n.g.Base
	N, S := b.N, b.S
	t := append([]float64(nil), n.base...)
	for p, pl := range n.g.Players {
		union := pl.countries()
		for _, c := range union {
			set := func(i int) {
				if slices.Contains(union, i) {
					return // no tariff inside a customs union
				}
				for k := 0; k < S; k++ {
					if taxed(n.g.Sectors, k) {
						t[(i*N+c)*S+k] = r[p]
					}
				}
			}
			if pl.Targets == nil {
				for i := 0; i < N; i++ {
					set(i)
				}
			} else {
				for _, i := range pl.Targets {
					set(i)
				}
			}
		}
	}
	return t
}

// solve computes the equilibrium at rates r from warm (which may be nil).
// A failed warm start is retried cold; a rate at which the model has no
// equilibrium gives a nil result and no error unless strict.
func (n *nash) solve(r []float64, warm *model.Result, strict bool) (*model.Result, error) {
	sh := n.g.Shocks
	sh.Tariff = n.tariffs(r)
	res, err := n.g.Base.Solve(n.g.Options, sh, warm)
	solves := 1
	if err != nil && warm != nil {
		res, err = n.g.Base.Solve(n.g.Options, sh, nil)
		solves++
	}
	n.mu.Lock()
	n.res.Solves += solves
	if err != nil && !strict {
		n.res.Infeasible++
	}
	n.mu.Unlock()
	if err != nil {
		if strict {
			return res, err
		}
		return nil, nil
	}
	return res, nil
}

// linearize attaches to r the Jacobian that chord-step warm starts use,
// when the game has several players to amortise it and the model is small
// enough (model.Baseline.ChordPays).
func (n *nash) linearize(r *model.Result) {
	if len(n.g.Players) > 1 && n.g.Base.ChordPays(n.g.Options) {
		_ = n.g.Base.Linearize(r)
	}
}

// playerWelfare is player p's objective in res, −∞ where there is no
// equilibrium.
func (n *nash) playerWelfare(res *model.Result, p int) float64 {
	if res == nil {
		return math.Inf(-1)
	}
	return n.g.PlayerWelfare(res, p)
}

// PlayerWelfare is player p's welfare in res as the game maximises it
// (a customs union's members' welfare weighted by baseline GDP).
func (g Game) PlayerWelfare(res *model.Result, p int) float64 {
	pl := g.Players[p]
	total, w := 0.0, 0.0
	for _, c := range pl.countries() {
		total += g.Base.GDP[c]
		w += g.Base.GDP[c] * res.Countries[c].Welfare
	}
	if total <= 0 {
		return res.Countries[pl.Country].Welfare
	}
	return w / total
}

// parallel runs f(0..m-1) on the settings' workers.
func (n *nash) parallel(m int, f func(k int) error) error {
	workers := min(n.set.Workers, m)
	var wg sync.WaitGroup
	errs := make([]error, m)
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				errs[k] = recovered(k, f)
			}
		}()
	}
	for k := 0; k < m; k++ {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// newton runs simultaneous Newton rounds from r until no rate moves by more
// than the tolerance (ok) or the rounds run out. Each round solves the
// equilibrium at r, then, for every player at once, at its rate ± the
// finite-difference step (one-sided at the lower bound), and moves each
// rate by −Ŵ'/Ŵ” where its welfare is concave in it; elsewhere uphill by
// its step cap. A player's cap halves whenever its step reverses, so a
// round that overshoots is damped in the next.
func (n *nash) newton(r []float64) ([]float64, bool, error) {
	set := n.set
	P := len(r)
	r = append([]float64(nil), r...)
	capStep := make([]float64, P)
	last := make([]float64, P)
	for p := range capStep {
		capStep[p] = firstStep
	}
	grad, curv := make([]float64, P), make([]float64, P)
	var warm *model.Result
	var good []float64 // the last rates with an equilibrium
	for round := 1; round <= set.MaxRounds; round++ {
		n.res.Rounds++
		base, err := n.solve(r, warm, true)
		for back := 0; err != nil && back < maxBacktracks; back++ {
			// No equilibrium at these rates (a country's spending would
			// turn negative): step back halfway to the last rates that had
			// one — toward lower rates at the start — and damp every step.
			for p := range r {
				if good != nil {
					r[p] = (r[p] + good[p]) / 2
				} else {
					r[p] = set.MinRate + (r[p]-set.MinRate)/2
				}
				capStep[p] /= 2
			}
			base, err = n.solve(r, warm, true)
		}
		if err != nil {
			return r, false, fmt.Errorf("solving the equilibrium at the players' rates: %w", err)
		}
		good = append(good[:0], r...)
		warm = base
		// A Jacobian at the round's equilibrium makes every perturbed
		// solve a few chord steps, where the model is small enough for
		// that to pay (not with input–output linkages on a large world);
		// without it they still converge from the warm start.
		n.linearize(base)
		err = n.parallel(P, func(p int) error {
			grad[p], curv[p] = n.derivatives(r, p, base)
			return nil
		})
		if err != nil {
			return r, false, err
		}
		move, settled := 0.0, true
		for p := range r {
			d := 0.0
			switch {
			case curv[p] < 0 && !math.IsInf(curv[p], 0):
				d = -grad[p] / curv[p]
			case math.Abs(grad[p]) > flatGradient:
				d = math.Copysign(capStep[p], grad[p])
			}
			if d*last[p] < 0 {
				capStep[p] /= 2
			}
			d = math.Max(-capStep[p], math.Min(capStep[p], d))
			nr := math.Min(math.Max(r[p]+d, set.MinRate), set.MaxRate)
			d = nr - r[p]
			r[p], last[p] = nr, d
			move = math.Max(move, math.Abs(d))
			// A step that would gain the player less than flatGain is
			// noise on a flat welfare surface, not progress.
			if math.Abs(d) > set.Tol && math.Abs(grad[p]*d)/2 > flatGain {
				settled = false
			}
		}
		n.res.Gradient = append(n.res.Gradient[:0], grad...)
		n.res.Curvature = append(n.res.Curvature[:0], curv...)
		n.progress("newton", round, move)
		if settled {
			return r, true, nil
		}
	}
	return r, false, nil
}

// derivatives returns player p's dŴ/dt and d²Ŵ/dt² at rates r (base is the
// equilibrium there), by central differences, or one-sided ones at the
// lower bound. A side without an equilibrium counts as −∞ welfare, which
// sends the player away from it.
func (n *nash) derivatives(r []float64, p int, base *model.Result) (float64, float64) {
	h := fdStep
	at := func(x float64) float64 {
		rr := append([]float64(nil), r...)
		rr[p] = x
		res, _ := n.solve(rr, base, false)
		return n.playerWelfare(res, p)
	}
	w0 := n.playerWelfare(base, p)
	if r[p]-h >= n.set.MinRate {
		wm, wp := at(r[p]-h), at(r[p]+h)
		return (wp - wm) / (2 * h), (wp - 2*w0 + wm) / (h * h)
	}
	w1, w2 := at(r[p]+h), at(r[p]+2*h)
	return (-3*w0 + 4*w1 - w2) / (2 * h), (w0 - 2*w1 + w2) / (h * h)
}

// bestResponses finds every player's exact best response to the others'
// rates r, all at once (each holds the others at r), and the welfare each
// gains by it.
func (n *nash) bestResponses(r []float64) ([]float64, []float64, error) {
	P := len(r)
	br, gain := make([]float64, P), make([]float64, P)
	warm, err := n.solve(r, nil, true)
	if err != nil {
		return nil, nil, fmt.Errorf("solving the equilibrium at the players' rates: %w", err)
	}
	n.linearize(warm)
	err = n.parallel(P, func(p int) error {
		rr := append([]float64(nil), r...)
		f := func(x float64) (float64, error) {
			rr[p] = x
			res, _ := n.solve(rr, warm, false)
			return n.playerWelfare(res, p), nil
		}
		// The bracket starts small, the rate being near its best response,
		// and is narrowed to a hundredth of the verification tolerance.
		x, fx, _, err := maximize(f, n.set.MinRate, n.set.MaxRate, r[p], 0.001, n.set.VerifyTol/100)
		br[p], gain[p] = x, math.Max(0, fx-n.playerWelfare(warm, p))
		return err
	})
	return br, gain, err
}

// finish solves at the final rates from a cold start and fills the result.
func (n *nash) finish(r []float64, converged bool, start time.Time) (*NashResult, error) {
	res, err := n.solve(r, nil, true)
	if err != nil {
		return n.res, fmt.Errorf("solving at the equilibrium rates: %w", err)
	}
	n.res.Rates = r
	n.res.Outcome = res
	n.res.Converged = converged
	var atMax []string
	for p, x := range r {
		if x >= n.set.MaxRate {
			atMax = append(atMax, n.name(p))
		}
	}
	if len(atMax) > 0 {
		sort.Strings(atMax)
		note := fmt.Sprintf("rates at the upper bound %.4g of the search: %v", n.set.MaxRate, atMax)
		if n.res.Reason != "" {
			note = n.res.Reason + "; " + note
		}
		n.res.Reason = note
	}
	n.res.Seconds = time.Since(start).Seconds()
	return n.res, nil
}

func (n *nash) progress(phase string, round int, move float64) {
	if n.set.Progress != nil {
		n.set.Progress(NashProgress{Phase: phase, Round: round, Solves: n.res.Solves, MaxMove: move})
	}
}

// recovered runs f(k) and turns a panic into its error: a goroutine of
// this pool that panicked would take down the whole process, `serve` and
// every user's runs with it, where one failed computation is enough.
func recovered(k int, f func(k int) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			value, _ := executor.RecoveredPanic(v)
			err = fmt.Errorf("a parallel solve of the tariff war (unit %d) panicked: %s (a bug in tradebloc; please report it)", k, value)
		}
	}()
	return f(k)
}
