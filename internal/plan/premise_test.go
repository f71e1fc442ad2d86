package plan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
)

// TestBranchPremiseNotes: the built-in partners-rebalance branch says what
// its premises do in the model. Germany's 1 pp is of its own GDP, 0.243 pp
// of the EU27's on world-2023, and relief needs the EU27 as a whole to meet
// the benchmark (the review found it played as 1 pp of the EU27's GDP,
// with nothing in the text, JSON or CSV to say so). Vietnam is not asked to
// adjust, one surplus year short of the rule, so its tariff-only offer
// cannot change its relief. The move list, the notes and the CSV carry it;
// the branches that move no one not asked and no EU member have none.
func TestBranchPremiseNotes(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	var pr *BranchDoc
	for k := range rep.Branches {
		b := &rep.Branches[k]
		if b.Name == "partners-rebalance" {
			pr = b
		} else if len(b.Notes) > 0 {
			t.Errorf("%s: notes %q, want none", b.Name, b.Notes)
		}
	}
	if pr == nil {
		t.Fatal("no partners-rebalance branch")
	}
	for _, want := range []string{"DEU rebalance 1 pp of GDP (0.243 pp of EU27's GDP: EU27 plays as one) in round 2", "VNM cut in round 1"} {
		if !strings.Contains(strings.Join(pr.Moves, "\n"), want) {
			t.Errorf("moves %q: no %q", pr.Moves, want)
		}
	}
	notes := strings.Join(pr.Notes, "\n")
	for _, want := range []string{
		"DEU's rebalancing of 1 pp of its own GDP is 0.243 pp of EU27's (DEU is 24.3% of EU27's GDP), and relief depends on EU27 as a whole meeting the benchmark (a fall of its balance of at least 0.5 pp of its GDP), which this move alone does not bring",
		"the premise that VNM moves (cut) cannot change the leader's treatment of it: VNM is not asked to adjust",
		"VNM misses the persistent-surplus test by one year (VNM: CA ≥ 1% of GDP in 6 of 10 years, 7 needed; mean 2.7%)",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q: no %q", notes, want)
		}
	}
	if strings.Contains(notes, "JPN") || strings.Contains(notes, "KOR") {
		t.Errorf("notes name Japan or Korea, asked to adjust and players of their own: %q", notes)
	}
	var text, csv strings.Builder
	if err := rep.Write(&text, report.Text); err != nil {
		t.Fatal(err)
	}
	if err := rep.Write(&csv, report.CSV); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), "partners-rebalance: DEU is a member of EU27, which plays as one") {
		t.Error("the text report does not say how Germany's move is played")
	}
	if !strings.Contains(csv.String(), "0.243 pp of EU27's GDP") || !strings.Contains(csv.String(), "is not asked to adjust") {
		t.Error("the CSV does not say how Germany's move is played, or that Vietnam is not asked")
	}
	// The largest gains and losses carry their unit.
	if !strings.Contains(text.String(), "MEX 0.") || !strings.Contains(text.String(), "%, ") {
		t.Errorf("gains and losses without %% in the text:\n%s", text.String()[:min(len(text.String()), 1500)])
	}
}

// TestDefinitionalIndicators: an indicator the branch's own premises set is
// definitional, one the model determines is not. The review's cases: in
// bloc-forms Canada's tariff on the targets (it joins and matches), in
// china-negotiates China's tariff on the US (it cuts to zero), in
// counter-bloc Korea's tariff on the US (it mirrors), in partners-rebalance
// Vietnam's tariff on the US (it cuts); Korea's balance there too, pinned
// by its commitment, and the EU27's, which Germany's move commits.
func TestDefinitionalIndicators(t *testing.T) {
	pl, _ := Builtin("after-the-ruling")
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, w := planWorld(t, pl, ds, "2026-03-01")
	ind := map[string]indicator{}
	for _, in := range indicators(w) {
		ind[in.Name] = in
	}
	branch := map[string]*Branch{}
	for k := range pl.Branches {
		branch[pl.Branches[k].Name] = &pl.Branches[k]
	}
	members := []string{"CAN", "MEX"} // the leading coalition on world-2023
	for _, tc := range []struct {
		branch, indicator string
		want              bool
	}{
		{"bloc-forms", "CAN tariff on the targets, %", true},
		{"bloc-forms", "USA tariff on CAN, %", true},
		{"bloc-forms", "CAN tariff on USA, %", false},
		{"bloc-forms", "CAN balance, % of GDP", false},
		{"bloc-forms", "USA tariff on JPN, %", false},
		{"canada-holds-out", "CAN tariff on USA, %", true},
		{"canada-holds-out", "USA tariff on CAN, %", true},
		{"canada-holds-out", "CAN tariff on the targets, %", false}, // excluded from the bloc
		{"canada-holds-out", "MEX tariff on the targets, %", true},
		{"china-negotiates", "CHN tariff on USA, %", true},
		{"china-negotiates", "CHN balance, % of GDP", true},
		{"china-negotiates", "USA tariff on CHN, %", false}, // relief is the benchmark's verdict
		{"counter-bloc", "KOR tariff on USA, %", true},
		{"counter-bloc", "USA tariff on KOR, %", true},
		{"counter-bloc", "KOR tariff on the targets, %", true},
		{"counter-bloc", "KOR balance, % of GDP", false},
		{"partners-rebalance", "VNM tariff on USA, %", true},
		{"partners-rebalance", "USA tariff on VNM, %", false},
		{"partners-rebalance", "KOR balance, % of GDP", true},
		{"partners-rebalance", "EU27 balance, % of GDP", true},
		{"partners-rebalance", "USA tariff on EU27, %", false},
		{"standoff", "USA tariff on EU27, %", true}, // no escalation is the premise
		{"standoff", "EU27 balance, % of GDP", false},
		{"standoff", "USA balance, % of GDP", false},
	} {
		in, ok := ind[tc.indicator]
		if !ok {
			t.Fatalf("no indicator %q", tc.indicator)
		}
		if got := definitional(w, branch[tc.branch], members, in); got != tc.want {
			t.Errorf("%s, %s: definitional %v, want %v", tc.branch, tc.indicator, got, tc.want)
		}
	}
}

// TestSignpostsModelFirst: within each branch the signposts the model
// determines come before the definitional ones, the report says which is
// which, and a branch whose signposts are all definitional says so.
func TestSignpostsModelFirst(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	allDef := 0
	for _, b := range rep.Branches {
		for k := 1; k < len(b.Signposts); k++ {
			if b.Signposts[k-1].Definitional && !b.Signposts[k].Definitional {
				t.Errorf("%s: the model's %s ranks after the definitional %s", b.Name, b.Signposts[k].Indicator, b.Signposts[k-1].Indicator)
			}
		}
		for _, s := range b.Signposts {
			if b.Name == "china-negotiates" && s.Indicator == "CHN tariff on USA, %" && !s.Definitional {
				t.Error("China's tariff on the US, which the branch cuts to zero, not marked definitional")
			}
		}
		if len(b.Signposts) > 0 && b.Signposts[0].Definitional {
			allDef++
		}
	}
	var text strings.Builder
	if err := rep.Write(&text, report.Text); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(text.String(), "its signposts only restate its premises"); n != allDef {
		t.Errorf("%d branches with only definitional signposts, %d notes saying so", allDef, n)
	}
	if allDef > 0 && !strings.Contains(text.String(), "premise (definitional)") {
		t.Error("the signpost table does not mark the definitional ones")
	}
}

// TestTwoMembersRebalancingRefused: a branch whose rebalancing moves name
// two members of the EU27, which has one commitment (each would overwrite
// the other, not add to it), is refused before any draw, naming the
// branch's line.
func TestTwoMembersRebalancingRefused(t *testing.T) {
	const src = `name: two-members
scenario: coalition-of-the-compelled
rounds: 2
draws: 1
top: 8
signpost_round: 1
branches:
  - name: europe-rebalances
    probability: 1
    moves:
      - {player: DEU, action: rebalance, size: 1, round: 1}
      - {player: FRA, action: rebalance, size: 1, round: 2}
`
	pl, err := Parse([]byte(src), "two.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), pl, ds, Options{Start: "2026-03-01"})
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Line != 8 || !strings.Contains(err.Error(), `branch "europe-rebalances": moves DEU=rebalance and FRA=rebalance: EU27 plays as one`) {
		t.Errorf("err %v, want the branch's line 8 and EU27's one commitment", err)
	}
}

// memberPlan is a plan whose branches name EU members: a cut, a
// coalition that excludes one, and a coalition in which the EU27's own
// move (named for a member) falls in the join round.
const memberPlan = `name: members
scenario: coalition-of-the-compelled
rounds: 1
draws: 1
top: 8
signpost_round: 1
branches:
  - name: europe-cuts
    probability: 0.4
    moves:
      - {player: DEU, action: cut, round: 1}
  - name: europe-out
    probability: 0.3
    coalition: true
    exclude: [FRA]
  - name: europe-answers
    probability: 0.3
    coalition: true
    moves:
      - {player: ITA, action: retaliate, round: 1}
`

// TestMemberMovesInBranches: a branch's move other than a rebalancing
// named for an EU member is the EU27's, all 27 members acting (the common
// commercial policy sets their tariffs): the move list and a branch note
// say so (JSON branches[].notes, the text and Markdown reports). An
// exclusion naming a member keeps the whole EU27 out of the bloc (before,
// exclude: [FRA] matched no member of the leading coalition by name and
// the EU27 joined anyway, silently), and a member's own move in the join
// round takes the place of its joining, which a note says too.
func TestMemberMovesInBranches(t *testing.T) {
	pl, err := Parse([]byte(memberPlan), "members.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pl.Start = "2026-03-01"
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	_, w := planWorld(t, pl, ds, pl.Start)
	cuts, out, answers := &pl.Branches[0], &pl.Branches[1], &pl.Branches[2]
	members := []string{"EU27", "CAN"}
	const why = "a member of EU27, which plays as one (its common commercial policy sets its members' tariffs)"
	if got, want := moveText(w, cuts.Moves[0]), "DEU cut (played by EU27 as a whole) in round 1"; got != want {
		t.Errorf("move text %q, want %q", got, want)
	}
	if got, want := moveText(w, Move{Player: "EU27", Action: "cut", Round: 1}), "EU27 cut in round 1"; got != want {
		t.Errorf("move text %q, want %q", got, want)
	}
	for _, tc := range []struct {
		b    *Branch
		want string
	}{
		{cuts, "the move DEU=cut@1 names DEU, " + why + ": it is played by EU27 as a whole, all 27 members offering zero tariffs on USA goods"},
		{out, "exclude names FRA, " + why + ": EU27 as a whole is kept out of the bloc, all 27 members"},
		{answers, "the move ITA=retaliate@1 names ITA, " + why + ": it is played by EU27 as a whole, all 27 members retaliating in kind against USA"},
		{answers, "EU27, a member of the coalition game's leading coalition, has a move of its own in round 1, the branch's join round: the move takes the place of its joining the bloc"},
	} {
		if notes := strings.Join(branchNotes(w, tc.b, members, 0.5), "\n"); !strings.Contains(notes, tc.want) {
			t.Errorf("%s: notes %q: no %q", tc.b.Name, notes, tc.want)
		}
	}
	if !excluded(w, out, "EU27") || excluded(w, out, "CAN") || excluded(w, answers, "EU27") {
		t.Error("exclude: [FRA] does not keep exactly the EU27 out")
	}
	joins := func(b *Branch) []string {
		var out []string
		for _, m := range params(w, pl, b, draw{theta: 4, speed: 0.25}, members, nil).Moves {
			if m.Action == simulate.Join {
				out = append(out, m.Player)
			}
		}
		return out
	}
	if got := joins(out); !slices.Equal(got, []string{"CAN"}) {
		t.Errorf("europe-out: joins %v, want CAN alone", got)
	}
	if got := joins(answers); !slices.Equal(got, []string{"CAN"}) {
		t.Errorf("europe-answers: joins %v, want CAN alone (the EU27 retaliates instead)", got)
	}

	// The report: one branch, one draw, one round.
	pl.Branches = []Branch{*cuts}
	pl.Branches[0].Probability = 1
	rep, err := Run(context.Background(), pl, ds, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	note := "the move DEU=cut@1 names DEU, " + why
	if b := rep.Branches[0]; !strings.Contains(strings.Join(b.Notes, "\n"), note) || !slices.Contains(b.Moves, "DEU cut (played by EU27 as a whole) in round 1") {
		t.Errorf("JSON branch: moves %q, notes %q", b.Moves, b.Notes)
	}
	for _, f := range []report.Format{report.Text, report.Markdown, report.CSV} {
		var b strings.Builder
		if err := rep.Write(&b, f); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), note) {
			t.Errorf("%v report does not carry the note", f)
		}
	}
}

// TestBranchMemberEntersAsItsUnit: with top K, the countries a branch
// names are players too; an EU member enters as the EU27, the unit its
// moves are played by, not as a country with a trade policy of its own.
// Canada as the leader with its top partner (the US) and a branch naming
// Germany: the players are USA, EU27, the target and its territories. Two plans on one
// scenario, date and K naming different countries get worlds of their
// own (the unit's world cache keyed on neither, and the second plan's
// draws were played on the first's players).
func TestBranchMemberEntersAsItsUnit(t *testing.T) {
	dir := t.TempDir()
	const scen = `name: canada-leads
coalition:
  leader: CAN
  targets: [CHN]
  member_terms: {rate: 0.10}
  threat: {rate: 0.25}
`
	if err := os.WriteFile(filepath.Join(dir, "canada.yaml"), []byte(scen), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	planNaming := func(player string) *Plan {
		src := "name: p\nscenario: canada.yaml\nrounds: 1\ndraws: 1\ntop: 1\nsignpost_round: 1\nbranches:\n  - name: b\n    probability: 1\n    moves:\n      - {player: " + player + ", action: cut, round: 1}\n"
		pl, err := Parse([]byte(src), filepath.Join(dir, "p.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		pl.Dir, pl.Start = dir, "2026-03-01"
		return pl
	}
	players := func(w *simulate.World) []string {
		var out []string
		for _, p := range w.Players {
			out = append(out, p.Name)
		}
		return out
	}
	deu := planNaming("DEU")
	sc, w := planWorld(t, deu, ds, deu.Start)
	if got := players(w); !slices.Equal(got, []string{"USA", "EU27", "CHN", "HKG", "MAC"}) {
		t.Errorf("players %v, want USA, EU27, CHN and its territories", got)
	}
	scw, err := sc.Wire()
	if err != nil {
		t.Fatal(err)
	}
	a, err := worldFor(ds, scw, deu, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := worldFor(ds, scw, planNaming("MEX"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := players(a.w); !slices.Equal(got, []string{"USA", "EU27", "CHN", "HKG", "MAC"}) {
		t.Errorf("a worker's world for the DEU plan: players %v", got)
	}
	if got := players(b.w); !slices.Equal(got, []string{"USA", "MEX", "CHN", "HKG", "MAC"}) {
		t.Errorf("a worker's world for the MEX plan: players %v", got)
	}
}

// planWorld is plan pl's scenario and its world on ds from start, the
// world's cache dropped when the test ends.
func planWorld(t *testing.T, pl *Plan, ds *data.Dataset, start string) (*scenario.Scenario, *simulate.World) {
	t.Helper()
	sc, err := pl.resolveScenario()
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(pl, sc, ds, start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.DropCache)
	return sc, w
}
