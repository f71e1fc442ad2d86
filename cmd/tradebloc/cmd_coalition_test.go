package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// A hand-computed three-player payoff table (A, B, C plus a leader L):
//   - {} : nobody gains by joining alone except A (1 > 0)      → unstable
//   - {A}: B gains by joining (2 > 0)                          → unstable
//   - {A,B}: C gains nothing by joining (−1 < 0); A and B lose by leaving
//     (A: 0 < 2, B: 1 < 2)                                     → stable
//   - {A,B,C}: C gains by leaving (0 > −1)                     → unstable
//   - {C}, {A,C}, {B,C}, {B}: unstable (see rows)
//
// so exactly {A,B} is stable.
const handPayoffs = `members,country,payoff
,A,0
,B,0
,C,0
,L,0
A,A,1
A,B,0
A,C,0
A,L,1
B,A,0
B,B,-1
B,C,0
B,L,0
C,A,0
C,B,0
C,C,-1
C,L,0
A+B,A,2
A+B,B,2
A+B,C,0
A+B,L,3
A+C,A,1
A+C,B,0
A+C,C,-1
A+C,L,1
B+C,A,0
B+C,B,1
B+C,C,-1
B+C,L,0
A+B+C,A,2
A+B+C,B,2
A+B+C,C,-1
A+B+C,L,4
`

func TestCoalitionStabilityFromCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "payoffs.csv")
	if err := os.WriteFile(path, []byte(handPayoffs), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "coalition", "stability", "--payoffs", path, "--leader", "L", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Stable []struct {
			Members    []string           `json:"members"`
			Internal   bool               `json:"internally_stable"`
			External   bool               `json:"externally_stable"`
			Group      bool               `json:"group_stable"`
			WelfarePct map[string]float64 `json:"welfare_pct"`
		} `json:"stable"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Stable) != 1 || strings.Join(doc.Stable[0].Members, "+") != "A+B" || !doc.Stable[0].Group || doc.Stable[0].WelfarePct["L"] != 3 {
		t.Fatalf("stable = %+v, want exactly A+B (group stable, leader payoff 3)", doc.Stable)
	}

	// Errors name the file, line and field.
	bad := strings.Replace(handPayoffs, "A+B,B,2", "A+B,B,two", 1)
	badPath := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(badPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = runCLI(t, "coalition", "stability", "--payoffs", badPath)
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "bad.csv:19") || !strings.Contains(err.Error(), "payoff") {
		t.Errorf("bad payoff: %v", err)
	}
	missing := strings.Replace(handPayoffs, "A+C,B,0\n", "", 1)
	if err := os.WriteFile(badPath, []byte(missing), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = runCLI(t, "coalition", "stability", "--payoffs", badPath)
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "missing payoff of B") {
		t.Errorf("missing row: %v", err)
	}
}

const cliGame = `name: cli-game
model: {trade_elasticity: 4}
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, KOR]
  threat: {schedule: liberation-day}
  retaliation: mirror_leader
  transshipment: {share: 0.2, cost: 0.05}
`

func TestCoalitionCommand(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "game.yaml")
	if err := os.WriteFile(path, []byte(cliGame), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "coalition", path, "--format", "json", "--payoffs")
	if err != nil {
		t.Fatal(err)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"leader", "targets", "candidates", "solves", "seconds", "stable", "accession_path", "required_threat_pct", "payoffs",
		"stable_count", "candidates_status", "accession_vs_leading", "accession_order_to_leading", "required_threats", "leader_welfare_no_bloc_pct", "leader_best_membership"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("coalition JSON lacks %q", k)
		}
	}
	if n := len(rep["payoffs"].([]any)); n != 8 {
		t.Errorf("%d payoff rows, want 2^3", n)
	}
	// --export gives a plain scenario that solve agrees with.
	y, err := runCLI(t, "coalition", path, "--export", "CAN+KOR")
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "plain.yaml")
	if err := os.WriteFile(plain, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	solved, err := runCLI(t, "solve", plain, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	explained, err := runCLI(t, "coalition", path, "--explain", "CAN+KOR", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Countries []struct {
			Code    string  `json:"code"`
			Welfare float64 `json:"welfare_pct"`
		} `json:"countries"`
	}
	var e struct {
		WelfarePct map[string]float64 `json:"welfare_pct"`
	}
	if json.Unmarshal([]byte(solved), &s) != nil || json.Unmarshal([]byte(explained), &e) != nil {
		t.Fatal("bad JSON")
	}
	for _, c := range s.Countries {
		if w, ok := e.WelfarePct[c.Code]; ok && (w-c.Welfare > 1e-9 || c.Welfare-w > 1e-9) {
			t.Errorf("%s: explain %g, solve of export %g", c.Code, w, c.Welfare)
		}
	}
	if len(e.WelfarePct) < 5 {
		t.Errorf("explain reports %v", e.WelfarePct)
	}
}

func TestCoalitionBadInput(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"target.yaml":  strings.Replace(cliGame, "[CAN, MEX, KOR]", "[CAN, CHN]", 1),
		"unknown.yaml": strings.Replace(cliGame, "[CAN, MEX, KOR]", "[CAN, ZZZ]", 1),
		"large.yaml":   strings.Replace(cliGame, "candidates: [CAN, MEX, KOR]", "candidates: {top: 20}", 1),
		"typo.yaml":    strings.Replace(cliGame, "retaliation:", "retaliaton:", 1),
	}
	for name, body := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := runCLI(t, "coalition", p); errs.ExitCode(err) != 2 {
			t.Errorf("%s: exit %d (%v), want 2", name, errs.ExitCode(err), err)
		}
	}
	if _, err := runCLI(t, "coalition", "liberation-day"); errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "no coalition block") {
		t.Errorf("scenario without a coalition block: %v", err)
	}
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, []byte(cliGame), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := runCLI(t, "coalition", good, "--explain", "CAN+FRA"); errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "not a candidate") {
		t.Errorf("explain with a non-candidate: %v", err)
	}
}

// TestCoalitionCSV: the CSV has a section per table, --table picks one, and
// a table that does not exist or a table of JSON is bad usage.
func TestCoalitionCSV(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "game.yaml")
	if err := os.WriteFile(path, []byte(cliGame), 0o644); err != nil {
		t.Fatal(err)
	}
	all, err := runCLI(t, "coalition", path, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"stable", "accession", "candidates", "threats", "lessons", "summary"} {
		if !strings.Contains(all, "# table: "+name+"\n") {
			t.Errorf("CSV lacks the %s section:\n%s", name, all)
		}
	}
	one, err := runCLI(t, "coalition", path, "--format", "csv", "--table", "threats")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(one, "candidate,\"required threat (additional tariff, %)\"") || strings.Contains(one, "# table") || strings.Count(one, "\n") != 4 {
		t.Errorf("--table threats:\n%s", one)
	}
	text, err := runCLI(t, "coalition", path, "--table", "candidates")
	if err != nil || !strings.HasPrefix(text, "Why each candidate") {
		t.Errorf("--table candidates as text: %v\n%s", err, text)
	}
	for _, args := range [][]string{{"--table", "nope"}, {"--table", "threats", "--format", "json"}, {"--explain", "CAN", "--table", "threats"}} {
		if _, err := runCLI(t, append([]string{"coalition", path}, args...)...); errs.ExitCode(err) != 2 {
			t.Errorf("%v: exit %d (%v), want 2", args, errs.ExitCode(err), err)
		}
	}
	ex, err := runCLI(t, "coalition", path, "--explain", "CAN+MEX", "--format", "csv")
	if err != nil || !strings.Contains(ex, "# table: verdicts") || !strings.Contains(ex, "# table: candidates") {
		t.Errorf("--explain as CSV: %v\n%s", err, ex)
	}
}

// TestCoalitionEmptyMembership: an empty --export or --explain is bad input
// (exit 2, naming the flag) before any solve, not a silent run of the
// whole game; "none" still names the empty coalition.
func TestCoalitionEmptyMembership(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "game.yaml")
	if err := os.WriteFile(path, []byte(cliGame), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--export", ""}, {"--export", " "}, {"--explain", ""}, {"--explain", "", "--format", "csv"}} {
		out, err := runCLI(t, append([]string{"coalition", path}, args...)...)
		if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), args[0]) || out != "" {
			t.Errorf("%q: exit %d (%v), output %d bytes; want exit 2 naming %s and no output", args, errs.ExitCode(err), err, len(out), args[0])
		}
	}
	y, err := runCLI(t, "coalition", path, "--export", "none")
	if err != nil || !strings.Contains(y, "name: \"cli-game/none\"") {
		t.Errorf("--export none: %v\n%.300s", err, y)
	}
}

// routedCLIGame is cliGame with the targets answering and their goods
// rerouted through every conduit: its report has the conduits and
// target_response tables.
var routedCLIGame = strings.NewReplacer("retaliation: mirror_leader", "target_response: reciprocal",
	"transshipment: {share: 0.2, cost: 0.05}", "transshipment: {elasticity: 4, cost: 0.05, capacity: 0.1}").Replace(cliGame)

// TestCoalitionConduitsTable: --table accepts every table the report
// prints, the conduits and the side-by-side answer included (README's
// example), and the CSV lists every conduit, as its text note promises,
// where the text table shows the 15 largest.
func TestCoalitionConduitsTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "routed.yaml")
	if err := os.WriteFile(path, []byte(routedCLIGame), 0o644); err != nil {
		t.Fatal(err)
	}
	js, err := runCLI(t, "coalition", path, "--format", "json", "--no-bands")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Leading struct {
			Conduits []struct{} `json:"transshipment_conduits"`
		} `json:"leading"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	n := len(rep.Leading.Conduits)
	if n <= 15 {
		t.Fatalf("%d conduits: the test needs more than the text shows", n)
	}
	csvOut, err := runCLI(t, "coalition", path, "--format", "csv", "--table", "conduits", "--no-bands")
	if err != nil {
		t.Fatalf("--table conduits: %v", err)
	}
	if rows := strings.Count(csvOut, "\n") - 1; rows != n {
		t.Errorf("--format csv --table conduits: %d rows, the JSON %d conduits", rows, n)
	}
	text, err := runCLI(t, "coalition", path, "--table", "conduits", "--no-bands")
	if err != nil || !strings.Contains(text, "the 15 largest are shown") {
		t.Errorf("--table conduits as text: %v\n%s", err, text)
	}
	if out, err := runCLI(t, "coalition", path, "--format", "csv", "--table", "target_response", "--no-bands"); err != nil || !strings.HasPrefix(out, "measure,with_answer,without_answer") {
		t.Errorf("--table target_response: %v\n%s", err, out)
	}
}
