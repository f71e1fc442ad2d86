package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/errs"
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

// TestServeAnalysesEqualCLI: simulate, playbook and plan runs posted to the
// API have as their results the documents `tradebloc simulate`, `playbooks
// run` and `plan` print with --format json for the same inputs (but for the
// timing keys).
func TestServeAnalysesEqualCLI(t *testing.T) {
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

	cases := []struct {
		name   string
		body   string
		cli    []string
		timing []string
	}{
		{"simulate", `{"kind": "simulate", "builtin": "coalition-of-the-compelled", "rounds": 3, "moves": ["VNM=cut", "KOR=rebalance:2@1"], "grace": 2}`,
			[]string{"simulate", "coalition-of-the-compelled", "--rounds", "3", "--move", "VNM=cut", "--move", "KOR=rebalance:2@1", "--grace", "2"}, []string{"seconds"}},
		{"playbook", `{"kind": "playbook", "playbook": "league-sanctions", "leader": "USA", "target": "RUS"}`,
			[]string{"playbooks", "run", "league-sanctions", "--leader", "USA", "--target", "RUS"}, nil},
		{"plan", `{"kind": "plan", "builtin_plan": "after-the-ruling", "draws": 3, "seed": 7}`,
			[]string{"plan", "after-the-ruling", "--draws", "3", "--seed", "7"}, []string{"seconds", "solves_per_second", "coalition.seconds"}},
	}
	ids := make([]string, len(cases))
	for k, c := range cases {
		resp, err := http.Post(hs.URL+"/api/v1/runs", "application/json", strings.NewReader(c.body))
		if err != nil {
			t.Fatal(err)
		}
		var created struct{ ID string }
		json.NewDecoder(resp.Body).Decode(&created)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("%s: POST %d", c.name, resp.StatusCode)
		}
		ids[k] = created.ID
	}
	for k, c := range cases {
		var run struct {
			Status string
			Result json.RawMessage
		}
		for deadline := time.Now().Add(60 * time.Second); run.Status != "done"; time.Sleep(50 * time.Millisecond) {
			r, err := http.Get(hs.URL + "/api/v1/runs/" + ids[k])
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(r.Body)
			r.Body.Close()
			json.Unmarshal(b, &run)
			if run.Status == "failed" || time.Now().After(deadline) {
				t.Fatalf("%s run: %.300s", c.name, b)
			}
		}
		out, err := runCLI(t, append(c.cli, "--format", "json")...)
		if err != nil {
			t.Fatalf("%s CLI: %v", c.name, err)
		}
		api, cli := serveZeroKeys(t, run.Result, c.timing), serveZeroKeys(t, []byte(out), c.timing)
		if !bytes.Equal(api, cli) {
			t.Errorf("%s: API result and the CLI's --format json differ:\nAPI %.400s\nCLI %.400s", c.name, api, cli)
		}
	}
}

// serveZeroKeys re-encodes a JSON object with the given keys (a.b: nested)
// zeroed, where present.
func serveZeroKeys(t *testing.T, b []byte, keys []string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %.200s", err, b)
	}
	for _, k := range keys {
		obj, parts := m, strings.Split(k, ".")
		for _, p := range parts[:len(parts)-1] {
			obj, _ = obj[p].(map[string]any)
		}
		if _, ok := obj[parts[len(parts)-1]]; ok {
			obj[parts[len(parts)-1]] = 0
		}
	}
	out, _ := json.Marshal(m)
	return out
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServeGuards: a server bound to loopback answers only loopback host
// names (and --allowed-host ones); a second server on the same database
// is refused with exit 2; a bad --keep-runs is bad usage.
func TestServeGuards(t *testing.T) {
	db := filepath.Join(t.TempDir(), "runs.db")
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	root := newRootCommand()
	root.SetOut(out)
	root.SetErr(io.Discard)
	root.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--allowed-host", "tradebloc.example", "--keep-runs", "30d"})
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	defer func() { cancel(); <-done }()
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if _, rest, ok := strings.Cut(out.String(), "serving on "); ok {
			base = strings.Fields(rest)[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not start: %q", out.String())
		}
	}
	for host, want := range map[string]int{"": 200, "localhost": 200, "tradebloc.example": 200, "rebound.evil.example": 403} {
		req, _ := http.NewRequest("GET", base+"/healthz", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %q: %d, want %d", host, resp.StatusCode, want)
		}
	}
	_, err := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--db", db)
	if errs.ExitCode(err) != 2 || !strings.Contains(err.Error(), "in use by another tradebloc server") {
		t.Errorf("second server on %s: exit %d (%v)", db, errs.ExitCode(err), err)
	}
	for _, v := range []string{"0", "-3", "soon", "0d", "-1h"} {
		if _, err := runCLI(t, "serve", "--keep-runs", v); errs.ExitCode(err) != 2 {
			t.Errorf("--keep-runs %s: exit %d (%v)", v, errs.ExitCode(err), err)
		}
	}
}

// TestServeBadDB: a --db the server cannot use as its run store is bad
// usage (exit 2) naming --db and saying what is wrong with it (was: exit 1,
// "unable to open database file (14)" without the flag). An unreachable
// PostgreSQL server is not the command line's fault: exit 1, still naming
// --db.
func TestServeBadDB(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, db string
		code     int
		want     string
	}{
		{"missing directory", filepath.Join(dir, "nodir", "x.db"), 2, "does not exist"},
		{"a directory", dir, 2, "is a directory"},
		{"not SQLite", text, 2, "not a SQLite database"},
		{"bad SQLite path", "runs.db?mode=ro", 2, "bad SQLite path"},
		{"bad PostgreSQL URL", "postgres://u@host:notaport/db", 2, "postgres"},
		{"PostgreSQL unreachable", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2", 1, "connect to postgres"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := runCLI(t, "serve", "--addr", "127.0.0.1:0", "--db", c.db)
			if errs.ExitCode(err) != c.code || !strings.Contains(err.Error(), `"--db"`) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("--db %s: exit %d (%v); want exit %d naming --db and saying %q", c.db, errs.ExitCode(err), err, c.code, c.want)
			}
		})
	}
}
