package plan

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
)

// reviewPlan is the reviewer's plan: the top 6 partners from 2026-03-01 for
// 4 quarters, one branch escalating on stallers and one not, with only θ
// drawn (speed and political cost left out, so fixed).
const reviewPlan = `name: review
scenario: coalition-of-the-compelled
start: 2026-03-01
rounds: 4
draws: 4
top: 6
signpost_round: 2
parameters:
  trade_elasticity: {low: 3, high: 6}
branches:
  - name: escalate
    probability: 0.5
  - name: standoff
    probability: 0.5
    escalation: false
`

// TestTerritoriesAreNoSignposts: the US tariff on Hong Kong or Macau follows
// China's (simulate.Player.Follows), so it tells no branch apart that
// China's tariff does not; before the fix "USA tariff on MAC, % below
// 33.05" (9.99 vs 56.12) was a signpost of the standoff, from a Macau
// escalated a round after China as a staller of its own. Also: parameters
// the plan leaves out are "fixed at" their value, have no tornado bar, and
// the winners and losers say they are 5 among the 50 largest economies.
func TestTerritoriesAreNoSignposts(t *testing.T) {
	pl, err := Parse([]byte(reviewPlan), "review.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), pl, ds, Options{Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := pl.resolveScenario()
	w, err := NewWorld(pl, sc, ds, pl.Start)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range indicators(w) {
		if in.kind <= 2 && w.Players[in.p].Territory {
			t.Errorf("indicator %q is a territory's tariff", in.Name)
		}
	}
	terr := 0
	for _, p := range w.Players {
		if p.Territory {
			terr++
		}
	}
	if terr != 2 {
		t.Fatalf("%d territories among the players, want HKG and MAC", terr)
	}
	n := 0
	for _, b := range rep.Branches {
		for _, s := range b.Signposts {
			n++
			if strings.Contains(s.Indicator, "HKG") || strings.Contains(s.Indicator, "MAC") {
				t.Errorf("%s: signpost %q (%s %g)", b.Name, s.Indicator, s.Direction, s.Threshold)
			}
		}
		// Macau's treatment is China's: relieved exactly as often.
		if b.Outcomes.ReliefFrequency["MAC"] != b.Outcomes.ReliefFrequency["CHN"] {
			t.Errorf("%s: MAC relieved in %v of draws, CHN in %v", b.Name, b.Outcomes.ReliefFrequency["MAC"], b.Outcomes.ReliefFrequency["CHN"])
		}
	}
	if n == 0 {
		t.Fatal("no signposts at all: the test checks nothing")
	}
	// Nor does a branch move Macau on its own.
	bad, err := Parse([]byte(strings.Replace(reviewPlan, "    escalation: false\n", "    moves: [{player: MAC, action: rebalance, size: 2}]\n", 1)), "bad.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), bad, ds, Options{}); err == nil || !strings.Contains(err.Error(), "MAC takes CHN's US rate") {
		t.Errorf("a branch moving MAC: %v", err)
	}

	// Fixed parameters: said so, and no zero-width bar.
	if len(rep.Tornado.Bars) != 1 || rep.Tornado.Bars[0].Parameter != "trade_elasticity" {
		t.Errorf("tornado bars %+v, want trade_elasticity alone", rep.Tornado.Bars)
	}
	for _, b := range rep.Tornado.Bars {
		if b.Low == b.High {
			t.Errorf("zero-width tornado bar %+v", b)
		}
	}
	if strings.Join(rep.Tornado.Fixed, ",") != "adjustment_speed,political_cost" {
		t.Errorf("tornado fixed %v", rep.Tornado.Fixed)
	}
	ts := rep.Tables()
	head := strings.Join(ts[0].Notes, "\n")
	for _, want := range []string{"adjustment_speed fixed at 0.25", "political_cost fixed at 0.2", "trade_elasticity drawn uniformly from 3 to 6"} {
		if !strings.Contains(head, want) {
			t.Errorf("notes lack %q:\n%s", want, head)
		}
	}
	if strings.Contains(head, "from 0.25 to 0.25") {
		t.Errorf("a fixed parameter reads as drawn:\n%s", head)
	}
	cols := strings.Join(ts[0].Columns, "|")
	if !strings.Contains(cols, "5 largest gains among the 50 largest economies") || !strings.Contains(cols, "5 largest losses among the 50 largest economies") {
		t.Errorf("columns %s", cols)
	}
	if tor := ts[len(ts)-1]; len(tor.Rows) != 1 || !strings.Contains(strings.Join(tor.Notes, " "), "adjustment_speed, political_cost") {
		t.Errorf("tornado table rows %v, notes %v", tor.Rows, tor.Notes)
	}
}

// TestStandoffFollowsTheRegime: the built-in standoff keeps the US regime
// in force on the start date, which the report states from the record. The
// plan file used to say "does not escalate beyond the Section 122
// surcharge", false from 2026-07-24 when the surcharge had lapsed; the
// file now names no measure, and the report says the surcharge is in force
// on 2026-03-01 and has lapsed by 2026-11-28. From 2026-03-01 the stallers
// keep the record's regime as it changes: round 2 (2026-09-01) is past the
// lapse, and the report lists the change (regime_changes).
func TestStandoffFollowsTheRegime(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		start      string
		has, hasnt string
		rounds     int
		change     string
	}{
		{"2026-11-28", "the Section 122 surcharge lapsed on 2026-07-23", "Section 122 2", 2, ""},
		{"2026-03-01", "Section 122 2.9%", "lapsed on", 1, ""},
		{"2026-03-01", "Section 122 2.9%", "", 2, "then the record's as it changes (round 2, 2026-09-01)"},
	} {
		pl, _ := Builtin("after-the-ruling")
		var keep []Branch
		for _, b := range pl.Branches {
			if b.Name == "standoff" {
				if strings.Contains(b.Description, "Section 122") {
					t.Errorf("the plan file names a measure in the standoff, which goes stale: %q", b.Description)
				}
				b.Probability = 1
				keep = append(keep, b)
			}
		}
		pl.Branches, pl.Rounds, pl.SignpostRound = keep, c.rounds, 1
		rep, err := Run(context.Background(), pl, ds, Options{Draws: 1, Start: c.start, Today: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		d := rep.Branches[0].Description
		if !strings.Contains(d, "regime in force on "+c.start) || !strings.Contains(d, c.has) || c.hasnt != "" && strings.Contains(d, c.hasnt) || !strings.Contains(d, c.change) {
			t.Errorf("%s: standoff reads %q; want %q, not %q", c.start, d, c.has, c.hasnt)
		}
		if notes := strings.Join(rep.Tables()[0].Notes, "\n"); !strings.Contains(rep.Regime, c.has) || !strings.Contains(notes, "standoff: no escalation on stallers, who keep the US regime in force on "+c.start) {
			t.Errorf("%s: regime %q, notes %q", c.start, rep.Regime, notes)
		}
		if want := c.change != ""; (len(rep.RegimeChanges) == 1) != want || want && !strings.Contains(rep.RegimeChanges[0].Summary, "the Section 122 surcharge lapsed on 2026-07-23") {
			t.Errorf("%s, %d rounds: regime changes %+v", c.start, c.rounds, rep.RegimeChanges)
		}
	}
}
