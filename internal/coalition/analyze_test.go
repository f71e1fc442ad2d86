package coalition

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/executor"
)

// sizeCounter is an executor that counts, by phase, the solves of the units
// it runs (their Size: memberships solved), and runs them locally.
type sizeCounter struct {
	inner executor.Executor
	mu    sync.Mutex
	size  map[string]int
}

func (c *sizeCounter) Run(ctx context.Context, b *executor.Batch) error {
	c.mu.Lock()
	if c.size == nil {
		c.size = map[string]int{}
	}
	for _, u := range b.Units {
		c.size[b.Phase] += u.Size
	}
	c.mu.Unlock()
	return c.inner.Run(ctx, b)
}

func (c *sizeCounter) String() string { return "counting " + c.inner.String() }

// TestAnalyzeAccounting checks what the report says about its own run
// against what the run did: the solves the uncertainty bands add are the
// ones the executor ran for them, a coalition's full re-solve counts as one
// solve, the mean iterations per solve and the solve rate are ratios of
// the counts, the leader's best membership is the argmax of the payoff
// table, and the accession steps the reasons cite are the path's.
func TestAnalyzeAccounting(t *testing.T) {
	if raceEnabled {
		t.Skip("two full games; the ordinary run covers it")
	}
	sc, ds := parse(t, smallGame), mustDefault(t)
	plain := &sizeCounter{inner: executor.Local{Workers: 2}}
	rep, err := Analyze(context.Background(), sc, ds, Options{NoBands: true, NoResponseComparison: true, Payoffs: true, Executor: plain})
	if err != nil {
		t.Fatal(err)
	}
	banded := &sizeCounter{inner: executor.Local{Workers: 2}}
	repB, err := Analyze(context.Background(), sc, ds, Options{NoResponseComparison: true, Executor: banded})
	if err != nil {
		t.Fatal(err)
	}
	if n := banded.size["bands"]; n == 0 || repB.Solves-rep.Solves != n {
		t.Errorf("the bands ran %d solves on the executor; the report's count rose by %d (%d → %d)", n, repB.Solves-rep.Solves, rep.Solves, repB.Solves)
	}
	if plain.size["bands"] != 0 {
		t.Errorf("--no-bands still ran %d band solves", plain.size["bands"])
	}
	// A solve of this small world takes a few dozen iterations.
	if m := rep.MeanIterations; !(m >= 1 && m <= 200) {
		t.Errorf("mean iterations per solve %.1f", m)
	}
	if r := rep.Solves; float64(r) < float64(plain.size["payoffs"]) || r > 10*(1<<4)*len(rep.AccessionPath) {
		t.Errorf("%d solves reported, %d enumerated", r, plain.size["payoffs"])
	}
	if want := float64(rep.Solves) / rep.Seconds; math.Abs(rep.SolvesPerSecond-want) > 1e-9*want {
		t.Errorf("solves per second %.3f, want %d / %.4f s = %.3f", rep.SolvesPerSecond, rep.Solves, rep.Seconds, want)
	}

	// The leader's best membership is the argmax of its welfare over the
	// whole table.
	best, bestW := -1, math.Inf(-1)
	for k, p := range rep.Payoffs {
		if w := p.WelfarePct["USA"]; w > bestW {
			best, bestW = k, w
		}
	}
	// Here that is no member at all (the threat taxes everyone; members
	// pay less), which the JSON still writes as a list.
	if best < 0 {
		t.Fatal("no payoffs")
	}
	if got := rep.LeaderBest; got == nil || got.Members == nil || !slices.Equal(got.Members, rep.Payoffs[best].Members) {
		t.Errorf("leader's best membership %+v, want %q (%.4f%%)", got, rep.Payoffs[best].Members, bestW)
	}

	// The reasons cite the step of the accession path at which each
	// candidate decided.
	stepOf := map[string]int{}
	for k, s := range rep.AccessionPath {
		stepOf[s.Candidate] = k + 1
	}
	re := regexp.MustCompile(`\(step (\d+)`)
	cited := 0
	for _, s := range rep.CandidatesStatus {
		m := re.FindStringSubmatch(s.Reason)
		if m == nil {
			continue
		}
		cited++
		if n, _ := strconv.Atoi(m[1]); n != stepOf[s.Code] {
			t.Errorf("%s: reason cites step %d, the path has it at step %d (%s)", s.Code, n, stepOf[s.Code], s.Reason)
		}
	}
	if cited == 0 {
		t.Errorf("no reason cites an accession step: %+v", rep.CandidatesStatus)
	}

	// coalitionDoc's full re-solve is counted.
	// (The second time: the first also solves the defections its verdict
	// reads, once.)
	g, en, tab := smallTable(t)
	if _, err := g.coalitionDoc(tab, en, 1); err != nil {
		t.Fatal(err)
	}
	before := en.solves
	if _, err := g.coalitionDoc(tab, en, 1); err != nil {
		t.Fatal(err)
	}
	if en.solves != before+1 {
		t.Errorf("a coalition's report re-solved it: %d solves counted, want 1", en.solves-before)
	}
}

// TestCounterGameLimit: the counter-coalition game is played with up to
// MaxCounter candidates and refused beyond, with the count of solves it
// would need.
func TestCounterGameLimit(t *testing.T) {
	ds := mustDefault(t)
	codes := []string{"CAN", "MEX", "JPN", "KOR", "GBR", "IND", "AUS", "BRA", "CHE"}
	analyze := func(k int) error {
		y := strings.Replace(smallGame, "[CAN, MEX, JPN, KOR]", "["+strings.Join(codes[:k], ", ")+"]", 1)
		// A cancelled run: the limit is checked before any solve.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := Analyze(ctx, parse(t, y), ds, Options{Counter: true, NoBands: true})
		return err
	}
	if err := analyze(MaxCounter); !errors.Is(err, context.Canceled) {
		t.Errorf("%d candidates with the counter game: %v, want the run to start (and be cancelled)", MaxCounter, err)
	}
	err := analyze(MaxCounter + 1)
	want := fmt.Sprintf("3^%d = %d solves", MaxCounter+1, int(math.Pow(3, MaxCounter+1)))
	if !errs.IsInvalid(err) || !strings.Contains(err.Error(), want) {
		t.Errorf("%d candidates with the counter game: %v, want an invalid-input error saying %q", MaxCounter+1, err, want)
	}
}
