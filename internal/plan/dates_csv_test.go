package plan

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/report"
)

func runWith(t *testing.T, opt Options) *Report {
	t.Helper()
	pl, ok := Builtin("after-the-ruling")
	if !ok {
		t.Fatal("no built-in after-the-ruling")
	}
	pl.Rounds, pl.SignpostRound = 3, 1
	// The branches without the coalition game (seconds of solves each)
	// have dates, signposts and every table to check.
	var keep []Branch
	sum := 0.0
	for _, b := range pl.Branches {
		if !b.Coalition {
			keep = append(keep, b)
			sum += b.Probability
		}
	}
	for k := range keep {
		keep[k].Probability /= sum
	}
	pl.Branches = keep
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	opt.Draws, opt.Seed, opt.HasSeed = 4, 3, true
	rep, err := Run(context.Background(), pl, ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestPlanStartDate: the built-in plan starts today unless told otherwise,
// its signposts are dated from its start, and a plan whose dates are past
// says so.
func TestPlanStartDate(t *testing.T) {
	today := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		start, wantStart, from, signpost string
		note                             string
	}{
		{"", "2026-11-27", StartFromToday, "2027-02-27", ""},
		{"2027-01-01", "2027-01-01", StartFromOption, "2027-04-01", ""},
		{"2026-10-01", "2026-10-01", StartFromOption, "2027-01-01", "This plan starts on 2026-10-01, before today (2026-11-27): its start is past. Run it from today with --start 2026-11-27."},
		{"2026-06-01", "2026-06-01", StartFromOption, "2026-09-01", "its first 1 quarter(s) are past, and so are its signposts (dated 2026-09-01)"},
		{"2025-01-01", "2025-01-01", StartFromOption, "2025-04-01", "This plan's dates are all past: it starts on 2025-01-01 and its last round (2025-10-01) is before today"},
	}
	for _, tc := range tests {
		rep := runWith(t, Options{Start: tc.start, Today: today})
		if rep.Start != tc.wantStart || rep.StartFrom != tc.from {
			t.Errorf("start %q: report starts %s (%s), want %s (%s)", tc.start, rep.Start, rep.StartFrom, tc.wantStart, tc.from)
		}
		for _, b := range rep.Branches {
			for _, s := range b.Signposts {
				if s.Date != tc.signpost {
					t.Fatalf("start %q: signpost dated %s, want %s", tc.start, s.Date, tc.signpost)
				}
			}
		}
		var dated []string // the notes on dates, not those on results, classifications or the threat
		for _, n := range rep.Notes {
			if !strings.HasPrefix(n, valuationNotePrefix) && !strings.HasPrefix(n, knifeEdgeNotePrefix) && !strings.HasPrefix(n, "schedule ") {
				dated = append(dated, n)
			}
		}
		notes := strings.Join(dated, " ")
		if (tc.note == "") != (notes == "") || !strings.Contains(notes, tc.note) {
			t.Errorf("start %q: notes %q, want %q", tc.start, notes, tc.note)
		}
	}
	pl, _ := Builtin("after-the-ruling")
	pl.Start = "2026-03-01" // a plan file's own date is kept, and flagged as past
	if s, from, _ := ResolveStart(pl, Options{}); s != "2026-03-01" || from != StartFromPlan {
		t.Errorf("plan file's start: %s (%s)", s, from)
	}
	if _, _, err := ResolveStart(pl, Options{Start: "2026-02-30"}); err == nil {
		t.Error("2026-02-30 accepted")
	}
}

// TestPlanCSV: the CSV carries every table of the report, signposts
// included, with one number per cell at full precision and units in the
// headers; --table picks one; winners gain and losers lose.
func TestPlanCSV(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	tables := rep.CSVTables()
	byName := map[string]*report.Table{}
	for k, tb := range tables {
		byName[tb.Name] = tb
		if tb.Name != CSVTableNames[k] {
			t.Errorf("table %d is %q, CSVTableNames says %q", k, tb.Name, CSVTableNames[k])
		}
	}
	for _, name := range []string{"run", "branches", "outcomes", "winners_losers", "signposts", "fan", "tornado"} {
		if byName[name] == nil {
			t.Fatalf("no %s table", name)
		}
	}
	nSig := 0
	for _, b := range rep.Branches {
		nSig += len(b.Signposts)
		for _, x := range b.Winners {
			if x.WelfarePct.P50 <= 0 {
				t.Errorf("%s: winner %s at %v", b.Name, x.Code, x.WelfarePct.P50)
			}
		}
		for _, x := range b.Losers {
			if x.WelfarePct.P50 >= 0 {
				t.Errorf("%s: loser %s at %v", b.Name, x.Code, x.WelfarePct.P50)
			}
		}
	}
	if sig := byName["signposts"]; len(sig.Rows) != nSig || nSig == 0 {
		t.Errorf("signposts: %d rows for %d signposts", len(sig.Rows), nSig)
	}
	if h := strings.Join(byName["branches"].Columns, ","); !strings.Contains(h, "USA_welfare_pct_p10,USA_welfare_pct_p50,USA_welfare_pct_p90") || !strings.Contains(h, "USA_balance_gdp_pct_p50") {
		t.Errorf("branches header %q lacks units", h)
	}
	// Every cell of a column named as a number parses as one.
	numeric := func(col string) bool {
		for _, suf := range []string{"_p10", "_p50", "_p90", "probability", "threshold", "frequency", "hit_rate", "low", "high", "outcome_at_low", "outcome_at_high", "outcome_at_central", "round", "rank"} {
			if strings.HasSuffix(col, suf) {
				return true
			}
		}
		return col == "t"
	}
	for _, tb := range tables {
		for _, r := range tb.Rows {
			for k, c := range r {
				if numeric(tb.Columns[k]) && c != "" {
					if _, err := strconv.ParseFloat(c, 64); err != nil {
						t.Errorf("%s.%s: %q is not one number", tb.Name, tb.Columns[k], c)
					}
				}
				if strings.Contains(c, " / ") {
					t.Errorf("%s.%s: %q packs several numbers", tb.Name, tb.Columns[k], c)
				}
			}
		}
	}
	// The signpost thresholds keep the report's precision (the first row is
	// the first branch that has a signpost).
	var first Signpost
	for _, b := range rep.Branches {
		if len(b.Signposts) > 0 {
			first = b.Signposts[0]
			break
		}
	}
	if got := byName["signposts"].Rows[0][5]; got != strconv.FormatFloat(first.Threshold, 'g', -1, 64) {
		t.Errorf("threshold %s, report %v", got, first.Threshold)
	}
	var all, one strings.Builder
	if err := report.WriteCSVTables(&all, tables, ""); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(all.String(), "\n\n"); n != len(tables)-1 {
		t.Errorf("%d section breaks for %d tables", n, len(tables))
	}
	for _, tb := range tables {
		if !strings.Contains(all.String(), "# table: "+tb.Name+"\n") {
			t.Errorf("no section line for table %s", tb.Name)
		}
	}
	if err := report.WriteCSVTables(&one, tables, "signposts"); err != nil || !strings.HasPrefix(one.String(), "branch,indicator,round,date,direction,threshold,branch_p10") || strings.Contains(one.String(), "\n\n") {
		t.Errorf("--table signposts: %v\n%s", err, one.String())
	}
	if err := report.WriteCSVTables(&one, tables, "nope"); err == nil || !strings.Contains(err.Error(), "signposts") {
		t.Errorf("unknown table: %v", err)
	}
}

// TestSignpostsAreObservable: a signpost's branch median stands at least
// MinSeparation from the other branches' (a balance moved by 0.03 pp of
// GDP cannot be seen in data revised by half a point), and the report says
// which branches are left with none.
func TestSignpostsAreObservable(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	none := 0
	for _, b := range rep.Branches {
		for _, s := range b.Signposts {
			if gap := s.Branch.P50 - s.OthersP50; gap < 0.5-1e-9 && -gap < 0.5-1e-9 {
				t.Errorf("%s: %s median %v, others %v: closer than half a point", b.Name, s.Indicator, s.Branch.P50, s.OthersP50)
			}
		}
		if len(b.Signposts) == 0 {
			none++
		}
	}
	// Two branches that watch the same indicator stand apart on it.
	for i, b1 := range rep.Branches {
		for _, b2 := range rep.Branches[i+1:] {
			for _, s1 := range b1.Signposts {
				for _, s2 := range b2.Signposts {
					if s1.Indicator == s2.Indicator && abs(s1.Branch.P50-s2.Branch.P50) < 0.5-1e-9 {
						t.Errorf("%s and %s share the signpost %s (medians %v, %v)", b1.Name, b2.Name, s1.Indicator, s1.Branch.P50, s2.Branch.P50)
					}
				}
			}
		}
	}
	notes := 0
	for _, tb := range rep.Tables() {
		for _, n := range tb.Notes {
			if strings.Contains(n, "has no signpost") {
				notes++
			}
		}
	}
	if notes != none {
		t.Errorf("%d branches without a signpost, %d notes saying so", none, notes)
	}
}

// TestRebalancingBranchNetOfTransfers: in the branch where Japan, Korea and
// Germany commit to rebalance, their welfare is real income net of the
// spending the commitment finances by lower saving. Korea's 2-pp commitment
// would otherwise show as a gain of about 2% of spending; net of it, the
// commitment's real effect on income, a fraction of a point either way.
func TestRebalancingBranchNetOfTransfers(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	found := false
	for _, b := range rep.Branches {
		if b.Name != "partners-rebalance" {
			continue
		}
		found = true
		for _, c := range []string{"KOR", "JPN"} {
			q, ok := b.Outcomes.WelfarePct[c]
			if !ok {
				t.Fatalf("no welfare for %s", c)
			}
			if q.P50 > 0.5 || q.P50 < -1.5 {
				t.Errorf("%s median welfare %+.3f%%: counts the borrowed spending (or worse)", c, q.P50)
			}
		}
	}
	if !found {
		t.Fatal("no partners-rebalance branch")
	}
}

// TestDeficitWinnersNamed: under fixed deficits the winners' lists are led
// by deficit economies (the Philippines), most of whose gain is the
// valuation of their deficit, and the losers' by surplus economies
// (Ireland, Singapore), most of whose loss is the valuation of their
// surplus, measured per draw; the report names both sides with it, and
// neither on the other side.
func TestDeficitWinnersNamed(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	var note string
	for _, n := range rep.Notes {
		if strings.HasPrefix(n, valuationNotePrefix) {
			note = n
		}
	}
	win, lose, ok := strings.Cut(note, "; losers ")
	if !ok {
		t.Fatalf("no losers in the valuation note: %q", rep.Notes)
	}
	if !strings.Contains(win, "winners PHL +") || !strings.Contains(win, "(valuation +") {
		t.Fatalf("no note naming the Philippines with its valuation: %q", note)
	}
	for _, c := range []string{"IRL", "SGP"} {
		if !strings.Contains(lose, c+" -") {
			t.Errorf("surplus economy %s, a loser mostly by the valuation of its surplus, not named among the losers: %s", c, lose)
		}
	}
	// Ireland loses by valuation in more than one branch, which its one
	// entry says.
	if _, irl, _ := strings.Cut(lose, "IRL "); !strings.Contains(strings.SplitN(irl, ")", 2)[0], "; so in ") {
		t.Errorf("IRL's entry does not count its other branches: %s", lose)
	}
	if strings.Contains(lose, "(valuation +") {
		t.Errorf("a loser named for a positive valuation: %s", lose)
	}
	for _, c := range []string{"CHN", "DEU", "SGP", "IRL"} {
		if strings.Contains(win, c+" ") {
			t.Errorf("surplus economy %s named as a valuation winner: %s", c, win)
		}
	}
	if strings.Contains(lose, "PHL ") {
		t.Errorf("the Philippines named as a valuation loser: %s", lose)
	}
}

func TestOwedToValuation(t *testing.T) {
	for _, c := range []struct {
		change, v float64
		want      bool
	}{
		{0.43, 0.22, true},    // a gain half of which is valuation (PHL)
		{-2.34, -1.50, true},  // a loss most of which is (IRL)
		{-0.60, -0.10, false}, // a loss mostly from trade
		{0.20, 0.09, false},   // under half
		{-0.08, -0.04, false}, // too small to print
		{0.30, -0.40, false},  // a gain despite the valuation
		{-0.30, 0.40, false},  // a loss despite it
	} {
		if got := owedToValuation(c.change, c.v); got != c.want {
			t.Errorf("owedToValuation(%v, %v) = %v, want %v", c.change, c.v, got, c.want)
		}
	}
}

func abs(x float64) float64 { return math.Abs(x) }

func TestApartFromEach(t *testing.T) {
	for _, c := range []struct {
		v      float64
		others []float64
		want   bool
	}{
		{55.62, []float64{1.62, 55.62}, false}, // shared with one branch, though far from the pooled median
		{17, []float64{6.8, 6.8, 10}, true},
		{-0.03, []float64{-0.03}, false},
		{3, nil, true},
	} {
		if got := apartFromEach(c.v, c.others, 0.5); got != c.want {
			t.Errorf("apartFromEach(%v, %v) = %v", c.v, c.others, got)
		}
	}
}

// TestTwinBranchesHaveNoSignposts: two branches with the same moves cannot
// be told apart by anything one could watch, however far both stand from
// the rest; neither may list a signpost.
func TestTwinBranchesHaveNoSignposts(t *testing.T) {
	pl, ok := Builtin("after-the-ruling")
	if !ok {
		t.Fatal("no built-in after-the-ruling")
	}
	pl.Rounds, pl.SignpostRound = 3, 1
	var keep []Branch
	for _, b := range pl.Branches {
		if b.Name == "partners-rebalance" || b.Name == "standoff" {
			keep = append(keep, b)
		}
	}
	if len(keep) != 2 {
		t.Fatalf("branches %v", keep)
	}
	twin := keep[0]
	twin.Name = keep[0].Name + "-twin"
	keep = append(keep, twin)
	// The twin is unlikely and the other branch likely, so the others'
	// pooled median is the other branch's: only the test against each
	// branch sees the twin.
	keep[0].Probability, keep[1].Probability, keep[2].Probability = 0.45, 0.5, 0.05
	pl.Branches = keep
	ds, err := data.Default()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), pl, ds, Options{Draws: 4, Seed: 3, HasSeed: true, Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range rep.Branches {
		if strings.HasPrefix(b.Name, "partners-rebalance") && len(b.Signposts) > 0 {
			t.Errorf("%s lists %d signposts (first %s) though its twin plays the same moves", b.Name, len(b.Signposts), b.Signposts[0].Indicator)
		}
	}
}

// TestWelfareSaysNetOfTransfer: the plan's welfare is net of the transfer a
// rebalancing commitment finances, simulate's welfare % is not; the text
// and Markdown say which, once.
func TestWelfareSaysNetOfTransfer(t *testing.T) {
	rep := runWith(t, Options{Start: "2026-03-01", Today: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
	for _, f := range []report.Format{report.Text, report.Markdown} {
		var b strings.Builder
		if err := rep.Write(&b, f); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "net of the transfer a rebalancing commitment finances"); n != 1 {
			t.Errorf("%s: says %d times that welfare is net of the rebalancing transfer, want once", f, n)
		}
		if !strings.Contains(b.String(), "ex transfer %") {
			t.Errorf("%s: does not name simulate's comparable column", f)
		}
	}
}

// TestJoinGainIsTheGames: the plan says that the join gains that decide a
// coalition branch's members are the coalition game's (every non-member
// facing the threat), while its simulation relieves partners that meet the
// benchmark without joining: the review found a branch whose members lost
// by the join the plan scripts for them.
func TestJoinGainIsTheGames(t *testing.T) {
	n := coalitionNote(&CoalitionDoc{Members: []string{"CAN", "MEX"}, Candidates: 8, Theta: 4.5, Solves: 300, Seconds: 2})
	for _, want := range []string{"coalition game (K = 8, θ = 4.5, 300 solves, 2.0 s): leading coalition CAN+MEX", "every non-member faces the threat",
		"the branch's join is a premise, not a best response"} {
		if !strings.Contains(n, want) {
			t.Errorf("coalition note %q lacks %q", n, want)
		}
	}
}
