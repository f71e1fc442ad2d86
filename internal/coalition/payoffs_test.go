package coalition

import (
	"context"
	"math"
	"testing"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// TestSolvesCounted: the report's solve count is what was solved — the 2^K
// memberships, then the defections solved in two batches as play does (each
// stable-looking membership's most tempted member, then the others where it
// stays), then each one solved on demand. After the batches Stable solves on
// demand only the defections its verdicts did not need but the stable
// coalitions' full verdicts report (Check reads every member's).
func TestSolvesCounted(t *testing.T) {
	g, en, tab := smallTable(t)
	if en.solves != 16 {
		t.Errorf("enumeration of 4 players: %d solves, want 16", en.solves)
	}
	first := tab.defectionsFirst()
	if len(first) == 0 {
		t.Fatal("no defection read: the test would not exercise the batch")
	}
	if err := g.solveDefections(context.Background(), executor.Local{Workers: 1}, en, first, nil); err != nil {
		t.Fatal(err)
	}
	rest := tab.defectionsRest()
	if err := g.solveDefections(context.Background(), executor.Local{Workers: 1}, en, rest, nil); err != nil {
		t.Fatal(err)
	}
	read := len(first) + len(rest)
	if want := int64(16 + read); en.solves != want || len(en.defect) != read {
		t.Errorf("after the batches of %d defections: %d solves (want %d), %d in memory", read, en.solves, want, len(en.defect))
	}
	// Stable may still solve the defections of the coalitions it returns
	// (their full verdicts), and nothing else.
	stable := tab.Stable(func(Mask) float64 { return 0 })
	for _, v := range stable {
		for p := range g.players {
			if _, ok := en.defect[defection{v.Members, p}]; v.Members.Has(p) && !ok {
				t.Errorf("stable %v: member %d's defection not solved", v.Members, p)
			}
		}
	}
	onDemand := en.solves - int64(16+read)
	bound := int64(0)
	for _, v := range stable {
		bound += int64(v.Members.Size())
	}
	if onDemand > bound {
		t.Errorf("Stable solved %d defections on demand, more than the %d members of the stable coalitions", onDemand, bound)
	}
	read += int(onDemand)
	// One more, on demand: a defection from a coalition that is not
	// externally stable.
	var d defection
	for m := Mask(1); m < 16 && d.Members == 0; m++ {
		for p := range g.players {
			if _, ok := en.defect[defection{m, p}]; m.Has(p) && !ok {
				d = defection{m, p}
				break
			}
		}
	}
	if d.Members == 0 {
		t.Fatal("every defection already solved")
	}
	tab.Defect(d.Members, d.Player)
	if want := int64(16 + read + 1); en.solves != want {
		t.Errorf("after one defection on demand: %d solves, want %d", en.solves, want)
	}
}

// TestConfigsAcrossUnits: a batch of more configurations than one unit
// holds (configsLen) hands each record back to its own configuration. The
// 130 configurations cycle through the 13 first memberships, so that the
// second unit's two (memberships 11 and 12) differ from the first unit's
// first two.
func TestConfigsAcrossUnits(t *testing.T) {
	g, en, _ := smallTable(t)
	cfgs := make([]configSpec, configsLen+2)
	for k := range cfgs {
		cfgs[k] = configSpec{Members: Mask(k % 13), Penalized: -1}
	}
	got := make([]record, len(cfgs))
	err := g.solveConfigs(context.Background(), executor.Local{Workers: 1}, en, "test", cfgs, false, nil,
		func(k int, rec record) { got[k] = rec })
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range cfgs {
		want := en.recs[c.Members].welfare
		if len(got[k].welfare) != len(want) {
			t.Fatalf("configuration %d: no record", k)
		}
		for w := range want {
			if math.Abs(got[k].welfare[w]-want[w]) > 1e-9 {
				t.Fatalf("configuration %d (members %04b): welfare %v, enumeration %v", k, c.Members, got[k].welfare, want)
			}
		}
	}
}

// TestEnumerationAcrossStretches: a game of eight players has two stretches
// of 128 memberships; each membership's record is filed under its own mask,
// in the second stretch as in the first (a misfiled stretch gives another
// membership's payoffs, or none). Each is checked against the same
// configuration solved on its own.
func TestEnumerationAcrossStretches(t *testing.T) {
	if testing.Short() {
		t.Skip("256 solves")
	}
	const y = `
name: eight
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN, KOR, GBR, CHE, IND, AUS]
  member_terms: {rate: 0.10}
  threat: {rate: 0.25}
  target_response: none
`
	g, err := newGame(parse(t, y), mustDefault(t))
	if err != nil {
		t.Fatal(err)
	}
	if total := 1 << len(g.players); total != 2*stretchLen {
		t.Fatalf("%d memberships, want two stretches of %d", total, stretchLen)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 2}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Sequence positions at both ends of both stretches, and inside them.
	var cfgs []configSpec
	for _, n := range []int{1, 2, 77, stretchLen - 1, stretchLen, stretchLen + 1, 200, 2*stretchLen - 1} {
		cfgs = append(cfgs, configSpec{Members: gray(n), Penalized: -1})
	}
	got := make([]record, len(cfgs))
	err = g.solveConfigs(context.Background(), executor.Local{Workers: 1}, en, "test", cfgs, false, nil,
		func(k int, rec record) { got[k] = rec })
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range cfgs {
		have := en.recs[c.Members].welfare
		if len(have) != len(got[k].welfare) {
			t.Fatalf("membership %08b: enumeration has %d payoffs, want %d", c.Members, len(have), len(got[k].welfare))
		}
		for w := range have {
			if math.Abs(have[w]-got[k].welfare[w]) > 1e-7 {
				t.Fatalf("membership %08b: enumeration %v, solved on its own %v", c.Members, have, got[k].welfare)
			}
		}
	}
}
