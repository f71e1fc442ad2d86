package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/store"
)

// TestICIORuns: a posted scenario may name the embedded icio-2022 world,
// playbook runs take "data", and a code that ROW stands for is a bad
// request naming the world.
func TestICIORuns(t *testing.T) {
	ts := newTestServer(t, Config{})
	solve := ts.post(t, `{"kind": "solve", "scenario": {"name": "ld", "data": "icio-2022", "shocks": [{"tariff": {"importer": "USA", "schedule": "liberation-day"}}]}}`)
	pb := ts.post(t, `{"kind": "playbook", "playbook": "imperial-preference", "data": "icio-2022"}`)

	doc := ts.wait(t, solve, 60*time.Second)
	var res struct {
		Provenance struct{ Dataset string }
		Countries  []struct {
			Code    string
			Sectors []json.RawMessage
		}
	}
	if doc.Status != store.Done || json.Unmarshal(doc.Result, &res) != nil || res.Provenance.Dataset != "icio-2022" || len(res.Countries) != 81 || len(res.Countries[0].Sectors) != 28 {
		t.Fatalf("solve on icio-2022: %s %v, dataset %q, %d countries", doc.Status, doc.Error, res.Provenance.Dataset, len(res.Countries))
	}
	doc = ts.wait(t, pb, 60*time.Second)
	var play struct{ Members []string }
	if doc.Status != store.Done || json.Unmarshal(doc.Result, &play) != nil || len(play.Members) != 6 || strings.Contains(strings.Join(play.Members, " "), "ROW") {
		t.Fatalf("playbook on icio-2022: %s %v, members %v", doc.Status, doc.Error, play.Members)
	}
	for _, c := range []struct{ name, body, want string }{
		{"member of ROW", `{"kind": "solve", "scenario": {"name": "x", "data": "icio-2022", "shocks": [{"tariff": {"importer": "USA", "exporter": "ETH", "rate": 0.5}}]}}`, "ETH is part of ROW in icio-2022"},
		{"unknown embedded world", `{"kind": "playbook", "playbook": "cocom", "data": "icio-2019"}`, `"data": unknown embedded dataset "icio-2019"`},
		{"unknown dataset on a solve run", `{"kind": "solve", "builtin": "liberation-day", "data": "icio-2019"}`, `"icio-2019": this server offers only the embedded datasets (world-2023, icio-2022`},
		{"ROW as a playbook target", `{"kind": "playbook", "playbook": "cocom", "data": "icio-2022", "target": "ETH"}`, "ETH is part of ROW"},
	} {
		var out struct{ Error string }
		resp := ts.do(t, "POST", "/api/v1/runs", c.body, &out)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(out.Error, c.want) {
			t.Errorf("%s: %d %q, want 400 mentioning %q", c.name, resp.StatusCode, out.Error, c.want)
		}
	}
}
