package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/executor"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// icioWorld is the built-in plan's world on icio-2022 with three players (a
// world is cheap to build; its solves are not).
func icioWorld(t *testing.T) (*Plan, *scenario.Scenario, *data.Dataset, *simulate.World) {
	t.Helper()
	pl, ok := Builtin("after-the-ruling")
	if !ok {
		t.Fatal("no built-in after-the-ruling")
	}
	pl.Top, pl.Rounds, pl.Start = 3, 1, "2026-09-01" // EU27, CAN, MEX (whose member terms the scenario sets)
	pl.Branches = []Branch{{Name: "standoff", Probability: 1}}
	ds, ok, err := data.Embedded("icio-2022")
	if err != nil || !ok {
		t.Fatalf("icio-2022: %v", err)
	}
	sc, w := planWorld(t, pl, ds, pl.Start)
	return pl, sc, ds, w
}

// TestDrawKeepsSectorElasticities: on a multi-sector world a draw of θ
// scales every sector's own θ by θ/4, so the sectors keep their ranking and
// ratios (one θ for all 28 sectors of icio-2022 gave services the θ of
// goods, and changed the bloc the coalition game picks); the coalition
// game is solved at the centre of the same scale. On a one-sector world θ
// is drawn itself, as before.
func TestDrawKeepsSectorElasticities(t *testing.T) {
	pl, sc, ds, w := icioWorld(t)
	own := w.Opt.Theta
	if len(own) != ds.S() || slices.Min(own) == slices.Max(own) {
		t.Fatalf("icio-2022's sector θ %v: want %d different values for this test to mean anything", own, ds.S())
	}
	for _, theta := range []float64{3, 6} {
		prm := params(w, pl, &pl.Branches[0], draw{theta: theta, speed: 0.25, cost: 0.3}, nil, nil)
		tr, err := w.Run(context.Background(), prm)
		if err != nil {
			t.Fatal(err)
		}
		used := tr.Report(0).ThetaUsed
		if len(used) != len(own) {
			t.Fatalf("θ = %g: the model ran with %d sector θ, want %d", theta, len(used), len(own))
		}
		for s := range own {
			if k := used[s] / own[s]; math.Abs(k-theta/scenario.DefaultTheta) > 1e-12 {
				t.Errorf("θ = %g: sector %s ran at θ %g, %g × its own %g; want × %g", theta, ds.Sectors[s].Code, used[s], k, own[s], theta/scenario.DefaultTheta)
			}
		}
	}
	game, scale, err := gameScenario(pl, sc, ds)
	if err != nil {
		t.Fatal(err)
	}
	comp, err := scenario.Compile(game, ds)
	if err != nil {
		t.Fatal(err)
	}
	if want := pl.Theta.Mid() / scenario.DefaultTheta; scale != want {
		t.Errorf("coalition game at scale %g, want %g", scale, want)
	}
	for s := range own {
		if math.Abs(comp.Options.Theta[s]-scale*own[s]) > 1e-12 {
			t.Errorf("coalition game: sector %s at θ %g, want %g × %g", ds.Sectors[s].Code, comp.Options.Theta[s], scale, own[s])
		}
	}

	one, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	if one.S() != 1 {
		t.Fatalf("%s has %d sectors, want 1", one.Name, one.S())
	}
	if prm := params(&simulate.World{Data: one}, pl, &pl.Branches[0], draw{theta: 3}, nil, nil); prm.Theta != 3 || prm.ThetaScale != 0 {
		t.Errorf("one sector: θ %g, scale %g; want θ 3 itself", prm.Theta, prm.ThetaScale)
	}
	if game, scale, err := gameScenario(pl, sc, one); err != nil || scale != 0 || game.Model.Theta != pl.Theta.Mid() {
		t.Errorf("one sector: coalition game at θ %v, scale %g (%v); want θ %g", game.Model.Theta, scale, err, pl.Theta.Mid())
	}
}

// TestThreatNotesCarried: the plan report carries the notes of the
// leader's threat schedule (the Liberation Day headline rates fall on the
// pharmaceuticals the orders exempted, which is why Ireland loses most in
// every escalating branch), each once.
func TestThreatNotesCarried(t *testing.T) {
	_, _, _, w := icioWorld(t)
	notes := w.ThreatNotes()
	all := strings.Join(notes, "\n")
	if !strings.Contains(all, "schedule liberation-day") || !strings.Contains(all, "pharmaceuticals") {
		t.Errorf("threat notes %q: want the liberation-day schedule's note on the goods its orders exempted", all)
	}
	if got := appendNew(slices.Clone(notes), notes...); len(got) != len(notes) {
		t.Errorf("notes repeated: %d, want %d", len(got), len(notes))
	}
	if got := appendNew([]string{"a"}, "b", "a", "b"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("appendNew: %q", got)
	}
}

// TestRareEventFlagged: a coalition branch whose bloc forms in fewer than
// half of its draws is flagged, in words and in JSON; one where it forms
// in half or more is not.
func TestRareEventFlagged(t *testing.T) {
	cd := &CoalitionDoc{Members: []string{"MEX"}, GainPct: map[string]float64{"MEX": 0.0104}}
	tests := []struct {
		formed, draws int
		exclude       []string
		rare          bool
		want          string
	}{
		{2, 50, nil, true, "a bloc forms in only 4% of its draws (2 of 50)"},
		{0, 10, nil, true, "no bloc forms in any of its 10 draws: a member joins only if its gain from joining exceeds the political cost drawn from 0 to 0.6 pp (gains from joining, pp: MEX +0.01)"},
		{0, 10, []string{"MEX"}, true, "excludes every member"},
		{5, 10, nil, false, ""},
		{10, 10, nil, false, ""},
	}
	for _, tc := range tests {
		ss := make([]sample, tc.draws)
		for k := range ss {
			ss[k].members = []bool{false, k < tc.formed}
		}
		bd := BranchDoc{Name: "bloc-forms", Coalition: true, Exclude: tc.exclude}
		bd.eventBlocForms(ss, cd, Range{0, 0.6}, func(m string) bool { return slices.Contains(tc.exclude, m) })
		name := fmt.Sprintf("%d of %d", tc.formed, tc.draws)
		if bd.EventFrequency == nil || *bd.EventFrequency != r3(float64(tc.formed)/float64(tc.draws)) || bd.Event == "" {
			t.Errorf("%s: event %q at %v", name, bd.Event, bd.EventFrequency)
		}
		if bd.RareEvent != tc.rare || (bd.Warning != "") != tc.rare || !strings.Contains(bd.Warning, tc.want) {
			t.Errorf("%s: rare %v, warning %q; want rare %v and %q", name, bd.RareEvent, bd.Warning, tc.rare, tc.want)
		}
		rep := &Report{Leader: "USA", Branches: []BranchDoc{bd}}
		text := strings.Join(rep.Tables()[0].Notes, "\n")
		if strings.Contains(text, "Warning: bloc-forms: ") != tc.rare {
			t.Errorf("%s: text notes %q", name, text)
		}
		var csvWarn bool
		for _, r := range rep.CSVTables()[0].Rows {
			csvWarn = csvWarn || r[0] == "warning"
		}
		if csvWarn != tc.rare {
			t.Errorf("%s: CSV run table warning %v, want %v", name, csvWarn, tc.rare)
		}
	}
}

// fakeExecutor reports progress only as its units finish, as executors
// do: all of them at once here.
type fakeExecutor struct{}

func (fakeExecutor) Run(_ context.Context, b *executor.Batch) error {
	if b.Progress != nil {
		b.Progress(b.Phase, len(b.Units), len(b.Units))
	}
	return nil
}

func (fakeExecutor) String() string { return "fake" }

// TestAnnouncingReportsPhaseStart: a batch is reported at 0 done when it
// starts, under the prefixed phase, so that a phase's clock starts with its
// work (the coalition game's phases on icio-2022 were each reported first
// when they were nearly over, and none earned a progress line);
// consecutive batches of one phase count as one.
func TestAnnouncingReportsPhaseStart(t *testing.T) {
	var got []string
	progress := func(phase string, done, total int) { got = append(got, fmt.Sprintf("%s %d/%d", phase, done, total)) }
	ex := announce(fakeExecutor{}, "coalition game: ")
	for _, b := range []*executor.Batch{
		{Units: make([]executor.Unit, 3), Phase: "payoffs", Progress: progress},
		{Units: make([]executor.Unit, 2), Phase: "defector penalties", Progress: progress},
		{Units: make([]executor.Unit, 1), Phase: "defector penalties", Progress: progress},
		{Units: make([]executor.Unit, 4), Phase: "payoffs", Progress: progress},
	} {
		if err := ex.Run(context.Background(), b); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(b.Phase, "coalition") {
			t.Errorf("the caller's batch changed: phase %q", b.Phase)
		}
	}
	want := []string{"coalition game: payoffs 0/3", "coalition game: payoffs 3/3",
		"coalition game: defector penalties 0/2", "coalition game: defector penalties 2/2",
		"coalition game: defector penalties 2/3", "coalition game: defector penalties 3/3",
		"coalition game: payoffs 0/4", "coalition game: payoffs 4/4"}
	if !slices.Equal(got, want) {
		t.Errorf("progress\n%q\nwant\n%q", got, want)
	}
}
