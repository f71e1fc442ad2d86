package simulate

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestTerritoriesFollowTheirTarget: Macau and Hong Kong are targets only
// because US law gives them China's rate, so the leader treats them as it
// treats China in every round. In the reviewer's run (the top 6 partners
// from 2026-03-01, 4 scripted rounds) China retaliates and is escalated in
// round 1; before the fix HKG and MAC were escalated a round later as
// stallers of their own, and MAC's balance then "met the benchmark" and
// earned relief from round 4 (the US tariff on it fell to 2.1% while
// China's stayed at 66.9%, a transshipment route). Now they are escalated
// with China in round 1, never judged on their own, never relieved while
// China is not, and no event names them.
func TestTerritoriesFollowTheirTarget(t *testing.T) {
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	w, err := NewWorld(sc, ds, "2026-03-01", true, 6)
	if err != nil {
		t.Fatal(err)
	}
	chn, _ := w.PlayerIndex("CHN")
	var terr []int
	for p, pl := range w.Players {
		if pl.Territory {
			terr = append(terr, p)
			if pl.Follows != chn {
				t.Fatalf("%s follows player %d, want CHN (%d)", pl.Name, pl.Follows, chn)
			}
		} else if pl.Follows != -1 {
			t.Errorf("%s follows player %d, want -1", pl.Name, pl.Follows)
		}
	}
	if len(terr) != 2 {
		t.Fatalf("territories %v, want HKG and MAC", terr)
	}
	prm := DefaultParams()
	prm.Start, prm.Rounds, prm.Scripted = "2026-03-01", 4, true
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	rep := tr.Report(0)
	for r, st := range tr.States {
		c := st.Players[chn]
		for _, p := range terr {
			name, ps := w.Players[p].Name, st.Players[p]
			if ps.Escalated != c.Escalated || ps.Relief != (c.Relief && !c.Retaliating) || ps.Held != 0 {
				t.Errorf("round %d: %s escalated %v relief %v held %d; CHN escalated %v relief %v retaliating %v",
					r, name, ps.Escalated, ps.Relief, ps.Held, c.Escalated, c.Relief, c.Retaliating)
			}
			if tr.Eqs[r].Meets[p] {
				t.Errorf("round %d: %s judged by the benchmark on its own", r, name)
			}
			for _, e := range tr.Events[r] {
				if e.Player == name {
					t.Errorf("round %d: an event of its own for %s: %s", r, name, e.Text)
				}
			}
		}
		if r >= 1 && !c.Escalated {
			t.Fatalf("round %d: China (retaliating) not escalated: the test checks nothing", r)
		}
	}
	for _, p := range terr {
		name := w.Players[p].Name
		if rep.ReliefFrom[name] != nil {
			t.Errorf("%s relieved from round %d while China is escalated", name, *rep.ReliefFrom[name])
		}
		if rep.Territories[name] != "CHN" {
			t.Errorf("report: %s territory of %q, want CHN", name, rep.Territories[name])
		}
		// Escalated in round 1, with China: the event on China names it.
		if !strings.Contains(tr.Events[1][0].Text, name) || tr.Events[1][0].Player != "CHN" {
			t.Errorf("round 1 event %q does not escalate on %s with China", tr.Events[1][0].Text, name)
		}
		if _, err := w.script([]Move{{Player: name, Round: 1, Action: Rebalance, Size: 2}}); err == nil {
			t.Errorf("%s: a scripted move of its own is accepted", name)
		}
	}
	// Relief for China reaches its territories in the same state.
	st := w.initial()
	st.Players[chn].Retaliating, st.Players[chn].Escalated, st.Players[chn].Relief = false, false, true
	w.follow(&st)
	for _, p := range terr {
		if !st.Players[p].Relief || st.Players[p].Escalated {
			t.Errorf("%s: relief %v, escalated %v when China has relief", w.Players[p].Name, st.Players[p].Relief, st.Players[p].Escalated)
		}
	}
}

// TestRegimeSummary: the description of the US regime follows the record:
// the Section 122 surcharge is in force on 2026-03-01 and has lapsed by
// 2026-11-28 (after its last day, 2026-07-23); the IEEPA duties have ended
// on both dates and are in force before the ruling.
func TestRegimeSummary(t *testing.T) {
	for _, c := range []struct {
		date      string
		has, hasn []string
	}{
		{"2025-11-15", []string{"IEEPA reciprocal", "Section 232"}, []string{"Section 122", "ended"}},
		{"2026-03-01", []string{"Section 122 %", "the IEEPA duties ended on 2026-02-20"}, []string{"lapsed", "IEEPA reciprocal"}},
		{"2026-11-28", []string{"the Section 122 surcharge lapsed on 2026-07-23", "Section 301 %", "the IEEPA duties ended on 2026-02-20"}, []string{"Section 122 %"}},
	} {
		// "%" stands for a rate: "Section 122 2.9%" is the surcharge in force.
		s := regexp.MustCompile(`\d+\.\d%`).ReplaceAllString(RegimeSummary(c.date), "%")
		for _, h := range c.has {
			if !strings.Contains(s, h) {
				t.Errorf("%s: %q lacks %q", c.date, s, h)
			}
		}
		for _, h := range c.hasn {
			if strings.Contains(s, h) {
				t.Errorf("%s: %q has %q", c.date, s, h)
			}
		}
	}
	if s := RegimeSummary("2024-06-01"); s != "" {
		t.Errorf("before the record: %q", s)
	}
}
