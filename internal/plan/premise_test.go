package plan

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/errs"
	"github.com/tradebloc/tradebloc/internal/report"
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
	sc, err := pl.resolveScenario()
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(pl, sc, ds, "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
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
