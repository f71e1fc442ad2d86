package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestRequestDataOnScenarioRuns: "data" moves a built-in to another
// dataset, as the CLI's --data, for scenario runs too; the run keeps the
// built-in's name and names its dataset (the result's own field and the
// run's "dataset").
func TestRequestDataOnScenarioRuns(t *testing.T) {
	ts := newTestServer(t, Config{})
	cases := []struct {
		name string
		body map[string]any
		// dataset reads the dataset the result itself names.
		dataset func(json.RawMessage) string
	}{
		{"solve", map[string]any{"kind": "solve", "builtin": "liberation-day", "data": "icio-2022", "no_bands": true}, func(r json.RawMessage) string {
			var d struct{ Provenance struct{ Dataset string } }
			_ = json.Unmarshal(r, &d)
			return d.Provenance.Dataset
		}},
		// A benchmark's JSON names no dataset: the run's "dataset" does.
		{"benchmark", map[string]any{"kind": "benchmark", "builtin": "liberation-day", "data": "icio-2022"}, nil},
	}
	for _, c := range cases {
		doc := ts.waitFor(t, c.body)
		if c.dataset != nil {
			if got := c.dataset(doc.Result); got != "icio-2022" {
				t.Errorf("%s: the result names dataset %q, want icio-2022", c.name, got)
			}
		}
		if doc.Dataset != "icio-2022" || doc.Scenario != "liberation-day" {
			t.Errorf("%s: run dataset %q, scenario %q; want icio-2022, liberation-day", c.name, doc.Dataset, doc.Scenario)
		}
	}
	// Without "data" the run is on the scenario's dataset, and says so.
	if doc := ts.waitFor(t, map[string]any{"kind": "benchmark", "builtin": "liberation-day"}); doc.Dataset != "world-2023" {
		t.Errorf("default dataset: run dataset %q, want world-2023", doc.Dataset)
	}
	// The run list names each run's dataset too: two runs of one scenario
	// on two worlds are told apart there.
	var list RunList
	ts.do(t, "GET", "/api/v1/runs", nil, &list)
	seen := map[string]int{}
	for _, r := range list.Runs {
		seen[r.Dataset]++
	}
	if seen["icio-2022"] != 2 || seen["world-2023"] != 1 {
		t.Errorf("run list datasets %v, want icio-2022 twice and world-2023 once", seen)
	}
	// Coalition and simulate runs take it too (accepted; not run to the end
	// here: the game on icio-2022 takes minutes).
	for _, kind := range []string{KindCoalition, KindSimulate} {
		var out struct{ ID string }
		resp := ts.do(t, "POST", "/api/v1/runs", map[string]any{"kind": kind, "builtin": "coalition-of-the-compelled", "data": "icio-2022"}, &out)
		if resp.StatusCode != http.StatusCreated {
			t.Errorf("%s with data: %d", kind, resp.StatusCode)
			continue
		}
		ts.do(t, "DELETE", "/api/v1/runs/"+out.ID, nil, nil)
	}
}

// TestDataKeyIsNoEdit: a built-in posted with only its data: key changed
// keeps its name; any other change still marks it edited.
func TestDataKeyIsNoEdit(t *testing.T) {
	src, ok := scenario.BuiltinSource("liberation-day")
	if !ok || !strings.Contains(string(src), "\ndata: embedded\n") {
		t.Fatal("liberation-day's source has no data: embedded line")
	}
	moved := strings.Replace(string(src), "\ndata: embedded\n", "\ndata: icio-2022\n", 1)
	edited := strings.Replace(moved, "\ndescription: \"", "\ndescription: \"Mine. ", 1)
	ts := newTestServer(t, Config{})
	for _, c := range []struct{ yaml, want string }{
		{moved, "liberation-day"},
		{edited, "liberation-day (edited)"},
	} {
		doc := ts.waitFor(t, map[string]any{"kind": "benchmark", "scenario_yaml": c.yaml})
		if doc.Scenario != c.want || doc.Dataset != "icio-2022" {
			t.Errorf("scenario %q on %q, want %q on icio-2022", doc.Scenario, doc.Dataset, c.want)
		}
	}
}

// TestJSONTypeErrorWording: a value of the wrong JSON type is named by its
// key and JSON kinds, not Go's types.
func TestJSONTypeErrorWording(t *testing.T) {
	ts := newTestServer(t, Config{})
	for _, c := range []struct{ body, want string }{
		{`{"kind": "plan", "builtin_plan": "x", "draws": "5"}`, `field "draws": want an integer, got a string`},
		{`{"kind": "plan", "builtin_plan": "x", "draws": 1.5}`, `field "draws": want an integer, got a number`},
		{`{"kind": "solve", "builtin": "liberation-day", "no_bands": "yes"}`, `field "no_bands": want true or false, got a string`},
		{`{"kind": "simulate", "builtin": "x", "moves": "USA=hold"}`, `field "moves": want an array of strings, got a string`},
		{`{"kind": 3}`, `field "kind": want a string, got a number`},
	} {
		msg := ts.errorOf(t, "POST", "/api/v1/runs", c.body, http.StatusBadRequest)
		if !strings.Contains(msg, c.want) || strings.Contains(msg, "Go struct") || strings.Contains(msg, "RunRequest") {
			t.Errorf("%s: %q, want %q", c.body, msg, c.want)
		}
	}
}

// TestUnknownDatasetListsEmbedded: a scenario's data: naming no dataset is
// told the embedded ones, with or without a data directory.
func TestUnknownDatasetListsEmbedded(t *testing.T) {
	body := `{"kind": "solve", "scenario_yaml": "name: x\ndata: icio-2023\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.1}\n"}`
	for _, dir := range []string{"", t.TempDir()} {
		ts := newTestServer(t, Config{DataDir: dir})
		msg := ts.errorOf(t, "POST", "/api/v1/runs", body, http.StatusBadRequest)
		if !strings.Contains(msg, `"icio-2023"`) || !strings.Contains(msg, "world-2023, icio-2022") {
			t.Errorf("data dir %q: %q does not list the embedded datasets", dir, msg)
		}
	}
}
