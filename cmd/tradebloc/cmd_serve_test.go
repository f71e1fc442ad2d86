package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/server"
	"github.com/tradebloc/tradebloc/internal/store"
)

// TestServeSolveEqualsCLI is the acceptance check of issue 6: a solve posted
// to the API (as JSON, the contract's form) has as its result the document
// `tradebloc solve --format json` prints for the same scenario (but for the
// solve's timing).
func TestServeSolveEqualsCLI(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "runs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := server.New(context.Background(), server.Config{Store: st, Version: version})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close(context.Background())
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()

	scenarioJSON := `{"name": "api-check", "description": "Liberation Day with EU retaliation in kind",
		"model": {"trade_elasticity": 4, "deficits": "fixed"},
		"shocks": [{"tariff": {"importer": "USA", "schedule": "liberation-day"}},
		           {"tariff": {"importer": "EU27", "exporter": "USA", "mirror": true}}]}`
	resp, err := http.Post(hs.URL+"/api/v1/runs", "application/json", strings.NewReader(`{"kind": "solve", "scenario": `+scenarioJSON+`}`))
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST: %d", resp.StatusCode)
	}
	var run struct {
		Status string
		Result json.RawMessage
	}
	for deadline := time.Now().Add(30 * time.Second); run.Status != "done"; time.Sleep(20 * time.Millisecond) {
		r, err := http.Get(hs.URL + "/api/v1/runs/" + created.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		json.Unmarshal(b, &run)
		if run.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("run: %s", b)
		}
	}

	// The same scenario as a file, through the CLI (JSON is YAML).
	file := filepath.Join(t.TempDir(), "api-check.yaml")
	if err := writeFile(file, scenarioJSON); err != nil {
		t.Fatal(err)
	}
	out, err := runCLI(t, "solve", file, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	api, cli := withoutTiming(t, run.Result), withoutTiming(t, []byte(out))
	if !bytes.Equal(api, cli) {
		t.Errorf("API result and `tradebloc solve --format json` differ:\nAPI %.300s\nCLI %.300s", api, cli)
	}
}

func withoutTiming(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %.200s", err, b)
	}
	m["solve_seconds"] = 0
	out, _ := json.Marshal(m)
	return out
}

func writeFile(path, s string) error {
	return report.WriteFileAtomic(path, []byte(s))
}
