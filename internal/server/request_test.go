package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// rawDo sends a request with the given Content-Type ("" = none) and returns
// the status, the Content-Type and the body of the answer.
func (ts *testServer) rawDo(t *testing.T, method, path, contentType, body string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// jsonError decodes an API error, failing unless it is {"error": "…"} sent
// as application/json.
func jsonError(t *testing.T, what string, h http.Header, body string) string {
	t.Helper()
	var e struct{ Error string }
	if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
		t.Fatalf("%s: not a JSON error (Content-Type %q): %q", what, h.Get("Content-Type"), body)
	}
	return e.Error
}

// TestDuplicateKeysRefused (M4): a key given twice in one object, at any
// depth, is a 400 naming it, as in scenario files (was: 201, the last one
// silently winning: {"kind":"solve","kind":"benchmark"} ran a benchmark).
// Keys differing only in case are one field of the request, so twice too.
func TestDuplicateKeysRefused(t *testing.T) {
	ts := newTestServer(t, Config{})
	const shock = `{"tariff": {"importer": "USA", "exporter": "CHN", "rate": 0.1}}`
	bad := []struct{ name, body, want string }{
		{"top level", `{"kind": "solve", "kind": "benchmark", "builtin": "liberation-day"}`, `duplicate key "kind"`},
		{"top level, other case", `{"kind": "solve", "KIND": "benchmark", "builtin": "liberation-day"}`, `duplicate key "KIND"`},
		{"in the scenario", `{"kind": "solve", "scenario": {"name": "a", "name": "b", "shocks": [` + shock + `]}}`, `duplicate key "scenario.name"`},
		{"deep in the scenario", `{"kind": "solve", "scenario": {"shocks": [` + shock + `, {"tariff": {"importer": "USA", "rate": 0.1, "rate": 0.5, "exporter": "*"}}]}}`, `duplicate key "scenario.shocks[1].tariff.rate"`},
		{"in a plan", `{"kind": "plan", "plan": {"scenario": "coalition-of-the-compelled", "scenario": "liberation-day"}}`, `duplicate key "plan.scenario"`},
		{"after the scenario", `{"kind": "solve", "builtin": "liberation-day", "bilateral": true, "bilateral": false}`, `duplicate key "bilateral"`},
	}
	for _, c := range bad {
		code, h, body := ts.rawDo(t, "POST", "/api/v1/runs", "application/json", c.body)
		msg := jsonError(t, c.name, h, body)
		if code != http.StatusBadRequest || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %d %q, want 400 naming %s", c.name, code, msg, c.want)
		}
	}
	// The same key in different objects is no duplicate.
	ok := `{"kind": "solve", "no_bands": true, "scenario": {"name": "twice", "shocks": [` + shock + `, {"tariff": {"importer": "CHN", "exporter": "USA", "rate": 0.1}}]}}`
	if code, _, body := ts.rawDo(t, "POST", "/api/v1/runs", "application/json", ok); code != http.StatusCreated {
		t.Errorf("the same keys in sibling objects: %d %s", code, body)
	}
}

// TestRequestEncoding: a body starting with a UTF-8 byte-order mark is read
// as the files are (was: 400 "invalid character 'ï'"), and stored without
// it; the body must be sent as application/json — or with no Content-Type,
// as scripts may — and anything else is a 415 in JSON (was: text/plain and
// form bodies accepted, 201). The UI posts application/json.
func TestRequestEncoding(t *testing.T) {
	ts := newTestServer(t, Config{})
	const body = `{"kind": "benchmark", "builtin": "liberation-day"}`
	code, _, out := ts.rawDo(t, "POST", "/api/v1/runs", "application/json", "\ufeff"+body)
	if code != http.StatusCreated {
		t.Fatalf("a body with a byte-order mark: %d %s", code, out)
	}
	var created struct{ ID string }
	json.Unmarshal([]byte(out), &created)
	var doc struct{ Request json.RawMessage }
	ts.do(t, "GET", "/api/v1/runs/"+created.ID, nil, &doc)
	if !json.Valid(doc.Request) || strings.Contains(string(doc.Request), "\ufeff") {
		t.Errorf("stored request %q: want the JSON without the byte-order mark", doc.Request)
	}
	for _, c := range []struct {
		contentType string
		want        int
	}{
		{"", http.StatusCreated},
		{"application/json", http.StatusCreated},
		{"application/json; charset=utf-8", http.StatusCreated},
		{"Application/JSON", http.StatusCreated},
		{"text/plain", http.StatusUnsupportedMediaType},
		{"text/plain;charset=UTF-8", http.StatusUnsupportedMediaType},
		{"application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"multipart/form-data; boundary=x", http.StatusUnsupportedMediaType},
		{"application/jsonp", http.StatusUnsupportedMediaType},
		{"not a media type", http.StatusUnsupportedMediaType},
	} {
		code, h, out := ts.rawDo(t, "POST", "/api/v1/runs", c.contentType, body)
		if code != c.want {
			t.Errorf("Content-Type %q: %d %s, want %d", c.contentType, code, out, c.want)
		}
		if code == http.StatusUnsupportedMediaType {
			if msg := jsonError(t, c.contentType, h, out); !strings.Contains(msg, "application/json") {
				t.Errorf("Content-Type %q: %q does not say what to send", c.contentType, msg)
			}
		}
	}
}

// TestErrorsInJSON: a wrong method anywhere is a 405 in JSON naming the
// methods allowed (was: text/plain for /healthz and /), an unknown page a
// 404 in JSON, and a 404 repeats at most 64 bytes of a long ID (was: all
// 5,000 characters).
func TestErrorsInJSON(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, c := range []struct {
		method, path string
		code         int
		allow        string
	}{
		{"POST", "/healthz", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"POST", "/", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"DELETE", "/runs/abc", http.StatusMethodNotAllowed, "GET, HEAD"},
		{"PUT", "/api/v1/runs", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{"PATCH", "/api/v1/runs/abc", http.StatusMethodNotAllowed, "GET, HEAD, DELETE"},
		{"GET", "/no/such/page", http.StatusNotFound, ""},
		{"GET", "/api/v2/runs", http.StatusNotFound, ""},
	} {
		code, h, body := ts.rawDo(t, c.method, c.path, "", "")
		jsonError(t, c.method+" "+c.path, h, body)
		if code != c.code || h.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d, Allow %q; want %d, Allow %q", c.method, c.path, code, h.Get("Allow"), c.code, c.allow)
		}
	}
	long := strings.Repeat("a", 5000)
	for _, m := range []string{"GET", "DELETE"} {
		_, h, body := ts.rawDo(t, m, "/api/v1/runs/"+long, "", "")
		msg := jsonError(t, m+" a long ID", h, body)
		if len(msg) > 120 || !strings.Contains(msg, strings.Repeat("a", 64)) || !strings.Contains(msg, "5000 bytes") {
			t.Errorf("%s of a 5,000-character ID: a %d-byte message %.200q", m, len(msg), msg)
		}
	}
	_, h, body := ts.rawDo(t, "GET", "/api/v1/"+strings.Repeat("é", 3000), "", "")
	if msg := jsonError(t, "a long path", h, body); len(msg) > 300 || !utf8.ValidString(msg) {
		t.Errorf("404 of a long path: a %d-byte message", len(msg))
	}
}

// TestUnknownQueryParameters: the list endpoints refuse a query parameter
// they do not take, naming it, rather than ignoring it (a misspelt
// "limt=5" silently gave 50 runs); a parameter given twice is refused too.
func TestUnknownQueryParameters(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, c := range []struct{ path, want string }{
		{"/api/v1/runs?limt=5", `"limt"`},
		{"/api/v1/runs?limit=5&status=done", `"status"`},
		{"/api/v1/runs?limit=5&limit=6", `"limit" given twice`},
		{"/api/v1/runs?limit=5;before=3", "malformed query"},
		{"/api/v1/runs?limt%zz=5", "malformed query"},
		{"/api/v1/scenarios?kind=solve", `"kind"`},
		{"/api/v1/playbooks?x", `"x"`},
		{"/api/v1/plans?draws=3", `"draws"`},
	} {
		if msg := ts.errorOf(t, "GET", c.path, nil, http.StatusBadRequest); !strings.Contains(msg, c.want) {
			t.Errorf("GET %s: %q does not name %s", c.path, msg, c.want)
		}
	}
	// What the UI and the next links send still works.
	for _, p := range []string{"/api/v1/runs?limit=15", "/api/v1/runs?limit=15&before=99", "/api/v1/runs", "/api/v1/scenarios", "/api/v1/playbooks", "/api/v1/plans"} {
		if resp := ts.do(t, "GET", p, nil, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
}
