package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// TestFailedSolveKeepsReason: a solve the model cannot finish fails with
// the solver's reason (not "json: unsupported value: NaN"), and its stored
// result is the CLI's document with converged false and the same reason.
func TestFailedSolveKeepsReason(t *testing.T) {
	ts := newTestServer(t, Config{})
	id := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": "name: absurd\nshocks:\n  - tariff: {importer: USA, exporter: \"*\", rate_pct: 1e302}\n"})
	doc := ts.wait(t, id, 30*time.Second)
	if doc.Status != store.Failed || doc.Error == nil || !strings.Contains(*doc.Error, "did not converge") || strings.Contains(*doc.Error, "json:") {
		t.Fatalf("status %s error %v, want failed with the solver's reason", doc.Status, doc.Error)
	}
	var res struct {
		Converged *bool  `json:"converged"`
		Reason    string `json:"reason"`
	}
	if err := json.Unmarshal(doc.Result, &res); err != nil || res.Converged == nil || *res.Converged || res.Reason == "" {
		t.Fatalf("result %.200s: %v", doc.Result, err)
	}
	if !strings.Contains(*doc.Error, res.Reason) {
		t.Errorf("error %q does not carry the result's reason %q", *doc.Error, res.Reason)
	}
}

// TestUnnamedScenarioNamedByKind: a posted scenario without a name is
// shown by its kind of run, in the list, the result and the summary.
func TestUnnamedScenarioNamedByKind(t *testing.T) {
	ts := newTestServer(t, Config{})
	id := ts.post(t, map[string]any{"kind": "solve", "scenario": map[string]any{"shocks": []any{map[string]any{"tariff": map[string]any{"importer": "USA", "exporter": "CHN", "rate": 0.3}}}}})
	doc := ts.wait(t, id, 30*time.Second)
	var res struct{ Scenario string }
	_ = json.Unmarshal(doc.Result, &res)
	var list RunList
	ts.do(t, "GET", "/api/v1/runs", nil, &list)
	const want = "unnamed solve scenario"
	if doc.Scenario != want || res.Scenario != want || len(list.Runs) != 1 || list.Runs[0].Scenario != want || strings.Contains(doc.Summary, `""`) {
		t.Errorf("run %q, result %q, list %+v, summary %q: want %q throughout", doc.Scenario, res.Scenario, list.Runs, doc.Summary, want)
	}
}
