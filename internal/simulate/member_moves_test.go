package simulate

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/report"
)

// TestMemberMovesPlayedAsOne: a move other than a rebalancing named for an
// EU member is the EU27's, all 27 members acting, since the common
// commercial policy sets their tariffs. DEU=cut is the EU27's zero tariffs
// on US goods, and the report says so: in its notes (text, Markdown and
// JSON rules) and in the move's event. Before, the EU27 acted silently, the
// move read as Germany's alone. A move naming the EU27 itself has no such
// note. Two different moves of one player in one round (DEU=cut@1 and
// FRA=retaliate@1, both the EU27's) are refused: the second replaced the
// first without a word.
func TestMemberMovesPlayedAsOne(t *testing.T) {
	w := builtinWorld(t, "2026-03-01", 0)
	const why = "a member of EU27, which plays as one (its common commercial policy sets its members' tariffs): it is played by EU27 as a whole, all 27 members "
	for _, tc := range []struct {
		move      Move
		note      string // "" = none
		kind      string // the event that carries the clause ("" = none)
		eventText string
	}{
		{Move{Player: "DEU", Action: Cut, Round: 1}, "the move DEU=cut@1 names DEU, " + why + "offering zero tariffs on USA goods", "offer", "EU27 offers zero tariffs on USA goods"},
		{Move{Player: "FRA", Action: Join, Round: 1}, "the move FRA=join@1 names FRA, " + why + "joining the bloc and matching USA's tariffs on the targets", "join", "EU27 joins the bloc"},
		{Move{Player: "ITA", Action: Retaliate, Round: 1}, "the move ITA=retaliate@1 names ITA, " + why + "retaliating in kind against USA", "retaliate", "EU27 retaliates in kind against USA"},
		{Move{Player: "NLD", Action: Counter, Round: 1}, "the move NLD=counter@1 names NLD, " + why + "joining the targets' counter-bloc, with mirror tariffs on USA", "counter", "EU27 joins the targets' counter-bloc"},
		{Move{Player: "DEU", Action: Wait, Round: 1}, "the move DEU=wait@1 names DEU, " + why + "waiting", "", ""},
		{Move{Player: "EU27", Action: Cut, Round: 1}, "", "offer", "EU27 offers zero tariffs on USA goods"},
	} {
		t.Run(tc.move.Player+"="+tc.move.Action.String(), func(t *testing.T) {
			prm := DefaultParams()
			prm.Rounds, prm.Scripted, prm.Moves = 1, true, []Move{tc.move}
			tr, err := w.Run(context.Background(), prm)
			if err != nil {
				t.Fatal(err)
			}
			rep := tr.Report(0)
			notes := strings.Join(rep.Rules, "\n")
			if tc.note == "" {
				if strings.Contains(notes, "plays as one") {
					t.Errorf("a move naming the EU27 itself noted: %q", notes)
				}
			} else if !strings.Contains(notes, tc.note) {
				t.Errorf("rules %q: no %q", notes, tc.note)
			}
			if tc.kind != "" {
				var ev *Event
				for k, e := range rep.Rounds[1].Events {
					if e.Player == "EU27" && e.Kind == tc.kind {
						ev = &rep.Rounds[1].Events[k]
					}
				}
				if ev == nil {
					t.Fatalf("no EU27 %s event in round 1: %v", tc.kind, rep.Rounds[1].Events)
				}
				clause := "(the move named " + tc.move.Player + ", a member of EU27: all 27 members act, as its common commercial policy sets its members' tariffs)"
				if !strings.HasPrefix(ev.Text, tc.eventText) || strings.Contains(ev.Text, clause) != (tc.note != "") {
					t.Errorf("event %q: want it to start %q and carry %q: %v", ev.Text, tc.eventText, clause, tc.note != "")
				}
			}
			if tc.note == "" {
				return
			}
			for _, f := range []report.Format{report.Text, report.Markdown} {
				var b strings.Builder
				if err := rep.Write(&b, f); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(b.String(), tc.note) {
					t.Errorf("%v output does not carry the note", f)
				}
			}
			var doc struct{ Rules []string }
			b, _ := json.Marshal(rep)
			if err := json.Unmarshal(b, &doc); err != nil || !strings.Contains(strings.Join(doc.Rules, "\n"), tc.note) {
				t.Errorf("JSON rules %q (%v): no note", doc.Rules, err)
			}
		})
	}
	for _, tc := range []struct {
		moves []Move
		err   string // "" = accepted
	}{
		{[]Move{{Player: "DEU", Action: Cut, Round: 1}, {Player: "FRA", Action: Retaliate, Round: 1}},
			"moves DEU=cut@1 and FRA=retaliate@1: both are EU27's in round 1 (EU27 plays as one: its common commercial policy sets its members' tariffs), and a player makes one move a round"},
		{[]Move{{Player: "EU27", Action: Join, Round: 2}, {Player: "EU27", Action: Cut, Round: 2}}, "moves EU27=join@2 and EU27=cut@2: both are EU27's in round 2, and a player"},
		{[]Move{{Player: "DEU", Action: Cut, Round: 1}, {Player: "DEU", Action: Cut, Round: 1}}, ""},
		{[]Move{{Player: "DEU", Action: Cut, Round: 1}, {Player: "FRA", Action: Join, Round: 2}}, ""},
	} {
		err := w.CheckScript(tc.moves)
		if (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%v: err %v, want %q", tc.moves, err, tc.err)
		}
	}
}
