package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserUIReviewFixes drives the pages of a second review of the web
// UI:
//   - bar charts draw residuals of 1e-13 as 0 with no bar (they were full
//     bars labelled 0.00), numbers never read "-0.00", and a valuation
//     segment has a legend;
//   - a solve without shocks shows its note as a warning and no charts;
//   - the benchmark table carries the CLI's ‡ and † markers, shows the
//     economies asked to adjust and the 50 largest balances (all behind a
//     toggle), comes after the charts, and cuts its reason short;
//   - the coalition page words the leakage as the CLI does, prints the
//     CLI's table notes, the candidate's unthreatened gain, a Notes
//     heading, and downloads every conduit;
//   - the simulate page has the CLI's ex transfer % beside welfare %;
//   - /compare leaves out a measure that is 0 in both runs (employment at
//     κ = 0), names the price index's units, keeps "GDP" in capitals, keeps
//     the flagged economies' ⚑, and compares a coalition on its provenance.
func TestBrowserUIReviewFixes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t, Config{})
	solve := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	retal := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day-retaliation", "no_bands": true})
	none := ts.post(t, map[string]any{"kind": "solve", "builtin": "coalition-of-the-compelled", "no_bands": true})
	bm := ts.post(t, map[string]any{"kind": "benchmark", "builtin": "liberation-day"})
	coal := ts.post(t, `{"kind": "coalition", "no_bands": true, "scenario": `+smallBloc+`}`)
	sim := ts.post(t, map[string]any{"kind": "simulate", "builtin": "coalition-of-the-compelled", "rounds": 2, "scripted": true, "moves": []string{"KOR=rebalance:3@1"}})
	docs := map[string]RunDoc{}
	for _, id := range []string{solve, retal, none, bm, coal, sim} {
		docs[id] = ts.wait(t, id, 120*time.Second)
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
	// shot saves the page, to look at by hand, when
	// TRADEBLOC_SCREENSHOT_DIR is set.
	shot := func(name string) {
		t.Helper()
		dir := os.Getenv("TRADEBLOC_SCREENSHOT_DIR")
		if dir == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	click := func(sel string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("browser: clicking %s: %v", sel, err)
		}
	}

	// 1. A solve without shocks: a warning, no charts; and the chart and
	// number helpers on near-zero values.
	open("/runs/"+none, `!!document.querySelector("#summary")`)
	if w := text("#no-shocks"); !strings.Contains(w, "The scenario has no shocks, so every result is the baseline") {
		t.Errorf("no-shocks warning %q", w)
	}
	if n := eval("charts", `document.querySelectorAll("svg.chart").length`).(float64); n != 0 {
		t.Errorf("a solve without shocks draws %v charts", n)
	}
	shot("uifix-noshock")
	if n := text("#solve-notes"); strings.Contains(n, "has no shocks") {
		t.Errorf("the no-shocks note is repeated in the notes: %q", n)
	}
	got := eval("helpers", `(() => {
		const svg = barChart("t", "t", [{ code: "A", label: "A", value: 1e-13 }, { code: "B", label: "B", value: -1e-13 }, { code: "C", label: "C", value: -0.004 }], "%");
		const valued = barChart("v", "v", [{ code: "A", label: "A", value: 0.5, part: -0.2 }], "%");
		return [[...svg.querySelectorAll("rect.bar")].map(r => Number(r.getAttribute("width"))).join(","),
			[...svg.querySelectorAll("text")].map(e => e.textContent).join(","),
			num(-1e-13), num(-0.0004, 3), pct(-1e-13), pct(0.5), num(-0.006),
			valued.querySelector("rect.legend-part") ? valued.textContent : ""];
	})()`).([]any)
	if got[0] != "0,0,0" || strings.Contains(got[1].(string), "-0.00") || got[2] != "0.00" || got[3] != "0.000" || got[4] != "0.00%" || got[5] != "+0.50%" || got[6] != "-0.01" {
		t.Errorf("near-zero values: bar widths %v, labels %v, num %v %v, pct %v %v, num(-0.006) %v", got[0], got[1], got[2], got[3], got[4], got[5], got[6])
	}
	if !strings.Contains(got[7].(string), "valuation of a balance kept fixed") {
		t.Errorf("a chart with valuation segments has no legend: %q", got[7])
	}

	// 2. Benchmark.
	var bres struct {
		Countries []struct {
			Code     string
			Asked    bool `json:"asked_to_adjust"`
			Reason   string
			Deficit  bool `json:"trade_deficit_despite_ca_surplus"`
			Unrec    bool `json:"balance_not_reconciled"`
			Persists bool `json:"persistent_surplus"`
		}
	}
	if err := json.Unmarshal(docs[bm].Result, &bres); err != nil {
		t.Fatal(err)
	}
	open("/runs/"+bm, `!!document.querySelector("#benchmark-table tbody tr")`)
	cells := eval("benchmark cells", `Object.fromEntries([...document.querySelectorAll("#benchmark-table tbody tr")].map(tr => [tr.cells[0].textContent, tr.cells[5].textContent]))`).(map[string]any)
	if cells["JPN"] != "-1.14‡" || cells["VEN"] != "-2.07‡†" || cells["CHN"] != "3.34" {
		t.Errorf("balance before: JPN %v, VEN %v, CHN %v; want -1.14‡, -2.07‡†, 3.34", cells["JPN"], cells["VEN"], cells["CHN"])
	}
	asked := 0
	for _, c := range bres.Countries {
		if c.Asked {
			asked++
			if _, ok := cells[c.Code]; !ok {
				t.Errorf("%s is asked to adjust but not in the table", c.Code)
			}
		}
	}
	if len(cells) >= len(bres.Countries) || len(cells) < 50 || len(cells) > 50+asked {
		t.Errorf("benchmark table shows %d of %d rows; want the 50 largest balances and the %d asked to adjust", len(cells), len(bres.Countries), asked)
	}
	order := eval("order", `[...document.querySelectorAll("#welfare-chart, #balance-chart, #benchmark-table")].map(e => e.id).join(",")`).(string)
	if order != "welfare-chart,balance-chart,benchmark-table" {
		t.Errorf("benchmark page order %s, want the charts before the table", order)
	}
	reason := eval("reason", `(() => { const td = document.querySelector("#benchmark-table tbody tr:last-child").cells[9];
		return [td.textContent, td.querySelector("[title]")?.getAttribute("title") || ""]; })()`).([]any)
	if r := []rune(reason[0].(string)); len(r) > 40 || !strings.HasSuffix(reason[0].(string), "…") || !strings.HasPrefix(reason[1].(string), strings.TrimSuffix(reason[0].(string), "…")) {
		t.Errorf("reason cell %q (tooltip %q): want at most 40 characters, the whole text in the tooltip", reason[0], reason[1])
	}
	shot("uifix-benchmark")
	height := eval("height", `document.documentElement.scrollHeight`).(float64)
	if height > 9000 {
		t.Errorf("benchmark page is %v px tall", height)
	}
	click("#benchmark-table button.toggle")
	if n := eval("all rows", `document.querySelectorAll("#benchmark-table tbody tr").length`).(float64); int(n) != len(bres.Countries) {
		t.Errorf("Show all: %v rows, want %d", n, len(bres.Countries))
	}

	// 3. Coalition.
	open("/runs/"+coal, `!!document.querySelector("#stable-table")`)
	shot("uifix-coalition")
	if l := text("ul.lessons"); !strings.Contains(l, "of the targets' exports to the bloc can escape the bloc tariff") || strings.Contains(l, "leak back") {
		t.Errorf("lessons: %q", l)
	}
	if n := text("#stable-table .table-notes"); !strings.Contains(n, "Targets' surplus with USA: their goods by origin") || !strings.Contains(n, "welfare with no members") {
		t.Errorf("stable table notes %q", n)
	}
	if n := text("#threats-table .table-notes"); !strings.Contains(n, "Required threat: the smallest additional tariff") {
		t.Errorf("threats table notes %q", n)
	}
	if h := eval("threat header", `[...document.querySelectorAll("#threats-table th")].map(e => e.textContent).join("|")`).(string); !strings.Contains(h, "its gain from joining unthreatened, pp") {
		t.Errorf("threat table header %q", h)
	}
	var cres struct {
		Notes   []string
		Leading struct {
			Conduits []any `json:"transshipment_conduits"`
		}
	}
	if err := json.Unmarshal(docs[coal].Result, &cres); err != nil {
		t.Fatal(err)
	}
	if len(cres.Notes) > 0 && text("#coalition-notes-h") != "Notes" {
		t.Errorf("coalition notes have no heading")
	}
	if len(cres.Leading.Conduits) <= 15 {
		t.Fatalf("the small bloc has %d conduits: the test needs more than 15", len(cres.Leading.Conduits))
	}
	// The CSV button's rows: intercept the download's blob.
	csv := eval("conduits csv", `(async () => {
		let blob; const orig = URL.createObjectURL, click = HTMLAnchorElement.prototype.click;
		URL.createObjectURL = (b) => { blob = b; return orig(b); };
		HTMLAnchorElement.prototype.click = function () {}; // no download
		document.querySelector("#conduits-table button.csv").click();
		URL.createObjectURL = orig; HTMLAnchorElement.prototype.click = click;
		return [document.querySelectorAll("#conduits-table tbody tr").length, (await blob.text()).trim().split("\n").length - 1];
	})()`).([]any)
	if csv[0].(float64) != 15 || int(csv[1].(float64)) != len(cres.Leading.Conduits) {
		t.Errorf("conduits: %v rows shown, %v in the CSV; want 15 and %d", csv[0], csv[1], len(cres.Leading.Conduits))
	}

	// 4. Compare two solves at κ = 0, and a coalition with a solve.
	open("/compare?a="+solve+"&b="+retal, `!!document.querySelector("#compare-chart")`)
	m := text("#compare-measures")
	if !strings.Contains(m, "% of GDP") || strings.Contains(m, "% of gdp") || !strings.Contains(m, "price index (world-price units)") ||
		!strings.Contains(m, "Employment: 0 in both runs by assumption: labour supply fixed (κ = 0)") {
		t.Errorf("compare measures: %q", m)
	}
	shot("uifix-compare")
	if eval("employment", `!!document.querySelector("#compare-employment-chart")`).(bool) {
		t.Error("compare draws an employment chart of zeros")
	}
	if h := text("#compare-prices-chart-h"); !strings.Contains(h, "Price index (world-price units)") {
		t.Errorf("price chart title %q", h)
	}
	if h := eval("table header", `[...document.querySelectorAll("th")].map(e => e.textContent).join("|")`).(string); strings.Contains(h, "employment") {
		t.Errorf("compare table keeps the employment columns: %s", h)
	}
	click("#compare-chart-h + button.toggle")
	flagged := eval("flagged", `[document.querySelector("#compare-chart rect[data-code='MHL']") ? 1 : 0, document.querySelector("#compare-chart-flagged")?.textContent || ""]`).([]any)
	if flagged[0].(float64) != 0 || !strings.Contains(flagged[1].(string), "MHL") {
		t.Errorf("Show all on compare: MHL drawn %v, flag note %q; want it left out and named", flagged[0], flagged[1])
	}
	click("#compare-chart-h ~ button.toggle-flagged")
	if l := eval("flag label", `[...document.querySelectorAll("#compare-chart text.flagged")].map(e => e.textContent).join("|")`).(string); !strings.Contains(l, "(MHL) ⚑") {
		t.Errorf("flagged labels %q", l)
	}
	// 5. Simulate: the CLI's ex transfer % beside welfare %.
	var sres struct {
		Rounds []struct {
			Ex map[string]float64 `json:"welfare_ex_transfer_pct"`
		}
	}
	if err := json.Unmarshal(docs[sim].Result, &sres); err != nil {
		t.Fatal(err)
	}
	ex := map[string]float64{}
	for _, r := range sres.Rounds {
		for p, v := range r.Ex {
			ex[p] = v
		}
	}
	if _, ok := ex["KOR"]; !ok {
		t.Fatalf("the simulation has no welfare ex transfer for KOR: %v", ex)
	}
	open("/runs/"+sim, `!!document.querySelector("#welfare-table")`)
	if h := eval("sim header", `[...document.querySelectorAll("#welfare-table th")].map(e => e.textContent).join("|")`).(string); !strings.Contains(h, "welfare %|ex transfer %") {
		t.Errorf("simulate welfare table header %q", h)
	}
	kor := eval("KOR ex", `[...document.querySelectorAll("#welfare-table tbody tr")].filter(tr => tr.cells[0].textContent === "KOR").map(tr => tr.cells[5].textContent)`).([]any)
	if len(kor) == 0 || !slicesContainAny(kor, func(v any) bool { return v != "–" }) {
		t.Errorf("KOR's ex transfer cells %v", kor)
	}
	if n := eval("ex series", `document.querySelectorAll("#leader-welfare-chart g.series").length`).(float64); n != 2 {
		t.Errorf("leader welfare chart: %v series, want welfare and ex transfer", n)
	}

	open("/compare?a="+coal+"&b="+solve, `!!document.querySelector("#compare-chart")`)
	if eval("no provenance", `!!document.querySelector("#compare-no-provenance")`).(bool) {
		t.Errorf("compare says the coalition records no dataset: %q", text("#compare-no-provenance"))
	}
}

func slicesContainAny(xs []any, f func(any) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}
