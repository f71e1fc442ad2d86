package plan

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
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// kindDraws is the planner's unit: a run of branches, each played forward
// at its parameter draw (common to every branch at one draw index).
const kindDraws = "plan.draws"

// drawsLen is the number of (branch, draw) runs of a unit: fixed, so the
// units are the same for any executor and number of workers.
const drawsLen = 24

func init() { executor.Register(kindDraws, runDraws) }

// job is one run: branch Branch at the parameter draw Draw.
type job struct {
	Branch int     `json:"branch"`
	Theta  float64 `json:"theta"`
	Speed  float64 `json:"speed"`
	Cost   float64 `json:"cost"`
}

// drawsSpec is a kindDraws unit: the plan (its start date resolved) and its
// scenario, the leading coalition and join gains the branches read, and the
// runs. Warm-start hint: none — each run's rounds chain their own solves.
type drawsSpec struct {
	Scenario json.RawMessage    `json:"scenario"`
	Plan     *Plan              `json:"plan"`
	Members  []string           `json:"members"`
	Gains    map[string]float64 `json:"gains"`
	Jobs     []job              `json:"jobs"`
}

// wireSample is a sample as a unit's result carries it.
type wireSample struct {
	Welfare, Valuation, Balances, ByLeader []float64
	Members, Relief                        []bool
	Signals, Path                          []float64
	LeaderW                                float64
	Solves                                 int
}

// world is a plan's simulation world, built once per process.
type world struct {
	once sync.Once
	w    *simulate.World
	ind  []indicator
	err  error

	// users counts the units playing on w. The last to finish drops w's
	// cache of solved states: a draw's branches share states within a
	// unit, and a world kept in worlds between plans (a worker's) must
	// not hold tens of megabytes of them (TestLoadGetLargeResult's heap).
	mu    sync.Mutex
	users int
}

// acquire marks a unit playing on wd; release ends it.
func (wd *world) acquire() {
	wd.mu.Lock()
	wd.users++
	wd.mu.Unlock()
}

func (wd *world) release() {
	wd.mu.Lock()
	defer wd.mu.Unlock()
	if wd.users--; wd.users == 0 && wd.w != nil {
		wd.w.DropCache()
	}
}

var worlds = struct {
	sync.Mutex
	m     map[worldKey]*world
	order []worldKey
}{m: map[worldKey]*world{}}

const maxWorlds = 4

type worldKey struct {
	ds   *data.Dataset
	spec [32]byte
}

// worldFor returns the world of a unit's plan, building it on first use;
// seed, when not nil, is the client's own.
func worldFor(ds *data.Dataset, scWire []byte, pl *Plan, seed *simulate.World) (*world, error) {
	h := sha256.New()
	h.Write(scWire)
	fmt.Fprintf(h, "\x00%s\x00%d", pl.Start, pl.Top)
	if pl.Top > 0 {
		// The countries the branches name are players too (NewWorld):
		// two plans on one scenario, date and top K that name others
		// have different players, and must not share a world.
		for _, n := range branchPlayers(pl) {
			fmt.Fprintf(h, "\x00%s", n)
		}
	}
	var k worldKey
	k.ds = ds
	copy(k.spec[:], h.Sum(nil))
	worlds.Lock()
	wd, ok := worlds.m[k]
	if !ok {
		wd = &world{}
		worlds.m[k] = wd
		worlds.order = append(worlds.order, k)
		if len(worlds.order) > maxWorlds {
			delete(worlds.m, worlds.order[0])
			worlds.order = worlds.order[1:]
		}
	}
	worlds.Unlock()
	wd.once.Do(func() {
		if seed != nil {
			wd.w = seed
		} else {
			sc, err := scenario.FromWire(scWire)
			if err != nil {
				wd.err = err
				return
			}
			// As the client built its own: the top K and the countries
			// the branches name (simulate.NewWorld alone left out a
			// branch's player outside the top K, which a worker's draws
			// then refused, or played with the players shifted).
			if wd.w, wd.err = NewWorld(pl, sc, ds, pl.Start); wd.err != nil {
				return
			}
		}
		wd.ind = indicators(wd.w)
	})
	return wd, wd.err
}

func runDraws(ctx context.Context, ds *data.Dataset, spec []byte) ([]byte, error) {
	var s drawsSpec
	if err := json.Unmarshal(spec, &s); err != nil {
		return nil, err
	}
	wd, err := worldFor(ds, s.Scenario, s.Plan, nil)
	if err != nil {
		return nil, err
	}
	wd.acquire()
	defer wd.release()
	out := make([]wireSample, len(s.Jobs))
	for k, j := range s.Jobs {
		if j.Branch < 0 || j.Branch >= len(s.Plan.Branches) {
			return nil, &errs.Error{Op: "plan", Kind: errs.Invalid, Err: fmt.Errorf("a unit names branch %d of %d", j.Branch, len(s.Plan.Branches))}
		}
		b := &s.Plan.Branches[j.Branch]
		smp, n, err := runOne(ctx, wd.w, s.Plan, b, draw{j.Theta, j.Speed, j.Cost}, s.Members, s.Gains, wd.ind)
		if err != nil {
			return nil, fmt.Errorf("branch %s, θ %g: %w", b.Name, j.Theta, err)
		}
		out[k] = wireSample{Welfare: smp.welfare, Valuation: smp.valuation, Balances: smp.balances, ByLeader: smp.byLeader, Members: smp.members,
			Relief: smp.relief, Signals: smp.signals, Path: smp.path, LeaderW: smp.leaderW, Solves: n}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// runner plays a plan's runs on an executor.
type runner struct {
	ex      executor.Executor
	ds      *data.Dataset
	ref     executor.DatasetRef
	base    drawsSpec // without jobs
	progres func(string, int, int)
}

// newRunner prepares units for pl on ds, seeding the world cache with the
// client's world w so the local executor does not build it again.
func newRunner(ex executor.Executor, ds *data.Dataset, sc *scenario.Scenario, pl *Plan, w *simulate.World, members []string, gains map[string]float64, progress func(string, int, int)) (*runner, error) {
	scw, err := sc.Wire()
	if err != nil {
		return nil, err
	}
	if _, err := worldFor(ds, scw, pl, w); err != nil {
		return nil, err
	}
	p := *pl
	p.File, p.Dir = "", ""
	return &runner{ex: ex, ds: ds, ref: executor.RefOf(ds), progres: progress,
		base: drawsSpec{Scenario: scw, Plan: &p, Members: members, Gains: gains}}, nil
}

// run plays the jobs as units of drawsLen and hands each sample to done.
func (r *runner) run(ctx context.Context, phase string, jobs []job, done func(k int, s sample, solves int)) error {
	var units []executor.Unit
	for lo := 0; lo < len(jobs); lo += drawsLen {
		hi := min(lo+drawsLen, len(jobs))
		s := r.base
		s.Jobs = jobs[lo:hi]
		b, err := json.Marshal(&s)
		if err != nil {
			return &errs.Error{Op: "plan", Kind: errs.Other, Err: err}
		}
		units = append(units, executor.Unit{ID: fmt.Sprintf("%s/%d-%d", phase, lo, hi), Kind: kindDraws, Dataset: r.ref, Spec: b, Size: hi - lo})
	}
	return r.ex.Run(ctx, &executor.Batch{Data: r.ds, Units: units, Phase: phase, Progress: r.progres,
		Done: func(i int, res []byte) error {
			var out []wireSample
			if err := gob.NewDecoder(bytes.NewReader(res)).Decode(&out); err != nil {
				return &errs.Error{Op: "plan", Kind: errs.Other, Err: fmt.Errorf("reading unit %s: %w", units[i].ID, err)}
			}
			lo := i * drawsLen
			if len(out) != min(drawsLen, len(jobs)-lo) {
				return &errs.Error{Op: "plan", Kind: errs.Other, Err: fmt.Errorf("unit %s returned %d runs", units[i].ID, len(out))}
			}
			for k, w := range out {
				done(lo+k, sample{welfare: w.Welfare, valuation: w.Valuation, balances: w.Balances, byLeader: w.ByLeader, members: w.Members,
					relief: w.Relief, signals: w.Signals, path: w.Path, leaderW: w.LeaderW}, w.Solves)
			}
			return nil
		}})
}
