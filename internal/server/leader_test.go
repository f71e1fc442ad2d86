package server

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// TestSolveLeaderAsTheCLI: a solve run reports the leader that `tradebloc
// solve` without --leader reports (engine.ReportedLeader). On a dataset of
// the user's own without the US (testdata/example, the fixture of the CLI's
// TestSolveWithoutDefaultLeader) that is no leader: no "leader" key, no
// bilateral_balance_with_leader_* and no balance "with" anyone in the
// summary. Before, the API alone took the largest economy, AAA, as the
// leader nobody named. On the embedded world the leader is still USA.
func TestSolveLeaderAsTheCLI(t *testing.T) {
	dataDir := t.TempDir()
	copyDir(t, filepath.Join("..", "data", "testdata", "example"), filepath.Join(dataDir, "example"))
	ts := newTestServer(t, Config{DataDir: dataDir})
	toy := map[string]any{"name": "toy", "data": "example",
		"shocks": []any{map[string]any{"tariff": map[string]any{"importer": "AAA", "exporter": "*", "rate": 0.2}}}}
	for _, tc := range []struct {
		name   string
		body   map[string]any
		leader string // "" = none reported
	}{
		{"dataset without USA", map[string]any{"kind": "solve", "scenario": toy, "no_bands": true}, ""},
		{"embedded world", map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true}, "USA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := ts.wait(t, ts.post(t, tc.body), 60*time.Second)
			if doc.Status != store.Done {
				t.Fatalf("run: %+v", doc)
			}
			var res struct {
				Leader    *string `json:"leader"`
				Countries []map[string]any
			}
			if err := json.Unmarshal(doc.Result, &res); err != nil {
				t.Fatal(err)
			}
			if len(res.Countries) == 0 {
				t.Fatalf("no countries in %s", doc.Result)
			}
			if tc.leader == "" {
				if res.Leader != nil {
					t.Errorf("leader %q reported on a dataset without USA; want none, as the CLI", *res.Leader)
				}
				if strings.Contains(string(doc.Result), "bilateral_balance_with_leader") {
					t.Errorf("balances with a leader nobody named: %s", doc.Result)
				}
				if strings.Contains(doc.Summary, "with AAA") || strings.Contains(doc.Summary, "USA") || !strings.Contains(doc.Summary, "Among the 3 economies") {
					t.Errorf("summary names a leader or lacks the world's line:\n%s", doc.Summary)
				}
				return
			}
			if res.Leader == nil || *res.Leader != tc.leader {
				t.Fatalf("leader %v, want %s", res.Leader, tc.leader)
			}
			for _, c := range res.Countries {
				if c["code"] != tc.leader {
					if _, ok := c["bilateral_balance_with_leader_before"]; !ok {
						t.Fatalf("%v has no balance with the leader", c["code"])
					}
				}
			}
		})
	}
}

// TestBenchmarkLeaderAsTheCLI: a benchmark run takes its leader as
// `tradebloc benchmark` does (engine.RequireLeader). On a dataset of the
// user's own without the US (testdata/example) a run that names no leader
// is refused with the CLI's message, naming the request's key and the
// largest economy, where the API took that economy, AAA, silently; a
// "leader" key, which only playbook runs took, names the leader and is
// checked as the CLI checks --leader (data.Dataset.CheckCountry). On the
// embedded world a run without one is benchmarked against USA, as before.
func TestBenchmarkLeaderAsTheCLI(t *testing.T) {
	dataDir := t.TempDir()
	copyDir(t, filepath.Join("..", "data", "testdata", "example"), filepath.Join(dataDir, "example"))
	ts := newTestServer(t, Config{DataDir: dataDir})
	toy := map[string]any{"name": "toy", "data": "example",
		"shocks": []any{map[string]any{"tariff": map[string]any{"importer": "AAA", "exporter": "*", "rate": 0.2}}}}
	bench := func(leader string) map[string]any {
		b := map[string]any{"kind": "benchmark", "scenario": toy}
		if leader != "" {
			b["leader"] = leader
		}
		return b
	}
	for _, tc := range []struct {
		name string
		body map[string]any
		want string // the 400's error; "" = the run is done with leader
		lead string
	}{
		{"no leader on a dataset without USA", bench(""),
			`field "leader": dataset example has no USA, the default leader: name the leader with "leader": "CODE" (its largest economy is AAA)`, ""},
		{"unknown leader", bench("ZZZ"), `field "leader": unknown country "ZZZ"`, ""},
		{"lower-case leader", bench("bbb"), `field "leader": unknown country "bbb" (not in dataset example) (country codes are upper case: BBB)`, ""},
		{"group as leader", bench("BLOC"), `field "leader": BLOC is a group of 2 countries in example`, ""},
		{"leader on a solve run", map[string]any{"kind": "solve", "scenario": toy, "leader": "AAA"}, `"leader" applies to benchmark, playbook runs only`, ""},
		// BBB, not the largest economy: the key is what decides.
		{"leader named", bench("BBB"), "", "BBB"},
		{"embedded world, no leader", map[string]any{"kind": "benchmark", "builtin": "liberation-day"}, "", "USA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want != "" {
				var out struct{ Error string }
				resp := ts.do(t, "POST", "/api/v1/runs", tc.body, &out)
				if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out.Error, tc.want) {
					t.Fatalf("%d %q, want 400 with %q", resp.StatusCode, out.Error, tc.want)
				}
				return
			}
			doc := ts.wait(t, ts.post(t, tc.body), 120*time.Second)
			if doc.Status != store.Done {
				t.Fatalf("run: %+v", doc)
			}
			var res struct {
				Leader    string           `json:"leader"`
				Countries []map[string]any `json:"countries"`
			}
			if err := json.Unmarshal(doc.Result, &res); err != nil {
				t.Fatal(err)
			}
			if res.Leader != tc.lead || len(res.Countries) == 0 {
				t.Fatalf("leader %q (%d countries), want %s", res.Leader, len(res.Countries), tc.lead)
			}
		})
	}
}
