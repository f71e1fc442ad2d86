package server

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
)

// TestRetaliationThroughAPI: a scenario with a retaliation block posted as
// JSON (the contract's form) or named as a built-in gives the direct
// solve's result, retaliation section included, for both rules.
func TestRetaliationThroughAPI(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, name := range []string{"liberation-day-reciprocal-retaliation", "liberation-day-optimal-retaliation"} {
		want := directSolve(t, name)
		src, _ := scenario.BuiltinSource(name)
		ids := []string{ts.post(t, `{"kind": "solve", "scenario": `+string(yamlToJSON(t, src))+`}`)}
		if name == "liberation-day-reciprocal-retaliation" {
			ids = append(ids, ts.post(t, map[string]any{"kind": "solve", "builtin": name}))
		}
		for _, id := range ids {
			doc := ts.wait(t, id, 120*time.Second)
			if doc.Status != store.Done || doc.Error != nil {
				t.Fatalf("%s run %s: %+v", name, id, doc)
			}
			if !sameJSON(normalized(t, doc.Result), want) {
				t.Errorf("%s run %s: the API result differs from the direct solve", name, id)
			}
			var res struct {
				Retaliation *struct {
					Rule, Leader string
					Partners     []json.RawMessage
				}
			}
			if err := json.Unmarshal(doc.Result, &res); err != nil || res.Retaliation == nil || res.Retaliation.Leader != "USA" || len(res.Retaliation.Partners) < 190 {
				t.Errorf("%s run %s: retaliation section %+v (%v)", name, id, res.Retaliation, err)
			}
		}
	}
}
