package coalition

import (
	"math"
	"reflect"
	"testing"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// handGame is a game with only what the reasons and the reconciliation
// read: the players' names (A, B, C; listed largest first, so C+B+A) and
// the spec's penalty and objective.
func handGame(penalty float64) *game {
	return &game{
		players: []player{{Name: "A"}, {Name: "B"}, {Name: "C"}},
		spec:    &scenario.CoalitionSpec{DefectorPenalty: penalty, Objective: scenario.ObjectiveWelfare},
	}
}

// pathOf plays tab's accession path in order and returns each player's move,
// as Analyze does.
func pathOf(tab *Table, order []int) map[int]move {
	steps, _ := tab.Accession(order)
	path := map[int]move{}
	var in Mask
	for k, st := range steps {
		path[st.Player] = move{step: k + 1, joins: st.Joins, gain: st.GainPct, before: in}
		if st.Joins {
			in |= 1 << st.Player
		}
	}
	return path
}

// TestStatusDocsPinned: the reasons in numbers, on pinTable (path C, A, B:
// C declines at −0.1, A joins at +0.5, B at +2.0 with A in) and on lockIn
// (C locked in by a penalty of 2 pp, written as the scenario's 10 points).
func TestStatusDocsPinned(t *testing.T) {
	order := []int{2, 0, 1}
	yes, no := true, false
	type want struct {
		code   string
		member bool
		status string
		join   float64
		leave  *float64
		onPath *bool
		reason string
	}
	f := func(x float64) *float64 { return &x }
	tests := []struct {
		name string
		g    *game
		tab  *Table
		m    Mask
		path bool
		want []want
	}{
		{"{A,B} on pinTable", handGame(0), pinTable(), 3, true, []want{
			{"C", false, StatusStaysOut, -0.2, nil, &no, "joining would cost it 0.200%"},
			{"A", true, StatusJoins, 1.9, f(-1.9), &yes, "gains +1.900% by joining the other members; joins on the accession path (step 2)"},
			{"B", true, StatusJoins, 2.0, f(-2.0), &yes, "gains +2.000% by joining the other members; joins on the accession path (step 3)"},
		}},
		// {A,C}: C would leave (+0.1, no penalty) and declined on the path;
		// B would join (+2.4) and joined on the path, with A in, at +2.0.
		{"{A,C} on pinTable", handGame(0), pinTable(), 5, true, []want{
			{"C", true, StatusWouldLeave, -0.1, f(0.1), &no, "gains +0.100% by leaving, even with no defector penalty; declines on the accession path (step 1: -0.100% with (none) in)"},
			{"A", true, StatusJoins, 0.9, f(-0.9), &yes, "gains +0.900% by joining the other members; joins on the accession path (step 2)"},
			{"B", false, StatusWouldJoin, 2.4, nil, &yes, "would gain +2.400% by joining; joins on the accession path (step 3, +2.000% with A in) but that is not the leading coalition"},
		}},
		// lockIn's {A,C}, no path (as --explain): C joining {A} costs 1.25 −
		// 1 = 0.25; leaving, it would get 1.25 − 2 = −0.75 with the penalty
		// against 1 in: a loss of 1.75. A gets 2 in and 1.25 − 2 after
		// leaving.
		{"lock-in", handGame(0.10), lockIn(), 5, false, []want{
			{"C", true, StatusLockedIn, -0.25, f(-1.75), nil, "joining the other members costs it 0.250%, but leaving would cost it 1.750% with the 10-point defector penalty"},
			{"A", true, StatusJoins, 0.75, f(-0.75 - 2), nil, "gains +0.750% by joining the other members"},
			{"B", false, StatusWouldJoin, 2, nil, nil, "would gain +2.000% by joining"},
		}},
		// lockIn's {A,B}: C outside gets 1.0 and 1.0 in: gains nothing.
		{"gains nothing", handGame(0.10), lockIn(), 3, false, []want{
			{"C", false, StatusStaysOut, 0, nil, nil, "gains nothing by joining (+0.000%)"},
		}},
	}
	for _, tt := range tests {
		var path map[int]move
		if tt.path {
			path = pathOf(tt.tab, order)
		}
		got := tt.g.statusDocs(tt.tab, tt.m, order, path)
		for k, w := range tt.want {
			d := got[k]
			if d.Code != w.code || d.Member != w.member || d.Status != w.status || math.Abs(d.JoinGainPct-w.join) > 1e-12 ||
				(d.LeaveGainPct == nil) != (w.leave == nil) || (w.leave != nil && math.Abs(*d.LeaveGainPct-*w.leave) > 1e-12) ||
				!reflect.DeepEqual(d.JoinsOnAccessionPath, w.onPath) || d.Reason != w.reason {
				t.Errorf("%s: %s = %+v (leave %v, on path %v),\nwant %+v", tt.name, w.code, d, deref(d.LeaveGainPct), deref(d.JoinsOnAccessionPath), w)
			}
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestReconcilePinned: the sentence that relates the accession path's end
// to the leading coalition, on pinTable (stable: {A,B} only; the score is
// the mask, so {C} = 4 scores above {A,B} = 3).
func TestReconcilePinned(t *testing.T) {
	g := handGame(0)
	tab := pinTable()
	score := func(m Mask) float64 { return float64(m) }
	stable := tab.Stable(score)
	order := []int{2, 0, 1}
	status := g.statusDocs(tab, 3, order, nil)
	tests := []struct {
		name          string
		final         Mask
		leading       Mask
		stable        []Verdict
		reach         []int
		status        []StatusDoc
		want          string
		wantStableLen int
	}{
		{"no stable coalition", 4, 4, nil, nil, nil,
			"No coalition is stable, so the leading coalition is where the accession path ends: C.", 0},
		{"path ends there", 3, 3, stable, order, status,
			"The accession path ends at the leading coalition, B+A.", 1},
		{"path ends elsewhere", 4, 3, stable, order, status,
			"The accession path ends at C, which is not stable; the leading coalition is B+A, the leader's preferred stable coalition (welfare objective 3 against 4). " +
				"It adds B (joins), A (joins) and leaves out C (joining it would not pay). The order of accession C, A, B ends at it.", 1},
		// As if {C} were stable too, ranked second, and no order reached
		// {A,B}.
		{"path ends at another stable one", 4, 3, append(append([]Verdict(nil), stable...), Verdict{Members: 4}), nil, status,
			"The accession path ends at C, stable coalition #2 of 2; the leading coalition is B+A, the leader's preferred stable coalition (welfare objective 3 against 4). " +
				"It adds B (joins), A (joins) and leaves out C (joining it would not pay). No order of accession ends at B+A.", 2},
		// The path ends at {A,B,C}; the leading coalition {A,B} only drops C.
		{"leaves out only", 7, 3, stable, order, status,
			"The accession path ends at C+B+A, which is not stable; the leading coalition is B+A, the leader's preferred stable coalition (welfare objective 3 against 7). " +
				"It leaves out C (joining it would not pay). The order of accession C, A, B ends at it.", 1},
	}
	for _, tt := range tests {
		if len(tt.stable) != tt.wantStableLen {
			t.Fatalf("%s: fixture has %d stable coalitions", tt.name, len(tt.stable))
		}
		if got := g.reconcile(tt.final, tt.leading, tt.stable, score, tt.status, tt.reach); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	// A leading coalition held by a lock-in that no order reaches: lockIn's
	// {A,C}, C locked in, against a path that ended at {A} (the leading
	// coalition's statuses are what the sentence cites).
	lg := handGame(0.10)
	lt := lockIn()
	ls := lg.statusDocs(lt, 5, order, nil)
	want := "The accession path ends at A, which is not stable; the leading coalition is C+A, the leader's preferred stable coalition (welfare objective 5 against 1). " +
		"It adds C (locked in). No order of accession ends at C+A: it holds C only through the defector penalty, which binds a member once it is in."
	if got := lg.reconcile(1, 5, []Verdict{{Members: 5}}, score, ls, nil); got != want {
		t.Errorf("lock-in:\n got %q\nwant %q", got, want)
	}
}

// TestPenaltyText names the penalty in points, or its absence.
func TestPenaltyText(t *testing.T) {
	for _, tt := range []struct {
		pen  float64
		want string
	}{{0, "no defector penalty"}, {0.10, "the 10-point defector penalty"}, {0.025, "the 2.5-point defector penalty"}} {
		if got := handGame(tt.pen).penaltyText(); got != tt.want {
			t.Errorf("penalty %g: %q, want %q", tt.pen, got, tt.want)
		}
	}
}

// TestObjectivePicksTheLeadersNumber: the leader's objective reads its
// welfare, its balance (% of GDP, higher is better) or the targets' surplus
// with it (lower is better, so negated) from a record.
func TestObjectivePicksTheLeadersNumber(t *testing.T) {
	g := handGame(0)
	g.leader, g.watch = 7, []int{3, 7}
	rec := record{welfare: []float64{-1.5, 0.25}, leaderBalGDP: -2.5, targetSurplus: 40}
	for _, tt := range []struct {
		objective string
		want      float64
	}{
		{scenario.ObjectiveWelfare, 0.25},
		{"", 0.25},
		{scenario.ObjectiveDeficit, -2.5},
		{scenario.ObjectiveTargetSurplus, -40},
	} {
		g.spec.Objective = tt.objective
		if got := g.objective(rec); got != tt.want {
			t.Errorf("objective %q: %g, want %g", tt.objective, got, tt.want)
		}
	}
}
