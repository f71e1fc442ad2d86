package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/errs"
)

// Smoke tests of every command on the embedded icio-2022 world (issue 11):
// each runs, reads the world it was asked for, and never presents ROW as a
// country. Coalition, simulate and plan use two or three players so that
// they stay quick with input–output linkages.

// icioCoalition is a coalition scenario on icio-2022 with few candidates.
const icioCoalition = `name: icio-small
description: coalition of the compelled with three candidates
data: icio-2022
coalition:
  leader: USA
  targets: [CHN]
  candidates: [CAN, MEX, EU27]
  member_terms: {rate: 0.10}
  threat: {schedule: liberation-day}
  external_tariff: match
  retaliation: mirror_leader
  defector_penalty: 0.10
  objective: welfare
`

func writeTemp(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestICIODataShow(t *testing.T) {
	out, err := runCLI(t, "data", "show", "--data", "icio-2022", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Name           string   `json:"name"`
		Countries      int      `json:"countries"`
		Sectors        int      `json:"sectors"`
		Sources        []string `json:"sources"`
		ElasticitySets []string `json:"elasticity_sets"`
		InputOutput    bool     `json:"input_output"`
		TradeCoverage  string   `json:"trade_coverage"`
		SectorList     []struct {
			Code  string   `json:"code"`
			Theta *float64 `json:"trade_elasticity"`
		} `json:"sector_list"`
		Aggregates []struct {
			Code    string   `json:"code"`
			Members []string `json:"members"`
		} `json:"aggregates"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Name != "icio-2022" || s.Countries != 81 || s.Sectors != 28 || len(s.Sources) < 3 || len(s.ElasticitySets) != 8 || !s.InputOutput || s.TradeCoverage != "goods and services" {
		t.Errorf("summary %+v", s)
	}
	if len(s.SectorList) != 28 || s.SectorList[27].Code != "SERV" || s.SectorList[0].Theta == nil {
		t.Errorf("sector list %+v", s.SectorList)
	}
	if len(s.Aggregates) != 1 || s.Aggregates[0].Code != "ROW" || len(s.Aggregates[0].Members) != 116 {
		t.Errorf("aggregates %+v", s.Aggregates)
	}
	text, err := runCLI(t, "data", "show", "--data", "icio-2022")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"80 + 1 aggregate", "BSY CP FGO GYY IS LL Shap U4", "ROW stands for: ABW", "C10T12", " TWN ", "units: AGO ARE"} {
		if !strings.Contains(text, want) {
			t.Errorf("data show lacks %q", want)
		}
	}
	top := text[strings.Index(text, "Largest 10 economies"):]
	top = top[:strings.Index(top, "domestic share =")]
	if strings.Contains(top, "ROW") {
		t.Error("ROW listed among the largest economies")
	}
}

// solveICIO solves a scenario on icio-2022 and returns the countries by code.
func solveICIO(t *testing.T, arg string) map[string]map[string]any {
	t.Helper()
	out, err := runCLI(t, "solve", arg, "--data", "icio-2022", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Converged  bool             `json:"converged"`
		Countries  []map[string]any `json:"countries"`
		Provenance struct {
			Dataset       string `json:"dataset"`
			TradeCoverage string `json:"trade_coverage"`
		} `json:"provenance"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Converged || doc.Provenance.Dataset != "icio-2022" || doc.Provenance.TradeCoverage != "goods and services" || len(doc.Countries) != 81 {
		t.Fatalf("converged %v, dataset %q, coverage %q, %d countries", doc.Converged, doc.Provenance.Dataset, doc.Provenance.TradeCoverage, len(doc.Countries))
	}
	by := map[string]map[string]any{}
	for _, c := range doc.Countries {
		by[c["code"].(string)] = c
	}
	return by
}

// TestICIOSolveIOOnOff is the acceptance: Liberation Day converges on
// icio-2022 with a result per sector, and input–output linkages change the
// answer.
func TestICIOSolveIOOnOff(t *testing.T) {
	on := solveICIO(t, "liberation-day")
	off := solveICIO(t, writeTemp(t, "ld-noio.yaml", "name: ld-noio\nmodel:\n  io: false\nshocks:\n  - tariff: {importer: USA, schedule: liberation-day}\n"))
	if sec, _ := on["USA"]["sectors"].([]any); len(sec) != 28 {
		t.Fatalf("USA has %d sectors in the JSON, want 28", len(sec))
	}
	if on["ROW"]["aggregate"] != true || on["USA"]["aggregate"] != nil {
		t.Errorf("aggregate flags: ROW %v, USA %v", on["ROW"]["aggregate"], on["USA"]["aggregate"])
	}
	for _, c := range []string{"USA", "CHN", "MEX"} {
		a, b := on[c]["welfare_pct"].(float64), off[c]["welfare_pct"].(float64)
		if math.Abs(a-b) < 0.01 {
			t.Errorf("%s: welfare %.4f%% with IO, %.4f%% without: IO should matter", c, a, b)
		}
	}
}

// TestICIOMemberError: a code that ROW stands for is an error naming the
// world, exit code 2.
func TestICIOMemberError(t *testing.T) {
	sc := writeTemp(t, "eth.yaml", "name: eth\ndata: icio-2022\nshocks:\n  - tariff: {importer: USA, exporter: ETH, rate: 0.5}\n")
	_, err := runCLI(t, "solve", sc)
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "ETH is part of ROW in icio-2022") || !strings.Contains(err.Error(), "eth.yaml:4") {
		t.Errorf("error %v (exit %d)", err, errs.ExitCode(err))
	}
	// The same code is a country of world-2023.
	if _, err := runCLI(t, "solve", sc, "--data", "world-2023", "--format", "json"); err != nil {
		t.Errorf("ETH on world-2023: %v", err)
	}
}

// TestICIOBadIOFile: a broken input share gets exit 2 with file, line and
// field.
func TestICIOBadIOFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "icio")
	if _, err := runCLI(t, "data", "export", dir, "--data", "icio-2022"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "io.csv")
	b, _ := os.ReadFile(p)
	lines := strings.Split(string(b), "\n")
	f := strings.Split(lines[4], ",")
	f[3] = "1.5"
	lines[4] = strings.Join(f, ",")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := runCLI(t, "solve", "liberation-day", "--data", dir)
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "io.csv:5") || !strings.Contains(err.Error(), `"share"`) {
		t.Errorf("error %v (exit %d), want io.csv:5 field share, exit 2", err, errs.ExitCode(err))
	}
}

// TestICIOAnalyses runs compare, benchmark, surplus, playbooks, coalition,
// simulate and plan on icio-2022.
func TestICIOAnalyses(t *testing.T) {
	noRow := func(name, out string) {
		t.Helper()
		if strings.Contains(out, `"ROW"`) {
			t.Errorf("%s: ROW presented as a country", name)
		}
	}
	out, err := runCLI(t, "compare", "liberation-day", "liberation-day-retaliation", "--data", "icio-2022", "--format", "json")
	if err != nil || !strings.Contains(out, `"dataset": "icio-2022"`) {
		t.Errorf("compare: %v", err)
	}
	out, err = runCLI(t, "benchmark", "liberation-day", "--data", "icio-2022", "--format", "json")
	if err != nil || !strings.Contains(out, `"trade_coverage": "goods and services"`) {
		t.Errorf("benchmark: %v", err)
	}
	noRow("benchmark", out)
	out, err = runCLI(t, "surplus", "--data", "icio-2022", "--format", "json")
	if err != nil || !strings.Contains(out, `"code": "DEU"`) {
		t.Errorf("surplus: %v", err)
	}
	noRow("surplus", out)
	if _, err := runCLI(t, "benchmark", "paths", "ROW", "--data", "icio-2022"); errs.ExitCode(err) != 2 {
		t.Errorf("benchmark paths ROW: %v, want exit 2", err)
	}
	out, err = runCLI(t, "playbooks", "run", "imperial-preference", "--data", "icio-2022", "--format", "json")
	if err != nil {
		t.Errorf("playbooks: %v", err)
	}
	noRow("playbooks", out)
	sc := writeTemp(t, "coal.yaml", icioCoalition)
	out, err = runCLI(t, "coalition", sc, "--format", "json")
	if err != nil || !strings.Contains(out, `"trade_coverage": "goods and services"`) {
		t.Fatalf("coalition: %v", err)
	}
	y, err := runCLI(t, "coalition", sc, "--export", "MEX")
	if err != nil || !strings.Contains(y, `data: "icio-2022"`) {
		t.Errorf("coalition --export: %v\n%s", err, y)
	}
	if _, err := runCLI(t, "simulate", sc, "--rounds", "2", "--format", "json"); err != nil {
		t.Errorf("simulate: %v", err)
	}
	// VNM is not among the US's two largest partners, but a branch moves it,
	// so it plays.
	plan := writeTemp(t, "plan.yaml", `name: small
scenario: `+sc+`
start: 2026-03-01
rounds: 2
draws: 2
seed: 1
top: 2
parameters:
  trade_elasticity: {low: 3, high: 6}
  adjustment_speed: {low: 0.15, high: 0.4}
  political_cost: {low: 0, high: 0.6}
branches:
  - name: vietnam-cuts
    probability: 0.5
    moves:
      - {player: VNM, action: cut, round: 1}
  - name: standoff
    probability: 0.5
    escalation: false
`)
	out, err = runCLI(t, "plan", plan, "--data", "icio-2022", "--format", "json")
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	noRow("plan", out)
}
