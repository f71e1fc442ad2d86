package server

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserReviewFixes drives the pages a trade economist reviewed:
//   - a solve page renders result.notes and the CLI's valuation paragraph,
//     draws the valuation share of each welfare change, counts the 50
//     largest economies, leaves data-flagged economies out of "Show all"
//     until asked, and summarises per-sector θ;
//   - on icio-2022 the sector chart names its sectors;
//   - a benchmark page has the "fall pp" column and the CLI's notes, and a
//     scenario without shocks says there is nothing to judge;
//   - a coalition page labels roles, shows the CLI's summary and gives
//     threats and gains in pp;
//   - /compare warns when the runs' datasets differ.
func TestBrowserReviewFixes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t, Config{})
	solve := ts.post(t, map[string]any{"kind": "solve", "builtin": "liberation-day", "no_bands": true})
	icio := ts.post(t, `{"kind": "solve", "no_bands": true, "scenario": {"name": "ld-icio", "data": "icio-2022", "shocks": [{"tariff": {"importer": "USA", "schedule": "liberation-day"}}]}}`)
	bm := ts.post(t, map[string]any{"kind": "benchmark", "builtin": "liberation-day"})
	none := ts.post(t, map[string]any{"kind": "benchmark", "builtin": "coalition-of-the-compelled"})
	coal := ts.post(t, `{"kind": "coalition", "no_bands": true, "scenario": {"name": "small-bloc", "coalition": {"targets": ["CHN"], "candidates": ["CAN", "MEX", "JPN"]}}}`)
	docs := map[string]RunDoc{}
	for _, id := range []string{solve, icio, bm, none, coal} {
		docs[id] = ts.wait(t, id, 90*time.Second)
	}

	ctx, base := openBrowser(t, ts, 1400, 1000, 120*time.Second)
	eval := func(what, js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
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

	// 1. Solve.
	var res struct {
		Notes     []string
		Countries []struct {
			Code      string
			Flag      string   `json:"data_quality_flag"`
			Valuation *float64 `json:"welfare_deficit_valuation_pct"`
		}
	}
	if err := json.Unmarshal(docs[solve].Result, &res); err != nil || len(res.Notes) == 0 {
		t.Fatalf("solve result: %v, %d notes", err, len(res.Notes))
	}
	open("/runs/"+solve, `!!document.querySelector("#welfare-chart rect.bar")`)
	notes := text("#solve-notes")
	for _, n := range res.Notes {
		if !strings.Contains(notes, n) {
			t.Errorf("solve notes lack %q", n)
		}
	}
	if v := text("#valuation-note"); len(docs[solve].TextNotes) == 0 || !strings.Contains(v, docs[solve].TextNotes[0]) || !strings.Contains(v, "PHL") {
		t.Errorf("valuation note %q, API text_notes %q", v, docs[solve].TextNotes)
	}
	flagged, valued := 0, 0
	for _, c := range res.Countries {
		if c.Flag != "" {
			flagged++
		}
		if c.Valuation != nil {
			valued++
		}
	}
	got := eval("solve chart", `(() => { const svg = document.querySelector("#welfare-chart");
		return [svg.querySelectorAll("rect.bar").length, svg.querySelectorAll("rect.part").length,
			document.querySelector("#welfare-chart-h + button.toggle").textContent, document.querySelector("#solve-footer").textContent,
			[...document.querySelectorAll("th")].map(e => e.textContent).join("|")]; })()`).([]any)
	if got[0].(float64) != 50 || got[1].(float64) < 40 || got[2] != "Show all "+itoa(len(res.Countries)-flagged) {
		t.Errorf("welfare chart: %v bars, %v valuation segments, toggle %q; want 50, ≥ 40, Show all %d (%d flagged left out)", got[0], got[1], got[2], len(res.Countries)-flagged, flagged)
	}
	if s := got[4].(string); !strings.Contains(s, "of which valuation, pp") || !strings.Contains(s, "prices % (world-price units)") || !strings.Contains(s, "data flag") {
		t.Errorf("country table header: %s", s)
	}
	chartNote := eval("chart note", `document.querySelector("#welfare-chart").closest("section").querySelector("p.hint").textContent`).(string)
	if !strings.Contains(chartNote, "50 largest") || !strings.Contains(chartNote, "Dark segment") || !strings.Contains(text("#summary"), "the 50 largest") {
		t.Errorf("the chart and the summary count different economies: %q / %q", chartNote, text("#summary"))
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#welfare-chart-h + button.toggle`))); err != nil {
		t.Fatal(err)
	}
	all := eval("show all", `[document.querySelectorAll("#welfare-chart rect.bar").length, document.querySelector("#welfare-chart rect[data-code='MHL']") ? 1 : 0,
		document.querySelector("#welfare-chart-flagged")?.textContent || ""]`).([]any)
	if int(all[0].(float64)) != len(res.Countries)-flagged || all[1].(float64) != 0 || !strings.Contains(all[2].(string), "MHL") {
		t.Errorf("show all: %v bars, MHL drawn %v, flag note %q", all[0], all[1], all[2])
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`button.toggle-flagged`))); err != nil {
		t.Fatal(err)
	}
	if n := eval("with flagged", `document.querySelectorAll("#welfare-chart rect.bar").length`).(float64); int(n) != len(res.Countries) {
		t.Errorf("with the flagged: %v bars, want %d", n, len(res.Countries))
	}

	// 2. icio-2022: sector names and θ in one line.
	open("/runs/"+icio, `!!document.querySelector("#sector-chart rect.bar")`)
	if f := text("#solve-footer"); !strings.Contains(f, "θ per sector (28 sectors), ") || strings.Count(f, "/") > 0 {
		t.Errorf("icio footer: %q", f)
	}
	if l := eval("sector labels", `[...document.querySelectorAll("#sector-chart text")].map(e => e.textContent).join("|")`).(string); !strings.Contains(l, " (") {
		t.Errorf("sector chart labels are bare codes: %s", l)
	}

	// 3. Benchmark.
	open("/runs/"+bm, `!!document.querySelector("#benchmark-notes")`)
	heads := eval("benchmark", `[...document.querySelectorAll("th")].map(e => e.textContent).join("|")`).(string)
	if bn := text("#benchmark-notes"); !strings.Contains(heads, "fall pp") || !strings.Contains(heads, "data flag") ||
		!strings.Contains(bn, "fall pp: the fall of the multilateral balance") || !strings.Contains(bn, "Persistent surplus: current account") || !strings.Contains(bn, "Data flag") {
		t.Errorf("benchmark headers %q, notes %q", heads, bn)
	}
	open("/runs/"+none, `!!document.querySelector("#summary")`)
	if s := text("#summary"); !strings.Contains(s, "has no shocks") || !strings.Contains(s, "nothing to judge") {
		t.Errorf("benchmark without shocks: summary %q", s)
	}

	// 4. Coalition.
	open("/runs/"+coal, `!!document.querySelector("#welfare-chart rect.bar")`)
	labels := eval("roles", `[...document.querySelectorAll("#welfare-chart text")].map(e => e.textContent).join("|")`).(string)
	heads = eval("coalition", `[...document.querySelectorAll("th")].map(e => e.textContent).join("|")`).(string)
	for _, want := range []string{"USA (leader)", "CHN (target)", "MAC (target, with CHN)"} {
		if !strings.Contains(labels, want) {
			t.Errorf("coalition chart lacks %q: %s", want, labels)
		}
	}
	for _, want := range []string{"threat, pp (additional tariff)", "USA's cost (−: a gain), pp", "gain from joining those already in, pp", "gain from joining the rest of the leading coalition, pp"} {
		if !strings.Contains(heads, want) {
			t.Errorf("coalition tables lack %q: %s", want, heads)
		}
	}
	if s := text("#summary"); s != docs[coal].Summary || !strings.Contains(s, "Targets extended") {
		t.Errorf("coalition summary %q, want the API's %q", s, docs[coal].Summary)
	}

	// 5. Compare across datasets.
	open("/compare?a="+solve+"&b="+icio, `!!document.querySelector("#compare-chart")`)
	if w := text("#compare-provenance"); !strings.Contains(w, "different datasets: A world-2023, B icio-2022") {
		t.Errorf("compare warning: %q", w)
	}
}
