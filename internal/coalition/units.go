package coalition

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/model"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// The game's work goes to an executor as units of three kinds. Each carries
// the whole scenario, so a worker can rebuild the game; the warm-start hint
// says from which solution each solve starts, so that a unit's results do
// not depend on where, or next to what, it was computed.
const (
	// kindStretch solves a stretch of the Gray-code sequence of
	// memberships, each warm-started from the one before.
	kindStretch = "coalition.stretch"
	// kindConfigs solves a list of configurations (memberships, with or
	// without a penalised defector).
	kindConfigs = "coalition.configs"
	// kindThreat finds one candidate's required threat by bisection.
	kindThreat = "coalition.threat"
)

// stretchLen is the number of memberships of a stretch: fixed, so results do
// not depend on the number of workers. Aligned stretches of 2^7 keep the
// larger players' bits fixed, which is what makes one Jacobian per stretch
// good for all of it.
const stretchLen = 128

// configsLen is the number of configurations of a configs unit.
const configsLen = 128

func init() {
	executor.Register(kindStretch, runStretch)
	executor.Register(kindConfigs, runConfigs)
	executor.Register(kindThreat, runThreat)
}

// gameSpec is what every unit carries to identify its game.
type gameSpec struct {
	Scenario json.RawMessage `json:"scenario"`
	// Warm: solves start from a neighbour and take chord steps with a
	// linearized Jacobian (false: every solve is cold, --no-warm).
	Warm bool `json:"warm"`
}

// stretchSpec is a kindStretch unit: memberships n XOR n>>1 for n in
// [Lo, Hi). Warm-start hint: the first from the linearized empty coalition,
// linearized in turn; each next one from the one before, with chord steps on
// the stretch's first Jacobian.
type stretchSpec struct {
	gameSpec
	Lo int `json:"lo"`
	Hi int `json:"hi"`
}

// configSpec is one configuration: the members, and the member that leaves
// and pays the defector penalty (−1 for none).
type configSpec struct {
	Members   Mask `json:"members"`
	Penalized int  `json:"penalized"`
}

// configsSpec is a kindConfigs unit. Warm-start hint: with Chain each
// configuration starts from the one before (the first from the empty
// coalition), else each from the empty coalition; chord steps with the
// empty coalition's Jacobian.
type configsSpec struct {
	gameSpec
	Chain   bool         `json:"chain"`
	Configs []configSpec `json:"configs"`
}

// threatSpec is a kindThreat unit: candidate Player against the leading
// coalition, given its payoff and the leader's welfare with it in.
// Warm-start hint: the bisection's solves chain from the empty coalition.
type threatSpec struct {
	gameSpec
	Player      int     `json:"player"`
	Leading     Mask    `json:"leading"`
	InCandidate float64 `json:"in_candidate"`
	InLeader    float64 `json:"in_leader"`
}

// wireRecord is a record as a unit's result carries it.
type wireRecord struct {
	Welfare       []float64
	LeaderBalGDP  float64
	TargetSurplus float64
	Iterations    int
}

func toWire(r record) wireRecord {
	return wireRecord{Welfare: r.welfare, LeaderBalGDP: r.leaderBalGDP, TargetSurplus: r.targetSurplus, Iterations: r.iterations}
}

func (w wireRecord) record() record {
	return record{welfare: w.Welfare, leaderBalGDP: w.LeaderBalGDP, targetSurplus: w.TargetSurplus, iterations: w.Iterations}
}

// wireThreat is a threat as a kindThreat result carries it.
type wireThreat struct {
	HasRate           bool
	Rate, LeaderCost  float64
	LeaderGain, Gain0 float64
	Solves            int
}

// encode and decode are the results' codec: gob keeps every float's bits.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(v); err != nil {
		return nil, &errs.Error{Op: "coalition", Kind: errs.Other, Err: err}
	}
	return b.Bytes(), nil
}

func decode(b []byte, v any) error {
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return &errs.Error{Op: "coalition", Kind: errs.Other, Err: fmt.Errorf("reading a unit's result: %w", err)}
	}
	return nil
}

// prepared is a game ready for units: built, its empty coalition solved
// and, with warm starts, linearized.
type prepared struct {
	once sync.Once
	g    *game
	r0   *model.Result // the empty coalition (linearized when warm)
	lin  *model.Result // r0 when warm, else nil
	err  error
}

// games caches prepared games per dataset and game, so a worker builds each
// once. A handful is enough: a run plays one game at a time (a sweep one
// per point).
var games = struct {
	sync.Mutex
	m     map[gameKey]*prepared
	order []gameKey
}{m: map[gameKey]*prepared{}}

const maxGames = 8

type gameKey struct {
	ds   *data.Dataset
	spec [32]byte
	warm bool
}

func keyOf(ds *data.Dataset, s gameSpec) gameKey {
	return gameKey{ds: ds, spec: sha256.Sum256(s.Scenario), warm: s.Warm}
}

// preparedFor returns the prepared game of a unit, building it on first use.
func preparedFor(ds *data.Dataset, s gameSpec) (*prepared, error) {
	k := keyOf(ds, s)
	games.Lock()
	p, ok := games.m[k]
	if !ok {
		p = &prepared{}
		games.m[k] = p
		games.order = append(games.order, k)
		if len(games.order) > maxGames {
			delete(games.m, games.order[0])
			games.order = games.order[1:]
		}
	}
	games.Unlock()
	p.once.Do(func() {
		sc, err := scenario.FromWire(s.Scenario)
		if err != nil {
			p.err = err
			return
		}
		g, err := newGame(sc, ds)
		if err != nil {
			p.err = err
			return
		}
		p.err = p.start(g, s.Warm)
	})
	return p, p.err
}

// start solves the empty coalition of g and, with warm starts, linearizes it.
func (p *prepared) start(g *game, warm bool) error {
	p.g = g
	r0, err := g.solve(plain(0), nil, make([]float64, len(g.t0)))
	if err != nil {
		return err
	}
	p.r0 = r0
	if warm {
		// Warm starts begin at r0's solution, with chord steps on its
		// Jacobian where the game takes them (game.chord).
		if g.chord() {
			if err := g.base.Linearize(r0); err != nil {
				return err
			}
		}
		p.lin = r0
	}
	return nil
}

// prepare readies g for units of spec s on the client: the client's game
// serves the local executor's units, so it is built only once, and a game
// prepared before in this process (the same scenario on the same dataset: a
// server's repeated runs, --explain after the full game) is not solved and
// linearized again.
func (g *game) prepare(warm bool) (*prepared, gameSpec, error) {
	b, err := g.sc.Wire()
	if err != nil {
		return nil, gameSpec{}, err
	}
	s := gameSpec{Scenario: b, Warm: warm}
	k := keyOf(g.ds0, s)
	games.Lock()
	p, ok := games.m[k]
	if !ok {
		p = &prepared{}
		games.m[k] = p
		games.order = append(games.order, k)
		if len(games.order) > maxGames {
			delete(games.m, games.order[0])
			games.order = games.order[1:]
		}
	}
	games.Unlock()
	p.once.Do(func() { p.err = p.start(g, warm) })
	if p.err != nil {
		return nil, s, p.err
	}
	return p, s, nil
}

func gray(n int) Mask { return Mask(n ^ n>>1) }

func runStretch(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
	var s stretchSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	p, err := preparedFor(ds, s.gameSpec)
	if err != nil {
		return nil, err
	}
	g := p.g
	buf := make([]float64, len(g.t0))
	prev, lin := p.lin, p.lin
	var out []wireRecord
	for n := s.Lo; n < s.Hi; n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m := gray(n)
		if m == 0 {
			continue // the empty coalition is solved by the client
		}
		var start *model.Result
		if s.Warm {
			start = prev.WarmFrom(lin)
		}
		r, err := g.solve(plain(m), start, buf)
		if err != nil {
			return nil, err
		}
		if s.Warm && g.chord() && n == s.Lo && n+1 < s.Hi {
			// Along a Gray path the high bits — the largest players — stay
			// fixed over the whole aligned stretch: a Jacobian from its
			// start keeps chord steps contracting fast.
			if g.base.Linearize(r) == nil {
				lin = r
			}
		}
		out = append(out, toWire(g.record(r)))
		prev = r
	}
	return encode(out)
}

func runConfigs(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
	var s configsSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	p, err := preparedFor(ds, s.gameSpec)
	if err != nil {
		return nil, err
	}
	g := p.g
	buf := make([]float64, len(g.t0))
	prev := p.lin
	out := make([]wireRecord, 0, len(s.Configs))
	for _, c := range s.Configs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cfg := plain(c.Members)
		cfg.penalized = c.Penalized
		var start *model.Result
		if s.Warm {
			start = prev.WarmFrom(p.lin)
		}
		r, err := g.solve(cfg, start, buf)
		if err != nil {
			return nil, err
		}
		out = append(out, toWire(g.record(r)))
		if s.Chain {
			prev = r
		}
	}
	return encode(out)
}

func runThreat(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
	var s threatSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	p, err := preparedFor(ds, s.gameSpec)
	if err != nil {
		return nil, err
	}
	th, n, err := p.g.requiredThreat(ctx, p.lin, s.Player, s.Leading, outcome{s.InCandidate, s.InLeader}, make([]float64, len(p.g.t0)))
	if err != nil {
		return nil, err
	}
	w := wireThreat{HasRate: th.rate != nil, LeaderGain: th.leaderGain, Gain0: th.gain0, Solves: n}
	if th.rate != nil {
		w.Rate, w.LeaderCost = *th.rate, *th.leaderCost
	}
	return encode(w)
}

func (w wireThreat) threat() threat {
	t := threat{leaderGain: w.LeaderGain, gain0: w.Gain0}
	if w.HasRate {
		rate, cost := w.Rate, w.LeaderCost
		t.rate, t.leaderCost = &rate, &cost
	}
	return t
}

// unit builds a unit of g's game.
func (g *game) unit(id, kind string, spec any, size int) (executor.Unit, error) {
	b, err := json.Marshal(spec)
	if err != nil {
		return executor.Unit{}, &errs.Error{Op: "coalition", Kind: errs.Other, Err: err}
	}
	g.refOnce.Do(func() { g.dsRef = executor.RefOf(g.ds0) })
	return executor.Unit{ID: id, Kind: kind, Dataset: g.dsRef, Spec: b, Size: size}, nil
}
