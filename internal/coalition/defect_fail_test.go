package coalition

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

// smallTable plays smallGame's enumeration (16 solves, no defections solved
// in advance) and returns its game, enumeration and stability table.
func smallTable(t *testing.T) (*game, *enumeration, *Table) {
	t.Helper()
	g, err := newGame(parse(t, smallGame), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 1}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g, en, g.table(en)
}

// TestFailedDefectionSolveIsReported: a defector-penalty payoff solved on
// demand whose solve fails is no payoff at all — not the unpenalised payoff
// in its place, which would make leaving look cheaper than it is — and the
// failure reaches the caller. The solve fails for real: the solver is
// allowed one iteration, which cannot reach its tolerance.
func TestFailedDefectionSolveIsReported(t *testing.T) {
	g, en, tab := smallTable(t)
	all := Mask(1)<<len(g.players) - 1
	if _, ok := en.defect[defection{all, 0}]; ok {
		t.Fatal("the defection is already solved: the test would not solve it on demand")
	}
	// The game may serve later tests' units from the prepared-game cache.
	t.Cleanup(func() { g.opt.MaxIter = 0 })
	g.opt.MaxIter = 1
	v := tab.Defect(all, 0)
	if !math.IsNaN(v) {
		t.Errorf("failed defection solve gave payoff %g (unpenalised payoff %g), want NaN", v, tab.Payoff[all&^1][0])
	}
	err := en.failed()
	if err == nil {
		t.Fatal("failed defection solve not reported")
	}
	if errs.KindOf(err) != errs.NotConverged || !strings.Contains(err.Error(), g.players[0].Name+" leaving") {
		t.Errorf("error %q (kind %v), want a not-converged error naming %s leaving", err, errs.KindOf(err), g.players[0].Name)
	}
	if _, ok := en.defect[defection{all, 0}]; ok {
		t.Error("the failed payoff was kept as if solved")
	}
	// A payoff that solves still comes back, and the failure stays reported.
	g.opt.MaxIter = 0
	if v := tab.Defect(all, 1); math.IsNaN(v) || en.failed() == nil {
		t.Errorf("after the failure: payoff %g, failure %v", v, en.failed())
	}
}

// TestCoalitionDocReportsFailedDefection: the full description of a
// coalition reads its members' defection payoffs through Check; when one of
// those solves fails it returns the error instead of a unity verdict. Here
// the model refuses the penalised configurations outright (an infinite
// tariff), while the coalition's own solve, unpenalised, succeeds.
func TestCoalitionDocReportsFailedDefection(t *testing.T) {
	g, en, tab := smallTable(t)
	pen := g.spec.DefectorPenalty
	t.Cleanup(func() { g.spec.DefectorPenalty = pen }) // see above
	g.spec.DefectorPenalty = math.Inf(1)
	m := Mask(0b0011)
	d, err := g.coalitionDoc(tab, en, m)
	if err == nil {
		t.Fatalf("coalition %v described despite failed defection solves: unity %+v", g.playerNames(m), d.Lessons.Unity)
	}
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(err.Error(), "defector-penalty solve") {
		t.Errorf("error %q (kind %v)", err, errs.KindOf(err))
	}
}
