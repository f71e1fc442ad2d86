package coalition

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/report"
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
	verdict := map[float64]Verdict{}
	var names []string // the games' players, in their order
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
		verdict[th] = g.table(en).Check(m)
		names = g.table(en).Players
	}
	for k, s := range rep.Stable {
		n := 0
		for _, th := range scenario.BandThetas {
			if stableAt[th][strings.Join(s.Members, "+")] {
				n++
			}
		}
		want := float64(n) / float64(len(scenario.BandThetas))
		if !slices.Equal(bd.Coalitions[k].Members, s.Members) {
			t.Errorf("band %d is of %v, the stable coalition %v", k, bd.Coalitions[k].Members, s.Members)
		}
		if *s.StableShare != want || bd.Coalitions[k].StableShare != want {
			t.Errorf("%v: stable share %g, the full games say %g", s.Members, *s.StableShare, want)
		}
	}
	// Where the full game finds the leading coalition unstable, the band
	// names the larger of its best defection and best accession; nowhere
	// else.
	breaks := map[float64]report.Break{}
	for _, b := range bd.LeadingBreaks {
		breaks[b.Point.Theta] = b
	}
	for _, th := range scenario.BandThetas {
		v, b := verdict[th], breaks[th]
		stable := v.InternallyStable && v.ExternallyStable
		if stable != (b.Player == "") {
			t.Errorf("θ = %g: leading coalition stable %v, band's break %+v", th, stable, b)
			continue
		}
		if stable {
			continue
		}
		want, who, move := v.DefectGain, v.DefectPlayer, "leaves"
		if v.JoinGain > v.DefectGain {
			want, who, move = v.JoinGain, v.JoinPlayer, "joins"
		}
		if math.Abs(b.GainPct-want) > 1e-6 || b.Player != names[who] || b.Move != move {
			t.Errorf("θ = %g: break %+v, the full game's verdict says %s %s for %.6f", th, b, names[who], move, want)
		}
	}
	b := bd.Countries[rep.Leader]["welfare_pct"]
	lo, hi := math.Min(leader[3], leader[5]), math.Max(leader[3], leader[5])
	if math.Abs(b.Min-lo) > 1e-9 || math.Abs(b.Max-hi) > 1e-9 {
		t.Errorf("leader's band [%g, %g], full games give %g and %g", b.Min, b.Max, leader[3], leader[5])
	}
}

// TestCheckAtAgreesWithFullTable: the sweep's shortcut — solving only the
// neighbourhoods of the coalitions asked about — gives, for every
// membership of the small game (defector penalty on), the verdict the full
// table gives, and the leading coalition's payoffs; it solves each
// neighbour once: the 16 memberships and, per member of each, its leaving
// with the penalty.
func TestCheckAtAgreesWithFullTable(t *testing.T) {
	g, en, tab := smallTable(t)
	var all []Mask
	for m := range en.recs {
		all = append(all, Mask(m))
	}
	leading, _ := g.parseMembers("CAN+MEX")
	pr, n, err := checkAt(context.Background(), executor.Local{Workers: 2}, g.sc, g.ds0, all, leading)
	if err != nil {
		t.Fatal(err)
	}
	members := 0
	stable := 0
	for k, m := range all {
		members += m.Size()
		want := tab.stableAt(m)
		if want {
			stable++
		}
		if pr.stable[k] != want {
			t.Errorf("%v: stable %v from its neighbourhood, %v from the full table", g.playerNames(m), pr.stable[k], want)
		}
	}
	if stable == 0 || stable == len(all) {
		t.Fatalf("%d of %d memberships stable: the test needs both verdicts", stable, len(all))
	}
	if n != len(all)+members {
		t.Errorf("%d configurations solved, want %d memberships + %d penalised defections", n, len(all), members)
	}
	want := g.welfareMap(en.recs[leading], tab, leading)
	for code, w := range want {
		if math.Abs(pr.welfare[code]-w) > 1e-6 {
			t.Errorf("%s under the leading coalition: %.8f, want %.8f", code, pr.welfare[code], w)
		}
	}
}

// TestNeighbourhood lists what a stability verdict reads: the membership,
// each outsider joining, each member leaving — plainly and, with a
// defector penalty, penalised.
func TestNeighbourhood(t *testing.T) {
	g, _, _ := smallTable(t)
	m := Mask(0b0101)
	plainOnly := []configSpec{{0b0101, -1}, {0b0100, -1}, {0b0111, -1}, {0b0001, -1}, {0b1101, -1}}
	if got := g.neighbourhood(m, false); !slices.Equal(got, plainOnly) {
		t.Errorf("without a penalty: %v, want %v", got, plainOnly)
	}
	penalised := []configSpec{{0b0101, -1}, {0b0100, -1}, {0b0100, 0}, {0b0111, -1}, {0b0001, -1}, {0b0001, 2}, {0b1101, -1}}
	if got := g.neighbourhood(m, true); !slices.Equal(got, penalised) {
		t.Errorf("with a penalty: %v, want %v", got, penalised)
	}
}

// TestStableShare: no solved point is a share of 0, not NaN.
func TestStableShare(t *testing.T) {
	for _, tc := range []struct {
		count, solved int
		want          float64
	}{{0, 0, 0}, {1, 2, 0.5}, {2, 2, 1}, {0, 3, 0}} {
		if got := stableShare(tc.count, tc.solved); got != tc.want {
			t.Errorf("stableShare(%d, %d) = %g, want %g", tc.count, tc.solved, got, tc.want)
		}
	}
}
