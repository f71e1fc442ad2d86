package simulate

import (
	"context"
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestSolvesDoNotDependOnThePath plays a branch of the built-in plan's kind
// (EU27 and Japan escalated, China rebalancing, at a θ other than the
// world's) on world-2023 twice: on a fresh world, and on another that has
// played a different branch first and so holds its states in the cache.
// Every solve starts from the world's reference state, so the two agree to
// the last bit whichever states were cached; and each round agrees, within
// the solver's tolerance, with a cold solve of its state that uses neither
// the reference nor the cache.
func TestSolvesDoNotDependOnThePath(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	world := func() *World {
		w, err := NewWorld(sc, ds, "2026-03-01", true, 6)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	prm := DefaultParams()
	prm.Start, prm.Rounds, prm.Scripted, prm.Theta, prm.Speed = "2026-03-01", 4, true, 5.3, 0.3
	prm.Moves = []Move{{Player: "CHN", Action: Rebalance, Size: 2, Round: 2}}
	other := prm
	other.Moves = []Move{{Player: "JPN", Action: Counter, Round: 2}}

	w1 := world()
	if w1.reference() == nil {
		t.Fatal("no reference state on world-2023: the test needs chord steps")
	}
	tr1, err := w1.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	w2 := world()
	if _, err := w2.Run(context.Background(), other); err != nil {
		t.Fatal(err)
	}
	tr2, err := w2.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	opt := w1.modelOptions(&prm)
	for r := range tr1.Eqs {
		e1, e2 := tr1.Eqs[r], tr2.Eqs[r]
		for c := range e1.Result.Countries {
			a, b := e1.Result.Countries[c], e2.Result.Countries[c]
			if math.Float64bits(a.Welfare) != math.Float64bits(b.Welfare) || math.Float64bits(a.ExportsAfter) != math.Float64bits(b.ExportsAfter) {
				t.Fatalf("round %d, %s: welfare %v / %v, exports %v / %v on the two worlds", r, a.Code, a.Welfare, b.Welfare, a.ExportsAfter, b.ExportsAfter)
			}
		}
		cold, err := w1.Base.Solve(opt, w1.shocks(tr1.States[r], &prm), nil)
		if err != nil {
			t.Fatalf("round %d: cold solve: %v", r, err)
		}
		for c, cc := range cold.Countries {
			a := e1.Result.Countries[c]
			if math.Abs(a.Welfare-cc.Welfare) > 1e-10 || math.Abs(a.ExportsAfter/cc.ExportsAfter-1) > 1e-9 {
				t.Fatalf("round %d, %s: welfare %.15g, exports %.15g; cold solve %.15g, %.15g", r, a.Code, a.Welfare, a.ExportsAfter, cc.Welfare, cc.ExportsAfter)
			}
		}
	}
	if ps := tr1.States[4].Players[mustPlayer(t, w1, "CHN")]; ps.Commitment != 2 {
		t.Fatalf("China's commitment %g in round 4, want 2: the branch did not play", ps.Commitment)
	}
	// A solve on a third world with an empty cache, warm-started from
	// another round's solution, gives round 3's result to the last bit.
	w3 := world()
	eq, err := w3.solve(tr1.States[3], &prm, tr1.Eqs[1].Result, true)
	if err != nil {
		t.Fatal(err)
	}
	for c, a := range eq.Result.Countries {
		if b := tr1.Eqs[3].Result.Countries[c]; math.Float64bits(a.Welfare) != math.Float64bits(b.Welfare) {
			t.Fatalf("round 3, %s: welfare %v from another round's solution, %v in the run", a.Code, a.Welfare, b.Welfare)
		}
	}
}

func mustPlayer(t *testing.T, w *World, name string) int {
	t.Helper()
	p, ok := w.PlayerIndex(name)
	if !ok {
		t.Fatalf("no player %s", name)
	}
	return p
}

// TestDropCache: a world that outlives its runs (a plan's, kept for the
// next units) lets go of the states they cached, and a run after the drop
// solves to the same result.
func TestDropCache(t *testing.T) {
	w, err := NewWorld(handScenario(), handMade(), "2026-03-01", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	prm := DefaultParams()
	prm.Rounds, prm.Scripted = 2, true
	prm.Moves = []Move{{Player: "AAA", Action: Rebalance, Size: 2, Round: 1}}
	a, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	if w.reference() != nil && len(w.cache.m) == 0 {
		t.Fatal("a run on a world with a reference state cached nothing: the test checks nothing")
	}
	w.DropCache()
	if len(w.cache.m) != 0 || len(w.cache.order) != 0 {
		t.Errorf("after DropCache the world holds %d states (%d in order)", len(w.cache.m), len(w.cache.order))
	}
	b, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	for r := range a.Eqs {
		if a.Eqs[r].Welfare[0] != b.Eqs[r].Welfare[0] {
			t.Errorf("round %d: welfare %v before the drop, %v after", r, a.Eqs[r].Welfare[0], b.Eqs[r].Welfare[0])
		}
	}
}
