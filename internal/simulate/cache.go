package simulate

import (
	"math"
	"math/bits"
	"runtime"
	"sync"

	"github.com/tradebloc/tradebloc/internal/benchmark"
	"github.com/tradebloc/tradebloc/internal/model"
)

// cacheSize is how many solved states a world keeps per goroutine that may
// run on it. A plan's branches at one draw share θ and many states (the
// start, and every round before their moves differ): about 30 distinct
// states among the 54 solves of six branches, played one after another on
// one worker, while each other worker plays another draw.
func cacheSize() int { return 32 * runtime.GOMAXPROCS(0) }

// solved is an equilibrium in a world's cache: the shocks it was solved
// with (compared in full on a hit, so that a hash collision is a miss, not
// another state's result), the result and, once a run needs it, the
// balances.
type solved struct {
	theta  []float64
	tariff []float64
	target []float64
	res    *model.Result
	bal    *benchmark.Balance
}

// solveCache maps a hash of θ and the shocks to an equilibrium. Its
// results are the same whichever run solved them first, since every solve
// starts from the world's reference state (World.equilibrium); evicted
// states are solved again to the same bits.
type solveCache struct {
	mu    sync.Mutex
	m     map[uint64]*solved
	order []uint64 // insertion order, for eviction
}

func (c *solveCache) get(h uint64, opt *model.Options, sh *model.Shocks) *solved {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[h]
	if e == nil || !sameBits(e.theta, opt.Theta) || !sameBits(e.tariff, sh.Tariff) || !sameBits(e.target, sh.DeficitTarget) {
		return nil
	}
	return e
}

func (c *solveCache) put(h uint64, e *solved) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[uint64]*solved{}
	}
	if _, ok := c.m[h]; !ok {
		c.order = append(c.order, h)
	}
	c.m[h] = e
	for len(c.order) > cacheSize() {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
}

// setBalance records the balances of e, computed outside the lock.
func (c *solveCache) setBalance(e *solved, bal *benchmark.Balance) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.bal == nil {
		e.bal = bal
	}
}

func (c *solveCache) balance(e *solved) *benchmark.Balance {
	c.mu.Lock()
	defer c.mu.Unlock()
	return e.bal
}

// sameBits compares two slices bit for bit (NaN, the "no deficit target",
// equals itself).
func sameBits(a, b []float64) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for k := range a {
		if math.Float64bits(a[k]) != math.Float64bits(b[k]) {
			return false
		}
	}
	return true
}

// shockHash hashes θ and the parts of the shocks a world's states move (the
// trade costs are the world's own, the same in every state). Four lanes
// keep the multiplications independent: the tariff array has N²S entries.
func shockHash(opt *model.Options, sh *model.Shocks) uint64 {
	const p = 0x9e3779b97f4a7c15
	var h [4]uint64
	mix := func(xs []float64) {
		k := 0
		for ; k+4 <= len(xs); k += 4 {
			for l := range h {
				h[l] = bits.RotateLeft64((h[l]^math.Float64bits(xs[k+l]))*p, 29)
			}
		}
		for ; k < len(xs); k++ {
			h[0] = bits.RotateLeft64((h[0]^math.Float64bits(xs[k]))*p, 29)
		}
		h[1] ^= uint64(len(xs)) + 1 // nil and empty differ from each other's neighbours
	}
	mix(opt.Theta)
	mix(sh.Tariff)
	mix(sh.DeficitTarget)
	return ((h[0]*p^h[1])*p^h[2])*p ^ h[3]
}

// DropCache empties the world's cache of solved states (World.equilibrium),
// for a world that outlives the runs that filled it: the states of one
// plan are rarely those of the next, and each holds a whole equilibrium.
// Runs still going on w lose their cached states, not their results.
func (w *World) DropCache() {
	c := &w.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.order = nil, nil
}
