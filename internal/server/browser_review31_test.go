package server

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tradebloc/tradebloc/internal/scenario"
)

// TestBrowserReview31 drives the pages of a third review of the web UI's
// views:
//   - the plan page prints the result's notes under the winners and losers
//     table (it printed none);
//   - the simulate summary does not call a relief that lowers no tariff
//     (members.relief_no_change) relief, and the player × round table has
//     the tariffs by and on the leader and the balance with it;
//   - the solve table shows "–" for the leader's balance with itself, its
//     chart tooltips read "%" and "USD bn" (not JSON keys), its balance
//     labels name the trade covered, the run header names the dataset, and
//     a valuation legend wraps inside the chart;
//   - an edited built-in's run selects that built-in in the form.
func TestBrowserReview31(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	src, _ := scenario.BuiltinSource("section-122")
	edited := strings.Replace(string(src), "labor_supply_elasticity: 0\n", "labor_supply_elasticity: 0.5\n", 1)
	if edited == string(src) {
		t.Fatal("section-122 sets no labor_supply_elasticity to edit")
	}
	ts := newTestServer(t, Config{})
	solve := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	edit := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": edited, "no_bands": true})
	sim := ts.post(t, map[string]any{"kind": "simulate", "builtin": "coalition-of-the-compelled", "rounds": 3})
	pl := ts.post(t, map[string]any{"kind": "plan", "plan_yaml": smallPlanYAML, "draws": 4})
	docs := map[string]RunDoc{}
	for _, id := range []string{solve, edit, sim, pl} {
		docs[id] = ts.wait(t, id, 180*time.Second)
		if docs[id].Status != "done" {
			t.Fatalf("run %s: %s %v", id, docs[id].Status, docs[id].Error)
		}
	}
	if docs[edit].Scenario != "section-122 (edited)" {
		t.Fatalf("the edited run is named %q", docs[edit].Scenario)
	}

	ctx, base := openBrowser(t, ts, 1400, 1000, 150*time.Second)
	eval := func(what, js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("browser (%s): %v", what, err)
		}
		return v
	}
	open := func(path, cond string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatalf("browser: %v", err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#view")?.innerText.slice(0, 400)`))
			t.Fatalf("browser: waiting for %s: %v (page: %s)", path, err, page)
		}
	}
	text := func(sel string) string {
		t.Helper()
		return eval(sel, `document.querySelector(`+jsString(sel)+`)?.textContent || ""`).(string)
	}

	// 1. Plan: a Notes block with every note, after the winners and losers.
	var plan struct{ Notes []string }
	if err := json.Unmarshal(docs[pl].Result, &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Notes) == 0 {
		t.Fatal("the plan result has no notes to show")
	}
	open("/runs/"+pl, `!!document.querySelector("#summary")`)
	got := eval("plan notes", `(() => {
		const n = document.querySelector("#plan-notes");
		const wl = [...document.querySelectorAll("#view h3")].find(e => e.textContent.startsWith("Winners and losers"));
		return [n ? n.querySelector("h3").textContent : "", n ? n.querySelectorAll("li").length : 0,
			!!(n && wl && (wl.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING))];
	})()`).([]any)
	if got[0] != "Notes" || int(got[1].(float64)) != len(plan.Notes) || got[2] != true {
		t.Errorf("plan notes: heading %q, %v items of %d, after the winners and losers: %v", got[0], got[1], len(plan.Notes), got[2])
	}

	// 2. Simulate: the summary's relief leaves out relief with no change.
	var simRes struct {
		Rounds []struct {
			Members struct {
				Relief   []string `json:"relief"`
				NoChange []string `json:"relief_no_change"`
			}
		}
	}
	if err := json.Unmarshal(docs[sim].Result, &simRes); err != nil {
		t.Fatal(err)
	}
	last := simRes.Rounds[len(simRes.Rounds)-1].Members
	if len(last.NoChange) == 0 || len(last.NoChange) == len(last.Relief) {
		t.Fatalf("the simulation's last round has relief %v, no change %v: nothing to tell apart", last.Relief, last.NoChange)
	}
	open("/runs/"+sim, `!!document.querySelector("#welfare-table")`)
	summary := text("#summary")
	m := regexp.MustCompile(`grants relief to ([^(]*?)(?: \(| and escalates)`).FindStringSubmatch(summary)
	if m == nil {
		t.Fatalf("simulate summary names no relief: %q", summary)
	}
	for _, p := range last.NoChange {
		if strings.Contains(m[1], p) {
			t.Errorf("the summary lists %s, whose relief lowers no tariff, as relief: %q", p, m[1])
		}
	}
	for _, p := range last.Relief {
		if !strings.Contains(summary, p) {
			t.Errorf("the summary leaves out %s (relief): %q", p, summary)
		}
	}
	hdr := eval("sim header", `[...document.querySelectorAll("#welfare-table th")].map(e => e.textContent).join("|")`).(string)
	if !strings.Contains(hdr, "welfare %|ex transfer %|tariff by USA %|tariff on USA %|balance with USA, USD bn") {
		t.Errorf("simulate welfare table header %q", hdr)
	}
	can := eval("CAN row", `[...document.querySelectorAll("#welfare-table tbody tr")]
		.filter(tr => tr.cells[0].textContent === "CAN").map(tr => [tr.cells[6]?.textContent ?? "", tr.cells[8]?.textContent ?? ""])`).([]any)
	if len(can) == 0 {
		t.Fatal("no CAN rows in the simulate welfare table")
	}
	if c := can[0].([]any); c[0] != "5.3" || c[1] == "–" {
		t.Errorf("CAN round 0: tariff by USA %v (want 5.3, the CLI's), balance with USA %v", c[0], c[1])
	}

	// 3. Solve: the leader's row, tooltips, coverage, dataset, legend.
	open("/runs/"+solve, `!!document.querySelector("#welfare-chart rect.bar")`)
	got = eval("solve", `(() => {
		const tb = [...document.querySelectorAll(".table-block")].find(b => [...b.querySelectorAll("th")].some(th => th.textContent.includes("with USA before")));
		if (!tb) return ["no table"];
		const i = [...tb.querySelectorAll("th")].findIndex(th => th.textContent.includes("with USA before"));
		const row = (c) => [...tb.querySelectorAll("tbody tr")].find(tr => tr.cells[0].textContent === c);
		const usa = row("USA"), chn = row("CHN");
		return [tb.querySelectorAll("th")[i].textContent, usa ? usa.cells[i].textContent + "/" + usa.cells[i + 1].textContent : "no USA row",
			chn ? chn.cells[i].textContent : "no CHN row",
			document.querySelector("#welfare-chart rect.bar title").textContent,
			document.querySelector("#balance-chart rect.bar title").textContent,
			document.querySelector("#balance-chart-h").textContent];
	})()`).([]any)
	if len(got) < 6 {
		t.Fatalf("solve page: %v", got)
	}
	if got[0] != "goods balance with USA before, bn" {
		t.Errorf("solve balance header %q, want the trade covered (goods)", got[0])
	}
	if got[1] != "–/–" {
		t.Errorf("the leader's balance with itself reads %q, want –/–", got[1])
	}
	if !regexp.MustCompile(`^-?\d+\.\d$`).MatchString(got[2].(string)) {
		t.Errorf("CHN's balance with USA %q", got[2])
	}
	if tip := got[3].(string); !regexp.MustCompile(`: -?\d+\.\d\d%$`).MatchString(tip) || strings.Contains(tip, "welfare_pct") {
		t.Errorf("welfare tooltip %q, want a value in %%", tip)
	}
	if tip := got[4].(string); !strings.HasSuffix(tip, " USD bn") || strings.Contains(tip, "_bn") {
		t.Errorf("balance tooltip %q, want a value in USD bn", tip)
	}
	if h := got[5].(string); !strings.Contains(h, "goods trade balance with USA") {
		t.Errorf("balance chart heading %q", h)
	}
	if ds := text("#run-dataset"); ds != "dataset world-2023" {
		t.Errorf("run header dataset %q", ds)
	}
	legend := eval("legend", `(() => {
		const svg = barChart("lg", "lg", [{ code: "A", label: "A", value: 0.5, part: -0.2 }, { code: "B", label: "B", value: -0.3 }], "welfare_pct");
		svg.style.width = "760px"; document.body.append(svg);
		const t = svg.querySelector("text.legend"), b = t.getBBox();
		const out = [t.querySelectorAll("tspan").length, b.x + b.width, t.textContent, svg.querySelector("rect.bar title").textContent];
		svg.remove();
		return out;
	})()`).([]any)
	if legend[0].(float64) < 2 || legend[1].(float64) > 760 || !strings.Contains(legend[2].(string), "grey beyond it") {
		t.Errorf("valuation legend: %v lines, right edge %v (chart 760), text %q", legend[0], legend[1], legend[2])
	}
	if legend[3] != "A: 0.50%" {
		t.Errorf("bar tooltip %q, want \"A: 0.50%%\"", legend[3])
	}
	if b := eval("builtin", `document.querySelector("#builtin").value`); b != "liberation-day" {
		t.Fatalf("the solve's form shows built-in %v", b)
	}

	// 4. The edited run selects its built-in (the form stayed on
	// liberation-day). Navigated to within the page, as from the run list.
	eval("navigate", `navigate("/runs/`+edit+`")`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("#builtin").value === "section-122"`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("opening %q leaves the form's built-in on %v", docs[edit].Scenario, eval("builtin", `document.querySelector("#builtin").value`))
	}
	if y := eval("yaml", `document.querySelector("#yaml").value`).(string); !strings.Contains(y, "labor_supply_elasticity: 0.5") {
		t.Errorf("the form's scenario is not the edited one: %.200q", y)
	}
}
