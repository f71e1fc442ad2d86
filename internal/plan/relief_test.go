package plan

import (
	"context"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
)

// reliefPlan plays the built-in plan's china-negotiates for 6 quarters from
// 2026-11-28, and a branch in which Britain joins the bloc, with every
// parameter fixed, so each branch's draws are alike. The players are the
// scenario's candidates and targets (no top:).
const reliefPlan = `name: relief
scenario: coalition-of-the-compelled
start: 2026-11-28
rounds: 6
draws: 2
signpost_round: 2
branches:
  - name: china-negotiates
    probability: 0.5
    moves:
      - {player: CHN, action: cut, round: 2}
      - {player: CHN, action: rebalance, size: 2, round: 3}
  - name: britain-joins
    probability: 0.5
    moves:
      - {player: GBR, action: join, round: 1}
`

// TestReliefFrequencyCountsChanges: relief_frequency counts a relief only
// where it lowered the US tariff on the player (simulate's
// Trace.ReliefLowers; relief_no_change is the rest), and a member always, as
// membership. Britain's, India's, Vietnam's and Australia's relief from
// round 3 leaves their tariffs at the rates in force (the member terms,
// +10%, are not below them): 0, where the old count (relief or membership)
// said 1. Canada's, Mexico's and Brazil's lowers theirs (5.3% → 0.2%,
// 6.0% → 0.4%, 20.8% → 11.1%), and
// China's from round 5 lifts the escalation on China and on Hong Kong and
// Macau with it (66.9% → 22.9%, 55.3% → 1.8%, 56.1% → 7.0%): 1. Britain as
// a member counts in both frequencies though its terms lower nothing.
func TestReliefFrequencyCountsChanges(t *testing.T) {
	pl, err := Parse([]byte(reliefPlan), "relief.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), pl, ds, Options{Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]float64{
		"china-negotiates": {"CAN": 1, "MEX": 1, "BRA": 1, "CHN": 1, "HKG": 1, "MAC": 1, "GBR": 0, "IND": 0, "VNM": 0, "AUS": 0, "EU27": 0, "JPN": 0, "KOR": 0, "CHE": 0, "THA": 0},
		"britain-joins":    {"CAN": 1, "MEX": 1, "BRA": 1, "CHN": 0, "HKG": 0, "MAC": 0, "GBR": 1, "IND": 0, "VNM": 0, "AUS": 0, "EU27": 0, "JPN": 0, "KOR": 0, "CHE": 0, "THA": 0},
	}
	members := map[string]map[string]float64{"britain-joins": {"GBR": 1}}
	if len(rep.Branches) != len(want) {
		t.Fatalf("%d branches", len(rep.Branches))
	}
	for _, b := range rep.Branches {
		o := b.Outcomes
		if len(o.ReliefFrequency) != len(want[b.Name]) {
			t.Errorf("%s: relief frequencies of %v, want of %v", b.Name, o.ReliefFrequency, want[b.Name])
		}
		for p, f := range want[b.Name] {
			if got, ok := o.ReliefFrequency[p]; !ok || got != f {
				t.Errorf("%s: relief_frequency[%s] = %v, want %v", b.Name, p, got, f)
			}
		}
		for p, m := range o.MembershipFrequency {
			if m != members[b.Name][p] {
				t.Errorf("%s: membership_frequency[%s] = %v, want %v", b.Name, p, m, members[b.Name][p])
			}
			if o.ReliefFrequency[p] < m {
				t.Errorf("%s: %s relieved in %v of draws, a member in %v: membership is relief", b.Name, p, o.ReliefFrequency[p], m)
			}
		}
	}
}
