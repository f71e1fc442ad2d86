package server

import (
	"testing"
)

// FuzzParseRequest feeds arbitrary bytes to the request decoder and the
// scenario resolution behind POST /api/v1/runs: nothing may panic, and an
// accepted request must name a known kind or be rejected by the handler's
// next check (validKind), never crash it.
func FuzzParseRequest(f *testing.F) {
	f.Add(`{"kind":"solve","builtin":"liberation-day"}`)
	f.Add(`{"kind":"solve","scenario":{"shocks":[{"tariff":{"importer":"USA","exporter":"*","rate":0.1}}]}}`)
	f.Add(`{"kind":"solve","scenario_yaml":"name: x\nshocks:\n  - tariff: {importer: USA, exporter: CHN, add: 0.2}\n"}`)
	f.Add(`{"kind":"coalition","scenario":{"coalition":{"leader":"USA","candidates":{"top":3}}}}`)
	f.Add(`{"kind":"plan","builtin_plan":"after-the-ruling","draws":3}`)
	f.Add(`{"kind":"solve","scenario":[1,2]}`)
	f.Add(`{"kind":"solve"}{"kind":"solve"}`)
	f.Fuzz(func(t *testing.T, body string) {
		req, err := parseRequest([]byte(body))
		if err != nil {
			return
		}
		_ = validKind(req.Kind)
		if sc, err := scenarioOf(req); err == nil && sc == nil {
			t.Fatal("no error and no scenario")
		}
	})
}
