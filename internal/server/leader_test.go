package server

import (
	"encoding/json"
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
