package server

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// smallCoalitionYAML is a coalition game of 2^3 memberships (well under a
// second), posted from the editor as YAML.
const smallCoalitionYAML = `name: small-bloc
coalition:
  targets: [CHN]
  candidates: [CAN, MEX, JPN]
`

// TestBrowserAnalyses drives the UI through what issue 6 left untested and
// issue 7 added, in one browser session:
//   - keyboard only: Tab to the Run button and Enter starts a run;
//   - a YAML scenario error is reported as <yaml>:LINE:COL;
//   - a coalition game posted as YAML shows its stable coalitions and the
//     required-threat bars;
//   - the compare view of two solve runs;
//   - simulate, playbook and plan runs with their charts and CSV buttons
//     (a plan with few draws), and screenshots of the playbook and plan
//     pages at a laptop's 1366 × 768.
func TestBrowserAnalyses(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t, Config{})
	ctx, base := openBrowser(t, ts, 1366, 768, 90*time.Second)
	shots := t.TempDir()
	eval := func(what, js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("browser (%s): %v", what, err)
		}
		return v
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("browser (%s): %v", what, err)
		}
	}
	// waitFor polls a JS condition (the run pages poll the API themselves).
	waitFor := func(what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#view")?.innerText.slice(0, 400) + " | " + (document.querySelector("#form-error")?.innerText || "")`))
			t.Fatalf("browser: waiting for %s: %v (page: %s)", what, err, status)
		}
	}
	runID := func() string {
		t.Helper()
		p := eval("location", `location.pathname`).(string)
		id := strings.TrimPrefix(p, "/runs/")
		if !validID(id) {
			t.Fatalf("the page did not move to a run's link: %q", p)
		}
		return id
	}
	// choose sets a select as a user does (the change event included).
	choose := func(sel, value string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.SetValue(chromedp.CSS(sel), value),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Run(ctx, chromedp.Evaluate[any](`document.querySelector(`+jsString(sel)+`).dispatchEvent(new Event("change"))`))
				return err
			}))
	}
	screenshot := func(name string) {
		t.Helper()
		full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		view, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		for suffix, b := range map[string][]byte{"-full.png": full, "-screen.png": view} {
			_ = os.WriteFile(filepath.Join(shots, name+suffix), b, 0o644)
			if d := os.Getenv("TRADEBLOC_SCREENSHOT_DIR"); d != "" { // to look at by hand
				_ = os.WriteFile(filepath.Join(d, name+suffix), b, 0o644)
			}
		}
	}

	// 1. Keyboard only: from the top of the page, Tab until the Run button
	// has the focus, then Enter: the default (liberation-day, solve) runs.
	do("load", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#builtin option[value="liberation-day"]`)),
		chromedp.WaitReady(chromedp.CSS(`#plan option`)))
	tabs := 0
	for ; tabs < 40; tabs++ {
		do("tab", chromedp.KeyEvent("\t"))
		if eval("focus", `document.activeElement && document.activeElement.id`) == "run-btn" {
			break
		}
	}
	if tabs == 40 {
		t.Fatal("keyboard: 40 Tabs never reached the Run button")
	}
	do("enter", chromedp.KeyEvent("\r"))
	waitFor("the welfare chart of a run started from the keyboard", `!!document.querySelector("#welfare-chart rect.bar")`)
	solveA := runID()
	t.Logf("keyboard: %d Tabs to the Run button; Enter started run %s", tabs+1, solveA)

	// 2. A YAML error names <yaml>:LINE:COL.
	do("yaml error", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#plan option`)),
		choose(`#kind`, "solve"), chromedp.SetValue(chromedp.CSS(`#yaml`), "name: broken\nshocks:\n  - tarif: {importer: USA}\n"),
		chromedp.Click(chromedp.CSS(`#run-btn`)), chromedp.WaitVisible(chromedp.CSS(`#form-error`)))
	if msg := eval("error", `document.querySelector("#form-error").textContent`).(string); !strings.Contains(msg, "<yaml>:3:5") || !strings.Contains(msg, "tarif") {
		t.Errorf("YAML error shown as %q, want <yaml>:3:5 and the key", msg)
	}

	// 3. A small coalition game posted as YAML: stable coalitions table and
	// required-threat bars.
	do("coalition", choose(`#kind`, "coalition"), chromedp.SetValue(chromedp.CSS(`#yaml`), smallCoalitionYAML), chromedp.Click(chromedp.CSS(`#run-btn`)))
	waitFor("the required-threat chart", `document.querySelectorAll("#threat-chart rect.bar").length > 0`)
	coal := runID()
	var cdoc RunDoc
	ts.do(t, "GET", "/api/v1/runs/"+coal, nil, &cdoc)
	var crep struct {
		Stable   []any               `json:"stable"`
		Required map[string]*float64 `json:"required_threat_pct"`
		Status   []any               `json:"candidates_status"`
	}
	if err := json.Unmarshal(cdoc.Result, &crep); err != nil || cdoc.Scenario != "small-bloc" {
		t.Fatalf("coalition run: %v %+v", err, cdoc.Scenario)
	}
	got := eval("coalition", `(() => {
		const rows = (title) => {
			const h = [...document.querySelectorAll("h3")].find(e => e.textContent.startsWith(title));
			return h ? h.closest(".table-block").querySelectorAll("tbody tr").length : -1;
		};
		return [rows("Stable coalitions"), document.querySelectorAll("#threat-chart rect.bar").length, document.querySelectorAll("#welfare-chart rect.bar").length,
			rows("Why each candidate"), rows("Required threat on each candidate alone")];
	})()`).([]any)
	// China answers by default (target_response: reciprocal): the page sets
	// the leading coalition beside the silent-target one, with the reason.
	resp := eval("target response", `(() => { const d = document.querySelector("#target-response"); return d ? d.textContent : ""; })()`).(string)
	if !strings.Contains(resp, "with reciprocal answer") || !strings.Contains(resp, "targets silent") || !strings.Contains(resp, "tariff on the bloc rises by") {
		t.Errorf("target-response block: %q", resp)
	}
	// The chart draws a bar for each candidate some threat compels (null:
	// none up to 100 points does); the table lists every candidate.
	compelled := 0
	for _, v := range crep.Required {
		if v != nil {
			compelled++
		}
	}
	if int(got[0].(float64)) != len(crep.Stable) || int(got[1].(float64)) != compelled || got[2].(float64) < 1 ||
		int(got[3].(float64)) != len(crep.Status) || int(got[4].(float64)) != len(crep.Required) {
		t.Errorf("coalition page: %v stable rows, threat bars, welfare bars, status rows, threat rows; API has %d stable, %d threats (%d compel), %d statuses",
			got, len(crep.Stable), len(crep.Required), compelled, len(crep.Status))
	}

	// 4. Compare two solve runs: a second solve, then /compare?a=&b=.
	do("second solve", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#plan option`)),
		chromedp.SetValue(chromedp.CSS(`#builtin`), "liberation-day"), choose(`#kind`, "solve"),
		chromedp.SetValue(chromedp.CSS(`#yaml`), "name: steel-only\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate: 0.25}\n"),
		chromedp.Click(chromedp.CSS(`#run-btn`)))
	waitFor("the second solve", `!!document.querySelector("#welfare-chart rect.bar")`)
	solveB := runID()
	do("compare", chromedp.Navigate(base+"/compare?a="+solveA+"&b="+solveB))
	waitFor("the comparison chart", `document.querySelectorAll("#compare-chart rect.bar").length > 0`)
	if n := eval("compare", `document.querySelectorAll("#compare-chart rect.bar").length`).(float64); n != 50 {
		t.Errorf("compare chart: %v bars, want the 50 largest economies", n)
	}

	// 5. Simulate: the leader's balance and welfare lines, the status table.
	do("simulate", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#plan option`)),
		choose(`#kind`, "simulate"), chromedp.SetValue(chromedp.CSS(`#sim-rounds`), "4"), chromedp.Click(chromedp.CSS(`#run-btn`)))
	waitFor("the simulation's charts", `!!document.querySelector("#balance-chart polyline") && !!document.querySelector("#leader-welfare-chart polyline")`)
	sim := eval("simulate", `[document.querySelector("#balance-chart").dataset.points, document.querySelector("#summary").textContent,
		[...document.querySelectorAll("h3")].some(e => e.textContent.startsWith("Each player's status by round")), document.querySelectorAll("button.csv").length]`).([]any)
	if sim[0] != "5" || !strings.Contains(sim[1].(string), "Played 4 quarters") || sim[2] != true || sim[3].(float64) < 4 {
		t.Errorf("simulate page: points %v, summary %q, status table %v, %v CSV buttons", sim[0], sim[1], sim[2], sim[3])
	}

	// 6. Playbook: the defining feature, the four lessons, the welfare bars.
	do("playbook", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#playbook option[value="cocom"]`)),
		choose(`#kind`, "playbook"), choose(`#playbook`, "cocom"), chromedp.Click(chromedp.CSS(`#run-btn`)))
	waitFor("the playbook's welfare chart", `document.querySelectorAll("#welfare-chart rect.bar").length > 0`)
	pbID := runID()
	var pdoc RunDoc
	ts.do(t, "GET", "/api/v1/runs/"+pbID, nil, &pdoc)
	var prep struct {
		Welfare []struct{ Code string } `json:"welfare_pct"`
	}
	if err := json.Unmarshal(pdoc.Result, &prep); err != nil {
		t.Fatal(err)
	}
	pb := eval("playbook", `[document.querySelectorAll("#welfare-chart rect.bar").length, document.querySelector("#feature").textContent,
		[...document.querySelectorAll("h3")].find(e => e.textContent.startsWith("The four lessons")).closest(".table-block").querySelectorAll("tbody tr").length,
		document.querySelector("#summary").textContent]`).([]any)
	if int(pb[0].(float64)) != len(prep.Welfare) || !strings.HasPrefix(pb[1].(string), "Holds.") || pb[2].(float64) != 5 || !strings.Contains(pb[3].(string), "cocom") {
		t.Errorf("playbook page: %v bars (API %d), feature %q, %v lesson rows, summary %q", pb[0], len(prep.Welfare), pb[1], pb[2], pb[3])
	}
	eval("scroll", `window.scrollTo(0, 0)`)
	screenshot("playbook-cocom")

	// 7. Plan: a few draws of the built-in plan; branches table, fan and
	// tornado charts.
	do("plan", chromedp.Navigate(base+"/"), chromedp.WaitReady(chromedp.CSS(`#plan option[value="after-the-ruling"]`)),
		choose(`#kind`, "plan"), chromedp.SetValue(chromedp.CSS(`#plan-draws`), "6"), chromedp.SetValue(chromedp.CSS(`#plan-seed`), "7"),
		chromedp.Click(chromedp.CSS(`#run-btn`)))
	waitFor("the plan's fan and tornado charts", `document.querySelectorAll("#fan-chart polyline").length > 0 && document.querySelectorAll("#tornado-chart rect.bar").length > 0`)
	planID := runID()
	var ldoc RunDoc
	ts.do(t, "GET", "/api/v1/runs/"+planID, nil, &ldoc)
	var lrep struct {
		Draws    int
		Branches []any
		Tornado  struct{ Bars []any }
	}
	if err := json.Unmarshal(ldoc.Result, &lrep); err != nil || lrep.Draws != 6 {
		t.Fatalf("plan run: %v, draws %d", err, lrep.Draws)
	}
	pl := eval("plan", `[document.querySelectorAll("#fan-chart polyline").length, document.querySelectorAll("#fan-chart polygon.band").length,
		document.querySelectorAll("#tornado-chart rect.bar").length,
		[...document.querySelectorAll("h3")].find(e => e.textContent.startsWith("Branches")).closest(".table-block").querySelectorAll("tbody tr").length,
		document.querySelector("#summary").textContent]`).([]any)
	nb := float64(len(lrep.Branches))
	if pl[0] != nb || pl[1] != nb || pl[2] != float64(2*len(lrep.Tornado.Bars)) || pl[3] != nb || !strings.Contains(pl[4].(string), "6 Monte Carlo draws") {
		t.Errorf("plan page: %v fan lines, %v bands, %v tornado bars, %v branch rows (API %v branches), summary %q", pl[0], pl[1], pl[2], pl[3], nb, pl[4])
	}
	eval("scroll", `window.scrollTo(0, 0)`)
	screenshot("plan-after-the-ruling")
	t.Logf("screenshots in %s", shots)
}

func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }
