package server

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/tradebloc/tradebloc/internal/store"
)

// TestBrowserRunPages drives the UI through issue 15's points:
//   - the form shows the run being viewed (a posted YAML scenario, a
//     built-in, a playbook);
//   - a failed run shows its reason and the scenario it was given;
//   - /compare compares balances, prices and employment as well as welfare;
//   - a playbook page says where its sanctions statistics come from and
//     explains a feature that holds in a coalition that is not united;
//   - at a phone's width the results come before the form.
func TestBrowserRunPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ts := newTestServer(t, Config{})
	const steelYAML = "name: steel\nshocks:\n  - tariff: {importer: USA, exporter: CHN, rate_pct: 25}\n"
	const elasticYAML = "name: steel-elastic\nmodel:\n  labor_supply_elasticity: 0.5\nshocks:\n  - tariff: {importer: USA, exporter: \"*\", add: 0.1}\n"
	const absurdYAML = "name: absurd\nshocks:\n  - tariff: {importer: USA, exporter: \"*\", rate_pct: 1e302}\n"
	steel := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": steelYAML})
	elastic := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": elasticYAML})
	builtin := ts.post(t, map[string]any{"kind": "benchmark", "builtin": "pause-2025-04"})
	absurd := ts.post(t, map[string]any{"kind": "solve", "scenario_yaml": absurdYAML})
	pb := ts.post(t, map[string]any{"kind": "playbook", "playbook": "cocom", "leader": "USA", "target": "CHN"})
	for _, id := range []string{steel, elastic, builtin, absurd, pb} {
		ts.wait(t, id, 60*time.Second)
	}

	ctx, base := openBrowser(t, ts, 1366, 900, 90*time.Second)
	eval := func(what, js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatalf("browser (%s): %v", what, err)
		}
		return v
	}
	waitFor := func(what, cond string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#view")?.innerText.slice(0, 400)`))
			t.Fatalf("browser: waiting for %s: %v (page: %s)", what, err, page)
		}
	}
	open := func(path, cond string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+path)); err != nil {
			t.Fatalf("browser: %v", err)
		}
		waitFor(path, cond)
	}

	// 1. The form shows the run being viewed.
	open("/runs/"+steel, `!!document.querySelector("#welfare-chart rect.bar") && !document.querySelector("#form-source").hidden`)
	form := eval("form", `[document.querySelector("#kind").value, document.querySelector("#yaml").value, document.querySelector("#form-source").textContent]`).([]any)
	if form[0] != "solve" || form[1] != steelYAML || !strings.Contains(form[2].(string), steel) {
		t.Errorf("form on run %s: kind %v, scenario %q, note %q", steel, form[0], form[1], form[2])
	}
	open("/runs/"+builtin, `document.querySelector("#kind").value === "benchmark" && document.querySelector("#builtin").value === "pause-2025-04"`)
	open("/runs/"+pb, `document.querySelector("#kind").value === "playbook" && document.querySelector("#playbook").value === "cocom" && !!document.querySelector("#feature")`)

	// 2. The playbook page names the source of its sanctions statistics
	// and explains "holds" beside "not united".
	var pdoc RunDoc
	ts.do(t, "GET", "/api/v1/runs/"+pb, nil, &pdoc)
	var prep struct {
		Feature struct{ Holds bool }
		Lessons struct{ United bool }
	}
	_ = json.Unmarshal(pdoc.Result, &prep)
	got := eval("playbook", `[document.querySelector("#sanctions-source")?.textContent || "", document.querySelector("#feature-unity")?.textContent || "", document.querySelector("#summary").textContent]`).([]any)
	if !strings.Contains(got[0].(string), "embedded in tradebloc") {
		t.Errorf("sanctions source: %q", got[0])
	}
	if prep.Feature.Holds && !prep.Lessons.United && (!strings.Contains(got[1].(string), "holds only as long as") || !strings.Contains(got[2].(string), "holds only as long as")) {
		t.Errorf("cocom holds but is not united; page says %q and %q", got[1], got[2])
	}

	// 3. A failed run: the reason, the summary and the scenario submitted.
	open("/runs/"+absurd, `!!document.querySelector("#submitted")`)
	f := eval("failed", `[document.querySelector("#run-status").textContent, document.querySelector("#run-error").textContent,
		document.querySelector("#submitted").textContent, document.querySelector("#summary")?.textContent || "", document.querySelector("#yaml").value]`).([]any)
	if f[0] != string(store.Failed) || !strings.Contains(f[1].(string), "did not converge") || f[2] != absurdYAML ||
		!strings.Contains(f[3].(string), "did not converge") || f[4] != absurdYAML {
		t.Errorf("failed run page: status %v, error %q, submitted %q, summary %q, form %q", f[0], f[1], f[2], f[3], f[4])
	}

	// 4. Compare: welfare, balances, prices and employment.
	open("/compare?a="+steel+"&b="+elastic, `document.querySelectorAll("#compare-employment-chart rect.bar").length > 0`)
	cmp := eval("compare", `(() => {
		const v = (id) => { const r = document.querySelector("#" + id + " rect.bar[data-code=DEU]"); return r ? Number(r.dataset.value) : null; };
		return [document.querySelectorAll("#compare-chart rect.bar").length, document.querySelectorAll("#compare-balance-chart rect.bar").length,
			document.querySelectorAll("#compare-prices-chart rect.bar").length, v("compare-prices-chart"), v("compare-employment-chart"), v("compare-balance-chart")];
	})()`).([]any)
	var a, b RunDoc
	ts.do(t, "GET", "/api/v1/runs/"+steel, nil, &a)
	ts.do(t, "GET", "/api/v1/runs/"+elastic, nil, &b)
	deu := func(d RunDoc) map[string]float64 {
		var r struct{ Countries []map[string]any }
		_ = json.Unmarshal(d.Result, &r)
		for _, c := range r.Countries {
			if c["code"] == "DEU" {
				out := map[string]float64{}
				for k, v := range c {
					if x, ok := v.(float64); ok {
						out[k] = x
					}
				}
				return out
			}
		}
		return nil
	}
	da, db := deu(a), deu(b)
	for k, want := range map[int]float64{3: db["price_index_pct"] - da["price_index_pct"], 4: db["employment_pct"] - da["employment_pct"], 5: db["balance_gdp_pct_after"] - da["balance_gdp_pct_after"]} {
		if x, ok := cmp[k].(float64); !ok || math.Abs(x-want) > 1e-9 {
			t.Errorf("compare value %d for DEU: %v, want %v", k, cmp[k], want)
		}
	}
	if cmp[0] != 50.0 || cmp[1] != 50.0 || cmp[2] != 50.0 || db["employment_pct"] == 0 {
		t.Errorf("compare: %v bars (welfare, balance, prices), DEU employment change %v", cmp[:3], db["employment_pct"])
	}

	// 5. At a phone's width the results come before the form.
	pctx, pbase := openBrowser(t, ts, 390, 844, 60*time.Second)
	if err := chromedp.Do(pctx, chromedp.Navigate(pbase+"/runs/"+steel)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(pctx, chromedp.Poll[bool](`!!document.querySelector("#welfare-chart rect.bar")`, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("phone: %v", err)
	}
	order, err := chromedp.Run(pctx, chromedp.Evaluate[[]float64](`[document.querySelector("#summary").getBoundingClientRect().top,
		document.querySelector("#run-form").getBoundingClientRect().top, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if order[0] >= order[1] || order[2] > 500 {
		t.Errorf("phone (width %v): the summary at y %v, the form at y %v; want the results first", order[2], order[0], order[1])
	}
}
