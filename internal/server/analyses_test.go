package server

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/data"
	"github.com/tradebloc/tradebloc/internal/plan"
	"github.com/tradebloc/tradebloc/internal/playbook"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/simulate"
	"github.com/tradebloc/tradebloc/internal/store"
)

// smallPlanYAML is a plan without a coalition branch and with few draws: a
// second or so.
const smallPlanYAML = `name: small-plan
scenario: coalition-of-the-compelled
rounds: 3
draws: 3
seed: 5
signpost_round: 1
parameters:
  trade_elasticity: {low: 3, high: 5}
branches:
  - name: vietnam-cuts
    probability: 0.6
    moves: [{player: VNM, action: cut, round: 1}]
  - name: korea-rebalances
    probability: 0.4
    moves: [{player: KOR, action: rebalance, size: 2, round: 1}]
`

// encoded is v as the CLI prints it, decoded to a map with the timing keys
// zeroed.
func encoded(t *testing.T, v any, timing ...string) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := report.WriteJSON(&b, v); err != nil {
		t.Fatal(err)
	}
	return withoutKeys(t, b.Bytes(), timing...)
}

// withoutKeys decodes a JSON object and zeroes the given keys (a.b for a
// nested one).
func withoutKeys(t *testing.T, b []byte, keys ...string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, k := range keys {
		obj := m
		parts := strings.Split(k, ".")
		for _, p := range parts[:len(parts)-1] {
			obj, _ = obj[p].(map[string]any)
		}
		if obj != nil {
			if _, ok := obj[parts[len(parts)-1]]; ok {
				obj[parts[len(parts)-1]] = 0.0
			}
		}
	}
	return m
}

var planTiming = []string{"seconds", "solves_per_second", "coalition.seconds"}

func TestSimulatePlaybookPlanRuns(t *testing.T) {
	ts := newTestServer(t, Config{})
	ds, _ := data.Default()

	// simulate: the result is the document `tradebloc simulate` prints.
	sim := ts.post(t, map[string]any{"kind": "simulate", "builtin": "coalition-of-the-compelled", "rounds": 3, "moves": []string{"VNM=cut", "KOR=rebalance:2@1"}})
	pb := ts.post(t, `{"kind": "playbook", "playbook": "cocom", "leader": "USA", "target": "CHN"}`)
	pl := ts.post(t, map[string]any{"kind": "plan", "plan_yaml": smallPlanYAML, "draws": 4})

	doc := ts.wait(t, sim, 60*time.Second)
	if doc.Status != store.Done || doc.Progress != 1 || doc.Kind != KindSimulate || doc.Scenario != "coalition-of-the-compelled" {
		t.Fatalf("simulate run: %s %v progress %v", doc.Status, doc.Error, doc.Progress)
	}
	sc, _ := scenario.Builtin("coalition-of-the-compelled")
	w, err := simulate.NewWorld(sc, ds, "2026-03-01", true, 0)
	if err != nil {
		t.Fatal(err)
	}
	prm := simulate.DefaultParams()
	prm.Rounds = 3
	for _, m := range []string{"VNM=cut", "KOR=rebalance:2@1"} {
		mv, _ := simulate.ParseMove(m)
		prm.Moves = append(prm.Moves, mv)
	}
	tr, err := w.Run(context.Background(), prm)
	if err != nil {
		t.Fatal(err)
	}
	if api, direct := withoutKeys(t, doc.Result, "seconds"), encoded(t, tr.Report(0), "seconds"); !sameJSON(api, direct) {
		t.Errorf("simulate: the API result differs from the direct computation")
	}

	// playbook
	doc = ts.wait(t, pb, 30*time.Second)
	if doc.Status != store.Done || doc.Scenario != "cocom: USA vs CHN" {
		t.Fatalf("playbook run: %s %v %q", doc.Status, doc.Error, doc.Scenario)
	}
	p, _ := playbook.Lookup("cocom")
	res, err := playbook.Run(p, ds, "USA", "CHN", "")
	if err != nil {
		t.Fatal(err)
	}
	if api, direct := withoutKeys(t, doc.Result), encoded(t, res); !sameJSON(api, direct) {
		t.Errorf("playbook: the API result differs from the direct computation")
	}

	// plan (posted as YAML, draws overridden)
	doc = ts.wait(t, pl, 60*time.Second)
	if doc.Status != store.Done || doc.Scenario != "small-plan" || doc.Progress != 1 {
		t.Fatalf("plan run: %s %v %q %v", doc.Status, doc.Error, doc.Scenario, doc.Progress)
	}
	parsed, err := plan.Parse([]byte(smallPlanYAML), "<yaml>")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := plan.Run(context.Background(), parsed, ds, plan.Options{Draws: 4})
	if err != nil {
		t.Fatal(err)
	}
	if api, direct := withoutKeys(t, doc.Result, planTiming...), encoded(t, rep, planTiming...); !sameJSON(api, direct) {
		t.Errorf("plan: the API result differs from the direct computation")
	}
	var got plan.Report
	if err := json.Unmarshal(doc.Result, &got); err != nil || got.Draws != 4 || len(got.Branches) != 2 {
		t.Fatalf("plan result: %v %+v", err, got)
	}
	sum := 0.0
	for _, b := range got.Branches {
		sum += b.Probability
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("branch probabilities sum to %v", sum)
	}
}

func TestPlaybooksAndPlansLists(t *testing.T) {
	ts := newTestServer(t, Config{})
	var pbs struct {
		Playbooks []struct {
			Name, Period, Summary, Mechanism string
			Account                          struct{ Dates string }
		}
		DefaultLeader string `json:"default_leader"`
	}
	if resp := ts.do(t, "GET", "/api/v1/playbooks", nil, &pbs); resp.StatusCode != 200 || len(pbs.Playbooks) != len(playbook.All()) || pbs.DefaultLeader != "USA" {
		t.Fatalf("playbooks: %d %+v", resp.StatusCode, pbs)
	}
	for _, p := range pbs.Playbooks {
		if p.Name == "" || p.Period == "" || p.Summary == "" || p.Mechanism == "" || p.Account.Dates == "" {
			t.Errorf("playbook %+v", p)
		}
	}
	var pls struct {
		Plans []PlanInfo
	}
	if resp := ts.do(t, "GET", "/api/v1/plans", nil, &pls); resp.StatusCode != 200 || len(pls.Plans) != len(plan.BuiltinNames()) {
		t.Fatalf("plans: %d %+v", resp.StatusCode, pls)
	}
	for _, p := range pls.Plans {
		sum := 0.0
		for _, b := range p.Branches {
			sum += b.Probability
		}
		if p.Name != "after-the-ruling" || !strings.Contains(p.YAML, "name: after-the-ruling") || p.Draws != 1000 || math.Abs(sum-1) > 1e-9 || len(p.Branches) != 6 {
			t.Errorf("plan %s: draws %d, %d branches summing to %v", p.Name, p.Draws, len(p.Branches), sum)
		}
	}
}

func TestAnalysisBadRequests(t *testing.T) {
	ts := newTestServer(t, Config{})
	cases := []struct {
		name, body, want string
	}{
		{"simulate without coalition", `{"kind": "simulate", "builtin": "liberation-day"}`, "coalition: block"},
		{"simulate rounds", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "rounds": 99}`, `field "rounds": want 1 to 40 quarters`},
		{"simulate speed", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "speed": 2}`, `field "speed"`},
		{"simulate start", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "start": "March 2026"}`, `field "start"`},
		{"simulate bad move", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "moves": ["VNM=surrender"]}`, `unknown action "surrender"`},
		{"simulate unknown player", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "moves": ["ARG=cut"]}`, `"ARG" is not a player`},
		{"simulate target joins", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "moves": ["CHN=join"]}`, "a target cannot join"},
		{"simulate top", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "top": 500}`, `"top"`},
		{"simulate yaml error", `{"kind": "simulate", "scenario_yaml": "name: x\ncoalition:\n  targetz: [CHN]\n"}`, "<yaml>:3:3"},
		{"option of another kind", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "draws": 5}`, `"draws" applies to plan runs only`},
		{"scenario on a playbook", `{"kind": "playbook", "playbook": "cocom", "builtin": "liberation-day"}`, `"builtin" applies to solve, benchmark, coalition, simulate runs only`},
		{"playbook missing", `{"kind": "playbook"}`, `needs "playbook"`},
		{"playbook unknown", `{"kind": "playbook", "playbook": "marshall-plan"}`, `unknown playbook "marshall-plan" (playbooks: continental-system, imperial-preference, `},
		{"playbook leader", `{"kind": "playbook", "playbook": "cocom", "leader": "XXX"}`, `"leader": unknown country "XXX"`},
		{"playbook target is leader", `{"kind": "playbook", "playbook": "cocom", "target": "USA"}`, `field "target": the target USA is the leader itself`},
		// The CLI's checks and messages (playbook.CheckRoles, with
		// data.Dataset.CheckCountry's hints), named by the request's keys.
		{"playbook leader lower case", `{"kind": "playbook", "playbook": "cocom", "leader": "usa"}`, `field "leader": unknown country "usa" (not in dataset world-2023) (country codes are upper case: USA)`},
		{"playbook leader group", `{"kind": "playbook", "playbook": "cocom", "leader": "EU27"}`, `field "leader": EU27 is a group of 27 countries`},
		{"playbook target group", `{"kind": "playbook", "playbook": "cocom", "target": "EU27"}`, `field "target": EU27 is a group of 27 countries`},
		{"playbook target aggregate", `{"kind": "playbook", "playbook": "cocom", "target": "ROW", "data": "icio-2022"}`, `field "target": ROW stands for`},
		{"playbook target in ROW", `{"kind": "playbook", "playbook": "cocom", "target": "KWT", "data": "icio-2022"}`, `field "target": unknown country "KWT": KWT is part of ROW in icio-2022`},
		{"playbook both in the EU27", `{"kind": "playbook", "playbook": "cocom", "leader": "FRA", "target": "DEU"}`, `field "target": the target DEU and the leader FRA are both in the EU27`},
		{"plan none", `{"kind": "plan"}`, `exactly one of "builtin_plan"`},
		{"plan two", `{"kind": "plan", "builtin_plan": "after-the-ruling", "plan_yaml": "name: x"}`, `exactly one of "builtin_plan"`},
		{"plan unknown builtin", `{"kind": "plan", "builtin_plan": "before-the-ruling"}`, `no built-in plan "before-the-ruling"`},
		{"plan draws", `{"kind": "plan", "builtin_plan": "after-the-ruling", "draws": 0}`, `"draws": want 1 to 100000`},
		{"plan seed", `{"kind": "plan", "builtin_plan": "after-the-ruling", "seed": -3}`, `"seed"`},
		{"plan not an object", `{"kind": "plan", "plan": [1]}`, "JSON object"},
		{"plan yaml error", `{"kind": "plan", "plan_yaml": "name: p\nbranchez: []\n"}`, `<yaml>:2:1: field "branchez": unknown key`},
		{"plan json error", `{"kind": "plan", "plan": {"name": "p", "rounds": "many", "branches": []}}`, `<json>:1:`},
		{"plan scenario path", `{"kind": "plan", "plan_yaml": "name: p\nscenario: /etc/passwd\nbranches:\n  - {name: a, probability: 1}\n"}`, "must name a built-in scenario"},
		{"plan unknown player", `{"kind": "plan", "plan_yaml": "name: p\nbranches:\n  - name: a\n    probability: 1\n    moves: [{player: ZZZ, action: cut}]\n"}`, `<yaml>:3: branch "a": "ZZZ" is not a player`},
		{"plan probabilities", `{"kind": "plan", "plan_yaml": "name: p\nbranches:\n  - {name: a, probability: 0.5}\n"}`, "<yaml>:"},
	}
	for _, c := range cases {
		var out struct{ Error string }
		resp := ts.do(t, "POST", "/api/v1/runs", c.body, &out)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out.Error, c.want) {
			t.Errorf("%s: %d %q, want 400 mentioning %q", c.name, resp.StatusCode, out.Error, c.want)
		}
	}
	var list RunList
	ts.do(t, "GET", "/api/v1/runs", nil, &list)
	if len(list.Runs) != 0 {
		t.Errorf("bad requests created %d runs", len(list.Runs))
	}
}

// TestCancelPlan cancels the built-in plan (about a minute of work) once its
// Monte Carlo has started; the worker is free again at once, as the plan
// honours its context.
func TestCancelPlan(t *testing.T) {
	ts := newTestServer(t, Config{Workers: 1})
	id := ts.post(t, map[string]any{"kind": "plan", "builtin_plan": "after-the-ruling"})
	deadline := time.Now().Add(40 * time.Second)
	var doc RunDoc
	for {
		ts.do(t, "GET", "/api/v1/runs/"+id, nil, &doc)
		if doc.Status == store.Running && strings.HasPrefix(doc.Phase, "Monte Carlo") && doc.Progress > planPhaseShare {
			break
		}
		if doc.Status.Finished() || time.Now().After(deadline) {
			t.Fatalf("the plan never reached its Monte Carlo: %+v", doc)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("plan at %.1f%% (%s) when cancelled", 100*doc.Progress, doc.Phase)
	start := time.Now()
	var c RunDoc
	if resp := ts.do(t, "POST", "/api/v1/runs/"+id+"/cancel", nil, &c); resp.StatusCode != 200 || c.Status != store.Cancelled || c.Error == nil || *c.Error != "cancelled by request" {
		t.Fatalf("cancel running plan: %d %+v", resp.StatusCode, c)
	}
	next := ts.post(t, map[string]any{"kind": "playbook", "playbook": "imperial-preference"})
	if d := ts.wait(t, next, 15*time.Second); d.Status != store.Done {
		t.Fatalf("playbook after cancel: %+v", d)
	}
	t.Logf("worker free %.2fs after cancelling a running plan", time.Since(start).Seconds())
	if d := ts.wait(t, id, time.Second); d.Status != store.Cancelled || (len(d.Result) > 0 && string(d.Result) != "null") {
		t.Errorf("the cancelled plan: %+v", d)
	}
}
