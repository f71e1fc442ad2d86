package server

import (
	"encoding/json"
	"github.com/tradebloc/tradebloc/internal/data"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tradebloc/tradebloc/internal/coalition"
	"github.com/tradebloc/tradebloc/internal/report"
	"github.com/tradebloc/tradebloc/internal/scenario"
	"github.com/tradebloc/tradebloc/internal/store"
)

// TestWrongMethod: an endpoint asked with a method it does not take answers
// 405 with an Allow header naming those it does; an unknown endpoint stays a
// 404; the browser's /favicon.ico gets our icon.
func TestWrongMethod(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, c := range []struct{ method, path, allow string }{
		{"PUT", "/api/v1/runs", "GET, HEAD, POST"},
		{"DELETE", "/api/v1/scenarios", "GET, HEAD"},
		{"GET", "/api/v1/runs/ffffffffffffffffffffffff/cancel", "POST"},
		{"POST", "/api/v1/runs/ffffffffffffffffffffffff", "GET, HEAD, DELETE"},
	} {
		resp := ts.do(t, c.method, c.path, nil, nil)
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d, Allow %q; want 405, Allow %q", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), c.allow)
		}
	}
	ts.errorOf(t, "PUT", "/api/v1/nothing", nil, http.StatusNotFound)
	resp := ts.do(t, "GET", "/favicon.ico", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET /favicon.ico: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// TestEditedBuiltin: a posted scenario that keeps a built-in's name but
// changes it is labelled "(edited)" and loses the built-in's description;
// the built-in's own text, with a comment added or as JSON, is not edited.
func TestEditedBuiltin(t *testing.T) {
	src, _ := scenario.BuiltinSource("section-122")
	edited := strings.Replace(string(src), "labor_supply_elasticity: 0\n", "labor_supply_elasticity: 0.5\n", 1)
	if edited == string(src) {
		t.Fatal("section-122 sets no labor_supply_elasticity to edit")
	}
	cases := []struct {
		body any
		want string
	}{
		{map[string]any{"kind": "solve", "scenario_yaml": edited, "no_bands": true}, "section-122 (edited)"},
		{map[string]any{"kind": "solve", "scenario_yaml": "# a comment\n" + string(src), "no_bands": true}, "section-122"},
		{`{"kind": "solve", "no_bands": true, "scenario": ` + string(yamlToJSON(t, src)) + `}`, "section-122"},
	}
	ts := newTestServer(t, Config{})
	for _, c := range cases {
		doc := ts.waitFor(t, c.body)
		var res struct {
			Scenario    string
			Description string
		}
		if err := json.Unmarshal(doc.Result, &res); err != nil {
			t.Fatal(err)
		}
		if doc.Scenario != c.want || res.Scenario != c.want || (strings.HasSuffix(c.want, editedSuffix) != (res.Description == "")) {
			t.Errorf("run %q, result %q, description %q; want %q", doc.Scenario, res.Scenario, res.Description, c.want)
		}
	}
}

// waitFor posts a run and waits for it to finish with a result.
func (ts *testServer) waitFor(t *testing.T, body any) RunDoc {
	t.Helper()
	doc := ts.wait(t, ts.post(t, body), 60*time.Second)
	if doc.Status != store.Done {
		t.Fatalf("run: %s %v", doc.Status, doc.Error)
	}
	return doc
}

// TestRunTextNotes: a run carries what the CLI's text says beside its
// JSON — a solve the valuation paragraph under its winners and losers, a
// benchmark its footer (and, without shocks, that there is nothing to
// judge), a coalition game the prose above its tables — and a solve's
// countries carry the data-quality flag.
func TestRunTextNotes(t *testing.T) {
	ts := newTestServer(t, Config{})
	solve := ts.waitFor(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	var d report.SolveDoc
	if err := json.Unmarshal(solve.Result, &d); err != nil {
		t.Fatal(err)
	}
	// The stand-in tariff's note (the middle one) is checked word for word
	// by TestSolveRunCarriesCLINotes: its rate is not in the JSON.
	if want := []string{d.WinnersValuationNote(5), d.CensusNote((&data.Dataset{Unit: d.Provenance.Unit}).UnitMillions())}; len(solve.TextNotes) != 3 ||
		!slices.Equal([]string{solve.TextNotes[0], solve.TextNotes[2]}, want) || !strings.HasPrefix(solve.TextNotes[1], "eff. tariff before marked *") {
		t.Errorf("solve text_notes %q, want %q with the fallback note between", solve.TextNotes, want)
	}
	if !strings.HasPrefix(solve.Summary, "Scenario \"liberation-day\"") || strings.Contains(solve.Summary, notesMark) {
		t.Errorf("solve summary %q", solve.Summary)
	}
	flagged := map[string]bool{}
	for _, c := range d.Countries {
		if c.DataQualityFlag != "" {
			flagged[c.Code] = true
		}
	}
	if !flagged["MHL"] || flagged["USA"] {
		t.Errorf("data-quality flags on %v: want the Marshall Islands, not the US", flagged)
	}

	bm := ts.waitFor(t, map[string]any{"kind": "benchmark", "builtin": "liberation-day"})
	if !hasPrefix(bm.TextNotes, "fall pp: ") || !hasPrefix(bm.TextNotes, "Persistent surplus: current account") || hasPrefix(bm.TextNotes, "coalition-of") {
		t.Errorf("benchmark text_notes %q", bm.TextNotes)
	}
	none := ts.waitFor(t, map[string]any{"kind": "benchmark", "builtin": "coalition-of-the-compelled"})
	var nr struct {
		NoShocks bool `json:"no_shocks"`
	}
	if err := json.Unmarshal(none.Result, &nr); err != nil || !nr.NoShocks || len(none.TextNotes) == 0 ||
		!strings.Contains(none.TextNotes[0], "has no shocks") || !strings.Contains(none.TextNotes[0], "nothing to judge") {
		t.Errorf("benchmark without shocks: no_shocks %v, text_notes %q", nr.NoShocks, none.TextNotes)
	}

	small := `{"kind": "coalition", "no_bands": true, "scenario": {"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}}`
	coal := ts.waitFor(t, small)
	var rep coalition.Report
	if err := json.Unmarshal(coal.Result, &rep); err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimSuffix(rep.Headline(), "\n"); coal.Summary != want || !strings.Contains(want, "Targets extended") || rep.TargetAliases["HKG"] != "CHN" {
		t.Errorf("coalition summary %q, target_aliases %v", coal.Summary, rep.TargetAliases)
	}
}

func hasPrefix(xs []string, p string) bool {
	for _, x := range xs {
		if strings.HasPrefix(x, p) {
			return true
		}
	}
	return false
}

// TestPackSummary: notes and table notes packed with a summary come back
// apart, and a summary stored before notes were is all summary.
func TestPackSummary(t *testing.T) {
	for _, c := range []struct {
		sum    string
		notes  []string
		tables map[string][]string
	}{
		{"A.\nB.", []string{"n1.", "n2."}, nil}, {"", []string{"only a note."}, nil}, {"No notes.", nil, nil},
		{"Game.", nil, map[string][]string{"stable": {"s1.", "s2."}, "threats": {"t1."}}},
		{"Game.", []string{"n1."}, map[string][]string{"stable": {"s1."}}},
	} {
		s, n, tn := unpackSummary(packSummary(c.sum, c.notes, c.tables))
		if s != c.sum || strings.Join(n, "|") != strings.Join(c.notes, "|") || !reflect.DeepEqual(tn, c.tables) {
			t.Errorf("%q %q %q: back as %q %q %q", c.sum, c.notes, c.tables, s, n, tn)
		}
	}
}
