package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/engine"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
	"github.com/tradebloc/tradebloc/internal/sweep"
)

// directSolve is the solve document of a built-in scenario computed without
// the server, with the timing zeroed (it is the one field that differs
// between two solves).
func directSolve(t *testing.T, name string) map[string]any {
	t.Helper()
	sc, _ := scenario.Builtin(name)
	out, err := engine.Run(sc, "", engine.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	doc := engine.SolveDoc(out, engine.DocOptions{Version: testVersion})
	ds, err := engine.LoadData(sc, "")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Bands, err = sweep.Bands(context.Background(), nil, sc, ds); err != nil { // a solve run's default, as the CLI's
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := report.WriteJSON(&b, doc); err != nil {
		t.Fatal(err)
	}
	return normalized(t, b.Bytes())
}

func normalized(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("result is not JSON: %v", err)
	}
	m["solve_seconds"] = 0.0
	return m
}

func sameJSON(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestHealthzScenariosOpenAPI(t *testing.T) {
	ts := newTestServer(t, Config{})
	var h map[string]any
	if resp := ts.do(t, "GET", "/healthz", nil, &h); resp.StatusCode != 200 || h["status"] != "ok" || h["version"] != testVersion {
		t.Fatalf("healthz: %d %v", resp.StatusCode, h)
	}
	var sc struct{ Scenarios []ScenarioInfo }
	ts.do(t, "GET", "/api/v1/scenarios", nil, &sc)
	if len(sc.Scenarios) != len(scenario.BuiltinNames()) {
		t.Fatalf("%d scenarios, want %d", len(sc.Scenarios), len(scenario.BuiltinNames()))
	}
	kinds := map[string]string{}
	for _, s := range sc.Scenarios {
		kinds[s.Name] = s.Kind
		if s.Description == "" || !strings.Contains(s.YAML, "name: "+s.Name) {
			t.Errorf("scenario %s: %+v", s.Name, s)
		}
	}
	if kinds["liberation-day"] != KindSolve || kinds["coalition-of-the-compelled"] != KindCoalition {
		t.Errorf("kind hints: %v", kinds)
	}
	var spec struct {
		OpenAPI string
		Paths   map[string]map[string]any
	}
	ts.do(t, "GET", "/api/v1/openapi.json", nil, &spec)
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi version %q", spec.OpenAPI)
	}
	for path, methods := range map[string][]string{
		"/healthz": {"get"}, "/api/v1/scenarios": {"get"}, "/api/v1/runs": {"get", "post"},
		"/api/v1/runs/{id}": {"get", "delete"}, "/api/v1/runs/{id}/cancel": {"post"}, "/api/v1/openapi.json": {"get"},
		"/api/v1/playbooks": {"get"}, "/api/v1/plans": {"get"},
	} {
		for _, m := range methods {
			if spec.Paths[path][m] == nil {
				t.Errorf("openapi.json does not describe %s %s", strings.ToUpper(m), path)
			}
		}
	}
}

func TestUIAndSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, Config{})
	for path, ctype := range map[string]string{"/": "text/html", "/runs/abc123": "text/html", "/compare": "text/html",
		"/static/app.js": "text/javascript", "/static/app.css": "text/css", "/healthz": "application/json"} {
		resp := ts.do(t, "GET", path, nil, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		h := resp.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: security headers %v", path, h)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("the CSP allows inline script or style")
	}
	// No inline script or third-party asset in the page.
	b, _ := uiFS.ReadFile("ui/index.html")
	if bytes.Contains(b, []byte("<script>")) || bytes.Contains(b, []byte("http://")) || bytes.Contains(b, []byte("https://")) || bytes.Contains(b, []byte(" style=")) {
		t.Error("index.html has inline script/style or an external asset")
	}
	for _, p := range []string{"/nope", "/static/nope.js"} {
		if resp := ts.do(t, "GET", p, nil, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
	ts.errorOf(t, "GET", "/api/v2/whatever", nil, 404)
}

func TestSolveRunMatchesDirectSolve(t *testing.T) {
	ts := newTestServer(t, Config{})
	want := directSolve(t, "liberation-day")

	byName := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})
	// The same scenario posted as JSON (the contract's form) and as YAML.
	src, _ := scenario.BuiltinSource("liberation-day")
	asJSON := yamlToJSON(t, src)
	byJSON := ts.post(t, `{"kind": "solve", "scenario": `+string(asJSON)+`}`)
	byYAML := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": string(src)})
	for _, id := range []string{byName, byJSON, byYAML} {
		doc := ts.wait(t, id, 30*time.Second)
		if doc.Status != store.Done || doc.Error != nil || doc.Progress != 1 || doc.Kind != "solve" || doc.Scenario != "liberation-day" {
			t.Fatalf("run %s: %+v", id, doc)
		}
		if got := normalized(t, doc.Result); !sameJSON(got, want) {
			t.Errorf("run %s: the API result differs from the direct solve", id)
		}
		if !strings.Contains(doc.Summary, "United States: real income") || doc.Links.UI != "/runs/"+id {
			t.Errorf("run %s: summary %q links %+v", id, doc.Summary, doc.Links)
		}
		if time.Since(doc.Created) > time.Minute || doc.Created.After(time.Now().Add(time.Second)) {
			t.Errorf("created %v", doc.Created)
		}
	}
	// bilateral adds the flows, as --bilateral does.
	id := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "bilateral": true})
	var res struct{ Bilateral []any }
	json.Unmarshal(ts.wait(t, id, 30*time.Second).Result, &res)
	if len(res.Bilateral) == 0 {
		t.Error("bilateral: true gave no bilateral flows")
	}
}

// yamlToJSON converts a built-in scenario to the JSON form of the API
// through a generic decode (the scenario package reads either).
func yamlToJSON(t *testing.T, src []byte) []byte {
	t.Helper()
	m := map[string]any{}
	if err := yamlUnmarshal(src, &m); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBenchmarkAndCoalitionRuns(t *testing.T) {
	ts := newTestServer(t, Config{})
	id := ts.post(t, map[string]any{"kind": "benchmark", "builtin": "liberation-day"})
	doc := ts.wait(t, id, 30*time.Second)
	var bm struct {
		Leader    string
		Countries []struct {
			Code           string
			MeetsBenchmark bool `json:"meets_benchmark"`
		}
	}
	if err := json.Unmarshal(doc.Result, &bm); doc.Status != store.Done || err != nil || bm.Leader != "USA" || len(bm.Countries) < 100 {
		t.Fatalf("benchmark run: %s %v %+v", doc.Status, err, bm.Leader)
	}

	// A small coalition game (2^3 memberships) runs to the end with progress.
	small := `{"kind": "coalition", "scenario": {"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}}`
	id = ts.post(t, small)
	doc = ts.wait(t, id, 60*time.Second)
	var rep struct {
		Leader        string
		Candidates    []string
		Stable        []any
		AccessionPath []any `json:"accession_path"`
	}
	if err := json.Unmarshal(doc.Result, &rep); doc.Status != store.Done || err != nil || rep.Leader != "USA" || len(rep.Candidates) != 3 || len(rep.AccessionPath) != 3 {
		t.Fatalf("coalition run: %s %v %v %+v", doc.Status, doc.Error, err, rep)
	}
	if doc.Progress != 1 {
		t.Errorf("finished coalition progress %v", doc.Progress)
	}
}

func TestCancel(t *testing.T) {
	// The built-in game takes seconds: cancel it once it has made progress.
	ts := newTestServer(t, Config{Workers: 1})
	id := ts.post(t, map[string]any{"kind": "coalition", "builtin": "coalition-of-the-compelled"})
	queued := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})
	deadline := time.Now().Add(30 * time.Second)
	for {
		var doc RunDoc
		ts.do(t, "GET", "/api/v1/runs/"+id, nil, &doc)
		if doc.Status == store.Running && doc.Progress > 0 && doc.Progress < 1 {
			if doc.Phase == "" {
				t.Error("a running coalition reports no phase")
			}
			break
		}
		if doc.Status.Finished() || time.Now().After(deadline) {
			t.Fatalf("coalition run never showed progress: %+v", doc)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The queued solve is cancelled with POST …/cancel (status cancelled,
	// not failed); the running game is deleted outright with DELETE.
	var c RunDoc
	if resp := ts.do(t, "POST", "/api/v1/runs/"+queued+"/cancel", nil, &c); resp.StatusCode != 200 || c.Status != store.Cancelled || c.Error == nil || *c.Error != "cancelled by request" {
		t.Fatalf("cancel queued: %d %+v", resp.StatusCode, c)
	}
	start := time.Now()
	if resp := ts.do(t, "DELETE", "/api/v1/runs/"+id, nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE running: %d", resp.StatusCode)
	}
	ts.errorOf(t, "GET", "/api/v1/runs/"+id, nil, http.StatusNotFound)
	// The worker frees up promptly (the game honours its context): a new
	// solve completes soon after.
	next := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})
	if d := ts.wait(t, next, 20*time.Second); d.Status != store.Done {
		t.Fatalf("solve after cancel: %+v", d)
	}
	t.Logf("worker free %.2fs after cancelling a running coalition game", time.Since(start).Seconds())
	if d := ts.wait(t, queued, time.Second); d.Status != store.Cancelled {
		t.Errorf("the cancelled queued run ran: %+v", d)
	}
	ts.errorOf(t, "POST", "/api/v1/runs/"+queued+"/cancel", nil, http.StatusConflict)
	if resp := ts.do(t, "DELETE", "/api/v1/runs/"+queued, nil, nil); resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE of a cancelled run: %d", resp.StatusCode)
	}
	var list RunList
	ts.do(t, "GET", "/api/v1/runs", nil, &list)
	for _, r := range list.Runs {
		if r.ID == id || r.ID == queued {
			t.Errorf("deleted run %s still listed", r.ID)
		}
	}
	ts.errorOf(t, "DELETE", "/api/v1/runs/ffffffffffffffffffffffff", nil, http.StatusNotFound)
}

func TestRunTimeout(t *testing.T) {
	ts := newTestServer(t, Config{RunTimeout: 300 * time.Millisecond})
	id := ts.post(t, map[string]any{"kind": "coalition", "builtin": "coalition-of-the-compelled"})
	doc := ts.wait(t, id, 20*time.Second)
	if doc.Status != store.Failed || doc.Error == nil || !strings.Contains(*doc.Error, "timed out") {
		t.Fatalf("run past its timeout: %+v", doc)
	}
}

func TestBadRequests(t *testing.T) {
	ts := newTestServer(t, Config{})
	cases := []struct {
		name, body, want string
	}{
		{"malformed JSON", `{"kind": "solve", `, "malformed request JSON"},
		{"unknown key", `{"kind": "solve", "builtin": "liberation-day", "extra": 1}`, "unknown field"},
		{"unknown kind", `{"kind": "forecast", "builtin": "liberation-day"}`, `unknown kind "forecast"`},
		{"no kind", `{"builtin": "liberation-day"}`, `"kind" is required: one of solve, benchmark, coalition`},
		{"no scenario", `{"kind": "solve"}`, "exactly one of"},
		{"two scenarios", `{"kind": "solve", "builtin": "liberation-day", "scenario_yaml": "name: x"}`, "exactly one of"},
		{"unknown builtin", `{"kind": "solve", "builtin": "nope"}`, `no built-in scenario "nope"`},
		{"scenario not an object", `{"kind": "solve", "scenario": [1, 2]}`, "JSON object"},
		{"scenario parse error", `{"kind": "solve", "scenario": {"name": "x", "shocks": [{"tarif": {"importer": "USA"}}]}}`, `"tarif"`},
		{"file reference", `{"kind": "solve", "scenario": {"shocks": [{"tariff": {"importer": "USA", "file": "/etc/passwd"}}]}}`, "file references are not allowed"},
		{"unknown country", `{"kind": "solve", "scenario": {"shocks": [{"tariff": {"importer": "XXX", "exporter": "*", "rate": 0.1}}]}}`, "XXX"},
		{"coalition without block", `{"kind": "coalition", "builtin": "liberation-day"}`, "coalition: block"},
		{"bilateral on benchmark", `{"kind": "benchmark", "builtin": "liberation-day", "bilateral": true}`, "solve runs only"},
		{"yaml syntax", `{"kind": "solve", "scenario_yaml": "name: [unclosed"}`, "YAML syntax"},
		{"yaml error located", `{"kind": "solve", "scenario_yaml": "name: x\nshocks:\n  - tarif: {importer: USA}\n"}`, `<yaml>:3:5: field "shocks[0].tarif"`},
	}
	for _, c := range cases {
		msg := ts.errorOf(t, "POST", "/api/v1/runs", c.body, http.StatusBadRequest)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: error %q does not mention %q", c.name, msg, c.want)
		}
	}
	for _, path := range []string{"/api/v1/runs/ffffffffffffffffffffffff", "/api/v1/runs/BAD..ID", "/api/v1/runs/" + strings.Repeat("a", 100)} {
		ts.errorOf(t, "GET", path, nil, http.StatusNotFound)
	}
	for _, q := range []string{"limit=0", "limit=x", "limit=100000", "before=-1"} {
		ts.errorOf(t, "GET", "/api/v1/runs?"+q, nil, http.StatusBadRequest)
	}
	// Over 1 MiB: 413, whatever the content.
	big := `{"kind": "solve", "scenario_yaml": "` + strings.Repeat("#", MaxBody) + `"}`
	ts.errorOf(t, "POST", "/api/v1/runs", big, http.StatusRequestEntityTooLarge)
	// A body just under the limit is read (and then judged on its content).
	ok := `{"kind": "solve", "builtin": "liberation-day"}` + strings.Repeat(" ", MaxBody-100)
	if resp := ts.do(t, "POST", "/api/v1/runs", ok, nil); resp.StatusCode != http.StatusCreated {
		t.Errorf("a body under 1 MiB: %d", resp.StatusCode)
	}
	// A cross-site browser POST is refused (CSRF on a loopback server).
	req, _ := http.NewRequest("POST", ts.url+"/api/v1/runs", strings.NewReader(`{"kind":"solve","builtin":"liberation-day"}`))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Error string }
	// Refused in JSON, the shape of every API error.
	if err := json.NewDecoder(resp.Body).Decode(&body); resp.StatusCode != http.StatusForbidden || err != nil ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body.Error, "cross-origin") {
		t.Errorf("cross-site POST: %d %q, error %q (%v); want 403 with a JSON error", resp.StatusCode, resp.Header.Get("Content-Type"), body.Error, err)
	}
}

func TestDataDirAndPathTraversal(t *testing.T) {
	root := t.TempDir()
	dataDir := filepath.Join(root, "datasets")
	os.MkdirAll(dataDir, 0o755)
	copyDir(t, filepath.Join("..", "data", "testdata", "example"), filepath.Join(dataDir, "example"))
	secret := filepath.Join(root, "secret")
	copyDir(t, filepath.Join("..", "data", "testdata", "example"), secret)
	if err := os.Symlink(secret, filepath.Join(dataDir, "escape")); err != nil {
		t.Fatal(err)
	}
	body := func(data string) string {
		b, _ := json.Marshal(map[string]any{"kind": "solve", "scenario": map[string]any{"name": "mini", "data": data,
			"shocks": []any{map[string]any{"tariff": map[string]any{"importer": "AAA", "exporter": "*", "rate": 0.2}}}}})
		return string(b)
	}
	ts := newTestServer(t, Config{DataDir: dataDir})
	for _, bad := range []string{"../secret", "example/../../secret", "/etc", secret, "escape", "nope", `..\secret`, "example/trade.csv"} {
		msg := ts.errorOf(t, "POST", "/api/v1/runs", body(bad), http.StatusBadRequest)
		if bad != secret && strings.Contains(msg, root) { // (echoing the client's own path is fine)
			t.Errorf("data %q: the error reveals the server's path: %q", bad, msg)
		}
	}
	id := ts.post(t, body("example"))
	if doc := ts.wait(t, id, 20*time.Second); doc.Status != store.Done {
		t.Fatalf("run on a dataset under --data-dir: %+v", doc)
	}
	// Without --data-dir only the embedded dataset is offered.
	plain := newTestServer(t, Config{})
	plain.errorOf(t, "POST", "/api/v1/runs", body("example"), http.StatusBadRequest)
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func TestQueueFull(t *testing.T) {
	ts := newTestServer(t, Config{Workers: 1, Queue: 1})
	release := make(chan struct{})
	started := make(chan string, 4)
	ts.beforeRun = func(id string) { started <- id; <-release }
	var once sync.Once
	defer once.Do(func() { close(release) })
	body := map[string]any{"kind": "solve", "builtin": "liberation-day"}
	first := ts.post(t, body)
	<-started // the worker holds the first run
	second := ts.post(t, body)
	var out struct{ Error string }
	resp := ts.do(t, "POST", "/api/v1/runs", body, &out)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || out.Error == "" {
		t.Fatalf("POST beyond the queue: %d Retry-After %q %q", resp.StatusCode, resp.Header.Get("Retry-After"), out.Error)
	}
	var h struct{ Queued, Running int }
	ts.do(t, "GET", "/healthz", nil, &h)
	if h.Queued != 1 || h.Running != 1 {
		t.Errorf("healthz with a full queue: %+v", h)
	}
	once.Do(func() { close(release) })
	for _, id := range []string{first, second} {
		if d := ts.wait(t, id, 20*time.Second); d.Status != store.Done {
			t.Errorf("run %s: %+v", id, d)
		}
	}
	// With room again, runs are accepted.
	ts.beforeRun = nil
	ts.post(t, body)
}

func TestListPaging(t *testing.T) {
	ts := newTestServer(t, Config{})
	var ids []string
	for i := 0; i < 5; i++ {
		ids = append(ids, ts.post(t, map[string]any{"kind": "solve", "builtin": "pause-2025-04"}))
	}
	var got []string
	next := "/api/v1/runs?limit=2"
	for next != "" {
		var page RunList
		ts.do(t, "GET", next, nil, &page)
		if len(page.Runs) > 2 {
			t.Fatalf("page of %d", len(page.Runs))
		}
		for _, r := range page.Runs {
			got = append(got, r.ID)
		}
		next = page.Next
	}
	if len(got) != 5 {
		t.Fatalf("listed %v", got)
	}
	for i := range ids {
		if got[i] != ids[len(ids)-1-i] {
			t.Fatalf("list %v is not newest first (created %v)", got, ids)
		}
	}
}

// TestRestart: runs survive a restart, and a run a crash left running is
// failed by the next server.
func TestRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	st, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(context.Background(), Config{Store: st, Version: testVersion})
	if err != nil {
		t.Fatal(err)
	}
	ts1 := &testServer{Server: srv, store: st}
	hs := newHTTPTest(srv)
	ts1.url = hs.URL
	done := ts1.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day"})
	first := ts1.wait(t, done, 30*time.Second)
	// A run a crashed process was executing: the store says running, and no
	// process will ever finish it.
	crashed := &store.Run{ID: "c0ffee", Kind: "solve", Scenario: "liberation-day", Request: json.RawMessage(`{}`)}
	if err := st.Create(context.Background(), crashed); err != nil {
		t.Fatal(err)
	}
	st.Start(context.Background(), crashed.ID)
	st.SetProgress(context.Background(), crashed.ID, 0.3)
	hs.Close()
	st.Close() // no srv.Close: the process "crashed"

	ts2 := startTestServer(t, Config{}, path)
	again := ts2.wait(t, done, time.Second)
	if again.Status != store.Done || !bytes.Equal(again.Result, first.Result) {
		t.Errorf("a finished run changed across the restart: %s", again.Status)
	}
	c := ts2.wait(t, crashed.ID, time.Second)
	if c.Status != store.Failed || c.Error == nil || *c.Error != store.InterruptedMsg {
		t.Errorf("crashed run after restart: %+v", c)
	}
	var list RunList
	ts2.do(t, "GET", "/api/v1/runs", nil, &list)
	if len(list.Runs) != 2 {
		t.Errorf("%d runs listed after restart, want 2", len(list.Runs))
	}
}
