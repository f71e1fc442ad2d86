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
// it. The body is read as JSON whatever type declares it, among those that
// can carry a JSON text: none, application/json or any +json type, text/plain
// and application/x-www-form-urlencoded — what plain `curl -d` sends, which
// the server refused with a 415 for a while and scripts relied on before.
// Cross-site posts of those types are refused by the Origin check
// (TestCrossSitePostsRefused), not by the type. A type that cannot carry a
// JSON text (multipart, binary, an image) or a charset other than UTF-8 is
// a 415 in JSON saying what to send; a form body that is not JSON is a 400
// saying the body is read as JSON.
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
		{"application/vnd.api+json", http.StatusCreated},
		{"application/merge-patch+json; charset=UTF-8", http.StatusCreated},
		{"text/json", http.StatusCreated},
		{"text/plain", http.StatusCreated},
		{"text/plain;charset=UTF-8", http.StatusCreated},
		{"application/x-www-form-urlencoded", http.StatusCreated}, // curl -d
		{"application/x-www-form-urlencoded; charset=us-ascii", http.StatusCreated},
		{"multipart/form-data; boundary=x", http.StatusUnsupportedMediaType},
		{"multipart/mixed; boundary=x", http.StatusUnsupportedMediaType},
		{"application/octet-stream", http.StatusUnsupportedMediaType},
		{"image/png", http.StatusUnsupportedMediaType},
		{"application/xml", http.StatusUnsupportedMediaType},
		{"application/jsonp", http.StatusUnsupportedMediaType},
		{"text/plain; charset=utf-16", http.StatusUnsupportedMediaType},
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
	// A real form body (curl -d kind=solve) is not JSON: a 400 that says
	// the body is read as JSON, not the parser's bare "invalid character".
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain"} {
		code, h, out := ts.rawDo(t, "POST", "/api/v1/runs", ct, "kind=benchmark&builtin=liberation-day")
		msg := ""
		if code == http.StatusBadRequest {
			msg = jsonError(t, ct, h, out)
		}
		if code != http.StatusBadRequest || !strings.Contains(msg, "the body must be a JSON object") {
			t.Errorf("%s form body: %d %q, want 400 saying the body must be JSON", ct, code, out)
		}
	}
}

// TestCrossSitePostsRefused: a browser page of another site can post
// text/plain and form bodies without a preflight, so with those types
// accepted the cross-origin check is what keeps it from queueing runs: a
// POST carrying a foreign Origin (an older browser, no Sec-Fetch-Site) or
// Sec-Fetch-Site: cross-site is a 403 in JSON whatever its Content-Type,
// and no run is created. The same post from the server's own origin, or
// from a script that sends neither header, is accepted.
func TestCrossSitePostsRefused(t *testing.T) {
	ts := newTestServer(t, Config{})
	const body = `{"kind": "benchmark", "builtin": "liberation-day"}`
	post := func(ct string, headers map[string]string) (int, http.Header, string) {
		req, err := http.NewRequest("POST", ts.url+"/api/v1/runs", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b)
	}
	runs := func() int {
		var list struct{ Runs []json.RawMessage }
		ts.do(t, "GET", "/api/v1/runs?limit=100", nil, &list)
		return len(list.Runs)
	}
	before := runs()
	foreign := []map[string]string{
		{"Origin": "http://evil.example"},
		{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site", "Origin": "http://sub.evil.example"},
		{"Origin": "null"}, // a sandboxed frame or a file: page
	}
	for _, ct := range []string{"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "application/json", ""} {
		for _, h := range foreign {
			code, rh, out := post(ct, h)
			if code != http.StatusForbidden {
				t.Errorf("Content-Type %q, %v: %d %s, want 403", ct, h, code, out)
				continue
			}
			if msg := jsonError(t, ct, rh, out); !strings.Contains(msg, "cross-origin") {
				t.Errorf("Content-Type %q, %v: %q", ct, h, msg)
			}
		}
	}
	if n := runs(); n != before {
		t.Errorf("%d runs created by refused cross-site posts", n-before)
	}
	for _, h := range []map[string]string{{"Origin": ts.url}, {"Sec-Fetch-Site": "same-origin", "Origin": ts.url}, {"Sec-Fetch-Site": "none"}, nil} {
		if code, _, out := post("text/plain", h); code != http.StatusCreated {
			t.Errorf("same-origin text/plain post %v: %d %s, want 201", h, code, out)
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
