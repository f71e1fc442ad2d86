package server

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

// TestSolveSummaryIsTheCLIs: the summary of a solve run is the text
// `tradebloc solve liberation-day` prints above its tables, the line on
// China (the surplus economy shown beside the leader) and its band
// included; the JSON result does not name that economy, so a summary
// written from the JSON alone dropped both.
func TestSolveSummaryIsTheCLIs(t *testing.T) {
	ts := newTestServer(t, Config{})
	doc := ts.waitFor(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})

	// The CLI's document (cmd/tradebloc solveDoc with its defaults).
	sc, _ := scenario.Builtin("liberation-day")
	ds, _, err := data.Embedded(sc.Data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := engine.RunOn(sc, ds, engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	cli := engine.SolveDoc(out, engine.DocOptions{Leader: "USA", Version: testVersion})
	if cli.Bands, err = sweep.Bands(context.Background(), nil, sc, ds); err != nil {
		t.Fatal(err)
	}
	want := cli.Summary(out.Data.UnitMillions())
	if !strings.Contains(want, "\nChina: real income") || strings.Count(want, "China") < 2 {
		t.Fatalf("the CLI's summary has no line and band for China: %q", want)
	}
	if doc.Summary != strings.TrimSuffix(want, "\n") && doc.Summary != want {
		t.Errorf("API summary\n%s\nwant the CLI's\n%s", doc.Summary, want)
	}
}

// TestCoalitionProgressPhases plays a small coalition game whose targets
// answer, so that it is played again with them silent, and feeds its
// progress reports to a job as the server does: every phase is one the
// map knows, the phases come in the order of their spans (a phase mapped
// below one already passed would freeze the bar, which never moves back),
// and the bar moves during the silent game's payoffs, which the map lacked
// (the web page then stood at "threats 97%" for nearly half the run).
func TestCoalitionProgressPhases(t *testing.T) {
	sc, err := scenario.ParseJSON([]byte(`{"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	ds, _, err := data.Embedded(sc.Data)
	if err != nil {
		t.Fatal(err)
	}
	if !playsSilentGame(sc) {
		t.Fatalf("target_response %q: the game is not played with the targets silent", sc.Coalition.TargetResponse)
	}
	type report struct {
		phase    string
		progress float64
	}
	var (
		mu      sync.Mutex
		reports []report
	)
	j := &job{}
	cb := j.coalitionProgress(true, 0, 1, "")
	_, err = coalition.Analyze(context.Background(), sc, ds, coalition.Options{NoBands: true, Workers: 1, Progress: func(phase string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		cb(phase, done, total)
		reports = append(reports, report{phase, j.getProgress()})
	}})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	first, last := map[string]float64{}, map[string]float64{}
	for _, r := range reports {
		if _, ok := coalitionPhasesSilent[r.phase]; !ok {
			t.Errorf("phase %q is not in the map", r.phase)
		}
		if _, ok := first[r.phase]; !ok {
			first[r.phase] = r.progress
			order = append(order, r.phase)
		}
		last[r.phase] = r.progress
	}
	for k := 1; k < len(order); k++ {
		if a, b := coalitionPhasesSilent[order[k-1]], coalitionPhasesSilent[order[k]]; b[0] < a[1] {
			t.Errorf("phase %q (%v) comes after %q (%v) but is mapped below it", order[k], b, order[k-1], a)
		}
	}
	const silent = "payoffs (targets silent)"
	k := slices.Index(order, silent)
	if k < 1 || last[silent]-last[order[k-1]] < 0.3 || last[silent] < 0.9 {
		t.Errorf("phases %q; the bar at %v before %q and %v after it, want it to move from about half way to 0.96", order, last, silent, last[silent])
	}

	// A phase the map does not know is shown with its count, and the bar
	// stays where it is.
	before := j.getProgress()
	cb("mystery phase", 3, 7)
	if ph, _ := j.phase.Load().(string); ph != "mystery phase 3/7" || j.getProgress() != before {
		t.Errorf("unknown phase: shown %q at %v, want \"mystery phase 3/7\" at %v", ph, j.getProgress(), before)
	}
}

// TestCoalitionProvenance: a coalition run's result records the dataset and
// model options as a solve's does (/compare checks two runs for like with
// like on it; it said "the coalition result records no dataset or model
// options"), identical to those of a solve of the same scenario.
func TestCoalitionProvenance(t *testing.T) {
	ts := newTestServer(t, Config{})
	sc := `{"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}`
	coal := ts.waitFor(t, `{"kind": "coalition", "no_bands": true, "scenario": `+sc+`}`)
	solve := ts.waitFor(t, `{"kind": "solve", "no_bands": true, "scenario": `+sc+`}`)
	var c, s struct {
		Provenance *report.Provenance
	}
	if err := json.Unmarshal(coal.Result, &c); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(solve.Result, &s); err != nil {
		t.Fatal(err)
	}
	if c.Provenance == nil || s.Provenance == nil {
		t.Fatalf("provenance: coalition %v, solve %v", c.Provenance, s.Provenance)
	}
	if !reflect.DeepEqual(c.Provenance, s.Provenance) || c.Provenance.Dataset != "world-2023" || c.Provenance.TradeblocVersion != testVersion ||
		c.Provenance.Model.Tolerance != 1e-12 || len(c.Provenance.Model.TradeElasticity) == 0 {
		t.Errorf("coalition provenance %+v\nwant the solve's %+v", *c.Provenance, *s.Provenance)
	}
}

// smallBloc is a coalition game of three candidates with China's goods
// rerouting through conduits: seconds to play, with every table.
const smallBloc = `{"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"], ` +
	`"transshipment": {"elasticity": 4, "cost": 0.05, "capacity": 0.1}}}`

// TestCoalitionTableNotes: a coalition run carries the notes the CLI prints
// under each table, by table name — among them the one that says why the
// stable table's "targets' surplus" (rerouted goods counted by origin)
// differs from the summary's direct flows.
func TestCoalitionTableNotes(t *testing.T) {
	ts := newTestServer(t, Config{})
	doc := ts.waitFor(t, `{"kind": "coalition", "no_bands": true, "scenario": `+smallBloc+`}`)
	var rep coalition.Report
	if err := json.Unmarshal(doc.Result, &rep); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, sec := range rep.Sections() {
		if sec.Text != nil && len(sec.Text.Notes) > 0 {
			want[sec.Name] = sec.Text.Notes
		}
	}
	if !reflect.DeepEqual(doc.TableNotes, want) {
		t.Errorf("table_notes %q\nwant %q", doc.TableNotes, want)
	}
	if s := strings.Join(doc.TableNotes["stable"], " "); !strings.Contains(s, "Targets' surplus with USA: their goods by origin, those rerouted through conduits included") {
		t.Errorf("stable notes %q lack the note on rerouted goods", s)
	}
	if s := strings.Join(doc.TableNotes["threats"], " "); !strings.Contains(s, "Required threat: the smallest additional tariff") {
		t.Errorf("threats notes %q", s)
	}
}
