package coalition

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/tradebloc/tradebloc/internal/executor"
)

// fiveGame is a five-candidate game on the embedded data with a defector
// penalty, so that verdicts read penalised defections, neighbours and group
// deviations alike.
const fiveGame = `
name: five
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, JPN, KOR, VNM]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  external_tariff: match
  retaliation: mirror_leader
  defector_penalty: 0.10
  transshipment: {share: 0.25, cost: 0.05}
`

// TestExplainAgreesWithFullRun: for every membership of a five-candidate
// game — every stable coalition among them — --explain gives the full
// run's verdicts (internal, external, group stability), unity, statuses and
// payoffs, although it solves only what the verdicts read.
func TestExplainAgreesWithFullRun(t *testing.T) {
	sc, ds := parse(t, fiveGame), mustDefault(t)
	g, err := newGame(sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	en, err := g.enumerate(context.Background(), executor.Local{Workers: 2}, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab := g.table(en)
	stable := tab.Stable(func(m Mask) float64 { return g.objective(en.recs[m]) })
	isStable := map[Mask]bool{}
	grouped := 0
	for _, v := range stable {
		isStable[v.Members] = true
		if v.Members.Size() >= 2 {
			grouped++
		}
	}
	if grouped == 0 {
		t.Fatalf("no stable coalition with two members or more (%d stable): the test would not exercise group stability", len(stable))
	}
	K := len(g.players)
	for m := Mask(0); m < 1<<K; m++ {
		name := joinNames(g.playerNames(m))
		d, _, err := Explain(sc, ds, name)
		if err != nil {
			t.Fatal(err)
		}
		v := tab.Check(m)
		if d.InternallyStable != v.InternallyStable || d.ExternallyStable != v.ExternallyStable || d.GroupStable != v.GroupStable {
			t.Errorf("%s (stable in the full run: %v): explain says internal %v external %v group %v; full run %v %v %v",
				name, isStable[m], d.InternallyStable, d.ExternallyStable, d.GroupStable, v.InternallyStable, v.ExternallyStable, v.GroupStable)
		}
		if math.Abs(d.Lessons.Unity.MaxDefectionGainPct-v.DefectGain) > 1e-8 {
			t.Errorf("%s: largest defection gain %g, full run %g", name, d.Lessons.Unity.MaxDefectionGainPct, v.DefectGain)
		}
		full := map[string]Status{}
		for _, s := range tab.Statuses(m) {
			full[g.players[s.Player].Name] = s
		}
		for _, s := range d.CandidatesStatus {
			f := full[s.Code]
			if s.Status != f.Kind || math.Abs(s.JoinGainPct-f.JoinGain) > 1e-8 {
				t.Errorf("%s: %s explain %s (%g), full run %s (%g)", name, s.Code, s.Status, s.JoinGainPct, f.Kind, f.JoinGain)
			}
		}
		for p, pl := range g.players {
			if w := d.WelfarePct[pl.Name]; math.Abs(w-tab.Payoff[m][p]) > 1e-8 {
				t.Errorf("%s: %s payoff explain %g, full run %g", name, pl.Name, w, tab.Payoff[m][p])
			}
		}
		want := len(explainMasks(m, K))
		if 2*want > 1<<K {
			want = 1 << K // the whole enumeration is cheaper
		}
		// Plus each member leaving with the penalty, and the re-solve of
		// the coalition's report.
		if want += m.Size() + 1; d.Solves != want {
			t.Errorf("%s: explain took %d solves, want %d", name, d.Solves, want)
		}
		// Every candidate's status, largest economy first.
		var listed []string
		for _, s := range d.CandidatesStatus {
			listed = append(listed, s.Code)
		}
		if all := g.playerNames(1<<K - 1); !slices.Equal(listed, all) {
			t.Errorf("%s: statuses of %v, want %v", name, listed, all)
		}
	}
}
