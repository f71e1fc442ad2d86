package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/store"
)

// apiKinds are the kinds of run the API documents (docs and the UI's run
// form), written out here rather than read from Kinds so that a kind
// dropped from or added to the server by mistake is caught.
var apiKinds = map[string]bool{"solve": true, "benchmark": true, "coalition": true, "simulate": true, "playbook": true, "plan": true}

// fuzzServer is a Server with the defaults New gives and no store or
// workers: enough for prepare, which validates a request short of running
// it. It offers only the embedded datasets.
func fuzzServer() *Server {
	cfg := Config{Version: testVersion}.withDefaults()
	return &Server{cfg: cfg, log: cfg.Logger}
}

// checkPrepared runs a decoded request through what POST /api/v1/runs does
// before queueing it (the kind, misplaced keys, prepare) and checks the
// outcome: an error is a bad request (400) with a message — nothing a
// client sends may be a server error here, where no data directory is
// read — and a prepared run has a job of its kind and a name for the list.
func checkPrepared(t *testing.T, s *Server, req *RunRequest) {
	t.Helper()
	if !validKind(req.Kind) {
		return
	}
	if err := misplaced(req); err != nil {
		if statusOf(err) != http.StatusBadRequest {
			t.Fatalf("misplaced: %v is not a 400", err)
		}
		return
	}
	j, name, err := s.prepare(req)
	if err != nil {
		if code := statusOf(err); code != http.StatusBadRequest || err.Error() == "" {
			t.Fatalf("prepare: status %d for %q (%T), want 400", code, err, err)
		}
		return
	}
	if j == nil || j.kind != req.Kind || name == "" {
		t.Fatalf("prepare: job %+v, name %q for a %s request", j, name, req.Kind)
	}
	if (j.kind == KindSimulate) != (j.sim != nil) || (j.kind == KindPlaybook) != (j.pb != nil) || (j.kind == KindPlan) != (j.plan != nil) {
		t.Fatalf("prepare: a %s job with sim %v, playbook %v, plan %v", j.kind, j.sim != nil, j.pb != nil, j.plan != nil)
	}
}

// FuzzParseRequest feeds arbitrary bytes to the request decoder and what
// POST /api/v1/runs does with a decoded request before queueing it: nothing
// may panic; a decoded request's kind is accepted exactly when it is a
// documented kind, and one that is not is answered 400 naming the kind,
// before any work; no key is accepted twice; a request that passes the
// decoder is a prepared run or a 400 (checkPrepared). The seeds reach every
// key: scenarios, plans (builtin_plan, plan, plan_yaml), simulate's options
// (start, moves, …), playbooks (leader, target) and data.
func FuzzParseRequest(f *testing.F) {
	f.Add(`{"kind":"solve","builtin":"liberation-day"}`)
	f.Add(`{"kind":"solve","scenario":{"shocks":[{"tariff":{"importer":"USA","exporter":"*","rate":0.1}}]}}`)
	f.Add(`{"kind":"solve","scenario_yaml":"name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, add: 0.2}\n"}`)
	f.Add(`{"kind":"coalition","scenario":{"coalition":{"leader":"USA","candidates":{"top":3}}}}`)
	f.Add(`{"kind":"benchmark","builtin":"liberation-day","leader":"CHN"}`)
	f.Add(`{"kind":"plan","builtin_plan":"after-the-ruling","draws":3}`)
	f.Add(`{"kind":"plan","builtin_plan":"after-the-ruling","draws":3,"seed":7,"start":"2026-07-01","data":"icio-2022"}`)
	f.Add(`{"kind":"plan","plan_yaml":` + strings.TrimSpace(mustJSON(smallPlanYAML)) + `,"draws":2}`)
	f.Add(`{"kind":"plan","plan":{"name":"p","scenario":"coalition-of-the-compelled","rounds":2,"draws":2,"branches":[{"name":"a","probability":1,"moves":[{"player":"VNM","action":"cut","round":1}]}]}}`)
	f.Add(`{"kind":"simulate","builtin":"coalition-of-the-compelled","rounds":3,"start":"2026-04-01","moves":["VNM=cut","KOR=rebalance:2@1"],"top":4,"speed":0.5,"discount":0.9,"theta":2,"q":2,"grace":1,"scripted":true,"no_history":true}`)
	f.Add(`{"kind":"playbook","playbook":"cocom","leader":"USA","target":"CHN","data":"world-2023"}`)
	f.Add(`{"kind":"playbook","playbook":"cocom","target":"ROW","data":"icio-2022"}`)
	f.Add(`{"kind":"solve","scenario":[1,2]}`)
	f.Add(`{"kind":"solve"}{"kind":"solve"}`)
	f.Add(`{"kind":"solve","kind":"benchmark","builtin":"liberation-day"}`)
	f.Add(`{"kind":"Solve","builtin":"liberation-day"}`)
	f.Add(`{"kind":"","builtin":"liberation-day"}`)
	s := fuzzServer()
	warmUp(f, s)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := parseRequest([]byte(body))
		if err != nil {
			return
		}
		if got, want := validKind(req.Kind), apiKinds[req.Kind]; got != want {
			t.Fatalf("validKind(%q) = %v, want %v", req.Kind, got, want)
		}
		if !apiKinds[req.Kind] {
			// The handler stops at the kind check, so a bare Server serves.
			rec := httptest.NewRecorder()
			(&Server{}).handleCreateRun(rec, httptest.NewRequest(http.MethodPost, "/api/v1/runs", strings.NewReader(body)))
			want := "unknown kind"
			if req.Kind == "" {
				want = `\"kind\" is required`
			}
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), want) {
				t.Fatalf("kind %q: status %d, body %s; want 400 %s", req.Kind, rec.Code, rec.Body, want)
			}
			return
		}
		if err := duplicateKey([]byte(body)); err != nil {
			t.Fatalf("accepted with %v", err)
		}
		checkPrepared(t, s, req)
	})
}

// warmUp prepares a run of each kind on each embedded dataset once, before
// fuzzing: the first plan or icio-2022 request loads data and builds
// worlds the later ones reuse (3–4 s, more under the fuzzer's
// instrumentation), and the fuzzer takes an input running over 10 s for a
// hung process.
func warmUp(f *testing.F, s *Server) {
	for _, data := range []string{"world-2023", "icio-2022"} {
		for _, req := range []*RunRequest{
			{Kind: KindPlan, BuiltinPlan: "after-the-ruling", Data: data},
			{Kind: KindPlaybook, Playbook: "cocom", Data: data},
			{Kind: KindSimulate, Builtin: "coalition-of-the-compelled"},
			{Kind: KindSolve, Builtin: "liberation-day"},
		} {
			if _, _, err := s.prepare(req); err != nil && statusOf(err) != http.StatusBadRequest {
				f.Fatalf("warming up with %+v: %v", req, err)
			}
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// FuzzPrepareFields sets the request's keys one by one (the string and
// number keys a raw JSON fuzzer seldom reaches valid surroundings for) on
// requests of every kind, and checks what prepare makes of them
// (checkPrepared): a prepared run or a 400, never a panic or a 500.
func FuzzPrepareFields(f *testing.F) {
	f.Add("simulate", "coalition-of-the-compelled", "", "2026-04-01", "VNM=cut\nKOR=rebalance:2@1", "", "", "", "", 3, int64(0), 0.5)
	f.Add("simulate", "coalition-of-the-compelled", "", "", "CHN=counter@2", "", "", "", "", 0, int64(0), 0.0)
	f.Add("playbook", "", "cocom", "", "", "USA", "CHN", "", "", 0, int64(0), 0.0)
	f.Add("playbook", "", "continental-system", "", "", "FRA", "GBR", "icio-2022", "", 0, int64(0), 0.0)
	f.Add("benchmark", "liberation-day", "", "", "", "CHN", "", "", "", 0, int64(0), 0.0)
	f.Add("plan", "", "", "2026-07-01", "", "", "", "icio-2022", "after-the-ruling", 3, int64(5), 0.0)
	f.Add("plan", "", "", "", "", "", "", "", smallPlanYAML, 2, int64(1), 0.0)
	f.Add("plan", "", "", "", "", "", "", "", `{"name":"p","scenario":"coalition-of-the-compelled","rounds":2,"branches":[{"name":"a","probability":1}]}`, 1, int64(0), 0.0)
	f.Add("coalition", "coalition-of-the-compelled", "", "", "", "", "", "", "", 0, int64(0), 0.0)
	s := fuzzServer()
	warmUp(f, s)
	f.Fuzz(func(t *testing.T, kind, builtin, playbook, start, moves, leader, target, data, plan string, n int, seed int64, x float64) {
		req := &RunRequest{Kind: kind, Builtin: builtin, Playbook: playbook, Start: start, Leader: leader, Target: target, Data: data}
		if moves != "" {
			req.Moves = strings.Split(moves, "\n")
		}
		switch kind {
		case KindSimulate:
			req.Rounds, req.Speed = &n, &x
		case KindPlan:
			req.Draws, req.Seed = &n, &seed
			switch {
			case json.Valid([]byte(plan)):
				req.Plan = json.RawMessage(plan)
			case strings.Contains(plan, "\n"):
				req.PlanYAML = plan
			default:
				req.BuiltinPlan = plan
			}
		}
		checkPrepared(t, s, req)
	})
}

// FuzzListQuery sends arbitrary query strings to the list endpoints: the
// answer is 200 with the document, or a 400 in JSON naming what is wrong —
// never a 500 or a panic — and a page's next link, followed, is a 200.
func FuzzListQuery(f *testing.F) {
	for _, q := range []string{"", "limit=15", "limit=1&before=3", "limt=5", "limit=5&limit=6", "before=-1", "limit=200", "limit=%zz", "a=1&b=2", "limit=1e3", "before=9223372036854775808", ";"} {
		f.Add("/api/v1/runs", q)
	}
	f.Add("/api/v1/scenarios", "kind=solve")
	f.Add("/api/v1/playbooks", "")
	f.Add("/api/v1/plans", "x")
	st, err := store.OpenSQLite(context.Background(), filepath.Join(f.TempDir(), "runs.db"))
	if err != nil {
		f.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	for _, id := range []string{"r1", "r2", "r3"} {
		if err := st.Create(ctx, &store.Run{ID: id, Kind: "solve", Request: json.RawMessage(`{}`)}); err != nil {
			f.Fatal(err)
		}
	}
	s := fuzzServer()
	s.store = st
	h := s.routes()
	// get sends the query as is, even one no request line could carry
	// (a space): what reaches the handler is r.URL.RawQuery.
	get := func(t *testing.T, path, query string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.URL.RawQuery = query
		h.ServeHTTP(rec, req)
		return rec
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		switch path {
		case "/api/v1/runs", "/api/v1/scenarios", "/api/v1/playbooks", "/api/v1/plans":
		default:
			return
		}
		u := &url.URL{Path: path, RawQuery: query}
		rec := get(t, path, query)
		switch rec.Code {
		case http.StatusOK:
			// Only what the endpoint takes, each once, well formed.
			q, err := url.ParseQuery(query)
			if err != nil {
				t.Fatalf("GET %s: 200 for a malformed query (%v)", u, err)
			}
			for k, v := range q {
				if path != "/api/v1/runs" || (k != "limit" && k != "before") || len(v) > 1 {
					t.Fatalf("GET %s: 200 with parameter %q = %q", u, k, v)
				}
			}
			var doc map[string]json.RawMessage
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatalf("GET %s: 200 with %v", u, err)
			}
			if path == "/api/v1/runs" {
				var list RunList
				if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
					t.Fatalf("GET %s: %v", u, err)
				}
				if list.Next != "" {
					p, q, _ := strings.Cut(list.Next, "?")
					if next := get(t, p, q); next.Code != http.StatusOK {
						t.Fatalf("GET %s: next link %s answers %d %s", u, list.Next, next.Code, next.Body)
					}
				}
			}
		case http.StatusBadRequest:
			var e struct{ Error string }
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" || len(e.Error) > 300 {
				t.Fatalf("GET %s: 400 %q", u, rec.Body)
			}
		default:
			t.Fatalf("GET %s: %d %s", u, rec.Code, rec.Body)
		}
	})
}
