package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// apiKinds are the kinds of run the API documents (docs and the UI's run
// form), written out here rather than read from Kinds so that a kind
// dropped from or added to the server by mistake is caught.
var apiKinds = map[string]bool{"solve": true, "benchmark": true, "coalition": true, "simulate": true, "playbook": true, "plan": true}

// FuzzParseRequest feeds arbitrary bytes to the request decoder and the
// scenario resolution behind POST /api/v1/runs: nothing may panic; a
// decoded request's kind is accepted exactly when it is a documented kind,
// and one that is not is answered 400 naming the kind, before any work.
func FuzzParseRequest(f *testing.F) {
	f.Add(`{"kind":"solve","builtin":"liberation-day"}`)
	f.Add(`{"kind":"solve","scenario":{"shocks":[{"tariff":{"importer":"USA","exporter":"*","rate":0.1}}]}}`)
	f.Add(`{"kind":"solve","scenario_yaml":"name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, add: 0.2}\n"}`)
	f.Add(`{"kind":"coalition","scenario":{"coalition":{"leader":"USA","candidates":{"top":3}}}}`)
	f.Add(`{"kind":"plan","builtin_plan":"after-the-ruling","draws":3}`)
	f.Add(`{"kind":"solve","scenario":[1,2]}`)
	f.Add(`{"kind":"solve"}{"kind":"solve"}`)
	f.Add(`{"kind":"Solve","builtin":"liberation-day"}`)
	f.Add(`{"kind":"","builtin":"liberation-day"}`)
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
		}
		if sc, err := scenarioOf(req); err == nil && sc == nil {
			t.Fatal("no error and no scenario")
		}
	})
}
