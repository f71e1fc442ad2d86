package coalition

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestBandsAgreeWithFullGames: the stable share the report prints next to
// each stable coalition — checked at θ = 3 and 5 on its neighbours only —
// counts the points at which the whole game there finds it stable, and the
// leading coalition's payoff band spans its payoffs in those games.
func TestBandsAgreeWithFullGames(t *testing.T) {
	sc, ds := parse(t, fiveGame), mustDefault(t)
	rep, err := Analyze(context.Background(), sc, ds, Options{NoResponseComparison: true})
	if err != nil {
		t.Fatal(err)
	}
	bd := rep.Bands
	if bd == nil || bd.Over != "θ ∈ {3, 5}" || len(bd.Coalitions) != len(rep.Stable) {
		t.Fatalf("bands %+v for %d stable coalitions", bd, len(rep.Stable))
	}
	stableAt := map[float64]map[string]bool{}
	leader := map[float64]float64{}
	for _, th := range scenario.BandThetas {
		sc2 := *sc
		sc2.Model.Theta = th
		g, err := newGame(&sc2, ds)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Stable(context.Background(), &sc2, ds, Options{})
		if err != nil {
			t.Fatal(err)
		}
		stableAt[th] = map[string]bool{}
		for _, m := range st.Stable {
			stableAt[th][strings.Join(m, "+")] = true
		}
		// The leader's payoff under the central run's leading coalition,
		// from that game's full payoff table.
		en, err := g.enumerate(context.Background(), executor.Local{}, true, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := g.parseMembers(joinNames(rep.Leading.Members))
		if err != nil {
			t.Fatal(err)
		}
		leader[th] = en.recs[m].welfare[g.watchIndex(g.leader)]
	}
	for k, s := range rep.Stable {
		n := 0
		for _, th := range scenario.BandThetas {
			if stableAt[th][strings.Join(s.Members, "+")] {
				n++
			}
		}
		want := float64(n) / float64(len(scenario.BandThetas))
		if *s.StableShare != want || bd.Coalitions[k].StableShare != want {
			t.Errorf("%v: stable share %g, the full games say %g", s.Members, *s.StableShare, want)
		}
	}
	b := bd.Countries[rep.Leader]["welfare_pct"]
	lo, hi := math.Min(leader[3], leader[5]), math.Max(leader[3], leader[5])
	if math.Abs(b.Min-lo) > 1e-9 || math.Abs(b.Max-hi) > 1e-9 {
		t.Errorf("leader's band [%g, %g], full games give %g and %g", b.Min, b.Max, leader[3], leader[5])
	}
}
